//! Figures → the report's words: every sentence and table cell written out in Vietnamese, in
//! the register of the Sở's own reports ("trong tổng số … nhiệm vụ, đã hoàn thành … nhiệm vụ
//! (đạt …%)"). The Typst template only lays this model out.

//!
//! One module per part of the report: [`situation`] (I), [`results`] (II), [`opinions`] (III and
//! IV), [`next`] (V), and the appendices [`indicators`], [`tasks`], [`register`]. Tables are
//! [`Table`]s of [`Column`]s, drawn as they are by both the Typst template and the Word writer
//! (`render::docx`); neither decides content.

mod indicators;
mod next;
mod opinions;
mod register;
mod results;
mod situation;
mod tasks;

pub use opinions::{same_statement, statements, Statement};
pub use register::REGISTER_ROWS;
pub use results::comparison_sentence;
pub use tasks::DETAIL_ASSIGNMENTS;

use serde::Serialize;

use crate::aggregate::{Counts, Figures};
use crate::config::Config;
use crate::model::Status;
use crate::plan::Plan;
use crate::vn;

/// How the report numbers its appendices: indicators first (when the plan has any), then one
/// per list of tasks of the plan, then the register of submissions.
struct Numbers {
    indicators: Option<String>,
    /// (plan appendix id, report appendix number)
    tasks: Vec<(String, String)>,
    register: String,
}

impl Numbers {
    fn of(plan: &Plan) -> Numbers {
        let mut next = (1..).map(|n| format!("Phụ lục {}", vn::roman(n)));
        let indicators = (!plan.indicators.is_empty()).then(|| next.next().expect("endless"));
        let tasks = plan.appendices.iter().map(|a| (a.id.clone(), next.next().expect("endless"))).collect();
        Numbers { indicators, tasks, register: next.next().expect("endless") }
    }

    /// "Phụ lục II" for a task of appendix `id`.
    fn of_tasks(&self, id: &str) -> &str {
        self.tasks.iter().find(|(a, _)| a == id).map(|(_, n)| n.as_str()).unwrap_or("Phụ lục")
    }

    /// "Phụ lục II", "Phụ lục II và III", "Phụ lục II, III và IV".
    fn all_tasks(&self) -> String {
        let numbers: Vec<&str> = self.tasks.iter().map(|(_, n)| n.trim_start_matches("Phụ lục ")).collect();
        match numbers.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("Phụ lục {} và {last}", rest.join(", ")),
            _ => format!("Phụ lục {}", numbers.join("")),
        }
    }
}

/// A group row's two cells: its code and its title, or, for a code too long for the narrow
/// first column, an empty cell and both together.
fn group_cells(code: &str, title: &str) -> (String, String) {
    if code.chars().count() > 4 {
        (String::new(), format!("{code} {title}"))
    } else {
        (code.to_string(), title.to_string())
    }
}

/// What every ND30 document tonghop writes (the report, the reminder letter) shares: the header
/// block, the document's metadata, the signature block and "Nơi nhận". Flattened into each
/// document's model, so the templates read `d.parent_body`, `d.signer_name`… as before.
#[derive(Debug, Clone, Serialize)]
pub struct Letterhead {
    pub sample: bool,
    pub fonts: Vec<String>,
    pub font_size: u32,
    pub document_title: String,
    pub issuing_body_name: String,
    pub date: [i32; 3],
    pub parent_body: Vec<String>,
    /// The issuing body's name, one entry per line.
    pub issuing_body: Vec<String>,
    /// "Số: 15/BC-SKHCN".
    pub document_number: String,
    pub place_date: String,
    pub recipients: Vec<String>,
    pub signer_authority: Vec<String>,
    pub signer_name: String,
}

impl Letterhead {
    /// The letterhead of a document of `config`'s issuing body numbered `code`, dated `date`,
    /// titled `title` in its metadata, sent to `recipients` (the "Nơi nhận" lines).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        config: &Config,
        body: &str,
        code: &str,
        title: String,
        date: chrono::NaiveDate,
        recipients: Vec<String>,
        sample: bool,
        fonts: Vec<String>,
    ) -> Letterhead {
        use chrono::Datelike;
        Letterhead {
            sample,
            fonts,
            font_size: config.report.font_size,
            document_title: title,
            issuing_body_name: body.to_string(),
            date: [date.year(), date.month() as i32, date.day() as i32],
            parent_body: header_lines(&config.report.parent_body.to_uppercase()),
            issuing_body: header_lines(&config.report.issuing_body.to_uppercase()),
            document_number: format!("Số: {code}"),
            place_date: vn::place_date(&config.report.place, date),
            recipients,
            signer_authority: signer_lines(config),
            signer_name: config.signer.name.clone(),
        }
    }
}

