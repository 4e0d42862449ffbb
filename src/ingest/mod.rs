//! Finding the agencies' workbooks and reading their sheets into plain cell grids.
//!
//! This is the only module that knows calamine. It turns every file into a [`Workbook`] of
//! [`Sheet`]s of [`Cell`]s with absolute positions (so diagnostics can name A1 cells), fills
//! merged areas from their top-left cell, and turns every failure into a reason for that file
//! alone. It never interprets the content: that is `validate`'s job.

mod discover;
mod ods;
mod read;

pub use discover::{discover, Discovery, SkippedFile};
pub use read::{read_workbook, ReadError};

use chrono::NaiveDateTime;
use std::time::SystemTime;

/// One cell's value, with the type the spreadsheet gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date cell (or a number formatted as a date).
    Date(NaiveDateTime),
    Bool(bool),
    /// An error value such as #REF!.
    Error(String),
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
        }
    }
}

/// A sheet as a dense grid from A1.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub visible: bool,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn get(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&EMPTY)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// A workbook as read.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// Path relative to the input folder, with "/" separators.
    pub file: String,
    pub modified: Option<SystemTime>,
    pub sheets: Vec<Sheet>,
    /// Serial numbers count days from 1904-01-01 (old Mac Excel), not from 1900.
    pub date_1904: bool,
}
