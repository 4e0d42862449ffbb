//! Section V: the tasks due next cycle, the overdue ones to finish, and the closing sentence.

use super::{para, short_name, Block, Section};
use crate::aggregate::Figures;
use crate::config::Config;
use crate::plan::Plan;
use crate::vn;

pub(super) fn section(plan: &Plan, config: &Config, f: &Figures, body: &str) -> Section {
    let mut blocks = Vec::new();
    let until =
        f.next_deadline.map(|d| format!(" (đến kỳ báo cáo trước ngày {})", vn::short_date(d))).unwrap_or_default();
    blocks.push(para(format!(
        "Trong thời gian tới{until}, {body} đề nghị các cơ quan, đơn vị tập trung thực hiện các nhiệm vụ sau:"
    )));
    blocks.push(Block::Heading { text: "1. Các nhiệm vụ đến hạn trong kỳ tới".into() });
    if f.due_next.is_empty() {
        blocks.push(para("Không có nhiệm vụ nào đến hạn trong kỳ tới."));
    }
    for code in &f.due_next {
        if let Some(t) = f.task(code) {
            blocks.push(para(format!(
                "- Nhiệm vụ {}: {} (thời hạn: {}; cơ quan chủ trì: {}).",
                t.code,
                short_name(&t.name, 24),
                t.deadline_text,
                t.lead_text
            )));
        }
    }
    blocks.push(Block::Heading { text: "2. Các nhiệm vụ quá hạn cần khẩn trương hoàn thành".into() });
    if f.overdue.is_empty() {
        blocks.push(para("Không có nhiệm vụ quá hạn."));
    } else {
        let list: Vec<String> = f.overdue.iter().map(|c| c.to_string()).collect();
        blocks.push(para(format!(
            "Đề nghị các cơ quan, đơn vị chủ trì khẩn trương hoàn thành {} nhiệm vụ đã quá thời hạn (nhiệm vụ số {}), báo cáo kết quả trong kỳ báo cáo tới.",
            list.len(),
            list.join(", ")
        )));
    }
    let to = if config.report.addressee.trim().is_empty() {
        "cấp có thẩm quyền".to_string()
    } else {
        config.report.addressee.trim().trim_end_matches('.').to_string()
    };
    blocks.push(para(format!(
        "Trên đây là báo cáo kết quả thực hiện {} {} của {body}, kính báo cáo {to} xem xét, chỉ đạo./.",
        plan.meta.short_title,
        f.period.label()
    )));
    Section { title: "V. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI".into(), blocks }
}
