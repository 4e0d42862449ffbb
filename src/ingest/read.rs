//! Reading one workbook with calamine.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use calamine::{open_workbook_auto, Data, Dimensions, Reader, SheetVisible, Sheets};
use thiserror::Error;

use super::{Cell, Sheet, Workbook};

/// Why a file could not be read; said to the officer in Vietnamese.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ReadError {
    #[error("tệp rỗng (0 byte)")]
    Empty,
    #[error("tệp được bảo vệ bằng mật khẩu")]
    Encrypted,
    #[error("tệp hỏng hoặc không đúng định dạng bảng tính ({0})")]
    Corrupt(String),
    #[error("không mở được tệp: {0}")]
    Io(String),
}

/// Reads every sheet of `input/rel`. Panics inside the reader are caught and reported as a
/// corrupt file, so one bad file never stops the run.
pub fn read_workbook(input: &Path, rel: &str) -> Result<Workbook, ReadError> {
    let path = input.join(rel);
    let meta = std::fs::metadata(&path).map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.len() == 0 {
        return Err(ReadError::Empty);
    }
    let modified = meta.modified().ok();
    let (sheets, date_1904) = catch_unwind(AssertUnwindSafe(|| read_sheets(&path)))
        .unwrap_or_else(|_| Err(ReadError::Corrupt("lỗi nội bộ của bộ đọc".into())))?;
    Ok(Workbook { file: rel.to_string(), modified, sheets, date_1904 })
}

/// The sheets, and whether the workbook counts dates from 1904 (seen on its date cells).
fn read_sheets(path: &Path) -> Result<(Vec<Sheet>, bool), ReadError> {
    let mut book = open_workbook_auto(path).map_err(classify)?;
    let mut ods_merges = match book {
        Sheets::Ods(_) => std::fs::File::open(path).map(super::ods::merged_regions).unwrap_or_default(),
        _ => Default::default(),
    };
    let metadata: Vec<(String, bool)> =
        book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible == SheetVisible::Visible)).collect();
    let mut sheets = Vec::with_capacity(metadata.len());
    let mut date_1904 = false;
    for (name, visible) in metadata {
        // A sheet that fails alone (a chart sheet, say) is left out; the others are read.
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        if let Some((r0, c0)) = range.start() {
            let (r0, c0) = (r0 as usize, c0 as usize);
            let (height, width) = range.get_size();
            rows = vec![Vec::new(); r0 + height];
            for (i, row) in range.rows().enumerate() {
                let mut cells = vec![Cell::Empty; c0];
                cells.extend(row.iter().map(|d| {
                    date_1904 |= counts_from_1904(d);
                    convert(d)
                }));
                while matches!(cells.last(), Some(Cell::Empty)) {
                    cells.pop();
                }
                rows[r0 + i] = cells;
            }
            debug_assert!(rows.iter().all(|r| r.len() <= c0 + width));
        }
        let merges = match ods_merges.remove(&name) {
            Some(m) => m,
            None => merged_regions(&mut book, &name),
        };
        for m in merges {
            fill_merged(&mut rows, m);
        }
        sheets.push(Sheet { name, visible, rows });
    }
    Ok((sheets, date_1904))
}

/// calamine keeps a workbook's date system to itself, but a date cell shows it: its serial
/// number is 1462 days less than the 1900 system's for the same date.
fn counts_from_1904(d: &Data) -> bool {
    let Data::DateTime(dt) = d else {
        return false;
    };
    let (Some(date), Some(base)) = (dt.as_datetime(), chrono::NaiveDate::from_ymd_opt(1899, 12, 30)) else {
        return false;
    };
    let serial_1900 = (date.date() - base).num_days() as f64;
    dt.is_datetime() && (serial_1900 - dt.as_f64().floor() - 1462.0).abs() < 0.5
}

fn merged_regions<RS: std::io::Read + std::io::Seek>(book: &mut Sheets<RS>, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Copies the top-left value of a merged area over the whole area.
fn fill_merged(rows: &mut [Vec<Cell>], m: Dimensions) {
    let (r0, c0) = (m.start.0 as usize, m.start.1 as usize);
    let (r1, c1) = (m.end.0 as usize, m.end.1 as usize);
    let Some(value) = rows.get(r0).and_then(|r| r.get(c0)).cloned() else {
        return;
    };
    if value.is_empty() || r1.saturating_sub(r0) > 10_000 || c1.saturating_sub(c0) > 1_000 {
        return;
    }
    for r in r0..=r1.min(rows.len().saturating_sub(1)) {
        let row = &mut rows[r];
        if row.len() <= c1 {
            row.resize(c1 + 1, Cell::Empty);
        }
        for cell in row.iter_mut().take(c1 + 1).skip(c0) {
            if cell.is_empty() {
                *cell = value.clone();
            }
        }
    }
}

fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => Cell::Date(d),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => match chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
            .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_time(chrono::NaiveTime::MIN)))
        {
            Ok(d) => Cell::Date(d),
            Err(_) => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

fn classify(e: calamine::Error) -> ReadError {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ReadError::Encrypted
    } else {
        ReadError::Corrupt(text)
    }
}
