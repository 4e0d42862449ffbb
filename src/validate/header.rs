//! What a workbook says of itself above its tables: who sent it, when, for which period, and
//! whether tonghop wrote it (sample data, a return form).
//!
//! Every search here looks at the header blocks of a chosen set of sheets: the whole workbook
//! for a file that is one report, one sheet for a workbook holding one report per sheet.

use chrono::NaiveDate;

use super::problem::Problem;
use super::tables::{Table, TableKind, HEADER_SEARCH_ROWS, MAX_LABEL_BYTES};
use super::values::parse_date;
use super::DateWindow;
use crate::diag::{Diagnostic, Location, Subject};
use crate::fold::fold;
use crate::ingest::{Cell, Workbook};
use crate::plan::{Period, Plan};

/// Labels of the cell that names the reporting agency.
const AGENCY_LABELS: [&str; 6] =
    ["co quan bao cao", "don vi bao cao", "ten don vi", "co quan don vi", "ten co quan", "don vi"];
const DATE_LABELS: [&str; 2] = ["ngay bao cao", "ngay lap bao cao"];
pub use crate::labels::{RETURN_MARKER, SAMPLE_MARKER};

/// Where the header blocks are: for each sheet, the row its first table starts at (the block is
/// above it), and the sheets searched, in order (the task table's sheet first).
pub(crate) struct HeaderBlocks {
    stop_rows: Vec<usize>,
    order: Vec<usize>,
}

impl HeaderBlocks {
    /// The whole workbook's header: every sheet, the task table's first.
    pub fn of(book: &Workbook, tables: &[Table]) -> HeaderBlocks {
        let first = tables.iter().find(|t| t.kind == TableKind::Tasks).or(tables.first()).map(|t| t.sheet);
        let order = first.into_iter().chain((0..book.sheets.len()).filter(|i| Some(*i) != first)).collect();
        HeaderBlocks { stop_rows: stop_rows(book, tables), order }
    }

    /// One sheet's header alone.
    pub fn of_sheet(book: &Workbook, tables: &[Table], sheet: usize) -> HeaderBlocks {
        HeaderBlocks { stop_rows: stop_rows(book, tables), order: vec![sheet] }
    }

    fn limit(&self, sheet: usize) -> usize {
        self.stop_rows.get(sheet).copied().unwrap_or(HEADER_SEARCH_ROWS).min(HEADER_SEARCH_ROWS)
    }

    /// Text cells of the header blocks, with their position (sheet, row, column).
    fn lines<'a>(&'a self, book: &'a Workbook) -> impl Iterator<Item = (usize, usize, usize, &'a str)> + 'a {
        self.order.iter().flat_map(move |&si| {
            let sheet = &book.sheets[si];
            sheet.rows_between(0, self.limit(si)).flat_map(move |r| {
                sheet.row_cells(r).iter().filter_map(move |(c, cell)| match cell {
                    Cell::Text(t) => Some((si, r, *c as usize, t.as_str())),
                    _ => None,
                })
            })
        })
    }
}

fn stop_rows(book: &Workbook, tables: &[Table]) -> Vec<usize> {
    (0..book.sheets.len())
        .map(|si| tables.iter().filter(|t| t.sheet == si).map(|t| t.header_row).min().unwrap_or(HEADER_SEARCH_ROWS))
        .collect()
}

/// A value found in a header: where (sheet, row, column) and what.
pub(crate) type Found = (usize, usize, usize, Cell);

