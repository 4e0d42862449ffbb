//! Sections III and IV: the difficulties and the proposals the agencies wrote, quoted.

use super::{para, Block, Section};
use crate::aggregate::AgencyQuotes;
use crate::vn;

/// Above this many agencies quoting a difficulty or proposal, identical texts are grouped.
pub const QUOTE_AGENCIES: usize = 60;
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

pub(super) fn section(title: &str, groups: &[AgencyQuotes], empty: &str) -> Section {
    let mut blocks = Vec::new();
    let mut printed = Printed::default();
    if groups.is_empty() {
        blocks.push(para(empty));
    } else if groups.len() > QUOTE_AGENCIES {
        // Many agencies: the same words are grouped, each quoted once with who wrote it.
        let mut texts: Vec<(String, String, Vec<&str>)> = Vec::new();
        for g in groups {
            for q in &g.quotes {
                let key = crate::fold::fold(&q.text);
                match texts.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, _, who)) => {
                        if !who.contains(&g.name.as_str()) {
                            who.push(&g.name);
                        }
                    }
                    None => texts.push((key, q.text.clone(), vec![g.name.as_str()])),
                }
            }
        }
        texts.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then(a.0.cmp(&b.0)));
        blocks.push(para(format!(
            "Có {} cơ quan, đơn vị nêu ý kiến; các ý kiến giống nhau được gộp theo nội dung (ý kiến của từng cơ quan tại bảng tổng hợp Excel kèm theo, trang \"Chi tiết\"):",
            vn::int(groups.len() as i64)
        )));
        for (_, text, who) in &texts {
            let names = if who.len() <= 5 {
                who.join(", ")
            } else {
                format!("{} và {} cơ quan, đơn vị khác", who[..5].join(", "), vn::int((who.len() - 5) as i64))
            };
            let Some(text) = printed.take(text, who[0]) else { continue };
            blocks.push(Block::Quote {
                label: format!("- ({} cơ quan, đơn vị: {names}) ", vn::int(who.len() as i64)),
                text,
            });
        }
    } else {
        for g in groups {
            let mut named = false;
            for q in &g.quotes {
                let Some(text) = printed.take(&q.text, &g.name) else { continue };
                if !named {
                    blocks.push(para(format!("- {}:", g.name)));
                    named = true;
                }
                let tasks = if q.tasks.len() == 1 {
                    format!("nhiệm vụ {}", q.tasks[0])
                } else {
                    format!("các nhiệm vụ {}", q.tasks.join(", "))
                };
                blocks.push(Block::Quote { label: format!("+ ({tasks}) "), text });
            }
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
    fn quotes_of_a_whole_city_are_printed_within_the_budget_and_the_rest_is_counted() {
        // Every agency of the demo, every task with a difficulty of 10.000 characters.
        for agencies in [40, 69] {
            let s = section("III.", &groups(agencies, 20, 10_000), "");
            assert!(printed_chars(&s) <= SECTION_QUOTE_CHARS, "{agencies}: {}", printed_chars(&s));
            let last = s.blocks.last().unwrap();
            let Block::Paragraph { text } = last else { panic!("a closing sentence") };
            assert!(text.contains("ý kiến khác của") && text.contains("trang \"Chi tiết\""), "{text}");
        }
        // A few short ones are printed whole, with nothing said about the rest.
        let s = section("III.", &groups(3, 2, 100), "");
        assert!(s.blocks.iter().all(|b| !matches!(b, Block::Paragraph { text } if text.contains("ý kiến khác"))));
        assert_eq!(s.blocks.iter().filter(|b| matches!(b, Block::Quote { .. })).count(), 6);
    }
}
