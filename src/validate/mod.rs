//! Workbooks + plan → what each agency reported, and every problem found on the way.
//!
//! Never aborts and never prints: a bad cell becomes a [`Diagnostic`] for that cell, a bad file
//! a diagnostic for that file, and everything readable is still read.
//!
//! The stages, each in its module: [`sheets`] sorts a workbook's sheets into reports (one, or one
//! per sheet when sheets name different agencies) and gives every other sheet its fate;
//! [`header`] reads who sent a report, when, and for which period; [`rows`] walks a table and
//! skips what a person would skip; [`tasks`] and [`indicators`] read the data rows, each row
//! getting exactly one [`Fate`]; [`settle`] puts the files of one agency together.

mod budget;
mod context;
mod fate;
mod header;
mod identity;
mod indicators;
mod problem;
mod rows;
mod settle;
mod sheets;
mod tables;
mod tasks;
#[cfg(test)]
mod testing;
mod values;

pub use fate::{Fate, RowFate, SheetFate, SheetRecord, SheetSkip, Skip};
pub use header::{RETURN_MARKER, SAMPLE_MARKER};
pub use problem::{Item, Problem, UnitClash, Wanted, OFFICER_ONLY};
pub use settle::settle;
pub use sheets::REVIEW_SHEET;
pub use tables::{find_tables, Column, Table, TableKind, HEADER_SEARCH_ROWS};
pub use values::{
    denoise, parse_code, parse_date, parse_quantity, parse_rank, parse_status, parse_status_phrase, parse_typed_code,
    parse_vn_number, Quantity, TypedCode,
};

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Location};
use crate::ingest::{ReadError, Workbook};
use crate::model::Submission;
use crate::plan::{Period, Plan};
pub use budget::{Diags, DIAGNOSTICS_PER_CODE, QUOTE_CHARS};
use context::Ctx;
use header::{HeaderBlocks, Sender};
use tables::TableKind as Kind;

/// One workbook, checked on its own: what it reports (one report per agency it holds) and its
/// problems. The cell grid is not kept, so a large batch holds only these.
pub struct FileOutcome {
    candidates: Vec<Candidate>,
    diagnostics: Diags,
    fates: Vec<RowFate>,
    sheets: Vec<SheetRecord>,
}

impl FileOutcome {
    /// Whether the file gave records (an agency is known and its tables were read).
    pub fn is_read(&self) -> bool {
        !self.candidates.is_empty()
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The fate of every non-empty row of the tables read.
    pub fn row_fates(&self) -> &[RowFate] {
        &self.fates
    }

    /// The fate of every non-empty sheet.
    pub fn sheet_fates(&self) -> &[SheetRecord] {
        &self.sheets
    }

    /// What the file reports, one submission per agency.
    pub fn submissions(&self) -> impl Iterator<Item = &Submission> {
        self.candidates.iter().map(|c| &c.submission)
    }
}

/// One report of a workbook before the files of its agency are put together.
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
    /// The period being consolidated: a report naming another one is not counted for it.
    pub period: Option<Period>,
    /// The period before it and its deadline: a report dated on or before that deadline is last
    /// cycle's.
    pub previous_period: Option<Period>,
    pub previous_deadline: Option<NaiveDate>,
}

impl DateWindow {
    /// From 1 January five years before the cycle's year to 31 December of the year after.
    pub fn around(year: i32) -> DateWindow {
        DateWindow {
            from: NaiveDate::from_ymd_opt(year - 5, 1, 1).unwrap_or(NaiveDate::MIN),
            to: NaiveDate::from_ymd_opt(year + 1, 12, 31).unwrap_or(NaiveDate::MAX),
            document: None,
            period: None,
            previous_period: None,
            previous_deadline: None,
        }
    }

    /// The same window, knowing the date of the report being made.
    pub fn with_document_date(self, date: NaiveDate) -> DateWindow {
        DateWindow { document: Some(date), ..self }
    }

