//! One file's diagnostics held to a budget: a sheet of 900.000 bad rows is one file's problem,
//! not the run's memory. The first [`DIAGNOSTICS_PER_CODE`] of each code are kept in full, the
//! rest counted and said in one diagnostic per code; every text a diagnostic carries is cut to
//! what a person reads ([`QUOTE_CHARS`] of a value found).

use std::collections::{BTreeMap, HashMap};
use std::ops::{Deref, DerefMut};

use super::problem::Problem;
use crate::diag::{Diagnostic, Location, Severity, Subject};
use crate::fit::cut_chars;

/// Diagnostics of one code kept in full per file (README, "Giới hạn").
pub const DIAGNOSTICS_PER_CODE: usize = 100;
/// Characters of a value quoted in a diagnostic ("giá trị đọc được").
pub const QUOTE_CHARS: usize = 300;
/// Characters of a message, an expected value or a hint.
const SENTENCE_CHARS: usize = 1_000;
/// Characters of a code named as a diagnostic's subject (a plan's codes are a few characters).
const CODE_CHARS: usize = 50;

/// The diagnostics of one file as they are found.
#[derive(Debug, Default)]
pub struct Diags {
    list: Vec<Diagnostic>,
    per_code: HashMap<&'static str, usize>,
    /// Past the budget, by code: how many, and the first one's severity and agency.
    omitted: BTreeMap<&'static str, (usize, Severity, Option<String>)>,
}

impl Diags {
    /// Adds `d` within the budget of its code.
    pub fn push_bounded(&mut self, d: Diagnostic) {
        let n = self.per_code.entry(d.code).or_default();
        *n += 1;
        if *n > DIAGNOSTICS_PER_CODE {
            self.omitted.entry(d.code).or_insert((0, d.severity, d.agency.clone())).0 += 1;
            return;
        }
        self.list.push(bounded(d));
    }

    /// The diagnostics of file `file`: those kept, every text cut to its budget, then one per
    /// code past the budget saying how many more there are.
    pub fn finish(self, file: &str) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self.list.into_iter().map(bounded).collect();
        for (code, (count, severity, agency)) in self.omitted {
            let p = Problem::DiagnosticsOmitted { code, count, error: severity == Severity::Error };
            let mut d = p.at(Location::file(file));
            d.agency = agency;
            out.push(d);
        }
        out
    }
}

impl From<Vec<Diagnostic>> for Diags {
    fn from(list: Vec<Diagnostic>) -> Self {
        Diags { list, ..Diags::default() }
    }
}

impl Deref for Diags {
    type Target = Vec<Diagnostic>;
    fn deref(&self) -> &Vec<Diagnostic> {
        &self.list
    }
}

impl DerefMut for Diags {
    fn deref_mut(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.list
    }
}

/// `d` with every text within its budget.
fn bounded(mut d: Diagnostic) -> Diagnostic {
    let cut = |s: &mut String, max: usize| {
        if s.len() > max {
            *s = cut_chars(s, max).into_owned();
        }
    };
    cut(&mut d.message, SENTENCE_CHARS);
    for (text, max) in [(&mut d.found, QUOTE_CHARS), (&mut d.expected, SENTENCE_CHARS), (&mut d.hint, SENTENCE_CHARS)] {
        if let Some(t) = text {
            cut(t, max);
        }
    }
    match &mut d.subject {
        Some(Subject::Task { code, .. } | Subject::Indicator { code, .. }) => cut(code, CODE_CHARS),
        Some(Subject::MissingTasks { codes } | Subject::MissingIndicators { codes }) => {
            codes.iter_mut().for_each(|c| cut(c, CODE_CHARS))
        }
        _ => {}
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Item;

    #[test]
    fn past_the_budget_a_code_is_counted_not_kept() {
        let mut diags = Diags::default();
        let long = "x".repeat(10_000);
        for _ in 0..DIAGNOSTICS_PER_CODE + 6_800 {
            let p = Problem::CodeUnknown { item: Item::Task, code: &long, tasks: Some(70) };
            diags.push_bounded(p.at(Location::file("a.xlsx")).found(long.clone()).agency("so-y-te"));
        }
        let out = diags.finish("a.xlsx");
        assert_eq!(out.len(), DIAGNOSTICS_PER_CODE + 1);
        assert!(out.iter().all(|d| d.message.chars().count() <= SENTENCE_CHARS));
        assert!(out[0].found.as_ref().unwrap().chars().count() <= QUOTE_CHARS);
        let last = out.last().unwrap();
        assert_eq!(last.code, "diagnostics-omitted");
        assert_eq!(last.severity, Severity::Warning, "code-unknown is a warning, so is its count");
        assert_eq!(last.agency.as_deref(), Some("so-y-te"));
        assert!(last.message.contains("còn 6.800 sai sót loại \"code-unknown\""), "{}", last.message);
    }
}
