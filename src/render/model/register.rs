//! The appendix of the submissions: who sent what, when, with how many problems.

use super::{Align, Appendix, Column, Table};
use crate::aggregate::{Figures, SubmissionState};
use crate::model::Status;
use crate::vn;

/// Above this many agencies, Phụ lục III lists only those that need attention.
pub const REGISTER_ROWS: usize = 200;

pub(super) fn appendix(f: &Figures, reference: &str, number: &str) -> Appendix {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut sum = [0usize; 5];
    let (mut total, mut errors, mut warnings) = (0, 0, 0);
    let compact = f.register.len() > REGISTER_ROWS;
    let mut shown = 0;
    for r in f.register.iter() {
        let mut state = r.state.label().to_string();
        if r.duplicates > 0 {
            state.push_str(&format!("\n({} tệp trùng)", r.duplicates + 1));
        }
        for (k, st) in Status::ALL.iter().enumerate() {
            sum[k] += r.assignments.get(*st);
        }
        total += r.assignments.total;
        errors += r.errors;
        warnings += r.warnings;
        if compact && r.state == SubmissionState::OnTime && r.errors == 0 {
            continue;
        }
        shown += 1;
        let mut row = vec![
            shown.to_string(),
            r.name.clone(),
            r.report_date.map(vn::short_date).unwrap_or_else(|| "–".into()),
            state,
            r.assignments.total.to_string(),
        ];
        row.extend(Status::ALL.iter().map(|s| r.assignments.get(*s).to_string()));
        row.push(r.indicators_tracked.to_string());
        row.push(r.errors.to_string());
        row.push(r.warnings.to_string());
        rows.push(row);
    }
    let mut row = vec![
        String::new(),
        "Tổng cộng".into(),
        String::new(),
        format!("{}/{} đã gửi", f.reported(), f.expected_agencies()),
        total.to_string(),
    ];
    row.extend(sum.iter().map(|n| n.to_string()));
    row.push(f.register.iter().map(|r| r.indicators_tracked).sum::<usize>().to_string());
    row.push(errors.to_string());
    row.push(warnings.to_string());
    rows.push(row);
    let mut columns = vec![
        Column::new("TT", 10, Align::Center),
        Column::new("Cơ quan, đơn vị", 0, Align::Left),
        Column::new("Ngày báo cáo", 22, Align::Center),
        Column::new("Tình trạng gửi", 24, Align::Center),
        Column::new("Số lượt nhiệm vụ", 18, Align::Right),
    ];
    columns.extend(Status::ALL.iter().map(|s| Column::new(s.label(), 18, Align::Right)));
    columns.extend([
        Column::new("Số chỉ tiêu theo dõi", 16, Align::Right),
        Column::new("Lỗi", 12, Align::Right),
        Column::new("Cảnh báo", 14, Align::Right),
    ]);
    Appendix {
        number: number.into(),
        subtitle: String::new(),
        title: "TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ".into(),
        reference: reference.into(),
        landscape: true,
        notes: {
            let mut notes = vec!["Số lượt nhiệm vụ và tình trạng tính theo nhiệm vụ được giao cho từng cơ quan chủ trì; lỗi, cảnh báo là số sai sót phát hiện trong tệp báo cáo của cơ quan (danh sách chi tiết gửi kèm).".to_string()];
            if compact {
                notes.push(format!(
                    "Do số lượng lớn ({} cơ quan, đơn vị), Phụ lục này chỉ liệt kê {shown} cơ quan, đơn vị chưa gửi, gửi trễ, không ghi ngày hoặc có lỗi; dòng Tổng cộng tính trên tất cả. Danh sách đầy đủ tại bảng tổng hợp Excel kèm theo (trang \"Nộp báo cáo\" và \"Theo cơ quan\").",
                    vn::int(f.register.len() as i64)
                ));
            }
            notes
        },
        table: Table::new(columns, rows).with_total(),
    }
}
