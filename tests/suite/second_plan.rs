//! The second plan shipped in templates/plans (Kế hoạch 98/KH-UBND, seed 004): a yearly plan
//! with two lists of tasks, dotted codes, a "Kinh phí" column and leads that are not agencies.
//! Run end to end from its workspace folder against the generator's truth.

use crate::common;

use assert_cmd::Command;
use calamine::{Data, Reader};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use tonghop::model::Status;
use tonghop::plan::{load_plan, Plan};
use tonghop::sample::{generate, SampleOptions, Truth};

use common::{flat, pages_text, repo};

fn plan_path() -> PathBuf {
    repo().join("templates/plans/kh-98-2024.toml")
}

fn plan() -> Plan {
    load_plan(&plan_path()).expect("the second plan loads")
}

/// The shipped workspace folder's config, with the plan path made absolute and the font pinned.
fn workspace() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(repo().join("vi-du/kh-98-2024/tonghop.toml")).unwrap();
    let config = shipped
        .replace("plan = \"kh-98-2024\"", &format!("plan = {:?}", plan_path().display().to_string()))
        .replace("font = \"auto\"", "font = \"Liberation Serif\"");
    assert!(config.contains("kh-98-2024.toml\""), "the shipped workspace names the plan");
    std::fs::write(dir.path().join("tonghop.toml"), config).unwrap();
    dir
}

fn cmd(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("tonghop").unwrap();
    c.arg("-C").arg(dir).arg("--im-lang");
    c
}

fn options(seed: u64) -> SampleOptions {
    common::second_plan_options(seed)
}

fn status_name(s: Status) -> String {
    serde_json::to_value(s).unwrap().as_str().unwrap().to_string()
}

#[test]
fn the_plan_is_seed_004_as_written() {
    let plan = plan();
    assert_eq!(plan.tasks.len(), 45);
    assert_eq!(plan.appendices.iter().map(|a| a.number.as_str()).collect::<Vec<_>>(), ["Phụ lục 1", "Phụ lục 2"]);
    let in_list = |id: &str| plan.tasks.iter().filter(|t| t.appendix == id).map(|t| t.code.clone()).collect::<Vec<_>>();
    assert_eq!(in_list("1"), (1..=16).map(|n| format!("1.{n}")).collect::<Vec<_>>());
    assert_eq!(in_list("2"), (1..=29).map(|n| format!("2.{n}")).collect::<Vec<_>>());
    assert_eq!(plan.meta.frequency, tonghop::plan::Frequency::Yearly);
    assert_eq!(plan.columns.iter().map(|c| c.header.as_str()).collect::<Vec<_>>(), ["Kinh phí"]);
    // Leads that are not agencies are reported by the agency the plan puts beside them.
    let open: Vec<(&str, &str, Vec<String>)> = plan
        .tasks
        .iter()
        .filter(|t| t.open_lead)
        .map(|t| (t.code.as_str(), t.lead_text.as_str(), t.leads.clone()))
        .collect();
    assert_eq!(
        open,
        [
            ("1.7", "Đơn vị được tuyển chọn thực hiện", vec!["so-khcn".to_string()]),
            ("1.9", "Tuyển chọn đơn vị thực hiện", vec!["so-khcn".to_string()]),
            ("2.17", "Các trường học", vec!["so-gddt".to_string()]),
        ]
    );
    // Two leads where the plan writes two ("Sở KH&CN/Sở Thông tin và Truyền thông").
    assert_eq!(plan.task("2.1").unwrap().leads, ["so-khcn", "so-tttt"]);
    assert_eq!(plan.task("2.8").unwrap().leads, ["bchqs", "cong-an"]);
    // A district-level body of 2024, and its misprinted name in the plan still recognised.
    let hue = plan.registry.get("ubnd-tp-hue").unwrap();
    assert_eq!(hue.category, tonghop::plan::Category::District);
    assert_eq!(plan.registry.identify("UNBD thành phố Huế").unwrap().id, "ubnd-tp-hue");
    // The plan's own place-name suffixes: "Sở Y tế tỉnh Thừa Thiên Huế" is the Sở Y tế.
    assert_eq!(plan.registry.identify("Sở Y tế tỉnh Thừa Thiên Huế").unwrap().id, "so-y-te");
    // Five objectives, all for 2024.
    let top: Vec<_> = plan.indicators.iter().filter(|i| i.parent.is_none()).collect();
    assert_eq!(top.len(), 5);
    assert!(plan.indicators.iter().all(|i| i.target_year == 2024));
}

