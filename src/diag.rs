//! The diagnostic: one problem found in the input, located to the cell, said in Vietnamese.
//!
//! Every stage that finds a problem in the agencies' files returns these instead of failing, so a
//! bad cell, row or file never hides the rest. The officer sends them back to the agency as is.

use serde::Serialize;
use std::fmt;

/// How bad a problem is: an error means a figure could not be taken from the input; a warning
/// means it was taken, or left out on purpose, and someone should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        }
    }
}

/// Where a problem is: file, and when known, sheet and A1 cell.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location { file: file.into(), sheet: None, cell: None }
    }

    pub fn cell(file: impl Into<String>, sheet: impl Into<String>, row: usize, col: usize) -> Self {
        Location { file: file.into(), sheet: Some(sheet.into()), cell: Some(a1(row, col)) }
    }
}

impl Location {
    /// The order problems are listed in: by file, sheet, then row and column as numbers (A9
    /// before A10); the file's own problems first.
    pub fn sort_key(&self) -> (&str, Option<&str>, Option<(u64, u64)>) {
        let cell = self.cell.as_deref().map(|c| {
            let letters = c.chars().take_while(|ch| ch.is_ascii_alphabetic()).count();
            let col = c[..letters].bytes().fold(0u64, |n, b| n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1));
            (c[letters..].parse::<u64>().unwrap_or(0), col)
        });
        (&self.file, self.sheet.as_deref(), cell)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, " › {sheet}")?;
        }
        if let Some(cell) = &self.cell {
            write!(f, " › {cell}")?;
        }
        Ok(())
    }
}

/// A1 address of a zero-based (row, column).
pub fn a1(row: usize, col: usize) -> String {
    a1_wide(row as u64, col as u64)
}

/// A1 address of any zero-based position, even one no sheet has (to say what a file claimed).
pub fn a1_wide(row: u64, col: u64) -> String {
    let mut col = col.saturating_add(1);
    let mut letters = [0u8; 16];
    let mut n = 0;
    while col > 0 && n < letters.len() {
        letters[letters.len() - 1 - n] = b'A' + ((col - 1) % 26) as u8;
        col = (col - 1) / 26;
        n += 1;
    }
    let mut out = String::with_capacity(n + 8);
    out.extend(letters[letters.len() - n..].iter().map(|b| char::from(*b)));
    out.push_str(itoa(row.saturating_add(1)).as_str());
    out
}

/// A number's decimal digits, without the formatting machinery.
fn itoa(mut n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[i..].iter().map(|b| char::from(*b)).collect()
}

/// Which value of the agency's report a problem is about, whatever the layout of the file it
/// came from: the return form (`returns`) marks the same value in the agency's own form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Subject {
    ReportDate,
    Task {
        code: String,
        field: Field,
    },
    Indicator {
        code: String,
        field: Field,
    },
    /// Assigned tasks the file has no row for.
    MissingTasks {
        codes: Vec<String>,
    },
    /// Tracked indicators the file has no row for.
    MissingIndicators {
        codes: Vec<String>,
    },
}

/// A value of a task or indicator row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    /// The row's code (the row was placed, or recognised, by it).
    Code,
    Status,
    CompletedOn,
    Value,
    Assessment,
}

/// A problem kind in words, for wherever a person reads (console, lists, forms, workbook); the
/// code itself stays for machines (JSON).
pub fn label(code: &str) -> &'static str {
    match code {
        "file-unreadable" => "Không đọc được tệp",
        "text-truncated" => "Nội dung quá dài",
        "legacy-encoding" => "Bảng mã cũ (TCVN3, VNI)",
        "duplicate-file" => "Trùng tệp báo cáo",
        "sample-mixed" => "Lẫn dữ liệu mẫu",
        "late" => "Gửi trễ hạn",
        "hidden-sheet" => "Trang tính đang ẩn",
        "agency-predecessor" => "Tên cơ quan cũ",
        "agency-unknown" => "Không rõ cơ quan báo cáo",
        "agency-from-filename" => "Thiếu tên cơ quan báo cáo",
        "date-implausible" => "Ngày không hợp lý",
        "date-invalid" => "Ngày không đọc được",
        "completed-after-report" => "Ngày hoàn thành sau ngày báo cáo",
        "completed-in-future" => "Ngày hoàn thành chưa tới",
        "report-date-missing" => "Thiếu ngày báo cáo",
        "table-missing" => "Thiếu bảng",
        "row-unread" => "Dòng không có mã",
        "formula-uncomputed" => "Công thức chưa tính",
        "own-numbering" => "Số thứ tự riêng",
        "task-code-mismatch" => "Mã nhiệm vụ không khớp tên",
        "task-name-mismatch" => "Tên nhiệm vụ không khớp mã",
        "code-unknown" => "Mã không có trong Kế hoạch",
        "task-not-assigned" => "Nhiệm vụ không được giao chủ trì",
        "code-duplicate" => "Dòng trùng mã",
        "status-empty" => "Thiếu tình trạng",
        "status-contradictory" => "Tình trạng mâu thuẫn",
        "status-invalid" => "Tình trạng không hợp lệ",
        "code-ambiguous" => "Mã dễ nhầm",
        "indicator-not-tracked" => "Chỉ tiêu không được giao",
        "assessment-invalid" => "Tự đánh giá không hợp lệ",
        "value-invalid" => "Giá trị không đọc được",
        "percent-fraction" => "Tỷ lệ ghi dạng thập phân",
        "task-missing" => "Thiếu nhiệm vụ",
        "indicator-missing" => "Thiếu chỉ tiêu",
        "hidden-row" => "Dòng đang ẩn",
        "period-other" => "Báo cáo của kỳ khác",
        "value-unit" => "Sai đơn vị tính",
        "value-superseded" => "Đã cập nhật theo báo cáo bổ sung",
        "sheet-unread" => "Trang tính không đọc được",
        "sheet-other-period" => "Trang tính của kỳ khác",
        "report-empty" => "Tệp không có số liệu",
        "return-mark-unearned" => "Dòng biểu mẫu trả lại không hợp lệ",
        "diagnostics-omitted" => "Sai sót khác cùng loại",
        _ => "Sai sót khác",
    }
}

/// One problem. `code` is stable across versions so that people and scripts can refer to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub location: Location,
    /// Registry id of the agency the file belongs to, when it is known.
    pub agency: Option<String>,
    pub message: String,
    pub found: Option<String>,
    pub expected: Option<String>,
    pub hint: Option<String>,
    /// The value it is about, when it is one value of a task or indicator (or the report date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
}

/// Diagnostics are made by the catalog of problems (`validate::Problem::at`), which owns each
/// code's message, expected value and hint; callers add what only they know.
impl Diagnostic {
    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    pub fn agency(mut self, agency: impl Into<String>) -> Self {
        self.agency = Some(agency.into());
        self
    }

    pub fn about(mut self, subject: Subject) -> Self {
        self.subject = Some(subject);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}: {}] {}: {}",
            capitalised(self.severity.label()),
            label(self.code),
            self.location,
            self.message
        )?;
        if let Some(found) = &self.found {
            write!(f, "\n    giá trị đọc được: «{found}»")?;
        }
        if let Some(expected) = &self.expected {
            write!(f, "\n    giá trị hợp lệ: {expected}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n    cách sửa: {hint}")?;
        }
        Ok(())
    }
}

/// "lỗi" → "Lỗi".
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_addresses() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(9, 2), "C10");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
        assert_eq!(a1_wide(u64::MAX - 1, u64::MAX - 1), format!("{}{}", "GKGWBYLWRXTLPO", u64::MAX));
    }
}
