//! Bodies named in a plan's cell ("Sở KH&CN, Sở Thông tin và Truyền thông và các địa phương") as
//! registry references: each agency by the registry entry the text names, each collective
//! ("các sở, ngành, địa phương") by its category, and what names nobody kept as written.
//!
//! A cell is cut where its words name bodies best: the cut that leaves the fewest words unnamed,
//! then has the fewest pieces, wins. So "Sở Thông tin và Truyền thông Sở Khoa học và Công nghệ"
//! (two lines of one cell) is two bodies, "Sở Khoa học, Công nghệ" one, "Viện CNSH, Đại học Huế"
//! one (the registry knows that name), and the "và" inside a name stays in it.

use crate::fold::fold;
use crate::plan::{Category, Registry};

/// What a cell names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Named {
    /// Registry references in the order of the text: entry ids and "@so", "@nganh", …
    pub refs: Vec<String>,
    /// Pieces of the text that name no body of the registry, as written.
    pub unknown: Vec<String>,
}

/// Words longer than this are not matched (a cell is a list of names, not a paragraph).
const MAX_WORDS: usize = 120;
/// The longest name, in words, the matcher tries.
const MAX_NAME_WORDS: usize = 16;

/// Collective phrases (folded) and the categories they stand for; "@local" is the localities
/// of the registry's date: wards and communes after 1/7/2025, districts before.
const COLLECTIVES: &[(&str, &[&str])] = &[
    ("cac so ban nganh dia phuong", &["@so", "@nganh", "@local"]),
    ("cac so nganh dia phuong", &["@so", "@nganh", "@local"]),
    ("cac so nganh va dia phuong", &["@so", "@nganh", "@local"]),
    ("so nganh dia phuong", &["@so", "@nganh", "@local"]),
    ("cac so ban nganh", &["@so", "@nganh"]),
    ("cac so nganh", &["@so", "@nganh"]),
    ("cac so", &["@so"]),
    ("cac dia phuong", &["@local"]),
    ("dia phuong", &["@local"]),
    ("ubnd cac phuong xa", &["@local"]),
    ("cac phuong xa", &["@local"]),
    ("ubnd cac quan huyen thi xa", &["@local"]),
    ("cac quan huyen thi xa", &["@local"]),
    ("ubnd cac huyen thi xa thanh pho", &["@local"]),
    ("ubnd cac huyen thi xa", &["@local"]),
    ("cac huyen thi xa", &["@local"]),
];

/// Words that join names and name nothing themselves.
const JOINERS: &[&str] = &["va", "cung"];

