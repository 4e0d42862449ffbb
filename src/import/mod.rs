//! A plan from the document it is issued as (`tonghop ke-hoach nhap`): the body's number, date,
//! issuer and reporting deadlines, and the appendix tables' groups, tasks and indicators, with
//! every body named matched to the agency registry. What it cannot decide is listed with its place
//! in the document and written into the plan file as a comment at that entry.

pub mod body;
pub mod document;
pub mod names;
pub mod tables;
mod write;

use std::fmt;
use std::path::Path;

use chrono::Datelike;

use crate::fold::fold;
use crate::plan::{parse_deadline, Deadline, Registry};

/// Where in the document something is: "bảng 2, dòng 14, cột «Cơ quan chủ trì»".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    pub table: String,
    pub row: usize,
    pub column: Option<String>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.table.is_empty() {
            return write!(f, "phần đầu văn bản");
        }
        write!(f, "{}, dòng {}", self.table, self.row)?;
        if let Some(c) = &self.column {
            write!(f, ", cột «{c}»")?;
        }
        Ok(())
    }
}

/// The entry of the plan file a note belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Plan,
    Appendix(String),
    Group(String),
    Task(String),
    Indicator(String),
}

/// Something the importer could not decide, for the officer.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub place: Place,
    pub entry: Entry,
    pub text: String,
}

/// A plan as read from its document, ready to be written.
#[derive(Debug, Default)]
pub struct Draft {
    pub id: String,
    pub title: String,
    pub short_title: String,
    pub issued_by: String,
    pub consolidated_by: String,
    pub registry: String,
    pub as_of: Option<chrono::NaiveDate>,
    pub deadlines: Vec<(u32, u32)>,
    pub name_suffixes: Vec<String>,
    pub merger_note: String,
    pub appendices: Vec<(String, String, String)>,
    pub columns: Vec<(String, String)>,
    pub groups: Vec<(String, String)>,
    pub tasks: Vec<DraftTask>,
    pub indicators: Vec<DraftIndicator>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Default)]
pub struct DraftTask {
    pub code: String,
    pub group: String,
    pub appendix: Option<String>,
    pub name: String,
    pub lead_text: String,
    pub lead: Vec<String>,
    pub reported_by: Vec<String>,
    pub cooperating: String,
    pub result: String,
    pub deadline: String,
    pub columns: Vec<(String, String)>,
}

#[derive(Debug, Default)]
pub struct DraftIndicator {
    pub code: String,
    pub parent: Option<String>,
    pub name: String,
    pub unit: String,
    pub target: String,
    pub target_year: i32,
    pub tracked_by_text: String,
    pub tracked_by: Vec<String>,
}

/// Lines of a cell are layout, not content: one space between them.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Phụ lục II" → "2"; "1" → "1".
fn appendix_id(number: &str) -> String {
    tables::roman(number).map(|n| n.to_string()).unwrap_or_else(|| number.to_string())
}

/// "DANH MỤC CÁC CHỈ TIÊU" → "Danh mục các chỉ tiêu"; a word with a digit or "/" keeps its case.
fn sentence_case(text: &str) -> String {
    let text = one_line(text);
    let shouting = text.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase());
    if !shouting {
        return text;
    }
    let mut out = Vec::new();
    for (i, w) in text.split(' ').enumerate() {
        let keep = w.chars().any(|c| c.is_ascii_digit() || c == '/') || w == "UBND" || w == "CMCN";
        let lower = if keep { w.to_string() } else { w.to_lowercase() };
        out.push(if i == 0 { crate::diag::capitalised(&lower) } else { lower });
    }
    out.join(" ")
}

/// The words a place adds to a name there: "UBND tỉnh Thừa Thiên Huế" → "tỉnh Thừa Thiên Huế",
/// "Thừa Thiên Huế", "tỉnh".
fn suffixes_of(issuer: &str) -> Vec<String> {
    let rest = issuer.strip_prefix("UBND ").unwrap_or(issuer).trim();
    for kind in ["thành phố", "tỉnh"] {
        if let Some(place) = rest.strip_prefix(kind) {
            let place = place.trim();
            if !place.is_empty() {
                return vec![rest.to_string(), place.to_string(), kind.to_string()];
            }
        }
    }
    Vec::new()
}

