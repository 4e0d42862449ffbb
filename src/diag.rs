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
        write!(f, "[{} {}] {}: {}", self.severity.label(), self.code, self.location, self.message)?;
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
