//! The consolidated workbook beside the PDF: one sheet per table of the report, the full detail
//! of every assignment and every diagnostic, for the officer's follow-up questions.
//!
//! Numbers are written as numbers and percentages as fractions with a percent format, so the
//! officer can sort, filter and sum; Excel shows them in the machine's Vietnamese notation.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::aggregate::{Counts, Figures, Timeliness};
use crate::model::{Intake, Status};
use crate::plan::Plan;

/// A cell value.
#[derive(Clone)]
enum V {
    S(String),
    N(f64),
    /// A share in hundredths of a percent, written as a fraction with a percent format.
    P(i64),
    D(Option<NaiveDate>),
    Empty,
}

struct Sheet {
    name: &'static str,
    header: Vec<String>,
    widths: Vec<f64>,
    rows: Vec<Vec<V>>,
}

fn s(x: impl Into<String>) -> V {
    V::S(x.into())
}

fn n(x: usize) -> V {
    V::N(x as f64)
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

fn status_columns(header: &mut Vec<String>, widths: &mut Vec<f64>) {
    for st in Status::ALL {
        header.push(st.label().to_string());
        header.push(format!("Tỷ lệ {}", st.label().to_lowercase()));
        widths.extend([12.0, 12.0]);
    }
}

fn status_cells(row: &mut Vec<V>, c: &Counts) {
    for st in Status::ALL {
        row.push(n(c.get(st)));
        row.push(V::P(c.share(st)));
    }
}

/// The sheets, in order.
fn sheets(plan: &Plan, f: &Figures, intake: &Intake) -> Vec<Sheet> {
    let mut out = Vec::new();

    // By status: tasks (consolidated) and assignments.
    let mut rows = Vec::new();
    for st in Status::ALL {
        rows.push(vec![
            s(st.label()),
            n(f.tasks.get(st)),
            V::P(f.tasks.share(st)),
            n(f.assignments.get(st)),
            V::P(f.assignments.share(st)),
        ]);
    }
    rows.push(vec![
        s("Tổng số"),
        n(f.tasks.total),
        V::P(if f.tasks.total > 0 { 10_000 } else { 0 }),
        n(f.assignments.total),
        V::P(if f.assignments.total > 0 { 10_000 } else { 0 }),
    ]);
    out.push(Sheet {
        name: "Theo tình trạng",
        header: ["Tình trạng", "Số nhiệm vụ", "Tỷ lệ nhiệm vụ", "Số lượt nhiệm vụ", "Tỷ lệ lượt nhiệm vụ"]
            .map(String::from)
            .to_vec(),
        widths: vec![20.0, 14.0, 14.0, 16.0, 16.0],
        rows,
    });

    // By group.
    let mut header = vec!["TT".to_string(), "Nhóm nhiệm vụ".into(), "Tổng số".into()];
    let mut widths = vec![6.0, 60.0, 10.0];
    status_columns(&mut header, &mut widths);
    header.push("Quá hạn".into());
    widths.push(10.0);
    if f.previous.is_some() {
        header.push("Hoàn thành kỳ trước".into());
        header.push("Tăng/giảm".into());
        widths.extend([14.0, 12.0]);
    }
    let mut rows = Vec::new();
    for g in &f.groups {
        let mut row = vec![s(&g.code), s(&g.title), n(g.counts.total)];
        status_cells(&mut row, &g.counts);
        row.push(n(g.overdue));
        if let Some(prev) = &f.previous {
            let before = prev.group_done(&g.code).unwrap_or(0);
            row.push(n(before));
            row.push(V::N(g.counts.get(Status::Done) as f64 - before as f64));
        }
        rows.push(row);
    }
    let mut total = vec![s(""), s("Tổng cộng"), n(f.tasks.total)];
    status_cells(&mut total, &f.tasks);
    total.push(n(f.overdue.len()));
    if let Some(prev) = &f.previous {
        total.push(n(prev.done()));
        total.push(V::N(f.tasks.get(Status::Done) as f64 - prev.done() as f64));
    }
    rows.push(total);
    out.push(Sheet { name: "Theo nhóm", header, widths, rows });

    // By agency.
    let mut header = vec!["Mã".to_string(), "Cơ quan, đơn vị".into(), "Số lượt nhiệm vụ".into()];
    let mut widths = vec![18.0, 45.0, 12.0];
    status_columns(&mut header, &mut widths);
    header.push("Số chỉ tiêu theo dõi".into());
    widths.push(12.0);
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
    out.push(Sheet { name: "Theo cơ quan", header, widths, rows });

    // Indicators.
    let mut header: Vec<String> =
        ["Mã", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Năm", "Kết quả thực hiện", "Kết quả (văn bản)"]
            .map(String::from)
            .to_vec();
    let mut widths = vec![7.0, 60.0, 14.0, 30.0, 7.0, 14.0, 20.0];
    if f.previous.is_some() {
        header.push("Kết quả kỳ trước".into());
        widths.push(14.0);
    }
    header.extend(["Tỷ lệ so với mục tiêu", "Đánh giá", "Cơ quan báo cáo"].map(String::from));
    widths.extend([14.0, 18.0, 40.0]);
    let rows = f
        .indicator_rows
        .iter()
        .map(|r| {
            let mut row = vec![
                s(&r.code),
                s(&r.name),
                s(&r.unit),
                s(&r.target_text),
                V::N(r.target_year as f64),
                r.value.map(V::N).unwrap_or(V::Empty),
                s(&r.value_text),
            ];
            if let Some(prev) = &f.previous {
                row.push(prev.indicator_value(&r.code).map(V::N).unwrap_or(V::Empty));
            }
            row.push(r.share.map(|x| V::P((x * 10_000.0).round() as i64)).unwrap_or(V::Empty));
            row.push(s(r.verdict.label()));
            row.push(s(r.reported_by.iter().map(|a| plan.registry.name(a)).collect::<Vec<_>>().join(", ")));
            row
        })
        .collect();
    out.push(Sheet { name: "Chỉ tiêu", header, widths, rows });

    // Submission register.
    let rows = f
        .register
        .iter()
        .map(|r| {
            vec![
                s(&r.agency),
                s(&r.name),
                s(r.state.label()),
                V::D(r.report_date),
                s(r.file.clone().unwrap_or_default()),
                n(r.duplicates),
                n(r.errors),
                n(r.warnings),
            ]
        })
        .collect();
    out.push(Sheet {
        name: "Nộp báo cáo",
        header: [
            "Mã",
            "Cơ quan, đơn vị",
            "Tình trạng gửi",
            "Ngày báo cáo",
            "Tệp đã dùng",
            "Số tệp trùng bỏ qua",
            "Lỗi",
            "Cảnh báo",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![18.0, 45.0, 14.0, 13.0, 40.0, 12.0, 8.0, 10.0],
        rows,
    });

    // Overdue and next cycle.
    let mut rows = Vec::new();
    for code in &f.overdue {
        let Some(t) = f.task(code) else { continue };
        for a in t.assignments.iter().filter(|a| !a.status.is_finished()) {
            rows.push(vec![
                s(&t.code),
                s(&t.name),
                s(&t.deadline_text),
                V::D(t.due),
                s(&a.agency_name),
                s(a.status.label()),
            ]);
        }
    }
    out.push(Sheet {
        name: "Quá hạn",
        header: ["Nhiệm vụ", "Tên nhiệm vụ", "Thời hạn", "Hạn (ngày)", "Cơ quan chủ trì chưa hoàn thành", "Tình trạng"]
            .map(String::from)
            .to_vec(),
        widths: vec![9.0, 60.0, 14.0, 12.0, 45.0, 16.0],
        rows,
    });
    let rows = f
        .due_next
        .iter()
        .filter_map(|c| f.task(c))
        .map(|t| vec![s(&t.code), s(&t.name), s(&t.deadline_text), V::D(t.due), s(&t.lead_text), s(t.status.label())])
        .collect();
    out.push(Sheet {
        name: "Đến hạn kỳ tới",
        header: ["Nhiệm vụ", "Tên nhiệm vụ", "Thời hạn", "Hạn (ngày)", "Cơ quan chủ trì", "Tình trạng chung"]
            .map(String::from)
            .to_vec(),
        widths: vec![9.0, 60.0, 14.0, 12.0, 45.0, 16.0],
        rows,
    });

    // Full detail, with the plan's list (when it has several) and its extra columns.
    let lists = plan.appendices.len() > 1;
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
            let mut row = vec![s(&t.code), s(&t.group), s(&t.name), s(&t.deadline_text), V::D(t.due)];
            row.extend(plan_cells.iter().cloned());
            row.extend([
                s(&a.agency),
                s(&a.agency_name),
                s(a.status.label()),
                s(timeliness_label(a.timeliness)),
                V::D(a.completed_on),
                s(&a.result),
                s(&a.difficulties),
                s(&a.proposals),
                s(&a.status_note),
            ]);
            rows.push(row);
        }
    }
    let mut header: Vec<String> =
        ["Nhiệm vụ", "Nhóm", "Tên nhiệm vụ", "Thời hạn", "Hạn (ngày)"].map(String::from).to_vec();
    let mut widths = vec![9.0, 7.0, 50.0, 14.0, 12.0];
    if lists {
        header.push("Phụ lục của Kế hoạch".into());
        widths.push(14.0);
    }
    for c in &plan.columns {
        header.push(c.header.clone());
        widths.push(16.0);
    }
    header.extend(
        [
            "Mã cơ quan",
            "Cơ quan chủ trì",
            "Tình trạng",
            "Tiến độ",
            "Ngày hoàn thành",
            "Kết quả thực hiện",
            "Khó khăn, vướng mắc",
            "Đề xuất, kiến nghị",
            "Tình trạng (nguyên văn phần ghi thêm)",
        ]
        .map(String::from),
    );
    widths.extend([18.0, 35.0, 15.0, 18.0, 14.0, 40.0, 30.0, 30.0, 24.0]);
    out.push(Sheet { name: "Chi tiết", header, widths, rows });
    out.extend(beyond_plan(plan, intake));

    // Diagnostics.
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
    out.push(Sheet {
        name: "Sai sót",
        header: [
            "Mức độ",
            "Loại sai sót",
            "Cơ quan",
            "Tệp",
            "Trang tính",
            "Ô",
            "Nội dung",
            "Giá trị đọc được",
            "Giá trị hợp lệ",
            "Cách sửa",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![10.0, 18.0, 35.0, 30.0, 14.0, 7.0, 60.0, 20.0, 30.0, 50.0],
        rows,
    });
    out
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
    let header = |cols: &[&str]| cols.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    if !own.is_empty() {
        sheets.push(Sheet {
            name: "Nhiệm vụ ngoài kế hoạch",
            header: header(&["Cơ quan", "Nhiệm vụ", "Tình trạng", "Kết quả thực hiện", "Tệp", "Trang tính", "Ô"]),
            widths: vec![35.0, 60.0, 18.0, 40.0, 24.0, 16.0, 8.0],
            rows: own,
        });
    }
    if !aside.is_empty() {
        sheets.push(Sheet {
            name: "Dòng không tính",
            header: header(&["Cơ quan", "Dòng về", "Lý do không tính", "Tệp", "Trang tính", "Ô"]),
            widths: vec![35.0, 16.0, 50.0, 24.0, 16.0, 8.0],
            rows: aside,
        });
    }
    sheets
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#D9D9D9");
    let number = Format::new().set_num_format("#,##0.###");
    let percent = Format::new().set_num_format("0.00%");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.set_name(sheet.name)?;
    for (c, (h, w)) in sheet.header.iter().zip(&sheet.widths).enumerate() {
        ws.write_string_with_format(0, c as u16, crate::fit::excel_cell(h), &header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_row_height(0, 32.0)?;
    for (i, row) in sheet.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                V::S(text) => {
                    ws.write_string(r, c, crate::fit::excel_cell(text))?;
                }
                V::N(x) => {
                    ws.write_number_with_format(r, c, *x, &number)?;
                }
                V::P(h) => {
                    ws.write_number_with_format(r, c, *h as f64 / 10_000.0, &percent)?;
                }
                V::D(Some(d)) => {
                    ws.write_datetime_with_format(r, c, excel_date(*d)?, &date)?;
                }
                V::D(None) | V::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let last_row = sheet.rows.len() as u32;
    ws.autofilter(0, 0, last_row.max(1), sheet.header.len().saturating_sub(1) as u16)?;
    Ok(())
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
