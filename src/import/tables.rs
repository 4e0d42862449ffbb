//! The appendix tables of a plan document: which column is which (by its header, wherever the
//! header row is and however often it is repeated), which row is a group, a task, an indicator,
//! the rest of the row above (a cell split over two rows), a note under the table, or none of
//! these, said with its place.

use crate::fold::fold;

use super::document::{Block, Table};
use super::{Entry, Note, Place};

/// What a column holds, from its header.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    Code,
    Name,
    Unit,
    /// An indicator's target; a task's expected result.
    Result,
    Lead,
    Cooperating,
    Deadline,
    /// A column of the plan's own ("Kinh phí"): its header as written.
    Extra(String),
}

fn role(header: &str) -> Option<Role> {
    let h = fold(header);
    if h.is_empty() {
        return None;
    }
    let has = |w: &str| h.contains(w);
    Some(if matches!(h.as_str(), "tt" | "stt" | "so tt" | "so thu tu" | "ma" | "ma so") {
        Role::Code
    } else if has("chu tri") {
        Role::Lead
    } else if has("phoi hop") {
        Role::Cooperating
    } else if has("thoi gian") || has("thoi han") || has("tien do") || has("hoan thanh") {
        Role::Deadline
    } else if h == "don vi" || h.starts_with("don vi tinh") || h == "dvt" {
        Role::Unit
    } else if has("nhiem vu") || h.starts_with("ten ") || has("noi dung") || h == "chi tieu" || has("chuong trinh") {
        Role::Name
    } else if has("ket qua") || has("san pham") || has("muc tieu") || has("chi tieu") {
        Role::Result
    } else {
        Role::Extra(header.split_whitespace().collect::<Vec<_>>().join(" "))
    })
}

/// A table's columns, from its header row.
#[derive(Debug, Clone)]
struct Columns {
    roles: Vec<Option<Role>>,
    /// The header's folded cells, to know it again where it is repeated.
    key: Vec<String>,
    /// For a header of two rows: each row's folded cells, to know them again when repeated.
    first_key: Vec<String>,
    sub_key: Vec<String>,
    indicators: bool,
}

impl Columns {
    fn of(row: &[String]) -> Option<Columns> {
        let roles: Vec<Option<Role>> = row.iter().map(|c| role(c)).collect();
        let known = |r: &Role| roles.iter().any(|x| x.as_ref() == Some(r));
        let anchored = known(&Role::Code) || known(&Role::Name);
        let described = known(&Role::Lead) || known(&Role::Deadline) || known(&Role::Unit);
        if !anchored || !described || roles.iter().flatten().count() < 3 {
            return None;
        }
        let name_says_indicator =
            row.iter().zip(&roles).any(|(c, r)| *r == Some(Role::Name) && fold(c).contains("chi tieu"));
        Some(Columns {
            indicators: known(&Role::Unit) || name_says_indicator,
            key: row.iter().map(|c| fold(c)).collect(),
            first_key: Vec::new(),
            sub_key: Vec::new(),
            roles,
        })
    }

    fn find(&self, role: &Role) -> Option<usize> {
        let all: Vec<usize> = (0..self.roles.len()).filter(|&i| self.roles[i].as_ref() == Some(role)).collect();
        // Two time columns ("Bắt đầu", "Hoàn thành"): the deadline is when it ends.
        if *role == Role::Deadline && all.len() > 1 {
            let ends = ["hoan thanh", "ket thuc", "den"];
            if let Some(&i) = all
                .iter()
                .find(|&&i| ends.iter().any(|e| self.key[i].split(' ').collect::<Vec<_>>().join(" ").contains(e)))
            {
                return Some(i);
            }
        }
        all.first().copied()
    }

    /// The plan's own columns, with a second time column ("Bắt đầu") among them.
    fn extras(&self, header: &[String]) -> Vec<(usize, String)> {
        let deadline = self.find(&Role::Deadline);
        self.roles
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r {
                Some(Role::Extra(h)) => Some((i, h.clone())),
                Some(Role::Deadline) if Some(i) != deadline => Some((i, self.header(i, header))),
                _ => None,
            })
            .collect()
    }

    fn header(&self, col: usize, row: &[String]) -> String {
        row.get(col).map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default()
    }
}