/// Reads the plan document at `path` against the registry `registry` (found from `dir` as a plan
/// there would find it); `date`, when given, is the plan's date whatever the document says.
pub fn import(path: &Path, dir: &Path, registry: &str, date: Option<chrono::NaiveDate>) -> Result<Draft, String> {
    let blocks = document::read(path)?;
    let found = tables::find(&blocks);
    let mut body = body::read(&found.body);
    body.date = date.or(body.date);
    // The agencies as they stand when the plan ends (its latest deadline, else its date): a plan
    // of 2025–2030 is reported on by the bodies merged in 2025, a plan of 2024 by those of 2024.
    // The names the document wrote earlier still lead there (predecessors stay in the registry).
    let end = found
        .tasks
        .iter()
        .filter_map(|t| t.deadline.as_deref().and_then(|d| parse_deadline(d).due()))
        .max()
        .or(body.date)
        .map(|d| chrono::NaiveDate::from_ymd_opt(d.year(), 12, 31).unwrap_or(d));
    let reg = crate::plan::load_registry(dir, registry, end).map_err(|e| e.to_string())?;
    let mut draft = assemble(found, body, &reg, registry, path);
    draft.as_of = end;
    Ok(draft)
}

fn assemble(found: tables::Found, body: body::Body, reg: &Registry, registry: &str, path: &Path) -> Draft {
    let mut notes = found.notes;
    notes.extend(found.misplaced.iter().filter(|(k, _)| k.is_none()).map(|(_, n)| n.clone()));
    let plan_note =
        |notes: &mut Vec<Note>, text: String| notes.push(Note { place: Place::default(), entry: Entry::Plan, text });
    let year = body.date.map(|d| d.year());
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let id = match (&body.number, year) {
        (Some(n), Some(y)) => {
            let digits: String = n.chars().take_while(|c| c.is_ascii_digit()).collect();
            format!("kh-{digits}-{y}")
        }
        _ => fold(&stem).replace(' ', "-"),
    };
    if body.number.is_none() {
        plan_note(&mut notes, "không thấy số văn bản (\"Số: …/KH-UBND\"): kiểm tra id, title, short_title".into());
    }
    let date_text = body.date.map(|d| format!("{:02}/{}/{}", d.day(), d.month(), d.year()));
    let subject = body.subject.as_deref().map(sentence_case).unwrap_or_default();
    let title = match (&body.number, &date_text) {
        (Some(n), Some(d)) if !subject.is_empty() => format!("Kế hoạch số {n} ngày {d} {}", lower_first(&subject)),
        _ if !subject.is_empty() => format!("Kế hoạch {}", lower_first(&subject)),
        _ => String::new(),
    };
    let shouting = body.subject.as_deref().is_some_and(|s| sentence_case(s) != one_line(s));
    if title.is_empty() {
        plan_note(&mut notes, "không thấy trích yếu sau chữ \"KẾ HOẠCH\": ghi title".into());
    } else if shouting {
        plan_note(&mut notes, "title chép từ trích yếu viết hoa: kiểm tra chữ hoa của tên riêng, tên văn bản".into());
    }
    let short_title = body.number.as_ref().map(|n| format!("Kế hoạch số {n}")).unwrap_or_default();
    let issued_by = body.issuer.clone().unwrap_or_default();
    if issued_by.is_empty() {
        plan_note(
            &mut notes,
            "không thấy cơ quan ban hành (\"ỦY BAN NHÂN DÂN …\" ở đầu văn bản): ghi issued_by".into(),
        );
    }
    let consolidated_by = body
        .report_to
        .as_deref()
        .map(|t| names::named(t, reg))
        .and_then(|n| n.refs.into_iter().find(|r| !r.starts_with('@')))
        .unwrap_or_default();
    if consolidated_by.is_empty() {
        plan_note(
            &mut notes,
            format!(
                "không rõ cơ quan nhận báo cáo (tổng hợp){}: ghi consolidated_by = mã cơ quan",
                body.reporting
                    .as_deref()
                    .map(|s| format!(" trong câu \"{}\"", crate::vn::cut(s, 60)))
                    .unwrap_or_default()
            ),
        );
    }
    if crate::plan::Frequency::of_count(body.deadlines.len()).is_none() {
        plan_note(
            &mut notes,
            match &body.reporting {
                None => "không thấy câu về hạn báo cáo định kỳ (\"định kỳ … báo cáo … trước ngày …\"): ghi reporting_deadlines".into(),
                Some(s) => format!(
                    "câu \"{}\" cho {} hạn báo cáo; một kế hoạch có 1, 2, 4 hoặc 12 hạn một năm: ghi reporting_deadlines",
                    crate::vn::cut(s, 60),
                    body.deadlines.len()
                ),
            },
        );
    }

    // Task appendices: several lists number their tasks "1.7", "2.17".
    let several = found.appendices.len() > 1;
    let appendices: Vec<(String, String, String)> = if several {
        found
            .appendices
            .iter()
            .map(|a| (appendix_id(&a.number), format!("Phụ lục {}", a.number), sentence_case(&a.title)))
            .collect()
    } else {
        Vec::new()
    };
    for (a, (id, number, title)) in found.appendices.iter().zip(&appendices) {
        if *title != one_line(&a.title) {
            notes.push(Note {
                place: Place::default(),
                entry: Entry::Appendix(id.clone()),
                text: format!("tên {number} chép từ tiêu đề viết hoa: kiểm tra chữ hoa của tên cơ quan, tên văn bản"),
            });
        }
    }
    let mut columns: Vec<(String, String)> = Vec::new();
    for t in &found.tasks {
        for (header, _) in &t.extra {
            if !columns.iter().any(|(_, h)| h == header) {
                columns.push((fold(header).replace(' ', "_"), header.clone()));
            }
        }
    }

    // Groups: the document's own number, else the number of the body's heading with that title,
    // else the order they come in (said to the officer).
    let mut groups: Vec<(String, String)> = Vec::new();
    let mut group_codes: Vec<String> = Vec::new();
    for (i, g) in found.groups.iter().enumerate() {
        let key = fold(&g.title);
        let heading = body.headings.iter().find(|(_, h)| {
            let h = fold(h);
            h == key || (key.len() >= 20 && (h.starts_with(&key) || key.starts_with(&h)))
        });
        let code = match (&g.code, heading) {
            (Some(c), _) => c.clone(),
            (None, Some((n, _))) => n.clone(),
            (None, None) => {
                let code = (i + 1).to_string();
                notes.push(Note {
                    place: g.place.clone(),
                    entry: Entry::Group(code.clone()),
                    text: "nhóm không đánh số, không khớp đề mục nào của văn bản: đánh số theo thứ tự xuất hiện".into(),
                });
                code
            }
        };
        let code = if group_codes.contains(&code) && !groups.iter().any(|(c, t)| *c == code && fold(t) == key) {
            let other = format!("{code}-{}", i + 1);
            notes.push(Note {
                place: g.place.clone(),
                entry: Entry::Group(other.clone()),
                text: format!("hai nhóm khác tên cùng số {code}: nhóm này ghi mã {other}"),
            });
            other
        } else {
            code
        };
        if !groups.iter().any(|(c, _)| *c == code) {
            groups.push((code.clone(), one_line(&g.title)));
        }
        group_codes.push(code);
    }

    // In the plan's own order: a group that first appears in the second list (its 3 after 7) goes
    // back to its place when every group is numbered.
    let number = |code: &str| code.parse::<u32>().ok().or_else(|| tables::roman(code));
    if groups.iter().all(|(c, _)| number(c).is_some()) {
        groups.sort_by_key(|(c, _)| number(c));
    }

    let mut tasks = Vec::new();
    let mut said_no_deadline = false;
    for (index, t) in found.tasks.iter().enumerate() {
        let code = if several { format!("{}.{}", appendices[t.appendix].0, t.code) } else { t.code.clone() };
        let note = |notes: &mut Vec<Note>, column: &str, text: String| {
            notes.push(Note {
                place: Place { column: (!column.is_empty()).then(|| column.to_string()), ..t.place.clone() },
                entry: Entry::Task(code.clone()),
                text,
            })
        };
        if tasks.iter().any(|d: &DraftTask| d.code == code) {
            note(&mut notes, "", format!("nhiệm vụ số {code} có hai lần: dòng này là một nhiệm vụ khác hay chép lặp?"));
        }
        let group = match t.group {
            Some(g) => group_codes[g].clone(),
            None => {
                note(&mut notes, "", "nhiệm vụ đứng trước mọi dòng nhóm: ghi group".into());
                String::new()
            }
        };
        if one_line(&t.name).is_empty() {
            note(&mut notes, "", "nhiệm vụ không có tên".into());
        }
        let lead_text = one_line(&t.lead);
        let named = names::named(&lead_text, reg);
        let mut lead = named.refs;
        let mut reported_by = Vec::new();
        for u in &named.unknown {
            if !lead.is_empty() {
                note(
                    &mut notes,
                    &t.lead_header,
                    format!("không nhận ra cơ quan \"{u}\": thêm tên này vào danh mục cơ quan (aliases) hoặc sửa lead"),
                );
            }
        }
        if lead.is_empty() {
            let cooperating = names::named(&one_line(&t.cooperating), reg);
            reported_by = cooperating.refs.into_iter().filter(|r| !r.starts_with('@')).take(1).collect();
            note(
                &mut notes,
                &t.lead_header,
                if lead_text.is_empty() {
                    "không có cơ quan chủ trì".to_string()
                } else if reported_by.is_empty() {
                    format!("chủ trì \"{}\" không phải một cơ quan trong danh mục: ghi reported_by = [cơ quan báo cáo thay]", crate::vn::cut(&lead_text, 60))
                } else {
                    format!(
                        "chủ trì \"{}\" không phải một cơ quan trong danh mục: cơ quan phối hợp đầu tiên ({}) báo cáo thay; kiểm tra reported_by",
                        crate::vn::cut(&lead_text, 60),
                        reg.name(&reported_by[0])
                    )
                },
            );
            lead.clear();
        }
        let deadline = match &t.deadline {
            Some(d) => one_line(d),
            None => {
                if !said_no_deadline {
                    said_no_deadline = true;
                    plan_note(
                        &mut notes,
                        format!(
                            "bảng nhiệm vụ không có cột thời hạn: mọi nhiệm vụ ghi năm của kế hoạch ({})",
                            year.map(|y| y.to_string()).unwrap_or_else(|| "không rõ".into())
                        ),
                    );
                }
                year.map(|y| y.to_string()).unwrap_or_default()
            }
        };
        if !deadline.is_empty() && parse_deadline(&deadline) == Deadline::Unknown {
            note(&mut notes, &t.deadline_header, format!("không đọc được thời hạn \"{deadline}\" thành một ngày: nhiệm vụ này sẽ không bao giờ tính trễ hạn; sửa deadline (ví dụ \"Quý II/2025\", \"12/2025\", \"2026\", \"Thường xuyên\")"));
        }
        for (_, n) in found.misplaced.iter().filter(|(k, _)| *k == Some(index)) {
            notes.push(Note {
                entry: Entry::Task(code.clone()),
                text: format!("dòng ngay sau nhiệm vụ {code}: {}", n.text),
                ..n.clone()
            });
        }
        tasks.push(DraftTask {
            code: code.clone(),
            group,
            appendix: several.then(|| appendices[t.appendix].0.clone()),
            name: one_line(&t.name),
            lead_text,
            lead,
            reported_by,
            cooperating: one_line(&t.cooperating),
            result: one_line(&t.result),
            deadline,
            columns: t
                .extra
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(h, v)| {
                    (columns.iter().find(|(_, hh)| hh == h).map(|(k, _)| k.clone()).unwrap_or_default(), one_line(v))
                })
                .collect(),
        });
    }

    let mut indicators: Vec<DraftIndicator> = Vec::new();
    for i in &found.indicators {
        let note = |notes: &mut Vec<Note>, column: &str, text: String| {
            notes.push(Note {
                place: Place { column: (!column.is_empty()).then(|| column.to_string()), ..i.place.clone() },
                entry: Entry::Indicator(i.code.clone()),
                text,
            })
        };
        let parent =
            i.code.rsplit_once('.').map(|(p, _)| p.to_string()).filter(|p| indicators.iter().any(|d| d.code == *p));
        let tracked_by_text = one_line(&i.tracker);
        let named = names::named(&tracked_by_text, reg);
        for u in &named.unknown {
            note(
                &mut notes,
                &i.tracker_header,
                format!(
                    "không nhận ra cơ quan \"{u}\": thêm tên này vào danh mục cơ quan (aliases) hoặc sửa tracked_by"
                ),
            );
        }
        let target_year = match i.year.or(year) {
            Some(y) => {
                if i.year.is_none() {
                    note(&mut notes, "", format!("không rõ năm của chỉ tiêu: ghi năm của kế hoạch ({y})"));
                }
                y
            }
            None => {
                note(&mut notes, "", "không rõ năm của chỉ tiêu: ghi target_year".into());
                0
            }
        };
        indicators.push(DraftIndicator {
            code: i.code.clone(),
            parent,
            name: one_line(&i.name),
            unit: one_line(&i.unit),
            target: one_line(&i.target),
            target_year,
            tracked_by_text,
            tracked_by: named.refs,
        });
    }
    if found.tasks.is_empty() {
        plan_note(
            &mut notes,
            "không thấy bảng nhiệm vụ (hàng tiêu đề có \"TT\", \"Nhiệm vụ\", \"Cơ quan chủ trì\")".into(),
        );
    }

    // A note under a table that speaks of the 2025 reorganisation is the plan's merger note (the
    // report quotes it); any other is kept for the officer, never dropped.
    let mut merger_note = String::new();
    for r in &found.remarks {
        let text = one_line(r.split_once(':').map(|(_, b)| b).unwrap_or(r));
        let key = fold(&text);
        if merger_note.is_empty() && (key.contains("sap nhap") || key.contains("sap xep")) {
            merger_note = text;
        } else {
            plan_note(
                &mut notes,
                format!("ghi chú dưới bảng, không đưa vào kế hoạch: \"{}\"", crate::vn::cut(&text, 120)),
            );
        }
    }

    Draft {
        id,
        title,
        short_title,
        name_suffixes: suffixes_of(&issued_by),
        issued_by,
        consolidated_by,
        registry: registry.to_string(),
        as_of: body.date,
        deadlines: body.deadlines,
        merger_note,
        appendices,
        columns,
        groups,
        tasks,
        indicators,
        notes,
    }
}

fn lower_first(text: &str) -> String {
    let mut c = text.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

pub use write::plan_toml;

#[cfg(test)]
mod tests;
