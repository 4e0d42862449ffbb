//! Finding the agencies' workbooks and reading their sheets into plain cell grids.
//!
//! This is the only module that knows calamine. It turns every file into a [`Workbook`] of
//! sparse [`Sheet`]s of [`Cell`]s with absolute positions (so diagnostics can name A1 cells),
//! fills merged areas from their top-left cell, and turns every failure into a reason for that
//! file alone. It never interprets the content: that is `validate`'s job.
//!
//! Nothing here allocates by what a file claims (a sheet's dimension, a cell reference far away,
//! a repeat count, a shared-string count): cells are streamed and kept only when they hold
//! something, and every file is held to the [`Budget`]. What cannot be bounded from inside a
//! library (an abort, a loop) is contained by [`isolate`], which reads files in worker
//! processes with a deadline and a memory cap.

mod convert;
mod discover;
pub mod isolate;
mod legacy;
mod ods;
mod read;
mod xls;
mod xlsx;

pub use convert::ReadError;
pub use discover::{discover, Discovery, Found, SkippedFile};
pub use read::read_workbook;

/// One workbook, read the way a batch is: in a worker process once the binary reads in workers
/// ([`isolate::use_workers`]), so a reader that aborts or loops costs an error, not the command.
pub fn read_one(path: &std::path::Path, rel: &str) -> Result<Workbook, ReadError> {
    let file = Found { rel: rel.to_string(), path: path.to_path_buf() };
    isolate::read_all(std::slice::from_ref(&file), |_, result| result)
        .pop()
        .unwrap_or_else(|| Err(ReadError::Crashed("không có kết quả đọc".to_string())))
}

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::time::SystemTime;

/// The limits every workbook is read within. Past one of them the file is not read and gets one
/// diagnostic; the run goes on with the others.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Size of the file on disk.
    pub file_bytes: u64,
    /// Decompressed size of one part of a zip-based workbook (a sheet's XML, the shared strings).
    pub part_bytes: u64,
    /// Decompressed size of all parts together.
    pub total_bytes: u64,
    /// Parts in a zip-based workbook.
    pub parts: usize,
    /// Sheets in a workbook.
    pub sheets: usize,
    /// Non-empty cells in a workbook, merged copies included.
    pub cells: usize,
    /// Characters of one text cell kept; longer text is cut (and said so).
    pub text_chars: usize,
    /// Seconds one file may take to read (enforced by the worker deadline).
    pub seconds: u64,
    /// Heap a worker may allocate while reading one file, in MiB.
    pub memory_mib: usize,
}

/// The budget of a run: generous for any real report (a large one has a few thousand cells),
/// small enough that a hostile file costs at most a few seconds and a few hundred MiB.
pub const BUDGET: Budget = Budget {
    file_bytes: 100 << 20,
    part_bytes: 256 << 20,
    total_bytes: 512 << 20,
    parts: 10_000,
    sheets: 255,
    cells: 1_000_000,
    text_chars: 10_000,
    seconds: 20,
    memory_mib: 256,
};

/// Characters of a sheet's name kept (Excel allows 31; an .ods sheet's name any number).
pub const SHEET_NAME_CHARS: usize = 100;

/// The largest sheet a spreadsheet program makes: rows and columns (1,048,576 × 16,384).
pub const MAX_ROWS: u32 = 1 << 20;
pub const MAX_COLS: u32 = 1 << 14;

/// One cell's value, with the type the spreadsheet gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date cell (or a number formatted as a date).
    Date(NaiveDateTime),
    Bool(bool),
    /// An error value such as #REF!.
    Error(String),
    /// A formula whose result was never computed and stored (a file written by a program, not
    /// saved by a spreadsheet application). Holds the formula when known.
    Uncomputed(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, for labels and for showing what was found.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
            Cell::Bool(b) => {
                if *b {
                    "TRUE".into()
                } else {
                    "FALSE".into()
                }
            }
            Cell::Error(e) => e.clone(),
            Cell::Uncomputed(f) if f.is_empty() => "(công thức)".into(),
            Cell::Uncomputed(f) => format!("={}", f.trim_start_matches('=')),
        }
    }
}

/// One row of a sheet: its non-empty cells, by column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub index: u32,
    /// (column, value), columns ascending, values non-empty.
    pub cells: Vec<(u32, Cell)>,
}

