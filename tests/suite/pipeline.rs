//! End to end: generated agency workbooks → `tonghop run` → the figures printed in the PDF are
//! the generator's truth, counted here independently of the pipeline.

use crate::common;

use std::collections::HashMap;

use common::{consolidated, flat, pages_text, plan, truth_statuses, Fixture};
use tonghop::model::Status;

/// "62,50%" → 6250.
fn hundredths(p: &str) -> i64 {
    let p = p.trim_end_matches('%').replace('.', "");
    let (a, b) = p.split_once(',').unwrap();
    a.parse::<i64>().unwrap() * 100 + b.parse::<i64>().unwrap()
}

/// The percentages in a sentence, in order.
fn percentages(s: &str) -> Vec<i64> {
    s.split(['(', ' '])
        .map(|w| w.trim_end_matches([',', ';', '.', ')']))
        .filter(|w| w.ends_with('%'))
        .map(hundredths)
        .collect()
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let i = text.find(start).unwrap_or_else(|| panic!("«{start}» not in the report"));
    let rest = &text[i..];
    let j = rest.find(end).unwrap_or(rest.len());
    &rest[..j]
}

#[test]
fn figures_in_the_pdf_match_the_generated_truth() {
    let fx = Fixture::new(2026, 3, 2);
    let plan = plan();
    // Missing agencies are a problem to look at: exit 1, report still produced.
    fx.cmd().arg("run").assert().code(1);
    let pages = pages_text(&fx.pdf_path());
    let text = flat(&pages.join("\n"));

    // Overall task sentence: counts by consolidated status, percentages summing to 100,00%.
    let mut counts: HashMap<Status, usize> = HashMap::new();
    for t in &plan.tasks {
        *counts.entry(consolidated(&plan, &fx.truth, &t.code)).or_default() += 1;
    }
    let sentence = between(&text, "Trong tổng số 70 nhiệm vụ của Kế hoạch", ".");
    let done = counts.get(&Status::Done).copied().unwrap_or(0);
    assert!(sentence.contains(&format!("đã hoàn thành {done} nhiệm vụ (đạt ")), "{sentence}");
    for (status, word) in [
        (Status::Recurring, "thường xuyên"),
        (Status::InProgress, "đang thực hiện"),
        (Status::NotStarted, "chưa thực hiện"),
        (Status::NotReported, "chưa có báo cáo"),
    ] {
        let n = counts.get(&status).copied().unwrap_or(0);
        if n > 0 {
            assert!(sentence.contains(&format!("{n} nhiệm vụ {word} (")), "{word}: {sentence}");
        }
    }
    let pcts = percentages(sentence);
    assert_eq!(pcts.iter().sum::<i64>(), 10_000, "{sentence}");
    let exact = done as f64 / 70.0 * 10_000.0;
    assert!((pcts[0] as f64 - exact).abs() <= 1.0, "{sentence}");

    // Assignment sentence: total assignments and the done count.
    let statuses = truth_statuses(&plan, &fx.truth);
    let assignments = statuses.len();
    let done_assignments = statuses.values().filter(|s| **s == Status::Done).count();
    let sentence = between(&text, "Xét theo từng cơ quan chủ trì", "Kết quả thực hiện theo từng nhóm");
    assert!(
        sentence.contains(&format!(
            "trong tổng số {} lượt nhiệm vụ được giao, đã hoàn thành {} lượt",
            tonghop::vn::int(assignments as i64),
            tonghop::vn::int(done_assignments as i64)
        )),
        "{sentence}"
    );

    // One group's row (group VII: tasks 68–70), from the body table.
    let vii: Vec<Status> = ["68", "69", "70"].iter().map(|c| consolidated(&plan, &fx.truth, c)).collect();
    let n_done = vii.iter().filter(|s| **s == Status::Done).count();
    let row = between(&text, "VII Hợp tác quốc tế", "Tổng cộng");
    assert!(row.starts_with(&format!("VII Hợp tác quốc tế 3 {n_done} (")), "{row}");

    // The agencies that did not report, by name, in section I.
    let mut names: Vec<&str> = fx.truth.missing.iter().map(|id| plan.registry.name(id)).collect();
    let sentence = between(&text, "còn 3 cơ quan, đơn vị chưa gửi báo cáo:", ".");
    for n in &names {
        assert!(sentence.contains(n), "{n} not in «{sentence}»");
    }
    names.clear();

    // One agency's row of the register (Phụ lục III): the Sở Y tế's assignments by status.
    let yte = fx.truth.sent.iter().find(|a| a.agency == "so-y-te");
    let register = &text[text.find("TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ").unwrap()..];
    let row = between(register, "Sở Y tế", "Sở Công Thương");
    match yte {
        Some(a) => {
            let n = a.tasks.len();
            let c = |s: Status| a.tasks.iter().filter(|t| t.status == Some(s)).count();
            let expected = format!(
                "Sở Y tế {} {} {n} {} {} {} {} 0",
                tonghop::vn::short_date(a.report_date),
                if a.report_date > fx.truth.deadline { "Trễ hạn" } else { "Đúng hạn" },
                c(Status::Done),
                c(Status::Recurring),
                c(Status::InProgress),
                c(Status::NotStarted)
            );
            assert!(row.starts_with(&expected), "expected «{expected}», found «{row}»");
        }
        None => assert!(row.contains("Chưa gửi"), "{row}"),
    }

    // One indicator's verdict (Phụ lục I): indicator 10, ≥ 40 %, tracked by the Sở KH&CN.
    let khcn = fx.truth.sent.iter().find(|a| a.agency == "so-khcn").expect("the consolidating body always reports");
    let ten = khcn.indicators.iter().find(|i| i.indicator == "10").unwrap();
    let appendix = &text[text.find("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU").unwrap()..];
    let row = between(appendix, "10 Tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo", "11 ");
    match ten.value {
        Some(v) => {
            let verdict = if v >= 40.0 { "Đạt" } else { "Chưa đạt" };
            assert!(row.contains(&format!("{} ", tonghop::vn::number(v))), "{row}");
            assert!(row.contains(&format!(" {verdict} ")), "{verdict}: {row}");
        }
        None => assert!(row.contains("Chưa có số liệu"), "{row}"),
    }
}

#[test]
fn same_input_and_config_give_byte_identical_pdfs() {
    let fx = Fixture::new(7, 1, 1);
    fx.cmd().arg("run").assert().code(1);
    let first = std::fs::read(fx.pdf_path()).unwrap();
    fx.cmd().arg("run").assert().code(1);
    let second = std::fs::read(fx.pdf_path()).unwrap();
    assert!(first == second, "two runs gave different PDFs");
}

#[test]
fn a_clean_cycle_exits_zero_and_keeps_inputs_untouched() {
    let fx = Fixture::new(11, 0, 0);
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = std::fs::read_dir(fx.input())
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    let out = fx.cmd().arg("run").assert().code(0);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Tổng hợp xong."), "{stdout}");
    assert!(stdout.contains("0 lỗi, 0 cảnh báo"), "{stdout}");
    for (p, b) in before {
        assert_eq!(std::fs::read(&p).unwrap(), b, "{} changed", p.display());
    }
    let text = flat(&pages_text(&fx.pdf_path()).join("\n"));
    assert!(text.contains("tất cả các cơ quan, đơn vị đã gửi báo cáo"));
}
