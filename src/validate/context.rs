//! What every reader of a table needs at hand: the plan, the workbook, the cycle's dates, who
//! sent the report, and where its diagnostics go.

use chrono::NaiveDate;

use super::tables::{Column, Table};
use super::DateWindow;
use crate::diag::{Diagnostic, Location};
use crate::fold::clean_text;
use crate::ingest::{Cell, Workbook};
use crate::plan::Plan;

pub(crate) struct Ctx<'a> {
    pub plan: &'a Plan,
    pub book: &'a Workbook,
    pub window: DateWindow,
    pub agency: &'a str,
    pub report_date: Option<NaiveDate>,
    pub diags: &'a mut super::Diags,
}

impl Ctx<'_> {
    /// The cell of column `col` in row `r` of table `t`.
    pub fn at(&self, t: &Table, r: usize, col: usize) -> Location {
        Location::cell(&self.book.file, &self.book.sheets[t.sheet].name, r, col)
    }

    /// A diagnostic of this report's agency, within the file's budget.
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push_bounded(d.agency(self.agency));
    }

    pub fn cell<'c>(&'c self, t: &Table, r: usize, col: Column) -> &'c Cell {
        static EMPTY: Cell = Cell::Empty;
        match t.col(col) {
            Some(c) => self.book.sheets[t.sheet].get(r, c),
            None => &EMPTY,
        }
    }

    /// A column's text in row `r`, cleaned; empty when the table has no such column.
    pub fn text(&self, t: &Table, r: usize, col: Column) -> String {
        match self.cell(t, r, col) {
            Cell::Empty => String::new(),
            cell => clean_text(&cell.display()),
        }
    }

    /// Whether the sender hid row `r` of table `t`.
    pub fn hidden(&self, t: &Table, r: usize) -> bool {
        self.book.sheets[t.sheet].row_hidden(r)
    }
}
