//! `tonghop ke-hoach`: what a plan holds (`xem`), said in the terms of the printed document, so
//! that an officer can hold it against the plan before the first cycle.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::config::Config;
use crate::plan::{Deadline, Plan};

/// `ke-hoach xem [KẾ_HOẠCH]`: the workspace's plan, a plan file, or a shipped plan by its name.
pub fn show(root: &Path, config_file: Option<&Path>, plan: Option<PathBuf>) -> anyhow::Result<Outcome> {
    let plan = match plan {
        Some(p) => crate::pipeline::plan_named(root, &p)?,
        None => crate::pipeline::plan_of(&Config::load(root, config_file)?)?,
    };
    print!("{}", describe(&plan));
    Ok(Outcome::Clean)
}

/// `ke-hoach nhap <TỆP>`: the plan file read from its document, and what is left to the officer.
pub fn import(
    root: &Path,
    document: &Path,
    out: Option<PathBuf>,
    registry: &str,
    date: Option<chrono::NaiveDate>,
) -> anyhow::Result<Outcome> {
    let source = if document.is_absolute() { document.to_path_buf() } else { root.join(document) };
    let source = if source.is_file() { source } else { document.to_path_buf() };
    if !source.is_file() {
        anyhow::bail!("không có tệp {}", document.display());
    }
    // The registry a plan file written into the workspace will find: beside `templates/plans/`.
    let plans = root.join("templates").join("plans");
    let draft = crate::import::import(&source, &plans, registry, date)
        .map_err(|e| anyhow::anyhow!("không đọc được kế hoạch từ {}: {e}", source.display()))?;
    let out = out
        .map(|o| if o.is_absolute() { o } else { root.join(o) })
        .unwrap_or_else(|| root.join(format!("{}.toml", draft.id)));
    if out.exists() {
        anyhow::bail!(
            "tệp {} đã có: không ghi đè; xóa hoặc đổi tên tệp đó, hoặc chọn tệp khác bằng --ra",
            crate::config::without_verbatim_prefix(out.clone()).display()
        );
    }
    let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let text = crate::import::plan_toml(&draft, &name);
    crate::output::write_atomic(&out, text.as_bytes())?;
    println!(
        "Đã ghi {}: {} nhóm, {} nhiệm vụ, {} chỉ tiêu.",
        crate::config::without_verbatim_prefix(out.clone()).display(),
        draft.groups.len(),
        draft.tasks.len(),
        draft.indicators.len()
    );
    if draft.notes.is_empty() {
        println!("Không có chỗ nào cần xem lại. Đối chiếu với văn bản: tonghop ke-hoach xem {}", out.display());
        return Ok(Outcome::Clean);
    }
    println!("{} chỗ cần xem lại (đã ghi chú \"CẦN XEM\" ngay tại mục đó trong tệp):", draft.notes.len());
    for n in &draft.notes {
        let entry = match &n.entry {
            crate::import::Entry::Plan => "kế hoạch".to_string(),
            crate::import::Entry::Appendix(id) => format!("phụ lục {id}"),
            crate::import::Entry::Group(c) => format!("nhóm {c}"),
            crate::import::Entry::Task(c) => format!("nhiệm vụ {c}"),
            crate::import::Entry::Indicator(c) => format!("chỉ tiêu {c}"),
        };
        println!("  - {entry} ({}): {}", n.place, n.text);
    }
    Ok(Outcome::Problems)
}

fn deadline(d: &Deadline, text: &str) -> String {
    match d {
        Deadline::Due(d) => format!("{} (hết ngày {})", text.trim(), crate::vn::short_date(*d)),
        Deadline::Recurring if crate::fold::fold(text).contains("thuong xuyen") => text.trim().to_string(),
        Deadline::Recurring => format!("{} (thường xuyên)", text.trim()),
        Deadline::Unknown if text.trim().is_empty() => "không ghi".to_string(),
        Deadline::Unknown => format!("{} (không đọc được thành một ngày: không tính trễ hạn)", text.trim()),
    }
}

/// Codes as a reader writes them: "1–4, 7, 9".
fn codes<'a>(codes: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = codes.collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j + 1 < all.len() {
            match (split(all[j]), split(all[j + 1])) {
                (Some((p, a)), Some((q, b))) if p == q && b == a + 1 => j += 1,
                _ => break,
            }
        }
        out.push(if j >= i + 2 { format!("{}–{}", all[i], all[j]) } else { all[i].to_string() });
        if j < i + 2 {
            for c in &all[i + 1..=j] {
                out.push(c.to_string());
            }
        }
        i = j + 1;
    }
    out.join(", ")
}

