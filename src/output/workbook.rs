//! The consolidated workbook beside the PDF: one sheet per table of the report, the full detail
//! of every assignment and every diagnostic, for the officer's follow-up questions.
//!
//! Numbers are written as numbers and percentages as fractions with a percent format, so the
//! officer can sort, filter and sum; Excel shows them in the machine's Vietnamese notation.
//! Each sheet is a function building its [`Sheet`]; writing is [`super::xlsx`]'s.

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use super::xlsx::{excel_date, write_sheet, Columns, Sheet, Value};
use crate::aggregate::{Counts, Figures, Timeliness};
use crate::model::{Intake, Status};
use crate::plan::Plan;

fn s(x: impl Into<String>) -> Value {
    Value::Text(x.into())
}

fn n(x: usize) -> Value {
    Value::count(x)
}

fn timeliness_label(t: Timeliness) -> &'static str {
    match t {
        Timeliness::DoneOnTime => "Hoàn thành đúng hạn",
        Timeliness::DoneLate => "Hoàn thành trễ hạn",
        Timeliness::Done => "Hoàn thành",
        Timeliness::Recurring => "Thường xuyên",
        Timeliness::OpenInTime => "Trong thời hạn",
        Timeliness::Overdue => "Quá hạn",
    }
}

/// A count and a share column for each status.
fn status_columns(cols: &mut Columns) {
    for st in Status::ALL {
        cols.push(st.label(), 12.0);
        cols.push(format!("Tỷ lệ {}", st.label().to_lowercase()), 12.0);
    }
}

fn status_cells(row: &mut Vec<Value>, c: &Counts) {
    for st in Status::ALL {
        row.push(n(c.get(st)));
        row.push(Value::Share(c.share(st)));
    }
}

/// The sheets, in order.
fn sheets(plan: &Plan, f: &Figures, intake: &Intake) -> Vec<Sheet> {
    let mut out = vec![by_status(f), by_group(f), by_agency(f), indicators(plan, f), register(f)];
    out.extend(overdue_and_next(f));
    out.push(detail(plan, f));
    out.extend(beyond_plan(plan, intake));
    out.push(diagnostics(plan, intake));
    out
}

/// Tasks (consolidated) and assignments by status.
fn by_status(f: &Figures) -> Sheet {
    let mut rows = Vec::new();
    for st in Status::ALL {
        rows.push(vec![
            s(st.label()),
            n(f.tasks.get(st)),
            Value::Share(f.tasks.share(st)),
            n(f.assignments.get(st)),
            Value::Share(f.assignments.share(st)),
        ]);
    }
    let whole = |total: usize| Value::Share(if total > 0 { 10_000 } else { 0 });
    rows.push(vec![
        s("Tổng số"),
        n(f.tasks.total),
        whole(f.tasks.total),
        n(f.assignments.total),
        whole(f.assignments.total),
    ]);
    let columns = Columns::of(&[
        ("Tình trạng", 20.0),
        ("Số nhiệm vụ", 14.0),
        ("Tỷ lệ nhiệm vụ", 14.0),
        ("Số lượt nhiệm vụ", 16.0),
        ("Tỷ lệ lượt nhiệm vụ", 16.0),
    ]);
    Sheet { name: "Theo tình trạng", columns, rows }
}

