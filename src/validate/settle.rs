//! Putting the files of one agency together: a corrected return form replaces the file it
//! names; a later report that restates everything replaces the earlier; a later report that
//! updates some tasks ("Báo cáo bổ sung") is merged into it task by task, the later report date
//! winning, each superseded value said once. Then rows missing, lateness and sample data.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use super::problem::{Item, Problem};
use super::{Candidate, FileOutcome};
use crate::diag::{Diagnostic, Location, Subject};
use crate::model::{Intake, Submission};
use crate::plan::Plan;
use crate::register::SubmissionState;

/// Settles the files checked one by one: duplicates, supplements, missing rows, late
/// submissions, a mix of sample and real files. `outcomes` are in the order the files were found.
pub fn settle(plan: &Plan, deadline: Option<NaiveDate>, outcomes: Vec<FileOutcome>) -> Intake {
    let mut intake = Intake { files_found: outcomes.len(), ..Intake::default() };
    let mut by_agency: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
    for o in outcomes {
        intake.diagnostics.extend(o.diagnostics.finish(""));
        for c in o.candidates {
            by_agency.entry(c.submission.agency.clone()).or_default().push(c);
        }
    }
    let mut replaced_files: HashSet<String> = HashSet::new();
    let mut empty_files: HashSet<String> = HashSet::new();
    for (agency, list) in by_agency {
        let list = drop_empty(plan, &agency, list, &mut intake.diagnostics, &mut empty_files);
        let (list, replaced) = corrected(list);
        let Some(mut chosen) = combine(plan, &agency, list, &mut intake.diagnostics) else { continue };
        for c in replaced {
            replaced_files.insert(c.submission.file.clone());
            chosen.superseded.push(c.submission.file);
        }
        missing_rows(plan, &chosen, &mut intake.diagnostics);
        intake.submissions.push(chosen);
    }
    let samples = intake.submissions.iter().filter(|s| s.sample).count();
    if samples > 0 && samples < intake.submissions.len() {
        for s in intake.submissions.iter().filter(|s| !s.sample) {
            intake.diagnostics.push(Problem::SampleMixed.at(Location::file(&s.file)).agency(&s.agency));
        }
    }
    if let Some(deadline) = deadline {
        for s in &intake.submissions {
            let late = SubmissionState::of(s.report_date, Some(deadline)) == SubmissionState::Late;
            if let Some(d) = s.report_date.filter(|_| late) {
                let late = Problem::Late { date: d, deadline }.at(Location::file(&s.file));
                intake.diagnostics.push(late.agency(&s.agency));
            }
        }
    }
    // A file its corrected return form replaces has nothing left to say; one set aside for
    // holding no figures, only that (its missing tables are not the agency's errors).
    intake.diagnostics.retain(|d| {
        !replaced_files.contains(&d.location.file)
            && !(d.code == "table-missing" && empty_files.contains(&d.location.file))
    });
    intake.diagnostics.sort_by(|a, b| a.location.sort_key().cmp(&b.location.sort_key()).then(a.code.cmp(b.code)));
    intake
}

/// A file that names the agency but holds none of its figures, beside one that does, takes
/// nothing from it: it is set aside, and the officer told which file stands. (Alone, it is the
/// agency's report, and its missing tables are said.)
fn drop_empty(
    plan: &Plan,
    agency: &str,
    list: Vec<Candidate>,
    diags: &mut Vec<Diagnostic>,
    dropped: &mut HashSet<String>,
) -> Vec<Candidate> {
    let has_content = |c: &Candidate| {
        let s = &c.submission;
        !s.tasks.is_empty() || !s.indicators.is_empty() || !s.own_tasks.is_empty()
    };
    let Some(kept) = list.iter().find(|c| has_content(c)).map(|c| c.submission.file.clone()) else { return list };
    let (full, empty): (Vec<Candidate>, Vec<Candidate>) = list.into_iter().partition(has_content);
    for c in empty {
        let p = Problem::ReportEmpty { agency: plan.registry.name(agency), kept: &kept };
        diags.push(p.at(Location::file(&c.submission.file)).agency(agency));
        dropped.insert(c.submission.file);
    }
    full
}

/// A corrected return form replaces the file it was made from: that is what it is for, and no
/// one needs telling. The file is matched by name, wherever it sits in input/ (a corrected form
/// saved under its original's name names itself: nothing to replace). Returns the files that
/// stand and those replaced.
fn corrected(list: Vec<Candidate>) -> (Vec<Candidate>, Vec<Candidate>) {
    let base = |f: &str| f.rsplit('/').next().unwrap_or(f).to_string();
    let names: Vec<String> =
        list.iter().filter_map(|c| c.submission.corrects.clone().filter(|n| *n != base(&c.submission.file))).collect();
    let (replaced, stand): (Vec<Candidate>, Vec<Candidate>) =
        list.into_iter().partition(|c| names.contains(&base(&c.submission.file)));
    if stand.is_empty() {
        // Files that name each other: none replaces the others.
        return (replaced, Vec::new());
    }
    (stand, replaced)
}

