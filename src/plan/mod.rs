//! The plan a report measures against: indicators (Phụ lục I), task groups and tasks (Phụ lục II),
//! and the registry of agencies with their aliases and 2025 successors.
//!
//! A plan is data (`templates/plans/*.toml`), not code. Loading resolves every agency reference
//! to the body that carries it today and expands "các sở, ngành, địa phương" into agencies, so
//! later stages only see current agencies and concrete assignments.

mod deadline;
mod load;
mod period;
mod registry;
mod roster;
mod target;

pub use deadline::{parse_deadline, Deadline};
pub use load::{
    load_plan, load_registry, parse_plan, shipped_plan, shipped_plans, shipped_registries, PlanError, MAX_AGENCIES,
};
pub use period::{Frequency, Period};
pub use registry::{Identified, Registry};
pub use target::{parse_target, Assessment, Target, Verdict};

use chrono::NaiveDate;
use serde::Serialize;

/// Kind of agency; "các sở, ngành, địa phương" covers the first three.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Category {
    Department,
    Sector,
    Locality,
    /// UBND cấp huyện, for plans issued before the districts were abolished on 1/7/2025.
    District,
    Unit,
    Other,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::Department => "Sở, cơ quan chuyên môn",
            Category::Sector => "Ngành",
            Category::Locality => "Phường, xã",
            Category::District => "Huyện, thị xã, thành phố thuộc tỉnh",
            Category::Unit => "Đơn vị khác",
            Category::Other => "Cơ quan phối hợp",
        }
    }
}

/// An agency of the registry.
#[derive(Debug, Clone, Serialize)]
pub struct Agency {
    pub id: String,
    pub name: String,
    pub short: String,
    pub category: Category,
    /// The body that carries this agency's tasks since the 2025 reorganisation.
    pub successor: Option<String>,
    pub aliases: Vec<String>,
}

/// A group of tasks (I–VII).
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub code: String,
    pub title: String,
    /// A label for tables; the full title otherwise.
    pub short_title: String,
}

/// One of the plan's own lists of tasks ("Phụ lục 1: Danh mục nhiệm vụ của Sở KH&CN"). A plan
/// that declares none has one, unnamed.
#[derive(Debug, Clone, Serialize)]
pub struct TaskAppendix {
    pub id: String,
    /// As the plan numbers it: "Phụ lục 1", "Phụ lục II"; empty for the implicit one.
    pub number: String,
    /// As the plan titles it; empty for the implicit one.
    pub title: String,
}

/// A column the plan adds to its task lists ("Kinh phí"), carried to forms, workbook and report.
#[derive(Debug, Clone, Serialize)]
pub struct ExtraColumn {
    pub key: String,
    pub header: String,
}

/// A task of Phụ lục II.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub code: String,
    pub group: String,
    /// The id of the plan's appendix that lists it.
    pub appendix: String,
    pub name: String,
    /// The lead agencies as the plan writes them.
    pub lead_text: String,
    /// The current agencies that lead it, in plan order, after successors and expansion.
    pub leads: Vec<String>,
    pub cooperating: String,
    pub result: String,
    pub deadline_text: String,
    pub deadline: Deadline,
    /// The lead is not an agency of the registry ("Đơn vị được tuyển chọn thực hiện", "Các
    /// trường học"): `lead_text` names it and `leads` are the agencies that report for it.
    pub open_lead: bool,
    /// Values of the plan's extra columns, in the order of [`Plan::columns`].
    pub extra: Vec<String>,
}

/// An indicator of Phụ lục I.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub code: String,
    /// For "8.1" … "8.12": "8". A parent's verdict comes from its children.
    pub parent: Option<String>,
    pub name: String,
    /// The name in the report's prose (`short` in the plan; the name when none).
    pub short: String,
    pub unit: String,
    pub target_text: String,
    pub target: Target,
    pub target_year: i32,
    pub tracked_by_text: String,
    /// The current agencies that report it, in plan order.
    pub trackers: Vec<String>,
}

/// The plan's own metadata.
#[derive(Debug, Clone, Serialize)]
pub struct PlanMeta {
    pub id: String,
    pub title: String,
    pub short_title: String,
    pub issued_by: String,
    pub consolidated_by: String,
    /// Month and day of each reporting deadline in a year, in order.
    pub reporting_deadlines: Vec<(u32, u32)>,
    /// The hint given when a file names a body the plan's [localities] replaced ("UBND huyện
    /// …"): the plan's own words, since the reorganisation it refers to is the plan's.
    pub predecessor_hint: String,
    /// How often the plan is reported on, from the number of deadlines.
    pub frequency: Frequency,
    pub merger_note: String,
    /// The shared registry the plan names (`hue`), empty when it declares its agencies itself.
    pub registry: String,
    /// The day that registry is read as of; None: as it stands today.
    pub agencies_as_of: Option<NaiveDate>,
}

