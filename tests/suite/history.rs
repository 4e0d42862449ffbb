//! Two cycles one after the other: the second report says what changed; re-running a cycle
//! changes nothing; a crash while the history is written leaves the store readable.

use crate::common;

use common::{consolidated, flat, options, pages_text, plan, unmark, Fixture};
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
    // The generator marks its files as sample data: their history is kept beside the output.
    Store::new(&fx.path().join("output/lich-su"), "kh-nq57-hue")
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
    let record = std::fs::read(fx.path().join("output/lich-su/kh-nq57-hue/2026-2.parquet")).unwrap();
    fx.cmd().arg("run").assert().code(0);
    assert!(pdf == std::fs::read(fx.pdf_path()).unwrap(), "re-running a cycle changes its report");
    assert!(record == std::fs::read(fx.path().join("output/lich-su/kh-nq57-hue/2026-2.parquet")).unwrap());
    assert_eq!(store(&fx).cycles(), [(2026, 1), (2026, 2)]);
}

#[test]
fn a_run_killed_while_writing_the_history_leaves_the_store_readable() {
    let mut fx = Fixture::new(2, 0, 0);
    first_half(&mut fx);
    fx.cmd().arg("run").assert().code(0);
    let record = std::fs::read(fx.path().join("output/lich-su/kh-nq57-hue/2026-1.parquet")).unwrap();

    // Killed before its record replaces anything: the first cycle's record is untouched and
    // the second cycle has none.
    second_half(&mut fx);
    let out = fx.cmd().arg("run").env(FAULT_ENV, "abort-before-rename").assert().failure();
    assert_eq!(out.get_output().status.code(), None, "the process was killed, not exited");
    let s = store(&fx);
    assert_eq!(s.cycles(), [(2026, 1)]);
    assert_eq!(std::fs::read(fx.path().join("output/lich-su/kh-nq57-hue/2026-1.parquet")).unwrap(), record);
    assert!(s.load(2026, 1).unwrap().is_some());

    // Killed while re-running the first cycle with other figures: its old record survives,
    // byte for byte (a completed write would have replaced it).
    first_half_seeded(&mut fx, 101);
    fx.cmd().arg("run").env(FAULT_ENV, "abort-before-rename").assert().failure();
    assert_eq!(std::fs::read(fx.path().join("output/lich-su/kh-nq57-hue/2026-1.parquet")).unwrap(), record);

    // And the next normal run compares with it.
    second_half(&mut fx);
    fx.cmd().arg("run").assert().code(0);
    let text = flat(&pages_text(&fx.pdf_path()).join("\n"));
    assert!(text.contains("So với kỳ báo cáo trước (6 tháng đầu năm 2026)"));
}

/// Every file under the workspace's own history folder with its bytes.
fn workspace_history(fx: &Fixture) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let dir = fx.path().join("lich-su");
    common::files_under(&dir).into_iter().map(|p| (p.clone(), std::fs::read(dir.join(p)).unwrap())).collect()
}

#[test]
fn the_readme_practice_round_trip_leaves_the_real_history_as_it_was() {
    // A real first half: its record is the workspace's history.
    let mut fx = Fixture::new(1, 0, 0);
    first_half(&mut fx);
    unmark(&fx);
    fx.cmd().arg("run").assert().code(predicates::ord::ge(0));
    let before = workspace_history(&fx);
    assert_eq!(before.len(), 1, "the real cycle is recorded in lich-su/");
    let real = Store::new(&fx.path().join("lich-su"), "kh-nq57-hue").previous(2026, 2, false).unwrap();
    assert!(real.is_some_and(|r| !r.sample && !r.inputs.is_empty()), "a real record, knowing its inputs");

    // The README's exercise, in the second half.
    fx.set_cycle(2026, 2, "2026-11-30");
    fx.cmd()
        .args(["sample", "--ra", "tap-tra-lai/input", "--loi", "3", "--thieu", "2", "--tre", "0"])
        .assert()
        .success();
    let out = fx.cmd().args(["run", "--vao", "tap-tra-lai/input", "--ra", "tap-tra-lai/output"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("được lưu riêng vào") && stderr.contains("tap-tra-lai/output/lich-su"), "{stderr}");
    assert_eq!(workspace_history(&fx), before, "practice reached lich-su/");
    // And the practice report was compared with nothing real.
    let text = flat(&pages_text(&fx.path().join("tap-tra-lai/output/bao-cao-2026-6-thang-cuoi-nam.pdf")).join("\n"));
    assert!(!text.contains("So với kỳ báo cáo trước"), "a practice report compared with the real history");
}

#[test]
fn a_sample_record_is_never_compared_with_nor_prefilled_from() {
    // A sample first half, as an older version kept it in lich-su/ (marked sample).
    let mut fx = Fixture::new(1, 0, 0);
    first_half(&mut fx);
    fx.cmd().arg("run").assert().code(predicates::ord::ge(0));
    let sample = store(&fx).previous(2026, 2, true).unwrap().unwrap();
    assert!(sample.sample);
    let real_store = Store::new(&fx.path().join("lich-su"), "kh-nq57-hue");
    real_store.save(&sample).unwrap();
    assert!(real_store.previous(2026, 2, false).unwrap().is_none(), "a sample record read for real figures");

    // The next cycle's forms start blank, and a real report says no previous cycle.
    fx.set_cycle(2026, 2, "2026-11-30");
    let out = fx.cmd().arg("template").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Chưa có số liệu kỳ trước trong lịch sử"), "{stdout}");
    second_half(&mut fx);
    unmark(&fx);
    fx.cmd().arg("run").assert().code(predicates::ord::ge(0));
    let text = flat(&pages_text(&fx.pdf_path()).join("\n"));
    assert!(!text.contains("So với kỳ báo cáo trước"), "a real report compared with sample data");
}
