//! Reporting periods: a plan reports once a year, twice (by halves), four times (by quarters) or
//! monthly, and says so by the number of deadlines it lists. A cycle is one period of one year.

use chrono::NaiveDate;
use serde::Serialize;

/// How often a plan is reported on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Frequency {
    Yearly,
    HalfYearly,
    Quarterly,
    Monthly,
}

impl Frequency {
    /// The frequency of a plan with `n` deadlines a year, if it is one.
    pub fn of_count(n: usize) -> Option<Frequency> {
        match n {
            1 => Some(Frequency::Yearly),
            2 => Some(Frequency::HalfYearly),
            4 => Some(Frequency::Quarterly),
            12 => Some(Frequency::Monthly),
            _ => None,
        }
    }

    pub fn periods(self) -> u32 {
        match self {
            Frequency::Yearly => 1,
            Frequency::HalfYearly => 2,
            Frequency::Quarterly => 4,
            Frequency::Monthly => 12,
        }
    }

    /// Months in one period.
    fn months(self) -> u32 {
        12 / self.periods()
    }

    /// "hằng năm", for messages.
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Yearly => "hằng năm",
            Frequency::HalfYearly => "6 tháng một lần",
            Frequency::Quarterly => "hằng quý",
            Frequency::Monthly => "hằng tháng",
        }
    }

    /// The values `cycle.period` can take, with what each means: "1 (6 tháng đầu năm) hoặc 2 (…)".
    pub fn choices(self) -> String {
        let all: Vec<String> = (1..=self.periods())
            .map(|i| format!("{i} ({})", Period { frequency: self, year: 0, index: i }.name()))
            .collect();
        match all.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} hoặc {last}", rest.join(", ")),
            _ => all.join(""),
        }
    }
}

/// One reporting period: the `index`-th (from 1) period of `year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Period {
    pub frequency: Frequency,
    pub year: i32,
    pub index: u32,
}

impl Period {
    /// The period without its year: "6 tháng đầu năm", "quý III", "tháng 5", "cả năm".
    fn name(&self) -> String {
        match self.frequency {
            Frequency::Yearly => "cả năm".into(),
            Frequency::HalfYearly => {
                format!("6 tháng {} năm", if self.index == 1 { "đầu" } else { "cuối" })
            }
            Frequency::Quarterly => format!("quý {}", crate::vn::roman(self.index)),
            Frequency::Monthly => format!("tháng {}", self.index),
        }
    }

    /// As the report says it: "năm 2024", "6 tháng cuối năm 2026", "quý III năm 2026",
    /// "tháng 5 năm 2026".
    pub fn label(&self) -> String {
        match self.frequency {
            Frequency::Yearly => format!("năm {}", self.year),
            Frequency::HalfYearly => format!("{} {}", self.name(), self.year),
            _ => format!("{} năm {}", self.name(), self.year),
        }
    }

    /// For file names, the year first so that a folder lists a year's reports together:
    /// "nam-2024", "2026-6-thang-cuoi-nam", "2026-quy-3", "2026-thang-05".
    pub fn slug(&self) -> String {
        match self.frequency {
            Frequency::Yearly => format!("nam-{}", self.year),
            Frequency::HalfYearly => {
                format!("{}-6-thang-{}-nam", self.year, if self.index == 1 { "dau" } else { "cuoi" })
            }
            Frequency::Quarterly => format!("{}-quy-{}", self.year, self.index),
            Frequency::Monthly => format!("{}-thang-{:02}", self.year, self.index),
        }
    }

    /// First month of the period (1–12).
    pub fn first_month(&self) -> u32 {
        (self.index - 1) * self.frequency.months() + 1
    }

    /// The period after this one.
    pub fn next(&self) -> Period {
        if self.index < self.frequency.periods() {
            Period { index: self.index + 1, ..*self }
        } else {
            Period { year: self.year + 1, index: 1, ..*self }
        }
    }

    /// The period before this one.
    pub fn previous(&self) -> Period {
        if self.index > 1 {
            Period { index: self.index - 1, ..*self }
        } else {
            Period { year: self.year - 1, index: self.frequency.periods(), ..*self }
        }
    }