    /// The same window, knowing the period consolidated and the deadline of the one before.
    pub fn with_period(self, plan: &Plan, period: Period) -> DateWindow {
        let previous = period.previous();
        DateWindow {
            period: Some(period),
            previous_period: Some(previous),
            previous_deadline: plan.deadline(&previous),
            ..self
        }
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
    let book = match result {
        Err(e) => {
            let too_large = matches!(
                e,
                ReadError::TooLarge(_) | ReadError::OutOfSheet(_) | ReadError::Timeout(_) | ReadError::OutOfMemory(_)
            );
            let d = Problem::FileUnreadable { error: e.to_string(), too_large }.at(Location::file(file));
            let diagnostics = Diags::from(vec![d]);
            return FileOutcome { candidates: Vec::new(), diagnostics, fates: Vec::new(), sheets: Vec::new() };
        }
        Ok(book) => book,
    };
    let mut diagnostics = Vec::new();
    for t in &book.truncated {
        let at = Location::cell(&book.file, &t.sheet, t.row as usize, t.col as usize);
        diagnostics.push(Problem::TextTruncated { chars: t.chars, kept: crate::ingest::BUDGET.text_chars }.at(at));
    }
    if book.legacy_cells > 0 {
        let p = Problem::LegacyEncoding { vni: book.legacy_vni, cells: book.legacy_cells };
        diagnostics.push(p.at(Location::file(&book.file)));
    }
    let diagnostics = Diags::from(diagnostics);
    let mut outcome = FileOutcome { candidates: Vec::new(), diagnostics, fates: Vec::new(), sheets: Vec::new() };
    let submissions = check_workbook(plan, &book, window, &mut outcome);
    if let Some(first) = submissions.first() {
        for d in outcome.diagnostics.iter_mut() {
            d.agency.get_or_insert_with(|| first.agency.clone());
        }
    }
    outcome.candidates =
        submissions.into_iter().map(|submission| Candidate { submission, modified: book.modified }).collect();
    outcome.sheets.sort_by_key(|s| s.sheet);
    // Within the budget from here on: what leaves this function is all the run keeps of the file.
    let kept = std::mem::take(&mut outcome.diagnostics).finish(&book.file);
    outcome.diagnostics = Diags::from(kept);
    outcome
}

/// The reports of a workbook: one, or one per agency its sheets name.
fn check_workbook(plan: &Plan, book: &Workbook, window: DateWindow, out: &mut FileOutcome) -> Vec<Submission> {
    let layout = sheets::layout(plan, book, &mut out.diagnostics);
    out.sheets.extend(layout.records);
    let mut submissions = Vec::new();
    for report in layout.reports {
        let first_sheet = report.tables.first().map(|t| t.sheet);
        let header = match (&report.agency, first_sheet) {
            (Some(_), Some(si)) => HeaderBlocks::of_sheet(book, &report.tables, si),
            _ => HeaderBlocks::of(book, &layout.all_tables),
        };
        let agency = match header::sender(plan, book, &header, &mut out.diagnostics) {
            Sender::Known(id) => Some(id),
            Sender::Unknown(d) => {
                out.diagnostics.push(d);
                None
            }
            Sender::None => header::agency_from_filename(plan, book, &mut out.diagnostics),
        };
        let Some(agency) = agency else {
            mark(out, book, &report.tables, SheetFate::Diagnosed("agency-unknown"));
            continue;
        };
        // A sheet of last cycle kept beside this cycle's: set aside, when another sheet remains.
        let mut tables = report.tables.clone();
        let mut sheets: Vec<usize> = tables.iter().map(|t| t.sheet).collect();
        sheets.dedup();
        if sheets.len() > 1 {
            for si in sheets {
                let Some(d) = header::sheet_of_other_period(book, &report.tables, si, window) else { continue };
                if tables.iter().any(|t| t.sheet != si) {
                    tables.retain(|t| t.sheet != si);
                    out.diagnostics.push(d.agency(&agency));
                    let name = book.sheets[si].name.clone();
                    out.sheets.push(SheetRecord { sheet: si, name, fate: SheetFate::Diagnosed("sheet-other-period") });
                }
            }
        }
        match read_report(plan, book, window, &agency, &header, &tables, out) {
            Some(s) => {
                mark(out, book, &tables, SheetFate::Read { agency: agency.clone() });
                submissions.push(s);
            }
            None => mark(out, book, &tables, SheetFate::Diagnosed("period-other")),
        }
    }
    submissions
}

/// Gives each sheet of `tables` its fate (once).
fn mark(out: &mut FileOutcome, book: &Workbook, tables: &[Table], fate: SheetFate) {
    let mut seen: Vec<usize> = tables.iter().map(|t| t.sheet).collect();
    seen.sort();
    seen.dedup();
    for si in seen {
        out.sheets.push(SheetRecord { sheet: si, name: book.sheets[si].name.clone(), fate: fate.clone() });
    }
}

/// One agency's report from its tables; None when it is a report for another period (said).
fn read_report(
    plan: &Plan,
    book: &Workbook,
    window: DateWindow,
    agency: &str,
    header: &HeaderBlocks,
    tables: &[Table],
    out: &mut FileOutcome,
) -> Option<Submission> {
    let diags = &mut out.diagnostics;
    let date_cell = header::date_cell(book, header);
    let report_date = header::report_date(book, date_cell.as_ref(), window, agency, diags);
    let dated = report_date
        .zip(date_cell.as_ref())
        .map(|(d, (si, r, c, _))| (d, Location::cell(&book.file, &book.sheets[*si].name, *r, *c)));
    if let Some(d) = header::other_period(book, header, window, dated, agency) {
        diags.push(d);
        return None;
    }
    let mut submission = Submission::empty(agency, &book.file);
    submission.report_date = report_date;
    submission.sample = header::has_sample_mark(book);
    submission.corrects = match header::returned_for(book) {
        header::ReturnMark::Earned(name) => Some(name),
        header::ReturnMark::Unearned(named) => {
            let d = Problem::ReturnMarkUnearned { named: &named }.at(Location::file(&book.file)).agency(agency);
            diags.push(d);
            None
        }
        header::ReturnMark::None => None,
    };
    let mut ctx = Ctx { plan, book, window, agency, report_date, diags };
    let (mut tasks_seen, mut indicators_seen) = (HashSet::new(), HashSet::new());
    for t in tables {
        let fates = match t.kind {
            Kind::Tasks => tasks::read(&mut ctx, t, &mut tasks_seen, &mut submission),
            Kind::Indicators => indicators::read(&mut ctx, t, &mut indicators_seen, &mut submission),
        };
        out.fates.extend(fates);
    }
    for (kind, due) in [
        (Kind::Tasks, plan.tasks_of(agency).next().is_some()),
        (Kind::Indicators, plan.indicators_of(agency).next().is_some()),
    ] {
        if due && !sheets::has(tables, kind) {
            ctx.push(Problem::TableMissing { kind }.at(Location::file(&book.file)));
        }
    }
    Some(submission)
}