#[test]
fn a_yearly_report_from_the_workspace_folder_matches_the_truth() {
    let plan = plan();
    let dir = workspace();
    let truth: Truth = generate(&plan, &options(98), &dir.path().join("input")).unwrap();
    cmd(dir.path()).arg("run").assert().code(1);
    let out = dir.path().join("output");
    for ext in ["pdf", "xlsx", "json"] {
        assert!(out.join(format!("bao-cao-nam-2024.{ext}")).exists(), "{ext} named after the year");
    }
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("bao-cao-nam-2024.json")).unwrap()).unwrap();
    assert_eq!(json["cycle"]["label"], "năm 2024");
    assert_eq!(json["cycle"]["periods_per_year"], 1);

    // Every assignment's status under its own code, as generated.
    let mut got = BTreeMap::new();
    for t in json["figures"]["task_rows"].as_array().unwrap() {
        for a in t["assignments"].as_array().unwrap() {
            got.insert(
                (t["code"].as_str().unwrap().to_string(), a["agency"].as_str().unwrap().to_string()),
                a["status"].as_str().unwrap().to_string(),
            );
        }
    }
    let mut want = BTreeMap::new();
    for t in &plan.tasks {
        for l in &t.leads {
            want.insert((t.code.clone(), l.clone()), status_name(truth.status(l, &t.code)));
        }
    }
    assert_eq!(got, want);
    assert_eq!(got.len(), 48, "45 tasks, three of them with two leads");

    // The register: who is missing, who is late.
    let register = json["figures"]["register"].as_array().unwrap();
    let with_state = |s: &str| {
        let mut v: Vec<String> =
            register.iter().filter(|r| r["state"] == s).map(|r| r["agency"].as_str().unwrap().to_string()).collect();
        v.sort();
        v
    };
    let mut missing = truth.missing.clone();
    missing.sort();
    let mut late = truth.late.clone();
    late.sort();
    assert_eq!(with_state("Missing"), missing);
    assert_eq!(with_state("Late"), late);
    assert_eq!(register.len(), 17);

    // The PDF speaks of the year and of this plan's lists, and of nothing of the first plan.
    let pages = pages_text(&out.join("bao-cao-nam-2024.pdf"));
    let text = flat(&pages.join("\n"));
    for absent in ["6 tháng", "2045", "Nghị quyết 57", "57-NQ/TW", "2030 và năm"] {
        assert!(!text.contains(absent), "«{absent}» must not appear in the second plan's report");
    }
    for present in [
        "Kết quả thực hiện Kế hoạch số 98/KH-UBND năm 2024",
        "báo cáo kết quả thực hiện năm 2024, gửi về Sở Khoa học và Công nghệ trước ngày 30/11/2024",
        "Kế hoạch đề ra 5 chỉ tiêu cho năm 2024",
        "Trong tổng số 45 nhiệm vụ của Kế hoạch (16 nhiệm vụ tại Phụ lục 1 và 29 nhiệm vụ tại Phụ lục 2 của Kế hoạch; chi tiết tại Phụ lục II và III kèm theo)",
        "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TẠI PHỤ LỤC 1 CỦA KẾ HOẠCH",
        "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TẠI PHỤ LỤC 2 CỦA KẾ HOẠCH",
        "(Danh mục nhiệm vụ của Sở Khoa học và Công nghệ thực hiện",
        // Table cells break lines, so the lead and the note in brackets are looked for apart.
        "(Sở KH&CN báo cáo)",
        "(Sở GD&ĐT báo cáo)",
        "Kinh phí",
        "Trên đây là báo cáo kết quả thực hiện Kế hoạch số 98/KH-UBND năm 2024",
    ] {
        assert!(text.contains(present), "«{present}» missing from the report");
    }
    // The register is the fourth appendix.
    assert!(text.contains("Phụ lục IV TÌNH HÌNH GỬI BÁO CÁO"), "no fourth appendix");
    for heading in [
        "Phụ lục I KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "Phụ lục II KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TẠI PHỤ LỤC 1 CỦA KẾ HOẠCH",
        "Phụ lục III KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TẠI PHỤ LỤC 2 CỦA KẾ HOẠCH",
        "Phụ lục IV TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ",
    ] {
        assert!(text.contains(heading), "«{heading}» missing");
    }
    assert!(!text.contains("Phụ lục V "), "four appendices, no fifth");
}

