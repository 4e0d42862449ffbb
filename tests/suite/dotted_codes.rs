//! Task codes with a dot ("1.10") survive forms, filling and reading: written as text, and
//! when a spreadsheet turned one into the number 1.1, the name decides which task it is.

use crate::common;

use assert_cmd::Command;
use calamine::{Data, Reader};
use rust_xlsxwriter::Workbook;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use tonghop::model::Status;
use tonghop::sample::{generate, SampleOptions};

/// Twelve tasks 1.1 … 1.12 of one group, all led by the Sở KH&CN, each with a name of its own.
const NAMES: [&str; 12] = [
    "Xây dựng cơ sở dữ liệu khoa học và công nghệ của tỉnh",
    "Tổ chức sự kiện kết nối cung cầu công nghệ hằng năm",
    "Hỗ trợ doanh nghiệp đổi mới công nghệ sản xuất sạch",
    "Phát triển mạng lưới tư vấn sở hữu trí tuệ cho hợp tác xã",
    "Đánh giá trình độ công nghệ của ngành chế biến thủy sản",
    "Xây dựng trung tâm hỗ trợ khởi nghiệp đổi mới sáng tạo",
    "Ứng dụng bản đồ số trong quản lý tài nguyên rừng",
    "Thương mại hóa kết quả nghiên cứu của viện và trường",
    "Đào tạo cán bộ quản lý khoa học cấp huyện và xã",
    "Triển khai nền tảng truy xuất nguồn gốc nông sản đặc sản",
    "Hình thành quỹ phát triển khoa học công nghệ của doanh nghiệp",
    "Tổng kết và khen thưởng sáng kiến cải tiến kỹ thuật",
];

fn plan_text() -> String {
    let mut t = String::from(
        r#"[plan]
id = "ke-hoach-thu"
title = "Triển khai thử nghiệm mã nhiệm vụ có dấu chấm"
short_title = "Kế hoạch thử"
issued_by = "UBND tỉnh"
consolidated_by = "so-khcn"
reporting_deadlines = ["06-10", "11-25"]
counts = { groups = 1, tasks = 12, indicators = 1 }

[[agency]]
id = "so-khcn"
name = "Sở Khoa học và Công nghệ"
short = "Sở KH&CN"
category = "so"

[[indicator]]
code = "1"
name = "Số doanh nghiệp khoa học và công nghệ"
unit = "doanh nghiệp"
target = "≥ 10"
target_year = 2030
tracked_by = ["so-khcn"]

[[group]]
code = "1"
title = "Nhiệm vụ của Sở Khoa học và Công nghệ"
"#,
    );
    for (i, name) in NAMES.iter().enumerate() {
        t.push_str(&format!(
            "\n[[task]]\ncode = \"1.{}\"\ngroup = \"1\"\nname = \"{name}\"\nlead_text = \"Sở Khoa học và Công nghệ\"\nlead = [\"so-khcn\"]\ndeadline = \"2026\"\n",
            i + 1
        ));
    }
    t
}

/// A workspace on the twelve-task plan.
fn workspace() -> tempfile::TempDir {
    let dir = common::workspace();
    std::fs::write(dir.path().join("ke-hoach-thu.toml"), plan_text()).unwrap();
    let config = dir.path().join("tonghop.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text
        .lines()
        .map(|l| if l.starts_with("plan = ") { "plan = \"ke-hoach-thu.toml\"".to_string() } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&config, text).unwrap();
    dir
}

fn cmd(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("tonghop").unwrap();
    c.arg("-C").arg(dir);
    c
}

/// (code, status) of every assignment the run read, from the JSON figures.
fn statuses(dir: &Path) -> BTreeMap<String, String> {
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("output/bao-cao-2026-6-thang-cuoi-nam.json")).unwrap())
            .unwrap();
    let mut out = BTreeMap::new();
    for row in json["figures"]["task_rows"].as_array().unwrap() {
        for a in row["assignments"].as_array().unwrap() {
            out.insert(row["code"].as_str().unwrap().to_string(), a["status"].as_str().unwrap().to_string());
        }
    }
    out
}

