//! `tonghop template`: one report form per agency (or the agencies named), plus a blank
//! generic form, into `output/bieu-mau/`.

use std::path::{Path, PathBuf};

use super::{Outcome, Workspace};
use crate::forms::{file_name, form_bytes, FormSpec};
use crate::output::write_atomic;
use crate::plan::Agency;

pub struct TemplateArgs {
    pub agencies: Vec<String>,
    pub out: Option<PathBuf>,
}

pub fn template(root: &Path, config_file: Option<&Path>, args: TemplateArgs) -> anyhow::Result<Outcome> {
    let ws = Workspace::load(root, config_file)?;
    let plan = &ws.plan;
    let out = match &args.out {
        Some(p) if p.is_absolute() => p.clone(),
        Some(p) => root.join(p),
        None => ws.config.output_dir().join("bieu-mau"),
    };
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

    let mut written = 0;
    for agency in agencies.iter().copied().map(Some).chain(std::iter::once(None)) {
        let spec = FormSpec { plan, agency, cycle_label: ws.period.label(), deadline, sample: false };
        let bytes = form_bytes(&spec, None)?;
        let path = out.join(file_name(agency));
        write_atomic(&path, &bytes).map_err(|e| anyhow::anyhow!("không ghi được tệp \"{}\": {e}", path.display()))?;
        written += 1;
    }
    println!(
        "Đã tạo {written} biểu mẫu trong \"{}\" ({} biểu mẫu riêng của từng cơ quan và 1 biểu mẫu chung).",
        out.display(),
        written - 1
    );
    Ok(Outcome::Clean)
}
