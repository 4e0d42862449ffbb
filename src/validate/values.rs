//! Reading single values the way agencies type them: statuses and their variants, codes,
//! Vietnamese numbers, dates in day/month order, ranks.

use chrono::{Datelike, NaiveDate};

use crate::fold::fold;
use crate::ingest::Cell;
use crate::model::Status;

/// A status word and its obvious variants, after folding.
pub fn parse_status(text: &str) -> Option<Status> {
    let key = fold(text);
    let status = match key.as_str() {
        "hoan thanh" | "da hoan thanh" | "ht" | "dht" | "xong" | "da xong" | "hoan thanh 100" => Status::Done,
        "dang thuc hien"
        | "dang trien khai"
        | "dang th"
        | "dth"
        | "dang tien hanh"
        | "dang lam"
        | "dang thuc hien chua hoan thanh" => Status::InProgress,
        "thuong xuyen" | "tx" | "thuc hien thuong xuyen" | "dang thuc hien thuong xuyen" | "nhiem vu thuong xuyen" => {
            Status::Recurring
        }
        "chua thuc hien" | "chua trien khai" | "cth" | "chua th" | "chua lam" | "chua bat dau" => Status::NotStarted,
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
    let key = fold(text);
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    // The longest leading run of words that is a status.
    let lead = (1..words.len()).rev().find_map(|n| parse_status(&words[..n].join(" ")).map(|s| (n, s)));
    let Some((n, status)) = lead else {
        return Err(false);
    };
    // A second status named in the rest ("hoàn thành phần 1, đang thực hiện phần 2").
    let rest = &words[n..];
    let names_other = (0..rest.len()).any(|i| {
        (2..=5.min(rest.len() - i)).any(|len| parse_status(&rest[i..i + len].join(" ")).is_some_and(|o| o != status))
    });
    if names_other {
        return Err(true);
    }
    let original: Vec<&str> = text.split_whitespace().collect();
    let note = original.get(n..).map(|w| w.join(" ")).unwrap_or_default();
    let note = note.trim_start_matches([',', ';', ':', '-', '–', '.', ' ']).trim().to_string();
    Ok((status, note))
}

/// A task or indicator code from a cell: "1", "1.", "01", "NV01", 1 (number) → "1";
/// "8.10" stays "8.10". Returns None for empty cells and group rows ("I", "II.").
pub fn parse_code(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Number(n) if *n > 0.0 && *n < 10_000.0 => {
            if n.fract() == 0.0 {
                Some(format!("{}", *n as i64))
            } else {
                // 8.1 typed as a number: keep what the float says; collisions with 8.10 are
                // decided by the caller from the name column.
                let s = format!("{}", (n * 1000.0).round() / 1000.0);
                Some(s)
            }
        }
        Cell::Text(s) => {
            let t = s.trim().trim_end_matches('.').trim();
            let t = t
                .strip_prefix("NV")
                .or_else(|| t.strip_prefix("nv"))
                .or_else(|| t.strip_prefix("CT"))
                .or_else(|| t.strip_prefix("ct"))
                .unwrap_or(t)
                .trim_start_matches([' ', '-', '.']);
            if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
                return None;
            }
            let mut parts = t.split('.');
            let head = parts.next()?.trim_start_matches('0');
            let head = if head.is_empty() { "0" } else { head };
            let rest: Vec<&str> = parts.collect();
            if rest.iter().any(|p| p.is_empty()) {
                return None;
            }
            if head == "0" {
                return None;
            }
            Some(std::iter::once(head).chain(rest.iter().copied()).collect::<Vec<_>>().join("."))
        }
        _ => None,
    }
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

/// A rank: "5", "thứ 5", "hạng 5", "top 5", "xếp thứ 5".
pub fn parse_rank(text: &str) -> Option<f64> {
    let key = fold(text);
    let words: Vec<&str> = key.split(' ').collect();
    let n = match words.as_slice() {
        [n] => n.parse::<u32>().ok()?,
        [.., w, n] if matches!(*w, "thu" | "hang" | "top") => n.parse::<u32>().ok()?,
        _ => return None,
    };
    (n >= 1).then_some(n as f64)
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
    let key = fold(s);
    if let Some(d) = parse_quarter(&key) {
        return Some(d);
    }
    let nums: Vec<u32> = key.split(' ').filter_map(|w| w.parse().ok()).collect();
    let has_day_word = key.contains("ngay");
    let month_only = key.contains("thang") && !has_day_word;
    match nums.as_slice() {
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
