//! The user's settings (`tonghop.toml` beside input/ and output/) as a typed [`Config`].
//!
//! Everything a report says that is not computed from the workbooks comes from here: issuing
//! body, number, date, cycle, signer, recipients, font. Unknown keys are rejected with their name,
//! so a typo never silently falls back to a default.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use thiserror::Error;

/// The config file name looked up in the workspace.
pub const CONFIG_FILE: &str = "tonghop.toml";

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("không đọc được tệp cấu hình {path}: {source}")]
    Io { path: String, source: crate::files::FileError },
    #[error("tệp cấu hình {path}: {message}")]
    Invalid { path: String, message: String },
    #[error(
        "không thấy tệp cấu hình tonghop.toml trong thư mục \"{root}\": đây chưa phải thư mục làm việc của tonghop. \
         Hãy chạy tonghop trong thư mục có tonghop.toml (cùng các thư mục input và output), hoặc chỉ ra thư mục đó \
         bằng -C, ví dụ: tonghop -C D:\\BaoCao run"
    )]
    NoWorkspace { root: String },
    #[error("không đọc được tệp đoạn văn (report.intro_file) {path}: {source}")]
    Intro { path: String, source: crate::files::FileError },
}

/// Where things are.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Paths {
    /// The plan file, relative to the workspace.
    pub plan: PathBuf,
    pub input: PathBuf,
    pub output: PathBuf,
    /// Where each cycle's figures are kept for comparison with the next.
    pub history: PathBuf,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            plan: PathBuf::from("templates/plans/kh-nq57-hue.toml"),
            input: PathBuf::from("input"),
            output: PathBuf::from("output"),
            history: PathBuf::from("lich-su"),
        }
    }
}

/// The reporting cycle: a year and which of the plan's periods in it. `period` counts from 1 in
/// the order of the plan's deadlines (1 = 6 tháng đầu năm, 2 = 6 tháng cuối năm for a plan that
/// reports twice a year); a plan that reports once a year needs none. `half` is its older name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    pub year: i32,
    #[serde(default, alias = "half")]
    pub period: Option<u32>,
}

impl Default for Cycle {
    fn default() -> Self {
        Cycle { year: 2026, period: Some(2) }
    }
}

/// The signature block.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Signer {
    /// "KT. GIÁM ĐỐC", "TL. GIÁM ĐỐC"…, or empty when the head signs in person.
    pub authority: String,
    /// "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC".
    pub title: String,
    pub name: String,
}

impl Default for Signer {
    fn default() -> Self {
        Signer {
            authority: "KT. GIÁM ĐỐC".into(), title: "PHÓ GIÁM ĐỐC".into(), name: "Nguyễn Văn An".into()
        }
    }
}

/// What the report's header, title and closing say.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Report {
    /// Tên cơ quan chủ quản, line 1 of the header.
    pub parent_body: String,
    /// Tên cơ quan ban hành.
    pub issuing_body: String,
    /// Chữ viết tắt of the issuing body in the document code: "SKHCN" in "15/BC-SKHCN".
    pub issuing_code: String,
    /// Document number; 0 leaves it blank for the clerk to fill in when issuing.
    pub number: u32,
    /// Document date (pinned, never the clock).
    #[serde(deserialize_with = "date_value")]
    pub date: NaiveDate,
    pub place: String,
    /// Kính gửi line; empty to leave it out.
    pub addressee: String,
    /// Recipients for "Nơi nhận", without the leading "- " or trailing ";".
    pub recipients: Vec<String>,
    /// The archive line: "VT, QLKH" gives "- Lưu: VT, QLKH."
    pub archive: String,
    /// Body font size, 13 or 14.
    pub font_size: u32,
    /// "auto" (Times New Roman when installed, else the shipped Liberation Serif) or a family name.
    pub font: String,
    /// The officer's own paragraphs, added to section I.
    pub intro_paragraphs: Vec<String>,
    /// A UTF-8 text file (relative to the workspace) whose paragraphs, separated by blank lines,
    /// are added to section I after `intro_paragraphs`; empty for none.
    pub intro_file: String,
    /// Write PDF/A-2b (archival) instead of plain PDF.
    pub pdf_a: bool,
    /// Also write the report as a Word document (.docx) beside the PDF.
    pub docx: bool,
    /// Output file name without extension; empty derives one from the cycle.
    pub output_name: String,
}

