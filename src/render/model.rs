//! Figures → the report's words: every sentence and table cell written out in Vietnamese, in
//! the register of the Sở's own reports ("trong tổng số … nhiệm vụ, đã hoàn thành … nhiệm vụ
//! (đạt …%)"). The Typst template only lays this model out.

use serde::Serialize;

use crate::aggregate::{share_of, AgencyQuotes, Counts, Figures, Snapshot, SubmissionState, TaskRow};
use crate::config::Config;
use crate::model::Status;
use crate::plan::{Plan, Target, TaskAppendix, Verdict};
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

/// Above this many assignments, Phụ lục II gives per-task counts instead of one line per
/// agency (the full detail stays in the consolidated workbook).
pub const DETAIL_ASSIGNMENTS: usize = 1500;
/// Above this many agencies, Phụ lục III lists only those that need attention.
pub const REGISTER_ROWS: usize = 200;
/// Above this many agencies quoting a difficulty or proposal, identical texts are grouped.
pub const QUOTE_AGENCIES: usize = 60;

/// Everything the template prints.
#[derive(Debug, Clone, Serialize)]
pub struct ReportModel {
    pub sample: bool,
    pub fonts: Vec<String>,
    pub font_size: u32,
    pub document_title: String,
    pub issuing_body_name: String,
    pub date: [i32; 3],
    pub parent_body: Vec<String>,
    /// The issuing body's name, one entry per line.
    pub issuing_body: Vec<String>,
    pub document_number: String,
    pub place_date: String,
    pub subject: String,
    pub addressee: String,
    pub sections: Vec<Section>,
    pub recipients: Vec<String>,
    pub signer_authority: Vec<String>,
    pub signer_name: String,
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
    Subheading {
        text: String,
    },
    Paragraph {
        text: String,
    },
    Quote {
        label: String,
        text: String,
    },
    Table {
        columns: Vec<u32>,
        aligns: Vec<&'static str>,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        strong_rows: Vec<usize>,
    },
    /// A chart, its title line and its legend: kept on one page.
    Chart {
        title: String,
        bars: Vec<Bar>,
        legend: Vec<String>,
    },
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
    pub columns: Vec<u32>,
    pub aligns: Vec<&'static str>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Rows set in bold (totals).
    pub strong_rows: Vec<usize>,
    /// Group rows: code, then a title spanning the other columns.
    pub span_rows: Vec<usize>,
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
fn short_name(name: &str, words: usize) -> String {
    let w: Vec<&str> = name.split_whitespace().collect();
    if w.len() <= words {
        name.trim_end_matches('.').to_string()
    } else {
        format!("{}…", w[..words].join(" ").trim_end_matches([',', ';', ':']))
    }
}

fn sentence_case_body(plan: &Plan) -> String {
    plan.registry.name(&plan.meta.consolidated_by).to_string()
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
    files_with_problems: usize,
    errors: usize,
    warnings: usize,
) -> ReportModel {
    let body = sentence_case_body(plan);
    let code = config.document_code();
    let long_date = vn::long_date(config.report.date);
    let reference = format!("(Kèm theo Báo cáo số {code} {long_date} của {body})");
    let subject = format!("Kết quả thực hiện {} {}", plan.meta.short_title, figures.period.label());
    let numbers = Numbers::of(plan);
    let d = config.report.date;
    use chrono::Datelike;

    let sections = vec![
        section_one(plan, intro, figures, &body, &numbers, files_with_problems, errors, warnings),
        section_two(plan, figures, &numbers),
        quotes_section(
            "III. KHÓ KHĂN, VƯỚNG MẮC",
            &figures.difficulties,
            "Không có cơ quan, đơn vị nào nêu khó khăn, vướng mắc.",
        ),
        quotes_section(
            "IV. ĐỀ XUẤT, KIẾN NGHỊ",
            &figures.proposals,
            "Không có cơ quan, đơn vị nào nêu đề xuất, kiến nghị.",
        ),
        section_five(plan, config, figures, &body),
    ];

    let recipients = recipient_lines(&[], &config.report.recipients, &config.report.archive);
    let signer_authority = signer_lines(config);

    ReportModel {
        sample: figures.sample,
        fonts,
        font_size: config.report.font_size,
        document_title: format!("Báo cáo {code}: {subject}"),
        issuing_body_name: body.clone(),
        date: [d.year(), d.month() as i32, d.day() as i32],
        parent_body: header_lines(&config.report.parent_body.to_uppercase()),
        issuing_body: header_lines(&config.report.issuing_body.to_uppercase()),
        document_number: format!("Số: {code}"),
        place_date: vn::place_date(&config.report.place, config.report.date),
        subject,
        addressee: config.report.addressee.trim().trim_end_matches('.').to_string(),
        sections,
        recipients,
        signer_authority,
        signer_name: config.signer.name.clone(),
        appendices: {
            let mut all = Vec::new();
            if let Some(n) = &numbers.indicators {
                all.push(appendix_one(plan, figures, &reference, n));
            }
            for list in &plan.appendices {
                all.push(task_appendix(plan, figures, &reference, list, numbers.of_tasks(&list.id)));
            }
            all.push(appendix_three(figures, &reference, &numbers.register));
            all
        },
    }
}

fn section_one(
    plan: &Plan,
    intro: &[String],
    f: &Figures,
    body: &str,
    numbers: &Numbers,
    files_with_problems: usize,
    errors: usize,
    warnings: usize,
) -> Section {
    let mut blocks = Vec::new();
    let deadline = f.cycle_deadline.map(|d| format!(" trước ngày {}", vn::short_date(d))).unwrap_or_default();
    // "Triển khai Kế hoạch …", but a title that is itself an action ("Triển khai Chương trình
    // …") opens the sentence as it stands.
    let title = &plan.meta.title;
    let action = ["trien khai", "thuc hien"].iter().any(|v| crate::fold::fold(title).starts_with(v));
    let opening = if action { title.clone() } else { format!("Triển khai {title}") };
    blocks.push(para(format!(
        "{opening} của {} (sau đây gọi là Kế hoạch), {body} đã đề nghị các cơ quan, đơn vị được giao nhiệm vụ báo cáo kết quả thực hiện {}, gửi về {body}{deadline} để tổng hợp.",
        plan.meta.issued_by,
        f.period.label(),
    )));
    let expected = f.expected_agencies();
    let reported = f.reported();
    let count = |s: SubmissionState| f.register.iter().filter(|r| r.state == s).count();
    let (on_time, late, undated) =
        (count(SubmissionState::OnTime), count(SubmissionState::Late), count(SubmissionState::Undated));
    let missing: Vec<&str> =
        f.register.iter().filter(|r| r.state == SubmissionState::Missing).map(|r| r.name.as_str()).collect();
    let mut detail =
        vec![format!("{on_time} cơ quan, đơn vị gửi đúng hạn"), format!("{late} cơ quan, đơn vị gửi trễ hạn")];
    if undated > 0 {
        detail.push(format!("{undated} báo cáo không ghi ngày"));
    }
    let tail = if missing.is_empty() {
        "; tất cả các cơ quan, đơn vị đã gửi báo cáo.".to_string()
    } else if missing.len() > 20 {
        format!(
            "; còn {} cơ quan, đơn vị chưa gửi báo cáo (danh sách tại {}).",
            vn::int(missing.len() as i64),
            numbers.register
        )
    } else {
        format!("; còn {} cơ quan, đơn vị chưa gửi báo cáo: {}.", missing.len(), missing.join(", "))
    };
    blocks.push(para(format!(
        "Theo Kế hoạch, có {expected} cơ quan, đơn vị được giao chủ trì nhiệm vụ hoặc theo dõi chỉ tiêu phải báo cáo. Đến {}, {body} đã nhận được báo cáo của {reported}/{expected} cơ quan, đơn vị (đạt {}), trong đó {}{tail}",
        vn::long_date(f.report_date),
        pct(share_of(reported, expected)),
        detail.join(", "),
    )));
    if errors + warnings > 0 {
        blocks.push(para(format!(
            "Qua kiểm tra, {files_with_problems} tệp báo cáo có sai sót về biểu mẫu hoặc số liệu ({errors} lỗi, {warnings} cảnh báo); số liệu không đọc được được tính là chưa có báo cáo. Danh sách sai sót của từng cơ quan, đơn vị được gửi lại để hoàn thiện (chi tiết tại {} kèm theo).",
            numbers.register
        )));
    }
    if f.sample {
        blocks.push(para("Báo cáo này được lập từ DỮ LIỆU MẪU do phần mềm tạo ra để minh họa, không phải số liệu thật của các cơ quan, đơn vị và không dùng để ký ban hành."));
    }
    for p in intro {
        blocks.push(para(p.clone()));
    }
    Section { title: "I. TÌNH HÌNH TRIỂN KHAI".into(), blocks }
}

fn section_two(plan: &Plan, f: &Figures, numbers: &Numbers) -> Section {
    let mut blocks = vec![Block::Heading { text: "1. Kết quả thực hiện các chỉ tiêu".into() }];
    let top = plan.indicators.iter().filter(|i| i.parent.is_none()).count();
    if top == 0 {
        blocks.push(para("Kế hoạch không đề ra chỉ tiêu định lượng; báo cáo tổng hợp kết quả thực hiện các nhiệm vụ."));
    } else {
        let v = &f.indicator_verdicts;
        let s = &f.indicator_shares;
        let mut parts = vec![
            format!("{} chỉ tiêu đạt ({})", v[0], pct(s[0])),
            format!("{} chỉ tiêu chưa đạt ({})", v[1], pct(s[1])),
            format!("{} chỉ tiêu chưa có số liệu ({})", v[2], pct(s[2])),
        ];
        if v[3] > 0 {
            parts.push(format!("{} chỉ tiêu không đánh giá được ({})", v[3], pct(s[3])));
        }
        // The target years are the plan's own ("đến năm 2030 và năm 2045", "năm 2024").
        let mut years: Vec<i32> =
            plan.indicators.iter().filter(|i| i.parent.is_none()).map(|i| i.target_year).collect();
        years.sort_unstable();
        years.dedup();
        let years = match years.as_slice() {
            [] => String::new(),
            [only] if *only == f.period.year => format!(" cho năm {only}"),
            [only] => format!(" đến năm {only}"),
            [init @ .., last] => {
                format!(
                    " đến năm {} và năm {last}",
                    init.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", năm ")
                )
            }
        };
        blocks.push(para(format!(
            "Kế hoạch đề ra {top} chỉ tiêu{years}. Theo số liệu do các cơ quan theo dõi báo cáo, trong tổng số {top} chỉ tiêu, có {} (chi tiết tại {} kèm theo).",
            parts.join(", "),
            numbers.indicators.as_deref().unwrap_or("")
        )));
        let reached: Vec<&str> = f
            .indicator_rows
            .iter()
            .filter(|r| r.parent.is_none() && r.verdict == Verdict::Reached)
            .map(|r| r.code.as_str())
            .collect();
        let not_reached: Vec<&str> = f
            .indicator_rows
            .iter()
            .filter(|r| r.parent.is_none() && r.verdict == Verdict::NotReached)
            .map(|r| r.code.as_str())
            .collect();
        if !reached.is_empty() {
            blocks.push(para(format!("Các chỉ tiêu đã đạt mục tiêu: chỉ tiêu số {}.", reached.join(", "))));
        }
        if !not_reached.is_empty() {
            blocks.push(para(format!("Các chỉ tiêu chưa đạt mục tiêu: chỉ tiêu số {}.", not_reached.join(", "))));
        }
        let mut rows: Vec<Vec<String>> = Verdict::ALL
            .iter()
            .enumerate()
            .map(|(i, verdict)| vec![verdict.label().to_string(), v[i].to_string(), pct(s[i])])
            .collect();
        rows.push(vec!["Tổng số".into(), top.to_string(), pct(if top > 0 { 10_000 } else { 0 })]);
        blocks.push(Block::Table {
            columns: vec![0, 35, 35],
            aligns: vec!["l", "r", "r"],
            header: vec!["Kết quả đánh giá".into(), "Số chỉ tiêu".into(), "Tỷ lệ".into()],
            strong_rows: vec![rows.len() - 1],
            rows,
        });
    }

