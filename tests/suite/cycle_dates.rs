//! Dates that respect the cycle: a task cannot be completed after the report that states it,
//! nor after the consolidated report is made (a warning at the cell), and the generator never
//! writes such a date.

use crate::common;

use assert_cmd::Command;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

#[test]
fn a_completion_date_after_the_report_date_is_said_at_its_cell() {
    let ws = common::workspace();
    let input = ws.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    let plan = common::plan();
    let tasks: Vec<&str> = plan.tasks_of("so-khcn").map(|t| t.code.as_str()).take(2).collect();
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write(0, 0, "Cơ quan báo cáo:").unwrap();
    sheet.write(0, 1, "Sở Khoa học và Công nghệ").unwrap();
    sheet.write(1, 0, "Ngày báo cáo:").unwrap();
    sheet.write(1, 1, "20/11/2026").unwrap();
    for (c, h) in ["TT", "Tình trạng", "Ngày hoàn thành"].iter().enumerate() {
        sheet.write(3, c as u16, *h).unwrap();
    }
    // The first task completed five days after the report; the second ten days before it.
    for (i, (code, day)) in [(tasks[0], 25), (tasks[1], 10)].iter().enumerate() {
        let r = 4 + i as u32;
        sheet.write(r, 0, *code).unwrap();
        sheet.write(r, 1, "Hoàn thành").unwrap();
        sheet.write_datetime_with_format(r, 2, ExcelDateTime::from_ymd(2026, 11, *day).unwrap(), &date).unwrap();
    }
    wb.save(input.join("so-khcn.xlsx")).unwrap();
    Command::cargo_bin("tonghop").unwrap().arg("-C").arg(ws.path()).arg("run").assert().code(1);
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(ws.path().join("output/bao-cao-2026-6-thang-cuoi-nam.json")).unwrap(),
    )
    .unwrap();
    let after: Vec<&Value> =
        json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "completed-after-report").collect();
    assert_eq!(after.len(), 1, "{after:?}");
    let d = after[0];
    assert_eq!(d["severity"], "Warning");
    assert_eq!(d["location"]["cell"], "C5");
    assert_eq!(
        d["message"],
        format!("ngày hoàn thành của nhiệm vụ {} sau ngày báo cáo 20/11/2026; ngày này vẫn được ghi nhận", tasks[0])
    );
    assert_eq!(d["expected"], "một ngày không sau ngày báo cáo 20/11/2026");
    // The date still counts: the task is done, on the date written.
    let row = json["figures"]["task_rows"].as_array().unwrap().iter().find(|t| t["code"] == tasks[0]).unwrap();
    let a = row["assignments"].as_array().unwrap().iter().find(|a| a["agency"] == "so-khcn").unwrap();
    assert_eq!((a["status"].as_str(), a["completed_on"].as_str()), (Some("Done"), Some("2026-11-25")));
}

#[test]
fn generated_completion_dates_are_never_after_their_report() {
    let plan = common::plan();
    // Both cycles: reports around 10 June and around 25 November.
    for seed in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let mut opts = common::options(seed, 2, 5);
        if seed % 2 == 0 {
            opts.deadline = chrono::NaiveDate::from_ymd_opt(2026, 6, 10).unwrap();
            opts.cycle_label = "6 tháng đầu năm 2026".into();
        }
        let truth = tonghop::sample::generate(&plan, &opts, dir.path()).unwrap();
        for a in &truth.sent {
            for t in &a.tasks {
                if let Some(done) = t.completed_on {
                    assert!(
                        done <= a.report_date,
                        "seed {seed}: {} task {} done {done}, report {}",
                        a.agency,
                        t.task,
                        a.report_date
                    );
                }
            }
        }
    }
}

/// A workbook of `agency` with an optional report date and each task done on the given day.
fn workbook(path: &std::path::Path, agency: &str, report: Option<&str>, done: &[(&str, (i32, u8, u8))]) {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write(0, 0, "Cơ quan báo cáo:").unwrap();
    sheet.write(0, 1, agency).unwrap();
    if let Some(r) = report {
        sheet.write(1, 0, "Ngày báo cáo:").unwrap();
        sheet.write(1, 1, r).unwrap();
    }
    for (c, h) in ["TT", "Tình trạng", "Ngày hoàn thành"].iter().enumerate() {
        sheet.write(3, c as u16, *h).unwrap();
    }
    for (i, (code, (y, m, d))) in done.iter().enumerate() {
        let r = 4 + i as u32;
        sheet.write(r, 0, *code).unwrap();
        sheet.write(r, 1, "Hoàn thành").unwrap();
        sheet.write_datetime_with_format(r, 2, ExcelDateTime::from_ymd(*y as u16, *m, *d).unwrap(), &date).unwrap();
    }
    wb.save(path).unwrap();
}

/// The consolidated report is dated 30/11/2026 (the shipped config): in a file with no report
/// date, a completion on 15/12/2026 has not happened yet. In a dated file (20/11), 03/12 is
/// after its report, said once as such; a late file dated after 30/11 may hold completions up
/// to its own date.
#[test]
fn a_completion_date_after_the_consolidated_report_is_in_the_future() {
    let ws = common::workspace();
    let input = ws.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    let plan = common::plan();
    let khcn: Vec<&str> = plan.tasks_of("so-khcn").map(|t| t.code.as_str()).take(3).collect();
    let yte: Vec<&str> = plan.tasks_of("so-y-te").map(|t| t.code.as_str()).take(1).collect();
    workbook(
        &input.join("so-khcn.xlsx"),
        "Sở Khoa học và Công nghệ",
        Some("20/11/2026"),
        &[(khcn[0], (2026, 11, 25)), (khcn[1], (2026, 11, 10)), (khcn[2], (2026, 12, 3))],
    );
    workbook(&input.join("so-y-te.xlsx"), "Sở Y tế", None, &[(yte[0], (2026, 12, 15))]);
    Command::cargo_bin("tonghop").unwrap().arg("-C").arg(ws.path()).arg("run").assert().code(1);
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(ws.path().join("output/bao-cao-2026-6-thang-cuoi-nam.json")).unwrap(),
    )
    .unwrap();
    let of = |code: &str| -> Vec<(String, String, String)> {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| {
                (
                    d["location"]["file"].as_str().unwrap().to_string(),
                    d["location"]["cell"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        of("completed-in-future"),
        [(
                "so-y-te.xlsx".to_string(),
                "C5".to_string(),
                format!("ngày hoàn thành của nhiệm vụ {} sau ngày lập báo cáo tổng hợp 30/11/2026, tức là chưa đến; ngày này vẫn được ghi nhận", yte[0])
        )]
    );
    let after: Vec<(String, String)> = of("completed-after-report").into_iter().map(|(f, c, _)| (f, c)).collect();
    assert_eq!(after, [("so-khcn.xlsx".to_string(), "C5".to_string()), ("so-khcn.xlsx".to_string(), "C7".to_string())]);
    let d = json["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "completed-in-future").unwrap();
    assert_eq!(d["severity"], "Warning");
    assert_eq!(d["expected"], "một ngày đã qua, không sau 30/11/2026");
}
