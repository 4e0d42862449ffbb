//! The agencies' report forms (.xlsx): one per agency listing exactly its own tasks and
//! indicators, with drop-downs, date validation, locked plan cells and shaded fill-in cells.
//!
//! The same writer serves three purposes: blank forms sent out at the start of a cycle
//! (`tonghop template`), forms filled by program (round-trip tests) and the sample generator's
//! workbooks. A form is one case of what `validate` already accepts: nothing in the reader knows
//! about it.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Note, Url, Workbook, Worksheet, XlsxError,
};

use crate::diag::Field;
use crate::model::{IndicatorReport, Status, TaskReport};
use crate::plan::{Agency, Assessment, Plan, Target};
use crate::validate::{REVIEW_SHEET, SAMPLE_MARKER};

/// Rows above the table: title, plan, cycle, agency, date, contact, marker.
const HEADER_ROW: u32 = 7;
const FONT: &str = "Times New Roman";

/// What a form is for.
pub struct FormSpec<'a> {
    pub plan: &'a Plan,
    /// None for the blank generic form (every task and indicator).
    pub agency: Option<&'a Agency>,
    pub cycle_label: String,
    pub deadline: NaiveDate,
    /// Marks the workbook as generated demo data.
    pub sample: bool,
}

/// Values written into the fill-in cells, and what is said about them.
#[derive(Default)]
pub struct Fill<'a> {
    pub report_date: Option<NaiveDate>,
    pub tasks: &'a [TaskReport],
    pub indicators: &'a [IndicatorReport],
    /// Cells tinted, with a note: problems of a return form, values carried over.
    pub marks: BTreeMap<Anchor, Mark>,
    /// A return form's "Sai sót" sheet.
    pub review: Option<Review>,
}

impl<'a> Fill<'a> {
    /// A form filled with these values and nothing said about them.
    pub fn values(report_date: NaiveDate, tasks: &'a [TaskReport], indicators: &'a [IndicatorReport]) -> Fill<'a> {
        Fill { report_date: Some(report_date), tasks, indicators, ..Fill::default() }
    }
}

/// A value of the form: the report date, or one cell of a task's or an indicator's row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Anchor {
    ReportDate,
    Task(String, FormField),
    Indicator(String, FormField),
}

/// The cells of a row a mark can sit on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormField {
    Code,
    Status,
    CompletedOn,
    Result,
    Value,
    Assessment,
}

impl From<Field> for FormField {
    fn from(f: Field) -> FormField {
        match f {
            Field::Code => FormField::Code,
            Field::Status => FormField::Status,
            Field::CompletedOn => FormField::CompletedOn,
            Field::Value => FormField::Value,
            Field::Assessment => FormField::Assessment,
        }
    }
}

/// Why a cell is tinted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tone {
    Error,
    Warning,
    /// Taken from the previous cycle's report.
    Carried,
    /// Not tinted: a value written as typed (the sample generator's mistakes).
    Plain,
}

impl Tone {
    fn colour(self) -> Option<&'static str> {
        match self {
            Tone::Error => Some("#F4B183"),
            Tone::Warning => Some("#FFD966"),
            Tone::Carried => Some("#E2EFDA"),
            Tone::Plain => None,
        }
    }
}

/// A tinted cell and its note.
#[derive(Debug, Clone)]
pub struct Mark {
    pub tone: Tone,
    /// The cell note; empty for none.
    pub note: String,
    /// Written instead of the value read: what the sender typed, when it could not be read.
    pub raw: Option<String>,
}

/// The "Sai sót" sheet of a return form: what could not be marked on a cell, and a list of all.
pub struct Review {
    pub title: String,
    /// Lines under the title: the file, the counts, what to do.
    pub intro: Vec<String>,
    pub sections: Vec<(String, Vec<ReviewRow>)>,
    /// The line that names the corrected file ([`RETURN_MARKER`] «file»).
    pub marker: String,
}

/// One problem on the "Sai sót" sheet.
pub struct ReviewRow {
    pub severity: String,
    pub message: String,
    /// Where it was in the file sent: "file › sheet › cell".
    pub origin: String,
    /// The cell of this form it is marked on, if any.
    pub anchor: Option<Anchor>,
    pub found: String,
    pub expected: String,
    pub hint: String,
}