/// A group row of a task list: "I." and its title, or an untitled heading across the table.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// As the document numbers it ("I", "1"); None for an untitled heading.
    pub code: Option<String>,
    pub title: String,
    pub place: Place,
}

/// A task as its row says it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskRow {
    pub code: String,
    pub name: String,
    pub lead: String,
    pub cooperating: String,
    pub result: String,
    pub deadline: Option<String>,
    /// (header, value) of the plan's own columns.
    pub extra: Vec<(String, String)>,
    /// Index into [`Found::groups`].
    pub group: Option<usize>,
    /// Index into [`Found::appendices`].
    pub appendix: usize,
    pub place: Place,
    /// Column headers, for notes: lead, deadline.
    pub lead_header: String,
    pub deadline_header: String,
}

/// An indicator as its row says it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IndicatorRow {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub target: String,
    /// From the group row above it ("Đến năm 2030"), if any.
    pub year: Option<i32>,
    pub tracker: String,
    pub place: Place,
    pub tracker_header: String,
}

/// An appendix as the document heads it ("PHỤ LỤC II" and the title under it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppendixHead {
    pub number: String,
    pub title: String,
}

/// Everything the tables hold.
#[derive(Debug, Default)]
pub struct Found {
    pub appendices: Vec<AppendixHead>,
    pub groups: Vec<GroupRow>,
    pub tasks: Vec<TaskRow>,
    pub indicators: Vec<IndicatorRow>,
    /// The note under an appendix table ("Ghi chú: …").
    pub remarks: Vec<String>,
    /// Paragraphs and cells that are not part of an appendix table: the plan's body.
    pub body: Vec<String>,
    pub notes: Vec<Note>,
    /// Rows that belong nowhere, each with the task row just above it (an index into `tasks`):
    /// said at that task, where the officer will look.
    pub misplaced: Vec<(Option<usize>, Note)>,
    /// A task table has no deadline column.
    pub no_deadline_column: bool,
}

/// "PHỤ LỤC II" → Some("II"); "Phụ lục 1" → Some("1").
fn appendix_number(text: &str) -> Option<String> {
    let key = fold(text);
    let rest = key.strip_prefix("phu luc")?.trim();
    let number = rest.split(' ').next().unwrap_or("");
    (!number.is_empty() && number.len() <= 6 && (number.chars().all(|c| c.is_ascii_digit()) || roman(number).is_some()))
        .then(|| {
            let written = text.split_whitespace().nth(2).unwrap_or(number).trim_end_matches([':', '.']);
            written.to_string()
        })
}

/// The value of a Roman numeral up to 39 ("xxxix"), lowercase or upper: the inverse of
/// [`crate::vn::roman`].
pub fn roman(s: &str) -> Option<u32> {
    (1..40).find(|&n| crate::vn::roman(n).eq_ignore_ascii_case(s))
}

/// A task or indicator number as written: "1.", "8.1", "12" → "1", "8.1", "12".
fn item_code(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches(['.', ')']);
    (!t.is_empty()
        && t.len() <= 12
        && t.split('.').all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit())))
    .then(|| t.to_string())
}

/// The code `code` stands for when a spreadsheet dropped its trailing zero: "8.1" already seen
/// and the code before is "8.9" → "8.10".
fn trailing_zero(code: &str, before: &[&str]) -> Option<String> {
    if !before.contains(&code) || !code.contains('.') {
        return None;
    }
    let (prefix, last) = before.last()?.rsplit_once('.')?;
    let next = format!("{prefix}.{}", last.parse::<u32>().ok()? + 1);
    (next.ends_with('0') && format!("{code}0") == next).then_some(next)
}

/// A group number as written: "I.", "II", "A." → "I", "II", "A".
fn group_code(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches(['.', ')']);
    (roman(t).is_some() || (t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase()))).then(|| t.to_string())
}

