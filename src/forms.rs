//! The agencies' report forms (.xlsx): one per agency listing exactly its own tasks and
//! indicators, with drop-downs, date validation, locked plan cells and shaded fill-in cells.
//!
//! The same writer serves three purposes: blank forms sent out at the start of a cycle
//! (`tonghop template`), forms filled by program (round-trip tests) and the sample generator's
//! workbooks. A form is one case of what `validate` already accepts: nothing in the reader knows
//! about it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Note, Url, Workbook, Worksheet, XlsxError,
};

use crate::diag::Field;
use crate::labels::{
    AGENCY_LABEL, CONTACT_LABEL, DATE_LABEL, INDICATOR_SHEET, INSTRUCTIONS_SHEET, REVIEW_SHEET, SAMPLE_MARKER,
    TASK_SHEET,
};
use crate::model::{IndicatorReport, Status, TaskReport};
use crate::output::xlsx::{
    excel_date, fitted_height, put_merged, put_text, Columns, DATE_FORMAT, HEADER_FILL, NUMBER_FORMAT,
};
use crate::plan::{Agency, Assessment, Indicator, Plan, Target, Task};

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
                .set_background_color(HEADER_FILL),
            locked: cell.clone(),
            locked_bold: cell.clone().set_bold(),
            fill_date: fill.clone().set_num_format(DATE_FORMAT),
            fill_number: fill.clone().set_num_format(NUMBER_FORMAT),
            fill,
            marker: base.set_bold().set_font_color("#C00000"),
        }
    }
}

/// The task table's columns, by name: the plan's extra columns ("Kinh phí") sit after its own
/// product column, so the fill-in columns are found by key, never by a counted position.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TaskColumn {
    Code,
    Name,
    Deadline,
    Product,
    Extra(usize),
    Status,
    CompletedOn,
    Result,
    Difficulties,
    Proposals,
}

