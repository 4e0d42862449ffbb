//! The command line as a user meets it: Vietnamese help and errors, exit codes, `check`.

use crate::common;

use assert_cmd::Command;
use common::Fixture;
use predicates::str::contains;

fn tonghop() -> Command {
    Command::cargo_bin("tonghop").unwrap()
}

#[test]
fn help_is_in_vietnamese() {
    tonghop()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("Cách dùng:"))
        .stdout(contains("Lập báo cáo tổng hợp"))
        .stdout(contains("Chỉ kiểm tra các tệp"));
    let out = tonghop().args(["ke-hoach", "--help"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Lệnh:\n  xem ") && text.contains("  nhap  Đọc một kế hoạch từ văn bản"), "{text}");
    assert!(!text.contains("Commands") && !text.contains("Usage"), "{text}");
}

#[test]
fn unknown_arguments_are_reported_in_vietnamese_with_exit_2() {
    tonghop().arg("--khong-co").assert().code(2).stderr(contains("không hiểu tham số «--khong-co»"));
    tonghop().arg("lam-gi").assert().code(2).stderr(contains("không có lệnh «lam-gi»"));
}

#[test]
fn an_unknown_config_key_is_named_and_nothing_is_produced() {
    let fx = Fixture::new(5, 0, 0);
    common::edit_config(fx.path(), &[("report.font_size", ""), ("report.font_sise", "14")]);
    fx.cmd().arg("run").assert().code(2).stderr(contains("\"font_sise\"")).stderr(contains("font_size"));
    assert!(!fx.pdf_path().exists());
}

#[test]
fn a_missing_input_folder_is_explained() {
    let fx = Fixture::new(5, 0, 0);
    std::fs::remove_dir_all(fx.input()).unwrap();
    fx.cmd().arg("run").assert().code(2).stderr(contains("không tìm thấy thư mục dữ liệu vào"));
}

#[test]
fn check_lists_problems_without_writing_a_report() {
    let fx = Fixture::new(9, 2, 0);
    std::fs::write(fx.input().join("ghi-chu.docx"), b"not a workbook").unwrap();
    let out = fx.cmd().arg("check").assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stdout.contains("Kiểm tra xong."), "{stdout}");
    let expected = fx.truth.sent.len();
    assert!(stdout.contains(&format!("Cơ quan đã báo cáo:   {expected}/{}", expected + 2)), "{stdout}");
    assert!(stderr.contains("Bỏ qua ghi-chu.docx: không phải tệp bảng tính"), "{stderr}");
    assert!(!fx.pdf_path().exists());
}

#[test]
fn nothing_to_consolidate_is_not_a_report() {
    let fx = Fixture::new(5, 0, 0);
    std::fs::remove_dir_all(fx.input()).unwrap();
    std::fs::create_dir_all(fx.input()).unwrap();
    for cmd in ["run", "check"] {
        fx.cmd().arg(cmd).assert().code(2).stderr(contains("trống: không có gì để tổng hợp, chưa lập báo cáo"));
    }
    std::fs::write(fx.input().join("cong-van.docx"), b"x").unwrap();
    std::fs::write(fx.input().join("bao-cao.pdf"), b"x").unwrap();
    fx.cmd()
        .arg("run")
        .assert()
        .code(2)
        .stderr(contains("không có tệp bảng tính nào; chỉ có 2 tệp khác (bao-cao.pdf, cong-van.docx)"))
        .stderr(contains(".xlsx"));
    assert!(!fx.pdf_path().exists(), "no report of 0 agencies");
    // The reminder is for every agency then: the consolidating body left out, and said so.
    let out = fx.cmd().arg("nhac").assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Chưa gửi báo cáo:     68 cơ quan"), "{stdout}");
    assert!(
        stdout.contains("không kể Sở Khoa học và Công nghệ, cơ quan tổng hợp")
            && stdout.contains("69 cơ quan chưa gửi"),
        "{stdout}"
    );
}

/// Words of the operating system or a library that must never reach the officer.
const ENGLISH: [&str; 12] = [
    "No such file",
    "os error",
    "stream did not",
    "Permission denied",
    "Operation not permitted",
    "invalid",
    "expected",
    "[OPTIONS]",
    "Arguments:",
    "[default:",
    "Usage:",
    "panicked",
];

fn vietnamese_only(what: &str, text: &str) {
    for w in ENGLISH {
        assert!(!text.contains(w), "{what}: «{w}» in:\n{text}");
    }
}

