//! Closing the loop with the agencies: each agency whose file has problems gets its own form
//! back (`output/tra-lai/`), filled with what was read from its file, every problem marked on
//! its cell with a note, and what could not be placed listed on a "Sai sót" sheet; and the next
//! cycle's forms come pre-filled with the tasks already finished.
//!
//! This module decides what goes where; `forms` writes the workbook.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_xlsxwriter::XlsxError;

use crate::diag::{capitalised, Diagnostic, Severity, Subject};
use crate::forms::{form_bytes, Anchor, Fill, FormField, FormSpec, Mark, Review, ReviewRow, Tone};
use crate::labels::RETURN_MARKER;
use crate::model::{Intake, Status, Submission, TaskReport};
use crate::plan::Plan;

/// The folder of `output/` the return forms go to.
pub const RETURN_FOLDER: &str = "tra-lai";

/// What a return form needs beyond the intake.
pub struct ReturnSpec<'a> {
    pub plan: &'a Plan,
    pub cycle_label: String,
    /// The cycle's deadline (printed on the form, as on the one sent out).
    pub deadline: NaiveDate,
    /// The date corrected files are asked for by.
    pub reply_by: NaiveDate,
}

/// A return form: the file name in `tra-lai/` and its bytes.
pub struct ReturnForm {
    pub file: String,
    /// The agency, when known.
    pub agency: Option<String>,
    pub bytes: Vec<u8>,
}

/// One return form per agency with problems (errors or warnings) other than lateness alone, and
/// one per file whose agency is unknown. Deterministic: the same intake gives the same bytes.
pub fn return_forms(spec: &ReturnSpec, intake: &Intake) -> Result<Vec<ReturnForm>, XlsxError> {
    let plan = spec.plan;
    // Problems by agency; a file no agency could be told for is its own group. A file that could
    // not be read at all still has a name: an agency's name there is enough to send it back.
    let mut groups: BTreeMap<(Option<String>, String), Vec<&Diagnostic>> = BTreeMap::new();
    for d in &intake.diagnostics {
        let agency = d.agency.clone().or_else(|| {
            let stem = stem(&d.location.file);
            (d.code == "file-unreadable").then(|| plan.registry.identify(&stem).ok().map(|id| id.id)).flatten()
        });
        let key = match agency {
            Some(a) => (Some(a), String::new()),
            None => (None, d.location.file.clone()),
        };
        groups.entry(key).or_default().push(d);
    }

    let mut out = Vec::new();
    let mut taken = std::collections::BTreeSet::new();
    for ((agency, unknown_file), diags) in groups {
        // Lateness, duplicates in input/, superseded values: only the officer can settle them;
        // the agency gets a form only for what it can fix in its file, and only that is on it.
        let diags: Vec<&Diagnostic> =
            diags.into_iter().filter(|d| !crate::validate::OFFICER_ONLY.contains(&d.code)).collect();
        if diags.is_empty() {
            continue;
        }
        let submission = agency.as_deref().and_then(|a| intake.submissions.iter().find(|s| s.agency == a));
        let registry_agency = agency.as_deref().and_then(|a| plan.registry.get(a));
        let sent = submission.map(|s| s.file.clone()).unwrap_or_else(|| {
            if unknown_file.is_empty() {
                diags[0].location.file.clone()
            } else {
                unknown_file.clone()
            }
        });
        let name = registry_agency.map(|a| a.name.clone()).unwrap_or_else(|| "cơ quan chưa xác định".to_string());
        let (marks, review) = annotate(spec, &name, &sent, submission, &diags);
        let fill = Fill {
            report_date: submission.and_then(|s| s.report_date),
            tasks: submission.map(|s| s.tasks.as_slice()).unwrap_or(&[]),
            indicators: submission.map(|s| s.indicators.as_slice()).unwrap_or(&[]),
            marks,
            review: Some(review),
        };
        let form = FormSpec {
            plan,
            agency: registry_agency,
            cycle_label: spec.cycle_label.clone(),
            deadline: spec.deadline,
            sample: submission.is_some_and(|s| s.sample),
        };
        // Files of one stem ("a.xlsx", "a.xls", "x/a.xlsx") each get a form of their own.
        let file = match registry_agency {
            Some(a) => crate::fit::file_name(&a.name, "xlsx", &mut taken),
            None => crate::fit::file_name(&format!("Chưa xác định cơ quan - {}", stem(&sent)), "xlsx", &mut taken),
        };
        out.push(ReturnForm { file, agency, bytes: form_bytes(&form, Some(&fill))? });
    }
    Ok(out)
}

