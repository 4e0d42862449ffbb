//! Realistic agency workbooks for demos, tests and benchmarks, with the truth they hold.
//!
//! `generate` writes one filled workbook per agency of the plan (statuses, results,
//! difficulties, indicator values; some late, some missing), in the form of
//! `shared/spec/agency-workbook.md`, and returns exactly what it wrote. Every workbook carries
//! the "DỮ LIỆU MẪU" marker so a report built from it can never be mistaken for a real one.

use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::forms::{form_bytes, Anchor, Fill, FormField, FormSpec, Mark, Tone};
use crate::model::{IndicatorReport, Status, TaskReport};
use crate::plan::{Assessment, Deadline, Plan, Target};

/// What to generate.
#[derive(Debug, Clone)]
pub struct SampleOptions {
    pub seed: u64,
    /// Agencies that send nothing.
    pub missing: usize,
    /// Agencies that send after the deadline.
    pub late: usize,
    /// The cycle's reporting deadline; report dates fall around it.
    pub deadline: NaiveDate,
    pub cycle_label: String,
    /// Extra copies of the agency list (for benchmarks): agencies are cycled through
    /// `copies` times, each copy in its own sub-folder. 1 for a normal cycle.
    pub copies: usize,
    /// Agencies whose files carry typical typing mistakes (a status that is none of the four,
    /// an empty status, a date that does not exist, a value in words): to try the return forms.
    pub mistakes: usize,
}

/// What one agency's workbook says.
#[derive(Debug, Clone, Serialize)]
pub struct AgencyTruth {
    pub agency: String,
    pub file: String,
    pub report_date: NaiveDate,
    pub tasks: Vec<TaskReport>,
    pub indicators: Vec<IndicatorReport>,
    /// Cells typed wrong on purpose (`mistakes`), and what the reader can take from them is in
    /// `tasks` and `indicators`: nothing.
    pub typed: Vec<Typed>,
}

/// A cell the sample generator typed wrong: the value and the diagnostic code it must give.
#[derive(Debug, Clone, Serialize)]
pub struct Typed {
    pub task: Option<String>,
    pub indicator: Option<String>,
    /// "status", "completed-on" or "value".
    pub field: &'static str,
    pub text: String,
    pub code: &'static str,
}

impl Typed {
    fn on_task(task: &str, field: &'static str, text: String, code: &'static str) -> Typed {
        Typed { task: Some(task.to_string()), indicator: None, field, text, code }
    }
}

/// Everything written.
#[derive(Debug, Clone, Serialize)]
pub struct Truth {
    pub sent: Vec<AgencyTruth>,
    /// Agencies expected to report that were given no workbook.
    pub missing: Vec<String>,
    /// Agencies whose report date is after the deadline.
    pub late: Vec<String>,
    pub deadline: NaiveDate,
}

impl Truth {
    /// The status `agency` reported for `task`, or "not reported" when it sent nothing.
    pub fn status(&self, agency: &str, task: &str) -> Status {
        self.sent
            .iter()
            .find(|a| a.agency == agency)
            .and_then(|a| a.tasks.iter().find(|t| t.task == task))
            .and_then(|t| t.status)
            .unwrap_or(Status::NotReported)
    }
}

const DIFFICULTIES: [&str; 6] = [
    "Thiếu nhân lực có chuyên môn về công nghệ thông tin, chuyển đổi số.",
    "Kinh phí bố trí cho nhiệm vụ còn hạn chế, chưa đáp ứng yêu cầu.",
    "Chưa có hướng dẫn cụ thể của bộ, ngành Trung ương.",
    "Hạ tầng kỹ thuật chưa đồng bộ, đường truyền chưa ổn định.",
    "Dữ liệu còn phân tán, chưa được chuẩn hóa để kết nối, chia sẻ.",
    "Việc sắp xếp tổ chức bộ máy làm chậm tiến độ triển khai.",
];

const PROPOSALS: [&str; 5] = [
    "Đề nghị Sở Tài chính tham mưu bố trí kinh phí thực hiện nhiệm vụ.",
    "Đề nghị Sở Khoa học và Công nghệ tổ chức tập huấn, hướng dẫn triển khai.",
    "Đề nghị UBND thành phố ban hành cơ chế thu hút nhân lực số.",
    "Đề nghị bổ sung biên chế cán bộ chuyên trách chuyển đổi số.",
    "Đề nghị các bộ, ngành sớm ban hành văn bản hướng dẫn.",
];

