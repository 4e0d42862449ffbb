//! `tonghop nhac`: the reminder letter (công văn đôn đốc) to the agencies that have not
//! reported, or whose files have errors, as a PDF ready to sign, from the same configuration and
//! renderer as the report.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{folders, read_input, Outcome, Timings, Workspace};
use crate::diag::Severity;
use crate::output::write_atomic;
use crate::render::letter::{self, Overdue};
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

/// The letter's file name: "cong-van-don-doc-2026-6-thang-cuoi-nam.pdf".
pub fn letter_name(period: &crate::plan::Period) -> String {
    format!("cong-van-don-doc-{}.pdf", period.slug())
}

pub fn remind(root: &Path, config_file: Option<&Path>, args: RemindArgs) -> anyhow::Result<Outcome> {
    let mut ws = Workspace::load(root, config_file)?;
    if args.date.is_some() {
        ws.config.reminder.date = args.date;
    }
    if args.deadline.is_some() {
        ws.config.reminder.deadline = args.deadline;
    }
    let (date, reply_by) = ws.reminder_dates();
    if reply_by <= date {
        anyhow::bail!(
            "hạn gửi lại ({}) phải sau ngày của công văn ({}); sửa [reminder] trong tonghop.toml hoặc dùng --han",
            crate::vn::short_date(reply_by),
            crate::vn::short_date(date)
        );
    }
    let (input, output) = folders(root, &ws, args.input.as_ref(), args.output.as_ref())?;
    let _lock = crate::lock::acquire(&[root, &output])?;
    let intake = read_input(&ws, &input, &[output.clone()], args.quiet, &mut Timings::default())?;

    let plan = &ws.plan;
    let consolidator = plan.meta.consolidated_by.as_str();
    let sent: std::collections::HashSet<&str> = intake.submissions.iter().map(|s| s.agency.as_str()).collect();
    // The consolidating body does not write to itself.
    let expected: Vec<_> = plan.reporting_agencies().into_iter().filter(|a| a.id != consolidator).collect();
    let missing: Vec<&str> =
        expected.iter().filter(|a| !sent.contains(a.id.as_str())).map(|a| a.name.as_str()).collect();
    let with_errors: Vec<&str> = expected
        .iter()
        .filter(|a| sent.contains(a.id.as_str()))
        .filter(|a| {
            intake.diagnostics.iter().any(|d| d.severity == Severity::Error && d.agency.as_deref() == Some(&a.id))
        })
        .map(|a| a.name.as_str())
        .collect();
    if missing.is_empty() && with_errors.is_empty() {
        println!(
            "Không có cơ quan, đơn vị nào cần đôn đốc: tất cả đã gửi báo cáo và không có lỗi. Không lập công văn."
        );
        return Ok(Outcome::Clean);
    }

    let renderer = Renderer::new(&ws.config.report.font);
    let overdue = Overdue {
        missing: missing.clone(),
        with_errors: with_errors.clone(),
        deadline: ws.cycle_deadline(),
        date,
        reply_by,
        period_label: ws.period.label(),
        sample: intake.has_sample_data(),
    };
    let model = letter::build(plan, &ws.config, &overdue, renderer.families());
    let rendered = renderer.render_letter(&model, ws.config.report.pdf_a)?;
    let path = output.join(letter_name(&ws.period));
    write_atomic(&path, &rendered.pdf)
        .map_err(|e| anyhow::anyhow!("không ghi được tệp \"{}\": {e}", path.display()))?;
    for n in &rendered.notes {
        eprintln!("Lưu ý: {n}");
    }
    println!("Đã lập công văn đôn đốc.");
    println!("  Chưa gửi báo cáo:     {} cơ quan, đơn vị", missing.len());
    // `check` counts every reporting agency; the letter leaves out the body that writes it.
    if !sent.contains(consolidator) && plan.reporting_agencies().iter().any(|a| a.id == consolidator) {
        println!(
            "                        (không kể {}, cơ quan tổng hợp và ký công văn: lệnh check tính cả cơ quan này, \
             tức {} cơ quan chưa gửi)",
            plan.registry.name(consolidator),
            missing.len() + 1
        );
    }
    println!(
        "  Báo cáo còn lỗi:      {} cơ quan, đơn vị (biểu mẫu trả lại: thư mục tra-lai sau lệnh run)",
        with_errors.len()
    );
    println!("  Ngày công văn:        {}; hạn gửi: {}", crate::vn::short_date(date), crate::vn::short_date(reply_by));
    println!("  Công văn PDF:         {} ({} trang)", path.display(), rendered.pages);
    if overdue.sample {
        println!("  Lưu ý: lập từ DỮ LIỆU MẪU, có dấu \"DỮ LIỆU MẪU\" trên mọi trang, không dùng để ký ban hành.");
    }
    Ok(Outcome::Problems)
}

/// A date typed on the command line: 30/11/2026 or 2026-11-30.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d"))
        .map_err(|_| format!("ngày «{text}» không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 28/11/2026"))
}
