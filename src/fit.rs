//! Text and names made to fit what they are written into, so that no input can make an output
//! invalid or a write fail: a character XML cannot hold (Word and Excel refuse the whole file),
//! a cell past Excel's 32.767 characters, a file name past 255 bytes or one Windows refuses,
//! two return forms of one name in one folder.
//!
//! The readers already clean what they keep ([`crate::fold::clean_cell_string`]); these are the
//! writers' own guarantees, applied at the point of writing whatever the text went through.

use std::borrow::Cow;
use std::collections::BTreeSet;

/// Excel's limit on a cell's text, in UTF-16 units.
pub const EXCEL_CELL: usize = 32_767;
/// Excel's limit on a note (comment), less what rust_xlsxwriter keeps for its own markup.
pub const EXCEL_NOTE: usize = 32_767 - 54;
/// What is added where text was cut.
const CUT_MARK: &str = " […]";

/// Whether XML 1.0 can hold `c` in text (tab, line feed and carriage return are the only
/// controls; U+FFFE and U+FFFF are not characters).
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// `text` without the characters XML cannot hold.
pub fn xml_text(text: &str) -> Cow<'_, str> {
    if text.chars().all(xml_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| xml_char(*c)).collect())
    }
}

/// `text` cut to at most `max` UTF-16 units (how Excel and Word count), marked where it was cut.
pub fn cut_utf16(text: &str, max: usize) -> Cow<'_, str> {
    // A char is at most 2 UTF-16 units: a text of at most max/2 chars always fits.
    if text.len() <= max / 2 || text.encode_utf16().count() <= max {
        return Cow::Borrowed(text);
    }
    let room = max.saturating_sub(CUT_MARK.encode_utf16().count());
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    Cow::Owned(format!("{}{CUT_MARK}", &text[..end]))
}

/// Text for an Excel cell: XML-clean and within the cell limit.
pub fn excel_cell(text: &str) -> Cow<'_, str> {
    match xml_text(text) {
        Cow::Borrowed(t) => cut_utf16(t, EXCEL_CELL),
        Cow::Owned(t) => Cow::Owned(cut_utf16(&t, EXCEL_CELL).into_owned()),
    }
}

/// Text for an Excel note.
pub fn excel_note(text: &str) -> String {
    cut_utf16(&xml_text(text), EXCEL_NOTE).into_owned()
}

/// `text` cut to at most `max` characters, marked where it was cut (for what a person reads:
/// a quote in a diagnostic, a sheet name in a location).
pub fn cut_chars(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let keep = max.saturating_sub(CUT_MARK.chars().count());
            let end = text.char_indices().nth(keep).map(|(i, _)| i).unwrap_or(text.len());
            Cow::Owned(format!("{}{CUT_MARK}", &text[..end]))
        }
    }
}

/// Bytes a file name may take: 255 is the limit of every file system the officers use; room
/// is left for the temporary prefix the output set writes under (".tonghop-moi-").
pub const FILE_NAME_BYTES: usize = 200;

/// Names Windows keeps for devices, whatever the extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file name made of `stem` and `ext` ("xlsx") that every file system takes: no folder
/// separator, no character Windows refuses, no trailing dot or space, not a device name, within
/// [`FILE_NAME_BYTES`], and not already in `taken` (compared as Windows does, without case):
/// "Sở Y tế (2).xlsx" when "Sở Y tế.xlsx" is. The name is added to `taken`.
pub fn file_name(stem: &str, ext: &str, taken: &mut BTreeSet<String>) -> String {
    let clean: String =
        stem.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                    '-'
                } else {
                    c
                }
            })
            .filter(|c| xml_char(*c))
            .collect();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut clean = clean.trim_end_matches(['.', ' ']).trim_start_matches('.').to_string();
    if clean.is_empty() {
        clean = "tep".to_string();
    }
    let device = clean.split('.').next().unwrap_or("").trim().to_uppercase();
    if RESERVED.contains(&device.as_str()) {
        clean.insert(0, '_');
    }
    for n in 1.. {
        let suffix = if n == 1 { String::new() } else { format!(" ({n})") };
        let room = FILE_NAME_BYTES.saturating_sub(suffix.len() + ext.len() + 1);
        let mut end = clean.len().min(room);
        while !clean.is_char_boundary(end) {
            end -= 1;
        }
        let base = clean[..end].trim_end_matches(['.', ' ']);
        let name = format!("{base}{suffix}.{ext}");
        if taken.insert(name.to_lowercase()) {
            return name;
        }
    }
    unreachable!("the names tried are endless")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_cannot_hold_noncharacters_or_controls() {
        assert_eq!(xml_text("a\u{FFFE}b\u{FFFF}c\u{1}d\te\n"), "abcd\te\n");
        assert!(matches!(xml_text("Sở Y tế"), Cow::Borrowed(_)));
    }

    #[test]
    fn cells_are_cut_to_excel_limit_counting_as_excel_does() {
        let long = "😀".repeat(20_000); // 40.000 UTF-16 units
        let cell = excel_cell(&long);
        assert!(cell.encode_utf16().count() <= EXCEL_CELL);
        assert!(cell.ends_with("[…]"));
        let fits = "ă".repeat(EXCEL_CELL);
        assert_eq!(excel_cell(&fits).len(), fits.len());
    }

    #[test]
    fn file_names_fit_every_file_system_and_never_collide() {
        let mut taken = BTreeSet::new();
        let long = "Sở Khoa học ".repeat(40);
        let a = file_name(&long, "xlsx", &mut taken);
        assert!(a.len() <= FILE_NAME_BYTES, "{}", a.len());
        let b = file_name(&long, "xlsx", &mut taken);
        assert_ne!(a, b);
        assert!(b.ends_with(" (2).xlsx"), "{b}");
        assert_eq!(file_name("a/b:c*?", "xlsx", &mut taken), "a-b-c--.xlsx");
        assert_eq!(file_name("CON", "xlsx", &mut taken), "_CON.xlsx");
        assert_eq!(file_name("x. ", "xlsx", &mut taken), "x.xlsx");
        assert_eq!(file_name("X", "xlsx", &mut taken), "X (2).xlsx");
        assert_eq!(file_name("", "xlsx", &mut taken), "tep.xlsx");
    }
}
