//! The round trip with the agencies: return forms whose notes sit on exactly the problem cells,
//! corrected and read again; next cycle's forms pre-filled from the history store; the reminder
//! letter to exactly the agencies that have not reported or whose files have errors.
//!
//! Return forms are opened with calamine (values) and as zip + XML (cell notes, which calamine
//! does not read). The agency's corrections are made the way a spreadsheet saves them: the
//! cell's XML in the sheet part is replaced, everything else left as written.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{flat, options, pages_text, plan, Fixture};
use serde_json::Value;
use tonghop::model::Status;
use tonghop::sample::{AgencyTruth, SampleOptions};

const HEADER_ROW: usize = 7;

/// The cell notes of an .xlsx: sheet name → (A1 cell → text).
fn notes(path: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = |name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let workbook = part("xl/workbook.xml").unwrap();
    let rels = part("xl/_rels/workbook.xml.rels").unwrap();
    let attr = |tag: &str, name: &str| -> String {
        let tag = format!(" {tag}");
        let at = tag.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("{name} in {tag}")) + name.len() + 3;
        tag[at..].split('"').next().unwrap().to_string()
    };
    let mut out = BTreeMap::new();
    for tag in workbook.split("<sheet ").skip(1) {
        let (sheet, rid) = (attr(tag, "name"), attr(tag, "r:id"));
        let rel = rels.split("<Relationship ").find(|r| r.contains(&format!("Id=\"{rid}\""))).unwrap();
        let target = attr(rel, "Target"); // worksheets/sheet1.xml
        let file = target.rsplit('/').next().unwrap();
        let Some(sheet_rels) = part(&format!("xl/worksheets/_rels/{file}.rels")) else { continue };
        let Some(comments) = sheet_rels
            .split("<Relationship ")
            .skip(1)
            .map(|r| attr(r, "Target"))
            .find(|t| t.contains("comments"))
            .and_then(|t| part(&format!("xl/{}", t.trim_start_matches("../"))))
        else {
            continue;
        };
        let mut cells = BTreeMap::new();
        for c in comments.split("<comment ").skip(1) {
            let cell = attr(c, "ref");
            let text: String = c
                .split("<t")
                .skip(1)
                .filter(|t| t.starts_with('>') || t.starts_with(' '))
                .filter_map(|t| t.split_once('>').map(|(_, rest)| rest.split("</t>").next().unwrap_or("")))
                .collect();
            cells.insert(cell, unescape(&text));
        }
        out.insert(sheet, cells);
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

fn a1(row: usize, col: usize) -> String {
    tonghop::diag::a1(row, col)
}

/// The sheet part of `sheet` in an .xlsx.
fn sheet_part(bytes: &[u8], sheet: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let workbook = read("xl/workbook.xml");
    let rels = read("xl/_rels/workbook.xml.rels");
    let tag = workbook.split("<sheet ").find(|t| t.contains(&format!("name=\"{sheet}\""))).unwrap();
    let rid = tag.split("r:id=\"").nth(1).unwrap().split('"').next().unwrap();
    let rel = rels.split("<Relationship ").find(|r| r.contains(&format!("Id=\"{rid}\""))).unwrap();
    format!("xl/{}", rel.split("Target=\"").nth(1).unwrap().split('"').next().unwrap())
}

/// What an agency types into a cell: text, or a number (a date is a serial number kept in the
/// cell's own date format).
enum Typed<'a> {
    Text(&'a str),
    Number(f64),
}

/// The .xlsx with cells of one sheet replaced, as a spreadsheet program saves an edit: the cell
/// keeps its style, its value becomes what was typed.
fn edit(bytes: &[u8], sheet: &str, edits: &[(String, Typed)]) -> Vec<u8> {
    let target = sheet_part(bytes, sheet);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == target {
            let mut xml = String::from_utf8(data).unwrap();
            for (cell, value) in edits {
                let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap_or_else(|| panic!("cell {cell} in {sheet}"));
                let open_end = start + xml[start..].find('>').unwrap();
                let end = if xml[..open_end].ends_with('/') {
                    open_end + 1
                } else {
                    open_end + xml[open_end..].find("</c>").unwrap() + 4
                };
                let style = xml[start..open_end]
                    .split(" s=\"")
                    .nth(1)
                    .map(|s| format!(" s=\"{}\"", s.split('"').next().unwrap()))
                    .unwrap_or_default();
                let new = match value {
                    Typed::Text(t) => format!("<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t>{t}</t></is></c>"),
                    Typed::Number(n) => format!("<c r=\"{cell}\"{style}><v>{n}</v></c>"),
                };
                xml.replace_range(start..end, &new);
            }
            data = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The column of each header of the form's table.
fn columns(range: &calamine::Range<Data>) -> BTreeMap<String, usize> {
    (0..range.width())
        .filter_map(|c| match range.get((HEADER_ROW, c)) {
            Some(Data::String(s)) => Some((s.clone(), c)),
            _ => None,
        })
        .collect()
}

/// The row of each code in column A under the header.
fn rows(range: &calamine::Range<Data>) -> BTreeMap<String, usize> {
    (HEADER_ROW + 1..range.height())
        .filter_map(|r| match range.get((r, 0)) {
            Some(Data::String(s)) => Some((s.clone(), r)),
            _ => None,
        })
        .collect()
}

fn text(range: &calamine::Range<Data>, r: usize, c: usize) -> String {
    match range.get((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => panic!("{}: not text: {other:?}", a1(r, c)),
    }
}

fn date(range: &calamine::Range<Data>, r: usize, c: usize) -> Option<chrono::NaiveDate> {
    match range.get((r, c)) {
        Some(Data::DateTime(d)) => d.as_datetime().map(|d| d.date()),
        Some(Data::Empty) | None => None,
        Some(other) => panic!("{}: not a date: {other:?}", a1(r, c)),
    }
}

fn return_form(fx: &Fixture, agency: &str) -> std::path::PathBuf {
    let name = plan().registry.get(agency).unwrap().name.clone();
    fx.path().join("output/tra-lai").join(format!("{name}.xlsx"))
}

fn json(fx: &Fixture) -> Value {
    serde_json::from_slice(&std::fs::read(fx.output("json")).unwrap()).unwrap()
}

/// The status the report gives `agency` for each of its tasks.
fn statuses(json: &Value, agency: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for t in json["figures"]["task_rows"].as_array().unwrap() {
        for a in t["assignments"].as_array().unwrap() {
            if a["agency"] == agency {
                out.insert(t["code"].as_str().unwrap().to_string(), a["status"].as_str().unwrap().to_string());
            }
        }
    }
    out
}

fn status_name(s: Status) -> String {
    serde_json::to_value(s).unwrap().as_str().unwrap().to_string()
}

fn with_mistakes(seed: u64, agencies: usize) -> Fixture {
    let mut fx = Fixture::new(seed, 0, 0);
    fx.regenerate(&SampleOptions { mistakes: agencies, ..options(seed, 0, 0) });
    fx
}

/// Every value a return form holds for one agency, against what its file said; and its notes,
/// against the cells typed wrong.
fn check_return_form(fx: &Fixture, t: &AgencyTruth) {
    let plan = plan();
    let path = return_form(fx, &t.agency);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let sheets = book.sheet_names();
    assert_eq!(sheets.first().map(String::as_str), Some("Nhiệm vụ"), "{sheets:?}");
    assert!(sheets.iter().any(|s| s == "Sai sót"), "{sheets:?}");
    let tasks = book.worksheet_range("Nhiệm vụ").unwrap();
    let col = columns(&tasks);
    let row = rows(&tasks);
    let (status, completed) = (col["Tình trạng"], col["Ngày hoàn thành"]);
    let mut expected_notes: BTreeSet<(String, String)> = BTreeSet::new();
    for task in plan.tasks_of(&t.agency) {
        let r = row[&task.code];
        let sent = t.tasks.iter().find(|x| x.task == task.code).unwrap();
        let typed = t.typed.iter().find(|m| m.task.as_deref() == Some(task.code.as_str()));
        // The status: the label as sent, or the words typed that could not be read.
        let want_status = match typed {
            Some(m) if m.field == "status" => m.text.clone(),
            _ => sent.status.map(|s| s.label().to_string()).unwrap_or_default(),
        };
        assert_eq!(text(&tasks, r, status), want_status, "{} task {} status", t.agency, task.code);
        match typed {
            Some(m) if m.field == "completed-on" => assert_eq!(text(&tasks, r, completed), m.text),
            _ => assert_eq!(date(&tasks, r, completed), sent.completed_on, "{} task {} date", t.agency, task.code),
        }
        assert_eq!(text(&tasks, r, col["Kết quả thực hiện"]), sent.result);
        assert_eq!(text(&tasks, r, col["Khó khăn, vướng mắc"]), sent.difficulties);
        assert_eq!(text(&tasks, r, col["Đề xuất, kiến nghị"]), sent.proposals);
        if let Some(m) = typed {
            let c = if m.field == "status" { status } else { completed };
            expected_notes.insert(("Nhiệm vụ".into(), a1(r, c)));
        }
    }
    if let Ok(ind) = book.worksheet_range("Chỉ tiêu") {
        let row = rows(&ind);
        for i in &t.indicators {
            let r = row[&i.indicator];
            match t.typed.iter().find(|m| m.indicator.as_deref() == Some(i.indicator.as_str())) {
                Some(m) => {
                    assert_eq!(text(&ind, r, 4), m.text);
                    expected_notes.insert(("Chỉ tiêu".into(), a1(r, 4)));
                }
                None => match (ind.get((r, 4)), i.value) {
                    (Some(Data::Float(v)), Some(want)) => assert!((v - want).abs() < 1e-9, "{}: {v}", i.indicator),
                    (Some(Data::String(s)), None) => assert_eq!(*s, i.value_text),
                    (Some(Data::Empty) | None, None) => assert!(i.value_text.is_empty()),
                    (got, want) => panic!("indicator {}: {got:?} vs {want:?}", i.indicator),
                },
            }
        }
    }
    let found: BTreeSet<(String, String)> =
        notes(&path).into_iter().flat_map(|(s, cells)| cells.into_keys().map(move |c| (s.clone(), c))).collect();
    assert_eq!(found, expected_notes, "{}: notes sit on exactly the problem cells", t.agency);
    // Each note says what was found and how to fix it.
    for (sheet, cells) in notes(&path) {
        for (cell, note) in cells {
            assert!(note.contains("Cách sửa:") || note.contains("Giá trị hợp lệ:"), "{sheet}!{cell}: {note}");
            assert!(note.starts_with("Lỗi") || note.starts_with("Cảnh báo"), "{sheet}!{cell}: {note}");
        }
    }
    for m in t.typed.iter().filter(|m| !m.text.is_empty()) {
        let all: String = notes(&path).values().flat_map(|c| c.values().cloned()).collect();
        assert!(all.contains(&format!("Giá trị đọc được: «{}»", m.text)), "{}: {all}", m.text);
    }
}

#[test]
fn return_forms_mark_exactly_the_problem_cells_and_read_back_corrected() {
    let fx = with_mistakes(41, 3);
    let truth = fx.truth.clone();
    let wrong: Vec<&AgencyTruth> = truth.sent.iter().filter(|t| !t.typed.is_empty()).collect();
    assert_eq!(wrong.len(), 3);
    let out = fx.cmd().arg("run").assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Biểu mẫu trả lại:     3 tệp"), "{stdout}");

    // One return form per agency with problems, no other.
    let mut listed: Vec<String> = std::fs::read_dir(fx.path().join("output/tra-lai"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    listed.sort();
    let mut expected: Vec<String> =
        wrong.iter().map(|t| format!("{}.xlsx", plan().registry.get(&t.agency).unwrap().name)).collect();
    expected.sort();
    assert_eq!(listed, expected);
    for t in &wrong {
        check_return_form(&fx, t);
    }

    // The agencies correct the tinted cells, and nothing else; their files come back beside the
    // originals under names of their own.
    let mut corrected: BTreeMap<String, BTreeMap<String, Status>> = BTreeMap::new();
    for t in &wrong {
        let path = return_form(&fx, &t.agency);
        let bytes = std::fs::read(&path).unwrap();
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let tasks = book.worksheet_range("Nhiệm vụ").unwrap();
        let (col, row) = (columns(&tasks), rows(&tasks));
        let mut task_edits = Vec::new();
        let mut ind_edits = Vec::new();
        for m in &t.typed {
            match (m.field, &m.task, &m.indicator) {
                ("status", Some(code), _) => {
                    task_edits.push((a1(row[code], col["Tình trạng"]), Typed::Text("Hoàn thành")));
                    corrected.entry(t.agency.clone()).or_default().insert(code.clone(), Status::Done);
                }
                // 01/11/2026 typed as a date.
                ("completed-on", Some(code), _) => {
                    task_edits.push((a1(row[code], col["Ngày hoàn thành"]), Typed::Number(46327.0)))
                }
                ("value", _, Some(code)) => {
                    let ind = book.worksheet_range("Chỉ tiêu").unwrap();
                    ind_edits.push((a1(rows(&ind)[code], 4), Typed::Number(42.0)));
                }
                _ => unreachable!(),
            }
        }
        let mut fixed = edit(&bytes, "Nhiệm vụ", &task_edits);
        if !ind_edits.is_empty() {
            fixed = edit(&fixed, "Chỉ tiêu", &ind_edits);
        }
        std::fs::write(fx.input().join(format!("{} - da sua.xlsx", t.agency)), fixed).unwrap();
    }
    let before = json(&fx);
    let out = fx.cmd().arg("check").output().unwrap();
    let stdout = String::from_utf8(out.stdout.clone()).unwrap() + &String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("Sai sót:              0 lỗi, 0 cảnh báo"), "{stdout}");
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    fx.cmd().arg("run").assert().code(0);
    assert!(
        !fx.path().join("output/tra-lai").exists()
            || std::fs::read_dir(fx.path().join("output/tra-lai")).unwrap().count() == 0
    );
    let after = json(&fx);
    for t in &truth.sent {
        let (was, now) = (statuses(&before, &t.agency), statuses(&after, &t.agency));
        for (code, status) in &now {
            match corrected.get(&t.agency).and_then(|c| c.get(code)) {
                Some(s) => assert_eq!(*status, status_name(*s), "{} {code} corrected", t.agency),
                None => assert_eq!(Some(status), was.get(code), "{} {code} unchanged", t.agency),
            }
        }
    }
    // The corrected value of an indicator is counted.
    for t in &wrong {
        for m in t.typed.iter().filter(|m| m.field == "value") {
            let code = m.indicator.as_deref().unwrap();
            let row =
                after["figures"]["indicator_rows"].as_array().unwrap().iter().find(|r| r["code"] == code).unwrap();
            assert!(row.to_string().contains("42"), "{row}");
        }
    }
}

#[test]
fn rows_that_fit_no_cell_and_whole_file_problems_are_listed_on_the_sai_sot_sheet() {
    let fx = Fixture::new(43, 0, 0);
    let input = fx.input();
    // Sở Y tế types its own table: no agency label (the file name says who), a row for a code
    // the plan does not have, one for a task it does not lead, its first task twice (with two
    // statuses).
    std::fs::remove_file(input.join("so-y-te.xlsx")).unwrap();
    let plan = plan();
    let own: Vec<String> = plan.tasks_of("so-y-te").map(|t| t.code.clone()).collect();
    let other = plan.tasks.iter().find(|t| !t.leads.contains(&"so-y-te".to_string())).unwrap().code.clone();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ").unwrap();
    ws.write_string(1, 0, "Ngày báo cáo:").unwrap();
    ws.write_string(1, 1, "20/11/2026").unwrap();
    for (c, h) in ["STT", "Tên nhiệm vụ", "Tình trạng", "Kết quả"].iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let rows = own.len() + 3;
    for (k, code) in own.iter().chain([&"99".to_string(), &other, &own[0]]).enumerate() {
        let r = 4 + k as u32;
        ws.write_string(r, 0, code).unwrap();
        // The first task again, with another status: a duplicate (the same status again would
        // say nothing new and is passed over).
        ws.write_string(r, 2, if k + 1 == rows { "Chưa thực hiện" } else { "Hoàn thành" }).unwrap();
        ws.write_string(r, 3, "Đã ban hành kế hoạch").unwrap();
    }
    wb.save(input.join("Sở Y tế.xlsx")).unwrap();
    // A file that is no workbook, named after its agency; one whose agency no one knows.
    std::fs::write(input.join("Sở Tư pháp.xlsx"), b"PK\x03\x04 not a zip").unwrap();
    std::fs::remove_file(input.join("so-tu-phap.xlsx")).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "Cơ quan báo cáo: Phòng Hàng hải").unwrap();
    wb.save(input.join("la.xlsx")).unwrap();

    fx.cmd().arg("run").assert().code(1);
    let dir = fx.path().join("output/tra-lai");
    let mut listed: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    listed.sort();
    assert_eq!(listed, ["Chưa xác định cơ quan - la.xlsx", "Sở Tư pháp.xlsx", "Sở Y tế.xlsx"]);

    let sai_sot = |file: &str| -> Vec<Vec<String>> {
        let mut book: Xlsx<_> = open_workbook(dir.join(file)).unwrap();
        let range = book.worksheet_range("Sai sót").unwrap();
        range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    };
    let rows = sai_sot("Sở Y tế.xlsx");
    let heading = |t: &str| rows.iter().position(|r| r[0].starts_with(t)).unwrap_or_else(|| panic!("{t}: {rows:?}"));
    let (a, b) = (heading("A. "), heading("B. "));
    // Whole-file problems first: the agency told by the file name.
    assert!(rows[a + 1][3] == "Sở Y tế.xlsx", "{:?}", rows[a + 1]);
    assert!(rows[a + 1][2].contains("tên tệp"), "{:?}", rows[a + 1]);
    // The rows that fit no cell of the form, at their place in the file sent.
    let unplaced: Vec<(String, String)> =
        rows[b + 1..].iter().take_while(|r| !r[0].starts_with("C. ")).map(|r| (r[3].clone(), r[5].clone())).collect();
    let n = own.len() as u32;
    assert_eq!(
        unplaced,
        vec![
            (format!("Sở Y tế.xlsx › Sheet1 › A{}", 5 + n), "99".to_string()),
            (format!("Sở Y tế.xlsx › Sheet1 › A{}", 6 + n), other.clone()),
            (format!("Sở Y tế.xlsx › Sheet1 › A{}", 7 + n), own[0].clone()),
        ]
    );
    // Its readable rows are filled in, with no note (none of them has a problem).
    let mut book: Xlsx<_> = open_workbook(dir.join("Sở Y tế.xlsx")).unwrap();
    let tasks = book.worksheet_range("Nhiệm vụ").unwrap();
    let (col, row) = (columns(&tasks), rows_of(&tasks));
    for code in &own {
        assert_eq!(text(&tasks, row[code], col["Tình trạng"]), "Hoàn thành");
    }
    // No note on them; its indicators (it sent no table of them) are marked as missing, each.
    let n = notes(&dir.join("Sở Y tế.xlsx"));
    assert!(n.get("Nhiệm vụ").is_none_or(|c| c.is_empty()), "{n:?}");
    let indicators = plan.indicators_of("so-y-te").count();
    assert!(indicators > 0);
    assert_eq!(n["Chỉ tiêu"].len(), indicators, "{n:?}");
    assert!(
        n["Chỉ tiêu"].iter().all(|(cell, note)| cell.starts_with('E')
            && note.starts_with("Cảnh báo: tệp đã gửi không có dòng cho chỉ tiêu này.")
            && note.contains("Cách sửa:")),
        "{n:?}"
    );

    // The unreadable file: its agency's form, empty, the reason at the head of the sheet.
    let rows = sai_sot("Sở Tư pháp.xlsx");
    let a = rows.iter().position(|r| r[0].starts_with("A. ")).unwrap();
    assert!(rows[a + 1][2].contains("không đọc được tệp"), "{:?}", rows[a + 1]);
    // The unknown agency: the generic form, the reason with its cell.
    let rows = sai_sot("Chưa xác định cơ quan - la.xlsx");
    assert!(rows.iter().any(|r| r[3] == "la.xlsx › Sheet1 › A1" && r[1] == "Lỗi"), "{rows:?}");
}

fn rows_of(range: &calamine::Range<Data>) -> BTreeMap<String, usize> {
    rows(range)
}

#[test]
fn next_cycle_forms_carry_exactly_the_finished_tasks_of_the_last_stored_cycle() {
    // Real reports (no sample mark): only a real cycle is kept in lich-su/ for the next forms.
    let fx = Fixture::new(44, 0, 0);
    common::unmark(&fx);
    fx.cmd().arg("run").assert().code(0);
    let truth = fx.truth.clone();
    // The next cycle: 6 tháng đầu năm 2027.
    fx.set_cycle(2027, 1, "2027-06-15");
    let out = fx.cmd().arg("template").arg("Sở Y tế").arg("UBND phường Thuận Hóa").assert().code(0);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("theo báo cáo kỳ 6 tháng cuối năm 2026"), "{stdout}");
    let plan = plan();
    for id in ["so-y-te", "phuong-thuan-hoa"] {
        let agency = plan.registry.get(id).unwrap();
        let path = fx.path().join("output/bieu-mau").join(tonghop::forms::file_name(Some(agency)));
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let tasks = book.worksheet_range("Nhiệm vụ").unwrap();
        let (col, row) = (columns(&tasks), rows(&tasks));
        let sent = truth.sent.iter().find(|t| t.agency == id).unwrap();
        let mut expected_notes = BTreeSet::new();
        for t in &sent.tasks {
            let r = row[&t.task];
            let finished = matches!(t.status, Some(Status::Done | Status::Recurring));
            let want = if finished { t.status.unwrap().label() } else { "" };
            assert_eq!(text(&tasks, r, col["Tình trạng"]), want, "{id} {}", t.task);
            assert_eq!(date(&tasks, r, col["Ngày hoàn thành"]), t.completed_on.filter(|_| finished));
            assert_eq!(text(&tasks, r, col["Kết quả thực hiện"]), if finished { t.result.as_str() } else { "" });
            assert_eq!(text(&tasks, r, col["Khó khăn, vướng mắc"]), "", "difficulties are this cycle's own");
            if finished {
                expected_notes.insert(a1(r, col["Tình trạng"]));
            }
        }
        assert!(!expected_notes.is_empty(), "{id} finished something last cycle");
        let found = notes(&path).remove("Nhiệm vụ").unwrap_or_default();
        assert_eq!(found.keys().cloned().collect::<BTreeSet<_>>(), expected_notes, "{id}");
        assert!(found.values().all(|n| n.starts_with("Theo báo cáo kỳ trước (6 tháng cuối năm 2026)")));
        // No report date carried: the agency dates its own report.
        assert_eq!(date(&tasks, 4, 2), None);
    }
    // --trong: empty forms, as before.
    fx.cmd().arg("template").arg("Sở Y tế").arg("--trong").assert().code(0);
    let path = fx.path().join("output/bieu-mau").join(tonghop::forms::file_name(plan.registry.get("so-y-te")));
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let tasks = book.worksheet_range("Nhiệm vụ").unwrap();
    let (col, row) = (columns(&tasks), rows(&tasks));
    assert!(row.values().all(|r| text(&tasks, *r, col["Tình trạng"]).is_empty()));
    assert!(notes(&path).values().all(|c| c.is_empty()));
}

#[test]
fn the_letter_goes_to_exactly_the_agencies_missing_or_with_errors() {
    let mut fx = Fixture::new(45, 0, 0);
    fx.regenerate(&SampleOptions { mistakes: 2, ..options(45, 3, 1) });
    let truth = fx.truth.clone();
    let plan = plan();
    let out = fx.cmd().arg("nhac").arg("--ngay").arg("26/11/2026").arg("--han").arg("28/11/2026").assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Chưa gửi báo cáo:     3 cơ quan"), "{stdout}");
    assert!(stdout.contains("Báo cáo còn lỗi:      2 cơ quan"), "{stdout}");
    let pdf = fx.path().join("output/cong-van-don-doc-2026-6-thang-cuoi-nam.pdf");
    let pages = pages_text(&pdf);
    assert_eq!(pages.len(), 1);
    let text = flat(&pages[0]);
    let name = |id: &String| plan.registry.get(id).unwrap().name.clone();
    let mut want: Vec<String> = truth.missing.iter().map(name).collect();
    want.extend(truth.sent.iter().filter(|t| !t.typed.is_empty()).map(|t| name(&t.agency)));
    // Kính gửi: one line each, "- …;" and the last "- ….", in that order, and no one else.
    let kinh_gui = text.split("Kính gửi:").nth(1).unwrap().split("Thực hiện").next().unwrap().trim().to_string();
    let listed: Vec<String> = kinh_gui
        .split("- ")
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().trim_end_matches([';', '.']).to_string())
        .collect();
    let (mut listed, mut want) = (listed, want);
    listed.sort();
    want.sort();
    assert_eq!(listed, want);
    for expected in [
        "Số: /SKHCN-QLKH",
        "V/v đôn đốc báo cáo kết quả thực hiện",
        "Huế, ngày 26 tháng 11 năm 2026",
        "trước ngày 25/11/2026",
        "chưa nhận được báo cáo của 3 cơ quan, đơn vị",
        "báo cáo của 2 cơ quan, đơn vị còn sai sót phải sửa",
        "trước ngày 28/11/2026",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, QLKH.",
        "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
    ] {
        assert!(text.contains(expected), "«{expected}» in {text}");
    }
    // The late agency sent its file without errors: not written to.
    for late in truth.late.iter().filter(|a| truth.sent.iter().any(|t| t.agency == **a && t.typed.is_empty())) {
        assert!(!kinh_gui.contains(&name(late)), "{late}");
    }
    // The same inputs and dates: the same bytes.
    let first = std::fs::read(&pdf).unwrap();
    fx.cmd().arg("nhac").arg("--ngay").arg("26/11/2026").arg("--han").arg("28/11/2026").assert().code(1);
    assert!(first == std::fs::read(&pdf).unwrap());
    // Nobody to remind: no letter, exit 0.
    let clean = Fixture::new(46, 0, 0);
    let out = clean.cmd().arg("nhac").assert().code(0);
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("Không có cơ quan, đơn vị nào cần đôn đốc"));
    assert!(!clean.path().join("output/cong-van-don-doc-2026-6-thang-cuoi-nam.pdf").exists());
}

#[test]
fn a_file_sent_twice_is_the_officers_to_settle_not_the_agencys_to_fix() {
    let fx = Fixture::new(45, 0, 0);
    std::fs::copy(fx.input().join("so-y-te.xlsx"), fx.input().join("so-y-te (1).xlsx")).unwrap();
    let out = fx.cmd().arg("run").assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // Nothing for Sở Y tế to correct: no return form, no text to paste to it.
    assert!(!fx.path().join("output/tra-lai/Sở Y tế.xlsx").exists());
    assert!(!fx.path().join("output/sai-sot-theo-co-quan/Sở Y tế.txt").exists());
    assert!(!stdout.contains("Biểu mẫu trả lại"), "{stdout}");
    // The officer's list says it, in words.
    let list =
        std::fs::read_to_string(fx.path().join("output/bao-cao-2026-6-thang-cuoi-nam-danh-sach-loi.txt")).unwrap();
    assert!(list.contains("Trùng tệp báo cáo") && !list.contains("duplicate-file"), "{list}");
    // Section I: the duplicate said as what it is, no counts of "lỗi" and "cảnh báo", nothing "gửi lại".
    let text = flat(&pages_text(&fx.pdf_path())[0..2].join("\n"));
    assert!(text.contains("1 cơ quan, đơn vị gửi nhiều hơn một tệp báo cáo; số liệu được lấy theo tệp"), "{text}");
    assert!(!text.contains("cảnh báo") && !text.contains("gửi lại"), "{text}");
}