/// One agency's reports in the order they were made (report date, then the time the file was
/// saved, then its name), folded into one: each later report either restates everything (and
/// replaces) or updates what it names.
fn combine(plan: &Plan, agency: &str, mut list: Vec<Candidate>, diags: &mut Vec<Diagnostic>) -> Option<Submission> {
    list.sort_by(|a, b| {
        (a.submission.report_date, a.modified, &a.submission.file).cmp(&(
            b.submission.report_date,
            b.modified,
            &b.submission.file,
        ))
    });
    let mut iter = list.into_iter();
    let mut base = iter.next()?.submission;
    let mut replaced: Vec<(String, Option<NaiveDate>)> = Vec::new();
    for next in iter {
        let next = next.submission;
        if restates(&next, &base) {
            replaced.push((base.file.clone(), base.report_date));
            replaced.extend(base.superseded.drain(..).map(|f| (f, None)));
            let mut next = next;
            next.supplements = std::mem::take(&mut base.supplements);
            base = next;
        } else {
            merge(&mut base, next, diags);
        }
    }
    if !replaced.is_empty() {
        let chosen = base.file.clone();
        let why = if replaced.iter().all(|(_, d)| d.is_some_and(|d| Some(d) < base.report_date)) {
            "có \"Ngày báo cáo\" muộn nhất"
        } else {
            "được lưu sau cùng"
        };
        for (file, _) in replaced {
            let p = Problem::DuplicateFile { agency: plan.registry.name(agency), chosen: &chosen, why };
            diags.push(p.at(Location::file(&file)).agency(agency));
            base.superseded.push(file);
        }
    }
    Some(base)
}

/// Whether `later` reports every task and indicator `earlier` does.
fn restates(later: &Submission, earlier: &Submission) -> bool {
    let tasks: HashSet<&str> = later.tasks.iter().map(|t| t.task.as_str()).collect();
    let indicators: HashSet<&str> = later.indicators.iter().map(|i| i.indicator.as_str()).collect();
    earlier.tasks.iter().all(|t| tasks.contains(t.task.as_str()))
        && earlier.indicators.iter().all(|i| indicators.contains(i.indicator.as_str()))
}

/// A supplement's rows over the report they update; each value replaced is said at its row in
/// the earlier file.
fn merge(base: &mut Submission, later: Submission, diags: &mut Vec<Diagnostic>) {
    let date = later.report_date;
    let said = |item: Item, code: &str, at: Option<Location>, file: &str| {
        let at = at.unwrap_or_else(|| Location::file(file));
        let subject = match item {
            Item::Task => Subject::Task { code: code.to_string(), field: crate::diag::Field::Code },
            Item::Indicator => Subject::Indicator { code: code.to_string(), field: crate::diag::Field::Code },
        };
        Problem::ValueSuperseded { item, code, by: &later.file, date }.at(at).found(code).about(subject)
    };
    for t in &later.tasks {
        match base.tasks.iter_mut().find(|b| b.task == t.task) {
            Some(b) => {
                diags.push(said(Item::Task, &t.task, b.at.clone(), &base.file).agency(&base.agency));
                *b = t.clone();
            }
            None => base.tasks.push(t.clone()),
        }
    }
    for i in &later.indicators {
        match base.indicators.iter_mut().find(|b| b.indicator == i.indicator) {
            Some(b) => {
                diags.push(said(Item::Indicator, &i.indicator, b.at.clone(), &base.file).agency(&base.agency));
                *b = i.clone();
            }
            None => base.indicators.push(i.clone()),
        }
    }
    base.own_tasks.extend(later.own_tasks.iter().cloned());
    base.set_aside.extend(later.set_aside.iter().cloned());
    base.supplements.push(later.file.clone());
    base.supplements.extend(later.supplements.iter().cloned());
}

/// Assigned tasks and tracked indicators the workbook leaves out.
fn missing_rows(plan: &Plan, s: &Submission, diags: &mut Vec<Diagnostic>) {
    let have: HashSet<&str> = s.tasks.iter().map(|t| t.task.as_str()).collect();
    let missing: Vec<&str> = plan.tasks_of(&s.agency).map(|t| t.code.as_str()).filter(|c| !have.contains(c)).collect();
    if !missing.is_empty() {
        diags.push(
            Problem::TaskMissing { count: missing.len() }
                .at(Location::file(&s.file))
                .found(format!("không có dòng cho nhiệm vụ {}", missing.join(", ")))
                .agency(&s.agency)
                .about(Subject::MissingTasks { codes: missing.iter().map(|c| c.to_string()).collect() }),
        );
    }
    let have: HashSet<&str> = s.indicators.iter().map(|i| i.indicator.as_str()).collect();
    let missing: Vec<&str> =
        plan.indicators_of(&s.agency).map(|i| i.code.as_str()).filter(|c| !have.contains(c)).collect();
    if !missing.is_empty() {
        diags.push(
            Problem::IndicatorMissing { count: missing.len() }
                .at(Location::file(&s.file))
                .found(format!("không có dòng cho chỉ tiêu {}", missing.join(", ")))
                .agency(&s.agency)
                .about(Subject::MissingIndicators { codes: missing.iter().map(|c| c.to_string()).collect() }),
        );
    }
}