/// A sheet as its non-empty cells: rows ascending, each row's cells by column. A value far
/// from the table costs one entry, not the rectangle between.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    pub visible: bool,
    rows: Vec<Row>,
    width: usize,
    /// Rows and columns the sender hid (0-based, ascending): an autofilter's rows, a column
    /// of last cycle's values.
    #[serde(default)]
    hidden_rows: Vec<u32>,
    #[serde(default)]
    hidden_cols: Vec<u32>,
}

impl Sheet {
    /// A sheet from cells in any order; empty values are dropped, the first value given for a
    /// position stands.
    pub fn from_cells(name: impl Into<String>, visible: bool, mut cells: Vec<(u32, u32, Cell)>) -> Sheet {
        cells.retain(|(_, _, c)| !c.is_empty());
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        cells.dedup_by_key(|(r, c, _)| (*r, *c));
        let mut rows: Vec<Row> = Vec::new();
        let mut width = 0;
        for (r, c, v) in cells {
            width = width.max(c as usize + 1);
            match rows.last_mut() {
                Some(row) if row.index == r => row.cells.push((c, v)),
                _ => rows.push(Row { index: r, cells: vec![(c, v)] }),
            }
        }
        Sheet { name: name.into(), visible, rows, width, hidden_rows: Vec::new(), hidden_cols: Vec::new() }
    }

    /// Marks rows as hidden (any order; duplicates dropped).
    pub fn set_hidden_rows(&mut self, mut rows: Vec<u32>) {
        rows.sort_unstable();
        rows.dedup();
        self.hidden_rows = rows;
    }

    /// Marks columns as hidden (any order; duplicates dropped).
    pub fn set_hidden_cols(&mut self, mut cols: Vec<u32>) {
        cols.sort_unstable();
        cols.dedup();
        self.hidden_cols = cols;
    }

    /// Whether the sender hid row `row`.
    pub fn row_hidden(&self, row: usize) -> bool {
        u32::try_from(row).is_ok_and(|r| self.hidden_rows.binary_search(&r).is_ok())
    }

    /// Whether the sender hid column `col`.
    pub fn col_hidden(&self, col: usize) -> bool {
        u32::try_from(col).is_ok_and(|c| self.hidden_cols.binary_search(&c).is_ok())
    }

    /// A sheet from dense rows starting at A1 (tests, generated data).
    pub fn from_rows(name: impl Into<String>, visible: bool, rows: Vec<Vec<Cell>>) -> Sheet {
        let visible_sheet = visible;
        let cells = rows
            .into_iter()
            .enumerate()
            .flat_map(|(r, row)| row.into_iter().enumerate().map(move |(c, v)| (r as u32, c as u32, v)))
            .collect();
        Sheet::from_cells(name, visible_sheet, cells)
    }

    fn row(&self, row: usize) -> Option<&Row> {
        let i = self.rows.binary_search_by_key(&(row as u64), |r| r.index as u64).ok()?;
        Some(&self.rows[i])
    }

    pub fn get(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        let Some(r) = self.row(row) else { return &EMPTY };
        match r.cells.binary_search_by_key(&(col as u64), |(c, _)| *c as u64) {
            Ok(i) => &r.cells[i].1,
            Err(_) => &EMPTY,
        }
    }

    /// One past the last column holding a value, over the whole sheet.
    pub fn width(&self) -> usize {
        self.width
    }

    /// One past the last row holding a value.
    pub fn height(&self) -> usize {
        self.rows.last().map_or(0, |r| r.index as usize + 1)
    }

    /// One past the last column holding a value in `row`.
    pub fn row_width(&self, row: usize) -> usize {
        self.row(row).and_then(|r| r.cells.last()).map_or(0, |(c, _)| *c as usize + 1)
    }

    /// The non-empty cells of `row`, by column.
    pub fn row_cells(&self, row: usize) -> &[(u32, Cell)] {
        self.row(row).map_or(&[], |r| r.cells.as_slice())
    }

    /// Indices of the rows in `from..to` that hold a value, ascending.
    pub fn rows_between(&self, from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
        let start = self.rows.partition_point(|r| (r.index as usize) < from);
        self.rows[start..].iter().map(|r| r.index as usize).take_while(move |&i| i < to)
    }

