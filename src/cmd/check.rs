//! `tonghop check`: the same reading and checking as `run`, without the report, for the
//! officer to run as files arrive.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{print_problems, read_input, Outcome, Timings, Workspace};

pub fn check(root: &Path, config_file: Option<&Path>, input: Option<PathBuf>, quiet: bool) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let ws = Workspace::load(root, config_file)?;
    let (input, output) = super::folders(root, &ws, input.as_ref(), None)?;
    let exclude = [output];
    let intake = read_input(&ws, &input, &exclude, quiet, &mut Timings::default())?;
    super::require_workbooks(&input, &intake)?;
    print_problems(&intake, usize::MAX);
    let sent: std::collections::HashSet<&str> = intake.submissions.iter().map(|s| s.agency.as_str()).collect();
    let expected = ws.plan.reporting_agencies();
    let missing: Vec<&str> =
        expected.iter().filter(|a| !sent.contains(a.id.as_str())).map(|a| a.name.as_str()).collect();
    let deadline = ws.cycle_deadline();
    let late = intake
        .submissions
        .iter()
        .filter(|s| matches!((s.report_date, deadline), (Some(d), Some(dl)) if d > dl))
        .count();
    println!("Kiểm tra xong.");
    println!("  Tệp bảng tính đã đọc: {} ({} tệp khác bỏ qua)", intake.files_found, intake.skipped.len());
    println!("  Cơ quan đã báo cáo:   {}/{} ({late} trễ hạn)", expected.len() - missing.len(), expected.len());
    if !missing.is_empty() && missing.len() <= 20 {
        println!("  Chưa gửi:             {}", missing.join(", "));
    } else if !missing.is_empty() {
        println!("  Chưa gửi:             {} cơ quan, đơn vị (gồm {}, …)", missing.len(), missing[..5].join(", "));
    }
    println!("  Sai sót:              {} lỗi, {} cảnh báo", intake.errors(), intake.warnings());
    println!("  Thời gian:            {} giây", crate::vn::fixed(started.elapsed().as_secs_f64(), 2));
    Ok(if intake.diagnostics.is_empty() && missing.is_empty() { Outcome::Clean } else { Outcome::Problems })
}