/// The marks on the form's cells and the "Sai sót" sheet of one agency.
fn annotate(
    spec: &ReturnSpec,
    name: &str,
    sent: &str,
    submission: Option<&Submission>,
    diags: &[&Diagnostic],
) -> (BTreeMap<Anchor, Mark>, Review) {
    let plan = spec.plan;
    let agency = submission.map(|s| s.agency.as_str());
    let leads = |code: &str| agency.is_some_and(|a| plan.tasks_of(a).any(|t| t.code == code));
    let tracks = |code: &str| agency.is_some_and(|a| plan.indicators_of(a).any(|i| i.code == code));
    let mut marks: BTreeMap<Anchor, Mark> = BTreeMap::new();
    let (mut whole, mut unplaced, mut marked) = (Vec::new(), Vec::new(), Vec::new());

    for d in diags {
        // Only the problems of the file the form is filled from sit on its cells.
        let own = submission.is_some_and(|s| s.file == d.location.file);
        let anchors: Vec<(Anchor, String)> = match d.subject.as_ref().filter(|_| own) {
            Some(Subject::ReportDate) => vec![(Anchor::ReportDate, note(d))],
            Some(Subject::Task { code, field }) if leads(code) => {
                vec![(Anchor::Task(code.clone(), FormField::from(*field)), note(d))]
            }
            Some(Subject::Indicator { code, field }) if tracks(code) => {
                vec![(Anchor::Indicator(code.clone(), FormField::from(*field)), note(d))]
            }
            Some(Subject::MissingTasks { codes }) => codes
                .iter()
                .filter(|c| leads(c))
                .map(|c| (Anchor::Task(c.clone(), FormField::Status), missing_note(d, "nhiệm vụ")))
                .collect(),
            Some(Subject::MissingIndicators { codes }) => codes
                .iter()
                .filter(|c| tracks(c))
                .map(|c| (Anchor::Indicator(c.clone(), FormField::Value), missing_note(d, "chỉ tiêu")))
                .collect(),
            _ => Vec::new(),
        };
        let row = review_row(d, anchors.first().map(|(a, _)| a.clone()));
        if anchors.is_empty() {
            if d.location.cell.is_none() {
                whole.push(row);
            } else {
                unplaced.push(row);
            }
            continue;
        }
        for (anchor, text) in anchors {
            let raw = raw_value(&anchor, submission, d);
            let tone = if d.severity == Severity::Error { Tone::Error } else { Tone::Warning };
            let mark = marks.entry(anchor).or_insert(Mark { tone, note: String::new(), raw: None });
            mark.tone = mark.tone.min(tone);
            if !mark.note.is_empty() {
                mark.note.push_str("\n\n");
            }
            mark.note.push_str(&text);
            mark.raw = mark.raw.take().or(raw);
        }
        marked.push(row);
    }

    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let consolidator = plan.registry.name(&plan.meta.consolidated_by);
    let date = match submission.and_then(|s| s.report_date) {
        Some(d) => format!("ngày báo cáo {}", crate::vn::short_date(d)),
        None => "không ghi ngày báo cáo".to_string(),
    };
    let mut intro = vec![format!(
        "Tệp đã gửi: «{}» ({date}). Kết quả kiểm tra: {errors} lỗi, {} cảnh báo.",
        base(sent),
        diags.len() - errors
    )];
    if submission.is_some() {
        intro.push(format!(
            "Biểu mẫu này ghi sẵn những gì {consolidator} đọc được từ tệp đã gửi. Các ô cần xem lại được tô màu \
             (màu cam: lỗi, phải sửa; màu vàng: cảnh báo, kiểm tra lại) và có ghi chú: đưa chuột vào ô để đọc."
        ));
    } else {
        intro.push(format!(
            "{consolidator} không đọc được số liệu từ tệp đã gửi (lý do ở mục A). Đề nghị điền báo cáo vào biểu mẫu này."
        ));
    }
    intro.push(format!(
        "Đề nghị sửa các ô được tô màu (không cần nhập lại các ô khác), lưu tệp dạng .xlsx và gửi lại {consolidator} \
         trước ngày {}. Không xóa dòng chữ đỏ ghi tên tệp ở đầu các trang: nhờ dòng này, tệp sửa được dùng thay cho tệp đã gửi.",
        crate::vn::short_date(spec.reply_by)
    ));
    let review = Review {
        title: format!("SAI SÓT TRONG BÁO CÁO CỦA {} - {}", name.to_uppercase(), spec.cycle_label.to_uppercase()),
        intro,
        sections: vec![
            ("A. Sai sót chung của tệp".to_string(), whole),
            ("B. Dòng, giá trị không đưa được vào biểu mẫu (ghi theo vị trí trong tệp đã gửi)".to_string(), unplaced),
            ("C. Các ô đã tô màu trong biểu mẫu này".to_string(), marked),
        ],
        marker: format!("{RETURN_MARKER} «{}»", base(sent)),
    };
    (marks, review)
}

