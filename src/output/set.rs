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

    pub fn folder(&mut self, path: PathBuf, files: Vec<(String, Vec<u8>)>) {
        self.items.push((path, Item::Folder(files)));
    }

    /// Writes the set. On `Err`, every destination is as it was before.
    pub fn commit(self) -> std::io::Result<()> {
        let mut written = 0usize;
        let mut staged: Vec<PathBuf> = Vec::new();
        let stage = |staged: &mut Vec<PathBuf>, written: &mut usize| -> std::io::Result<()> {
            for (dest, item) in &self.items {
                let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
                std::fs::create_dir_all(dir)?;
                let tmp = beside(dest, NEW);
                remove(&tmp); // left by a run that was killed
                staged.push(tmp.clone());
                match item {
                    Item::File(bytes) => {
                        fault("write-fail-after", *written)?;
                        write_new(&tmp, bytes)?;
                        *written += 1;
                    }
                    Item::Folder(files) => {
                        std::fs::create_dir(&tmp)?;
                        for (name, bytes) in files {
                            fault("write-fail-after", *written)?;
                            write_new(&tmp.join(name), bytes)?;
                            *written += 1;
                        }
                    }
                }
            }
            Ok(())
        };
        if let Err(e) = stage(&mut staged, &mut written) {
            for p in &staged {
                remove(p);
            }
            return Err(e);
        }

        // The crash test kills the process here: all written, nothing replaced yet.
        if std::env::var(crate::history::FAULT_ENV).as_deref() == Ok("abort-before-rename") {
            std::process::abort();
        }

        // Into place: the previous output moved aside, the new one renamed in; undone on failure.
        // Each entry: destination, where its previous version went, whether the new one is in.
        let mut placed: Vec<(PathBuf, Option<PathBuf>, bool)> = Vec::new();
        let mut failure = None;
        for (renames, (dest, _)) in self.items.iter().enumerate() {
            let old = beside(dest, OLD);
            remove(&old);
            if dest.exists() {
                if let Err(e) = std::fs::rename(dest, &old) {
                    failure = Some(e);
                    break;
                }
                placed.push((dest.clone(), Some(old), false));
            } else {
                placed.push((dest.clone(), None, false));
            }
            if let Err(e) = fault("rename-fail-after", renames).and_then(|_| std::fs::rename(beside(dest, NEW), dest)) {
                failure = Some(e);
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
            for p in &staged {
                remove(p);
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
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 3, "no temporary left");
    }

    // The fault hooks are read from the environment, which unit tests share: the failing paths
    // are tested through the binary in tests/hardening.rs.
}
