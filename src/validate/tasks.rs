//! The task table's reader: which plan task each data row is, decided from everything in the
//! row (its code in any form, its name, or its name alone), then its status, completion date,
//! result, difficulties and proposals. Every row it is given gets exactly one [`Fate`].

use std::collections::HashSet;

use chrono::NaiveDate;

use super::context::Ctx;
use super::fate::{Fate, RowFate, Skip};
use super::identity::{self, Identity, TaskNames};
use super::problem::{Item, Problem};
use super::rows::{walk, RowClass};
use super::tables::{Column, Table};
use super::values::{parse_date, parse_status_phrase, parse_typed_code, TypedCode};
use crate::diag::{Field, Subject};
use crate::fold::{clean_text, fold};
use crate::ingest::Cell;
use crate::model::{OwnTask, Status, Submission, TaskReport};
use crate::plan::Plan;

/// Which plan task a data row is, before its values are read.
#[derive(Debug, Clone, PartialEq)]
enum RowId {
    /// This task; `typed` is the code the row carried when its name placed it elsewhere.
    Task {
        code: String,
        typed: Option<String>,
    },
    Skip(Skip),
    /// Not counted; the diagnostic is pushed.
    Diagnosed(&'static str),
}

/// Reads one task table into `out`; `seen` holds the tasks already read from this report (by
/// an earlier table), so a task is counted once.
pub(crate) fn read(ctx: &mut Ctx, t: &Table, seen: &mut HashSet<String>, out: &mut Submission) -> Vec<RowFate> {
    let sheet = &ctx.book.sheets[t.sheet];
    let names = TaskNames::new(ctx.plan);
    let mut claimed: HashSet<String> = HashSet::new();
    let classes = walk(sheet, t);
    // Data rows identified, the visible ones first (a name shared by several plan tasks places
    // this cycle's rows before last cycle's hidden copies); the walker's decisions kept as they are.
    let mut found: Vec<Option<RowId>> = vec![None; classes.len()];
    for hidden_pass in [false, true] {
        for (i, &(r, class)) in classes.iter().enumerate() {
            if class == RowClass::Data && ctx.hidden(t, r) == hidden_pass {
                found[i] = Some(identify(ctx, t, r, &names, &mut claimed));
            }
        }
    }
    let ids: Vec<(usize, Result<RowId, Fate>)> = classes
        .iter()
        .zip(found)
        .map(|(&(r, class), id)| match (class, id) {
            (RowClass::Skip(s), _) => (r, Err(Fate::Skipped(s))),
            (RowClass::Own, _) => (r, Err(Fate::Own)),
            (RowClass::Data, Some(id)) => (r, Ok(id)),
            // Every data row was identified in one of the two passes.
            (RowClass::Data, None) => (r, Ok(RowId::Skip(Skip::Outside))),
        })
        .collect();
    let own_numbering = own_numbering(ctx, t, &ids);
    // A hidden row speaks for a task only when no visible row does.
    let any_hidden = ids.iter().any(|(r, _)| ctx.hidden(t, *r));
    let shown: HashSet<String> = ids
        .iter()
        .filter(|_| any_hidden)
        .filter(|(r, _)| !ctx.hidden(t, *r))
        .filter_map(|(_, id)| match id {
            Ok(RowId::Task { code, .. }) => Some(code.clone()),
            _ => None,
        })
        .collect();
    let layout = Layout::of(t);
    let mut fates = Vec::with_capacity(ids.len());
    for (r, id) in ids {
        let fate = match id {
            Err(Fate::Own) => read_own(ctx, t, r, &layout, out),
            Err(fate) => fate,
            Ok(RowId::Skip(s)) => Fate::Skipped(s),
            Ok(RowId::Diagnosed(code)) => Fate::Diagnosed(code),
            Ok(RowId::Task { code, .. }) if ctx.hidden(t, r) && shown.contains(&code) => {
                set_aside(ctx, t, r, &format!("nhiệm vụ {code}"), out)
            }
            Ok(RowId::Task { code, typed }) => {
                if let Some(typed) = typed.filter(|_| !own_numbering) {
                    let at = ctx.at(t, r, t.col(Column::Code).unwrap_or(0));
                    ctx.push(Problem::TaskCodeMismatch { typed: &typed, task: &code }.at(at).found(typed.clone()));
                }
                place(ctx, t, r, code, &layout, seen, out)
            }
        };
        fates.push(RowFate { sheet: t.sheet, row: r, fate });
    }
    fates
}

/// A hidden row under a visible one about the same task or indicator: not counted, and listed
/// for the officer.
pub(crate) fn set_aside(ctx: &Ctx, t: &Table, r: usize, what: &str, out: &mut Submission) -> Fate {
    let at = ctx.at(t, r, t.col(Column::Code).or(t.col(Column::Name)).unwrap_or(0));
    out.set_aside.push(crate::model::SetAside { at, what: what.to_string(), why: Skip::HiddenStale.label() });
    Fate::Skipped(Skip::HiddenStale)
}

/// Many rows whose names are other tasks': the sender numbered the rows itself (said once).
fn own_numbering(ctx: &mut Ctx, t: &Table, ids: &[(usize, Result<RowId, Fate>)]) -> bool {
    let data = ids.iter().filter(|(_, id)| id.is_ok()).count();
    let renamed = ids.iter().filter(|(_, id)| matches!(id, Ok(RowId::Task { typed: Some(_), .. }))).count();
    let own = renamed >= 3 && renamed * 2 >= data;
    if own {
        let at = crate::diag::Location {
            file: ctx.book.file.clone(),
            sheet: Some(ctx.book.sheets[t.sheet].name.clone()),
            cell: None,
        };
        ctx.push(Problem::OwnNumbering { renamed }.at(at));
    }
    own
}

/// The task a data row is: by its code and its name together, or by its name alone.
fn identify(ctx: &mut Ctx, t: &Table, r: usize, names: &TaskNames, claimed: &mut HashSet<String>) -> RowId {
    let code_col = t.col(Column::Code);
    let book = ctx.book;
    let sheet = &book.sheets[t.sheet];
    let code_cell = code_col.map_or(&Cell::Empty, |c| sheet.get(r, c));
    let name = ctx.cell(t, r, Column::Name).display();
    let Some(typed) = parse_typed_code(code_cell) else {
        // No code the row can be placed by: its name alone decides.
        if let Some(code) = claim(ctx, names, &name, claimed) {
            return RowId::Task { code, typed: None };
        }
        let at = ctx.at(t, r, code_col.or(t.col(Column::Name)).unwrap_or(0));
        if let Cell::Uncomputed(_) = code_cell {
            ctx.push(Problem::FormulaUncomputed.at(at).found(code_cell.display()));
            return RowId::Diagnosed("formula-uncomputed");
        }
        let shown = code_cell.display();
        let found = if shown.trim().is_empty() { "(ô mã để trống)".to_string() } else { shown };
        ctx.push(Problem::RowUnread { item: Item::Task }.at(at).found(found));
        return RowId::Diagnosed("row-unread");
    };
    // A group heading numbered like a task ("1" over tasks 1.1, 1.2…): the plan's group code
    // with the group's own title beside it, or with no task of that code and nothing reported
    // (a row with a status is a task, whatever its number says).
    if let Some(g) = ctx.plan.groups.iter().find(|g| g.code == typed.code && typed.group.is_none()) {
        let title = fold(&name);
        let reports = [Column::Status, Column::Result, Column::CompletedOn]
            .into_iter()
            .chain(Column::MARKS)
            .any(|c| !ctx.cell(t, r, c).is_empty());
        if (!title.is_empty() && title == fold(&g.title)) || (ctx.plan.task(&typed.code).is_none() && !reports) {
            return RowId::Skip(Skip::Group);
        }
    }
    let code = in_group(ctx.plan, &typed, names, &name);
    // Task 1.10 typed as the number 1.1: the name decides, as for indicators.
    let numeric = matches!(code_cell, Cell::Number(_));
    let (code, undecided) =
        identity::resolve_dotted_code(|c| ctx.plan.task(c).map(|t| t.name.as_str()), code, numeric, &name);
    if undecided {
        let at = ctx.at(t, r, code_col.unwrap_or(0));
        ctx.push(Problem::CodeAmbiguous { item: Item::Task, code: &code }.at(at).found(code_cell.display()));
    }
    if name.trim().is_empty() {
        return RowId::Task { code, typed: None };
    }
    match identity::identify(names, &code, &name) {
        Identity::Code => {
            claimed.insert(code.clone());
            RowId::Task { code, typed: None }
        }
        Identity::Name(task) => {
            claimed.insert(task.clone());
            RowId::Task { code: task, typed: Some(code) }
        }
        // Several plan tasks of the same name: the name places the row among them.
        Identity::Contradiction if claim_peek(ctx, names, &name, claimed).is_some() => {
            let task = claim(ctx, names, &name, claimed).unwrap_or_default();
            RowId::Task { code: task, typed: Some(code) }
        }
        Identity::Contradiction => {
            let at = ctx.at(t, r, t.col(Column::Name).unwrap_or(0));
            let plan_name = ctx.plan.task(&code).map(|t| t.name.as_str()).unwrap_or("");
            ctx.push(Problem::TaskNameMismatch { typed: &code, plan_name }.at(at).found(name));
            RowId::Diagnosed("task-name-mismatch")
        }
    }
}

/// The task a name alone places the row under: the first of the tasks it fits (the plan may give
/// several the same name) that the sender leads and no earlier row took; marked as taken.
fn claim(ctx: &Ctx, names: &TaskNames, name: &str, claimed: &mut HashSet<String>) -> Option<String> {
    let code = claim_peek(ctx, names, name, claimed)?;
    claimed.insert(code.clone());
    Some(code)
}

fn claim_peek(ctx: &Ctx, names: &TaskNames, name: &str, claimed: &HashSet<String>) -> Option<String> {
    let all = identity::by_name_all(names, name);
    let led = |c: &String| ctx.plan.tasks_of(ctx.agency).any(|t| &t.code == c);
    match all.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        several => several.iter().find(|c| led(c) && !claimed.contains(*c)).or(several.first()).cloned(),
    }
}