    /// Every non-empty cell: (row, column, value).
    pub fn cells(&self) -> impl Iterator<Item = (usize, usize, &Cell)> + '_ {
        self.rows.iter().flat_map(|r| r.cells.iter().map(move |(c, v)| (r.index as usize, *c as usize, v)))
    }

    /// Number of non-empty cells.
    pub fn len(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// A text cell cut to the budget while reading: where, and how long it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truncated {
    pub sheet: String,
    pub row: u32,
    pub col: u32,
    pub chars: usize,
}

/// A workbook as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workbook {
    /// Path relative to the input folder, with "/" separators (lossy where the name is not
    /// valid UTF-8: for showing only).
    pub file: String,
    pub modified: Option<SystemTime>,
    pub sheets: Vec<Sheet>,
    /// Serial numbers count days from 1904-01-01 (old Mac Excel), not from 1900.
    pub date_1904: bool,
    /// Text cells cut to [`Budget::text_chars`].
    pub truncated: Vec<Truncated>,
    /// Text cells that were in a legacy encoding (converted to Unicode).
    #[serde(default)]
    pub legacy_cells: usize,
    /// That encoding was VNI (else TCVN3).
    #[serde(default)]
    pub legacy_vni: bool,
}

/// What a workbook has used of its budget so far, across its sheets.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub cells: usize,
    pub truncated: Vec<Truncated>,
    /// Text cells converted from the legacy TCVN3 encoding.
    pub legacy: usize,
    /// Of those, cells in VNI (the others are TCVN3).
    pub vni: usize,
    /// Where those are (sheet, row, column): never converted twice.
    pub decoded: std::collections::HashSet<(String, u32, u32)>,
    /// Text cells in Unicode Vietnamese (letters beyond Latin-1): a workbook with any is not
    /// TCVN3 as a whole.
    pub unicode: usize,
}

impl Tally {
    /// The workbook read, its legacy text settled (file name and time are the caller's).
    pub fn into_workbook(mut self, mut sheets: Vec<Sheet>, date_1904: bool) -> Workbook {
        self.finish_legacy(&mut sheets);
        Workbook {
            file: String::new(),
            modified: None,
            sheets,
            date_1904,
            truncated: self.truncated,
            legacy_vni: self.vni * 2 > self.legacy,
            legacy_cells: self.legacy,
        }
    }

    /// Once a workbook shows TCVN3 and no Unicode Vietnamese, its other Latin-1 text is TCVN3
    /// too, even a cell whose letters happen to exist in Latin-1 ("Bé" for "Bộ").
    fn finish_legacy(&mut self, sheets: &mut [Sheet]) {
        if self.legacy == 0 || self.unicode > 0 {
            return;
        }
        for sheet in sheets {
            let name = sheet.name.clone();
            for row in &mut sheet.rows {
                for (col, cell) in &mut row.cells {
                    if self.decoded.contains(&(name.clone(), row.index, *col)) {
                        continue;
                    }
                    if let Cell::Text(t) = cell {
                        if t.chars().any(|c| ('\u{A0}'..='\u{FF}').contains(&c))
                            && !t.chars().any(legacy::is_unicode_vietnamese)
                        {
                            *t = if self.vni * 2 > self.legacy {
                                legacy::decode_vni(t)
                            } else {
                                legacy::decode_tcvn3(t)
                            };
                            self.legacy += 1;
                        }
                    }
                }
            }
        }
    }
}

impl Tally {
    fn count(&mut self, what: &str) -> Result<(), ReadError> {
        self.cells += 1;
        if self.cells > BUDGET.cells {
            return Err(ReadError::TooLarge(format!("hơn {} ô có dữ liệu{what}", crate::vn::int(BUDGET.cells as i64))));
        }
        Ok(())
    }
}

/// Cells of one sheet as they are read, held to the budget: positions checked, empty values
/// dropped, long text cut, the count of cells of the whole workbook kept under the limit.
pub(crate) struct SheetBuilder {
    name: String,
    visible: bool,
    cells: Vec<(u32, u32, Cell)>,
    merges: Vec<((u32, u32), (u32, u32))>,
    hidden_rows: Vec<u32>,
    hidden_cols: Vec<u32>,
}

