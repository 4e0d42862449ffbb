//! The indicator table's reader: which plan indicator each data row is (its code, or its name
//! alone), then its value, read as a person reads it and checked against the indicator's unit.
//! Every row it is given gets exactly one [`Fate`].

use std::collections::HashSet;

use super::context::Ctx;
use super::fate::{Fate, RowFate, Skip};
use super::identity::resolve_dotted_code;
use super::problem::{Item, Problem, UnitClash, Wanted};
use super::rows::{walk, RowClass};
use super::tables::{Column, Table};
use super::values::{denoise, parse_quantity, parse_rank, parse_typed_code, parse_vn_number};
use crate::diag::{Field, Location, Subject};
use crate::fold::{clean_text, fold};
use crate::ingest::Cell;
use crate::model::{IndicatorReport, Submission};
use crate::plan::{Assessment, Indicator, Target};

/// Reads one indicator table into `out`; `seen` holds the indicators already read.
pub(crate) fn read(ctx: &mut Ctx, t: &Table, seen: &mut HashSet<String>, out: &mut Submission) -> Vec<RowFate> {
    let sheet = &ctx.book.sheets[t.sheet];
    let classes = walk(sheet, t);
    let mut claimed: HashSet<String> = HashSet::new();
    let ids: Vec<(usize, Result<String, Fate>)> = classes
        .into_iter()
        .map(|(r, class)| match class {
            RowClass::Data => (r, identify(ctx, t, r, &mut claimed)),
            RowClass::Skip(s) => (r, Err(Fate::Skipped(s))),
            // Indicators have no section of the sender's own: such rows are not the plan's.
            RowClass::Own => (r, Err(Fate::Own)),
        })
        .collect();
    let shown: HashSet<String> =
        ids.iter().filter(|(r, _)| !ctx.hidden(t, *r)).filter_map(|(_, id)| id.as_ref().ok().cloned()).collect();
    ids.into_iter()
        .map(|(r, id)| {
            let fate = match id {
                Err(fate) => fate,
                Ok(code) if ctx.hidden(t, r) && shown.contains(&code) => {
                    super::tasks::set_aside(ctx, t, r, &format!("chỉ tiêu {code}"), out)
                }
                Ok(code) => place(ctx, t, r, code, seen, out),
            };
            RowFate { sheet: t.sheet, row: r, fate }
        })
        .collect()
}

/// The indicator a data row is: its code, else its name.
fn identify(ctx: &mut Ctx, t: &Table, r: usize, claimed: &mut HashSet<String>) -> Result<String, Fate> {
    let code_cell = ctx.cell(t, r, Column::Code).clone();
    let name = ctx.text(t, r, Column::Name);
    let at = ctx.at(t, r, t.col(Column::Code).or(t.col(Column::Name)).unwrap_or(0));
    let Some(typed) = parse_typed_code(&code_cell) else {
        if let Some(code) = by_name(ctx, &name, claimed) {
            return Ok(code);
        }
        if let Cell::Uncomputed(_) = code_cell {
            ctx.push(Problem::FormulaUncomputed.at(at).found(code_cell.display()));
            return Err(Fate::Diagnosed("formula-uncomputed"));
        }
        let shown = code_cell.display();
        let found = if shown.trim().is_empty() { "(ô mã để trống)".to_string() } else { shown };
        ctx.push(Problem::RowUnread { item: Item::Indicator }.at(at).found(found));
        return Err(Fate::Diagnosed("row-unread"));
    };
    let numeric = matches!(code_cell, Cell::Number(_));
    let name_of = |c: &str| ctx.plan.indicator(c).map(|i| i.name.as_str());
    let (code, undecided) = resolve_dotted_code(name_of, typed.code, numeric, &name);
    if undecided {
        ctx.push(Problem::CodeAmbiguous { item: Item::Indicator, code: &code }.at(at).found(code_cell.display()));
    }
    claimed.insert(code.clone());
    Ok(code)
}

/// An indicator named by its plan name, whole or cut short: the first (in plan order) of those
/// the name fits that the sender tracks and no earlier row took (the plan gives some the same
/// name: "Quy mô kinh tế số" for 2030 and for 2045).
fn by_name(ctx: &Ctx, typed: &str, claimed: &mut HashSet<String>) -> Option<String> {
    let key = fold(typed);
    if key.split(' ').count() < 3 {
        return None;
    }
    let plan = ctx.plan;
    // The plan's name exactly, else the names it begins (cut short) or that begin it.
    let mut found: Vec<&Indicator> = plan.indicators.iter().filter(|i| fold(&i.name) == key).collect();
    if found.is_empty() {
        found = plan
            .indicators
            .iter()
            .filter(|i| {
                let name = fold(&i.name);
                name.starts_with(&format!("{key} ")) || key.starts_with(&format!("{name} "))
            })
            .collect();
    }
    let same = found.windows(2).all(|w| fold(&w[0].name) == fold(&w[1].name));
    if found.is_empty() || !same {
        return None;
    }
    let tracked = |i: &&Indicator| plan.indicators_of(ctx.agency).any(|x| x.code == i.code);
    let pick = found.iter().find(|i| tracked(i) && !claimed.contains(&i.code)).or(found.first())?;
    claimed.insert(pick.code.clone());
    Some(pick.code.clone())
}

