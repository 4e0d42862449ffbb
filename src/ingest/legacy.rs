//! Text typed in the legacy encodings with their own fonts: TCVN3 (ABC, .VnTime), Vietnamese
//! letters stored as Latin-1 symbols ("Hoµn thµnh" for "Hoàn thành", "Së C«ng Th­¬ng" for "Sở
//! Công Thương"); and VNI (VNI-Times), a base vowel followed by a Latin-1 mark ("Hoaøn thaønh",
//! "Sôû Coâng Thöông").
//! Such a cell is recognised by its characters and converted to Unicode before anything else
//! reads it (the soft hyphen that stands for "ư" must not be cleaned away first).
//!
//! The table is TCVN 5712:1993 (VN3), the lower half of the code page as the ABC fonts use it;
//! upper-case text in .VnTimeH uses the same codes, so it comes out lower-case, which matching
//! does not mind.

/// (TCVN3 code, Unicode letter).
const TABLE: [(char, char); 74] = [
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
    ('\u{F8}', 'ứ'),
    ('\u{F9}', 'ự'),
    ('\u{FA}', 'ỳ'),
    ('\u{FB}', 'ỷ'),
    ('\u{FC}', 'ỹ'),
    ('\u{FD}', 'ý'),
    ('\u{FE}', 'ỵ'),
];

