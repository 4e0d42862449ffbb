//! `tonghop template`: one form per agency with exactly its tasks, drop-downs of the four
//! statuses, and forms that read back through the normal reader with no diagnostic.

use crate::common;

use std::io::Read;

use common::{consolidated, flat, options, pages_text, plan, Fixture};
use tonghop::forms::{file_name, form_bytes, Fill, FormSpec};
use tonghop::ingest::{read_workbook, Cell};
use tonghop::model::Status;

fn form_dir(fx: &Fixture) -> std::path::PathBuf {
    fx.path().join("output/bieu-mau")
}

#[test]
fn one_form_per_agency_listing_exactly_its_own_tasks_and_indicators() {
    let fx = Fixture::new(1, 0, 0);
    let out = fx.cmd().arg("template").assert().success();
    let plan = plan();
    let agencies = plan.reporting_agencies();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains(&format!("Đã tạo {} biểu mẫu", agencies.len() + 1)), "{stdout}");
    let files: Vec<_> = std::fs::read_dir(form_dir(&fx)).unwrap().collect();
    assert_eq!(files.len(), agencies.len() + 1);

    for id in ["so-y-te", "so-khcn", "phuong-an-cuu"] {
        let agency = plan.registry.get(id).unwrap();
        let name = file_name(Some(agency));
        let book = read_workbook(&form_dir(&fx).join(&name), &name).unwrap();
        let tasks = &book.sheets[0];
        assert_eq!(tasks.name, "Nhiệm vụ");
        assert_eq!(tasks.get(3, 1), &Cell::Text("Cơ quan báo cáo:".into()));
        assert_eq!(tasks.get(3, 2), &Cell::Text(agency.name.clone()));
        // Codes are text (a number would turn 1.10 into 1.1); group codes are Roman numerals.
        let listed: Vec<String> = tasks
            .rows_between(8, usize::MAX)
            .filter_map(|r| match tasks.get(r, 0) {
                Cell::Text(s) if s.chars().all(|c| c.is_ascii_digit() || c == '.') => Some(s.clone()),
                _ => None,
            })
            .collect();
        let expected: Vec<String> = plan.tasks_of(id).map(|t| t.code.clone()).collect();
        assert_eq!(listed, expected, "tasks of {id}");
        let indicators: Vec<String> = plan.indicators_of(id).map(|i| i.code.clone()).collect();
        match book.sheets.iter().find(|s| s.name == "Chỉ tiêu") {
            Some(sheet) => {
                let listed: Vec<String> = sheet
                    .rows_between(8, usize::MAX)
                    .filter_map(|r| match sheet.get(r, 0) {
                        Cell::Text(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect();
                assert_eq!(listed, indicators, "indicators of {id}");
            }
            None => assert!(indicators.is_empty(), "{id} tracks indicators but its form has no sheet for them"),
        }
        assert!(book.sheets.iter().any(|s| s.name == "Hướng dẫn"));
    }
    // The generic form lists every task.
    let name = file_name(None);
    let generic = read_workbook(&form_dir(&fx).join(&name), &name).unwrap();
    let g = &generic.sheets[0];
    let n = g
        .rows_between(8, usize::MAX)
        .filter(|r| matches!(g.get(*r, 0), Cell::Text(s) if s.chars().all(|c| c.is_ascii_digit() || c == '.')))
        .count();
    assert_eq!(n, 70);

    // Deterministic: the same forms again, byte for byte.
    let before = std::fs::read(form_dir(&fx).join(file_name(Some(plan.registry.get("so-y-te").unwrap())))).unwrap();
    fx.cmd().arg("template").assert().success();
    let after = std::fs::read(form_dir(&fx).join(file_name(Some(plan.registry.get("so-y-te").unwrap())))).unwrap();
    assert!(before == after);
}

/// The XML of one part of an .xlsx.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn status_drop_downs_hold_exactly_the_four_statuses_and_plan_cells_are_locked() {
    let plan = plan();
    let agency = plan.registry.get("so-noi-vu").unwrap();
    let spec = FormSpec {
        plan: &plan,
        agency: Some(agency),
        cycle_label: "6 tháng cuối năm 2026".into(),
        deadline: options(0, 0, 0).deadline,
        sample: false,
    };
    let bytes = form_bytes(&spec, None).unwrap();
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    let lists: Vec<&str> = sheet.split("<dataValidation ").skip(1).filter(|v| v.starts_with("type=\"list\"")).collect();
    let n_tasks = plan.tasks_of("so-noi-vu").count();
    assert_eq!(lists.len(), n_tasks, "one status drop-down per task row");
    for v in &lists {
        let formula = v.split("<formula1>").nth(1).unwrap().split("</formula1>").next().unwrap();
        assert_eq!(formula, "\"Hoàn thành,Đang thực hiện,Thường xuyên,Chưa thực hiện\"");
    }
    assert!(sheet.contains("<sheetProtection"), "the task sheet is protected");
    assert!(sheet.contains("orientation=\"landscape\"") && sheet.contains("paperSize=\"9\""), "A4 landscape");
    assert!(sheet.contains("fitToHeight=\"0\""), "fit to one page wide");
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "header row repeated on every printed page");
}

#[test]
fn filled_forms_read_back_with_no_diagnostic_and_the_truth_figures() {
    // A cycle filled in by program: every agency fills its own form with the truth.
    let fx = Fixture::new(31, 0, 0);
    let plan = plan();
    std::fs::remove_dir_all(fx.input()).unwrap();
    std::fs::create_dir(fx.input()).unwrap();
    let truth = &fx.truth;
    for t in &truth.sent {
        let agency = plan.registry.get(&t.agency).unwrap();
        let spec = FormSpec {
            plan: &plan,
            agency: Some(agency),
            cycle_label: "6 tháng cuối năm 2026".into(),
            deadline: truth.deadline,
            sample: false,
        };
        let fill = Fill::values(t.report_date, &t.tasks, &t.indicators);
        std::fs::write(fx.input().join(file_name(Some(agency))), form_bytes(&spec, Some(&fill)).unwrap()).unwrap();
    }
    let out = fx.cmd().arg("check").assert().code(0);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Sai sót:              0 lỗi, 0 cảnh báo"), "{stdout}");
    fx.cmd().arg("run").assert().code(0);

    let text = flat(&pages_text(&fx.pdf_path()).join("\n"));
    assert!(!text.contains("DỮ LIỆU MẪU"), "forms filled by an agency are not sample data");
    let done = plan.tasks.iter().filter(|t| consolidated(&plan, truth, &t.code) == Status::Done).count();
    assert!(
        text.contains(&format!("Trong tổng số 70 nhiệm vụ của Kế hoạch (chi tiết tại Phụ lục II kèm theo), đã hoàn thành {done} nhiệm vụ (đạt ")),
        "done = {done}"
    );
    for (status, word) in [
        (Status::Recurring, "thường xuyên"),
        (Status::InProgress, "đang thực hiện"),
        (Status::NotStarted, "chưa thực hiện"),
    ] {
        let n = plan.tasks.iter().filter(|t| consolidated(&plan, truth, &t.code) == status).count();
        if n > 0 {
            assert!(text.contains(&format!("{n} nhiệm vụ {word} (")), "{word}: {n}");
        }
    }
    assert!(text.contains("tất cả các cơ quan, đơn vị đã gửi báo cáo"));
}
