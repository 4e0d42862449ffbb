//! Section II: the indicators' verdicts, the tasks' statuses overall, per agency and per group
//! (table and chart), compared with the previous cycle, and the overdue tasks.

use super::{group_cells, para, pct, short_name, status_sentence, Align, Bar, Block, Column, Numbers, Section, Table};
use crate::aggregate::{Counts, Figures, Snapshot, TaskRow};
use crate::model::Status;
use crate::plan::{Plan, Verdict};
use crate::vn;

/// Indicators named one by one as facts; past this many, the rest by number.
const FACTS: usize = 8;

/// "Dự án" → "dự án" inside a sentence; "GRDP", "PII", "Top 5" stay as they are.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() && !text.starts_with("Top ") => {
            a.to_lowercase().chain(text[a.len_utf8()..].chars()).collect()
        }
        _ => text.to_string(),
    }
}

/// "- Chỉ tiêu 23 (Tỷ lệ dân số trưởng thành có chữ ký số…): đạt 62,2%, mục tiêu ≥ 50 (năm 2030)."
/// The value as a number in Vietnamese notation with its unit, or in the reporting agency's own
/// words when it wrote words; a parent indicator by its parts.
fn fact(plan: &Plan, r: &crate::aggregate::IndicatorRow) -> String {
    let name = plan.indicators.iter().find(|i| i.code == r.code).map(|i| i.short.as_str()).unwrap_or(&r.name);
    let reached = r.verdict == Verdict::Reached;
    let typed = r.value_text.trim();
    let plain_number = !typed.is_empty() && typed.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'));
    let unit = r.unit.trim();
    let value = match r.value {
        Some(v) if typed.is_empty() || plain_number => match unit {
            u if u.starts_with('%') => format!("{}{u}", vn::number(v)),
            "" => vn::number(v),
            u if crate::fold::fold(u).contains("thu bac") || crate::fold::fold(u).contains("xep hang") => {
                format!("thứ {}", vn::number(v))
            }
            u => format!("{} {}", vn::number(v), lower_first(u)),
        },
        _ if !typed.is_empty() => lower_first(typed),
        _ => String::new(),
    };
    let target = lower_first(r.target_text.trim().trim_end_matches('.'));
    let by_parts = crate::fold::fold(&target).starts_with("theo cac chi tieu thanh phan");
    let year = r.target_year;
    match (value.is_empty() || by_parts, reached) {
        (true, true) => format!("- Chỉ tiêu {} ({name}): đạt mục tiêu năm {year} ở các chỉ tiêu thành phần.", r.code),
        (true, false) => {
            format!("- Chỉ tiêu {} ({name}): chưa đạt mục tiêu năm {year} ở các chỉ tiêu thành phần.", r.code)
        }
        (false, true) => format!("- Chỉ tiêu {} ({name}): đạt {value}, mục tiêu {target} (năm {year}).", r.code),
        (false, false) => format!("- Chỉ tiêu {} ({name}): {value}, mục tiêu {target} (năm {year}).", r.code),
    }
}

/// The indicators past the ones named as facts, by the plan's own groups of them, its target
/// years: "- và 4 chỉ tiêu khác: đến năm 2030, chỉ tiêu số 20, 21; đến năm 2045, chỉ tiêu số 26,
/// 27 (chi tiết tại Phụ lục I kèm theo)."
fn rest_by_year(f: &Figures, codes: &[&str], appendix: &str) -> String {
    let mut years: Vec<(i32, Vec<&str>)> = Vec::new();
    for code in codes {
        let Some(r) = f.indicator_rows.iter().find(|r| r.code == *code) else { continue };
        match years.iter_mut().find(|(y, _)| *y == r.target_year) {
            Some((_, list)) => list.push(code),
            None => years.push((r.target_year, vec![code])),
        }
    }
    years.sort_by_key(|(y, _)| *y);
    let groups: Vec<String> = years
        .iter()
        .map(|(year, list)| {
            let which = if years.len() > 1 {
                format!("{} chỉ tiêu đến năm {year}", list.len())
            } else {
                format!("đến năm {year}")
            };
            format!("{which}, chỉ tiêu số {}", list.join(", "))
        })
        .collect();
    format!("- và {} chỉ tiêu khác: {} (chi tiết tại {appendix} kèm theo).", codes.len(), groups.join("; "))
}

