//! Workbooks + plan → what each agency reported, and every problem found on the way.
//!
//! Never aborts and never prints: a bad cell becomes a [`Diagnostic`] for that cell, a bad file
//! a diagnostic for that file, and everything readable is still read.

mod identity;
mod problem;
mod tables;
mod values;

pub use problem::{Item, Problem, Wanted};

pub use tables::{find_tables, Column, Table, TableKind, HEADER_SEARCH_ROWS};
pub use values::{denoise, parse_code, parse_date, parse_rank, parse_status, parse_status_phrase, parse_vn_number};

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Field, Location, Subject};
use crate::fold::{clean_text, fold};
use crate::ingest::{Cell, ReadError, Workbook};
use crate::model::{IndicatorReport, Intake, Status, Submission, TaskReport};
use crate::plan::{Assessment, Plan, Target};
use identity::Identity;

/// Labels of the cell that names the reporting agency.
const AGENCY_LABELS: [&str; 6] =
    ["co quan bao cao", "don vi bao cao", "ten don vi", "co quan don vi", "ten co quan", "don vi"];
const DATE_LABELS: [&str; 2] = ["ngay bao cao", "ngay lap bao cao"];
/// The marker `tonghop sample` writes into every generated workbook.
pub const SAMPLE_MARKER: &str = "DỮ LIỆU MẪU";
/// The line a return form (`output/tra-lai/`) carries near its top, followed by the name of the
/// file it corrects in «»: read back, the corrected form replaces that file without a word.
pub const RETURN_MARKER: &str = "Biểu mẫu trả lại để sửa tệp";
/// The sheet of a return form that lists its problems: never a table of the report.
pub const REVIEW_SHEET: &str = "Sai sót";

/// One workbook, checked on its own: what it reports (if its agency is known) and its problems.
/// The cell grid is not kept, so a large batch holds only these.
pub struct FileOutcome {
    candidate: Option<Candidate>,
    diagnostics: Vec<Diagnostic>,
    fates: Vec<RowFate>,
}

/// What became of one non-empty row between a table's header and its end: every such row is
/// read, skipped by a stated rule, or has a diagnostic. Nothing disappears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFate {
    pub sheet: usize,
    pub row: usize,
    /// "read", "diagnosed", or the rule that skipped it: "group" (a group heading), "header" (a
    /// header repeated at a page break), "note" (a note or signature line under the table),
    /// "outside" (nothing in the table's columns), "untouched" (a generic form's row of a task
    /// the sender does not lead, left empty), "not-tracked" (an indicator the sender does not
    /// track, left empty).
    pub fate: &'static str,
}

impl FileOutcome {
    /// Whether the file gave records (its agency is known and its tables were read).
    pub fn is_read(&self) -> bool {
        self.candidate.is_some()
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The fate of every non-empty row of the tables read.
    pub fn row_fates(&self) -> &[RowFate] {
        &self.fates
    }
}

/// One workbook's outcome before duplicates are settled.
struct Candidate {
    submission: Submission,
    modified: Option<std::time::SystemTime>,
}

/// The dates a report can plausibly hold (from the config's cycle): a date outside is a typing
/// or program error, said at its cell and not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateWindow {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The date of the consolidated report (the config's, never the clock): a task cannot have
    /// been completed after it. None checks no such date.
    pub document: Option<NaiveDate>,
}

impl DateWindow {
    /// From 1 January five years before the cycle's year to 31 December of the year after.
    pub fn around(year: i32) -> DateWindow {
        DateWindow {
            from: NaiveDate::from_ymd_opt(year - 5, 1, 1).unwrap_or(NaiveDate::MIN),
            to: NaiveDate::from_ymd_opt(year + 1, 12, 31).unwrap_or(NaiveDate::MAX),
            document: None,
        }
    }

