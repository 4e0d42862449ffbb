//! Workbooks saved by a real spreadsheet program (LibreOffice): .xls, .ods and a re-saved .xlsx
//! (made by scripts/make-format-fixtures.sh) read back to exactly what was written.

use crate::common;

use common::{repo, Fixture};
use serde_json::Value;

#[test]
fn xls_ods_and_resaved_xlsx_read_back_to_the_truth() {
    let fx = Fixture::new(1, 0, 0);
    let fixtures = repo().join("tests/fixtures/formats");
    for (generated, saved) in [
        ("so-y-te.xlsx", "so-y-te.xls"),
        ("so-noi-vu.xlsx", "so-noi-vu.ods"),
        ("so-cong-thuong.xlsx", "so-cong-thuong.xlsx"),
    ] {
        std::fs::remove_file(fx.input().join(generated)).unwrap();
        std::fs::copy(fixtures.join(saved), fx.input().join(saved)).unwrap();
    }
    let out = fx.cmd().arg("run").assert().code(0);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("0 lỗi, 0 cảnh báo"), "{stdout}");

    let truth: Value = serde_json::from_str(&std::fs::read_to_string(fixtures.join("truth.json")).unwrap()).unwrap();
    let figures: Value = serde_json::from_str(&std::fs::read_to_string(fx.output("json")).unwrap()).unwrap();
    let mut checked = 0;
    for agency in truth["sent"].as_array().unwrap() {
        let id = agency["agency"].as_str().unwrap();
        let register = figures["figures"]["register"].as_array().unwrap().iter().find(|r| r["agency"] == id).unwrap();
        assert_eq!(register["report_date"], agency["report_date"], "{id}: report date");
        for t in agency["tasks"].as_array().unwrap() {
            let row =
                figures["figures"]["task_rows"].as_array().unwrap().iter().find(|r| r["code"] == t["task"]).unwrap();
            let a = row["assignments"].as_array().unwrap().iter().find(|a| a["agency"] == id).unwrap();
            assert_eq!(a["status"], t["status"], "{id}, task {}", t["task"]);
            assert_eq!(a["completed_on"], t["completed_on"], "{id}, task {}", t["task"]);
            assert_eq!(a["result"], t["result"], "{id}, task {}", t["task"]);
            checked += 1;
        }
        for i in agency["indicators"].as_array().unwrap() {
            let row = figures["figures"]["indicator_rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["code"] == i["indicator"])
                .unwrap();
            if row["reported_by"].as_array().unwrap().first().and_then(|v| v.as_str()) == Some(id) {
                assert_eq!(row["value"], i["value"], "{id}, indicator {}", i["indicator"]);
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} values compared");
}
