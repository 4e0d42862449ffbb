//! The words of the agency report form that its writers (`forms`, `returns`, `sample`) and its
//! reader (`validate`) both rely on: the markers a generated file carries, the sheet names, the
//! labels of the header block and the headers of the form's columns. Defined once here, so that
//! a form tonghop writes is always one its reader knows (the tests below check the reader takes
//! each label for what it is).

/// The marker `tonghop sample` writes into every generated workbook.
pub const SAMPLE_MARKER: &str = "DỮ LIỆU MẪU";
/// The line a return form (`output/tra-lai/`) carries near its top, followed by the name of the
/// file it corrects in «»: read back, the corrected form replaces that file without a word.
pub const RETURN_MARKER: &str = "Biểu mẫu trả lại để sửa tệp";

/// The sheet of a return form that lists its problems: never a table of the report.
pub const REVIEW_SHEET: &str = "Sai sót";
pub const TASK_SHEET: &str = "Nhiệm vụ";
pub const INDICATOR_SHEET: &str = "Chỉ tiêu";
pub const INSTRUCTIONS_SHEET: &str = "Hướng dẫn";

/// The header block's labels; the value is in the cell to their right.
pub const AGENCY_LABEL: &str = "Cơ quan báo cáo:";
pub const DATE_LABEL: &str = "Ngày báo cáo:";
pub const CONTACT_LABEL: &str = "Người liên hệ (họ tên, điện thoại, email):";

/// The task table's column headers.
pub mod task {
    pub const CODE: &str = "TT";
    pub const NAME: &str = "Tên nhiệm vụ";
    pub const DEADLINE: &str = "Thời hạn";
    pub const PRODUCT: &str = "Yêu cầu sản phẩm (theo Kế hoạch)";
    pub const STATUS: &str = "Tình trạng";
    pub const COMPLETED_ON: &str = "Ngày hoàn thành";
    pub const RESULT: &str = "Kết quả thực hiện";
    pub const DIFFICULTIES: &str = "Khó khăn, vướng mắc";
    pub const PROPOSALS: &str = "Đề xuất, kiến nghị";
}

/// The indicator table's column headers.
pub mod indicator {
    pub const CODE: &str = "Mã chỉ tiêu";
    pub const NAME: &str = "Tên chỉ tiêu";
    pub const UNIT: &str = "Đơn vị tính";
    pub const TARGET: &str = "Mục tiêu";
    pub const VALUE: &str = "Kết quả thực hiện";
    pub const ASSESSMENT: &str = "Đánh giá";
    pub const NOTE: &str = "Ghi chú";
}
