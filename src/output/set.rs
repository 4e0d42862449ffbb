//! A run's outputs as one set: the PDF, workbook, JSON, problem lists and history record appear
//! together or not at all.
//!
//! Everything is computed in memory first. Then each file is written next to its destination
//! under a temporary name (so the final step is a rename within one folder, never a copy across
//! disks), and only when all are written are they renamed into place, the previous ones moved
//! aside first. A failure while writing removes what was written; a failure while renaming puts
//! the previous files back. Either way the previous run's outputs are left as they were.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Fault hook for tests: `write-fail-after=N` fails the N+1-th staged write (as a full disk
/// would); `rename-fail-after=N` fails the N+1-th rename into place.
pub const FAULT_ENV: &str = "TONGHOP_FAULT_OUTPUT";
/// The history store's crash test (`history::FAULT_ENV`): "abort-before-rename" kills the run
/// once every output is staged, before any is renamed into place. Defined here, where it is
/// acted on, so that `output` does not depend on `history`.
pub const HISTORY_FAULT_ENV: &str = "TONGHOP_FAULT_HISTORY";

const NEW: &str = ".tonghop-moi-";
const OLD: &str = ".tonghop-cu-";

/// One output: a file, or a folder replaced whole (the per-agency problem lists).
pub enum Item {
    File(Vec<u8>),
    Folder(Vec<(String, Vec<u8>)>),
}

/// The outputs of a run, by destination.
#[derive(Default)]
pub struct OutputSet {
    items: Vec<(PathBuf, Item)>,
}

fn fault(kind: &str, done: usize) -> std::io::Result<()> {
    let spec = std::env::var(FAULT_ENV).unwrap_or_default();
    if let Some(n) = spec.strip_prefix(kind).and_then(|v| v.strip_prefix('=')).and_then(|v| v.parse::<usize>().ok()) {
        if done >= n {
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "không còn chỗ trống trên ổ đĩa (giả lập)",
            ));
        }
    }
    Ok(())
}

/// `dir/.tonghop-moi-name`, `dir/.tonghop-cu-name`.
fn beside(path: &Path, prefix: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!("{prefix}{name}"))
}

/// A new file readable as any other file its user creates (the umask decides, not 0600).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// `e` naming the file it is about, in words (the officer closes that file and runs again).
fn named(e: std::io::Error, path: &Path) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("tệp \"{}\": {}", path.display(), crate::files::io_text(&e)))
}

fn remove(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else {
        let _ = std::fs::remove_file(path);
    }
}

impl OutputSet {
    pub fn file(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.items.push((path, Item::File(bytes)));
    }

    /// A folder replaced whole, and beside it the list of what tonghop wrote into it (the next
    /// run keeps what is not on it: the officer's own files).
    pub fn folder(&mut self, path: PathBuf, files: Vec<(String, Vec<u8>)>) {
        let list = manifest(&files).into_bytes();
        self.items.push((manifest_of(&path), Item::File(list)));
        self.items.push((path, Item::Folder(files)));
    }

    /// Writes the set. On `Err`, every destination is as it was before.
    /// Returns the files of the officer's own that were found in a folder the set replaces and
    /// kept in the new one (their names there).
    pub fn commit(self) -> std::io::Result<Vec<PathBuf>> {
        let mut staged: Vec<PathBuf> = Vec::new();
        let kept = match self.stage(&mut staged) {
            Ok(kept) => kept,
            Err(e) => {
                for p in &staged {
                    remove(p);
                }
                return Err(e);
            }
        };

        // The crash test kills the process here: all written, nothing replaced yet.
        if std::env::var(HISTORY_FAULT_ENV).as_deref() == Ok("abort-before-rename") {
            std::process::abort();
        }

        if let Err(e) = self.place() {
            for p in &staged {
                remove(p);
            }
            return Err(e);
        }
        Ok(kept)
    }

