//! The submission register: for every agency the plan expects a report from, whether it sent
//! one, when, and whether its file has problems. Decided once, here: `check`, `run`, `nhac`, the
//! report's Phụ lục III and the workbook all read this register, and the "late" diagnostic of
//! the intake uses the same rule ([`SubmissionState::of`]).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::Severity;
use crate::model::{Intake, Submission};
use crate::plan::Plan;

/// Whether and when an agency reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SubmissionState {
    OnTime,
    Late,
    /// Sent, with no readable "Ngày báo cáo".
    Undated,
    Missing,
}

impl SubmissionState {
    pub fn label(self) -> &'static str {
        match self {
            SubmissionState::OnTime => "Đúng hạn",
            SubmissionState::Late => "Trễ hạn",
            SubmissionState::Undated => "Không rõ ngày",
            SubmissionState::Missing => "Chưa gửi",
        }
    }

    /// The state of a report that was sent, dated `date`, against the cycle's `deadline`: the one
    /// place lateness is decided. A plan without a deadline for the cycle has no late report.
    pub fn of(date: Option<NaiveDate>, deadline: Option<NaiveDate>) -> SubmissionState {
        match (date, deadline) {
            (Some(d), Some(deadline)) if d > deadline => SubmissionState::Late,
            (Some(_), _) => SubmissionState::OnTime,
            (None, _) => SubmissionState::Undated,
        }
    }
}

/// An agency's line in the register.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub agency: String,
    pub name: String,
    /// The file used, when the agency sent one.
    pub file: Option<String>,
    pub report_date: Option<NaiveDate>,
    pub state: SubmissionState,
    /// Files from the same agency that were not used.
    pub duplicates: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Entry {
    pub fn sent(&self) -> bool {
        self.state != SubmissionState::Missing
    }
}

/// Every expected agency, in the plan's order.
#[derive(Debug, Clone, Default)]
pub struct Register {
    pub entries: Vec<Entry>,
    /// The consolidating body (it does not write a reminder to itself).
    consolidator: String,
}

/// Who a reminder letter goes to: the agencies that have not reported and those whose report
/// has errors, the consolidating body left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DueReminder<'a> {
    pub missing: Vec<&'a Entry>,
    pub with_errors: Vec<&'a Entry>,
    /// The consolidating body is expected to report and has not: counted by `check`, not written to.
    pub consolidator_missing: Option<&'a Entry>,
}

impl DueReminder<'_> {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.with_errors.is_empty()
    }
}

impl Register {
    /// The register of `intake` against the plan's expected agencies and the cycle's deadline.
    pub fn of(plan: &Plan, intake: &Intake, deadline: Option<NaiveDate>) -> Register {
        let by_agency: HashMap<&str, &Submission> = intake.submissions.iter().map(|s| (s.agency.as_str(), s)).collect();
        let mut diag_counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for d in &intake.diagnostics {
            if let Some(a) = &d.agency {
                let e = diag_counts.entry(a.as_str()).or_default();
                match d.severity {
                    Severity::Error => e.0 += 1,
                    Severity::Warning => e.1 += 1,
                }
            }
        }
        let entries = plan
            .reporting_agencies()
            .into_iter()
            .map(|a| {
                let sub = by_agency.get(a.id.as_str());
                let (errors, warnings) = diag_counts.get(a.id.as_str()).copied().unwrap_or_default();
                Entry {
                    agency: a.id.clone(),
                    name: a.name.clone(),
                    file: sub.map(|s| s.file.clone()),
                    report_date: sub.and_then(|s| s.report_date),
                    state: match sub {
                        None => SubmissionState::Missing,
                        Some(s) => SubmissionState::of(s.report_date, deadline),
                    },
                    duplicates: sub.map(|s| s.superseded.len()).unwrap_or(0),
                    errors,
                    warnings,
                }
            })
            .collect();
        Register { entries, consolidator: plan.meta.consolidated_by.clone() }
    }

    /// Agencies expected to report.
    pub fn expected(&self) -> usize {
        self.entries.len()
    }

    /// Agencies that sent a report.
    pub fn reported(&self) -> usize {
        self.entries.iter().filter(|e| e.sent()).count()
    }

    pub fn count(&self, state: SubmissionState) -> usize {
        self.entries.iter().filter(|e| e.state == state).count()
    }

    /// Agencies that have not reported, in the plan's order.
    pub fn missing(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.sent())
    }

    /// Who is due a reminder.
    pub fn due_reminder(&self) -> DueReminder<'_> {
        let mut due = DueReminder::default();
        for e in &self.entries {
            if e.agency == self.consolidator {
                if !e.sent() {
                    due.consolidator_missing = Some(e);
                }
            } else if !e.sent() {
                due.missing.push(e);
            } else if e.errors > 0 {
                due.with_errors.push(e);
            }
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, m, day)
    }

    #[test]
    fn a_report_dated_on_the_deadline_is_on_time_and_one_day_after_is_late() {
        let deadline = d(11, 25);
        assert_eq!(SubmissionState::of(d(11, 25), deadline), SubmissionState::OnTime);
        assert_eq!(SubmissionState::of(d(11, 26), deadline), SubmissionState::Late);
        assert_eq!(SubmissionState::of(None, deadline), SubmissionState::Undated);
        assert_eq!(SubmissionState::of(d(12, 31), None), SubmissionState::OnTime);
    }
}
