//! The appendices of the tasks, one per list of the plan: each task's overall status and each
//! lead agency's report.

use super::{group_cells, short_name, short_names, Align, Appendix, Column, Table};
use crate::aggregate::{Figures, TaskRow};
use crate::model::Status;
use crate::plan::{Plan, TaskAppendix};
use crate::vn;

/// Above this many assignments, Phụ lục II gives per-task counts instead of one line per
/// agency (the full detail stays in the consolidated workbook).
pub const DETAIL_ASSIGNMENTS: usize = 1500;

/// Lines of agencies in one row after a task's first (a page of Phụ lục II holds about 30):
/// rows of 1 line cost the layout 400 MiB for the demo, rows of 6 lines 250 MiB and 3 pages.
const JOINED_LINES: usize = 6;

/// The text width of a landscape appendix page: 297 mm less its 20 mm margins.
const LINE_MM: u32 = 257;

/// Characters of 11 pt text on one line of a column `mm` wide (its 3 pt insets taken off):
/// about 1,85 mm a character.
fn chars_per_line(mm: u32) -> usize {
    ((f64::from(mm) - 2.1) / 1.85).max(4.0) as usize
}

/// Lines `text` takes in a column of `chars` characters a line (a word wraps whole).
fn lines_of(text: &str, chars: usize) -> usize {
    text.split('\n')
        .map(|para| {
            let mut lines = 1;
            let mut used = 0;
            for w in para.split_whitespace() {
                let n = w.chars().count();
                if used > 0 && used + 1 + n > chars {
                    lines += 1;
                    used = n;
                } else {
                    used += if used > 0 { n + 1 } else { n };
                }
            }
            lines
        })
        .sum()
}

/// A task's name on the rows that go on with it: cut at a sense boundary within about six
/// words, then "(tiếp theo)"; a name with no such boundary is not repeated (the TT says it).
fn continued_name(name: &str) -> String {
    let short = short_name(name, 6);
    if short.split_whitespace().count() <= 9 {
        format!("{short} (tiếp theo)")
    } else {
        "(tiếp theo)".to_string()
    }
}

