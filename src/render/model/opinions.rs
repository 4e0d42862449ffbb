//! Sections III and IV: the difficulties and the proposals the agencies wrote, quoted.

use super::{para, Block, Section};
use crate::aggregate::AgencyQuotes;
use crate::vn;

/// Above this many agencies quoting a difficulty or proposal, identical texts are grouped.
pub const QUOTE_AGENCIES: usize = 60;

pub(super) fn section(title: &str, groups: &[AgencyQuotes], empty: &str) -> Section {
    let mut blocks = Vec::new();
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
            blocks.push(Block::Quote {
                label: format!("- ({} cơ quan, đơn vị: {names}) ", vn::int(who.len() as i64)),
                text: text.clone(),
            });
        }
    } else {
        for g in groups {
            blocks.push(para(format!("- {}:", g.name)));
            for q in &g.quotes {
                let tasks = if q.tasks.len() == 1 {
                    format!("nhiệm vụ {}", q.tasks[0])
                } else {
                    format!("các nhiệm vụ {}", q.tasks.join(", "))
                };
                blocks.push(Block::Quote { label: format!("+ ({tasks}) "), text: q.text.clone() });
            }
        }
    }
    Section { title: title.into(), blocks }
}