    blocks.push(Block::Heading { text: "2. Kết quả thực hiện các nhiệm vụ".into() });
    // Where the tasks are listed: the plan's own lists, when it has several.
    let lists = if plan.appendices.len() > 1 {
        let per_list: Vec<String> = plan
            .appendices
            .iter()
            .map(|a| {
                let n = plan.tasks.iter().filter(|t| t.appendix == a.id).count();
                format!("{} nhiệm vụ tại {}", vn::int(n as i64), a.number)
            })
            .collect();
        let (last, rest) = per_list.split_last().expect("more than one");
        format!("{} và {last} của Kế hoạch; ", rest.join(", "))
    } else {
        String::new()
    };
    let mut overall = format!(
        "Trong tổng số {} nhiệm vụ của Kế hoạch ({lists}chi tiết tại {} kèm theo), {}.",
        vn::int(f.tasks.total as i64),
        numbers.all_tasks(),
        status_sentence(&f.tasks, "nhiệm vụ")
    );
    if let Some(prev) = &f.previous {
        overall.push(' ');
        overall.push_str(&comparison_sentence(plan, prev, f.tasks.get(Status::Done)));
    }
    blocks.push(para(overall));
    let mut late = String::new();
    if f.assignments_overdue > 0 {
        late.push_str(&format!(
            "; có {} lượt nhiệm vụ đã quá thời hạn mà chưa hoàn thành",
            vn::int(f.assignments_overdue as i64)
        ));
    }
    if f.assignments_done_late > 0 {
        late.push_str(&format!(", {} lượt nhiệm vụ hoàn thành sau thời hạn", vn::int(f.assignments_done_late as i64)));
    }
    blocks.push(para(format!(
        "Một nhiệm vụ có nhiều cơ quan chủ trì chỉ được tính là hoàn thành khi tất cả các cơ quan chủ trì báo cáo hoàn thành. Xét theo từng cơ quan chủ trì, trong tổng số {} lượt nhiệm vụ được giao, {}{late}.",
        vn::int(f.assignments.total as i64),
        status_sentence(&f.assignments, "lượt nhiệm vụ")
    )));
    blocks.push(para("Kết quả thực hiện theo từng nhóm nhiệm vụ như sau:"));
    let cell = |c: &Counts, s: Status| format!("{}\n({})", c.get(s), pct(c.share(s)));
    let mut rows: Vec<Vec<String>> = f
        .groups
        .iter()
        .map(|g| {
            let (code, title) = group_cells(&g.code, &g.short_title);
            let mut row = vec![code, title, g.counts.total.to_string()];
            row.extend(Status::ALL.iter().map(|s| cell(&g.counts, *s)));
            row.push(g.overdue.to_string());
            if let Some(prev) = &f.previous {
                let before = prev.group_done(&g.code).unwrap_or(0) as i64;
                row.push(signed(g.counts.get(Status::Done) as i64 - before));
            }
            row
        })
        .collect();
    let mut total = vec![String::new(), "Tổng cộng".into(), f.tasks.total.to_string()];
    total.extend(Status::ALL.iter().map(|s| cell(&f.tasks, *s)));
    total.push(f.overdue.len().to_string());
    if let Some(prev) = &f.previous {
        total.push(signed(f.tasks.get(Status::Done) as i64 - prev.done() as i64));
    }
    rows.push(total);
    let mut header = vec!["TT".to_string(), "Nhóm nhiệm vụ".into(), "Tổng số".into()];
    header.extend(Status::ALL.iter().map(|s| s.label().to_string()));
    header.push("Quá hạn".into());
    let (mut columns, mut aligns) =
        (vec![9, 0, 13, 18, 18, 18, 18, 18, 13], vec!["c", "l", "r", "r", "r", "r", "r", "r", "r"]);
    if f.previous.is_some() {
        header.push("Hoàn thành so với kỳ trước".into());
        columns = vec![8, 0, 12, 17, 17, 17, 17, 17, 12, 17];
        aligns.push("r");
    }
    blocks.push(Block::Table { columns, aligns, header, strong_rows: vec![rows.len() - 1], rows });
    blocks.push(Block::Chart {
        title: "Tiến độ thực hiện nhiệm vụ theo nhóm (số nhiệm vụ):".into(),
        bars: f
            .groups
            .iter()
            .map(|g| Bar {
                label: format!("Nhóm {}", g.code),
                total: g.counts.total.max(1),
                parts: g.counts.by_status.to_vec(),
            })
            .collect(),
        legend: Status::ALL.iter().map(|s| s.label().to_string()).collect(),
    });

