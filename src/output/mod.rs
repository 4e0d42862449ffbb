//! Naming and writing what a run produces: the PDF and the list of problems per agency.
//!
//! Every file is written to a temporary file in the same folder and renamed into place, so a
//! reader (or a crash) never sees half a file.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

pub mod set;
pub mod workbook;
pub mod xlsx;

use serde::Serialize;

use crate::aggregate::Figures;
use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::model::Intake;
use crate::plan::Plan;

/// Writes `bytes` to `path` atomically: temp file beside it, flushed, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, bytes, || {})
}

/// [`write_atomic`], calling `before_rename` once the temporary file is complete (the crash
/// test kills the process there).
pub fn write_atomic_with(path: &Path, bytes: &[u8], before_rename: impl FnOnce()) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    // Readable as any other new file of the user (the umask decides), not owner-only.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tonghop-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    before_rename();
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Paths of a run's outputs.
pub struct OutputPaths {
    pub pdf: PathBuf,
    pub docx: PathBuf,
    pub workbook: PathBuf,
    pub json: PathBuf,
    pub problems: PathBuf,
}

impl OutputPaths {
    pub fn new(dir: &Path, name: &str) -> Self {
        OutputPaths {
            pdf: dir.join(format!("{name}.pdf")),
            docx: dir.join(format!("{name}.docx")),
            workbook: dir.join(format!("{name}.xlsx")),
            json: dir.join(format!("{name}.json")),
            problems: dir.join(format!("{name}-danh-sach-loi.txt")),
        }
    }
}

/// Where to keep the Word report at `path` before a run replaces it, when someone has edited
/// it since tonghop wrote it: `<name>-da-sua.docx` (then `-da-sua-2` …, the first free name).
/// An edit is told by the document properties: Word and LibreOffice rewrite them on every save,
/// tonghop writes the same ones each time (`fresh` is the file about to be written). `None`
/// when there is nothing to keep: no file, or one as tonghop wrote it.
pub fn edited_docx(path: &Path, fresh: &[u8]) -> Option<(PathBuf, Vec<u8>)> {
    // What is there must be a file within its budget: a pipe or a device in its place is not
    // read (and not a Word report anyone edited).
    let existing = crate::files::read_bounded(path, crate::files::DOCX_BYTES).ok()?;
    let props = |bytes: &[u8]| -> Option<Vec<Vec<u8>>> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
        ["docProps/core.xml", "docProps/app.xml"]
            .iter()
            .map(|name| crate::files::read_at_most(zip.by_name(name).ok()?, 1 << 20))
            .collect()
    };
    if existing == fresh || (props(&existing).is_some() && props(&existing) == props(fresh)) {
        return None;
    }
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    (1..)
        .map(|n| {
            let suffix = if n == 1 { String::new() } else { format!("-{n}") };
            path.with_file_name(format!("{stem}-da-sua{suffix}.docx"))
        })
        .find(|p| !p.exists() && std::fs::symlink_metadata(p).is_err())
        .map(|p| (p, existing))
}

/// The machine-readable figures (`output/<name>.json`), documented in the README.
#[derive(Serialize)]
pub struct FiguresJson<'a> {
    /// Version of this layout; bumped when a field changes meaning.
    pub format: u32,
    pub plan: &'a str,
    pub plan_title: &'a str,
    pub cycle: CycleJson,
    pub document_number: String,
    pub files_read: usize,
    pub errors: usize,
    pub warnings: usize,
    pub figures: &'a Figures,
    pub diagnostics: &'a [Diagnostic],
    /// What the reports hold besides the plan's figures: tasks of the senders' own, rows set
    /// aside, supplements merged. Only agencies with any.
    pub beyond_plan: Vec<BeyondPlanJson<'a>>,
}

/// One agency's rows that are not plan figures.
#[derive(Serialize)]
pub struct BeyondPlanJson<'a> {
    pub agency: &'a str,
    pub file: &'a str,
    pub own_tasks: &'a [crate::model::OwnTask],
    pub set_aside: &'a [crate::model::SetAside],
    pub supplements: &'a [String],
}

#[derive(Serialize)]
pub struct CycleJson {
    pub year: i32,
    /// Which period of the year, from 1, in the order of the plan's deadlines.
    pub period: u32,
    /// How many periods the plan has in a year: 1, 2, 4 or 12.
    pub periods_per_year: u32,
    pub label: String,
}