/// Everything the template prints.
#[derive(Debug, Clone, Serialize)]
pub struct ReportModel {
    #[serde(flatten)]
    pub head: Letterhead,
    pub subject: String,
    pub addressee: String,
    pub sections: Vec<Section>,
    pub appendices: Vec<Appendix>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub label: String,
    pub total: usize,
    pub parts: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Heading {
        text: String,
    },
    Paragraph {
        text: String,
    },
    Quote {
        label: String,
        text: String,
    },
    Table(Table),
    /// A chart, its title line and its legend: kept on one page.
    Chart {
        title: String,
        bars: Vec<Bar>,
        legend: Vec<String>,
    },
}

/// How a column's cells are aligned (its header is always centred).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Center,
    Right,
}

/// One column of a table: what heads it, how wide it is, how its cells align. A table's
/// header, widths and alignments are one list of these, so they cannot fall out of step.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub header: String,
    /// Width in millimetres; `None` takes what the fixed columns leave (shared equally when
    /// several columns do).
    pub width_mm: Option<u32>,
    pub align: Align,
}

impl Column {
    /// A column `width_mm` wide (0: the rest of the line).
    pub fn new(header: impl Into<String>, width_mm: u32, align: Align) -> Column {
        Column { header: header.into(), width_mm: (width_mm > 0).then_some(width_mm), align }
    }
}

