//! A cycle's figures as kept in the history store, and their Parquet encoding (polars).
//!
//! One long table per cycle: (kind, key, status, value, text). Encoding and decoding work on
//! bytes; the `history` module decides where they live and writes them atomically.

use std::io::Cursor;

use polars::prelude::*;
use polars_io::parquet::read::ParquetReader;
use polars_io::parquet::write::ParquetWriter;
use polars_io::SerReader;
use serde::Serialize;

use chrono::{Datelike, NaiveDate};

use super::{status_index, Figures};
use crate::model::{Intake, Status};

/// What is kept of a cycle to compare the next one with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub plan: String,
    pub year: i32,
    pub period: u32,
    /// Tasks by consolidated status, [`Status::ALL`] order.
    pub tasks: [usize; 5],
    /// Per group: code and tasks by status.
    pub groups: Vec<(String, [usize; 5])>,
    /// Per indicator: code, value reported, verdict label.
    pub indicators: Vec<(String, Option<f64>, String)>,
    /// Per agency: id and assignments by status.
    pub agencies: Vec<(String, [usize; 5])>,
    /// What each agency reported of each of its tasks (those with a status): the next cycle's
    /// forms start from it. Not part of the JSON figures.
    #[serde(skip)]
    pub assignments: Vec<Assignment>,
    /// Whether the figures came from sample data: such a record is never compared with nor
    /// pre-filled from. A record written before this was kept reads as not sample.
    #[serde(skip)]
    pub sample: bool,
    /// The files the figures came from and a hash of each (FNV-1a, hex), so a record says what
    /// it was made of.
    #[serde(skip)]
    pub inputs: Vec<(String, String)>,
}

/// One agency's report on one task, as kept for the next cycle.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub agency: String,
    pub task: String,
    pub status: Status,
    pub completed_on: Option<NaiveDate>,
    pub result: String,
}

/// Separates agency and task in an assignment's key (neither can contain it).
const KEY_SEPARATOR: char = '\u{1f}';

impl Snapshot {
    pub fn of(figures: &Figures, intake: &Intake, plan: &str, year: i32, period: u32) -> Snapshot {
        Snapshot {
            plan: plan.to_string(),
            year,
            period,
            tasks: figures.tasks.by_status,
            groups: figures.groups.iter().map(|g| (g.code.clone(), g.counts.by_status)).collect(),
            indicators: figures
                .indicator_rows
                .iter()
                .map(|r| (r.code.clone(), r.value, r.verdict.label().to_string()))
                .collect(),
            agencies: figures.register.iter().map(|r| (r.agency.clone(), r.assignments.by_status)).collect(),
            assignments: intake
                .submissions
                .iter()
                .flat_map(|s| {
                    s.tasks.iter().filter_map(|t| {
                        Some(Assignment {
                            agency: s.agency.clone(),
                            task: t.task.clone(),
                            status: t.status?,
                            completed_on: t.completed_on,
                            result: t.result.clone(),
                        })
                    })
                })
                .collect(),
            sample: figures.sample,
            inputs: Vec::new(),
        }
    }

    pub fn done(&self) -> usize {
        self.tasks[status_index(Status::Done)]
    }

    pub fn group_done(&self, code: &str) -> Option<usize> {
        self.groups.iter().find(|(c, _)| c == code).map(|(_, s)| s[status_index(Status::Done)])
    }

    pub fn indicator_value(&self, code: &str) -> Option<f64> {
        self.indicators.iter().find(|(c, _, _)| c == code).and_then(|(_, v, _)| *v)
    }
}

#[derive(Default)]
struct Rows {
    kind: Vec<String>,
    key: Vec<String>,
    status: Vec<Option<i32>>,
    value: Vec<Option<f64>>,
    text: Vec<Option<String>>,
}

impl Rows {
    fn push(&mut self, kind: &str, key: &str, status: Option<i32>, value: Option<f64>, text: Option<String>) {
        self.kind.push(kind.into());
        self.key.push(key.into());
        self.status.push(status);
        self.value.push(value);
        self.text.push(text);
    }

    fn counts(&mut self, kind: &str, key: &str, counts: &[usize; 5]) {
        for (s, n) in Status::ALL.iter().zip(counts) {
            self.push(kind, key, Some(*s as i32), Some(*n as f64), None);
        }
    }
}

/// Parquet bytes of a snapshot.
pub fn encode(s: &Snapshot) -> PolarsResult<Vec<u8>> {
    let mut r = Rows::default();
    r.push("meta", "plan", None, None, Some(s.plan.clone()));
    r.push("meta", "cycle", Some(s.period as i32), Some(s.year as f64), None);
    r.push("meta", "sample", Some(i32::from(s.sample)), None, None);
    for (file, hash) in &s.inputs {
        r.push("input", file, None, None, Some(hash.clone()));
    }
    r.counts("tasks", "", &s.tasks);
    for (code, c) in &s.groups {
        r.counts("group", code, c);
    }
    for (code, value, verdict) in &s.indicators {
        r.push("indicator", code, None, *value, Some(verdict.clone()));
    }
    for (id, c) in &s.agencies {
        r.counts("agency", id, c);
    }
    for a in &s.assignments {
        r.push(
            "assignment",
            &format!("{}{KEY_SEPARATOR}{}", a.agency, a.task),
            Some(a.status as i32),
            a.completed_on.map(|d| d.num_days_from_ce() as f64),
            Some(a.result.clone()),
        );
    }
    let mut df = df![
        "kind" => r.kind,
        "key" => r.key,
        "status" => r.status,
        "value" => r.value,
        "text" => r.text,
    ]?;
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf).finish(&mut df)?;
    Ok(buf)
}

