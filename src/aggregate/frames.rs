//! The polars part of aggregation: one assignments frame, grouped by task, group and agency.

use std::collections::HashMap;

use polars::prelude::*;

use super::{status_index, Timeliness};
use crate::model::Status;

/// Assignment columns, filled row by row and turned into a DataFrame once.
#[derive(Default)]
pub struct Assignments {
    task: Vec<String>,
    group: Vec<String>,
    agency: Vec<String>,
    rank: Vec<i32>,
    recurring: Vec<bool>,
    overdue: Vec<bool>,
    done_late: Vec<bool>,
}

impl Assignments {
    pub fn push(&mut self, task: &str, group: &str, agency: &str, status: Status, recurring: bool, t: Timeliness) {
        self.task.push(task.to_string());
        self.group.push(group.to_string());
        self.agency.push(agency.to_string());
        self.rank.push(status.rank() as i32);
        self.recurring.push(recurring);
        self.overdue.push(t == Timeliness::Overdue);
        self.done_late.push(t == Timeliness::DoneLate);
    }
}

/// What the frames give back, keyed for the caller.
pub struct Computed {
    pub task_status: HashMap<String, Status>,
    /// Tasks by consolidated status, [`Status::ALL`] order.
    pub tasks: [usize; 5],
    pub by_group: HashMap<String, [usize; 5]>,
    pub assignments: [usize; 5],
    pub by_agency: HashMap<String, [usize; 5]>,
    pub overdue: usize,
    pub done_late: usize,
}

const DONE: i32 = Status::Done as i32;
const RECURRING: i32 = Status::Recurring as i32;
const IN_PROGRESS: i32 = Status::InProgress as i32;

pub fn compute(a: &Assignments) -> PolarsResult<Computed> {
    let df = df![
        "task" => a.task.as_slice(),
        "group" => a.group.as_slice(),
        "agency" => a.agency.as_slice(),
        "rank" => a.rank.as_slice(),
        "recurring" => a.recurring.as_slice(),
        "overdue" => a.overdue.as_slice(),
        "done_late" => a.done_late.as_slice(),
    ]?;
    let lf = df.lazy();

    // A task's consolidated status: done only when every lead is done; recurring when the task
    // is recurring and every lead reported it under way at least; else the least advanced.
    let tasks = lf
        .clone()
        .group_by([col("task"), col("group")])
        .agg([col("rank").min().alias("min"), col("recurring").first().alias("recurring")])
        .with_column(
            when(col("recurring").and(col("min").gt_eq(lit(IN_PROGRESS))).and(col("min").lt(lit(DONE))))
                .then(lit(RECURRING))
                .otherwise(col("min"))
                .alias("status"),
        )
        .select([col("task"), col("group"), col("status")])
        .collect()?;

    let mut task_status = HashMap::new();
    let mut task_counts = [0usize; 5];
    let mut by_group: HashMap<String, [usize; 5]> = HashMap::new();
    let names = tasks.column("task")?.str()?;
    let groups = tasks.column("group")?.str()?;
    let statuses = tasks.column("status")?.i32()?;
    for ((t, g), s) in names.iter().zip(groups.iter()).zip(statuses.iter()) {
        let (Some(t), Some(g), Some(s)) = (t, g, s) else {
            continue;
        };
        let status = Status::from_rank(s as u8);
        task_status.insert(t.to_string(), status);
        task_counts[status_index(status)] += 1;
        by_group.entry(g.to_string()).or_default()[status_index(status)] += 1;
    }

    let per_agency = lf.clone().group_by([col("agency"), col("rank")]).agg([len().alias("n")]).collect()?;
    let mut assignments = [0usize; 5];
    let mut by_agency: HashMap<String, [usize; 5]> = HashMap::new();
    let agencies = per_agency.column("agency")?.str()?;
    let ranks = per_agency.column("rank")?.i32()?;
    let counts = per_agency.column("n")?.as_materialized_series().cast(&DataType::UInt64)?;
    let counts = counts.u64()?;
    for ((a, r), n) in agencies.iter().zip(ranks.iter()).zip(counts.iter()) {
        let (Some(a), Some(r), Some(n)) = (a, r, n) else {
            continue;
        };
        let i = status_index(Status::from_rank(r as u8));
        assignments[i] += n as usize;
        by_agency.entry(a.to_string()).or_default()[i] += n as usize;
    }

    let flags =
        lf.select([col("overdue").sum().alias("overdue"), col("done_late").sum().alias("done_late")]).collect()?;
    let get = |name: &str| -> PolarsResult<usize> {
        let s = flags.column(name)?.as_materialized_series().cast(&DataType::UInt64)?;
        Ok(s.u64()?.get(0).unwrap_or(0) as usize)
    };
    Ok(Computed {
        task_status,
        tasks: task_counts,
        by_group,
        assignments,
        by_agency,
        overdue: get("overdue")?,
        done_late: get("done_late")?,
    })
}