/// The bodies `text` names, read against `registry`.
pub fn named(text: &str, registry: &Registry) -> Named {
    // Each folded word with the written token it comes from ("KH&CN" is three words, one token),
    // so that what is not known can be said as written.
    let tokens: Vec<&str> =
        text.split(|c: char| c.is_whitespace() || ",;/".contains(c)).filter(|t| !t.is_empty()).collect();
    let mut folded_words: Vec<(String, usize)> = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        for w in fold(t).split(' ').filter(|w| !w.is_empty()) {
            folded_words.push((w.to_string(), k));
        }
    }
    folded_words.truncate(MAX_WORDS);
    let words: Vec<&str> = folded_words.iter().map(|(w, _)| w.as_str()).collect();
    let n = words.len();
    let local = if registry.current().any(|a| a.category == Category::Locality) {
        Some("@dia-phuong")
    } else if registry.current().any(|a| a.category == Category::District) {
        Some("@huyen")
    } else {
        None
    };
    // best[i]: (unnamed words, pieces, previous cut, what words[prev..i] is) for words[..i].
    #[derive(Clone)]
    enum Piece {
        Refs(Vec<String>),
        Joiner,
        Unknown,
    }
    let mut best: Vec<Option<(usize, usize, usize, Piece)>> = vec![None; n + 1];
    best[0] = Some((0, 0, 0, Piece::Joiner));
    for i in 0..n {
        let Some((lost, pieces, _, _)) = best[i].clone() else { continue };
        let mut offer = |j: usize, cost: (usize, usize), piece: Piece| {
            let candidate = (lost + cost.0, pieces + cost.1);
            if best[j].as_ref().is_none_or(|b| candidate < (b.0, b.1)) {
                best[j] = Some((candidate.0, candidate.1, i, piece));
            }
        };
        if JOINERS.contains(&words[i]) {
            offer(i + 1, (0, 0), Piece::Joiner);
        }
        offer(i + 1, (1, 1), Piece::Unknown);
        for j in (i + 1)..=n.min(i + MAX_NAME_WORDS) {
            let span = words[i..j].join(" ");
            if let Some((_, refs)) = COLLECTIVES.iter().find(|(c, _)| *c == span) {
                let refs: Option<Vec<String>> = refs
                    .iter()
                    .map(|r| if *r == "@local" { local.map(str::to_string) } else { Some(r.to_string()) })
                    .collect();
                if let Some(refs) = refs {
                    offer(j, (0, 1), Piece::Refs(refs));
                }
                continue;
            }
            if registry.is_locality_predecessor(&span) {
                if let Some(l) = local {
                    offer(j, (0, 1), Piece::Refs(vec![l.to_string()]));
                }
                continue;
            }
            if let Some(found) = registry.lookup(&span) {
                offer(j, (0, 1), Piece::Refs(vec![found.via.unwrap_or(found.id)]));
            }
        }
    }
    // Walk back from the end, then read the pieces in order; unnamed words next to each other
    // are one unknown piece.
    let mut cuts: Vec<(usize, usize, Piece)> = Vec::new();
    let mut j = n;
    while j > 0 {
        let Some((_, _, i, piece)) = best[j].clone() else { break };
        cuts.push((i, j, piece));
        j = i;
    }
    cuts.reverse();
    let mut out = Named::default();
    // Word positions not named, as a run; said as the written tokens they span.
    let mut pending: Vec<usize> = Vec::new();
    let flush = |pending: &mut Vec<usize>, out: &mut Named| {
        if let (Some(&a), Some(&b)) = (pending.first(), pending.last()) {
            let (from, to) = (folded_words[a].1, folded_words[b].1);
            out.unknown.push(tokens[from..=to].join(" "));
            pending.clear();
        }
    };
    for (i, j, piece) in cuts {
        match piece {
            Piece::Unknown => pending.extend(i..j),
            Piece::Joiner => flush(&mut pending, &mut out),
            Piece::Refs(refs) => {
                flush(&mut pending, &mut out);
                for r in refs {
                    if !out.refs.contains(&r) {
                        out.refs.push(r);
                    }
                }
            }
        }
    }
    flush(&mut pending, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{load_plan, load_registry, Plan};
    use std::path::Path;

    fn shipped(name: &str) -> Plan {
        load_plan(&Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("templates/plans/{name}.toml"))).unwrap()
    }

    /// Every lead and tracker the two shipped plans write, read from their text against the
    /// registry as of each plan's date, leads to the same agencies as the plan's hand-made ids.
    #[test]
    fn every_lead_of_both_shipped_plans_reads_as_the_plan_maps_it() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/plans");
        for (name, as_of) in [("kh-nq57-hue", None), ("kh-98-2024", chrono::NaiveDate::from_ymd_opt(2024, 3, 1))] {
            let plan = shipped(name);
            let registry = load_registry(&dir, "hue", as_of).unwrap();
            let mut checked = 0;
            for t in plan.tasks.iter().filter(|t| !t.open_lead) {
                let n = named(&t.lead_text, &registry);
                assert!(n.unknown.is_empty(), "{name} task {}: {:?} in {:?}", t.code, n.unknown, t.lead_text);
                let leads = registry.resolve_refs(&n.refs).unwrap();
                assert_eq!(leads, t.leads, "{name} task {}: {:?} → {:?}", t.code, t.lead_text, n.refs);
                checked += 1;
            }
            for i in plan.indicators.iter().filter(|i| !i.tracked_by_text.is_empty()) {
                let n = named(&i.tracked_by_text, &registry);
                assert!(n.unknown.is_empty(), "{name} indicator {}: {:?}", i.code, n.unknown);
                assert_eq!(registry.resolve_refs(&n.refs).unwrap(), i.trackers, "{name} indicator {}", i.code);
                checked += 1;
            }
            assert!(checked > 40, "{name}: {checked}");
        }
    }

    #[test]
    fn a_cell_is_cut_where_its_words_name_bodies_best() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/plans");
        let registry = load_registry(&dir, "hue", None).unwrap();
        let n = named("Sở Thông tin và Truyền thông\nSở Khoa học và Công nghệ", &registry);
        assert_eq!(n.refs, ["so-tttt", "so-khcn"]);
        let n = named("Sở Khoa học, Công nghệ, Sở Kế hoạch và Đầu tư và các địa phương", &registry);
        assert_eq!(n.refs, ["so-khcn", "so-khdt", "@dia-phuong"]);
        let n = named("Viện CNSH, Đại học Huế", &registry);
        assert_eq!(n.refs, ["vien-cnsh"]);
        let n = named("Sở Y tế, Ban Quản lý dự án ODA, Sở Tư pháp", &registry);
        assert_eq!(n.refs, ["so-y-te", "so-tu-phap"]);
        assert_eq!(n.unknown, ["Ban Quản lý dự án ODA"]);
        let n = named("", &registry);
        assert_eq!(n, Named::default());
    }
}
