//! The catalog of problems `validate` reports: one variant per diagnostic code, and the one
//! place that says, in Vietnamese, what each means, what was expected and how to fix it.
//!
//! Callers build a [`Problem`] with the facts of the case, place it with [`Problem::at`], and add
//! what they alone know: the value found in the cell and the agency.

use chrono::NaiveDate;

use super::{DateWindow, TableKind, RETURN_MARKER, REVIEW_SHEET};
use crate::diag::{Diagnostic, Field, Location, Severity, Subject};

/// What a row is about, in the words of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Item {
    Task,
    Indicator,
}

impl Item {
    pub fn word(self) -> &'static str {
        match self {
            Item::Task => "nhiệm vụ",
            Item::Indicator => "chỉ tiêu",
        }
    }
}

/// What an indicator's value should have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    Rank,
    Number { percent: bool },
}

/// How a value's unit contradicts its indicator's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitClash {
    /// A count (a number over 100, or with unit words) where a percentage is due.
    CountForShare,
    /// A percentage where a count is due.
    ShareForCount,
    /// A percentage above 100 % for a share.
    ShareOver100,
}

/// Problems only the officer can settle (which file of an agency counts, lateness, sample data
/// in input/): said in the officer's list, never put on a form or text sent to the agency.
pub const OFFICER_ONLY: [&str; 6] =
    ["late", "duplicate-file", "sample-mixed", "value-superseded", "report-empty", "return-mark-unearned"];

