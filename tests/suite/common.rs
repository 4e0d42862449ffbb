//! Shared helpers: a fresh workspace with generated agency workbooks, running the binary, and
//! reading the PDF it wrote.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use std::collections::HashMap;
use tempfile::TempDir;

use tonghop::model::Status;
use tonghop::plan::{load_plan, Deadline, Plan};
use tonghop::sample::{generate, SampleOptions, Truth};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn plan() -> Plan {
    load_plan(&repo().join("templates/plans/kh-nq57-hue.toml")).expect("plan loads")
}

/// A workspace folder: tonghop.toml (the shipped one, with the plan path made absolute and
/// the font pinned to the shipped one so results do not depend on the machine), and input/
/// filled by the generator.
pub struct Fixture {
    pub dir: TempDir,
    pub truth: Truth,
}

impl Fixture {
    pub fn new(seed: u64, missing: usize, late: usize) -> Fixture {
        let dir = workspace();
        let truth = generate(&plan(), &options(seed, missing, late), &dir.path().join("input")).expect("generate");
        Fixture { dir, truth }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn input(&self) -> PathBuf {
        self.dir.path().join("input")
    }

    pub fn pdf_path(&self) -> PathBuf {
        self.dir.path().join("output/bao-cao-2026-6-thang-cuoi-nam.pdf")
    }

    /// Switches the workspace to another cycle: (year, half) and the document date.
    pub fn set_cycle(&self, year: i32, half: u32, date: &str) {
        let year = year.to_string();
        let half = half.to_string();
        edit_config(self.path(), &[("cycle.year", &year), ("cycle.period", &half), ("report.date", date)]);
    }

    /// Replaces input/ with a newly generated cycle.
    pub fn regenerate(&mut self, opts: &SampleOptions) -> &Truth {
        let input = self.input();
        std::fs::remove_dir_all(&input).unwrap();
        self.truth = generate(&plan(), opts, &input).expect("generate");
        &self.truth
    }

    pub fn output(&self, ext: &str) -> PathBuf {
        self.dir.path().join(format!("output/bao-cao-2026-6-thang-cuoi-nam.{ext}"))
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("tonghop").expect("binary built");
        c.arg("-C").arg(self.path()).arg("--im-lang");
        c
    }
}

/// An empty workspace folder holding the shipped tonghop.toml, with the plan path made absolute
/// and the font pinned to the shipped one so results do not depend on the machine.
pub fn workspace() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(repo().join("tonghop.toml"), dir.path().join("tonghop.toml")).expect("shipped config");
    let plan_path = repo().join("templates/plans/kh-nq57-hue.toml");
    let plan_path = format!("{:?}", plan_path.display().to_string());
    edit_config(dir.path(), &[("paths.plan", &plan_path), ("report.font", "\"Liberation Serif\"")]);
    dir
}

/// Edits the tonghop.toml of the workspace `dir` as TOML, not as text: each edit is a dotted key
/// ("cycle.year") and a value written in TOML ("2027", "\"Liberation Serif\"", "2026-11-30"),
/// or "" to remove the key. Comments of the file are not kept; tests that read the shipped
/// config's text read the shipped file.
pub fn edit_config(dir: &Path, edits: &[(&str, &str)]) {
    let path = dir.join("tonghop.toml");
    let text = std::fs::read_to_string(&path).expect("config");
    let mut config: toml::Table = toml::from_str(&text).expect("the config is TOML");
    for (key, value) in edits {
        let (tables, last) = key.rsplit_once('.').map_or((None, *key), |(t, l)| (Some(t), l));
        let mut table = &mut config;
        for part in tables.into_iter().flat_map(|t| t.split('.')) {
            table = table
                .entry(part)
                .or_insert_with(|| toml::Value::Table(toml::Table::new()))
                .as_table_mut()
                .unwrap_or_else(|| panic!("{key}: {part} is not a table"));
        }
        if value.is_empty() {
            table.remove(last);
        } else {
            let parsed: toml::Table =
                toml::from_str(&format!("v = {value}")).unwrap_or_else(|e| panic!("{value}: {e}"));
            table.insert(last.to_string(), parsed["v"].clone());
        }
    }
    std::fs::write(&path, toml::to_string(&config).expect("serialise")).expect("write config");
}

