//! `run`: the whole pipeline, from the input folder to the report and every output beside it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use super::{read_input, require_workbooks, Progress, Stage, Timings, Workspace};
use crate::aggregate::{aggregate, Figures, Snapshot};
use crate::history::{Store, Unreadable};
use crate::model::Intake;
use crate::output::set::OutputSet;
use crate::output::workbook::workbook_bytes;
use crate::output::{check_summary, edited_docx, figures_json, problems_per_agency, problems_text, OutputPaths};
use crate::register::Register;
use crate::render::{model, Renderer};
use crate::returns::{return_forms, ReturnSpec, RETURN_FOLDER};

/// What a run produced: the intake, its register and figures, and the files written.
pub struct Run {
    pub intake: Intake,
    pub register: Register,
    pub figures: Figures,
    /// Where the report, its Word copy, the problem list, the workbook and the JSON were written.
    pub paths: OutputPaths,
    /// The Word document, when the config asks for one.
    pub docx: Option<PathBuf>,
    pub pages: usize,
    /// Return forms written, and the folder they are in.
    pub return_forms: usize,
    pub returns_folder: PathBuf,
    /// What the officer should know about this run (history kept apart, an edited Word file kept,
    /// a file not written by tonghop left alone, the renderer's notes).
    pub notes: Vec<String>,
    pub timings: Timings,
}

impl Run {
    /// Whether the run found anything to look at: a problem in a file or an agency not reported.
    pub fn has_problems(&self) -> bool {
        !self.intake.diagnostics.is_empty() || self.register.reported() < self.register.expected()
    }
}

/// The report's words for these figures: what the template lays out (and what the model
/// snapshots of the tests pin down).
pub fn report_model(
    ws: &Workspace,
    intake: &Intake,
    figures: &Figures,
    fonts: Vec<String>,
) -> anyhow::Result<model::ReportModel> {
    Ok(model::build(&ws.plan, &ws.config, &ws.config.intro_paragraphs()?, figures, fonts, &check_summary(intake)))
}

