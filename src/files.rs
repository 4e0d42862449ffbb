//! Reading what tonghop reads besides the agencies' workbooks — the config, the plan, the intro
//! text, the history records, last run's Word report — as regular files within a budget each.
//!
//! A named pipe would block the run forever, a device (`/dev/zero`) or a sparse file of
//! gigabytes would be read whole: so the path is checked to be a regular file before it is
//! opened (and the open file again), its size is checked against the budget before anything is
//! allocated, and no more than the budget is ever read. Each failure is a Vietnamese sentence for
//! the caller to put in its own error or warning.

use std::io::Read;
use std::path::Path;

/// The budgets, stated in the README ("Giới hạn").
pub const CONFIG_BYTES: u64 = 1 << 20;
pub const PLAN_BYTES: u64 = 16 << 20;
pub const INTRO_BYTES: u64 = 1 << 20;
pub const HISTORY_BYTES: u64 = 64 << 20;
/// Last run's Word report, read to tell whether someone edited it.
pub const DOCX_BYTES: u64 = 64 << 20;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{}", io_text(.0))]
    Io(#[from] std::io::Error),
    #[error("không phải là một tệp thông thường (là thư mục, ống dẫn hoặc thiết bị)")]
    NotRegular,
    #[error("tệp quá lớn ({size}, tối đa {limit})")]
    TooLarge { size: String, limit: String },
    #[error("tệp không phải văn bản UTF-8 (hãy lưu lại dưới dạng UTF-8)")]
    NotUtf8,
}

/// An operating-system error in words, by its everyday cause: never the system's own (English)
/// sentence, never its number alone.
pub fn io_text(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    // An error of tonghop's own, already in words.
    if e.raw_os_error().is_none() {
        if let Some(inner) = e.get_ref() {
            return inner.to_string();
        }
    }
    // Windows: another program holds the file (ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION).
    if cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)) {
        return OPEN_ELSEWHERE.into();
    }
    match e.kind() {
        K::NotFound => "không tìm thấy (không có tệp hoặc thư mục này)".into(),
        K::PermissionDenied => format!("không có quyền đọc hoặc ghi; {OPEN_ELSEWHERE}"),
        K::AlreadyExists => "đã có tệp hoặc thư mục cùng tên".into(),
        K::StorageFull => "ổ đĩa đầy".into(),
        K::ReadOnlyFilesystem => "ổ đĩa chỉ cho phép đọc".into(),
        K::IsADirectory => "là một thư mục, không phải tệp".into(),
        K::NotADirectory => "một phần của đường dẫn không phải thư mục".into(),
        K::InvalidFilename => "tên tệp không hợp lệ hoặc quá dài".into(),
        K::ResourceBusy | K::ExecutableFileBusy => OPEN_ELSEWHERE.into(),
        K::DirectoryNotEmpty => "thư mục không trống".into(),
        K::UnexpectedEof => "tệp bị cắt cụt".into(),
        K::InvalidData => "nội dung không đúng định dạng".into(),
        K::TimedOut => "quá thời gian chờ".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("lỗi hệ thống khi đọc, ghi tệp (mã {code})"),
            None => "lỗi khi đọc, ghi tệp".into(),
        },
    }
}

/// What to do when a file is held by another program.
const OPEN_ELSEWHERE: &str =
    "nếu tệp đang mở trong chương trình khác (Word, Excel, trình đọc PDF), hãy đóng tệp đó rồi chạy lại";

/// "1,5 MiB", "640 KiB", "12 byte".
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{} GiB", crate::vn::fixed(b as f64 / (1u64 << 30) as f64, 1)),
        b if b >= 1 << 20 => format!("{} MiB", crate::vn::fixed(b as f64 / (1u64 << 20) as f64, 1)),
        b if b >= 1 << 10 => format!("{} KiB", b >> 10),
        b => format!("{b} byte"),
    }
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let too_large = |size: u64| FileError::TooLarge { size: size_text(size), limit: size_text(limit) };
    // Before opening: opening a FIFO for reading waits for a writer.
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular);
    }
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(FileError::NotRegular);
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The text of the regular file at `path` (UTF-8, a byte-order mark dropped), at most `limit`
/// bytes.
pub fn read_text_bounded(path: &Path, limit: u64) -> Result<String, FileError> {
    let bytes = read_bounded(path, limit)?;
    let text = String::from_utf8(bytes).map_err(|_| FileError::NotUtf8)?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// FNV-1a, 64 bits: enough to tell a file from an edited copy of it (not a defence against
/// anyone making two files alike on purpose).
pub fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// Reads at most `limit` bytes of `r`; `None` when it holds more (a zip part that inflates past
/// what its kind of part can hold).
pub fn read_at_most(r: impl Read, limit: u64) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    r.take(limit + 1).read_to_end(&mut out).ok()?;
    (out.len() as u64 <= limit).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_errors_are_said_by_their_cause_in_vietnamese() {
        let missing = std::fs::read("/khong/co/tep/nay").unwrap_err();
        assert_eq!(io_text(&missing), "không tìm thấy (không có tệp hoặc thư mục này)");
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(io_text(&denied).contains("hãy đóng tệp đó rồi chạy lại"));
        let ours = std::io::Error::new(std::io::ErrorKind::StorageFull, "không còn chỗ trống (giả lập)");
        assert_eq!(io_text(&ours), "không còn chỗ trống (giả lập)");
        assert!(!io_text(&std::io::Error::from_raw_os_error(71)).contains("rror"));
    }

    #[test]
    fn a_file_within_its_budget_is_read_and_one_past_it_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.toml");
        std::fs::write(&p, "\u{feff}x = 1").unwrap();
        assert_eq!(read_text_bounded(&p, 100).unwrap(), "x = 1");
        let err = read_bounded(&p, 4).unwrap_err().to_string();
        assert_eq!(err, "tệp quá lớn (8 byte, tối đa 4 byte)");
        assert!(matches!(read_bounded(d.path(), 100), Err(FileError::NotRegular)));
        std::fs::write(&p, [0xff, 0xfe, 0x41]).unwrap();
        assert!(matches!(read_text_bounded(&p, 100), Err(FileError::NotUtf8)));
    }

    #[cfg(unix)]
    #[test]
    fn a_device_or_a_pipe_is_not_read() {
        assert!(matches!(read_bounded(Path::new("/dev/zero"), 100), Err(FileError::NotRegular)));
        let d = tempfile::tempdir().unwrap();
        let fifo = d.path().join("p");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
        if made {
            assert!(matches!(read_bounded(&fifo, 100), Err(FileError::NotRegular)));
        }
    }
}
