//! The command line as a user meets it: Vietnamese help and errors, exit codes, `check`.

mod common;

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
}

#[test]
fn unknown_arguments_are_reported_in_vietnamese_with_exit_2() {
    tonghop().arg("--khong-co").assert().code(2).stderr(contains("không hiểu tham số «--khong-co»"));
    tonghop().arg("lam-gi").assert().code(2).stderr(contains("không có lệnh «lam-gi»"));
}

#[test]
fn an_unknown_config_key_is_named_and_nothing_is_produced() {
    let fx = Fixture::new(5, 0, 0);
    let cfg = fx.path().join("tonghop.toml");
    let text = std::fs::read_to_string(&cfg).unwrap().replace("font_size = 14", "font_sise = 14");
    std::fs::write(&cfg, text).unwrap();
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
