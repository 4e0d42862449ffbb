//! `tonghop run`: read input/, check, aggregate, render the report PDF into output/.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use super::{folder, print_problems, read_input, Outcome, Timings, Workspace};
use crate::aggregate::{aggregate, Figures, Period};
use crate::model::Intake;
use crate::output::{files_with_problems, problems_text, write_atomic, OutputPaths};
use crate::render::{model, Renderer};

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
    pub pages: usize,
    pub timings: Timings,
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
    let intake = read_input(ws, input, quiet, &mut timings)?;
    let spinner = super::spinner(quiet);

    spinner.set_message("Đang tổng hợp số liệu…");
    let t = Instant::now();
    let period = Period {
        report_date: ws.config.report.date,
        cycle_deadline: ws.cycle_deadline(),
        next_deadline: ws
            .plan
            .next_cycle_deadline(ws.config.cycle.year, ws.config.cycle.half),
    };
    let figures = aggregate(&ws.plan, &intake, period)?;
    timings.aggregate = t.elapsed().as_secs_f64();

    spinner.set_message("Đang dựng báo cáo PDF…");
    let t = Instant::now();
    let report = model::build(
        &ws.plan,
        &ws.config,
        &figures,
        renderer.families(),
        files_with_problems(&intake),
        intake.errors(),
        intake.warnings(),
    );
    let rendered = renderer.render(&report)?;
    timings.render = t.elapsed().as_secs_f64();

    spinner.set_message("Đang ghi tệp kết quả…");
    let t = Instant::now();
    let paths = OutputPaths::new(output, &ws.config.output_name());
    write_atomic(&paths.pdf, &rendered.pdf)
        .with_context(|| format!("không ghi được tệp \"{}\"", paths.pdf.display()))?;
    write_atomic(&paths.problems, problems_text(&ws.plan, &intake).as_bytes())
        .with_context(|| format!("không ghi được tệp \"{}\"", paths.problems.display()))?;
    timings.write = t.elapsed().as_secs_f64();
    spinner.finish_and_clear();

    Ok((
        RunResult {
            intake,
            figures,
            pdf: paths.pdf,
            pages: rendered.pages,
            timings,
        },
        rendered.notes,
    ))
}

pub fn run(root: &Path, config_file: Option<&Path>, args: RunArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let ws = Workspace::load(root, config_file)?;
    let input = folder(root, args.input.as_ref(), ws.config.input_dir());
    let output = folder(root, args.output.as_ref(), ws.config.output_dir());
    let renderer = Renderer::new(&ws.config.report.font);
    let (result, notes) = pipeline(&ws, &input, &output, args.quiet, &renderer)?;
    let intake = &result.intake;
    let f = &result.figures;

    print_problems(intake, 40);
    for n in &notes {
        eprintln!("Lưu ý: {n}");
    }
    let problems = OutputPaths::new(&output, &ws.config.output_name()).problems;
    let late = f
        .register
        .iter()
        .filter(|r| r.state == crate::aggregate::SubmissionState::Late)
        .count();
    println!("Tổng hợp xong.");
    println!(
        "  Tệp bảng tính đã đọc: {} ({} tệp khác bỏ qua)",
        intake.files_found,
        intake.skipped.len()
    );
    println!(
        "  Cơ quan đã báo cáo:   {}/{} ({} trễ hạn, {} chưa gửi)",
        f.reported(),
        f.expected_agencies(),
        late,
        f.expected_agencies() - f.reported()
    );
    println!(
        "  Sai sót:              {} lỗi, {} cảnh báo (chi tiết: {})",
        intake.errors(),
        intake.warnings(),
        problems.display()
    );
    println!(
        "  Báo cáo PDF:          {} ({} trang)",
        result.pdf.display(),
        result.pages
    );
    if f.sample {
        println!("  Lưu ý: báo cáo lập từ DỮ LIỆU MẪU, có dấu \"DỮ LIỆU MẪU\" trên mọi trang, không dùng để ký ban hành.");
    }
    println!(
        "  Thời gian:            {} giây",
        crate::vn::fixed(started.elapsed().as_secs_f64(), 2)
    );
    let has_problems = !intake.diagnostics.is_empty() || f.reported() < f.expected_agencies();
    Ok(if has_problems {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
