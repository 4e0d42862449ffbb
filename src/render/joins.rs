//! Where a line of the report may not break: inside a document reference ("57-NQ/TW",
//! "15/BC-SKHCN", "30/11/2026"), between a word and the number that follows it ("A Lưới 2",
//! "năm 2026", "nhiệm vụ 12"), between an amount and its unit ("1.300.000 đồng", "31% GRDP").
//!
//! Both renderers lay out the same joined text: a no-break space (U+00A0) for a space that must
//! not break, a word joiner (U+2060, drawn as nothing) after a hyphen or slash that must not
//! break. Applied to the text as it is laid out, never to the model: the figures, the JSON and
//! the workbook keep plain text.

/// A space a line may not break at.
pub const NO_BREAK_SPACE: char = '\u{00A0}';
/// Nothing, where a line may not break (after "-" or "/").
pub const WORD_JOINER: char = '\u{2060}';

/// The longest token read as a document reference ("1552/BTTTT-TTH", "30/2020/NĐ-CP").
const REFERENCE_CHARS: usize = 24;

/// Units written after an amount.
const UNITS: [&str; 12] = ["đồng", "triệu", "tỷ", "tỉ", "nghìn", "ngàn", "%", "USD", "VNĐ", "VND", "ha", "km"];

/// `text` with the joins above; nothing else changes.
pub fn joined(text: &str) -> String {
    if !text.chars().any(|c| c.is_ascii_digit() || c == '-' || c == '/') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut prev: Option<&str> = None;
    for token in text.split(' ') {
        if let Some(p) = prev {
            if keep(p, token) {
                // After a hyphen a line may break even before a no-break space (UAX #14, LB12a).
                if p.ends_with(['-', '–']) {
                    out.push(WORD_JOINER);
                }
                out.push(NO_BREAK_SPACE);
            } else {
                out.push(' ');
            }
        }
        push_reference(&mut out, token);
        prev = Some(token);
    }
    out
}

/// `token` without the punctuation around it: "(2026)," → "2026".
fn bare(token: &str) -> &str {
    token.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '"' | '«' | '»' | '…'))
}

/// A number as written in the report: "2", "2026", "1.300.000", "62,5", "30/11/2026", "31%".
fn is_number(token: &str) -> bool {
    let t = bare(token).trim_end_matches('%');
    t.starts_with(|c: char| c.is_ascii_digit()) && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '/'))
}

/// Whether the space between `prev` and `next` must not break.
fn keep(prev: &str, next: &str) -> bool {
    if prev.is_empty() || next.is_empty() {
        return false;
    }
    // A word and its number: "Lưới 2", "năm 2026", "ngày 30/11/2026", "≥ 30" (not after
    // punctuation: "…, 2026" may break).
    if is_number(next) && (prev.ends_with(char::is_alphabetic) || matches!(prev, "≥" | "≤" | ">" | "<" | "=")) {
        return true;
    }
    // A range of numbers: "2025 - 2026", "2025- 2026", "10 – 15".
    let dash = |t: &str| t.ends_with(['-', '–']) && (t.len() == 1 || is_number(t.trim_end_matches(['-', '–'])));
    if (is_number(prev) && matches!(next, "-" | "–")) || (dash(prev) && is_number(next)) {
        return true;
    }
    // An amount and its unit: "1.300.000 đồng", "31% GRDP".
    if is_number(prev) && !prev.ends_with([',', ';', ':', ')']) {
        let unit = bare(next);
        let acronym = unit.chars().count() >= 2 && unit.chars().all(|c| c.is_uppercase());
        return UNITS.contains(&unit) || (prev.ends_with('%') && acronym);
    }
    false
}

/// Pushes `token`, with a word joiner after each "-" or "/" between two letters or digits of a
/// reference: a token with a digit ("57-NQ/TW", "30/11/2026"), or capitals on both sides
/// ("KH-UBND"); not "và/hoặc", "V/v".
fn push_reference(out: &mut String, token: &str) {
    // A reference is short; a long token (a web address, a path in an agency's result) keeps its
    // break points, or it would run out of a narrow table cell.
    if token.chars().count() > REFERENCE_CHARS {
        out.push_str(token);
        return;
    }
    let digits = token.chars().any(|c| c.is_ascii_digit());
    let chars: Vec<char> = token.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        out.push(*c);
        let (before, after) = (i.checked_sub(1).map(|b| chars[b]), chars.get(i + 1).copied());
        let joins = match (before, after) {
            (Some(b), Some(a)) if b.is_alphanumeric() && a.is_alphanumeric() => {
                digits || (b.is_uppercase() && a.is_uppercase())
            }
            _ => false,
        };
        if matches!(c, '-' | '/') && joins {
            out.push(WORD_JOINER);
        }
    }
}

/// `text` as a reader sees it: joins taken out again (tests, and whatever compares laid-out
/// text with the model).
pub fn plain(text: &str) -> String {
    text.chars().filter(|c| *c != WORD_JOINER).map(|c| if c == NO_BREAK_SPACE { ' ' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The joins made visible: "~" a no-break space, "|" a word joiner.
    fn shown(text: &str) -> String {
        joined(text).replace(NO_BREAK_SPACE, "~").replace(WORD_JOINER, "|")
    }

    #[test]
    fn references_numbers_and_amounts_are_never_broken() {
        assert_eq!(shown("Nghị quyết số 57-NQ/TW ngày 22/12/2024"), "Nghị quyết số 57-|NQ/|TW ngày~22/|12/|2024");
        assert_eq!(shown("Báo cáo số 15/BC-SKHCN."), "Báo cáo số 15/|BC-|SKHCN.");
        assert_eq!(shown("UBND xã A Lưới 2, UBND xã A Lưới 3"), "UBND xã A Lưới~2, UBND xã A Lưới~3");
        assert_eq!(shown("(thời hạn: 2025)"), "(thời hạn: 2025)");
        assert_eq!(shown("(thời hạn: 2025 - 2026; cơ quan)"), "(thời hạn: 2025~-|~2026; cơ quan)");
        assert_eq!(shown("(thời hạn: 2025- 2026)"), "(thời hạn: 2025-|~2026)");
        assert_eq!(shown("6 tháng cuối năm 2026"), "6 tháng cuối năm~2026");
        assert_eq!(shown("đạt 31% GRDP, mục tiêu ≥ 30"), "đạt~31%~GRDP, mục tiêu ≥~30");
        assert_eq!(shown("giá trị 1.300.000 đồng."), "giá trị~1.300.000~đồng.");
        assert_eq!(shown("Chân Mây - Lăng Cô và/hoặc khác"), "Chân Mây - Lăng Cô và/hoặc khác");
        assert_eq!(
            shown("V/v đôn đốc báo cáo, Kế hoạch số 98/KH-UBND"),
            "V/v đôn đốc báo cáo, Kế hoạch số 98/|KH-|UBND"
        );
        assert_eq!(shown("nhiệm vụ 12, 13 và 14"), "nhiệm vụ~12, 13 và~14");
        // A web address an agency pasted into its result may still break.
        let url = "https://dichvucong.hue.gov.vn/ho-so/2026-11/ket-qua-123";
        assert_eq!(shown(url), url);
    }

    #[test]
    fn plain_gives_back_the_text() {
        for t in ["Nghị quyết số 57-NQ/TW ngày 22/12/2024", "UBND xã A Lưới 2", "1.300.000 đồng", "không số"]
        {
            assert_eq!(plain(&joined(t)), t);
        }
    }
}
