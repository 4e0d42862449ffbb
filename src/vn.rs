//! Vietnamese notation for numbers, percentages and dates, as Nghị định 30/2020 writes them.
//!
//! Decimal comma, thousands dot ("1.300.000", "62,50%"), and the document date with its
//! leading-zero rule ("ngày 05 tháng 01 năm 2027" but "ngày 05 tháng 6 năm 2026").

use chrono::{Datelike, NaiveDate};

/// Formats an integer with dots between thousands: 1300000 → "1.300.000".
pub fn int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Formats a number with exactly `decimals` decimals, decimal comma and thousands dots.
pub fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s.as_str(), None),
    };
    let whole: i64 = whole.parse().unwrap_or(0);
    let mut out = int(whole);
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    if x < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// Formats a number with as many decimals as it needs (up to 4): 62.5 → "62,5", 3.0 → "3".
pub fn number(x: f64) -> String {
    let mut s = fixed(x, 4);
    if s.contains(',') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with(',') {
            s.pop();
        }
    }
    s
}

/// Formats a percentage given in hundredths of a percent (6250 → "62,50%").
pub fn percent_hundredths(h: i64) -> String {
    format!("{}%", fixed(h as f64 / 100.0, 2))
}

/// "Huế, ngày 05 tháng 01 năm 2027": days below 10 take a leading zero; of the months only
/// January and February do.
pub fn place_date(place: &str, date: NaiveDate) -> String {
    format!("{place}, {}", long_date(date))
}

/// "ngày 25 tháng 11 năm 2026" with the leading-zero rule of [`place_date`].
pub fn long_date(date: NaiveDate) -> String {
    let month = date.month();
    let month = if month <= 2 { format!("{month:02}") } else { month.to_string() };
    format!("ngày {:02} tháng {} năm {}", date.day(), month, date.year())
}

/// "25/11/2026".
pub fn short_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// A long text cut at a word to at most `max` characters, "…" where it was cut: one line of a
/// listing, a cell quoted in a message.
pub fn cut(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut out = String::new();
    for w in text.split(' ') {
        if out.chars().count() + w.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}

/// Roman numerals, as documents number their parts and appendices: 4 → "IV", 14 → "XIV".
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        let got: Vec<String> = [1, 2, 3, 4, 5, 9, 14, 40, 1999].into_iter().map(roman).collect();
        assert_eq!(got, ["I", "II", "III", "IV", "V", "IX", "XIV", "XL", "MCMXCIX"]);
    }

    #[test]
    fn numbers_use_vietnamese_separators() {
        assert_eq!(int(1_300_000), "1.300.000");
        assert_eq!(int(999), "999");
        assert_eq!(fixed(62.5, 2), "62,50");
        assert_eq!(fixed(1234.5, 1), "1.234,5");
        assert_eq!(number(0.75), "0,75");
        assert_eq!(number(30.0), "30");
        assert_eq!(percent_hundredths(2083), "20,83%");
        assert_eq!(percent_hundredths(10000), "100,00%");
    }

    #[test]
    fn dates_follow_the_leading_zero_rule() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        assert_eq!(place_date("Huế", d), "Huế, ngày 05 tháng 01 năm 2027");
        let d = NaiveDate::from_ymd_opt(2026, 6, 5).unwrap();
        assert_eq!(long_date(d), "ngày 05 tháng 6 năm 2026");
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(long_date(d), "ngày 25 tháng 11 năm 2026");
    }
}