/// "Biểu mẫu - Sở Y tế.xlsx"; "Biểu mẫu chung.xlsx" for the generic form.
pub fn file_name(agency: Option<&Agency>) -> String {
    match agency {
        Some(a) => crate::fit::file_name(&format!("Biểu mẫu - {}", a.name), "xlsx", &mut Default::default()),
        None => "Biểu mẫu chung.xlsx".to_string(),
    }
}

/// Text into a cell, made to fit it ([`crate::fit`]): whatever a sender typed, the form is valid.
fn put_text<'a>(
    ws: &'a mut Worksheet,
    row: u32,
    col: u16,
    text: impl AsRef<str>,
    format: &Format,
) -> Result<&'a mut Worksheet, XlsxError> {
    ws.write_string_with_format(row, col, crate::fit::excel_cell(text.as_ref()), format)
}

/// [`put_text`] over a merged area.
fn put_merged<'a>(
    ws: &'a mut Worksheet,
    (first_row, first_col): (u32, u16),
    (last_row, last_col): (u32, u16),
    text: impl AsRef<str>,
    format: &Format,
) -> Result<&'a mut Worksheet, XlsxError> {
    ws.merge_range(first_row, first_col, last_row, last_col, &crate::fit::excel_cell(text.as_ref()), format)
}

struct Formats {
    title: Format,
    italic: Format,
    bold: Format,
    text: Format,
    header: Format,
    locked: Format,
    locked_bold: Format,
    fill: Format,
    fill_date: Format,
    fill_number: Format,
    marker: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name(FONT).set_font_size(12);
        let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top);
        let fill = cell.clone().set_unlocked().set_background_color("#FFF2CC");
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            italic: base.clone().set_italic().set_text_wrap().set_align(FormatAlign::Top),
            bold: base.clone().set_bold(),
            text: base.clone(),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color("#D9D9D9"),
            locked: cell.clone(),
            locked_bold: cell.clone().set_bold(),
            fill_date: fill.clone().set_num_format("dd/mm/yyyy"),
            fill_number: fill.clone().set_num_format("#,##0.###"),
            fill,
            marker: base.set_bold().set_font_color("#C00000"),
        }
    }
}