impl Default for Report {
    fn default() -> Self {
        Report {
            parent_body: "UBND THÀNH PHỐ HUẾ".into(),
            issuing_body: "SỞ KHOA HỌC VÀ CÔNG NGHỆ".into(),
            issuing_code: "SKHCN".into(),
            number: 0,
            date: NaiveDate::from_ymd_opt(2026, 11, 30).expect("valid date"),
            place: "Huế".into(),
            addressee: "Ủy ban nhân dân thành phố Huế".into(),
            recipients: vec![
                "UBND thành phố (b/c)".into(),
                "Ban Chỉ đạo phát triển KH, CN, ĐMST và CĐS thành phố (b/c)".into(),
                "Các sở, ban, ngành, địa phương".into(),
                "Giám đốc, các PGĐ Sở".into(),
            ],
            archive: "VT, QLKH".into(),
            font_size: 14,
            font: "auto".into(),
            intro_paragraphs: Vec::new(),
            intro_file: String::new(),
            pdf_a: false,
            docx: true,
            output_name: String::new(),
        }
    }
}

/// The reminder letter (công văn đôn đốc) of `tonghop nhac`, and the date the return forms ask
/// corrected files by.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Reminder {
    /// The letter's number; 0 leaves it blank for the clerk.
    pub number: u32,
    /// The letter's date; none: the day after the cycle's deadline.
    #[serde(deserialize_with = "optional_date")]
    pub date: Option<NaiveDate>,
    /// The date agencies are asked to send their reports or corrections by; none: three days
    /// after the letter.
    #[serde(deserialize_with = "optional_date")]
    pub deadline: Option<NaiveDate>,
    /// The drafting unit in the letter's symbol ("QLKH" in "15/SKHCN-QLKH"); empty: the last
    /// unit of `report.archive`.
    pub unit: String,
    /// "Nơi nhận" after "Như trên", without "- " or ";".
    pub recipients: Vec<String>,
}

impl Default for Reminder {
    fn default() -> Self {
        Reminder {
            number: 0,
            date: None,
            deadline: None,
            unit: String::new(),
            recipients: vec!["Giám đốc, các PGĐ Sở (b/c)".into()],
        }
    }
}

/// The config's bytes as text: UTF-8 (a byte-order mark dropped). Notepad's other encodings are
/// told apart and said, with how to save the file as UTF-8.
fn config_text(bytes: Vec<u8>) -> Result<String, String> {
    let save_as = "mở tệp bằng Notepad, chọn File > Save As, ở ô Encoding chọn UTF-8 rồi lưu";
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(format!("tệp được lưu dạng UTF-16 (\"Unicode\"), tonghop đọc tệp UTF-8: {save_as}"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text)),
        Err(_) => Err(format!(
            "tệp được lưu theo bảng mã ANSI (Windows-1258 hay TCVN3), chữ tiếng Việt sẽ bị sai; tonghop đọc tệp UTF-8: {save_as}"
        )),
    }
}

/// Characters of one line of the report's header, signature or "Nơi nhận" (README, "Giới hạn").
pub const LINE_CHARS: usize = 300;
/// Characters of one of the officer's paragraphs, and how many paragraphs.
pub const PARAGRAPH_CHARS: usize = 10_000;
pub const MAX_PARAGRAPHS: usize = 200;
/// Entries of a "Nơi nhận" list.
pub const MAX_RECIPIENTS: usize = 100;

/// A line of text without what no document can print: control characters (a tab or line break
/// becomes a space) and the two non-characters XML cannot hold.
fn clean_line(text: &mut String) {
    if text.chars().all(|c| !c.is_control() && crate::fit::xml_char(c)) {
        return;
    }
    *text = text
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() || !crate::fit::xml_char(c) => None,
            c => Some(c),
        })
        .collect();
}