/// The results of the tasks of one of the plan's lists (its Phụ lục 1, 2…, or all of them when
/// the plan has one list), grouped as the plan groups them.
pub(super) fn appendix(plan: &Plan, f: &Figures, reference: &str, list: &TaskAppendix, number: &str) -> Appendix {
    let in_list = |t: &&TaskRow| plan.task(&t.code).is_some_and(|p| p.appendix == list.id);
    let assignments: usize = f.task_rows.iter().filter(in_list).map(|t| t.assignments.len()).sum();
    let summary = assignments > DETAIL_ASSIGNMENTS;
    let width = 6 + plan.columns.len();
    let detail_mm = 125u32.saturating_sub(45 * plan.columns.len() as u32).max(50);
    let name_mm = LINE_MM.saturating_sub(10 + 34 + 20 + 24 * plan.columns.len() as u32 + 22 + detail_mm).max(30);
    let (detail_chars, name_chars, lead_chars) =
        (chars_per_line(detail_mm), chars_per_line(name_mm), chars_per_line(34));
    let mut rows = Vec::new();
    let mut span_rows = Vec::new();
    let (mut joined, mut continued) = (Vec::new(), Vec::new());
    for g in &plan.groups {
        let tasks: Vec<&TaskRow> = f.task_rows.iter().filter(in_list).filter(|t| t.group == g.code).collect();
        if tasks.is_empty() {
            continue;
        }
        span_rows.push(rows.len());
        let (code, title) = group_cells(&g.code, &g.title);
        let mut row = vec![code, title];
        row.resize(width, String::new());
        rows.push(row);
        for t in tasks {
            let task = plan.task(&t.code);
            let lines: Vec<String> = if summary {
                let mut parts = Vec::new();
                for st in Status::ALL {
                    let k = t.assignments.iter().filter(|a| a.status == st).count();
                    if k > 0 {
                        parts.push(format!("{}: {}", st.label(), vn::int(k as i64)));
                    }
                }
                vec![format!("{} cơ quan chủ trì; {}", vn::int(t.assignments.len() as i64), parts.join("; "))]
            } else {
                t.assignments
                    .iter()
                    .map(|a| {
                        let mut line = format!("{}: {}", a.agency_name, a.status.label());
                        if let Some(d) = a.completed_on {
                            line.push_str(&format!(" ({})", vn::short_date(d)));
                        }
                        if !a.result.is_empty() {
                            line.push_str(&format!(" – {}", a.result));
                        }
                        line
                    })
                    .collect()
            };
            let mut status = t.status.label().to_string();
            if t.overdue {
                status.push_str("\n(quá hạn)");
            }
            let lead = match task {
                Some(task) if task.open_lead => {
                    format!("{}\n({} báo cáo)", t.lead_text, short_names(plan, &task.leads))
                }
                _ => t.lead_text.clone(),
            };
            let extra = task.map(|task| task.extra.clone()).unwrap_or_else(|| vec![String::new(); plan.columns.len()]);
            // The first row holds as many agencies as stand beside the task's name; then one row
            // per agency: a task of many agencies breaks between two of them, and a row that
            // opens a page says which task it goes on with.
            let name_lines = lines_of(&t.name, name_chars).max(lines_of(&lead, lead_chars));
            let mut first = 0;
            let mut used = 0;
            while first < lines.len() && (first == 0 || used + lines_of(&lines[first], detail_chars) <= name_lines) {
                used += lines_of(&lines[first], detail_chars);
                first += 1;
            }
            let mut row = vec![t.code.clone(), t.name.clone(), lead.clone(), t.deadline_text.clone()];
            row.extend(extra.iter().cloned());
            row.push(status.clone());
            row.push(lines[..first].join("\n"));
            rows.push(row);
            // The rest in rows of a few lines: a page breaks between two of them (the fewer rows,
            // the less the layout costs; the shorter, the less room a page leaves unused).
            let mut rest: Vec<Vec<&String>> = Vec::new();
            let mut used = JOINED_LINES;
            for line in &lines[first..] {
                let n = lines_of(line, detail_chars);
                if used + n > JOINED_LINES {
                    rest.push(Vec::new());
                    used = 0;
                }
                rest.last_mut().expect("a row").push(line);
                used += n;
            }
            for part in rest {
                let mut cont = vec![t.code.clone(), continued_name(&t.name)];
                cont.resize(width, String::new());
                joined.push(rows.len());
                continued.push(cont);
                let mut row = vec![String::new(); width - 1];
                row.push(part.iter().map(|l| l.as_str()).collect::<Vec<_>>().join("\n"));
                rows.push(row);
            }
        }
    }
    let mut notes = vec!["Tình trạng chung của nhiệm vụ là tình trạng thấp nhất trong số các cơ quan chủ trì; nhiệm vụ chỉ hoàn thành khi tất cả cơ quan chủ trì hoàn thành.".to_string()];
    if plan.tasks.iter().any(|t| t.open_lead && t.appendix == list.id) {
        notes.push("Nhiệm vụ có đơn vị chủ trì không phải là cơ quan trong danh mục (ví dụ đơn vị được tuyển chọn thực hiện): cơ quan ghi trong ngoặc báo cáo kết quả thay và được tính là cơ quan chủ trì.".to_string());
    }
    if summary {
        notes.push(format!(
            "Do số lượng lớn ({} lượt nhiệm vụ), Phụ lục này tổng hợp số cơ quan chủ trì theo tình trạng của từng nhiệm vụ; kết quả của từng cơ quan chi tiết tại bảng tổng hợp Excel kèm theo (trang \"Chi tiết\").",
            vn::int(assignments as i64)
        ));
    }
    let mut columns = vec![
        Column::new("TT", 10, Align::Center),
        Column::new("Nhiệm vụ", 0, Align::Left),
        Column::new("Cơ quan chủ trì", 34, Align::Left),
        Column::new("Thời hạn", 20, Align::Center),
    ];
    columns.extend(plan.columns.iter().map(|c| Column::new(c.header.clone(), 24, Align::Left)));
    columns.push(Column::new("Tình trạng chung", 22, Align::Center));
    // The plan's extra columns come out of the widest one, the results, leaving the task names room.
    columns.push(Column::new(
        if summary {
            "Số cơ quan chủ trì theo tình trạng"
        } else {
            "Kết quả của từng cơ quan chủ trì"
        },
        detail_mm,
        Align::Left,
    ));
    let (title, subtitle) = if list.number.is_empty() {
        ("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ".to_string(), String::new())
    } else {
        (
            format!("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TẠI {} CỦA KẾ HOẠCH", list.number.to_uppercase()),
            if list.title.is_empty() { String::new() } else { format!("({})", list.title) },
        )
    };
    Appendix {
        number: number.into(),
        title,
        subtitle,
        reference: reference.into(),
        landscape: true,
        notes,
        table: Table { span_rows, joined, continued, ..Table::new(columns, rows) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_as_words_wrap() {
        assert_eq!(lines_of("a b c", 5), 1);
        assert_eq!(lines_of("aaa bbb ccc", 7), 2);
        assert_eq!(lines_of("aaa\nbbb", 40), 2);
        // The task name column of Phụ lục II (46 mm): 23 characters a line.
        assert_eq!(chars_per_line(46), 23);
    }
}