pub(super) fn section(plan: &Plan, f: &Figures, numbers: &Numbers) -> Section {
    let mut blocks = vec![Block::Heading { text: "1. Kết quả thực hiện các chỉ tiêu".into() }];
    let top = plan.indicators.iter().filter(|i| i.parent.is_none()).count();
    if top == 0 {
        blocks.push(para("Kế hoạch không đề ra chỉ tiêu định lượng; báo cáo tổng hợp kết quả thực hiện các nhiệm vụ."));
    } else {
        let v = &f.indicator_verdicts;
        let s = &f.indicator_shares;
        let mut parts = vec![
            format!("{} chỉ tiêu đạt ({})", v[0], pct(s[0])),
            format!("{} chỉ tiêu chưa đạt ({})", v[1], pct(s[1])),
            format!("{} chỉ tiêu chưa có số liệu ({})", v[2], pct(s[2])),
        ];
        if v[3] > 0 {
            parts.push(format!("{} chỉ tiêu không đánh giá được ({})", v[3], pct(s[3])));
        }
        // The target years are the plan's own ("đến năm 2030 và năm 2045", "năm 2024").
        let mut years: Vec<i32> =
            plan.indicators.iter().filter(|i| i.parent.is_none()).map(|i| i.target_year).collect();
        years.sort_unstable();
        years.dedup();
        let years = match years.as_slice() {
            [] => String::new(),
            [only] if *only == f.period.year => format!(" cho năm {only}"),
            [only] => format!(" đến năm {only}"),
            [init @ .., last] => {
                format!(
                    " đến năm {} và năm {last}",
                    init.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", năm ")
                )
            }
        };
        blocks.push(para(format!(
            "Kế hoạch đề ra {top} chỉ tiêu{years}. Theo số liệu do các cơ quan theo dõi báo cáo, trong tổng số {top} chỉ tiêu, có {} (chi tiết tại {} kèm theo).",
            parts.join(", "),
            numbers.indicators.as_deref().unwrap_or("")
        )));
        let reached: Vec<&str> = f
            .indicator_rows
            .iter()
            .filter(|r| r.parent.is_none() && r.verdict == Verdict::Reached)
            .map(|r| r.code.as_str())
            .collect();
        let not_reached: Vec<&str> = f
            .indicator_rows
            .iter()
            .filter(|r| r.parent.is_none() && r.verdict == Verdict::NotReached)
            .map(|r| r.code.as_str())
            .collect();
        // Each indicator as a fact: what it is, what was reached, against what target.
        for (codes, lead) in
            [(&reached, "Các chỉ tiêu đã đạt mục tiêu"), (&not_reached, "Các chỉ tiêu chưa đạt mục tiêu")]
        {
            if codes.is_empty() {
                continue;
            }
            blocks.push(para(format!("{lead} ({} chỉ tiêu):", codes.len())));
            for code in codes.iter().take(FACTS) {
                let Some(r) = f.indicator_rows.iter().find(|r| r.code == *code) else { continue };
                blocks.push(para(fact(plan, r)));
            }
            if codes.len() > FACTS {
                blocks.push(para(rest_by_year(f, &codes[FACTS..], numbers.indicators.as_deref().unwrap_or(""))));
            }
        }
        let mut rows: Vec<Vec<String>> = Verdict::ALL
            .iter()
            .enumerate()
            .map(|(i, verdict)| vec![verdict.label().to_string(), v[i].to_string(), pct(s[i])])
            .collect();
        rows.push(vec!["Tổng số".into(), top.to_string(), pct(if top > 0 { 10_000 } else { 0 })]);
        let columns = vec![
            Column::new("Kết quả đánh giá", 0, Align::Left),
            Column::new("Số chỉ tiêu", 35, Align::Right),
            Column::new("Tỷ lệ", 35, Align::Right),
        ];
        blocks.push(Block::Table(Table::new(columns, rows).with_total()));
    }

    blocks.push(Block::Heading { text: "2. Kết quả thực hiện các nhiệm vụ".into() });
    // Where the tasks are listed: the plan's own lists, when it has several.
    let lists = if plan.appendices.len() > 1 {
        let per_list: Vec<String> = plan
            .appendices
            .iter()
            .map(|a| {
                let n = plan.tasks.iter().filter(|t| t.appendix == a.id).count();
                format!("{} nhiệm vụ tại {}", vn::int(n as i64), a.number)
            })
            .collect();
        let (last, rest) = per_list.split_last().expect("more than one");
        format!("{} và {last} của Kế hoạch; ", rest.join(", "))
    } else {
        String::new()
    };
    let mut overall = format!(
        "Trong tổng số {} nhiệm vụ của Kế hoạch ({lists}chi tiết tại {} kèm theo), {}.",
        vn::int(f.tasks.total as i64),
        numbers.all_tasks(),
        status_sentence(&f.tasks, "nhiệm vụ")
    );
    if let Some(prev) = &f.previous {
        overall.push(' ');
        overall.push_str(&comparison_sentence(plan, prev, f.tasks.get(Status::Done)));
    }
    blocks.push(para(overall));
    let mut late = String::new();
    if f.assignments_overdue > 0 {
        late.push_str(&format!(
            "; có {} lượt nhiệm vụ đã quá thời hạn mà chưa hoàn thành",
            vn::int(f.assignments_overdue as i64)
        ));
    }
    if f.assignments_done_late > 0 {
        late.push_str(&format!(", {} lượt nhiệm vụ hoàn thành sau thời hạn", vn::int(f.assignments_done_late as i64)));
    }
    blocks.push(para(format!(
        "Một nhiệm vụ có nhiều cơ quan chủ trì chỉ được tính là hoàn thành khi tất cả các cơ quan chủ trì báo cáo hoàn thành. Xét theo từng cơ quan chủ trì, trong tổng số {} lượt nhiệm vụ được giao, {}{late}.",
        vn::int(f.assignments.total as i64),
        status_sentence(&f.assignments, "lượt nhiệm vụ")
    )));
    blocks.push(para(
        "Kết quả thực hiện theo từng nhóm nhiệm vụ như sau (tỷ lệ trong ngoặc tính trên tổng số nhiệm vụ của nhóm, làm tròn đến 0,01%):",
    ));
    let cell = |c: &Counts, s: Status| format!("{}\n({})", c.get(s), pct(c.share(s)));
    let mut rows: Vec<Vec<String>> = f
        .groups
        .iter()
        .map(|g| {
            let (code, title) = group_cells(&g.code, &g.short_title);
            let mut row = vec![code, title, g.counts.total.to_string()];
            row.extend(Status::ALL.iter().map(|s| cell(&g.counts, *s)));
            row.push(g.overdue.to_string());
            if let Some(prev) = &f.previous {
                let before = prev.group_done(&g.code).unwrap_or(0) as i64;
                row.push(signed(g.counts.get(Status::Done) as i64 - before));
            }
            row
        })
        .collect();
    let mut total = vec![String::new(), "Tổng cộng".into(), f.tasks.total.to_string()];
    total.extend(Status::ALL.iter().map(|s| cell(&f.tasks, *s)));
    total.push(f.overdue.len().to_string());
    if let Some(prev) = &f.previous {
        total.push(signed(f.tasks.get(Status::Done) as i64 - prev.done() as i64));
    }
    rows.push(total);
    // With the comparison column, the others give up a millimetre each.
    let narrow = u32::from(f.previous.is_some());
    let mut columns = vec![
        Column::new("TT", 9 - narrow, Align::Center),
        Column::new("Nhóm nhiệm vụ", 0, Align::Left),
        Column::new("Tổng số", 13 - narrow, Align::Right),
    ];
    columns.extend(Status::ALL.iter().map(|s| Column::new(s.label(), 18 - narrow, Align::Right)));
    columns.push(Column::new("Quá hạn", 13 - narrow, Align::Right));
    if f.previous.is_some() {
        columns.push(Column::new("Hoàn thành so với kỳ trước", 17, Align::Right));
    }
    blocks.push(Block::Table(Table::new(columns, rows).with_total()));
    blocks.push(Block::Chart {
        title: "Tiến độ thực hiện nhiệm vụ theo nhóm (số nhiệm vụ):".into(),
        bars: f
            .groups
            .iter()
            .map(|g| Bar {
                label: format!("Nhóm {}", g.code),
                total: g.counts.total.max(1),
                parts: g.counts.by_status.to_vec(),
            })
            .collect(),
        legend: Status::ALL.iter().map(|s| s.label().to_string()).collect(),
    });

    if f.overdue.is_empty() {
        blocks.push(para("Không có nhiệm vụ nào đã quá thời hạn mà chưa hoàn thành."));
    } else {
        blocks
            .push(para(format!("Các nhiệm vụ đã quá thời hạn nhưng chưa hoàn thành ({} nhiệm vụ):", f.overdue.len())));
        for code in &f.overdue {
            if let Some(t) = f.task(code) {
                blocks.push(para(overdue_line(t, numbers, plan)));
            }
        }
    }
    Section { title: "II. KẾT QUẢ THỰC HIỆN".into(), blocks }
}