/// A plan indicator's row: counted once, for an indicator the sender tracks.
fn place(ctx: &mut Ctx, t: &Table, r: usize, code: String, seen: &mut HashSet<String>, out: &mut Submission) -> Fate {
    let at = ctx.at(t, r, t.col(Column::Code).or(t.col(Column::Name)).unwrap_or(0));
    let value_cell = ctx.cell(t, r, Column::Value).clone();
    let Some(ind) = ctx.plan.indicator(&code) else {
        let found = ctx.cell(t, r, Column::Code).display();
        ctx.push(Problem::CodeUnknown { item: Item::Indicator, code: &code, tasks: None }.at(at).found(found));
        return Fate::Diagnosed("code-unknown");
    };
    if !ctx.plan.indicators_of(ctx.agency).any(|i| i.code == code) {
        if value_cell.is_empty() {
            return Fate::Skipped(Skip::NotTracked);
        }
        ctx.push(Problem::IndicatorNotTracked { code: &code }.at(at).found(code.clone()));
        return Fate::Diagnosed("indicator-not-tracked");
    }
    if !seen.insert(code.clone()) {
        ctx.push(Problem::CodeDuplicate { item: Item::Indicator, code: &code }.at(at).found(code.clone()));
        return Fate::Diagnosed("code-duplicate");
    }
    if ctx.hidden(t, r) {
        ctx.push(Problem::HiddenRow { item: Item::Indicator, code: &code }.at(at.clone()).found(code.clone()));
    }
    let assessment = assessment(ctx, t, r, &code);
    let value_at = ctx.at(t, r, t.col(Column::Value).unwrap_or(0));
    // A formula never computed: the row is there (not "missing"), its value is not.
    let (value_text, value) = if let Cell::Uncomputed(_) = value_cell {
        let d = Problem::FormulaUncomputed.at(value_at).found(value_cell.display());
        ctx.push(d.about(Subject::Indicator { code: code.clone(), field: Field::Value }));
        (String::new(), None)
    } else {
        let text = if value_cell.is_empty() { String::new() } else { clean_text(&value_cell.display()) };
        let v = value(ctx, ind, &value_cell, &text, value_at);
        (text, v)
    };
    out.indicators.push(IndicatorReport {
        indicator: code.clone(),
        value,
        value_text,
        assessment,
        note: ctx.text(t, r, Column::Note),
        at: Some(at),
    });
    Fate::Read(Item::Indicator, code)
}

fn assessment(ctx: &mut Ctx, t: &Table, r: usize, code: &str) -> Option<Assessment> {
    let cell = ctx.cell(t, r, Column::Assessment).clone();
    if cell.is_empty() {
        return None;
    }
    let parsed = Assessment::parse(&cell.display());
    if parsed.is_none() {
        let at = ctx.at(t, r, t.col(Column::Assessment).unwrap_or(0));
        ctx.push(Problem::AssessmentInvalid { code }.at(at).found(cell.display()));
    }
    parsed
}

/// The value of an indicator's cell in its unit, or a diagnostic at the cell.
fn value(ctx: &mut Ctx, ind: &Indicator, cell: &Cell, text: &str, at: Location) -> Option<f64> {
    if cell.is_empty() {
        return None;
    }
    let code = ind.code.as_str();
    if ind.target.is_rank() {
        let v = match cell {
            Cell::Number(n) => Some(denoise(*n)),
            _ => parse_rank(text),
        };
        if v.is_none() {
            ctx.push(Problem::ValueInvalid { code, wanted: Wanted::Rank }.at(at).found(text));
        }
        return v;
    }
    if matches!(ind.target, Target::Qualitative) {
        return match cell {
            Cell::Number(n) => Some(denoise(*n)),
            _ => parse_vn_number(text).or_else(|| parse_quantity(text).map(|q| (q.value, q.percent))).map(|(v, _)| v),
        };
    }
    let percent_unit = ind.unit.contains('%');
    let (v, typed_percent, unit_words) = match cell {
        Cell::Number(n) => (denoise(*n), false, String::new()),
        _ => match parse_quantity(text).filter(|q| q.out_of.is_none()) {
            Some(q) => (denoise(q.value), q.percent, q.unit),
            None => {
                ctx.push(
                    Problem::ValueInvalid { code, wanted: Wanted::Number { percent: percent_unit } }.at(at).found(text),
                );
                return None;
            }
        },
    };
    if let Some(clash) = unit_clash(ind, v, typed_percent, &unit_words) {
        ctx.push(Problem::ValueUnit { code, unit: &ind.unit, clash }.at(at).found(text));
        return None;
    }
    let target_value = match ind.target {
        Target::AtLeast(t) | Target::Above(t) | Target::Range(t, _) => t,
        _ => 0.0,
    };
    if percent_unit && matches!(cell, Cell::Number(_)) && v > 0.0 && v <= 1.0 && target_value > 1.0 {
        let read = denoise(v * 100.0);
        ctx.push(Problem::PercentFraction { code, typed: v, read }.at(at).found(crate::vn::number(v)));
        return Some(read);
    }
    Some(v)
}

