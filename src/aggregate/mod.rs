//! Checked records → every figure of the report, computed with polars. No file I/O.
//!
//! Counting units: a *task* is a row of Phụ lục II, with one consolidated status; an
//! *assignment* is a (task, lead agency) pair, with the status that agency reported. The
//! overall sentence and the group table count tasks; the per-agency register counts
//! assignments.

mod frames;
mod shares;
mod snapshot;

pub use crate::register::SubmissionState;
pub use shares::{share_of, shares};
pub use snapshot::{decode as decode_snapshot, encode as encode_snapshot, Assignment, Snapshot};

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::fold::fold;
use crate::model::{Intake, Status, Submission, TaskReport};
use crate::plan::{Deadline, Plan, Verdict};
use crate::register::Register;

/// Counts by status in [`Status::ALL`] order, with their shares (hundredths of a percent).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub by_status: [usize; 5],
    pub shares: [i64; 5],
}

impl Counts {
    pub fn from_statuses(statuses: impl IntoIterator<Item = Status>) -> Counts {
        let mut by_status = [0usize; 5];
        for s in statuses {
            by_status[status_index(s)] += 1;
        }
        Counts::from_array(by_status)
    }

    pub fn from_array(by_status: [usize; 5]) -> Counts {
        let sh = shares(&by_status);
        Counts { total: by_status.iter().sum(), by_status, shares: [sh[0], sh[1], sh[2], sh[3], sh[4]] }
    }

    pub fn get(&self, s: Status) -> usize {
        self.by_status[status_index(s)]
    }

    pub fn share(&self, s: Status) -> i64 {
        self.shares[status_index(s)]
    }
}

pub fn status_index(s: Status) -> usize {
    Status::ALL.iter().position(|x| *x == s).expect("every status is listed")
}

/// How an assignment stands against its deadline at the report date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Timeliness {
    DoneOnTime,
    DoneLate,
    /// Done, with no completion date to compare.
    Done,
    Recurring,
    OpenInTime,
    Overdue,
}

/// One group row of the task table.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub code: String,
    pub title: String,
    pub short_title: String,
    pub counts: Counts,
    pub overdue: usize,
}

/// One agency's line in an assignment's detail.
#[derive(Debug, Clone, Serialize)]
pub struct AssignmentRow {
    pub agency: String,
    pub agency_name: String,
    pub status: Status,
    pub timeliness: Timeliness,
    pub completed_on: Option<NaiveDate>,
    /// The sender's words after the status, as written.
    pub status_note: String,
    pub result: String,
    pub difficulties: String,
    pub proposals: String,
}

/// A task with its consolidated status and every lead agency's report (Phụ lục II).
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    pub code: String,
    pub group: String,
    pub name: String,
    pub lead_text: String,
    pub deadline_text: String,
    pub due: Option<NaiveDate>,
    pub recurring: bool,
    pub status: Status,
    pub overdue: bool,
    pub assignments: Vec<AssignmentRow>,
}

/// One indicator with the value reported and the verdict (Phụ lục I).
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    pub code: String,
    pub parent: Option<String>,
    pub name: String,
    pub unit: String,
    pub target_text: String,
    pub target_year: i32,
    pub value: Option<f64>,
    pub value_text: String,
    pub verdict: Verdict,
    /// Share of the target reached (1.0 = 100 %), for quantity targets.
    pub share: Option<f64>,
    /// Agencies whose figure was used (the first in plan order that reported one).
    pub reported_by: Vec<String>,
    pub trackers: Vec<String>,
}