/// What every agency reports in a generated cycle (no files written).
pub fn truth(plan: &Plan, opts: &SampleOptions) -> Truth {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let agencies: Vec<String> = plan.reporting_agencies().iter().map(|a| a.id.clone()).collect();
    let candidates: Vec<&String> = agencies.iter().filter(|a| **a != plan.meta.consolidated_by).collect();
    let mut missing: Vec<String> = Vec::new();
    while missing.len() < opts.missing.min(candidates.len()) {
        let pick = candidates[rng.random_range(0..candidates.len())].clone();
        if !missing.contains(&pick) {
            missing.push(pick);
        }
    }
    let mut late: Vec<String> = Vec::new();
    while late.len() < opts.late.min(candidates.len() - missing.len()) {
        let pick = candidates[rng.random_range(0..candidates.len())].clone();
        if !missing.contains(&pick) && !late.contains(&pick) {
            late.push(pick);
        }
    }
    let mut sent = Vec::new();
    for agency in agencies.iter().filter(|a| !missing.contains(a)) {
        let report_date = if late.contains(agency) {
            opts.deadline + Days::new(rng.random_range(1..=6))
        } else {
            opts.deadline - Days::new(rng.random_range(0..=12))
        };
        sent.push(agency_truth(plan, agency, &format!("{agency}.xlsx"), report_date, opts, &mut rng));
    }
    // Mistakes come from their own stream: a seed gives the same cycle with or without them.
    let mut mrng = ChaCha8Rng::seed_from_u64(opts.seed ^ 0x5a17_e0f5);
    let mut chosen: Vec<usize> = Vec::new();
    let eligible: Vec<usize> =
        (0..sent.len()).filter(|i| sent[*i].agency != plan.meta.consolidated_by && sent[*i].tasks.len() >= 3).collect();
    while chosen.len() < opts.mistakes.min(eligible.len()) {
        let pick = eligible[mrng.random_range(0..eligible.len())];
        if !chosen.contains(&pick) {
            chosen.push(pick);
        }
    }
    chosen.sort();
    for i in chosen {
        add_mistakes(plan, &mut sent[i], &mut mrng);
    }
    Truth { sent, missing, late, deadline: opts.deadline }
}

/// Writes the truth's workbooks into `dir` (each agency's filled form, marked as sample data)
/// and returns the truth. With `copies` > 1, the same cycle is written again into sub-folders.
pub fn generate(plan: &Plan, opts: &SampleOptions, dir: &Path) -> anyhow::Result<Truth> {
    std::fs::create_dir_all(dir)?;
    let truth = truth(plan, opts);
    for t in &truth.sent {
        let agency = plan.registry.get(&t.agency).expect("truth comes from the registry");
        let spec = FormSpec {
            plan,
            agency: Some(agency),
            cycle_label: opts.cycle_label.clone(),
            deadline: opts.deadline,
            sample: true,
        };
        let mut fill = Fill::values(t.report_date, &t.tasks, &t.indicators);
        for m in &t.typed {
            let field = match m.field {
                "status" => FormField::Status,
                "completed-on" => FormField::CompletedOn,
                _ => FormField::Value,
            };
            let anchor = match (&m.task, &m.indicator) {
                (Some(task), _) => Anchor::Task(task.clone(), field),
                (None, Some(ind)) => Anchor::Indicator(ind.clone(), field),
                (None, None) => continue,
            };
            let raw = (!m.text.is_empty()).then(|| m.text.clone());
            fill.marks.insert(anchor, Mark { tone: Tone::Plain, note: String::new(), raw });
        }
        let bytes = form_bytes(&spec, Some(&fill))?;
        for copy in 0..opts.copies.max(1) {
            let file = if opts.copies > 1 { format!("dot-{:04}/{}", copy + 1, t.file) } else { t.file.clone() };
            crate::output::write_atomic(&dir.join(file), &bytes)?;
        }
    }
    Ok(truth)
}