fn lookup(c: char) -> Option<char> {
    TABLE.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// Whether `text` is TCVN3 on its own: it has a symbol only TCVN3 writes ("µ" for à, "¸" for
/// á, "¬" for ơ, a soft hyphen for ư…) and no letter of Unicode Vietnamese. Cells with only
/// letters both encodings share ("Sè" for "Số") are decided for the whole workbook.
pub fn is_tcvn3(text: &str) -> bool {
    !text.chars().any(is_unicode_vietnamese) && text.chars().any(tcvn3_only)
}

/// A letter only Unicode Vietnamese has (ă, đ, ơ, ư, ạ…ỹ).
pub fn is_unicode_vietnamese(c: char) -> bool {
    matches!(c as u32, 0x102..=0x1B0 | 0x1EA0..=0x1EF9)
}

/// `text` converted from TCVN3 to Unicode.
pub fn decode_tcvn3(text: &str) -> String {
    text.chars().map(|c| lookup(c).unwrap_or(c)).collect()
}

/// VNI-Windows: (sequence, letter), two-character sequences before single ones. Built from the
/// upper-case table; lower case is the same with each character lower-cased.
const VNI_UPPER: [(&str, char); 66] = [
    ("AÙ", 'Á'),
    ("AØ", 'À'),
    ("AÛ", 'Ả'),
    ("AÕ", 'Ã'),
    ("AÏ", 'Ạ'),
    ("AÂ", 'Â'),
    ("AÁ", 'Ấ'),
    ("AÀ", 'Ầ'),
    ("AÅ", 'Ẩ'),
    ("AÃ", 'Ẫ'),
    ("AÄ", 'Ậ'),
    ("AÊ", 'Ă'),
    ("AÉ", 'Ắ'),
    ("AÈ", 'Ằ'),
    ("AÚ", 'Ẳ'),
    ("AÜ", 'Ẵ'),
    ("AË", 'Ặ'),
    ("EÙ", 'É'),
    ("EØ", 'È'),
    ("EÛ", 'Ẻ'),
    ("EÕ", 'Ẽ'),
    ("EÏ", 'Ẹ'),
    ("EÂ", 'Ê'),
    ("EÁ", 'Ế'),
    ("EÀ", 'Ề'),
    ("EÅ", 'Ể'),
    ("EÃ", 'Ễ'),
    ("EÄ", 'Ệ'),
    ("OÙ", 'Ó'),
    ("OØ", 'Ò'),
    ("OÛ", 'Ỏ'),
    ("OÕ", 'Õ'),
    ("OÏ", 'Ọ'),
    ("OÂ", 'Ô'),
    ("OÁ", 'Ố'),
    ("OÀ", 'Ồ'),
    ("OÅ", 'Ổ'),
    ("OÃ", 'Ỗ'),
    ("OÄ", 'Ộ'),
    ("ÔÙ", 'Ớ'),
    ("ÔØ", 'Ờ'),
    ("ÔÛ", 'Ở'),
    ("ÔÕ", 'Ỡ'),
    ("ÔÏ", 'Ợ'),
    ("UÙ", 'Ú'),
    ("UØ", 'Ù'),
    ("UÛ", 'Ủ'),
    ("UÕ", 'Ũ'),
    ("UÏ", 'Ụ'),
    ("ÖÙ", 'Ứ'),
    ("ÖØ", 'Ừ'),
    ("ÖÛ", 'Ử'),
    ("ÖÕ", 'Ữ'),
    ("ÖÏ", 'Ự'),
    ("YÙ", 'Ý'),
    ("YØ", 'Ỳ'),
    ("YÛ", 'Ỷ'),
    ("YÕ", 'Ỹ'),
    ("Ô", 'Ơ'),
    ("Ö", 'Ư'),
    ("Ñ", 'Đ'),
    ("Æ", 'Ỉ'),
    ("Ó", 'Ĩ'),
    ("Ò", 'Ị'),
    ("Î", 'Ỵ'),
    ("Í", 'Í'),
];

/// A base vowel and a mark that only VNI writes after it (Unicode Vietnamese never has "aø").
fn vni_pair(base: char, mark: char) -> bool {
    let (b, m) = (base.to_lowercase().next().unwrap_or(base), mark.to_lowercase().next().unwrap_or(mark));
    match b {
        'a' => matches!(m, 'ø' | 'û' | 'ï' | 'å' | 'ä' | 'ë' | 'ü'),
        'e' | 'o' => matches!(m, 'ø' | 'û' | 'ï' | 'å' | 'ä'),
        'ô' | 'u' | 'ö' => matches!(m, 'ø' | 'û' | 'ï'),
        'y' => matches!(m, 'ø' | 'û'),
        _ => false,
    }
}

/// Symbols of TCVN3 that VNI never uses.
fn tcvn3_only(c: char) -> bool {
    matches!(c, '\u{A1}'..='\u{A8}' | '\u{AA}' | '\u{AC}' | '\u{AD}' | '\u{B5}'..='\u{B9}' | '\u{BB}'..='\u{BE}')
}

/// Whether `text` is VNI: a vowel followed by a mark only VNI puts there, no TCVN3-only symbol
/// and no Unicode Vietnamese letter.
pub fn is_vni(text: &str) -> bool {
    if text.chars().any(|c| is_unicode_vietnamese(c) || tcvn3_only(c)) {
        return false;
    }
    text.chars().zip(text.chars().skip(1)).any(|(a, b)| vni_pair(a, b))
}

/// `text` converted from VNI to Unicode.
pub fn decode_vni(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'next: while i < chars.len() {
        for (seq, letter) in VNI_UPPER.iter() {
            let seq: Vec<char> = seq.chars().collect();
            for lower in [false, true] {
                if i + seq.len() > chars.len() {
                    continue;
                }
                let matches = seq.iter().zip(&chars[i..]).all(|(s, c)| {
                    let s = if lower { s.to_lowercase().next().unwrap_or(*s) } else { *s };
                    s == *c
                });
                if matches {
                    out.extend(if lower { letter.to_lowercase().collect::<Vec<_>>() } else { vec![*letter] });
                    i += seq.len();
                    continue 'next;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
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

    #[test]
    fn vni_text_is_recognised_and_converted() {
        assert!(is_vni("Hoaøn thaønh"));
        assert_eq!(decode_vni("Hoaøn thaønh"), "Hoàn thành");
        assert_eq!(decode_vni("Sôû Coâng Thöông"), "Sở Công Thương");
        assert_eq!(decode_vni("Ñang thöïc hieän"), "Đang thực hiện");
        assert_eq!(decode_vni("Chöa thöïc hieän"), "Chưa thực hiện");
        assert_eq!(decode_vni("Thöôøng xuyeân"), "Thường xuyên");
        assert_eq!(decode_vni("SÔÛ Y TEÁ"), "SỞ Y TẾ");
        // TCVN3 and Unicode are not VNI.
        assert!(!is_vni("Hoµn thµnh"));
        assert!(!is_vni("nguån"));
        assert!(!is_vni("Hoàn thành"));
    }
}