/// A text value after a label: in the same cell after ":" or in the next non-empty cell. A label
/// without its colon counts only on a short row: in a table's header row ("STT | Đơn vị | …")
/// "Đơn vị" names a column, not the sender.
fn labelled_value(book: &Workbook, labels: &[&str], header: &HeaderBlocks) -> Option<Found> {
    for &si in &header.order {
        let sheet = &book.sheets[si];
        for r in sheet.rows_between(0, header.limit(si)) {
            let cells = sheet.row_cells(r);
            for (i, (c, cell)) in cells.iter().enumerate() {
                let Cell::Text(text) = cell else { continue };
                let (label, rest) = match text.split_once(':') {
                    Some((l, rest)) => (l, rest.trim()),
                    None => (text.as_str(), ""),
                };
                // Labels are short and start "Cơ quan", "Đơn vị", "Tên", "Ngày": a long text (a
                // task's name, a note) or one starting otherwise is not folded at all.
                let initial = label.trim_start().chars().next().map(|c| fold(c.encode_utf8(&mut [0; 4])));
                if label.len() > MAX_LABEL_BYTES || !matches!(initial.as_deref(), Some("c" | "d" | "t" | "n")) {
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

/// Whether `tonghop sample` made the file: it writes its marker, in NFC, near the top.
pub(crate) fn has_sample_mark(book: &Workbook) -> bool {
    let marker = memchr::memmem::Finder::new(SAMPLE_MARKER);
    book.sheets.iter().any(|s| {
        s.cells()
            .take_while(|(r, _, _)| *r < HEADER_SEARCH_ROWS)
            .any(|(_, _, c)| matches!(c, Cell::Text(t) if marker.find(t.as_bytes()).is_some()))
    })
}

/// What a workbook's return-form line says, and whether the workbook earns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReturnMark {
    None,
    /// A return form tonghop wrote, correcting this file (its name).
    Earned(String),
    /// The line, naming this file, in a workbook that is not such a form.
    Unearned(String),
}

/// The file a return form corrects, from its marker line («Sở Y tế.xlsx») — earned only when
/// the workbook is one tonghop wrote: it also has the "Sai sót" sheet, whose opening lines name
/// the same file ("Tệp đã gửi: «Sở Y tế.xlsx»"). One line of text copied into a report does
/// not make it a correction of another file.
pub(crate) fn returned_for(book: &Workbook) -> ReturnMark {
    let marker = memchr::memmem::Finder::new(RETURN_MARKER);
    let named = book.sheets.iter().find_map(|s| {
        s.cells().take_while(|(r, _, _)| *r < HEADER_SEARCH_ROWS).find_map(|(_, _, c)| match c {
            Cell::Text(t) if marker.find(t.as_bytes()).is_some() => {
                let (_, rest) = t.split_once('«')?;
                let (name, _) = rest.split_once('»')?;
                Some(name.trim().to_string()).filter(|n| !n.is_empty())
            }
            _ => None,
        })
    });
    let Some(name) = named else { return ReturnMark::None };
    let sent = format!("Tệp đã gửi: «{name}»");
    let review = book.sheets.iter().filter(|s| s.name == super::REVIEW_SHEET).any(|s| {
        s.cells().take_while(|(r, _, _)| *r < 6).any(|(_, _, c)| matches!(c, Cell::Text(t) if t.starts_with(&sent)))
    });
    if review {
        ReturnMark::Earned(name)
    } else {
        ReturnMark::Unearned(name)
    }
}

/// Who a header names as the sender.
pub(crate) enum Sender {
    /// An agency of the registry (its id).
    Known(String),
    /// A labelled name the registry does not know: the diagnostic says so.
    Unknown(Diagnostic),
    /// Nothing in this header names a sender.
    None,
}

/// The plan's agency a sheet without a table says it is the report of, by its own label
/// ("Cơ quan báo cáo: Sở Công Thương"); only a label, never a heading, names it here.
pub(crate) fn labelled_agency(plan: &Plan, book: &Workbook, sheet: usize) -> Option<String> {
    let header = HeaderBlocks::of_sheet(book, &[], sheet);
    let (_, _, _, cell) = labelled_value(book, &AGENCY_LABELS, &header)?;
    plan.registry.identify(&cell.display()).ok().map(|id| id.id)
}

/// The sender a header names: a labelled cell, else the sender's own ND30 header.
pub(crate) fn sender(plan: &Plan, book: &Workbook, header: &HeaderBlocks, diags: &mut Vec<Diagnostic>) -> Sender {
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
                Sender::Known(id.id)
            }
            Err(closest) => Sender::Unknown(unknown_agency(plan, at, &name, &closest, true)),
        };
    }
    // No label: the sender's own ND30 header names it ("UBND THÀNH PHỐ HUẾ" over "UBND PHƯỜNG
    // THUẬN HÓA", or over "SỞ Y TẾ").
    match header_agency(plan, book, header) {
        Some(id) => Sender::Known(id),
        None => Sender::None,
    }
}

/// The agency the file's name gives, as a last resort (said), or why it gives none.
pub(crate) fn agency_from_filename(plan: &Plan, book: &Workbook, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let file = &book.file;
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

/// The agency an ND30 header block names: the last line that is an agency's name, above the
/// title ("BÁO CÁO") and never the addressee ("Kính gửi: …"). The parent body above it
/// ("UBND THÀNH PHỐ HUẾ") names no reporting agency.
fn header_agency(plan: &Plan, book: &Workbook, header: &HeaderBlocks) -> Option<String> {
    let mut found = None;
    let mut sheet_seen = None;
    for (si, _, _, text) in header.lines(book) {
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

/// Where the report's date is: a labelled cell, else the "…, ngày … tháng … năm …" line.
pub(crate) fn date_cell(book: &Workbook, header: &HeaderBlocks) -> Option<Found> {
    labelled_value(book, &DATE_LABELS, header).or_else(|| header_date(book, header))
}

/// The report's date read from its cell. A date that does not read, or lies outside the
/// cycle, is said and not used.
pub(crate) fn report_date(
    book: &Workbook,
    found: Option<&Found>,
    window: DateWindow,
    agency: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let Some((si, r, c, cell)) = found else {
        diags.push(Problem::ReportDateMissing.at(Location::file(&book.file)).agency(agency));
        return None;
    };
    let at = Location::cell(&book.file, &book.sheets[*si].name, *r, *c);
    match parse_date(cell, book.date_1904) {
        Some(d) if !window.contains(d) => {
            diags.push(
                Problem::DateImplausible { what: "\"Ngày báo cáo\"", window }
                    .at(at)
                    .found(cell.display())
                    .agency(agency)
                    .about(Subject::ReportDate),
            );
            None
        }
        Some(d) => Some(d),
        None => {
            diags.push(Problem::DateInvalid { task: None }.at(at).found(cell.display()).agency(agency));
            None
        }
    }
}

/// The date of an ND30 place-and-date line ("Thuận Hóa, ngày 18 tháng 11 năm 2026").
fn header_date(book: &Workbook, header: &HeaderBlocks) -> Option<Found> {
    header.lines(book).find_map(|(si, r, c, text)| dated_line(text).then(|| (si, r, c, Cell::Text(text.to_string()))))
}

fn dated_line(text: &str) -> bool {
    let key = fold(text);
    let words: Vec<&str> = key.split(' ').collect();
    let dated = words.contains(&"ngay") && words.contains(&"thang") && words.contains(&"nam");
    dated && parse_date(&Cell::Text(text.to_string()), false).is_some()
}

/// A report for another period of the plan: its title names that period, or its date is on or
/// before the previous period's deadline (last cycle's report sent again). The diagnostic is at
/// the cell that tells.
pub(crate) fn other_period(
    book: &Workbook,
    header: &HeaderBlocks,
    window: DateWindow,
    report_date: Option<(NaiveDate, Location)>,
    agency: &str,
) -> Option<Diagnostic> {
    let current = window.period?;
    match titled_period(book, header, current) {
        // A title of this period: no other title makes the file another period's (a sheet of
        // last cycle beside it is set aside on its own); its date still may.
        Some(TitleSays::Current) => {}
        Some(TitleSays::Other(p, at, text)) => return Some(other_period_diag(p, current, at, &text, agency)),
        None => {}
    }
    let (date, at) = report_date?;
    let previous = window.previous_deadline?;
    if date <= previous {
        let p = window.previous_period?;
        return Some(other_period_diag(p, current, at, &crate::vn::short_date(date), agency));
    }
    None
}

/// A sheet of a report whose own title, or name ("Kỳ trước", "6 tháng đầu năm 2026"), is another
/// period's: set aside, said with a warning at its title.
pub(crate) fn sheet_of_other_period(
    book: &Workbook,
    tables: &[Table],
    si: usize,
    window: DateWindow,
) -> Option<Diagnostic> {
    let current = window.period?;
    let sheet = &book.sheets[si];
    let name = fold(&sheet.name);
    let found = match titled_period(book, &HeaderBlocks::of_sheet(book, tables, si), current) {
        Some(TitleSays::Current) => return None,
        Some(TitleSays::Other(p, at, text)) => Some((p, at, text)),
        None if contains_phrase(&name, "ky truoc") => Some((
            current.previous(),
            Location { file: book.file.clone(), sheet: Some(sheet.name.clone()), cell: None },
            sheet.name.clone(),
        )),
        None => named_period(&name, current).map(|p| {
            (p, Location { file: book.file.clone(), sheet: Some(sheet.name.clone()), cell: None }, sheet.name.clone())
        }),
    };
    let (p, at, text) = found?;
    Some(Problem::SheetOtherPeriod { found: &p.label(), current: &current.label() }.at(at).found(text))
}

/// What a header's titles say of the period.
enum TitleSays {
    Current,
    Other(Period, Location, String),
}

/// The period the titles of a header name: the current one if any title names it, else the
/// first other one named.
fn titled_period(book: &Workbook, header: &HeaderBlocks, current: Period) -> Option<TitleSays> {
    let current_key = fold(&current.label());
    let mut other = None;
    for (si, r, c, text) in header.lines(book) {
        // Titles are short and say what they are in their first words: nothing longer is folded.
        if text.len() > 400 {
            continue;
        }
        let head = fold(&text.chars().take(24).collect::<String>());
        if !["bao cao", "ket qua thuc hien", "ky bao cao"].iter().any(|w| head.starts_with(w)) || dated_line(text) {
            continue;
        }
        let key = fold(text);
        if contains_phrase(&key, &current_key) {
            return Some(TitleSays::Current);
        }
        if other.is_none() {
            other = named_period(&key, current).map(|p| {
                TitleSays::Other(p, Location::cell(&book.file, &book.sheets[si].name, r, c), text.to_string())
            });
        }
    }
    other
}

fn other_period_diag(found: Period, current: Period, at: Location, text: &str, agency: &str) -> Diagnostic {
    Problem::OtherPeriod { found: &found.label(), current: &current.label() }.at(at).found(text).agency(agency)
}

/// Another period of the plan's frequency whose label the folded title holds (years around the
/// current one).
fn named_period(key: &str, current: Period) -> Option<Period> {
    let count = current.frequency.periods();
    (current.year - 2..=current.year + 1)
        .flat_map(|year| (1..=count).map(move |index| Period { year, index, ..current }))
        .filter(|p| *p != current)
        .find(|p| contains_phrase(key, &fold(&p.label())))
}

/// Whether `phrase` occurs in `key` as whole words (both folded).
fn contains_phrase(key: &str, phrase: &str) -> bool {
    key.match_indices(phrase).any(|(i, _)| {
        let before = i == 0 || key.as_bytes()[i - 1] == b' ';
        let after = key.as_bytes().get(i + phrase.len()).is_none_or(|b| *b == b' ');
        before && after
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::validate::testing::{plan, sheet};

    fn book(rows: Vec<Vec<&str>>) -> Workbook {
        crate::validate::testing::book(vec![sheet("S", true, rows)])
    }

    fn window(p: &Plan) -> DateWindow {
        let period = Period { frequency: p.meta.frequency, year: 2026, index: 2 };
        DateWindow::around(2026).with_period(p, period)
    }

    /// The labels the form writer puts in the header block are the ones read.
    #[test]
    fn the_forms_own_labels_are_read() {
        assert!(AGENCY_LABELS.contains(&fold(crate::labels::AGENCY_LABEL).as_str()));
        assert!(DATE_LABELS.contains(&fold(crate::labels::DATE_LABEL).as_str()));
    }

    #[test]
    fn a_title_or_a_date_of_another_period_is_told() {
        let p = plan();
        let w = window(&p);
        let other = book(vec![vec!["BÁO CÁO KẾT QUẢ 6 THÁNG ĐẦU NĂM 2026"], vec!["Huế, ngày 28 tháng 5 năm 2026"]]);
        let h = HeaderBlocks::of(&other, &[]);
        let d = other_period(&other, &h, w, None, "so-y-te").expect("last cycle's title");
        assert_eq!((d.code, d.location.cell.as_deref()), ("period-other", Some("A1")));
        assert!(d.message.contains("6 tháng đầu năm 2026"), "{}", d.message);
        // This cycle's title: nothing; a date on or before the June deadline: last cycle's.
        let this = book(vec![vec!["BÁO CÁO KẾT QUẢ 6 THÁNG CUỐI NĂM 2026"]]);
        let h = HeaderBlocks::of(&this, &[]);
        assert!(other_period(&this, &h, w, None, "so-y-te").is_none());
        let june = NaiveDate::from_ymd_opt(2026, 6, 10).unwrap();
        let d = other_period(&this, &h, w, Some((june, Location::file("a.xlsx"))), "so-y-te");
        assert_eq!(d.map(|d| d.code), Some("period-other"));
        let july = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert!(other_period(&this, &h, w, Some((july, Location::file("a.xlsx"))), "so-y-te").is_none());
    }
}
