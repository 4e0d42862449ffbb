//! `tonghop run`: the whole pipeline, then a summary of what it wrote.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{print_problems, Bar, Outcome};
use crate::pipeline::{folders, Workspace};
use crate::register::SubmissionState;
use crate::render::Renderer;

pub struct RunArgs {
    pub input: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub quiet: bool,
}

pub fn run(root: &Path, config_file: Option<&Path>, args: RunArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let ws = Workspace::load(root, config_file)?;
    let (input, output) = folders(root, &ws, args.input.as_ref(), args.output.as_ref())?;
    let _lock = crate::lock::acquire(&[root, &output])?;
    let renderer = Renderer::new(&ws.config.report.font);
    let bar = Bar::new(args.quiet);
    let result = crate::pipeline::run(&ws, &input, &output, &renderer, &bar)?;
    bar.finish();
    let intake = &result.intake;
    let register = &result.register;

    print_problems(intake, 40);
    for n in &result.notes {
        eprintln!("Lưu ý: {n}");
    }
    let paths = &result.paths;
    println!("Tổng hợp xong.");
    println!("  Tệp bảng tính đã đọc: {} ({} tệp khác bỏ qua)", intake.files_found, intake.skipped.len());
    println!(
        "  Cơ quan đã báo cáo:   {}/{} ({} trễ hạn, {} chưa gửi)",
        register.reported(),
        register.expected(),
        register.count(SubmissionState::Late),
        register.count(SubmissionState::Missing)
    );
    println!(
        "  Sai sót:              {} lỗi, {} cảnh báo (chi tiết: {}; từng cơ quan: thư mục sai-sot-theo-co-quan)",
        intake.errors(),
        intake.warnings(),
        paths.problems.display()
    );
    let returned = result.return_forms;
    if returned > 0 {
        println!(
            "  Biểu mẫu trả lại:     {returned} tệp trong {} (gửi lại từng cơ quan để sửa các ô tô màu)",
            result.returns_folder.display()
        );
    }
    println!("  Báo cáo PDF:          {} ({} trang)", paths.pdf.display(), result.pages);
    if let Some(docx) = &result.docx {
        println!("  Báo cáo Word:         {} (để sửa câu chữ trước khi ký)", docx.display());
    }
    println!("  Bảng tổng hợp Excel:  {}", paths.workbook.display());
    println!("  Số liệu JSON:         {}", paths.json.display());
    if let Some(prev) = &result.figures.previous {
        println!("  So sánh với kỳ trước: {}", ws.plan.period_label(prev.year, prev.period));
    }
    if result.figures.sample {
        println!(
            "  Lưu ý: báo cáo lập từ DỮ LIỆU MẪU, có dấu \"DỮ LIỆU MẪU\" trên mọi trang, không dùng để ký ban hành."
        );
    }
    println!("  Thời gian:            {} giây", crate::vn::fixed(started.elapsed().as_secs_f64(), 2));
    Ok(if result.has_problems() { Outcome::Problems } else { Outcome::Clean })
}
