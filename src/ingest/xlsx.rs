//! Zip-based workbooks (.xlsx, .xlsm, .xlsb, .ods): the archive is checked against the budget
//! before any part is decompressed, then cells are streamed one by one — an .xlsx or .xlsb
//! through calamine's cell readers, an .ods through [`super::ods`] — so that a sheet's claimed
//! extent, a far cell or a formatted million rows cost nothing.

use std::io::{BufReader, Read, Seek};
use std::path::Path;

use calamine::{DataRef, Reader, SheetVisible, Xlsb, Xlsx, XlsxFormulaMetadata};
use quick_xml::events::Event;

use super::convert::{classify, convert, iso_datetime, safe_datetime, said, short, ReadError};
use super::{Cell, SheetBuilder, Tally, Workbook, BUDGET};

/// Which workbook a zip holds, told by its parts.
enum Kind {
    Xlsx,
    Xlsb,
    Ods,
}

pub fn read_zip(path: &Path) -> Result<Workbook, ReadError> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(crate::files::io_text(&e)))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|_| {
        ReadError::Corrupt("tệp nén (.xlsx, .ods) bị cắt cụt hoặc hỏng: không đọc được mục lục của tệp".into())
    })?;
    check_names(&mut zip)?;
    // XML and the Open Packaging Conventions allow UTF-16 parts; the XML readers take UTF-8.
    if let Some(bytes) = utf8_archive(&mut zip)? {
        let open = || zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice()));
        let mut zip = open().map_err(|e| ReadError::Corrupt(said(&e.to_string())))?;
        let (kind, parts) = preflight(&mut zip)?;
        return match kind {
            Kind::Ods => super::ods::read_ods(zip),
            Kind::Xlsx => read_xlsx(std::io::Cursor::new(bytes.as_slice()), zip, parts),
            Kind::Xlsb => read_xlsb(std::io::Cursor::new(bytes.as_slice())),
        };
    }
    let (kind, parts) = preflight(&mut zip)?;
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(crate::files::io_text(&e)))?;
    match kind {
        Kind::Ods => super::ods::read_ods(zip),
        Kind::Xlsx => read_xlsx(BufReader::new(file), zip, parts),
        Kind::Xlsb => read_xlsb(BufReader::new(file)),
    }
}

/// The parts' names, checked before anything is decompressed: within the budget, and no two
/// that a reader could take for one another ("xl/workbook.xml" and "XL/WORKBOOK.XML", or
/// "xl\\workbook.xml"): the preflight must count the sheets of the part the reader reads.
fn check_names<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<(), ReadError> {
    if zip.len() > BUDGET.parts {
        return Err(ReadError::TooLarge(format!("{} phần trong tệp nén", zip.len())));
    }
    let mut seen = std::collections::HashSet::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| ReadError::Corrupt(said(&e.to_string())))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let key = name.replace('\\', "/").to_lowercase();
        if !seen.insert(key) {
            return Err(ReadError::Corrupt(format!(
                "tệp nén có hai phần cùng tên \"{}\" (chỉ khác chữ hoa, chữ thường); tệp không do Excel hay LibreOffice lưu",
                short(&name)
            )));
        }
    }
    Ok(())
}

/// Whether an XML part's first bytes are UTF-16: a byte-order mark, or "<" as a two-byte unit.
/// Some(true) for little-endian.
fn utf16_order(head: &[u8]) -> Option<bool> {
    match head {
        [0xFF, 0xFE, ..] | [b'<', 0, ..] => Some(true),
        [0xFE, 0xFF, ..] | [0, b'<', ..] => Some(false),
        _ => None,
    }
}

fn is_xml_part(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".xml") || n.ends_with(".rels")
}