/// Tasks by group, with the previous cycle's finished tasks when one is stored.
fn by_group(f: &Figures) -> Sheet {
    let mut columns = Columns::of(&[("TT", 6.0), ("Nhóm nhiệm vụ", 60.0), ("Tổng số", 10.0)]);
    status_columns(&mut columns);
    columns.push("Quá hạn", 10.0);
    if f.previous.is_some() {
        columns.extend([("Hoàn thành kỳ trước", 14.0), ("Tăng/giảm", 12.0)]);
    }
    let mut rows = Vec::new();
    for g in &f.groups {
        let mut row = vec![s(&g.code), s(&g.title), n(g.counts.total)];
        status_cells(&mut row, &g.counts);
        row.push(n(g.overdue));
        if let Some(prev) = &f.previous {
            let before = prev.group_done(&g.code).unwrap_or(0);
            row.push(n(before));
            row.push(Value::Number(g.counts.get(Status::Done) as f64 - before as f64));
        }
        rows.push(row);
    }
    let mut total = vec![s(""), s("Tổng cộng"), n(f.tasks.total)];
    status_cells(&mut total, &f.tasks);
    total.push(n(f.overdue.len()));
    if let Some(prev) = &f.previous {
        total.push(n(prev.done()));
        total.push(Value::Number(f.tasks.get(Status::Done) as f64 - prev.done() as f64));
    }
    rows.push(total);
    Sheet { name: "Theo nhóm", columns, rows }
}

/// Assignments by lead agency.
fn by_agency(f: &Figures) -> Sheet {
    let mut columns = Columns::of(&[("Mã", 18.0), ("Cơ quan, đơn vị", 45.0), ("Số lượt nhiệm vụ", 12.0)]);
    status_columns(&mut columns);
    columns.push("Số chỉ tiêu theo dõi", 12.0);
    let rows = f
        .register
        .iter()
        .map(|r| {
            let mut row = vec![s(&r.agency), s(&r.name), n(r.assignments.total)];
            status_cells(&mut row, &r.assignments);
            row.push(n(r.indicators_tracked));
            row
        })
        .collect();
    Sheet { name: "Theo cơ quan", columns, rows }
}

fn indicators(plan: &Plan, f: &Figures) -> Sheet {
    let mut columns = Columns::of(&[
        ("Mã", 7.0),
        ("Chỉ tiêu", 60.0),
        ("Đơn vị tính", 14.0),
        ("Mục tiêu", 30.0),
        ("Năm", 7.0),
        ("Kết quả thực hiện", 14.0),
        ("Kết quả (văn bản)", 20.0),
    ]);
    if f.previous.is_some() {
        columns.push("Kết quả kỳ trước", 14.0);
    }
    columns.extend([("Tỷ lệ so với mục tiêu", 14.0), ("Đánh giá", 18.0), ("Cơ quan báo cáo", 40.0)]);
    let rows = f
        .indicator_rows
        .iter()
        .map(|r| {
            let mut row = vec![
                s(&r.code),
                s(&r.name),
                s(&r.unit),
                s(&r.target_text),
                Value::Number(r.target_year as f64),
                r.value.map(Value::Number).unwrap_or(Value::Empty),
                s(&r.value_text),
            ];
            if let Some(prev) = &f.previous {
                row.push(prev.indicator_value(&r.code).map(Value::Number).unwrap_or(Value::Empty));
            }
            row.push(r.share.map(|x| Value::Share((x * 10_000.0).round() as i64)).unwrap_or(Value::Empty));
            row.push(s(r.verdict.label()));
            row.push(s(r.reported_by.iter().map(|a| plan.registry.name(a)).collect::<Vec<_>>().join(", ")));
            row
        })
        .collect();
    Sheet { name: "Chỉ tiêu", columns, rows }
}

/// The submission register.
fn register(f: &Figures) -> Sheet {
    let rows = f
        .register
        .iter()
        .map(|r| {
            vec![
                s(&r.agency),
                s(&r.name),
                s(r.state.label()),
                Value::Date(r.report_date),
                s(r.file.clone().unwrap_or_default()),
                n(r.duplicates),
                n(r.errors),
                n(r.warnings),
            ]
        })
        .collect();
    let columns = Columns::of(&[
        ("Mã", 18.0),
        ("Cơ quan, đơn vị", 45.0),
        ("Tình trạng gửi", 14.0),
        ("Ngày báo cáo", 13.0),
        ("Tệp đã dùng", 40.0),
        ("Số tệp trùng bỏ qua", 12.0),
        ("Lỗi", 8.0),
        ("Cảnh báo", 10.0),
    ]);
    Sheet { name: "Nộp báo cáo", columns, rows }
}