/// Height for a row whose cells wrap: the tallest cell's line count at ~1 character per
/// width unit (Times New Roman 12 pt), 16 pt a line. Spreadsheet programs do not grow rows
/// written with wrapped text by themselves.
fn fitted_height(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let per_line = (width * 0.95).max(1.0);
            text.split('\n').map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0)).sum::<f64>()
        })
        .fold(1.0, f64::max);
    16.0 * lines + 2.0
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Writes the form and returns the .xlsx bytes. Deterministic: the same spec and fill give the
/// same bytes (the document's creation date is the cycle deadline, never the clock).
pub fn form_bytes(spec: &FormSpec, fill: Option<&Fill>) -> Result<Vec<u8>, XlsxError> {
    let plan = spec.plan;
    let f = Formats::new();
    let mut wb = Workbook::new();
    let who = spec.agency.map(|a| a.name.clone()).unwrap_or_default();
    let mut comment = format!("Biểu mẫu báo cáo {} {}", plan.meta.short_title, spec.cycle_label);
    if spec.sample {
        comment = format!("{SAMPLE_MARKER}: tạo bởi tonghop sample");
    }
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Báo cáo {} - {}",
                plan.meta.short_title,
                if who.is_empty() { "biểu mẫu chung" } else { &who }
            ))
            .set_author(plan.registry.name(&plan.meta.consolidated_by))
            .set_comment(comment)
            .set_creation_datetime(&excel_date(spec.deadline)?),
    );

    let no_marks = BTreeMap::new();
    let marks = fill.map(|fl| &fl.marks).unwrap_or(&no_marks);
    // Where each value landed, for the "Sai sót" sheet's links.
    let mut placed: BTreeMap<Anchor, (String, u32, u16)> = BTreeMap::new();

    let tasks: Vec<_> = match spec.agency {
        Some(a) => plan.tasks_of(&a.id).collect(),
        None => plan.tasks.iter().collect(),
    };
    let indicators: Vec<_> = match spec.agency {
        Some(a) => plan.indicators_of(&a.id).collect(),
        None => plan.indicators.iter().filter(|i| !i.trackers.is_empty()).collect(),
    };

    // ---- Task sheet (left out for an agency that only tracks indicators) ----------------------
    if !tasks.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name("Nhiệm vụ")?;
        header_block(
            ws,
            spec,
            fill,
            &f,
            &format!("BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ - {}", plan.meta.short_title.to_uppercase()),
            9 + plan.columns.len() as u16,
            Some(&mut placed),
        )?;
        // The plan's extra columns ("Kinh phí") sit after its own product column, locked like it.
        let extra = plan.columns.len() as u16;
        let mut cols: Vec<(&str, f64)> =
            vec![("TT", 6.0), ("Tên nhiệm vụ", 48.0), ("Thời hạn", 12.0), ("Yêu cầu sản phẩm (theo Kế hoạch)", 20.0)];
        cols.extend(plan.columns.iter().map(|c| (c.header.as_str(), 16.0)));
        cols.extend([
            ("Tình trạng", 17.0),
            ("Ngày hoàn thành", 14.0),
            ("Kết quả thực hiện", 40.0),
            ("Khó khăn, vướng mắc", 28.0),
            ("Đề xuất, kiến nghị", 28.0),
        ]);
        let last = cols.len() as u16 - 1;
        let (status, completed, result_col) = (4 + extra, 5 + extra, 6 + extra);
        table_header(ws, &cols, &f)?;
        let mut row = HEADER_ROW + 1;
        let mut group = String::new();
        for task in &tasks {
            if task.group != group {
                group = task.group.clone();
                let title = plan.groups.iter().find(|g| g.code == group).map(|g| g.title.as_str()).unwrap_or("");
                put_text(ws, row, 0, &group, &f.locked_bold)?;
                put_merged(ws, (row, 1), (row, last), title, &f.locked_bold)?;
                ws.set_row_height(row, fitted_height(&[(title, cols[1..].iter().map(|c| c.1).sum())]))?;
                row += 1;
            }
            let report = fill.and_then(|fl| fl.tasks.iter().find(|t| t.task == task.code));
            // Codes are text: a number would turn task 1.10 into 1.1 (written below, with a mark).
            put_text(ws, row, 1, &task.name, &f.locked)?;
            put_text(ws, row, 2, &task.deadline_text, &f.locked)?;
            put_text(ws, row, 3, &task.result, &f.locked)?;
            for (k, value) in task.extra.iter().enumerate() {
                put_text(ws, row, 4 + k as u16, value, &f.locked)?;
            }
            // The status as the sender wrote it: the label, then its own words ("(đạt 80%)").
            let status_text = report
                .and_then(|r| r.status.map(|s| (s, r.status_note.as_str())))
                .map(|(s, note)| if note.is_empty() { s.label().to_string() } else { format!("{} {note}", s.label()) })
                .unwrap_or_default();
            let at = |field| marks.get(&Anchor::Task(task.code.clone(), field));
            let mut put = |ws: &mut Worksheet, col: u16, field: FormField, value: Value, base: &Format| {
                placed.insert(Anchor::Task(task.code.clone(), field), ("Nhiệm vụ".to_string(), row, col));
                write_fill(ws, row, col, value, base, at(field))
            };
            put(ws, 0, FormField::Code, Value::Text(&task.code), &f.locked)?;
            put(ws, status, FormField::Status, Value::Text(&status_text), &f.fill)?;
            put(ws, completed, FormField::CompletedOn, Value::Date(report.and_then(|r| r.completed_on)), &f.fill_date)?;
            let result = report.map(|r| r.result.as_str()).unwrap_or("");
            let difficulties = report.map(|r| r.difficulties.as_str()).unwrap_or("");
            let proposals = report.map(|r| r.proposals.as_str()).unwrap_or("");
            put(ws, result_col, FormField::Result, Value::Text(result), &f.fill)?;
            put_text(ws, row, result_col + 1, difficulties, &f.fill)?;
            put_text(ws, row, result_col + 2, proposals, &f.fill)?;
            let r = result_col as usize;
            ws.set_row_height(
                row,
                fitted_height(&[
                    (&task.name, cols[1].1),
                    (&task.result, cols[3].1),
                    (result, cols[r].1),
                    (difficulties, cols[r + 1].1),
                    (proposals, cols[r + 2].1),
                ]),
            )?;
            ws.add_data_validation(row, status, row, status, &status_validation()?)?;
            ws.add_data_validation(row, completed, row, completed, &date_validation("Ngày hoàn thành")?)?;
            row += 1;
        }
        finish_sheet(ws)?;
    }

    // ---- Indicator sheet ------------------------------------------------------------------------
    if !indicators.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name("Chỉ tiêu")?;
        // The report date is marked on the first sheet that has it.
        let first = tasks.is_empty().then_some(&mut placed);
        header_block(ws, spec, fill, &f, "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", 7, first)?;
        let cols: [(&str, f64); 7] = [
            ("Mã chỉ tiêu", 9.0),
            ("Tên chỉ tiêu", 50.0),
            ("Đơn vị tính", 14.0),
            ("Mục tiêu", 30.0),
            ("Kết quả thực hiện", 18.0),
            ("Đánh giá", 14.0),
            ("Ghi chú", 30.0),
        ];
        table_header(ws, &cols, &f)?;
        for (i, ind) in indicators.iter().enumerate() {
            let row = HEADER_ROW + 1 + i as u32;
            let report = fill.and_then(|fl| fl.indicators.iter().find(|r| r.indicator == ind.code));
            let at = |field| marks.get(&Anchor::Indicator(ind.code.clone(), field));
            let mut put = |ws: &mut Worksheet, col: u16, field: FormField, value: Value, base: &Format| {
                placed.insert(Anchor::Indicator(ind.code.clone(), field), ("Chỉ tiêu".to_string(), row, col));
                write_fill(ws, row, col, value, base, at(field))
            };
            put(ws, 0, FormField::Code, Value::Text(&ind.code), &f.locked)?;
            match report {
                Some(r) if r.value.is_some() => {
                    put(ws, 4, FormField::Value, Value::Number(r.value.unwrap_or_default()), &f.fill_number)?
                }
                Some(r) => put(ws, 4, FormField::Value, Value::Text(&r.value_text), &f.fill)?,
                None => put(ws, 4, FormField::Value, Value::Text(""), &f.fill)?,
            };
            put_text(ws, row, 1, &ind.name, &f.locked)?;
            put_text(ws, row, 2, &ind.unit, &f.locked)?;
            put_text(ws, row, 3, format!("{} (năm {})", ind.target_text, ind.target_year), &f.locked)?;
            ws.set_row_height(row, fitted_height(&[(&ind.name, cols[1].1), (&ind.target_text, cols[3].1 - 10.0)]))?;
            let qualitative = matches!(ind.target, Target::Qualitative);
            let assessment = report.and_then(|r| r.assessment).map(Assessment::label).unwrap_or("");
            if qualitative {
                put(ws, 5, FormField::Assessment, Value::Text(assessment), &f.fill)?;
                ws.add_data_validation(row, 5, row, 5, &assessment_validation()?)?;
            } else {
                put(ws, 5, FormField::Assessment, Value::Text(assessment), &f.locked)?;
            }
            put_text(ws, row, 6, report.map(|r| r.note.as_str()).unwrap_or(""), &f.fill)?;
            let hint = match ind.target {
                Target::Rank(_) => "Ghi thứ hạng đạt được, ví dụ: 5".to_string(),
                Target::Qualitative => "Mô tả ngắn kết quả; chọn Đánh giá ở cột bên cạnh".to_string(),
                _ if ind.unit.trim() == "%" => "Ghi số phần trăm, ví dụ: 62,5".to_string(),
                _ => format!("Ghi số liệu theo đơn vị {}", ind.unit),
            };
            ws.add_data_validation(row, 4, row, 4, &DataValidation::new().allow_any_value().set_input_message(hint)?)?;
        }
        finish_sheet(ws)?;
    }

    // ---- A return form's problems ----------------------------------------------------------------
    if let Some(review) = fill.and_then(|fl| fl.review.as_ref()) {
        review_sheet(wb.add_worksheet(), review, &placed, &f)?;
    }

    // ---- Instructions ---------------------------------------------------------------------------
    let ws = wb.add_worksheet();
    ws.set_name("Hướng dẫn")?;
    ws.set_column_width(0, 110.0)?;
    let consolidator = plan.registry.name(&plan.meta.consolidated_by);
    let lines = instructions(spec, consolidator);
    for (i, (line, bold)) in lines.iter().enumerate() {
        put_text(ws, i as u32, 0, line, if *bold { &f.bold } else { &f.italic })?;
        ws.set_row_height(i as u32, fitted_height(&[(line, 110.0)]))?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    wb.save_to_buffer()
}

