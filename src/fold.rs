//! Text folding for matching what people type against what the plan says.
//!
//! Agency names, header labels and status words arrive in every spelling: NFC or NFD, upper or
//! lower case, with or without diacritics, "&" for "và", doubled spaces. Folding maps all of them
//! to one ASCII key so that lookups compare keys, never raw text.

use unicode_normalization::UnicodeNormalization;

/// Folds `text` to a lowercase ASCII key: diacritics dropped (đ/Đ → d explicitly, since Unicode
/// decomposition leaves it alone), "&" read as "và", punctuation turned into spaces, runs of
/// spaces collapsed.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let letter = |out: &mut String, pending_space: &mut bool, c: char| {
        if *pending_space && !out.is_empty() {
            out.push(' ');
        }
        *pending_space = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            match c {
                '&' => push_word(&mut out, &mut pending_space, "va"),
                c if c.is_ascii_alphanumeric() => letter(&mut out, &mut pending_space, c),
                _ => pending_space = true,
            }
            continue;
        }
        if let Some(base) = latin_base(c) {
            letter(&mut out, &mut pending_space, base);
            continue;
        }
        // Anything else: its canonical decomposition, one character at a time (the marks are
        // dropped, so the reordering a whole-string NFD would do changes nothing).
        unicode_normalization::char::decompose_canonical(c, |d| match d {
            'đ' | 'Đ' => letter(&mut out, &mut pending_space, 'd'),
            d if is_combining_mark(d) => {}
            d if d.is_alphanumeric() => letter(&mut out, &mut pending_space, d),
            _ => pending_space = true,
        });
    }
    out
}

/// The ASCII letter a precomposed Latin letter (Vietnamese ones included) is built on, from a
/// table made once: folding is most of the text work of a run, and per-character decomposition
/// costs a lookup each.
fn latin_base(c: char) -> Option<char> {
    use std::sync::OnceLock;
    const RANGES: [(u32, u32); 2] = [(0x00C0, 0x0250), (0x1E00, 0x1F00)];
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        RANGES
            .iter()
            .flat_map(|(lo, hi)| *lo..*hi)
            .map(|u| {
                let c = char::from_u32(u).unwrap_or(' ');
                if matches!(c, 'đ' | 'Đ') {
                    return b'd';
                }
                let mut base = None;
                unicode_normalization::char::decompose_canonical(c, |d| {
                    base = base.or(Some(d));
                });
                match base {
                    Some(b) if b.is_ascii_alphabetic() && b != c => b.to_ascii_lowercase() as u8,
                    _ => 0,
                }
            })
            .collect()
    });
    let u = c as u32;
    let mut offset = 0;
    for (lo, hi) in RANGES {
        if (lo..hi).contains(&u) {
            return match table[offset + (u - lo) as usize] {
                0 => None,
                b => Some(b as char),
            };
        }
        offset += (hi - lo) as usize;
    }
    None
}

fn push_word(out: &mut String, pending_space: &mut bool, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
    *pending_space = true;
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// NFC-normalises and trims text that is kept as the agency wrote it.
pub fn clean_text(text: &str) -> String {
    if is_plain_nfc(text) {
        return text.trim().to_string();
    }
    let nfc: String = text.nfc().collect();
    nfc.trim().to_string()
}

/// Whether `text` is surely NFC because every character is one of those no normalisation
/// touches: ASCII and the precomposed Latin letters (Vietnamese ones included), with no
/// combining mark. Decided without a lookup per character; `false` means "ask the tables".
fn is_plain_nfc(text: &str) -> bool {
    text.chars().all(|c| matches!(c as u32, 0..=0x02FF | 0x1E00..=0x1EFF))
}

/// Text of a cell as it is kept: NFC, and the invisible and look-alike characters that text
/// pasted from Word or the web carries made plain, so that matching never trips on them:
/// zero-width spaces and joiners, word joiners, byte-order marks and soft hyphens removed;
/// no-break, thin, figure and ideographic spaces and tabs made spaces; full-width digits,
/// letters and punctuation made ASCII. Line breaks are kept.
pub fn clean_cell_text(text: &str) -> String {
    clean_cell_string(text.to_string())
}

/// [`clean_cell_text`] taking the text by value: a cell that needs nothing is not copied.
pub fn clean_cell_string(text: String) -> String {
    if text.is_ascii() {
        if text.bytes().all(|b| b >= 0x20 && b != 0x7F || b == b'\n') {
            return text;
        }
    } else if !text.chars().any(needs_mapping)
        && (is_plain_nfc(&text)
            || unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes)
    {
        // Most non-ASCII cells: no character to map and already NFC (what Excel and
        // LibreOffice store).
        return text;
    }
    let mapped: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' => None,
            // Not characters: no XML part can hold them.
            '\u{FFFE}' | '\u{FFFF}' => None,
            '\t' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => Some(' '),
            '\r' => Some('\n'),
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21),
            c if c.is_control() && c != '\n' => None,
            c => Some(c),
        })
        .collect();
    mapped.nfc().collect()
}

