//! Walking the input folder: spreadsheets in, everything else noted and left alone.
//!
//! Names are taken as the system gives them (a name that is not valid UTF-8 is shown lossily but
//! read by its real path); a folder reached twice through links (a loop) is walked once, and
//! folders that must never be read as input (the output folder, a link back to a folder above
//! the input) are passed over with a note.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Extensions read as workbooks.
pub const SPREADSHEET_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "ods", "xlsb"];

/// A file that was not read, and why (in Vietnamese, for the run log).
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedFile {
    pub file: String,
    pub reason: String,
}

/// A workbook found: how it is named to the officer, and where it really is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    /// Relative to the input folder, "/"-separated, lossy where the name is not UTF-8.
    pub rel: String,
    pub path: PathBuf,
}

/// The workbooks found and the files passed over, both sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    pub workbooks: Vec<Found>,
    pub skipped: Vec<SkippedFile>,
}

/// Lists the input folder recursively. An unreadable folder is noted, not fatal. Nothing inside
/// `exclude` (the output folder) is ever listed.
pub fn discover(input: &Path, exclude: &[PathBuf]) -> std::io::Result<Discovery> {
    let mut found = Discovery::default();
    let root = std::fs::canonicalize(input)?;
    let exclude: Vec<PathBuf> = exclude.iter().filter_map(|p| std::fs::canonicalize(p).ok()).collect();
    let mut walk = Walk { root: input.to_path_buf(), real_root: root.clone(), exclude, visited: HashSet::new() };
    walk.visited.insert(root);
    walk.dir(input, &mut found)?;
    found.workbooks.sort();
    found.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(found)
}

struct Walk {
    root: PathBuf,
    real_root: PathBuf,
    exclude: Vec<PathBuf>,
    visited: HashSet<PathBuf>,
}

impl Walk {
    fn dir(&mut self, dir: &Path, found: &mut Discovery) -> std::io::Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            let rel = relative(&self.root, &path);
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let real = std::fs::canonicalize(&path).ok();
            if let Some(real) = &real {
                if self.exclude.iter().any(|x| real.starts_with(x)) {
                    found.skipped.push(SkippedFile {
                        file: rel,
                        reason: "thuộc thư mục kết quả (output) của tonghop; không đọc làm dữ liệu vào".into(),
                    });
                    continue;
                }
            }
            if path.is_dir() {
                if name.starts_with('.') {
                    continue;
                }
                let Some(real) = real else {
                    found.skipped.push(SkippedFile { file: rel, reason: "không mở được thư mục".into() });
                    continue;
                };
                if self.real_root.starts_with(&real) || !self.visited.insert(real) {
                    found.skipped.push(SkippedFile {
                        file: rel,
                        reason: "liên kết vòng tới một thư mục đã đọc (hoặc thư mục chứa input); bỏ qua".into(),
                    });
                    continue;
                }
                if let Err(e) = self.dir(&path, found) {
                    found.skipped.push(SkippedFile {
                        file: rel,
                        reason: format!("không mở được thư mục: {}", crate::files::io_text(&e)),
                    });
                }
                continue;
            }
            if real.is_none() {
                found.skipped.push(SkippedFile {
                    file: rel, reason: "liên kết hỏng (tệp đích không tồn tại)".into()
                });
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
                found.workbooks.push(Found { rel, path });
            } else {
                found.skipped.push(SkippedFile {
                    file: rel,
                    reason: "không phải tệp bảng tính (.xlsx, .xlsm, .xls, .ods, .xlsb)".into(),
                });
            }
        }
        Ok(())
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