/// A value for a fill-in cell.
enum Value<'a> {
    Text(&'a str),
    Date(Option<NaiveDate>),
    Number(f64),
}

/// Writes a cell of the form: its value, or the text a mark says was found instead; tinted and
/// with a note when marked.
fn write_fill(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Value,
    base: &Format,
    mark: Option<&Mark>,
) -> Result<(), XlsxError> {
    let tinted;
    let format = match mark.and_then(|m| m.tone.colour()) {
        Some(colour) => {
            tinted = base.clone().set_background_color(colour);
            &tinted
        }
        None => base,
    };
    match (mark.and_then(|m| m.raw.as_deref()), value) {
        (Some(raw), _) => put_text(ws, row, col, raw, format)?,
        (None, Value::Text("")) | (None, Value::Date(None)) => ws.write_blank(row, col, format)?,
        (None, Value::Text(t)) => put_text(ws, row, col, t, format)?,
        (None, Value::Date(Some(d))) => ws.write_datetime_with_format(row, col, excel_date(d)?, format)?,
        (None, Value::Number(n)) => ws.write_number_with_format(row, col, n, format)?,
    };
    if let Some(m) = mark.filter(|m| !m.note.is_empty()) {
        let lines: usize = m.note.split('\n').map(|l| l.chars().count() / 48 + 1).sum();
        let note = Note::new(crate::fit::excel_note(&m.note))
            .set_author("tonghop")
            .add_author_prefix(false)
            .set_font_name("Tahoma")
            .set_width(340)
            .set_height((lines as u32 * 15 + 12).min(400));
        ws.insert_note(row, col, &note)?;
    }
    Ok(())
}