/// `tonghop` in `dir` with `args`: exit code and stderr.
fn fails(dir: &std::path::Path, args: &[&str]) -> String {
    let out = tonghop().arg("-C").arg(dir).arg("--im-lang").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    vietnamese_only(&format!("{args:?}"), &stderr);
    stderr
}

#[test]
fn every_error_path_speaks_vietnamese_and_names_its_cause_once() {
    // Outside a workspace (what a double-click does).
    let empty = tempfile::tempdir().unwrap();
    for cmd in ["run", "check", "template", "nhac", "sample"] {
        let args: &[&str] = if cmd == "sample" { &["sample", "--ra", "mau"] } else { &[cmd] };
        let e = fails(empty.path(), args);
        assert!(e.contains("không thấy tệp cấu hình tonghop.toml") && e.contains("-C"), "{e}");
    }
    // A plan that is not there: said once, in words.
    let fx = Fixture::new(5, 0, 0);
    let cfg = fx.path().join("tonghop.toml");
    let shipped = std::fs::read_to_string(&cfg).unwrap();
    let with = |from: &str, to: &str| {
        assert!(shipped.contains(from), "{from}");
        std::fs::write(&cfg, shipped.replace(from, to)).unwrap();
    };
    let plan_line = shipped.lines().find(|l| l.starts_with("plan = ")).unwrap().to_string();
    with(&plan_line, "plan = \"khong-co.toml\"");
    let e = fails(fx.path(), &["run"]);
    assert_eq!(e.matches("không tìm thấy").count(), 1, "{e}");
    assert!(e.contains("tệp kế hoạch") && e.contains("khong-co.toml"), "{e}");
    // A missing intro file is not "tệp cấu hình".
    with("intro_file = \"\"", "intro_file = \"gioi-thieu.txt\"");
    let e = fails(fx.path(), &["run"]);
    assert!(e.contains("tệp đoạn văn (report.intro_file)") && e.contains("không tìm thấy"), "{e}");
    // A config Notepad saved in another encoding.
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(shipped.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(&cfg, utf16).unwrap();
    assert!(fails(fx.path(), &["run"]).contains("UTF-16"));
    std::fs::write(
        &cfg,
        shipped
            .replace('ế', "e")
            .into_bytes()
            .into_iter()
            .map(|b| if b == b'e' { 0xea } else { b })
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    assert!(fails(fx.path(), &["run"]).contains("ANSI"));
    // The config mistakes officers make, each said for what it is.
    for (from, to, words) in [
        ("date = 2026-11-30", "date = 30/11/2026", "năm-tháng-ngày"),
        ("date = 2026-11-30", "date = 2026-11-31", "tháng 11 năm 2026 có 30 ngày"),
        ("input = \"input\"", "input = \"D:\\BaoCao\\input\"", "dấu nháy đơn"),
        ("number = 15", "number = 15,", "dấu phẩy thừa"),
        ("place = \"Huế\"", "place = “Huế”", "dấu nháy cong"),
    ] {
        with(from, to);
        let e = fails(fx.path(), &["run"]);
        assert!(e.contains(words), "{to}: {e}");
    }
    std::fs::write(&cfg, &shipped).unwrap();
    // A file in the way of the outputs: named.
    let out = tonghop()
        .arg("-C")
        .arg(fx.path())
        .arg("run")
        .env("TONGHOP_FAULT_OUTPUT", "write-fail-after=0")
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("tệp \"") && e.contains("bao-cao-2026-6-thang-cuoi-nam"), "{e}");
    vietnamese_only("write fault", &e);
}

#[test]
fn help_is_vietnamese_to_the_last_word() {
    for args in [
        &["--help"][..],
        &["run", "--help"],
        &["check", "--help"],
        &["template", "--help"],
        &["nhac", "--help"],
        &["sample", "--help"],
    ] {
        let out = tonghop().args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(text.contains("Cách dùng: tonghop"), "{args:?}: {text}");
        vietnamese_only(&format!("{args:?}"), &text);
        for w in ["<SEED>", "<MISSING>", "<LATE>", "<MISTAKES>", "<AGENCIES>"] {
            assert!(!text.contains(w), "{args:?}: {w}");
        }
    }
    let e = tonghop().arg("sample").output().unwrap();
    let stderr = String::from_utf8_lossy(&e.stderr);
    assert!(stderr.contains("thiếu tham số bắt buộc --ra <THƯ_MỤC>"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    let fx = Fixture::new(9, 2, 0);
    let bin = assert_cmd::cargo::cargo_bin("tonghop");
    let out = std::process::Command::new("bash")
        .arg("-o")
        .arg("pipefail")
        .arg("-c")
        .arg(format!("{:?} -C {:?} --im-lang check 2>err.txt | true", bin, fx.path()))
        .current_dir(fx.path())
        .output()
        .unwrap();
    let err = std::fs::read_to_string(fx.path().join("err.txt")).unwrap_or_default();
    assert!(matches!(out.status.code(), Some(0 | 1)), "exit {:?}: {err}", out.status.code());
    vietnamese_only("closed pipe", &err);
    assert!(!err.contains("Broken pipe"), "{err}");
}

/// Double-clicked in Explorer, tonghop starts with no arguments in a folder Explorer chose:
/// it works in the folder the program sits in (the unzipped package), not in that one.
#[test]
fn started_with_no_arguments_away_from_a_workspace_it_works_in_its_own_folder() {
    let fx = Fixture::new(57, 3, 4);
    // The program beside the workspace's tonghop.toml, as the package unzips it.
    let program = fx.path().join("tonghop");
    let built = assert_cmd::cargo::cargo_bin("tonghop");
    if std::fs::hard_link(&built, &program).is_err() {
        std::fs::copy(&built, &program).unwrap();
    }
    let elsewhere = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(&program)
        .current_dir(elsewhere.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "the demo's late files: {stdout}");
    assert!(fx.pdf_path().is_file(), "the report in the program's folder: {stdout}");
    assert!(std::fs::read_dir(elsewhere.path()).unwrap().next().is_none(), "nothing written where it was started");
    // From a terminal with a command, away from a workspace: as before, it says so.
    let out = std::process::Command::new(&program).arg("check").current_dir(elsewhere.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không thấy tệp cấu hình tonghop.toml"));
}

/// What an officer holds against the printed plan: the counts of its appendices and groups, who
/// leads what, and the registry's date, as the seeds' documents say them.
#[test]
fn ke_hoach_xem_says_what_a_plan_holds_in_the_documents_terms() {
    let out = tonghop().args(["ke-hoach", "xem", "kh-98-2024"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    for line in [
        "  Cơ quan ban hành: UBND tỉnh Thừa Thiên Huế\n",
        "  Báo cáo hằng năm: trước ngày 30/11 hằng năm\n",
        "  Cơ quan, đơn vị: 31 (danh mục \"hue\" như ngày 31/12/2024)\n",
        "NHIỆM VỤ: 45\n",
        "  Cột thêm của kế hoạch: Kinh phí\n",
        ": 16 nhiệm vụ\n",
        ": 29 nhiệm vụ\n",
        "CHỈ TIÊU: 15 (5 chỉ tiêu, 10 chỉ tiêu con)\n",
        "  Sở Khoa học và Công nghệ: 17 nhiệm vụ (1.1–1.16, 2.1); 5 chỉ tiêu (1.1, 1.2, 2.2, 3.1, 5)\n",
        "  Công an tỉnh: 1 nhiệm vụ (2.8)\n",
        "  Thời hạn: 45 nhiệm vụ có hạn (sớm nhất 31/12/2024, muộn nhất 31/12/2024), 0 thường xuyên.\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    // Sở TT&TT is its own body in 2024: no merger is said.
    assert!(!text.contains("→"), "{text}");

    let out = tonghop().arg("-C").arg(common::repo()).args(["ke-hoach", "xem"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for line in [
        "  Báo cáo 6 tháng một lần: trước ngày 10/06 và 25/11 hằng năm\n",
        "NHIỆM VỤ: 70\n",
        "CHỈ TIÊU: 40 (28 chỉ tiêu, 12 chỉ tiêu con)\n",
        "Sở TT&TT → Sở KH&CN",
        "  40 phường, xã (",
        "    16. Triển khai Nghị định quy định về việc thành lập",
        "        Chủ trì: Sở KH&CN. Thời hạn: 2026 (hết ngày 31/12/2026).\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    tonghop()
        .args(["ke-hoach", "xem", "khong-co"])
        .assert()
        .code(2)
        .stderr(contains("các kế hoạch có sẵn: kh-98-2024"));
}

/// `ke-hoach nhap` on a Word plan with an unknown body, an unreadable deadline and a misplaced
/// row: the plan file is written beside the config, the three are listed with their table, row
/// and column (exit 1), the file is never overwritten, and `ke-hoach xem` reads it.
#[test]
fn ke_hoach_nhap_writes_the_plan_and_lists_what_is_left_to_the_officer() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("Kế hoạch mới.docx");
    std::fs::copy(common::repo().join("tests/fixtures/plans/kh-nq57-hue-loi.docx"), &doc).unwrap();
    let out = tonghop().arg("-C").arg(dir.path()).args(["ke-hoach", "nhap"]).arg(&doc).assert().code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let plan = dir.path().join("ke-hoach-moi.toml");
    assert!(text.contains(&format!("Đã ghi {}: 7 nhóm, 70 nhiệm vụ, 40 chỉ tiêu.", plan.display())), "{text}");
    for line in [
        "  - nhiệm vụ 5 (bảng 2, dòng 7, cột «Cơ quan chủ trì»): không nhận ra cơ quan \"Ban Quản lý dự án thử nghiệm\"",
        "  - nhiệm vụ 10 (bảng 2, dòng 12, cột «Thời gian hoàn thành»): không đọc được thời hạn \"Cuối nhiệm kỳ\"",
        "  - nhiệm vụ 20 (bảng 2, dòng 24, cột «TT»): dòng ngay sau nhiệm vụ 20: dòng không xếp được",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    let written = std::fs::read_to_string(&plan).unwrap();
    assert!(written.contains("# CẦN XEM (bảng 2, dòng 12, cột «Thời gian hoàn thành»)"));
    // Never over what the officer may already have corrected.
    tonghop()
        .arg("-C")
        .arg(dir.path())
        .args(["ke-hoach", "nhap"])
        .arg(&doc)
        .assert()
        .code(2)
        .stderr(contains("đã có: không ghi đè"));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), written);
    tonghop()
        .arg("-C")
        .arg(dir.path())
        .args(["ke-hoach", "xem"])
        .arg(&plan)
        .assert()
        .success()
        .stdout(contains("NHIỆM VỤ: 70"))
        .stdout(contains("Thời hạn: Cuối nhiệm kỳ (không đọc được thành một ngày: không tính trễ hạn)"));
    tonghop()
        .arg("-C")
        .arg(dir.path())
        .args(["ke-hoach", "nhap", "khong-co.docx"])
        .assert()
        .code(2)
        .stderr(contains("không có tệp khong-co.docx"));
}

/// A plan workbook is read as an agency's is, in a worker: a reader that aborts or never
/// returns is an error naming the file (exit 2), no plan file is written, and the command ends.
#[test]
fn ke_hoach_nhap_survives_a_reader_that_aborts_or_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("ke-hoach.xlsx");
    std::fs::copy(common::repo().join("tests/fixtures/plans/kh-98-2024.xlsx"), &book).unwrap();
    for (fault, said) in
        [("abort=ke-hoach.xlsx", "bộ đọc dừng bất thường"), ("hang=ke-hoach.xlsx", "đọc tệp quá 2 giây")]
    {
        tonghop()
            .arg("-C")
            .arg(dir.path())
            .args(["ke-hoach", "nhap"])
            .arg(&book)
            .env("TONGHOP_FAULT_READ", fault)
            .env("TONGHOP_READ_TIMEOUT", "2")
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(2)
            .stderr(contains("không đọc được kế hoạch từ"))
            .stderr(contains(said));
        let written: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        assert!(written.is_empty(), "{fault}: {written:?}");
    }
    // Without a fault the same file reads, and its plan is written.
    tonghop().arg("-C").arg(dir.path()).args(["ke-hoach", "nhap"]).arg(&book).assert().stdout(contains("45 nhiệm vụ"));
    let written = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "toml"));
    assert_eq!(written.count(), 1);
}

/// The NQ57 plan imported from its Word document, with what the importer leaves to the officer
/// written in as the notes ask (the plan's id, its title and short title in the house's words,
/// the issuer the seed's text does not print, the short names of indicators and groups used in
/// prose), makes the demo cycle's report byte for byte as the shipped plan does: everything the
/// importer decides — tasks, leads, deadlines, indicators, targets, groups, reporting dates,
/// consolidating body, agencies — is what the report is made of.
#[test]
fn the_report_from_the_imported_plan_is_the_shipped_plans_report() {
    let ws = common::workspace();
    common::copy_tree(&common::repo().join("input"), &ws.path().join("input"));
    let (imported, mut plan, shipped) = import_into(ws.path(), "kh-nq57-hue.docx", "kh-nq57-hue");
    for key in ["id", "title", "short_title", "issued_by", "name_suffixes"] {
        plan["plan"].as_table_mut().unwrap().insert(key.into(), shipped["plan"][key].clone());
    }
    copy_field(&mut plan, &shipped, "indicator", "short");
    copy_field(&mut plan, &shipped, "group", "short_title");
    let base = "bao-cao-2026-6-thang-cuoi-nam";
    same_reports(
        ws.path(),
        &imported,
        &plan,
        &[&format!("{base}.json"), &format!("{base}.pdf"), &format!("{base}.xlsx")],
    );
}

/// The same for the yearly plan (Kế hoạch 98, two lists of tasks with a Kinh phí column, no
/// deadline column, untitled group rows): what the importer decides makes the same report once
/// the officer has written in what the notes leave to them — the house's title and short title,
/// the targets the plan states in its prose (mục I, no table to import), and the order of its
/// agencies in the report.
#[test]
fn the_report_from_the_imported_yearly_plan_is_the_shipped_plans_report() {
    let ws = tempfile::tempdir().unwrap();
    let example = common::repo().join("vi-du/kh-98-2024");
    std::fs::copy(example.join("tonghop.toml"), ws.path().join("tonghop.toml")).unwrap();
    common::copy_tree(&example.join("input"), &ws.path().join("input"));
    let (imported, mut plan, shipped) = import_into(ws.path(), "kh-98-2024.docx", "kh-98-2024");
    for key in ["title", "short_title", "name_suffixes", "agencies", "counts"] {
        plan["plan"].as_table_mut().unwrap().insert(key.into(), shipped["plan"][key].clone());
    }
    plan.insert("indicator".into(), shipped["indicator"].clone());
    // The lists' titles, printed in capitals, with the capitals of names put back.
    for (a, b) in shipped["appendix"].as_array().unwrap().iter().zip(plan["appendix"].as_array_mut().unwrap()) {
        b.as_table_mut().unwrap().insert("title".into(), a["title"].clone());
    }
    copy_field(&mut plan, &shipped, "group", "short_title");
    same_reports(
        ws.path(),
        &imported,
        &plan,
        &["bao-cao-nam-2024.json", "bao-cao-nam-2024.pdf", "bao-cao-nam-2024.xlsx"],
    );
}

/// Imports the plan document `fixture` into the workspace `ws` (the notes make it exit 1); the
/// imported plan file as TOML, and the shipped plan `shipped` beside it.
fn import_into(ws: &std::path::Path, fixture: &str, shipped: &str) -> (std::path::PathBuf, toml::Table, toml::Table) {
    let imported = ws.join("nhap.toml");
    tonghop()
        .arg("-C")
        .arg(ws)
        .args(["ke-hoach", "nhap"])
        .arg(common::repo().join("tests/fixtures/plans").join(fixture))
        .arg("--ra")
        .arg(&imported)
        .assert()
        .code(1);
    let plan: toml::Table = toml::from_str(&std::fs::read_to_string(&imported).unwrap()).unwrap();
    let shipped: toml::Table = toml::from_str(
        &std::fs::read_to_string(common::repo().join("templates/plans").join(format!("{shipped}.toml"))).unwrap(),
    )
    .unwrap();
    (imported, plan, shipped)
}

/// Runs the workspace's cycle with its own plan, then with `plan` written to `imported`, and
/// holds each of `files` of the two outputs byte for byte.
fn same_reports(ws: &std::path::Path, imported: &std::path::Path, plan: &toml::Table, files: &[&str]) {
    std::fs::write(imported, toml::to_string(plan).unwrap()).unwrap();
    let run = |out: &str| {
        tonghop().arg("-C").arg(ws).args(["run", "--ra", out]).assert().code(1);
        ws.join(out)
    };
    let a = run("tu-ke-hoach-co-san");
    let config = ws.join("tonghop.toml");
    let mut cfg: toml::Table = toml::from_str(&std::fs::read_to_string(&config).unwrap()).unwrap();
    cfg["paths"].as_table_mut().unwrap().insert("plan".into(), toml::Value::String(imported.display().to_string()));
    std::fs::write(&config, toml::to_string(&cfg).unwrap()).unwrap();
    let b = run("tu-ke-hoach-nhap");
    for file in files {
        assert!(std::fs::read(a.join(file)).unwrap() == std::fs::read(b.join(file)).unwrap(), "{file} differs");
    }
}

/// Copies `field` of each entry of the list `list` from the shipped plan to the imported one.
fn copy_field(plan: &mut toml::Table, shipped: &toml::Table, list: &str, field: &str) {
    let from = shipped[list].as_array().unwrap();
    let to = plan[list].as_array_mut().unwrap();
    assert_eq!(from.len(), to.len(), "{list}");
    for (a, b) in from.iter().zip(to.iter_mut()) {
        if let Some(v) = a.get(field) {
            b.as_table_mut().unwrap().insert(field.into(), v.clone());
        }
    }
}
