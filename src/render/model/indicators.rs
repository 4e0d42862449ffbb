//! The appendix of the indicators: each one's target, result, share of the target and verdict.

use super::{pct, short_names, Align, Appendix, Column, Table};
use crate::aggregate::Figures;
use crate::plan::{Plan, Target};
use crate::vn;

pub(super) fn appendix(plan: &Plan, f: &Figures, reference: &str, number: &str) -> Appendix {
    let names = |ids: &[String]| short_names(plan, ids);
    let rows = f
        .indicator_rows
        .iter()
        .map(|r| {
            let ind = plan.indicator(&r.code);
            let is_rank = ind.is_some_and(|i| matches!(i.target, Target::Rank(_)));
            let value = match r.value {
                Some(v) if is_rank => format!("Thứ {}", vn::number(v)),
                Some(v) => vn::number(v),
                None if !r.value_text.is_empty() => r.value_text.clone(),
                None if r.trackers.is_empty() => "Theo các chỉ tiêu thành phần".into(),
                None => "–".into(),
            };
            let share = r.share.map(|s| pct((s * 10_000.0).round() as i64)).unwrap_or_default();
            let reporter = if r.trackers.is_empty() {
                String::new()
            } else if r.reported_by.is_empty() {
                format!("{} (chưa báo cáo)", names(&r.trackers))
            } else {
                names(&r.reported_by)
            };
            let mut row = vec![
                r.code.clone(),
                r.name.clone(),
                r.unit.clone(),
                format!("{} ({})", r.target_text, r.target_year),
                value,
                share,
                r.verdict.label().to_string(),
                reporter,
            ];
            if let Some(prev) = &f.previous {
                let before = match prev.indicator_value(&r.code) {
                    Some(v) if is_rank => format!("Thứ {}", vn::number(v)),
                    Some(v) => vn::number(v),
                    None => "–".into(),
                };
                row.insert(4, before);
            }
            row
        })
        .collect();
    // With the previous cycle's results, the other columns make room for them.
    let columns = match &f.previous {
        None => vec![
            Column::new("TT", 11, Align::Center),
            Column::new("Chỉ tiêu", 0, Align::Left),
            Column::new("Đơn vị tính", 24, Align::Center),
            Column::new("Mục tiêu (năm)", 50, Align::Left),
            Column::new("Kết quả thực hiện", 26, Align::Right),
            Column::new("Tỷ lệ so với mục tiêu", 20, Align::Right),
            Column::new("Đánh giá", 22, Align::Center),
            Column::new("Cơ quan báo cáo", 38, Align::Left),
        ],
        Some(prev) => vec![
            Column::new("TT", 10, Align::Center),
            Column::new("Chỉ tiêu", 0, Align::Left),
            Column::new("Đơn vị tính", 22, Align::Center),
            Column::new("Mục tiêu (năm)", 44, Align::Left),
            Column::new(format!("Kết quả kỳ trước ({})", plan.period_label(prev.year, prev.period)), 24, Align::Right),
            Column::new("Kết quả thực hiện", 24, Align::Right),
            Column::new("Tỷ lệ so với mục tiêu", 18, Align::Right),
            Column::new("Đánh giá", 20, Align::Center),
            Column::new("Cơ quan báo cáo", 34, Align::Left),
        ],
    };
    Appendix {
        number: number.into(),
        title: "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU".into(),
        subtitle: String::new(),
        reference: reference.into(),
        landscape: true,
        notes: if plan.indicators.iter().any(|i| matches!(i.target, crate::plan::Target::Range(..))) {
            vec!["Chỉ tiêu có mục tiêu là một khoảng (ví dụ 8 - 10): đạt khi kết quả từ cận dưới trở lên; tỷ lệ so với mục tiêu tính theo cận trên.".to_string()]
        } else {
            vec![]
        },
        table: Table::new(columns, rows),
    }
}
