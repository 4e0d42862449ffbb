//! What every reader shares: why a file could not be read, and calamine's values as cells.

use calamine::Data;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::Cell;

/// Why a file could not be read; said to the officer in Vietnamese.
#[derive(Debug, Error, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReadError {
    #[error("tệp rỗng (0 byte)")]
    Empty,
    #[error("tệp được bảo vệ bằng mật khẩu")]
    Encrypted,
    #[error("tệp hỏng hoặc không đúng định dạng bảng tính: {0}")]
    Corrupt(String),
    #[error("không mở được tệp: {0}")]
    Io(String),
    #[error("tệp vượt giới hạn đọc: {0}")]
    TooLarge(String),
    #[error("tệp có ô nằm ngoài giới hạn của một trang tính ({0}); tệp không do Excel hay LibreOffice lưu")]
    OutOfSheet(String),
    #[error("đọc tệp quá {0} giây; tệp bị bỏ qua")]
    Timeout(u64),
    #[error("đọc tệp cần quá {0} MiB bộ nhớ; tệp bị bỏ qua")]
    OutOfMemory(usize),
    #[error("bộ đọc dừng bất thường khi đọc tệp này ({0})")]
    Crashed(String),
}

/// The largest serial a spreadsheet date can have (31/12/9999).
const MAX_SERIAL: f64 = 2_958_465.999_999;

/// A date cell's date, only for serials a spreadsheet can show (chrono is never asked about
/// infinities or years past 9999).
pub(super) fn safe_datetime(dt: &calamine::ExcelDateTime) -> Option<chrono::NaiveDateTime> {
    let v = dt.as_f64();
    if !v.is_finite() || !(0.0..=MAX_SERIAL).contains(&v) {
        return None;
    }
    dt.as_datetime()
}

/// A calamine value as a cell.
pub(super) fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match safe_datetime(dt) {
            Some(d) if dt.is_datetime() => Cell::Date(d),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => iso_datetime(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// An ISO date as a date cell; anything chrono cannot read (a negative year) stays text.
pub(super) fn iso_datetime(s: &str) -> Cell {
    let parsed = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_time(chrono::NaiveTime::MIN)));
    match parsed {
        Ok(d) if s.starts_with(|c: char| c.is_ascii_digit()) => Cell::Date(d),
        _ => Cell::Text(s.to_string()),
    }
}

pub(super) fn classify(e: calamine::Error) -> ReadError {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ReadError::Encrypted
    } else {
        ReadError::Corrupt(said(&text))
    }
}

/// What a reading library's (English) message means, in the officer's words: where the file is
/// broken, never the library's sentence.
pub(super) fn said(text: &str) -> String {
    let t = text.to_lowercase();
    let what = if t.contains("zip") || t.contains("archive") || t.contains("eocd") || t.contains("deflate") {
        "tệp nén (.xlsx, .ods) bị hỏng hoặc bị cắt cụt"
    } else if t.contains("cfb") || t.contains("sector") || t.contains("ole") || t.contains("biff") {
        "cấu trúc tệp .xls bị hỏng"
    } else if t.contains("xml") || t.contains("syntax") || t.contains("tag") || t.contains("attribute") {
        "nội dung bên trong tệp (XML) bị hỏng"
    } else if t.contains("sheet") || t.contains("worksheet") || t.contains("not found") {
        "tệp thiếu một trang tính mà chính nó khai báo"
    } else if t.contains("utf") || t.contains("encoding") || t.contains("codepage") {
        "chữ trong tệp dùng bảng mã không đọc được"
    } else if t.contains("eof") || t.contains("unexpected end") || t.contains("truncat") {
        "tệp bị cắt cụt"
    } else {
        "cấu trúc tệp không đọc được"
    };
    what.to_string()
}

/// A library's message, cut so that one bad file cannot flood the problem list.
pub(super) fn short(text: &str) -> String {
    let mut s: String = text.chars().take(200).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}
