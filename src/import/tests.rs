//! The shipped plans through the documents the Sở receives (Word) or pastes (a workbook), made by
//! LibreOffice from the plans' text (`scripts/plan-documents.py`): imported, they equal the
//! shipped plans in every task, lead, deadline, indicator and target.

use std::path::PathBuf;

use super::*;
use crate::plan::{load_plan, Plan};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shipped(name: &str) -> Plan {
    load_plan(&repo().join(format!("templates/plans/{name}.toml"))).unwrap()
}

fn imported(file: &str, date: Option<chrono::NaiveDate>) -> Draft {
    import(&repo().join("tests/fixtures/plans").join(file), &repo().join("templates/plans"), "hue", date).unwrap()
}

/// The draft written and loaded as tonghop loads any plan file.
fn loaded(draft: &Draft) -> Plan {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imported.toml");
    std::fs::write(&path, plan_toml(draft, "test")).unwrap();
    load_plan(&path).unwrap_or_else(|e| panic!("{e}\n{}", plan_toml(draft, "test")))
}

fn same_tasks(got: &Plan, want: &Plan, groups_by_title: bool) {
    assert_eq!(got.tasks.len(), want.tasks.len());
    for (g, w) in got.tasks.iter().zip(&want.tasks) {
        let at = format!("task {}", w.code);
        assert_eq!(g.code, w.code, "{at}");
        assert_eq!(g.name, w.name, "{at}");
        assert_eq!(g.lead_text, w.lead_text, "{at}");
        assert_eq!(g.leads, w.leads, "{at}");
        assert_eq!(g.open_lead, w.open_lead, "{at}");
        assert_eq!(g.cooperating, w.cooperating, "{at}");
        assert_eq!(g.result, w.result, "{at}");
        assert_eq!(g.deadline_text, w.deadline_text, "{at}");
        assert_eq!(g.deadline, w.deadline, "{at}");
        assert_eq!(g.appendix, w.appendix, "{at}");
        assert_eq!(g.extra, w.extra, "{at}");
        let title = |p: &Plan, code: &str| p.groups.iter().find(|x| x.code == code).map(|x| x.title.clone());
        if groups_by_title {
            assert_eq!(title(got, &g.group), title(want, &w.group), "{at}");
        } else {
            assert_eq!(g.group, w.group, "{at}");
        }
    }
}

fn same_indicators(got: &Plan, want: &Plan) {
    assert_eq!(got.indicators.len(), want.indicators.len());
    for (g, w) in got.indicators.iter().zip(&want.indicators) {
        let at = format!("indicator {}", w.code);
        assert_eq!(
            (&g.code, &g.parent, &g.name, &g.unit, &g.target_text, g.target_year),
            (&w.code, &w.parent, &w.name, &w.unit, &w.target_text, w.target_year),
            "{at}"
        );
        assert_eq!(g.target, w.target, "{at}");
        assert_eq!((&g.tracked_by_text, &g.trackers), (&w.tracked_by_text, &w.trackers), "{at}");
    }
}

#[test]
fn the_nq57_plan_round_trips_through_word() {
    let want = shipped("kh-nq57-hue");
    let draft = imported("kh-nq57-hue.docx", None);
    assert_eq!(draft.deadlines, [(6, 10), (11, 25)], "from \"trước ngày 10 tháng 6 và trước ngày 25 tháng 11\"");
    assert_eq!(draft.consolidated_by, "so-khcn");
    assert_eq!(draft.merger_note, want.meta.merger_note);
    let got = loaded(&draft);
    assert_eq!(
        got.groups.iter().map(|g| (&g.code, &g.title)).collect::<Vec<_>>(),
        want.groups.iter().map(|g| (&g.code, &g.title)).collect::<Vec<_>>()
    );
    same_tasks(&got, &want, false);
    same_indicators(&got, &want);
    assert_eq!(got.meta.reporting_deadlines, want.meta.reporting_deadlines);
    // What the seed's text does not say is left to the officer, and said.
    let said: Vec<&str> = draft.notes.iter().map(|n| n.text.as_str()).collect();
    assert!(said.iter().any(|t| t.starts_with("không thấy số văn bản")), "{said:?}");
    assert!(said.iter().any(|t| t.starts_with("không thấy cơ quan ban hành")), "{said:?}");
    assert_eq!(draft.notes.len(), 3, "{said:?}");
}

