//! `tonghop template`: one report form per agency (or the agencies named), plus a blank
//! generic form, into `output/bieu-mau/`.

use std::path::{Path, PathBuf};

use super::Outcome;
use crate::pipeline::{FormsRequest, Workspace};

pub struct TemplateArgs {
    pub agencies: Vec<String>,
    pub out: Option<PathBuf>,
    /// Empty forms, even when an earlier cycle is stored.
    pub blank: bool,
}

pub fn template(root: &Path, config_file: Option<&Path>, args: TemplateArgs) -> anyhow::Result<Outcome> {
    let ws = Workspace::load(root, config_file)?;
    let out = match &args.out {
        Some(p) if p.is_absolute() => p.clone(),
        Some(p) => root.join(p),
        None => ws.config.output_dir().join("bieu-mau"),
    };
    // The forms folder is sent out as it is: the lock stays in the workspace.
    let _lock = crate::lock::acquire(&[root])?;
    let request = FormsRequest { agencies: &args.agencies, out: &out, blank: args.blank };
    let forms = crate::pipeline::forms(&ws, &request)?;
    println!(
        "Đã tạo {} biểu mẫu trong \"{}\" ({} biểu mẫu riêng của từng cơ quan và 1 biểu mẫu chung).",
        forms.written,
        out.display(),
        forms.written - 1
    );
    match &forms.previous {
        Some(label) if forms.carried > 0 => println!(
            "Đã điền sẵn {} nhiệm vụ đã hoàn thành hoặc thường xuyên theo báo cáo kỳ {label} \
             (ô nền xanh, ghi chú \"Theo báo cáo kỳ trước\"); các cơ quan chỉ cập nhật phần thay đổi.",
            forms.carried
        ),
        Some(label) => println!("Kỳ {label} không có nhiệm vụ đã hoàn thành hoặc thường xuyên để điền sẵn."),
        None if !args.blank => println!("Chưa có số liệu kỳ trước trong lịch sử: biểu mẫu để trống."),
        None => {}
    }
    Ok(Outcome::Clean)
}
