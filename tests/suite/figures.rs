//! Every figure of the report against the generator's truth: sections I–V and the three
//! appendices, each count, percentage, status and value recomputed here from the truth and the
//! plan alone (plain loops, an independent largest-remainder rounding), then looked for in the
//! PDF's text where the report prints it. Not a sample: every task, assignment, indicator, group,
//! agency and quoted difficulty is checked.

use crate::common;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use common::{consolidated, flat, pages_text, plan, truth_statuses, Fixture};
use tonghop::model::Status;
use tonghop::plan::{Assessment, Deadline, Plan, Target};
use tonghop::sample::Truth;

/// "25,72%" for hundredths of a percent.
fn pct(h: i64) -> String {
    format!("{},{:02}%", h / 100, h % 100)
}

/// Shares of one total in hundredths of a percent, as a reader with a calculator finds them:
/// each count's exact share, rounded half up (in decimal, from the exact fraction).
fn shares(counts: &[usize]) -> Vec<i64> {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    counts
        .iter()
        .map(|&c| {
            let exact = c as f64 * 100.0 / total as f64; // percent
                                                         // Round to 2 decimals half up; the exact value decides ties (c·10⁴ mod total).
            let hundredths = c * 10_000 / total;
            let rest = c * 10_000 % total;
            let up = 2 * rest >= total;
            let r = (hundredths + usize::from(up)) as i64;
            assert!((r as f64 / 100.0 - exact).abs() <= 0.005 + 1e-9);
            r
        })
        .collect()
}

const ORDER: [Status; 5] =
    [Status::Done, Status::Recurring, Status::InProgress, Status::NotStarted, Status::NotReported];

fn count_by_status(statuses: impl Iterator<Item = Status>) -> [usize; 5] {
    let mut c = [0; 5];
    for s in statuses {
        c[ORDER.iter().position(|o| *o == s).unwrap()] += 1;
    }
    c
}

fn roman(n: usize) -> &'static str {
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1]
}

/// The slice of `text` from `start` to the next `end` (or the end of the text).
fn section<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let i = text.find(start).unwrap_or_else(|| panic!("«{start}» not in the report"));
    let rest = &text[i..];
    &rest[..rest[start.len()..].find(end).map(|j| j + start.len()).unwrap_or(rest.len())]
}

/// The verdict label of an indicator by the spec's rules, from the first tracker that reported.
fn verdict(plan: &Plan, truth: &Truth, code: &str) -> (&'static str, Option<f64>) {
    let ind = plan.indicator(code).unwrap();
    let children: Vec<_> = plan.indicators.iter().filter(|i| i.parent.as_deref() == Some(code)).collect();
    if !children.is_empty() {
        let v: Vec<&str> = children.iter().map(|c| verdict(plan, truth, &c.code).0).collect();
        let label = if v.iter().all(|l| *l == "Đạt") {
            "Đạt"
        } else if v.contains(&"Chưa đạt") {
            "Chưa đạt"
        } else {
            "Chưa có số liệu"
        };
        return (label, None);
    }
    let report = ind.trackers.iter().find_map(|t| {
        let a = truth.sent.iter().find(|a| &a.agency == t)?;
        a.indicators.iter().find(|i| i.indicator == code && (i.value.is_some() || i.assessment.is_some()))
    });
    let Some(r) = report else {
        return ("Chưa có số liệu", None);
    };
    let label = match (ind.target, r.value, r.assessment) {
        (Target::Qualitative, _, Some(Assessment::Reached | Assessment::Exceeded)) => "Đạt",
        (Target::Qualitative, _, Some(Assessment::NotReached)) => "Chưa đạt",
        (Target::Qualitative, _, None) => "Không đánh giá được",
        (_, None, _) => "Chưa có số liệu",
        (Target::AtLeast(t), Some(v), _) | (Target::Range(t, _), Some(v), _) => ["Chưa đạt", "Đạt"][(v >= t) as usize],
        (Target::Above(t), Some(v), _) => ["Chưa đạt", "Đạt"][(v > t) as usize],
        (Target::Rank(n), Some(v), _) => ["Chưa đạt", "Đạt"][(v >= 1.0 && v <= n as f64) as usize],
    };
    (label, r.value)
}

fn expect(failures: &mut Vec<String>, haystack: &str, needle: String, what: &str) {
    if !haystack.contains(&needle) {
        failures.push(format!("{what}: «{needle}» not found"));
    }
}

