//! Reading a plan file and resolving it: successors followed, groups expanded, every reference
//! checked, so that a typo in a plan is reported with the row it is on.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use serde::Deserialize;
use thiserror::Error;

use super::registry::Registry;
use super::roster::{parse_date, roster, AgencyFile, LocalitiesFile, RegistryFile};
use super::{parse_deadline, parse_target, ExtraColumn, Group, Indicator, Plan, PlanMeta, Task, TaskAppendix};

#[derive(Debug, Error)]
pub enum PlanError {
    #[error("không đọc được tệp kế hoạch {path}: {source}")]
    Io { path: String, source: crate::files::FileError },
    #[error("tệp kế hoạch {path} sai cú pháp: {message}")]
    Syntax { path: String, message: String },
    #[error("tệp kế hoạch {path}: {message}")]
    Invalid { path: String, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    plan: MetaFile,
    /// Agencies of the plan's own, beside those of its registry.
    #[serde(default)]
    agency: Vec<AgencyFile>,
    #[serde(default)]
    localities: Option<LocalitiesFile>,
    #[serde(default)]
    indicator: Vec<IndicatorFile>,
    #[serde(default)]
    group: Vec<GroupFile>,
    #[serde(default)]
    appendix: Vec<AppendixFile>,
    #[serde(default)]
    column: Vec<ColumnFile>,
    #[serde(default)]
    theme: Vec<ThemeFile>,
    #[serde(default)]
    task: Vec<TaskFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AppendixFile {
    id: String,
    number: String,
    title: String,
}

/// A theme of the difficulties and proposals: its name and the words that say it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: String,
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnFile {
    key: String,
    header: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaFile {
    id: String,
    title: String,
    short_title: String,
    issued_by: String,
    consolidated_by: String,
    /// The shared agency registry (`templates/co-quan/<name>.toml`).
    #[serde(default)]
    registry: Option<String>,
    /// The day the registry is read as of ("2024-12-31"); today's registry when absent.
    #[serde(default)]
    agencies_as_of: Option<String>,
    /// The agencies the plan names, in the order its report lists them; all when absent.
    #[serde(default)]
    agencies: Option<Vec<String>>,
    reporting_deadlines: Vec<String>,
    #[serde(default)]
    merger_note: String,
    /// Suffixes that add nothing to an agency's name in this plan's place ("thành phố Huế").
    #[serde(default)]
    name_suffixes: Vec<String>,
    counts: CountsFile,
}

/// What the plan says it holds: a file cut short, or a row deleted by mistake, shows as a
/// mismatch instead of a report on part of the plan.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountsFile {
    groups: usize,
    tasks: usize,
    indicators: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorFile {
    code: String,
    #[serde(default)]
    parent: Option<String>,
    name: String,
    /// A short name for the report's prose ("Chỉ số PII"); the name otherwise.
    #[serde(default)]
    short: Option<String>,
    unit: String,
    target: String,
    target_year: i32,
    #[serde(default)]
    tracked_by_text: String,
    tracked_by: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupFile {
    code: String,
    title: String,
    #[serde(default)]
    short_title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaskFile {
    code: String,
    group: String,
    name: String,
    lead_text: String,
    #[serde(default)]
    lead: Vec<String>,
    /// For a lead that is not an agency: the agencies that report on the task.
    #[serde(default)]
    reported_by: Vec<String>,
    #[serde(default)]
    appendix: Option<String>,
    #[serde(default)]
    cooperating: String,
    #[serde(default)]
    result: String,
    deadline: String,
    #[serde(default)]
    columns: std::collections::BTreeMap<String, String>,
}

include!(concat!(env!("OUT_DIR"), "/shipped_plans.rs"));

/// The names of the plans shipped with tonghop.
pub fn shipped_plans() -> impl Iterator<Item = &'static str> {
    SHIPPED.iter().map(|(name, _)| *name)
}

/// The names of the agency registries shipped with tonghop.
pub fn shipped_registries() -> impl Iterator<Item = &'static str> {
    SHIPPED_REGISTRIES.iter().map(|(name, _)| *name)
}

/// A registry's text and where it came from, or None when there is no registry of that name.
type Found = Result<Option<(String, String)>, PlanError>;

fn shipped_registry(name: &str) -> Found {
    Ok(SHIPPED_REGISTRIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| (text.to_string(), format!("{n} (danh mục có sẵn)"))))
}

/// A shipped plan by its name ("kh-98-2024"), resolved; None when no plan has that name.
pub fn shipped_plan(name: &str) -> Option<Result<Plan, PlanError>> {
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| parse_plan_with(text, &format!("{n} (kế hoạch có sẵn)"), &shipped_registry))
}

/// The registry `name` as found from a plan in `dir`: `co-quan/<name>.toml` beside that folder
/// (`templates/co-quan/` for `templates/plans/`) or in it, else the shipped one.
fn registry_near(dir: &Path, name: &str) -> Found {
    // A name is a file name, never a path out of the folders above.
    if name.contains(['/', '\\']) || name.contains("..") {
        return shipped_registry(name);
    }
    let file = format!("{name}.toml");
    let mut candidates = vec![dir.join("co-quan").join(&file)];
    if let Some(up) = dir.parent() {
        candidates.insert(0, up.join("co-quan").join(&file));
    }
    for c in candidates {
        if c.is_file() {
            let text = crate::files::read_text_bounded(&c, crate::files::PLAN_BYTES)
                .map_err(|source| PlanError::Io { path: c.display().to_string(), source })?;
            return Ok(Some((text, c.display().to_string())));
        }
    }
    shipped_registry(name)
}

/// Loads and resolves the plan at `path`; its registry is found by [`registry_near`].
pub fn load_plan(path: &Path) -> Result<Plan, PlanError> {
    let text = crate::files::read_text_bounded(path, crate::files::PLAN_BYTES)
        .map_err(|source| PlanError::Io { path: path.display().to_string(), source })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    parse_plan_with(&text, &path.display().to_string(), &|name| registry_near(dir, name))
}

/// The registry `name` (found from `dir` as a plan there would find it) as it stood on `as_of`,
/// with its own name suffixes: what a plan document's names are read against.
pub fn load_registry(dir: &Path, name: &str, as_of: Option<chrono::NaiveDate>) -> Result<Registry, PlanError> {
    let Some((text, origin)) = registry_near(dir, name)? else {
        return Err(PlanError::Invalid {
            path: name.to_string(),
            message: format!(
                "không có danh mục cơ quan này (các danh mục có sẵn: {})",
                shipped_registries().collect::<Vec<_>>().join(", ")
            ),
        });
    };
    let file: RegistryFile = toml::from_str(&text)
        .map_err(|e| PlanError::Syntax { path: origin.clone(), message: crate::toml_error::translate(&e, &text) })?;
    let invalid = |message: String| PlanError::Invalid { path: origin.clone(), message };
    let suffixes = file.registry.name_suffixes;
    let roster = roster(file.agency, file.localities, as_of, None).map_err(invalid)?;
    Registry::new(roster.agencies, roster.locality_predecessors, &suffixes).map_err(invalid)
}

/// The largest plan tonghop takes: tasks, indicators, agencies (wards and communes included).
pub const MAX_TASKS: usize = 2_000;
pub const MAX_INDICATORS: usize = 1_000;
pub const MAX_AGENCIES: usize = 1_000;

/// Parses and resolves plan text; `origin` names it in errors. A registry it names is a shipped one.
pub fn parse_plan(text: &str, origin: &str) -> Result<Plan, PlanError> {
    parse_plan_with(text, origin, &shipped_registry)
}

fn parse_plan_with(text: &str, origin: &str, registries: &dyn Fn(&str) -> Found) -> Result<Plan, PlanError> {
    let file: PlanFile = toml::from_str(text)
        .map_err(|e| PlanError::Syntax { path: origin.to_string(), message: crate::toml_error::translate(&e, text) })?;
    let invalid = |message: String| PlanError::Invalid { path: origin.to_string(), message };
    // A plan is a document of a few hundred rows; past these limits (README, "Giới hạn") it is
    // not one, and every run would pay for it.
    let localities = file.localities.as_ref().map(LocalitiesFile::len).unwrap_or(0);
    for (what, n, max) in [
        ("nhiệm vụ", file.task.len(), MAX_TASKS),
        ("chỉ tiêu", file.indicator.len(), MAX_INDICATORS),
        ("cơ quan, đơn vị", file.agency.len() + localities, MAX_AGENCIES),
    ] {
        if n > max {
            return Err(invalid(format!(
                "kế hoạch có {} {what}, quá giới hạn {} của tonghop",
                crate::vn::int(n as i64),
                crate::vn::int(max as i64)
            )));
        }
    }

    let mut agency_files = Vec::new();
    let mut localities = None;
    if let Some(name) = &file.plan.registry {
        let Some((text, origin)) = registries(name)? else {
            return Err(invalid(format!(
                "không tìm thấy danh mục cơ quan \"{name}\" (registry): đặt tệp {name}.toml trong thư mục co-quan \
                 cạnh thư mục của kế hoạch, hoặc dùng một danh mục có sẵn ({})",
                shipped_registries().collect::<Vec<_>>().join(", ")
            )));
        };
        let reg: RegistryFile = toml::from_str(&text).map_err(|e| PlanError::Syntax {
            path: origin.clone(),
            message: crate::toml_error::translate(&e, &text),
        })?;
        if reg.registry.id != *name {
            return Err(PlanError::Invalid {
                path: origin,
                message: format!("danh mục ghi id = \"{}\", kế hoạch cần danh mục \"{name}\"", reg.registry.id),
            });
        }
        agency_files = reg.agency;
        localities = reg.localities;
    }
    agency_files.extend(file.agency);
    // A plan's own [localities] stand in for the registry's (a plan for part of the city, a
    // scaled test plan).
    if let Some(own) = file.localities {
        localities = Some(own);
    }
    let as_of =
        file.plan.agencies_as_of.as_deref().map(|d| parse_date(d, "agencies_as_of")).transpose().map_err(invalid)?;
    let roster = roster(agency_files, localities, as_of, file.plan.agencies.as_deref()).map_err(invalid)?;
    if roster.agencies.len() > MAX_AGENCIES {
        return Err(invalid(format!(
            "kế hoạch có {} cơ quan, đơn vị, quá giới hạn {} của tonghop",
            crate::vn::int(roster.agencies.len() as i64),
            crate::vn::int(MAX_AGENCIES as i64)
        )));
    }
    let (agencies, locality_predecessors, predecessor_hint) =
        (roster.agencies, roster.locality_predecessors, roster.predecessor_hint);
    let registry = Registry::new(agencies, locality_predecessors, &file.plan.name_suffixes).map_err(invalid)?;

    let mut deadlines = Vec::new();
    for d in &file.plan.reporting_deadlines {
        let parsed = d
            .split_once('-')
            .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)))
            .filter(|(m, d)| (1..=12).contains(m) && (1..=31).contains(d));
        match parsed {
            Some(md) => deadlines.push(md),
            None => return Err(invalid(format!("hạn báo cáo \"{d}\" phải có dạng \"MM-DD\", ví dụ \"11-25\""))),
        }
    }
    let Some(frequency) = super::Frequency::of_count(deadlines.len()) else {
        return Err(invalid(format!(
            "reporting_deadlines có {} hạn báo cáo; ghi 1 hạn (báo cáo hằng năm), 2 (6 tháng một lần), 4 (hằng quý) \
             hoặc 12 (hằng tháng), theo thứ tự các kỳ trong năm",
            deadlines.len()
        )));
    };
    let consolidated_by = registry.current_id(&file.plan.consolidated_by).ok_or_else(|| {
        invalid(format!("cơ quan tổng hợp \"{}\" không có trong danh mục", file.plan.consolidated_by))
    })?;

    let groups: Vec<Group> = file
        .group
        .into_iter()
        .map(|g| Group {
            short_title: if g.short_title.is_empty() { g.title.clone() } else { g.short_title },
            code: g.code,
            title: g.title,
        })
        .collect();
    let group_codes: HashSet<&str> = groups.iter().map(|g| g.code.as_str()).collect();

    let mut appendices: Vec<TaskAppendix> = Vec::new();
    for a in file.appendix {
        if appendices.iter().any(|b| b.id == a.id) {
            return Err(invalid(format!("phụ lục \"{}\" khai báo hai lần trong [[appendix]]", a.id)));
        }
        appendices.push(TaskAppendix {
            id: a.id,
            number: a.number.trim().to_string(),
            title: a.title.trim().to_string(),
        });
    }
    let implicit = appendices.is_empty();
    if implicit {
        appendices.push(TaskAppendix { id: String::new(), number: String::new(), title: String::new() });
    }
    let mut columns: Vec<ExtraColumn> = Vec::new();
    for c in file.column {
        if columns.iter().any(|d| d.key == c.key) {
            return Err(invalid(format!("cột \"{}\" khai báo hai lần trong [[column]]", c.key)));
        }
        columns.push(ExtraColumn { key: c.key, header: c.header });
    }

    let mut seen = HashSet::new();
    let mut tasks = Vec::new();
    for t in file.task {
        if !seen.insert(t.code.clone()) {
            return Err(invalid(format!("nhiệm vụ {} xuất hiện hai lần", t.code)));
        }
        if !group_codes.contains(t.group.as_str()) {
            return Err(invalid(format!("nhiệm vụ {}: nhóm \"{}\" không có trong [[group]]", t.code, t.group)));
        }
        let appendix = match (t.appendix, implicit) {
            (None, true) => String::new(),
            (Some(a), false) if appendices.iter().any(|b| b.id == a) => a,
            (Some(a), false) => {
                return Err(invalid(format!("nhiệm vụ {}: phụ lục \"{a}\" không có trong [[appendix]]", t.code)))
            }
            (None, false) => {
                return Err(invalid(format!(
                    "nhiệm vụ {}: kế hoạch có nhiều phụ lục nhiệm vụ, ghi appendix = mã phụ lục ({})",
                    t.code,
                    appendices.iter().map(|a| format!("\"{}\"", a.id)).collect::<Vec<_>>().join(", ")
                )))
            }
            (Some(_), true) => {
                return Err(invalid(format!(
                    "nhiệm vụ {}: có khóa appendix nhưng kế hoạch không khai báo [[appendix]]",
                    t.code
                )))
            }
        };
        if !t.lead.is_empty() && !t.reported_by.is_empty() {
            return Err(invalid(format!(
                "nhiệm vụ {}: ghi lead (cơ quan chủ trì) hoặc reported_by (cơ quan báo cáo thay khi chủ trì không phải \
                 một cơ quan trong danh mục), không ghi cả hai",
                t.code
            )));
        }
        let open_lead = t.lead.is_empty() && !t.reported_by.is_empty();
        let refs = if open_lead { &t.reported_by } else { &t.lead };
        let leads = registry
            .resolve_refs(refs)
            .map_err(|r| invalid(format!("nhiệm vụ {}: cơ quan \"{r}\" không có trong danh mục", t.code)))?;
        if leads.is_empty() {
            return Err(invalid(format!(
                "nhiệm vụ {} không có cơ quan chủ trì; nếu đơn vị thực hiện không phải một cơ quan trong danh mục \
                 (ví dụ \"Đơn vị được tuyển chọn thực hiện\"), ghi reported_by = [mã cơ quan báo cáo thay]",
                t.code
            )));
        }
        let mut extra = Vec::with_capacity(columns.len());
        for c in &columns {
            extra.push(t.columns.get(&c.key).map(|v| v.trim().to_string()).unwrap_or_default());
        }
        if let Some(k) = t.columns.keys().find(|k| !columns.iter().any(|c| &c.key == *k)) {
            return Err(invalid(format!(
                "nhiệm vụ {}: cột \"{k}\" không có trong [[column]]{}",
                t.code,
                if columns.is_empty() {
                    "; khai báo cột trước, ví dụ [[column]] key = \"kinh_phi\", header = \"Kinh phí\"".to_string()
                } else {
                    format!(" (các cột: {})", columns.iter().map(|c| c.key.as_str()).collect::<Vec<_>>().join(", "))
                }
            )));
        }
        tasks.push(Task {
            deadline: parse_deadline(&t.deadline),
            open_lead,
            extra,
            appendix,
            code: t.code,
            group: t.group,
            name: t.name,
            lead_text: t.lead_text,
            leads,
            cooperating: t.cooperating,
            result: t.result,
            deadline_text: t.deadline,
        });
    }

    let mut seen = HashSet::new();
    let mut indicators = Vec::new();
    for i in file.indicator {
        if !seen.insert(i.code.clone()) {
            return Err(invalid(format!("chỉ tiêu {} xuất hiện hai lần", i.code)));
        }
        let trackers = registry
            .resolve_refs(&i.tracked_by)
            .map_err(|r| invalid(format!("chỉ tiêu {}: cơ quan theo dõi \"{r}\" không có trong danh mục", i.code)))?;
        indicators.push(Indicator {
            target: parse_target(&i.target),
            code: i.code,
            parent: i.parent,
            short: i.short.unwrap_or_else(|| i.name.clone()),
            name: i.name,
            unit: i.unit,
            target_text: i.target,
            target_year: i.target_year,
            tracked_by_text: i.tracked_by_text,
            trackers,
        });
    }
    let codes: BTreeSet<&str> = indicators.iter().map(|i| i.code.as_str()).collect();
    for i in &indicators {
        if let Some(p) = &i.parent {
            if !codes.contains(p.as_str()) {
                return Err(invalid(format!("chỉ tiêu {}: chỉ tiêu cha \"{p}\" không có", i.code)));
            }
        }
    }

    let declared = &file.plan.counts;
    for (what, said, found) in [
        ("nhóm nhiệm vụ ([[group]])", declared.groups, groups.len()),
        ("nhiệm vụ ([[task]])", declared.tasks, tasks.len()),
        ("chỉ tiêu ([[indicator]])", declared.indicators, indicators.len()),
    ] {
        if said != found {
            return Err(invalid(format!(
                "kế hoạch khai báo {said} {what} (counts) nhưng tệp có {found}; tệp có thể bị cắt cụt hoặc sửa nhầm"
            )));
        }
    }

    let mut plan = Plan {
        meta: PlanMeta {
            id: file.plan.id,
            title: file.plan.title,
            short_title: file.plan.short_title,
            issued_by: file.plan.issued_by,
            consolidated_by,
            reporting_deadlines: deadlines,
            predecessor_hint,
            frequency,
            merger_note: file.plan.merger_note,
            registry: file.plan.registry.clone().unwrap_or_default(),
            agencies_as_of: as_of,
        },
        registry,
        groups,
        appendices,
        columns,
        themes: if file.theme.is_empty() {
            super::Theme::defaults()
        } else {
            file.theme.into_iter().map(|t| super::Theme { name: t.name, words: t.words }).collect()
        },
        tasks,
        indicators,
        tasks_by_agency: Default::default(),
        indicators_by_agency: Default::default(),
    };
    plan.index();
    Ok(plan)
}
