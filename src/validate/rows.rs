//! The row walker: what kind of row each non-empty row of a table is, before any reader looks
//! at its values. Rows a person would skip (headings, repeated headers, column numbers, totals,
//! notes, the signature block) are skipped here by a named rule; rows under a heading of the
//! sender's own tasks are marked as such; every other row is data for the table's reader.

use super::fate::Skip;
use super::tables::{label_column, Column, Table};
use super::values::parse_typed_code;
use crate::fold::fold;
use crate::ingest::{Cell, Sheet};

/// What the walker makes of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowClass {
    Skip(Skip),
    /// A row of a section of the sender's own tasks ("nhiệm vụ phát sinh").
    Own,
    /// A row for the table's reader.
    Data,
}

/// Where the walk is: inside a section of the sender's own tasks, past the signature line.
#[derive(Debug, Default)]
struct Walk {
    own_section: bool,
    signature: bool,
}

/// Every non-empty row of the table, in order, with its class.
pub(crate) fn walk(sheet: &Sheet, t: &Table) -> Vec<(usize, RowClass)> {
    let mut state = Walk::default();
    sheet.rows_between(t.first_data_row, t.end_row).map(|r| (r, classify(sheet, t, r, &mut state))).collect()
}

/// Words of a heading that opens a section of tasks outside the plan.
const OWN_SECTION: [&str; 8] = [
    "phat sinh",
    "ngoai ke hoach",
    "nhiem vu khac",
    "cac nhiem vu khac",
    "ngoai danh muc",
    "bo sung ngoai",
    "tu de ra",
    "nhiem vu rieng",
];

/// Short lines of a signature block, folded: titles of the signer, "Nơi nhận", "Lưu".
const SIGNATURE: [&str; 24] = [
    "noi nhan",
    "luu vt",
    "luu van thu",
    "luu",
    "giam doc",
    "pho giam doc",
    "kt giam doc",
    "tm uy ban nhan dan",
    "tm ubnd",
    "kt chu tich",
    "chu tich",
    "pho chu tich",
    "thu truong",
    "thu truong don vi",
    "thu truong co quan",
    "nguoi lap bieu",
    "nguoi lap",
    "nguoi tong hop",
    "ky ten",
    "ky ghi ro ho ten",
    "vien truong",
    "hieu truong",
    "chanh van phong",
    "truong phong",
];

/// Words a note line starts with.
const NOTE: [&str; 7] = ["ghi chu", "luu y", "nguon", "xac nhan", "chu thich", "giai thich", "dien giai"];

fn classify(sheet: &Sheet, t: &Table, r: usize, state: &mut Walk) -> RowClass {
    let filled: Vec<(Column, &Cell)> =
        t.columns.iter().map(|(k, c)| (*k, sheet.get(r, *c))).filter(|(_, v)| !v.is_empty()).collect();
    if filled.is_empty() {
        return RowClass::Skip(Skip::Outside);
    }
    let code_cell = t.col(Column::Code).map(|c| sheet.get(r, c)).unwrap_or(&Cell::Empty);
    if is_column_numbers(sheet.row_cells(r)) {
        return RowClass::Skip(Skip::ColumnNumbers);
    }
    // A row with a code is a task's (or one of the sender's own): no rule below skips one, and
    // most rows are such, so nothing below is computed for them.
    if parse_typed_code(code_cell).is_some() {
        return if state.own_section { RowClass::Own } else { RowClass::Data };
    }
    let mut texts: Vec<&str> = Vec::new();
    for (_, v) in sheet.row_cells(r) {
        if let Cell::Text(s) = v {
            if !texts.contains(&s.as_str()) {
                texts.push(s);
            }
        }
    }
    // A heading merged across the row repeats one text in every cell: each text is looked at once.
    let mut seen: Vec<(&str, Option<Column>)> = Vec::new();
    let mut labels = 0;
    for (k, v) in &filled {
        let Cell::Text(s) = v else { continue };
        let column = match seen.iter().find(|(t, _)| t == s) {
            Some((_, c)) => *c,
            None => {
                let c = label_column(t.kind, s);
                seen.push((s, c));
                c
            }
        };
        labels += usize::from(column == Some(*k));
    }
    if labels >= 2 && labels * 2 >= filled.len() {
        return RowClass::Skip(Skip::Header);
    }
    if state.signature || texts.iter().any(|s| is_signature_line(s)) {
        state.signature = true;
        return RowClass::Skip(Skip::Signature);
    }
    if is_totals(t, sheet, r) {
        return RowClass::Skip(Skip::Totals);
    }
    if is_note(&filled, code_cell) {
        return RowClass::Skip(Skip::Note);
    }
    if let Some(own) = heading(&filled, code_cell, &texts) {
        state.own_section = own;
        return RowClass::Skip(if own { Skip::OwnSection } else { Skip::Group });
    }
    if state.own_section {
        RowClass::Own
    } else {
        RowClass::Data
    }
}

