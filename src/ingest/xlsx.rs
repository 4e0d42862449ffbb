//! Zip-based workbooks (.xlsx, .xlsm, .xlsb, .ods): the archive is checked against the budget
//! before any part is decompressed, then cells are streamed one by one — an .xlsx or .xlsb
//! through calamine's cell readers, an .ods through [`super::ods`] — so that a sheet's claimed
//! extent, a far cell or a formatted million rows cost nothing.

use std::io::{BufReader, Read, Seek};
use std::path::Path;

use calamine::{DataRef, Reader, SheetVisible, Xlsb, Xlsx, XlsxFormulaMetadata};
use quick_xml::events::Event;

use super::read::{classify, convert, iso_datetime, safe_datetime, short, ReadError};
use super::{Cell, SheetBuilder, Tally, Workbook, BUDGET};

/// Which workbook a zip holds, told by its parts.
enum Kind {
    Xlsx,
    Xlsb,
    Ods,
}

pub fn read_zip(path: &Path) -> Result<Workbook, ReadError> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|_| {
        ReadError::Corrupt("tệp nén (.xlsx, .ods) bị cắt cụt hoặc hỏng: không đọc được mục lục của tệp".into())
    })?;
    let kind = preflight(&mut zip)?;
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    match kind {
        Kind::Ods => super::ods::read_ods(zip),
        Kind::Xlsx => read_xlsx(BufReader::new(file)),
        Kind::Xlsb => read_xlsb(BufReader::new(file)),
    }
}

/// Checks what the archive says of itself before anything is decompressed: number of parts,
/// each part's and the total decompressed size, the number of sheets and of shared strings.
/// Each part is later read through a reader that stops at its declared size, so a part that
/// lies about its size cannot grow past it either.
fn preflight<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<Kind, ReadError> {
    if zip.len() > BUDGET.parts {
        return Err(ReadError::TooLarge(format!("{} phần trong tệp nén", zip.len())));
    }
    let mut total: u64 = 0;
    let mut kind = None;
    let mut workbook_part = None;
    let mut strings_part = None;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| ReadError::Corrupt(short(&e.to_string())))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let size = entry.size();
        if size > BUDGET.part_bytes {
            return Err(ReadError::TooLarge(format!(
                "phần \"{}\" giải nén ra {} MiB, quá {} MiB",
                short(&name),
                size >> 20,
                BUDGET.part_bytes >> 20
            )));
        }
        total = total.saturating_add(size);
        match name.as_str() {
            "content.xml" => kind = kind.or(Some(Kind::Ods)),
            "xl/workbook.xml" => {
                kind = Some(Kind::Xlsx);
                workbook_part = Some(name);
            }
            "xl/workbook.bin" => kind = Some(Kind::Xlsb),
            "xl/sharedStrings.xml" => strings_part = Some(name),
            "META-INF/manifest.xml" => {}
            _ => {}
        }
    }
    if total > BUDGET.total_bytes {
        return Err(ReadError::TooLarge(format!(
            "giải nén ra {} MiB, quá {} MiB",
            total >> 20,
            BUDGET.total_bytes >> 20
        )));
    }
    let kind = kind.ok_or_else(|| ReadError::Corrupt("tệp nén không chứa bảng tính".into()))?;
    if let Some(name) = workbook_part {
        let sheets = count_elements(zip, &name, "sheet")?;
        if sheets > BUDGET.sheets {
            return Err(ReadError::TooLarge(format!("{sheets} trang tính, quá {}", BUDGET.sheets)));
        }
    }
    if let Some(name) = strings_part {
        let claimed = shared_string_count(zip, &name)?;
        if claimed > BUDGET.cells as u64 {
            return Err(ReadError::TooLarge(format!("khai báo {claimed} chuỗi dùng chung, quá {}", BUDGET.cells)));
        }
    }
    Ok(kind)
}

/// A part's XML, read through a limit of its declared size.
fn part_xml<'z, R: Read + Seek>(
    zip: &'z mut zip::ZipArchive<R>,
    name: &str,
) -> Result<quick_xml::Reader<BufReader<std::io::Take<zip::read::ZipFile<'z, R>>>>, ReadError> {
    let entry = zip.by_name(name).map_err(|e| ReadError::Corrupt(short(&e.to_string())))?;
    let size = entry.size();
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry.take(size)));
    reader.config_mut().trim_text(false);
    Ok(reader)
}

