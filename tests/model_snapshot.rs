//! The report's words for both shipped plans, pinned: every sentence, table cell and heading of
//! the report model (what the Typst template lays out) for a fixed generated cycle, compared
//! with `tests/snapshots/`. A wording change shows up in review as a diff of those files.
//!
//! To accept a change: `TONGHOP_UPDATE_SNAPSHOTS=1 cargo test --test model_snapshot`, then read
//! the diff before committing. (insta would do the same; it is not in this machine's offline
//! crate cache, so this is the few lines it would take.)

mod common;

use std::path::Path;

use tonghop::aggregate::aggregate;
use tonghop::cmd::run::report_model;
use tonghop::cmd::{read_input, Timings, Workspace};
use tonghop::sample::{generate, SampleOptions};

use common::repo;

/// The model of a workspace whose config is `config` (plan path made absolute) and whose
/// input is the generator's cycle for `seed`, as pretty JSON.
fn model_json(config: &str, plan_file: &str, seed: u64, missing: usize, late: usize) -> String {
    let dir = tempfile::tempdir().unwrap();
    let plan_path = repo().join("templates/plans").join(plan_file);
    let text = std::fs::read_to_string(repo().join(config)).unwrap();
    let text: String =
        text.lines()
            .map(|l| {
                if l.starts_with("plan = ") {
                    format!("plan = {:?}", plan_path.display().to_string())
                } else {
                    l.into()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
    std::fs::write(dir.path().join("tonghop.toml"), text).unwrap();
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
    let intake = read_input(&ws, &ws.config.input_dir(), &[], true, &mut Timings::default()).unwrap();
    let figures = aggregate(&ws.plan, &intake, ws.cycle(), None).unwrap();
    let model = report_model(&ws, &intake, &figures, vec!["Liberation Serif".into()]).unwrap();
    serde_json::to_string_pretty(&model).unwrap() + "\n"
}

fn check(name: &str, got: &str) {
    let path = repo().join("tests/snapshots").join(name);
    if std::env::var_os("TONGHOP_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if want == got {
        return;
    }
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let first = w.iter().zip(&g).position(|(a, b)| a != b).unwrap_or(w.len().min(g.len()));
    let context = |lines: &[&str]| lines[first.saturating_sub(3)..(first + 4).min(lines.len())].join("\n");
    let _ = std::fs::write(Path::new(&path).with_extension("json.new"), got);
    panic!(
        "the report model differs from {} at line {}:\n--- snapshot\n{}\n+++ now\n{}\n(the whole new model is in {}.new; \
         if the change is meant, set TONGHOP_UPDATE_SNAPSHOTS=1 and review the diff)",
        path.display(),
        first + 1,
        context(&w),
        context(&g),
        path.display()
    );
}

#[test]
fn the_first_plans_report_reads_as_pinned() {
    check("model-kh-nq57-hue.json", &model_json("tonghop.toml", "kh-nq57-hue.toml", 57, 3, 4));
}

#[test]
fn the_second_plans_report_reads_as_pinned() {
    check("model-kh-98-2024.json", &model_json("vi-du/kh-98-2024/tonghop.toml", "kh-98-2024.toml", 98, 2, 2));
}
