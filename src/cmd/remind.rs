//! `tonghop nhac`: the reminder letter (công văn đôn đốc) to the agencies that have not
//! reported, or whose files have errors, as a PDF ready to sign, from the same configuration and
//! renderer as the report.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Bar, Outcome};
use crate::pipeline::{folders, Workspace};
use crate::render::Renderer;

pub struct RemindArgs {
    pub input: Option<PathBuf>,
    pub output: Option<PathBuf>,
    /// The letter's date, over the config's.
    pub date: Option<NaiveDate>,
    /// The date asked for, over the config's.
    pub deadline: Option<NaiveDate>,
    pub quiet: bool,
}

pub fn remind(root: &Path, config_file: Option<&Path>, args: RemindArgs) -> anyhow::Result<Outcome> {
    let mut ws = Workspace::load(root, config_file)?;
    if args.date.is_some() {
        ws.config.reminder.date = args.date;
    }
    if args.deadline.is_some() {
        ws.config.reminder.deadline = args.deadline;
    }
    let (input, output) = folders(root, &ws, args.input.as_ref(), args.output.as_ref())?;
    let _lock = crate::lock::acquire(&[root, &output])?;
    let renderer = Renderer::new(&ws.config.report.font);
    let bar = Bar::new(args.quiet);
    let reminder = crate::pipeline::remind(&ws, &input, &output, &renderer, &bar)?;
    bar.finish();
    let Some(letter) = &reminder.letter else {
        println!(
            "Không có cơ quan, đơn vị nào cần đôn đốc: tất cả đã gửi báo cáo và không có lỗi. Không lập công văn."
        );
        return Ok(Outcome::Clean);
    };
    let due = reminder.due();
    for n in &letter.notes {
        eprintln!("Lưu ý: {n}");
    }
    println!("Đã lập công văn đôn đốc.");
    println!("  Chưa gửi báo cáo:     {} cơ quan, đơn vị", due.missing.len());
    // `check` counts every reporting agency; the letter leaves out the body that writes it.
    if let Some(own) = due.consolidator_missing {
        println!(
            "                        (không kể {}, cơ quan tổng hợp và ký công văn: lệnh check tính cả cơ quan này, \
             tức {} cơ quan chưa gửi)",
            own.name,
            due.missing.len() + 1
        );
    }
    println!(
        "  Báo cáo còn lỗi:      {} cơ quan, đơn vị (biểu mẫu trả lại: thư mục tra-lai sau lệnh run)",
        due.with_errors.len()
    );
    println!(
        "  Ngày công văn:        {}; hạn gửi: {}",
        crate::vn::short_date(reminder.date),
        crate::vn::short_date(reminder.reply_by)
    );
    println!("  Công văn PDF:         {} ({} trang)", letter.path.display(), letter.pages);
    if reminder.sample {
        println!("  Lưu ý: lập từ DỮ LIỆU MẪU, có dấu \"DỮ LIỆU MẪU\" trên mọi trang, không dùng để ký ban hành.");
    }
    Ok(Outcome::Problems)
}