/// The archive again with every UTF-16 XML part decoded to UTF-8 (and its declaration saying
/// so), parts stored; None when no part is UTF-16 (every real file: only the first two bytes of
/// each XML part are read to tell).
fn utf8_archive<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<Option<Vec<u8>>, ReadError> {
    let corrupt = |e: &dyn std::fmt::Display| ReadError::Corrupt(said(&e.to_string()));
    let mut any = false;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| corrupt(&e))?;
        total = total.saturating_add(entry.size());
        if entry.size() > BUDGET.part_bytes || total > BUDGET.total_bytes {
            // The preflight says so, in its words.
            return Ok(None);
        }
        if !any && is_xml_part(&entry.name().map(|n| n.into_owned()).unwrap_or_default()) {
            let mut head = Vec::with_capacity(2);
            let _ = entry.take(2).read_to_end(&mut head);
            any = utf16_order(&head).is_some();
        }
    }
    if !any {
        return Ok(None);
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| corrupt(&e))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let size = entry.size();
        let mut bytes = Vec::with_capacity(size as usize);
        entry.take(size).read_to_end(&mut bytes).map_err(|e| corrupt(&e))?;
        if is_xml_part(&name) {
            if let Some(little) = utf16_order(&bytes) {
                bytes = utf16_to_utf8(&bytes, little).into_bytes();
            }
        }
        out.start_file(name, stored.large_file(size > u32::MAX as u64)).map_err(|e| corrupt(&e))?;
        std::io::Write::write_all(&mut out, &bytes).map_err(|e| corrupt(&e))?;
    }
    Ok(Some(out.finish().map_err(|e| corrupt(&e))?.into_inner()))
}

/// UTF-16 XML as UTF-8 XML: the byte-order mark dropped, the declaration's encoding made UTF-8.
fn utf16_to_utf8(bytes: &[u8], little: bool) -> String {
    let units = bytes.chunks_exact(2).map(|c| {
        if little {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let text: String = char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect();
    let text = text.trim_start_matches('\u{FEFF}');
    if let Some(end) = text.strip_prefix("<?xml").and_then(|_| text.find("?>")) {
        let decl = &text[..end];
        let fixed = ["UTF-16", "utf-16", "Utf-16", "UTF-16LE", "UTF-16BE", "utf-16le", "utf-16be"]
            .iter()
            .fold(decl.to_string(), |d, e| {
                d.replace(&format!("\"{e}\""), "\"UTF-8\"").replace(&format!("'{e}'"), "'UTF-8'")
            });
        return format!("{fixed}{}", &text[end..]);
    }
    text.to_string()
}

/// Checks what the archive says of itself before anything is decompressed: number of parts,
/// each part's and the total decompressed size, the number of sheets and of shared strings.
/// Each part is later read through a reader that stops at its declared size, so a part that
/// lies about its size cannot grow past it either. For an .xlsx, also each sheet's name and
/// zip path (from the same reading of workbook.xml that counts the sheets).
fn preflight<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<(Kind, Vec<(String, String)>), ReadError> {
    if zip.len() > BUDGET.parts {
        return Err(ReadError::TooLarge(format!("{} phần trong tệp nén", zip.len())));
    }
    let mut total: u64 = 0;
    let mut kind = None;
    let mut workbook_part = None;
    let mut strings_part = None;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| ReadError::Corrupt(said(&e.to_string())))?;
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
    let mut parts = Vec::new();
    if let Some(name) = workbook_part {
        let sheets = elements(zip, &name, "sheet")?;
        parts = sheet_parts(zip, &sheets);
    }
    if let Some(name) = strings_part {
        let claimed = shared_string_count(zip, &name)?;
        if claimed > BUDGET.cells as u64 {
            return Err(ReadError::TooLarge(format!("khai báo {claimed} chuỗi dùng chung, quá {}", BUDGET.cells)));
        }
    }
    Ok((kind, parts))
}

/// A part's XML, read through a limit of its declared size.
fn part_xml<'z, R: Read + Seek>(
    zip: &'z mut zip::ZipArchive<R>,
    name: &str,
) -> Result<quick_xml::Reader<BufReader<std::io::Take<zip::read::ZipFile<'z, R>>>>, ReadError> {
    let entry = zip.by_name(name).map_err(|e| ReadError::Corrupt(said(&e.to_string())))?;
    let size = entry.size();
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry.take(size)));
    reader.config_mut().trim_text(false);
    Ok(reader)
}