/// A whole plan, resolved.
#[derive(Debug, Clone)]
pub struct Plan {
    pub meta: PlanMeta,
    pub registry: Registry,
    pub groups: Vec<Group>,
    pub appendices: Vec<TaskAppendix>,
    pub columns: Vec<ExtraColumn>,
    /// What the difficulties and proposals are grouped under in the report (`[[theme]]`, else
    /// [`Theme::defaults`]).
    pub themes: Vec<Theme>,
    pub tasks: Vec<Task>,
    pub indicators: Vec<Indicator>,
    /// Positions in `tasks` / `indicators` of what each agency leads / tracks, built once so
    /// that looking an agency up does not scan every task's list of leads.
    pub(crate) tasks_by_agency: std::collections::HashMap<String, Vec<usize>>,
    pub(crate) indicators_by_agency: std::collections::HashMap<String, Vec<usize>>,
}

/// A theme of the agencies' difficulties and proposals: a statement belongs to the first theme
/// one of whose words it holds (compared without case or diacritics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    pub words: Vec<String>,
}

impl Theme {
    /// What the reports of any plan of this kind raise: money, people, infrastructure, rules,
    /// working together. A plan lists its own with `[[theme]]`.
    pub fn defaults() -> Vec<Theme> {
        let t = |name: &str, words: &[&str]| Theme {
            name: name.into(),
            words: words.iter().map(|w| w.to_string()).collect(),
        };
        vec![
            t("kinh phí", &["kinh phí", "ngân sách", "nguồn vốn", "vốn ", "tài chính", "chi phí", "kinh phi"]),
            t("nhân lực", &["nhân lực", "cán bộ", "nhân sự", "biên chế", "chuyên môn", "đào tạo", "kỹ năng"]),
            t(
                "hạ tầng, trang thiết bị",
                &["hạ tầng", "đường truyền", "thiết bị", "máy móc", "mạng", "phần mềm", "nền tảng"],
            ),
            t(
                "cơ chế, chính sách",
                &["cơ chế", "chính sách", "văn bản", "hướng dẫn", "quy định", "thủ tục", "pháp lý"],
            ),
            t("phối hợp", &["phối hợp", "liên thông", "chia sẻ dữ liệu", "đồng bộ dữ liệu", "kết nối"]),
        ]
    }
}

impl Plan {
    pub(crate) fn index(&mut self) {
        self.tasks_by_agency.clear();
        self.indicators_by_agency.clear();
        for (i, t) in self.tasks.iter().enumerate() {
            for l in &t.leads {
                self.tasks_by_agency.entry(l.clone()).or_default().push(i);
            }
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            for l in &ind.trackers {
                self.indicators_by_agency.entry(l.clone()).or_default().push(i);
            }
        }
    }

    pub fn task(&self, code: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.code == code)
    }

    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// Current agencies expected to report: those leading a task or tracking an indicator, in
    /// registry order.
    pub fn reporting_agencies(&self) -> Vec<&Agency> {
        self.registry
            .current()
            .filter(|a| self.tasks_by_agency.contains_key(&a.id) || self.indicators_by_agency.contains_key(&a.id))
            .collect()
    }

    /// Tasks this agency leads, in plan order.
    pub fn tasks_of<'a>(&'a self, agency: &'a str) -> impl Iterator<Item = &'a Task> + 'a {
        self.tasks_by_agency.get(agency).into_iter().flatten().map(move |&i| &self.tasks[i])
    }

    /// Indicators this agency reports, in plan order.
    pub fn indicators_of<'a>(&'a self, agency: &'a str) -> impl Iterator<Item = &'a Indicator> + 'a {
        self.indicators_by_agency.get(agency).into_iter().flatten().map(move |&i| &self.indicators[i])
    }

    /// The period `index` (from 1; may be left out when the plan reports once a year) of `year`,
    /// or why there is no such period, in Vietnamese.
    pub fn period(&self, year: i32, index: Option<u32>) -> Result<Period, String> {
        let frequency = self.meta.frequency;
        let index = match index {
            Some(i) => i,
            None if frequency == Frequency::Yearly => 1,
            None => {
                return Err(format!(
                    "kế hoạch \"{}\" báo cáo {}: ghi kỳ báo cáo trong mục [cycle], period = {}",
                    self.meta.short_title,
                    frequency.label(),
                    frequency.choices()
                ))
            }
        };
        if !(2000..=2100).contains(&year) {
            return Err(format!("cycle.year = {year}: năm báo cáo phải từ 2000 đến 2100"));
        }
        if !(1..=frequency.periods()).contains(&index) {
            let hint = if frequency == Frequency::Yearly {
                "bỏ khóa period (hoặc ghi period = 1)".to_string()
            } else {
                format!("chọn period = {}", frequency.choices())
            };
            return Err(format!(
                "cycle.period = {index}: kế hoạch \"{}\" báo cáo {} nên không có kỳ {index}; {hint}",
                self.meta.short_title,
                frequency.label(),
            ));
        }
        Ok(Period { frequency, year, index })
    }

    /// The reporting deadline of `period`.
    pub fn deadline(&self, period: &Period) -> Option<NaiveDate> {
        let md = *self.meta.reporting_deadlines.get(period.index.checked_sub(1)? as usize)?;
        period.deadline(md)
    }

    /// "6 tháng đầu năm 2026" for a stored cycle (`year`, `index`) of this plan.
    pub fn period_label(&self, year: i32, index: u32) -> String {
        Period { frequency: self.meta.frequency, year, index }.label()
    }
}

#[cfg(test)]
mod tests;
