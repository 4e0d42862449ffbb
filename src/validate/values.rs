//! Reading single values the way agencies type them: statuses and their variants, codes,
//! Vietnamese numbers, dates in day/month order, ranks.

use chrono::{Datelike, NaiveDate};

use crate::fold::fold;
use crate::ingest::Cell;
use crate::model::Status;

/// The words of a status cell as offices type them: folded, abbreviations written with a slash
/// or dots joined ("Đang t/h" → "dang th", "Đã H.T" → "da ht").
fn status_words(text: &str) -> Vec<String> {
    // A drop-down list's numbered options: "1. Hoàn thành", "2 - Đang thực hiện".
    let text = match text.trim_start().split_once(['.', '-', ')', ':']) {
        Some((n, rest)) if n.trim().len() == 1 && n.trim().chars().all(|c| c.is_ascii_digit()) => rest,
        _ => text,
    };
    let key = fold(text);
    let mut words: Vec<String> = Vec::new();
    let mut letters = String::new();
    for w in key.split(' ').filter(|w| !w.is_empty()) {
        if w.chars().count() == 1 && w.chars().all(|c| c.is_alphabetic()) {
            letters.push_str(w);
            continue;
        }
        if !letters.is_empty() {
            words.push(std::mem::take(&mut letters));
        }
        words.push(w.to_string());
    }
    if !letters.is_empty() {
        words.push(letters);
    }
    words
}

/// A status word and its obvious variants and abbreviations, after folding.
pub fn parse_status(text: &str) -> Option<Status> {
    // Most cells hold one of the four as the form offers them.
    status_of(&fold(text)).or_else(|| status_of(&status_words(text).join(" ")))
}

fn status_of(key: &str) -> Option<Status> {
    let status = match key {
        "hoan thanh" | "da hoan thanh" | "ht" | "dht" | "da ht" | "xong" | "da xong" | "hoan thanh 100"
        | "hoan tat" | "da hoan tat" | "ht 100" | "hoan thanh xong" | "da hoan thanh xong" => Status::Done,
        "dang thuc hien"
        | "dang trien khai"
        | "dang th"
        | "dth"
        | "dang tk"
        | "dang tien hanh"
        | "dang lam"
        | "dang trien khai thuc hien"
        | "dang thuc hien chua hoan thanh" => Status::InProgress,
        "thuong xuyen"
        | "tx"
        | "thuc hien thuong xuyen"
        | "dang thuc hien thuong xuyen"
        | "nhiem vu thuong xuyen"
        | "th thuong xuyen"
        | "trien khai thuong xuyen" => Status::Recurring,
        "chua thuc hien"
        | "chua trien khai"
        | "cth"
        | "chua th"
        | "chua tk"
        | "chua lam"
        | "chua bat dau"
        | "chua thuc hien duoc" => Status::NotStarted,
        _ => return None,
    };
    Some(status)
}

/// A status cell read: the status its leading phrase names, and what the sender wrote after it
/// ("Hoàn thành 100%" → Done, "100%"; "Chưa thực hiện (chờ kinh phí)" → NotStarted, "(chờ kinh
/// phí)"). `Err(true)` when the text names two different statuses, `Err(false)` when none.
pub fn parse_status_phrase(text: &str) -> Result<(Status, String), bool> {
    if let Some(s) = parse_status(text) {
        return Ok((s, String::new()));
    }
    let words = status_words(text);
    // The longest leading run of words that is a status.
    let lead = (1..words.len()).rev().find_map(|n| status_of(&words[..n].join(" ")).map(|s| (n, s)));
    let Some((n, status)) = lead else {
        return Err(false);
    };
    // A second status named in the rest ("hoàn thành phần 1, đang thực hiện phần 2").
    let rest = &words[n..];
    let names_other = (0..rest.len()).any(|i| {
        (2..=5.min(rest.len() - i)).any(|len| status_of(&rest[i..i + len].join(" ")).is_some_and(|o| o != status))
    });
    if names_other {
        return Err(true);
    }
    let original: Vec<&str> = text.split_whitespace().collect();
    let note = original.get(n..).map(|w| w.join(" ")).unwrap_or_default();
    let note = note.trim_start_matches([',', ';', ':', '-', '–', '.', ' ']).trim().to_string();
    Ok((status, note))
}