/// An agency's line in the submission register (Phụ lục III).
#[derive(Debug, Clone, Serialize)]
pub struct RegisterRow {
    pub agency: String,
    pub name: String,
    pub file: Option<String>,
    pub report_date: Option<NaiveDate>,
    pub state: SubmissionState,
    /// Files from the same agency that were not used.
    pub duplicates: usize,
    pub assignments: Counts,
    pub indicators_tracked: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// Texts quoted from the agencies, deduplicated, with the tasks they were written against.
#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    pub text: String,
    pub tasks: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgencyQuotes {
    pub agency: String,
    pub name: String,
    pub quotes: Vec<Quote>,
}

/// Every figure of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// The plan's period this report covers ("6 tháng cuối năm 2026", "năm 2024").
    pub period: crate::plan::Period,
    pub report_date: NaiveDate,
    pub cycle_deadline: Option<NaiveDate>,
    pub next_deadline: Option<NaiveDate>,
    /// Tasks by consolidated status.
    pub tasks: Counts,
    /// Assignments by reported status.
    pub assignments: Counts,
    pub assignments_overdue: usize,
    pub assignments_done_late: usize,
    pub groups: Vec<GroupRow>,
    pub task_rows: Vec<TaskRow>,
    pub indicator_rows: Vec<IndicatorRow>,
    /// Verdicts over the top-level indicators, in [`Verdict::ALL`] order, with shares.
    pub indicator_verdicts: [usize; 4],
    pub indicator_shares: [i64; 4],
    pub register: Vec<RegisterRow>,
    pub difficulties: Vec<AgencyQuotes>,
    pub proposals: Vec<AgencyQuotes>,
    /// Codes of unfinished tasks past their deadline.
    pub overdue: Vec<String>,
    /// Codes of unfinished tasks due by the next cycle's deadline.
    pub due_next: Vec<String>,
    pub sample: bool,
    /// The latest earlier cycle of the same plan, when one is stored.
    pub previous: Option<Snapshot>,
}

impl Figures {
    pub fn task(&self, code: &str) -> Option<&TaskRow> {
        self.task_rows.iter().find(|t| t.code == code)
    }

    pub fn expected_agencies(&self) -> usize {
        self.register.len()
    }

    pub fn reported(&self) -> usize {
        self.register.iter().filter(|r| r.state != SubmissionState::Missing).count()
    }
}

/// The cycle being reported on: the plan's period and its dates.
#[derive(Debug, Clone, Copy)]
pub struct Cycle {
    pub period: crate::plan::Period,
    pub report_date: NaiveDate,
    pub cycle_deadline: Option<NaiveDate>,
    pub next_deadline: Option<NaiveDate>,
}