/// Whether a cell holds a line of a signature block.
fn is_signature_line(text: &str) -> bool {
    if text.len() > 240 || text.chars().nth(60).is_some() {
        return false;
    }
    let key = fold(text);
    // One-word lines ("Lưu") only whole: "Lưu trữ hồ sơ…" is a task.
    let starts = |w: &str| w.contains(' ') && key.starts_with(w) && key.as_bytes().get(w.len()) == Some(&b' ');
    SIGNATURE.iter().any(|w| key == *w || starts(w))
        && !text.trim_start().starts_with(|c: char| c.is_ascii_digit())
        && super::values::parse_status(text).is_none()
}

/// "(1) (2) (3)…", "1 2 3 4", "A B C 1 2": a row that numbers the columns.
fn is_column_numbers(cells: &[(u32, Cell)]) -> bool {
    if cells.len() < 3 {
        return false;
    }
    let mut numbers: Vec<f64> = Vec::new();
    for (_, c) in cells {
        let n = match c {
            Cell::Number(n) => Some(*n),
            Cell::Text(s) => {
                let t = s.trim().trim_matches(|c| matches!(c, '(' | ')' | '[' | ']')).trim();
                if t.chars().count() == 1 && t.chars().all(|c| c.is_ascii_uppercase()) {
                    None
                } else {
                    match t.parse::<u32>() {
                        Ok(n) => Some(n as f64),
                        // "5=3+4", "6=4/5": a column computed from others.
                        Err(_) if t.contains('=') && t.len() <= 12 => None,
                        Err(_) => return false,
                    }
                }
            }
            _ => return false,
        };
        numbers.extend(n);
    }
    numbers.len() >= 2 && numbers.windows(2).all(|w| w[1] == w[0] + 1.0) && numbers[0] <= 2.0
}

/// "Tổng cộng", "Tổng số", "Cộng" in the code or name column.
fn is_totals(t: &Table, sheet: &Sheet, r: usize) -> bool {
    [Column::Code, Column::Name].iter().filter_map(|k| t.col(*k)).any(|c| match sheet.get(r, c) {
        Cell::Text(s) if s.len() < 60 => {
            let key = fold(s);
            ["tong cong", "tong so", "cong", "tong", "tong hop chung"].contains(&key.as_str())
                || key.starts_with("tong cong ")
                || key.starts_with("tong so ")
        }
        _ => false,
    })
}

/// A note or remark under the table, in whichever column it was typed.
fn is_note(filled: &[(Column, &Cell)], code_cell: &Cell) -> bool {
    let first = filled.first().map(|(_, v)| v.display()).unwrap_or_default();
    // The words a note starts with are enough: a long heading is not folded whole.
    let key = fold(&first.chars().take(24).collect::<String>());
    if filled.len() == 1 && (NOTE.iter().any(|w| key.starts_with(w)) || first.trim_start().starts_with('*')) {
        return true;
    }
    // Text alone in the code column under the table ("Ghi chú: …", "* Số liệu ước tính").
    let code_text = code_cell.display();
    filled.len() == 1
        && !code_text.trim().is_empty()
        && !reported(filled)
        && (code_text.trim_start().starts_with(['*', '(', '-', '+']) || code_text.chars().count() > 25)
}

/// Whether a row holds anything a task or indicator row reports. A copy of the name (a heading
/// merged across the row) reports nothing.
fn reported(filled: &[(Column, &Cell)]) -> bool {
    let name = filled.iter().find(|(k, _)| *k == Column::Name).map(|(_, v)| *v);
    filled.iter().any(|(k, v)| {
        let reporting =
            matches!(k, Column::Status | Column::Result | Column::CompletedOn | Column::Value | Column::Assessment)
                || Column::MARKS.contains(k);
        reporting && Some(*v) != name
    })
}

/// A heading: a group number ("I", "II.", "A", "b)") in the code column, or text in the name
/// or note columns only. Some(true) when it opens a section of the sender's own tasks.
fn heading(filled: &[(Column, &Cell)], code_cell: &Cell, texts: &[&str]) -> Option<bool> {
    // A row numbered "a)" or "II" that gives a status is a task numbered by its sender: the
    // reader places it by its name.
    let code_text = code_cell.display();
    let numbered = is_group_number(&code_text) && !reported(filled);
    let text_only = code_text.trim().is_empty() && !reported(filled);
    if !numbered && !text_only {
        return None;
    }
    // A heading merged across the row repeats itself in every cell: each text once.
    let mut distinct: Vec<&str> = Vec::new();
    for t in texts {
        if !distinct.contains(t) && t.len() <= 600 {
            distinct.push(t);
        }
    }
    let key = fold(&distinct.join(" "));
    Some(OWN_SECTION.iter().any(|w| key.contains(w)))
}