/// A code as typed: the number, and the group it was written under ("III.7" → group "III").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedCode {
    pub group: Option<String>,
    pub code: String,
}

/// A task or indicator code from a cell: "1", "1.", "01", "NV01", 1 (number) → "1";
/// "8.10" stays "8.10". Returns None for empty cells and group rows ("I", "II.").
pub fn parse_code(cell: &Cell) -> Option<String> {
    parse_typed_code(cell).map(|c| c.code)
}

/// Words a person writes before a code: "Nhiệm vụ số 26", "NV 26", "Số 66", "Chỉ tiêu 3", "Mã 12".
const CODE_PREFIXES: [&str; 9] =
    ["nhiem vu so", "nhiem vu", "chi tieu so", "chi tieu", "nv so", "nv", "ct", "so", "ma"];

/// A code in any form a person writes it: "(3)", "6)", "[37]", "NV-12", "Nhiệm vụ số 26",
/// "Số 66", "III.7" (task 7 of group III), "1.2.", "8.10".
pub fn parse_typed_code(cell: &Cell) -> Option<TypedCode> {
    match cell {
        Cell::Number(n) if *n > 0.0 && *n < 10_000.0 => {
            let code = if n.fract() == 0.0 {
                format!("{}", *n as i64)
            } else {
                // 8.1 typed as a number: keep what the float says; collisions with 8.10 are
                // decided by the caller from the name column.
                format!("{}", (n * 1000.0).round() / 1000.0)
            };
            Some(TypedCode { group: None, code })
        }
        Cell::Text(s) if s.len() <= 40 => parse_code_text(s),
        _ => None,
    }
}

fn parse_code_text(s: &str) -> Option<TypedCode> {
    let t = s.trim().trim_matches(|c| matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | ':' | ' ')).trim();
    let t = t.trim_end_matches('.').trim();
    // A prefix word, compared folded ("Nhiệm vụ số" → "nhiem vu so"); most codes start with
    // their number and are not folded at all.
    let worded = t.starts_with(|c: char| c.is_alphabetic());
    let key = if worded { fold(t) } else { String::new() };
    let mut rest = t;
    for p in CODE_PREFIXES.iter().filter(|_| worded) {
        if key.starts_with(p) && key.as_bytes().get(p.len()).is_some_and(|b| !b.is_ascii_alphabetic()) {
            // Skip as many characters of `t` as the prefix has letters (plus separators).
            rest = skip_letters(t, p.chars().filter(|c| *c != ' ').count());
            break;
        }
    }
    let rest = rest.trim_start_matches([' ', '-', '.', ':', '#']).trim();
    // A group prefix: roman numerals then "." or "-" ("III.7", "II-3").
    let (group, number) = match rest.split_once(['.', '-']) {
        Some((g, n)) if !g.is_empty() && g.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) => {
            (Some(g.to_string()), n.trim())
        }
        _ => (None, rest),
    };
    let number = number.trim_end_matches('.');
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let mut parts = number.split('.');
    let head = parts.next()?.trim_start_matches('0');
    let rest: Vec<&str> = parts.collect();
    if head.is_empty() || rest.iter().any(|p| p.is_empty()) {
        return None;
    }
    let code = std::iter::once(head).chain(rest.iter().copied()).collect::<Vec<_>>().join(".");
    Some(TypedCode { group, code })
}

/// `text` after its first `n` letters (and what is not a letter between them).
fn skip_letters(text: &str, n: usize) -> &str {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if seen == n {
            return &text[i..];
        }
        if c.is_alphabetic() {
            seen += 1;
        }
    }
    ""
}