fn diagnostics(dir: &Path) -> Vec<(String, String, String)> {
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("output/bao-cao-2026-6-thang-cuoi-nam.json")).unwrap())
            .unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["location"]["cell"].as_str().unwrap_or("").to_string(),
                d["found"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn the_form_writes_dotted_codes_as_distinct_text() {
    let dir = workspace();
    cmd(dir.path()).args(["template", "Sở Khoa học và Công nghệ"]).assert().success();
    let form = dir.path().join("output/bieu-mau/Biểu mẫu - Sở Khoa học và Công nghệ.xlsx");
    let mut book = calamine::open_workbook_auto(&form).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let codes: Vec<&Data> =
        range.rows().map(|r| &r[0]).filter(|c| matches!(c, Data::String(s) if s.starts_with("1."))).collect();
    let texts: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
    let expected: Vec<String> = (1..=12).map(|i| format!("1.{i}")).collect();
    assert_eq!(texts, expected, "twelve distinct text codes, 1.10 not turned into 1.1");
    assert!(!range.rows().any(|r| matches!(r[0], Data::Float(_))), "no code written as a number");
}

#[test]
fn filled_forms_read_back_under_their_codes() {
    let dir = workspace();
    let plan = tonghop::plan::load_plan(&dir.path().join("ke-hoach-thu.toml")).unwrap();
    let opts = SampleOptions { ..common::options(4, 0, 0) };
    let truth = generate(&plan, &opts, &dir.path().join("input")).unwrap();
    cmd(dir.path()).arg("run").assert().code(0);
    let read = statuses(dir.path());
    assert_eq!(read.len(), 12);
    for (i, _) in NAMES.iter().enumerate() {
        let code = format!("1.{}", i + 1);
        let want = truth.status("so-khcn", &code);
        assert_eq!(read[&code], format!("{want:?}"), "task {code}");
    }
    assert!(truth.status("so-khcn", "1.10") != Status::NotReported);
    // The indicators' sentence speaks of this plan's target year, not of another plan's.
    let text =
        common::flat(&common::pages_text(&dir.path().join("output/bao-cao-2026-6-thang-cuoi-nam.pdf")).join(" "));
    assert!(text.contains("Kế hoạch đề ra 1 chỉ tiêu đến năm 2030."), "{text}");
    assert!(!text.contains("2045"));
    // A plan whose title is itself an action opens section I with it, not "Triển khai Triển khai".
    assert!(
        text.contains("Triển khai thử nghiệm mã nhiệm vụ có dấu chấm của UBND tỉnh (sau đây gọi là Kế hoạch)"),
        "{text}"
    );
    assert!(!text.contains("Triển khai Triển khai"));
}

/// A workbook whose code column holds numbers, as a spreadsheet makes of "1.10" typed in a
/// General cell: 1.1 with the name of task 1.10, 1.1 with its own name, and (in a second file
/// without a name column) a bare 1.1.
#[test]
fn a_code_turned_into_a_number_is_decided_by_its_name() {
    let dir = workspace();
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "Cơ quan báo cáo:").unwrap();
    ws.write(0, 1, "Sở Khoa học và Công nghệ").unwrap();
    ws.write(1, 0, "Ngày báo cáo:").unwrap();
    ws.write(1, 1, "20/11/2026").unwrap();
    for (c, h) in ["TT", "Tên nhiệm vụ", "Tình trạng"].iter().enumerate() {
        ws.write(3, c as u16, *h).unwrap();
    }
    let rows: [(f64, &str, &str); 4] = [
        (1.1, NAMES[9], "Hoàn thành"),
        (1.1, NAMES[0], "Đang thực hiện"),
        (1.2, NAMES[1], "Thường xuyên"),
        (1.11, NAMES[10], "Chưa thực hiện"),
    ];
    for (i, (code, name, status)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write(r, 0, *code).unwrap();
        ws.write(r, 1, *name).unwrap();
        ws.write(r, 2, *status).unwrap();
    }
    wb.save(input.join("so-khcn.xlsx")).unwrap();
    cmd(dir.path()).arg("run").assert().code(1);
    let read = statuses(dir.path());
    assert_eq!(read["1.10"], "Done", "1.1 named as task 1.10 counts for 1.10");
    assert_eq!(read["1.1"], "InProgress");
    assert_eq!(read["1.2"], "Recurring");
    assert_eq!(read["1.11"], "NotStarted");
    // Nothing to say but what the file leaves out (eight tasks, the indicator table): no
    // duplicate 1.1, no mismatch of code and name.
    let d = diagnostics(dir.path());
    let codes: Vec<&str> = d.iter().map(|(c, _, _)| c.as_str()).collect();
    assert_eq!(codes, ["indicator-missing", "table-missing", "task-missing"], "{d:?}");

    // Without a name column nothing tells 1.1 from 1.10: read as 1.1, and said at the cell.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "Cơ quan báo cáo:").unwrap();
    ws.write(0, 1, "Sở Khoa học và Công nghệ").unwrap();
    ws.write(1, 0, "Ngày báo cáo:").unwrap();
    ws.write(1, 1, "21/11/2026").unwrap();
    ws.write(3, 0, "TT").unwrap();
    ws.write(3, 1, "Tình trạng").unwrap();
    ws.write(4, 0, 1.1).unwrap();
    ws.write(4, 1, "Hoàn thành").unwrap();
    wb.save(input.join("so-khcn.xlsx")).unwrap();
    cmd(dir.path()).arg("run").assert().code(1);
    assert_eq!(statuses(dir.path())["1.1"], "Done");
    let d = diagnostics(dir.path());
    assert!(d.contains(&("code-ambiguous".into(), "A5".into(), "1.1".into())), "{d:?}");
}