/// A code written under its group ("III.7"): the plan's own code when it has one; else the 7th
/// task of group III or task 7 when it is in group III, the row's name deciding when both are.
fn in_group(plan: &Plan, typed: &TypedCode, names: &TaskNames, name: &str) -> String {
    let Some(group) = &typed.group else { return typed.code.clone() };
    let whole = format!("{group}.{}", typed.code);
    if plan.task(&whole).is_some() {
        return whole;
    }
    let literal = plan.task(&typed.code).filter(|t| &t.group == group).map(|t| t.code.clone());
    let nth: Option<usize> = typed.code.parse().ok();
    let nth = nth
        .and_then(|n| plan.tasks.iter().filter(|t| &t.group == group).nth(n.checked_sub(1)?))
        .map(|t| t.code.clone());
    match (nth, literal) {
        (Some(a), Some(b)) if a != b && !name.trim().is_empty() => {
            if identity::identify(names, &b, name) == Identity::Code
                && identity::identify(names, &a, name) != Identity::Code
            {
                b
            } else {
                a
            }
        }
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => typed.code.clone(),
    }
}

/// How the table gives a status: in one column, or marked in one column per status.
struct Layout {
    status: Option<usize>,
    marks: Vec<(Status, usize)>,
}

impl Layout {
    fn of(t: &Table) -> Layout {
        let marks = [
            (Column::MarkDone, Status::Done),
            (Column::MarkInProgress, Status::InProgress),
            (Column::MarkRecurring, Status::Recurring),
            (Column::MarkNotStarted, Status::NotStarted),
        ]
        .into_iter()
        .filter_map(|(c, s)| t.col(c).map(|i| (s, i)))
        .collect();
        Layout { status: t.col(Column::Status), marks }
    }