/// Characters [`clean_cell_text`] removes or replaces.
fn needs_mapping(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}'
            | '\u{FFFE}'
            | '\u{FFFF}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\t'
            | '\r'
            | '\u{00A0}'
            | '\u{2000}'..='\u{200A}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{FF01}'..='\u{FF5E}'
    ) || (c.is_control() && c != '\n')
}

/// Levenshtein distance between two folded keys, for "did you mean" hints.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_look_alike_characters_are_made_plain() {
        assert_eq!(clean_cell_text("\u{200B}7."), "7.");
        assert_eq!(clean_cell_text("15\u{00A0}"), "15 ");
        assert_eq!(clean_cell_text("\u{FEFF}Hoàn\u{00AD}thành"), "Hoànthành");
        assert_eq!(clean_cell_text("Hoàn\tthành"), "Hoàn thành");
        assert_eq!(clean_cell_text("\u{FF11}\u{FF12}"), "12");
        assert_eq!(clean_cell_text("dòng 1\r\ndòng 2"), "dòng 1\ndòng 2");
        assert_eq!(clean_cell_text("Ho\u{0061}\u{0300}n"), "Hoàn");
    }

    #[test]
    fn folds_case_diacritics_and_ampersand() {
        assert_eq!(fold("Sở KH&CN"), "so kh va cn");
        assert_eq!(fold("SỞ KHOA HỌC  VÀ CÔNG NGHỆ"), "so khoa hoc va cong nghe");
        assert_eq!(fold("Đại học Huế"), "dai hoc hue");
        assert_eq!(fold("Tình trạng (*):"), "tinh trang");
    }

    /// The folding as first written (whole-string NFD), kept as the reference for the fast one.
    fn reference_fold(text: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for c in text.nfd() {
            let c = match c {
                'đ' | 'Đ' => 'd',
                '&' => {
                    push_word(&mut out, &mut pending_space, "va");
                    continue;
                }
                c if is_combining_mark(c) => continue,
                c => c,
            };
            if c.is_alphanumeric() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.extend(c.to_lowercase());
            } else {
                pending_space = true;
            }
        }
        out
    }

    #[test]
    fn fast_folding_agrees_with_whole_string_decomposition() {
        for u in (0..0x3000u32).chain(0xFF00..0xFFF0) {
            let Some(c) = char::from_u32(u) else { continue };
            let text = format!("a{c}b {c}");
            assert_eq!(fold(&text), reference_fold(&text), "U+{u:04X}");
        }
        for text in ["Sở KH&CN", "ĐẠI HỌC  Huế", "Hoa\u{0300}n tha\u{0300}nh", "Ủy ban – nhân dân (*):", "Ỷ Ỹ ỵ ữ"]
        {
            assert_eq!(fold(text), reference_fold(text), "{text}");
        }
    }

    #[test]
    fn plain_latin_text_is_nfc_by_the_tables_too() {
        for u in (0..=0x02FFu32).chain(0x1E00..=0x1EFF) {
            let c = char::from_u32(u).unwrap();
            let text = c.to_string();
            assert!(is_plain_nfc(&text));
            assert_eq!(text.nfc().collect::<String>(), text, "U+{u:04X}");
        }
        assert!(!is_plain_nfc("Ho\u{0061}\u{0300}n"));
    }

    #[test]
    fn nfd_and_nfc_fold_alike() {
        let nfc = "Hoàn thành";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(fold(nfc), fold(&nfd));
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("so noi vu", "so noi vu"), 0);
        assert_eq!(distance("so noi vu", "so noi vy"), 1);
    }
}
