//! Excel 97–2003 workbooks (.xls, an OLE compound file) through calamine, with the hidden rows and
//! columns calamine does not give read from the file's records, and far cells left out.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, SheetVisible, Xls};

use super::convert::{classify, convert, safe_datetime, ReadError};
use super::{SheetBuilder, Tally, Workbook, BUDGET};

/// An OLE compound file: an Excel 97–2003 workbook, or an encrypted Office file.
pub(super) fn read_ole(path: &Path) -> Result<Workbook, ReadError> {
    // calamine holds each .xls sheet as a dense rectangle from its first to its last cell: a
    // stray value in IV65536 costs 16 million cells. Such a file is read from a copy whose far
    // cells are left out (the rest byte for byte as it was).
    if let Some(bytes) = compact_xls(path) {
        let book = Xls::new(std::io::Cursor::new(bytes)).map_err(|e| classify(e.into()))?;
        return read_xls(path, book);
    }
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(crate::files::io_text(&e)))?;
    let book = match Xls::new(std::io::BufReader::new(file)) {
        Ok(b) => b,
        Err(_) if is_encrypted_ooxml(path) => return Err(ReadError::Encrypted),
        Err(e) => return Err(classify(e.into())),
    };
    read_xls(path, book)
}

fn read_xls<RS: std::io::Read + std::io::Seek>(path: &Path, mut book: Xls<RS>) -> Result<Workbook, ReadError> {
    let metadata: Vec<(String, bool)> =
        book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible == SheetVisible::Visible)).collect();
    if metadata.len() > BUDGET.sheets {
        return Err(ReadError::TooLarge(format!("{} trang tính", metadata.len())));
    }
    let mut tally = Tally::default();
    let mut sheets = Vec::with_capacity(metadata.len());
    let mut date_1904 = false;
    let mut hidden = xls_hidden(path);
    for (name, visible) in metadata {
        // A sheet that fails alone (a chart sheet, say) is left out; the others are read.
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let merges = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
        let hidden_here = hidden.remove(&name);
        let mut b = SheetBuilder::new(name, visible);
        for (r, c, d) in range.used_cells() {
            date_1904 |= counts_from_1904(d);
            b.push(&mut tally, r as u64, c as u64, convert(d))?;
        }
        for m in merges {
            b.merge(m.start, m.end);
        }
        if let Some((rows, cols)) = hidden_here {
            b.hide(rows, cols);
        }
        sheets.push(b.finish(&mut tally)?);
    }
    Ok(tally.into_workbook(sheets, date_1904))
}

/// Hidden rows and columns of each sheet of an .xls, by sheet name, from its BIFF8 records (a
/// ROW record with fDyZero, a COLINFO record with fHidden), which calamine does not give.
/// Anything unreadable gives nothing: hidden rows refine a reading, they never stop one.
fn xls_hidden(path: &Path) -> std::collections::HashMap<String, (Vec<u32>, Vec<u32>)> {
    let mut out = std::collections::HashMap::new();
    let Ok(file) = std::fs::File::open(path) else { return out };
    let Ok(mut cf) = cfb::CompoundFile::open(file) else { return out };
    let mut stream = Vec::new();
    let opened = cf.open_stream("/Workbook").or_else(|_| cf.open_stream("/Book"));
    let Ok(s) = opened else { return out };
    if s.take(BUDGET.file_bytes).read_to_end(&mut stream).is_err() {
        return out;
    }
    for (name, at) in boundsheets(&stream) {
        let mut rows = Vec::new();
        let mut cols = Vec::new();
        for (kind, data) in records(stream.get(at..).unwrap_or_default()).skip(1) {
            match kind {
                0x000A => break, // EOF of the sheet's substream
                0x0208 if data.len() >= 14 && u16le(data, 12) & 0x0020 != 0 => rows.push(u32::from(u16le(data, 0))),
                0x007D if data.len() >= 10 && u16le(data, 8) & 0x0001 != 0 => {
                    let (first, last) = (u16le(data, 0), u16le(data, 2).min(255));
                    cols.extend((u32::from(first)..=u32::from(last)).take(256));
                }
                _ => {}
            }
        }
        if !rows.is_empty() || !cols.is_empty() {
            out.insert(name, (rows, cols));
        }
    }
    out
}