fn agency_truth(
    plan: &Plan,
    agency: &str,
    file: &str,
    report_date: NaiveDate,
    opts: &SampleOptions,
    rng: &mut ChaCha8Rng,
) -> AgencyTruth {
    let mut tasks = Vec::new();
    for task in plan.tasks_of(agency) {
        let roll: f64 = rng.random();
        let status = match task.deadline {
            Deadline::Recurring => pick(
                roll,
                &[(0.70, Status::Recurring), (0.15, Status::Done), (0.10, Status::InProgress)],
                Status::NotStarted,
            ),
            Deadline::Due(d) if d < opts.deadline => {
                pick(roll, &[(0.70, Status::Done), (0.20, Status::InProgress)], Status::NotStarted)
            }
            _ => pick(roll, &[(0.25, Status::Done), (0.55, Status::InProgress)], Status::NotStarted),
        };
        let completed_on = match (status, task.deadline) {
            (Status::Done, Deadline::Due(due)) => {
                let late = rng.random_bool(0.15);
                let d = if late {
                    due + Days::new(rng.random_range(1..=120))
                } else {
                    due - Days::new(rng.random_range(0..=200))
                };
                // Never after the report that states it, nor years before it.
                Some(d.max(report_date - Days::new(730)).min(report_date))
            }
            (Status::Done, _) => {
                let back = rng.random_range(0..=9u64) * 28 + rng.random_range(0..=27u64);
                Some(report_date - Days::new(back))
            }
            _ => None,
        };
        let product = if task.result.is_empty() { "văn bản".to_string() } else { task.result.to_lowercase() };
        let result = match status {
            Status::Done => format!(
                "Đã hoàn thành: {} số {}/{}",
                product,
                rng.random_range(10..400),
                ["KH-UBND", "QĐ-UBND", "BC", "KH"][rng.random_range(0..4)]
            ),
            Status::InProgress => format!(
                "Đang triển khai, dự kiến hoàn thành trong quý {} năm {}",
                rng.random_range(1..=4),
                opts.deadline.year() + 1
            ),
            Status::Recurring => {
                format!("Triển khai thường xuyên; trong kỳ đã tổ chức {} hoạt động", rng.random_range(2..30))
            }
            _ => "Chưa triển khai".to_string(),
        };
        let difficulties = if rng.random_bool(0.05) {
            DIFFICULTIES[rng.random_range(0..DIFFICULTIES.len())].to_string()
        } else {
            String::new()
        };
        let proposals = if rng.random_bool(0.04) {
            PROPOSALS[rng.random_range(0..PROPOSALS.len())].to_string()
        } else {
            String::new()
        };
        tasks.push(TaskReport {
            task: task.code.clone(),
            status: Some(status),
            completed_on,
            status_note: String::new(),
            result,
            difficulties,
            proposals,
            at: None,
        });
    }
    let mut indicators = Vec::new();
    for ind in plan.indicators_of(agency) {
        if rng.random_bool(0.08) {
            indicators.push(IndicatorReport {
                indicator: ind.code.clone(),
                value: None,
                value_text: String::new(),
                assessment: None,
                note: "Chưa có số liệu thống kê".into(),
                at: None,
            });
            continue;
        }
        let (value, assessment) = match ind.target {
            Target::AtLeast(t) | Target::Above(t) => {
                let v = t * rng.random_range(0.6..1.3);
                let v = if ind.unit.trim() == "%" { v.min(100.0) } else { v };
                let v = if t < 10.0 { (v * 100.0).round() / 100.0 } else { (v * 10.0).round() / 10.0 };
                (Some(v), None)
            }
            Target::Range(lo, hi) => (Some((rng.random_range(lo * 0.6..hi * 1.1) * 10.0).round() / 10.0), None),
            Target::Rank(n) => (Some(rng.random_range(1..=(2 * n).max(2)) as f64), None),
            Target::Qualitative => {
                let a = [Assessment::Reached, Assessment::NotReached, Assessment::Exceeded][rng.random_range(0..3)];
                (None, Some(a))
            }
        };
        let value_text = value.map(crate::vn::number).unwrap_or_else(|| match assessment {
            Some(Assessment::NotReached) => "Đang phấn đấu".into(),
            _ => "Duy trì mức đạt".into(),
        });
        indicators.push(IndicatorReport {
            indicator: ind.code.clone(),
            value,
            value_text,
            assessment,
            note: String::new(),
            at: None,
        });
    }
    AgencyTruth {
        agency: agency.to_string(),
        file: file.to_string(),
        report_date,
        tasks,
        indicators,
        typed: Vec::new(),
    }
}

