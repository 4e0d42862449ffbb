//! The records that pass between stages: what each agency reported, once read and checked.
//!
//! `validate` produces them from workbooks, `aggregate` consumes them, and the sample generator
//! writes workbooks that read back into exactly these values.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Location};
use crate::plan::Assessment;

/// A task's status as an agency reports it, plus "not reported".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Ordered from least to most advanced: a task's consolidated status is the minimum.
    NotReported,
    NotStarted,
    InProgress,
    Recurring,
    Done,
}

impl Status {
    /// The order tables list them in.
    pub const ALL: [Status; 5] =
        [Status::Done, Status::Recurring, Status::InProgress, Status::NotStarted, Status::NotReported];

    /// The four statuses an agency can report.
    pub const REPORTABLE: [Status; 4] = [Status::Done, Status::InProgress, Status::Recurring, Status::NotStarted];

    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "Hoàn thành",
            Status::Recurring => "Thường xuyên",
            Status::InProgress => "Đang thực hiện",
            Status::NotStarted => "Chưa thực hiện",
            Status::NotReported => "Chưa báo cáo",
        }
    }

    pub fn rank(self) -> u8 {
        self as u8
    }

    pub fn from_rank(rank: u8) -> Status {
        match rank {
            0 => Status::NotReported,
            1 => Status::NotStarted,
            2 => Status::InProgress,
            3 => Status::Recurring,
            _ => Status::Done,
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(self, Status::Done | Status::Recurring)
    }
}

/// One task row of a workbook, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskReport {
    pub task: String,
    /// None when the status cell was empty or unreadable: the task counts as not reported.
    pub status: Option<Status>,
    pub completed_on: Option<NaiveDate>,
    /// What the sender wrote after the status ("(đạt 80%)", "(chờ kinh phí)"), kept as written.
    #[serde(default)]
    pub status_note: String,
    pub result: String,
    pub difficulties: String,
    pub proposals: String,
    /// Where the row was read (to say so when a later report replaces it).
    #[serde(skip)]
    pub at: Option<Location>,
}

/// A task of the sender's own, outside the plan ("nhiệm vụ phát sinh"): kept as written, never
/// counted as a plan task.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnTask {
    pub name: String,
    pub status: Option<Status>,
    /// The status cell as written.
    pub status_text: String,
    pub result: String,
    pub at: Location,
}

/// One indicator row of a workbook, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorReport {
    pub indicator: String,
    /// The number reported (a rank for rank targets), in the indicator's unit.
    pub value: Option<f64>,
    /// The value as written, for qualitative indicators and for display.
    pub value_text: String,
    pub assessment: Option<Assessment>,
    pub note: String,
    /// Where the row was read.
    #[serde(skip)]
    pub at: Option<Location>,
}

/// What one agency sent, from the workbook that was used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Submission {
    pub agency: String,
    pub file: String,
    pub report_date: Option<NaiveDate>,
    /// Written by `tonghop sample`: demo data, never to be signed.
    pub sample: bool,
    /// A return form corrected by the agency names the file it replaces.
    pub corrects: Option<String>,
    pub tasks: Vec<TaskReport>,
    pub indicators: Vec<IndicatorReport>,
    /// Other files from the same agency that were not used.
    pub superseded: Vec<String>,
    /// Later reports of the same agency whose rows were merged into this one ("Báo cáo bổ sung").
    pub supplements: Vec<String>,
    /// Tasks of the sender's own, outside the plan.
    pub own_tasks: Vec<OwnTask>,
    /// Rows about a plan task or indicator that were not counted by a rule the officer should
    /// be able to see (a hidden row under a visible one).
    pub set_aside: Vec<SetAside>,
}

/// A row not counted although it names a plan task or indicator, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetAside {
    pub at: Location,
    /// "nhiệm vụ 62", "chỉ tiêu 6".
    pub what: String,
    pub why: &'static str,
}

impl Submission {
    /// A report of `agency` from `file` with nothing in it yet.
    pub fn empty(agency: &str, file: &str) -> Submission {
        Submission {
            agency: agency.to_string(),
            file: file.to_string(),
            report_date: None,
            sample: false,
            corrects: None,
            tasks: Vec::new(),
            indicators: Vec::new(),
            superseded: Vec::new(),
            supplements: Vec::new(),
            own_tasks: Vec::new(),
            set_aside: Vec::new(),
        }
    }
}

/// Everything read from the input folder.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Intake {
    pub submissions: Vec<Submission>,
    pub diagnostics: Vec<Diagnostic>,
    /// Workbooks found, including unreadable ones.
    pub files_found: usize,
    /// Files passed over (lock files, non-spreadsheets…), with the reason.
    pub skipped: Vec<(String, String)>,
}

impl Intake {
    pub fn has_sample_data(&self) -> bool {
        self.submissions.iter().any(|s| s.sample)
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == crate::diag::Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}