/// One problem, with the facts its message needs.
#[derive(Debug, Clone)]
pub enum Problem<'a> {
    /// The file could not be read at all (`too_large`: past a budget, not broken).
    FileUnreadable { error: String, too_large: bool },
    /// A text cell longer than the budget, cut.
    TextTruncated { chars: usize, kept: usize },
    /// Text typed in TCVN3 or VNI, converted to read.
    LegacyEncoding { vni: bool, cells: usize },
    /// A second file from one agency, set aside for `chosen`.
    DuplicateFile { agency: &'a str, chosen: &'a str, why: &'static str },
    /// A real report among generated sample files.
    SampleMixed,
    /// Dated after the deadline.
    Late { date: NaiveDate, deadline: NaiveDate },
    /// The table was read from a hidden sheet.
    HiddenSheet,
    /// A name the plan's registry knows as a predecessor of `current`.
    AgencyPredecessor { former: &'a str, current: &'a str },
    /// No agency of the registry (`labelled`: a name was given; otherwise only the file name).
    AgencyUnknown { labelled: bool, closest: &'a [String], former: Option<&'a str> },
    /// No agency cell; the file name decided.
    AgencyFromFilename { agency: &'a str },
    /// A date outside the cycle's window (`what`: which date, as said in a sentence).
    DateImplausible { what: &'a str, window: DateWindow },
    /// A date that does not read (`task`: a task's completion date; otherwise the report's).
    DateInvalid { task: Option<&'a str> },
    /// A task's completion date later than the report that states it.
    CompletedAfterReport { task: &'a str, report: NaiveDate },
    /// In a file with no report date, a task's completion date later than the consolidated
    /// report being made: not yet come.
    CompletedInFuture { task: &'a str, document: NaiveDate },
    /// No report date anywhere.
    ReportDateMissing,
    /// A table the agency must send is not there.
    TableMissing { kind: TableKind },
    /// A row with content but no code.
    RowUnread { item: Item },
    /// A formula with no stored result.
    FormulaUncomputed,
    /// The code column is the sender's own numbering; `renamed` rows were placed by name.
    OwnNumbering { renamed: usize },
    /// A row's name is clearly another task's: counted there.
    TaskCodeMismatch { typed: &'a str, task: &'a str },
    /// A row's name contradicts its code and points nowhere clearly.
    TaskNameMismatch { typed: &'a str, plan_name: &'a str },
    /// A code the plan does not have (`tasks`: the plan's number of tasks, for a task row).
    CodeUnknown { item: Item, code: &'a str, tasks: Option<usize> },
    /// A task the agency does not lead.
    TaskNotAssigned { task: &'a str },
    /// A code a second time in one workbook.
    CodeDuplicate { item: Item, code: &'a str },
    /// No status (`marks`: the table marks statuses in one column each).
    StatusEmpty { task: &'a str, marks: bool },
    /// Two statuses at once.
    StatusContradictory { task: &'a str, marks: bool },
    /// A status that is none of the four.
    StatusInvalid { task: &'a str },
    /// "8.1" typed as a number where the plan has 8.1 and 8.10.
    CodeAmbiguous { item: Item, code: &'a str },
    /// A value for an indicator the agency does not track.
    IndicatorNotTracked { code: &'a str },
    /// A self-assessment that is none of Đạt, Chưa đạt, Vượt.
    AssessmentInvalid { code: &'a str },
    /// A value that does not read as what the indicator needs.
    ValueInvalid { code: &'a str, wanted: Wanted },
    /// A fraction (0,95) in a percent indicator, read as a percentage.
    PercentFraction { code: &'a str, typed: f64, read: f64 },
    /// Assigned tasks without a row.
    TaskMissing { count: usize },
    /// Tracked indicators without a row.
    IndicatorMissing { count: usize },
    /// A row the sender hid, read because no visible row gives its task or indicator.
    HiddenRow { item: Item, code: &'a str },
    /// The report is for another period of the plan (`found`), not the one consolidated.
    OtherPeriod { found: &'a str, current: &'a str },
    /// A value whose unit contradicts the indicator's.
    ValueUnit { code: &'a str, unit: &'a str, clash: UnitClash },
    /// A value of this file replaced by a later report of the same agency.
    ValueSuperseded { item: Item, code: &'a str, by: &'a str, date: Option<NaiveDate> },
    /// A sheet that names the plan's tasks (`tasks`), or says it is an agency's report (`agency`,
    /// in a workbook of several reports), but holds no table a reader can find.
    SheetUnread { tasks: usize, agency: Option<&'a str> },
    /// A sheet of the report that is another period's (last cycle kept beside this one).
    SheetOtherPeriod { found: &'a str, current: &'a str },
    /// A file naming an agency but holding none of its figures, beside one that does (`kept`).
    ReportEmpty { agency: &'a str, kept: &'a str },
    /// The return-form line naming `named`, in a file that is not a return form tonghop wrote.
    ReturnMarkUnearned { named: &'a str },
    /// More problems of one kind in one file than are listed; `count` more (`error`: errors).
    DiagnosticsOmitted { code: &'a str, count: usize, error: bool },
}

const FOUR_STATUSES: &str = "Hoàn thành, Đang thực hiện, Thường xuyên hoặc Chưa thực hiện";
const USE_THE_FORM: &str = "Dùng biểu mẫu do Sở gửi, giữ nguyên dòng tiêu đề của bảng.";

impl Problem<'_> {
    /// The stable code people and scripts refer to.
    pub fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            FileUnreadable { .. } => "file-unreadable",
            TextTruncated { .. } => "text-truncated",
            LegacyEncoding { .. } => "legacy-encoding",
            DuplicateFile { .. } => "duplicate-file",
            SampleMixed => "sample-mixed",
            Late { .. } => "late",
            HiddenSheet => "hidden-sheet",
            AgencyPredecessor { .. } => "agency-predecessor",
            AgencyUnknown { .. } => "agency-unknown",
            AgencyFromFilename { .. } => "agency-from-filename",
            DateImplausible { .. } => "date-implausible",
            DateInvalid { .. } => "date-invalid",
            CompletedAfterReport { .. } => "completed-after-report",
            CompletedInFuture { .. } => "completed-in-future",
            ReportDateMissing => "report-date-missing",
            TableMissing { .. } => "table-missing",
            RowUnread { .. } => "row-unread",
            FormulaUncomputed => "formula-uncomputed",
            OwnNumbering { .. } => "own-numbering",
            TaskCodeMismatch { .. } => "task-code-mismatch",
            TaskNameMismatch { .. } => "task-name-mismatch",
            CodeUnknown { .. } => "code-unknown",
            TaskNotAssigned { .. } => "task-not-assigned",
            CodeDuplicate { .. } => "code-duplicate",
            StatusEmpty { .. } => "status-empty",
            StatusContradictory { .. } => "status-contradictory",
            StatusInvalid { .. } => "status-invalid",
            CodeAmbiguous { .. } => "code-ambiguous",
            IndicatorNotTracked { .. } => "indicator-not-tracked",
            AssessmentInvalid { .. } => "assessment-invalid",
            ValueInvalid { .. } => "value-invalid",
            PercentFraction { .. } => "percent-fraction",
            TaskMissing { .. } => "task-missing",
            IndicatorMissing { .. } => "indicator-missing",
            HiddenRow { .. } => "hidden-row",
            OtherPeriod { .. } => "period-other",
            ValueUnit { .. } => "value-unit",
            ValueSuperseded { .. } => "value-superseded",
            SheetUnread { .. } => "sheet-unread",
            SheetOtherPeriod { .. } => "sheet-other-period",
            ReportEmpty { .. } => "report-empty",
            ReturnMarkUnearned { .. } => "return-mark-unearned",
            DiagnosticsOmitted { .. } => "diagnostics-omitted",
        }
    }

    /// An error keeps a figure out of the report (or counts it as not reported); a warning
    /// means it was taken, or left out on purpose, and someone should look.
    pub fn severity(&self) -> Severity {
        use Problem::*;
        match self {
            FileUnreadable { .. }
            | AgencyUnknown { .. }
            | TableMissing { .. }
            | FormulaUncomputed
            | TaskNameMismatch { .. }
            | CodeDuplicate { .. }
            | StatusEmpty { .. }
            | StatusContradictory { .. }
            | StatusInvalid { .. }
            | ValueInvalid { wanted: Wanted::Number { .. }, .. }
            | OtherPeriod { .. }
            | DiagnosticsOmitted { error: true, .. }
            | ValueUnit { .. }
            // The agency's report is not counted.
            | SheetUnread { agency: Some(_), .. } => Severity::Error,
            _ => Severity::Warning,
        }
    }

    /// What is wrong, in a sentence that says what tonghop did about it.
    pub fn message(&self) -> String {
        use Problem::*;
        match self {
            FileUnreadable { error, .. } => format!("không đọc được tệp: {error}"),
            TextTruncated { chars, kept } => format!(
                "ô có {} ký tự; chỉ {} ký tự đầu được đưa vào báo cáo",
                crate::vn::int(*chars as i64),
                crate::vn::int(*kept as i64)
            ),
            LegacyEncoding { vni, cells } => format!(
                "tệp gõ bằng bảng mã cũ {}; {cells} ô đã được chuyển sang Unicode để đọc",
                if *vni { "VNI (phông VNI-Times)" } else { "TCVN3 (phông .VnTime)" }
            ),
            DuplicateFile { agency, chosen, why } => {
                format!("{agency} gửi nhiều tệp; dùng tệp \"{chosen}\" ({why}), bỏ qua tệp này")
            }
            SampleMixed => {
                "tệp báo cáo thật nằm lẫn với tệp dữ liệu mẫu; báo cáo sẽ mang dấu \"DỮ LIỆU MẪU\"".into()
            }
            Late { date, deadline } => format!(
                "báo cáo ngày {} sau hạn {}",
                crate::vn::short_date(*date),
                crate::vn::short_date(*deadline)
            ),
            HiddenSheet => "bảng được đọc từ một trang tính đang ẩn".into(),
            AgencyPredecessor { former, current } => {
                format!("\"{former}\" đã sắp xếp lại; báo cáo được tính cho {current}")
            }
            AgencyUnknown { labelled: true, .. } => {
                "tên cơ quan báo cáo không có trong danh mục của kế hoạch; tệp không được tổng hợp".into()
            }
            AgencyUnknown { labelled: false, .. } => {
                "không xác định được cơ quan báo cáo (không có ô \"Cơ quan báo cáo:\", tên tệp cũng không khớp)".into()
            }
            AgencyFromFilename { .. } => {
                "không thấy ô \"Cơ quan báo cáo:\"; cơ quan được xác định theo tên tệp".into()
            }
            DateImplausible { what, .. } => {
                format!("{what} nằm ngoài khoảng thời gian của kỳ báo cáo; không được dùng")
            }
            DateInvalid { task: None } => "không đọc được \"Ngày báo cáo\"".into(),
            DateInvalid { task: Some(task) } => format!("không đọc được ngày hoàn thành của nhiệm vụ {task}"),
            CompletedAfterReport { task, report } => format!(
                "ngày hoàn thành của nhiệm vụ {task} sau ngày báo cáo {}; ngày này vẫn được ghi nhận",
                crate::vn::short_date(*report)
            ),
            CompletedInFuture { task, document } => format!(
                "ngày hoàn thành của nhiệm vụ {task} sau ngày lập báo cáo tổng hợp {}, tức là chưa đến; ngày này vẫn được ghi nhận",
                crate::vn::short_date(*document)
            ),
            ReportDateMissing => {
                "thiếu ô \"Ngày báo cáo:\"; không xác định được báo cáo đúng hạn hay trễ hạn".into()
            }
            TableMissing { kind: TableKind::Tasks } => "không tìm thấy bảng nhiệm vụ".into(),
            TableMissing { kind: TableKind::Indicators } => "không tìm thấy bảng chỉ tiêu".into(),
            RowUnread { item } => {
                format!("dòng có nội dung nhưng không có mã {} đọc được; dòng này không được tính", item.word())
            }
            FormulaUncomputed => {
                "công thức chưa được tính (tệp không lưu kết quả của công thức); giá trị ô này không đọc được".into()
            }
            OwnNumbering { renamed } => format!(
                "cột \"TT\" là số thứ tự riêng của cơ quan, không phải mã nhiệm vụ của kế hoạch; {renamed} dòng được xác định theo tên nhiệm vụ"
            ),
            TaskCodeMismatch { typed, task } => {
                format!("mã {typed} nhưng tên là của nhiệm vụ {task}; dòng này được tính cho nhiệm vụ {task}")
            }
            TaskNameMismatch { typed, .. } => format!(
                "tên nhiệm vụ không khớp với mã {typed} và không trùng rõ với nhiệm vụ nào khác; dòng này không được tính"
            ),
            CodeUnknown { item, code, .. } => {
                format!("mã {} {code} không có trong kế hoạch; dòng này không được tính", item.word())
            }
            TaskNotAssigned { task } => {
                format!("nhiệm vụ {task} không giao cho cơ quan này chủ trì; dòng này không được tính")
            }
            CodeDuplicate { item, code } => {
                format!("{} {code} xuất hiện lần nữa; chỉ dòng đầu tiên được tính", item.word())
            }
            StatusEmpty { task, marks: true } => {
                format!("nhiệm vụ {task} chưa đánh dấu tình trạng; được tính là \"Chưa báo cáo\"")
            }
            StatusEmpty { task, marks: false } => {
                format!("nhiệm vụ {task} chưa ghi tình trạng; được tính là \"Chưa báo cáo\"")
            }
            StatusContradictory { task, marks: true } => {
                format!("nhiệm vụ {task} được đánh dấu nhiều tình trạng; được tính là \"Chưa báo cáo\"")
            }
            StatusContradictory { task, marks: false } => format!(
                "tình trạng của nhiệm vụ {task} nêu hai tình trạng khác nhau; được tính là \"Chưa báo cáo\""
            ),
            StatusInvalid { task } => {
                format!("tình trạng của nhiệm vụ {task} không hợp lệ; được tính là \"Chưa báo cáo\"")
            }
            CodeAmbiguous { code, .. } => {
                format!("mã {code} nhập dạng số có thể là {code} hoặc {code}0; đã hiểu là {code}")
            }
            IndicatorNotTracked { code } => {
                format!("chỉ tiêu {code} không giao cho cơ quan này theo dõi; số liệu không được tính")
            }
            AssessmentInvalid { code } => format!("tự đánh giá chỉ tiêu {code} không hợp lệ"),
            ValueInvalid { code, wanted: Wanted::Rank } => format!("chỉ tiêu {code} cần thứ hạng"),
            ValueInvalid { code, wanted: Wanted::Number { .. } } => {
                format!("không đọc được số liệu của chỉ tiêu {code}")
            }
            PercentFraction { code, typed, read } => format!(
                "chỉ tiêu {code} tính bằng %: đã hiểu {} là {}%",
                crate::vn::number(*typed),
                crate::vn::number(*read)
            ),
            TaskMissing { count } => {
                format!("thiếu {count} nhiệm vụ được giao; các nhiệm vụ này được tính là \"Chưa báo cáo\"")
            }
            IndicatorMissing { count } => format!("thiếu {count} chỉ tiêu được giao theo dõi"),
            HiddenRow { item, code } => {
                format!("dòng {} {code} đang bị ẩn; vẫn được tính vì không có dòng hiện nào cho {0} này", item.word())
            }
            OtherPeriod { found, current } => {
                format!("đây là báo cáo kỳ {found}, không phải kỳ {current}; tệp không được tính vào kỳ này")
            }
            ValueUnit { code, unit, clash } => {
                let why = match clash {
                    UnitClash::CountForShare => "giá trị là một số lượng, không phải tỷ lệ phần trăm",
                    UnitClash::ShareForCount => "giá trị là tỷ lệ phần trăm, không phải số lượng",
                    UnitClash::ShareOver100 => "tỷ lệ lớn hơn 100%",
                };
                format!("chỉ tiêu {code} tính bằng \"{unit}\" nhưng {why}; giá trị không được tính")
            }
            ValueSuperseded { item, code, by, date } => {
                let when = date.map(|d| format!(" ngày {}", crate::vn::short_date(d))).unwrap_or_default();
                format!("{} {code} được cập nhật theo báo cáo bổ sung \"{by}\"{when}; giá trị ở tệp này không còn được tính", item.word())
            }
            SheetOtherPeriod { found, current } => {
                format!("trang tính này là báo cáo kỳ {found}, không phải kỳ {current}; trang tính không được tính")
            }
            SheetUnread { tasks, agency: None } => format!(
                "trang tính nêu {tasks} nhiệm vụ của Kế hoạch nhưng không có dòng tiêu đề bảng để đọc; trang tính không được đọc"
            ),
            SheetUnread { agency: Some(agency), .. } => format!(
                "trang tính ghi là báo cáo của {agency} nhưng không có dòng tiêu đề bảng để đọc (cột nhiệm vụ hoặc mã số, \
                 cột tình trạng); trang tính không được đọc: báo cáo của cơ quan này chưa được tính"
            ),
            ReportEmpty { agency, kept } => format!(
                "tệp ghi là báo cáo của {agency} nhưng không có số liệu nào (không có dòng nhiệm vụ, chỉ tiêu); \
                 báo cáo của cơ quan vẫn lấy từ tệp \"{kept}\", tệp này không được tính"
            ),
            ReturnMarkUnearned { named } => format!(
                "tệp có dòng \"{RETURN_MARKER} «{named}»\" nhưng không phải biểu mẫu trả lại do tonghop lập \
                 (không có trang \"{REVIEW_SHEET}\" ghi tệp đó); tệp không thay cho tệp \"{named}\", hai tệp được xét \
                 như hai báo cáo của cùng cơ quan"
            ),
            DiagnosticsOmitted { code, count, .. } => format!(
                "còn {} sai sót loại \"{code}\" khác trong tệp này không được liệt kê (chỉ liệt kê {} sai sót đầu tiên mỗi loại)",
                crate::vn::int(*count as i64),
                super::DIAGNOSTICS_PER_CODE
            ),
        }
    }

    /// The value that would have been right, where one can be named.
    pub fn expected(&self) -> Option<String> {
        use Problem::*;
        Some(match self {
            AgencyPredecessor { current, .. } => current.to_string(),
            AgencyUnknown { closest, .. } => format!("một cơ quan trong danh mục; gần nhất: {}", closest.join("; ")),
            AgencyFromFilename { agency } => agency.to_string(),
            DateImplausible { window, .. } => window.describe(),
            DateInvalid { task: None } => "ngày theo dạng ngày/tháng/năm, ví dụ 20/11/2026".into(),
            DateInvalid { task: Some(_) } => "ngày/tháng/năm, ví dụ 15/10/2026".into(),
            CompletedAfterReport { report, .. } => {
                format!("một ngày không sau ngày báo cáo {}", crate::vn::short_date(*report))
            }
            CompletedInFuture { document, .. } => {
                format!("một ngày đã qua, không sau {}", crate::vn::short_date(*document))
            }
            TableMissing { kind: TableKind::Tasks } => {
                "một dòng tiêu đề có cột \"TT\" và cột \"Tình trạng\" trong 30 dòng đầu của một trang tính".into()
            }
            TableMissing { kind: TableKind::Indicators } => {
                "một dòng tiêu đề có cột \"Mã chỉ tiêu\" và cột \"Kết quả thực hiện\" trong 30 dòng đầu của một trang tính"
                    .into()
            }
            RowUnread { item } => format!("mã {} theo Kế hoạch, ví dụ 12", item.word()),
            FormulaUncomputed => "một giá trị, hoặc công thức đã được tính".into(),
            TaskCodeMismatch { task, .. } => task.to_string(),
            TaskNameMismatch { typed, plan_name } => format!("nhiệm vụ {typed}: {plan_name}"),
            CodeUnknown { tasks: Some(n), .. } => format!("một mã nhiệm vụ từ 1 đến {n}"),
            StatusEmpty { marks: true, .. } => {
                "dấu \"x\" ở một trong các cột Hoàn thành, Đang thực hiện, Thường xuyên, Chưa thực hiện".into()
            }
            StatusEmpty { marks: false, .. } | StatusInvalid { .. } => FOUR_STATUSES.into(),
            StatusContradictory { marks: true, .. } => "dấu \"x\" ở đúng một cột tình trạng".into(),
            StatusContradictory { marks: false, .. } => {
                "một trong bốn tình trạng, phần giải thích để sau (ví dụ \"Đang thực hiện (đạt 80%)\")".into()
            }
            AssessmentInvalid { .. } => "Đạt, Chưa đạt hoặc Vượt".into(),
            OtherPeriod { current, .. } => format!("báo cáo kỳ {current}"),
            ValueUnit { unit, .. } => format!("một số theo đơn vị \"{unit}\""),
            ValueInvalid { wanted: Wanted::Rank, .. } => {
                "một số thứ hạng, ví dụ \"5\", \"thứ 5\", \"top 5\"".into()
            }
            ValueInvalid { wanted: Wanted::Number { percent }, .. } => format!(
                "một số{}",
                if *percent { " (phần trăm), ví dụ 62,5" } else { ", ví dụ 1.300 hoặc 0,75" }
            ),
            _ => return None,
        })
    }

    /// How the agency fixes it, where there is something to say.
    pub fn hint(&self) -> Option<String> {
        use Problem::*;
        Some(match self {
            FileUnreadable { too_large: true, .. } => "Tệp quá lớn hoặc có dữ liệu ở rất xa bảng (ô lạc, định dạng cả trang tính): chép riêng bảng báo cáo sang một tệp mới, lưu bằng Excel hoặc LibreOffice rồi gửi lại.".into(),
            FileUnreadable { too_large: false, .. } => {
                "Mở tệp bằng Excel, lưu lại dưới dạng .xlsx (không đặt mật khẩu) rồi gửi lại.".into()
            }
            TextTruncated { .. } => "Rút gọn nội dung; tài liệu dài gửi kèm dưới dạng tệp riêng.".into(),
            LegacyEncoding { .. } => "Chuyển tệp sang bảng mã Unicode (phông Times New Roman), ví dụ bằng công cụ chuyển mã của Unikey, trước khi gửi kỳ sau.".into(),
            DuplicateFile { .. } => "Chỉ giữ lại một tệp báo cáo cho mỗi cơ quan trong thư mục input.".into(),
            SampleMixed => "Xóa các tệp dữ liệu mẫu khỏi thư mục input trước khi lập báo cáo thật.".into(),
            HiddenSheet => "Bỏ ẩn trang tính, hoặc xóa trang tính cũ không dùng.".into(),
            AgencyUnknown { former: Some(hint), .. } if !hint.is_empty() => hint.to_string(),
            AgencyUnknown { closest, .. } => {
                format!("Ghi đúng tên cơ quan như trong danh mục, ví dụ: {}.", closest.join("; "))
            }
            AgencyFromFilename { .. } => {
                "Ghi tên cơ quan vào ô bên phải nhãn \"Cơ quan báo cáo:\" ở đầu trang tính.".into()
            }
            DateImplausible { .. } => "Kiểm tra lại ngày (năm có 4 chữ số, ngày trước tháng).".into(),
            CompletedInFuture { .. } => "Ghi ngày nhiệm vụ đã thực sự hoàn thành; nhiệm vụ chưa xong thì ghi tình trạng \"Đang thực hiện\" và ghi thời hạn dự kiến vào cột kết quả.".into(),
            CompletedAfterReport { .. } => "Kiểm tra lại ngày hoàn thành (ngày trước tháng, năm có 4 chữ số) và ngày báo cáo; nhiệm vụ chưa xong thì ghi tình trạng \"Đang thực hiện\".".into(),
            ReportDateMissing => "Thêm dòng \"Ngày báo cáo:\" kèm ngày gửi báo cáo ở đầu trang tính.".into(),
            TableMissing { .. } => USE_THE_FORM.into(),
            RowUnread { item } => format!(
                "Ghi mã {w} vào cột TT/Mã của dòng này, hoặc xóa dòng nếu không phải một {w}.",
                w = item.word()
            ),
            FormulaUncomputed => "Mở tệp bằng Excel hoặc LibreOffice rồi lưu lại (Save) để công thức được tính, sau đó gửi lại.".into(),
            OwnNumbering { .. } => "Ghi đúng mã nhiệm vụ theo Kế hoạch (cột TT của Phụ lục), hoặc dùng biểu mẫu do Sở gửi.".into(),
            TaskCodeMismatch { .. } => "Sửa mã nhiệm vụ cho đúng với tên nhiệm vụ.".into(),
            TaskNameMismatch { .. } => "Sửa mã hoặc tên nhiệm vụ cho khớp với Kế hoạch.".into(),
            TaskNotAssigned { .. } => "Chỉ báo cáo các nhiệm vụ cơ quan được giao chủ trì; nhiệm vụ phối hợp do cơ quan chủ trì báo cáo.".into(),
            CodeDuplicate { item, .. } => format!("Xóa dòng trùng hoặc sửa lại mã {}.", item.word()),
            StatusContradictory { marks: false, .. } => {
                "Chọn một tình trạng; tiến độ từng phần ghi ở cột Kết quả thực hiện.".into()
            }
            StatusInvalid { .. } => {
                "Chọn một trong bốn tình trạng; giải thích thêm ghi ở cột Kết quả thực hiện.".into()
            }
            CodeAmbiguous { item, code } => format!(
                "Nhập mã dạng văn bản (gõ '{code}0 nếu là {w} {code}0) hoặc ghi tên {w} ở cột Tên {w}.",
                w = item.word()
            ),
            ValueInvalid { wanted: Wanted::Number { .. }, .. } => {
                "Chỉ ghi số vào cột kết quả; giải thích ghi ở cột Ghi chú.".into()
            }
            PercentFraction { .. } => "Nếu không đúng, ghi số phần trăm, ví dụ 95 cho 95%.".into(),
            TaskMissing { .. } => "Bổ sung các dòng còn thiếu vào bảng nhiệm vụ.".into(),
            HiddenRow { .. } => "Bỏ ẩn dòng nếu số liệu là của kỳ này, hoặc xóa dòng cũ.".into(),
            OtherPeriod { current, .. } => format!("Gửi báo cáo kỳ {current} (tiêu đề, ngày báo cáo của kỳ này)."),
            ValueUnit { unit, .. } => format!("Ghi giá trị theo đơn vị \"{unit}\" của chỉ tiêu; số lượng, giải thích ghi ở cột Ghi chú."),
            SheetUnread { .. } => USE_THE_FORM.into(),
            SheetOtherPeriod { .. } => "Xóa trang tính của kỳ trước khỏi tệp, hoặc gửi riêng.".into(),
            ReportEmpty { .. } => "Nếu đây là bản sửa, gửi tệp có đủ bảng nhiệm vụ và chỉ tiêu; nếu không, xóa tệp khỏi thư mục input.".into(),
            ReturnMarkUnearned { .. } => "Sửa số liệu ngay trong biểu mẫu trả lại (giữ trang \"Sai sót\"), hoặc xóa dòng chữ đỏ nếu đây là một báo cáo mới.".into(),
            DiagnosticsOmitted { .. } => "Sửa các sai sót đã liệt kê (thường cùng một nguyên nhân) rồi gửi lại; lần kiểm tra sau sẽ liệt kê phần còn lại.".into(),
            _ => return None,
        })
    }

    /// The diagnostic, at `location`.
    pub fn at(self, location: Location) -> Diagnostic {
        Diagnostic {
            severity: self.severity(),
            code: self.code(),
            location,
            agency: None,
            message: self.message(),
            found: None,
            expected: self.expected(),
            hint: self.hint(),
            subject: self.subject(),
        }
    }

    /// The value a problem is about, when the problem itself names it.
    fn subject(&self) -> Option<Subject> {
        use Problem::*;
        let task = |code: &str, field| Some(Subject::Task { code: code.to_string(), field });
        let indicator = |code: &str, field| Some(Subject::Indicator { code: code.to_string(), field });
        match self {
            ReportDateMissing | DateInvalid { task: None } => Some(Subject::ReportDate),
            DateInvalid { task: Some(t) }
            | CompletedAfterReport { task: t, .. }
            | CompletedInFuture { task: t, .. } => task(t, Field::CompletedOn),
            StatusEmpty { task: t, .. } | StatusContradictory { task: t, .. } | StatusInvalid { task: t } => {
                task(t, Field::Status)
            }
            TaskCodeMismatch { task: t, .. } => task(t, Field::Code),
            CodeAmbiguous { item: Item::Task, code } => task(code, Field::Code),
            CodeAmbiguous { item: Item::Indicator, code } => indicator(code, Field::Code),
            AssessmentInvalid { code } => indicator(code, Field::Assessment),
            ValueInvalid { code, .. } | PercentFraction { code, .. } | ValueUnit { code, .. } => {
                indicator(code, Field::Value)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_and_every_problem_says_something() {
        let window = DateWindow::around(2026);
        let d = NaiveDate::from_ymd_opt(2026, 6, 10).unwrap();
        let closest = vec!["Sở Y tế".to_string()];
        let all = [
            Problem::FileUnreadable { error: "x".into(), too_large: false },
            Problem::TextTruncated { chars: 12_000, kept: 10_000 },
            Problem::LegacyEncoding { vni: false, cells: 3 },
            Problem::DuplicateFile { agency: "Sở Y tế", chosen: "a.xlsx", why: "được lưu sau cùng" },
            Problem::SampleMixed,
            Problem::Late { date: d, deadline: d },
            Problem::HiddenSheet,
            Problem::AgencyPredecessor { former: "a", current: "b" },
            Problem::AgencyUnknown { labelled: true, closest: &closest, former: None },
            Problem::AgencyFromFilename { agency: "Sở Y tế" },
            Problem::DateImplausible { what: "\"Ngày báo cáo\"", window },
            Problem::DateInvalid { task: None },
            Problem::CompletedAfterReport { task: "3", report: d },
            Problem::CompletedInFuture { task: "3", document: d },
            Problem::ReportDateMissing,
            Problem::TableMissing { kind: TableKind::Tasks },
            Problem::RowUnread { item: Item::Task },
            Problem::FormulaUncomputed,
            Problem::OwnNumbering { renamed: 4 },
            Problem::TaskCodeMismatch { typed: "3", task: "5" },
            Problem::TaskNameMismatch { typed: "3", plan_name: "x" },
            Problem::CodeUnknown { item: Item::Task, code: "99", tasks: Some(70) },
            Problem::TaskNotAssigned { task: "3" },
            Problem::CodeDuplicate { item: Item::Indicator, code: "3" },
            Problem::StatusEmpty { task: "3", marks: false },
            Problem::StatusContradictory { task: "3", marks: true },
            Problem::StatusInvalid { task: "3" },
            Problem::CodeAmbiguous { item: Item::Indicator, code: "8.1" },
            Problem::IndicatorNotTracked { code: "3" },
            Problem::AssessmentInvalid { code: "3" },
            Problem::ValueInvalid { code: "3", wanted: Wanted::Rank },
            Problem::PercentFraction { code: "3", typed: 0.95, read: 95.0 },
            Problem::TaskMissing { count: 2 },
            Problem::IndicatorMissing { count: 2 },
            Problem::HiddenRow { item: Item::Task, code: "3" },
            Problem::OtherPeriod { found: "6 tháng đầu năm 2026", current: "6 tháng cuối năm 2026" },
            Problem::ValueUnit { code: "3", unit: "%", clash: UnitClash::CountForShare },
            Problem::ValueSuperseded { item: Item::Task, code: "3", by: "b.xlsx", date: Some(d) },
            Problem::SheetUnread { tasks: 4, agency: None },
            Problem::SheetOtherPeriod { found: "6 tháng đầu năm 2026", current: "6 tháng cuối năm 2026" },
            Problem::ReportEmpty { agency: "Sở Y tế", kept: "a.xlsx" },
            Problem::ReturnMarkUnearned { named: "a.xlsx" },
            Problem::DiagnosticsOmitted { code: "code-unknown", count: 6_800, error: true },
        ];
        // One code per variant (the match in `code` is exhaustive; this list has each once).
        let mut codes: Vec<&str> = all.iter().map(Problem::code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "a code used by two variants");
        for c in &codes {
            assert_ne!(crate::diag::label(c), "Sai sót khác", "{c} has no label");
        }
        assert_eq!(all.len(), 43);
        let labelled = Problem::SheetUnread { tasks: 0, agency: Some("Sở Công Thương") };
        for p in all.into_iter().chain([labelled]) {
            let d = p.clone().at(Location::file("a.xlsx"));
            assert!(!d.message.is_empty() && !d.message.ends_with('.'), "{}: a message is a clause", d.code);
            assert!(d.hint.as_deref().is_none_or(|h| h.ends_with('.')), "{}: a hint is a sentence", d.code);
        }
    }
}
