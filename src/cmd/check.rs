//! `tonghop check`: the same reading and checking as `run`, without the report, for the
//! officer to run as files arrive.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{print_problems, Bar, Outcome};
use crate::pipeline::{folders, Workspace};
use crate::register::SubmissionState;

pub fn check(root: &Path, config_file: Option<&Path>, input: Option<PathBuf>, quiet: bool) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let ws = Workspace::load(root, config_file)?;
    let (input, output) = folders(root, &ws, input.as_ref(), None)?;
    let bar = Bar::new(quiet);
    let checked = crate::pipeline::check(&ws, &input, &[output], &bar)?;
    bar.finish();
    let (intake, register) = (&checked.intake, &checked.register);
    print_problems(intake, usize::MAX);
    let missing: Vec<&str> = register.missing().map(|e| e.name.as_str()).collect();
    println!("Kiểm tra xong.");
    println!("  Tệp bảng tính đã đọc: {} ({} tệp khác bỏ qua)", intake.files_found, intake.skipped.len());
    println!(
        "  Cơ quan đã báo cáo:   {}/{} ({} trễ hạn)",
        register.reported(),
        register.expected(),
        register.count(SubmissionState::Late)
    );
    if !missing.is_empty() && missing.len() <= 20 {
        println!("  Chưa gửi:             {}", missing.join(", "));
    } else if !missing.is_empty() {
        println!("  Chưa gửi:             {} cơ quan, đơn vị (gồm {}, …)", missing.len(), missing[..5].join(", "));
    }
    println!("  Sai sót:              {} lỗi, {} cảnh báo", intake.errors(), intake.warnings());
    println!("  Thời gian:            {} giây", crate::vn::fixed(started.elapsed().as_secs_f64(), 2));
    Ok(if intake.diagnostics.is_empty() && missing.is_empty() { Outcome::Clean } else { Outcome::Problems })
}
