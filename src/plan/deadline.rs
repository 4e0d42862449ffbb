//! Deadlines as the plans write them ("2025", "12/2025", "Quý I/2025", "2025- 2026", "Thường
//! xuyên", "2025 và các năm tiếp theo"…) turned into a due date or "recurring".

use chrono::NaiveDate;
use serde::Serialize;

use crate::fold::fold;

/// When a task is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Deadline {
    /// Due by the end of this day.
    Due(NaiveDate),
    /// Carried out continuously or every year: never overdue.
    Recurring,
    /// The text could not be read as a deadline; the task is never reported overdue.
    Unknown,
}

impl Deadline {
    pub fn is_recurring(self) -> bool {
        matches!(self, Deadline::Recurring)
    }

    pub fn due(self) -> Option<NaiveDate> {
        match self {
            Deadline::Due(d) => Some(d),
            _ => None,
        }
    }
}

/// Parses a deadline cell of a plan. A range "2025- 2030" is due at the end of its last year;
/// "2025 và các năm tiếp theo", "Hàng năm" and "Thường xuyên" are recurring.
pub fn parse_deadline(text: &str) -> Deadline {
    let key = fold(text);
    if key.is_empty() {
        return Deadline::Unknown;
    }
    if key.contains("thuong xuyen") || key.contains("hang nam") || key.contains("nam tiep theo") {
        return Deadline::Recurring;
    }
    let words: Vec<&str> = key.split(' ').collect();
    // "quy i 2025" … "quy iv 2025"
    if let Some(pos) = words.iter().position(|w| *w == "quy") {
        let quarter = match words.get(pos + 1) {
            Some(&"i") | Some(&"1") => 1,
            Some(&"ii") | Some(&"2") => 2,
            Some(&"iii") | Some(&"3") => 3,
            Some(&"iv") | Some(&"4") => 4,
            _ => return Deadline::Unknown,
        };
        return match words.get(pos + 2).and_then(|y| year(y)) {
            Some(y) => end_of_month(y, quarter * 3),
            None => Deadline::Unknown,
        };
    }
    let numbers: Vec<u32> = words.iter().filter_map(|w| w.parse().ok()).collect();
    match numbers.as_slice() {
        // "12/2025", "3/2026": month/year
        [m, y] if (1..=12).contains(m) && year_ok(*y) => end_of_month(*y as i32, *m),
        // "2025", "2025- 2026", "2026 - 2028"
        [y] if year_ok(*y) => end_of_month(*y as i32, 12),
        [a, b] if year_ok(*a) && year_ok(*b) => end_of_month((*a).max(*b) as i32, 12),
        _ => Deadline::Unknown,
    }
}

fn year(w: &str) -> Option<i32> {
    w.parse::<u32>().ok().filter(|y| year_ok(*y)).map(|y| y as i32)
}

fn year_ok(y: u32) -> bool {
    (2000..=2100).contains(&y)
}

fn end_of_month(year: i32, month: u32) -> Deadline {
    match last_day(year, month) {
        Some(d) => Deadline::Due(d),
        None => Deadline::Unknown,
    }
}

/// The last day of a month.
pub(super) fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let first_next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    first_next.and_then(|d| d.pred_opt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due(y: i32, m: u32, d: u32) -> Deadline {
        Deadline::Due(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn every_form_in_the_plans() {
        assert_eq!(parse_deadline("2025"), due(2025, 12, 31));
        assert_eq!(parse_deadline("12/2025"), due(2025, 12, 31));
        assert_eq!(parse_deadline("3/2026"), due(2026, 3, 31));
        assert_eq!(parse_deadline("Quý I/2025"), due(2025, 3, 31));
        assert_eq!(parse_deadline("2025- 2026"), due(2026, 12, 31));
        assert_eq!(parse_deadline("2026 - 2028"), due(2028, 12, 31));
        assert_eq!(parse_deadline("12/2028"), due(2028, 12, 31));
        assert_eq!(parse_deadline("Thường xuyên"), Deadline::Recurring);
        assert_eq!(parse_deadline("Nhiệm vụ thường xuyên"), Deadline::Recurring);
        assert_eq!(parse_deadline("Hàng năm"), Deadline::Recurring);
        assert_eq!(parse_deadline("2025 và các năm tiếp theo"), Deadline::Recurring);
        assert_eq!(parse_deadline("2025 và những năm tiếp theo"), Deadline::Recurring);
        assert_eq!(parse_deadline("sớm nhất có thể"), Deadline::Unknown);
    }
}
