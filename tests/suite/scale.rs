//! A province-sized cycle: the PDF stays readable (per-task summary, compact register) and says
//! where the full detail is; the figures still match the truth.

use crate::common;

use common::{flat, options, pages_text, repo, Fixture};
use tonghop::model::Status;
use tonghop::plan::parse_plan;
use tonghop::sample::{generate, scaled_plan_text};

#[test]
fn a_cycle_of_250_agencies_gives_a_short_report_and_the_detail_in_the_workbook() {
    let fx = Fixture::new(1, 0, 0);
    let base_text = std::fs::read_to_string(repo().join("templates/plans/kh-nq57-hue.toml")).unwrap();
    let base = parse_plan(&base_text, "base").unwrap();
    let text = scaled_plan_text(&base_text, &base, 250);
    std::fs::write(fx.path().join("ke-hoach.toml"), &text).unwrap();
    let cfg = fx.path().join("tonghop.toml");
    let config = std::fs::read_to_string(&cfg).unwrap();
    let config: String = config
        .lines()
        .map(|l| if l.starts_with("plan = ") { "plan = \"ke-hoach.toml\"".to_string() } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&cfg, config).unwrap();
    let plan = parse_plan(&text, "scaled").unwrap();
    assert_eq!(plan.reporting_agencies().len(), 250);
    std::fs::remove_dir_all(fx.input()).unwrap();
    let truth = generate(&plan, &options(3, 4, 10), &fx.input()).unwrap();

    fx.cmd().arg("run").assert().code(1);
    let pages = pages_text(&fx.pdf_path());
    assert!(pages.len() < 40, "{} pages", pages.len());
    let text = flat(&pages.join("\n"));
    assert!(text.contains("Phụ lục này tổng hợp số cơ quan chủ trì theo tình trạng của từng nhiệm vụ"));
    assert!(text.contains("Phụ lục này chỉ liệt kê"));
    assert!(text.contains("bảng tổng hợp Excel kèm theo"));

    // Task 3 is led by every department, sector and locality: its summary counts them.
    let leads = plan.task("3").unwrap().leads.len();
    let done = plan
        .task("3")
        .unwrap()
        .leads
        .iter()
        .filter(|l| {
            truth
                .sent
                .iter()
                .find(|a| &a.agency == *l)
                .and_then(|a| a.tasks.iter().find(|t| t.task == "3"))
                .and_then(|t| t.status)
                == Some(Status::Done)
        })
        .count();
    let appendix = &text[text.find("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ").unwrap()..];
    let row: String =
        appendix[appendix.find("3 Xây dựng chương trình, kế hoạch phát động").unwrap()..].chars().take(700).collect();
    assert!(row.contains(&format!("{leads} cơ quan chủ trì;")), "{row}");
    if done > 0 {
        assert!(row.contains(&format!("Hoàn thành: {done}")), "{row}");
    }
}