    /// The same window, knowing the date of the report being made.
    pub fn with_document_date(self, date: NaiveDate) -> DateWindow {
        DateWindow { document: Some(date), ..self }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    fn describe(&self) -> String {
        format!("một ngày từ {} đến {}", crate::vn::short_date(self.from), crate::vn::short_date(self.to))
    }
}

/// Checks one file's reading result against the plan. Runs on any thread.
pub fn check_file(plan: &Plan, file: &str, result: Result<Workbook, ReadError>, window: DateWindow) -> FileOutcome {
    match result {
        Err(e) => FileOutcome {
            candidate: None,
            fates: Vec::new(),
            diagnostics: vec![Problem::FileUnreadable {
                error: e.to_string(),
                too_large: matches!(
                    e,
                    ReadError::TooLarge(_)
                        | ReadError::OutOfSheet(_)
                        | ReadError::Timeout(_)
                        | ReadError::OutOfMemory(_)
                ),
            }
            .at(Location::file(file))],
        },
        Ok(book) => {
            let mut diagnostics = Vec::new();
            for t in &book.truncated {
                diagnostics.push(
                    Problem::TextTruncated { chars: t.chars, kept: crate::ingest::BUDGET.text_chars }
                        .at(Location::cell(&book.file, &t.sheet, t.row as usize, t.col as usize)),
                );
            }
            if book.legacy_cells > 0 {
                diagnostics.push(
                    Problem::LegacyEncoding { vni: book.legacy_vni, cells: book.legacy_cells }
                        .at(Location::file(&book.file)),
                );
            }
            let mut fates = Vec::new();
            let candidate = check_workbook(plan, &book, window, &mut diagnostics, &mut fates).map(|s| {
                for d in &mut diagnostics {
                    d.agency.get_or_insert_with(|| s.agency.clone());
                }
                Candidate { submission: s, modified: book.modified }
            });
            FileOutcome { candidate, diagnostics, fates }
        }
    }
}

/// Settles the files checked one by one: duplicates, missing rows, late submissions, a mix of
/// sample and real files. `outcomes` are in the order the files were found.
pub fn settle(plan: &Plan, deadline: Option<NaiveDate>, outcomes: Vec<FileOutcome>) -> Intake {
    let mut intake = Intake { files_found: outcomes.len(), ..Intake::default() };
    let mut candidates: Vec<Candidate> = Vec::new();
    for o in outcomes {
        intake.diagnostics.extend(o.diagnostics);
        candidates.extend(o.candidate);
    }

    // Two workbooks from one agency: the later "Ngày báo cáo" wins, else the later file.
    let mut by_agency: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
    let mut replaced_files: HashSet<String> = HashSet::new();
    for c in candidates {
        by_agency.entry(c.submission.agency.clone()).or_default().push(c);
    }
    for (agency, list) in by_agency {
        // A corrected return form replaces the file it was made from: that is what it is for, and
        // no one needs telling. The file is matched by name, wherever it sits in input/.
        // (A corrected form saved under its original's name names itself: nothing to replace.)
        let base = |f: &str| f.rsplit('/').next().unwrap_or(f).to_string();
        let corrected: Vec<String> = list
            .iter()
            .filter_map(|c| c.submission.corrects.clone().filter(|n| *n != base(&c.submission.file)))
            .collect();
        let (mut replaced, mut list): (Vec<Candidate>, Vec<Candidate>) =
            list.into_iter().partition(|c| corrected.contains(&base(&c.submission.file)));
        if list.is_empty() {
            // Files that name each other: none replaces the others.
            std::mem::swap(&mut list, &mut replaced);
        }
        list.sort_by(|a, b| {
            (a.submission.report_date, a.modified, &a.submission.file).cmp(&(
                b.submission.report_date,
                b.modified,
                &b.submission.file,
            ))
        });
        let Some(chosen) = list.pop() else { continue };
        let mut chosen = chosen.submission;
        for c in replaced {
            replaced_files.insert(c.submission.file.clone());
            chosen.superseded.push(c.submission.file);
        }
        if !list.is_empty() {
            let why = if list.iter().all(|c| c.submission.report_date < chosen.report_date) {
                "có \"Ngày báo cáo\" muộn nhất"
            } else {
                "được lưu sau cùng"
            };
            for other in &list {
                intake.diagnostics.push(
                    Problem::DuplicateFile { agency: plan.registry.name(&agency), chosen: &chosen.file, why }
                        .at(Location::file(&other.submission.file))
                        .agency(&agency),
                );
                chosen.superseded.push(other.submission.file.clone());
            }
        }
        missing_rows(plan, &chosen, &mut intake.diagnostics);
        intake.submissions.push(chosen);
    }

    let samples = intake.submissions.iter().filter(|s| s.sample).count();
    if samples > 0 && samples < intake.submissions.len() {
        for s in intake.submissions.iter().filter(|s| !s.sample) {
            intake.diagnostics.push(Problem::SampleMixed.at(Location::file(&s.file)).agency(&s.agency));
        }
    }
    if let Some(deadline) = deadline {
        for s in &intake.submissions {
            if let Some(d) = s.report_date.filter(|d| *d > deadline) {
                intake
                    .diagnostics
                    .push(Problem::Late { date: d, deadline }.at(Location::file(&s.file)).agency(&s.agency));
            }
        }
    }
    // A file its corrected return form replaces has nothing left to say.
    intake.diagnostics.retain(|d| !replaced_files.contains(&d.location.file));
    intake.diagnostics.sort_by(|a, b| a.location.sort_key().cmp(&b.location.sort_key()).then(a.code.cmp(b.code)));
    intake
}

/// The sheets in the order their header blocks are searched: the task table's sheet first,
/// then the others as they stand.
fn sheet_order(book: &Workbook, tables: &[Table]) -> Vec<usize> {
    let first = tables.iter().find(|t| t.kind == TableKind::Tasks).or(tables.first()).map(|t| t.sheet);
    first.into_iter().chain((0..book.sheets.len()).filter(|i| Some(*i) != first)).collect()
}

/// A text value after a label: in the same cell after ":" or in the next non-empty cell. A label
/// without its colon counts only on a short row: in a table's header row ("STT | Đơn vị | …")
/// "Đơn vị" names a column, not the sender.
fn labelled_value(book: &Workbook, labels: &[&str], header: &HeaderBlocks) -> Option<(usize, usize, usize, Cell)> {
    for &si in &header.order {
        let sheet = &book.sheets[si];
        let limit = header.stop_rows.get(si).copied().unwrap_or(HEADER_SEARCH_ROWS);
        for r in sheet.rows_between(0, limit) {
            let cells = sheet.row_cells(r);
            for (i, (c, cell)) in cells.iter().enumerate() {
                let Cell::Text(text) = cell else {
                    continue;
                };
                let (label, rest) = match text.split_once(':') {
                    Some((l, rest)) => (l, rest.trim()),
                    None => (text.as_str(), ""),
                };
                // Labels are short: a long text (a task's name, a note) is not folded at all.
                if label.len() > tables::MAX_LABEL_BYTES {
                    continue;
                }
                let label = fold(label);
                if !labels.contains(&label.as_str()) || (!text.contains(':') && cells.len() > 3) {
                    continue;
                }
                if !rest.is_empty() {
                    return Some((si, r, *c as usize, Cell::Text(rest.to_string())));
                }
                // A merged label repeats itself to its right: skip the copies.
                if let Some((cc, v)) = cells[i + 1..].iter().find(|(_, v)| v != cell) {
                    return Some((si, r, *cc as usize, v.clone()));
                }
            }
        }
    }
    None
}

fn check_workbook(
    plan: &Plan,
    book: &Workbook,
    window: DateWindow,
    diags: &mut Vec<Diagnostic>,
    fates: &mut Vec<RowFate>,
) -> Option<Submission> {
    let tables = locate_tables(book, diags);
    let header = HeaderBlocks::of(book, &tables);
    let agency = identify_agency(plan, book, &header, diags)?;
    let report_date = report_date(book, &header, window, &agency, diags);
    let mut submission = Submission {
        agency: agency.clone(),
        file: book.file.clone(),
        report_date,
        sample: has_sample_mark(book),
        corrects: returned_for(book),
        tasks: Vec::new(),
        indicators: Vec::new(),
        superseded: Vec::new(),
    };
    read_tables(plan, book, &tables, window, &mut submission, diags, fates);
    Some(submission)
}

/// The task and indicator tables: visible sheets first; a hidden sheet only when no visible one
/// has the table (said with a warning).
fn locate_tables(book: &Workbook, diags: &mut Vec<Diagnostic>) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    for pass_visible in [true, false] {
        for (si, sheet) in book.sheets.iter().enumerate() {
            if sheet.visible != pass_visible || sheet.name == REVIEW_SHEET {
                continue;
            }
            for t in find_tables(sheet, si) {
                if !tables.iter().any(|x| x.kind == t.kind) {
                    if !pass_visible {
                        diags.push(Problem::HiddenSheet.at(Location {
                            file: book.file.clone(),
                            sheet: Some(sheet.name.clone()),
                            cell: None,
                        }));
                    }
                    tables.push(t);
                }
            }
        }
    }
    tables
}