/// Rounds away binary noise such as 7.0000000000000009.
pub fn denoise(x: f64) -> f64 {
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A number written in Vietnamese notation: "1.300.000", "62,5", "62,5%", "95 %", "0,75".
/// Returns the number and whether it carried a "%".
pub fn parse_vn_number(text: &str) -> Option<(f64, bool)> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (t, percent) = match t.strip_suffix('%') {
        Some(rest) => (rest.to_string(), true),
        None => (t, false),
    };
    if t.is_empty() {
        return None;
    }
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.as_str()),
    };
    if !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') || !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let normalised = if t.contains(',') {
        // comma is the decimal mark; dots group thousands
        if t.matches(',').count() > 1 {
            return None;
        }
        t.replace('.', "").replace(',', ".")
    } else if t.matches('.').count() > 1 || looks_like_thousands(t) {
        t.replace('.', "")
    } else {
        t.to_string()
    };
    let v: f64 = normalised.parse().ok()?;
    Some((if neg { -v } else { v }, percent))
}

/// "1.300" is one thousand three hundred in Vietnamese notation: a single dot followed by
/// exactly three digits groups thousands.
fn looks_like_thousands(t: &str) -> bool {
    match t.split_once('.') {
        Some((a, b)) => b.len() == 3 && !a.is_empty() && a.len() <= 3 && a != "0",
        None => false,
    }
}

/// A rank: "5", "thứ 5", "hạng 5", "top 5", "xếp thứ 5", "Hạng 12/63", "xếp thứ 8/63 tỉnh, thành
/// phố", "đứng thứ 5 toàn quốc".
pub fn parse_rank(text: &str) -> Option<f64> {
    let q = parse_quantity(text)?;
    let rank = q.value;
    let whole = rank.fract() == 0.0 && rank >= 1.0;
    let within = q.out_of.is_none_or(|of| rank <= of);
    (whole && within && !q.percent).then_some(rank)
}

/// A number as a person writes it in a cell of results: a word or two before it ("đạt",
/// "khoảng", "xếp thứ"), a "%" and unit words after it ("02 doanh nghiệp", "18,5% GRDP"), a rank
/// "12/63", a note in brackets ("85% (tính đến 15/11/2026)", "62,3% (ước)").
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub percent: bool,
    /// Folded words after the number (and its "%"), outside brackets: "doanh nghiep", "grdp".
    pub unit: String,
    /// "12/63": 63.
    pub out_of: Option<f64>,
}

/// Reads a [`Quantity`]; None when the text holds no number, or more than one outside brackets
/// ("từ 10 đến 15"), or a long sentence around it.
pub fn parse_quantity(text: &str) -> Option<Quantity> {
    if text.chars().count() > 120 {
        return None;
    }
    let outside = without_brackets(text);
    let (start, end) = number_span(&outside)?;
    let before = fold(&outside[..start]);
    if before.split(' ').filter(|w| !w.is_empty()).count() > 4 || before.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let (value, percent_inside) = parse_vn_number(&outside[start..end])?;
    let mut after = outside[end..].trim_start();
    let percent = percent_inside || after.starts_with('%');
    after = after.trim_start_matches('%').trim_start();
    let mut out_of = None;
    if let Some(rest) = after.strip_prefix('/') {
        let (s, e) = number_span(rest).filter(|(s, _)| rest[..*s].trim().is_empty())?;
        out_of = parse_vn_number(&rest[s..e]).map(|(v, _)| v);
        after = &rest[e..];
    }
    let unit = fold(after);
    if unit.chars().any(|c| c.is_ascii_digit()) || unit.split(' ').count() > 8 {
        return None;
    }
    Some(Quantity { value, percent, unit, out_of })
}

/// The text with everything in round brackets taken out.
fn without_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Byte range of the first number in `text`: digits with "." or "," inside, a "-" before.
fn number_span(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let first = bytes.iter().position(|b| b.is_ascii_digit())?;
    let start = if first > 0 && bytes[first - 1] == b'-' { first - 1 } else { first };
    let mut end = first;
    while end < bytes.len()
        && (bytes[end].is_ascii_digit()
            || (matches!(bytes[end], b'.' | b',') && bytes.get(end + 1).is_some_and(|b| b.is_ascii_digit())))
    {
        end += 1;
    }
    Some((start, end))
}

