//! The sender simulator at scale: N composed workbooks, each read back through the real reader
//! and checked against its truth (figures, the fate of every row and sheet, no diagnostic where
//! none is due).
//!
//! cargo run --release --example simulate -- [--count 5000] [--seed 1] [--plan templates/plans/kh-nq57-hue.toml]
//!
//! Prints the totals that go into TESTING.md; exits 1 when any workbook was read wrong.

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
    if totals.wrong_workbooks > 0 || !totals.failures.is_empty() {
        std::process::exit(1);
    }
}
