//! The sheet pass: which sheets hold tables, which agency's report each table sheet is, and a
//! [`SheetFate`] for every non-empty sheet. A workbook usually holds one report; it may hold
//! one per sheet (a commune's several wards), which this pass tells from the sheets' own headers.

use super::fate::{SheetFate, SheetRecord, SheetSkip};
use super::header::{self, HeaderBlocks, Sender};
use super::problem::Problem;
use super::tables::{find_tables, Table, TableKind, HEADER_SEARCH_ROWS};
use crate::diag::{Diagnostic, Location};
use crate::fold::fold;
use crate::ingest::{Cell, Sheet, Workbook};
use crate::plan::Plan;

pub use crate::labels::REVIEW_SHEET;

/// The tables of one agency's report in a workbook, in reading order.
pub(crate) struct ReportTables {
    /// The agency the sheets' own headers name; None: the workbook's header (or file name) decides.
    pub agency: Option<String>,
    pub tables: Vec<Table>,
}

/// The sheets of a workbook sorted: the reports their tables make, and the fate of every
/// non-empty sheet that holds no table read (table sheets get theirs once the agency is known).
pub(crate) struct Layout {
    pub reports: Vec<ReportTables>,
    pub all_tables: Vec<Table>,
    pub records: Vec<SheetRecord>,
}

/// Finds every table, sets hidden sheets aside where a visible one has the same table, gives
/// the other sheets their fate, and splits the tables into reports by the agency each sheet
/// names when the sheets name different agencies.
pub(crate) fn layout(plan: &Plan, book: &Workbook, diags: &mut Vec<Diagnostic>) -> Layout {
    let mut records = Vec::new();
    let mut visible: Vec<Table> = Vec::new();
    let mut hidden: Vec<Table> = Vec::new();
    for (si, sheet) in book.sheets.iter().enumerate() {
        if sheet.is_empty() {
            continue;
        }
        let record = |fate| SheetRecord { sheet: si, name: sheet.name.clone(), fate };
        if sheet.name == REVIEW_SHEET {
            records.push(record(SheetFate::Skipped(SheetSkip::Review)));
            continue;
        }
        let found = find_tables(sheet, si);
        if found.is_empty() {
            records.push(record(no_table(plan, book, sheet, diags)));
        } else if sheet.visible {
            visible.extend(found);
        } else {
            hidden.extend(found);
        }
    }
    // A hidden sheet's table only for a kind no visible sheet has (said with a warning).
    let mut unused: Vec<usize> = Vec::new();
    for t in hidden {
        if visible.iter().any(|v| v.kind == t.kind) {
            unused.push(t.sheet);
            continue;
        }
        let sheet = &book.sheets[t.sheet];
        let at = Location { file: book.file.clone(), sheet: Some(sheet.name.clone()), cell: None };
        diags.push(Problem::HiddenSheet.at(at));
        visible.push(t);
    }
    unused.sort();
    unused.dedup();
    for si in unused {
        if !visible.iter().any(|t| t.sheet == si) {
            let fate = SheetFate::Skipped(SheetSkip::HiddenUnused);
            records.push(SheetRecord { sheet: si, name: book.sheets[si].name.clone(), fate });
        }
    }
    let reports = split_by_agency(plan, book, &visible);
    unread_reports(plan, book, &reports, &mut records, diags);
    Layout { reports, all_tables: visible, records }
}

/// In a workbook of several agencies' reports (sheets naming different agencies), a visible
/// sheet labelled as the report of another of the plan's agencies ("Cơ quan báo cáo: …") but
/// without a table a reader finds is that agency's report, however few tasks it names: said,
/// or the agency would count as not reported with nothing said. (In a workbook of one report,
/// such a sheet is its cover: the workbook's header names the agency.)
fn unread_reports(
    plan: &Plan,
    book: &Workbook,
    reports: &[ReportTables],
    records: &mut [SheetRecord],
    diags: &mut Vec<Diagnostic>,
) {
    if reports.iter().all(|r| r.agency.is_none()) {
        return;
    }
    for record in records.iter_mut().filter(|r| r.fate == SheetFate::Skipped(SheetSkip::NoTable)) {
        let sheet = &book.sheets[record.sheet];
        if !sheet.visible {
            continue;
        }
        let Some(agency) = header::labelled_agency(plan, book, record.sheet) else { continue };
        if reports.iter().any(|r| r.agency.as_deref() == Some(agency.as_str())) {
            continue;
        }
        let at = Location { file: book.file.clone(), sheet: Some(sheet.name.clone()), cell: None };
        let problem =
            Problem::SheetUnread { tasks: task_names_on(plan, sheet), agency: Some(plan.registry.name(&agency)) };
        diags.push(problem.at(at).agency(&agency));
        record.fate = SheetFate::Diagnosed("sheet-unread");
    }
}