/// The template of the Sở KH&CN: its 16 tasks of Phụ lục 1 as text codes 1.1 … 1.16 (1.10 is
/// not 1.1), then task 2.1 it leads with the Sở TT&TT; the Kinh phí column beside each.
#[test]
fn the_template_keeps_every_dotted_code_as_text() {
    let dir = workspace();
    cmd(dir.path()).args(["template", "Sở Khoa học và Công nghệ"]).assert().success();
    let path = dir.path().join("output/bieu-mau/Biểu mẫu - Sở Khoa học và Công nghệ.xlsx");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = wb.worksheet_range("Nhiệm vụ").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let header = rows.iter().position(|r| r.first() == Some(&Data::String("TT".into()))).unwrap();
    let headers: Vec<String> = rows[header].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        &headers[..6],
        ["TT", "Tên nhiệm vụ", "Thời hạn", "Yêu cầu sản phẩm (theo Kế hoạch)", "Kinh phí", "Tình trạng"]
    );
    let codes: Vec<String> = rows[header + 1..]
        .iter()
        .filter(|r| !matches!(r.get(1), Some(Data::Empty) | None))
        .filter_map(|r| match &r[0] {
            Data::String(s) if s.contains('.') => Some(s.clone()),
            Data::String(_) => None,
            other => panic!("a code written as {other:?}, not text"),
        })
        .collect();
    let mut want: Vec<String> = (1..=16).map(|n| format!("1.{n}")).collect();
    want.push("2.1".into());
    assert_eq!(codes, want);
}

/// A config that names a period the yearly plan does not have stops every command, in
/// Vietnamese, with what to write instead.
#[test]
fn a_half_year_under_a_yearly_plan_is_a_config_error() {
    let dir = workspace();
    crate::common::edit_config(dir.path(), &[("cycle.half", "2")]);
    std::fs::create_dir_all(dir.path().join("input")).unwrap();
    for args in [vec!["run"], vec!["check"], vec!["template"], vec!["sample", "--ra", "mau"]] {
        let out = cmd(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("cycle.period = 2: kế hoạch \"Kế hoạch số 98/KH-UBND\" báo cáo hằng năm nên không có kỳ 2; bỏ khóa period (hoặc ghi period = 1)"),
            "{args:?}: {err}"
        );
    }
    assert!(!dir.path().join("output").exists());
}

/// The same plan with its objectives taken out: no indicator appendix, no sentence counting
/// zero indicators, the task lists numbered from Phụ lục I.
#[test]
fn a_plan_without_indicators_reports_its_tasks_only() {
    let text = std::fs::read_to_string(plan_path()).unwrap();
    let mut kept = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with("[[") || line.starts_with('[') {
            skipping = line == "[[indicator]]";
        }
        if !skipping {
            kept.push_str(&line.replace("indicators = 15", "indicators = 0"));
            kept.push('\n');
        }
    }
    let dir = workspace();
    let plan_file = dir.path().join("ke-hoach.toml");
    std::fs::write(&plan_file, kept).unwrap();
    let config = dir.path().join("tonghop.toml");
    let cfg = std::fs::read_to_string(&config).unwrap();
    let cfg: String = cfg
        .lines()
        .map(|l| if l.starts_with("plan = ") { "plan = \"ke-hoach.toml\"".to_string() } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&config, cfg).unwrap();
    let plan = load_plan(&plan_file).unwrap();
    assert!(plan.indicators.is_empty());
    generate(&plan, &options(7), &dir.path().join("input")).unwrap();
    cmd(dir.path()).arg("run").assert().code(1);
    let text = flat(&pages_text(&dir.path().join("output/bao-cao-nam-2024.pdf")).join("\n"));
    assert!(text.contains("Kế hoạch không đề ra chỉ tiêu định lượng; báo cáo tổng hợp kết quả thực hiện các nhiệm vụ."));
    assert!(!text.contains("0 chỉ tiêu"), "no sentence counts zero indicators");
    assert!(text.contains("chi tiết tại Phụ lục I và II kèm theo"));
    for heading in [
        "Phụ lục I KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TẠI PHỤ LỤC 1 CỦA KẾ HOẠCH",
        "Phụ lục II KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TẠI PHỤ LỤC 2 CỦA KẾ HOẠCH",
        "Phụ lục III TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ",
    ] {
        assert!(text.contains(heading), "«{heading}» missing");
    }
    assert!(!text.contains("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"));
}
