//! What the body of a plan says about itself: its number and date ("Số: 98/KH-UBND", "ngày 01
//! tháng 3 năm 2024"), who issued it, its subject, the numbered headings of its tasks section, and
//! when and to whom the agencies report ("định kỳ 6 tháng … trước ngày 10 tháng 6 và trước ngày
//! 25 tháng 11", "định kỳ trước ngày 30/11 hằng năm … gửi về Sở KH&CN").

use chrono::NaiveDate;

use crate::fold::fold;

/// The body's facts; each None when the body does not say it in a form read here.
#[derive(Debug, Default, PartialEq)]
pub struct Body {
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    /// (month, day) of each reporting deadline, in the year's order.
    pub deadlines: Vec<(u32, u32)>,
    /// The sentence the deadlines were read from.
    pub reporting: Option<String>,
    /// The words after "về"/"gửi" in that sentence: who the reports go to.
    pub report_to: Option<String>,
    /// Numbered headings ("1. Công tác thông tin …"): (number, text).
    pub headings: Vec<(String, String)>,
}

/// Written in capitals (a title).
fn is_shouting(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() > 8 && letters.iter().all(|c| !c.is_lowercase())
}

/// "ngày 01 tháng 3 năm 2024" in a folded line.
fn date_in(folded: &str) -> Option<NaiveDate> {
    let w: Vec<&str> = folded.split(' ').collect();
    for i in 0..w.len().saturating_sub(5) {
        if w[i] == "ngay" && w[i + 2] == "thang" && w[i + 4] == "nam" {
            let (d, m, y) = (w[i + 1].parse().ok(), w[i + 3].parse().ok(), w[i + 5].parse().ok());
            if let Some(date) = d.zip(m).zip(y).and_then(|((d, m), y)| NaiveDate::from_ymd_opt(y, m, d)) {
                return Some(date);
            }
        }
    }
    None
}

/// "UBND TỈNH THỪA THIÊN HUẾ" → "UBND tỉnh Thừa Thiên Huế": the kind lowercased, the place name
/// in title case.
fn issuer_name(line: &str) -> String {
    let lower = line.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mut out = vec!["UBND".to_string()];
    let kinds = ["tỉnh", "thành phố", "huyện", "thị xã", "quận", "phường", "xã"];
    let joined = words.join(" ");
    let rest = joined.strip_prefix("ủy ban nhân dân").or_else(|| joined.strip_prefix("ubnd")).unwrap_or(&joined).trim();
    let (kind, place) = kinds
        .iter()
        .find_map(|k| rest.strip_prefix(k).map(|p| (k.to_string(), p.trim().to_string())))
        .unwrap_or((String::new(), rest.to_string()));
    if !kind.is_empty() {
        out.push(kind);
    }
    for w in place.split(' ').filter(|w| !w.is_empty()) {
        let mut c = w.chars();
        out.push(c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default());
    }
    out.join(" ")
}