fn task_columns(plan: &Plan) -> Columns<TaskColumn> {
    use crate::labels::task;
    let mut cols = Columns::new();
    cols.keyed(TaskColumn::Code, task::CODE, 6.0)
        .keyed(TaskColumn::Name, task::NAME, 48.0)
        .keyed(TaskColumn::Deadline, task::DEADLINE, 12.0)
        .keyed(TaskColumn::Product, task::PRODUCT, 20.0);
    for (k, c) in plan.columns.iter().enumerate() {
        cols.keyed(TaskColumn::Extra(k), c.header.as_str(), 16.0);
    }
    cols.keyed(TaskColumn::Status, task::STATUS, 17.0)
        .keyed(TaskColumn::CompletedOn, task::COMPLETED_ON, 14.0)
        .keyed(TaskColumn::Result, task::RESULT, 40.0)
        .keyed(TaskColumn::Difficulties, task::DIFFICULTIES, 28.0)
        .keyed(TaskColumn::Proposals, task::PROPOSALS, 28.0);
    cols
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum IndicatorColumn {
    Code,
    Name,
    Unit,
    Target,
    Value,
    Assessment,
    Note,
}

fn indicator_columns() -> Columns<IndicatorColumn> {
    use crate::labels::indicator as i;
    let mut cols = Columns::new();
    cols.keyed(IndicatorColumn::Code, i::CODE, 9.0)
        .keyed(IndicatorColumn::Name, i::NAME, 50.0)
        .keyed(IndicatorColumn::Unit, i::UNIT, 14.0)
        .keyed(IndicatorColumn::Target, i::TARGET, 30.0)
        .keyed(IndicatorColumn::Value, i::VALUE, 18.0)
        .keyed(IndicatorColumn::Assessment, i::ASSESSMENT, 14.0)
        .keyed(IndicatorColumn::Note, i::NOTE, 30.0);
    cols
}

/// Where each value of the form landed (sheet, row, column), for the "Sai sót" sheet's links.
type Placed = BTreeMap<Anchor, (String, u32, u16)>;

/// Writes the form and returns the .xlsx bytes. Deterministic: the same spec and fill give the
/// same bytes (the document's creation date is the cycle deadline, never the clock).
pub fn form_bytes(spec: &FormSpec, fill: Option<&Fill>) -> Result<Vec<u8>, XlsxError> {
    let plan = spec.plan;
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(&properties(spec)?);
    let mut placed = Placed::new();
    let tasks: Vec<&Task> = match spec.agency {
        Some(a) => plan.tasks_of(&a.id).collect(),
        None => plan.tasks.iter().collect(),
    };
    let indicators: Vec<&Indicator> = match spec.agency {
        Some(a) => plan.indicators_of(&a.id).collect(),
        None => plan.indicators.iter().filter(|i| !i.trackers.is_empty()).collect(),
    };
    // The task sheet is left out for an agency that only tracks indicators.
    if !tasks.is_empty() {
        task_sheet(wb.add_worksheet(), spec, fill, &f, &tasks, &mut placed)?;
    }
    if !indicators.is_empty() {
        // The report date is marked on the first sheet that has it.
        let first = tasks.is_empty();
        indicator_sheet(wb.add_worksheet(), spec, fill, &f, &indicators, first, &mut placed)?;
    }
    if let Some(review) = fill.and_then(|fl| fl.review.as_ref()) {
        review_sheet(wb.add_worksheet(), review, &placed, &f)?;
    }
    instructions_sheet(wb.add_worksheet(), spec, &f)?;
    wb.save_to_buffer()
}

fn properties(spec: &FormSpec) -> Result<DocProperties, XlsxError> {
    let plan = spec.plan;
    let who = spec.agency.map(|a| a.name.clone()).unwrap_or_default();
    let mut comment = format!("Biểu mẫu báo cáo {} {}", plan.meta.short_title, spec.cycle_label);
    if spec.sample {
        comment = format!("{SAMPLE_MARKER}: tạo bởi tonghop sample");
    }
    Ok(DocProperties::new()
        .set_title(format!(
            "Báo cáo {} - {}",
            plan.meta.short_title,
            if who.is_empty() { "biểu mẫu chung" } else { &who }
        ))
        .set_author(plan.registry.name(&plan.meta.consolidated_by))
        .set_comment(comment)
        .set_creation_datetime(&excel_date(spec.deadline)?))
}

fn task_sheet(
    ws: &mut Worksheet,
    spec: &FormSpec,
    fill: Option<&Fill>,
    f: &Formats,
    tasks: &[&Task],
    placed: &mut Placed,
) -> Result<(), XlsxError> {
    use TaskColumn as C;
    let plan = spec.plan;
    ws.set_name(TASK_SHEET)?;
    let cols = task_columns(plan);
    let title = format!("BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ - {}", plan.meta.short_title.to_uppercase());
    header_block(ws, spec, fill, f, &title, cols.len() as u16, Some(&mut *placed))?;
    let last = cols.last();
    cols.write_header(ws, HEADER_ROW, &f.header)?;
    let no_marks = BTreeMap::new();
    let marks = fill.map(|fl| &fl.marks).unwrap_or(&no_marks);
    let mut row = HEADER_ROW + 1;
    let mut group = String::new();
    for task in tasks {
        if task.group != group {
            group = task.group.clone();
            let title = plan.groups.iter().find(|g| g.code == group).map(|g| g.title.as_str()).unwrap_or("");
            put_text(ws, row, cols.at(C::Code), &group, &f.locked_bold)?;
            put_merged(ws, (row, cols.at(C::Name)), (row, last), title, &f.locked_bold)?;
            let width: f64 = cols.iter().skip(1).map(|c| c.width).sum();
            ws.set_row_height(row, fitted_height(&[(title, width)]))?;
            row += 1;
        }
        let report = fill.and_then(|fl| fl.tasks.iter().find(|t| t.task == task.code));
        // Codes are text: a number would turn task 1.10 into 1.1 (written below, with a mark).
        put_text(ws, row, cols.at(C::Name), &task.name, &f.locked)?;
        put_text(ws, row, cols.at(C::Deadline), &task.deadline_text, &f.locked)?;
        put_text(ws, row, cols.at(C::Product), &task.result, &f.locked)?;
        for (k, value) in task.extra.iter().enumerate() {
            put_text(ws, row, cols.at(C::Extra(k)), value, &f.locked)?;
        }
        // The status as the sender wrote it: the label, then its own words ("(đạt 80%)").
        let status_text = report
            .and_then(|r| r.status.map(|s| (s, r.status_note.as_str())))
            .map(|(s, note)| if note.is_empty() { s.label().to_string() } else { format!("{} {note}", s.label()) })
            .unwrap_or_default();
        let at = |field| marks.get(&Anchor::Task(task.code.clone(), field));
        let mut put = |ws: &mut Worksheet, col: C, field: FormField, value: FillValue, base: &Format| {
            let c = cols.at(col);
            placed.insert(Anchor::Task(task.code.clone(), field), (TASK_SHEET.to_string(), row, c));
            write_fill(ws, row, c, value, base, at(field))
        };
        put(ws, C::Code, FormField::Code, FillValue::Text(&task.code), &f.locked)?;
        put(ws, C::Status, FormField::Status, FillValue::Text(&status_text), &f.fill)?;
        let completed = FillValue::Date(report.and_then(|r| r.completed_on));
        put(ws, C::CompletedOn, FormField::CompletedOn, completed, &f.fill_date)?;
        let result = report.map(|r| r.result.as_str()).unwrap_or("");
        let difficulties = report.map(|r| r.difficulties.as_str()).unwrap_or("");
        let proposals = report.map(|r| r.proposals.as_str()).unwrap_or("");
        put(ws, C::Result, FormField::Result, FillValue::Text(result), &f.fill)?;
        put_text(ws, row, cols.at(C::Difficulties), difficulties, &f.fill)?;
        put_text(ws, row, cols.at(C::Proposals), proposals, &f.fill)?;
        ws.set_row_height(
            row,
            fitted_height(&[
                (&task.name, cols.width(C::Name)),
                (&task.result, cols.width(C::Product)),
                (result, cols.width(C::Result)),
                (difficulties, cols.width(C::Difficulties)),
                (proposals, cols.width(C::Proposals)),
            ]),
        )?;
        let (status, completed) = (cols.at(C::Status), cols.at(C::CompletedOn));
        ws.add_data_validation(row, status, row, status, &status_validation()?)?;
        ws.add_data_validation(row, completed, row, completed, &date_validation("Ngày hoàn thành")?)?;
        row += 1;
    }
    finish_sheet(ws)
}

fn indicator_sheet(
    ws: &mut Worksheet,
    spec: &FormSpec,
    fill: Option<&Fill>,
    f: &Formats,
    indicators: &[&Indicator],
    dated_here: bool,
    placed: &mut Placed,
) -> Result<(), XlsxError> {
    use IndicatorColumn as C;
    ws.set_name(INDICATOR_SHEET)?;
    let cols = indicator_columns();
    let title = "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU";
    header_block(ws, spec, fill, f, title, cols.len() as u16, dated_here.then_some(&mut *placed))?;
    cols.write_header(ws, HEADER_ROW, &f.header)?;
    let no_marks = BTreeMap::new();
    let marks = fill.map(|fl| &fl.marks).unwrap_or(&no_marks);
    for (i, ind) in indicators.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        let report = fill.and_then(|fl| fl.indicators.iter().find(|r| r.indicator == ind.code));
        let at = |field| marks.get(&Anchor::Indicator(ind.code.clone(), field));
        let mut put = |ws: &mut Worksheet, col: C, field: FormField, value: FillValue, base: &Format| {
            let c = cols.at(col);
            placed.insert(Anchor::Indicator(ind.code.clone(), field), (INDICATOR_SHEET.to_string(), row, c));
            write_fill(ws, row, c, value, base, at(field))
        };
        put(ws, C::Code, FormField::Code, FillValue::Text(&ind.code), &f.locked)?;
        match report {
            Some(r) if r.value.is_some() => {
                put(ws, C::Value, FormField::Value, FillValue::Number(r.value.unwrap_or_default()), &f.fill_number)?
            }
            Some(r) => put(ws, C::Value, FormField::Value, FillValue::Text(&r.value_text), &f.fill)?,
            None => put(ws, C::Value, FormField::Value, FillValue::Text(""), &f.fill)?,
        };
        put_text(ws, row, cols.at(C::Name), &ind.name, &f.locked)?;
        put_text(ws, row, cols.at(C::Unit), &ind.unit, &f.locked)?;
        put_text(ws, row, cols.at(C::Target), format!("{} (năm {})", ind.target_text, ind.target_year), &f.locked)?;
        let target_width = cols.width(C::Target) - 10.0;
        ws.set_row_height(row, fitted_height(&[(&ind.name, cols.width(C::Name)), (&ind.target_text, target_width)]))?;
        let assessment = report.and_then(|r| r.assessment).map(Assessment::label).unwrap_or("");
        let (value, judged) = (cols.at(C::Value), cols.at(C::Assessment));
        if matches!(ind.target, Target::Qualitative) {
            put(ws, C::Assessment, FormField::Assessment, FillValue::Text(assessment), &f.fill)?;
            ws.add_data_validation(row, judged, row, judged, &assessment_validation()?)?;
        } else {
            put(ws, C::Assessment, FormField::Assessment, FillValue::Text(assessment), &f.locked)?;
        }
        put_text(ws, row, cols.at(C::Note), report.map(|r| r.note.as_str()).unwrap_or(""), &f.fill)?;
        let hint = match ind.target {
            Target::Rank(_) => "Ghi thứ hạng đạt được, ví dụ: 5".to_string(),
            Target::Qualitative => "Mô tả ngắn kết quả; chọn Đánh giá ở cột bên cạnh".to_string(),
            _ if ind.unit.trim() == "%" => "Ghi số phần trăm, ví dụ: 62,5".to_string(),
            _ => format!("Ghi số liệu theo đơn vị {}", ind.unit),
        };
        let validation = DataValidation::new().allow_any_value().set_input_message(hint)?;
        ws.add_data_validation(row, value, row, value, &validation)?;
    }
    finish_sheet(ws)
}