    /// The column a status problem is shown at.
    fn status_col(&self) -> usize {
        self.status.or(self.marks.first().map(|m| m.1)).unwrap_or(0)
    }

    fn untouched(&self, ctx: &Ctx, t: &Table, r: usize) -> bool {
        let sheet = &ctx.book.sheets[t.sheet];
        self.status.is_none_or(|c| sheet.get(r, c).is_empty())
            && self.marks.iter().all(|(_, c)| sheet.get(r, *c).is_empty())
            && ctx.cell(t, r, Column::Result).is_empty()
    }
}

/// A plan task's row: counted once, for a task the sender leads.
fn place(
    ctx: &mut Ctx,
    t: &Table,
    r: usize,
    code: String,
    layout: &Layout,
    seen: &mut HashSet<String>,
    out: &mut Submission,
) -> Fate {
    let at = ctx.at(t, r, t.col(Column::Code).or(t.col(Column::Name)).unwrap_or(0));
    if ctx.plan.task(&code).is_none() {
        let found = ctx.cell(t, r, Column::Code).display();
        ctx.push(
            Problem::CodeUnknown { item: Item::Task, code: &code, tasks: Some(ctx.plan.tasks.len()) }
                .at(at)
                .found(found),
        );
        return Fate::Diagnosed("code-unknown");
    }
    if !ctx.plan.tasks_of(ctx.agency).any(|task| task.code == code) {
        // An untouched row of the generic form: nothing reported, nothing to say.
        if layout.untouched(ctx, t, r) {
            return Fate::Skipped(Skip::Untouched);
        }
        ctx.push(Problem::TaskNotAssigned { task: &code }.at(at).found(code.clone()));
        return Fate::Diagnosed("task-not-assigned");
    }
    if !seen.insert(code.clone()) {
        // The same status again says nothing new; another status contradicts the first row.
        let mut scratch = super::Diags::default();
        let mut quiet = Ctx { diags: &mut scratch, ..*ctx };
        let again = status(&mut quiet, t, r, &code, layout).0;
        let first = out.tasks.iter().find(|x| x.task == code).and_then(|x| x.status);
        if again.is_some() && again == first {
            return Fate::Skipped(Skip::Repeated);
        }
        ctx.push(Problem::CodeDuplicate { item: Item::Task, code: &code }.at(at).found(code.clone()));
        return Fate::Diagnosed("code-duplicate");
    }
    if ctx.hidden(t, r) {
        ctx.push(Problem::HiddenRow { item: Item::Task, code: &code }.at(at.clone()).found(code.clone()));
    }
    let (status, status_note) = status(ctx, t, r, &code, layout);
    let completed_on = completion(ctx, t, r, &code);
    out.tasks.push(TaskReport {
        task: code.clone(),
        status,
        completed_on,
        status_note,
        result: ctx.text(t, r, Column::Result),
        difficulties: ctx.text(t, r, Column::Difficulties),
        proposals: ctx.text(t, r, Column::Proposals),
        at: Some(at),
    });
    Fate::Read(Item::Task, code)
}

