//! A row's task is its code and its name together: a sender's own numbering, a copied row with
//! the wrong code, and a name that contradicts its code without pointing anywhere clearly.

use crate::common;

use std::io::{Read, Write};
use std::path::Path;

use common::{options, plan, workspace};
use serde_json::Value;
use tonghop::model::Status;

const AGENCY: &str = "so-khcn";
const FILE: &str = "so-khcn.xlsx";

/// The agency's workbook from a generated cycle, with its task sheet's XML changed by `f`.
fn workbook_with(dir: &Path, f: impl Fn(&str) -> String) -> tonghop::sample::Truth {
    let gen = tempfile::tempdir().unwrap();
    let truth = tonghop::sample::generate(&plan(), &options(57, 0, 0), gen.path()).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(gen.path().join(FILE)).unwrap()).unwrap();
    let strings = shared_strings(&mut zip);
    let mut w = zip::ZipWriter::new(std::fs::File::create(dir.join(FILE)).unwrap());
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let name = e.name().unwrap().into_owned();
        let mut b = Vec::new();
        e.read_to_end(&mut b).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            b = f(&numeric_codes(&String::from_utf8(b).unwrap(), &strings)).into_bytes();
        }
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(&b).unwrap();
    }
    w.finish().unwrap();
    truth
}