#[test]
fn the_nq57_plan_round_trips_through_a_pasted_workbook() {
    let want = shipped("kh-nq57-hue");
    // Excel's file, and the same saved by LibreOffice Calc.
    for file in ["kh-nq57-hue.xlsx", "kh-nq57-hue.ods"] {
        let mut draft = imported(file, None);
        assert!(draft.deadlines.is_empty(), "{file}: a workbook of tables has no body");
        // "8.10" became the number 8.1 in the sheet: read back, and said.
        assert!(
            draft.notes.iter().any(|n| n.entry == Entry::Indicator("8.10".into()) && n.text.contains("đọc là 8.10")),
            "{file}"
        );
        // What the officer writes by hand, as the notes ask.
        draft.consolidated_by = "so-khcn".into();
        draft.deadlines = vec![(6, 10), (11, 25)];
        let got = loaded(&draft);
        same_tasks(&got, &want, false);
        same_indicators(&got, &want);
    }
}

#[test]
fn the_yearly_plan_round_trips_through_word_and_a_workbook() {
    let want = shipped("kh-98-2024");
    let draft = imported("kh-98-2024.docx", None);
    assert_eq!(draft.id, "kh-98-2024");
    assert_eq!(draft.issued_by, want.meta.issued_by);
    assert_eq!(draft.short_title, want.meta.short_title);
    assert_eq!(draft.deadlines, [(11, 30)], "from \"định kỳ trước ngày 30/11 hằng năm\"");
    assert_eq!(draft.as_of, chrono::NaiveDate::from_ymd_opt(2024, 12, 31), "the end of the plan's year");
    let got = loaded(&draft);
    assert_eq!(got.meta.consolidated_by, "so-khcn");
    assert_eq!(got.appendices.iter().map(|a| &a.id).collect::<Vec<_>>(), ["1", "2"]);
    assert_eq!(got.columns.iter().map(|c| c.header.as_str()).collect::<Vec<_>>(), ["Kinh phí"]);
    // Untitled group rows numbered by the body's headings "1. Công tác thông tin …".
    same_tasks(&got, &want, false);
    assert_eq!(got.groups.len(), want.groups.len());

    let mut draft = imported("kh-98-2024.xlsx", chrono::NaiveDate::from_ymd_opt(2024, 3, 1));
    draft.consolidated_by = "so-khcn".into();
    draft.deadlines = vec![(11, 30)];
    let got = loaded(&draft);
    // Without the body, groups are numbered as they come: the same groups, other numbers.
    same_tasks(&got, &want, true);
}