    if f.overdue.is_empty() {
        blocks.push(para("Không có nhiệm vụ nào đã quá thời hạn mà chưa hoàn thành."));
    } else {
        blocks
            .push(para(format!("Các nhiệm vụ đã quá thời hạn nhưng chưa hoàn thành ({} nhiệm vụ):", f.overdue.len())));
        for code in &f.overdue {
            if let Some(t) = f.task(code) {
                blocks.push(para(overdue_line(t, numbers, plan)));
            }
        }
    }
    Section { title: "II. KẾT QUẢ THỰC HIỆN".into(), blocks }
}

/// "So với kỳ báo cáo trước (6 tháng đầu năm 2026), tăng 5 nhiệm vụ hoàn thành (từ 13 lên 18
/// nhiệm vụ)."
pub fn comparison_sentence(plan: &Plan, prev: &Snapshot, done: usize) -> String {
    let label = plan.period_label(prev.year, prev.period);
    let before = prev.done();
    match done.cmp(&before) {
        std::cmp::Ordering::Greater => format!(
            "So với kỳ báo cáo trước ({label}), tăng {} nhiệm vụ hoàn thành (từ {before} lên {done} nhiệm vụ).",
            done - before
        ),
        std::cmp::Ordering::Less => format!(
            "So với kỳ báo cáo trước ({label}), giảm {} nhiệm vụ hoàn thành (từ {before} xuống {done} nhiệm vụ).",
            before - done
        ),
        std::cmp::Ordering::Equal => {
            format!("So với kỳ báo cáo trước ({label}), số nhiệm vụ hoàn thành không thay đổi ({done} nhiệm vụ).")
        }
    }
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn overdue_line(t: &TaskRow, numbers: &Numbers, plan: &Plan) -> String {
    let open: Vec<_> = t.assignments.iter().filter(|a| !a.status.is_finished()).collect();
    let who = if open.len() <= 4 {
        open.iter()
            .map(|a| format!("{} ({})", a.agency_name, a.status.label().to_lowercase()))
            .collect::<Vec<_>>()
            .join("; ")
    } else {
        format!(
            "{}/{} cơ quan, đơn vị chủ trì chưa hoàn thành (chi tiết tại {})",
            open.len(),
            t.assignments.len(),
            numbers.of_tasks(plan.task(&t.code).map(|p| p.appendix.as_str()).unwrap_or(""))
        )
    };
    format!("- Nhiệm vụ {}: {} (thời hạn: {}): {}.", t.code, short_name(&t.name, 24), t.deadline_text, who)
}

fn quotes_section(title: &str, groups: &[AgencyQuotes], empty: &str) -> Section {
    let mut blocks = Vec::new();
    if groups.is_empty() {
        blocks.push(para(empty));
    } else if groups.len() > QUOTE_AGENCIES {
        // Many agencies: the same words are grouped, each quoted once with who wrote it.
        let mut texts: Vec<(String, String, Vec<&str>)> = Vec::new();
        for g in groups {
            for q in &g.quotes {
                let key = crate::fold::fold(&q.text);
                match texts.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, _, who)) => {
                        if !who.contains(&g.name.as_str()) {
                            who.push(&g.name);
                        }
                    }
                    None => texts.push((key, q.text.clone(), vec![g.name.as_str()])),
                }
            }
        }
        texts.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then(a.0.cmp(&b.0)));
        blocks.push(para(format!(
            "Có {} cơ quan, đơn vị nêu ý kiến; các ý kiến giống nhau được gộp theo nội dung (ý kiến của từng cơ quan tại bảng tổng hợp Excel kèm theo, trang \"Chi tiết\"):",
            vn::int(groups.len() as i64)
        )));
        for (_, text, who) in &texts {
            let names = if who.len() <= 5 {
                who.join(", ")
            } else {
                format!("{} và {} cơ quan, đơn vị khác", who[..5].join(", "), vn::int((who.len() - 5) as i64))
            };
            blocks.push(Block::Quote {
                label: format!("- ({} cơ quan, đơn vị: {names}) ", vn::int(who.len() as i64)),
                text: text.clone(),
            });
        }
    } else {
        for g in groups {
            blocks.push(para(format!("- {}:", g.name)));
            for q in &g.quotes {
                let tasks = if q.tasks.len() == 1 {
                    format!("nhiệm vụ {}", q.tasks[0])
                } else {
                    format!("các nhiệm vụ {}", q.tasks.join(", "))
                };
                blocks.push(Block::Quote { label: format!("+ ({tasks}) "), text: q.text.clone() });
            }
        }
    }
    Section { title: title.into(), blocks }
}

