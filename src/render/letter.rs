//! The reminder letter's model: a công văn đôn đốc to the agencies that have not reported, or
//! whose files have errors, every sentence written out in Vietnamese for `cong-van.typ`.

use chrono::NaiveDate;
use serde::Serialize;

use super::model::{recipient_lines, Letterhead};
use crate::config::Config;
use crate::plan::Plan;
use crate::vn;

/// What the letter template lays out.
#[derive(Debug, Clone, Serialize)]
pub struct LetterModel {
    #[serde(flatten)]
    pub head: Letterhead,
    /// "V/v đôn đốc báo cáo …", under the số.
    pub subject_line: String,
    /// Kính gửi: the agencies' names.
    pub addressees: Vec<String>,
    pub paragraphs: Vec<String>,
}

/// Who the letter is for and why.
pub struct Overdue<'a> {
    /// Agencies that sent nothing, by name.
    pub missing: Vec<&'a str>,
    /// Agencies whose files have errors, by name.
    pub with_errors: Vec<&'a str>,
    /// The cycle's deadline.
    pub deadline: Option<NaiveDate>,
    /// The letter's date and the date it asks for.
    pub date: NaiveDate,
    pub reply_by: NaiveDate,
    pub period_label: String,
    /// The letter was written from sample files.
    pub sample: bool,
}

pub fn build(plan: &Plan, config: &Config, o: &Overdue, fonts: Vec<String>) -> LetterModel {
    let body = plan.registry.name(&plan.meta.consolidated_by).to_string();
    let code = config.reminder_code();
    let what = format!("kết quả thực hiện {} {}", plan.meta.short_title, o.period_label);
    let subject_line = format!("V/v đôn đốc báo cáo {what}");
    let list = |names: &[&str]| names.join(", ");
    let mut paragraphs = Vec::new();
    let asked = match o.deadline {
        Some(d) => format!(" trước ngày {}", vn::short_date(d)),
        None => String::new(),
    };
    paragraphs.push(format!(
        "Thực hiện {} của {}, {body} đã đề nghị các cơ quan, đơn vị được giao nhiệm vụ, chỉ tiêu báo cáo {what} \
         gửi về {body}{asked} để tổng hợp, báo cáo {}.",
        plan.meta.title,
        plan.meta.issued_by,
        match config.report.addressee.trim() {
            "" => "theo quy định".to_string(),
            a => a.to_string(),
        }
    ));
    let on = vn::short_date(o.date);
    let mut state = Vec::new();
    if !o.missing.is_empty() {
        state.push(format!(
            "{body} chưa nhận được báo cáo của {} cơ quan, đơn vị: {}",
            o.missing.len(),
            list(&o.missing)
        ));
    }
    if !o.with_errors.is_empty() {
        state.push(format!(
            "báo cáo của {} cơ quan, đơn vị còn sai sót phải sửa: {} (biểu mẫu đã đánh dấu các ô cần sửa được gửi kèm \
             theo cho từng cơ quan, đơn vị)",
            o.with_errors.len(),
            list(&o.with_errors)
        ));
    }
    paragraphs.push(format!("Đến ngày {on}, {}.", state.join("; ")));
    paragraphs.push(format!(
        "Để kịp thời tổng hợp, báo cáo đúng thời hạn, {body} đề nghị các cơ quan, đơn vị nêu trên khẩn trương hoàn \
         thành và gửi báo cáo (hoặc biểu mẫu đã sửa) về {body} trước ngày {}, bằng tệp Excel (.xlsx) theo biểu mẫu \
         đã gửi.",
        vn::short_date(o.reply_by)
    ));
    paragraphs.push("Rất mong nhận được sự phối hợp của Quý cơ quan, đơn vị./.".to_string());

    let addressees: Vec<String> =
        o.missing.iter().chain(o.with_errors.iter()).map(|n| n.to_string()).collect::<Vec<_>>();
    let recipients = recipient_lines(&["- Như trên;"], &config.reminder.recipients, &config.report.archive);
    LetterModel {
        head: Letterhead::new(
            config,
            &body,
            &code,
            format!("Công văn {code}: {subject_line}"),
            o.date,
            recipients,
            o.sample,
            fonts,
        ),
        subject_line,
        addressees,
        paragraphs,
    }
}