/// A table as both renderers draw it: the header row repeats on every page; `strong_rows`
/// (totals) are bold; a `span_rows` row is a group row, its code in the first cell and its
/// title across all the others.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    pub strong_rows: Vec<usize>,
    pub span_rows: Vec<usize>,
    /// Rows that go on with the row above them (the next lead agency of one task): drawn with
    /// no line between, their first cells empty.
    pub joined: Vec<usize>,
    /// For each of `joined`, in order: its cells when it is the first row of a page, so that
    /// the page says which task it goes on with ("5", "Tên nhiệm vụ… (tiếp theo)").
    pub continued: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: Vec<Column>, rows: Vec<Vec<String>>) -> Table {
        Table { columns, rows, strong_rows: vec![], span_rows: vec![], joined: vec![], continued: vec![] }
    }

    /// The same table with its last row (the total) in bold.
    pub fn with_total(mut self) -> Table {
        if let Some(last) = self.rows.len().checked_sub(1) {
            self.strong_rows.push(last);
        }
        self
    }

    /// Each column's width in `unit`s for a line `line` units long: fixed columns as given
    /// (`mm` units to the millimetre), the rest shared equally by the flexible ones.
    pub fn widths(&self, line: u32, mm: f64) -> Vec<u32> {
        let fixed: u32 = self.columns.iter().filter_map(|c| c.width_mm).map(|w| (w as f64 * mm).round() as u32).sum();
        let flexible = self.columns.iter().filter(|c| c.width_mm.is_none()).count() as u32;
        let rest = line.saturating_sub(fixed) / flexible.max(1);
        self.columns.iter().map(|c| c.width_mm.map(|w| (w as f64 * mm).round() as u32).unwrap_or(rest)).collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Appendix {
    pub number: String,
    pub title: String,
    /// The plan's own title of the list the appendix reports on; empty when there is none.
    pub subtitle: String,
    pub reference: String,
    pub landscape: bool,
    pub notes: Vec<String>,
    pub table: Table,
}

/// Splits a long upper-case agency name into two balanced lines ("SỞ KHOA HỌC" / "VÀ CÔNG
/// NGHỆ"), the way headers set them; explicit line breaks in the config are kept as they are.
pub fn header_lines(name: &str) -> Vec<String> {
    if name.contains('\n') {
        return name.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let len = |ws: &[&str]| ws.iter().map(|w| w.chars().count()).sum::<usize>() + ws.len().saturating_sub(1);
    if len(&words) <= 22 || words.len() < 2 {
        return vec![words.join(" ")];
    }
    let best = (1..words.len()).min_by_key(|&k| len(&words[..k]).abs_diff(len(&words[k..]))).unwrap_or(1);
    vec![words[..best].join(" "), words[best..].join(" ")]
}

/// "Nơi nhận" lines: `first` as given, then each recipient "- …;", then "- Lưu: ….".
pub fn recipient_lines(first: &[&str], recipients: &[String], archive: &str) -> Vec<String> {
    let mut lines: Vec<String> = first.iter().map(|l| l.to_string()).collect();
    lines.extend(recipients.iter().map(|r| format!("- {};", r.trim().trim_end_matches(';'))));
    lines.push(format!("- Lưu: {}.", archive.trim().trim_end_matches('.')));
    lines
}

/// The signer's authority and title, upper case, one a line ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC").
pub fn signer_lines(config: &Config) -> Vec<String> {
    [&config.signer.authority, &config.signer.title]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_uppercase())
        .collect()
}

fn para(text: impl Into<String>) -> Block {
    Block::Paragraph { text: text.into() }
}

fn pct(h: i64) -> String {
    vn::percent_hundredths(h)
}

/// "… đã hoàn thành 105 nhiệm vụ (đạt 62,50%), 35 nhiệm vụ thường xuyên (20,83%), …": every
/// non-zero status of `counts`, in table order. `unit` is "nhiệm vụ" or "lượt nhiệm vụ".
pub fn status_sentence(counts: &Counts, unit: &str) -> String {
    let mut parts = Vec::new();
    for s in Status::ALL {
        let n = counts.get(s);
        if n == 0 && s != Status::Done {
            continue;
        }
        let p = pct(counts.share(s));
        parts.push(match s {
            Status::Done => format!("đã hoàn thành {} {unit} (đạt {p})", vn::int(n as i64)),
            Status::Recurring => format!("{} {unit} thường xuyên ({p})", vn::int(n as i64)),
            Status::InProgress => format!("{} {unit} đang thực hiện ({p})", vn::int(n as i64)),
            Status::NotStarted => format!("{} {unit} chưa thực hiện ({p})", vn::int(n as i64)),
            Status::NotReported => format!("{} {unit} chưa có báo cáo ({p})", vn::int(n as i64)),
        });
    }
    parts.join(", ")
}

/// Cuts a long task name to its first `words` words.
/// A long name cut for a sentence at a sense boundary near `words` syllables: after a comma,
/// semicolon or colon, or before a word that opens a phrase ("và", "để", "cho"…), so that no
/// Vietnamese word ("tôn vinh") and no phrase is cut in two. Whole when no boundary is near.
fn short_name(name: &str, words: usize) -> String {
    /// Words that open a phrase: cutting before one leaves the phrase before it whole.
    const OPENS: [&str; 16] = [
        "và", "để", "nhằm", "trong", "theo", "với", "cho", "của", "về", "tại", "trên", "đối", "từ", "gắn", "phục",
        "thông",
    ];
    let w: Vec<&str> = name.split_whitespace().collect();
    if w.len() <= words {
        return name.trim_end_matches('.').to_string();
    }
    let boundary = |k: usize| w[k - 1].ends_with([',', ';', ':']) || OPENS.contains(&w[k].to_lowercase().as_str());
    // The last boundary within the budget (not before two thirds of it), else the first after it
    // (up to half again), else none: the name is said whole.
    let low = (words * 2 / 3).max(3);
    let cut = (low..=words)
        .rev()
        .find(|&k| boundary(k))
        .or_else(|| (words + 1..(words * 3 / 2).min(w.len())).find(|&k| boundary(k)));
    match cut {
        Some(k) => format!("{}…", w[..k].join(" ").trim_end_matches([',', ';', ':'])),
        None => name.trim_end_matches('.').to_string(),
    }
}

/// The short names of agencies, joined: "Sở KH&CN, Sở GD&ĐT".
fn short_names(plan: &Plan, ids: &[String]) -> String {
    ids.iter()
        .map(|i| plan.registry.get(i).map(|a| a.short.clone()).unwrap_or_else(|| i.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn sentence_case_body(plan: &Plan) -> String {
    plan.registry.name(&plan.meta.consolidated_by).to_string()
}

/// What the check of the files found, for section I.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckSummary {
    /// Files with something their agency has to correct (each sender gets a return form).
    pub files_to_fix: usize,
    /// The agencies (or, unknown, the files) those are of.
    pub senders_to_fix: usize,
    /// Agencies that sent more than one file, of which one was used.
    pub agencies_with_several_files: usize,
}

/// Builds the model for `figures` under `config`. `fonts` lists the font families, first
/// preferred; `diagnostics` is the number of problems found, for section I.
#[allow(clippy::too_many_arguments)]
pub fn build(
    plan: &Plan,
    config: &Config,
    intro: &[String],
    figures: &Figures,
    fonts: Vec<String>,
    checked: &CheckSummary,
) -> ReportModel {
    let body = sentence_case_body(plan);
    let code = config.document_code();
    let long_date = vn::long_date(config.report.date);
    let reference = format!("(Kèm theo Báo cáo số {code} {long_date} của {body})");
    let subject = format!("Kết quả thực hiện {} {}", plan.meta.short_title, figures.period.label());
    let numbers = Numbers::of(plan);

    let sections = vec![
        situation::section(plan, intro, figures, &body, &numbers, checked),
        results::section(plan, figures, &numbers),
        opinions::section(
            "III. KHÓ KHĂN, VƯỚNG MẮC",
            &figures.difficulties,
            &plan.themes,
            "khó khăn, vướng mắc",
            "Không có cơ quan, đơn vị nào nêu khó khăn, vướng mắc.",
        ),
        opinions::section(
            "IV. ĐỀ XUẤT, KIẾN NGHỊ",
            &figures.proposals,
            &plan.themes,
            "đề xuất, kiến nghị",
            "Không có cơ quan, đơn vị nào nêu đề xuất, kiến nghị.",
        ),
        next::section(plan, config, figures, &body),
    ];

    let recipients = recipient_lines(&[], &config.report.recipients, &config.report.archive);
    ReportModel {
        head: Letterhead::new(
            config,
            &body,
            &code,
            format!("Báo cáo {code}: {subject}"),
            config.report.date,
            recipients,
            figures.sample,
            fonts,
        ),
        addressee: config.report.addressee.trim().trim_end_matches('.').to_string(),
        sections,
        subject,
        appendices: {
            let mut all = Vec::new();
            if let Some(n) = &numbers.indicators {
                all.push(indicators::appendix(plan, figures, &reference, n));
            }
            for list in &plan.appendices {
                all.push(tasks::appendix(plan, figures, &reference, list, numbers.of_tasks(&list.id)));
            }
            all.push(register::appendix(figures, &reference, &numbers.register));
            all
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_group_codes_join_their_title_instead_of_overflowing_the_narrow_column() {
        assert_eq!(group_cells("VII", "Nhóm bảy"), ("VII".to_string(), "Nhóm bảy".to_string()));
        assert_eq!(group_cells("1", "Nhóm một"), ("1".to_string(), "Nhóm một".to_string()));
        assert_eq!(group_cells("A.1-x", "Nhóm dài"), (String::new(), "A.1-x Nhóm dài".to_string()));
    }

    #[test]
    fn status_sentence_reads_like_seed_002() {
        let c = Counts::from_array([105, 35, 23, 5, 0]);
        assert_eq!(
            status_sentence(&c, "nhiệm vụ"),
            "đã hoàn thành 105 nhiệm vụ (đạt 62,50%), 35 nhiệm vụ thường xuyên (20,83%), 23 nhiệm vụ đang thực hiện (13,69%), 5 nhiệm vụ chưa thực hiện (2,98%)"
        );
    }

    #[test]
    fn long_header_names_split_in_balanced_lines() {
        assert_eq!(header_lines("SỞ KHOA HỌC VÀ CÔNG NGHỆ"), ["SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"]);
        assert_eq!(header_lines("SỞ Y TẾ"), ["SỞ Y TẾ"]);
        assert_eq!(header_lines("SỞ KHOA HỌC VÀ\nCÔNG NGHỆ"), ["SỞ KHOA HỌC VÀ", "CÔNG NGHỆ"]);
        // A parent body too long for one line of the 40 % column breaks the same way.
        assert_eq!(header_lines("ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ"), ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HUẾ"]);
        assert_eq!(header_lines("UBND THÀNH PHỐ HUẾ"), ["UBND THÀNH PHỐ HUẾ"]);
    }

    #[test]
    fn short_names_cut_at_words() {
        assert_eq!(short_name("Xây dựng kế hoạch.", 5), "Xây dựng kế hoạch");
        assert_eq!(short_name("a b c, d e", 3), "a b c…");
        // Never inside a word or a phrase: the cut falls at a comma or before "và", "cho"….
        let name = "Rà soát, sửa đổi, ban hành các quy định về thi đua, khen thưởng theo hướng mở rộng các hình thức, kịp thời tôn vinh, biểu dương, khen thưởng xứng đáng cho các nhà khoa học, nhà sáng chế, các doanh nghiệp";
        let short = short_name(name, 24);
        assert!(short.ends_with("…") && !short.contains("tôn…"), "{short}");
        let kept = short.trim_end_matches('…');
        assert!(name.starts_with(kept), "{short}");
        let next = name[kept.len()..].trim_start_matches([',', ';', ':']).trim_start();
        assert!(
            name[kept.len()..].starts_with([',', ';', ':'])
                || next.starts_with("cho")
                || next.starts_with("và")
                || next.starts_with("về")
                || next.starts_with("theo"),
            "{short} | {next}"
        );
    }
}