/// One report per agency when table sheets name two or more different agencies in their own
/// headers; a sheet that names none belongs with the sheet before it. Otherwise one report.
fn split_by_agency(plan: &Plan, book: &Workbook, tables: &[Table]) -> Vec<ReportTables> {
    let mut sheets: Vec<usize> = tables.iter().map(|t| t.sheet).collect();
    sheets.dedup();
    let mut scratch = Vec::new();
    let named: Vec<(usize, Option<String>)> = sheets
        .iter()
        .map(|&si| match header::sender(plan, book, &HeaderBlocks::of_sheet(book, tables, si), &mut scratch) {
            Sender::Known(id) => (si, Some(id)),
            _ => (si, None),
        })
        .collect();
    let mut distinct: Vec<&String> = named.iter().filter_map(|(_, a)| a.as_ref()).collect();
    distinct.sort();
    distinct.dedup();
    if distinct.len() < 2 {
        return vec![ReportTables { agency: None, tables: tables.to_vec() }];
    }
    let mut reports: Vec<ReportTables> = Vec::new();
    let mut current: Option<String> = named.iter().find_map(|(_, a)| a.clone());
    for (si, agency) in named {
        if agency.is_some() {
            current = agency;
        }
        let sheet_tables = tables.iter().filter(|t| t.sheet == si).cloned();
        match reports.iter_mut().find(|r| r.agency == current) {
            Some(r) => r.tables.extend(sheet_tables),
            None => reports.push(ReportTables { agency: current.clone(), tables: sheet_tables.collect() }),
        }
    }
    reports
}

/// The fate of a non-empty sheet without a table: instructions, drop-down lists, or text; a
/// sheet that names several of the plan's tasks without a table a reader can find is said.
fn no_table(plan: &Plan, book: &Workbook, sheet: &Sheet, diags: &mut Vec<Diagnostic>) -> SheetFate {
    let name = fold(&sheet.name);
    let titled = || {
        sheet.cells().take_while(|(r, _, _)| *r < 5).any(|(_, _, c)| match c {
            Cell::Text(t) if t.len() < 200 => fold(t).starts_with("huong dan"),
            _ => false,
        })
    };
    if name.contains("huong dan") || titled() {
        return SheetFate::Skipped(SheetSkip::Instructions);
    }
    let tasks = task_names_on(plan, sheet);
    if tasks >= 3 {
        let at = Location { file: book.file.clone(), sheet: Some(sheet.name.clone()), cell: None };
        diags.push(Problem::SheetUnread { tasks, agency: None }.at(at));
        return SheetFate::Diagnosed("sheet-unread");
    }
    let list_name = ["danh muc", "danh sach", "ds", "list", "lists", "data", "du lieu chon"];
    if list_name.iter().any(|w| name == *w || name.starts_with(&format!("{w} "))) || looks_like_lists(sheet) {
        return SheetFate::Skipped(SheetSkip::Lists);
    }
    SheetFate::Skipped(SheetSkip::NoTable)
}

/// Short values in columns, nothing else: the source of drop-down lists.
fn looks_like_lists(sheet: &Sheet) -> bool {
    sheet.cells().all(|(_, _, c)| match c {
        Cell::Text(t) => t.chars().count() <= 60,
        Cell::Number(_) => true,
        _ => false,
    }) && sheet.rows_between(0, usize::MAX).all(|r| sheet.row_cells(r).len() <= 3)
}