/// "I", "II.", "A", "b)": a group heading's number.
pub(crate) fn is_group_number(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')', ':']).trim();
    !t.is_empty()
        && (t.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'i' | 'v' | 'x' | 'l'))
            || (t.chars().count() == 1 && t.chars().all(|c| c.is_alphabetic())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::tables::find_tables;

    fn sheet(rows: Vec<Vec<&str>>) -> Sheet {
        crate::validate::testing::sheet("S", true, rows)
    }

    fn classes(rows: Vec<Vec<&str>>) -> Vec<RowClass> {
        let s = sheet(rows);
        let t = find_tables(&s, 0).remove(0);
        walk(&s, &t).into_iter().map(|(_, c)| c).collect()
    }

    #[test]
    fn rows_a_person_skips_are_skipped_by_name() {
        use RowClass::*;
        let got = classes(vec![
            vec!["STT", "Tên nhiệm vụ", "Tình trạng", "Kết quả"],
            vec!["(1)", "(2)", "(3)", "(4)"],
            vec!["I", "NÂNG CAO NHẬN THỨC"],
            vec!["1", "Tuyên truyền", "Hoàn thành", "Đã làm"],
            vec!["STT", "Tên nhiệm vụ", "Tình trạng", "Kết quả"],
            vec!["II", "NHIỆM VỤ PHÁT SINH NGOÀI KẾ HOẠCH"],
            vec!["1", "Số hóa sổ hộ tịch", "Đang thực hiện"],
            vec!["", "Tổng cộng", "2"],
            vec!["Ghi chú: số liệu ước tính"],
            vec!["Nơi nhận:", "", "GIÁM ĐỐC"],
            vec!["- Sở KH&CN (b/c);"],
            vec!["- Lưu: VT."],
            vec!["", "", "Nguyễn Văn A"],
        ]);
        assert_eq!(
            got,
            vec![
                Skip(super::Skip::ColumnNumbers),
                Skip(super::Skip::Group),
                Data,
                Skip(super::Skip::Header),
                Skip(super::Skip::OwnSection),
                Own,
                Skip(super::Skip::Totals),
                Skip(super::Skip::Note),
                Skip(super::Skip::Signature),
                Skip(super::Skip::Signature),
                Skip(super::Skip::Signature),
                Skip(super::Skip::Signature),
            ]
        );
    }

    #[test]
    fn a_row_numbered_like_a_group_that_reports_is_data() {
        use RowClass::*;
        let got = classes(vec![
            vec!["TT", "Tên nhiệm vụ", "Tình trạng"],
            vec!["A", "NHÓM NHIỆM VỤ", "NHÓM NHIỆM VỤ"],
            vec!["a)", "Tuyên truyền", "Hoàn thành"],
        ]);
        assert_eq!(got, vec![Skip(super::Skip::Group), Data]);
    }

    #[test]
    fn a_plan_heading_ends_the_sender_s_own_section() {
        use RowClass::*;
        let got = classes(vec![
            vec!["TT", "Nội dung nhiệm vụ", "Tiến độ"],
            vec!["A", "Nhiệm vụ khác của đơn vị"],
            vec!["1", "Tập huấn", "Hoàn thành"],
            vec!["B", "NHIỆM VỤ THEO KẾ HOẠCH"],
            vec!["5", "Đề án", "Hoàn thành"],
        ]);
        assert_eq!(got, vec![Skip(super::Skip::OwnSection), Own, Skip(super::Skip::Group), Data]);
    }

    #[test]
    fn numbers_in_a_row_of_data_are_not_column_numbers() {
        let cells = |v: Vec<Cell>| v.into_iter().enumerate().map(|(i, c)| (i as u32, c)).collect::<Vec<_>>();
        assert!(is_column_numbers(&cells(vec![Cell::Number(1.0), Cell::Number(2.0), Cell::Number(3.0)])));
        assert!(is_column_numbers(&cells(vec![
            Cell::Text("A".into()),
            Cell::Text("B".into()),
            Cell::Text("(1)".into()),
            Cell::Text("(2)".into()),
        ])));
        assert!(!is_column_numbers(&cells(vec![
            Cell::Number(3.0),
            Cell::Text("Đề án".into()),
            Cell::Text("Hoàn thành".into())
        ])));
        assert!(!is_column_numbers(&cells(vec![Cell::Number(5.0), Cell::Number(6.0), Cell::Number(7.0)])));
    }
}