/// Cells a sheet's rectangle may span in calamine's dense form (32 MiB of cells).
const XLS_DENSE_CELLS: u64 = 1 << 20;

/// The cells of a BIFF8 cell record: its row and first and last column.
fn cell_span(kind: u16, data: &[u8]) -> Option<(u32, u32, u32)> {
    let at = |i: usize| data.get(i..i + 2).map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])));
    match kind {
        // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA
        0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
            let (r, c) = (at(0)?, at(2)?);
            Some((r, c, c))
        }
        // MULRK: row, first column, RK values, last column in the last two bytes.
        0x00BD if data.len() >= 6 => Some((at(0)?, at(2)?, at(data.len() - 2)?)),
        _ => None,
    }
}

/// A copy of the .xls at `path` that calamine can hold, when the file itself is too wide for it
/// (a sheet's cells span more than [`XLS_DENSE_CELLS`], or its DIMENSIONS record claims so):
/// the cells at the far edges are turned into BLANK records (which calamine skips) until the
/// rest fits, and each DIMENSIONS record says what is left. Same lengths, same offsets: nothing
/// else moves. None when the file needs nothing, or is not one this can read.
fn compact_xls(path: &Path) -> Option<Vec<u8>> {
    let file = std::fs::File::open(path).ok()?;
    let mut cf = cfb::CompoundFile::open(file).ok()?;
    let name = if cf.exists("/Workbook") { "/Workbook" } else { "/Book" };
    let mut stream = Vec::new();
    cf.open_stream(name).ok()?.take(BUDGET.file_bytes).read_to_end(&mut stream).ok()?;
    let mut changed = false;
    for (_, start) in boundsheets(&stream) {
        changed |= compact_sheet(&mut stream, start);
    }
    if !changed {
        return None;
    }
    // Version 3 (512-byte sectors), as Excel writes: the version calamine reads.
    let mut out = cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new())).ok()?;
    std::io::Write::write_all(&mut out.create_stream("/Workbook").ok()?, &stream).ok()?;
    out.flush().ok()?;
    Some(out.into_inner().into_inner())
}

