//! The report's words for both shipped plans, pinned: every sentence, table cell and heading of
//! the report model (what the Typst template lays out) for a fixed generated cycle, compared
//! with `tests/snapshots/`. A wording change shows up in review as a diff of those files.
//!
//! The snapshots are insta's (`tests/snapshots/*.snap`: a short header, then the model as pretty
//! JSON). To accept a change: `INSTA_UPDATE=always cargo test --test suite -- model_snapshot::`
//! (or `cargo insta review`), then read the diff before committing. Without it a difference
//! fails the test and the new model is left beside the snapshot as `.snap.new`.

use crate::common;

use tonghop::aggregate::aggregate;
use tonghop::pipeline::{report_model, Silent, Workspace};
use tonghop::sample::{generate, SampleOptions};

use common::repo;

/// A workspace whose config is `config` (plan path made absolute) and whose input is the
/// generator's cycle for `seed`, read and aggregated.
fn demo_figures(
    config: &str,
    plan_file: &str,
    seed: u64,
    missing: usize,
    late: usize,
) -> (tempfile::TempDir, Workspace, tonghop::model::Intake, tonghop::aggregate::Figures) {
    let dir = tempfile::tempdir().unwrap();
    let plan_path = repo().join("templates/plans").join(plan_file);
    std::fs::copy(repo().join(config), dir.path().join("tonghop.toml")).unwrap();
    let plan_path = format!("{:?}", plan_path.display().to_string());
    crate::common::edit_config(dir.path(), &[("paths.plan", &plan_path)]);
    let ws = Workspace::load(dir.path(), None).unwrap();
    let opts = SampleOptions {
        seed,
        missing,
        late,
        deadline: ws.cycle_deadline().unwrap(),
        cycle_label: ws.period.label(),
        copies: 1,
        mistakes: 0,
    };
    generate(&ws.plan, &opts, &dir.path().join("input")).unwrap();
    let checked = tonghop::pipeline::check(&ws, &ws.config.input_dir(), &[], &Silent).unwrap();
    let intake = checked.intake;
    let figures = aggregate(&ws.plan, &intake, &checked.register, ws.cycle(), None).unwrap();
    (dir, ws, intake, figures)
}

/// The model of [`demo_figures`], as pretty JSON.
fn model_json(config: &str, plan_file: &str, seed: u64, missing: usize, late: usize) -> String {
    let (_dir, ws, intake, figures) = demo_figures(config, plan_file, seed, missing, late);
    let model = report_model(&ws, &intake, &figures, vec!["Liberation Serif".into()]).unwrap();
    serde_json::to_string_pretty(&model).unwrap() + "\n"
}

/// Compares `got` with the insta snapshot `name` under `tests/snapshots/`.
fn check(name: &str, got: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo().join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, got));
}

#[test]
fn the_first_plans_report_reads_as_pinned() {
    check("model-kh-nq57-hue", &model_json("tonghop.toml", "kh-nq57-hue.toml", 57, 3, 4));
}

#[test]
fn the_second_plans_report_reads_as_pinned() {
    check("model-kh-98-2024", &model_json("vi-du/kh-98-2024/tonghop.toml", "kh-98-2024.toml", 98, 2, 2));
}

/// "25,71%" → 2571.
fn hundredths(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches('(').trim_end_matches(')').trim_end_matches('%');
    let (whole, frac) = t.split_once(',')?;
    Some(whole.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?)
}

/// The exact share of `n` in `total`, rounded half up, in hundredths of a percent.
fn rounded(n: i64, total: i64) -> i64 {
    (n * 20_000 + total) / (2 * total)
}

/// Every percentage of the report's tables, checked against its own count: a count and its
/// share in one cell ("4\n(33,33%)") against the row's "Tổng số"; a share column against the
/// count beside it and the total row. Returns how many were checked.
fn check_table_shares(model: &serde_json::Value, failures: &mut Vec<String>) -> usize {
    let mut checked = 0;
    let mut stack = vec![model];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Array(a) => stack.extend(a),
            serde_json::Value::Object(o) if o.get("kind").and_then(|k| k.as_str()) == Some("table") => {
                let headers: Vec<&str> =
                    o["columns"].as_array().unwrap().iter().map(|c| c["header"].as_str().unwrap_or("")).collect();
                let rows: Vec<Vec<&str>> = o["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_array().unwrap().iter().map(|c| c.as_str().unwrap_or("")).collect())
                    .collect();
                let total_col = headers.iter().position(|h| *h == "Tổng số");
                let share_col = headers.iter().position(|h| *h == "Tỷ lệ");
                let grand: Option<i64> = rows.last().and_then(|r| r.get(1)).and_then(|c| c.parse().ok());
                for row in &rows {
                    for (i, cell) in row.iter().enumerate() {
                        // "N\n(P%)" in a row with a total.
                        if let (Some(tc), Some((n, p))) = (total_col, cell.split_once('\n')) {
                            let (Ok(n), Some(p), Ok(total)) = (n.parse::<i64>(), hundredths(p), row[tc].parse::<i64>())
                            else {
                                continue;
                            };
                            if total > 0 && p != rounded(n, total) {
                                failures.push(format!("{}: {n} of {total} shown as {p}", headers[i]));
                            }
                            checked += 1;
                        }
                        // A share column: the count is the column before it, of the total row's.
                        if Some(i) == share_col {
                            let (Some(p), Ok(n), Some(total)) = (hundredths(cell), row[i - 1].parse::<i64>(), grand)
                            else {
                                continue;
                            };
                            if total > 0 && p != rounded(n, total) {
                                failures.push(format!("{}: {n} of {total} shown as {p}", headers[i]));
                            }
                            checked += 1;
                        }
                    }
                }
            }
            serde_json::Value::Object(o) => stack.extend(o.values()),
            _ => {}
        }
    }
    checked
}

