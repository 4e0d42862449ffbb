//! Writing .xlsx, the one place the consolidated workbook ([`super::workbook`]) and the agencies'
//! forms ([`crate::forms`]) share: a sheet's columns as one list (header, width, what a column
//! is called by the code that fills it), the cell values and their number formats, text made to
//! fit a cell, dates, the height of a row whose cells wrap.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Worksheet, XlsxError};

/// Number formats, by what a value is.
pub const NUMBER_FORMAT: &str = "#,##0.###";
pub const PERCENT_FORMAT: &str = "0.00%";
pub const DATE_FORMAT: &str = "dd/mm/yyyy";
/// The grey of a header row.
pub const HEADER_FILL: &str = "#D9D9D9";
/// Height of a header row (two lines of wrapped text).
pub const HEADER_HEIGHT: f64 = 32.0;

/// A column: its header and its width in Excel's units (about one character).
#[derive(Debug, Clone, PartialEq)]
pub struct Column<K = ()> {
    /// What the code that fills the sheet calls it; `None` for columns nobody looks up.
    pub key: Option<K>,
    pub header: String,
    pub width: f64,
}

/// A sheet's columns in order: headers and widths cannot fall out of step, and a column is found
/// by its key, never by a counted position.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns<K = ()> {
    list: Vec<Column<K>>,
}

impl<K: PartialEq + Copy> Default for Columns<K> {
    fn default() -> Self {
        Columns { list: Vec::new() }
    }
}

impl<K: PartialEq + Copy> Columns<K> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Columns nobody looks up by key, from (header, width) pairs.
    pub fn of(cols: &[(&str, f64)]) -> Self {
        let mut c = Self::new();
        for (h, w) in cols {
            c.push(*h, *w);
        }
        c
    }

    /// A column found later by `key`.
    pub fn keyed(&mut self, key: K, header: impl Into<String>, width: f64) -> &mut Self {
        self.list.push(Column { key: Some(key), header: header.into(), width });
        self
    }

    pub fn push(&mut self, header: impl Into<String>, width: f64) -> &mut Self {
        self.list.push(Column { key: None, header: header.into(), width });
        self
    }

    /// Several columns nobody looks up.
    pub fn extend<'a>(&mut self, cols: impl IntoIterator<Item = (&'a str, f64)>) -> &mut Self {
        for (h, w) in cols {
            self.push(h, w);
        }
        self
    }

    /// The position of the column called `key`. Panics when the sheet has no such column: the
    /// code that builds the columns and the code that fills them disagree, a bug.
    pub fn at(&self, key: K) -> u16 {
        self.list.iter().position(|c| c.key == Some(key)).expect("a column the sheet was built with") as u16
    }

    pub fn width(&self, key: K) -> f64 {
        self.list[self.at(key) as usize].width
    }

    /// Width of the column at `index`.
    pub fn width_at(&self, index: usize) -> f64 {
        self.list[index].width
    }

    /// The index of the last column.
    pub fn last(&self) -> u16 {
        self.list.len().saturating_sub(1) as u16
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Column<K>> {
        self.list.iter()
    }

    /// Writes the header row at `row` in `format` and sets each column's width.
    pub fn write_header(&self, ws: &mut Worksheet, row: u32, format: &Format) -> Result<(), XlsxError> {
        for (c, col) in self.list.iter().enumerate() {
            put_text(ws, row, c as u16, &col.header, format)?;
            ws.set_column_width(c as u16, col.width)?;
        }
        ws.set_row_height(row, HEADER_HEIGHT)?;
        Ok(())
    }
}

/// A cell of a data sheet; the number format follows from what it holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    /// A share in hundredths of a percent, written as a fraction with a percent format.
    Share(i64),
    Date(Option<NaiveDate>),
    Empty,
}

impl Value {
    pub fn text(x: impl Into<String>) -> Value {
        Value::Text(x.into())
    }

    pub fn count(x: usize) -> Value {
        Value::Number(x as f64)
    }
}

/// A data sheet: a header row, then rows of values; frozen under the header, with a filter.
pub struct Sheet {
    pub name: &'static str,
    pub columns: Columns,
    pub rows: Vec<Vec<Value>>,
}

/// The bold grey header of a data sheet.
pub fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(HEADER_FILL)
}

/// Writes a data sheet.
pub fn write_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    let number = Format::new().set_num_format(NUMBER_FORMAT);
    let percent = Format::new().set_num_format(PERCENT_FORMAT);
    let date = Format::new().set_num_format(DATE_FORMAT);
    ws.set_name(sheet.name)?;
    sheet.columns.write_header(ws, 0, &header_format())?;
    for (i, row) in sheet.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                Value::Text(text) => {
                    ws.write_string(r, c, crate::fit::excel_cell(text))?;
                }
                Value::Number(x) => {
                    ws.write_number_with_format(r, c, *x, &number)?;
                }
                Value::Share(h) => {
                    ws.write_number_with_format(r, c, *h as f64 / 10_000.0, &percent)?;
                }
                Value::Date(Some(d)) => {
                    ws.write_datetime_with_format(r, c, excel_date(*d)?, &date)?;
                }
                Value::Date(None) | Value::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let last_row = sheet.rows.len() as u32;
    ws.autofilter(0, 0, last_row.max(1), sheet.columns.last())?;
    Ok(())
}

pub fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Text into a cell, made to fit it ([`crate::fit`]): whatever a sender typed, the file is valid.
pub fn put_text<'a>(
    ws: &'a mut Worksheet,
    row: u32,
    col: u16,
    text: impl AsRef<str>,
    format: &Format,
) -> Result<&'a mut Worksheet, XlsxError> {
    ws.write_string_with_format(row, col, crate::fit::excel_cell(text.as_ref()), format)
}

/// [`put_text`] over a merged area.
pub fn put_merged<'a>(
    ws: &'a mut Worksheet,
    (first_row, first_col): (u32, u16),
    (last_row, last_col): (u32, u16),
    text: impl AsRef<str>,
    format: &Format,
) -> Result<&'a mut Worksheet, XlsxError> {
    ws.merge_range(first_row, first_col, last_row, last_col, &crate::fit::excel_cell(text.as_ref()), format)
}

/// Height for a row whose cells wrap: the tallest cell's line count at ~1 character per
/// width unit (Times New Roman 12 pt), 16 pt a line. Spreadsheet programs do not grow rows
/// written with wrapped text by themselves.
pub fn fitted_height(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let per_line = (width * 0.95).max(1.0);
            text.split('\n').map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0)).sum::<f64>()
        })
        .fold(1.0, f64::max);
    16.0 * lines + 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum K {
        Status,
        Result,
    }

    #[test]
    fn a_column_is_found_by_its_key_wherever_extra_columns_put_it() {
        let mut cols = Columns::new();
        cols.push("TT", 6.0).push("Tên", 48.0);
        cols.extend([("Kinh phí", 16.0), ("Nguồn", 16.0)]);
        cols.keyed(K::Status, "Tình trạng", 17.0).keyed(K::Result, "Kết quả", 40.0);
        assert_eq!((cols.at(K::Status), cols.at(K::Result), cols.last()), (4, 5, 5));
        assert_eq!(cols.width(K::Result), 40.0);
    }

    #[test]
    fn a_wrapped_row_is_as_tall_as_its_tallest_cell() {
        assert_eq!(fitted_height(&[("ngắn", 10.0)]), 18.0);
        // 40 characters in a 10-wide column: 5 lines at 9,5 characters a line.
        assert_eq!(fitted_height(&[("ngắn", 10.0), (&"x".repeat(40), 10.0)]), 16.0 * 5.0 + 2.0);
    }
}
