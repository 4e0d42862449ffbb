//! Sections III and IV: the difficulties and the proposals the agencies wrote, quoted.

use super::{para, Block, Section};
use crate::aggregate::AgencyQuotes;
use crate::plan::Theme;
use crate::vn;

/// Characters of one quote printed, and of all quotes of one section (README, "Giới hạn"): the
/// report is read, the full texts are in the workbook.
pub const QUOTE_CHARS: usize = 2_000;
pub const SECTION_QUOTE_CHARS: usize = 40_000;

/// The quotes of one section, within its budget.
#[derive(Default)]
struct Printed {
    chars: usize,
    /// Quotes left out past the budget, and the agencies they are of.
    omitted: usize,
    omitted_agencies: Vec<String>,
}

impl Printed {
    /// `text` as printed (cut to [`QUOTE_CHARS`]), or None past the section's budget.
    fn take(&mut self, text: &str, agency: &str) -> Option<String> {
        let text = crate::fit::cut_chars(text, QUOTE_CHARS).into_owned();
        let n = text.chars().count();
        if self.omitted > 0 || self.chars + n > SECTION_QUOTE_CHARS {
            self.omitted += 1;
            if !self.omitted_agencies.iter().any(|a| a == agency) {
                self.omitted_agencies.push(agency.to_string());
            }
            return None;
        }
        self.chars += n;
        Some(text)
    }

    /// The sentence that says what was left out, if anything was.
    fn close(self, blocks: &mut Vec<Block>) {
        if self.omitted > 0 {
            blocks.push(para(format!(
                "Còn {} ý kiến khác của {} cơ quan, đơn vị không in trong báo cáo này; toàn văn tại bảng tổng hợp Excel kèm theo, trang \"Chi tiết\".",
                vn::int(self.omitted as i64),
                vn::int(self.omitted_agencies.len() as i64)
            )));
        }
    }
}

/// One statement as the agencies wrote it, once, with every agency (and its tasks) that wrote
/// the same thing.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The first agency's own words.
    pub text: String,
    /// Who wrote it: agency name and the tasks it wrote it for, in the plan's order.
    pub by: Vec<(String, Vec<String>)>,
}

/// A statement's words, folded (no case, no diacritics), letters and digits only.
fn words(text: &str) -> Vec<String> {
    crate::fold::fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(String::from).collect()
}

/// What makes two statements equal: their folded words.
fn key(text: &str) -> String {
    words(text).join(" ")
}

/// Folded words that turn what a statement says around: two statements that differ in one of
/// them ("chưa có" / "đã có", "tăng" / "giảm") are never taken as the same.
const POLARITY: [&str; 22] = [
    "chua", "khong", "chang", "da", "co", "thieu", "du", "tang", "giam", "cham", "som", "nhanh", "kho", "de", "it",
    "nhieu", "thap", "cao", "het", "con", "moi", "cu",
];

/// Statements shorter than this many words are the same only when equal.
const NEAR_MIN_WORDS: usize = 6;
/// Statements longer than this are the same only when equal (the comparison costs the product
/// of the lengths).
const NEAR_MAX_WORDS: usize = 80;
/// Word-by-word comparisons in one section at most (each costs up to 80 × 80 steps); past
/// them, equal statements only.
const NEAR_BUDGET: usize = 20_000;

