//! The pipeline as a library: from a workspace (config + plan) and its folders to typed results
//! (the intake, the submission register, the figures, the files written), as mdBook's
//! `MDBook::build` is to its command line. Nothing here prints: progress goes through
//! [`Progress`], which the command line implements with a progress bar; the commands in `cmd`
//! only drive these calls and say what the results hold. Tests and the benchmark call these.

mod forms;
mod remind;
mod run;

pub use forms::{forms, Forms, FormsRequest};
pub use remind::{letter_name, remind, Reminder};
pub use run::{report_model, run, Run};

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::Context;

use crate::config::Config;
use crate::ingest::discover;
use crate::ingest::isolate::read_all;
use crate::model::Intake;
use crate::plan::{load_plan, Period, Plan};
use crate::register::Register;
use crate::validate::{check_file, settle};

/// A stage of the pipeline after reading, as reported to [`Progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Aggregating,
    /// Laying out the report; `docx`: the Word document too.
    Rendering {
        docx: bool,
    },
    Writing,
}

/// What the pipeline says as it goes. Every method does nothing by default ([`Silent`]).
pub trait Progress: Sync {
    /// Reading is about to start on `files` workbooks.
    fn reading(&self, _files: usize) {}
    /// One more workbook read and checked (called from the reading threads).
    fn file_read(&self) {}
    fn stage(&self, _stage: Stage) {}
}

/// Progress that says nothing: for tests, the benchmark and `--quiet`.
pub struct Silent;

impl Progress for Silent {}

/// The intake of a folder and its register: what `check` reports.
pub struct Checked {
    pub intake: Intake,
    pub register: Register,
}

/// Reads and checks `input` (nothing under `exclude` is read) and settles its register; an
/// input folder without a workbook is an error saying what it holds.
pub fn check(ws: &Workspace, input: &Path, exclude: &[PathBuf], progress: &dyn Progress) -> anyhow::Result<Checked> {
    let intake = read_input(ws, input, exclude, progress, &mut Timings::default())?;
    require_workbooks(input, &intake)?;
    let register = ws.register(&intake);
    Ok(Checked { intake, register })
}

/// Config and plan, loaded once, and the period of the plan the config names.
pub struct Workspace {
    pub config: Config,
    pub plan: Plan,
    pub period: Period,
}

/// The plan a config names: a shipped plan by its name, or a plan file of the workspace.
pub fn plan_of(config: &Config) -> Result<Plan, crate::plan::PlanError> {
    match config.shipped_plan_name() {
        Some(name) => crate::plan::shipped_plan(name).unwrap_or_else(|| {
            let known: Vec<&str> = crate::plan::shipped_plans().collect();
            Err(crate::plan::PlanError::Invalid {
                path: crate::config::CONFIG_FILE.to_string(),
                message: format!(
                    "paths.plan = \"{name}\": không có kế hoạch có sẵn tên này; các kế hoạch có sẵn: {}; \
                     hoặc ghi đường dẫn tới tệp kế hoạch .toml trong thư mục làm việc",
                    known.join(", ")
                ),
            })
        }),
        None => load_plan(&config.plan_path()),
    }
}

/// The plan `ke-hoach xem` was given: a plan file (as given, or under the workspace), else a
/// shipped plan by its name; an error naming the shipped plans when it is neither.
pub fn plan_named(root: &Path, given: &Path) -> Result<Plan, crate::plan::PlanError> {
    if given.is_file() {
        return load_plan(given);
    }
    if given.is_absolute() || root.join(given).is_file() {
        return load_plan(&root.join(given));
    }
    let name = given.display().to_string();
    crate::plan::shipped_plan(&name).unwrap_or_else(|| {
        Err(crate::plan::PlanError::Invalid {
            path: name.clone(),
            message: format!(
                "không có tệp này, cũng không có kế hoạch có sẵn tên này (các kế hoạch có sẵn: {})",
                crate::plan::shipped_plans().collect::<Vec<_>>().join(", ")
            ),
        })
    })
}

impl Workspace {
    pub fn load(root: &Path, config_file: Option<&Path>) -> anyhow::Result<Workspace> {
        let config = Config::load(root, config_file)?;
        let plan = plan_of(&config)?;
        let period = plan.period(config.cycle.year, config.cycle.period).map_err(|message| {
            let path = config_file.map(Path::to_path_buf).unwrap_or_else(|| root.join(crate::config::CONFIG_FILE));
            anyhow::anyhow!("tệp cấu hình {}: {message}", path.display())
        })?;
        Ok(Workspace { config, plan, period })
    }

    /// The dates a file of this cycle can plausibly hold.
    pub fn date_window(&self) -> crate::validate::DateWindow {
        crate::validate::DateWindow::around(self.config.cycle.year)
            .with_document_date(self.config.report.date)
            .with_period(&self.plan, self.period)
    }

    pub fn cycle_deadline(&self) -> Option<chrono::NaiveDate> {
        self.plan.deadline(&self.period)
    }

    /// The reminder letter's date and the date it asks reports and corrections by (the return
    /// forms say the same): from `[reminder]`, else the day after the cycle's deadline and three
    /// days after that. Never the clock.
    pub fn reminder_dates(&self) -> (chrono::NaiveDate, chrono::NaiveDate) {
        let r = &self.config.reminder;
        let date = r
            .date
            .unwrap_or_else(|| self.cycle_deadline().and_then(|d| d.succ_opt()).unwrap_or(self.config.report.date));
        let by = r.deadline.unwrap_or_else(|| date + chrono::Days::new(3));
        (date, by)
    }