/// Where the header blocks are: for each sheet, the row its first table starts at (the block
/// is above it), and the order the sheets are searched in (the task table's sheet first).
struct HeaderBlocks {
    stop_rows: Vec<usize>,
    order: Vec<usize>,
}

impl HeaderBlocks {
    fn of(book: &Workbook, tables: &[Table]) -> HeaderBlocks {
        let stop_rows = (0..book.sheets.len())
            .map(|si| tables.iter().filter(|t| t.sheet == si).map(|t| t.header_row).min().unwrap_or(HEADER_SEARCH_ROWS))
            .collect();
        HeaderBlocks { stop_rows, order: sheet_order(book, tables) }
    }
}

/// Whether `tonghop sample` made the file: it writes its marker, in NFC, near the top.
fn has_sample_mark(book: &Workbook) -> bool {
    book.sheets.iter().any(|s| {
        s.cells()
            .take_while(|(r, _, _)| *r < HEADER_SEARCH_ROWS)
            .any(|(_, _, c)| matches!(c, Cell::Text(t) if t.contains(SAMPLE_MARKER)))
    })
}

/// The file a return form corrects, from its marker line: «Sở Y tế.xlsx».
fn returned_for(book: &Workbook) -> Option<String> {
    book.sheets.iter().find_map(|s| {
        s.cells().take_while(|(r, _, _)| *r < HEADER_SEARCH_ROWS).find_map(|(_, _, c)| match c {
            Cell::Text(t) if t.contains(RETURN_MARKER) => {
                let (_, rest) = t.split_once('«')?;
                let (name, _) = rest.split_once('»')?;
                Some(name.trim().to_string()).filter(|n| !n.is_empty())
            }
            _ => None,
        })
    })
}

/// Which agency sent the file: a labelled cell, else the sender's own ND30 header, else the file
/// name. `None` (with an error) when none names an agency of the registry.
fn identify_agency(plan: &Plan, book: &Workbook, header: &HeaderBlocks, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let file = &book.file;
    if let Some((si, r, c, cell)) = labelled_value(book, &AGENCY_LABELS, header) {
        let name = cell.display();
        let at = Location::cell(file, &book.sheets[si].name, r, c);
        return match plan.registry.identify(&name) {
            Ok(id) => {
                if let Some(via) = &id.via {
                    diags.push(
                        Problem::AgencyPredecessor {
                            former: plan.registry.name(via),
                            current: plan.registry.name(&id.id),
                        }
                        .at(at)
                        .found(&name)
                        .agency(&id.id),
                    );
                }
                Some(id.id)
            }
            Err(closest) => {
                diags.push(unknown_agency(plan, at, &name, &closest, true));
                None
            }
        };
    }
    // No label: the sender's own ND30 header names it ("UBND THÀNH PHỐ HUẾ" over "UBND PHƯỜNG
    // THUẬN HÓA", or over "SỞ Y TẾ").
    if let Some(id) = header_agency(plan, book, header) {
        return Some(id);
    }
    let stem = file.rsplit('/').next().unwrap_or(file);
    let stem = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
    match plan.registry.identify(stem) {
        Ok(id) => {
            diags.push(
                Problem::AgencyFromFilename { agency: plan.registry.name(&id.id) }
                    .at(Location::file(file))
                    .found(stem)
                    .agency(&id.id),
            );
            Some(id.id)
        }
        Err(closest) => {
            diags.push(unknown_agency(plan, Location::file(file), stem, &closest, false));
            None
        }
    }
}

