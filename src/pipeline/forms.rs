//! `template`: the report form of each agency (or of those named) and a blank generic one, the
//! tasks an agency finished or does every cycle carried over from the last stored cycle.

use std::path::Path;

use super::Workspace;
use crate::forms::{file_name, form_bytes, Fill, FormSpec};
use crate::history::{Store, Unreadable};
use crate::output::write_atomic;
use crate::plan::Agency;
use crate::returns::carried_over;

/// Which forms to write, and where.
pub struct FormsRequest<'a> {
    /// Agencies by any of their names; empty: every agency that reports.
    pub agencies: &'a [String],
    pub out: &'a Path,
    /// Empty forms, even when an earlier cycle is stored.
    pub blank: bool,
}

/// The forms written.
pub struct Forms {
    /// Files written: one per agency and the generic form.
    pub written: usize,
    /// Tasks carried over from the last stored cycle, over all forms.
    pub carried: usize,
    /// The cycle carried from ("6 tháng đầu năm 2026"), when one is stored and forms are not blank.
    pub previous: Option<String>,
}

pub fn forms(ws: &Workspace, request: &FormsRequest) -> anyhow::Result<Forms> {
    let plan = &ws.plan;
    let deadline = ws
        .cycle_deadline()
        .ok_or_else(|| anyhow::anyhow!("kế hoạch không có hạn báo cáo cho kỳ {}", ws.period.label()))?;
    let agencies: Vec<&Agency> = if request.agencies.is_empty() {
        plan.reporting_agencies()
    } else {
        let mut chosen = Vec::new();
        for name in request.agencies {
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
    let previous = if request.blank {
        None
    } else {
        Store::new(&ws.config.history_dir(), &plan.meta.id)
            .previous(ws.period.year, ws.period.index, false)
            .map_err(|Unreadable(why)| anyhow::anyhow!("{why}; dùng --trong để tạo biểu mẫu trống"))?
    };
    let previous_label = previous.as_ref().map(|p| plan.period_label(p.year, p.period));
    let mut forms = Forms { written: 0, carried: 0, previous: previous_label.clone() };
    for agency in agencies.iter().copied().map(Some).chain(std::iter::once(None)) {
        let spec = FormSpec { plan, agency, cycle_label: ws.period.label(), deadline, sample: false };
        let (tasks, marks) = match (agency, &previous) {
            (Some(a), Some(p)) => carried_over(plan, &a.id, &p.assignments, previous_label.as_deref().unwrap_or("")),
            _ => Default::default(),
        };
        forms.carried += tasks.len();
        let fill = Fill { tasks: &tasks, marks, ..Fill::default() };
        let bytes = form_bytes(&spec, (!tasks.is_empty()).then_some(&fill))?;
        let path = request.out.join(file_name(agency));
        write_atomic(&path, &bytes).map_err(|e| anyhow::anyhow!("không ghi được tệp \"{}\": {e}", path.display()))?;
        forms.written += 1;
    }
    Ok(forms)
}
