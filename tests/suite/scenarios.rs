//! One folder per case of the agency-workbook contract (`tests/fixtures/scenarios/`), each made
//! by LibreOffice from `scripts/make-scenario-fixtures.py` with its `expected.toml`. The binary
//! runs on each folder; the test compares every diagnostic (severity, code, file › sheet › cell,
//! Vietnamese message, value found) and every figure read (task statuses, completion dates,
//! results, indicator values, the submission register) with what the scenario expects: nothing
//! missing, nothing extra.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    exit: i32,
    agencies: Vec<String>,
    #[serde(default)]
    mtime_order: Vec<String>,
    #[serde(default)]
    skipped: Vec<String>,
    #[serde(default)]
    task: Vec<ExpectedTask>,
    #[serde(default)]
    indicator: Vec<ExpectedIndicator>,
    #[serde(default)]
    submission: Vec<ExpectedSubmission>,
    #[serde(default)]
    diagnostic: Vec<ExpectedDiagnostic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedTask {
    agency: String,
    code: String,
    status: String,
    completed: Option<String>,
    result: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedIndicator {
    code: String,
    value: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedSubmission {
    agency: String,
    file: String,
    state: String,
    report_date: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedDiagnostic {
    severity: String,
    code: String,
    at: String,
    message: String,
    found: Option<String>,
    expected: Option<String>,
}

fn status_label(json: &str) -> &'static str {
    match json {
        "Done" => "Hoàn thành",
        "Recurring" => "Thường xuyên",
        "InProgress" => "Đang thực hiện",
        "NotStarted" => "Chưa thực hiện",
        "NotReported" => "Chưa báo cáo",
        other => panic!("unknown status {other}"),
    }
}

fn location(d: &Value) -> String {
    let loc = &d["location"];
    let mut s = loc["file"].as_str().unwrap().to_string();
    for part in ["sheet", "cell"] {
        if let Some(p) = loc[part].as_str() {
            s.push_str(" › ");
            s.push_str(p);
        }
    }
    s
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// Runs the binary on one scenario folder and compares everything it read with expected.toml.
fn scenario(name: &str) {
    let folder: PathBuf = common::repo().join("tests/fixtures/scenarios").join(name);
    let expected: Expected =
        toml::from_str(&std::fs::read_to_string(folder.join("expected.toml")).unwrap()).expect("expected.toml parses");
    let ws = common::workspace();
    let input = ws.path().join("input");
    common::copy_tree(&folder.join("input"), &input);
    let base = SystemTime::now() - Duration::from_secs(3600);
    for (i, f) in expected.mtime_order.iter().enumerate() {
        let file = std::fs::File::options().write(true).open(input.join(f)).unwrap();
        file.set_modified(base + Duration::from_secs(60 * i as u64)).unwrap();
    }

    // `check` accepts exactly what `run` accepts: same exit status, same problems listed.
    let tonghop = |command: &str| {
        assert_cmd::Command::cargo_bin("tonghop")
            .unwrap()
            .arg("-C")
            .arg(ws.path())
            .arg("--im-lang")
            .arg(command)
            .output()
            .unwrap()
    };
    let check = tonghop("check");
    let out = tonghop("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(expected.exit), "{name}: exit status; stderr:\n{stderr}");
    assert_eq!(check.status.code(), out.status.code(), "{name}: check and run disagree");
    let listed = |s: &[u8]| String::from_utf8_lossy(s).lines().filter(|l| l.trim_start().starts_with('[')).count();
    // `run` lists at most 40 problems on the terminal, `check` all of them.
    assert_eq!(listed(&out.stderr), listed(&check.stderr).min(40), "{name}: problems listed");
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(ws.path().join("output/bao-cao-2026-6-thang-cuoi-nam.json")).expect("figures written"),
    )
    .unwrap();
    assert!(ws.path().join("output/bao-cao-2026-6-thang-cuoi-nam.pdf").exists(), "{name}: no report");
    let mut failures: Vec<String> = Vec::new();

    // Diagnostics: the same set, one for one.
    let mut actual: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for d in json["diagnostics"].as_array().unwrap() {
        let severity = if d["severity"] == "Error" { "lỗi" } else { "cảnh báo" };
        let key =
            format!("[{severity} {}] {}: {}", d["code"].as_str().unwrap(), location(d), d["message"].as_str().unwrap());
        actual.entry(key).or_default().push(d);
    }
    for e in &expected.diagnostic {
        let key = format!("[{} {}] {}: {}", e.severity, e.code, e.at, e.message);
        match actual.get_mut(&key).and_then(|v| v.pop()) {
            None => failures.push(format!("missing diagnostic {key}")),
            Some(d) => {
                if e.found.is_some() && text(&d["found"]) != e.found {
                    failures.push(format!("{key}: found {:?}, expected {:?}", d["found"], e.found));
                }
                if e.expected.is_some() && text(&d["expected"]) != e.expected {
                    failures.push(format!("{key}: expected-value {:?}, expected {:?}", d["expected"], e.expected));
                }
            }
        }
    }
    for (key, rest) in &actual {
        for d in rest {
            failures.push(format!("unexpected diagnostic {key} (found {:?})", d["found"]));
        }
    }

    // Tasks: every assignment of the scenario's agencies with a real status, and only those.
    let agencies: BTreeSet<&str> = expected.agencies.iter().map(String::as_str).collect();
    let mut read: BTreeMap<(String, String), &Value> = BTreeMap::new();
    for row in json["figures"]["task_rows"].as_array().unwrap() {
        for a in row["assignments"].as_array().unwrap() {
            let agency = a["agency"].as_str().unwrap();
            if agencies.contains(agency) && a["status"] != "NotReported" {
                read.insert((agency.to_string(), row["code"].as_str().unwrap().to_string()), a);
            }
        }
    }
    for t in &expected.task {
        let key = (t.agency.clone(), t.code.clone());
        let Some(a) = read.remove(&key) else {
            failures.push(format!("task {} of {}: not read (expected {})", t.code, t.agency, t.status));
            continue;
        };
        let status = status_label(a["status"].as_str().unwrap());
        if status != t.status {
            failures.push(format!("task {} of {}: status {status}, expected {}", t.code, t.agency, t.status));
        }
        if text(&a["completed_on"]) != t.completed {
            failures.push(format!(
                "task {} of {}: completed {:?}, expected {:?}",
                t.code, t.agency, a["completed_on"], t.completed
            ));
        }
        if let Some(r) = &t.result {
            if a["result"].as_str() != Some(r) {
                failures.push(format!("task {} of {}: result {:?}, expected {r:?}", t.code, t.agency, a["result"]));
            }
        }
    }
    for ((agency, code), a) in read {
        failures.push(format!("task {code} of {agency}: read as {}, expected not reported", a["status"]));
    }

    // Indicators: the values read, and no others.
    let mut values: BTreeMap<String, f64> = BTreeMap::new();
    for row in json["figures"]["indicator_rows"].as_array().unwrap() {
        if let Some(v) = row["value"].as_f64() {
            values.insert(row["code"].as_str().unwrap().to_string(), v);
        }
    }
    for i in &expected.indicator {
        match values.remove(&i.code) {
            Some(v) if (v - i.value).abs() < 1e-9 => {}
            got => failures.push(format!("indicator {}: value {got:?}, expected {}", i.code, i.value)),
        }
    }
    for (code, v) in values {
        failures.push(format!("indicator {code}: read {v}, expected no value"));
    }

    // The submission register: which file was used, its date and whether it was on time.
    for s in &expected.submission {
        let row = json["figures"]["register"].as_array().unwrap().iter().find(|r| r["agency"] == s.agency.as_str());
        let Some(row) = row else {
            failures.push(format!("register: no row for {}", s.agency));
            continue;
        };
        if row["file"].as_str() != Some(&s.file) || row["state"].as_str() != Some(&s.state) {
            failures.push(format!(
                "register {}: {} {}, expected {} {}",
                s.agency, row["file"], row["state"], s.file, s.state
            ));
        }
        if text(&row["report_date"]) != s.report_date {
            failures.push(format!("register {}: date {}, expected {:?}", s.agency, row["report_date"], s.report_date));
        }
    }
    for f in &expected.skipped {
        if !stderr.contains(&format!("Bỏ qua {f}:")) {
            failures.push(format!("no note that {f} was skipped"));
        }
    }
    assert!(failures.is_empty(), "{name}:\n  {}\nstderr:\n{stderr}", failures.join("\n  "));
    assert_inputs_untouched(&folder.join("input"), &input);
}

/// The run never changes a byte of what it read.
fn assert_inputs_untouched(fixture: &Path, input: &Path) {
    for rel in common::files_under(fixture) {
        let (a, b) = (std::fs::read(fixture.join(&rel)).unwrap(), std::fs::read(input.join(&rel)).unwrap());
        assert!(a == b, "{rel:?} changed");
    }
}

macro_rules! scenarios {
    ($($test:ident => $folder:literal,)*) => {
        $(#[test] fn $test() { scenario($folder); })*

        /// Every folder has its test.
        #[test]
        fn every_scenario_folder_is_tested() {
            let mut folders: Vec<String> = std::fs::read_dir(common::repo().join("tests/fixtures/scenarios"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            folders.sort();
            assert_eq!(folders, vec![$($folder),*]);
        }
    };
}

scenarios! {
    titles_above_table => "01-titles-above-table",
    two_row_merged_header => "02-two-row-merged-header",
    merged_cells_ods => "03-merged-cells-ods",
    hidden_sheets => "04-hidden-sheets",
    agency_names => "05-agency-names",
    dates => "06-dates",
    dates_1904 => "07-dates-1904",
    status_variants => "08-status-variants",
    indicator_values => "09-indicator-values",
    code_8_10 => "10-code-8-10",
    duplicates => "11-duplicates",
    rows_not_counted => "12-rows-not-counted",
    late_and_undated => "13-late-and-undated",
    mixed_folder => "14-mixed-folder",
    status_layouts => "15-status-layouts",
    own_numbering => "16-own-numbering",
    invisible_characters => "17-invisible-characters",
    document_header => "18-document-header",
    rows_without_code_and_formulas => "19-rows-without-code-and-formulas",
    legacy_tcvn3 => "20-legacy-tcvn3",
    legacy_vni => "21-legacy-vni",
    free_codes_statuses_dates => "22-free-codes-statuses-dates",
    indicator_values_with_units => "23-indicator-values-with-units",
    own_tasks_and_rows_to_skip => "24-own-tasks-and-rows-to-skip",
    hidden_rows_and_columns => "25-hidden-rows-and-columns",
    last_cycle_sent_again => "26-last-cycle-sent-again",
    one_workbook_several_wards => "27-one-workbook-several-wards",
    supplement_merged => "28-supplement-merged",
}

/// Every non-empty row between a table's header and its end is read, skipped by a stated rule,
/// or has a diagnostic — exactly once — in every workbook of every scenario and of the demo
/// input. Rows are counted here from the sheet itself, not from what the checker did.
#[test]
fn every_row_of_every_table_is_accounted_for() {
    use std::collections::HashMap;
    use tonghop::ingest::read_workbook;
    use tonghop::validate::{check_file, find_tables, DateWindow};
    let plan = common::plan();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(common::repo().join("tests/fixtures/scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path().join("input"))
        .collect();
    folders.push(common::repo().join("input"));
    let mut checked_rows = 0;
    for folder in folders {
        for rel in common::files_under(&folder) {
            let path = folder.join(&rel);
            let name = rel.to_string_lossy().into_owned();
            let Ok(book) = read_workbook(&path, &name) else { continue };
            let outcome = check_file(&plan, &name, Ok(book.clone()), DateWindow::around(2026));
            let mut fates: HashMap<(usize, usize), Vec<&str>> = HashMap::new();
            for f in outcome.row_fates() {
                fates.entry((f.sheet, f.row)).or_default().push(f.fate.key());
            }
            // Every non-empty sheet has exactly one fate; the rows of every sheet read, one each.
            let mut sheet_fates: HashMap<usize, usize> = HashMap::new();
            for s in outcome.sheet_fates() {
                *sheet_fates.entry(s.sheet).or_default() += 1;
            }
            for (si, sheet) in book.sheets.iter().enumerate() {
                let want = usize::from(!sheet.is_empty());
                assert_eq!(sheet_fates.get(&si).copied().unwrap_or(0), want, "{name} › {}: sheet fates", sheet.name);
            }
            let sheets: std::collections::BTreeSet<usize> = outcome
                .sheet_fates()
                .iter()
                .filter(|s| matches!(s.fate, tonghop::validate::SheetFate::Read { .. }))
                .map(|s| s.sheet)
                .collect();
            for si in sheets {
                let sheet = &book.sheets[si];
                for t in find_tables(sheet, si) {
                    for r in sheet.rows_between(t.first_data_row, t.end_row) {
                        let got = fates.get(&(si, r)).map(Vec::len).unwrap_or(0);
                        assert_eq!(got, 1, "{name} › {} › row {}: {:?}", sheet.name, r + 1, fates.get(&(si, r)));
                        checked_rows += 1;
                    }
                }
            }
        }
    }
    assert!(checked_rows > 1000, "{checked_rows} rows checked");
}

/// What offices add to the form they were sent: a row of column numbers under the header, a
/// totals row and a signature block under the table. Added to every demo workbook, they change
/// nothing: the same figures, the same problems (so the same return forms), none at those rows.
#[test]
fn column_numbers_totals_and_signatures_change_nothing_in_the_demo() {
    use tonghop::ingest::{read_workbook, Cell, Sheet, Workbook};
    use tonghop::validate::{check_file, find_tables, DateWindow};
    let plan = common::plan();
    let window = DateWindow::around(2026);
    let folder = common::repo().join("input");
    let project = |o: &tonghop::validate::FileOutcome| {
        let subs: Vec<String> = o
            .submissions()
            .map(|s| {
                let tasks: Vec<String> = s
                    .tasks
                    .iter()
                    .map(|t| format!("{} {:?} {:?} {}", t.task, t.status, t.completed_on, t.result))
                    .collect();
                let inds: Vec<String> = s.indicators.iter().map(|i| format!("{} {:?}", i.indicator, i.value)).collect();
                format!("{} {:?} {tasks:?} {inds:?}", s.agency, s.report_date)
            })
            .collect();
        let mut diags: Vec<String> =
            o.diagnostics().iter().map(|d| format!("{} {} {:?}", d.code, d.message, d.found)).collect();
        diags.sort();
        (subs, diags)
    };
    let mut files = 0;
    for rel in common::files_under(&folder) {
        let name = rel.to_string_lossy().into_owned();
        let book = read_workbook(&folder.join(&rel), &name).unwrap();
        let before = check_file(&plan, &name, Ok(book.clone()), window);
        let mut added: Vec<(String, usize)> = Vec::new();
        let sheets: Vec<Sheet> = book
            .sheets
            .iter()
            .enumerate()
            .map(|(si, sheet)| {
                let Some(t) = find_tables(sheet, si).into_iter().next() else { return sheet.clone() };
                let width = sheet.row_width(t.header_row) as u32;
                let mut cells: Vec<(u32, u32, Cell)> = sheet
                    .cells()
                    .map(|(r, c, v)| (if r >= t.first_data_row { r as u32 + 1 } else { r as u32 }, c as u32, v.clone()))
                    .collect();
                let numbers = t.first_data_row as u32;
                cells.extend((0..width).map(|c| (numbers, c, Cell::Text(format!("({})", c + 1)))));
                let end = sheet.height() as u32 + 1;
                cells.push((end, 1, Cell::Text("Tổng cộng".into())));
                cells.push((end, 2, Cell::Number(12.0)));
                let block = ["Nơi nhận:", "- Sở KH&CN (b/c);", "- Lưu: VT, KH."];
                for (k, line) in block.iter().enumerate() {
                    cells.push((end + 2 + k as u32, 0, Cell::Text(line.to_string())));
                }
                cells.push((end + 2, 4, Cell::Text("THỦ TRƯỞNG ĐƠN VỊ".into())));
                cells.push((end + 6, 4, Cell::Text("Nguyễn Văn An".into())));
                for r in [numbers, end, end + 2, end + 3, end + 4, end + 6] {
                    added.push((sheet.name.clone(), r as usize + 1));
                }
                Sheet::from_cells(sheet.name.clone(), sheet.visible, cells)
            })
            .collect();
        let edited = Workbook { sheets, ..book.clone() };
        let after = check_file(&plan, &name, Ok(edited), window);
        assert_eq!(project(&before), project(&after), "{name}");
        for d in after.diagnostics() {
            let at = (d.location.sheet.clone().unwrap_or_default(), d.location.cell.clone().unwrap_or_default());
            let row: usize = at.1.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse().unwrap_or(0);
            assert!(!added.contains(&(at.0.clone(), row)), "{name}: {d} on an added row");
        }
        files += 1;
    }
    assert!(files > 60, "{files} demo files");
}
