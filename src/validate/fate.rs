//! What became of every non-empty row of a table and every non-empty sheet of a workbook.
//!
//! The readers return a [`Fate`] for each row they are given and the sheet pass a [`SheetFate`]
//! for each sheet: a branch that forgot to decide would not compile. Nothing a sender wrote
//! disappears without one of these saying why.

use serde::Serialize;

use super::problem::Item;

/// A rule that skips a row without a diagnostic: a person reading the sheet would skip it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Skip {
    /// A group heading ("I. NÂNG CAO NHẬN THỨC", "1" over tasks 1.1, 1.2…).
    Group,
    /// The heading of a section of the sender's own tasks ("II. NHIỆM VỤ PHÁT SINH").
    OwnSection,
    /// The table's header repeated at a page break.
    Header,
    /// A row numbering the columns: "(1) (2) (3)…", "A B 1 2 3".
    ColumnNumbers,
    /// "Tổng cộng", "Tổng số": a total the sender computed.
    Totals,
    /// The signature block under the table: "Nơi nhận:", "- Lưu: VT", "GIÁM ĐỐC", a name.
    Signature,
    /// A note under the table ("Ghi chú: …", "* Số liệu ước tính").
    Note,
    /// Text only outside the table's columns.
    Outside,
    /// A generic form's row of a task the sender does not lead, left empty.
    Untouched,
    /// An indicator the sender does not track, left empty.
    NotTracked,
    /// A hidden row about a task or indicator that a visible row also reports: what the sender
    /// chose not to show (last cycle's rows under an autofilter).
    HiddenStale,
    /// A task's row again with the same status (a summary sheet, a code merged over two rows).
    Repeated,
}

impl Skip {
    /// In a sentence of the workbook's list of rows not counted.
    pub fn label(self) -> &'static str {
        match self {
            Skip::Group => "dòng tên nhóm",
            Skip::OwnSection => "tiêu đề phần nhiệm vụ ngoài kế hoạch",
            Skip::Header => "dòng tiêu đề bảng lặp lại",
            Skip::ColumnNumbers => "dòng đánh số cột",
            Skip::Totals => "dòng tổng cộng",
            Skip::Signature => "phần ký, nơi nhận",
            Skip::Note => "dòng ghi chú",
            Skip::Outside => "chỉ có chữ ngoài các cột của bảng",
            Skip::Untouched => "nhiệm vụ không được giao, để trống",
            Skip::NotTracked => "chỉ tiêu cơ quan không theo dõi, để trống",
            Skip::HiddenStale => "dòng ẩn, đã có dòng hiện cùng nhiệm vụ (chỉ tiêu)",
            Skip::Repeated => "dòng nhắc lại nhiệm vụ đã có, cùng tình trạng",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Skip::Group => "group",
            Skip::OwnSection => "own-section",
            Skip::Header => "header",
            Skip::ColumnNumbers => "column-numbers",
            Skip::Totals => "totals",
            Skip::Signature => "signature",
            Skip::Note => "note",
            Skip::Outside => "outside",
            Skip::Untouched => "untouched",
            Skip::NotTracked => "not-tracked",
            Skip::HiddenStale => "hidden-stale",
            Skip::Repeated => "repeated",
        }
    }
}

/// What became of one non-empty row of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Fate {
    /// Read as this plan task or indicator (its cells may still carry diagnostics).
    Read(Item, String),
    /// A task of the sender's own, outside the plan: kept, never counted as a plan task.
    Own,
    /// Skipped by a named rule, without a diagnostic.
    Skipped(Skip),
    /// Not counted, with a diagnostic of this code at the row.
    Diagnosed(&'static str),
}

impl Fate {
    /// A short key: "read", "own", the skip rule's key, or "diagnosed".
    pub fn key(&self) -> &'static str {
        match self {
            Fate::Read(..) => "read",
            Fate::Own => "own",
            Fate::Skipped(s) => s.key(),
            Fate::Diagnosed(_) => "diagnosed",
        }
    }
}

/// One row's fate, where the row is (0-based sheet index and row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowFate {
    pub sheet: usize,
    pub row: usize,
    pub fate: Fate,
}

/// Why a non-empty sheet gave no table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SheetSkip {
    /// A return form's "Sai sót" sheet: tonghop's own list of problems.
    Review,
    /// Instructions for filling the form in ("Hướng dẫn").
    Instructions,
    /// Values for drop-down lists, a list of agencies or statuses.
    Lists,
    /// A hidden sheet whose tables a visible sheet already gives.
    HiddenUnused,
    /// Text with no table and no task of the plan in it (a cover page, a chart's data).
    NoTable,
}

impl SheetSkip {
    pub fn label(self) -> &'static str {
        match self {
            SheetSkip::Review => "trang \"Sai sót\" của biểu mẫu trả lại",
            SheetSkip::Instructions => "trang hướng dẫn",
            SheetSkip::Lists => "trang danh mục (danh sách chọn)",
            SheetSkip::HiddenUnused => "trang ẩn, bảng đã có ở trang hiện",
            SheetSkip::NoTable => "không có bảng nhiệm vụ hay chỉ tiêu",
        }
    }
}

/// What became of one non-empty sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SheetFate {
    /// Its tables were read as this agency's report.
    Read { agency: String },
    /// Skipped by a named rule.
    Skipped(SheetSkip),
    /// Not read, with a diagnostic of this code.
    Diagnosed(&'static str),
}

/// One sheet's fate (0-based sheet index).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetRecord {
    pub sheet: usize,
    pub name: String,
    pub fate: SheetFate,
}