/// The report's date: a labelled cell, else the "…, ngày … tháng … năm …" line of the sender's
/// header. A date that does not read, or lies outside the cycle, is said and not used.
fn report_date(
    book: &Workbook,
    header: &HeaderBlocks,
    window: DateWindow,
    agency: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let found = labelled_value(book, &DATE_LABELS, header).or_else(|| header_date(book, header));
    let Some((si, r, c, cell)) = found else {
        diags.push(Problem::ReportDateMissing.at(Location::file(&book.file)).agency(agency));
        return None;
    };
    let at = Location::cell(&book.file, &book.sheets[si].name, r, c);
    match parse_date(&cell, book.date_1904) {
        Some(d) if !window.contains(d) => {
            diags.push(date_implausible(at, "\"Ngày báo cáo\"", &cell, window, agency).about(Subject::ReportDate));
            None
        }
        Some(d) => Some(d),
        None => {
            diags.push(Problem::DateInvalid { task: None }.at(at).found(cell.display()).agency(agency));
            None
        }
    }
}

/// Reads the tables into `out`; a table the agency must send and did not is an error.
fn read_tables(
    plan: &Plan,
    book: &Workbook,
    tables: &[Table],
    window: DateWindow,
    out: &mut Submission,
    diags: &mut Vec<Diagnostic>,
    fates: &mut Vec<RowFate>,
) {
    let agency = out.agency.clone();
    let led: HashSet<&str> = plan.tasks_of(&agency).map(|t| t.code.as_str()).collect();
    let tracked: HashSet<&str> = plan.indicators_of(&agency).map(|i| i.code.as_str()).collect();
    let missing = |kind| Problem::TableMissing { kind }.at(Location::file(&book.file)).agency(&agency);
    match tables.iter().find(|t| t.kind == TableKind::Tasks) {
        Some(t) => read_tasks(plan, book, t, &agency, &led, window, out, diags, fates),
        None if !led.is_empty() => diags.push(missing(TableKind::Tasks)),
        None => {}
    }
    match tables.iter().find(|t| t.kind == TableKind::Indicators) {
        Some(t) => read_indicators(plan, book, t, &agency, &tracked, out, diags, fates),
        None if !tracked.is_empty() => diags.push(missing(TableKind::Indicators)),
        None => {}
    }
}

/// Text cells of the header blocks (above each sheet's first table, task sheet first), line by
/// line, with their position.
fn header_lines<'a>(
    book: &'a Workbook,
    header: &'a HeaderBlocks,
) -> impl Iterator<Item = (usize, usize, usize, &'a str)> + 'a {
    header.order.iter().flat_map(move |&si| {
        let sheet = &book.sheets[si];
        let limit = header.stop_rows.get(si).copied().unwrap_or(HEADER_SEARCH_ROWS).min(HEADER_SEARCH_ROWS);
        sheet.rows_between(0, limit).flat_map(move |r| {
            sheet.row_cells(r).iter().filter_map(move |(c, cell)| match cell {
                Cell::Text(t) => Some((si, r, *c as usize, t.as_str())),
                _ => None,
            })
        })
    })
}

/// The agency an ND30 header block names: the last line that is an agency's name, above the
/// title ("BÁO CÁO") and never the addressee ("Kính gửi: …"). The parent body above it
/// ("UBND THÀNH PHỐ HUẾ") names no reporting agency.
fn header_agency(plan: &Plan, book: &Workbook, header: &HeaderBlocks) -> Option<String> {
    let mut found = None;
    let mut sheet_seen = None;
    for (si, _, _, text) in header_lines(book, header) {
        if sheet_seen.is_some_and(|s| s != si) && found.is_some() {
            break;
        }
        sheet_seen = Some(si);
        for line in text.lines() {
            let key = fold(line);
            if key.starts_with("bao cao") || key.starts_with("kinh gui") {
                if found.is_some() {
                    return found;
                }
                continue;
            }
            if let Some(id) = plan.registry.lookup(line.trim()) {
                found = Some(id.id);
            }
        }
    }
    found
}

/// The date of an ND30 place-and-date line ("Thuận Hóa, ngày 18 tháng 11 năm 2026").
fn header_date(book: &Workbook, header: &HeaderBlocks) -> Option<(usize, usize, usize, Cell)> {
    header_lines(book, header).find_map(|(si, r, c, text)| {
        let key = fold(text);
        let words: Vec<&str> = key.split(' ').collect();
        let dated = words.contains(&"ngay") && words.contains(&"thang") && words.contains(&"nam");
        (dated && parse_date(&Cell::Text(text.to_string()), false).is_some())
            .then(|| (si, r, c, Cell::Text(text.to_string())))
    })
}

fn unknown_agency(plan: &Plan, loc: Location, name: &str, closest: &[String], labelled: bool) -> Diagnostic {
    Problem::AgencyUnknown {
        labelled,
        closest,
        former: plan.registry.is_locality_predecessor(name).then_some(plan.meta.predecessor_hint.as_str()),
    }
    .at(loc)
    .found(name)
}

fn text_at(book: &Workbook, t: &Table, row: usize, col: Option<usize>) -> String {
    match col {
        Some(c) => match book.sheets[t.sheet].get(row, c) {
            Cell::Empty => String::new(),
            cell => clean_text(&cell.display()),
        },
        None => String::new(),
    }
}

/// A row whose code the plan does not have: shown, not counted.
fn code_unknown(item: Item, code: &str, tasks: Option<usize>, found: &Cell, at: Location, agency: &str) -> Diagnostic {
    Problem::CodeUnknown { item, code, tasks }.at(at).found(found.display()).agency(agency)
}

/// The same code a second time in one workbook: the first row stands.
fn code_duplicate(item: Item, code: &str, at: Location, agency: &str) -> Diagnostic {
    Problem::CodeDuplicate { item, code }.at(at).found(code).agency(agency)
}

fn fate(t: &Table, row: usize, rule: &'static str, read: bool, diagnosed: bool) -> RowFate {
    let fate = if read {
        "read"
    } else if diagnosed {
        "diagnosed"
    } else {
        rule
    };
    RowFate { sheet: t.sheet, row, fate }
}

/// "I", "II.", "A", "b)": a group heading's number.
fn is_group_number(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')', ':']).trim();
    !t.is_empty()
        && (t.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'i' | 'v' | 'x' | 'l'))
            || (t.chars().count() == 1 && t.chars().all(|c| c.is_alphabetic())))
}