/// Types three or four cells of one agency's file the way people get them wrong.
fn add_mistakes(plan: &Plan, t: &mut AgencyTruth, rng: &mut ChaCha8Rng) {
    // ("50%" is no mistake: a progress reads as its status.)
    const STATUSES: [&str; 4] = ["Đã trình UBND", "Chờ kinh phí", "Tạm dừng", "Đang xây dựng dự thảo"];
    const DATES: [&str; 3] = ["31/11/2026", "30/02/2026", "15/13/2026"];
    let n = t.tasks.len();
    let first = rng.random_range(0..n);
    let (a, b) = (first, (first + 1) % n);
    // A status in the sender's own words.
    let text = STATUSES[rng.random_range(0..STATUSES.len())].to_string();
    t.tasks[a].status = None;
    t.typed.push(Typed::on_task(&t.tasks[a].task, "status", text, "status-invalid"));
    // A status left empty.
    t.tasks[b].status = None;
    t.typed.push(Typed::on_task(&t.tasks[b].task, "status", String::new(), "status-empty"));
    // A completion date that does not exist, on a finished task.
    if let Some(c) = (0..n).find(|i| *i != a && *i != b && t.tasks[*i].completed_on.is_some()) {
        t.tasks[c].completed_on = None;
        let text = DATES[rng.random_range(0..DATES.len())].to_string();
        t.typed.push(Typed::on_task(&t.tasks[c].task, "completed-on", text, "date-invalid"));
    }
    // A number in words, for an indicator that wants a number.
    let numeric = |code: &str| {
        plan.indicator(code)
            .is_some_and(|i| matches!(i.target, Target::AtLeast(_) | Target::Above(_) | Target::Range(..)))
    };
    if let Some(ind) = t.indicators.iter_mut().find(|i| i.value.is_some() && numeric(&i.indicator)) {
        let text = format!("khoảng {}", crate::vn::number(ind.value.unwrap_or_default().round()));
        ind.value = None;
        ind.value_text = text.clone();
        t.typed.push(Typed {
            task: None,
            indicator: Some(ind.indicator.clone()),
            field: "value",
            text,
            code: "value-invalid",
        });
    }
}

fn pick(roll: f64, choices: &[(f64, Status)], otherwise: Status) -> Status {
    let mut acc = 0.0;
    for (p, s) in choices {
        acc += p;
        if roll < acc {
            return *s;
        }
    }
    otherwise
}

/// The plan text with its localities replaced so that `agencies` agencies are due to report:
/// the plan's departments, sectors and units, its own wards and communes, then synthetic
/// communes ("Thử nghiệm 0001", …). For benchmarks of a province or a ministry's scale.
pub fn scaled_plan_text(plan_text: &str, plan: &Plan, agencies: usize) -> String {
    let localities: Vec<&str> = plan
        .registry
        .current()
        .filter(|a| a.category == crate::plan::Category::Locality)
        .map(|a| a.short.as_str())
        .collect();
    let others = plan.reporting_agencies().len() - localities.len();
    let wanted = agencies.saturating_sub(others);
    let mut names: Vec<String> = localities
        .iter()
        .take(wanted)
        .map(|s| s.trim_start_matches("Phường ").trim_start_matches("Xã ").to_string())
        .collect();
    let mut i = 0;
    while names.len() < wanted {
        i += 1;
        names.push(format!("Thử nghiệm {i:04}"));
    }
    let list = names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ");
    let mut text: String = plan_text
        .lines()
        .map(|l| {
            if l.starts_with("wards = [") {
                format!("wards = [{list}]")
            } else if l.starts_with("communes = [") {
                "communes = []".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    // A plan whose wards are in its registry: its own [localities] stand in for them.
    if !plan_text.lines().any(|l| l.starts_with("wards = [")) {
        text.push_str(&format!("\n\n[localities]\nwards = [{list}]\ncommunes = []\n"));
    }
    text
}