/// Computes every figure from the intake and its register; `previous` is the latest earlier
/// cycle kept in the history store. Errors only if polars itself fails, which would be a bug.
pub fn aggregate(
    plan: &Plan,
    intake: &Intake,
    register: &Register,
    period: Cycle,
    previous: Option<Snapshot>,
) -> anyhow::Result<Figures> {
    let by_agency: HashMap<&str, &Submission> = intake.submissions.iter().map(|s| (s.agency.as_str(), s)).collect();
    let report_of = |agency: &str, task: &str| -> Option<&TaskReport> {
        by_agency.get(agency).and_then(|s| s.tasks.iter().find(|t| t.task == task))
    };

    // Every assignment with its status and timeliness.
    let mut task_rows = Vec::with_capacity(plan.tasks.len());
    let mut assignment_table = frames::Assignments::default();
    for task in &plan.tasks {
        let mut rows = Vec::with_capacity(task.leads.len());
        for agency in &task.leads {
            let report = report_of(agency, &task.code);
            let status = report.and_then(|r| r.status).unwrap_or(Status::NotReported);
            let completed_on = report.and_then(|r| r.completed_on);
            let timeliness = timeliness(status, task.deadline, completed_on, period.report_date);
            assignment_table.push(&task.code, &task.group, agency, status, task.deadline.is_recurring(), timeliness);
            rows.push(AssignmentRow {
                agency: agency.clone(),
                agency_name: plan.registry.name(agency).to_string(),
                status,
                timeliness,
                completed_on,
                status_note: report.map(|r| r.status_note.clone()).unwrap_or_default(),
                result: report.map(|r| r.result.clone()).unwrap_or_default(),
                difficulties: report.map(|r| r.difficulties.clone()).unwrap_or_default(),
                proposals: report.map(|r| r.proposals.clone()).unwrap_or_default(),
            });
        }
        task_rows.push(TaskRow {
            code: task.code.clone(),
            group: task.group.clone(),
            name: task.name.clone(),
            lead_text: task.lead_text.clone(),
            deadline_text: task.deadline_text.clone(),
            due: task.deadline.due(),
            recurring: task.deadline.is_recurring(),
            status: Status::NotReported,
            overdue: false,
            assignments: rows,
        });
    }

    let computed = frames::compute(&assignment_table)?;
    for row in &mut task_rows {
        row.status = computed.task_status.get(&row.code).copied().unwrap_or(Status::NotReported);
        row.overdue = !row.status.is_finished() && row.due.is_some_and(|d| d < period.report_date);
    }
    let groups = plan
        .groups
        .iter()
        .map(|g| GroupRow {
            code: g.code.clone(),
            title: g.title.clone(),
            short_title: g.short_title.clone(),
            counts: Counts::from_array(computed.by_group.get(&g.code).copied().unwrap_or_default()),
            overdue: task_rows.iter().filter(|t| t.group == g.code && t.overdue).count(),
        })
        .collect();

    let overdue = task_rows.iter().filter(|t| t.overdue).map(|t| t.code.clone()).collect();
    let due_next = task_rows
        .iter()
        .filter(|t| t.status != Status::Done && !t.overdue)
        .filter(|t| t.due.is_some_and(|d| d >= period.report_date && period.next_deadline.is_none_or(|n| d <= n)))
        .map(|t| t.code.clone())
        .collect();

    let indicator_rows = indicators(plan, &by_agency);
    let mut indicator_verdicts = [0usize; 4];
    for r in indicator_rows.iter().filter(|r| r.parent.is_none()) {
        indicator_verdicts[Verdict::ALL.iter().position(|v| *v == r.verdict).expect("listed")] += 1;
    }
    let sh = shares(&indicator_verdicts);

    let register = register_rows(plan, register, &computed);
    let difficulties = quotes(plan, intake, |t| &t.difficulties);
    let proposals = quotes(plan, intake, |t| &t.proposals);

    Ok(Figures {
        period: period.period,
        report_date: period.report_date,
        cycle_deadline: period.cycle_deadline,
        next_deadline: period.next_deadline,
        tasks: Counts::from_array(computed.tasks),
        assignments: Counts::from_array(computed.assignments),
        assignments_overdue: computed.overdue,
        assignments_done_late: computed.done_late,
        groups,
        task_rows,
        indicator_rows,
        indicator_verdicts,
        indicator_shares: [sh[0], sh[1], sh[2], sh[3]],
        register,
        difficulties,
        proposals,
        overdue,
        due_next,
        sample: intake.has_sample_data(),
        previous,
    })
}

fn timeliness(status: Status, deadline: Deadline, completed: Option<NaiveDate>, today: NaiveDate) -> Timeliness {
    match (status, deadline) {
        (Status::Done, Deadline::Due(due)) => match completed {
            Some(c) if c > due => Timeliness::DoneLate,
            Some(_) => Timeliness::DoneOnTime,
            None => Timeliness::Done,
        },
        (Status::Done, _) => Timeliness::Done,
        (_, Deadline::Recurring) => Timeliness::Recurring,
        (Status::Recurring, _) => Timeliness::Recurring,
        (_, Deadline::Due(due)) if due < today => Timeliness::Overdue,
        _ => Timeliness::OpenInTime,
    }
}

