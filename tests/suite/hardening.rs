//! Hostile files, names and faults: one good workbook beside each bad one, and the good one must
//! always be read. Each case runs `check` and `run`, which must agree; the exit code is 0 or 1,
//! the bad file is named in Vietnamese, nothing panics or aborts, time and memory stay bounded.

use crate::common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{options, plan, workspace};
use serde_json::Value;
use tempfile::TempDir;

const GOOD: &str = "so-y-te.xlsx";
const GOOD_AGENCY: &str = "so-y-te";
const BASE: &str = "so-cong-thuong.xlsx";

/// The generated cycle, made once per test binary.
fn generated() -> &'static Path {
    static DIR: std::sync::OnceLock<TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        tonghop::sample::generate(&plan(), &options(57, 0, 0), d.path()).unwrap();
        d
    })
    .path()
}

/// A workspace whose input holds the good workbook only.
fn with_good() -> TempDir {
    let ws = workspace();
    std::fs::create_dir_all(ws.path().join("input")).unwrap();
    std::fs::copy(generated().join(GOOD), ws.path().join("input").join(GOOD)).unwrap();
    ws
}

/// The parts of a generated workbook, by name, in order.
fn parts(file: &str) -> Vec<(String, Vec<u8>)> {
    parts_of(&generated().join(file))
}

/// The parts of the zip at `path`, by name, in order.
fn parts_of(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            (e.name().unwrap().into_owned(), b)
        })
        .collect()
}

