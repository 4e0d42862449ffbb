//! `tonghop run`: read input/, check, aggregate, render the report PDF into output/.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use super::{folders, print_problems, read_input, Outcome, Timings, Workspace};
use crate::aggregate::{aggregate, Figures, Snapshot};
use crate::history::{Store, Unreadable};
use crate::model::Intake;
use crate::output::set::OutputSet;
use crate::output::workbook::workbook_bytes;
use crate::output::{check_summary, edited_docx, figures_json, problems_per_agency, problems_text, OutputPaths};
use crate::render::{model, Renderer};
use crate::returns::{return_forms, ReturnSpec, RETURN_FOLDER};

pub struct RunArgs {
    pub input: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub quiet: bool,
}

/// What a run produced, for the summary and for tests and benchmarks.
pub struct RunResult {
    pub intake: Intake,
    pub figures: Figures,
    pub pdf: PathBuf,
    /// The Word document, when the config asks for one.
    pub docx: Option<PathBuf>,
    pub pages: usize,
    /// Return forms written into `tra-lai/`.
    pub return_forms: usize,
    pub timings: Timings,
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

/// The whole pipeline. Prints nothing; see [`run`] for the command.
pub fn pipeline(
    ws: &Workspace,
    input: &Path,
    output: &Path,
    quiet: bool,
    renderer: &Renderer,
) -> anyhow::Result<(RunResult, Vec<String>)> {
    let mut timings = Timings::default();
    let intake = read_input(ws, input, &[output.to_path_buf()], quiet, &mut timings)?;
    super::require_workbooks(input, &intake)?;
    let spinner = super::spinner(quiet);

    spinner.set_message("Đang tổng hợp số liệu…");
    let t = Instant::now();
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
    let figures = aggregate(&ws.plan, &intake, ws.cycle(), previous)?;
    timings.aggregate = t.elapsed().as_secs_f64();

    spinner.set_message(if ws.config.report.docx {
        "Đang dựng báo cáo PDF và Word…"
    } else {
        "Đang dựng báo cáo PDF…"
    });
    let t = Instant::now();
    let report = report_model(ws, &intake, &figures, renderer.families())?;
    let rendered = renderer.render(&report, ws.config.report.pdf_a)?;
    timings.render = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let docx = if ws.config.report.docx { Some(renderer.render_docx(&report)?) } else { None };
    timings.docx = t.elapsed().as_secs_f64();

    spinner.set_message("Đang ghi tệp kết quả…");
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
    spinner.finish_and_clear();

    notes.extend(rendered.notes);
    Ok((
        RunResult { intake, figures, pdf: paths.pdf, docx, pages: rendered.pages, return_forms: returned, timings },
        notes,
    ))
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

pub fn run(root: &Path, config_file: Option<&Path>, args: RunArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let ws = Workspace::load(root, config_file)?;
    let (input, output) = folders(root, &ws, args.input.as_ref(), args.output.as_ref())?;
    let _lock = crate::lock::acquire(&[root, &output])?;
    let renderer = Renderer::new(&ws.config.report.font);
    let (result, notes) = pipeline(&ws, &input, &output, args.quiet, &renderer)?;
    let intake = &result.intake;
    let f = &result.figures;

    print_problems(intake, 40);
    for n in &notes {
        eprintln!("Lưu ý: {n}");
    }
    let paths = OutputPaths::new(&output, &ws.config.output_name(&ws.period));
    let problems = paths.problems.clone();
    let late = f.register.iter().filter(|r| r.state == crate::aggregate::SubmissionState::Late).count();
    println!("Tổng hợp xong.");
    println!("  Tệp bảng tính đã đọc: {} ({} tệp khác bỏ qua)", intake.files_found, intake.skipped.len());
    println!(
        "  Cơ quan đã báo cáo:   {}/{} ({} trễ hạn, {} chưa gửi)",
        f.reported(),
        f.expected_agencies(),
        late,
        f.expected_agencies() - f.reported()
    );
    println!(
        "  Sai sót:              {} lỗi, {} cảnh báo (chi tiết: {}; từng cơ quan: thư mục sai-sot-theo-co-quan)",
        intake.errors(),
        intake.warnings(),
        problems.display()
    );
    let returned = result.return_forms;
    if returned > 0 {
        println!(
            "  Biểu mẫu trả lại:     {returned} tệp trong {} (gửi lại từng cơ quan để sửa các ô tô màu)",
            output.join(RETURN_FOLDER).display()
        );
    }
    println!("  Báo cáo PDF:          {} ({} trang)", result.pdf.display(), result.pages);
    if let Some(docx) = &result.docx {
        println!("  Báo cáo Word:         {} (để sửa câu chữ trước khi ký)", docx.display());
    }
    println!("  Bảng tổng hợp Excel:  {}", paths.workbook.display());
    println!("  Số liệu JSON:         {}", paths.json.display());
    if let Some(prev) = &f.previous {
        println!("  So sánh với kỳ trước: {}", ws.plan.period_label(prev.year, prev.period));
    }
    if f.sample {
        println!(
            "  Lưu ý: báo cáo lập từ DỮ LIỆU MẪU, có dấu \"DỮ LIỆU MẪU\" trên mọi trang, không dùng để ký ban hành."
        );
    }
    println!("  Thời gian:            {} giây", crate::vn::fixed(started.elapsed().as_secs_f64(), 2));
    let has_problems = !intake.diagnostics.is_empty() || f.reported() < f.expected_agencies();
    Ok(if has_problems { Outcome::Problems } else { Outcome::Clean })
}
