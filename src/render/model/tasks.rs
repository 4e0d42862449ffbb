//! The appendices of the tasks, one per list of the plan: each task's overall status and each
//! lead agency's report.

use super::{group_cells, short_names, Align, Appendix, Column, Table};
use crate::aggregate::{Figures, TaskRow};
use crate::model::Status;
use crate::plan::{Plan, TaskAppendix};
use crate::vn;

/// Above this many assignments, Phụ lục II gives per-task counts instead of one line per
/// agency (the full detail stays in the consolidated workbook).
pub const DETAIL_ASSIGNMENTS: usize = 1500;

/// The results of the tasks of one of the plan's lists (its Phụ lục 1, 2…, or all of them when
/// the plan has one list), grouped as the plan groups them.
pub(super) fn appendix(plan: &Plan, f: &Figures, reference: &str, list: &TaskAppendix, number: &str) -> Appendix {
    let in_list = |t: &&TaskRow| plan.task(&t.code).is_some_and(|p| p.appendix == list.id);
    let assignments: usize = f.task_rows.iter().filter(in_list).map(|t| t.assignments.len()).sum();
    let summary = assignments > DETAIL_ASSIGNMENTS;
    let width = 6 + plan.columns.len();
    let mut rows = Vec::new();
    let mut span_rows = Vec::new();
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
            let detail = if summary {
                let mut parts = Vec::new();
                for st in Status::ALL {
                    let k = t.assignments.iter().filter(|a| a.status == st).count();
                    if k > 0 {
                        parts.push(format!("{}: {}", st.label(), vn::int(k as i64)));
                    }
                }
                format!("{} cơ quan chủ trì; {}", vn::int(t.assignments.len() as i64), parts.join("; "))
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
                    .collect::<Vec<_>>()
                    .join("\n")
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
            let mut row = vec![t.code.clone(), t.name.clone(), lead, t.deadline_text.clone()];
            row.extend(task.map(|task| task.extra.clone()).unwrap_or_else(|| vec![String::new(); plan.columns.len()]));
            row.extend([status, detail]);
            rows.push(row);
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
        125u32.saturating_sub(45 * plan.columns.len() as u32).max(50),
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
        table: Table { span_rows, ..Table::new(columns, rows) },
    }
}