/// `Err` naming `key` when `text` is longer than `max` characters.
fn within(key: &str, text: &str, max: usize) -> Result<(), String> {
    let n = text.chars().count();
    if n > max {
        return Err(format!("{key}: {} ký tự, tối đa {max}; hãy rút gọn", crate::vn::int(n as i64)));
    }
    Ok(())
}

/// A name for the output files that stays a name: no folder part, no "..", nothing Windows
/// refuses in a file name.
fn is_plain_file_name(name: &str) -> bool {
    name != "."
        && name != ".."
        && !name.starts_with('.')
        && name.chars().count() <= 150
        && !name.chars().any(|c| c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
}

/// Whether a relative path climbs out of the folder it is relative to. An absolute path is
/// meant as written.
fn escapes(path: &Path) -> bool {
    if path.is_absolute() || path.has_root() {
        return false;
    }
    let mut depth = 0i32;
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => depth -= 1,
            std::path::Component::Normal(_) => depth += 1,
            _ => {}
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

/// `path` without the verbatim prefix Windows' canonical paths carry (`\\?\C:\…` → `C:\…`,
/// `\\?\UNC\server\…` → `\\server\…`): no message or output may show it to an officer.
pub fn without_verbatim_prefix(path: PathBuf) -> PathBuf {
    let Some(text) = path.to_str() else { return path };
    if let Some(rest) = text.strip_prefix(r"\\?\UNC\") {
        return PathBuf::from(format!(r"\\{rest}"));
    }
    match text.strip_prefix(r"\\?\") {
        Some(rest) if rest.as_bytes().get(1) == Some(&b':') => PathBuf::from(rest),
        _ => path,
    }
}

/// `path` as the file system resolves it: links followed as far as it exists, the rest
/// appended with "." and ".." worked out, so that a link or a ".." cannot hide where it leads.
pub fn resolved(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    for _ in 0..=path.components().count() {
        if let Ok(mut real) = existing.canonicalize().map(without_verbatim_prefix) {
            for part in rest.iter().rev() {
                if part == ".." {
                    real.pop();
                } else if part != "." {
                    real.push(part);
                }
            }
            return real;
        }
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None if existing.ends_with("..") => rest.push("..".into()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
        if existing.as_os_str().is_empty() {
            existing = PathBuf::from(".");
        }
    }
    path.to_path_buf()
}

/// The folders of a run, checked against each other (README, "Cấu hình"): output and history
/// are never the workspace itself, never inside the input folder, and the input folder is never
/// inside them — else the report would be written among the reports it is read from, and read
/// back as one of them next time.
pub fn check_folders(root: &Path, input: &Path, output: &Path, history: &Path) -> Result<(), String> {
    let (root_r, input_r) = (resolved(root), resolved(input));
    for (key, folder) in [("paths.output (hoặc --ra)", output), ("paths.history", history)] {
        let r = resolved(folder);
        if r == root_r {
            return Err(format!(
                "{key} = \"{}\": không được là chính thư mục làm việc; hãy ghi tên một thư mục con, ví dụ \"output\"",
                folder.display()
            ));
        }
        if r.starts_with(&input_r) || input_r.starts_with(&r) {
            return Err(format!(
                "{key} = \"{}\" và thư mục dữ liệu vào \"{}\" lồng vào nhau: kết quả phải ghi ra một thư mục riêng, \
                 ngoài thư mục chứa các tệp báo cáo (ví dụ \"output\" bên cạnh \"input\")",
                folder.display(),
                input.display()
            ));
        }
    }
    Ok(())
}

/// The whole configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub paths: Paths,
    pub cycle: Cycle,
    pub report: Report,
    pub signer: Signer,
    pub reminder: Reminder,
    /// The folder the config was read from; relative paths are resolved against it.
    #[serde(skip)]
    pub root: PathBuf,
}

impl Config {
    /// Reads `tonghop.toml` in `root`, or the defaults when there is none.
    pub fn load(root: &Path, file: Option<&Path>) -> Result<Config, ConfigError> {
        let path = file.map(Path::to_path_buf).unwrap_or_else(|| root.join(CONFIG_FILE));
        // No config, no workspace: defaults would make a report of the wrong cycle, in silence.
        if file.is_none() && std::fs::symlink_metadata(&path).is_err() {
            return Err(ConfigError::NoWorkspace { root: root.display().to_string() });
        }
        let bytes = crate::files::read_bounded(&path, crate::files::CONFIG_BYTES)
            .map_err(|source| ConfigError::Io { path: path.display().to_string(), source })?;
        let text =
            config_text(bytes).map_err(|message| ConfigError::Invalid { path: path.display().to_string(), message })?;
        let mut config = Config::parse(&text, &path.display().to_string())?;
        config.root = root.to_path_buf();
        let invalid = |message: String| ConfigError::Invalid { path: path.display().to_string(), message };
        config.stays_inside().map_err(invalid)?;
        check_folders(root, &config.input_dir(), &config.output_dir(), &config.history_dir()).map_err(invalid)?;
        Ok(config)
    }

    /// The relative paths of the config, followed through links, stay in the workspace: a link
    /// inside it can no more lead out of it than a "..".
    fn stays_inside(&self) -> Result<(), String> {
        let root = resolved(&self.root);
        let intro = PathBuf::from(self.report.intro_file.trim());
        for (key, path) in [
            ("paths.plan", &self.paths.plan),
            ("paths.input", &self.paths.input),
            ("paths.output", &self.paths.output),
            ("paths.history", &self.paths.history),
            ("report.intro_file", &intro),
        ] {
            if path.is_absolute() || path.has_root() || path.as_os_str().is_empty() {
                continue;
            }
            if !resolved(&self.root.join(path)).starts_with(&root) {
                return Err(format!(
                    "{key} = \"{}\": dẫn ra ngoài thư mục làm việc (qua một liên kết); hãy ghi đường dẫn đầy đủ \
                     nếu thật sự muốn dùng thư mục đó",
                    path.display()
                ));
            }
        }
        Ok(())
    }

    /// Parses config text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid { path: origin.to_string(), message };
        let mut config: Config = toml::from_str(text).map_err(|e| invalid(crate::toml_error::translate(&e, text)))?;
        config.clean_text().map_err(invalid)?;
        if !(config.report.font_size == 13 || config.report.font_size == 14) {
            return Err(invalid(format!(
                "report.font_size = {}: cỡ chữ phải là 13 hoặc 14 (Nghị định 30/2020/NĐ-CP)",
                config.report.font_size
            )));
        }
        let name = config.report.output_name.trim();
        if !name.is_empty() && !is_plain_file_name(name) {
            return Err(invalid(format!(
                "report.output_name = \"{name}\": chỉ ghi tên tệp (không có \"/\", \"\\\", \"..\", \":\"), \
                 ví dụ \"bao-cao-2026-6-thang-cuoi-nam\"; kết quả luôn được ghi vào thư mục output"
            )));
        }
        // A plan shared by several workspaces is named ("kh-98-2024": a plan shipped with
        // tonghop), not reached by a path out of the workspace.
        for (key, path) in [
            ("paths.plan", &config.paths.plan),
            ("paths.input", &config.paths.input),
            ("paths.output", &config.paths.output),
            ("paths.history", &config.paths.history),
        ] {
            if escapes(path) {
                return Err(invalid(format!(
                    "{key} = \"{}\": đường dẫn tương đối không được ra ngoài thư mục làm việc (\"..\"); \
                     nếu thật sự muốn dùng thư mục khác, ghi đường dẫn đầy đủ trong dấu nháy đơn (ví dụ 'D:\\BaoCao\\input') \
                     hoặc bằng dấu gạch chéo (\"D:/BaoCao/input\")",
                    path.display()
                )));
            }
        }
        if !config.report.intro_file.trim().is_empty() && escapes(Path::new(config.report.intro_file.trim())) {
            return Err(invalid(format!(
                "report.intro_file = \"{}\": đường dẫn tương đối không được ra ngoài thư mục làm việc",
                config.report.intro_file
            )));
        }
        Ok(config)
    }

    /// Every text the report prints, made printable: control characters and what XML cannot
    /// hold dropped (a Word report with one of them does not open); each within its limit
    /// (README, "Giới hạn"), else the key and the limit are said.
    fn clean_text(&mut self) -> Result<(), String> {
        let r = &mut self.report;
        let g = &mut self.signer;
        let m = &mut self.reminder;
        let lines: [(&str, &mut String); 12] = [
            ("report.parent_body", &mut r.parent_body),
            ("report.issuing_body", &mut r.issuing_body),
            ("report.issuing_code", &mut r.issuing_code),
            ("report.place", &mut r.place),
            ("report.addressee", &mut r.addressee),
            ("report.archive", &mut r.archive),
            ("report.font", &mut r.font),
            ("report.intro_file", &mut r.intro_file),
            ("signer.authority", &mut g.authority),
            ("signer.title", &mut g.title),
            ("signer.name", &mut g.name),
            ("reminder.unit", &mut m.unit),
        ];
        for (key, text) in lines {
            clean_line(text);
            within(key, text, LINE_CHARS)?;
        }
        for (key, list) in [("report.recipients", &mut r.recipients), ("reminder.recipients", &mut m.recipients)] {
            if list.len() > MAX_RECIPIENTS {
                return Err(format!("{key}: {} nơi nhận, tối đa {MAX_RECIPIENTS}", list.len()));
            }
            for text in list.iter_mut() {
                clean_line(text);
                within(key, text, LINE_CHARS)?;
            }
        }
        let paragraphs = &mut r.intro_paragraphs;
        if paragraphs.len() > MAX_PARAGRAPHS {
            return Err(format!("report.intro_paragraphs: {} đoạn, tối đa {MAX_PARAGRAPHS}", paragraphs.len()));
        }
        for text in paragraphs.iter_mut() {
            clean_line(text);
            within("report.intro_paragraphs", text, PARAGRAPH_CHARS)?;
        }
        Ok(())
    }

    /// The officer's paragraphs for section I: those in the config, then those of `intro_file`.
    pub fn intro_paragraphs(&self) -> Result<Vec<String>, ConfigError> {
        let mut out: Vec<String> =
            self.report.intro_paragraphs.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
        let file = self.report.intro_file.trim();
        if !file.is_empty() {
            let path = self.root.join(file);
            let text = crate::files::read_text_bounded(&path, crate::files::INTRO_BYTES)
                .map_err(|source| ConfigError::Intro { path: path.display().to_string(), source })?;
            let text = text.replace("\r\n", "\n");
            out.extend(
                text.split("\n\n")
                    .map(|p| {
                        let mut p = p.split_whitespace().collect::<Vec<_>>().join(" ");
                        clean_line(&mut p);
                        p
                    })
                    .filter(|p| !p.is_empty()),
            );
            let invalid = |message: String| ConfigError::Invalid { path: path.display().to_string(), message };
            if out.len() > MAX_PARAGRAPHS {
                return Err(invalid(format!("{} đoạn văn, tối đa {MAX_PARAGRAPHS}", out.len())));
            }
            for p in &out {
                within("đoạn văn", p, PARAGRAPH_CHARS).map_err(invalid)?;
            }
        }
        Ok(out)
    }

    pub fn plan_path(&self) -> PathBuf {
        self.root.join(&self.paths.plan)
    }

    /// The name of a plan shipped with tonghop, when `paths.plan` names one ("kh-98-2024": no
    /// folder, no ".toml") rather than a file.
    pub fn shipped_plan_name(&self) -> Option<&str> {
        let p = self.paths.plan.to_str()?;
        (!p.is_empty() && !p.contains(['/', '\\']) && !p.ends_with(".toml")).then_some(p)
    }

    pub fn input_dir(&self) -> PathBuf {
        self.root.join(&self.paths.input)
    }

    pub fn history_dir(&self) -> PathBuf {
        self.root.join(&self.paths.history)
    }

    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.paths.output)
    }

    /// "bao-cao-2026-6-thang-cuoi-nam", "bao-cao-nam-2024" unless the user set a name.
    pub fn output_name(&self, period: &crate::plan::Period) -> String {
        if !self.report.output_name.trim().is_empty() {
            return self.report.output_name.trim().to_string();
        }
        format!("bao-cao-{}", period.slug())
    }

    /// "15/BC-SKHCN", or "    /BC-SKHCN" with the number left blank.
    pub fn document_code(&self) -> String {
        format!("{}/BC-{}", document_number(self.report.number), self.report.issuing_code)
    }

    /// The reminder letter's "12/SKHCN-QLKH": a công văn's symbol is the issuing body's and the
    /// drafting unit's.
    pub fn reminder_code(&self) -> String {
        let unit = match self.reminder.unit.trim() {
            "" => self.report.archive.rsplit(',').next().unwrap_or("").trim().trim_end_matches('.').to_string(),
            u => u.to_string(),
        };
        let symbol = if unit.is_empty() || unit == "VT" {
            self.report.issuing_code.clone()
        } else {
            format!("{}-{unit}", self.report.issuing_code)
        };
        format!("{}/{symbol}", document_number(self.reminder.number))
    }
}

