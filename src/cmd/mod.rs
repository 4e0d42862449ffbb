//! One file per subcommand. Each loads the workspace, calls the pipeline library
//! ([`crate::pipeline`]) and says what its result holds: every count printed here is read from
//! that result, none decided here. Shared: the exit outcome, the progress bar, the problem list.

pub mod check;
pub mod plan;
pub mod remind;
pub mod run;
pub mod sample;
pub mod template;

use indicatif::{ProgressBar, ProgressStyle};

use crate::model::Intake;
use crate::pipeline::{Progress, Stage};

/// How a command ended, mapped to the exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done, no problem found: exit 0.
    Clean,
    /// Done, with problems to look at: exit 1.
    Problems,
}

/// The pipeline's progress on the terminal: a bar while files are read, then a spinner with the
/// stage. Hidden when quiet (indicatif also hides both when not on a terminal).
pub struct Bar {
    bar: ProgressBar,
    quiet: bool,
}

impl Bar {
    pub fn new(quiet: bool) -> Bar {
        Bar { bar: ProgressBar::hidden(), quiet }
    }
}

impl Progress for Bar {
    fn reading(&self, files: usize) {
        if self.quiet {
            return;
        }
        self.bar.set_length(files as u64);
        self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        self.bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        self.bar.set_message("Đang đọc tệp");
    }

    fn file_read(&self) {
        self.bar.inc(1);
    }

    fn stage(&self, stage: Stage) {
        if self.quiet {
            return;
        }
        if self.bar.length().is_some() {
            // From the bar of files to a spinner of stages.
            self.bar.set_style(ProgressStyle::default_spinner());
            self.bar.unset_length();
            self.bar.enable_steady_tick(std::time::Duration::from_millis(100));
        }
        self.bar.set_message(match stage {
            Stage::Aggregating => "Đang tổng hợp số liệu…",
            Stage::Rendering { docx: true } => "Đang dựng báo cáo PDF và Word…",
            Stage::Rendering { docx: false } => "Đang dựng báo cáo PDF…",
            Stage::Writing => "Đang ghi tệp kết quả…",
        });
    }
}

impl Bar {
    /// Clears the bar before the command prints its summary.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Prints the problems grouped by file with a count per code, at most `limit` records.
pub fn print_problems(intake: &Intake, limit: usize) {
    use std::collections::BTreeMap;
    let mut by_file: BTreeMap<&str, Vec<&crate::diag::Diagnostic>> = BTreeMap::new();
    for d in &intake.diagnostics {
        by_file.entry(d.location.file.as_str()).or_default().push(d);
    }
    let mut shown = 0;
    for (file, diags) in &by_file {
        if shown >= limit {
            break;
        }
        let counts: Vec<String> = crate::output::counts_by_code(diags)
            .iter()
            .map(|(c, n)| format!("{}: {n}", crate::diag::label(c)))
            .collect();
        eprintln!("{file} ({})", counts.join(", "));
        for d in diags {
            if shown >= limit {
                break;
            }
            eprintln!("  {d}");
            shown += 1;
        }
    }
    if intake.diagnostics.len() > shown {
        eprintln!("  … và {} vấn đề khác (xem tệp danh sách sai sót).", intake.diagnostics.len() - shown);
    }
    for (file, reason) in &intake.skipped {
        eprintln!("Bỏ qua {file}: {reason}");
    }
}
