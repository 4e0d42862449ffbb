//! Benchmark: N synthetic agency workbooks, the whole pipeline run several times.
//!
//! cargo run --release --example bench -- --agencies 600 --runs 5 [--mistakes 60] [--in-process]
//!
//! Generates the cycle with the project's generator (the default plan, its localities extended
//! with synthetic communes to reach N agencies) into a temporary folder, then runs the pipeline
//! `runs` times and prints the median wall time of each stage, the whole run, a calamine-alone
//! baseline (open each workbook and read its sheets, same parallelism), the peak memory, and
//! whether the figures match the generator's truth. Figures go into BENCHMARKS.md by hand.

use std::path::Path;
use std::time::Instant;

use calamine::{open_workbook_auto, Reader};
use rayon::prelude::*;
use tonghop::model::Status;
use tonghop::pipeline::{run, Silent, Workspace};
use tonghop::plan::parse_plan;
use tonghop::render::Renderer;
use tonghop::sample::{generate, scaled_plan_text, SampleOptions};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Peak resident memory of this process (Linux), in MiB.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// calamine alone: open every workbook and read every sheet's cells.
fn calamine_alone(input: &Path, files: &[String]) -> f64 {
    let t = Instant::now();
    let cells: usize = files
        .par_iter()
        .map(|f| {
            let mut wb = open_workbook_auto(input.join(f)).expect("generated workbook opens");
            let names = wb.sheet_names();
            names
                .iter()
                .map(|n| wb.worksheet_range(n).map(|r| r.get_size().0 * r.get_size().1).unwrap_or(0))
                .sum::<usize>()
        })
        .sum();
    assert!(cells > 0);
    t.elapsed().as_secs_f64()
}

fn list(dir: &Path, root: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            list(&p, root, out);
        } else {
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

/// As in the binary: a heap cap only reading workers set.
#[global_allocator]
static ALLOC: tonghop::ingest::isolate::CappedAlloc = tonghop::ingest::isolate::CappedAlloc;

fn main() -> anyhow::Result<()> {
    // Files are read in worker processes of this executable, as the binary reads them.
    tonghop::ingest::isolate::serve_if_worker();
    if std::env::args().all(|a| a != "--in-process") {
        tonghop::ingest::isolate::use_workers(std::env::current_exe()?);
    }
    let agencies = arg("--agencies", 60);
    let runs = arg("--runs", 5).max(1);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir()?;
    let root = work.path();

    // The workspace: a plan scaled to N agencies, the shipped config, generated input.
    let base_text = std::fs::read_to_string(repo.join("templates/plans/kh-nq57-hue.toml"))?;
    let base = parse_plan(&base_text, "kh-nq57-hue.toml")?;
    // A plan holds at most MAX_AGENCIES agencies, reporting or not.
    let not_reporting = base.registry.all().len() - base.reporting_agencies().len();
    let most = tonghop::plan::MAX_AGENCIES - not_reporting;
    if agencies > most {
        anyhow::bail!(
            "--agencies {agencies}: a plan holds at most {} agencies and {not_reporting} of the plan's do not \
             report, so the benchmark goes up to --agencies {most}",
            tonghop::plan::MAX_AGENCIES
        );
    }
    let text = scaled_plan_text(&base_text, &base, agencies);
    std::fs::write(root.join("ke-hoach.toml"), &text)?;
    let config = std::fs::read_to_string(repo.join("tonghop.toml"))?
        .replace("plan = \"templates/plans/kh-nq57-hue.toml\"", "plan = \"ke-hoach.toml\"")
        .replace("font = \"auto\"", "font = \"Liberation Serif\"");
    std::fs::write(root.join("tonghop.toml"), config)?;
    let plan = parse_plan(&text, "ke-hoach.toml")?;
    let n = plan.reporting_agencies().len();
    let opts = SampleOptions {
        seed: 57,
        missing: 0,
        late: n / 20,
        deadline: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        cycle_label: "6 tháng cuối năm 2026".into(),
        copies: 1,
        // Agencies whose files carry typing mistakes: each gets a return form (output/tra-lai).
        mistakes: arg("--mistakes", 0),
    };
    let t = Instant::now();
    let truth = generate(&plan, &opts, &root.join("input"))?;
    let generated = t.elapsed().as_secs_f64();
    let mut files = Vec::new();
    list(&root.join("input"), &root.join("input"), &mut files);
    let bytes: u64 =
        files.iter().map(|f| std::fs::metadata(root.join("input").join(f)).map(|m| m.len()).unwrap_or(0)).sum();
    println!(
        "{} agencies, {} workbooks ({:.1} MiB), generated in {:.2} s; {} runs on {} threads",
        n,
        files.len(),
        bytes as f64 / 1048576.0,
        generated,
        runs,
        rayon::current_num_threads()
    );

    let mut stages: Vec<[f64; 9]> = Vec::new();
    let mut baseline = Vec::new();
    let mut pages = 0;
    let mut matches = true;
    for _ in 0..runs {
        baseline.push(calamine_alone(&root.join("input"), &files));
        let t = Instant::now();
        let ws = Workspace::load(root, None)?;
        let renderer = Renderer::new(&ws.config.report.font);
        let setup = t.elapsed().as_secs_f64();
        let result = run(&ws, &root.join("input"), &root.join("output"), &renderer, &Silent)?;
        let total = t.elapsed().as_secs_f64();
        let tm = &result.timings;
        stages.push([
            setup + tm.discover,
            tm.read,
            tm.validate,
            tm.aggregate,
            tm.render,
            tm.write,
            total,
            tm.returns,
            tm.docx,
        ]);
        pages = result.pages;

        // The figures against the truth, counted here: assignments by reported status.
        let mut expected = [0usize; 5];
        for task in &plan.tasks {
            for lead in &task.leads {
                let s = truth.status(lead, &task.code);
                expected[Status::ALL.iter().position(|x| *x == s).unwrap()] += 1;
            }
        }
        matches &= expected == result.figures.assignments.by_status && result.register.reported() == truth.sent.len();
    }
    let col = |i: usize| median(stages.iter().map(|s| s[i]).collect());
    println!("| workbooks | discover + setup | read | validate | aggregate | render PDF | render Word | write (of which return forms) | whole run | calamine alone | read ÷ calamine | peak memory | pages |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let base = median(baseline);
    println!(
        "| {} | {:.3} s | {:.3} s | {:.3} s | {:.3} s | {:.3} s | {:.3} s | {:.3} s ({:.3} s) | **{:.3} s** | {:.3} s | {:.2}× | {:.0} MiB | {} |",
        files.len(),
        col(0),
        col(1),
        col(2),
        col(3),
        col(4),
        col(8),
        col(5),
        col(7),
        col(6),
        base,
        col(1) / base,
        peak_mib().unwrap_or(f64::NAN),
        pages
    );
    println!("figures match the generator's truth: {}", if matches { "yes" } else { "NO" });
    if !matches {
        std::process::exit(1);
    }
    Ok(())
}
