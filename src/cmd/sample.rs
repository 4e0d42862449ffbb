//! `tonghop sample`: writes a cycle of sample agency workbooks (marked "DỮ LIỆU MẪU").

use std::path::{Path, PathBuf};

use super::Outcome;
use crate::pipeline::Workspace;
use crate::sample::{generate, SampleOptions};

pub struct SampleArgs {
    pub out: PathBuf,
    pub seed: u64,
    pub missing: usize,
    pub late: usize,
    pub copies: usize,
    pub mistakes: usize,
    pub truth: Option<PathBuf>,
}

pub fn sample(root: &Path, config_file: Option<&Path>, args: SampleArgs) -> anyhow::Result<Outcome> {
    let ws = Workspace::load(root, config_file)?;
    let out = if args.out.is_absolute() { args.out.clone() } else { root.join(&args.out) };
    if out.exists() && std::fs::read_dir(&out)?.next().is_some() {
        anyhow::bail!(
            "thư mục \"{}\" đã có tệp; hãy chọn một thư mục trống để không ghi đè lên báo cáo thật",
            out.display()
        );
    }
    let deadline = ws
        .cycle_deadline()
        .ok_or_else(|| anyhow::anyhow!("kế hoạch không có hạn báo cáo cho kỳ {}", ws.period.label()))?;
    let opts = SampleOptions {
        seed: args.seed,
        missing: args.missing,
        late: args.late,
        deadline,
        cycle_label: ws.period.label(),
        copies: args.copies,
        mistakes: args.mistakes,
    };
    let truth = generate(&ws.plan, &opts, &out)?;
    if let Some(path) = &args.truth {
        crate::output::write_atomic(path, serde_json::to_string_pretty(&truth)?.as_bytes())?;
    }
    println!(
        "Đã tạo {} tệp DỮ LIỆU MẪU trong \"{}\" ({} cơ quan không gửi, {} cơ quan gửi trễ, {} cơ quan gửi tệp có sai sót).",
        truth.sent.len() * args.copies.max(1),
        out.display(),
        truth.missing.len(),
        truth.late.len(),
        truth.sent.iter().filter(|t| !t.typed.is_empty()).count()
    );
    Ok(Outcome::Clean)
}