/// The shared strings of a workbook, in order (plain `<t>` text; the forms write no rich text).
fn shared_strings(zip: &mut zip::ZipArchive<std::fs::File>) -> Vec<String> {
    let mut xml = String::new();
    zip.by_name("xl/sharedStrings.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml.split("<si>")
        .skip(1)
        .map(|si| {
            si.split("<t")
                .nth(1)
                .and_then(|t| t.split_once('>'))
                .map(|(_, t)| t.split("</t>").next().unwrap_or(""))
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// The form writes task codes as text; the senders in these tests typed their own numbers: the
/// task codes of column A become numeric cells (group codes, "I", "II"…, stay text).
fn numeric_codes(xml: &str, strings: &[String]) -> String {
    let mut out = String::new();
    let mut at = 0;
    while let Some(i) = xml[at..].find("<c r=\"A") {
        let start = at + i;
        let head_end = start + xml[start..].find('>').unwrap();
        let cell_end = start + xml[start..].find("</c>").map(|e| e + 4).unwrap_or(head_end - start + 1);
        let cell = &xml[start..cell_end];
        out.push_str(&xml[at..start]);
        let code = cell
            .contains("t=\"s\"")
            .then(|| cell.split("<v>").nth(1).and_then(|v| v.split("</v>").next()))
            .flatten()
            .and_then(|v| strings.get(v.parse::<usize>().ok()?))
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.'));
        match code {
            Some(code) => {
                out.push_str(&format!("{}><v>{code}</v></c>", cell[..head_end - start].replace(" t=\"s\"", "")))
            }
            None => out.push_str(cell),
        }
        at = cell_end;
    }
    out.push_str(&xml[at..]);
    out
}

/// The numeric codes of column A (task rows), in order, with their byte ranges.
fn task_codes(xml: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = xml[at..].find("<c r=\"A") {
        let start = at + i;
        let end = start + xml[start..].find('>').unwrap();
        let cell_end = if xml[..end].ends_with('/') { end + 1 } else { start + xml[start..].find("</c>").unwrap() + 4 };
        let cell = &xml[start..cell_end];
        // Numeric cells only: task codes (group rows and labels are shared strings).
        if !cell.contains("t=\"") {
            if let Some(v) = cell.split("<v>").nth(1).and_then(|v| v.split("</v>").next()) {
                out.push((start..cell_end, v.to_string()));
            }
        }
        at = cell_end;
    }
    out
}

/// Column A's numeric values replaced, in order, by `codes`.
fn renumber(xml: &str, codes: &[String]) -> String {
    let mut out = xml.to_string();
    let cells = task_codes(xml);
    for ((range, _), code) in cells.iter().zip(codes).rev() {
        let cell = &xml[range.clone()];
        let head = &cell[..cell.find('>').unwrap() + 1];
        out.replace_range(range.clone(), &format!("{head}<v>{code}</v></c>"));
    }
    out
}

fn run(ws: &Path) -> (i32, Value) {
    let out = assert_cmd::Command::cargo_bin("tonghop")
        .unwrap()
        .arg("-C")
        .arg(ws)
        .arg("--im-lang")
        .arg("run")
        .output()
        .unwrap();
    let json =
        serde_json::from_slice(&std::fs::read(ws.join("output/bao-cao-2026-6-thang-cuoi-nam.json")).unwrap()).unwrap();
    (out.status.code().unwrap(), json)
}

/// The status the report gives `agency` for each task code.
fn statuses(json: &Value, agency: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for t in json["figures"]["task_rows"].as_array().unwrap() {
        for a in t["assignments"].as_array().unwrap() {
            if a["agency"] == agency {
                out.push((t["code"].as_str().unwrap().to_string(), a["status"].as_str().unwrap().to_string()));
            }
        }
    }
    out
}

fn status_name(s: Status) -> String {
    serde_json::to_value(s).unwrap().as_str().unwrap().to_string()
}

#[test]
fn a_sender_s_own_numbering_puts_every_status_under_its_right_task() {
    let ws = workspace();
    let input = ws.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    let truth = workbook_with(&input, |xml| {
        let n = task_codes(xml).len();
        renumber(xml, &(1..=n).map(|i| i.to_string()).collect::<Vec<_>>())
    });
    let (_, json) = run(ws.path());
    let p = plan();
    let expected: Vec<(String, String)> =
        p.tasks_of(AGENCY).map(|t| (t.code.clone(), status_name(truth.status(AGENCY, &t.code)))).collect();
    assert!(expected.len() >= 5, "the agency leads enough tasks to tell");
    assert_eq!(statuses(&json, AGENCY), expected, "{:#?}", json["diagnostics"]);
    let diags: Vec<&Value> = json["diagnostics"].as_array().unwrap().iter().collect();
    let own: Vec<&&Value> = diags.iter().filter(|d| d["code"] == "own-numbering").collect();
    assert_eq!(own.len(), 1, "{diags:#?}");
    assert!(diags.iter().all(|d| d["code"] != "task-code-mismatch" && d["code"] != "task-missing"), "{diags:#?}");
}

#[test]
fn a_copied_row_with_another_task_s_code_is_counted_under_its_name_and_said_so() {
    let ws = workspace();
    let input = ws.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    let first_two = std::cell::RefCell::new(Vec::new());
    let truth = workbook_with(&input, |xml| {
        let mut codes: Vec<String> = task_codes(xml).into_iter().map(|(_, c)| c).collect();
        *first_two.borrow_mut() = codes[..2].to_vec();
        // The second task row carries the first row's code.
        codes[1] = codes[0].clone();
        renumber(xml, &codes)
    });
    let (a, b) = {
        let v = first_two.borrow();
        (v[0].clone(), v[1].clone())
    };
    let (_, json) = run(ws.path());
    let mine = statuses(&json, AGENCY);
    for code in [&a, &b] {
        let got = mine.iter().find(|(c, _)| c == code).unwrap();
        assert_eq!(got.1, status_name(truth.status(AGENCY, code)), "task {code}");
    }
    let diags = json["diagnostics"].as_array().unwrap();
    let said: Vec<&Value> = diags.iter().filter(|d| d["code"] == "task-code-mismatch").collect();
    assert_eq!(said.len(), 1, "{diags:#?}");
    assert_eq!(said[0]["found"], a.as_str());
    assert_eq!(said[0]["expected"], b.as_str());
}

#[test]
fn a_name_that_contradicts_its_code_is_not_counted() {
    let ws = workspace();
    let input = ws.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    let p = plan();
    let first = std::cell::RefCell::new(String::new());
    // The first task row's name replaced by half of one task's name and half of another's:
    // it is not its own task, and not clearly any other.
    let led: Vec<String> = p.tasks_of(AGENCY).map(|t| t.code.clone()).collect();
    let long_other = |t: &&tonghop::plan::Task| t.name.split(' ').count() > 16 && !led.contains(&t.code);
    let other_a = p.tasks.iter().find(long_other).unwrap().clone();
    let other_b = p.tasks.iter().rev().find(long_other).unwrap().clone();
    let mixed = format!(
        "{} {}",
        other_a.name.split(' ').take(8).collect::<Vec<_>>().join(" "),
        other_b.name.split(' ').take(8).collect::<Vec<_>>().join(" ")
    );
    workbook_with(&input, |xml| {
        let codes = task_codes(xml);
        *first.borrow_mut() = codes[0].1.clone();
        let row = xml[..codes[0].0.start].rfind("<row ").unwrap();
        let b_cell = row + xml[row..].find("<c r=\"B").unwrap();
        let b_end = b_cell + xml[b_cell..].find("</c>").unwrap() + 4;
        let addr: String = xml[b_cell + 6..].split('"').next().unwrap().to_string();
        format!("{}<c r=\"{addr}\" t=\"inlineStr\"><is><t>{mixed}</t></is></c>{}", &xml[..b_cell], &xml[b_end..])
    });
    let code = first.borrow().clone();
    assert!(code != other_a.code && code != other_b.code, "pick tasks the agency's first row is not");
    let (_, json) = run(ws.path());
    let diags = json["diagnostics"].as_array().unwrap();
    let said: Vec<&Value> = diags.iter().filter(|d| d["code"] == "task-name-mismatch").collect();
    assert_eq!(said.len(), 1, "{diags:#?}");
    assert!(said[0]["location"]["cell"].as_str().unwrap().starts_with('B'));
    // Not counted: the task shows as not reported by the agency.
    let got = statuses(&json, AGENCY).into_iter().find(|(c, _)| *c == code).unwrap();
    assert_eq!(got.1, "NotReported");
}