/// A row of column numbers under the header: "(1)", "(2)", … or "1", "2", "3".
fn is_numbering(row: &[String]) -> bool {
    let cells: Vec<&str> = row.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    cells.len() >= 3
        && cells
            .iter()
            .enumerate()
            .all(|(i, c)| c.trim_start_matches('(').trim_end_matches(')').parse::<usize>().ok() == Some(i + 1))
}

/// A list of bodies and its rest on the next row: a comma between, unless the row ended with one.
fn join_list(into: &mut String, more: &str) {
    let sep = if into.trim_end().ends_with([',', ';']) { " " } else { ", " };
    join(into, more, sep);
}

fn join(into: &mut String, more: &str, sep: &str) {
    let more = more.trim();
    if more.is_empty() || into.ends_with(more) {
        return;
    }
    if !into.is_empty() {
        into.push_str(sep);
    }
    into.push_str(more);
}

/// The four-digit year a group row or title names ("Đến năm 2030").
pub fn year_in(text: &str) -> Option<i32> {
    fold(text).split(' ').filter_map(|w| w.parse::<i32>().ok()).find(|y| (2000..=2100).contains(y))
}

/// Reads every table of `blocks`.
pub fn find(blocks: &[Block]) -> Found {
    let mut found = Found::default();
    // The appendix heading seen last, and whether the title line after it is still to come.
    let mut head: Option<AppendixHead> = None;
    let mut want_title = false;
    let mut task_appendix: Option<usize> = None;
    let mut after_table = false;
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                if let Some(number) = appendix_number(p) {
                    head = Some(AppendixHead { number, title: String::new() });
                    want_title = true;
                    task_appendix = None;
                } else if want_title {
                    if let Some(h) = head.as_mut() {
                        if !p.trim_start().starts_with('(') {
                            join(&mut h.title, p, " ");
                        } else {
                            want_title = false;
                        }
                    }
                } else if after_table && fold(p).starts_with("ghi chu") {
                    found.remarks.push(p.clone());
                } else if head.is_none() {
                    found.body.push(p.clone());
                }
            }
            Block::Table(whole) => {
                want_title = false;
                let mut read = false;
                for t in segments(whole) {
                    read |= read_table(&t, &mut head, &mut task_appendix, &mut found);
                }
                let t = whole;
                after_table = read;
                if !read && head.is_none() {
                    // The letterhead (issuer, number, date) is often a table without borders.
                    for row in &t.rows {
                        for cell in row {
                            found.body.extend(cell.lines().map(str::to_string).filter(|l| !l.trim().is_empty()));
                        }
                    }
                } else if !read && t.rows.iter().flatten().any(|c| !c.trim().is_empty()) {
                    found.notes.push(Note {
                        place: Place { table: t.place.clone(), row: t.first_row, column: None },
                        entry: Entry::Plan,
                        text: "bảng không có hàng tiêu đề nhận ra được (TT, Nhiệm vụ hoặc Chỉ tiêu, Cơ quan chủ trì, \
                               Thời gian hoặc Đơn vị), không đọc: nếu là một phụ lục, sửa hàng tiêu đề"
                            .to_string(),
                    });
                }
            }
        }
    }
    found
}

/// The header `top` and the row under it read as one, when that row is the lower half of the
/// header: no number, none of its cells a header of its own above an empty one, and `top` has a
/// cell spanning columns (an empty header cell beside a filled one) over which it stands.
fn two_row_header(top: &[String], sub: &[String]) -> Option<Vec<String>> {
    let filled: Vec<usize> = (0..sub.len()).filter(|&c| !sub[c].trim().is_empty()).collect();
    if filled.len() < 2 || item_code(sub[0].trim()).is_some() || Columns::of(sub).is_some() {
        return None;
    }
    // Every text of the lower row stands under a header cell that spans (itself or to its left).
    let spans = |c: usize| {
        let owner = (0..=c).rev().find(|&k| !top.get(k).map(|t| t.trim().is_empty()).unwrap_or(true));
        owner.is_some_and(|k| (k + 1..top.len()).take_while(|&j| top[j].trim().is_empty()).count() > 0)
    };
    if !filled.iter().all(|&c| spans(c)) {
        return None;
    }
    let mut joined = Vec::with_capacity(top.len().max(sub.len()));
    let mut carried = String::new();
    for c in 0..top.len().max(sub.len()) {
        let upper = top.get(c).map(|t| t.trim()).unwrap_or("");
        let lower = sub.get(c).map(|t| t.trim()).unwrap_or("");
        if !upper.is_empty() {
            carried = upper.to_string();
        }
        let above = if upper.is_empty() && !lower.is_empty() { carried.as_str() } else { upper };
        joined.push(format!("{above} {lower}").trim().to_string());
    }
    Some(joined)
}