/// "So với kỳ báo cáo trước (6 tháng đầu năm 2026), tăng 5 nhiệm vụ hoàn thành (từ 13 lên 18
/// nhiệm vụ)."
pub fn comparison_sentence(plan: &Plan, prev: &Snapshot, done: usize) -> String {
    let label = plan.period_label(prev.year, prev.period);
    let before = prev.done();
    match done.cmp(&before) {
        std::cmp::Ordering::Greater => format!(
            "So với kỳ báo cáo trước ({label}), tăng {} nhiệm vụ hoàn thành (từ {before} lên {done} nhiệm vụ).",
            done - before
        ),
        std::cmp::Ordering::Less => format!(
            "So với kỳ báo cáo trước ({label}), giảm {} nhiệm vụ hoàn thành (từ {before} xuống {done} nhiệm vụ).",
            before - done
        ),
        std::cmp::Ordering::Equal => {
            format!("So với kỳ báo cáo trước ({label}), số nhiệm vụ hoàn thành không thay đổi ({done} nhiệm vụ).")
        }
    }
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn overdue_line(t: &TaskRow, numbers: &Numbers, plan: &Plan) -> String {
    let open: Vec<_> = t.assignments.iter().filter(|a| !a.status.is_finished()).collect();
    let who = if open.len() <= 4 {
        open.iter()
            .map(|a| format!("{} ({})", a.agency_name, a.status.label().to_lowercase()))
            .collect::<Vec<_>>()
            .join("; ")
    } else {
        format!(
            "{}/{} cơ quan, đơn vị chủ trì chưa hoàn thành (chi tiết tại {})",
            open.len(),
            t.assignments.len(),
            numbers.of_tasks(plan.task(&t.code).map(|p| p.appendix.as_str()).unwrap_or(""))
        )
    };
    format!("- Nhiệm vụ {}: {} (thời hạn: {}): {}.", t.code, short_name(&t.name, 24), t.deadline_text, who)
}