fn instructions_sheet(ws: &mut Worksheet, spec: &FormSpec, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(INSTRUCTIONS_SHEET)?;
    ws.set_column_width(0, 110.0)?;
    let consolidator = spec.plan.registry.name(&spec.plan.meta.consolidated_by);
    for (i, (line, bold)) in instructions(spec, consolidator).iter().enumerate() {
        put_text(ws, i as u32, 0, line, if *bold { &f.bold } else { &f.italic })?;
        ws.set_row_height(i as u32, fitted_height(&[(line, 110.0)]))?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    Ok(())
}

/// A value for a fill-in cell.
enum FillValue<'a> {
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
    value: FillValue,
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
        (None, FillValue::Text("")) | (None, FillValue::Date(None)) => ws.write_blank(row, col, format)?,
        (None, FillValue::Text(t)) => put_text(ws, row, col, t, format)?,
        (None, FillValue::Date(Some(d))) => ws.write_datetime_with_format(row, col, excel_date(d)?, format)?,
        (None, FillValue::Number(n)) => ws.write_number_with_format(row, col, n, format)?,
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

#[derive(Debug, Clone, Copy, PartialEq)]
enum ReviewColumn {
    Number,
    Severity,
    Message,
    Origin,
    Cell,
    Found,
    Expected,
    Hint,
}

fn review_columns() -> Columns<ReviewColumn> {
    use ReviewColumn as C;
    let mut cols = Columns::new();
    cols.keyed(C::Number, "STT", 5.0)
        .keyed(C::Severity, "Mức độ", 10.0)
        .keyed(C::Message, "Nội dung", 50.0)
        .keyed(C::Origin, "Vị trí trong tệp đã gửi", 30.0)
        .keyed(C::Cell, "Ô cần xem trong biểu mẫu này", 16.0)
        .keyed(C::Found, "Giá trị đọc được", 22.0)
        .keyed(C::Expected, "Giá trị hợp lệ", 28.0)
        .keyed(C::Hint, "Cách sửa", 45.0);
    cols
}

/// The "Sai sót" sheet: a title, what to do, then each section's problems with a link to the
/// cell of the form they are marked on. It opens first.
fn review_sheet(ws: &mut Worksheet, review: &Review, placed: &Placed, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(REVIEW_SHEET)?;
    ws.set_active(true);
    ws.set_tab_color("#C00000");
    let cols = review_columns();
    let last = cols.last();
    put_merged(ws, (0, 0), (0, last), &review.title, &f.title)?;
    let mut row = 1;
    for line in review.intro.iter().chain(std::iter::once(&review.marker)) {
        let format = if *line == review.marker { &f.marker } else { &f.italic };
        put_merged(ws, (row, 0), (row, last), line, format)?;
        ws.set_row_height(row, fitted_height(&[(line, 180.0)]))?;
        row += 1;
    }
    row += 1;
    cols.write_header(ws, row, &f.header)?;
    ws.set_repeat_rows(row, row)?;
    row += 1;
    let mut n = 0;
    for (heading, rows) in review.sections.iter().filter(|(_, rows)| !rows.is_empty()) {
        put_merged(ws, (row, 0), (row, last), heading, &f.locked_bold)?;
        row += 1;
        for r in rows {
            n += 1;
            review_row(ws, row, n, r, placed, &cols, f)?;
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

/// One problem of the "Sai sót" sheet, numbered `n`.
fn review_row(
    ws: &mut Worksheet,
    row: u32,
    n: usize,
    r: &ReviewRow,
    placed: &Placed,
    cols: &Columns<ReviewColumn>,
    f: &Formats,
) -> Result<(), XlsxError> {
    use ReviewColumn as C;
    ws.write_number_with_format(row, cols.at(C::Number), n as f64, &f.locked)?;
    put_text(ws, row, cols.at(C::Severity), &r.severity, &f.locked)?;
    put_text(ws, row, cols.at(C::Message), &r.message, &f.locked)?;
    put_text(ws, row, cols.at(C::Origin), &r.origin, &f.locked)?;
    match r.anchor.as_ref().and_then(|a| placed.get(a)) {
        Some((sheet, rr, cc)) => {
            let cell = crate::diag::a1(*rr as usize, *cc as usize);
            let link = Url::new(format!("internal:'{sheet}'!{cell}")).set_text(format!("{sheet} › {cell}"));
            ws.write_url_with_format(row, cols.at(C::Cell), link, &f.locked)?;
        }
        None => {
            ws.write_blank(row, cols.at(C::Cell), &f.locked)?;
        }
    }
    put_text(ws, row, cols.at(C::Found), &r.found, &f.locked)?;
    put_text(ws, row, cols.at(C::Expected), &r.expected, &f.locked)?;
    put_text(ws, row, cols.at(C::Hint), &r.hint, &f.locked)?;
    ws.set_row_height(
        row,
        fitted_height(&[
            (&r.message, cols.width(C::Message)),
            (&r.origin, cols.width(C::Origin)),
            (&r.found, cols.width(C::Found)),
            (&r.expected, cols.width(C::Expected)),
            (&r.hint, cols.width(C::Hint)),
        ]),
    )?;
    Ok(())
}

fn header_block(
    ws: &mut Worksheet,
    spec: &FormSpec,
    fill: Option<&Fill>,
    f: &Formats,
    title: &str,
    width: u16,
    placed: Option<&mut Placed>,
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
    put_text(ws, 3, 1, AGENCY_LABEL, &f.bold)?;
    match spec.agency {
        Some(a) => put_merged(ws, (3, 2), (3, 4), &a.name, &f.locked_bold)?,
        None => put_merged(ws, (3, 2), (3, 4), "", &f.fill)?,
    };
    put_text(ws, 4, 1, DATE_LABEL, &f.bold)?;
    let mark = fill.and_then(|fl| fl.marks.get(&Anchor::ReportDate));
    write_fill(ws, 4, 2, FillValue::Date(fill.and_then(|fl| fl.report_date)), &f.fill_date, mark)?;
    if let Some(p) = placed {
        p.insert(Anchor::ReportDate, (ws.name(), 4, 2));
    }
    ws.add_data_validation(4, 2, 4, 2, &date_validation("Ngày báo cáo")?)?;
    put_text(ws, 5, 1, CONTACT_LABEL, &f.bold)?;
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
