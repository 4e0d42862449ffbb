//! Section I: how the plan was rolled out this cycle, who sent their report and when, what the
//! check found.

use super::{para, pct, CheckSummary, Numbers, Section};
use crate::aggregate::{share_of, Figures, SubmissionState};
use crate::plan::Plan;
use crate::vn;

pub(super) fn section(
    plan: &Plan,
    intro: &[String],
    f: &Figures,
    body: &str,
    numbers: &Numbers,
    checked: &CheckSummary,
) -> Section {
    let mut blocks = Vec::new();
    let deadline = f.cycle_deadline.map(|d| format!(" trước ngày {}", vn::short_date(d))).unwrap_or_default();
    // "Triển khai Kế hoạch …", but a title that is itself an action ("Triển khai Chương trình
    // …") opens the sentence as it stands.
    let title = &plan.meta.title;
    let action = ["trien khai", "thuc hien"].iter().any(|v| crate::fold::fold(title).starts_with(v));
    let opening = if action { title.clone() } else { format!("Triển khai {title}") };
    blocks.push(para(format!(
        "{opening} của {} (sau đây gọi là Kế hoạch), {body} đã đề nghị các cơ quan, đơn vị được giao nhiệm vụ báo cáo kết quả thực hiện {}, gửi về {body}{deadline} để tổng hợp.",
        plan.meta.issued_by,
        f.period.label(),
    )));
    let expected = f.expected_agencies();
    let reported = f.reported();
    let count = |s: SubmissionState| f.register.iter().filter(|r| r.state == s).count();
    let (on_time, late, undated) =
        (count(SubmissionState::OnTime), count(SubmissionState::Late), count(SubmissionState::Undated));
    let missing: Vec<&str> =
        f.register.iter().filter(|r| r.state == SubmissionState::Missing).map(|r| r.name.as_str()).collect();
    let mut detail =
        vec![format!("{on_time} cơ quan, đơn vị gửi đúng hạn"), format!("{late} cơ quan, đơn vị gửi trễ hạn")];
    if undated > 0 {
        detail.push(format!("{undated} báo cáo không ghi ngày"));
    }
    let tail = if missing.is_empty() {
        "; tất cả các cơ quan, đơn vị đã gửi báo cáo.".to_string()
    } else if missing.len() > 20 {
        format!(
            "; còn {} cơ quan, đơn vị chưa gửi báo cáo (danh sách tại {}).",
            vn::int(missing.len() as i64),
            numbers.register
        )
    } else {
        format!("; còn {} cơ quan, đơn vị chưa gửi báo cáo: {}.", missing.len(), missing.join(", "))
    };
    blocks.push(para(format!(
        "Theo Kế hoạch, có {expected} cơ quan, đơn vị được giao chủ trì nhiệm vụ hoặc theo dõi chỉ tiêu phải báo cáo. Đến {}, {body} đã nhận được báo cáo của {reported}/{expected} cơ quan, đơn vị (đạt {}), trong đó {}{tail}",
        vn::long_date(f.report_date),
        pct(share_of(reported, expected)),
        detail.join(", "),
    )));
    // What the check found, in a civil servant's words: lateness is said above; what the
    // agencies correct goes back to them on their forms; several files of one agency are the
    // officer's to settle, and how they were is said.
    if checked.files_to_fix > 0 {
        blocks.push(para(format!(
            "Qua kiểm tra, {} tệp báo cáo của {} cơ quan, đơn vị còn nội dung chưa đúng biểu mẫu hoặc số liệu chưa rõ; số liệu chưa đọc được được tính là chưa có báo cáo. Các nội dung cần sửa được ghi trên biểu mẫu gửi lại từng cơ quan, đơn vị để hoàn thiện (danh sách tại {} kèm theo).",
            vn::int(checked.files_to_fix as i64),
            vn::int(checked.senders_to_fix as i64),
            numbers.register
        )));
    }
    if checked.agencies_with_several_files > 0 {
        blocks.push(para(format!(
            "{} cơ quan, đơn vị gửi nhiều hơn một tệp báo cáo; số liệu được lấy theo tệp có ngày báo cáo muộn nhất (hoặc được lưu sau cùng).",
            vn::int(checked.agencies_with_several_files as i64)
        )));
    }
    if f.sample {
        blocks.push(para("Báo cáo này được lập từ DỮ LIỆU MẪU do phần mềm tạo ra để minh họa, không phải số liệu thật của các cơ quan, đơn vị và không dùng để ký ban hành."));
    }
    for p in intro {
        blocks.push(para(p.clone()));
    }
    Section { title: "I. TÌNH HÌNH TRIỂN KHAI".into(), blocks }
}