/// (month, day) pairs a sentence names: "ngày 10 tháng 6", "ngày 30/11", "30-11".
fn month_days(sentence: &str) -> Vec<(u32, u32)> {
    let folded = fold(sentence);
    let w: Vec<&str> = folded.split(' ').collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        if w[i] == "ngay" {
            let d = w.get(i + 1).and_then(|x| x.parse::<u32>().ok());
            // fold turns "30/11" into "30 11"; "ngày 10 tháng 6" keeps "thang".
            let (m, step) = match w.get(i + 2) {
                Some(&"thang") => (w.get(i + 3).and_then(|x| x.parse::<u32>().ok()), 4),
                Some(x) => (x.parse::<u32>().ok(), 3),
                None => (None, 1),
            };
            if let (Some(d), Some(m)) = (d, m) {
                if (1..=12).contains(&m) && (1..=31).contains(&d) {
                    out.push((m, d));
                    i += step;
                    // A list after one "ngày": "15/3, 15/6, 15/9 và 15/12".
                    loop {
                        while i < w.len() && matches!(w[i], "va" | "truoc" | "ngay") {
                            i += 1;
                        }
                        let num = |k: usize| w.get(k).and_then(|x| x.parse::<u32>().ok());
                        let (d, m, step) = match (num(i), w.get(i + 1)) {
                            (Some(d), Some(&"thang")) => (Some(d), num(i + 2), 3),
                            (Some(d), _) => (Some(d), num(i + 1), 2),
                            _ => (None, None, 0),
                        };
                        match (d, m) {
                            (Some(d), Some(m)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                                out.push((m, d));
                                i += step;
                            }
                            _ => break,
                        }
                    }
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// Reads the body's lines.
pub fn read(lines: &[String]) -> Body {
    let mut body = Body::default();
    let mut after_title_word = false;
    let mut subject = String::new();
    for (k, line) in lines.iter().enumerate() {
        let text = line.trim();
        let folded = fold(text);
        if body.number.is_none() {
            if let Some(rest) = text.strip_prefix("Số:").or_else(|| text.strip_prefix("Số :")) {
                let token = rest.split_whitespace().next().unwrap_or("");
                if token.contains('/') {
                    body.number = Some(token.trim_end_matches([',', '.']).to_string());
                }
            }
        }
        if body.date.is_none() && k < 40 {
            body.date = date_in(&folded);
        }
        if body.issuer.is_none() && (folded == "uy ban nhan dan" || folded == "ubnd") {
            if let Some(next) = lines.get(k + 1) {
                body.issuer = Some(issuer_name(&format!("UBND {}", next.trim())));
            }
        } else if body.issuer.is_none()
            && (folded.starts_with("uy ban nhan dan ") || folded.starts_with("ubnd "))
            && k < 10
        {
            body.issuer = Some(issuer_name(text));
        }
        if folded == "ke hoach" && body.subject.is_none() {
            after_title_word = true;
            continue;
        }
        // "KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT …" in one paragraph.
        if body.subject.is_none() && !after_title_word && folded.starts_with("ke hoach ") && is_shouting(text) {
            body.subject = Some(text.split_once(char::is_whitespace).map(|(_, r)| r.trim()).unwrap_or("").to_string());
            continue;
        }
        if after_title_word {
            let starts_body = !subject.trim().is_empty()
                && (["thuc hien", "can cu", "nham", "de "].iter().any(|p| folded.starts_with(p))
                    || text.starts_with("I.")
                    || text.starts_with('('));
            if starts_body || subject.len() > 600 {
                after_title_word = false;
                body.subject = Some(subject.trim().to_string());
            } else {
                subject.push(' ');
                subject.push_str(text);
                continue;
            }
        }
        if body.deadlines.is_empty()
            && !is_shouting(text)
            && folded.contains("bao cao")
            && (folded.contains("dinh ky") || folded.contains("truoc ngay"))
        {
            let found = month_days(text);
            if !found.is_empty() {
                let mut found = found;
                found.sort();
                found.dedup();
                body.deadlines = found;
                body.reporting = Some(text.to_string());
                body.report_to = report_to(text);
            }
        }
        if let Some((number, rest)) = text.split_once(". ") {
            if !number.is_empty() && number.len() <= 3 && number.chars().all(|c| c.is_ascii_digit()) && rest.len() > 10
            {
                body.headings.push((number.to_string(), rest.trim().to_string()));
            }
        }
    }
    if after_title_word && !subject.trim().is_empty() {
        body.subject = Some(subject.trim().to_string());
    }
    body
}

/// The words after the last "về" or "gửi" of a reporting sentence, up to the next comma or
/// "trước"/"để": "báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước ngày …".
fn report_to(sentence: &str) -> Option<String> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let at = words.iter().rposition(|w| matches!(fold(w).as_str(), "ve" | "gui"))?;
    let mut out = Vec::new();
    for w in &words[at + 1..] {
        let f = fold(w);
        if matches!(f.as_str(), "truoc" | "de" | "dinh" | "theo" | "chung") {
            break;
        }
        out.push(w.trim_end_matches([',', ';', '.']));
        if w.ends_with([',', ';', '.']) {
            break;
        }
    }
    (!out.is_empty()).then(|| out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn the_body_says_number_date_issuer_subject_and_deadlines() {
        let b = read(&lines(
            "ỦY BAN NHÂN DÂN\nTỈNH THỪA THIÊN HUẾ\nSố: 98/KH-UBND\nThừa Thiên Huế, ngày 01 tháng 3 năm 2024\nKẾ HOẠCH\n\
             Triển khai Chương trình hành động\nnăm 2024\nThực hiện Chương trình …\n\
             II. NHIỆM VỤ\n1. Công tác thông tin tuyên truyền và đổi mới tư duy\n\
             4. Các sở, ngành định kỳ trước ngày 30/11 hằng năm, báo cáo tình hình triển khai, gửi về Sở KH&CN để tổng hợp.",
        ));
        assert_eq!(b.number.as_deref(), Some("98/KH-UBND"));
        assert_eq!(b.date, NaiveDate::from_ymd_opt(2024, 3, 1));
        assert_eq!(b.issuer.as_deref(), Some("UBND tỉnh Thừa Thiên Huế"));
        assert_eq!(b.subject.as_deref(), Some("Triển khai Chương trình hành động năm 2024"));
        assert_eq!(b.deadlines, [(11, 30)]);
        assert_eq!(b.report_to.as_deref(), Some("Sở KH&CN"));
        assert_eq!(b.headings[0], ("1".to_string(), "Công tác thông tin tuyên truyền và đổi mới tư duy".to_string()));
    }

    #[test]
    fn two_deadlines_a_year_in_words() {
        let b = read(&lines(
            "4. Thủ trưởng cơ quan … định kỳ 6 tháng báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước ngày 10 tháng 6 và trước ngày 25 tháng 11 để tổng hợp",
        ));
        assert_eq!(b.deadlines, [(6, 10), (11, 25)]);
        assert_eq!(b.report_to.as_deref(), Some("Sở Khoa học và Công nghệ"));
        assert_eq!(issuer_name("UBND THÀNH PHỐ HUẾ"), "UBND thành phố Huế");
        let b = read(&lines("Định kỳ hằng quý báo cáo về Sở KH&CN trước ngày 15/3, 15/6, 15/9 và 15/12 để tổng hợp."));
        assert_eq!(b.deadlines, [(3, 15), (6, 15), (9, 15), (12, 15)]);
        let b = read(&lines("định kỳ 6 tháng báo cáo trước ngày 10 tháng 6, 25 tháng 11 hằng năm"));
        assert_eq!(b.deadlines, [(6, 10), (11, 25)]);
    }
}