/// The attributes (local name, unescaped value) of every element named `local` in a part; past
/// the sheet budget, an error (no workbook part needs more).
fn elements<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    local: &str,
) -> Result<Vec<Vec<(String, String)>>, ReadError> {
    let mut xml = part_xml(zip, name)?;
    let mut buf = Vec::new();
    let mut found = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => {
                if found.len() == BUDGET.sheets {
                    return Err(ReadError::TooLarge(format!("hơn {} trang tính", BUDGET.sheets)));
                }
                let attrs = e
                    .attributes()
                    .flatten()
                    .map(|a| {
                        let key = a.key.local_name().as_ref().to_string();
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map(|v| v.into_owned())
                            .unwrap_or_default();
                        (key, value)
                    })
                    .collect();
                found.push(attrs);
            }
            Ok(Event::Eof) => return Ok(found),
            Err(e) => return Err(ReadError::Corrupt(said(&e.to_string()))),
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
            Err(e) => return Err(ReadError::Corrupt(said(&e.to_string()))),
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

fn read_xlsx<RS: Read + Seek, Z: Read + Seek>(
    rs: RS,
    mut zip: zip::ZipArchive<Z>,
    parts: Vec<(String, String)>,
) -> Result<Workbook, ReadError> {
    let mut book: Xlsx<RS> = Xlsx::new(rs).map_err(|e| classify(e.into()))?;
    let metadata: Vec<(String, bool)> =
        book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible == SheetVisible::Visible)).collect();
    let date_1904 = book.has_1904_epoch();
    let mut tally = Tally::default();
    let mut sheets = Vec::new();
    for (name, visible) in metadata {
        // Merged areas: by a scan of the part's bytes where the part is found (calamine's own
        // way parses the whole sheet's XML a second time), by calamine otherwise.
        let merges = match parts.iter().find(|(n, _)| *n == name) {
            Some((_, part)) if zip.index_for_name(part).is_some() => {
                let entry = zip.by_name(part).map_err(|e| ReadError::Corrupt(said(&e.to_string())))?;
                let size = entry.size();
                scan_merges(entry.take(size))?
            }
            _ => SheetScan {
                merges: book
                    .merge_cells_by_sheet_name(&name)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|d| (d.start, d.end))
                    .collect(),
                ..SheetScan::default()
            },
        };
        let SheetScan { merges, hidden_rows, hidden_cols } = merges;
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
                Err(e) => return Err(ReadError::Corrupt(said(&e.to_string()))),
            }
        }
        drop(cells);
        for (start, end) in merges {
            b.merge(start, end);
        }
        b.hide(hidden_rows, hidden_cols);
        sheets.push(b.finish(&mut tally)?);
    }
    Ok(tally.into_workbook(sheets, date_1904))
}

/// Each sheet's name and the zip path of its part, from workbook.xml's `sheet` elements and the
/// workbook's relationships. Empty when the relationships cannot be read (calamine is asked).
fn sheet_parts<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    sheets: &[Vec<(String, String)>],
) -> Vec<(String, String)> {
    let Ok(rels) = elements(zip, "xl/_rels/workbook.xml.rels", "Relationship") else {
        return Vec::new();
    };
    let get = |attrs: &[(String, String)], key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    sheets
        .iter()
        .filter_map(|s| {
            let name = get(s, "name")?;
            let id = get(s, "id")?;
            let target =
                rels.iter().find(|r| get(r, "Id").as_deref() == Some(id.as_str())).and_then(|r| get(r, "Target"))?;
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, path))
        })
        .collect()
}

/// A merged area: first and last (row, column), 0-based.
type Area = ((u32, u32), (u32, u32));

