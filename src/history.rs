//! The history store: each run keeps its cycle's figures under the workspace
//! (`lich-su/<plan>/<year>-<period>.parquet`), so the next cycle's report can say what changed.
//!
//! Re-running a cycle replaces its own record; a record is written to a temporary file and
//! renamed into place, so a crash mid-write leaves the previous record intact.

use std::path::{Path, PathBuf};

use crate::aggregate::{decode_snapshot, encode_snapshot, Snapshot};

/// Set to "abort-before-rename" to kill the process after the temporary file is written and
/// before it replaces the record: the crash test uses it to prove the store survives.
pub use crate::output::set::HISTORY_FAULT_ENV as FAULT_ENV;

/// The records of one plan.
pub struct Store {
    dir: PathBuf,
}

/// A stored cycle that could not be read, said in Vietnamese.
#[derive(Debug)]
pub struct Unreadable(pub String);

impl Store {
    pub fn new(root: &Path, plan_id: &str) -> Store {
        Store { dir: root.join(plan_id) }
    }

    fn path(&self, year: i32, period: u32) -> PathBuf {
        self.dir.join(format!("{year}-{period}.parquet"))
    }

    /// Cycles stored, oldest first.
    pub fn cycles(&self) -> Vec<(i32, u32)> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut cycles: Vec<(i32, u32)> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let stem = name.strip_suffix(".parquet").filter(|_| !name.starts_with('.'))?;
                let (y, h) = stem.split_once('-')?;
                Some((y.parse().ok()?, h.parse().ok()?))
            })
            .collect();
        cycles.sort();
        cycles
    }

    /// The latest stored cycle before (`year`, `period`), if any. Unless `sample` (a run on
    /// sample data, comparing practice with practice), a record of sample data is passed over:
    /// real figures are never compared with nor pre-filled from it.
    pub fn previous(&self, year: i32, period: u32, sample: bool) -> Result<Option<Snapshot>, Unreadable> {
        for &(y, h) in self.cycles().iter().rev().filter(|c| **c < (year, period)) {
            let path = self.path(y, h);
            let bytes = crate::files::read_bounded(&path, crate::files::HISTORY_BYTES)
                .map_err(|e| Unreadable(format!("không đọc được {}: {e}", path.display())))?;
            let s = decode_snapshot(&bytes)
                .map_err(|e| Unreadable(format!("tệp lịch sử {} bị hỏng: {e}", path.display())))?;
            if sample || !s.sample {
                return Ok(Some(s));
            }
        }
        Ok(None)
    }

    /// The stored record of exactly this cycle.
    pub fn load(&self, year: i32, period: u32) -> Result<Option<Snapshot>, Unreadable> {
        let path = self.path(year, period);
        if !path.exists() {
            return Ok(None);
        }
        let bytes = crate::files::read_bounded(&path, crate::files::HISTORY_BYTES)
            .map_err(|e| Unreadable(format!("không đọc được {}: {e}", path.display())))?;
        decode_snapshot(&bytes)
            .map(Some)
            .map_err(|e| Unreadable(format!("tệp lịch sử {} bị hỏng: {e}", path.display())))
    }

    /// Where `s` is stored and its bytes, for a caller that writes it with other files as one set.
    pub fn record(&self, s: &Snapshot) -> anyhow::Result<(PathBuf, Vec<u8>)> {
        Ok((self.path(s.year, s.period), encode_snapshot(s)?))
    }

    /// Stores `s` as its cycle's record, replacing an earlier record of the same cycle.
    pub fn save(&self, s: &Snapshot) -> anyhow::Result<PathBuf> {
        let bytes = encode_snapshot(s)?;
        let path = self.path(s.year, s.period);
        crate::output::write_atomic_with(&path, &bytes, || {
            if std::env::var(FAULT_ENV).as_deref() == Ok("abort-before-rename") {
                std::process::abort();
            }
        })?;
        Ok(path)
    }
}
