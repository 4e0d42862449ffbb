//! The agency registry: who can send a workbook, under which names, and who carries the tasks of
//! the bodies merged in 2025.

use std::collections::HashMap;

use serde::Serialize;

use super::{Agency, Category};
use crate::fold::{distance, fold};

/// All agencies of a plan with a lookup by folded name.
#[derive(Debug, Clone)]
pub struct Registry {
    agencies: Vec<Agency>,
    by_id: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
    locality_predecessors: Vec<String>,
    /// Folded, each with its leading space: " thanh pho hue".
    noise_suffixes: Vec<String>,
}

/// The result of identifying a name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Identified {
    /// The current agency.
    pub id: String,
    /// The registry entry the text named, when it is a predecessor of `id`.
    pub via: Option<String>,
}

impl Registry {
    /// Builds the registry; an error names the duplicate key or the unknown successor.
    /// `name_suffixes` are the plan's words that add nothing to a name ("thành phố Huế": "Sở Y
    /// tế thành phố Huế" is "Sở Y tế").
    pub fn new(
        agencies: Vec<Agency>,
        locality_predecessors: Vec<String>,
        name_suffixes: &[String],
    ) -> Result<Self, String> {
        let mut by_id = HashMap::new();
        for (i, a) in agencies.iter().enumerate() {
            if by_id.insert(a.id.clone(), i).is_some() {
                return Err(format!("mã cơ quan \"{}\" bị trùng", a.id));
            }
        }
        // The body that carries an entry today (itself when it has no successor or a broken chain).
        let carrier = |mut i: usize| {
            for _ in 0..16 {
                match agencies[i].successor.as_ref().and_then(|s| by_id.get(s)) {
                    Some(&j) => i = j,
                    None => break,
                }
            }
            i
        };
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (i, a) in agencies.iter().enumerate() {
            let names = std::iter::once(&a.name).chain(std::iter::once(&a.short)).chain(a.aliases.iter());
            for name in names {
                let key = fold(name);
                match by_key.get(&key) {
                    // A name a merged body shared with the body that carries it now ("HueCIT")
                    // leads to the same agency either way: the current entry keeps it.
                    Some(&j) if j != i && carrier(j) == carrier(i) => {
                        if agencies[i].successor.is_none() {
                            by_key.insert(key, i);
                        }
                    }
                    Some(&j) if j != i => {
                        return Err(format!("tên \"{name}\" dùng cho cả \"{}\" và \"{}\"", agencies[j].id, a.id));
                    }
                    _ => {
                        by_key.insert(key, i);
                    }
                }
            }
        }
        let mut noise_suffixes: Vec<String> =
            name_suffixes.iter().map(|s| format!(" {}", fold(s))).filter(|s| s.len() > 1).collect();
        // Longest first, so that "thành phố Huế" goes before "Huế".
        noise_suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let registry = Registry { agencies, by_id, by_key, locality_predecessors, noise_suffixes };
        for a in &registry.agencies {
            if let Some(s) = &a.successor {
                if registry.current_id(s).is_none() {
                    return Err(format!("cơ quan \"{}\": cơ quan kế thừa \"{s}\" không có trong danh mục", a.id));
                }
            }
        }
        Ok(registry)
    }

    pub fn all(&self) -> &[Agency] {
        &self.agencies
    }

    /// Agencies that exist today (no successor), in registry order.
    pub fn current(&self) -> impl Iterator<Item = &Agency> {
        self.agencies.iter().filter(|a| a.successor.is_none())
    }

    pub fn get(&self, id: &str) -> Option<&Agency> {
        self.by_id.get(id).map(|&i| &self.agencies[i])
    }

    /// Display name of an agency id (the id itself if unknown).
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.get(id).map(|a| a.name.as_str()).unwrap_or(id)
    }

    /// Follows successors from `id` to the agency that exists today.
    pub fn current_id(&self, id: &str) -> Option<String> {
        let mut a = self.get(id)?;
        for _ in 0..16 {
            match &a.successor {
                None => return Some(a.id.clone()),
                Some(s) => a = self.get(s)?,
            }
        }
        None
    }

    /// Resolves plan references (ids, "@so", "@nganh", "@dia-phuong") to current agencies, in
    /// order and without repeats. An unknown reference is returned as the error.
    pub fn resolve_refs(&self, refs: &[String]) -> Result<Vec<String>, String> {
        let mut out: Vec<String> = Vec::new();
        let push = |id: String, out: &mut Vec<String>| {
            if !out.contains(&id) {
                out.push(id);
            }
        };
        for r in refs {
            let category = match r.as_str() {
                "@so" => Some(Category::Department),
                "@nganh" => Some(Category::Sector),
                "@dia-phuong" => Some(Category::Locality),
                "@huyen" => Some(Category::District),
                _ => None,
            };
            match category {
                Some(c) => {
                    for a in self.current().filter(|a| a.category == c) {
                        push(a.id.clone(), &mut out);
                    }
                }
                None => push(self.current_id(r).ok_or_else(|| r.clone())?, &mut out),
            }
        }
        Ok(out)
    }

    /// Identifies the agency a workbook names. On failure, returns up to three registry names
    /// closest to the text, for the hint.
    pub fn identify(&self, text: &str) -> Result<Identified, Vec<String>> {
        self.lookup(text).ok_or_else(|| self.closest(&fold(text)))
    }

    /// [`Registry::identify`] without the suggestions: for scanning text that may name no agency.
    pub fn lookup(&self, text: &str) -> Option<Identified> {
        let key = fold(text);
        let mut candidates = vec![key.clone()];
        for suffix in &self.noise_suffixes {
            if let Some(stripped) = key.strip_suffix(suffix.as_str()) {
                candidates.push(stripped.to_string());
            }
        }
        for k in &candidates {
            if let Some(&i) = self.by_key.get(k) {
                let a = &self.agencies[i];
                let id = self.current_id(&a.id).unwrap_or_else(|| a.id.clone());
                let via = (id != a.id).then(|| a.id.clone());
                return Some(Identified { id, via });
            }
        }
        None
    }

    /// Whether the text is one of the plan's old collective names for the localities.
    pub fn is_locality_predecessor(&self, text: &str) -> bool {
        let key = fold(text);
        self.locality_predecessors.iter().any(|p| fold(p) == key)
    }

    fn closest(&self, key: &str) -> Vec<String> {
        let mut scored: Vec<(usize, &str)> = self
            .current()
            .map(|a| {
                let d = std::iter::once(&a.name)
                    .chain(a.aliases.iter())
                    .map(|n| distance(key, &fold(n)))
                    .min()
                    .unwrap_or(usize::MAX);
                (d, a.name.as_str())
            })
            .collect();
        scored.sort();
        scored.into_iter().take(3).map(|(_, n)| n.to_string()).collect()
    }
}