/// What a sheet part says besides its cells: merged areas, hidden rows, hidden columns.
#[derive(Debug, Default, PartialEq)]
struct SheetScan {
    merges: Vec<Area>,
    hidden_rows: Vec<u32>,
    hidden_cols: Vec<u32>,
}

/// The merged areas of a sheet part, from its `mergeCell` elements (with or without a namespace
/// prefix), and its hidden `row` and `col` elements, found by a byte search: no XML event is
/// built for the cells in between. The part is read in chunks; only the text after its last `<`
/// is carried over, so memory stays flat.
fn scan_merges<R: Read>(mut part: R) -> Result<SheetScan, ReadError> {
    const NAME: &[u8] = b"mergeCell";
    let finder = memchr::memmem::Finder::new(NAME);
    let hidden = memchr::memmem::Finder::new(b"hidden");
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 17);
    let mut chunk = vec![0u8; 1 << 16];
    let mut scan = SheetScan::default();
    loop {
        let n = part.read(&mut chunk).map_err(|e| ReadError::Corrupt(said(&e.to_string())))?;
        buf.extend_from_slice(&chunk[..n]);
        // Every tag that opens before the last '<' has closed before it.
        let end = if n == 0 { buf.len() } else { memchr::memrchr(b'<', &buf).unwrap_or(0) };
        for at in finder.find_iter(&buf[..end]) {
            if let Some(area) = merge_at(&buf[..end], at, NAME.len()) {
                scan.merges.push(area);
                if scan.merges.len() > BUDGET.cells {
                    return Err(ReadError::TooLarge(format!("hơn {} vùng ô gộp", BUDGET.cells)));
                }
            }
        }
        for at in hidden.find_iter(&buf[..end]) {
            hidden_at(&buf[..end], at, &mut scan);
            if scan.hidden_rows.len() + scan.hidden_cols.len() > BUDGET.cells {
                return Err(ReadError::TooLarge(format!("hơn {} dòng, cột ẩn", BUDGET.cells)));
            }
        }
        if n == 0 {
            return Ok(scan);
        }
        if end == 0 && memchr::memchr(b'<', &buf).is_none() {
            buf.clear();
        } else {
            buf.drain(..end);
        }
    }
}

/// A `hidden="1"` (or "true") attribute at `at`: of a `row` element, its row; of a `col`
/// element, its columns (within a sheet's width).
fn hidden_at(xml: &[u8], at: usize, scan: &mut SheetScan) {
    let Some(open) = memchr::memrchr(b'<', &xml[..at]) else { return };
    if memchr::memchr(b'>', &xml[open..at]).is_some() {
        return; // text after a tag, not an attribute
    }
    let tag_end = memchr::memchr(b'>', &xml[at..]).map_or(xml.len(), |e| at + e);
    let tag = &xml[open + 1..tag_end];
    let name_end = tag.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(tag.len());
    let name = &tag[..name_end];
    let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
    let value = |key: &[u8]| -> Option<&str> { attr_value(&tag[name_end..], key) };
    if !matches!(value(b"hidden"), Some("1" | "true")) {
        return;
    }
    match local {
        b"row" => {
            if let Some(r) = value(b"r").and_then(|v| v.trim().parse::<u32>().ok()).filter(|r| *r >= 1) {
                scan.hidden_rows.push(r - 1);
            }
        }
        b"col" => {
            let num = |k: &[u8]| value(k).and_then(|v| v.trim().parse::<u32>().ok());
            if let (Some(min), Some(max)) = (num(b"min"), num(b"max")) {
                let max = max.min(super::MAX_COLS);
                scan.hidden_cols.extend((min.max(1)..=max).map(|c| c - 1));
            }
        }
        _ => {}
    }
}