#[test]
fn every_figure_of_the_report_matches_the_truth() {
    let fx = Fixture::new(2026, 3, 2);
    let plan = plan();
    let truth = &fx.truth;
    fx.cmd().arg("run").assert().code(1);
    let text = flat(&pages_text(&fx.pdf_path()).join("\n"));
    let report_date = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let statuses = truth_statuses(&plan, truth);
    let mut failures: Vec<String> = Vec::new();

    // I. Submissions.
    let expected = plan.reporting_agencies().len();
    let sent = truth.sent.len();
    let late = truth.late.len();
    let share = ((sent * 20_000 + expected) / (2 * expected)) as i64;
    let body = section(&text, "I. TÌNH HÌNH TRIỂN KHAI", "II. KẾT QUẢ THỰC HIỆN");
    expect(
        &mut failures,
        body,
        format!("đã nhận được báo cáo của {sent}/{expected} cơ quan, đơn vị (đạt {})", pct(share)),
        "I",
    );
    expect(
        &mut failures,
        body,
        format!("trong đó {} cơ quan, đơn vị gửi đúng hạn, {late} cơ quan, đơn vị gửi trễ hạn", sent - late),
        "I",
    );
    let missing = section(body, "chưa gửi báo cáo:", ".");
    for id in &truth.missing {
        expect(&mut failures, missing, plan.registry.name(id).to_string(), "I: missing agency");
    }

    // II.2 Tasks: consolidated statuses and assignments, overall and by group.
    let task_status: BTreeMap<&str, Status> =
        plan.tasks.iter().map(|t| (t.code.as_str(), consolidated(&plan, truth, &t.code))).collect();
    let due = |code: &str| match plan.task(code).unwrap().deadline {
        Deadline::Due(d) => Some(d),
        _ => None,
    };
    let task_overdue = |code: &str| task_status[code] != Status::Done && due(code).is_some_and(|d| d < report_date);
    let counts = count_by_status(task_status.values().copied());
    let sh = shares(&counts);
    let tasks_text = section(&text, "Trong tổng số 70 nhiệm vụ", "Một nhiệm vụ có nhiều cơ quan chủ trì");
    expect(
        &mut failures,
        tasks_text,
        format!("đã hoàn thành {} nhiệm vụ (đạt {})", counts[0], pct(sh[0])),
        "II.2 tasks",
    );
    for (i, word) in [(1, "thường xuyên"), (2, "đang thực hiện"), (3, "chưa thực hiện"), (4, "chưa có báo cáo")]
    {
        if counts[i] > 0 {
            expect(&mut failures, tasks_text, format!("{} nhiệm vụ {word} ({})", counts[i], pct(sh[i])), "II.2 tasks");
        }
    }
    let a_counts = count_by_status(statuses.values().copied());
    let a_sh = shares(&a_counts);
    let total: usize = a_counts.iter().sum();
    let a_text = section(&text, "Xét theo từng cơ quan chủ trì", "Kết quả thực hiện theo từng nhóm");
    let int = |n: usize| tonghop::vn::int(n as i64);
    expect(
        &mut failures,
        a_text,
        format!(
            "trong tổng số {} lượt nhiệm vụ được giao, đã hoàn thành {} lượt nhiệm vụ (đạt {})",
            int(total),
            int(a_counts[0]),
            pct(a_sh[0])
        ),
        "II.2 assignments",
    );
    for (i, word) in [(1, "thường xuyên"), (2, "đang thực hiện"), (3, "chưa thực hiện"), (4, "chưa có báo cáo")]
    {
        expect(
            &mut failures,
            a_text,
            format!("{} lượt nhiệm vụ {word} ({})", int(a_counts[i]), pct(a_sh[i])),
            "II.2 assignments",
        );
    }
    let completed: BTreeMap<(String, String), Option<NaiveDate>> = truth
        .sent
        .iter()
        .flat_map(|a| a.tasks.iter().map(move |t| ((t.task.clone(), a.agency.clone()), t.completed_on)))
        .collect();
    let (mut a_overdue, mut a_late) = (0, 0);
    for ((task, agency), s) in &statuses {
        let Some(d) = due(task) else { continue };
        if *s != Status::Done && d < report_date {
            a_overdue += 1;
        }
        if *s == Status::Done
            && completed.get(&(task.clone(), agency.clone())).copied().flatten().is_some_and(|c| c > d)
        {
            a_late += 1;
        }
    }
    expect(&mut failures,
        a_text,
        format!("có {a_overdue} lượt nhiệm vụ đã quá thời hạn mà chưa hoàn thành, {a_late} lượt nhiệm vụ hoàn thành sau thời hạn"),
        "II.2 assignments overdue",
    );
    let groups = section(&text, "Kết quả thực hiện theo từng nhóm", "Tiến độ thực hiện nhiệm vụ theo nhóm");
    for (gi, g) in plan.groups.iter().enumerate() {
        let codes: Vec<&str> = plan.tasks.iter().filter(|t| t.group == g.code).map(|t| t.code.as_str()).collect();
        let c = count_by_status(codes.iter().map(|c| task_status[c]));
        let s = shares(&c);
        let cells: Vec<String> = (0..5).map(|i| format!("{} ({})", c[i], pct(s[i]))).collect();
        let overdue = codes.iter().filter(|c| task_overdue(c)).count();
        expect(
            &mut failures,
            groups,
            format!("{} {} {} {} {overdue}", roman(gi + 1), g.short_title, codes.len(), cells.join(" ")),
            "group row",
        );
    }
    let cells: Vec<String> = (0..5).map(|i| format!("{} ({})", counts[i], pct(sh[i]))).collect();
    let overdue_tasks: Vec<&str> = plan.tasks.iter().map(|t| t.code.as_str()).filter(|c| task_overdue(c)).collect();
    expect(&mut failures, groups, format!("Tổng cộng 70 {} {}", cells.join(" "), overdue_tasks.len()), "group total");
    let overdue_list = section(&text, "Các nhiệm vụ đã quá thời hạn nhưng chưa hoàn thành", "III. KHÓ KHĂN");
    expect(&mut failures, overdue_list, format!("({} nhiệm vụ)", overdue_tasks.len()), "overdue list");
    for c in &overdue_tasks {
        expect(&mut failures, overdue_list, format!("- Nhiệm vụ {c}:"), "overdue list");
    }

    // II.1 Indicators: verdicts of the 28, with their shares and lists.
    let top: Vec<&str> = plan.indicators.iter().filter(|i| i.parent.is_none()).map(|i| i.code.as_str()).collect();
    let verdicts: Vec<&str> = top.iter().map(|c| verdict(&plan, truth, c).0).collect();
    let labels = ["Đạt", "Chưa đạt", "Chưa có số liệu", "Không đánh giá được"];
    let v_counts: Vec<usize> = labels.iter().map(|l| verdicts.iter().filter(|v| *v == l).count()).collect();
    let v_sh = shares(&v_counts);
    let ind_text = section(&text, "1. Kết quả thực hiện các chỉ tiêu", "2. Kết quả thực hiện các nhiệm vụ");
    expect(&mut failures, ind_text, format!("có {} chỉ tiêu đạt ({})", v_counts[0], pct(v_sh[0])), "II.1");
    expect(&mut failures, ind_text, format!("{} chỉ tiêu chưa đạt ({})", v_counts[1], pct(v_sh[1])), "II.1");
    for (label, word) in [("Đạt", "đã đạt mục tiêu"), ("Chưa đạt", "chưa đạt mục tiêu")] {
        let codes: Vec<&str> = top.iter().zip(&verdicts).filter(|(_, v)| **v == label).map(|(c, _)| *c).collect();
        // Named one by one as facts (the first eight), the rest by number.
        expect(&mut failures, ind_text, format!("Các chỉ tiêu {word} ({} chỉ tiêu):", codes.len()), "II.1 list");
        for c in codes.iter().take(8) {
            expect(&mut failures, ind_text, format!("- Chỉ tiêu {c} ("), "II.1 fact");
        }
        if codes.len() > 8 {
            // The rest by the plan's target years: "đến năm 2030, chỉ tiêu số 18, 19; …".
            expect(&mut failures, ind_text, format!("- và {} chỉ tiêu khác:", codes.len() - 8), "II.1 rest");
            let mut by_year: std::collections::BTreeMap<i32, Vec<&str>> = Default::default();
            for c in &codes[8..] {
                let year = plan.indicators.iter().find(|i| i.code == *c).unwrap().target_year;
                by_year.entry(year).or_default().push(c);
            }
            for (year, list) in &by_year {
                let which = if by_year.len() > 1 {
                    format!("{} chỉ tiêu đến năm {year}", list.len())
                } else {
                    format!("đến năm {year}")
                };
                expect(&mut failures, ind_text, format!("{which}, chỉ tiêu số {}", list.join(", ")), "II.1 rest");
            }
        }
    }
    for (i, l) in labels.iter().enumerate() {
        expect(&mut failures, ind_text, format!("{l} {} {}", v_counts[i], pct(v_sh[i])), "II.1 table");
    }

    // Phụ lục I: every indicator's value and verdict.
    let app1 = section(&text, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU (Kèm theo", "Phụ lục II");
    for (k, ind) in plan.indicators.iter().enumerate() {
        let next = plan.indicators.get(k + 1).map(|n| format!(" {} {}", n.code, n.name)).unwrap_or("DỮ LIỆU".into());
        let start = format!("{} {}", ind.code, ind.name);
        let Some(i) = app1.find(&start) else {
            failures.push(format!("Phụ lục I: no row {start}"));
            continue;
        };
        let row = &app1[i..i + app1[i..].find(&next).unwrap_or(app1.len() - i)];
        let (label, value) = verdict(&plan, truth, &ind.code);
        if !row.contains(&format!(" {label} ")) && !row.ends_with(label) {
            failures.push(format!("Phụ lục I {}: verdict {label} not in «{row}»", ind.code));
        }
        if let Some(v) = value {
            if !row.contains(&format!(" {} ", tonghop::vn::number(v))) {
                failures.push(format!("Phụ lục I {}: value {} not in «{row}»", ind.code, tonghop::vn::number(v)));
            }
        }
    }

    // Phụ lục II: every task's consolidated status and every lead agency's status.
    let app2 = section(&text, "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ (Kèm theo", "Phụ lục III");
    let mut from = 0;
    for (k, task) in plan.tasks.iter().enumerate() {
        let start = format!(
            "{} {}",
            task.code,
            &task.name[..task.name.char_indices().nth(20).map(|(b, _)| b).unwrap_or(task.name.len())]
        );
        let Some(i) = app2[from..].find(&start).map(|i| i + from) else {
            failures.push(format!("Phụ lục II: no row «{start}»"));
            continue;
        };
        let end = plan
            .tasks
            .get(k + 1)
            .and_then(|n| {
                app2[i..].find(&format!(
                    " {} {}",
                    n.code,
                    &n.name[..n.name.char_indices().nth(20).map(|(b, _)| b).unwrap_or(n.name.len())]
                ))
            })
            .map(|j| i + j)
            .unwrap_or(app2.len());
        let row = &app2[i..end];
        from = i;
        let label = task_status[task.code.as_str()].label();
        if !row.contains(&format!(" {label}")) {
            failures.push(format!("Phụ lục II {}: status {label} not in row", task.code));
        }
        for lead in &task.leads {
            let s = statuses[&(task.code.clone(), lead.clone())];
            let needle = format!("{}: {}", plan.registry.name(lead), s.label());
            if !row.contains(&needle) {
                failures.push(format!("Phụ lục II {}: «{needle}» not in row", task.code));
            }
        }
    }

    // Phụ lục III: every agency's row of the register.
    let app3 = &text[text.find("TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ (Kèm theo").unwrap()..];
    for (n, agency) in plan.reporting_agencies().iter().enumerate() {
        let sent = truth.sent.iter().find(|a| a.agency == agency.id);
        let tasks: Vec<Status> =
            plan.tasks_of(&agency.id).map(|t| statuses[&(t.code.clone(), agency.id.clone())]).collect();
        let c = count_by_status(tasks.iter().copied());
        let (date, state) = match sent {
            Some(a) if a.report_date > truth.deadline => (tonghop::vn::short_date(a.report_date), "Trễ hạn"),
            Some(a) => (tonghop::vn::short_date(a.report_date), "Đúng hạn"),
            None => ("–".to_string(), "Chưa gửi"),
        };
        let indicators = plan.indicators_of(&agency.id).count();
        let row = format!(
            "{} {} {date} {state} {} {} {} {} {} {} {indicators}",
            n + 1,
            agency.name,
            tasks.len(),
            c[0],
            c[1],
            c[2],
            c[3],
            c[4]
        );
        expect(&mut failures, app3, row, "Phụ lục III");
    }

    // III and IV: every agency's difficulties and proposals, quoted.
    let difficulties = section(&text, "III. KHÓ KHĂN, VƯỚNG MẮC", "IV. ĐỀ XUẤT, KIẾN NGHỊ");
    let proposals = section(&text, "IV. ĐỀ XUẤT, KIẾN NGHỊ", "V. NHIỆM VỤ TRỌNG TÂM");
    for a in &truth.sent {
        for t in &a.tasks {
            for (part, quote, what) in [(difficulties, &t.difficulties, "III"), (proposals, &t.proposals, "IV")] {
                if quote.is_empty() {
                    continue;
                }
                // Grouped: the statement is quoted once, in the words of the first agency to write it.
                let key = |t: &str| {
                    tonghop::fold::fold(&flat(t))
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                if !key(part).contains(&key(quote)) {
                    failures.push(format!("{what}: quote of {} on task {} missing", a.agency, t.task));
                }
            }
        }
    }

    // V: the tasks due before the next report, not yet done.
    let next_report = NaiveDate::from_ymd_opt(2027, 6, 10).unwrap();
    let focus = section(&text, "V. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI", "2. ");
    for t in &plan.tasks {
        let d = due(&t.code);
        let due_next = d.is_some_and(|d| d >= report_date && d <= next_report);
        if due_next
            && task_status[t.code.as_str()] != Status::Done
            && !focus.contains(&format!("- Nhiệm vụ {}:", t.code))
        {
            failures.push(format!("V: task {} due {d:?} not listed", t.code));
        }
    }

    assert!(failures.is_empty(), "{} figures differ:\n  {}", failures.len(), failures.join("\n  "));
}
