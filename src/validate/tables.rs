//! Finding the task and indicator tables in a workbook by their header rows, wherever they are.

use crate::fold::fold;
use crate::ingest::{Cell, Sheet};

/// How far down a sheet a header row is looked for.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// What a column of a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Code,
    Name,
    Status,
    Result,
    CompletedOn,
    Difficulties,
    Proposals,
    Unit,
    Value,
    Assessment,
    Note,
    /// One column per status, marked with "x" in the one that applies.
    MarkDone,
    MarkInProgress,
    MarkRecurring,
    MarkNotStarted,
}

impl Column {
    /// The status columns a table marks instead of naming the status in one column.
    pub const MARKS: [Column; 4] =
        [Column::MarkDone, Column::MarkInProgress, Column::MarkRecurring, Column::MarkNotStarted];
}

/// Which table a header row opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Tasks,
    Indicators,
}

/// A table found on a sheet: its columns and the first data row (0-based).
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: TableKind,
    pub sheet: usize,
    pub header_row: usize,
    pub first_data_row: usize,
    /// One past the last row that may hold data: the next table's header, or the sheet's end.
    pub end_row: usize,
    pub columns: Vec<(Column, usize)>,
}

impl Table {
    pub fn col(&self, c: Column) -> Option<usize> {
        self.columns.iter().find(|(k, _)| *k == c).map(|(_, i)| *i)
    }
}

const TASK_LABELS: &[(Column, &[&str])] = &[
    (Column::Code, &["tt", "stt", "so tt", "ma nhiem vu", "ma nv"]),
    (Column::Name, &["ten nhiem vu", "nhiem vu", "noi dung nhiem vu", "noi dung"]),
    (
        Column::Status,
        &["tinh trang", "tinh trang thuc hien", "tien do", "tien do thuc hien", "muc do hoan thanh", "trang thai"],
    ),
    (Column::Result, &["ket qua thuc hien", "ket qua dat duoc", "ket qua", "san pham"]),
    (Column::CompletedOn, &["ngay hoan thanh", "thoi gian hoan thanh", "thoi diem hoan thanh"]),
    (Column::Difficulties, &["kho khan vuong mac", "kho khan", "vuong mac"]),
    (Column::Proposals, &["de xuat kien nghi", "kien nghi", "de xuat"]),
    (Column::Note, &["ghi chu"]),
    (Column::MarkDone, &["hoan thanh", "da hoan thanh"]),
    (Column::MarkInProgress, &["dang thuc hien", "dang trien khai"]),
    (Column::MarkRecurring, &["thuong xuyen", "thuc hien thuong xuyen"]),
    (Column::MarkNotStarted, &["chua thuc hien", "chua trien khai"]),
];

const INDICATOR_LABELS: &[(Column, &[&str])] = &[
    (Column::Code, &["ma chi tieu", "tt", "stt"]),
    (Column::Name, &["ten chi tieu", "chi tieu"]),
    (Column::Unit, &["don vi tinh", "dvt"]),
    (Column::Value, &["ket qua thuc hien", "ket qua", "gia tri", "so lieu", "thuc hien"]),
    (Column::Assessment, &["danh gia", "tu danh gia"]),
    (Column::Note, &["ghi chu"]),
];