    /// The register of an intake of this cycle.
    pub fn register(&self, intake: &Intake) -> Register {
        Register::of(&self.plan, intake, self.cycle_deadline())
    }

    /// The cycle being reported on, with its dates.
    pub fn cycle(&self) -> crate::aggregate::Cycle {
        crate::aggregate::Cycle {
            period: self.period,
            report_date: self.config.report.date,
            cycle_deadline: self.cycle_deadline(),
            next_deadline: self.plan.deadline(&self.period.next()),
        }
    }
}

/// Seconds spent in each stage, for the summary and the benchmark.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub discover: f64,
    pub read: f64,
    pub validate: f64,
    pub aggregate: f64,
    pub render: f64,
    /// Writing the Word document (in memory), measured apart from the PDF's `render`.
    pub docx: f64,
    /// Making the return forms (part of `write` in the summary's terms, measured on its own).
    pub returns: f64,
    pub write: f64,
}

/// Finds, reads (in parallel, in worker processes when the binary enabled them) and checks every
/// workbook of `input`. Nothing under `exclude` (the output folder) is read.
pub fn read_input(
    ws: &Workspace,
    input: &Path,
    exclude: &[PathBuf],
    progress: &dyn Progress,
    timings: &mut Timings,
) -> anyhow::Result<Intake> {
    let t = Instant::now();
    if !input.is_dir() {
        anyhow::bail!(
            "không tìm thấy thư mục dữ liệu vào \"{}\"; hãy tạo thư mục này và chép các tệp báo cáo của các cơ quan vào đó",
            input.display()
        );
    }
    let found = discover(input, exclude).with_context(|| format!("không đọc được thư mục \"{}\"", input.display()))?;
    timings.discover = t.elapsed().as_secs_f64();

    // Each file is checked as soon as it is read, so only its checked records are kept, never
    // all the cell grids at once. The wall time of this phase is split between "read" and
    // "validate" in proportion to the time spent in each.
    let t = Instant::now();
    progress.reading(found.workbooks.len());
    let spent_check = AtomicU64::new(0);
    let window = ws.date_window();
    let outcomes = read_all(&found.workbooks, |i, r| {
        let t0 = Instant::now();
        let o = check_file(&ws.plan, &found.workbooks[i].rel, r, window);
        spent_check.fetch_add(t0.elapsed().as_nanos() as u64, Ordering::Relaxed);
        progress.file_read();
        o
    });
    let parallel = t.elapsed().as_secs_f64();
    let threads = rayon::current_num_threads().max(1) as f64;
    let check = (spent_check.into_inner() as f64 / 1e9 / threads).min(parallel);
    timings.read = parallel - check;

    let t = Instant::now();
    let mut intake = settle(&ws.plan, ws.cycle_deadline(), outcomes);
    intake.skipped = found.skipped.into_iter().map(|s| (s.file, s.reason)).collect();
    timings.validate = check + t.elapsed().as_secs_f64();
    Ok(intake)
}

/// `run` and `check` need a workbook to read: none is an error saying what `input` holds and
/// what was expected (exit 2), never a report of 0 agencies. (`nhac` writes to every agency.)
pub fn require_workbooks(input: &Path, intake: &Intake) -> anyhow::Result<()> {
    if intake.files_found == 0 {
        anyhow::bail!("{}", nothing_to_read(input, &intake.skipped));
    }
    Ok(())
}

/// What to say when `input` holds no workbook at all: what it holds, what was expected.
fn nothing_to_read(input: &Path, skipped: &[(String, String)]) -> String {
    let mut text = if skipped.is_empty() {
        format!("thư mục dữ liệu vào \"{}\" trống", input.display())
    } else {
        let shown: Vec<&str> = skipped.iter().take(5).map(|(file, _)| file.as_str()).collect();
        let more = if skipped.len() > 5 { format!(" và {} tệp khác", skipped.len() - 5) } else { String::new() };
        format!(
            "thư mục dữ liệu vào \"{}\" không có tệp bảng tính nào; chỉ có {} tệp khác ({}{more})",
            input.display(),
            skipped.len(),
            shown.join(", ")
        )
    };
    text.push_str(
        ": không có gì để tổng hợp, chưa lập báo cáo. Hãy chép vào đó các tệp báo cáo Excel (.xlsx, .xls) \
         hoặc LibreOffice (.ods) các cơ quan gửi về, rồi chạy lại",
    );
    text
}

/// The input and output folders of a command (the command line's, else the config's), checked
/// against each other and the history folder.
pub fn folders(
    root: &Path,
    ws: &Workspace,
    input: Option<&PathBuf>,
    output: Option<&PathBuf>,
) -> anyhow::Result<(PathBuf, PathBuf)> {
    let input = folder(root, input, ws.config.input_dir());
    let output = folder(root, output, ws.config.output_dir());
    crate::config::check_folders(root, &input, &output, &ws.config.history_dir()).map_err(anyhow::Error::msg)?;
    Ok((input, output))
}

/// Resolves a folder given on the command line against the workspace, or the config's.
pub fn folder(root: &Path, given: Option<&PathBuf>, configured: PathBuf) -> PathBuf {
    match given {
        Some(p) if p.is_absolute() => p.clone(),
        Some(p) => root.join(p),
        None => configured,
    }
}
