//! The agencies a plan sees: the city's registry file (`templates/co-quan/<id>.toml`, shared by
//! plans) as it stood on the plan's date, plus any agency the plan declares itself.
//!
//! A registry entry lives from `since` to `until`; after `until` its `successor` carries its tasks
//! (it stays in the view as a name that leads to the successor), or, without one, it is gone. A
//! `former` name holds up to its own `until` (Thừa Thiên Huế's bodies before the city's).

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Agency, Category};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RegistryFile {
    pub registry: RegistryMeta,
    #[serde(default)]
    pub agency: Vec<AgencyFile>,
    #[serde(default)]
    pub localities: Option<LocalitiesFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RegistryMeta {
    pub id: String,
    #[serde(default)]
    #[allow(dead_code)]
    pub title: String,
    /// Words that add nothing to a name in a plan's text ("thành phố Huế").
    #[serde(default)]
    pub name_suffixes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AgencyFile {
    id: String,
    name: String,
    short: String,
    category: String,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    until: Option<String>,
    #[serde(default)]
    successor: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    former: Vec<FormerFile>,
}

/// A name the agency bore up to `until`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormerFile {
    until: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    short: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    aliases: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LocalitiesFile {
    /// The wards and communes exist from this day (1 July 2025 for Huế).
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    predecessor_aliases: Vec<String>,
    /// Said to a file that names one of the predecessors.
    #[serde(default)]
    predecessor_hint: String,
    #[serde(default)]
    wards: Vec<String>,
    #[serde(default)]
    communes: Vec<String>,
}

impl LocalitiesFile {
    /// How many wards and communes it lists.
    pub fn len(&self) -> usize {
        self.wards.len() + self.communes.len()
    }
}

/// The agencies of one plan, ready for [`super::Registry::new`].
pub(super) struct Roster {
    pub agencies: Vec<Agency>,
    pub locality_predecessors: Vec<String>,
    pub predecessor_hint: String,
}

/// A date as the registry and plans write it: "2024-12-31".
pub(super) fn parse_date(text: &str, what: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{what}: ngày \"{text}\" phải có dạng \"YYYY-MM-DD\", ví dụ \"2024-12-31\""))
}

fn category(text: &str, id: &str) -> Result<Category, String> {
    Ok(match text {
        "so" => Category::Department,
        "nganh" => Category::Sector,
        "huyen" => Category::District,
        "don-vi" => Category::Unit,
        "khac" => Category::Other,
        other => {
            return Err(format!(
                "cơ quan \"{id}\": nhóm \"{other}\" không hợp lệ (chọn một trong: so, nganh, huyen, don-vi, khac)"
            ))
        }
    })
}