/// "2.17" → ("2.", 17); "5" → ("", 5).
fn split(code: &str) -> Option<(&str, u64)> {
    let at = code.rfind('.').map(|i| i + 1).unwrap_or(0);
    Some((&code[..at], code[at..].parse().ok()?))
}

/// The plan in Vietnamese, section by section as the document has them.
pub fn describe(plan: &Plan) -> String {
    let mut o = String::new();
    let m = &plan.meta;
    let reg = &plan.registry;
    let name = |id: &str| reg.get(id).map(|a| a.short.clone()).unwrap_or_else(|| id.to_string());
    let _ = writeln!(o, "KẾ HOẠCH\n  {}", m.title);
    let _ = writeln!(o, "  Cơ quan ban hành: {}", m.issued_by);
    let _ = writeln!(o, "  Mã kế hoạch trong tonghop: {}", m.id);
    let _ = writeln!(o, "  Cơ quan tổng hợp: {}", reg.name(&m.consolidated_by));
    let deadlines: Vec<String> = m.reporting_deadlines.iter().map(|(mo, d)| format!("{d:02}/{mo:02}")).collect();
    let _ = writeln!(o, "  Báo cáo {}: trước ngày {} hằng năm", m.frequency.label(), deadlines.join(" và "));
    let current = reg.current().count();
    let merged: Vec<String> = reg
        .all()
        .iter()
        .filter_map(|a| {
            Some(format!("{} → {}", a.short, name(&reg.current_id(&a.id)?))).filter(|_| a.successor.is_some())
        })
        .collect();
    let source = match (m.registry.as_str(), m.agencies_as_of) {
        ("", _) => "ghi trong tệp kế hoạch".to_string(),
        (r, Some(d)) => format!("danh mục \"{r}\" như ngày {}", crate::vn::short_date(d)),
        (r, None) => format!("danh mục \"{r}\" hiện nay"),
    };
    let _ = writeln!(o, "  Cơ quan, đơn vị: {current} ({source})");
    if !merged.is_empty() {
        let _ = writeln!(o, "  Cơ quan đã sắp xếp, nhiệm vụ chuyển về cơ quan kế thừa: {}", merged.join("; "));
    }

    let _ = writeln!(o, "\nNHIỆM VỤ: {}", plan.tasks.len());
    if !plan.columns.is_empty() {
        let headers: Vec<&str> = plan.columns.iter().map(|c| c.header.as_str()).collect();
        let _ = writeln!(o, "  Cột thêm của kế hoạch: {}", headers.join(", "));
    }
    for a in &plan.appendices {
        let tasks: Vec<_> = plan.tasks.iter().filter(|t| t.appendix == a.id).collect();
        if !a.number.is_empty() {
            let _ = writeln!(o, "\n  {} — {}: {} nhiệm vụ", a.number, a.title, tasks.len());
        }
        for g in &plan.groups {
            let in_group: Vec<_> = tasks.iter().filter(|t| t.group == g.code).collect();
            if in_group.is_empty() {
                continue;
            }
            let _ = writeln!(
                o,
                "\n  {}. {}: {} nhiệm vụ ({})",
                g.code,
                g.title,
                in_group.len(),
                codes(in_group.iter().map(|t| t.code.as_str()))
            );
            for t in in_group {
                let leads: Vec<String> = t.leads.iter().map(|l| name(l)).collect();
                let lead = if t.open_lead {
                    format!("{} (báo cáo: {})", t.lead_text.trim(), leads.join(", "))
                } else if leads.len() > 4 {
                    format!("{} ({} cơ quan)", t.lead_text.trim(), leads.len())
                } else {
                    leads.join(", ")
                };
                let _ = writeln!(o, "    {}. {}", t.code, crate::vn::cut(&t.name, 90));
                let _ = writeln!(o, "        Chủ trì: {lead}. Thời hạn: {}.", deadline(&t.deadline, &t.deadline_text));
            }
        }
    }
    let due: Vec<_> = plan.tasks.iter().filter_map(|t| t.deadline.due()).collect();
    let recurring = plan.tasks.iter().filter(|t| t.deadline.is_recurring()).count();
    let unknown: Vec<&str> =
        plan.tasks.iter().filter(|t| matches!(t.deadline, Deadline::Unknown)).map(|t| t.code.as_str()).collect();
    let _ = write!(o, "\n  Thời hạn: {} nhiệm vụ có hạn", due.len());
    if let (Some(first), Some(last)) = (due.iter().min(), due.iter().max()) {
        let _ = write!(o, " (sớm nhất {}, muộn nhất {})", crate::vn::short_date(*first), crate::vn::short_date(*last));
    }
    let _ = write!(o, ", {recurring} thường xuyên");
    if !unknown.is_empty() {
        let _ =
            write!(o, ", {} không đọc được thành một ngày (nhiệm vụ {})", unknown.len(), codes(unknown.into_iter()));
    }
    let _ = writeln!(o, ".");

    let subs = plan.indicators.iter().filter(|i| i.parent.is_some()).count();
    let _ = write!(o, "\nCHỈ TIÊU: {}", plan.indicators.len());
    if subs > 0 {
        let _ = write!(o, " ({} chỉ tiêu, {subs} chỉ tiêu con)", plan.indicators.len() - subs);
    }
    let _ = writeln!(o);
    let mut by_year: BTreeMap<i32, usize> = BTreeMap::new();
    for i in &plan.indicators {
        *by_year.entry(i.target_year).or_default() += 1;
    }
    let years: Vec<String> = by_year.iter().map(|(y, n)| format!("đến năm {y}: {n}")).collect();
    if !years.is_empty() {
        let _ = writeln!(o, "  {}", years.join("; "));
    }
    for i in &plan.indicators {
        let indent = if i.parent.is_some() { "      " } else { "    " };
        let trackers: Vec<String> = i.trackers.iter().map(|l| name(l)).collect();
        let unit = if i.unit.trim().is_empty() { String::new() } else { format!(" ({})", i.unit.trim()) };
        let _ = writeln!(o, "{indent}{}. {}{unit}", i.code, crate::vn::cut(&i.short, 80));
        let tracked = if trackers.is_empty() { String::new() } else { format!(" Theo dõi: {}.", trackers.join(", ")) };
        let _ = writeln!(
            o,
            "{indent}    Mục tiêu: {} (năm {}).{tracked}",
            crate::vn::cut(&i.target_text, 60),
            i.target_year
        );
    }

    let _ = writeln!(o, "\nCƠ QUAN CÓ NHIỆM VỤ, CHỈ TIÊU: {}", plan.reporting_agencies().len());
    let duties = |id: &str| {
        let tasks: Vec<&str> = plan.tasks_of(id).map(|t| t.code.as_str()).collect();
        let inds: Vec<&str> = plan.indicators_of(id).map(|i| i.code.as_str()).collect();
        let mut parts = Vec::new();
        if !tasks.is_empty() {
            parts.push(format!("{} nhiệm vụ ({})", tasks.len(), codes(tasks.into_iter())));
        }
        if !inds.is_empty() {
            parts.push(format!("{} chỉ tiêu ({})", inds.len(), codes(inds.into_iter())));
        }
        parts.join("; ")
    };
    // Wards and communes with the same duties are said once: 40 equal lines hide the one that differs.
    let mut localities: Vec<(String, Vec<&str>)> = Vec::new();
    for a in plan.reporting_agencies() {
        if a.category == crate::plan::Category::Locality {
            let d = duties(&a.id);
            match localities.iter_mut().find(|(e, _)| *e == d) {
                Some((_, names)) => names.push(&a.short),
                None => localities.push((d, vec![&a.short])),
            }
        } else {
            let _ = writeln!(o, "  {}: {}", a.name, duties(&a.id));
        }
    }
    for (d, names) in localities {
        match names.as_slice() {
            [one] => {
                let _ = writeln!(o, "  {one}: {d}");
            }
            many => {
                let _ = writeln!(
                    o,
                    "  {} phường, xã ({}), mỗi nơi: {d}",
                    many.len(),
                    crate::vn::cut(&many.join(", "), 100)
                );
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::codes;

    #[test]
    fn codes_are_written_as_ranges() {
        let c = |v: &[&str]| codes(v.iter().copied());
        assert_eq!(c(&["1", "2", "3", "4", "7", "9", "10"]), "1–4, 7, 9, 10");
        assert_eq!(c(&["1.1", "1.2", "2.17"]), "1.1, 1.2, 2.17");
        assert_eq!(c(&["1.1", "1.2", "1.3", "1.4", "2.1"]), "1.1–1.4, 2.1");
        assert_eq!(c(&["8", "8.1", "8.2"]), "8, 8.1, 8.2");
        assert_eq!(c(&["5"]), "5");
        assert_eq!(c(&[]), "");
    }
}