/// The same, in a workbook LibreOffice saved from what a sender typed (scripts/make-dotted-fixture.py):
/// "1.10" became the number 1.1, a group heading "1" sits over the tasks, a task is dated after
/// the report, a row has no code, a note closes the table. Every row is read, skipped by a stated
/// rule or diagnosed, exactly once.
#[test]
fn a_libreoffice_workbook_reads_every_row_under_its_right_task() {
    use tonghop::validate::{check_file, find_tables, DateWindow};
    let dir = workspace();
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    let fixture = common::repo().join("tests/fixtures/dotted/so-khcn.xlsx");
    std::fs::copy(&fixture, input.join("so-khcn.xlsx")).unwrap();
    cmd(dir.path()).arg("run").assert().code(1);
    let read = statuses(dir.path());
    assert_eq!(read["1.1"], "Done");
    assert_eq!(read["1.10"], "InProgress", "the number 1.1 named as task 1.10");
    assert_eq!(read["1.2"], "Done");
    assert_eq!(read["1.11"], "NotStarted");
    let mut d = diagnostics(dir.path());
    d.sort();
    let d: Vec<(&str, &str)> = d.iter().map(|(c, cell, _)| (c.as_str(), cell.as_str())).collect();
    assert_eq!(
        d,
        [
            ("completed-after-report", "D8"),
            ("indicator-missing", ""),
            ("row-unread", "A10"),
            ("table-missing", ""),
            ("task-missing", ""),
        ]
    );

    let plan = tonghop::plan::load_plan(&dir.path().join("ke-hoach-thu.toml")).unwrap();
    let book = tonghop::ingest::read_workbook(&fixture, "so-khcn.xlsx").unwrap();
    let outcome = check_file(&plan, "so-khcn.xlsx", Ok(book.clone()), DateWindow::around(2026));
    let table = find_tables(&book.sheets[0], 0).into_iter().next().expect("the task table");
    let mut fates: Vec<(usize, &str)> = outcome.row_fates().iter().map(|f| (f.row, f.fate.key())).collect();
    fates.sort();
    let rows: Vec<usize> = book.sheets[0].rows_between(table.first_data_row, table.end_row).collect();
    assert_eq!(fates.iter().map(|f| f.0).collect::<Vec<_>>(), rows, "one fate per non-empty row");
    assert_eq!(
        fates.iter().map(|f| f.1).collect::<Vec<_>>(),
        ["group", "read", "read", "read", "read", "diagnosed", "note"]
    );
}
