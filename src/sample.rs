//! Realistic agency workbooks for demos, tests and benchmarks, with the truth they hold.
//!
//! `generate` writes one filled workbook per agency of the plan (statuses, results,
//! difficulties, indicator values; some late, some missing), in the form of
//! `shared/spec/agency-workbook.md`, and returns exactly what it wrote. Every workbook carries
//! the "DỮ LIỆU MẪU" marker so a report built from it can never be mistaken for a real one.

use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use serde::Serialize;

use crate::model::{IndicatorReport, Status, TaskReport};
use crate::plan::{Assessment, Deadline, Plan, Target};
use crate::validate::SAMPLE_MARKER;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SampleOptions {
    pub seed: u64,
    /// Agencies that send nothing.
    pub missing: usize,
    /// Agencies that send after the deadline.
    pub late: usize,
    /// The cycle's reporting deadline; report dates fall around it.
    pub deadline: NaiveDate,
    pub cycle_label: String,
    /// Extra copies of the agency list (for benchmarks): agencies are cycled through
    /// `copies` times, each copy in its own sub-folder. 1 for a normal cycle.
    pub copies: usize,
}

/// What one agency's workbook says.
#[derive(Debug, Clone, Serialize)]
pub struct AgencyTruth {
    pub agency: String,
    pub file: String,
    pub report_date: NaiveDate,
    pub tasks: Vec<TaskReport>,
    pub indicators: Vec<IndicatorReport>,
}

/// Everything written.
#[derive(Debug, Clone, Serialize)]
pub struct Truth {
    pub sent: Vec<AgencyTruth>,
    /// Agencies expected to report that were given no workbook.
    pub missing: Vec<String>,
    /// Agencies whose report date is after the deadline.
    pub late: Vec<String>,
    pub deadline: NaiveDate,
}

const DIFFICULTIES: [&str; 6] = [
    "Thiếu nhân lực có chuyên môn về công nghệ thông tin, chuyển đổi số.",
    "Kinh phí bố trí cho nhiệm vụ còn hạn chế, chưa đáp ứng yêu cầu.",
    "Chưa có hướng dẫn cụ thể của bộ, ngành Trung ương.",
    "Hạ tầng kỹ thuật chưa đồng bộ, đường truyền chưa ổn định.",
    "Dữ liệu còn phân tán, chưa được chuẩn hóa để kết nối, chia sẻ.",
    "Việc sắp xếp tổ chức bộ máy làm chậm tiến độ triển khai.",
];

