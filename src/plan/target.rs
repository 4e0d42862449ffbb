//! Indicator targets as Phụ lục I writes them ("≥ 55", "> 0,75", "8 - 10", "Top 10 …",
//! "Thuộc nhóm 6 …", "≥ 3% và tăng dần…", qualitative text), and the verdict on a reported value.

use serde::Serialize;

use crate::fold::fold;

/// What an indicator must reach.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Target {
    /// Value at least this ("≥ 55", and a bare number such as "90" or "100%").
    AtLeast(f64),
    /// Value strictly above this ("> 0,75").
    Above(f64),
    /// A range "8 - 10": reached from the lower bound up; the share is against the upper bound.
    Range(f64, f64),
    /// A rank: reached when the reported rank is this or better ("Top 10", "Thuộc nhóm 6").
    Rank(u32),
    /// Words only: the agency's self-assessment decides.
    Qualitative,
}

/// The verdict on one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Verdict {
    Reached,
    NotReached,
    NoData,
    CannotAssess,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [Verdict::Reached, Verdict::NotReached, Verdict::NoData, Verdict::CannotAssess];

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Reached => "Đạt",
            Verdict::NotReached => "Chưa đạt",
            Verdict::NoData => "Chưa có số liệu",
            Verdict::CannotAssess => "Không đánh giá được",
        }
    }
}

/// Self-assessment of a qualitative indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Assessment {
    Exceeded,
    Reached,
    NotReached,
}

impl Assessment {
    pub fn label(self) -> &'static str {
        match self {
            Assessment::Exceeded => "Vượt",
            Assessment::Reached => "Đạt",
            Assessment::NotReached => "Chưa đạt",
        }
    }

    pub fn parse(text: &str) -> Option<Assessment> {
        match fold(text).as_str() {
            "vuot" | "vuot chi tieu" | "vuot ke hoach" => Some(Assessment::Exceeded),
            "dat" | "da dat" | "hoan thanh" => Some(Assessment::Reached),
            "chua dat" | "khong dat" | "chua hoan thanh" => Some(Assessment::NotReached),
            _ => None,
        }
    }
}

/// Reads a target cell. Numbers are in Vietnamese notation (decimal comma).
pub fn parse_target(text: &str) -> Target {
    let t = text.trim();
    let key = fold(t);
    if key.starts_with("top ") || key.starts_with("thuoc nhom ") {
        if let Some(n) = first_number(&key).filter(|n| *n >= 1.0) {
            return Target::Rank(n as u32);
        }
    }
    // In words: "ít nhất 01", "tối thiểu 5", "không dưới 3", "từ 10 trở lên"; "trên 50%".
    for prefix in ["it nhat ", "toi thieu ", "khong duoi ", "khong it hon ", "tu "] {
        if let Some(rest) = key.strip_prefix(prefix) {
            if prefix != "tu " || rest.contains("tro len") {
                if let Some(n) = leading_number(rest.split(' ').next().unwrap_or("")) {
                    return Target::AtLeast(n);
                }
            }
        }
    }
    if let Some(n) = key.strip_prefix("tren ").and_then(|rest| leading_number(rest.split(' ').next().unwrap_or(""))) {
        return Target::Above(n);
    }
    let numeric: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(rest) = numeric.strip_prefix('≥').or_else(|| numeric.strip_prefix(">=")) {
        if let Some(n) = leading_number(rest) {
            return Target::AtLeast(n);
        }
    }
    if let Some(rest) = numeric.strip_prefix('>') {
        if let Some(n) = leading_number(rest) {
            return Target::Above(n);
        }
    }
    if let Some((a, b)) = numeric.split_once('-') {
        if let (Some(a), Some(b)) = (whole_number(a), whole_number(b)) {
            return Target::Range(a.min(b), a.max(b));
        }
    }
    if let Some(n) = whole_number(&numeric) {
        return Target::AtLeast(n);
    }
    // "100% xã, phường", "95% hồ sơ": a percentage of something.
    if let Some((n, rest)) = t.split_once('%') {
        if !rest.trim().is_empty() && rest.trim().chars().next().is_some_and(char::is_alphabetic) {
            if let Some(n) = vn_number(n.trim()) {
                return Target::AtLeast(n);
            }
        }
    }
    Target::Qualitative
}

impl Target {
    /// The verdict on a numeric value (for rank targets, the rank).
    pub fn verdict(self, value: f64) -> Verdict {
        let reached = match self {
            Target::AtLeast(t) => value >= t - 1e-9,
            Target::Above(t) => value > t + 1e-9,
            Target::Range(lo, _) => value >= lo - 1e-9,
            Target::Rank(n) => value >= 1.0 && value <= n as f64 + 1e-9,
            Target::Qualitative => return Verdict::CannotAssess,
        };
        if reached {
            Verdict::Reached
        } else {
            Verdict::NotReached
        }
    }

