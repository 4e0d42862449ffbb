//! The shape of the code: the modules of `src/` import each other without a cycle, so that each
//! pipeline stage can be read, tested and changed on its own. A module's own tests are left out
//! (they may use anything).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module paths ("ingest::read") and the code of each file, tests and comments cut off.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            if parts == ["main"] || parts == ["lib"] || parts.is_empty() {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let text = match text.find("#[cfg(test)]\nmod tests") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            // Comments name modules without importing them (a doc link to `crate::forms`).
            let code: String =
                text.lines().filter(|l| !l.trim_start().starts_with("//")).map(|l| format!("{l}\n")).collect();
            out.insert(parts.join("::"), code);
        }
    }
    out
}

/// The paths after each `prefix` in `text`: "crate::ingest::read_workbook" → "ingest::read_workbook".
fn paths_after<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        let after = &rest[at + prefix.len()..];
        let end = after.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(after.len());
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            out.push(after[..end].trim_end_matches(':'));
        }
        rest = &after[end..];
    }
    out
}

/// The module a path names: its longest prefix that is a module.
fn module_of(path: &str, known: &BTreeMap<String, String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len()).rev().map(|k| parts[..k].join("::")).find(|m| known.contains_key(m))
}

/// Each module's imports of other modules (not its own ancestors: a child uses its parent's
/// types), and each parent's of its children.
fn graph(known: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, text) in known {
        let parent = m.rsplit_once("::").map(|(p, _)| p.to_string()).unwrap_or_default();
        let mut targets: Vec<String> =
            paths_after(text, "crate::").into_iter().filter_map(|p| module_of(p, known)).collect();
        for p in paths_after(text, "super::") {
            let full = if parent.is_empty() { p.to_string() } else { format!("{parent}::{p}") };
            targets.extend(module_of(&full, known));
        }
        for t in targets {
            if t != *m && !m.starts_with(&format!("{t}::")) {
                edges.entry(m.clone()).or_default().insert(t);
            }
        }
        // A parent declares and re-exports its children: whoever imports `plan` imports
        // `plan::period` too.
        if !parent.is_empty() {
            edges.entry(parent).or_default().insert(m.clone());
        }
    }
    edges
}

/// A cycle of the graph, if there is one, as the path that closes it.
fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        v: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(v.to_string(), 1);
        path.push(v.to_string());
        for w in edges.get(v).into_iter().flatten() {
            match state.get(w.as_str()) {
                Some(1) => {
                    let at = path.iter().position(|p| p == w).unwrap();
                    let mut c = path[at..].to_vec();
                    c.push(w.clone());
                    return Some(c);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(w, edges, state, path) {
                        return Some(c);
                    }
                }
            }
        }
        path.pop();
        state.insert(v.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for v in edges.keys() {
        if !state.contains_key(v) {
            if let Some(c) = visit(v, edges, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_modules_import_each_other_without_a_cycle() {
    let known = modules(&crate::common::repo().join("src"));
    assert!(known.contains_key("ingest::read") && known.contains_key("plan::load"), "{:?}", known.keys());
    let edges = graph(&known);
    // The check sees what it must: the pipeline's direction.
    assert!(edges["validate"].contains("plan"), "{:?}", edges["validate"]);
    if let Some(c) = cycle(&edges) {
        panic!("import cycle: {}", c.join(" → "));
    }
}

#[test]
fn a_cycle_is_found_and_named() {
    let mut known = BTreeMap::new();
    known.insert("a".to_string(), "use crate::b::X;".to_string());
    known.insert("b".to_string(), "fn f() { crate::c::g() }".to_string());
    known.insert("c".to_string(), "use super::a;".to_string());
    known.insert("c::d".to_string(), "use super::super::a; use super::Y;".to_string());
    let edges = graph(&known);
    assert_eq!(cycle(&edges), Some(vec!["a".to_string(), "b".into(), "c".into(), "a".into()]));
    known.insert("c".to_string(), String::new());
    assert_eq!(cycle(&graph(&known)), None);
}

/// The command line only drives the pipeline library: no `cmd` module reaches a stage of the
/// pipeline itself (reading, checking, aggregating, the history store, the forms), so every count
/// a command prints is one the library's result holds.
#[test]
fn the_commands_reach_the_stages_only_through_the_pipeline_library() {
    let known = modules(&crate::common::repo().join("src"));
    let edges = graph(&known);
    let stages = ["ingest", "validate", "aggregate", "history", "returns", "forms"];
    let mut found = Vec::new();
    for (m, targets) in edges.iter().filter(|(m, _)| m.as_str() == "cmd" || m.starts_with("cmd::")) {
        for t in targets {
            if stages.iter().any(|s| t == s || t.starts_with(&format!("{s}::"))) {
                found.push(format!("{m} → {t}"));
            }
        }
    }
    assert!(edges["cmd::run"].contains("pipeline"), "the check sees cmd's imports: {:?}", edges["cmd::run"]);
    assert!(found.is_empty(), "commands that reach a stage around the pipeline library: {found:?}");
}

/// The functions of `text` longer than `max` lines: (name, lines), a function running from its
/// `fn` line to the closing brace at the same indentation (rustfmt's layout).
fn long_functions(text: &str, max: usize) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let code = code.strip_prefix("pub ").or_else(|| code.strip_prefix("pub(crate) ")).unwrap_or(code);
        let Some(rest) = code.strip_prefix("fn ") else { continue };
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let indent = line.len() - line.trim_start().len();
        let close = format!("{}}}", " ".repeat(indent));
        let end =
            lines[i..].iter().position(|l| l.starts_with(&close) && !l[indent..].starts_with("}}")).map(|k| i + k);
        let length = end.map_or(0, |e| e - i + 1);
        if length > max {
            out.push((name, length));
        }
    }
    out
}

/// The writers of .xlsx stay readable: no function under src/output/ or in forms.rs over 80 lines.
#[test]
fn no_writer_function_is_longer_than_80_lines() {
    let known = modules(&crate::common::repo().join("src"));
    let mut found = Vec::new();
    let mut read = 0;
    for (m, text) in known.iter().filter(|(m, _)| m.as_str() == "output" || m.starts_with("output::") || *m == "forms")
    {
        read += 1;
        found.extend(long_functions(text, 80).into_iter().map(|(f, n)| format!("{m}::{f}: {n} lines")));
    }
    assert!(read >= 5, "output's modules and forms were read: {read}");
    assert!(found.is_empty(), "{found:?}");
    // The measure itself: a 3-line function is 3 lines.
    assert_eq!(long_functions("fn a() {\n    x();\n}\n", 2), vec![("a".to_string(), 3)]);
}
