//! Two cycles one after the other: the second report says what changed; re-running a cycle
//! changes nothing; a crash while the history is written leaves the store readable.

mod common;

use common::{consolidated, flat, options, pages_text, plan, Fixture};
use tonghop::history::{Store, FAULT_ENV};
use tonghop::model::Status;
use tonghop::sample::Truth;

fn first_half(fx: &mut Fixture) -> Truth {
    first_half_seeded(fx, 100)
}

fn first_half_seeded(fx: &mut Fixture, seed: u64) -> Truth {
    fx.set_cycle(2026, 1, "2026-06-15");
    let mut opts = options(seed, 0, 0);
    opts.deadline = chrono::NaiveDate::from_ymd_opt(2026, 6, 10).unwrap();
    opts.cycle_label = "6 tháng đầu năm 2026".into();
    fx.regenerate(&opts).clone()
}

fn second_half(fx: &mut Fixture) -> Truth {
    fx.set_cycle(2026, 2, "2026-11-30");
    fx.regenerate(&options(200, 0, 0)).clone()
}

fn done(truth: &Truth) -> usize {
    let plan = plan();
    plan.tasks.iter().filter(|t| consolidated(&plan, truth, &t.code) == Status::Done).count()
}

fn store(fx: &Fixture) -> Store {
    Store::new(&fx.path().join("lich-su"), "kh-nq57-hue")
}

#[test]
fn the_second_cycle_reports_the_change_and_rerunning_changes_nothing() {
    let mut fx = Fixture::new(1, 0, 0);
    let t1 = first_half(&mut fx);
    fx.cmd().arg("run").assert().code(0);
    let first_pdf = fx.path().join("output/bao-cao-2026-6-thang-dau-nam.pdf");
    let text = flat(&pages_text(&first_pdf).join("\n"));
    assert!(!text.contains("So với kỳ báo cáo trước"), "the first cycle has nothing to compare with");
    assert_eq!(store(&fx).cycles(), [(2026, 1)]);

    let t2 = second_half(&mut fx);
    fx.cmd().arg("run").assert().code(0);
    let text = flat(&pages_text(&fx.pdf_path()).join("\n"));
    let (before, after) = (done(&t1), done(&t2));
    let expected = match after.cmp(&before) {
        std::cmp::Ordering::Greater => {
            format!("tăng {} nhiệm vụ hoàn thành (từ {before} lên {after} nhiệm vụ)", after - before)
        }
        std::cmp::Ordering::Less => {
            format!("giảm {} nhiệm vụ hoàn thành (từ {before} xuống {after} nhiệm vụ)", before - after)
        }
        std::cmp::Ordering::Equal => format!("số nhiệm vụ hoàn thành không thay đổi ({after} nhiệm vụ)"),
    };
    assert!(
        text.contains(&format!("So với kỳ báo cáo trước (6 tháng đầu năm 2026), {expected}")),
        "expected «{expected}»"
    );

    // The group table's change column, for group VII.
    let plan = plan();
    let vii =
        |t: &Truth| ["68", "69", "70"].iter().filter(|c| consolidated(&plan, t, c) == Status::Done).count() as i64;
    let delta = vii(&t2) - vii(&t1);
    let change = if delta > 0 { format!("+{delta}") } else { delta.to_string() };
    let row = &text[text.find("VII Hợp tác quốc tế").unwrap()..];
    let row = &row[..row.find("Tổng cộng").unwrap()];
    assert!(row.trim_end().ends_with(&format!(" {change}")), "«{row}» should end with {change}");

    // The indicators table shows the previous value (indicator 16, Sở KH&CN).
    let value = |t: &Truth| {
        t.sent
            .iter()
            .find(|a| a.agency == "so-khcn")
            .unwrap()
            .indicators
            .iter()
            .find(|i| i.indicator == "16")
            .unwrap()
            .value
    };
    let appendix = &text[text.find("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU").unwrap()..];
    assert!(appendix.contains("Kết quả kỳ trước (6 tháng đầu năm 2026)"));
    let row: String = appendix[appendix.find("16 Số lượng sáng chế").unwrap()..].chars().take(160).collect();
    let show = |v: Option<f64>| v.map(tonghop::vn::number).unwrap_or_else(|| "–".into());
    assert!(row.contains(&format!("{} {}", show(value(&t1)), show(value(&t2)))), "«{row}»");

    // Running the second cycle again: same PDF, same two records.
    let pdf = std::fs::read(fx.pdf_path()).unwrap();
    let record = std::fs::read(fx.path().join("lich-su/kh-nq57-hue/2026-2.parquet")).unwrap();
    fx.cmd().arg("run").assert().code(0);
    assert!(pdf == std::fs::read(fx.pdf_path()).unwrap(), "re-running a cycle changes its report");
    assert!(record == std::fs::read(fx.path().join("lich-su/kh-nq57-hue/2026-2.parquet")).unwrap());
    assert_eq!(store(&fx).cycles(), [(2026, 1), (2026, 2)]);
}

#[test]
fn a_run_killed_while_writing_the_history_leaves_the_store_readable() {
    let mut fx = Fixture::new(2, 0, 0);
    first_half(&mut fx);
    fx.cmd().arg("run").assert().code(0);
    let record = std::fs::read(fx.path().join("lich-su/kh-nq57-hue/2026-1.parquet")).unwrap();

    // Killed before its record replaces anything: the first cycle's record is untouched and
    // the second cycle has none.
    second_half(&mut fx);
    let out = fx.cmd().arg("run").env(FAULT_ENV, "abort-before-rename").assert().failure();
    assert_eq!(out.get_output().status.code(), None, "the process was killed, not exited");
    let s = store(&fx);
    assert_eq!(s.cycles(), [(2026, 1)]);
    assert_eq!(std::fs::read(fx.path().join("lich-su/kh-nq57-hue/2026-1.parquet")).unwrap(), record);
    assert!(s.load(2026, 1).unwrap().is_some());

    // Killed while re-running the first cycle with other figures: its old record survives,
    // byte for byte (a completed write would have replaced it).
    first_half_seeded(&mut fx, 101);
    fx.cmd().arg("run").env(FAULT_ENV, "abort-before-rename").assert().failure();
    assert_eq!(std::fs::read(fx.path().join("lich-su/kh-nq57-hue/2026-1.parquet")).unwrap(), record);

    // And the next normal run compares with it.
    second_half(&mut fx);
    fx.cmd().arg("run").assert().code(0);
    let text = flat(&pages_text(&fx.pdf_path()).join("\n"));
    assert!(text.contains("So với kỳ báo cáo trước (6 tháng đầu năm 2026)"));
}