const PROPOSALS: [&str; 5] = [
    "Đề nghị Sở Tài chính tham mưu bố trí kinh phí thực hiện nhiệm vụ.",
    "Đề nghị Sở Khoa học và Công nghệ tổ chức tập huấn, hướng dẫn triển khai.",
    "Đề nghị UBND thành phố ban hành cơ chế thu hút nhân lực số.",
    "Đề nghị bổ sung biên chế cán bộ chuyên trách chuyển đổi số.",
    "Đề nghị các bộ, ngành sớm ban hành văn bản hướng dẫn.",
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Writes the workbooks into `dir` and returns the truth.
pub fn generate(plan: &Plan, opts: &SampleOptions, dir: &Path) -> anyhow::Result<Truth> {
    std::fs::create_dir_all(dir)?;
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let agencies: Vec<String> = plan.reporting_agencies().iter().map(|a| a.id.clone()).collect();
    let candidates: Vec<&String> = agencies.iter().filter(|a| **a != plan.meta.consolidated_by).collect();
    let mut missing: Vec<String> = Vec::new();
    while missing.len() < opts.missing.min(candidates.len()) {
        let pick = candidates[rng.random_range(0..candidates.len())].clone();
        if !missing.contains(&pick) {
            missing.push(pick);
        }
    }
    let mut late: Vec<String> = Vec::new();
    while late.len() < opts.late.min(candidates.len() - missing.len()) {
        let pick = candidates[rng.random_range(0..candidates.len())].clone();
        if !missing.contains(&pick) && !late.contains(&pick) {
            late.push(pick);
        }
    }
    let mut truth = Truth { sent: Vec::new(), missing: missing.clone(), late: late.clone(), deadline: opts.deadline };
    for copy in 0..opts.copies.max(1) {
        for agency in &agencies {
            if missing.contains(agency) {
                continue;
            }
            let report_date = if late.contains(agency) {
                opts.deadline + Days::new(rng.random_range(1..=6))
            } else {
                opts.deadline - Days::new(rng.random_range(0..=12))
            };
            let file = if opts.copies > 1 { format!("dot-{:04}/{agency}.xlsx", copy + 1) } else { format!("{agency}.xlsx") };
            let t = agency_truth(plan, agency, &file, report_date, opts, &mut rng);
            write_workbook(plan, &t, opts, &dir.join(&file))?;
            if copy == 0 {
                truth.sent.push(t);
            }
        }
    }
    Ok(truth)
}

fn agency_truth(plan: &Plan, agency: &str, file: &str, report_date: NaiveDate, opts: &SampleOptions, rng: &mut ChaCha8Rng) -> AgencyTruth {
    let mut tasks = Vec::new();
    for task in plan.tasks_of(agency) {
        let roll: f64 = rng.random();
        let status = match task.deadline {
            Deadline::Recurring => pick(roll, &[(0.70, Status::Recurring), (0.15, Status::Done), (0.10, Status::InProgress)], Status::NotStarted),
            Deadline::Due(d) if d < opts.deadline => pick(roll, &[(0.70, Status::Done), (0.20, Status::InProgress)], Status::NotStarted),
            _ => pick(roll, &[(0.25, Status::Done), (0.55, Status::InProgress)], Status::NotStarted),
        };
        let completed_on = match (status, task.deadline) {
            (Status::Done, Deadline::Due(due)) => {
                let late = rng.random_bool(0.15);
                let d = if late { due + Days::new(rng.random_range(1..=120)) } else { due - Days::new(rng.random_range(0..=200)) };
                Some(d.min(report_date).max(date(2025, 2, 1)))
            }
            (Status::Done, _) => Some(date(opts.deadline.year(), rng.random_range(1..=10), rng.random_range(1..=28))),
            _ => None,
        };
        let product = if task.result.is_empty() { "văn bản".to_string() } else { task.result.to_lowercase() };
        let result = match status {
            Status::Done => format!("Đã hoàn thành: {} số {}/{}", product, rng.random_range(10..400), ["KH-UBND", "QĐ-UBND", "BC", "KH"][rng.random_range(0..4)]),
            Status::InProgress => format!("Đang triển khai, dự kiến hoàn thành trong quý {} năm {}", rng.random_range(1..=4), opts.deadline.year() + 1),
            Status::Recurring => format!("Triển khai thường xuyên; trong kỳ đã tổ chức {} hoạt động", rng.random_range(2..30)),
            _ => "Chưa triển khai".to_string(),
        };
        let difficulties = if rng.random_bool(0.05) { DIFFICULTIES[rng.random_range(0..DIFFICULTIES.len())].to_string() } else { String::new() };
        let proposals = if rng.random_bool(0.04) { PROPOSALS[rng.random_range(0..PROPOSALS.len())].to_string() } else { String::new() };
        tasks.push(TaskReport { task: task.code.clone(), status: Some(status), completed_on, result, difficulties, proposals });
    }
    let mut indicators = Vec::new();
    for ind in plan.indicators_of(agency) {
        if rng.random_bool(0.08) {
            indicators.push(IndicatorReport { indicator: ind.code.clone(), value: None, value_text: String::new(), assessment: None, note: "Chưa có số liệu thống kê".into() });
            continue;
        }
        let (value, assessment) = match ind.target {
            Target::AtLeast(t) | Target::Above(t) => {
                let v = t * rng.random_range(0.6..1.3);
                let v = if ind.unit.trim() == "%" { v.min(100.0) } else { v };
                let v = if t < 10.0 { (v * 100.0).round() / 100.0 } else { (v * 10.0).round() / 10.0 };
                (Some(v), None)
            }
            Target::Range(lo, hi) => (Some((rng.random_range(lo * 0.6..hi * 1.1) * 10.0).round() / 10.0), None),
            Target::Rank(n) => (Some(rng.random_range(1..=(2 * n).max(2)) as f64), None),
            Target::Qualitative => {
                let a = [Assessment::Reached, Assessment::NotReached, Assessment::Exceeded][rng.random_range(0..3)];
                (None, Some(a))
            }
        };
        let value_text = value.map(crate::vn::number).unwrap_or_else(|| match assessment {
            Some(Assessment::NotReached) => "Đang phấn đấu".into(),
            _ => "Duy trì mức đạt".into(),
        });
        indicators.push(IndicatorReport { indicator: ind.code.clone(), value, value_text, assessment, note: String::new() });
    }
    AgencyTruth { agency: agency.to_string(), file: file.to_string(), report_date, tasks, indicators }
}

fn pick(roll: f64, choices: &[(f64, Status)], otherwise: Status) -> Status {
    let mut acc = 0.0;
    for (p, s) in choices {
        acc += p;
        if roll < acc {
            return *s;
        }
    }
    otherwise
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn write_workbook(plan: &Plan, t: &AgencyTruth, opts: &SampleOptions, path: &Path) -> anyhow::Result<()> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Báo cáo {} - {}", plan.meta.short_title, plan.registry.name(&t.agency)))
            .set_comment(format!("{SAMPLE_MARKER}: tạo bởi tonghop sample"))
            .set_creation_datetime(&excel_date(opts.deadline)?),
    );
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let header = Format::new().set_bold().set_text_wrap().set_background_color("#D9D9D9");
    let marker = Format::new().set_bold().set_font_color("#C00000");
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let name = plan.registry.name(&t.agency).to_string();

    let head = |ws: &mut rust_xlsxwriter::Worksheet, title: &str| -> Result<(), XlsxError> {
        ws.write_string_with_format(0, 0, format!("{SAMPLE_MARKER} - tệp do tonghop tạo ra để minh họa, không phải báo cáo thật"), &marker)?;
        ws.write_string_with_format(1, 0, title, &bold)?;
        ws.write_string(2, 0, format!("Kỳ báo cáo: {}", opts.cycle_label))?;
        ws.write_string(3, 0, "Cơ quan báo cáo:")?;
        ws.write_string(3, 1, &name)?;
        ws.write_string(4, 0, "Ngày báo cáo:")?;
        ws.write_datetime_with_format(4, 1, excel_date(t.report_date)?, &date_fmt)?;
        Ok(())
    };

    let ws = wb.add_worksheet();
    ws.set_name("Nhiệm vụ")?;
    head(ws, &format!("BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ - {}", plan.meta.short_title.to_uppercase()))?;
    let cols = ["TT", "Tên nhiệm vụ", "Thời hạn", "Tình trạng", "Ngày hoàn thành", "Kết quả thực hiện", "Khó khăn, vướng mắc", "Đề xuất, kiến nghị"];
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(6, c as u16, *h, &header)?;
    }
    for (c, w) in [6.0, 50.0, 12.0, 16.0, 14.0, 40.0, 30.0, 30.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let mut row = 7u32;
    let mut current_group = String::new();
    for report in &t.tasks {
        let task = plan.task(&report.task).expect("generated from the plan");
        if task.group != current_group {
            current_group = task.group.clone();
            let title = plan.groups.iter().find(|g| g.code == task.group).map(|g| g.title.clone()).unwrap_or_default();
            ws.write_string_with_format(row, 0, &task.group, &bold)?;
            ws.write_string_with_format(row, 1, &title, &bold)?;
            row += 1;
        }
        ws.write_number(row, 0, task.code.parse::<f64>().unwrap_or(0.0))?;
        ws.write_string_with_format(row, 1, &task.name, &wrap)?;
        ws.write_string(row, 2, &task.deadline_text)?;
        ws.write_string(row, 3, report.status.map(|s| s.label()).unwrap_or(""))?;
        if let Some(d) = report.completed_on {
            ws.write_datetime_with_format(row, 4, excel_date(d)?, &date_fmt)?;
        }
        ws.write_string_with_format(row, 5, &report.result, &wrap)?;
        ws.write_string_with_format(row, 6, &report.difficulties, &wrap)?;
        ws.write_string_with_format(row, 7, &report.proposals, &wrap)?;
        row += 1;
    }

    if !t.indicators.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name("Chỉ tiêu")?;
        head(ws, "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")?;
        let cols = ["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả thực hiện", "Đánh giá", "Ghi chú"];
        for (c, h) in cols.iter().enumerate() {
            ws.write_string_with_format(6, c as u16, *h, &header)?;
        }
        for (c, w) in [10.0, 50.0, 14.0, 30.0, 16.0, 12.0, 30.0].iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        for (i, r) in t.indicators.iter().enumerate() {
            let ind = plan.indicator(&r.indicator).expect("generated from the plan");
            let row = 7 + i as u32;
            ws.write_string(row, 0, &ind.code)?;
            ws.write_string_with_format(row, 1, &ind.name, &wrap)?;
            ws.write_string(row, 2, &ind.unit)?;
            ws.write_string_with_format(row, 3, &ind.target_text, &wrap)?;
            match r.value {
                Some(v) => {
                    ws.write_number(row, 4, v)?;
                }
                None if !r.value_text.is_empty() => {
                    ws.write_string(row, 4, &r.value_text)?;
                }
                None => {}
            }
            if let Some(a) = r.assessment {
                ws.write_string(row, 5, a.label())?;
            }
            ws.write_string(row, 6, &r.note)?;
        }
    }
    let bytes = wb.save_to_buffer()?;
    crate::output::write_atomic(path, &bytes)?;
    Ok(())
}
