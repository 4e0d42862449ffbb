//! Merged areas of an OpenDocument spreadsheet, which calamine does not report for .ods (it does
//! for .xlsx and .xls): read from the `table:number-columns-spanned` / `number-rows-spanned`
//! attributes of content.xml, counting repeated rows and cells as the format says.

use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Merged areas per sheet name. A file that cannot be parsed gives none: calamine has already
/// read its cells, and a missing merge only leaves cells empty.
pub fn merged_regions<R: Read + Seek>(file: R) -> HashMap<String, Vec<Dimensions>> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return out;
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return out;
    };
    let mut reader = Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut sheet: Option<String> = None;
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    // Depth of tables nested in cells (a table inside a text box): their rows are not ours.
    let mut depth = 0usize;
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                depth += 1;
                if depth == 1 {
                    sheet = attr(&e, "table:name");
                    (row, col) = (0, 0);
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table" => depth = depth.saturating_sub(1),
            Event::Start(e) if depth == 1 && e.name().as_ref() == "table:table-row" => {
                col = 0;
                row_repeat = number(&e, "table:number-rows-repeated");
            }
            Event::Empty(e) if depth == 1 && e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(number(&e, "table:number-rows-repeated"));
            }
            Event::End(e) if depth == 1 && e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(row_repeat);
            }
            Event::Start(e) | Event::Empty(e)
                if depth == 1 && matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") =>
            {
                let rows = number(&e, "table:number-rows-spanned");
                let cols = number(&e, "table:number-columns-spanned");
                if (rows > 1 || cols > 1) && e.name().as_ref() == "table:table-cell" {
                    if let Some(name) = &sheet {
                        let end = (row.saturating_add(rows - 1), col.saturating_add(cols - 1));
                        out.entry(name.clone()).or_insert_with(Vec::new).push(Dimensions { start: (row, col), end });
                    }
                }
                col = col.saturating_add(number(&e, "table:number-columns-repeated"));
            }
            _ => {}
        }
        buf.clear();
    }
    out
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// A count attribute (repeats, spans); 1 when absent or unreadable.
fn number(e: &BytesStart, name: &str) -> u32 {
    attr(e, name).and_then(|v| v.parse().ok()).filter(|n| *n >= 1).unwrap_or(1)
}