/// A row whose code cell gives no code: skipped by a stated rule, or a diagnostic (returned as
/// "diagnosed" once pushed).
fn unparsed_row(
    book: &Workbook,
    t: &Table,
    r: usize,
    code_col: usize,
    item: Item,
    agency: &str,
    diags: &mut Vec<Diagnostic>,
) -> &'static str {
    let sheet = &book.sheets[t.sheet];
    let filled: Vec<(Column, &Cell)> =
        t.columns.iter().map(|(k, c)| (*k, sheet.get(r, *c))).filter(|(_, v)| !v.is_empty()).collect();
    if filled.is_empty() {
        return "outside";
    }
    let code_cell = sheet.get(r, code_col);
    let loc = Location::cell(&book.file, &sheet.name, r, code_col);
    if let Cell::Uncomputed(_) = code_cell {
        diags.push(uncomputed(loc, code_cell, agency));
        return "diagnosed";
    }
    let code_text = code_cell.display();
    if is_group_number(&code_text) {
        return "group";
    }
    // A header repeated at a page break: its cells name the table's columns.
    let labels =
        filled.iter().filter(|(k, v)| matches!(v, Cell::Text(s) if tables::names_column(t.kind, *k, s))).count();
    if labels >= 2 && labels * 2 >= filled.len() {
        return "header";
    }
    let reported = filled.iter().any(|(k, _)| {
        matches!(k, Column::Status | Column::Result | Column::CompletedOn | Column::Value | Column::Assessment)
            || Column::MARKS.contains(k)
    });
    let first = filled.iter().map(|(_, v)| v.display()).next().unwrap_or_default();
    let first_key = fold(&first);
    let note_words =
        ["ghi chu", "luu y", "nguoi lap", "thu truong", "noi nhan", "nguon", "ky ten", "xac nhan", "giam doc"];
    // A note or signature line under the table, in whichever column it was typed.
    if filled.len() == 1 && (note_words.iter().any(|w| first_key.starts_with(w)) || first.trim_start().starts_with('*'))
    {
        return "note";
    }
    if code_text.trim().is_empty() && !reported {
        // A heading: text in the name or note columns only.
        return "group";
    }
    if !code_text.trim().is_empty() && !reported && filled.len() == 1 {
        // Text alone in the code column under the table ("Ghi chú: …", "* Số liệu ước tính").
        let note = code_text.trim_start().starts_with(['*', '(', '-', '+']) || code_text.chars().count() > 25;
        if note {
            return "note";
        }
    }
    diags.push(
        Problem::RowUnread { item }
            .at(loc)
            .found(if code_text.trim().is_empty() { "(ô mã để trống)".to_string() } else { code_text })
            .agency(agency),
    );
    "diagnosed"
}

/// Symbols people put in a status column to mark it.
fn is_mark_symbol(v: &str) -> bool {
    matches!(v.trim(), "x" | "X" | "✓" | "✔" | "☑" | "☒" | "v" | "V" | "1" | "•" | "●" | "+" | "√")
}

/// A cell that marks its status column: a mark symbol, or any other note ("80%"), but not a
/// zero, a dash or a "no".
fn is_mark(cell: &Cell) -> bool {
    match cell {
        Cell::Empty => false,
        Cell::Number(n) => *n != 0.0,
        Cell::Bool(b) => *b,
        Cell::Text(t) => {
            let t = t.trim();
            !t.is_empty() && !matches!(t, "0" | "-" | "–" | "—") && !matches!(fold(t).as_str(), "khong" | "k")
        }
        _ => true,
    }
}

/// A formula whose result was never stored: nothing to read until a spreadsheet computes it.
fn uncomputed(at: Location, cell: &Cell, agency: &str) -> Diagnostic {
    Problem::FormulaUncomputed.at(at).found(cell.display()).agency(agency)
}

/// A date read but outside what a report can hold (31/12/1899 from a serial 0, year 9999).
fn date_implausible(at: Location, what: &str, cell: &Cell, window: DateWindow, agency: &str) -> Diagnostic {
    Problem::DateImplausible { what, window }.at(at).found(cell.display()).agency(agency)
}