/// Overdue assignments, and the tasks due by the next cycle.
fn overdue_and_next(f: &Figures) -> [Sheet; 2] {
    let columns = |lead: &str, status: &str| {
        Columns::of(&[
            ("Nhiệm vụ", 9.0),
            ("Tên nhiệm vụ", 60.0),
            ("Thời hạn", 14.0),
            ("Hạn (ngày)", 12.0),
            (lead, 45.0),
            (status, 16.0),
        ])
    };
    let mut rows = Vec::new();
    for code in &f.overdue {
        let Some(t) = f.task(code) else { continue };
        for a in t.assignments.iter().filter(|a| !a.status.is_finished()) {
            rows.push(vec![
                s(&t.code),
                s(&t.name),
                s(&t.deadline_text),
                Value::Date(t.due),
                s(&a.agency_name),
                s(a.status.label()),
            ]);
        }
    }
    let overdue =
        Sheet { name: "Quá hạn", columns: columns("Cơ quan chủ trì chưa hoàn thành", "Tình trạng"), rows };
    let rows = f
        .due_next
        .iter()
        .filter_map(|c| f.task(c))
        .map(|t| {
            vec![s(&t.code), s(&t.name), s(&t.deadline_text), Value::Date(t.due), s(&t.lead_text), s(t.status.label())]
        })
        .collect();
    let next =
        Sheet { name: "Đến hạn kỳ tới", columns: columns("Cơ quan chủ trì", "Tình trạng chung"), rows };
    [overdue, next]
}

/// Every assignment in full, with the plan's list (when it has several) and its extra columns.
fn detail(plan: &Plan, f: &Figures) -> Sheet {
    let lists = plan.appendices.len() > 1;
    let mut columns = Columns::of(&[
        ("Nhiệm vụ", 9.0),
        ("Nhóm", 7.0),
        ("Tên nhiệm vụ", 50.0),
        ("Thời hạn", 14.0),
        ("Hạn (ngày)", 12.0),
    ]);
    if lists {
        columns.push("Phụ lục của Kế hoạch", 14.0);
    }
    for c in &plan.columns {
        columns.push(c.header.clone(), 16.0);
    }
    columns.extend([
        ("Mã cơ quan", 18.0),
        ("Cơ quan chủ trì", 35.0),
        ("Tình trạng", 15.0),
        ("Tiến độ", 18.0),
        ("Ngày hoàn thành", 14.0),
        ("Kết quả thực hiện", 40.0),
        ("Khó khăn, vướng mắc", 30.0),
        ("Đề xuất, kiến nghị", 30.0),
        ("Tình trạng (nguyên văn phần ghi thêm)", 24.0),
    ]);
    let mut rows = Vec::new();
    for t in &f.task_rows {
        let task = plan.task(&t.code);
        let mut plan_cells = Vec::new();
        if lists {
            let id = task.map(|p| p.appendix.as_str()).unwrap_or("");
            plan_cells.push(s(plan.appendices.iter().find(|a| a.id == id).map(|a| a.number.as_str()).unwrap_or("")));
        }
        for k in 0..plan.columns.len() {
            plan_cells.push(s(task.and_then(|p| p.extra.get(k)).map(String::as_str).unwrap_or("")));
        }
        for a in &t.assignments {
            let mut row = vec![s(&t.code), s(&t.group), s(&t.name), s(&t.deadline_text), Value::Date(t.due)];
            row.extend(plan_cells.iter().cloned());
            row.extend([
                s(&a.agency),
                s(&a.agency_name),
                s(a.status.label()),
                s(timeliness_label(a.timeliness)),
                Value::Date(a.completed_on),
                s(&a.result),
                s(&a.difficulties),
                s(&a.proposals),
                s(&a.status_note),
            ]);
            rows.push(row);
        }
    }
    Sheet { name: "Chi tiết", columns, rows }
}