/// The column a folded label means in a table of `kind`: an exact label, else the longest
/// label the text starts with ("ngay hoan thanh dd mm yyyy").
fn column_for(kind: TableKind, label: &str) -> Option<Column> {
    if label.is_empty() {
        return None;
    }
    let labels = match kind {
        TableKind::Tasks => TASK_LABELS,
        TableKind::Indicators => INDICATOR_LABELS,
    };
    for (col, names) in labels {
        if names.contains(&label) {
            return Some(*col);
        }
    }
    let mut best: Option<(usize, Column)> = None;
    for (col, names) in labels {
        for n in *names {
            if label.starts_with(n)
                && label.as_bytes().get(n.len()) == Some(&b' ')
                && best.is_none_or(|(l, _)| n.len() > l)
            {
                best = Some((n.len(), *col));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// The column `text` names as a header label in a table of `kind`, if any (a header repeated
/// at a page break is told by it).
pub fn label_column(kind: TableKind, text: &str) -> Option<Column> {
    if text.len() > MAX_LABEL_BYTES {
        return None;
    }
    column_for(kind, &fold(text))
}

/// Header labels are short: longer cells (task names, notes) are not folded at all, which is
/// most of the text in the rows searched.
pub const MAX_LABEL_BYTES: usize = 120;

/// Labels wider than this are not a header a person made (a stray value far to the right).
const MAX_HEADER_COLUMNS: usize = 200;

fn labels_of(sheet: &Sheet, row: usize) -> Vec<String> {
    let cells = sheet.row_cells(row);
    let width = cells.iter().map(|(c, _)| *c as usize + 1).filter(|w| *w <= MAX_HEADER_COLUMNS).max().unwrap_or(0);
    let mut labels = vec![String::new(); width];
    for (c, cell) in cells {
        if let (Some(slot), Cell::Text(s)) = (labels.get_mut(*c as usize), cell) {
            if s.len() <= MAX_LABEL_BYTES {
                *slot = fold(s);
            }
        }
    }
    labels
}

fn map_columns(kind: TableKind, labels: &[String]) -> Vec<(Column, usize)> {
    let mut cols: Vec<(Column, usize)> = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        if let Some(c) = column_for(kind, l) {
            if !cols.iter().any(|(k, _)| *k == c) {
                cols.push((c, i));
            }
        }
    }
    cols
}

/// Whether the row below a header row continues it: every label it adds (beyond copies of a
/// merged cell above) names a column, as in "Kết quả" over "Số liệu | Đánh giá". Data rows hold
/// codes, statuses and names, which name no column.
fn continues_header(labels: &[String], below: &[String]) -> bool {
    let added: Vec<&String> =
        below.iter().enumerate().filter(|(i, l)| !l.is_empty() && labels.get(*i) != Some(*l)).map(|(_, l)| l).collect();
    // A status word alone is a data row's status ("Hoàn thành"), not a row of status columns:
    // those come several together.
    let marks =
        added.iter().filter(|l| column_for(TableKind::Tasks, l).is_some_and(|c| Column::MARKS.contains(&c))).count();
    // Under the column the row above calls the task's name, a second header row says the label
    // itself ("Tên nhiệm vụ" under a merged "Nhiệm vụ"); text that only starts with a label is
    // the first task's name ("Đề xuất biện pháp nâng cấp …", "Kết quả khảo sát …").
    // (A label merged over several columns, "Nội dung" over "Nhiệm vụ | Kết quả thực hiện (…)",
    // repeats itself beside it and is a group's, not the name's.)
    let single = |i: usize| {
        let u = labels.get(i);
        (i == 0 || labels.get(i - 1) != u) && labels.get(i + 1) != u
    };
    let under_name = below.iter().enumerate().any(|(i, l)| {
        !l.is_empty()
            && labels.get(i) != Some(l)
            && labels.get(i).and_then(|u| column_for(TableKind::Tasks, u)) == Some(Column::Name)
            && single(i)
            && !is_label(l)
    });
    !added.is_empty()
        && !under_name
        && (marks == 0 || marks >= 2)
        && added
            .iter()
            .all(|l| column_for(TableKind::Tasks, l).is_some() || column_for(TableKind::Indicators, l).is_some())
}

/// Whether a folded text is one of the labels as written, not text that starts with one.
fn is_label(folded: &str) -> bool {
    TASK_LABELS.iter().chain(INDICATOR_LABELS).any(|(_, names)| names.contains(&folded))
}

/// The columns a header names, over one row or two: the lower row's labels take precedence for
/// the columns they name.
fn header_columns(kind: TableKind, labels: &[String], below: Option<&[String]>) -> Vec<(Column, usize)> {
    let mut columns = map_columns(kind, labels);
    if let Some(below) = below {
        for (k, i) in map_columns(kind, below) {
            if labels.get(i) == Some(&below[i]) {
                continue; // a merged cell repeated from the row above
            }
            columns.retain(|(kk, ii)| *kk != k && *ii != i);
            columns.push((k, i));
        }
    }
    columns
}

/// A column the sender hid gives way to a visible column with the same label (last cycle's
/// "Tình trạng" hidden beside this cycle's).
fn prefer_visible(
    sheet: &Sheet,
    kind: TableKind,
    labels: &[String],
    below: Option<&[String]>,
    mut columns: Vec<(Column, usize)>,
) -> Vec<(Column, usize)> {
    if !columns.iter().any(|(_, i)| sheet.col_hidden(*i)) {
        return columns;
    }
    let names = |j: usize, k: Column| {
        column_for(kind, &labels[j]) == Some(k)
            || below.and_then(|b| b.get(j)).and_then(|l| column_for(kind, l)) == Some(k)
    };
    for idx in 0..columns.len() {
        let (k, i) = columns[idx];
        if !sheet.col_hidden(i) {
            continue;
        }
        let used: Vec<usize> = columns.iter().map(|(_, c)| *c).collect();
        if let Some(j) = (0..labels.len()).find(|j| !sheet.col_hidden(*j) && !used.contains(j) && names(*j, k)) {
            columns[idx] = (k, j);
        }
    }
    columns
}

/// Whether a row holds a value: a number, a date, or a code as text ("Nhiệm vụ số 2", "(3)").
/// Such a row is data, never the second row of a header.
fn holds_values(sheet: &Sheet, row: usize) -> bool {
    sheet.row_cells(row).iter().any(|(_, c)| match c {
        Cell::Number(_) | Cell::Date(_) => true,
        Cell::Text(_) => super::values::parse_typed_code(c).is_some_and(|t| t.code.len() <= 3 || t.code.contains('.')),
        _ => false,
    })
}

/// Finds the tables of one sheet (at most one of each kind). Headers are looked for in the first
/// [`HEADER_SEARCH_ROWS`] rows; once one table is found, the other may follow it anywhere below.
/// Each table's data rows end where the next table's header starts.
pub fn find_tables(sheet: &Sheet, sheet_index: usize) -> Vec<Table> {
    let mut found: Vec<Table> = Vec::new();
    let has = |cols: &[(Column, usize)], c: Column| cols.iter().any(|(k, _)| *k == c);
    // Only rows that hold something are looked at: a value far down the sheet costs one step.
    let next_row = |from: usize| sheet.rows_between(from, usize::MAX).next();
    let mut row = next_row(0).unwrap_or(usize::MAX);
    // The labels of the row below, folded for the last row looked at: each row is folded once.
    let mut folded_below: Option<(usize, Vec<String>)> = None;
    while row < sheet.height() && found.len() < 2 && (row < HEADER_SEARCH_ROWS || found.len() == 1) {
        let labels = match folded_below.take() {
            Some((r, labels)) if r == row => labels,
            _ => labels_of(sheet, row),
        };
        if labels.iter().all(String::is_empty) {
            row = next_row(row + 1).unwrap_or(usize::MAX);
            continue;
        }
        let below_labels = labels_of(sheet, row + 1);
        // A header is text: a row below with a number or a date in it is the first data row
        // (a group "1" under the header, a task whose name starts "Nhiệm vụ …"), never more header.
        let below = (continues_header(&labels, &below_labels) && !holds_values(sheet, row + 1))
            .then_some(below_labels.as_slice());
        let task_cols = header_columns(TableKind::Tasks, &labels, below);
        // Only a task table speaks of tasks ("Tên nhiệm vụ", "Mã NV"): its "Thực hiện" or
        // "Kết quả" column must not make it an indicator table.
        let about_tasks =
            labels.iter().chain(below.unwrap_or_default()).any(|l| l.contains("nhiem vu") || l == "ma nv");
        let marks = Column::MARKS.iter().filter(|m| has(&task_cols, **m)).count();
        // A task table needs a status; its rows are placed by a code column, or by the names
        // alone in a table that speaks of tasks ("Tên nhiệm vụ | Tình trạng").
        let placed = has(&task_cols, Column::Code) || (has(&task_cols, Column::Name) && about_tasks);
        let kind = if placed && (has(&task_cols, Column::Status) || marks >= 2) {
            TableKind::Tasks
        } else {
            let ind_cols = header_columns(TableKind::Indicators, &labels, below);
            if has(&ind_cols, Column::Code)
                && has(&ind_cols, Column::Value)
                && !has(&task_cols, Column::Status)
                && !about_tasks
            {
                TableKind::Indicators
            } else {
                folded_below = Some((row + 1, below_labels));
                row = next_row(row + 1).unwrap_or(usize::MAX);
                continue;
            }
        };
        if found.iter().any(|t| t.kind == kind) {
            folded_below = Some((row + 1, below_labels));
            row = next_row(row + 1).unwrap_or(usize::MAX);
            continue;
        }
        let columns = prefer_visible(sheet, kind, &labels, below, header_columns(kind, &labels, below));
        let first_data_row = row + if below.is_some() { 2 } else { 1 };
        found.push(Table {
            kind,
            sheet: sheet_index,
            header_row: row,
            first_data_row,
            end_row: sheet.height(),
            columns,
        });
        row = next_row(first_data_row).unwrap_or(usize::MAX);
    }
    let starts: Vec<usize> = found.iter().map(|t| t.header_row).collect();
    for t in &mut found {
        if let Some(next) = starts.iter().copied().filter(|s| *s > t.header_row).min() {
            t.end_row = next;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every header the form writer puts over a column is read back as that column.
    #[test]
    fn the_forms_own_headers_are_read_as_their_columns() {
        use crate::labels::{indicator as i, task as t};
        let read = |kind, label: &str| column_for(kind, &fold(label));
        for (label, column) in [
            (t::CODE, Some(Column::Code)),
            (t::NAME, Some(Column::Name)),
            (t::STATUS, Some(Column::Status)),
            (t::COMPLETED_ON, Some(Column::CompletedOn)),
            (t::RESULT, Some(Column::Result)),
            (t::DIFFICULTIES, Some(Column::Difficulties)),
            (t::PROPOSALS, Some(Column::Proposals)),
            // The plan's own columns: never taken for a fill-in column.
            (t::DEADLINE, None),
            (t::PRODUCT, None),
        ] {
            assert_eq!(read(TableKind::Tasks, label), column, "{label}");
        }
        for (label, column) in [
            (i::CODE, Some(Column::Code)),
            (i::NAME, Some(Column::Name)),
            (i::UNIT, Some(Column::Unit)),
            (i::VALUE, Some(Column::Value)),
            (i::ASSESSMENT, Some(Column::Assessment)),
            (i::NOTE, Some(Column::Note)),
            (i::TARGET, None),
        ] {
            assert_eq!(read(TableKind::Indicators, label), column, "{label}");
        }
    }

    fn sheet(rows: Vec<Vec<&str>>) -> Sheet {
        crate::validate::testing::sheet("S", true, rows)
    }

    #[test]
    fn finds_a_task_header_below_titles_in_any_order() {
        let s = sheet(vec![
            vec!["BÁO CÁO KẾT QUẢ"],
            vec!["Cơ quan báo cáo:", "Sở Y tế"],
            vec![],
            vec!["Ghi chú", "Tình trạng thực hiện", "STT", "Tên nhiệm vụ", "Ngày hoàn thành (dd/mm/yyyy)"],
            vec!["", "Hoàn thành", "58", "Xây dựng giải pháp"],
        ]);
        let t = find_tables(&s, 0);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].kind, TableKind::Tasks);
        assert_eq!(t[0].header_row, 3);
        assert_eq!(t[0].first_data_row, 4);
        assert_eq!(t[0].col(Column::Code), Some(2));
        assert_eq!(t[0].col(Column::Status), Some(1));
        assert_eq!(t[0].col(Column::CompletedOn), Some(4));
        assert_eq!(t[0].col(Column::Note), Some(0));
    }

    #[test]
    fn two_row_indicator_header() {
        let s = sheet(vec![
            vec!["Mã chỉ tiêu", "Tên chỉ tiêu", "ĐVT", "Kết quả", "Kết quả"],
            vec!["Mã chỉ tiêu", "Tên chỉ tiêu", "ĐVT", "Số liệu", "Đánh giá"],
            vec!["6", "TFP", "%", "56"],
        ]);
        let t = find_tables(&s, 0);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].kind, TableKind::Indicators);
        assert_eq!(t[0].first_data_row, 2);
        assert_eq!(t[0].col(Column::Value), Some(3));
        assert_eq!(t[0].col(Column::Assessment), Some(4));
    }

    #[test]
    fn a_two_row_task_header_is_not_an_indicator_table() {
        // "Thực hiện" (a value label) over "Tình trạng | Ngày hoàn thành", merged cells filled.
        let s = sheet(vec![
            vec!["STT", "Tên nhiệm vụ", "Thực hiện", "Thực hiện", "Kết quả đạt được"],
            vec!["STT", "Tên nhiệm vụ", "Tình trạng", "Ngày hoàn thành", "Kết quả đạt được"],
            vec!["50", "Đề án", "Hoàn thành"],
        ]);
        let t = find_tables(&s, 0);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].kind, TableKind::Tasks);
        assert_eq!((t[0].header_row, t[0].first_data_row), (0, 2));
        assert_eq!(t[0].col(Column::Status), Some(2));
        assert_eq!(t[0].col(Column::CompletedOn), Some(3));
    }

    /// A table without a code column whose first task's name starts with a column's word
    /// ("Đề xuất …", "Kết quả …"): that row is the first task, not a second header row, with a
    /// mark, with a status, or with nothing else filled in.
    #[test]
    fn a_first_task_named_like_a_column_is_data() {
        for (name, rest) in [
            ("Đề xuất biện pháp nâng cấp cơ sở hạ tầng năng lượng", ["", "✓", "", ""]),
            ("Kết quả khảo sát mức độ chuyển đổi số", ["x", "", "", ""]),
            ("Ghi chú của đơn vị về kế hoạch", ["", "", "", ""]),
            ("Khó khăn vướng mắc về hạ tầng được tháo gỡ", ["", "", "X", ""]),
        ] {
            let mut data = vec![name];
            data.extend(rest);
            let s = sheet(vec![
                vec!["Nội dung nhiệm vụ", "Hoàn thành", "Đang thực hiện", "Thường xuyên", "Chưa thực hiện"],
                data,
            ]);
            let t = find_tables(&s, 0);
            assert_eq!(t.len(), 1, "{name}");
            assert_eq!((t[0].kind, t[0].header_row, t[0].first_data_row), (TableKind::Tasks, 0, 1), "{name}");
            assert_eq!(t[0].col(Column::Name), Some(0), "{name}");
        }
        // A group label merged over sub-labels that only start with a column's word still is a
        // two-row header.
        let s = sheet(vec![
            vec!["TT", "Nội dung", "Nội dung", "Tình trạng"],
            vec!["", "Nhiệm vụ", "Kết quả thực hiện (số liệu, sản phẩm)", ""],
            vec!["1.1", "Xây dựng kế hoạch", "Đã ban hành", "Hoàn thành"],
        ]);
        let t = find_tables(&s, 0);
        assert_eq!((t[0].first_data_row, t[0].col(Column::Name), t[0].col(Column::Result)), (2, Some(1), Some(2)));
        // A real second row under a merged "Nhiệm vụ" still is one.
        let s = sheet(vec![
            vec!["Nhiệm vụ", "Nhiệm vụ", "Tình trạng"],
            vec!["Mã nhiệm vụ", "Tên nhiệm vụ", "Tình trạng"],
            vec!["1.1", "Xây dựng kế hoạch", "Hoàn thành"],
        ]);
        let t = find_tables(&s, 0);
        assert_eq!((t[0].first_data_row, t[0].col(Column::Code), t[0].col(Column::Name)), (2, Some(0), Some(1)));
    }

    #[test]
    fn one_column_per_status_under_a_merged_label() {
        let s = sheet(vec![
            vec!["TT", "Tên nhiệm vụ", "Tình trạng", "Tình trạng", "Tình trạng", "Tình trạng", "Kết quả"],
            vec!["TT", "Tên nhiệm vụ", "Hoàn thành", "Đang thực hiện", "Thường xuyên", "Chưa thực hiện", "Kết quả"],
            vec!["3", "Nhiệm vụ", "", "x"],
            vec!["5", "Nhiệm vụ", "Hoàn thành"],
        ]);
        let t = find_tables(&s, 0);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!((t[0].first_data_row, t[0].col(Column::Status)), (2, None));
        assert_eq!(t[0].col(Column::MarkDone), Some(2));
        assert_eq!(t[0].col(Column::MarkNotStarted), Some(5));
        // A data row whose status reads "Hoàn thành" is data, not a second header row.
        let s = sheet(vec![vec!["Tình trạng", "STT", "Nội dung nhiệm vụ"], vec!["Hoàn thành", "58", "…"]]);
        let t = find_tables(&s, 0);
        assert_eq!((t[0].first_data_row, t[0].col(Column::Status)), (1, Some(0)));
    }

    #[test]
    fn an_indicator_table_below_a_long_task_table_ends_it() {
        let mut rows = vec![vec!["STT", "Tên nhiệm vụ", "Tình trạng"]];
        for _ in 0..40 {
            rows.push(vec!["1", "Nhiệm vụ", "Hoàn thành"]);
        }
        rows.push(vec![]);
        rows.push(vec!["Mã chỉ tiêu", "Tên chỉ tiêu", "Kết quả thực hiện"]);
        rows.push(vec!["6", "TFP", "56"]);
        let t = find_tables(&sheet(rows), 0);
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!((t[0].kind, t[0].first_data_row, t[0].end_row), (TableKind::Tasks, 1, 42));
        assert_eq!((t[1].kind, t[1].header_row, t[1].end_row), (TableKind::Indicators, 42, 44));
    }
}