    /// Share of the target reached, for targets that are a quantity to reach.
    pub fn share(self, value: f64) -> Option<f64> {
        match self {
            Target::AtLeast(t) | Target::Range(_, t) if t > 0.0 => Some(value / t),
            _ => None,
        }
    }

    pub fn is_rank(self) -> bool {
        matches!(self, Target::Rank(_))
    }
}

fn first_number(key: &str) -> Option<f64> {
    key.split(' ').find_map(|w| w.parse::<f64>().ok())
}

/// A number at the start of `s` ("3%và tăng dần" → 3).
fn leading_number(s: &str) -> Option<f64> {
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(s.len());
    vn_number(&s[..end])
}

/// The whole of `s` is one number, possibly with a trailing "%".
fn whole_number(s: &str) -> Option<f64> {
    vn_number(s.strip_suffix('%').unwrap_or(s))
}

/// "0,75" → 0.75; "1.300" → 1300.
fn vn_number(s: &str) -> Option<f64> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return None;
    }
    s.replace('.', "").replace(',', ".").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_forms_of_phu_luc_i() {
        assert_eq!(parse_target("≥ 55"), Target::AtLeast(55.0));
        assert_eq!(parse_target("≥30"), Target::AtLeast(30.0));
        assert_eq!(parse_target("> 0,75"), Target::Above(0.75));
        assert_eq!(parse_target("8 - 10"), Target::Range(8.0, 10.0));
        assert_eq!(parse_target("90"), Target::AtLeast(90.0));
        assert_eq!(parse_target("100%"), Target::AtLeast(100.0));
        assert_eq!(parse_target("1,3"), Target::AtLeast(1.3));
        assert_eq!(parse_target("≥ 3% và tăng dần theo yêu cầu phát triển"), Target::AtLeast(3.0));
        assert_eq!(parse_target("Top 10 tỉnh, thành phố trực thuộc TW dẫn đầu toàn quốc"), Target::Rank(10));
        assert_eq!(parse_target("Top 5"), Target::Rank(5));
        assert_eq!(parse_target("Thuộc nhóm 6 tỉnh, thành phố trực thuộc Trung ương dẫn đầu cả nước"), Target::Rank(6));
        assert_eq!(parse_target("Đạt mức trên trung bình của vùng và cả nước"), Target::Qualitative);
        assert_eq!(parse_target("Top đầu cả nước"), Target::Qualitative);
    }

    #[test]
    fn targets_in_words() {
        assert_eq!(parse_target("ít nhất 01"), Target::AtLeast(1.0));
        assert_eq!(parse_target("Ít nhất 02 sản phẩm"), Target::AtLeast(2.0));
        assert_eq!(parse_target("tối thiểu 5"), Target::AtLeast(5.0));
        assert_eq!(parse_target("Không dưới 30%"), Target::AtLeast(30.0));
        assert_eq!(parse_target("từ 10 trở lên"), Target::AtLeast(10.0));
        assert_eq!(parse_target("trên 50%"), Target::Above(50.0));
        assert_eq!(parse_target("100% xã, phường"), Target::AtLeast(100.0));
        assert_eq!(parse_target("01-02"), Target::Range(1.0, 2.0));
        assert_eq!(parse_target("từ năm 2025"), Target::Qualitative);
    }

    #[test]
    fn a_range_is_reached_inside_and_measured_against_its_upper_bound() {
        let r = parse_target("01-02");
        assert_eq!(r.verdict(1.0), Verdict::Reached);
        assert_eq!(r.verdict(2.0), Verdict::Reached);
        assert_eq!(r.verdict(3.0), Verdict::Reached);
        assert_eq!(r.verdict(0.0), Verdict::NotReached);
        assert_eq!(r.share(2.0), Some(1.0), "2 of 01-02 is 100 %, not 200 %");
        assert_eq!(r.share(1.0), Some(0.5));
    }

    #[test]
    fn verdicts() {
        assert_eq!(Target::AtLeast(55.0).verdict(55.0), Verdict::Reached);
        assert_eq!(Target::AtLeast(55.0).verdict(54.9), Verdict::NotReached);
        assert_eq!(Target::Above(0.75).verdict(0.75), Verdict::NotReached);
        assert_eq!(Target::Rank(10).verdict(5.0), Verdict::Reached);
        assert_eq!(Target::Rank(10).verdict(11.0), Verdict::NotReached);
        assert_eq!(Target::AtLeast(80.0).share(60.0), Some(0.75));
    }
}