fn section_five(plan: &Plan, config: &Config, f: &Figures, body: &str) -> Section {
    let mut blocks = Vec::new();
    let until =
        f.next_deadline.map(|d| format!(" (đến kỳ báo cáo trước ngày {})", vn::short_date(d))).unwrap_or_default();
    blocks.push(para(format!(
        "Trong thời gian tới{until}, {body} đề nghị các cơ quan, đơn vị tập trung thực hiện các nhiệm vụ sau:"
    )));
    blocks.push(Block::Heading { text: "1. Các nhiệm vụ đến hạn trong kỳ tới".into() });
    if f.due_next.is_empty() {
        blocks.push(para("Không có nhiệm vụ nào đến hạn trong kỳ tới."));
    }
    for code in &f.due_next {
        if let Some(t) = f.task(code) {
            blocks.push(para(format!(
                "- Nhiệm vụ {}: {} (thời hạn: {}; cơ quan chủ trì: {}).",
                t.code,
                short_name(&t.name, 24),
                t.deadline_text,
                t.lead_text
            )));
        }
    }
    blocks.push(Block::Heading { text: "2. Các nhiệm vụ quá hạn cần khẩn trương hoàn thành".into() });
    if f.overdue.is_empty() {
        blocks.push(para("Không có nhiệm vụ quá hạn."));
    } else {
        let list: Vec<String> = f.overdue.iter().map(|c| c.to_string()).collect();
        blocks.push(para(format!(
            "Đề nghị các cơ quan, đơn vị chủ trì khẩn trương hoàn thành {} nhiệm vụ đã quá thời hạn (nhiệm vụ số {}), báo cáo kết quả trong kỳ báo cáo tới.",
            list.len(),
            list.join(", ")
        )));
    }
    let to = if config.report.addressee.trim().is_empty() {
        "cấp có thẩm quyền".to_string()
    } else {
        config.report.addressee.trim().trim_end_matches('.').to_string()
    };
    blocks.push(para(format!(
        "Trên đây là báo cáo kết quả thực hiện {} {} của {body}, kính báo cáo {to} xem xét, chỉ đạo./.",
        plan.meta.short_title,
        f.period.label()
    )));
    Section { title: "V. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI".into(), blocks }
}

