//! `tonghop template`: one report form per agency (or the agencies named), plus a blank
//! generic form, into `output/bieu-mau/`.

use std::path::{Path, PathBuf};

use super::{Outcome, Workspace};
use crate::forms::{file_name, form_bytes, Fill, FormSpec};
use crate::history::{Store, Unreadable};
use crate::output::write_atomic;
use crate::plan::Agency;
use crate::returns::carried_over;

pub struct TemplateArgs {
    pub agencies: Vec<String>,
    pub out: Option<PathBuf>,
    /// Empty forms, even when an earlier cycle is stored.
    pub blank: bool,
}

pub fn template(root: &Path, config_file: Option<&Path>, args: TemplateArgs) -> anyhow::Result<Outcome> {
    let ws = Workspace::load(root, config_file)?;
    let plan = &ws.plan;
    let out = match &args.out {
        Some(p) if p.is_absolute() => p.clone(),
        Some(p) => root.join(p),
        None => ws.config.output_dir().join("bieu-mau"),
    };
    // The forms folder is sent out as it is: the lock stays in the workspace.
    let _lock = crate::lock::acquire(&[root])?;
    let deadline = ws
        .cycle_deadline()
        .ok_or_else(|| anyhow::anyhow!("kế hoạch không có hạn báo cáo cho kỳ {}", ws.period.label()))?;

    let agencies: Vec<&Agency> = if args.agencies.is_empty() {
        plan.reporting_agencies()
    } else {
        let mut chosen = Vec::new();
        for name in &args.agencies {
            match plan.registry.identify(name) {
                Ok(id) => chosen.extend(plan.registry.get(&id.id)),
                Err(closest) => anyhow::bail!(
                    "không tìm thấy cơ quan «{name}» trong danh mục của kế hoạch; gần nhất: {}",
                    closest.join("; ")
                ),
            }
        }
        chosen
    };

    // The last stored cycle: each agency's finished and recurring tasks are carried into its form.
    let previous = if args.blank {
        None
    } else {
        Store::new(&ws.config.history_dir(), &plan.meta.id)
            .previous(ws.period.year, ws.period.index, false)
            .map_err(|Unreadable(why)| anyhow::anyhow!("{why}; dùng --trong để tạo biểu mẫu trống"))?
    };
    let previous_label = previous.as_ref().map(|p| plan.period_label(p.year, p.period)).unwrap_or_default();
    let mut written = 0;
    let mut carried = 0;
    for agency in agencies.iter().copied().map(Some).chain(std::iter::once(None)) {
        let spec = FormSpec { plan, agency, cycle_label: ws.period.label(), deadline, sample: false };
        let (tasks, marks) = match (agency, &previous) {
            (Some(a), Some(p)) => carried_over(plan, &a.id, &p.assignments, &previous_label),
            _ => Default::default(),
        };
        carried += tasks.len();
        let fill = Fill { tasks: &tasks, marks, ..Fill::default() };
        let bytes = form_bytes(&spec, (!tasks.is_empty()).then_some(&fill))?;
        let path = out.join(file_name(agency));
        write_atomic(&path, &bytes).map_err(|e| anyhow::anyhow!("không ghi được tệp \"{}\": {e}", path.display()))?;
        written += 1;
    }
    println!(
        "Đã tạo {written} biểu mẫu trong \"{}\" ({} biểu mẫu riêng của từng cơ quan và 1 biểu mẫu chung).",
        out.display(),
        written - 1
    );
    match &previous {
        Some(_) if carried > 0 => println!(
            "Đã điền sẵn {carried} nhiệm vụ đã hoàn thành hoặc thường xuyên theo báo cáo kỳ {previous_label} \
             (ô nền xanh, ghi chú \"Theo báo cáo kỳ trước\"); các cơ quan chỉ cập nhật phần thay đổi."
        ),
        Some(_) => println!("Kỳ {previous_label} không có nhiệm vụ đã hoàn thành hoặc thường xuyên để điền sẵn."),
        None if !args.blank => println!("Chưa có số liệu kỳ trước trong lịch sử: biểu mẫu để trống."),
        None => {}
    }
    Ok(Outcome::Clean)
}