/// What the sender typed, written back in place of a value that could not be read.
fn raw_value(anchor: &Anchor, submission: Option<&Submission>, d: &Diagnostic) -> Option<String> {
    let found = d.found.clone()?;
    let s = submission?;
    let task = |code: &str| s.tasks.iter().find(|t| t.task == code);
    let indicator = |code: &str| s.indicators.iter().find(|i| i.indicator == code);
    let unread = match anchor {
        Anchor::ReportDate => s.report_date.is_none(),
        Anchor::Task(code, FormField::Status) => task(code).is_some_and(|t| t.status.is_none()),
        Anchor::Task(code, FormField::CompletedOn) => task(code).is_some_and(|t| t.completed_on.is_none()),
        Anchor::Indicator(code, FormField::Value) => {
            indicator(code).is_some_and(|i| i.value.is_none() && i.value_text.is_empty())
        }
        Anchor::Indicator(code, FormField::Assessment) => indicator(code).is_some_and(|i| i.assessment.is_none()),
        _ => false,
    };
    unread.then_some(found)
}

fn note(d: &Diagnostic) -> String {
    let mut text = format!("{} ({}): {}", capitalised(d.severity.label()), d.location, d.message);
    if let Some(found) = &d.found {
        text.push_str(&format!("\nGiá trị đọc được: «{found}»"));
    }
    if let Some(expected) = &d.expected {
        text.push_str(&format!("\nGiá trị hợp lệ: {expected}"));
    }
    if let Some(hint) = &d.hint {
        text.push_str(&format!("\nCách sửa: {hint}"));
    }
    text
}

fn missing_note(d: &Diagnostic, item: &str) -> String {
    let fill = if item == "nhiệm vụ" {
        "chọn Tình trạng và ghi các cột sau của dòng này"
    } else {
        "ghi Kết quả thực hiện (và Đánh giá, nếu có) của dòng này"
    };
    format!("{}: tệp đã gửi không có dòng cho {item} này.\nCách sửa: {fill}.", capitalised(d.severity.label()))
}

fn review_row(d: &Diagnostic, anchor: Option<Anchor>) -> ReviewRow {
    ReviewRow {
        severity: capitalised(d.severity.label()),
        message: d.message.clone(),
        origin: d.location.to_string(),
        anchor,
        found: d.found.clone().unwrap_or_default(),
        expected: d.expected.clone().unwrap_or_default(),
        hint: d.hint.clone().unwrap_or_default(),
    }
}

/// The file name without its folders.
fn base(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

/// The file name without its folders and extension.
fn stem(file: &str) -> String {
    let b = base(file);
    b.rsplit_once('.').map(|(s, _)| s).unwrap_or(b).to_string()
}

/// What an agency reported last cycle for the tasks it finished or does as a matter of course:
/// its status, completion date and result, carried into this cycle's form and marked as such.
pub fn carried_over(
    plan: &Plan,
    agency: &str,
    previous: &[crate::aggregate::Assignment],
    previous_label: &str,
) -> (Vec<TaskReport>, BTreeMap<Anchor, Mark>) {
    let mut tasks = Vec::new();
    let mut marks = BTreeMap::new();
    let note = format!("Theo báo cáo kỳ trước ({previous_label}); sửa nếu có thay đổi.");
    for t in plan.tasks_of(agency) {
        let Some(a) = previous.iter().find(|a| a.agency == agency && a.task == t.code) else { continue };
        if !matches!(a.status, Status::Done | Status::Recurring) {
            continue;
        }
        tasks.push(TaskReport {
            task: t.code.clone(),
            status: Some(a.status),
            completed_on: a.completed_on,
            status_note: String::new(),
            result: a.result.clone(),
            difficulties: String::new(),
            proposals: String::new(),
            at: None,
        });
        for field in [FormField::Status, FormField::CompletedOn, FormField::Result] {
            let text = if field == FormField::Status { note.clone() } else { String::new() };
            marks.insert(Anchor::Task(t.code.clone(), field), Mark { tone: Tone::Carried, note: text, raw: None });
        }
    }
    (tasks, marks)
}