fn write_zip(path: &Path, parts: &[(String, Vec<u8>)]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    for (name, bytes) in parts {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
}

/// The base workbook with one part changed by `f`.
fn mutate(ws: &TempDir, name: &str, part: &str, f: impl Fn(String) -> String) -> PathBuf {
    let mut p = parts(BASE);
    let entry = p.iter_mut().find(|(n, _)| n == part).expect("part exists");
    entry.1 = f(String::from_utf8(entry.1.clone()).unwrap()).into_bytes();
    let path = ws.path().join("input").join(name);
    write_zip(&path, &p);
    path
}

/// A cell added at the end of the first sheet's data.
fn add_cell(xml: String, row: &str, cell: &str) -> String {
    xml.replace("</sheetData>", &format!("<row r=\"{row}\">{cell}</row></sheetData>"))
}

struct Outcome {
    code: i32,
    stderr: String,
    stdout: String,
    json: Option<Value>,
    seconds: f64,
    /// Peak resident memory of the run (its workers included), when GNU time is there to say.
    peak_mib: Option<f64>,
}

/// GNU time measures the run from a small process of its own: a child of this (large) test
/// process would be charged with the test's own memory at spawn time.
const TIME: &str = "/usr/bin/time";
const RSS_TAG: &str = "TONGHOP_PEAK_KB=";

fn tonghop(ws: &Path, args: &[&str], envs: &[(&str, &str)]) -> Outcome {
    let bin = assert_cmd::cargo::cargo_bin("tonghop");
    let timed = Path::new(TIME).exists();
    let mut c = if timed {
        let mut c = assert_cmd::Command::new(TIME);
        c.arg("-f").arg(format!("{RSS_TAG}%M")).arg(&bin);
        c
    } else {
        assert_cmd::Command::new(&bin)
    };
    c.arg("-C").arg(ws).arg("--im-lang").args(args).timeout(Duration::from_secs(120));
    for (k, v) in envs {
        c.env(k, v);
    }
    let t = Instant::now();
    let out = c.output().unwrap();
    let json = std::fs::read(ws.join("output/bao-cao-2026-6-thang-cuoi-nam.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let mut stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let mut peak_mib = None;
    if let Some(i) = stderr.rfind(RSS_TAG) {
        peak_mib = stderr[i + RSS_TAG.len()..].trim().parse::<f64>().ok().map(|kb| kb / 1024.0);
        stderr.truncate(i);
    }
    // GNU time says so when the command exits non-zero; that line is not the command's.
    let stderr =
        stderr.lines().filter(|l| !l.starts_with("Command exited with non-zero status")).collect::<Vec<_>>().join("\n");
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stderr,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        json,
        seconds: t.elapsed().as_secs_f64(),
        peak_mib,
    }
}

/// The budgets stated in the README: a case runs within 60 s and 400 MiB.
const MAX_SECONDS: f64 = 60.0;
const MAX_MIB: f64 = 400.0;

/// `check` then `run` on the workspace: both agree, the good agency is read, and the diagnostics
/// of `bad` (a file name) are returned.
fn both(ws: &TempDir, bad: &str, envs: &[(&str, &str)]) -> Vec<Value> {
    let check = tonghop(ws.path(), &["check"], envs);
    let run = tonghop(ws.path(), &["run"], envs);
    for (what, o) in [("check", &check), ("run", &run)] {
        assert!(matches!(o.code, 0 | 1), "{what} exited {}: {}", o.code, o.stderr);
        for bad_words in ["panicked", "memory allocation", "RUST_BACKTRACE", "thread '"] {
            assert!(!o.stderr.contains(bad_words), "{what} printed {bad_words:?}: {}", o.stderr);
        }
        assert!(o.seconds < MAX_SECONDS, "{what} took {:.1} s", o.seconds);
        if let Some(mib) = o.peak_mib {
            assert!(mib < MAX_MIB, "{what}: peak memory {mib:.0} MiB");
        }
    }
    assert_eq!(check.code, run.code, "check and run disagree:\n{}\n---\n{}", check.stdout, run.stdout);
    let json = run.json.expect("run writes its JSON");
    let register = json["figures"]["register"].as_array().unwrap();
    let good = register.iter().find(|r| r["agency"] == GOOD_AGENCY).unwrap();
    assert!(matches!(good["state"].as_str(), Some("OnTime" | "Late")), "good agency lost: {good}");
    let diags: Vec<Value> =
        json["diagnostics"].as_array().unwrap().iter().filter(|d| d["location"]["file"] == bad).cloned().collect();
    // What the officer reads is Vietnamese: no reading library's or the system's own sentence.
    for d in &diags {
        let msg = d["message"].as_str().unwrap_or("");
        for english in ["os error", "Error", "error:", "Invalid", "invalid", "expected", "Cfb", "Zip", "EOF"] {
            assert!(!msg.contains(english), "«{english}» in a diagnostic: {msg}");
        }
    }
    diags
}

/// The bad file gets exactly one file-level error, whose message contains `words`.
fn unreadable(diags: &[Value], words: &str) {
    let errors: Vec<&Value> = diags.iter().filter(|d| d["code"] == "file-unreadable").collect();
    assert_eq!(errors.len(), 1, "{diags:#?}");
    let msg = errors[0]["message"].as_str().unwrap();
    assert!(msg.contains(words), "{msg}");
}

#[test]
fn a_stray_value_in_the_last_cell_of_the_sheet_costs_nothing() {
    let ws = with_good();
    mutate(&ws, "xfd.xlsx", "xl/worksheets/sheet1.xml", |x| {
        add_cell(x, "1048576", r#"<c r="XFD1048576" t="inlineStr"><is><t>.</t></is></c>"#)
    });
    let diags = both(&ws, "xfd.xlsx", &[]);
    assert!(diags.iter().all(|d| d["code"] != "file-unreadable"), "{diags:#?}");
    // The file's own agency is read as if the stray value were not there.
    let json = tonghop(ws.path(), &["run"], &[]).json.unwrap();
    let ct = json["figures"]["register"].as_array().unwrap().iter().find(|r| r["agency"] == "so-cong-thuong").cloned();
    assert!(matches!(ct.unwrap()["state"].as_str(), Some("OnTime" | "Late")));
}

#[test]
fn a_value_in_a1048576_and_a_sheet_formatted_to_the_last_row_are_read() {
    let ws = with_good();
    mutate(&ws, "a-last.xlsx", "xl/worksheets/sheet1.xml", |x| {
        add_cell(x, "1048576", r#"<c r="A1048576" t="inlineStr"><is><t>ghi chú</t></is></c>"#)
    });
    let diags = both(&ws, "a-last.xlsx", &[]);
    assert!(diags.iter().all(|d| d["code"] != "file-unreadable"), "{diags:#?}");

    // A million formatted empty rows, as "format the whole column" leaves them.
    let ws = with_good();
    mutate(&ws, "formatted.xlsx", "xl/worksheets/sheet1.xml", |x| {
        let mut rows = String::with_capacity(60 << 20);
        for r in 30..=1_048_576u32 {
            rows.push_str(&format!(r#"<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/></row>"#));
        }
        x.replace("</sheetData>", &format!("{rows}</sheetData>"))
    });
    let diags = both(&ws, "formatted.xlsx", &[]);
    assert!(diags.iter().all(|d| d["code"] != "file-unreadable"), "{diags:#?}");
}

#[test]
fn references_outside_any_sheet_name_the_file() {
    for (name, cell) in [
        ("col.xlsx", r#"<c r="AAAAAAAAAAAAAAAA1" t="inlineStr"><is><t>x</t></is></c>"#),
        ("row.xlsx", r#"<c r="A99999999999999999999" t="inlineStr"><is><t>x</t></is></c>"#),
        ("next.xlsx", r#"<c r="A1048577" t="inlineStr"><is><t>x</t></is></c>"#),
    ] {
        let ws = with_good();
        mutate(&ws, name, "xl/worksheets/sheet1.xml", |x| add_cell(x, "40", cell));
        let diags = both(&ws, name, &[]);
        unreadable(&diags, "không đọc được tệp");
    }
}

#[test]
fn a_huge_shared_string_count_is_refused_before_anything_is_reserved() {
    let ws = with_good();
    mutate(&ws, "sst.xlsx", "xl/sharedStrings.xml", |x| {
        let start = x.find("<sst").unwrap();
        let end = start + x[start..].find('>').unwrap();
        let head = &x[start..end];
        let new_head = head
            .split(' ')
            .map(|a| if a.starts_with("uniqueCount=") { "uniqueCount=\"4294967295\"" } else { a })
            .collect::<Vec<_>>()
            .join(" ");
        x.replacen(head, &new_head, 1)
    });
    unreadable(&both(&ws, "sst.xlsx", &[]), "vượt giới hạn");
}

#[test]
fn a_zip_bomb_and_a_sheet_of_empty_rows_past_the_budget_are_refused() {
    let ws = with_good();
    // 300 MB of empty rows that compress to a few hundred KB.
    mutate(&ws, "bomb.xlsx", "xl/worksheets/sheet1.xml", |x| {
        let filler = "<row/>".repeat(50_000_000);
        x.replace("</sheetData>", &format!("{filler}</sheetData>"))
    });
    assert!(std::fs::metadata(ws.path().join("input/bomb.xlsx")).unwrap().len() < 5 << 20);
    unreadable(&both(&ws, "bomb.xlsx", &[]), "vượt giới hạn");
}

#[test]
fn a_workbook_listing_a_hundred_thousand_sheets_is_refused() {
    let ws = with_good();
    mutate(&ws, "sheets.xlsx", "xl/workbook.xml", |x| {
        let mut many = String::new();
        for i in 0..100_000 {
            many.push_str(&format!(r#"<sheet name="S{i}" sheetId="{}" r:id="rId1"/>"#, i + 10));
        }
        x.replace("</sheets>", &format!("{many}</sheets>"))
    });
    unreadable(&both(&ws, "sheets.xlsx", &[]), "trang tính");
}

#[test]
fn two_hundred_thousand_one_cell_rows_read_in_bounded_time() {
    let ws = with_good();
    mutate(&ws, "tall.xlsx", "xl/worksheets/sheet1.xml", |x| {
        let mut rows = String::new();
        for r in 100..200_100u32 {
            rows.push_str(&format!(r#"<row r="{r}"><c r="K{r}"><v>{r}</v></c></row>"#));
        }
        x.replace("</sheetData>", &format!("{rows}</sheetData>"))
    });
    let t = Instant::now();
    let diags = both(&ws, "tall.xlsx", &[]);
    assert!(t.elapsed().as_secs_f64() < 30.0, "{:?}", t.elapsed());
    assert!(diags.iter().all(|d| d["code"] != "file-unreadable"), "{diags:#?}");
}

#[test]
fn a_fifty_megabyte_text_is_cut_with_a_warning() {
    let ws = with_good();
    mutate(&ws, "long.xlsx", "xl/worksheets/sheet1.xml", |x| {
        add_cell(x, "200", &format!(r#"<c r="G200" t="inlineStr"><is><t>{}</t></is></c>"#, "a".repeat(50 << 20)))
    });
    let diags = both(&ws, "long.xlsx", &[]);
    let cut: Vec<&Value> = diags.iter().filter(|d| d["code"] == "text-truncated").collect();
    assert_eq!(cut.len(), 1, "{diags:#?}");
    assert_eq!(cut[0]["location"]["cell"], "G200");
}

/// Replaces the cell `at` of the sheet XML (self-closing or not) with `cell`.
fn set_cell(xml: String, at: &str, cell: &str) -> String {
    let open = format!("<c r=\"{at}\"");
    let i = xml.find(&open).expect("cell exists");
    let rest = &xml[i..];
    let tag_end = rest.find('>').unwrap();
    let len = if rest[..tag_end].ends_with('/') { tag_end + 1 } else { rest.find("</c>").unwrap() + 4 };
    format!("{}{cell}{}", &xml[..i], &xml[i + len..])
}

#[test]
fn dates_outside_any_calendar_are_diagnostics_in_check_and_run_alike() {
    // Completion dates (column F, date-formatted style 6) of four task rows: an ISO date with a
    // negative year, serial 0 (31/12/1899), the last serial of 9999, and an infinity.
    let ws = with_good();
    mutate(&ws, "dates.xlsx", "xl/worksheets/sheet1.xml", |x| {
        let x = set_cell(x, "F10", r#"<c r="F10" t="d"><v>-2026-11-22</v></c>"#);
        let x = set_cell(x, "F11", r#"<c r="F11" s="6"><v>0</v></c>"#);
        let x = set_cell(x, "F12", r#"<c r="F12" s="6"><v>2958465.9999</v></c>"#);
        set_cell(x, "F14", r#"<c r="F14" s="6"><v>-inf</v></c>"#)
    });
    let diags = both(&ws, "dates.xlsx", &[]);
    let dated: Vec<(String, String)> = diags
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("date-"))
        .map(|d| (d["location"]["cell"].as_str().unwrap().to_string(), d["code"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        dated,
        [
            ("F10".to_string(), "date-invalid".to_string()),
            ("F11".to_string(), "date-implausible".to_string()),
            ("F12".to_string(), "date-implausible".to_string()),
            ("F14".to_string(), "date-invalid".to_string()),
        ],
        "{diags:#?}"
    );
}

#[test]
fn ods_repeats_are_counts_not_allocations() {
    let make = |ws: &TempDir, name: &str, rows: &str| {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet><table:table table:name="Báo cáo">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        let parts = vec![
            ("mimetype".to_string(), b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
            ("content.xml".to_string(), content.into_bytes()),
        ];
        write_zip(&ws.path().join("input").join(name), &parts);
    };
    let cell = r#"<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;
    // Content repeated past every budget: refused, quickly.
    for (name, repeat) in [("rep-1m.ods", "1048576"), ("rep-4g.ods", "4294967295")] {
        let ws = with_good();
        make(&ws, name, &format!(r#"<table:table-row table:number-rows-repeated="{repeat}">{cell}</table:table-row>"#));
        unreadable(&both(&ws, name, &[]), "vượt giới hạn");
    }
    // Empty rows repeated to the end of the sheet, as LibreOffice writes them: nothing to read,
    // and the file is merely one with no tables.
    let ws = with_good();
    make(
        &ws,
        "empty-rows.ods",
        &format!(
            r#"<table:table-row>{cell}</table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#
        ),
    );
    let diags = both(&ws, "empty-rows.ods", &[]);
    assert!(diags.iter().all(|d| d["code"] != "file-unreadable"), "{diags:#?}");
    // A date before year 1.
    let ws = with_good();
    make(
        &ws,
        "neg-date.ods",
        r#"<table:table-row><table:table-cell office:value-type="date" office:date-value="-0001-01-01"><text:p>x</text:p></table:table-cell></table:table-row>"#,
    );
    both(&ws, "neg-date.ods", &[]);
}

#[test]
fn a_reader_that_aborts_or_hangs_costs_only_its_file() {
    let ws = with_good();
    std::fs::copy(generated().join(BASE), ws.path().join("input/aborts.xlsx")).unwrap();
    std::fs::copy(generated().join("so-du-lich.xlsx"), ws.path().join("input/hangs.xlsx")).unwrap();
    let envs = [("TONGHOP_FAULT_READ", "abort=aborts.xlsx;hang=hangs.xlsx"), ("TONGHOP_READ_TIMEOUT", "2")];
    let diags = both(&ws, "aborts.xlsx", &envs);
    unreadable(&diags, "dừng bất thường");
    let run = tonghop(ws.path(), &["run"], &envs);
    let json = run.json.unwrap();
    let hang: Vec<&Value> =
        json["diagnostics"].as_array().unwrap().iter().filter(|d| d["location"]["file"] == "hangs.xlsx").collect();
    assert_eq!(hang.len(), 1, "{hang:#?}");
    assert!(hang[0]["message"].as_str().unwrap().contains("quá 2 giây"), "{hang:#?}");
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_read() {
    use std::os::unix::ffi::OsStrExt;
    let ws = workspace();
    std::fs::create_dir_all(ws.path().join("input")).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"s\xf4-y-te.xlsx");
    std::fs::copy(generated().join(GOOD), ws.path().join("input").join(name)).unwrap();
    both(&ws, "s\u{FFFD}-y-te.xlsx", &[]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_walked_once_and_output_is_never_input() {
    let ws = with_good();
    std::os::unix::fs::symlink(ws.path().join("input"), ws.path().join("input/self")).unwrap();
    std::os::unix::fs::symlink("..", ws.path().join("input/up")).unwrap();
    // A previous run's outputs exist.
    assert!(matches!(tonghop(ws.path(), &["run"], &[]).code, 0 | 1));
    let run = tonghop(ws.path(), &["run"], &[]);
    let json = run.json.unwrap();
    assert_eq!(json["files_read"], 1, "{}", run.stdout);
}

#[test]
fn an_output_name_that_leaves_output_is_refused() {
    let ws = with_good();
    crate::common::edit_config(ws.path(), &[("report.output_name", "\"../../x\"")]);
    let o = tonghop(ws.path(), &["run"], &[]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("output_name"), "{}", o.stderr);
    assert!(!ws.path().join("output").exists());
}

#[test]
fn a_plan_cut_short_is_refused_with_both_counts() {
    let ws = with_good();
    let plan_text = std::fs::read_to_string(common::repo().join("templates/plans/kh-nq57-hue.toml")).unwrap();
    // Cut before the 41st task: still valid TOML.
    let cut = plan_text.match_indices("[[task]]").nth(40).unwrap().0;
    std::fs::write(ws.path().join("plan.toml"), &plan_text[..cut]).unwrap();
    let cfg = ws.path().join("tonghop.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let text: String = text
        .lines()
        .map(|l| if l.trim_start().starts_with("plan = ") { "plan = \"plan.toml\"".to_string() } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&cfg, text).unwrap();
    let o = tonghop(ws.path(), &["run"], &[]);
    assert_eq!(o.code, 2);
    let kept = plan_text[..cut].matches("\n[[task]]").count();
    assert!(kept < 70);
    assert!(
        o.stderr.contains(&format!("khai báo 70 nhiệm vụ ([[task]]) (counts) nhưng tệp có {kept}")),
        "{}",
        o.stderr
    );
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    common::files_under(dir).into_iter().map(|rel| (rel.clone(), std::fs::read(dir.join(&rel)).unwrap())).collect()
}

#[test]
fn a_failed_run_leaves_the_previous_outputs_byte_identical() {
    let ws = with_good();
    assert!(matches!(tonghop(ws.path(), &["run"], &[]).code, 0 | 1));
    std::fs::copy(generated().join(BASE), ws.path().join("input").join(BASE)).unwrap();
    // Sample data: its history is kept beside the output (output/lich-su), never in lich-su/.
    let before = snapshot(&ws.path().join("output"));
    assert!(!ws.path().join("lich-su").exists());
    for fault in ["write-fail-after=1", "write-fail-after=3", "rename-fail-after=2"] {
        let o = tonghop(ws.path(), &["run"], &[("TONGHOP_FAULT_OUTPUT", fault)]);
        assert_eq!(o.code, 2, "{fault}: {}", o.stderr);
        assert!(o.stderr.contains("giữ nguyên"), "{}", o.stderr);
        assert!(snapshot(&ws.path().join("output")) == before, "{fault}: output changed");
        assert!(!ws.path().join("lich-su").exists(), "{fault}: history written");
    }
    // And without the fault the new set replaces the old one whole.
    assert!(matches!(tonghop(ws.path(), &["run"], &[]).code, 0 | 1));
    assert!(snapshot(&ws.path().join("output")) != before);
}

#[cfg(unix)]
#[test]
fn outputs_are_readable_as_the_umask_says() {
    use std::os::unix::fs::PermissionsExt;
    let ws = with_good();
    tonghop(ws.path(), &["run"], &[]);
    for rel in common::files_under(&ws.path().join("output")) {
        let mode = std::fs::metadata(ws.path().join("output").join(&rel)).unwrap().permissions().mode() & 0o777;
        // The test harness runs with the usual umask 022 (or 002): group and others can read.
        assert_eq!(mode & 0o044, 0o044, "{} is {:o}", rel.display(), mode);
    }
}

// ---------------------------------------------------------------------------------------------
// Hardening, part 3: the write side, identity, concurrency, what is read besides input/, valid
// inputs, config sanity, the officer's own files.

/// A workbook made by LibreOffice for these cases (scripts/make-hardening-fixtures.py).
fn fixture(name: &str) -> PathBuf {
    common::repo().join("tests/fixtures/hardening").join(name)
}

/// Replaces the config line starting with `key =` by `line`.
fn set_config(ws: &TempDir, key: &str, line: &str) {
    let cfg = ws.path().join("tonghop.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let mut found = false;
    let text: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with(&format!("{key} =")) {
                found = true;
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(found, "no {key} in the config");
    std::fs::write(&cfg, text).unwrap();
}

fn report_paths(ws: &Path) -> [PathBuf; 3] {
    let out = ws.join("output");
    ["pdf", "docx", "xlsx"].map(|e| out.join(format!("bao-cao-2026-6-thang-cuoi-nam.{e}")))
}

/// A run that gave its whole report: PDF, Word and workbook written.
fn reported(ws: &Path) {
    for p in report_paths(ws) {
        assert!(p.exists(), "{} not written", p.display());
    }
}

#[test]
fn texts_past_excel_limits_still_give_the_whole_report() {
    // The LibreOffice .ods, as a program might change it: a sheet name, an error text and a
    // formula with no stored value, each longer than an Excel cell holds, in task rows.
    let ws = with_good();
    let long = "x".repeat(40_000);
    let mut first = true;
    let ods: Vec<(String, Vec<u8>)> = parts_of(&fixture("so-cong-thuong.ods"))
        .into_iter()
        .map(|(n, b)| {
            if n != "content.xml" {
                return (n, b);
            }
            let status = "office:value-type=\"string\" calcext:value-type=\"string\"><text:p>Đang thực hiện</text:p>";
            let mut x = String::from_utf8(b).unwrap();
            while let Some(i) = x.find(status) {
                let cell = if first {
                    format!("office:value-type=\"string\" calcext:value-type=\"error\"><text:p>#N/A{long}</text:p>")
                } else {
                    format!("table:formula=\"of:=[.A1]&amp;\"{long}\"\">")
                };
                first = false;
                x.replace_range(i..i + status.len(), &cell);
            }
            let x = x.replacen("table:name=\"Nhiệm vụ\"", &format!("table:name=\"Nhiệm vụ {long}\""), 1);
            (n, x.into_bytes())
        })
        .collect();
    write_zip(&ws.path().join("input/dai.ods"), &ods);
    let diags = both(&ws, "dai.ods", &[]);
    reported(ws.path());
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"formula-uncomputed"), "{codes:?}");
    for d in &diags {
        for field in ["message", "found"] {
            let n = d[field].as_str().unwrap_or("").chars().count();
            assert!(n <= 1_000, "{field} of {} has {n} characters", d["code"]);
        }
        let sheet = d["location"]["sheet"].as_str().unwrap_or("");
        assert!(sheet.chars().count() <= 100, "sheet name of {} characters", sheet.chars().count());
    }
}

#[test]
fn broken_files_get_return_forms_whose_names_fit_and_never_collide() {
    let ws = with_good();
    let input = ws.path().join("input");
    let long = format!("{}.xlsx", "bao-cao-".repeat(30)); // 245 bytes: the file system's limit is 255
    std::fs::create_dir_all(input.join("x")).unwrap();
    for name in [long.as_str(), "a.xlsx", "a.xls", "x/a.xlsx"] {
        std::fs::write(input.join(name), b"not a workbook at all").unwrap();
    }
    both(&ws, "a.xlsx", &[]);
    reported(ws.path());
    let mut forms: Vec<String> = std::fs::read_dir(ws.path().join("output/tra-lai"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    forms.sort();
    assert_eq!(forms.len(), 4, "{forms:#?}");
    assert!(forms.iter().all(|f| f.len() <= 255 && f.ends_with(".xlsx")), "{forms:#?}");
    assert!(forms.contains(&"Chưa xác định cơ quan - a.xlsx".to_string()), "{forms:#?}");
    assert!(forms.contains(&"Chưa xác định cơ quan - a (2).xlsx".to_string()), "{forms:#?}");
    assert!(forms.contains(&"Chưa xác định cơ quan - a (3).xlsx".to_string()), "{forms:#?}");
}

#[test]
fn a_file_without_figures_does_not_replace_the_agencys_report() {
    let ws = with_good();
    std::fs::copy(fixture("so-y-te-khong-bang.xlsx"), ws.path().join("input/so-y-te-khong-bang.xlsx")).unwrap();
    let diags = both(&ws, "so-y-te-khong-bang.xlsx", &[]);
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["report-empty"], "{diags:#?}");
    let msg = diags[0]["message"].as_str().unwrap();
    assert!(msg.contains("Sở Y tế") && msg.contains("\"so-y-te.xlsx\""), "{msg}");
    let json = tonghop(ws.path(), &["run"], &[]).json.unwrap();
    let good = json["figures"]["register"].as_array().unwrap().iter().find(|r| r["agency"] == GOOD_AGENCY).unwrap();
    assert_eq!(good["errors"], 0, "{good}");
    // Its tasks are those of its report, not "Chưa báo cáo".
    let rows = json["figures"]["task_rows"].as_array().unwrap();
    let of_good: Vec<&Value> =
        rows.iter().flat_map(|t| t["assignments"].as_array().unwrap()).filter(|a| a["agency"] == GOOD_AGENCY).collect();
    assert!(!of_good.is_empty());
    assert!(of_good.iter().all(|a| a["status"] != "NotReported"), "{of_good:#?}");
}

#[test]
fn a_return_form_line_copied_into_a_report_replaces_nothing_silently() {
    let ws = with_good();
    std::fs::copy(fixture("so-y-te-dong-tra-lai.xlsx"), ws.path().join("input/so-y-te-dong-tra-lai.xlsx")).unwrap();
    let check = tonghop(ws.path(), &["check"], &[]);
    let run = tonghop(ws.path(), &["run"], &[]);
    assert_eq!(check.code, run.code);
    let json = run.json.unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    let unearned: Vec<&Value> = diags.iter().filter(|d| d["code"] == "return-mark-unearned").collect();
    assert_eq!(unearned.len(), 1, "{diags:#?}");
    assert_eq!(unearned[0]["location"]["file"], "so-y-te-dong-tra-lai.xlsx");
    assert!(unearned[0]["message"].as_str().unwrap().contains("so-y-te.xlsx"));
    // Two reports of one agency: the later one stands, and the officer is told, naming both.
    let dup: Vec<&Value> = diags.iter().filter(|d| d["code"] == "duplicate-file").collect();
    assert_eq!(dup.len(), 1, "{diags:#?}");
    assert_eq!(dup[0]["location"]["file"], GOOD);
    assert!(dup[0]["message"].as_str().unwrap().contains("so-y-te-dong-tra-lai.xlsx"));
}

#[cfg(unix)]
#[test]
fn one_run_at_a_time_and_a_killed_run_leaves_no_lock() {
    let ws = with_good();
    let bin = assert_cmd::cargo::cargo_bin("tonghop");
    let start_hanging = || {
        std::process::Command::new(&bin)
            .arg("-C")
            .arg(ws.path())
            .arg("run")
            .env("TONGHOP_FAULT_READ", format!("hang={GOOD}"))
            .env("TONGHOP_READ_TIMEOUT", "6")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let lock = ws.path().join("output/.tonghop-dang-chay");
    let wait_for_lock = || {
        let t = Instant::now();
        while !lock.exists() && t.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(300));
    };
    let mut first = start_hanging();
    wait_for_lock();
    for args in [&["run"][..], &["template"][..]] {
        let second = tonghop(ws.path(), args, &[]);
        assert_eq!(second.code, 2, "{args:?}: {}", second.stderr);
        assert!(second.stderr.contains("đang có một lần chạy khác"), "{}", second.stderr);
    }
    assert!(!ws.path().join("output/bao-cao-2026-6-thang-cuoi-nam.pdf").exists(), "the second run wrote nothing");
    // Killed mid-run (as a power cut would): the lock goes with the process.
    first.kill().unwrap();
    first.wait().unwrap();
    let third = tonghop(ws.path(), &["run"], &[]);
    assert!(matches!(third.code, 0 | 1), "{}", third.stderr);
    reported(ws.path());
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[cfg(unix)]
#[test]
fn what_is_read_besides_input_is_a_regular_file_within_its_budget() {
    // A pipe as the intro file, the plan or the config: an error naming it, at once.
    let ws = with_good();
    mkfifo(&ws.path().join("gioi-thieu.txt"));
    set_config(&ws, "intro_file", "intro_file = \"gioi-thieu.txt\"");
    let o = tonghop(ws.path(), &["run"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("gioi-thieu.txt") && o.stderr.contains("không phải là một tệp thông thường"),
        "{}",
        o.stderr
    );
    assert!(o.seconds < 20.0);

    let ws = with_good();
    mkfifo(&ws.path().join("ke-hoach.toml"));
    set_config(&ws, "plan", "plan = \"ke-hoach.toml\"");
    let o = tonghop(ws.path(), &["check"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("không phải là một tệp thông thường"), "{}", o.stderr);

    // A history record that is a pipe, or a sparse file of 3 GB: no comparison, said so.
    for kind in ["pipe", "sparse"] {
        let ws = with_good();
        // Sample data compares with the history kept beside its output.
        let dir = ws.path().join("output/lich-su/kh-nq57-hue");
        std::fs::create_dir_all(&dir).unwrap();
        let record = dir.join("2026-1.parquet");
        match kind {
            "pipe" => mkfifo(&record),
            _ => std::fs::File::create(&record).unwrap().set_len(3 << 30).unwrap(),
        }
        let o = tonghop(ws.path(), &["run"], &[]);
        assert!(matches!(o.code, 0 | 1), "{kind}: {}", o.stderr);
        assert!(o.stderr.contains("không so sánh được với kỳ trước"), "{kind}: {}", o.stderr);
        assert!(o.peak_mib.is_none_or(|m| m < MAX_MIB), "{kind}: {:?} MiB", o.peak_mib);
        reported(ws.path());
    }

    // Last run's Word report replaced by a pipe: the run does not wait for it.
    let ws = with_good();
    std::fs::create_dir_all(ws.path().join("output")).unwrap();
    mkfifo(&report_paths(ws.path())[1]);
    let o = tonghop(ws.path(), &["run"], &[]);
    assert!(matches!(o.code, 0 | 1), "{}", o.stderr);
    assert!(o.seconds < MAX_SECONDS);
}

#[test]
fn the_report_is_well_formed_whatever_the_cells_and_config_hold() {
    let ws = with_good();
    // U+FFFF raw and as a character reference in the difficulties; a control character in the
    // config's strings.
    mutate(&ws, "so-cong-thuong.xlsx", "xl/worksheets/sheet1.xml", |x| {
        add_cell(
            x,
            "12",
            "<c r=\"H12\" t=\"inlineStr\"><is><t>Thiếu kinh phí\u{FFFF} và &#xFFFF;nhân lực\u{FFFE}</t></is></c>",
        )
    });
    set_config(&ws, "parent_body", "parent_body = \"UBND THÀNH PHỐ \\u0001HUẾ\\u0007\"");
    set_config(&ws, "name", "name = \"Nguyễn\\u000BVăn An\"");
    both(&ws, "so-cong-thuong.xlsx", &[]);
    let docx = std::fs::read(&report_paths(ws.path())[1]).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(xml.contains("UBND THÀNH PHỐ HUẾ"), "the control characters are dropped, the text kept");
    for bad in ['\u{FFFF}', '\u{FFFE}', '\u{1}', '\u{7}', '\u{B}'] {
        assert!(!xml.contains(bad), "document.xml holds U+{:04X}", bad as u32);
    }
    assert!(!xml.to_lowercase().contains("&#xffff;") && !xml.contains("&#65535;"));
}

#[test]
fn folders_that_nest_or_leave_the_workspace_are_refused() {
    let cases = [
        ("output", "output = \"input\""),
        ("output", "output = \"\""),
        ("output", "output = \"input/ket-qua\""),
        ("history", "history = \"input\""),
        ("input", "input = \"output/vao\""),
        ("plan", "plan = \"../ngoai/kh.toml\""),
        ("issuing_body", &format!("issuing_body = \"{}\"", "SỞ".repeat(34_000))),
        ("recipients", &format!("recipients = [{}]", vec!["\"Sở\""; 50_000].join(", "))),
    ];
    for (key, line) in cases {
        let ws = with_good();
        set_config(&ws, key, line);
        let before = snapshot(&ws.path().join("input"));
        for cmd in ["check", "run"] {
            let o = tonghop(ws.path(), &[cmd], &[]);
            assert_eq!(o.code, 2, "{cmd} {}: {}", &line[..line.len().min(60)], o.stderr);
            assert!(o.stderr.contains("tonghop.toml"), "{}", o.stderr);
            assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
        }
        assert!(snapshot(&ws.path().join("input")) == before, "{line}: input/ changed");
        assert!(!ws.path().join("output/bao-cao-2026-6-thang-cuoi-nam.pdf").exists());
    }
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_workspace_does_not_lead_out_of_it() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("bi-mat.txt"), "nội dung ngoài thư mục làm việc").unwrap();
    let ws = with_good();
    std::os::unix::fs::symlink(outside.path().join("bi-mat.txt"), ws.path().join("gioi-thieu.txt")).unwrap();
    set_config(&ws, "intro_file", "intro_file = \"gioi-thieu.txt\"");
    let o = tonghop(ws.path(), &["run"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("report.intro_file") && o.stderr.contains("ra ngoài thư mục làm việc"), "{}", o.stderr);
    std::os::unix::fs::symlink(outside.path(), ws.path().join("ra")).unwrap();
    set_config(&ws, "intro_file", "intro_file = \"\"");
    set_config(&ws, "output", "output = \"ra/ket-qua\"");
    let o = tonghop(ws.path(), &["run"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(!outside.path().join("ket-qua").exists());
}

#[test]
fn the_officers_files_under_output_are_never_deleted() {
    let ws = with_good();
    std::fs::copy(generated().join(BASE), ws.path().join("input").join(BASE)).unwrap();
    std::fs::write(ws.path().join("input/hong.xlsx"), b"not a workbook").unwrap();
    assert!(matches!(tonghop(ws.path(), &["run"], &[]).code, 0 | 1));
    let forms = ws.path().join("output/tra-lai");
    let form = std::fs::read_dir(&forms).unwrap().next().unwrap().unwrap().path();
    std::fs::write(forms.join("ghi-chu.txt"), "Đã gọi điện cho Sở Công Thương ngày 26/11").unwrap();
    let mut edited = std::fs::read(&form).unwrap();
    edited.extend_from_slice(b"edited");
    std::fs::write(&form, &edited).unwrap();
    std::fs::write(ws.path().join("output/sai-sot-theo-co-quan/goi-lai.md"), "gọi lại thứ Hai").unwrap();

    let o = tonghop(ws.path(), &["run"], &[]);
    assert!(matches!(o.code, 0 | 1));
    assert_eq!(
        std::fs::read_to_string(forms.join("ghi-chu.txt")).unwrap(),
        "Đã gọi điện cho Sở Công Thương ngày 26/11"
    );
    let stem = form.file_stem().unwrap().to_string_lossy().into_owned();
    assert_eq!(std::fs::read(forms.join(format!("{stem}-da-sua.xlsx"))).unwrap(), edited);
    assert_ne!(std::fs::read(&form).unwrap(), edited, "the form itself is made anew");
    assert!(ws.path().join("output/sai-sot-theo-co-quan/goi-lai.md").exists());
    assert!(o.stderr.contains("được giữ lại"), "{}", o.stderr);
    // A run after that keeps them again and adds nothing of its own.
    let count = std::fs::read_dir(&forms).unwrap().count();
    tonghop(ws.path(), &["run"], &[]);
    assert_eq!(std::fs::read_dir(&forms).unwrap().count(), count);
}

#[test]
fn seven_thousand_rows_of_long_codes_cost_one_files_budget() {
    let ws = with_good();
    let code = "9".repeat(9_000);
    mutate(&ws, "ma-dai.xlsx", "xl/worksheets/sheet1.xml", |x| {
        let rows: String = (40..7_040)
            .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>{code}{r}</t></is></c><c r=\"E{r}\" t=\"inlineStr\"><is><t>Hoàn thành</t></is></c></row>"))
            .collect();
        x.replace("</sheetData>", &format!("{rows}</sheetData>"))
    });
    let diags = both(&ws, "ma-dai.xlsx", &[]);
    assert!(diags.len() <= 10 * tonghop::validate::DIAGNOSTICS_PER_CODE, "{} diagnostics kept", diags.len());
    let omitted: Vec<&Value> = diags.iter().filter(|d| d["code"] == "diagnostics-omitted").collect();
    assert!(!omitted.is_empty(), "the rest is counted");
    let json_bytes = std::fs::metadata(ws.path().join("output/bao-cao-2026-6-thang-cuoi-nam.json")).unwrap().len();
    assert!(json_bytes < 20 << 20, "JSON of {} MiB", json_bytes >> 20);
}

/// `text` as UTF-16LE with a byte-order mark, its declaration saying so.
fn utf16(text: &str) -> Vec<u8> {
    let text = text.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

#[test]
fn valid_files_are_read_utf16_parts_pictures_and_the_last_xls_cell() {
    // The base workbook with its XML parts in UTF-16.
    let ws = with_good();
    let mut p = parts(BASE);
    for (name, bytes) in p.iter_mut() {
        if name.ends_with(".xml") {
            *bytes = utf16(&String::from_utf8(bytes.clone()).unwrap());
        }
    }
    write_zip(&ws.path().join("input/utf16.xlsx"), &p);
    // The .ods, with a picture whose name merely says "encryption-data".
    let ods = parts_of(&fixture("so-cong-thuong.ods"));
    let ods: Vec<(String, Vec<u8>)> = ods
        .into_iter()
        .map(|(n, b)| {
            if n == "META-INF/manifest.xml" {
                let x = String::from_utf8(b).unwrap().replace(
                    "</manifest:manifest>",
                    "<manifest:file-entry manifest:full-path=\"Pictures/encryption-data.png\" manifest:media-type=\"image/png\"/></manifest:manifest>",
                );
                (n, x.into_bytes())
            } else {
                (n, b)
            }
        })
        .chain([("Pictures/encryption-data.png".to_string(), b"\x89PNG\r\n\x1a\n".to_vec())])
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let ods_dir = dir.path().join("ods");
    std::fs::create_dir_all(&ods_dir).unwrap();
    write_zip(&ods_dir.join("so-cong-thuong.ods"), &ods);
    for (case, file) in [
        ("utf16.xlsx", None),
        ("so-cong-thuong.ods", Some(ods_dir.join("so-cong-thuong.ods"))),
        ("o-cuoi-trang.xls", Some(fixture("o-cuoi-trang.xls"))),
    ] {
        let ws_case = with_good();
        let src = file.unwrap_or_else(|| ws.path().join("input/utf16.xlsx"));
        std::fs::copy(&src, ws_case.path().join("input").join(case)).unwrap();
        let diags = both(&ws_case, case, &[]);
        assert!(
            diags.iter().all(|d| d["code"] != "file-unreadable" && d["code"] != "table-missing"),
            "{case}: {diags:#?}"
        );
        let json = tonghop(ws_case.path(), &["run"], &[]).json.unwrap();
        let base = json["figures"]["register"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["agency"] == "so-cong-thuong")
            .unwrap()
            .clone();
        assert!(matches!(base["state"].as_str(), Some("OnTime" | "Late")), "{case}: {base}");
    }
}

#[test]
fn a_second_workbook_part_in_other_case_is_refused_before_its_sheets_are_counted() {
    let ws = with_good();
    let mut p = parts(BASE);
    let sheets: String =
        (0..100_000).map(|i| format!("<sheet name=\"S{i}\" sheetId=\"{i}\" r:id=\"rId{i}\"/>")).collect();
    let workbook = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{sheets}</sheets></workbook>"
    );
    p.push(("XL/WORKBOOK.XML".to_string(), workbook.into_bytes()));
    write_zip(&ws.path().join("input/hai-muc-luc.xlsx"), &p);
    let diags = both(&ws, "hai-muc-luc.xlsx", &[]);
    unreadable(&diags, "hai phần cùng tên");
}

#[test]
fn a_plan_past_the_size_limit_is_refused_before_any_file_is_read() {
    let ws = with_good();
    let mut text = std::fs::read_to_string(common::repo().join("templates/plans/kh-nq57-hue.toml")).unwrap();
    for i in 0..100_000 {
        text.push_str(&format!(
            "\n[[task]]\ncode = \"9{i}\"\ngroup = \"I\"\nname = \"Nhiệm vụ {i}\"\nlead_text = \"Sở Thông tin và Truyền thông\"\nlead = [\"so-tttt\"]\ndeadline = \"2025\"\n"
        ));
    }
    std::fs::write(ws.path().join("ke-hoach.toml"), text).unwrap();
    set_config(&ws, "plan", "plan = \"ke-hoach.toml\"");
    let o = tonghop(ws.path(), &["run"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("100.070 nhiệm vụ, quá giới hạn 2.000"), "{}", o.stderr);
    assert!(o.seconds < 20.0, "{:.1} s", o.seconds);
}