/// A sheet the officer pasted several appendix tables into, one under the other, as one table
/// each: a new table starts at a header row unlike the one before, with the heading lines just
/// above it ("PHỤ LỤC II", its title).
fn segments(t: &Table) -> Vec<Table> {
    let mut starts = vec![0];
    let mut key: Option<Vec<String>> = None;
    for (i, row) in t.rows.iter().enumerate() {
        let Some(c) = Columns::of(row) else { continue };
        if key.as_ref().is_some_and(|k| *k != c.key) {
            let mut start = i;
            while start > starts[starts.len() - 1] + 1 {
                let filled = t.rows[start - 1].iter().filter(|c| !c.trim().is_empty()).count();
                let one = t.rows[start - 1].iter().find(|c| !c.trim().is_empty());
                let heading = |c: &String| {
                    item_code(&cell_code(c)).is_none() && group_code(c).is_none() && !fold(c).starts_with("ghi chu")
                };
                // A heading of its own, or an empty row, goes with the list below it.
                if (filled == 1 && one.is_some_and(heading)) || filled == 0 {
                    start -= 1;
                } else {
                    break;
                }
            }
            starts.push(start);
        }
        key = Some(c.key);
    }
    if starts.len() == 1 {
        return vec![t.clone()];
    }
    starts.push(t.rows.len());
    starts
        .windows(2)
        .map(|w| Table {
            place: t.place.clone(),
            rows: t.rows[w[0]..w[1]].to_vec(),
            header_rows: 0,
            first_row: t.first_row + w[0],
        })
        .collect()
}

fn cell_code(text: &str) -> String {
    text.split_whitespace().next().unwrap_or("").to_string()
}