/// A document number as ND30 writes it: a leading zero below 10; blank space for the clerk when 0.
fn document_number(n: u32) -> String {
    match n {
        0 => "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}".to_string(),
        n if n < 10 => format!("{n:02}"),
        n => n.to_string(),
    }
}

/// [`date_value`] for a key that may be left out.
fn optional_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    date_value(d).map(Some)
}

/// A date written as a TOML date (`2026-11-30`) or as text (`"2026-11-30"`, `"30/11/2026"`).
fn date_value<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Raw::deserialize(d)? {
        Raw::Toml(dt) => dt.to_string(),
        Raw::Text(s) => s,
    };
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text.trim(), "%d/%m/%Y"))
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "ngày \"{text}\" không hợp lệ; ghi theo dạng năm-tháng-ngày, ví dụ 2026-11-30"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_canonical_paths_lose_their_verbatim_prefix() {
        let plain = |p: &str| without_verbatim_prefix(PathBuf::from(p)).to_string_lossy().into_owned();
        assert_eq!(plain(r"\\?\D:\BaoCao\output"), r"D:\BaoCao\output");
        assert_eq!(plain(r"\\?\UNC\may-chu\chung\BaoCao"), r"\\may-chu\chung\BaoCao");
        assert_eq!(plain(r"\\?\Volume{1234}\x"), r"\\?\Volume{1234}\x", "no drive: as it is");
        assert_eq!(plain("/home/vt/BaoCao"), "/home/vt/BaoCao");
    }

    #[test]
    fn paths_stay_in_the_workspace_unless_absolute() {
        for bad in [
            "[paths]\ninput = \"../khac\"\n",
            "[paths]\noutput = \"a/../../b\"\n",
            "[report]\noutput_name = \"../x\"\n",
            "[report]\noutput_name = \"a/b\"\n",
        ] {
            let err = Config::parse(bad, "tonghop.toml").unwrap_err().to_string();
            assert!(err.contains("tonghop.toml"), "{err}");
        }
        assert!(Config::parse("[paths]\ninput = \"a/../b\"\n", "x").is_ok());
        assert!(Config::parse("[paths]\ninput = \"/srv/bao-cao/input\"\n", "x").is_ok());
        assert!(Config::parse("[report]\noutput_name = \"bao-cao-2026\"\n", "x").is_ok());
    }

    #[test]
    fn toml_errors_are_vietnamese_with_line_and_column() {
        let err = Config::parse("[cycle]\nyear = 2026\nperiod = \"hai\"\n", "tonghop.toml").unwrap_err().to_string();
        assert!(err.contains("giá trị sai kiểu (dòng 3, cột 10): cần một số nguyên, gặp chuỗi \"hai\""), "{err}");
        let err = Config::parse("[report]\nfont_size = 14\nkinh_phi = 5\n", "tonghop.toml").unwrap_err().to_string();
        assert!(err.contains("khóa \"kinh_phi\" không được hỗ trợ (dòng 3, cột 1)"), "{err}");
        let err = Config::parse("[report\n", "tonghop.toml").unwrap_err().to_string();
        assert!(err.contains("sai cú pháp (dòng 1"), "{err}");
        assert!(!err.contains("invalid") && !err.contains("expected"), "{err}");
    }

    #[test]
    fn the_mistakes_officers_make_are_said_specifically() {
        let cases = [
            ("[report]\ndate = 30/11/2026\n", "ngày ghi dạng năm-tháng-ngày, ví dụ date = 2026-11-30"),
            ("[report]\ndate = 2026-11-31\n", "ngày 2026-11-31 không có thật: tháng 11 năm 2026 có 30 ngày"),
            ("[paths]\ninput = \"D:\\BaoCao\\input\"\n", "input = 'D:\\BaoCao\\input'"),
            ("[report]\nnumber = 15,\n", "dấu phẩy thừa ở cuối dòng; ghi number = 15"),
            ("[report]\nplace = “Huế”\n", "dấu nháy cong"),
        ];
        for (text, words) in cases {
            let err = Config::parse(text, "tonghop.toml").unwrap_err().to_string();
            assert!(err.contains(words), "{text:?}: {err}");
            assert!(!err.contains("kiểm tra dấu ngoặc"), "{text:?}: generic message: {err}");
        }
        // The advice for paths is itself valid.
        assert!(Config::parse("[paths]\ninput = 'D:\\BaoCao\\input'\n", "x").is_ok());
        assert!(Config::parse("[paths]\ninput = \"D:/BaoCao/input\"\n", "x").is_ok());
    }

    #[test]
    fn notepads_other_encodings_are_told_with_how_to_save_as_utf8() {
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("[report]".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert!(config_text(utf16).unwrap_err().contains("UTF-16"));
        let ansi = b"[report]\nplace = \"Hu\xea\"\n".to_vec();
        assert!(config_text(ansi).unwrap_err().contains("ANSI"));
        assert_eq!(config_text(b"\xEF\xBB\xBFx = 1".to_vec()).unwrap(), "x = 1");
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = Config::parse("[report]\nfont_sise = 14\n", "tonghop.toml").unwrap_err().to_string();
        assert!(err.contains("\"font_sise\""), "{err}");
        assert!(err.contains("font_size"), "{err}");
    }

    #[test]
    fn defaults_fill_what_is_missing() {
        let c = Config::parse("[report]\nnumber = 7\n", "x").unwrap();
        assert_eq!(c.document_code(), "07/BC-SKHCN");
        assert_eq!(c.report.font_size, 14);
        assert_eq!(c.cycle.year, 2026);
        assert_eq!(c.cycle.period, Some(2));
        let c = Config::parse("[cycle]\nyear = 2024\n", "x").unwrap();
        assert_eq!(c.cycle.period, None);
        let c = Config::parse("[cycle]\nyear = 2026\nhalf = 1\n", "x").unwrap();
        assert_eq!(c.cycle.period, Some(1));
    }

    #[test]
    fn dates_as_toml_dates_or_text() {
        let c = Config::parse("[report]\ndate = 2027-01-05\n", "x").unwrap();
        assert_eq!(c.report.date, NaiveDate::from_ymd_opt(2027, 1, 5).unwrap());
        let c = Config::parse("[report]\ndate = \"05/06/2026\"\n", "x").unwrap();
        assert_eq!(c.report.date, NaiveDate::from_ymd_opt(2026, 6, 5).unwrap());
        assert!(Config::parse("[report]\ndate = \"31/02/2026\"\n", "x").is_err());
    }

    #[test]
    fn font_size_is_13_or_14() {
        assert!(Config::parse("[report]\nfont_size = 12\n", "x").is_err());
    }
}