#[test]
fn every_share_of_both_plans_reports_is_its_own_counts_rounded_share() {
    for (config, plan, seed, missing, late) in
        [("tonghop.toml", "kh-nq57-hue.toml", 57, 3, 4), ("vi-du/kh-98-2024/tonghop.toml", "kh-98-2024.toml", 98, 2, 2)]
    {
        let model: serde_json::Value = serde_json::from_str(&model_json(config, plan, seed, missing, late)).unwrap();
        let mut failures = Vec::new();
        let checked = check_table_shares(&model, &mut failures);
        assert!(checked > 30, "{plan}: only {checked} shares found");
        assert!(failures.is_empty(), "{plan}:\n{}", failures.join("\n"));
    }
    // Equal counts of one total show equal shares (the rows of the issue).
    let s = tonghop::aggregate::shares(&[4, 4, 2, 1, 1]);
    assert_eq!(s[0], s[1]);
    assert_eq!(s[3], s[4]);
}

#[test]
fn sections_iii_and_iv_quote_each_statement_once_and_lose_no_agencys_words() {
    let model: serde_json::Value =
        serde_json::from_str(&model_json("tonghop.toml", "kh-nq57-hue.toml", 57, 3, 4)).unwrap();
    let sections = model["sections"].as_array().unwrap();
    for title in ["III. KHÓ KHĂN, VƯỚNG MẮC", "IV. ĐỀ XUẤT, KIẾN NGHỊ"] {
        let s = sections.iter().find(|s| s["title"] == title).unwrap();
        let blocks = s["blocks"].as_array().unwrap();
        let quotes: Vec<String> = blocks
            .iter()
            .filter(|b| b["kind"] == "quote")
            .map(|b| tonghop::fold::fold(b["text"].as_str().unwrap()))
            .collect();
        let mut distinct = quotes.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), quotes.len(), "{title}: a statement quoted twice");
        // The demo's agencies wrote 49 and 45 statements, 9 and 8 of them distinct (issue 26).
        assert!(quotes.len() <= 12, "{title}: {} quotes", quotes.len());
        let opening = blocks[0]["text"].as_str().unwrap();
        assert!(opening.starts_with("Có ") && opening.contains("tập trung vào"), "{opening}");
    }
}

#[test]
fn every_agencys_statement_is_under_a_statement_equal_to_it() {
    let (_dir, _ws, _intake, figures) = demo_figures("tonghop.toml", "kh-nq57-hue.toml", 57, 3, 4);
    for groups in [&figures.difficulties, &figures.proposals] {
        let all = tonghop::render::model::statements(groups);
        // Equal after folding, or near-equal: a word in six added, dropped or changed.
        let same = tonghop::render::model::same_statement;
        let mut count = 0;
        for g in groups.iter() {
            for q in &g.quotes {
                count += 1;
                assert!(
                    all.iter().any(|s| same(&s.text, &q.text)
                        && s.by.iter().any(|(n, tasks)| *n == g.name && q.tasks.iter().all(|t| tasks.contains(t)))),
                    "{}: «{}» lost",
                    g.name,
                    q.text
                );
            }
        }
        assert!(count > 3 * all.len(), "{count} statements, {} distinct", all.len());
    }
}

#[test]
fn task_names_are_cut_only_at_a_sense_boundary() {
    const OPENS: [&str; 16] = [
        "và", "để", "nhằm", "trong", "theo", "với", "cho", "của", "về", "tại", "trên", "đối", "từ", "gắn", "phục",
        "thông",
    ];
    for (config, plan_file, seed, missing, late) in
        [("tonghop.toml", "kh-nq57-hue.toml", 57, 3, 4), ("vi-du/kh-98-2024/tonghop.toml", "kh-98-2024.toml", 98, 2, 2)]
    {
        let json = model_json(config, plan_file, seed, missing, late);
        let (_dir, ws, _, _) = demo_figures(config, plan_file, seed, missing, late);
        let mut cuts = 0;
        for t in &ws.plan.tasks {
            let name = t.name.trim_end_matches('.');
            // "- Nhiệm vụ 12: <cut>… (thời hạn" in sections II and V.
            let lead = format!("Nhiệm vụ {}: ", t.code);
            for (i, _) in json.match_indices(&lead) {
                let rest = &json[i + lead.len()..];
                let Some(end) = rest.find("… (thời hạn") else { continue };
                let kept = &rest[..end];
                if !name.starts_with(kept) {
                    continue;
                }
                cuts += 1;
                let after = &name[kept.len()..];
                let next = after.trim_start_matches([',', ';', ':']).split_whitespace().next().unwrap_or("");
                assert!(
                    after.starts_with([',', ';', ':']) || OPENS.contains(&next.to_lowercase().as_str()),
                    "{plan_file}: task {} cut as «{kept}…», before «{}»",
                    t.code,
                    after.chars().take(30).collect::<String>()
                );
            }
        }
        assert!(cuts > 0 || plan_file == "kh-98-2024.toml", "{plan_file}: no cut name found to check");
    }
}