/// A snapshot from Parquet bytes.
/// Rows a cycle's record may hold: the largest plan's (README, "Giới hạn") figures and reports
/// with room to spare; a record past it is not one tonghop wrote.
const MAX_ROWS: usize = 500_000;

pub fn decode(bytes: &[u8]) -> PolarsResult<Snapshot> {
    let df = ParquetReader::new(Cursor::new(bytes.to_vec())).finish()?;
    let kind = df.column("kind")?.str()?;
    let key = df.column("key")?.str()?;
    let status = df.column("status")?.i32()?;
    let value = df.column("value")?.f64()?;
    let text = df.column("text")?.str()?;
    let mut s = Snapshot {
        plan: String::new(),
        year: 0,
        period: 0,
        tasks: [0; 5],
        groups: vec![],
        indicators: vec![],
        agencies: vec![],
        assignments: vec![],
        sample: false,
        inputs: vec![],
    };
    if df.height() > MAX_ROWS {
        return Err(PolarsError::ComputeError(
            format!("{} dòng, quá giới hạn {MAX_ROWS} của một kỳ", df.height()).into(),
        ));
    }
    // Where each key's row is, per list: a record of many agencies costs one pass, not n².
    let mut index: std::collections::HashMap<(bool, String), usize> = std::collections::HashMap::new();
    let mut add = |list: &mut Vec<(String, [usize; 5])>, agency: bool, k: &str, st: Option<i32>, v: Option<f64>| {
        let i = *index.entry((agency, k.to_string())).or_insert_with(|| {
            list.push((k.to_string(), [0; 5]));
            list.len() - 1
        });
        if let (Some(st), Some(v)) = (st, v) {
            list[i].1[status_index(Status::from_rank(st as u8))] = v as usize;
        }
    };
    for i in 0..df.height() {
        let (Some(kd), Some(k)) = (kind.get(i), key.get(i)) else { continue };
        let (st, v, t) = (status.get(i), value.get(i), text.get(i));
        match kd {
            "meta" if k == "plan" => s.plan = t.unwrap_or_default().to_string(),
            "meta" if k == "sample" => s.sample = st == Some(1),
            "input" => s.inputs.push((k.to_string(), t.unwrap_or_default().to_string())),
            "meta" if k == "cycle" => {
                s.period = st.unwrap_or(0) as u32;
                s.year = v.unwrap_or(0.0) as i32;
            }
            "tasks" => {
                if let (Some(st), Some(v)) = (st, v) {
                    s.tasks[status_index(Status::from_rank(st as u8))] = v as usize;
                }
            }
            "group" => add(&mut s.groups, false, k, st, v),
            "agency" => add(&mut s.agencies, true, k, st, v),
            "indicator" => s.indicators.push((k.to_string(), v, t.unwrap_or_default().to_string())),
            "assignment" => {
                let (Some((agency, task)), Some(st)) = (k.split_once(KEY_SEPARATOR), st) else { continue };
                s.assignments.push(Assignment {
                    agency: agency.to_string(),
                    task: task.to_string(),
                    status: Status::from_rank(st as u8),
                    completed_on: v.and_then(|d| NaiveDate::from_num_days_from_ce_opt(d as i32)),
                    result: t.unwrap_or_default().to_string(),
                });
            }
            _ => {}
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_parquet() {
        let s = Snapshot {
            plan: "kh".into(),
            year: 2026,
            period: 1,
            tasks: [5, 4, 3, 2, 1],
            groups: vec![("I".into(), [1, 2, 3, 4, 5]), ("II".into(), [0, 0, 1, 0, 0])],
            indicators: vec![
                ("8.10".into(), Some(97.5), "Chưa đạt".into()),
                ("2".into(), None, "Chưa có số liệu".into()),
            ],
            agencies: vec![("so-y-te".into(), [3, 0, 1, 0, 0])],
            assignments: vec![
                Assignment {
                    agency: "so-y-te".into(),
                    task: "1.10".into(),
                    status: Status::Done,
                    completed_on: NaiveDate::from_ymd_opt(2026, 3, 31),
                    result: "Quyết định số 12/QĐ-SYT".into(),
                },
                Assignment {
                    agency: "so-y-te".into(),
                    task: "2".into(),
                    status: Status::Recurring,
                    completed_on: None,
                    result: String::new(),
                },
            ],
            sample: true,
            inputs: vec![("so-y-te.xlsx".into(), "00ff".into())],
        };
        let bytes = encode(&s).unwrap();
        assert_eq!(decode(&bytes).unwrap(), s);
        assert!(decode(b"not parquet").is_err());
    }

    fn with_agencies(n: usize) -> Snapshot {
        Snapshot {
            plan: "kh".into(),
            year: 2026,
            period: 1,
            tasks: [0; 5],
            groups: vec![],
            indicators: vec![],
            agencies: (0..n).map(|i| (format!("co-quan-{i}"), [1, 0, 0, 0, 0])).collect(),
            assignments: vec![],
            sample: false,
            inputs: vec![],
        }
    }

    #[test]
    fn a_record_of_many_agencies_is_read_in_one_pass_and_one_past_the_limit_is_refused() {
        // 90.000 agencies (450.000 rows): each row found by its key, not by a search of those
        // before it (which took 86 s for 200.000).
        let s = with_agencies(90_000);
        assert_eq!(decode(&encode(&s).unwrap()).unwrap().agencies.len(), 90_000);
        // Each agency is 5 rows (one per status): 120.000 agencies are 600.000 rows.
        let err = decode(&encode(&with_agencies(120_000)).unwrap()).unwrap_err().to_string();
        assert!(err.contains("quá giới hạn 500000"), "{err}");
    }
}