    /// The deadline `(month, day)` of this period as a date. A deadline is in the period's own
    /// year, unless its month comes before the period starts ("01-15" for the fourth quarter),
    /// or it falls in the first month of a period longer than a month (a yearly report due
    /// "01-15"): then it is in the next year.
    pub fn deadline(&self, (month, day): (u32, u32)) -> Option<NaiveDate> {
        let first = self.first_month();
        let next_year = month < first || (month == first && self.frequency != Frequency::Monthly);
        let year = if next_year { self.year + 1 } else { self.year };
        // "02-30" in a plan means the end of February.
        NaiveDate::from_ymd_opt(year, month, day).or_else(|| super::deadline::last_day(year, month))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(f: Frequency, year: i32, index: u32) -> Period {
        Period { frequency: f, year, index }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn labels_say_the_period_as_a_report_does() {
        assert_eq!(p(Frequency::Yearly, 2024, 1).label(), "năm 2024");
        assert_eq!(p(Frequency::HalfYearly, 2026, 1).label(), "6 tháng đầu năm 2026");
        assert_eq!(p(Frequency::HalfYearly, 2026, 2).label(), "6 tháng cuối năm 2026");
        assert_eq!(p(Frequency::Quarterly, 2026, 3).label(), "quý III năm 2026");
        assert_eq!(p(Frequency::Monthly, 2026, 5).label(), "tháng 5 năm 2026");
        assert_eq!(p(Frequency::Monthly, 2026, 5).slug(), "2026-thang-05");
        assert_eq!(p(Frequency::HalfYearly, 2026, 2).slug(), "2026-6-thang-cuoi-nam");
        assert_eq!(p(Frequency::Quarterly, 2026, 4).slug(), "2026-quy-4");
        assert_eq!(p(Frequency::Yearly, 2024, 1).slug(), "nam-2024");
        assert_eq!(Frequency::HalfYearly.choices(), "1 (6 tháng đầu năm) hoặc 2 (6 tháng cuối năm)");
        assert_eq!(Frequency::Quarterly.choices(), "1 (quý I), 2 (quý II), 3 (quý III) hoặc 4 (quý IV)");
    }

    #[test]
    fn deadlines_fall_after_their_period_starts() {
        assert_eq!(p(Frequency::Yearly, 2024, 1).deadline((11, 30)), Some(date(2024, 11, 30)));
        assert_eq!(p(Frequency::Yearly, 2024, 1).deadline((1, 15)), Some(date(2025, 1, 15)));
        assert_eq!(p(Frequency::HalfYearly, 2026, 1).deadline((6, 10)), Some(date(2026, 6, 10)));
        assert_eq!(p(Frequency::HalfYearly, 2026, 2).deadline((11, 25)), Some(date(2026, 11, 25)));
        assert_eq!(p(Frequency::HalfYearly, 2026, 2).deadline((1, 10)), Some(date(2027, 1, 10)));
        assert_eq!(p(Frequency::Quarterly, 2026, 4).deadline((12, 20)), Some(date(2026, 12, 20)));
        assert_eq!(p(Frequency::Quarterly, 2026, 4).deadline((1, 15)), Some(date(2027, 1, 15)));
        assert_eq!(p(Frequency::Monthly, 2026, 5).deadline((5, 25)), Some(date(2026, 5, 25)));
        assert_eq!(p(Frequency::Monthly, 2026, 12).deadline((1, 5)), Some(date(2027, 1, 5)));
        assert_eq!(p(Frequency::Monthly, 2026, 2).deadline((2, 30)), Some(date(2026, 2, 28)));
    }

    #[test]
    fn periods_follow_each_other_across_years() {
        assert_eq!(p(Frequency::HalfYearly, 2026, 2).next(), p(Frequency::HalfYearly, 2027, 1));
        assert_eq!(p(Frequency::Yearly, 2024, 1).next(), p(Frequency::Yearly, 2025, 1));
        assert_eq!(p(Frequency::Quarterly, 2026, 4).next(), p(Frequency::Quarterly, 2027, 1));
    }
}