/// How many cells of the sheet's first rows begin with a plan task's name.
fn task_names_on(plan: &Plan, sheet: &Sheet) -> usize {
    let prefixes: Vec<String> = plan
        .tasks
        .iter()
        .map(|t| fold(&t.name).split(' ').take(6).collect::<Vec<_>>().join(" "))
        .filter(|p| p.split(' ').count() == 6)
        .collect();
    sheet
        .cells()
        .take_while(|(r, _, _)| *r < HEADER_SEARCH_ROWS * 20)
        .filter(|(_, _, c)| match c {
            Cell::Text(t) if t.len() > 20 && t.len() < 2000 => {
                let key = fold(t);
                prefixes.iter().any(|p| key.starts_with(p.as_str()))
            }
            _ => false,
        })
        .count()
}

/// Which kinds of table a report holds.
pub(crate) fn has(tables: &[Table], kind: TableKind) -> bool {
    tables.iter().any(|t| t.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{check_file, DateWindow, SheetFate, SheetSkip};

    use crate::validate::testing::{book, plan, sheet};

    fn ward(name: &str, code: &str) -> Sheet {
        sheet(
            name,
            true,
            vec![
                vec!["Cơ quan báo cáo:", name],
                vec!["Ngày báo cáo:", "20/11/2026"],
                vec!["STT", "Tên nhiệm vụ", "Tình trạng"],
                vec![code, "", "Hoàn thành"],
            ],
        )
    }

    #[test]
    fn sheets_that_name_different_agencies_are_different_reports() {
        let p = plan();
        let b = book(vec![
            sheet("Hướng dẫn", true, vec![vec!["HƯỚNG DẪN ĐIỀN BIỂU MẪU"], vec!["Chọn tình trạng trong danh sách"]]),
            ward("UBND phường An Cựu", "2"),
            ward("UBND phường Kim Long", "3"),
            sheet("DS", false, vec![vec!["Hoàn thành"], vec!["Đang thực hiện"]]),
        ]);
        let o = check_file(&p, "a.xlsx", Ok(b), DateWindow::around(2026));
        let read: Vec<(String, Vec<String>)> =
            o.submissions().map(|s| (s.agency.clone(), s.tasks.iter().map(|t| t.task.clone()).collect())).collect();
        assert_eq!(
            read,
            vec![
                ("phuong-an-cuu".to_string(), vec!["2".to_string()]),
                ("phuong-kim-long".to_string(), vec!["3".to_string()])
            ]
        );
        let fates: Vec<SheetFate> = o.sheet_fates().iter().map(|s| s.fate.clone()).collect();
        assert_eq!(
            fates,
            vec![
                SheetFate::Skipped(SheetSkip::Instructions),
                SheetFate::Read { agency: "phuong-an-cuu".into() },
                SheetFate::Read { agency: "phuong-kim-long".into() },
                SheetFate::Skipped(SheetSkip::Lists),
            ]
        );
    }

    /// A workbook of several wards' reports where one ward's sheet says whose it is but has no
    /// table a reader finds (its one task under no header): said for that ward, never a silent
    /// "no table". A cover sheet naming the workbook's only agency stays a cover.
    #[test]
    fn a_labelled_sheet_without_a_table_in_a_workbook_of_several_reports_is_said() {
        let p = plan();
        let name = p.tasks_of("phuong-thuan-hoa").next().unwrap().name.clone();
        let lost = sheet(
            "Thuận Hòa",
            true,
            vec![
                vec!["Cơ quan báo cáo:", "UBND phường Thuận Hòa"],
                vec!["Ngày báo cáo:", "20/11/2026"],
                vec![&name, "xong"],
            ],
        );
        let b = book(vec![ward("UBND phường An Cựu", "2"), ward("UBND phường Kim Long", "3"), lost]);
        let o = check_file(&p, "a.xlsx", Ok(b), DateWindow::around(2026));
        let fates: Vec<SheetFate> = o.sheet_fates().iter().map(|s| s.fate.clone()).collect();
        assert_eq!(fates[2], SheetFate::Diagnosed("sheet-unread"));
        let said: Vec<&Diagnostic> = o.diagnostics().iter().filter(|d| d.code == "sheet-unread").collect();
        assert_eq!(said.len(), 1, "{said:#?}");
        assert_eq!(said[0].location.sheet.as_deref(), Some("Thuận Hòa"));
        assert_eq!(said[0].agency.as_deref(), Some("phuong-thuan-hoa"));
        assert!(said[0].message.contains("báo cáo của UBND phường Thuận Hóa"), "{}", said[0].message);
        // One report with a cover: nothing to say about the cover.
        let cover = sheet(
            "Bìa",
            true,
            vec![vec!["Cơ quan báo cáo:", "UBND phường An Cựu"], vec!["Ngày báo cáo:", "20/11/2026"]],
        );
        let table =
            sheet("Báo cáo", true, vec![vec!["STT", "Tên nhiệm vụ", "Tình trạng"], vec!["2", "", "Hoàn thành"]]);
        let o = check_file(&p, "b.xlsx", Ok(book(vec![cover, table])), DateWindow::around(2026));
        assert!(o.diagnostics().iter().all(|d| d.code != "sheet-unread"), "{:#?}", o.diagnostics());
        assert_eq!(o.submissions().map(|s| s.agency.clone()).collect::<Vec<_>>(), vec!["phuong-an-cuu".to_string()]);
    }

    #[test]
    fn a_sheet_of_last_cycle_beside_this_one_is_set_aside() {
        let p = plan();
        let period = crate::plan::Period { frequency: p.meta.frequency, year: 2026, index: 2 };
        let window = DateWindow::around(2026).with_period(&p, period);
        let mut old = ward("UBND phường An Cựu", "2");
        old.name = "Kỳ trước".into();
        // Last cycle first, with another status: never counted, said once.
        let old = Sheet::from_cells(
            "Kỳ trước",
            true,
            old.cells()
                .map(|(r, c, v)| {
                    let v = if v == &Cell::Text("Hoàn thành".into()) {
                        Cell::Text("Chưa thực hiện".into())
                    } else {
                        v.clone()
                    };
                    (r as u32, c as u32, v)
                })
                .collect(),
        );
        let b = book(vec![old, ward("UBND phường An Cựu", "2")]);
        let o = check_file(&p, "a.xlsx", Ok(b), window);
        let tasks: Vec<(String, Option<crate::model::Status>)> =
            o.submissions().flat_map(|s| s.tasks.iter().map(|t| (t.task.clone(), t.status))).collect();
        assert_eq!(tasks, vec![("2".to_string(), Some(crate::model::Status::Done))]);
        let codes: Vec<&str> = o.diagnostics().iter().map(|d| d.code).collect();
        assert!(codes.contains(&"sheet-other-period") && !codes.contains(&"code-duplicate"), "{codes:?}");
        let fates: Vec<SheetFate> = o.sheet_fates().iter().map(|s| s.fate.clone()).collect();
        assert_eq!(
            fates,
            vec![SheetFate::Diagnosed("sheet-other-period"), SheetFate::Read { agency: "phuong-an-cuu".into() }]
        );
    }

    #[test]
    fn a_hidden_sheet_gives_way_to_a_visible_one_and_a_sheet_of_task_names_is_said() {
        let p = plan();
        let names: Vec<String> = p.tasks_of("phuong-an-cuu").take(3).map(|t| t.name.clone()).collect();
        // Three task names with a word each, no header: a table no reader can find.
        let text = Sheet::from_rows(
            "Ghi chép",
            true,
            names.iter().map(|n| vec![Cell::Text(n.clone()), Cell::Text("xong".into())]).collect(),
        );
        let mut stale = ward("UBND phường An Cựu", "2");
        stale.visible = false;
        let b = book(vec![ward("UBND phường An Cựu", "2"), stale, text]);
        let o = check_file(&p, "a.xlsx", Ok(b), DateWindow::around(2026));
        let fates: Vec<SheetFate> = o.sheet_fates().iter().map(|s| s.fate.clone()).collect();
        assert_eq!(
            fates,
            vec![
                SheetFate::Read { agency: "phuong-an-cuu".into() },
                SheetFate::Skipped(SheetSkip::HiddenUnused),
                SheetFate::Diagnosed("sheet-unread"),
            ]
        );
    }
}
