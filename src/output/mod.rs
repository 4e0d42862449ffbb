//! Naming and writing what a run produces: the PDF and the list of problems per agency.
//!
//! Every file is written to a temporary file in the same folder and renamed into place, so a
//! reader (or a crash) never sees half a file.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Severity};
use crate::model::Intake;
use crate::plan::Plan;

/// Writes `bytes` to `path` atomically: temp file beside it, flushed, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tonghop-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Paths of a run's outputs.
pub struct OutputPaths {
    pub pdf: PathBuf,
    pub problems: PathBuf,
}

impl OutputPaths {
    pub fn new(dir: &Path, name: &str) -> Self {
        OutputPaths {
            pdf: dir.join(format!("{name}.pdf")),
            problems: dir.join(format!("{name}-danh-sach-loi.txt")),
        }
    }
}

/// Counts per diagnostic code, most frequent first.
pub fn counts_by_code(diags: &[&Diagnostic]) -> Vec<(&'static str, usize)> {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for d in diags {
        *counts.entry(d.code).or_default() += 1;
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

/// The problems of a run, grouped by agency then file, as text the officer can send back.
pub fn problems_text(plan: &Plan, intake: &Intake) -> String {
    let mut out = String::new();
    out.push_str("DANH SÁCH SAI SÓT TRONG CÁC TỆP BÁO CÁO\n");
    out.push_str(&format!(
        "Tổng số: {} lỗi, {} cảnh báo trong {} tệp.\n\n",
        intake.errors(),
        intake.warnings(),
        intake.files_found
    ));
    let mut groups: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &intake.diagnostics {
        let key = match &d.agency {
            Some(a) => plan.registry.name(a).to_string(),
            None => "Không xác định được cơ quan".to_string(),
        };
        groups.entry(key).or_default().push(d);
    }
    for (agency, diags) in &groups {
        out.push_str(&format!("== {agency} ==\n"));
        let summary: Vec<String> = counts_by_code(diags)
            .iter()
            .map(|(c, n)| format!("{c}: {n}"))
            .collect();
        out.push_str(&format!("({})\n", summary.join(", ")));
        for d in diags {
            out.push_str(&format!("{d}\n"));
        }
        out.push('\n');
    }
    if !intake.skipped.is_empty() {
        out.push_str("== Tệp không đọc (không phải tệp báo cáo) ==\n");
        for (file, reason) in &intake.skipped {
            out.push_str(&format!("{file}: {reason}\n"));
        }
    }
    out
}

/// Number of files with at least one problem.
pub fn files_with_problems(intake: &Intake) -> usize {
    let mut files: Vec<&str> = intake
        .diagnostics
        .iter()
        .filter(|d| d.severity <= Severity::Warning)
        .map(|d| d.location.file.as_str())
        .collect();
    files.sort();
    files.dedup();
    files.len()
}