    /// Writes every item beside its destination (`…NEW`), recording each temporary path in
    /// `staged` as it is made; returns the officer's files kept in replaced folders.
    fn stage(&self, staged: &mut Vec<PathBuf>) -> std::io::Result<Vec<PathBuf>> {
        let mut written = 0usize;
        let mut kept: Vec<PathBuf> = Vec::new();
        for (dest, item) in &self.items {
            let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir).map_err(|e| named(e, dir))?;
            let tmp = beside(dest, NEW);
            remove(&tmp); // left by a run that was killed
            staged.push(tmp.clone());
            match item {
                Item::File(bytes) => {
                    fault("write-fail-after", written).map_err(|e| named(e, dest))?;
                    write_new(&tmp, bytes).map_err(|e| named(e, dest))?;
                    written += 1;
                }
                Item::Folder(files) => {
                    std::fs::create_dir(&tmp).map_err(|e| named(e, dest))?;
                    for (name, bytes) in files {
                        fault("write-fail-after", written).map_err(|e| named(e, &dest.join(name)))?;
                        write_new(&tmp.join(name), bytes).map_err(|e| named(e, &dest.join(name)))?;
                        written += 1;
                    }
                    kept.extend(keep_officers_files(dest, &tmp, files)?);
                }
            }
        }
        Ok(kept)
    }

    /// Into place: the previous output moved aside, the new one renamed in; on a failure every
    /// step is undone, the previous outputs back where they were.
    fn place(&self) -> std::io::Result<()> {
        // Each entry: destination, where its previous version went, whether the new one is in.
        let mut placed: Vec<(PathBuf, Option<PathBuf>, bool)> = Vec::new();
        let mut failure = None;
        for (renames, (dest, _)) in self.items.iter().enumerate() {
            let old = beside(dest, OLD);
            remove(&old);
            if dest.exists() {
                if let Err(e) = std::fs::rename(dest, &old) {
                    failure = Some(named(e, dest));
                    break;
                }
                placed.push((dest.clone(), Some(old), false));
            } else {
                placed.push((dest.clone(), None, false));
            }
            if let Err(e) = fault("rename-fail-after", renames).and_then(|_| std::fs::rename(beside(dest, NEW), dest)) {
                failure = Some(named(e, dest));
                break;
            }
            if let Some(last) = placed.last_mut() {
                last.2 = true;
            }
        }
        if let Some(e) = failure {
            for (dest, backup, new_in) in placed.iter().rev() {
                if *new_in {
                    remove(dest);
                }
                if let Some(b) = backup {
                    let _ = std::fs::rename(b, dest);
                }
            }
            return Err(e);
        }
        for (_, backup, _) in placed {
            if let Some(b) = backup {
                remove(&b);
            }
        }
        Ok(())
    }
}

/// The list of what tonghop wrote into a folder it replaces whole, kept beside the folder
/// (`.tonghop-danh-sach-tra-lai`), so that the next run tells its own files from the officer's:
/// one line per file, its content's hash and its name.
fn manifest_of(folder: &Path) -> PathBuf {
    beside(folder, ".tonghop-danh-sach-")
}

fn manifest(files: &[(String, Vec<u8>)]) -> String {
    files.iter().map(|(name, bytes)| format!("{:016x} {name}\n", fnv(bytes))).collect()
}

use crate::files::fnv;