/// A value whose unit contradicts the indicator's: a count where a share is due, a share where
/// a count is due, a share above 100 % for a share.
fn unit_clash(ind: &Indicator, v: f64, typed_percent: bool, unit_words: &str) -> Option<UnitClash> {
    let percent_unit = ind.unit.contains('%');
    let unit_key = fold(&ind.unit);
    if percent_unit {
        // Words after the number that are not the unit's own ("% GRDP") nor a plain
        // "of something" ("85% dân số") name a count.
        if !typed_percent && !unit_words.is_empty() && !unit_key.contains(unit_words) {
            return Some(UnitClash::CountForShare);
        }
        // A growth rate may pass 100 %; a share ("Tỉ lệ …", "Tỷ trọng …", "Quy mô … % GRDP")
        // never does, whatever words follow ("… vào tăng trưởng kinh tế").
        let name = fold(&ind.name);
        let growth = ["toc do tang", "tang truong", "muc tang", "tang "].iter().any(|w| name.starts_with(w));
        if v > 100.0 && !growth {
            return Some(if typed_percent { UnitClash::ShareOver100 } else { UnitClash::CountForShare });
        }
        return None;
    }
    typed_percent.then_some(UnitClash::ShareForCount)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::validate::testing::plan;

    #[test]
    fn a_count_where_a_share_is_due_is_refused() {
        let p = plan();
        let share = p.indicators.iter().find(|i| i.unit.trim() == "%" && !fold(&i.name).contains("tang")).unwrap();
        assert_eq!(unit_clash(share, 1_300_000.0, false, ""), Some(UnitClash::CountForShare));
        assert_eq!(unit_clash(share, 120.0, true, ""), Some(UnitClash::ShareOver100));
        assert_eq!(unit_clash(share, 85.0, true, "dan so"), None);
        assert_eq!(unit_clash(share, 2.0, false, "doanh nghiep"), Some(UnitClash::CountForShare));
        assert_eq!(unit_clash(share, 95.0, false, ""), None);
        let count = p.indicators.iter().find(|i| fold(&i.unit) == "doanh nghiep").unwrap();
        assert_eq!(unit_clash(count, 2.0, false, "doanh nghiep"), None);
        assert_eq!(unit_clash(count, 20.0, true, ""), Some(UnitClash::ShareForCount));
    }
}

#[cfg(test)]
mod grid_tests {
    use super::*;
    use crate::validate::tables::find_tables;
    use crate::validate::DateWindow;

    #[test]
    fn values_with_words_read_and_a_unit_clash_is_an_error_at_the_cell() {
        let p = crate::validate::testing::plan();
        let name27 = p.indicator("27").unwrap().name.clone();
        let rows: Vec<Vec<&str>> = vec![
            vec!["Mã chỉ tiêu", "Tên chỉ tiêu", "ĐVT", "Kết quả thực hiện"],
            vec!["3", "", "", "Hạng 12/63"],
            vec!["", &name27, "", "xếp thứ 8/63 tỉnh, thành phố"],
            vec!["25", "", "", "62,3% (ước)"],
            vec!["6", "", "", "1.300.000"],
        ];
        let sheet = crate::validate::testing::sheet("S", true, rows);
        let t = find_tables(&sheet, 0).remove(0);
        let book = crate::validate::testing::book(vec![sheet]);
        let mut diags = crate::validate::Diags::default();
        let mut ctx = Ctx {
            plan: &p,
            book: &book,
            window: DateWindow::around(2026),
            agency: "so-khcn",
            report_date: None,
            diags: &mut diags,
        };
        let mut out = Submission::empty("so-khcn", "a.xlsx");
        let fates = read(&mut ctx, &t, &mut HashSet::new(), &mut out);
        let values: Vec<(String, Option<f64>)> =
            out.indicators.iter().map(|i| (i.indicator.clone(), i.value)).collect();
        assert_eq!(
            values,
            vec![("3".into(), Some(12.0)), ("27".into(), Some(8.0)), ("25".into(), Some(62.3)), ("6".into(), None)]
        );
        assert_eq!(fates.iter().map(|f| f.fate.key()).collect::<Vec<_>>(), vec!["read"; 4]);
        let d: Vec<(&str, Option<&str>)> = diags.iter().map(|d| (d.code, d.location.cell.as_deref())).collect();
        assert_eq!(d, vec![("value-unit", Some("D5"))]);
    }
}