/// Every file under `root`, as paths relative to it.
pub fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(root.join(&rel)).unwrap() {
            let entry = entry.unwrap();
            let child = rel.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                stack.push(child);
            } else {
                out.push(child);
            }
        }
    }
    out.sort();
    out
}

/// Copies a folder tree (fixtures into a workspace's input/).
pub fn copy_tree(from: &Path, to: &Path) {
    for rel in files_under(from) {
        std::fs::create_dir_all(to.join(&rel).parent().unwrap()).unwrap();
        std::fs::copy(from.join(&rel), to.join(&rel)).unwrap();
    }
}

/// Generator options for the shipped cycle (6 tháng cuối năm 2026, deadline 25/11/2026).
pub fn options(seed: u64, missing: usize, late: usize) -> SampleOptions {
    SampleOptions {
        seed,
        missing,
        late,
        deadline: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        cycle_label: "6 tháng cuối năm 2026".into(),
        copies: 1,
        mistakes: 0,
    }
}

/// The text of each page of a PDF.
pub fn pages_text(pdf: &Path) -> Vec<String> {
    let bytes = std::fs::read(pdf).expect("pdf written");
    pdf_extract::extract_text_from_mem_by_pages(&bytes).expect("pdf text extracts")
}

/// Whole text with runs of white space folded to one space, for sentence searches.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Status of every (task, agency) assignment according to the truth.
pub fn truth_statuses(plan: &Plan, truth: &Truth) -> HashMap<(String, String), Status> {
    let mut m = HashMap::new();
    for task in &plan.tasks {
        for lead in &task.leads {
            let s = truth.status(lead, &task.code);
            m.insert((task.code.clone(), lead.clone()), s);
        }
    }
    m
}

/// A task's consolidated status, by the rule of report-contents.md, written out plainly.
pub fn consolidated(plan: &Plan, truth: &Truth, code: &str) -> Status {
    let statuses = truth_statuses(plan, truth);
    let task = plan.task(code).unwrap();
    let all: Vec<Status> = task.leads.iter().map(|l| statuses[&(code.to_string(), l.clone())]).collect();
    if all.iter().all(|s| *s == Status::Done) {
        return Status::Done;
    }
    let worst = *all.iter().min().unwrap();
    let recurring = matches!(task.deadline, Deadline::Recurring);
    if recurring && !all.iter().any(|s| matches!(s, Status::NotStarted | Status::NotReported)) {
        return Status::Recurring;
    }
    worst
}

/// Makes the generated files of `fx` look like real reports: the "DỮ LIỆU MẪU" line goes.
pub fn unmark(fx: &Fixture) {
    use std::io::{Read, Write};
    for e in std::fs::read_dir(fx.input()).unwrap().flatten() {
        let path = e.path();
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut parts = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            parts.push((f.name().unwrap().into_owned(), b));
        }
        drop(zip);
        let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        for (name, bytes) in parts {
            let bytes = match std::str::from_utf8(&bytes) {
                Ok(t) if name.ends_with(".xml") => t.replace(tonghop::validate::SAMPLE_MARKER, "Ghi chú").into_bytes(),
                _ => bytes,
            };
            w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(&bytes).unwrap();
        }
        w.finish().unwrap();
    }
}

/// A generated cycle of the second plan (Kế hoạch 98, reported yearly): its year 2024.
pub fn second_plan_options(seed: u64) -> SampleOptions {
    SampleOptions {
        seed,
        missing: 2,
        late: 2,
        deadline: chrono::NaiveDate::from_ymd_opt(2024, 11, 30).unwrap(),
        cycle_label: "năm 2024".into(),
        copies: 1,
        mistakes: 0,
    }
}