/// A task of the sender's own, outside the plan: kept as written, never counted.
fn read_own(ctx: &mut Ctx, t: &Table, r: usize, layout: &Layout, out: &mut Submission) -> Fate {
    let sheet = &ctx.book.sheets[t.sheet];
    let status_text = match layout.status {
        Some(c) => clean_text(&sheet.get(r, c).display()),
        None => layout
            .marks
            .iter()
            .find(|(_, c)| is_mark(sheet.get(r, *c)))
            .map(|(s, _)| s.label().to_string())
            .unwrap_or_default(),
    };
    out.own_tasks.push(OwnTask {
        name: ctx.text(t, r, Column::Name),
        status: parse_status_phrase(&status_text).ok().map(|(s, _)| s),
        status_text,
        result: ctx.text(t, r, Column::Result),
        at: ctx.at(t, r, t.col(Column::Name).or(t.col(Column::Code)).unwrap_or(0)),
    });
    Fate::Own
}

/// The row's status and what the sender wrote after it.
fn status(ctx: &mut Ctx, t: &Table, r: usize, code: &str, layout: &Layout) -> (Option<Status>, String) {
    let sheet = &ctx.book.sheets[t.sheet];
    // Where a problem is shown, made only when there is one.
    let at = |ctx: &Ctx| ctx.at(t, r, layout.status_col());
    let Some(col) = layout.status else {
        let marked: Vec<(Status, usize)> =
            layout.marks.iter().copied().filter(|(_, c)| is_mark(sheet.get(r, *c))).collect();
        return match marked.as_slice() {
            [] => {
                ctx.push(Problem::StatusEmpty { task: code, marks: true }.at(at(ctx)));
                (None, String::new())
            }
            [(s, c)] => {
                let v = sheet.get(r, *c).display();
                (Some(*s), if is_mark_symbol(&v) { String::new() } else { clean_text(&v) })
            }
            [first, ..] => {
                let found: Vec<String> = marked.iter().map(|(s, _)| s.label().to_string()).collect();
                let at = ctx.at(t, r, first.1);
                ctx.push(Problem::StatusContradictory { task: code, marks: true }.at(at).found(found.join(", ")));
                (None, String::new())
            }
        };
    };
    let cell = sheet.get(r, col);
    if let Cell::Uncomputed(_) = cell {
        let d = Problem::FormulaUncomputed.at(at(ctx)).found(cell.display());
        ctx.push(d.about(Subject::Task { code: code.to_string(), field: Field::Status }));
        return (None, String::new());
    }
    if cell.is_empty() {
        ctx.push(Problem::StatusEmpty { task: code, marks: false }.at(at(ctx)));
        return (None, String::new());
    }
    if let Some(read) = progress(cell) {
        return read;
    }
    let found = cell.display();
    match parse_status_phrase(&found) {
        Ok((s, note)) => (Some(s), note),
        Err(true) => {
            ctx.push(Problem::StatusContradictory { task: code, marks: false }.at(at(ctx)).found(found));
            (None, String::new())
        }
        Err(false) => {
            ctx.push(Problem::StatusInvalid { task: code }.at(at(ctx)).found(found));
            (None, String::new())
        }
    }
}