impl SheetBuilder {
    pub fn new(name: String, visible: bool) -> Self {
        SheetBuilder {
            // A sheet's name reaches every location said in its file: an .ods sheet's has no
            // length limit and any character.
            name: crate::fit::cut_chars(&crate::fold::clean_cell_string(name), SHEET_NAME_CHARS).into_owned(),
            visible,
            cells: Vec::new(),
            merges: Vec::new(),
            hidden_rows: Vec::new(),
            hidden_cols: Vec::new(),
        }
    }

    /// Rows and columns the sender hid.
    pub fn hide(&mut self, rows: Vec<u32>, cols: Vec<u32>) {
        self.hidden_rows.extend(rows);
        self.hidden_cols.extend(cols);
    }

    /// Adds one cell; an error when the position is outside any sheet or the workbook is past
    /// its cell budget.
    pub fn push(&mut self, tally: &mut Tally, row: u64, col: u64, cell: Cell) -> Result<(), ReadError> {
        if row >= MAX_ROWS as u64 || col >= MAX_COLS as u64 {
            return Err(ReadError::OutOfSheet(format!("{} › {}", self.name, crate::diag::a1_wide(row, col))));
        }
        let cell = match cell {
            Cell::Text(t) => {
                // Cut first, so that nothing below works on more than the budget keeps (a
                // 50 MB cell costs one pass to count it).
                let t = if t.len() > BUDGET.text_chars && t.chars().count() > BUDGET.text_chars {
                    let chars = t.chars().count();
                    tally.truncated.push(Truncated {
                        sheet: self.name.clone(),
                        row: row as u32,
                        col: col as u32,
                        chars,
                    });
                    t.chars().take(BUDGET.text_chars).collect()
                } else {
                    t
                };
                // Before cleaning: TCVN3 writes "ư" as a soft hyphen. Only text with Latin-1
                // symbols and no Unicode Vietnamese letter can be legacy (one pass to tell).
                let (mut unicode, mut latin1) = (false, false);
                if !t.is_ascii() {
                    for c in t.chars() {
                        if legacy::is_unicode_vietnamese(c) {
                            unicode = true;
                            break;
                        }
                        latin1 |= ('\u{A0}'..='\u{FF}').contains(&c);
                    }
                }
                let latin1 = latin1 && !unicode;
                let t = if latin1 && legacy::is_vni(&t) {
                    tally.legacy += 1;
                    tally.vni += 1;
                    tally.decoded.insert((self.name.clone(), row as u32, col as u32));
                    legacy::decode_vni(&t)
                } else if latin1 && legacy::is_tcvn3(&t) {
                    tally.legacy += 1;
                    tally.decoded.insert((self.name.clone(), row as u32, col as u32));
                    legacy::decode_tcvn3(&t)
                } else {
                    if unicode {
                        tally.unicode += 1;
                    }
                    t
                };
                let t = crate::fold::clean_cell_string(t);
                if t.trim().is_empty() {
                    return Ok(());
                }
                Cell::Text(t)
            }
            Cell::Empty => return Ok(()),
            // An error text or a formula is shown as found: held to the same budget as text.
            Cell::Error(e) => Cell::Error(crate::fit::cut_chars(&crate::fold::clean_cell_string(e), 255).into_owned()),
            Cell::Uncomputed(f) => {
                Cell::Uncomputed(crate::fit::cut_chars(&crate::fold::clean_cell_string(f), 1_000).into_owned())
            }
            c => c,
        };
        tally.count("")?;
        self.cells.push((row as u32, col as u32, cell));
        Ok(())
    }

    /// A merged area, filled from its top-left value when the sheet is finished.
    pub fn merge(&mut self, start: (u32, u32), end: (u32, u32)) {
        if start.0 <= end.0 && start.1 <= end.1 && end.0 < MAX_ROWS && end.1 < MAX_COLS {
            self.merges.push((start, end));
        }
    }