/// The agencies of `files` and `localities` as they stood on `as_of` (None: today's registry, every
/// `until` past), restricted to `only` and in its order when the plan names its agencies.
pub(super) fn roster(
    files: Vec<AgencyFile>,
    localities: Option<LocalitiesFile>,
    as_of: Option<NaiveDate>,
    only: Option<&[String]>,
) -> Result<Roster, String> {
    let after = |date: Option<NaiveDate>| match (date, as_of) {
        (Some(d), Some(on)) => d > on,
        (Some(_), None) => false,
        (None, _) => false,
    };
    let ended = |until: Option<NaiveDate>| match (until, as_of) {
        (Some(u), Some(on)) => u < on,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let mut agencies = Vec::new();
    for a in files {
        let since = a.since.as_deref().map(|s| parse_date(s, &format!("cơ quan \"{}\", since", a.id))).transpose()?;
        let until = a.until.as_deref().map(|s| parse_date(s, &format!("cơ quan \"{}\", until", a.id))).transpose()?;
        let mut name = a.name;
        let mut short = a.short;
        let mut category_text = a.category;
        let mut aliases = a.aliases;
        let mut former = Vec::new();
        for f in a.former {
            former.push((parse_date(&f.until, &format!("cơ quan \"{}\", tên cũ (former), until", a.id))?, f));
        }
        former.sort_by_key(|(u, _)| *u);
        if let Some((_, f)) = former.into_iter().find(|(u, _)| !ended(Some(*u))) {
            name = f.name.unwrap_or(name);
            short = f.short.unwrap_or(short);
            category_text = f.category.unwrap_or(category_text);
            aliases = f.aliases.unwrap_or(aliases);
        }
        let category = category(&category_text, &a.id)?;
        if after(since) {
            continue;
        }
        let successor = if ended(until) {
            match a.successor {
                Some(s) => Some(s),
                None => continue,
            }
        } else {
            None
        };
        agencies.push(Agency { id: a.id, name, short, category, successor, aliases });
    }
    let mut locality_predecessors = Vec::new();
    let mut predecessor_hint = String::new();
    if let Some(loc) = localities {
        let since = loc.since.as_deref().map(|s| parse_date(s, "[localities], since")).transpose()?;
        if !after(since) {
            locality_predecessors = loc.predecessor_aliases;
            predecessor_hint = loc.predecessor_hint;
            for (kind, id_prefix, names) in [("phường", "phuong", loc.wards), ("xã", "xa", loc.communes)] {
                for name in names {
                    let slug = crate::fold::fold(&name).replace(' ', "-");
                    agencies.push(Agency {
                        id: format!("{id_prefix}-{slug}"),
                        name: format!("UBND {kind} {name}"),
                        short: format!("{} {name}", crate::diag::capitalised(kind)),
                        category: Category::Locality,
                        successor: None,
                        aliases: vec![
                            format!("{kind} {name}"),
                            format!("Ủy ban nhân dân {kind} {name}"),
                            format!("UBND {kind} {name}"),
                        ],
                    });
                }
            }
        }
    }
    if let Some(only) = only {
        let mut picked = Vec::with_capacity(only.len());
        for id in only {
            if picked.iter().any(|a: &Agency| &a.id == id) {
                return Err(format!("cơ quan \"{id}\" ghi hai lần trong agencies"));
            }
            match agencies.iter().position(|a| &a.id == id) {
                Some(i) => picked.push(agencies[i].clone()),
                None => {
                    return Err(format!(
                        "agencies: cơ quan \"{id}\" không có trong danh mục{}",
                        as_of.map(|d| format!(" vào ngày {}", d.format("%d/%m/%Y"))).unwrap_or_default()
                    ))
                }
            }
        }
        agencies = picked;
    }
    Ok(Roster { agencies, locality_predecessors, predecessor_hint })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(text: &str) -> RegistryFile {
        toml::from_str(text).unwrap()
    }

    const CITY: &str = r#"
[registry]
id = "t"

[[agency]]
id = "a"
name = "Sở A"
short = "Sở A"
category = "so"

[[agency]]
id = "b"
name = "Sở B"
short = "Sở B"
category = "so"
until = "2025-02-28"
successor = "a"

[[agency]]
id = "c"
name = "Công an thành phố"
short = "Công an TP"
category = "nganh"
former = [{ until = "2024-12-31", name = "Công an tỉnh", short = "Công an tỉnh", aliases = ["CA tỉnh"] }]

[[agency]]
id = "h"
name = "UBND huyện H"
short = "UBND huyện H"
category = "huyen"
until = "2025-06-30"

[localities]
since = "2025-07-01"
wards = ["X"]
"#;

    fn view(as_of: Option<&str>, only: Option<&[String]>) -> Vec<(String, String, Option<String>)> {
        let r = registry(CITY);
        let as_of = as_of.map(|d| parse_date(d, "test").unwrap());
        roster(r.agency, r.localities, as_of, only)
            .unwrap()
            .agencies
            .into_iter()
            .map(|a| (a.id, a.name, a.successor))
            .collect()
    }

    #[test]
    fn a_registry_is_seen_as_it_stood_on_the_plans_date() {
        let s = |x: &str| x.to_string();
        // Before the mergers: B is its own body, C has its province name, the district exists.
        assert_eq!(
            view(Some("2024-12-31"), None),
            [
                (s("a"), s("Sở A"), None),
                (s("b"), s("Sở B"), None),
                (s("c"), s("Công an tỉnh"), None),
                (s("h"), s("UBND huyện H"), None)
            ]
        );
        // Between the mergers of departments and the end of districts.
        assert_eq!(
            view(Some("2025-03-01"), None),
            [
                (s("a"), s("Sở A"), None),
                (s("b"), s("Sở B"), Some(s("a"))),
                (s("c"), s("Công an thành phố"), None),
                (s("h"), s("UBND huyện H"), None)
            ]
        );
        // Today: the district is gone, the wards are there.
        assert_eq!(
            view(None, None),
            [
                (s("a"), s("Sở A"), None),
                (s("b"), s("Sở B"), Some(s("a"))),
                (s("c"), s("Công an thành phố"), None),
                (s("phuong-x"), s("UBND phường X"), None)
            ]
        );
        // A plan that names its agencies gets those, in its order.
        let only = [s("h"), s("a")];
        assert_eq!(
            view(Some("2024-06-01"), Some(&only)),
            [(s("h"), s("UBND huyện H"), None), (s("a"), s("Sở A"), None)]
        );
        let r = registry(CITY);
        let err = roster(r.agency, r.localities, None, Some(&[s("h")])).err().unwrap();
        assert_eq!(err, "agencies: cơ quan \"h\" không có trong danh mục");
    }
}