#[allow(clippy::too_many_arguments)]
fn read_tasks(
    plan: &Plan,
    book: &Workbook,
    t: &Table,
    agency: &str,
    led: &HashSet<&str>,
    window: DateWindow,
    out: &mut Submission,
    diags: &mut Vec<Diagnostic>,
    fates: &mut Vec<RowFate>,
) {
    let sheet = &book.sheets[t.sheet];
    let code_col = t.col(Column::Code).expect("task tables have a code column");
    // The status is in one column, or marked in one column per status.
    let marks: Vec<(Status, usize)> = [
        (Column::MarkDone, Status::Done),
        (Column::MarkInProgress, Status::InProgress),
        (Column::MarkRecurring, Status::Recurring),
        (Column::MarkNotStarted, Status::NotStarted),
    ]
    .into_iter()
    .filter_map(|(c, s)| t.col(c).map(|i| (s, i)))
    .collect();
    let status_col = t.col(Column::Status).or(marks.first().map(|m| m.1)).expect("task tables have a status column");
    let by_marks = t.col(Column::Status).is_none();
    let mut seen: HashSet<String> = HashSet::new();

    // Each row's task, by its code and its name together (see `identity`).
    let names = t.col(Column::Name).map(|_| identity::TaskNames::new(plan));
    let rows: Vec<(usize, String, Identity)> = sheet
        .rows_between(t.first_data_row, t.end_row)
        .filter_map(|r| {
            let code_cell = sheet.get(r, code_col);
            let Some(code) = parse_code(code_cell) else {
                let before = diags.len();
                let rule = unparsed_row(book, t, r, code_col, Item::Task, agency, diags);
                fates.push(fate(t, r, rule, false, diags.len() > before));
                return None;
            };
            // A group heading numbered like a task ("1" over tasks 1.1, 1.2…): the plan's group
            // code, and no task of that code or the group's own title beside it.
            if let Some(g) = plan.groups.iter().find(|g| g.code == code) {
                let title = t.col(Column::Name).map(|c| fold(&sheet.get(r, c).display())).unwrap_or_default();
                if plan.task(&code).is_none() || (!title.is_empty() && title == fold(&g.title)) {
                    fates.push(fate(t, r, "group", false, false));
                    return None;
                }
            }
            // Task 1.10 typed as the number 1.1: the name decides, as for indicators.
            let numeric = matches!(code_cell, Cell::Number(_));
            let name = match t.col(Column::Name) {
                Some(c) if numeric => sheet.get(r, c).display(),
                _ => String::new(),
            };
            let (code, undecided) =
                resolve_dotted_code(|c| plan.task(c).map(|t| t.name.as_str()), code, numeric, &name);
            if undecided {
                diags.push(
                    Problem::CodeAmbiguous { item: Item::Task, code: &code }
                        .at(Location::cell(&book.file, &sheet.name, r, code_col))
                        .found(code_cell.display())
                        .agency(agency),
                );
            }
            let id = match (&names, t.col(Column::Name)) {
                (Some(names), Some(c)) if !sheet.get(r, c).is_empty() => {
                    identity::identify(names, &code, &sheet.get(r, c).display())
                }
                _ => Identity::Code,
            };
            Some((r, code, id))
        })
        .collect();
    let renamed = rows.iter().filter(|(_, _, id)| matches!(id, Identity::Name(_))).count();
    // Many rows whose names are other tasks': the sender numbered the rows itself.
    let own_numbering = renamed >= 3 && renamed * 2 >= rows.len();
    if own_numbering {
        diags.push(
            Problem::OwnNumbering { renamed }
                .at(Location { file: book.file.clone(), sheet: Some(sheet.name.clone()), cell: None })
                .agency(agency),
        );
    }
    for (r, typed_code, id) in rows {
        let (read_before, diags_before) = (out.tasks.len(), diags.len());
        let rule: &'static str = 'row: {
            let loc = |c: usize| Location::cell(&book.file, &sheet.name, r, c);
            let code = match id {
                Identity::Code => typed_code,
                Identity::Name(task) => {
                    if !own_numbering {
                        diags.push(
                            Problem::TaskCodeMismatch { typed: &typed_code, task: &task }
                                .at(loc(code_col))
                                .found(typed_code.clone())
                                .agency(agency),
                        );
                    }
                    task
                }
                Identity::Contradiction => {
                    let name_col = t.col(Column::Name).unwrap_or(code_col);
                    let plan_name = plan.task(&typed_code).map(|t| t.name.as_str()).unwrap_or("");
                    diags.push(
                        Problem::TaskNameMismatch { typed: &typed_code, plan_name }
                            .at(loc(name_col))
                            .found(sheet.get(r, name_col).display())
                            .agency(agency),
                    );
                    break 'row "skip";
                }
            };
            if plan.task(&code).is_none() {
                diags.push(code_unknown(
                    Item::Task,
                    &code,
                    Some(plan.tasks.len()),
                    sheet.get(r, code_col),
                    loc(code_col),
                    agency,
                ));
                break 'row "skip";
            }
            if !led.contains(code.as_str()) {
                // An untouched row of the generic form: nothing reported, nothing to say.
                let untouched = sheet.get(r, status_col).is_empty()
                    && marks.iter().all(|(_, c)| sheet.get(r, *c).is_empty())
                    && t.col(Column::Result).is_none_or(|c| sheet.get(r, c).is_empty());
                if untouched {
                    break 'row "untouched";
                }
                diags.push(
                    Problem::TaskNotAssigned { task: &code }.at(loc(code_col)).found(code.clone()).agency(agency),
                );
                break 'row "skip";
            }
            if !seen.insert(code.clone()) {
                diags.push(code_duplicate(Item::Task, &code, loc(code_col), agency));
                break 'row "skip";
            }
            let mut status_note = String::new();
            let marked: Vec<(Status, usize)> =
                marks.iter().copied().filter(|(_, c)| is_mark(sheet.get(r, *c))).collect();
            let status_cell = sheet.get(r, status_col);
            let status = if by_marks {
                match marked.as_slice() {
                    [] => {
                        diags
                            .push(Problem::StatusEmpty { task: &code, marks: true }.at(loc(status_col)).agency(agency));
                        None
                    }
                    [(s, c)] => {
                        let v = sheet.get(r, *c).display();
                        if !is_mark_symbol(&v) {
                            status_note = clean_text(&v);
                        }
                        Some(*s)
                    }
                    [first, ..] => {
                        let found: Vec<String> = marked.iter().map(|(s, _)| s.label().to_string()).collect();
                        diags.push(
                            Problem::StatusContradictory { task: &code, marks: true }
                                .at(loc(first.1))
                                .found(found.join(", "))
                                .agency(agency),
                        );
                        None
                    }
                }
            } else if let Cell::Uncomputed(_) = status_cell {
                diags.push(
                    uncomputed(loc(status_col), status_cell, agency)
                        .about(Subject::Task { code: code.clone(), field: Field::Status }),
                );
                None
            } else if status_cell.is_empty() {
                diags.push(Problem::StatusEmpty { task: &code, marks: false }.at(loc(status_col)).agency(agency));
                None
            } else {
                let found = status_cell.display();
                let s = match parse_status_phrase(&found) {
                    Ok((s, note)) => {
                        status_note = note;
                        Some(s)
                    }
                    Err(true) => {
                        diags.push(
                            Problem::StatusContradictory { task: &code, marks: false }
                                .at(loc(status_col))
                                .found(found.clone())
                                .agency(agency),
                        );
                        None
                    }
                    Err(false) => None,
                };
                if s.is_none()
                    && !diags.last().is_some_and(|d| d.code == "status-contradictory" && d.location == loc(status_col))
                {
                    diags.push(Problem::StatusInvalid { task: &code }.at(loc(status_col)).found(found).agency(agency));
                }
                s
            };
            let completed_on = match t.col(Column::CompletedOn) {
                Some(c) if !sheet.get(r, c).is_empty() => {
                    let d = parse_date(sheet.get(r, c), book.date_1904);
                    if d.is_some_and(|d| !window.contains(d)) {
                        diags.push(
                            date_implausible(
                                loc(c),
                                &format!("ngày hoàn thành của nhiệm vụ {code}"),
                                sheet.get(r, c),
                                window,
                                agency,
                            )
                            .about(Subject::Task { code: code.clone(), field: Field::CompletedOn }),
                        );
                        None
                    } else if d.is_none() {
                        diags.push(
                            Problem::DateInvalid { task: Some(&code) }
                                .at(loc(c))
                                .found(sheet.get(r, c).display())
                                .agency(agency),
                        );
                        None
                    } else {
                        // After the file's own report date; or, in a file with no report date,
                        // after the consolidated report is made: not yet come. (A late file
                        // may be dated after the pinned document date, and its completions
                        // with it: its own date is the one to compare with.)
                        let problem = match (d, out.report_date, window.document) {
                            (Some(done), Some(report), _) if done > report => {
                                Some(Problem::CompletedAfterReport { task: &code, report })
                            }
                            (Some(done), None, Some(document)) if done > document => {
                                Some(Problem::CompletedInFuture { task: &code, document })
                            }
                            _ => None,
                        };
                        if let Some(p) = problem {
                            diags.push(p.at(loc(c)).found(sheet.get(r, c).display()).agency(agency));
                        }
                        d
                    }
                }
                _ => None,
            };
            out.tasks.push(TaskReport {
                task: code,
                status,
                completed_on,
                status_note,
                result: text_at(book, t, r, t.col(Column::Result)),
                difficulties: text_at(book, t, r, t.col(Column::Difficulties)),
                proposals: text_at(book, t, r, t.col(Column::Proposals)),
            });
            "read"
        };
        fates.push(fate(t, r, rule, out.tasks.len() > read_before, diags.len() > diags_before));
    }
}