/// The value of attribute `key` in a tag's attribute text (whole attribute names only).
fn attr_value<'a>(attrs: &'a [u8], key: &[u8]) -> Option<&'a str> {
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&attrs[from..], key) {
        let p = from + p;
        from = p + key.len();
        if p > 0 && !attrs[p - 1].is_ascii_whitespace() {
            continue;
        }
        let rest = attrs[p + key.len()..].trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else { continue };
        let rest = rest.trim_ascii_start();
        let quote = *rest.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value = &rest[1..];
        return std::str::from_utf8(&value[..memchr::memchr(quote, value)?]).ok();
    }
    None
}

/// The area of the `mergeCell` element whose name starts at `at`, if it is one.
fn merge_at(xml: &[u8], at: usize, name_len: usize) -> Option<Area> {
    // The name ends the way an element name does ("mergeCells" is the container).
    if !matches!(xml.get(at + name_len), Some(b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>')) {
        return None;
    }
    // It opens a tag: '<', or '<prefix:'.
    let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let mut i = at;
    if i > 0 && xml[i - 1] == b':' {
        i -= 1;
        while i > 0 && is_name(xml[i - 1]) {
            i -= 1;
        }
    }
    if i == 0 || xml[i - 1] != b'<' {
        return None;
    }
    let tag_end = at + memchr::memchr(b'>', &xml[at..])?;
    let tag = &xml[at + name_len..tag_end];
    let text = attr_value(tag, b"ref")?;
    let (a, b) = text.split_once(':').unwrap_or((text, text));
    Some((a1(a)?, a1(b)?))
}

/// "B12" → (11, 1); "$B$12" too.
fn a1(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().replace('$', "");
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = text[..letters].bytes().fold(0u32, |n, b| n * 26 + (b.to_ascii_uppercase() - b'A' + 1) as u32) - 1;
    let row: u32 = text[letters..].parse().ok()?;
    (row >= 1).then_some((row - 1, col))
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
                Err(e) => return Err(ReadError::Corrupt(said(&e.to_string()))),
            }
        }
        drop(cells);
        sheets.push(b.finish(&mut tally)?);
    }
    Ok(tally.into_workbook(sheets, date_1904))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(xml: &str, chunk: usize) -> Vec<Area> {
        scan_all(xml, chunk).merges
    }

    fn scan_all(xml: &str, chunk: usize) -> SheetScan {
        /// A reader giving at most `chunk` bytes a call, as a zip stream may.
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        scan_merges(Trickle(xml.as_bytes(), chunk)).unwrap()
    }

    #[test]
    fn hidden_rows_and_columns_are_found() {
        let xml = r#"<worksheet><cols><col min="2" max="3" width="0" hidden="1"/><col min="5" max="5" hidden="0"/></cols>
<sheetData><row r="4" hidden="1" spans="1:3"><c r="A4"><v>1</v></c></row><row r="5" ht="0" hidden="true"/>
<row r="6"><c r="A6" t="inlineStr"><is><t>hidden="1"</t></is></c></row></sheetData></worksheet>"#;
        for chunk in [3, 64, 1 << 16] {
            let s = scan_all(xml, chunk);
            assert_eq!(s.hidden_rows, vec![3, 4]);
            assert_eq!(s.hidden_cols, vec![1, 2]);
        }
    }

    #[test]
    fn merged_areas_are_found_in_any_spelling_and_any_chunking() {
        let xml = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lt;mergeCell ref="Z9:Z10"/&gt; mergeCell ref="Y1"</t></is></c></row></sheetData>
<mergeCells count="4"><mergeCell ref="A1:C1"/><mergeCell  ref = 'D2:D3' ></mergeCell>
<x:mergeCell ref="$E$5:$F$6"/><mergeCell ref="AB10"/><mergeCellX ref="A1:B2"/></mergeCells></worksheet>"#;
        let expected = vec![((0, 0), (0, 2)), ((1, 3), (2, 3)), ((4, 4), (5, 5)), ((9, 27), (9, 27))];
        for chunk in [1, 2, 7, 64, 1 << 16] {
            assert_eq!(scan(xml, chunk), expected, "chunks of {chunk} bytes");
        }
    }
}