/// Reads one table; false when it is not an appendix table (no header row with known columns).
fn read_table(
    t: &Table,
    head: &mut Option<AppendixHead>,
    task_appendix: &mut Option<usize>,
    found: &mut Found,
) -> bool {
    let Some(header_at) = t.rows.iter().position(|r| Columns::of(r).is_some()) else {
        return false;
    };
    // Rows above the header in a workbook: the plan's body (letterhead, subject, the reporting
    // sentence) before any appendix heading, then the heading and its title; anything else there
    // is said, never passed over.
    let mut want_title = false;
    for (i, row) in t.rows[..header_at].iter().enumerate() {
        let text: Vec<&str> = row.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        if text.is_empty() {
            continue;
        }
        if let (1, Some(number)) = (text.len(), appendix_number(text[0])) {
            *head = Some(AppendixHead { number, title: String::new() });
            *task_appendix = None;
            want_title = true;
        } else if head.is_none() {
            found.body.extend(text.iter().flat_map(|t| t.lines()).map(str::to_string));
        } else if want_title && text.len() == 1 && !text[0].starts_with('(') {
            if let Some(h) = head.as_mut() {
                join(&mut h.title, text[0], " ");
            }
        } else if !(text.len() == 1 && text[0].starts_with('(')) {
            want_title = false;
            found.notes.push(Note {
                place: Place { table: t.place.clone(), row: t.first_row + i, column: None },
                entry: Entry::Plan,
                text: format!(
                    "dòng trên hàng tiêu đề của bảng, không đọc: \"{}\"",
                    crate::vn::cut(&text.join(" "), 60)
                ),
            });
        } else {
            want_title = false;
        }
    }
    // A header of two rows ("Thời gian thực hiện" over "Bắt đầu | Hoàn thành"): each column's
    // header is both rows' text, the upper one carried over the columns it spans.
    let (header, skip) = match t.rows.get(header_at + 1).and_then(|sub| two_row_header(&t.rows[header_at], sub)) {
        Some(joined) => (joined, 1),
        None => (t.rows[header_at].clone(), 0),
    };
    // A header cell merged across columns arrives from a workbook copied into each of them:
    // two headers side by side never say the same, the copies are dropped.
    let header: Vec<String> =
        header
            .iter()
            .enumerate()
            .map(|(c, h)| {
                if c > 0 && !h.trim().is_empty() && fold(h) == fold(&header[c - 1]) {
                    String::new()
                } else {
                    h.clone()
                }
            })
            .collect();
    let header = &header;
    let mut columns = Columns::of(header).expect("found above");
    columns.first_key = t.rows[header_at].iter().map(|c| fold(c)).collect();
    if skip == 1 {
        columns.sub_key = t.rows[header_at + 1].iter().map(|c| fold(c)).collect();
    }
    let place = |i: usize, col: Option<usize>| Place {
        table: t.place.clone(),
        row: t.first_row + i,
        column: col.map(|c| columns.header(c, header)),
    };
    let code_col = columns.find(&Role::Code);
    let name_col = columns.find(&Role::Name);
    let cell = |row: &[String], col: Option<usize>| {
        col.and_then(|c| row.get(c)).map(|s| s.trim().to_string()).unwrap_or_default()
    };
    let extras = columns.extras(header);
    if !columns.indicators {
        if columns.find(&Role::Deadline).is_none() {
            found.no_deadline_column = true;
        }
        if task_appendix.is_none() {
            found.appendices.push(head.clone().unwrap_or_default());
            *task_appendix = Some(found.appendices.len() - 1);
        }
    }
    let mut appendix = task_appendix.unwrap_or(0);
    let mut group: Option<usize> = None;
    let mut heading = false;
    // An indicator's year: its group row's ("Đến năm 2030"), else the target column's header
    // ("Mục tiêu đến năm 2030").
    let mut year: Option<i32> = columns.find(&Role::Result).and_then(|c| year_in(&header[c]));
    // What the last item row was, to carry a split row into.
    enum Last {
        None,
        Task(usize),
        Indicator(usize),
    }
    let mut last = Last::None;
    for (i, row) in t.rows.iter().enumerate().skip(header_at + 1 + skip) {
        let folded: Vec<String> = row.iter().map(|c| fold(c)).collect();
        let filled: Vec<usize> = (0..row.len()).filter(|&c| !row[c].trim().is_empty()).collect();
        if filled.is_empty() || is_numbering(row) {
            continue;
        }
        if folded == columns.key || folded == columns.first_key || (skip == 1 && folded == columns.sub_key) {
            // The header again: on a new page, or under the next appendix's heading.
            if heading && !columns.indicators {
                found.appendices.push(head.clone().unwrap_or_default());
                *task_appendix = Some(found.appendices.len() - 1);
                appendix = found.appendices.len() - 1;
                group = None;
            }
            heading = false;
            continue;
        }
        let first = row[filled[0]].trim();
        // The next appendix pasted under this one: its heading, then its title lines.
        if filled.len() == 1 {
            if let Some(number) = appendix_number(first) {
                *head = Some(AppendixHead { number, title: String::new() });
                *task_appendix = None;
                heading = true;
                continue;
            }
            if heading {
                if !first.starts_with('(') {
                    if let Some(h) = head.as_mut() {
                        join(&mut h.title, first, " ");
                    }
                }
                continue;
            }
        }
        if heading && !columns.indicators {
            found.appendices.push(head.clone().unwrap_or_default());
            *task_appendix = Some(found.appendices.len() - 1);
            appendix = found.appendices.len() - 1;
            group = None;
        }
        heading = false;
        if fold(first).starts_with("ghi chu") {
            found.remarks.push(filled.iter().map(|&c| row[c].trim()).collect::<Vec<_>>().join(" "));
            break;
        }
        let code_text = cell(row, code_col);
        // A group: a Roman number and its title, or one text across the row from its first cell.
        let group_number = group_code(&code_text);
        let across = filled.len() == 1 && (filled[0] == 0 || Some(filled[0]) == code_col);
        if group_number.is_some() || (across && item_code(first).is_none()) {
            let title = if group_number.is_some() {
                filled.iter().filter(|&&c| Some(c) != code_col).map(|&c| row[c].trim()).collect::<Vec<_>>().join(" ")
            } else {
                first.to_string()
            };
            // "I. Nhóm một" written in one merged cell.
            let (code, title) = match (group_number, title.is_empty()) {
                (Some(c), _) => (Some(c), title),
                (None, _) => split_numbered(&title),
            };
            if columns.indicators {
                year = year_in(&title).or(year);
            } else {
                let key = fold(&title);
                let at = found.groups.iter().position(|g| fold(&g.title) == key && g.code == code);
                group = Some(at.unwrap_or_else(|| {
                    found.groups.push(GroupRow { code, title, place: place(i, Some(filled[0])) });
                    found.groups.len() - 1
                }));
            }
            last = Last::None;
            continue;
        }
        // The number of the row above again: a number cell merged down over a row split in two
        // (a workbook fills the merged area), unless the row names a lead of its own.
        let lead_here = cell(row, columns.find(&Role::Lead));
        let same_as_above = item_code(&code_text).is_some_and(|c| match &last {
            Last::Task(k) => found.tasks[*k].code == c && (lead_here.is_empty() || lead_here == found.tasks[*k].lead),
            Last::Indicator(k) => {
                found.indicators[*k].code == c && (lead_here.is_empty() || lead_here == found.indicators[*k].tracker)
            }
            Last::None => false,
        });
        match item_code(&code_text) {
            Some(code) if !same_as_above => {
                // "8.10" pasted into Excel becomes the number 8.1: after 8.9, it is 8.10 again.
                let before: Vec<&str> = if columns.indicators {
                    found.indicators.iter().map(|x| x.code.as_str()).collect()
                } else {
                    found.tasks.iter().map(|x| x.code.as_str()).collect()
                };
                let code = match trailing_zero(&code, &before) {
                    Some(restored) => {
                        found.notes.push(Note {
                            place: place(i, code_col),
                            entry: if columns.indicators { Entry::Indicator(restored.clone()) } else { Entry::Plan },
                            text: format!(
                                "số thứ tự \"{code}\" sau \"{}\": đọc là {restored} (bảng tính bỏ số 0 cuối của số thập phân)",
                                before.last().unwrap_or(&"")
                            ),
                        });
                        restored
                    }
                    None => code,
                };
                if columns.indicators {
                    let tracker_col = columns.find(&Role::Lead);
                    found.indicators.push(IndicatorRow {
                        code,
                        name: cell(row, name_col),
                        unit: cell(row, columns.find(&Role::Unit)),
                        target: cell(row, columns.find(&Role::Result)),
                        year,
                        tracker: cell(row, tracker_col),
                        place: place(i, None),
                        tracker_header: tracker_col.map(|c| columns.header(c, header)).unwrap_or_default(),
                    });
                    last = Last::Indicator(found.indicators.len() - 1);
                } else {
                    let lead_col = columns.find(&Role::Lead);
                    let deadline_col = columns.find(&Role::Deadline);
                    found.tasks.push(TaskRow {
                        code,
                        name: cell(row, name_col),
                        lead: cell(row, lead_col),
                        cooperating: cell(row, columns.find(&Role::Cooperating)),
                        result: cell(row, columns.find(&Role::Result)),
                        deadline: deadline_col.map(|c| cell(row, Some(c))),
                        extra: extras.iter().map(|(c, h)| (h.clone(), cell(row, Some(*c)))).collect(),
                        group,
                        appendix,
                        place: place(i, None),
                        lead_header: lead_col.map(|c| columns.header(c, header)).unwrap_or_default(),
                        deadline_header: deadline_col.map(|c| columns.header(c, header)).unwrap_or_default(),
                    });
                    last = Last::Task(found.tasks.len() - 1);
                }
            }
            // The rest of the row above: a cell split over two rows (a page break in the
            // document it was converted from), or the same number again (merged down).
            _ if code_text.is_empty() || same_as_above => {
                match last {
                    Last::Task(k) => {
                        let t = &mut found.tasks[k];
                        join(&mut t.name, &cell(row, name_col), " ");
                        join_list(&mut t.lead, &cell(row, columns.find(&Role::Lead)));
                        join_list(&mut t.cooperating, &cell(row, columns.find(&Role::Cooperating)));
                        join(&mut t.result, &cell(row, columns.find(&Role::Result)), " ");
                        if let (Some(d), Some(c)) = (t.deadline.as_mut(), columns.find(&Role::Deadline)) {
                            join(d, &cell(row, Some(c)), " ");
                        }
                        for (slot, (c, _)) in t.extra.iter_mut().zip(&extras) {
                            join(&mut slot.1, &cell(row, Some(*c)), " ");
                        }
                    }
                    Last::Indicator(k) => {
                        let ind = &mut found.indicators[k];
                        join(&mut ind.name, &cell(row, name_col), " ");
                        join(&mut ind.unit, &cell(row, columns.find(&Role::Unit)), " ");
                        join(&mut ind.target, &cell(row, columns.find(&Role::Result)), " ");
                        join_list(&mut ind.tracker, &cell(row, columns.find(&Role::Lead)));
                    }
                    Last::None => found.notes.push(Note {
                        place: place(i, Some(filled[0])),
                        entry: Entry::Plan,
                        text: format!(
                            "dòng không xếp được: không có số thứ tự, không nối tiếp nhiệm vụ hay chỉ tiêu nào (\"{}\")",
                            crate::vn::cut(first, 60)
                        ),
                    }),
                }
            }
            _ => found.misplaced.push((
                (!columns.indicators && !found.tasks.is_empty()).then(|| found.tasks.len() - 1),
                Note {
                    place: place(i, code_col),
                    entry: Entry::Plan,
                    text: format!(
                        "dòng không xếp được: số thứ tự \"{code_text}\" không phải số của nhiệm vụ hay chỉ tiêu (\"{}\"); \
                         thêm thành nhiệm vụ hoặc bỏ qua",
                        crate::vn::cut(&filled.iter().map(|&c| row[c].trim()).collect::<Vec<_>>().join(" "), 60)
                    ),
                },
            )),
        }
    }
    true
}

