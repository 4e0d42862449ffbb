//! One run at a time per workspace and per output folder.
//!
//! Two runs writing one output folder would mix their files (the PDF of one beside the JSON and
//! history record of the other), and each would trip over the other's temporary files. So a
//! command that writes takes a lock on a file in the workspace and in its output folder, held
//! for as long as it runs. The lock is the operating system's (`File::try_lock`): a run that is
//! killed, or a machine that loses power, leaves no lock behind, only the empty lock file, which
//! the next run takes again.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// The lock file's name, in the workspace and in the output folder.
pub const LOCK_FILE: &str = ".tonghop-dang-chay";

/// Held locks; released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct RunLock {
    _files: Vec<File>,
}

/// Locks every folder of `dirs` (created when missing), or says in Vietnamese which one another
/// run holds.
pub fn acquire(dirs: &[&Path]) -> anyhow::Result<RunLock> {
    let mut files = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        let real = crate::config::resolved(dir);
        if seen.contains(&real) {
            continue;
        }
        seen.push(real);
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("không tạo được thư mục \"{}\": {e}", dir.display()))?;
        let path = dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| anyhow::anyhow!("không tạo được tệp khóa \"{}\": {e}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                anyhow::bail!(
                    "đang có một lần chạy khác của tonghop trên thư mục \"{}\"; hãy đợi lần chạy đó xong \
                     rồi chạy lại (mỗi lúc chỉ một lần chạy ghi vào một thư mục)",
                    dir.display()
                );
            }
            Err(TryLockError::Error(e)) => {
                anyhow::bail!("không khóa được tệp \"{}\": {e}", path.display());
            }
        }
        // Nothing is written into it: a run that fails must leave the folder as it found it.
        files.push(file);
    }
    Ok(RunLock { _files: files })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_a_folder_is_refused_until_the_first_is_dropped() {
        let d = tempfile::tempdir().unwrap();
        let first = acquire(&[d.path()]).unwrap();
        let err = acquire(&[d.path()]).unwrap_err().to_string();
        assert!(err.contains("đang có một lần chạy khác"), "{err}");
        drop(first);
        assert!(acquire(&[d.path(), d.path()]).is_ok());
    }
}