fn appendix_one(plan: &Plan, f: &Figures, reference: &str, number: &str) -> Appendix {
    let names = |ids: &[String]| short_names(plan, ids);
    let rows = f
        .indicator_rows
        .iter()
        .map(|r| {
            let ind = plan.indicator(&r.code);
            let is_rank = ind.is_some_and(|i| matches!(i.target, Target::Rank(_)));
            let value = match r.value {
                Some(v) if is_rank => format!("Thứ {}", vn::number(v)),
                Some(v) => vn::number(v),
                None if !r.value_text.is_empty() => r.value_text.clone(),
                None if r.trackers.is_empty() => "Theo các chỉ tiêu thành phần".into(),
                None => "–".into(),
            };
            let share = r.share.map(|s| pct((s * 10_000.0).round() as i64)).unwrap_or_default();
            let reporter = if r.trackers.is_empty() {
                String::new()
            } else if r.reported_by.is_empty() {
                format!("{} (chưa báo cáo)", names(&r.trackers))
            } else {
                names(&r.reported_by)
            };
            let mut row = vec![
                r.code.clone(),
                r.name.clone(),
                r.unit.clone(),
                format!("{} ({})", r.target_text, r.target_year),
                value,
                share,
                r.verdict.label().to_string(),
                reporter,
            ];
            if let Some(prev) = &f.previous {
                let before = match prev.indicator_value(&r.code) {
                    Some(v) if is_rank => format!("Thứ {}", vn::number(v)),
                    Some(v) => vn::number(v),
                    None => "–".into(),
                };
                row.insert(4, before);
            }
            row
        })
        .collect();
    let mut header: Vec<String> = [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Mục tiêu (năm)",
        "Kết quả thực hiện",
        "Tỷ lệ so với mục tiêu",
        "Đánh giá",
        "Cơ quan báo cáo",
    ]
    .map(String::from)
    .to_vec();
    let (mut columns, mut aligns) = (vec![11, 0, 24, 50, 26, 20, 22, 38], vec!["c", "l", "c", "l", "r", "r", "c", "l"]);
    if let Some(prev) = &f.previous {
        header.insert(4, format!("Kết quả kỳ trước ({})", plan.period_label(prev.year, prev.period)));
        columns = vec![10, 0, 22, 44, 24, 24, 18, 20, 34];
        aligns.insert(4, "r");
    }
    Appendix {
        number: number.into(),
        title: "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU".into(),
        subtitle: String::new(),
        reference: reference.into(),
        landscape: true,
        notes: if plan.indicators.iter().any(|i| matches!(i.target, crate::plan::Target::Range(..))) {
            vec!["Chỉ tiêu có mục tiêu là một khoảng (ví dụ 8 - 10): đạt khi kết quả từ cận dưới trở lên; tỷ lệ so với mục tiêu tính theo cận trên.".to_string()]
        } else {
            vec![]
        },
        columns,
        aligns,
        header,
        rows,
        strong_rows: vec![],
        span_rows: vec![],
    }
}