/// A progress written in the status column ("Tiến độ thực hiện": 100%, "80%", 0,5 formatted as
/// a percentage, "đạt 80%"): 100 % is done, 0 % not started, anything between in progress; the
/// figure is kept as the sender's note.
fn progress(cell: &Cell) -> Option<(Option<Status>, String)> {
    let percent = match cell {
        Cell::Number(n) if (0.0..=1.0).contains(n) => n * 100.0,
        Cell::Number(n) if (1.0..=100.0).contains(n) => *n,
        Cell::Text(t) if t.contains('%') => {
            let q = super::values::parse_quantity(t)?;
            if !q.percent || !q.unit.is_empty() || !(0.0..=100.0).contains(&q.value) {
                return None;
            }
            q.value
        }
        _ => return None,
    };
    let status = if percent >= 100.0 {
        Status::Done
    } else if percent <= 0.0 {
        Status::NotStarted
    } else {
        Status::InProgress
    };
    Some((Some(status), format!("(tiến độ {}%)", crate::vn::number(super::values::denoise(percent)))))
}

/// The completion date, when given and plausible.
fn completion(ctx: &mut Ctx, t: &Table, r: usize, code: &str) -> Option<NaiveDate> {
    let col = t.col(Column::CompletedOn)?;
    let cell = ctx.book.sheets[t.sheet].get(r, col).clone();
    if cell.is_empty() {
        return None;
    }
    let at = ctx.at(t, r, col);
    let window = ctx.window;
    let Some(done) = parse_date(&cell, ctx.book.date_1904) else {
        ctx.push(Problem::DateInvalid { task: Some(code) }.at(at).found(cell.display()));
        return None;
    };
    if !window.contains(done) {
        let what = format!("ngày hoàn thành của nhiệm vụ {code}");
        let d = Problem::DateImplausible { what: &what, window }.at(at).found(cell.display());
        ctx.push(d.about(Subject::Task { code: code.to_string(), field: Field::CompletedOn }));
        return None;
    }
    // After the file's own report date; or, in a file with no report date, after the
    // consolidated report is made: not yet come. (A late file may be dated after the pinned
    // document date, and its completions with it: its own date is the one to compare with.)
    let problem = match (ctx.report_date, window.document) {
        (Some(report), _) if done > report => Some(Problem::CompletedAfterReport { task: code, report }),
        (None, Some(document)) if done > document => Some(Problem::CompletedInFuture { task: code, document }),
        _ => None,
    };
    if let Some(p) = problem {
        ctx.push(p.at(at).found(cell.display()));
    }
    Some(done)
}