/// The JSON text of a run's figures.
pub fn figures_json(plan: &Plan, config: &Config, figures: &Figures, intake: &Intake) -> serde_json::Result<String> {
    serde_json::to_string_pretty(&FiguresJson {
        format: 2,
        plan: &plan.meta.id,
        plan_title: &plan.meta.title,
        cycle: CycleJson {
            year: figures.period.year,
            period: figures.period.index,
            periods_per_year: figures.period.frequency.periods(),
            label: figures.period.label(),
        },
        document_number: config.document_code().replace('\u{a0}', ""),
        files_read: intake.files_found,
        errors: intake.errors(),
        warnings: intake.warnings(),
        figures,
        diagnostics: &intake.diagnostics,
        beyond_plan: intake
            .submissions
            .iter()
            .filter(|s| !s.own_tasks.is_empty() || !s.set_aside.is_empty() || !s.supplements.is_empty())
            .map(|s| BeyondPlanJson {
                agency: &s.agency,
                file: &s.file,
                own_tasks: &s.own_tasks,
                set_aside: &s.set_aside,
                supplements: &s.supplements,
            })
            .collect(),
    })
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
        let summary: Vec<String> =
            counts_by_code(diags).iter().map(|(c, n)| format!("{}: {n}", crate::diag::label(c))).collect();
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

/// One text per agency with problems (file name, content), to send back to that agency as it is.
/// Problems whose agency is unknown go to "Không xác định được cơ quan.txt".
pub fn problems_per_agency(plan: &Plan, intake: &Intake, cycle_label: &str) -> Vec<(String, String)> {
    // These texts go to the agencies: what only the officer can settle is on the officer's list.
    let mut groups: BTreeMap<Option<&str>, Vec<&Diagnostic>> = BTreeMap::new();
    for d in intake.diagnostics.iter().filter(|d| !crate::validate::OFFICER_ONLY.contains(&d.code)) {
        groups.entry(d.agency.as_deref()).or_default().push(d);
    }
    let mut taken = std::collections::BTreeSet::new();
    groups
        .into_iter()
        .map(|(agency, diags)| {
            let name = agency.map(|a| plan.registry.name(a)).unwrap_or("Không xác định được cơ quan");
            let mut text = String::from("\u{feff}"); // a BOM, so that every Notepad reads UTF-8
            text.push_str(&format!("DANH SÁCH SAI SÓT TRONG BÁO CÁO CỦA {}\r\n", name.to_uppercase()));
            text.push_str(&format!("Kỳ báo cáo: {cycle_label}\r\n"));
            let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
            text.push_str(&format!("{} lỗi, {} cảnh báo.\r\n\r\n", errors, diags.len() - errors));
            for (i, d) in diags.iter().enumerate() {
                text.push_str(&format!("{}. {}\r\n\r\n", i + 1, d.to_string().replace('\n', "\r\n")));
            }
            if errors > 0 {
                text.push_str("Đề nghị sửa các lỗi trên trong tệp báo cáo và gửi lại.\r\n");
            }
            (crate::fit::file_name(name, "txt", &mut taken), text)
        })
        .collect()
}

/// What the check found, as section I says it: the files an agency has to correct (each gets a
/// return form), and the agencies that sent more than one file (the officer's to settle).
pub fn check_summary(intake: &Intake) -> crate::render::model::CheckSummary {
    use std::collections::BTreeSet;
    let to_fix: Vec<&Diagnostic> =
        intake.diagnostics.iter().filter(|d| !crate::validate::OFFICER_ONLY.contains(&d.code)).collect();
    let files: BTreeSet<&str> = to_fix.iter().map(|d| d.location.file.as_str()).collect();
    // A file no agency could be told for is its own sender.
    let senders: BTreeSet<&str> =
        to_fix.iter().map(|d| d.agency.as_deref().unwrap_or(d.location.file.as_str())).collect();
    let duplicated: BTreeSet<&str> =
        intake.diagnostics.iter().filter(|d| d.code == "duplicate-file").filter_map(|d| d.agency.as_deref()).collect();
    crate::render::model::CheckSummary {
        files_to_fix: files.len(),
        senders_to_fix: senders.len(),
        agencies_with_several_files: duplicated.len(),
    }
}
