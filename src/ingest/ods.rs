//! OpenDocument spreadsheets, read from content.xml as a stream of cells.
//!
//! calamine expands an .ods sheet into a dense rectangle, repeated rows and cells included, so a
//! row "repeated 1.048.576 times" costs gigabytes. Here repeats are counts: empty repeated rows
//! and cells only move the position, and non-empty ones are copied within the cell budget.
//! Merged areas (`number-columns-spanned` / `number-rows-spanned`), hidden sheets (a table style
//! with `table:display="false"`), comments (left out), formulas without a stored result, and
//! error values are read here too.

use std::io::{BufReader, Read, Seek};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::convert::{iso_datetime, said, ReadError};
use super::{Cell, SheetBuilder, Tally, Workbook, BUDGET, MAX_COLS, MAX_ROWS};

pub fn read_ods<R: Read + Seek>(mut zip: zip::ZipArchive<R>) -> Result<Workbook, ReadError> {
    if let Ok(manifest) = zip.by_name("META-INF/manifest.xml") {
        // Encrypted when an entry has an <manifest:encryption-data> element: the words alone
        // (a picture named "encryption-data.png") say nothing.
        let size = manifest.size();
        let mut xml = Reader::from_reader(BufReader::new(manifest.take(size.min(4 << 20))));
        let mut buf = Vec::new();
        loop {
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "encryption-data" => {
                    return Err(ReadError::Encrypted);
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            buf.clear();
        }
    }
    let content = zip.by_name("content.xml").map_err(|e| ReadError::Corrupt(said(&e.to_string())))?;
    let size = content.size();
    let mut reader = Reader::from_reader(BufReader::new(content.take(size)));
    reader.config_mut().trim_text(false);
    parse(&mut reader)
}

/// Where a cell's text is being collected.
struct TextState {
    text: String,
    paragraphs: usize,
    /// Inside an annotation (a comment): its text is not the cell's.
    annotation: usize,
}

fn parse<B: std::io::BufRead>(reader: &mut Reader<B>) -> Result<Workbook, ReadError> {
    let mut buf = Vec::new();
    let mut hidden_styles: Vec<String> = Vec::new();
    let mut style_name: Option<String> = None;
    let mut sheets = Vec::new();
    let mut tally = Tally::default();
    let mut sheet_count = 0usize;

    // State of the sheet being read.
    let mut builder: Option<SheetBuilder> = None;
    let mut depth = 0usize; // tables nested in cells (a table in a text box) are not ours
    let (mut row, mut col): (u64, u64) = (0, 0);
    let mut row_repeat: u64 = 1;
    let mut row_hidden = false;
    // The next column element's index (its `table:visibility` hides it).
    let mut column: u64 = 0;
    // The current row's cells, copied `row_repeat` times at its end when non-empty.
    let mut row_cells: Vec<(u64, Cell)> = Vec::new();
    // The cell being read: its value without text, repeat count, spans.
    let mut cell: Option<(Cell, u64, u64, u64, bool)> = None;
    let mut text = TextState { text: String::new(), paragraphs: 0, annotation: 0 };
    let mut spans: Vec<((u32, u32), (u32, u32))> = Vec::new();

    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| ReadError::Corrupt(said(&e.to_string())))?;
        match event {
            Event::Eof => break,
            // Table styles: which ones hide their sheet.
            Event::Start(e) if e.name().as_ref() == "style:style" => {
                style_name = attr(&e, "style:name").filter(|_| attr(&e, "style:family").as_deref() == Some("table"));
            }
            Event::End(e) if e.name().as_ref() == "style:style" => style_name = None,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "style:table-properties" => {
                if let (Some(name), Some("false")) = (&style_name, attr(&e, "table:display").as_deref()) {
                    hidden_styles.push(name.clone());
                }
            }
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                depth += 1;
                if depth == 1 {
                    sheet_count += 1;
                    if sheet_count > BUDGET.sheets {
                        return Err(ReadError::TooLarge(format!("hơn {} trang tính", BUDGET.sheets)));
                    }
                    let name = attr(&e, "table:name").unwrap_or_else(|| format!("Sheet{sheet_count}"));
                    let visible = attr(&e, "table:style-name").is_none_or(|s| !hidden_styles.contains(&s));
                    (row, col, column) = (0, 0, 0);
                    spans.clear();
                    builder = Some(SheetBuilder::new(name, visible));
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                if depth == 1 {
                    if let Some(mut b) = builder.take() {
                        for (s, e) in spans.drain(..) {
                            b.merge(s, e);
                        }
                        sheets.push(b.finish(&mut tally)?);
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Empty(e) if depth == 1 && e.name().as_ref() == "table:table" => {}
            Event::Start(e) if depth == 1 && e.name().as_ref() == "table:table-row" => {
                col = 0;
                row_repeat = number(&e, "table:number-rows-repeated");
                row_hidden = matches!(attr(&e, "table:visibility").as_deref(), Some("collapse" | "filter"));
                row_cells.clear();
            }
            Event::Start(ref e) | Event::Empty(ref e) if depth == 1 && e.name().as_ref() == "table:table-column" => {
                let repeat = number(e, "table:number-columns-repeated");
                if attr(e, "table:visibility").as_deref() == Some("collapse") {
                    if let Some(b) = builder.as_mut() {
                        let last = column.saturating_add(repeat).min(MAX_COLS as u64);
                        b.hide(Vec::new(), (column..last).map(|c| c as u32).collect());
                    }
                }
                column = column.saturating_add(repeat);
            }
            Event::Empty(e) if depth == 1 && e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(number(&e, "table:number-rows-repeated"));
            }
            Event::End(e) if depth == 1 && e.name().as_ref() == "table:table-row" => {
                if let Some(b) = builder.as_mut() {
                    if row_hidden && !row_cells.is_empty() && row < MAX_ROWS as u64 {
                        let last = row.saturating_add(row_repeat).min(MAX_ROWS as u64);
                        b.hide((row..last).map(|r| r as u32).collect(), Vec::new());
                    }
                    if !row_cells.is_empty() {
                        // A non-empty row repeated: every copy is real content, within budget.
                        for k in 0..row_repeat {
                            for (c, v) in &row_cells {
                                b.push(&mut tally, row.saturating_add(k), *c, v.clone())?;
                            }
                        }
                    }
                }
                row = row.saturating_add(row_repeat);
                row_cells.clear();
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if depth == 1 && matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") =>
            {
                let is_empty_element = matches!(event, Event::Empty(_));
                let covered = e.name().as_ref() == "table:covered-table-cell";
                let repeat = number(e, "table:number-columns-repeated");
                let rows_spanned = number(e, "table:number-rows-spanned");
                let cols_spanned = number(e, "table:number-columns-spanned");
                if !covered && (rows_spanned > 1 || cols_spanned > 1) && row < MAX_ROWS as u64 && col < MAX_COLS as u64
                {
                    let end_r = row.saturating_add(rows_spanned - 1).min(MAX_ROWS as u64 - 1);
                    let end_c = col.saturating_add(cols_spanned - 1).min(MAX_COLS as u64 - 1);
                    spans.push(((row as u32, col as u32), (end_r as u32, end_c as u32)));
                }
                let value = if covered { Cell::Empty } else { typed_value(e) };
                if is_empty_element {
                    push_cells(&mut row_cells, col, repeat, value)?;
                    col = col.saturating_add(repeat);
                } else {
                    text = TextState { text: String::new(), paragraphs: 0, annotation: 0 };
                    cell = Some((value, repeat, rows_spanned, cols_spanned, covered));
                }
            }
            Event::End(e)
                if depth == 1 && matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") =>
            {
                if let Some((value, repeat, _, _, covered)) = cell.take() {
                    let value = match value {
                        _ if covered => Cell::Empty,
                        // A string, or a cell with no stored type: its text is its value.
                        Cell::Text(t) if t.is_empty() => Cell::Text(std::mem::take(&mut text.text)),
                        Cell::Error(t) if t.is_empty() => Cell::Error(std::mem::take(&mut text.text)),
                        v => v,
                    };
                    push_cells(&mut row_cells, col, repeat, value)?;
                    col = col.saturating_add(repeat);
                }
            }
            Event::Start(e) if cell.is_some() && e.name().as_ref() == "office:annotation" => text.annotation += 1,
            Event::End(e) if cell.is_some() && e.name().as_ref() == "office:annotation" => {
                text.annotation = text.annotation.saturating_sub(1)
            }
            Event::Start(e) if cell.is_some() && text.annotation == 0 && e.name().as_ref() == "text:p" => {
                if text.paragraphs > 0 {
                    text.text.push('\n');
                }
                text.paragraphs += 1;
            }
            Event::Empty(e) if cell.is_some() && text.annotation == 0 => match e.name().as_ref() {
                "text:s" => {
                    let n = number(&e, "text:c").min(1000) as usize;
                    push_text(&mut text.text, &" ".repeat(n));
                }
                "text:tab" => push_text(&mut text.text, "\t"),
                "text:line-break" => push_text(&mut text.text, "\n"),
                "text:p" => {
                    if text.paragraphs > 0 {
                        text.text.push('\n');
                    }
                    text.paragraphs += 1;
                }
                _ => {}
            },
            Event::Text(t) if cell.is_some() && text.annotation == 0 && text.paragraphs > 0 => {
                push_text(&mut text.text, &t.xml10_content());
            }
            Event::GeneralRef(r) if cell.is_some() && text.annotation == 0 && text.paragraphs > 0 => {
                let name: &str = &r;
                let ch = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    n => n
                        .strip_prefix("#x")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32),
                };
                if let Some(ch) = ch {
                    push_text(&mut text.text, ch.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(tally.into_workbook(sheets, false))
}

/// Text of one cell grows at most a little past the kept length; the builder cuts it.
fn push_text(text: &mut String, s: &str) {
    if text.len() < BUDGET.text_chars * 4 + 16 {
        text.push_str(s);
    }
}

/// A cell (repeated `repeat` times) into the row; empty cells only move the position.
fn push_cells(row: &mut Vec<(u64, Cell)>, col: u64, repeat: u64, value: Cell) -> Result<(), ReadError> {
    if value.is_empty() {
        return Ok(());
    }
    if repeat > BUDGET.cells as u64 || row.len() as u64 + repeat > BUDGET.cells as u64 {
        return Err(ReadError::TooLarge(format!("một ô lặp lại {repeat} lần")));
    }
    for k in 0..repeat {
        row.push((col.saturating_add(k), value.clone()));
    }
    Ok(())
}

/// The value an `office:value-type` gives; text types are filled in from the text later
/// (an empty Text or Error is that placeholder).
fn typed_value(e: &BytesStart) -> Cell {
    let value_type = attr(e, "office:value-type");
    let calc_type = attr(e, "calcext:value-type");
    let formula = attr(e, "table:formula");
    if calc_type.as_deref() == Some("error") {
        return Cell::Error(String::new());
    }
    let cell = match value_type.as_deref() {
        Some("float" | "percentage" | "currency") => {
            match attr(e, "office:value").and_then(|v| v.trim().parse::<f64>().ok()) {
                Some(v) if v.is_finite() => Cell::Number(v),
                _ => Cell::Empty,
            }
        }
        Some("date") => match attr(e, "office:date-value") {
            Some(v) => iso_datetime(v.trim()),
            None => Cell::Empty,
        },
        Some("boolean") => match attr(e, "office:boolean-value").as_deref() {
            Some("true") => Cell::Bool(true),
            Some("false") => Cell::Bool(false),
            _ => Cell::Empty,
        },
        Some("time") => Cell::Text(attr(e, "office:time-value").unwrap_or_default()),
        Some("string") => match attr(e, "office:string-value") {
            Some(s) if !s.is_empty() => Cell::Text(s),
            _ => Cell::Text(String::new()),
        },
        _ => Cell::Text(String::new()),
    };
    match (&cell, formula) {
        // A formula with no stored result: LibreOffice always stores one; a script may not.
        (Cell::Empty, Some(f)) => Cell::Uncomputed(f.trim_start_matches("of:").to_string()),
        (Cell::Text(t), Some(f)) if t.is_empty() && value_type.is_none() => {
            Cell::Uncomputed(f.trim_start_matches("of:").to_string())
        }
        _ => cell,
    }
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// A count attribute (repeats, spans); 1 when absent or unreadable, saturating when huge.
fn number(e: &BytesStart, name: &str) -> u64 {
    match attr(e, name) {
        Some(v) if !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()) => v.parse().unwrap_or(u64::MAX).max(1),
        _ => 1,
    }
}
