//! The sender simulator at scale: N composed workbooks, each read back through the real reader
//! and checked against its truth (figures, the fate of every row and sheet, no diagnostic where
//! none is due).
//!
//! cargo run --release --example simulate -- [--count 5000] [--seed 1] [--plan templates/plans/kh-nq57-hue.toml]
//!     [--libreoffice 200]
//!
//! Prints the totals that go into TESTING.md; exits 1 when any workbook was read wrong. With
//! `--libreoffice N` (needs `soffice`), N more workbooks are saved by LibreOffice as .ods and as
//! .xls and those files checked against the same truth.

use std::time::Instant;

use tonghop::simulate::{demo_cycle, run};

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn main() {
    let count: usize = arg("--count").and_then(|v| v.parse().ok()).unwrap_or(5000);
    let seed: u64 = arg("--seed").and_then(|v| v.parse().ok()).unwrap_or(1);
    let plan_path = arg("--plan").unwrap_or_else(|| "templates/plans/kh-nq57-hue.toml".into());
    let plan = tonghop::plan::load_plan(std::path::Path::new(&plan_path)).expect("the plan loads");
    let (cycle, window) = demo_cycle(&plan);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let t = Instant::now();
    let totals = run(&plan, cycle, window, seed, count, dir.path());
    let secs = t.elapsed().as_secs_f64();
    println!("plan: {}", plan.meta.short_title);
    println!("workbooks: {}", totals.workbooks);
    println!("rows read (plan tasks, indicators, own tasks): {}", totals.rows_read);
    println!("rows skipped by a named rule: {}", totals.rows_skipped);
    println!("rows diagnosed: {}", totals.rows_diagnosed);
    println!("workbooks wrong: {}", totals.wrong_workbooks);
    println!("rows wrong: {}", totals.wrong_rows);
    println!("time: {secs:.1} s ({:.1} ms a workbook, one thread)", secs * 1000.0 / totals.workbooks.max(1) as f64);
    for f in &totals.failures {
        println!("{f}");
    }
    let mut wrong = totals.wrong_workbooks + totals.failures.len();
    let converted: usize = arg("--libreoffice").and_then(|v| v.parse().ok()).unwrap_or(0);
    if converted > 0 {
        wrong += libreoffice(&plan, seed.wrapping_add(count as u64), converted, dir.path());
    }
    if wrong > 0 {
        std::process::exit(1);
    }
}

/// `n` more workbooks saved by LibreOffice as .ods and .xls (one soffice call per format), each
/// checked against its truth. Returns the number read wrong.
fn libreoffice(plan: &tonghop::plan::Plan, seed: u64, n: usize, dir: &std::path::Path) -> usize {
    use tonghop::simulate::{check_at, simulate};
    let (cycle, window) = demo_cycle(plan);
    let sims: Vec<_> = (0..n as u64).map(|k| simulate(plan, cycle, seed + k)).collect();
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("a folder");
    for s in &sims {
        std::fs::write(src.join(&s.file), &s.bytes).expect("written");
    }
    let mut wrong = 0;
    for ext in ["ods", "xls"] {
        let out = dir.join(ext);
        // One soffice call per 100 files: a longer call has been seen to stop part-way.
        for chunk in sims.chunks(100) {
            let mut cmd = std::process::Command::new("soffice");
            cmd.args(["--headless", "--norestore", "--convert-to", ext, "--outdir"]).arg(&out);
            cmd.args(chunk.iter().map(|s| src.join(&s.file)));
            let status = cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).status();
            if !status.is_ok_and(|s| s.success()) {
                println!("LibreOffice ({ext}): soffice did not run");
                return n;
            }
        }
        let (mut rows, mut bad, mut missing) = (0, 0, 0);
        for s in &sims {
            let name = s.file.replace(".xlsx", &format!(".{ext}"));
            if !out.join(&name).exists() {
                missing += 1;
                continue;
            }
            let v = check_at(plan, s, &out.join(&name), &name, window);
            rows += v.rows_read + v.rows_skipped + v.rows_diagnosed;
            if !v.wrong.is_empty() {
                bad += 1;
                if bad <= 5 {
                    println!(
                        "{name}:\n    {}\n    [{}]",
                        v.wrong.iter().take(6).cloned().collect::<Vec<_>>().join("\n    "),
                        s.traits.join("; ")
                    );
                }
            }
        }
        println!(
            "LibreOffice .{ext}: {} workbooks, {rows} rows, {bad} wrong ({missing} not saved by LibreOffice)",
            n - missing
        );
        wrong += bad + missing;
    }
    wrong
}