/// Every diagnostic, where it is and how to fix it.
fn diagnostics(plan: &Plan, intake: &Intake) -> Sheet {
    let rows = intake
        .diagnostics
        .iter()
        .map(|d| {
            vec![
                s(crate::diag::capitalised(d.severity.label())),
                s(crate::diag::label(d.code)),
                s(d.agency.as_deref().map(|a| plan.registry.name(a)).unwrap_or("")),
                s(&d.location.file),
                s(d.location.sheet.clone().unwrap_or_default()),
                s(d.location.cell.clone().unwrap_or_default()),
                s(&d.message),
                s(d.found.clone().unwrap_or_default()),
                s(d.expected.clone().unwrap_or_default()),
                s(d.hint.clone().unwrap_or_default()),
            ]
        })
        .collect();
    let columns = Columns::of(&[
        ("Mức độ", 10.0),
        ("Loại sai sót", 18.0),
        ("Cơ quan", 35.0),
        ("Tệp", 30.0),
        ("Trang tính", 14.0),
        ("Ô", 7.0),
        ("Nội dung", 60.0),
        ("Giá trị đọc được", 20.0),
        ("Giá trị hợp lệ", 30.0),
        ("Cách sửa", 50.0),
    ]);
    Sheet { name: "Sai sót", columns, rows }
}

/// The rows of the reports that are not plan figures: tasks of the senders' own and rows set
/// aside (a hidden row under a visible one), each with where it was. Sheets only when there are any.
fn beyond_plan(plan: &Plan, intake: &Intake) -> Vec<Sheet> {
    let place = |at: &crate::diag::Location| {
        [s(&at.file), s(at.sheet.clone().unwrap_or_default()), s(at.cell.clone().unwrap_or_default())]
    };
    let mut own = Vec::new();
    let mut aside = Vec::new();
    for sub in &intake.submissions {
        let agency = plan.registry.name(&sub.agency);
        for t in &sub.own_tasks {
            let mut row = vec![s(agency), s(&t.name), s(&t.status_text), s(&t.result)];
            row.extend(place(&t.at));
            own.push(row);
        }
        for a in &sub.set_aside {
            let mut row = vec![s(agency), s(&a.what), s(a.why)];
            row.extend(place(&a.at));
            aside.push(row);
        }
    }
    let mut sheets = Vec::new();
    if !own.is_empty() {
        let columns = Columns::of(&[
            ("Cơ quan", 35.0),
            ("Nhiệm vụ", 60.0),
            ("Tình trạng", 18.0),
            ("Kết quả thực hiện", 40.0),
            ("Tệp", 24.0),
            ("Trang tính", 16.0),
            ("Ô", 8.0),
        ]);
        sheets.push(Sheet { name: "Nhiệm vụ ngoài kế hoạch", columns, rows: own });
    }
    if !aside.is_empty() {
        let columns = Columns::of(&[
            ("Cơ quan", 35.0),
            ("Dòng về", 16.0),
            ("Lý do không tính", 50.0),
            ("Tệp", 24.0),
            ("Trang tính", 16.0),
            ("Ô", 8.0),
        ]);
        sheets.push(Sheet { name: "Dòng không tính", columns, rows: aside });
    }
    sheets
}

/// The workbook's bytes. Deterministic: its creation date is the report's date.
pub fn workbook_bytes(
    plan: &Plan,
    figures: &Figures,
    intake: &Intake,
    report_date: NaiveDate,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Số liệu tổng hợp - {}", plan.meta.short_title))
            .set_author(plan.registry.name(&plan.meta.consolidated_by))
            .set_creation_datetime(&excel_date(report_date)?),
    );
    for sheet in sheets(plan, figures, intake) {
        let ws = wb.add_worksheet();
        write_sheet(ws, &sheet)?;
    }
    wb.save_to_buffer()
}