/// Whether two statements say the same thing in nearly the same words: at most one word in six
/// added, dropped or changed, none of them a number or a word of [`POLARITY`]. "Kinh phí bố trí
/// còn hạn chế, chưa đáp ứng yêu cầu" and "… chưa đáp ứng được yêu cầu" are; "Chưa có hướng dẫn"
/// and "Đã có hướng dẫn", or "Thiếu 3 cán bộ" and "Thiếu 5 cán bộ", are not.
fn near(a: &[String], b: &[String]) -> bool {
    if !comparable(a, b) {
        return false;
    }
    let allowed = a.len().max(b.len()) / NEAR_MIN_WORDS;
    // The words one has and the other lacks (as multisets): few, and none that matters.
    let mut only: Vec<&String> = Vec::new();
    let mut rest: Vec<&String> = b.iter().collect();
    for w in a {
        match rest.iter().position(|r| *r == w) {
            Some(i) => {
                rest.swap_remove(i);
            }
            None => only.push(w),
        }
    }
    only.extend(rest);
    let matters = |w: &&String| w.chars().any(|c| c.is_ascii_digit()) || POLARITY.contains(&w.as_str());
    // Numbers and polarity words the same, and in the same order ("thiếu 3, cần 5" is not
    // "thiếu 5, cần 3").
    if only.len() > 2 * allowed || only.iter().any(matters) || !a.iter().filter(matters).eq(b.iter().filter(matters)) {
        return false;
    }
    strsim::generic_levenshtein(&a.to_vec(), &b.to_vec()) <= allowed
}

/// Whether two statements' lengths allow them to be near-equal (cheap: no word compared).
fn comparable(a: &[String], b: &[String]) -> bool {
    let longest = a.len().max(b.len());
    a.len().min(b.len()) >= NEAR_MIN_WORDS
        && longest <= NEAR_MAX_WORDS
        && a.len().abs_diff(b.len()) <= longest / NEAR_MIN_WORDS
}

/// Whether two statements are grouped as one in sections III and IV: equal after folding, or
/// near-equal ([`near`]).
pub fn same_statement(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    a == b || near(&a, &b)
}

/// The statements of all agencies, each once, most-cited first (then in the order first seen).
/// Equal statements are one; a statement near-equal to one seen before joins it, quoted in the
/// words of the agency that wrote it first.
pub fn statements(groups: &[AgencyQuotes]) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    let mut seen: Vec<Vec<String>> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut budget = NEAR_BUDGET;
    for g in groups {
        for q in &g.quotes {
            let w = words(&q.text);
            let k = w.join(" ");
            let i = match index.get(&k) {
                Some(i) => *i,
                None => {
                    let mut found = None;
                    for (i, other) in seen.iter().enumerate() {
                        if budget == 0 {
                            break;
                        }
                        if !comparable(&w, other) {
                            continue;
                        }
                        budget -= 1;
                        if near(&w, other) {
                            found = Some(i);
                            break;
                        }
                    }
                    let i = found.unwrap_or_else(|| {
                        out.push(Statement { text: q.text.clone(), by: Vec::new() });
                        seen.push(w);
                        out.len() - 1
                    });
                    index.insert(k, i);
                    i
                }
            };
            match out[i].by.iter_mut().find(|(name, _)| *name == g.name) {
                Some((_, tasks)) => tasks.extend(q.tasks.iter().cloned()),
                None => out[i].by.push((g.name.clone(), q.tasks.clone())),
            }
        }
    }
    // Stable: equal counts keep the order they were first seen in.
    out.sort_by_key(|s| std::cmp::Reverse(s.by.len()));
    out
}

/// The theme a statement belongs to: the first whose words it holds; None for "Ý kiến khác".
fn theme_of(text: &str, themes: &[Theme]) -> Option<usize> {
    let t = format!(" {} ", key(text));
    themes.iter().position(|th| th.words.iter().any(|w| !key(w).is_empty() && t.contains(&format!(" {} ", key(w)))))
}

/// "A, B, C, D, E và 3 cơ quan, đơn vị khác".
fn names(names: &[&str]) -> String {
    if names.len() <= 5 {
        names.join(", ")
    } else {
        format!("{} và {} cơ quan, đơn vị khác", names[..5].join(", "), vn::int((names.len() - 5) as i64))
    }
}