/// Symbols people put in a status column to mark it.
fn is_mark_symbol(v: &str) -> bool {
    matches!(v.trim(), "x" | "X" | "✓" | "✔" | "☑" | "☒" | "v" | "V" | "1" | "•" | "●" | "+" | "√")
}

/// A cell that marks its status column: a mark symbol, or any other note ("80%"), but not a
/// zero, a dash or a "no".
fn is_mark(cell: &Cell) -> bool {
    match cell {
        Cell::Empty => false,
        Cell::Number(n) => *n != 0.0,
        Cell::Bool(b) => *b,
        Cell::Text(t) => {
            let t = t.trim();
            !t.is_empty() && !matches!(t, "0" | "-" | "–" | "—") && !matches!(fold(t).as_str(), "khong" | "k")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::tables::find_tables;
    use crate::validate::DateWindow;

    use crate::validate::testing::plan;

    /// Reads a one-sheet grid as `agency`'s task table: (code → status) read and the fates.
    fn read_grid(
        agency: &str,
        rows: Vec<Vec<String>>,
        hidden: &[u32],
    ) -> (Vec<(String, Option<Status>)>, Vec<String>, Vec<String>) {
        let plan = plan();
        let cells: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        let mut sheet = crate::validate::testing::sheet("S", true, cells);
        sheet.set_hidden_rows(hidden.to_vec());
        let t = find_tables(&sheet, 0).remove(0);
        let book = crate::validate::testing::book(vec![sheet]);
        let mut diags = crate::validate::Diags::default();
        let mut ctx = Ctx {
            plan: &plan,
            book: &book,
            window: DateWindow::around(2026),
            agency,
            report_date: None,
            diags: &mut diags,
        };
        let mut out = Submission::empty(agency, "a.xlsx");
        let fates = read(&mut ctx, &t, &mut HashSet::new(), &mut out);
        let read = out.tasks.iter().map(|t| (t.task.clone(), t.status)).collect();
        (
            read,
            fates.iter().map(|f| f.fate.key().to_string()).collect(),
            diags.iter().map(|d| d.code.to_string()).collect(),
        )
    }

    fn row(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn codes_in_every_form_and_names_alone_place_rows() {
        let p = plan();
        let led: Vec<&crate::plan::Task> = p.tasks_of("so-khcn").take(5).collect();
        let name = |i: usize| led[i].name.clone();
        let g = &led[2].group;
        let nth = p.tasks.iter().filter(|t| &t.group == g).position(|t| t.code == led[2].code).unwrap() + 1;
        let rows = vec![
            row(&["TT", "Tên nhiệm vụ", "Tình trạng"]),
            row(&[&format!("({})", led[0].code), &name(0), "Hoàn tất"]),
            row(&[&format!("Nhiệm vụ số {}", led[1].code), &name(1), "Đang t/h"]),
            row(&[&format!("{g}.{nth}"), &name(2), "Đã HT"]),
            row(&["", &name(3), "Chưa TH"]),
            row(&[&format!("[{}]", led[4].code), &name(4), "TX"]),
        ];
        let (read, fates, diags) = read_grid("so-khcn", rows, &[]);
        let want: Vec<(String, Option<Status>)> = vec![
            (led[0].code.clone(), Some(Status::Done)),
            (led[1].code.clone(), Some(Status::InProgress)),
            (led[2].code.clone(), Some(Status::Done)),
            (led[3].code.clone(), Some(Status::NotStarted)),
            (led[4].code.clone(), Some(Status::Recurring)),
        ];
        assert_eq!(read, want, "{diags:?}");
        assert_eq!(fates, vec!["read"; 5]);
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn a_task_again_with_the_same_status_is_repeated_with_another_a_duplicate() {
        let p = plan();
        let led: Vec<&crate::plan::Task> = p.tasks_of("so-khcn").take(2).collect();
        let rows = vec![
            row(&["STT", "Tên nhiệm vụ", "Tình trạng"]),
            row(&[&led[0].code, &led[0].name, "Hoàn thành"]),
            row(&[&led[1].code, &led[1].name, "Đang thực hiện"]),
            row(&[&led[0].code, &led[0].name, "HT"]),
            row(&[&led[1].code, &led[1].name, "Chưa thực hiện"]),
        ];
        let (read, fates, diags) = read_grid("so-khcn", rows, &[]);
        assert_eq!(read.len(), 2);
        assert_eq!(fates, vec!["read", "read", "repeated", "diagnosed"]);
        assert_eq!(diags, vec!["code-duplicate"]);
    }

    #[test]
    fn a_progress_in_the_status_column_is_a_status() {
        let p = plan();
        let led: Vec<&crate::plan::Task> = p.tasks_of("so-khcn").take(4).collect();
        let rows = vec![
            row(&["STT", "Tên nhiệm vụ", "Tiến độ thực hiện"]),
            row(&[&led[0].code, &led[0].name, "100%"]),
            row(&[&led[1].code, &led[1].name, "80%"]),
            row(&[&led[2].code, &led[2].name, "0%"]),
            row(&[&led[3].code, &led[3].name, "đạt 50%"]),
        ];
        let (read, fates, diags) = read_grid("so-khcn", rows, &[]);
        let statuses: Vec<Option<Status>> = read.into_iter().map(|(_, s)| s).collect();
        assert_eq!(
            statuses,
            vec![Some(Status::Done), Some(Status::InProgress), Some(Status::NotStarted), Some(Status::InProgress)]
        );
        assert_eq!(fates, vec!["read"; 4]);
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn a_name_that_contradicts_its_code_is_never_counted_under_it() {
        let p = plan();
        let led: Vec<&crate::plan::Task> = p.tasks_of("phuong-thuan-hoa").collect();
        let rows = vec![
            row(&["TT", "Tên nhiệm vụ", "Tình trạng"]),
            row(&[&led[0].code, &led[0].name, "Hoàn thành"]),
            row(&[
                &led[1].code,
                "Số hóa sổ hộ tịch, sổ đăng ký khai sinh lưu trữ tại phường giai đoạn 2026",
                "Hoàn thành",
            ]),
        ];
        let (read, fates, diags) = read_grid("phuong-thuan-hoa", rows, &[]);
        assert_eq!(read.len(), 1);
        assert_eq!(fates, vec!["read", "diagnosed"]);
        assert_eq!(diags, vec!["task-name-mismatch"]);
    }

    #[test]
    fn a_hidden_row_gives_way_to_a_visible_one_and_alone_is_read_with_a_warning() {
        let p = plan();
        let led: Vec<&crate::plan::Task> = p.tasks_of("so-khcn").take(2).collect();
        let rows = vec![
            row(&["TT", "Tên nhiệm vụ", "Tình trạng"]),
            row(&[&led[0].code, &led[0].name, "Chưa thực hiện"]),
            row(&[&led[1].code, &led[1].name, "Đang thực hiện"]),
            row(&[&led[0].code, &led[0].name, "Hoàn thành"]),
        ];
        let (read, fates, diags) = read_grid("so-khcn", rows, &[1, 2]);
        assert_eq!(
            read,
            vec![(led[1].code.clone(), Some(Status::InProgress)), (led[0].code.clone(), Some(Status::Done))]
        );
        assert_eq!(fates, vec!["hidden-stale", "read", "read"]);
        assert_eq!(diags, vec!["hidden-row"]);
    }
}
