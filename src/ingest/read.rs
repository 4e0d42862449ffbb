//! Reading one workbook: the format is told by the file's content, not its name, and each format
//! goes to the reader that can hold it to the budget (`xlsx` for .xlsx and .ods, `xls` for Excel
//! 97–2003).

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use super::convert::ReadError;
use super::Workbook;
use super::BUDGET;

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Zip,
    Ole,
    Other,
}

fn sniff(path: &Path) -> std::io::Result<Format> {
    let mut head = [0u8; 8];
    let mut f = std::fs::File::open(path)?;
    let n = f.read(&mut head)?;
    Ok(match &head[..n] {
        [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => Format::Zip,
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] => Format::Ole,
        _ => Format::Other,
    })
}

/// Reads every sheet of the file at `path`; `rel` is how the file is named to the officer.
/// Panics inside a reader are caught and reported as a corrupt file, so one bad file never
/// stops the run; aborts and loops are contained by [`super::isolate`].
pub fn read_workbook(path: &Path, rel: &str) -> Result<Workbook, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(crate::files::io_text(&e)))?;
    if meta.len() == 0 {
        return Err(ReadError::Empty);
    }
    if meta.len() > BUDGET.file_bytes {
        return Err(ReadError::TooLarge(format!("tệp {} MiB, quá {} MiB", meta.len() >> 20, BUDGET.file_bytes >> 20)));
    }
    let modified = meta.modified().ok();
    let format = sniff(path).map_err(|e| ReadError::Io(crate::files::io_text(&e)))?;
    let read = catch_unwind(AssertUnwindSafe(|| match format {
        Format::Zip => super::xlsx::read_zip(path),
        Format::Ole => super::xls::read_ole(path),
        Format::Other => Err(ReadError::Corrupt("không phải tệp Excel hay OpenDocument".into())),
    }));
    let mut book = read.unwrap_or_else(|_| Err(ReadError::Corrupt("lỗi nội bộ của bộ đọc".into())))?;
    book.file = rel.to_string();
    book.modified = modified;
    Ok(book)
}
