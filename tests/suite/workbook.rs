//! The consolidated workbook and the JSON figures: every sheet agrees with the report.

use crate::common;

use calamine::{open_workbook_auto, Data, Reader};
use common::{consolidated, flat, pages_text, plan, truth_statuses, Fixture};
use tonghop::model::Status;

fn sheet(path: &std::path::Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range.rows().map(|r| r.to_vec()).collect()
}

fn row<'a>(rows: &'a [Vec<Data>], first: &str) -> &'a Vec<Data> {
    rows.iter()
        .find(|r| r.first().map(|c| c.to_string()) == Some(first.to_string()))
        .unwrap_or_else(|| panic!("no row «{first}»"))
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

#[test]
fn every_sheet_agrees_with_the_report() {
    let fx = Fixture::new(41, 2, 1);
    fx.cmd().arg("run").assert().code(1);
    let plan = plan();
    let xlsx = fx.output("xlsx");
    let text = flat(&pages_text(&fx.pdf_path()).join("\n"));

    let names = open_workbook_auto(&xlsx).unwrap().sheet_names();
    assert_eq!(
        names,
        [
            "Theo tình trạng",
            "Theo nhóm",
            "Theo cơ quan",
            "Chỉ tiêu",
            "Nộp báo cáo",
            "Quá hạn",
            "Đến hạn kỳ tới",
            "Chi tiết",
            "Sai sót"
        ]
    );

    // By status: the counts of the report's overall sentence, percentages as numbers.
    let by_status = sheet(&xlsx, "Theo tình trạng");
    let done = plan.tasks.iter().filter(|t| consolidated(&plan, &fx.truth, &t.code) == Status::Done).count();
    let r = row(&by_status, "Hoàn thành");
    assert_eq!(num(&r[1]), done as f64);
    assert!(text.contains(&format!("đã hoàn thành {done} nhiệm vụ (đạt ")));
    // Each share is its own count's, rounded to 0,01 %: together within rounding of 100 %.
    let total = plan.tasks.len() as f64;
    for st in Status::ALL {
        let r = row(&by_status, st.label());
        let exact = num(&r[1]) / total;
        assert!((num(&r[2]) - exact).abs() <= 0.00005 + 1e-12, "{}: {} for {}", st.label(), num(&r[2]), exact);
    }
    let shares: f64 = Status::ALL.iter().map(|s| num(&row(&by_status, s.label())[2])).sum();
    assert!((shares - 1.0).abs() <= 0.0003, "task shares: {shares}");

    // By group: group VII as in the body table.
    let groups = sheet(&xlsx, "Theo nhóm");
    let vii = row(&groups, "VII");
    let n_done = ["68", "69", "70"].iter().filter(|c| consolidated(&plan, &fx.truth, c) == Status::Done).count();
    assert_eq!(num(&vii[2]), 3.0);
    assert_eq!(num(&vii[3]), n_done as f64);
    assert!(text.contains(&format!("VII Hợp tác quốc tế 3 {n_done} (")));

    // Full detail: one row per assignment.
    let detail = sheet(&xlsx, "Chi tiết");
    assert_eq!(detail.len() - 1, truth_statuses(&plan, &fx.truth).len());

    // Register: the missing agencies, by name.
    let register = sheet(&xlsx, "Nộp báo cáo");
    assert_eq!(register.len() - 1, plan.reporting_agencies().len());
    for id in &fx.truth.missing {
        assert_eq!(row(&register, id)[2].to_string(), "Chưa gửi");
    }
    // By agency: the Sở KH&CN's assignments.
    let agencies = sheet(&xlsx, "Theo cơ quan");
    let khcn = fx.truth.sent.iter().find(|a| a.agency == "so-khcn").unwrap();
    assert_eq!(num(&row(&agencies, "so-khcn")[2]), khcn.tasks.len() as f64);

    // Indicators: indicator 10's verdict as in Phụ lục I.
    let indicators = sheet(&xlsx, "Chỉ tiêu");
    let verdict = row(&indicators, "10")
        .iter()
        .map(|c| c.to_string())
        .find(|c| c == "Đạt" || c == "Chưa đạt" || c == "Chưa có số liệu")
        .unwrap();
    let appendix = &text[text.find("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU").unwrap()..];
    let i = appendix.find("10 Tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo").unwrap();
    assert!(appendix[i..].chars().take(200).collect::<String>().contains(&format!(" {verdict} ")));

    // Diagnostics: one row each (here, the late submission).
    let diags = sheet(&xlsx, "Sai sót");
    assert_eq!(diags.len() - 1, 1);
    assert_eq!(diags[1][1].to_string(), "Gửi trễ hạn", "a problem kind in words, not its code");

    // JSON: the same figures for other systems.
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fx.output("json")).unwrap()).unwrap();
    assert_eq!(json["plan"], "kh-nq57-hue");
    assert_eq!(json["cycle"]["label"], "6 tháng cuối năm 2026");
    assert_eq!(json["figures"]["tasks"]["total"], 70);
    assert_eq!(json["figures"]["tasks"]["by_status"][0], done);
    assert_eq!(json["figures"]["register"].as_array().unwrap().len(), plan.reporting_agencies().len());
}

#[test]
fn the_workbook_is_deterministic() {
    let fx = Fixture::new(43, 0, 0);
    fx.cmd().arg("run").assert().code(0);
    let first = std::fs::read(fx.output("xlsx")).unwrap();
    fx.cmd().arg("run").assert().code(0);
    assert!(first == std::fs::read(fx.output("xlsx")).unwrap());
}