/// [`compact_xls`] for the sheet whose substream starts at `start`; whether anything changed.
fn compact_sheet(stream: &mut [u8], start: usize) -> bool {
    // (offset of the record, row, first column, last column)
    let mut cells: Vec<(usize, u32, u32, u32)> = Vec::new();
    let mut dimensions = Vec::new();
    let mut at = start;
    let mut first = true;
    while let Some(head) = stream.get(at..at + 4) {
        let (kind, len) = (u16le(head, 0), usize::from(u16le(head, 2)));
        let Some(data) = stream.get(at + 4..at + 4 + len) else { break };
        if kind == 0x000A {
            break;
        }
        if kind == 0x0809 && !first {
            break; // a nested substream (a chart): not this sheet's cells
        }
        first = false;
        if kind == 0x0200 && len >= 14 {
            dimensions.push(at);
        } else if let Some((r, c0, c1)) = cell_span(kind, data) {
            cells.push((at, r, c0, c1.max(c0)));
        }
        at += 4 + len;
    }
    let area = |cells: &[(usize, u32, u32, u32)]| -> (u64, Option<(u32, u32, u32, u32)>) {
        let Some(&(_, r, c0, c1)) = cells.first() else { return (0, None) };
        let (mut r0, mut r1, mut k0, mut k1) = (r, r, c0, c1);
        for &(_, r, c0, c1) in cells {
            (r0, r1, k0, k1) = (r0.min(r), r1.max(r), k0.min(c0), k1.max(c1));
        }
        ((u64::from(r1 - r0) + 1) * (u64::from(k1 - k0) + 1), Some((r0, r1, k0, k1)))
    };
    let claimed = |stream: &[u8], d: usize| {
        let g = |i: usize| {
            u64::from(u32::from_le_bytes([stream[d + 4 + i], stream[d + 5 + i], stream[d + 6 + i], stream[d + 7 + i]]))
        };
        let (r0, r1) = (g(0), g(4));
        let (c0, c1) = (u64::from(u16le(stream, d + 12)), u64::from(u16le(stream, d + 14)));
        r1.saturating_sub(r0).saturating_mul(c1.saturating_sub(c0))
    };
    let (mut size, _) = area(&cells);
    let too_wide = dimensions.iter().any(|d| claimed(stream, *d) > XLS_DENSE_CELLS);
    if size <= XLS_DENSE_CELLS && !too_wide {
        return false;
    }
    // Drop the far edge that holds the fewest cells, until the rest fits.
    let mut dropped: Vec<usize> = Vec::new();
    for _ in 0..10_000 {
        if size <= XLS_DENSE_CELLS {
            break;
        }
        let Some((r0, r1, k0, k1)) = area(&cells).1 else { break };
        let edges = [
            cells.iter().filter(|c| c.1 == r1).count(),
            cells.iter().filter(|c| c.1 == r0).count(),
            cells.iter().filter(|c| c.3 == k1).count(),
            cells.iter().filter(|c| c.2 == k0).count(),
        ];
        let edge = (0..4).min_by_key(|i| edges[*i]).unwrap_or(0);
        let off = |c: &(usize, u32, u32, u32)| match edge {
            0 => c.1 == r1,
            1 => c.1 == r0,
            2 => c.3 == k1,
            _ => c.2 == k0,
        };
        dropped.extend(cells.iter().filter(|c| off(c)).map(|c| c.0));
        cells.retain(|c| !off(c));
        size = area(&cells).0;
    }
    for at in dropped {
        // BLANK; a FORMULA's cached string follows it as a STRING record, which goes too.
        let was_formula = u16le(stream, at) == 0x0006;
        stream[at..at + 2].copy_from_slice(&0x0201u16.to_le_bytes());
        if was_formula {
            let next = at + 4 + usize::from(u16le(stream, at + 2));
            if stream.get(next..next + 2) == Some(&0x0207u16.to_le_bytes()[..]) {
                stream[next..next + 2].copy_from_slice(&0x0201u16.to_le_bytes());
            }
        }
    }
    let (r0, r1, k0, k1) = area(&cells).1.unwrap_or((0, 0, 0, 0));
    for d in dimensions {
        // rwMic, rwMac (one past the last), colMic, colMac (one past the last).
        stream[d + 4..d + 8].copy_from_slice(&r0.to_le_bytes());
        stream[d + 8..d + 12].copy_from_slice(&(r1 + 1).to_le_bytes());
        stream[d + 12..d + 14].copy_from_slice(&(k0 as u16).to_le_bytes());
        stream[d + 14..d + 16].copy_from_slice(&((k1 + 1) as u16).to_le_bytes());
    }
    true
}

fn u16le(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

/// The records of a BIFF stream: (type, data), until the bytes run out.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let head = stream.get(at..at + 4)?;
        let (kind, len) = (u16le(head, 0), usize::from(u16le(head, 2)));
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((kind, data))
    })
}

/// The sheets the workbook globals list (BOUNDSHEET8): name and the offset of its substream.
fn boundsheets(stream: &[u8]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (kind, data) in records(stream).skip(1) {
        match kind {
            0x000A => break,
            0x0085 if data.len() >= 8 => {
                let at = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
                let cch = usize::from(data[6]);
                let wide = data[7] & 1 == 1;
                let bytes = &data[8..];
                let name = if wide {
                    let units: Vec<u16> =
                        bytes.chunks_exact(2).take(cch).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
                    String::from_utf16_lossy(&units)
                } else {
                    // Latin-1, one byte a character.
                    bytes.iter().take(cch).map(|b| char::from(*b)).collect()
                };
                out.push((name, at));
            }
            _ => {}
        }
    }
    out
}

/// An .xlsx or .docx saved with a password is an OLE file holding an "EncryptedPackage" stream,
/// named in UTF-16 in the file's directory.
fn is_encrypted_ooxml(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else { return false };
    let needle: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// calamine keeps an .xls workbook's date system to itself, but a date cell shows it: its serial
/// number is 1462 days less than the 1900 system's for the same date.
fn counts_from_1904(d: &Data) -> bool {
    let Data::DateTime(dt) = d else {
        return false;
    };
    let Some(date) = safe_datetime(dt) else {
        return false;
    };
    let Some(base) = chrono::NaiveDate::from_ymd_opt(1899, 12, 30) else {
        return false;
    };
    let serial_1900 = (date.date() - base).num_days() as f64;
    dt.is_datetime() && (serial_1900 - dt.as_f64().floor() - 1462.0).abs() < 0.5
}