/// A plan document with an unknown body, an unreadable deadline and a misplaced row: the notes
/// sit at exactly those entries, with their table, row and column.
#[test]
fn what_the_importer_cannot_decide_is_said_where_it_is() {
    let draft = imported("kh-nq57-hue-loi.docx", None);
    let at = |entry: &Entry| {
        draft.notes.iter().filter(|n| n.entry == *entry).map(|n| format!("{}: {}", n.place, n.text)).collect::<Vec<_>>()
    };
    let task5 = at(&Entry::Task("5".into()));
    assert_eq!(task5.len(), 1, "{task5:?}");
    assert!(
        task5[0].starts_with(
            "bảng 2, dòng 7, cột «Cơ quan chủ trì»: không nhận ra cơ quan \"Ban Quản lý dự án thử nghiệm\""
        ),
        "{task5:?}"
    );
    let task10 = at(&Entry::Task("10".into()));
    assert_eq!(task10.len(), 1, "{task10:?}");
    assert!(
        task10[0].starts_with("bảng 2, dòng 12, cột «Thời gian hoàn thành»: không đọc được thời hạn \"Cuối nhiệm kỳ\""),
        "{task10:?}"
    );
    let task20 = at(&Entry::Task("20".into()));
    assert_eq!(task20.len(), 1, "{task20:?}");
    assert!(
        task20[0]
            .starts_with("bảng 2, dòng 24, cột «TT»: dòng ngay sau nhiệm vụ 20: dòng không xếp được: số thứ tự \"a)\""),
        "{task20:?}"
    );
    // Each comment stands right above its entry in the file.
    let text = plan_toml(&draft, "x.docx");
    for (code, words) in [("5", "Ban Quản lý dự án thử nghiệm"), ("10", "Cuối nhiệm kỳ"), ("20", "\"a)\"")]
    {
        let entry = format!("[[task]]\ncode = \"{code}\"\n");
        let at = text.find(&entry).unwrap();
        let comment = text[..at].lines().last().unwrap();
        assert!(comment.starts_with("# CẦN XEM (bảng 2, dòng ") && comment.contains(words), "{code}: {comment}");
    }
    // The rest of the plan is read as without the defects.
    assert_eq!(draft.tasks.len(), 70);
}

/// A plan as another office writes it, not as the generator does (`ke-hoach-12-2026.html`, made
/// into Word and a workbook by LibreOffice): the letterhead in a borderless table, quarterly
/// deadlines listed after one "ngày", a header of two rows ("Thời gian thực hiện" over "Bắt đầu |
/// Hoàn thành"), "STT", a task split over two rows with its number merged down, a lead that is no
/// agency, a "Ghi chú" column and a note under the table. In Word and in the workbook (the whole
/// document pasted into one sheet) every row ends up read or said.
#[test]
fn a_plan_written_by_another_office_is_read_whole() {
    for file in ["ke-hoach-12-2026.docx", "ke-hoach-12-2026.xlsx"] {
        let d = imported(file, None);
        assert_eq!(d.id, "kh-12-2026", "{file}");
        assert_eq!(d.issued_by, "UBND thành phố Huế", "{file}");
        assert_eq!(d.deadlines, [(3, 15), (6, 15), (9, 15), (12, 15)], "{file}");
        assert_eq!(d.consolidated_by, "so-khcn", "{file}");
        assert_eq!(
            d.groups,
            [("1".to_string(), "Hạ tầng số".to_string()), ("2".into(), "Dữ liệu số".into())],
            "{file}"
        );
        assert_eq!(d.tasks.len(), 3, "{file}");
        let t = &d.tasks[0];
        assert_eq!(t.name, "Nâng cấp trung tâm dữ liệu của thành phố", "{file}");
        assert_eq!(t.cooperating, "Sở Tài chính, Công an thành phố Huế", "{file}");
        assert_eq!(t.deadline, "Quý IV/2026", "{file}: the deadline is when it ends, not when it starts");
        let start = d.columns.iter().find(|(_, h)| h.contains("Bắt đầu")).map(|(k, _)| k.clone()).unwrap();
        assert!(t.columns.contains(&(start, "01/2026".to_string())), "{file}: {:?}", t.columns);
        assert_eq!(d.tasks[1].lead, ["so-cong-thuong", "@dia-phuong"], "{file}");
        assert_eq!(d.tasks[2].deadline, "Hằng năm", "{file}");
        assert_eq!(d.tasks[2].reported_by, ["so-noi-vu"], "{file}");
        let said: Vec<&str> = d.notes.iter().map(|n| n.text.as_str()).collect();
        assert!(
            said.iter().any(|n| n.contains("\"Trung tâm Chuyển đổi số\" không phải một cơ quan")),
            "{file}: {said:?}"
        );
        assert!(said.iter().any(|n| n.contains("ghi chú dưới bảng, không đưa vào kế hoạch")), "{file}: {said:?}");
        assert!(d.merger_note.is_empty(), "{file}: a note about money is no merger note");
        assert_eq!(d.notes.len(), 2, "{file}: {said:?}");
    }
}