/// A date cell: real dates, Excel serial numbers (1900 or 1904 system), and text "25/11/2026",
/// "25-11-2026", "25.11.2026", "tháng 11/2026", "11/2026", "ngày 25 tháng 11 năm 2026", "Quý III/2026". Day
/// before month, always. A month alone gives its last day.
pub fn parse_date(cell: &Cell, date_1904: bool) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(d.date()),
        Cell::Number(n) if (20_000.0..80_000.0).contains(n) => {
            let base =
                if date_1904 { NaiveDate::from_ymd_opt(1904, 1, 1)? } else { NaiveDate::from_ymd_opt(1899, 12, 30)? };
            base.checked_add_days(chrono::Days::new(n.floor() as u64))
        }
        Cell::Text(s) => parse_date_text(s),
        _ => None,
    }
}

fn parse_date_text(s: &str) -> Option<NaiveDate> {
    // A sign before the year ("-2026-11-22") is no date anyone typed.
    if s.trim_start().starts_with(['-', '+']) {
        return None;
    }
    let key = fold(s);
    if let Some(d) = parse_quarter(&key) {
        return Some(d);
    }
    let words: Vec<&str> = key.split(' ').filter(|w| w.parse::<u32>().is_ok()).collect();
    let mut nums: Vec<u32> = words.iter().filter_map(|w| w.parse().ok()).collect();
    // A time after the date ("15/10/2026 00:00:00", "2026-10-15 08:30") changes nothing.
    if nums.len() > 3 && nums[3..].iter().all(|n| *n < 60) && nums.len() <= 6 {
        nums.truncate(3);
    }
    let has_day_word = key.contains("ngay");
    let month_only = key.contains("thang") && !has_day_word;
    let year_first = words.first().is_some_and(|w| w.len() == 4);
    match nums.as_slice() {
        // ISO order, which no one reads as day-first: "2026-10-15", "2026/10/05".
        [y, m, d] if year_first => ymd(*y, *m, *d),
        [y, m] if year_first => end_of_month(*y, *m),
        [d, m, y] if !month_only => ymd(*y, *m, *d),
        [m, y] => end_of_month(*y, *m),
        _ => None,
    }
}

