//! The plan file a draft becomes: the keys `plan::load` reads, every note as a comment just above
//! the entry it is about, so the officer fixes it there.

use std::fmt::Write;

use super::{Draft, Entry, Note};

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "))
}

fn comments(out: &mut String, notes: &[Note], entry: &Entry) {
    for n in notes.iter().filter(|n| n.entry == *entry) {
        let _ = writeln!(out, "# CẦN XEM ({}): {}", n.place, n.text.replace('\n', " "));
    }
}

/// The plan file's text.
pub fn plan_toml(d: &Draft, source: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Kế hoạch nhập từ \"{source}\" bằng lệnh tonghop ke-hoach nhap.");
    let _ = writeln!(
        o,
        "# Đối chiếu với văn bản (tonghop ke-hoach xem) và sửa những chỗ ghi \"CẦN XEM\", rồi xóa dòng ghi chú đó."
    );
    let _ = writeln!(o, "# (Keys are English identifiers; values are the plan's own Vietnamese text.)\n");
    let _ = writeln!(o, "[plan]");
    comments(&mut o, &d.notes, &Entry::Plan);
    let _ = writeln!(o, "id = {}", q(&d.id));
    let _ = writeln!(o, "title = {}", q(&d.title));
    let _ = writeln!(o, "short_title = {}", q(&d.short_title));
    let _ = writeln!(o, "issued_by = {}", q(&d.issued_by));
    let _ = writeln!(o, "consolidated_by = {}", q(&d.consolidated_by));
    let _ = writeln!(o, "registry = {}", q(&d.registry));
    if let Some(date) = d.as_of {
        let _ = writeln!(o, "# Danh mục cơ quan như khi kế hoạch kết thúc (thời hạn muộn nhất của các nhiệm vụ).");
        let _ = writeln!(o, "agencies_as_of = {}", q(&date.format("%Y-%m-%d").to_string()));
    }
    let deadlines: Vec<String> = d.deadlines.iter().map(|(m, day)| format!("{m:02}-{day:02}")).collect();
    let _ = writeln!(o, "reporting_deadlines = {}", list(&deadlines));
    if !d.name_suffixes.is_empty() {
        let _ = writeln!(o, "name_suffixes = {}", list(&d.name_suffixes));
    }
    if !d.merger_note.is_empty() {
        let _ = writeln!(o, "merger_note = {}", q(&d.merger_note));
    }
    let _ = writeln!(
        o,
        "counts = {{ groups = {}, tasks = {}, indicators = {} }}",
        d.groups.len(),
        d.tasks.len(),
        d.indicators.len()
    );
    for (id, number, title) in &d.appendices {
        let _ = writeln!(o);
        comments(&mut o, &d.notes, &Entry::Appendix(id.clone()));
        let _ = writeln!(o, "[[appendix]]\nid = {}\nnumber = {}\ntitle = {}", q(id), q(number), q(title));
    }
    for (key, header) in &d.columns {
        let _ = writeln!(o, "\n[[column]]\nkey = {}\nheader = {}", q(key), q(header));
    }
    for i in &d.indicators {
        let _ = writeln!(o);
        comments(&mut o, &d.notes, &Entry::Indicator(i.code.clone()));
        let _ = writeln!(o, "[[indicator]]\ncode = {}", q(&i.code));
        if let Some(p) = &i.parent {
            let _ = writeln!(o, "parent = {}", q(p));
        }
        let _ = writeln!(o, "name = {}\nunit = {}\ntarget = {}", q(&i.name), q(&i.unit), q(&i.target));
        let _ = writeln!(o, "target_year = {}", i.target_year);
        if !i.tracked_by_text.is_empty() {
            let _ = writeln!(o, "tracked_by_text = {}", q(&i.tracked_by_text));
        }
        let _ = writeln!(o, "tracked_by = {}", list(&i.tracked_by));
    }
    for (code, title) in &d.groups {
        let _ = writeln!(o);
        comments(&mut o, &d.notes, &Entry::Group(code.clone()));
        let _ = writeln!(o, "[[group]]\ncode = {}\ntitle = {}", q(code), q(title));
    }
    for t in &d.tasks {
        let _ = writeln!(o);
        comments(&mut o, &d.notes, &Entry::Task(t.code.clone()));
        let _ = writeln!(o, "[[task]]\ncode = {}\ngroup = {}", q(&t.code), q(&t.group));
        if let Some(a) = &t.appendix {
            let _ = writeln!(o, "appendix = {}", q(a));
        }
        let _ = writeln!(o, "name = {}\nlead_text = {}", q(&t.name), q(&t.lead_text));
        if t.reported_by.is_empty() {
            let _ = writeln!(o, "lead = {}", list(&t.lead));
        } else {
            let _ = writeln!(o, "reported_by = {}", list(&t.reported_by));
        }
        let _ = writeln!(
            o,
            "cooperating = {}\nresult = {}\ndeadline = {}",
            q(&t.cooperating),
            q(&t.result),
            q(&t.deadline)
        );
        if !t.columns.is_empty() {
            let cols: Vec<String> = t.columns.iter().map(|(k, v)| format!("{k} = {}", q(v))).collect();
            let _ = writeln!(o, "columns = {{ {} }}", cols.join(", "));
        }
    }
    o
}
