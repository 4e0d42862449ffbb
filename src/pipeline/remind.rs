//! `nhac`: the reminder letter (công văn đôn đốc) to the agencies the register says are due one.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{read_input, Progress, Timings, Workspace};
use crate::output::write_atomic;
use crate::plan::Period;
use crate::register::{DueReminder, Entry, Register};
use crate::render::letter::{self, Overdue};
use crate::render::Renderer;

/// The letter's file name: "cong-van-don-doc-2026-6-thang-cuoi-nam.pdf".
pub fn letter_name(period: &Period) -> String {
    format!("cong-van-don-doc-{}.pdf", period.slug())
}

/// The register a reminder was decided from, and the letter written, if any was due.
pub struct Reminder {
    pub register: Register,
    /// The letter's date and the date it asks reports and corrections by.
    pub date: NaiveDate,
    pub reply_by: NaiveDate,
    pub sample: bool,
    /// None when no agency is due a reminder: then no letter is written.
    pub letter: Option<Letter>,
}

pub struct Letter {
    pub path: PathBuf,
    pub pages: usize,
    pub notes: Vec<String>,
}

impl Reminder {
    pub fn due(&self) -> DueReminder<'_> {
        self.register.due_reminder()
    }
}

/// Reads `input`, settles its register, and writes the letter into `output` when any agency is
/// due one. The dates come from the config's `[reminder]` (see [`Workspace::reminder_dates`]).
pub fn remind(
    ws: &Workspace,
    input: &Path,
    output: &Path,
    renderer: &Renderer,
    progress: &dyn Progress,
) -> anyhow::Result<Reminder> {
    let (date, reply_by) = ws.reminder_dates();
    if reply_by <= date {
        anyhow::bail!(
            "hạn gửi lại ({}) phải sau ngày của công văn ({}); sửa [reminder] trong tonghop.toml hoặc dùng --han",
            crate::vn::short_date(reply_by),
            crate::vn::short_date(date)
        );
    }
    let intake = read_input(ws, input, &[output.to_path_buf()], progress, &mut Timings::default())?;
    let register = ws.register(&intake);
    let sample = intake.has_sample_data();
    let mut reminder = Reminder { register, date, reply_by, sample, letter: None };
    let due = reminder.due();
    if due.is_empty() {
        return Ok(reminder);
    }
    let overdue = Overdue {
        missing: names(&due.missing),
        with_errors: names(&due.with_errors),
        deadline: ws.cycle_deadline(),
        date,
        reply_by,
        period_label: ws.period.label(),
        sample,
    };
    let model = letter::build(&ws.plan, &ws.config, &overdue, renderer.families());
    let rendered = renderer.render_letter(&model, ws.config.report.pdf_a)?;
    let path = output.join(letter_name(&ws.period));
    write_atomic(&path, &rendered.pdf)
        .map_err(|e| anyhow::anyhow!("không ghi được tệp \"{}\": {e}", path.display()))?;
    reminder.letter = Some(Letter { path, pages: rendered.pages, notes: rendered.notes });
    Ok(reminder)
}

fn names<'a>(list: &[&'a Entry]) -> Vec<&'a str> {
    list.iter().map(|e| e.name.as_str()).collect()
}