/// "I. Nhóm một" → (Some("I"), "Nhóm một"); "Nhóm một" → (None, "Nhóm một").
fn split_numbered(text: &str) -> (Option<String>, String) {
    let t = text.trim();
    if let Some((first, rest)) = t.split_once(char::is_whitespace) {
        if first.ends_with(['.', ')']) {
            if let Some(c) = group_code(first).or_else(|| item_code(first)) {
                return (Some(c), rest.trim().to_string());
            }
        }
    }
    (None, t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Block {
        Block::Table(Table {
            place: "bảng 1".into(),
            rows: rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect(),
            header_rows: 1,
            first_row: 1,
        })
    }

    #[test]
    fn rows_are_groups_tasks_continuations_or_said_with_their_place() {
        let header: &[&str] =
            &["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả", "Thời gian hoàn thành"];
        let blocks = vec![
            Block::Paragraph("PHỤ LỤC II".into()),
            Block::Paragraph("DANH MỤC CÁC NHIỆM VỤ".into()),
            Block::Paragraph("(Kèm theo Kế hoạch)".into()),
            table(&[
                header,
                &["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
                &["I.", "Nhóm một", "", "", "", ""],
                &["1.", "Việc một", "Sở Y tế", "", "Báo cáo", "2025"],
                &["", "còn tiếp", "Sở Tư pháp", "", "", ""],
                &["1.", "nữa", "", "", "", ""],
                header,
                &["2.", "Việc hai", "Sở KH&CN", "", "", "Thường xuyên"],
                &["II. Nhóm hai", "", "", "", "", ""],
                &["3", "Việc ba", "Sở X", "", "", "Quý V/2025"],
                &["a)", "Việc lạc", "", "", "", ""],
                &["Ghi chú: sau sắp xếp …", "", "", "", "", ""],
            ]),
        ];
        let f = find(&blocks);
        assert_eq!(f.appendices, [AppendixHead { number: "II".into(), title: "DANH MỤC CÁC NHIỆM VỤ".into() }]);
        assert_eq!(
            f.groups.iter().map(|g| (g.code.clone(), g.title.clone())).collect::<Vec<_>>(),
            [(Some("I".into()), "Nhóm một".into()), (Some("II".into()), "Nhóm hai".into())]
        );
        assert_eq!(f.tasks.len(), 3);
        // Split over rows, the number cell merged down (a workbook repeats it): one task.
        assert_eq!(f.tasks[0].name, "Việc một còn tiếp nữa");
        // The rest of a list of bodies on the next row: one list, a comma between.
        assert_eq!(f.tasks[0].lead, "Sở Y tế, Sở Tư pháp");
        assert_eq!(f.tasks[0].deadline.as_deref(), Some("2025"));
        assert_eq!(f.tasks[1].group, Some(0));
        assert_eq!(f.tasks[2].group, Some(1));
        assert_eq!(f.tasks[2].place, Place { table: "bảng 1".into(), row: 10, column: None });
        assert_eq!(f.misplaced.len(), 1);
        assert_eq!(f.misplaced[0].0, Some(2), "said at the task above it");
        assert_eq!(f.misplaced[0].1.place.row, 11);
        assert!(f.misplaced[0].1.text.contains("số thứ tự \"a)\""), "{}", f.misplaced[0].1.text);
        assert_eq!(f.remarks, ["Ghi chú: sau sắp xếp …"]);
    }

    #[test]
    fn an_indicator_table_takes_its_year_from_the_group_row() {
        let blocks = vec![table(&[
            &["TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì theo dõi, đánh giá"],
            &["I", "Đến năm 2030", "", "", ""],
            &["1", "Chỉ số PII", "Thứ bậc", "Top 10", "Sở KH&CN"],
            &["8", "Chỉ tiêu cha", "", "Top đầu", ""],
            &["8.1", "Tỉ lệ", "%", "≥ 70", "Sở TT&TT"],
            &["II", "Đến năm 2045", "", "", ""],
            &["9", "Kinh tế số", "% GRDP", "50", "Sở TT&TT"],
        ])];
        // No group rows: the year in the target column's header.
        let f2 = find(&[table(&[
            &["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu đến năm 2030", "Cơ quan chủ trì"],
            &["1", "Chỉ số PII", "Thứ bậc", "Top 10", "Sở KH&CN"],
        ])]);
        assert_eq!(f2.indicators[0].year, Some(2030));
        let f = find(&blocks);
        let got: Vec<_> = f.indicators.iter().map(|i| (i.code.as_str(), i.year, i.unit.as_str())).collect();
        assert_eq!(
            got,
            [
                ("1", Some(2030), "Thứ bậc"),
                ("8", Some(2030), ""),
                ("8.1", Some(2030), "%"),
                ("9", Some(2045), "% GRDP")
            ]
        );
        assert!(f.groups.is_empty() && f.tasks.is_empty());
    }

    #[test]
    fn a_code_a_spreadsheet_shortened_is_read_back() {
        assert_eq!(trailing_zero("8.1", &["8", "8.1", "8.9"]), Some("8.10".into()));
        assert_eq!(trailing_zero("8.2", &["8", "8.1", "8.2", "8.19"]), Some("8.20".into()));
        assert_eq!(trailing_zero("8.1", &["8", "8.1", "8.2"]), None, "a real repeat stays one");
        assert_eq!(trailing_zero("8.1", &["8"]), None);
    }

    #[test]
    fn numbers() {
        assert_eq!(roman("IV"), Some(4));
        assert_eq!(roman("xii"), Some(12));
        assert_eq!(roman("ID"), None);
        assert_eq!(item_code("12."), Some("12".into()));
        assert_eq!(item_code("8.1"), Some("8.1".into()));
        assert_eq!(item_code("a)"), None);
        assert_eq!(appendix_number("PHỤ LỤC II"), Some("II".into()));
        assert_eq!(appendix_number("Phụ lục 1"), Some("1".into()));
        assert_eq!(appendix_number("Phụ lục kèm theo"), None);
    }
}