/// The whole run: reads and checks `input`, aggregates, renders the report and writes every
/// output into `output` as one set (a run that fails leaves the previous run's outputs as they
/// were). Prints nothing.
pub fn run(
    ws: &Workspace,
    input: &Path,
    output: &Path,
    renderer: &Renderer,
    progress: &dyn Progress,
) -> anyhow::Result<Run> {
    let mut timings = Timings::default();
    let intake = read_input(ws, input, &[output.to_path_buf()], progress, &mut timings)?;
    require_workbooks(input, &intake)?;

    progress.stage(Stage::Aggregating);
    let t = Instant::now();
    let register = ws.register(&intake);
    let mut notes = Vec::new();
    let (history, why_apart) = history_dir(ws, &intake, input, output);
    if let Some(why) = why_apart {
        notes.push(format!(
            "{why}: số liệu kỳ này được lưu riêng vào \"{}\", không vào lịch sử của thư mục làm việc (\"{}\"); \
             báo cáo các kỳ thật không so sánh với số liệu này",
            history.display(),
            ws.config.history_dir().display()
        ));
    }
    let store = Store::new(&history, &ws.plan.meta.id);
    let previous = match store.previous(ws.period.year, ws.period.index, intake.has_sample_data()) {
        Ok(p) => p,
        Err(Unreadable(why)) => {
            notes.push(format!("không so sánh được với kỳ trước: {why}"));
            None
        }
    };
    let figures = aggregate(&ws.plan, &intake, &register, ws.cycle(), previous)?;
    timings.aggregate = t.elapsed().as_secs_f64();

    progress.stage(Stage::Rendering { docx: ws.config.report.docx });
    let t = Instant::now();
    let report = report_model(ws, &intake, &figures, renderer.families())?;
    let rendered = renderer.render(&report, ws.config.report.pdf_a)?;
    timings.render = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let docx = if ws.config.report.docx { Some(renderer.render_docx(&report)?) } else { None };
    timings.docx = t.elapsed().as_secs_f64();

    progress.stage(Stage::Writing);
    let t = Instant::now();
    // Everything is made in memory first, then written as one set: a run that fails leaves the
    // previous run's outputs (and history record) exactly as they were.
    let paths = OutputPaths::new(output, &ws.config.output_name(&ws.period));
    let mut set = OutputSet::default();
    set.file(paths.pdf.clone(), rendered.pdf);
    if let Some((keep, edited)) = docx.as_ref().and_then(|fresh| edited_docx(&paths.docx, fresh)) {
        // Someone edited last run's Word report: it is kept beside the new one, never lost.
        notes.push(format!(
            "tệp Word \"{}\" đã được sửa sau lần chạy trước; bản đã sửa được giữ lại thành \"{}\"",
            paths.docx.display(),
            keep.display()
        ));
        set.file(keep, edited);
    }
    let docx = docx.map(|bytes| {
        set.file(paths.docx.clone(), bytes);
        paths.docx.clone()
    });
    set.file(paths.problems.clone(), problems_text(&ws.plan, &intake).into_bytes());
    let per_agency = problems_per_agency(&ws.plan, &intake, &ws.period.label());
    set.folder(
        output.join("sai-sot-theo-co-quan"),
        per_agency.into_iter().map(|(file, text)| (file, text.into_bytes())).collect(),
    );
    let t_returns = Instant::now();
    let returns = ReturnSpec {
        plan: &ws.plan,
        cycle_label: ws.period.label(),
        deadline: ws.cycle_deadline().unwrap_or(ws.config.report.date),
        reply_by: ws.reminder_dates().1,
    };
    let forms = return_forms(&returns, &intake)?;
    let returned = forms.len();
    set.folder(output.join(RETURN_FOLDER), forms.into_iter().map(|f| (f.file, f.bytes)).collect());
    timings.returns = t_returns.elapsed().as_secs_f64();
    set.file(paths.workbook.clone(), workbook_bytes(&ws.plan, &figures, &intake, ws.config.report.date)?);
    set.file(paths.json.clone(), figures_json(&ws.plan, &ws.config, &figures, &intake)?.into_bytes());
    let mut snapshot = Snapshot::of(&figures, &intake, &ws.plan.meta.id, ws.period.year, ws.period.index);
    snapshot.inputs = input_hashes(input, &intake);
    match store.record(&snapshot) {
        Ok((path, bytes)) => set.file(path, bytes),
        Err(e) => notes.push(format!("không lưu được số liệu kỳ này vào lịch sử: {e:#}")),
    }
    let kept = set.commit().with_context(|| {
        format!(
            "không ghi được kết quả vào \"{}\"; các tệp kết quả của lần chạy trước được giữ nguyên",
            output.display()
        )
    })?;
    for k in kept {
        notes.push(format!("tệp \"{}\" không phải do tonghop ghi (hoặc đã được sửa): được giữ lại", k.display()));
    }
    timings.write = t.elapsed().as_secs_f64();

    notes.extend(rendered.notes);
    Ok(Run {
        intake,
        register,
        figures,
        docx,
        pages: rendered.pages,
        return_forms: returned,
        returns_folder: output.join(RETURN_FOLDER),
        paths,
        notes,
        timings,
    })
}

/// Where this run's figures are kept for the next cycle, and why not in the workspace's
/// history when they are not: sample data, or folders other than the workspace's. The
/// workspace's history holds only real cycles read from its own input folder, so that practice
/// never reaches a real report's comparison or the next cycle's pre-filled forms.
fn history_dir(ws: &Workspace, intake: &Intake, input: &Path, output: &Path) -> (PathBuf, Option<&'static str>) {
    use crate::config::resolved;
    let apart = output.join("lich-su");
    if intake.has_sample_data() {
        return (apart, Some("báo cáo lập từ dữ liệu mẫu"));
    }
    let own =
        resolved(input) == resolved(&ws.config.input_dir()) && resolved(output) == resolved(&ws.config.output_dir());
    if !own {
        return (apart, Some("lần chạy này dùng thư mục dữ liệu vào hoặc kết quả khác với cấu hình (--vao, --ra)"));
    }
    (ws.config.history_dir(), None)
}

/// The files the figures came from (under `input`) with a hash of each, for the history record.
fn input_hashes(input: &Path, intake: &Intake) -> Vec<(String, String)> {
    let mut files: Vec<&str> = intake
        .submissions
        .iter()
        .flat_map(|s| std::iter::once(s.file.as_str()).chain(s.supplements.iter().map(String::as_str)))
        .collect();
    files.sort();
    files.dedup();
    files
        .into_iter()
        .map(|f| {
            let hash = crate::files::read_bounded(&input.join(f), crate::ingest::BUDGET.file_bytes)
                .map(|b| format!("{:016x}", crate::files::fnv(&b)))
                .unwrap_or_default();
            (f.to_string(), hash)
        })
        .collect()
}