/// The "Sai sót" sheet: a title, what to do, then each section's problems with a link to the
/// cell of the form they are marked on. It opens first.
fn review_sheet(
    ws: &mut Worksheet,
    review: &Review,
    placed: &BTreeMap<Anchor, (String, u32, u16)>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(REVIEW_SHEET)?;
    ws.set_active(true);
    ws.set_tab_color("#C00000");
    let cols: [(&str, f64); 8] = [
        ("STT", 5.0),
        ("Mức độ", 10.0),
        ("Nội dung", 50.0),
        ("Vị trí trong tệp đã gửi", 30.0),
        ("Ô cần xem trong biểu mẫu này", 16.0),
        ("Giá trị đọc được", 22.0),
        ("Giá trị hợp lệ", 28.0),
        ("Cách sửa", 45.0),
    ];
    let last = cols.len() as u16 - 1;
    put_merged(ws, (0, 0), (0, last), &review.title, &f.title)?;
    let mut row = 1;
    for line in review.intro.iter().chain(std::iter::once(&review.marker)) {
        let format = if *line == review.marker { &f.marker } else { &f.italic };
        put_merged(ws, (row, 0), (row, last), line, format)?;
        ws.set_row_height(row, fitted_height(&[(line, 180.0)]))?;
        row += 1;
    }
    row += 1;
    for (c, (label, width)) in cols.iter().enumerate() {
        put_text(ws, row, c as u16, *label, &f.header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_row_height(row, 32.0)?;
    ws.set_repeat_rows(row, row)?;
    row += 1;
    let mut n = 0;
    for (heading, rows) in &review.sections {
        if rows.is_empty() {
            continue;
        }
        put_merged(ws, (row, 0), (row, last), heading, &f.locked_bold)?;
        row += 1;
        for r in rows {
            n += 1;
            ws.write_number_with_format(row, 0, n as f64, &f.locked)?;
            put_text(ws, row, 1, &r.severity, &f.locked)?;
            put_text(ws, row, 2, &r.message, &f.locked)?;
            put_text(ws, row, 3, &r.origin, &f.locked)?;
            match r.anchor.as_ref().and_then(|a| placed.get(a)) {
                Some((sheet, rr, cc)) => {
                    let cell = crate::diag::a1(*rr as usize, *cc as usize);
                    let link = Url::new(format!("internal:'{sheet}'!{cell}")).set_text(format!("{sheet} › {cell}"));
                    ws.write_url_with_format(row, 4, link, &f.locked)?;
                }
                None => {
                    ws.write_blank(row, 4, &f.locked)?;
                }
            }
            put_text(ws, row, 5, &r.found, &f.locked)?;
            put_text(ws, row, 6, &r.expected, &f.locked)?;
            put_text(ws, row, 7, &r.hint, &f.locked)?;
            ws.set_row_height(
                row,
                fitted_height(&[
                    (&r.message, cols[2].1),
                    (&r.origin, cols[3].1),
                    (&r.found, cols[5].1),
                    (&r.expected, cols[6].1),
                    (&r.hint, cols[7].1),
                ]),
            )?;
            row += 1;
        }
    }
    if n == 0 {
        put_merged(ws, (row, 0), (row, last), "Không có sai sót.", &f.locked)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn header_block(
    ws: &mut Worksheet,
    spec: &FormSpec,
    fill: Option<&Fill>,
    f: &Formats,
    title: &str,
    width: u16,
    placed: Option<&mut BTreeMap<Anchor, (String, u32, u16)>>,
) -> Result<(), XlsxError> {
    let plan = spec.plan;
    put_merged(ws, (0, 0), (0, width - 1), title, &f.title)?;
    let intro = format!("Thực hiện {} của {}", plan.meta.title, plan.meta.issued_by);
    put_merged(ws, (1, 0), (1, width - 1), &intro, &f.italic)?;
    ws.set_row_height(1, fitted_height(&[(&intro, 150.0)]))?;
    let consolidator = plan.registry.name(&plan.meta.consolidated_by);
    put_text(
        ws,
        2,
        1,
        format!(
            "Kỳ báo cáo: {}. Hạn gửi: trước ngày {} về {}.",
            spec.cycle_label,
            crate::vn::short_date(spec.deadline),
            consolidator
        ),
        &f.text,
    )?;
    // Labels in the wide name column, values to their right (what the reader looks for).
    put_text(ws, 3, 1, "Cơ quan báo cáo:", &f.bold)?;
    match spec.agency {
        Some(a) => put_merged(ws, (3, 2), (3, 4), &a.name, &f.locked_bold)?,
        None => put_merged(ws, (3, 2), (3, 4), "", &f.fill)?,
    };
    put_text(ws, 4, 1, "Ngày báo cáo:", &f.bold)?;
    let mark = fill.and_then(|fl| fl.marks.get(&Anchor::ReportDate));
    write_fill(ws, 4, 2, Value::Date(fill.and_then(|fl| fl.report_date)), &f.fill_date, mark)?;
    if let Some(p) = placed {
        p.insert(Anchor::ReportDate, (ws.name(), 4, 2));
    }
    ws.add_data_validation(4, 2, 4, 2, &date_validation("Ngày báo cáo")?)?;
    put_text(ws, 5, 1, "Người liên hệ (họ tên, điện thoại, email):", &f.bold)?;
    put_merged(ws, (5, 2), (5, 4), "", &f.fill)?;
    let returned = fill.and_then(|fl| fl.review.as_ref()).map(|r| r.marker.as_str());
    let mut marker: Vec<String> = Vec::new();
    if spec.sample {
        marker.push(format!("{SAMPLE_MARKER} - tệp do tonghop tạo ra để minh họa, không phải báo cáo thật"));
    }
    marker.extend(returned.map(str::to_string));
    if !marker.is_empty() {
        put_text(ws, 6, 1, marker.join(". "), &f.marker)?;
    }
    Ok(())
}

fn table_header(ws: &mut Worksheet, cols: &[(&str, f64)], f: &Formats) -> Result<(), XlsxError> {
    for (c, (label, width)) in cols.iter().enumerate() {
        put_text(ws, HEADER_ROW, c as u16, *label, &f.header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_row_height(HEADER_ROW, 32.0)?;
    Ok(())
}

/// Print setup and protection: A4 landscape, header row repeated, one page wide; plan cells
/// locked, fill-in cells unlocked (no password: the form protects against slips, not people).
fn finish_sheet(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_print_fit_to_pages(1, 0);
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.protect();
    Ok(())
}

fn status_validation() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(&Status::REPORTABLE.map(Status::label))?
        .set_input_title("Tình trạng")?
        .set_input_message("Chọn một trong bốn tình trạng trong danh sách.")?
        .set_error_title("Tình trạng không hợp lệ")?
        .set_error_message("Chỉ chọn: Hoàn thành, Đang thực hiện, Thường xuyên hoặc Chưa thực hiện.")
        .map(|v| v.set_error_style(DataValidationErrorStyle::Stop))
}

fn assessment_validation() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(
            &[Assessment::Reached, Assessment::NotReached, Assessment::Exceeded].map(Assessment::label),
        )?
        .set_error_message("Chỉ chọn: Đạt, Chưa đạt hoặc Vượt.")
}

fn date_validation(what: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(2020, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        ))
        .set_input_message(format!("{what}: ghi ngày/tháng/năm, ví dụ 20/11/2026."))?
        .set_error_message("Ghi một ngày hợp lệ theo dạng ngày/tháng/năm.")
}

fn instructions(spec: &FormSpec, consolidator: &str) -> Vec<(String, bool)> {
    let deadline = crate::vn::short_date(spec.deadline);
    let mut v: Vec<(String, bool)> = vec![
        (format!("HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO - {}", spec.plan.meta.short_title.to_uppercase()), true),
        (format!("Kỳ báo cáo: {}. Hạn gửi: trước ngày {deadline}.", spec.cycle_label), false),
        (String::new(), false),
        ("1. Các ô nền vàng là ô cần điền; các ô khác đã ghi sẵn theo Kế hoạch và được khóa.".into(), false),
        ("2. Trang \"Nhiệm vụ\": với mỗi nhiệm vụ, chọn Tình trạng trong danh sách, ghi Ngày hoàn thành (nếu đã hoàn thành), Kết quả thực hiện (văn bản, sản phẩm cụ thể), Khó khăn, vướng mắc và Đề xuất, kiến nghị (nếu có).".into(), false),
        ("   Ý nghĩa các tình trạng:".into(), false),
        ("   - Hoàn thành: đã hoàn thành sản phẩm theo yêu cầu của Kế hoạch.".into(), false),
        ("   - Đang thực hiện: đã triển khai nhưng chưa hoàn thành.".into(), false),
        ("   - Thường xuyên: nhiệm vụ thực hiện thường xuyên, hằng năm và đang được thực hiện theo kế hoạch.".into(), false),
        ("   - Chưa thực hiện: chưa triển khai.".into(), false),
        ("3. Trang \"Chỉ tiêu\" (nếu có): ghi số liệu vào cột Kết quả thực hiện theo đúng đơn vị tính (ví dụ 62,5 cho 62,5%; 5 cho thứ hạng 5); với chỉ tiêu định tính, chọn Đánh giá: Đạt, Chưa đạt hoặc Vượt.".into(), false),
        ("4. Ghi Ngày báo cáo và người liên hệ ở đầu trang. Không thêm, xóa hay đổi thứ tự cột; không đổi mã nhiệm vụ, mã chỉ tiêu.".into(), false),
    ];
    v.push((format!("5. Lưu tệp dạng .xlsx và gửi về {consolidator} trước ngày {deadline}."), false));
    if spec.agency.is_none() {
        v.push(("Biểu mẫu chung dùng cho cơ quan, đơn vị chưa có biểu mẫu riêng: ghi tên cơ quan vào ô \"Cơ quan báo cáo\", chỉ điền các nhiệm vụ, chỉ tiêu được giao; để trống các dòng còn lại.".into(), false));
    }
    v
}