fn indicators(plan: &Plan, by_agency: &HashMap<&str, &Submission>) -> Vec<IndicatorRow> {
    let mut rows: Vec<IndicatorRow> = Vec::with_capacity(plan.indicators.len());
    for ind in &plan.indicators {
        let mut reported_by = Vec::new();
        let mut value = None;
        let mut value_text = String::new();
        let mut assessment = None;
        for agency in &ind.trackers {
            let Some(r) =
                by_agency.get(agency.as_str()).and_then(|s| s.indicators.iter().find(|i| i.indicator == ind.code))
            else {
                continue;
            };
            if r.value.is_none() && r.value_text.is_empty() && r.assessment.is_none() {
                continue;
            }
            if reported_by.is_empty() {
                value = r.value;
                value_text = r.value_text.clone();
                assessment = r.assessment;
            }
            reported_by.push(agency.clone());
        }
        let verdict = match (value, assessment) {
            _ if reported_by.is_empty() => Verdict::NoData,
            (_, Some(a)) if matches!(ind.target, crate::plan::Target::Qualitative) => match a {
                crate::plan::Assessment::NotReached => Verdict::NotReached,
                _ => Verdict::Reached,
            },
            (Some(v), _) => ind.target.verdict(v),
            (None, _) => Verdict::CannotAssess,
        };
        let share = value.and_then(|v| ind.target.share(v));
        rows.push(IndicatorRow {
            code: ind.code.clone(),
            parent: ind.parent.clone(),
            name: ind.name.clone(),
            unit: ind.unit.clone(),
            target_text: ind.target_text.clone(),
            target_year: ind.target_year,
            value,
            value_text,
            verdict,
            share,
            reported_by,
            trackers: ind.trackers.clone(),
        });
    }
    // A parent (indicator 8) takes its verdict from its children.
    let parents: Vec<String> = rows.iter().filter_map(|r| r.parent.clone()).collect();
    for p in parents {
        let children: Vec<Verdict> =
            rows.iter().filter(|r| r.parent.as_deref() == Some(p.as_str())).map(|r| r.verdict).collect();
        let verdict = if children.iter().all(|v| *v == Verdict::Reached) {
            Verdict::Reached
        } else if children.contains(&Verdict::NotReached) {
            Verdict::NotReached
        } else if children.contains(&Verdict::NoData) {
            Verdict::NoData
        } else {
            Verdict::CannotAssess
        };
        if let Some(parent) = rows.iter_mut().find(|r| r.code == p && r.trackers.is_empty()) {
            parent.verdict = verdict;
        }
    }
    rows
}

/// The register's lines with the assignments each agency leads and the indicators it tracks.
fn register_rows(plan: &Plan, register: &Register, computed: &frames::Computed) -> Vec<RegisterRow> {
    register
        .entries
        .iter()
        .map(|e| RegisterRow {
            agency: e.agency.clone(),
            name: e.name.clone(),
            file: e.file.clone(),
            report_date: e.report_date,
            state: e.state,
            duplicates: e.duplicates,
            assignments: Counts::from_array(computed.by_agency.get(&e.agency).copied().unwrap_or_default()),
            indicators_tracked: plan.indicators_of(&e.agency).count(),
            errors: e.errors,
            warnings: e.warnings,
        })
        .collect()
}

/// Difficulties or proposals, grouped by agency in registry order, identical texts merged.
fn quotes(plan: &Plan, intake: &Intake, field: impl Fn(&TaskReport) -> &String) -> Vec<AgencyQuotes> {
    let order: HashMap<&str, usize> = plan.registry.all().iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let mut subs: Vec<&Submission> = intake.submissions.iter().collect();
    subs.sort_by_key(|s| order.get(s.agency.as_str()).copied().unwrap_or(usize::MAX));
    let mut out = Vec::new();
    for s in subs {
        let mut quotes: Vec<Quote> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for t in &s.tasks {
            let text = field(t).trim();
            if text.is_empty() || is_nothing(text) {
                continue;
            }
            let key = fold(text);
            match keys.iter().position(|k| *k == key) {
                Some(i) => quotes[i].tasks.push(t.task.clone()),
                None => {
                    keys.push(key);
                    quotes.push(Quote { text: text.to_string(), tasks: vec![t.task.clone()] });
                }
            }
        }
        if !quotes.is_empty() {
            out.push(AgencyQuotes {
                agency: s.agency.clone(),
                name: plan.registry.name(&s.agency).to_string(),
                quotes,
            });
        }
    }
    out
}

/// "Không", "Không có", "-" say there is nothing to say.
fn is_nothing(text: &str) -> bool {
    matches!(
        fold(text).as_str(),
        "" | "khong" | "khong co" | "chua co" | "khong co kho khan" | "khong co de xuat" | "khong co kien nghi"
    )
}