/// Who wrote a statement, as its quote's label: one agency with its tasks, or how many and who.
fn who(s: &Statement) -> String {
    match s.by.as_slice() {
        [(name, tasks)] => {
            let tasks = match tasks.as_slice() {
                [] => String::new(),
                [t] => format!(", nhiệm vụ {t}"),
                ts => format!(", các nhiệm vụ {}", ts.join(", ")),
            };
            format!("- ({name}{tasks}) ")
        }
        by => {
            let list: Vec<&str> = by.iter().map(|(n, _)| n.as_str()).collect();
            format!("- ({} cơ quan, đơn vị: {}) ", vn::int(by.len() as i64), names(&list))
        }
    }
}

/// Section III or IV: the statements grouped by theme, each theme opened by who raises it, each
/// statement quoted once in the agencies' own words with who wrote it. `what` is "khó khăn,
/// vướng mắc" or "đề xuất, kiến nghị".
pub(super) fn section(title: &str, groups: &[AgencyQuotes], themes: &[Theme], what: &str, empty: &str) -> Section {
    let mut blocks = Vec::new();
    if groups.is_empty() {
        blocks.push(para(empty));
        return Section { title: title.into(), blocks };
    }
    let all = statements(groups);
    // Themes in order of how many agencies raise them; what fits none last.
    let mut by_theme: Vec<(Option<usize>, Vec<&Statement>)> = Vec::new();
    for s in &all {
        let th = theme_of(&s.text, themes);
        match by_theme.iter_mut().find(|(t, _)| *t == th) {
            Some((_, list)) => list.push(s),
            None => by_theme.push((th, vec![s])),
        }
    }
    let agencies_of = |list: &[&Statement]| -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for s in list {
            for (n, _) in &s.by {
                if !seen.contains(n) {
                    seen.push(n.clone());
                }
            }
        }
        seen
    };
    by_theme.sort_by_key(|(t, list)| (t.is_none(), std::cmp::Reverse(agencies_of(list).len())));
    let theme_name = |t: &Option<usize>| t.map(|i| themes[i].name.clone()).unwrap_or_else(|| "ý kiến khác".into());
    let summary: Vec<String> = by_theme
        .iter()
        .filter(|(t, _)| t.is_some())
        .map(|(t, list)| format!("{} ({} cơ quan, đơn vị)", theme_name(t), vn::int(agencies_of(list).len() as i64)))
        .collect();
    let focus = if summary.is_empty() { String::new() } else { format!(", tập trung vào: {}", summary.join("; ")) };
    blocks.push(para(format!(
        "Có {} cơ quan, đơn vị nêu {} {what} (các ý kiến trùng nhau được gộp một lần){focus}. Cụ thể như sau (ý kiến của từng cơ quan, đơn vị tại bảng tổng hợp Excel kèm theo, trang \"Chi tiết\"):",
        vn::int(groups.len() as i64),
        vn::int(all.len() as i64),
    )));
    let mut printed = Printed::default();
    for (n, (t, list)) in by_theme.iter().enumerate() {
        let agencies = agencies_of(list);
        let named: Vec<&str> = agencies.iter().map(String::as_str).collect();
        let opening = match t {
            Some(_) => format!(
                "{}. Về {}: {} cơ quan, đơn vị nêu ({}).",
                n + 1,
                theme_name(t),
                vn::int(agencies.len() as i64),
                names(&named)
            ),
            None => format!("{}. Ý kiến khác ({} cơ quan, đơn vị):", n + 1, vn::int(agencies.len() as i64)),
        };
        blocks.push(para(opening));
        for s in list {
            let Some(text) = printed.take(&s.text, &s.by[0].0) else { continue };
            // A theme of one statement by several agencies: its opening has named them.
            let label = if list.len() == 1 && s.by.len() > 1 { "- ".to_string() } else { who(s) };
            blocks.push(Block::Quote { label, text });
        }
    }
    printed.close(&mut blocks);
    Section { title: title.into(), blocks }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::Quote;

    fn groups(agencies: usize, quotes: usize, chars: usize) -> Vec<AgencyQuotes> {
        (0..agencies)
            .map(|a| AgencyQuotes {
                agency: format!("a{a}"),
                name: format!("Cơ quan {a}"),
                quotes: (0..quotes)
                    .map(|q| Quote {
                        text: format!("{a}-{q} {}", "khó khăn ".repeat(chars / 9)),
                        tasks: vec![q.to_string()],
                    })
                    .collect(),
            })
            .collect()
    }

    fn printed_chars(s: &Section) -> usize {
        s.blocks.iter().map(|b| if let Block::Quote { text, .. } = b { text.chars().count() } else { 0 }).sum()
    }

    #[test]
    fn the_same_statement_is_quoted_once_with_every_agency_that_wrote_it() {
        let q = |text: &str, task: &str| Quote { text: text.into(), tasks: vec![task.into()] };
        let a = |name: &str, quotes: Vec<Quote>| AgencyQuotes { agency: name.into(), name: name.into(), quotes };
        let groups = vec![
            a(
                "Sở Y tế",
                vec![q("Hạ tầng kỹ thuật chưa đồng bộ, đường truyền chưa ổn định.", "3"), q("Thiếu kinh phí.", "5")],
            ),
            a("Sở Nội vụ", vec![q("hạ tầng kỹ thuật chưa đồng bộ; đường truyền chưa ổn định", "3")]),
            a(
                "UBND phường An Cựu",
                vec![
                    q("Hạ tầng kỹ thuật chưa đồng bộ, đường truyền chưa ổn định", "7"),
                    q("Chưa có hướng dẫn chi tiết", "7"),
                ],
            ),
            a("Sở Tư pháp", vec![q("Nội dung riêng của Sở.", "9")]),
        ];
        let all = statements(&groups);
        assert_eq!(all.len(), 4);
        assert_eq!(all[0].by.len(), 3, "most-cited first");
        assert_eq!(
            all[0].text, "Hạ tầng kỹ thuật chưa đồng bộ, đường truyền chưa ổn định.",
            "the first agency's own words"
        );
        // Every agency's every statement is under a statement equal to it, with that agency.
        for g in &groups {
            for quote in &g.quotes {
                assert!(all.iter().any(|s| key(&s.text) == key(&quote.text) && s.by.iter().any(|(n, _)| *n == g.name)));
            }
        }
        let s = section("III.", &groups, &Theme::defaults(), "khó khăn, vướng mắc", "");
        let texts: Vec<String> = s
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { text } => text.clone(),
                Block::Quote { label, text } => format!("{label}{text}"),
                _ => String::new(),
            })
            .collect();
        assert!(texts[0].starts_with("Có 4 cơ quan, đơn vị nêu 4 khó khăn, vướng mắc"), "{texts:#?}");
        assert!(texts[0].contains("hạ tầng, trang thiết bị (3 cơ quan, đơn vị)"), "{texts:#?}");
        assert!(
            texts[1].starts_with(
                "1. Về hạ tầng, trang thiết bị: 3 cơ quan, đơn vị nêu (Sở Y tế, Sở Nội vụ, UBND phường An Cựu)."
            ),
            "{texts:#?}"
        );
        // One statement in the theme: its opening named who; the quote follows in their words.
        assert_eq!(texts[2], "- Hạ tầng kỹ thuật chưa đồng bộ, đường truyền chưa ổn định.", "{texts:#?}");
        assert!(texts.iter().any(|t| t.starts_with("- (Sở Tư pháp, nhiệm vụ 9) Nội dung riêng")), "{texts:#?}");
        assert!(texts.iter().any(|t| t.contains("Ý kiến khác (1 cơ quan, đơn vị)")), "{texts:#?}");
        assert_eq!(texts.iter().filter(|t| t.starts_with("- ")).count(), 4, "each statement once");
    }

    #[test]
    fn statements_in_nearly_the_same_words_are_one_and_opposites_never() {
        let same = [
            (
                "Kinh phí bố trí cho nhiệm vụ còn hạn chế, chưa đáp ứng yêu cầu.",
                "Kinh phí bố trí cho nhiệm vụ còn hạn chế, chưa đáp ứng được yêu cầu",
            ),
            (
                "Hạ tầng kỹ thuật chưa đồng bộ, đường truyền chưa ổn định.",
                "Hạ tầng kĩ thuật chưa đồng bộ; đường truyền chưa ổn định",
            ),
            (
                "Đề nghị Sở Tài chính tham mưu bố trí kinh phí thực hiện nhiệm vụ.",
                "Đề nghị Sở Tài chính tham mưu UBND bố trí kinh phí thực hiện nhiệm vụ.",
            ),
        ];
        for (a, b) in same {
            assert!(same_statement(a, b), "«{a}» / «{b}»");
        }
        let different = [
            // A word that turns the statement around, a number, too short to tell, too far apart.
            ("Chưa có hướng dẫn cụ thể của bộ, ngành Trung ương.", "Đã có hướng dẫn cụ thể của bộ, ngành Trung ương."),
            (
                "Thiếu 3 cán bộ chuyên trách chuyển đổi số tại đơn vị.",
                "Thiếu 5 cán bộ chuyên trách chuyển đổi số tại đơn vị.",
            ),
            ("Thiếu kinh phí thực hiện.", "Thiếu nhân lực thực hiện."),
            ("Thiếu 3 cán bộ chuyên trách, cần bổ sung 5 người.", "Thiếu 5 cán bộ chuyên trách, cần bổ sung 3 người."),
            ("Kinh phí tăng so với năm trước, đáp ứng yêu cầu.", "Kinh phí giảm so với năm trước, đáp ứng yêu cầu."),
            ("Chưa có hướng dẫn cụ thể của bộ, ngành Trung ương.", "Chưa có hướng dẫn chi tiết của các bộ ngành."),
        ];
        for (a, b) in different {
            assert!(!same_statement(a, b), "«{a}» / «{b}»");
        }
        let q = |text: &str, task: &str| Quote { text: text.into(), tasks: vec![task.into()] };
        let a = |name: &str, quotes: Vec<Quote>| AgencyQuotes { agency: name.into(), name: name.into(), quotes };
        let groups = vec![
            a("Sở Y tế", vec![q(same[0].0, "3")]),
            a("Sở Nội vụ", vec![q(same[0].1, "5"), q(different[0].1, "5")]),
            a("UBND xã A Lưới 2", vec![q(different[0].0, "9"), q(same[0].0, "9")]),
        ];
        let all = statements(&groups);
        assert_eq!(all.len(), 3, "{all:#?}");
        assert_eq!(all[0].text, same[0].0, "the first agency's own words");
        let names: Vec<&str> = all[0].by.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Sở Y tế", "Sở Nội vụ", "UBND xã A Lưới 2"]);
        assert_eq!(all[0].by[1].1, ["5"], "with the task it was written for");
    }

    #[test]
    fn quotes_of_a_whole_city_are_printed_within_the_budget_and_the_rest_is_counted() {
        // Every agency of the demo, every task with a difficulty of 10.000 characters.
        for agencies in [40, 69] {
            let s = section("III.", &groups(agencies, 20, 10_000), &Theme::defaults(), "khó khăn", "");
            assert!(printed_chars(&s) <= SECTION_QUOTE_CHARS, "{agencies}: {}", printed_chars(&s));
            let last = s.blocks.last().unwrap();
            let Block::Paragraph { text } = last else { panic!("a closing sentence") };
            assert!(text.contains("ý kiến khác của") && text.contains("trang \"Chi tiết\""), "{text}");
        }
        // A few short ones are printed whole, with nothing said about the rest.
        let s = section("III.", &groups(3, 2, 100), &Theme::defaults(), "khó khăn", "");
        assert!(s.blocks.iter().all(|b| !matches!(b, Block::Paragraph { text } if text.contains("ý kiến khác"))));
        assert_eq!(s.blocks.iter().filter(|b| matches!(b, Block::Quote { .. })).count(), 6);
    }
}
