//! Walking the input folder: spreadsheets in, everything else noted and left alone.

use std::path::{Path, PathBuf};

/// Extensions read as workbooks.
pub const SPREADSHEET_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "ods", "xlsb"];

/// A file that was not read, and why (in Vietnamese, for the run log).
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedFile {
    pub file: String,
    pub reason: String,
}

/// The workbooks found and the files passed over, both sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    pub workbooks: Vec<String>,
    pub skipped: Vec<SkippedFile>,
}

/// Lists the input folder recursively. An unreadable folder is noted, not fatal.
pub fn discover(input: &Path) -> std::io::Result<Discovery> {
    let mut found = Discovery::default();
    walk(input, input, &mut found)?;
    found.workbooks.sort();
    found.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(found)
}

fn walk(root: &Path, dir: &Path, found: &mut Discovery) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let rel = relative(root, &path);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() {
            if name.starts_with('.') {
                continue;
            }
            if let Err(e) = walk(root, &path, found) {
                found.skipped.push(SkippedFile { file: rel, reason: format!("không mở được thư mục: {e}") });
            }
            continue;
        }
        if name.starts_with("~$") || name.starts_with(".~lock") {
            found.skipped.push(SkippedFile {
                file: rel,
                reason: "tệp khóa tạm của Office/LibreOffice (đang mở tệp gốc)".into(),
            });
            continue;
        }
        if name.starts_with('.') {
            found.skipped.push(SkippedFile { file: rel, reason: "tệp ẩn".into() });
            continue;
        }
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
            found.workbooks.push(rel);
        } else {
            found.skipped.push(SkippedFile {
                file: rel,
                reason: "không phải tệp bảng tính (.xlsx, .xlsm, .xls, .ods, .xlsb)".into(),
            });
        }
    }
    Ok(())
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
