//! Which plan task a row is: its code and its name together.
//!
//! A sender may number rows 1, 2, 3… itself, or copy a row and forget to change its code. A row
//! whose name is clearly another task's is counted under that task (and said so), a row whose
//! name contradicts its code without pointing clearly elsewhere is not counted, and a code alone
//! (no name, or a name too short to tell) stands as it is.
//!
//! Names are compared by pairs of consecutive syllables of their folded text: single Vietnamese
//! syllables ("phát", "triển", "các") are shared by almost every task; pairs are not.

use std::collections::HashSet;

use crate::fold::fold;
use crate::plan::Plan;

/// Syllable pairs of a folded text.
fn pairs(folded: &str) -> HashSet<(String, String)> {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    words.windows(2).map(|w| (w[0].to_string(), w[1].to_string())).collect()
}

/// The plan's task names as syllable pairs, made once per workbook, and only when a row's name
/// does not plainly agree with its code (most rows do).
pub struct TaskNames<'p> {
    plan: &'p Plan,
    names: std::cell::OnceCell<Vec<(String, HashSet<(String, String)>)>>,
}

impl<'p> TaskNames<'p> {
    pub fn new(plan: &'p Plan) -> TaskNames<'p> {
        TaskNames { plan, names: std::cell::OnceCell::new() }
    }

    fn all(&self) -> &[(String, HashSet<(String, String)>)] {
        self.names.get_or_init(|| self.plan.tasks.iter().map(|t| (t.code.clone(), pairs(&fold(&t.name)))).collect())
    }

    fn of(&self, code: &str) -> Option<HashSet<(String, String)>> {
        self.plan.task(code).map(|t| pairs(&fold(&t.name)))
    }
}

/// Share of the typed name's pairs that a plan name has.
fn score(typed: &HashSet<(String, String)>, name: &HashSet<(String, String)>) -> f64 {
    if typed.is_empty() {
        return 0.0;
    }
    typed.intersection(name).count() as f64 / typed.len() as f64
}

/// What a row's name says of its code.
#[derive(Debug, Clone, PartialEq)]
pub enum Identity {
    /// No name, a name too short to tell, or a name that agrees: the code stands.
    Code,
    /// The name is clearly another task's: that task, with the share of its name matched.
    Name(String),
    /// The name contradicts the code and points nowhere clearly: the row is not counted.
    Contradiction,
}

/// Fewest syllable pairs a typed name needs before it can overrule a code.
const MIN_PAIRS: usize = 3;

pub fn identify(names: &TaskNames, code: &str, typed_name: &str) -> Identity {
    // The common case, cheaply: the plan's name as the form writes it, whole or cut short.
    let typed_trim = typed_name.trim();
    if let Some(t) = names.plan.task(code) {
        if !typed_trim.is_empty() && t.name.starts_with(typed_trim) {
            return Identity::Code;
        }
    }
    let typed_key = fold(typed_name);
    if let Some(t) = names.plan.task(code) {
        if !typed_key.is_empty() && fold(&t.name).starts_with(&typed_key) {
            return Identity::Code;
        }
    }
    let typed = pairs(&typed_key);
    if typed.len() < MIN_PAIRS {
        return Identity::Code;
    }
    let own = names.of(code).map_or(0.0, |p| score(&typed, &p));
    if own >= 0.9 {
        return Identity::Code;
    }
    let mut ranked: Vec<(f64, &str)> =
        names.all().iter().filter(|(c, _)| c != code).map(|(c, p)| (score(&typed, p), c.as_str())).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (best, best_code) = ranked.first().copied().unwrap_or((0.0, ""));
    let second = ranked.get(1).map_or(0.0, |r| r.0);
    // Another task's name, clearly: by a margin over the code's own name (plan names share
    // whole phrases) and over every other task.
    if best >= 0.5 && best >= own + 0.25 && best >= second + 0.15 {
        return Identity::Name(best_code.to_string());
    }
    if own >= 0.4 {
        return Identity::Code;
    }
    if own < 0.15 && best >= 0.3 {
        return Identity::Contradiction;
    }
    // A name of some length that shares almost nothing with its code's task is another
    // task, the sender's own, whatever the code says ("2. Số hóa sổ hộ tịch…").
    if own < 0.1 && typed.len() > MIN_PAIRS {
        return Identity::Contradiction;
    }
    Identity::Code
}

/// Every task a name fits equally well, in plan order: one, or several when the plan gives
/// several tasks the same name (the reader takes them in order); empty when the name is too
/// short to tell or fits no task clearly.
pub fn by_name_all(names: &TaskNames, typed_name: &str) -> Vec<String> {
    let key = fold(typed_name);
    let typed = pairs(&key);
    if typed.len() < MIN_PAIRS {
        return Vec::new();
    }
    let prefixed: Vec<String> = names
        .all()
        .iter()
        .filter(|(c, _)| names.plan.task(c).is_some_and(|t| fold(&t.name).starts_with(&key)))
        .map(|(c, _)| c.clone())
        .collect();
    if !prefixed.is_empty() {
        return same_name(names, prefixed);
    }
    let scored: Vec<(f64, &str)> = names.all().iter().map(|(c, p)| (score(&typed, p), c.as_str())).collect();
    let best = scored.iter().map(|s| s.0).fold(0.0, f64::max);
    let top: Vec<String> = scored.iter().filter(|s| s.0 == best).map(|s| s.1.to_string()).collect();
    let second = scored.iter().map(|s| s.0).filter(|v| *v < best).fold(0.0, f64::max);
    if best >= 0.6 && best >= second + 0.2 {
        same_name(names, top)
    } else {
        Vec::new()
    }
}

/// Several candidates stand together only when the plan names them alike.
fn same_name(names: &TaskNames, codes: Vec<String>) -> Vec<String> {
    let name = |c: &str| names.plan.task(c).map(|t| fold(&t.name)).unwrap_or_default();
    match codes.first() {
        Some(first) if codes.iter().all(|c| name(c) == name(first)) => codes,
        _ => Vec::new(),
    }
}

/// "8.1" typed as a number may mean "8.10" (a spreadsheet drops the trailing zero): the name
/// column decides, for tasks and indicators alike. `name_of` gives the plan's name of a code.
/// Returns the code and whether nothing decided (both codes exist, no name to tell them apart).
pub fn resolve_dotted_code<'p>(
    name_of: impl Fn(&str) -> Option<&'p str>,
    code: String,
    numeric: bool,
    name: &str,
) -> (String, bool) {
    if !numeric || !code.contains('.') {
        return (code, false);
    }
    let padded = format!("{code}0");
    let (Some(a), Some(b)) = (name_of(&code), name_of(&padded)) else {
        return (code, false);
    };
    if name.is_empty() {
        return (code, true);
    }
    // Names are often shortened or cut off: count the words of the typed name each plan name
    // has, rather than comparing whole strings.
    let key = fold(name);
    let (sa, sb) = (shared_words(&key, &fold(a)), shared_words(&key, &fold(b)));
    if sa == sb {
        (code, true)
    } else if sb > sa {
        (padded, false)
    } else {
        (code, false)
    }
}

/// How many words of `typed` occur in `name` (both folded).
fn shared_words(typed: &str, name: &str) -> usize {
    let words: HashSet<&str> = name.split(' ').collect();
    typed.split(' ').filter(|w| words.contains(w)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        crate::plan::load_plan(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/plans/kh-nq57-hue.toml"),
        )
        .unwrap()
    }

    #[test]
    fn a_name_decides_against_a_sender_s_own_number() {
        let p = plan();
        let names = TaskNames::new(&p);
        let t30 = p.task("30").unwrap().name.clone();
        assert_eq!(identify(&names, "30", &t30), Identity::Code);
        assert_eq!(identify(&names, "3", &t30), Identity::Name("30".into()));
        // Shortened names still agree with their own code.
        let short: String = t30.split(' ').take(8).collect::<Vec<_>>().join(" ");
        assert_eq!(identify(&names, "30", &short), Identity::Code);
        // Too short to tell: the code stands.
        assert_eq!(identify(&names, "3", "Đề án"), Identity::Code);
    }
}
