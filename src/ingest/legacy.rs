//! Text typed in the legacy TCVN3 (ABC) encoding with .VnTime fonts: Vietnamese letters stored
//! as Latin-1 symbols ("Hoµn thµnh" for "Hoàn thành", "Së C«ng Th­¬ng" for "Sở Công Thương").
//! Such a cell is recognised by its characters and converted to Unicode before anything else
//! reads it (the soft hyphen that stands for "ư" must not be cleaned away first).
//!
//! The table is TCVN 5712:1993 (VN3), the lower half of the code page as the ABC fonts use it;
//! upper-case text in .VnTimeH uses the same codes, so it comes out lower-case, which matching
//! does not mind.

/// (TCVN3 code, Unicode letter).
const TABLE: [(char, char); 67] = [
    ('\u{A1}', 'Ă'),
    ('\u{A2}', 'Â'),
    ('\u{A3}', 'Ê'),
    ('\u{A4}', 'Ô'),
    ('\u{A5}', 'Ơ'),
    ('\u{A6}', 'Ư'),
    ('\u{A7}', 'Đ'),
    ('\u{A8}', 'ă'),
    ('\u{A9}', 'â'),
    ('\u{AA}', 'ê'),
    ('\u{AB}', 'ô'),
    ('\u{AC}', 'ơ'),
    ('\u{AD}', 'ư'),
    ('\u{AE}', 'đ'),
    ('\u{B5}', 'à'),
    ('\u{B6}', 'ả'),
    ('\u{B7}', 'ã'),
    ('\u{B8}', 'á'),
    ('\u{B9}', 'ạ'),
    ('\u{BB}', 'ằ'),
    ('\u{BC}', 'ẳ'),
    ('\u{BD}', 'ẵ'),
    ('\u{BE}', 'ắ'),
    ('\u{C6}', 'ặ'),
    ('\u{C7}', 'ầ'),
    ('\u{C8}', 'ẩ'),
    ('\u{C9}', 'ẫ'),
    ('\u{CA}', 'ấ'),
    ('\u{CB}', 'ậ'),
    ('\u{CC}', 'è'),
    ('\u{CE}', 'ẻ'),
    ('\u{CF}', 'ẽ'),
    ('\u{D0}', 'é'),
    ('\u{D1}', 'ẹ'),
    ('\u{D2}', 'ề'),
    ('\u{D3}', 'ể'),
    ('\u{D4}', 'ễ'),
    ('\u{D5}', 'ế'),
    ('\u{D6}', 'ệ'),
    ('\u{D7}', 'ì'),
    ('\u{D8}', 'ỉ'),
    ('\u{DC}', 'ĩ'),
    ('\u{DD}', 'í'),
    ('\u{DE}', 'ị'),
    ('\u{DF}', 'ò'),
    ('\u{E1}', 'ỏ'),
    ('\u{E2}', 'õ'),
    ('\u{E3}', 'ó'),
    ('\u{E4}', 'ọ'),
    ('\u{E5}', 'ồ'),
    ('\u{E6}', 'ổ'),
    ('\u{E7}', 'ỗ'),
    ('\u{E8}', 'ố'),
    ('\u{E9}', 'ộ'),
    ('\u{EA}', 'ờ'),
    ('\u{EB}', 'ở'),
    ('\u{EC}', 'ỡ'),
    ('\u{ED}', 'ớ'),
    ('\u{EE}', 'ợ'),
    ('\u{EF}', 'ù'),
    ('\u{F1}', 'ủ'),
    ('\u{F2}', 'ũ'),
    ('\u{F3}', 'ú'),
    ('\u{F4}', 'ụ'),
    ('\u{F5}', 'ừ'),
    ('\u{F6}', 'ử'),
    ('\u{F7}', 'ữ'),
];

/// The rest of the table (ứ ự ỳ ỷ ỹ ý ỵ).
const TAIL: [(char, char); 7] =
    [('\u{F8}', 'ứ'), ('\u{F9}', 'ự'), ('\u{FA}', 'ỳ'), ('\u{FB}', 'ỷ'), ('\u{FC}', 'ỹ'), ('\u{FD}', 'ý'), ('\u{FE}', 'ỵ')];

fn lookup(c: char) -> Option<char> {
    TABLE.iter().chain(TAIL.iter()).find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// Symbols that Vietnamese Unicode text never holds but TCVN3 text always does: "µ" (à), "¸"
/// (á), "¬" (ơ), "«" (ô), the soft hyphen (ư)…
fn is_tcvn3_mark(c: char) -> bool {
    matches!(
        c,
        '\u{A1}'..='\u{AD}'
            | '\u{B5}'..='\u{B9}'
            | '\u{BB}'..='\u{BE}'
            | '\u{C6}'
            | '\u{C7}'
            | '\u{CB}'
            | '\u{CE}'
            | '\u{CF}'
            | '\u{D1}'
            | '\u{D6}'..='\u{D8}'
            | '\u{DC}'
            | '\u{DE}'
            | '\u{DF}'
            | '\u{E4}'..='\u{E7}'
            | '\u{EB}'
            | '\u{EE}'
            | '\u{EF}'
            | '\u{F1}'
            | '\u{F6}'..='\u{F8}'
            | '\u{FB}'
            | '\u{FC}'
            | '\u{FE}'
    )
}

/// A letter only Unicode Vietnamese has (ă, đ, ơ, ư, ạ…ỹ).
pub fn is_unicode_vietnamese(c: char) -> bool {
    matches!(c as u32, 0x102..=0x1B0 | 0x1EA0..=0x1EF9)
}

/// Whether `text` is TCVN3: it has at least one TCVN3-only symbol and no letter of Unicode
/// Vietnamese (which always has some: ư, ơ, đ, ạ…).
pub fn is_tcvn3(text: &str) -> bool {
    let mut marks = 0;
    for c in text.chars() {
        if is_unicode_vietnamese(c) {
            return false;
        }
        // "©", "®", "«" alone appear in ordinary text; letters around them decide.
        if is_tcvn3_mark(c) && !matches!(c, '\u{A9}' | '\u{AE}') {
            marks += 1;
        }
    }
    marks > 0
}

/// `text` converted from TCVN3 to Unicode.
pub fn decode_tcvn3(text: &str) -> String {
    text.chars().map(|c| lookup(c).unwrap_or(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_text_is_recognised_and_converted() {
        assert!(is_tcvn3("Hoµn thµnh"));
        assert_eq!(decode_tcvn3("Hoµn thµnh"), "Hoàn thành");
        assert_eq!(decode_tcvn3("Së C«ng Th\u{AD}¬ng"), "Sở Công Thương");
        assert_eq!(decode_tcvn3("§ang thùc hiÖn"), "Đang thực hiện");
        assert_eq!(decode_tcvn3("B¶o Th¾ng"), "Bảo Thắng");
        assert_eq!(decode_tcvn3("M\u{AD}êng Kh\u{AD}¬ng"), "Mường Khương");
        // Unicode Vietnamese, plain ASCII and ordinary symbols are left alone.
        assert!(!is_tcvn3("Hoàn thành"));
        assert!(!is_tcvn3("Sở Công Thương"));
        assert!(!is_tcvn3("Hoan thanh"));
        assert!(!is_tcvn3("© 2026"));
    }
}