/// "8.1" typed as a number may mean "8.10" (a spreadsheet drops the trailing zero): the name
/// column decides, for tasks and indicators alike. `name_of` gives the plan's name of a code.
/// Returns the code and whether nothing decided (both codes exist, no name to tell them apart).
fn resolve_dotted_code<'p>(
    name_of: impl Fn(&str) -> Option<&'p str>,
    code: String,
    numeric: bool,
    name: &str,
) -> (String, bool) {
    if !numeric || !code.contains('.') {
        return (code, false);
    }
    let padded = format!("{code}0");
    let (Some(a), Some(b)) = (name_of(&code), name_of(&padded)) else {
        return (code, false);
    };
    if name.is_empty() {
        return (code, true);
    }
    // Names are often shortened or cut off: count the words of the typed name each plan name
    // has, rather than comparing whole strings.
    let key = fold(name);
    let (sa, sb) = (shared_words(&key, &fold(a)), shared_words(&key, &fold(b)));
    if sa == sb {
        (code, true)
    } else if sb > sa {
        (padded, false)
    } else {
        (code, false)
    }
}

/// How many words of `typed` occur in `name` (both folded).
fn shared_words(typed: &str, name: &str) -> usize {
    let words: HashSet<&str> = name.split(' ').collect();
    typed.split(' ').filter(|w| words.contains(w)).count()
}