/// The results of the tasks of one of the plan's lists (its Phụ lục 1, 2…, or all of them when
/// the plan has one list), grouped as the plan groups them.
fn task_appendix(plan: &Plan, f: &Figures, reference: &str, list: &TaskAppendix, number: &str) -> Appendix {
    let in_list = |t: &&TaskRow| plan.task(&t.code).is_some_and(|p| p.appendix == list.id);
    let assignments: usize = f.task_rows.iter().filter(in_list).map(|t| t.assignments.len()).sum();
    let summary = assignments > DETAIL_ASSIGNMENTS;
    let width = 6 + plan.columns.len();
    let mut rows = Vec::new();
    let mut span_rows = Vec::new();
    for g in &plan.groups {
        let tasks: Vec<&TaskRow> = f.task_rows.iter().filter(in_list).filter(|t| t.group == g.code).collect();
        if tasks.is_empty() {
            continue;
        }
        span_rows.push(rows.len());
        let (code, title) = group_cells(&g.code, &g.title);
        let mut row = vec![code, title];
        row.resize(width, String::new());
        rows.push(row);
        for t in tasks {
            let task = plan.task(&t.code);
            let detail = if summary {
                let mut parts = Vec::new();
                for st in Status::ALL {
                    let k = t.assignments.iter().filter(|a| a.status == st).count();
                    if k > 0 {
                        parts.push(format!("{}: {}", st.label(), vn::int(k as i64)));
                    }
                }
                format!("{} cơ quan chủ trì; {}", vn::int(t.assignments.len() as i64), parts.join("; "))
            } else {
                t.assignments
                    .iter()
                    .map(|a| {
                        let mut line = format!("{}: {}", a.agency_name, a.status.label());
                        if let Some(d) = a.completed_on {
                            line.push_str(&format!(" ({})", vn::short_date(d)));
                        }
                        if !a.result.is_empty() {
                            line.push_str(&format!(" – {}", a.result));
                        }
                        line
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let mut status = t.status.label().to_string();
            if t.overdue {
                status.push_str("\n(quá hạn)");
            }
            let lead = match task {
                Some(task) if task.open_lead => {
                    format!("{}\n({} báo cáo)", t.lead_text, short_names(plan, &task.leads))
                }
                _ => t.lead_text.clone(),
            };
            let mut row = vec![t.code.clone(), t.name.clone(), lead, t.deadline_text.clone()];
            row.extend(task.map(|task| task.extra.clone()).unwrap_or_else(|| vec![String::new(); plan.columns.len()]));
            row.extend([status, detail]);
            rows.push(row);
        }
    }
    let mut notes = vec!["Tình trạng chung của nhiệm vụ là tình trạng thấp nhất trong số các cơ quan chủ trì; nhiệm vụ chỉ hoàn thành khi tất cả cơ quan chủ trì hoàn thành.".to_string()];
    if plan.tasks.iter().any(|t| t.open_lead && t.appendix == list.id) {
        notes.push("Nhiệm vụ có đơn vị chủ trì không phải là cơ quan trong danh mục (ví dụ đơn vị được tuyển chọn thực hiện): cơ quan ghi trong ngoặc báo cáo kết quả thay và được tính là cơ quan chủ trì.".to_string());
    }
    if summary {
        notes.push(format!(
            "Do số lượng lớn ({} lượt nhiệm vụ), Phụ lục này tổng hợp số cơ quan chủ trì theo tình trạng của từng nhiệm vụ; kết quả của từng cơ quan chi tiết tại bảng tổng hợp Excel kèm theo (trang \"Chi tiết\").",
            vn::int(assignments as i64)
        ));
    }
    let mut columns = vec![10, 0, 34, 20];
    let mut aligns = vec!["c", "l", "l", "c"];
    let mut header: Vec<String> = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"].map(String::from).to_vec();
    for c in &plan.columns {
        columns.push(24);
        aligns.push("l");
        header.push(c.header.clone());
    }
    // The plan's extra columns come out of the widest one, the results, leaving the task names room.
    columns.extend([22, 125u32.saturating_sub(45 * plan.columns.len() as u32).max(50)]);
    aligns.extend(["c", "l"]);
    header.push("Tình trạng chung".into());
    header.push(
        if summary {
            "Số cơ quan chủ trì theo tình trạng"
        } else {
            "Kết quả của từng cơ quan chủ trì"
        }
        .into(),
    );
    let (title, subtitle) = if list.number.is_empty() {
        ("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ".to_string(), String::new())
    } else {
        (
            format!("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TẠI {} CỦA KẾ HOẠCH", list.number.to_uppercase()),
            if list.title.is_empty() { String::new() } else { format!("({})", list.title) },
        )
    };
    Appendix {
        number: number.into(),
        title,
        subtitle,
        reference: reference.into(),
        landscape: true,
        notes,
        columns,
        aligns,
        header,
        rows,
        strong_rows: vec![],
        span_rows,
    }
}

/// The short names of agencies, joined: "Sở KH&CN, Sở GD&ĐT".
fn short_names(plan: &Plan, ids: &[String]) -> String {
    ids.iter()
        .map(|i| plan.registry.get(i).map(|a| a.short.clone()).unwrap_or_else(|| i.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn appendix_three(f: &Figures, reference: &str, number: &str) -> Appendix {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut sum = [0usize; 5];
    let (mut total, mut errors, mut warnings) = (0, 0, 0);
    let compact = f.register.len() > REGISTER_ROWS;
    let mut shown = 0;
    for r in f.register.iter() {
        let mut state = r.state.label().to_string();
        if r.duplicates > 0 {
            state.push_str(&format!("\n({} tệp trùng)", r.duplicates + 1));
        }
        for (k, st) in Status::ALL.iter().enumerate() {
            sum[k] += r.assignments.get(*st);
        }
        total += r.assignments.total;
        errors += r.errors;
        warnings += r.warnings;
        if compact && r.state == SubmissionState::OnTime && r.errors == 0 {
            continue;
        }
        shown += 1;
        let mut row = vec![
            shown.to_string(),
            r.name.clone(),
            r.report_date.map(vn::short_date).unwrap_or_else(|| "–".into()),
            state,
            r.assignments.total.to_string(),
        ];
        row.extend(Status::ALL.iter().map(|s| r.assignments.get(*s).to_string()));
        row.push(r.indicators_tracked.to_string());
        row.push(r.errors.to_string());
        row.push(r.warnings.to_string());
        rows.push(row);
    }
    let mut row = vec![
        String::new(),
        "Tổng cộng".into(),
        String::new(),
        format!("{}/{} đã gửi", f.reported(), f.expected_agencies()),
        total.to_string(),
    ];
    row.extend(sum.iter().map(|n| n.to_string()));
    row.push(f.register.iter().map(|r| r.indicators_tracked).sum::<usize>().to_string());
    row.push(errors.to_string());
    row.push(warnings.to_string());
    rows.push(row);
    let mut header = vec![
        "TT".to_string(),
        "Cơ quan, đơn vị".into(),
        "Ngày báo cáo".into(),
        "Tình trạng gửi".into(),
        "Số lượt nhiệm vụ".into(),
    ];
    header.extend(Status::ALL.iter().map(|s| s.label().to_string()));
    header.extend(["Số chỉ tiêu theo dõi".to_string(), "Lỗi".into(), "Cảnh báo".into()]);
    let total_row = rows.len() - 1;
    Appendix {
        number: number.into(),
        subtitle: String::new(),
        title: "TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ".into(),
        reference: reference.into(),
        landscape: true,
        notes: {
            let mut notes = vec!["Số lượt nhiệm vụ và tình trạng tính theo nhiệm vụ được giao cho từng cơ quan chủ trì; lỗi, cảnh báo là số sai sót phát hiện trong tệp báo cáo của cơ quan (danh sách chi tiết gửi kèm).".to_string()];
            if compact {
                notes.push(format!(
                    "Do số lượng lớn ({} cơ quan, đơn vị), Phụ lục này chỉ liệt kê {shown} cơ quan, đơn vị chưa gửi, gửi trễ, không ghi ngày hoặc có lỗi; dòng Tổng cộng tính trên tất cả. Danh sách đầy đủ tại bảng tổng hợp Excel kèm theo (trang \"Nộp báo cáo\" và \"Theo cơ quan\").",
                    vn::int(f.register.len() as i64)
                ));
            }
            notes
        },
        columns: vec![10, 0, 22, 24, 18, 18, 18, 18, 18, 18, 16, 12, 14],
        aligns: vec!["c", "l", "c", "c", "r", "r", "r", "r", "r", "r", "r", "r", "r"],
        header,
        rows,
        strong_rows: vec![total_row],
        span_rows: vec![],
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
    }
}