/// "Quý III/2026", "quý 3 năm 2026": the quarter's last day.
fn parse_quarter(key: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty() && *w != "nam").collect();
    let [quy, q, y] = words.as_slice() else {
        return None;
    };
    let q = match (*quy, *q) {
        ("quy", "i" | "1") => 1,
        ("quy", "ii" | "2") => 2,
        ("quy", "iii" | "3") => 3,
        ("quy", "iv" | "4") => 4,
        _ => return None,
    };
    end_of_month(y.parse().ok()?, q * 3)
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    let y = if y < 100 { 2000 + y } else { y };
    if !(2000..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

fn end_of_month(y: u32, m: u32) -> Option<NaiveDate> {
    let first = ymd(y, m, 1)?;
    let next = if m == 12 { ymd(y + 1, 1, 1)? } else { ymd(y, m + 1, 1)? };
    debug_assert!(first.month() == m);
    next.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_variants() {
        assert_eq!(parse_status("Hoàn thành"), Some(Status::Done));
        assert_eq!(parse_status("Đã hoàn thành."), Some(Status::Done));
        assert_eq!(parse_status("HT"), Some(Status::Done));
        assert_eq!(parse_status("hoan thanh"), Some(Status::Done));
        assert_eq!(parse_status("Đang triển khai"), Some(Status::InProgress));
        assert_eq!(parse_status("Đang TH"), Some(Status::InProgress));
        assert_eq!(parse_status("Thường xuyên"), Some(Status::Recurring));
        assert_eq!(parse_status("Chưa triển khai"), Some(Status::NotStarted));
        assert_eq!(parse_status("Tốt"), None);
        assert_eq!(parse_status("Hoàn tất"), Some(Status::Done));
        assert_eq!(parse_status("Đã HT"), Some(Status::Done));
        assert_eq!(parse_status("Đang t/h"), Some(Status::InProgress));
        assert_eq!(parse_status("Chưa T.H"), Some(Status::NotStarted));
        assert_eq!(parse_status("1. Hoàn thành"), Some(Status::Done));
        assert_eq!(parse_status("2 - Đang thực hiện"), Some(Status::InProgress));
    }

    #[test]
    fn a_leading_status_phrase_decides_and_the_rest_is_kept() {
        assert_eq!(parse_status_phrase("Hoàn thành 100%"), Ok((Status::Done, String::new())));
        assert_eq!(parse_status_phrase("Đang thực hiện (đạt 80%)"), Ok((Status::InProgress, "(đạt 80%)".into())));
        assert_eq!(
            parse_status_phrase("Chưa thực hiện (chờ kinh phí)"),
            Ok((Status::NotStarted, "(chờ kinh phí)".into()))
        );
        assert_eq!(parse_status_phrase("Đã hoàn thành, đã nghiệm thu"), Ok((Status::Done, "đã nghiệm thu".into())));
        assert_eq!(parse_status_phrase("Hoàn thành phần 1, đang thực hiện phần 2"), Err(true));
        assert_eq!(parse_status_phrase("Tốt"), Err(false));
    }

    #[test]
    fn codes() {
        assert_eq!(parse_code(&Cell::Number(7.0)), Some("7".into()));
        assert_eq!(parse_code(&Cell::Text("07.".into())), Some("7".into()));
        assert_eq!(parse_code(&Cell::Text("NV12".into())), Some("12".into()));
        assert_eq!(parse_code(&Cell::Text("8.10".into())), Some("8.10".into()));
        assert_eq!(parse_code(&Cell::Number(8.1)), Some("8.1".into()));
        assert_eq!(parse_code(&Cell::Text("II.".into())), None);
        assert_eq!(parse_code(&Cell::Text("".into())), None);
    }

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(parse_vn_number("1.300.000"), Some((1_300_000.0, false)));
        assert_eq!(parse_vn_number("62,5"), Some((62.5, false)));
        assert_eq!(parse_vn_number("62,5%"), Some((62.5, true)));
        assert_eq!(parse_vn_number("95 %"), Some((95.0, true)));
        assert_eq!(parse_vn_number("0,75"), Some((0.75, false)));
        assert_eq!(parse_vn_number("1.300"), Some((1300.0, false)));
        assert_eq!(parse_vn_number("abc"), None);
        assert_eq!(denoise(7.000000000000001), 7.0);
    }

    #[test]
    fn dates_day_first() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_date(&Cell::Text("25/11/2026".into()), false), d(2026, 11, 25));
        assert_eq!(parse_date(&Cell::Text("05-06-2026".into()), false), d(2026, 6, 5));
        assert_eq!(parse_date(&Cell::Text("tháng 11/2026".into()), false), d(2026, 11, 30));
        assert_eq!(parse_date(&Cell::Text("11/2026".into()), false), d(2026, 11, 30));
        assert_eq!(parse_date(&Cell::Text("Huế, ngày 20 tháng 11 năm 2026".into()), false), d(2026, 11, 20));
        assert_eq!(parse_date(&Cell::Number(46351.0), false), d(2026, 11, 25));
        assert_eq!(parse_date(&Cell::Number(46351.0 - 1462.0), true), d(2026, 11, 25));
        assert_eq!(parse_date(&Cell::Text("Quý III/2026".into()), false), d(2026, 9, 30));
        assert_eq!(parse_date(&Cell::Text("quý 4 năm 2026".into()), false), d(2026, 12, 31));
        assert_eq!(parse_date(&Cell::Text("31/02/2026".into()), false), None);
        assert_eq!(parse_date(&Cell::Text("10/25/2026".into()), false), None);
        assert_eq!(parse_date(&Cell::Text("2026-10-15".into()), false), d(2026, 10, 15));
        assert_eq!(parse_date(&Cell::Text("2026/10/05".into()), false), d(2026, 10, 5));
        assert_eq!(parse_date(&Cell::Text("15/10/2026 00:00:00".into()), false), d(2026, 10, 15));
        assert_eq!(parse_date(&Cell::Text("-2026-11-22".into()), false), None);
    }

    #[test]
    fn ranks() {
        assert_eq!(parse_rank("thứ 5"), Some(5.0));
        assert_eq!(parse_rank("Top 5"), Some(5.0));
        assert_eq!(parse_rank("hạng 12"), Some(12.0));
        assert_eq!(parse_rank("5"), Some(5.0));
        assert_eq!(parse_rank("dẫn đầu"), None);
    }
}