fn read_indicators(
    plan: &Plan,
    book: &Workbook,
    t: &Table,
    agency: &str,
    tracked: &HashSet<&str>,
    out: &mut Submission,
    diags: &mut Vec<Diagnostic>,
    fates: &mut Vec<RowFate>,
) {
    let sheet = &book.sheets[t.sheet];
    let code_col = t.col(Column::Code).expect("indicator tables have a code column");
    let value_col = t.col(Column::Value).expect("indicator tables have a value column");
    let mut seen: HashSet<String> = HashSet::new();
    for r in sheet.rows_between(t.first_data_row, t.end_row) {
        let (read_before, diags_before) = (out.indicators.len(), diags.len());
        let rule: &'static str = 'row: {
            let code_cell = sheet.get(r, code_col);
            let Some(code) = parse_code(code_cell) else {
                break 'row unparsed_row(book, t, r, code_col, Item::Indicator, agency, diags);
            };
            let loc = |c: usize| Location::cell(&book.file, &sheet.name, r, c);
            let name = text_at(book, t, r, t.col(Column::Name));
            let (code, undecided) = resolve_dotted_code(
                |c| plan.indicator(c).map(|i| i.name.as_str()),
                code,
                matches!(code_cell, Cell::Number(_)),
                &name,
            );
            if undecided {
                diags.push(
                    Problem::CodeAmbiguous { item: Item::Indicator, code: &code }
                        .at(loc(code_col))
                        .found(code_cell.display())
                        .agency(agency),
                );
            }
            let Some(ind) = plan.indicator(&code) else {
                diags.push(code_unknown(Item::Indicator, &code, None, code_cell, loc(code_col), agency));
                break 'row "skip";
            };
            if !tracked.contains(code.as_str()) {
                if !sheet.get(r, value_col).is_empty() {
                    diags.push(
                        Problem::IndicatorNotTracked { code: &code }
                            .at(loc(code_col))
                            .found(code.clone())
                            .agency(agency),
                    );
                }
                break 'row "not-tracked";
            }
            if !seen.insert(code.clone()) {
                diags.push(code_duplicate(Item::Indicator, &code, loc(code_col), agency));
                break 'row "skip";
            }
            let cell = sheet.get(r, value_col);
            let assessment_cell = t.col(Column::Assessment).map(|c| (c, sheet.get(r, c)));
            let assessment = match assessment_cell {
                Some((c, a)) if !a.is_empty() => {
                    let parsed = Assessment::parse(&a.display());
                    if parsed.is_none() {
                        diags.push(
                            Problem::AssessmentInvalid { code: &code }.at(loc(c)).found(a.display()).agency(agency),
                        );
                    }
                    parsed
                }
                _ => None,
            };
            // A formula never computed: the row is there (not "missing"), its value is not.
            let (value_text, value) = if let Cell::Uncomputed(_) = cell {
                diags.push(
                    uncomputed(loc(value_col), cell, agency)
                        .about(Subject::Indicator { code: code.clone(), field: Field::Value }),
                );
                (String::new(), None)
            } else {
                let text = if cell.is_empty() { String::new() } else { clean_text(&cell.display()) };
                let v = read_value(ind.target, &ind.unit, cell, &text, &code, loc(value_col), agency, diags);
                (text, v)
            };
            out.indicators.push(IndicatorReport {
                indicator: code,
                value,
                value_text,
                assessment,
                note: text_at(book, t, r, t.col(Column::Note)),
            });
            "read"
        };
        fates.push(fate(t, r, rule, out.indicators.len() > read_before, diags.len() > diags_before));
    }
}

#[allow(clippy::too_many_arguments)]
fn read_value(
    target: Target,
    unit: &str,
    cell: &Cell,
    text: &str,
    code: &str,
    loc: Location,
    agency: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<f64> {
    if cell.is_empty() {
        return None;
    }
    let percent_unit = unit.trim() == "%";
    if target.is_rank() {
        let v = match cell {
            Cell::Number(n) => Some(denoise(*n)),
            _ => parse_rank(text),
        };
        if v.is_none() {
            diags.push(Problem::ValueInvalid { code, wanted: Wanted::Rank }.at(loc).found(text).agency(agency));
        }
        return v;
    }
    if matches!(target, Target::Qualitative) {
        return match cell {
            Cell::Number(n) => Some(denoise(*n)),
            _ => parse_vn_number(text).map(|(v, _)| v),
        };
    }
    match cell {
        Cell::Number(n) => {
            let n = denoise(*n);
            let target_value = match target {
                Target::AtLeast(t) | Target::Above(t) | Target::Range(t, _) => t,
                _ => 0.0,
            };
            if percent_unit && n > 0.0 && n <= 1.0 && target_value > 1.0 {
                let v = denoise(n * 100.0);
                diags.push(
                    Problem::PercentFraction { code, typed: n, read: v }
                        .at(loc)
                        .found(crate::vn::number(n))
                        .agency(agency),
                );
                Some(v)
            } else {
                Some(n)
            }
        }
        _ => match parse_vn_number(text) {
            Some((v, _)) => Some(denoise(v)),
            None => {
                diags.push(
                    Problem::ValueInvalid { code, wanted: Wanted::Number { percent: percent_unit } }
                        .at(loc)
                        .found(text)
                        .agency(agency),
                );
                None
            }
        },
    }
}

/// Assigned tasks and tracked indicators the workbook leaves out.
fn missing_rows(plan: &Plan, s: &Submission, diags: &mut Vec<Diagnostic>) {
    let have: HashSet<&str> = s.tasks.iter().map(|t| t.task.as_str()).collect();
    let missing: Vec<&str> = plan.tasks_of(&s.agency).map(|t| t.code.as_str()).filter(|c| !have.contains(c)).collect();
    if !missing.is_empty() {
        diags.push(
            Problem::TaskMissing { count: missing.len() }
                .at(Location::file(&s.file))
                .found(format!("không có dòng cho nhiệm vụ {}", missing.join(", ")))
                .agency(&s.agency)
                .about(Subject::MissingTasks { codes: missing.iter().map(|c| c.to_string()).collect() }),
        );
    }
    let have: HashSet<&str> = s.indicators.iter().map(|i| i.indicator.as_str()).collect();
    let missing: Vec<&str> =
        plan.indicators_of(&s.agency).map(|i| i.code.as_str()).filter(|c| !have.contains(c)).collect();
    if !missing.is_empty() {
        diags.push(
            Problem::IndicatorMissing { count: missing.len() }
                .at(Location::file(&s.file))
                .found(format!("không có dòng cho chỉ tiêu {}", missing.join(", ")))
                .agency(&s.agency)
                .about(Subject::MissingIndicators { codes: missing.iter().map(|c| c.to_string()).collect() }),
        );
    }
}