/// How many elements named `local` a part has (stops counting past the sheet budget).
fn count_elements<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str, local: &str) -> Result<usize, ReadError> {
    let mut xml = part_xml(zip, name)?;
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => {
                n += 1;
                if n > BUDGET.sheets {
                    return Ok(n);
                }
            }
            Ok(Event::Eof) => return Ok(n),
            Err(e) => return Err(ReadError::Corrupt(short(&e.to_string()))),
            _ => {}
        }
        buf.clear();
    }
}

/// The `uniqueCount` (or `count`) the shared-string table declares: calamine reserves that much.
fn shared_string_count<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<u64, ReadError> {
    let mut xml = part_xml(zip, name)?;
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let mut most = 0u64;
                for a in e.attributes().flatten() {
                    if matches!(a.key.local_name().as_ref(), "uniqueCount" | "count") {
                        let v = a.value.trim().to_string();
                        // A count no u64 holds is larger than any budget.
                        let n = if v.chars().all(|c| c.is_ascii_digit()) { v.parse().unwrap_or(u64::MAX) } else { 0 };
                        if a.key.local_name().as_ref() == "uniqueCount" {
                            most = most.max(n);
                        }
                    }
                }
                return Ok(most);
            }
            Ok(Event::Eof) => return Ok(0),
            Err(e) => return Err(ReadError::Corrupt(short(&e.to_string()))),
            _ => {}
        }
        buf.clear();
    }
}

fn value_of(v: DataRef<'_>) -> Cell {
    match v {
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::String(s) => Cell::Text(s),
        DataRef::DateTime(dt) => match safe_datetime(&dt) {
            Some(d) if dt.is_datetime() => Cell::Date(d),
            _ => Cell::Number(dt.as_f64()),
        },
        DataRef::DateTimeIso(s) => iso_datetime(&s),
        other => convert(&other.into()),
    }
}

fn read_xlsx<RS: Read + Seek>(rs: RS) -> Result<Workbook, ReadError> {
    let mut book: Xlsx<RS> = Xlsx::new(rs).map_err(|e| classify(e.into()))?;
    let metadata: Vec<(String, bool)> =
        book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible == SheetVisible::Visible)).collect();
    let date_1904 = book.has_1904_epoch();
    let mut tally = Tally::default();
    let mut sheets = Vec::new();
    for (name, visible) in metadata {
        let merges = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
        // A sheet that cannot be opened alone (a chart sheet) is left out.
        let Ok(mut cells) = book.worksheet_cells_reader(&name) else {
            continue;
        };
        let mut b = SheetBuilder::new(name, visible);
        loop {
            match cells.next_cell_with_formula_metadata() {
                Ok(Some(c)) => {
                    let (r, col) = c.pos;
                    let cell = match (c.value, c.formula) {
                        (DataRef::Empty, Some(f)) => Cell::Uncomputed(match f {
                            XlsxFormulaMetadata::Normal { formula } | XlsxFormulaMetadata::Shared { formula, .. } => {
                                formula
                            }
                            _ => String::new(),
                        }),
                        (v, _) => value_of(v),
                    };
                    b.push(&mut tally, r as u64, col as u64, cell)?;
                }
                Ok(None) => break,
                Err(e) => return Err(ReadError::Corrupt(short(&e.to_string()))),
            }
        }
        drop(cells);
        for m in merges {
            b.merge(m.start, m.end);
        }
        sheets.push(b.finish(&mut tally)?);
    }
    Ok(tally.into_workbook(sheets, date_1904))
}

fn read_xlsb<RS: Read + Seek>(rs: RS) -> Result<Workbook, ReadError> {
    let mut book: Xlsb<RS> = Xlsb::new(rs).map_err(|e| classify(e.into()))?;
    let metadata: Vec<(String, bool)> =
        book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible == SheetVisible::Visible)).collect();
    if metadata.len() > BUDGET.sheets {
        return Err(ReadError::TooLarge(format!("{} trang tính", metadata.len())));
    }
    let date_1904 = book.has_1904_epoch();
    let mut tally = Tally::default();
    let mut sheets = Vec::new();
    for (name, visible) in metadata {
        let Ok(mut cells) = book.worksheet_cells_reader(&name) else {
            continue;
        };
        let mut b = SheetBuilder::new(name, visible);
        loop {
            match cells.next_cell() {
                Ok(Some(c)) => {
                    let (r, col) = c.get_position();
                    b.push(&mut tally, r as u64, col as u64, value_of(c.get_value().clone()))?;
                }
                Ok(None) => break,
                Err(e) => return Err(ReadError::Corrupt(short(&e.to_string()))),
            }
        }
        drop(cells);
        sheets.push(b.finish(&mut tally)?);
    }
    Ok(tally.into_workbook(sheets, date_1904))
}