    /// The sheet, merged areas filled (within the cell budget: an area's copies count).
    pub fn finish(self, tally: &mut Tally) -> Result<Sheet, ReadError> {
        let SheetBuilder { name, visible, cells, merges, hidden_rows, hidden_cols } = self;
        let mut sheet = Sheet::from_cells(name, visible, cells);
        // Only hidden rows that hold something matter.
        let hidden_rows = hidden_rows.into_iter().filter(|r| sheet.row(*r as usize).is_some()).collect();
        sheet.set_hidden_rows(hidden_rows);
        sheet.set_hidden_cols(hidden_cols);
        for (s, e) in merges {
            let value = sheet.get(s.0 as usize, s.1 as usize).clone();
            if value.is_empty() {
                continue;
            }
            // Only rows and columns the sheet uses can matter; an area over a whole column is
            // walked over the rows that exist, not over a million empty ones.
            let last_col = (e.1 as usize).min(sheet.width().max(s.1 as usize + 1) + 64);
            let rows: Vec<usize> = if e.0 - s.0 <= 64 {
                (s.0 as usize..=e.0 as usize).collect()
            } else {
                sheet.rows_between(s.0 as usize, e.0 as usize + 1).collect()
            };
            let decoded = tally.decoded.contains(&(sheet.name.clone(), s.0, s.1));
            for r in rows {
                for c in s.1 as usize..=last_col {
                    if (r, c) != (s.0 as usize, s.1 as usize) && sheet.get(r, c).is_empty() {
                        tally.count(" (kể cả ô gộp)")?;
                        if decoded {
                            tally.decoded.insert((sheet.name.clone(), r as u32, c as u32));
                        }
                        sheet.insert(r as u32, c as u32, value.clone());
                    }
                }
            }
        }
        Ok(sheet)
    }
}

impl Sheet {
    /// Puts a value at an empty position, keeping rows and cells in order.
    fn insert(&mut self, row: u32, col: u32, value: Cell) {
        let i = match self.rows.binary_search_by_key(&row, |r| r.index) {
            Ok(i) => i,
            Err(i) => {
                self.rows.insert(i, Row { index: row, cells: Vec::new() });
                i
            }
        };
        let cells = &mut self.rows[i].cells;
        if let Err(j) = cells.binary_search_by_key(&col, |(c, _)| *c) {
            cells.insert(j, (col, value));
            self.width = self.width.max(col as usize + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_far_cell_costs_one_entry() {
        let s = Sheet::from_cells(
            "S",
            true,
            vec![(0, 0, Cell::Text("a".into())), (MAX_ROWS - 1, MAX_COLS - 1, Cell::Text(".".into()))],
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s.height(), MAX_ROWS as usize);
        assert_eq!(s.width(), MAX_COLS as usize);
        assert_eq!(s.get(MAX_ROWS as usize - 1, MAX_COLS as usize - 1), &Cell::Text(".".into()));
        assert_eq!(s.get(5, 5), &Cell::Empty);
        assert_eq!(s.rows_between(1, 100).count(), 0);
        assert_eq!(s.rows_between(0, usize::MAX).count(), 2);
    }

    #[test]
    fn merged_areas_fill_from_the_top_left() {
        let mut t = Tally::default();
        let mut b = SheetBuilder::new("S".into(), true);
        b.push(&mut t, 0, 0, Cell::Text("Thực hiện".into())).unwrap();
        b.push(&mut t, 1, 0, Cell::Text("x".into())).unwrap();
        b.merge((0, 0), (0, 2));
        // A merge over a whole column walks only the rows that exist.
        b.merge((1, 0), (MAX_ROWS - 1, 0));
        let s = b.finish(&mut t).unwrap();
        assert_eq!(s.get(0, 2), &Cell::Text("Thực hiện".into()));
        assert_eq!(s.get(0, 3), &Cell::Empty);
        assert_eq!(s.len(), 4);
    }

    #[test]
    fn positions_outside_any_sheet_are_refused() {
        let mut t = Tally::default();
        let mut b = SheetBuilder::new("S".into(), true);
        assert!(matches!(b.push(&mut t, MAX_ROWS as u64, 0, Cell::Number(1.0)), Err(ReadError::OutOfSheet(_))));
        assert!(b.push(&mut t, MAX_ROWS as u64 - 1, MAX_COLS as u64 - 1, Cell::Number(1.0)).is_ok());
    }

    #[test]
    fn long_text_is_cut_and_noted() {
        let mut t = Tally::default();
        let mut b = SheetBuilder::new("S".into(), true);
        b.push(&mut t, 3, 4, Cell::Text("ă".repeat(BUDGET.text_chars + 5))).unwrap();
        let s = b.finish(&mut t).unwrap();
        assert_eq!(s.get(3, 4).display().chars().count(), BUDGET.text_chars);
        assert_eq!(t.truncated, vec![Truncated { sheet: "S".into(), row: 3, col: 4, chars: BUDGET.text_chars + 5 }]);
    }
}