/// Puts into the new folder `tmp` every entry of the folder `dest` it replaces that tonghop did
/// not write as it is: a note the officer added, a form they edited, a folder of theirs. An
/// entry whose name the new folder also has is kept as "<tên>-da-sua.<đuôi>" (like the Word
/// report). Entries are linked, not moved, so that a failed run leaves `dest` as it was.
/// A folder written before the list existed: its .xlsx and .txt files are taken as tonghop's.
fn keep_officers_files(dest: &Path, tmp: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<Vec<PathBuf>> {
    let Ok(entries) = std::fs::read_dir(dest) else { return Ok(Vec::new()) };
    let listed: Option<std::collections::HashMap<String, u64>> =
        crate::files::read_text_bounded(&manifest_of(dest), 1 << 20).ok().map(|text| {
            text.lines()
                .filter_map(|l| l.split_once(' '))
                .filter_map(|(h, name)| Some((name.to_string(), u64::from_str_radix(h, 16).ok()?)))
                .collect()
        });
    let mut names: Vec<std::ffi::OsString> = entries.filter_map(|e| e.ok().map(|e| e.file_name())).collect();
    names.sort();
    let mut kept = Vec::new();
    for os_name in names {
        let name = os_name.to_string_lossy().into_owned();
        let path = dest.join(&os_name);
        if name.starts_with(NEW) || name.starts_with(OLD) {
            continue;
        }
        let meta = std::fs::symlink_metadata(&path)?;
        let ours = match &listed {
            Some(list) => {
                meta.is_file()
                    && list.get(&name).is_some_and(|h| {
                        crate::files::read_bounded(&path, meta.len().max(1)).is_ok_and(|b| fnv(&b) == *h)
                    })
            }
            None => meta.is_file() && (name.ends_with(".xlsx") || name.ends_with(".txt")),
        };
        if ours {
            continue;
        }
        let mut target = tmp.join(&os_name);
        if files.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) || target.exists() {
            let p = Path::new(&name);
            let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let ext = p.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
            target = (1..)
                .map(|n| {
                    let suffix = if n == 1 { String::new() } else { format!("-{n}") };
                    tmp.join(format!("{stem}-da-sua{suffix}{ext}"))
                })
                .find(|t| !t.exists())
                .unwrap_or(target);
        }
        link_tree(&path, &target)?;
        kept.push(dest.join(target.file_name().unwrap_or_default()));
    }
    Ok(kept)
}

/// `to` as a copy of `from` (a file, a link, a folder and everything in it): hard links where
/// the file system has them, copies where not.
fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(from)?;
    if meta.is_dir() {
        std::fs::create_dir(to)?;
        for e in std::fs::read_dir(from)? {
            let e = e?;
            link_tree(&e.path(), &to.join(e.file_name()))?;
        }
        return Ok(());
    }
    if meta.file_type().is_symlink() {
        #[cfg(unix)]
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
    }
    if meta.is_file() {
        return std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ()));
    }
    // A pipe or a device in the folder: not the officer's work; left out.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(dir: &Path, tag: &str) -> OutputSet {
        let mut s = OutputSet::default();
        s.file(dir.join("a.pdf"), format!("pdf {tag}").into_bytes());
        s.folder(dir.join("per"), vec![("x.txt".into(), tag.as_bytes().to_vec())]);
        s.file(dir.join("a.json"), format!("json {tag}").into_bytes());
        s
    }

    #[test]
    fn a_set_replaces_the_previous_one_whole() {
        let d = tempfile::tempdir().unwrap();
        set(d.path(), "1").commit().unwrap();
        set(d.path(), "2").commit().unwrap();
        assert_eq!(std::fs::read(d.path().join("a.json")).unwrap(), b"json 2");
        assert_eq!(std::fs::read(d.path().join("per/x.txt")).unwrap(), b"2");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 4, "no temporary left");
    }

    #[test]
    fn the_officers_files_in_a_replaced_folder_are_kept() {
        let d = tempfile::tempdir().unwrap();
        set(d.path(), "1").commit().unwrap();
        let per = d.path().join("per");
        std::fs::write(per.join("ghi-chu.txt.md"), "đã gọi điện").unwrap();
        std::fs::write(per.join("x.txt"), "sửa tay").unwrap();
        std::fs::create_dir(per.join("da-gui")).unwrap();
        std::fs::write(per.join("da-gui/a.xlsx"), "gửi rồi").unwrap();
        let kept = set(d.path(), "2").commit().unwrap();
        assert_eq!(std::fs::read(per.join("x.txt")).unwrap(), b"2");
        assert_eq!(std::fs::read_to_string(per.join("x-da-sua.txt")).unwrap(), "sửa tay");
        assert_eq!(std::fs::read_to_string(per.join("ghi-chu.txt.md")).unwrap(), "đã gọi điện");
        assert_eq!(std::fs::read_to_string(per.join("da-gui/a.xlsx")).unwrap(), "gửi rồi");
        assert_eq!(kept.len(), 3, "{kept:?}");
        // A third run keeps them again, and adds no copy of what it wrote itself.
        let kept = set(d.path(), "3").commit().unwrap();
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert_eq!(std::fs::read(per.join("x.txt")).unwrap(), b"3");
    }

    // The fault hooks are read from the environment, which unit tests share: the failing paths
    // are tested through the binary in tests/hardening.rs.
}
