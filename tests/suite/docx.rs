//! The report as a Word document: opened as Word opens it (zip + XML), checked for the ND30
//! page setup, the header's texts with their sizes and weights, section II's sentences (every
//! figure the same as the PDF's), the tables' repeated header rows, the appendices' landscape
//! sections numbered from 1, and byte-identical output for the same input.

use crate::common;

use std::io::Read;
use std::path::Path;

use common::{pages_text, Fixture};
use quick_xml::events::Event;

/// One run of text with what sets it.
#[derive(Debug, Clone, Default)]
struct Run {
    text: String,
    size: Option<u32>,
    bold: bool,
    italic: bool,
    font: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Para {
    runs: Vec<Run>,
    align: Option<String>,
    /// Index of the outermost table holding it, if any.
    table: Option<usize>,
}

impl Para {
    fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

#[derive(Debug, Default)]
struct SectionSetup {
    width: u32,
    height: u32,
    orient: String,
    margins: (u32, u32, u32, u32),
    restart: Option<u32>,
    headers: Vec<String>,
}

#[derive(Debug, Default)]
struct Doc {
    paras: Vec<Para>,
    sections: Vec<SectionSetup>,
    /// Per table: how many rows repeat as header.
    header_rows: Vec<usize>,
    /// Per table: its rows, each a list of cell texts.
    tables: Vec<Vec<Vec<String>>>,
    /// Per table: its rows, each a list of cell alignments (of the cell's first paragraph).
    aligns: Vec<Vec<Vec<String>>>,
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| a.value.to_string())
}

fn num(e: &quick_xml::events::BytesStart, name: &str) -> u32 {
    attr(e, name).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Reads `word/document.xml` of a .docx.
fn read_docx(path: &Path) -> Doc {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("docx written")).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    parse(&xml)
}

fn parse(xml: &str) -> Doc {
    let mut doc = Doc::default();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut para: Option<Para> = None;
    let mut run: Option<Run> = None;
    let mut tables: Vec<usize> = Vec::new();
    let mut cell = String::new();
    let mut section: Option<SectionSetup> = None;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (e, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = e {
            let name = e.name().as_ref().to_string();
            let in_rpr = stack.last().is_some_and(|s| s == "w:rPr") && stack.iter().any(|s| s == "w:r");
            match name.as_str() {
                "w:tbl" => {
                    tables.push(doc.tables.len());
                    doc.tables.push(Vec::new());
                    doc.aligns.push(Vec::new());
                    doc.header_rows.push(0);
                }
                "w:tr" => {
                    doc.tables[*tables.last().unwrap()].push(Vec::new());
                    doc.aligns[*tables.last().unwrap()].push(Vec::new());
                }
                "w:tc" => cell.clear(),
                "w:tblHeader" => *doc.header_rows.last_mut().unwrap() += 1,
                "w:p" => {
                    para = Some(Para { table: tables.first().copied(), ..Para::default() });
                }
                "w:r" => run = Some(Run::default()),
                // A line break reads as the space it stands for (the trích yếu's lines).
                "w:br" => run.as_mut().expect("a break in a run").text.push(' '),
                "w:sz" if in_rpr => run.as_mut().unwrap().size = Some(num(&e, "w:val")),
                "w:b" if in_rpr => run.as_mut().unwrap().bold = attr(&e, "w:val").as_deref() != Some("false"),
                "w:i" if in_rpr => run.as_mut().unwrap().italic = attr(&e, "w:val").as_deref() != Some("false"),
                "w:rFonts" if in_rpr => run.as_mut().unwrap().font = attr(&e, "w:ascii"),
                "w:jc" if stack.last().is_some_and(|s| s == "w:pPr") => {
                    if let Some(p) = para.as_mut() {
                        p.align = attr(&e, "w:val");
                    }
                }
                "w:sectPr" => section = Some(SectionSetup::default()),
                "w:pgSz" => {
                    let s = section.as_mut().unwrap();
                    (s.width, s.height, s.orient) =
                        (num(&e, "w:w"), num(&e, "w:h"), attr(&e, "w:orient").unwrap_or_default());
                }
                "w:pgMar" => {
                    section.as_mut().unwrap().margins =
                        (num(&e, "w:top"), num(&e, "w:bottom"), num(&e, "w:left"), num(&e, "w:right"))
                }
                "w:pgNumType" => section.as_mut().unwrap().restart = attr(&e, "w:start").and_then(|v| v.parse().ok()),
                "w:headerReference" => section.as_mut().unwrap().headers.push(attr(&e, "w:type").unwrap_or_default()),
                _ => {}
            }
            if !empty {
                stack.push(name);
            } else {
                close(&name, &mut doc, &mut para, &mut run, &mut tables, &mut cell, &mut section);
            }
            continue;
        }
        match event {
            Event::Text(t) if stack.last().is_some_and(|s| s == "w:t") => {
                // As a reader sees it: no-break spaces and word joiners are spaces and nothing.
                let t = tonghop::render::joins::plain(&t.xml10_content());
                run.as_mut().expect("text in a run").text.push_str(&t);
            }
            Event::GeneralRef(r) if stack.last().is_some_and(|s| s == "w:t") => {
                let name = r.xml10_content();
                let c = match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("entity {other}"),
                };
                run.as_mut().unwrap().text.push_str(c);
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_string();
                assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "balanced XML");
                close(&name, &mut doc, &mut para, &mut run, &mut tables, &mut cell, &mut section);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    doc
}

fn close(
    name: &str,
    doc: &mut Doc,
    para: &mut Option<Para>,
    run: &mut Option<Run>,
    tables: &mut Vec<usize>,
    cell: &mut String,
    section: &mut Option<SectionSetup>,
) {
    match name {
        "w:r" => {
            if let (Some(r), Some(p)) = (run.take(), para.as_mut()) {
                p.runs.push(r);
            }
        }
        "w:p" => {
            if let Some(p) = para.take() {
                if let Some(&t) = tables.last() {
                    let row = doc.aligns[t].last_mut().unwrap();
                    if row.len() == doc.tables[t].last().unwrap().len() {
                        row.push(p.align.clone().unwrap_or_default());
                    }
                }
                if !cell.is_empty() {
                    cell.push('\n');
                }
                cell.push_str(&p.text());
                doc.paras.push(p);
            }
        }
        "w:tc" => {
            let t = doc.tables[*tables.last().unwrap()].last_mut().unwrap();
            t.push(std::mem::take(cell));
        }
        "w:tbl" => {
            tables.pop();
        }
        "w:sectPr" => doc.sections.push(section.take().unwrap()),
        _ => {}
    }
}

/// The paragraph whose text starts with `prefix`, and its first run.
fn para<'a>(doc: &'a Doc, prefix: &str) -> (&'a Para, &'a Run) {
    let p =
        doc.paras.iter().find(|p| p.text().starts_with(prefix)).unwrap_or_else(|| panic!("no paragraph «{prefix}»"));
    (p, p.runs.iter().find(|r| !r.text.is_empty()).expect("a run with text"))
}

/// (size in pt, bold, italic) of the first run of the paragraph starting with `prefix`.
fn style(doc: &Doc, prefix: &str) -> (f64, bool, bool) {
    let (_, r) = para(doc, prefix);
    (r.size.expect("size set") as f64 / 2.0, r.bold, r.italic)
}

#[test]
fn the_word_report_has_the_pdfs_page_setup_header_and_figures() {
    let fx = Fixture::new(21, 2, 3);
    fx.cmd().arg("run").assert().code(1);
    let doc = read_docx(&fx.output("docx"));

    // Page setup: the report A4 portrait with margins 20/20/30/15 mm; then one landscape
    // section per appendix (indicators, tasks, register), binding margin on top (30/15/20/20),
    // each numbered from 1; every section's first page without a number.
    let twips = |mm: f64| (mm * 1440.0 / 25.4).round() as u32;
    assert_eq!(doc.sections.len(), 4, "{:#?}", doc.sections);
    let report = &doc.sections[0];
    assert_eq!((report.width, report.height, report.orient.as_str()), (11906, 16838, "portrait"));
    assert_eq!(report.margins, (twips(20.0), twips(20.0), twips(30.0), twips(15.0)));
    assert_eq!(report.restart, None);
    for s in &doc.sections[1..] {
        assert_eq!((s.width, s.height, s.orient.as_str()), (16838, 11906, "landscape"));
        assert_eq!(s.margins, (twips(30.0), twips(15.0), twips(20.0), twips(20.0)));
        assert_eq!(s.restart, Some(1));
    }
    for s in &doc.sections {
        assert_eq!(s.headers, ["default", "first"], "page number header, none on the first page");
    }

    // Header block: texts, sizes and weights of ND30, all in Times New Roman.
    for (prefix, want) in [
        ("UBND THÀNH PHỐ HUẾ", (13.0, false, false)),
        ("SỞ KHOA HỌC", (13.0, true, false)),
        ("VÀ CÔNG NGHỆ", (13.0, true, false)),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", (13.0, true, false)),
        ("Độc lập - Tự do - Hạnh phúc", (14.0, true, false)),
        ("Số: 15/BC-SKHCN", (13.0, false, false)),
        ("Huế, ngày 30 tháng 11 năm 2026", (14.0, false, true)),
        ("BÁO CÁO", (14.0, true, false)),
        ("Kết quả thực hiện Kế hoạch triển khai Nghị quyết số 57-NQ/TW 6 tháng cuối năm 2026", (14.0, true, false)),
        ("Kính gửi: Ủy ban nhân dân thành phố Huế.", (14.0, false, false)),
        ("I. TÌNH HÌNH TRIỂN KHAI", (14.0, true, false)),
        ("Nơi nhận:", (12.0, true, true)),
        ("- Lưu: VT, QLKH.", (11.0, false, false)),
        ("KT. GIÁM ĐỐC", (14.0, true, false)),
        ("PHÓ GIÁM ĐỐC", (14.0, true, false)),
        ("Nguyễn Văn An", (14.0, true, false)),
        ("Phụ lục I", (14.0, true, false)),
        ("(Kèm theo Báo cáo số 15/BC-SKHCN ngày 30 tháng 11 năm 2026", (14.0, false, true)),
    ] {
        assert_eq!(style(&doc, prefix), want, "«{prefix}»");
        assert_eq!(para(&doc, prefix).1.font.as_deref(), Some("Times New Roman"), "«{prefix}»");
    }
    // The header is one borderless table: the left column the bodies and the số, the right
    // the quốc hiệu, tiêu ngữ and date.
    let header = &doc.tables[0];
    assert_eq!(header[0][0].lines().take(3).collect::<Vec<_>>(), ["UBND THÀNH PHỐ HUẾ", "SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"]);
    assert!(header[0][1].starts_with("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"));
    assert_eq!(header[1], ["Số: 15/BC-SKHCN", "Huế, ngày 30 tháng 11 năm 2026"]);
    // Body paragraphs justified.
    assert_eq!(para(&doc, "I. TÌNH HÌNH TRIỂN KHAI").0.align.as_deref(), Some("both"));

    // Section II: every sentence, with every figure in it, as the PDF prints it.
    let bare = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let pdf = bare(&pages_text(&fx.pdf_path()).join(" "));
    let start = doc.paras.iter().position(|p| p.text() == "II. KẾT QUẢ THỰC HIỆN").expect("section II");
    let end = doc.paras.iter().position(|p| p.text() == "III. KHÓ KHĂN, VƯỚNG MẮC").expect("section III");
    let sentences: Vec<String> = doc.paras[start..end]
        .iter()
        .filter(|p| p.table.is_none())
        .map(|p| p.text())
        .filter(|t| !t.is_empty())
        .collect();
    assert!(sentences.len() >= 10, "{sentences:#?}");
    for s in &sentences {
        assert!(pdf.contains(&bare(s)), "«{s}» is not in the PDF");
    }
    let figures = sentences.join(" ");
    assert!(figures.contains("Trong tổng số 70 nhiệm vụ của Kế hoạch"), "{figures}");
    assert!(figures.contains("Kế hoạch đề ra 28 chỉ tiêu"), "{figures}");

    // Tables: every data table repeats its header row; the group table's total row holds the
    // plan's 70 tasks, its shares add up to 100 %.
    let data: Vec<usize> = (0..doc.tables.len()).filter(|i| doc.header_rows[*i] > 0).collect();
    assert_eq!(data.len(), 5, "two tables in section II, one per appendix");
    assert!(data.iter().all(|i| doc.header_rows[*i] == 1));
    let groups =
        doc.tables.iter().find(|t| t[0].first().is_some_and(|h| h == "TT") && t[0][1] == "Nhóm nhiệm vụ").unwrap();
    let total = groups.last().unwrap();
    assert_eq!(total[1], "Tổng cộng");
    assert_eq!(total[2], "70");
    let shares: f64 = total[3..8]
        .iter()
        .map(|c| {
            c.split('(')
                .nth(1)
                .unwrap()
                .trim_end_matches(")")
                .trim_end_matches('%')
                .replace(',', ".")
                .parse::<f64>()
                .unwrap()
        })
        .sum();
    assert!((shares - 100.0).abs() < 1e-9, "{total:?}");
    // Numbers right-aligned: the register's counts.
    let register = doc.tables.iter().position(|t| t[0].get(1).is_some_and(|h| h == "Cơ quan, đơn vị")).unwrap();
    let rows = &doc.tables[register];
    assert!(rows.len() > 60);
    for (cells, aligns) in rows.iter().zip(&doc.aligns[register]).skip(1) {
        assert_eq!(aligns[0], "center", "TT centred: {cells:?}");
        assert_eq!(aligns[1], "left", "names left: {cells:?}");
        for (c, a) in cells.iter().zip(aligns).skip(4) {
            assert!(c.parse::<u32>().is_ok() && a == "right", "{c} {a}: {cells:?}");
        }
    }
}

/// In Phụ lục II of the Word report, as in the PDF: no row is split over two pages, and a task
/// whose agencies fill more than a page goes on in rows that repeat its TT and say "(tiếp theo)".
#[test]
fn a_long_task_goes_on_in_rows_that_say_which_task_they_continue() {
    let fx = Fixture::new(57, 3, 4);
    fx.cmd().arg("run").assert().code(predicates::ord::le(1));
    let mut xml = String::new();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(fx.output("docx")).unwrap()).unwrap();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    // Every row of the task appendix that says its task (its first row, or one that says it
    // again) is kept on one page: its TT and name are never left on the page before.
    let appendix = xml.split("<w:tbl>").find(|t| t.contains("Kết quả của từng cơ quan chủ trì")).expect("Phụ lục II");
    let rows: Vec<&str> = appendix.split("</w:tr>").filter(|r| r.contains("<w:tc>")).collect();
    assert!(rows.len() > 100, "{} rows", rows.len());
    // A row going on with the task above has no line over it.
    let goes_on = |row: &str| row.contains(r#"<w:top w:val="nil""#);
    assert!(rows.iter().any(|r| goes_on(r)), "rows that go on with a task");
    // A row longer than a page may split (task 20 is named in 800 characters).
    let text_len = |row: &str| {
        row.split("<w:t")
            .skip(1)
            .filter(|t| t.starts_with('>') || t.starts_with(" xml:space"))
            .filter_map(|t| t.split_once('>').map(|(_, r)| r.split("</w:t>").next().unwrap_or("")))
            .map(|t| t.chars().count())
            .sum::<usize>()
    };
    for row in rows.iter().filter(|r| !goes_on(r)) {
        assert!(
            row.contains("<w:cantSplit") || text_len(row) > 600,
            "a row that may be split over two pages: {}",
            &row[..row.len().min(300)]
        );
    }
    let doc = parse(&xml);
    let tasks = doc
        .tables
        .iter()
        .find(|t| t[0].last().is_some_and(|h| h == "Kết quả của từng cơ quan chủ trì"))
        .expect("Phụ lục II");
    let mut continued = 0;
    for (i, row) in tasks.iter().enumerate().skip(1) {
        if !row[1].ends_with("(tiếp theo)") {
            continue;
        }
        continued += 1;
        // The row it continues: the task's first row, with its TT, its full name and its leads.
        let first = tasks[..i].iter().rev().find(|r| !r[0].is_empty() && !r[1].ends_with("(tiếp theo)")).unwrap();
        assert_eq!(row[0], first[0], "TT repeated: {row:?}");
        if row[1] != "(tiếp theo)" {
            let short = row[1].trim_end_matches(" (tiếp theo)").trim_end_matches('…');
            assert!(first[1].starts_with(short), "«{}» is «{}» shortened", row[1], first[1]);
        }
        assert!(!row.last().unwrap().is_empty(), "agencies go on: {row:?}");
    }
    assert!(continued > 0, "the demo has a task led by every ward and commune");
}

#[test]
fn the_same_input_gives_the_same_docx_and_the_switch_turns_it_off() {
    let fx = Fixture::new(22, 1, 1);
    fx.cmd().arg("run").assert().code(1);
    let first = std::fs::read(fx.output("docx")).unwrap();
    fx.cmd().arg("run").arg("--ra").arg(fx.path().join("lan-2")).assert().code(1);
    let second = std::fs::read(fx.path().join("lan-2/bao-cao-2026-6-thang-cuoi-nam.docx")).unwrap();
    assert!(first == second, "same input, same .docx bytes");

    // In one process too (docx-rs numbers paragraphs with a per-thread counter).
    let ws = tonghop::pipeline::Workspace::load(fx.path(), None).unwrap();
    let renderer = tonghop::render::Renderer::new(&ws.config.report.font);
    let mut bytes = Vec::new();
    for out in ["lan-3", "lan-4"] {
        let result =
            tonghop::pipeline::run(&ws, &fx.input(), &fx.path().join(out), &renderer, &tonghop::pipeline::Silent)
                .unwrap();
        bytes.push(std::fs::read(result.docx.expect("docx on by default")).unwrap());
    }
    assert!(bytes[0] == bytes[1] && bytes[0] == first, "byte-identical within one process");

    // docx = false: no Word file, the rest as before.
    let config = fx.path().join("tonghop.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("docx = true"), "the shipped config shows the switch");
    std::fs::write(&config, text.replace("docx = true", "docx = false")).unwrap();
    let out = fx.cmd().arg("run").arg("--ra").arg(fx.path().join("lan-5")).assert().code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(fx.path().join("lan-5/bao-cao-2026-6-thang-cuoi-nam.pdf").exists());
    assert!(!fx.path().join("lan-5/bao-cao-2026-6-thang-cuoi-nam.docx").exists());
    assert!(!stdout.contains("Báo cáo Word"), "{stdout}");
}

#[test]
fn a_sample_report_says_so_on_every_page_of_the_word_file() {
    let fx = Fixture::new(23, 0, 0);
    fx.cmd().arg("run").assert().code(0);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(fx.output("docx")).unwrap()).unwrap();
    let names: Vec<String> = (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().unwrap().to_string()).collect();
    let headers: Vec<&String> = names.iter().filter(|n| n.starts_with("word/header")).collect();
    assert_eq!(headers.len(), 2, "one header with the number, one for first pages: {names:?}");
    for h in headers {
        let mut xml = String::new();
        zip.by_name(h).unwrap().read_to_string(&mut xml).unwrap();
        assert!(xml.contains("DỮ LIỆU MẪU"), "{h}");
    }
    // Marked as Vietnamese for Word's spelling and line breaking.
    let mut styles = String::new();
    zip.by_name("word/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    assert!(styles.contains(r#"<w:lang w:val="vi-VN" />"#), "{styles}");
    // Deflated, not stored: the demo-size report stays small enough to mail.
    let stored =
        (0..zip.len()).filter(|i| zip.by_index(*i).unwrap().compression() == zip::CompressionMethod::Stored).count();
    assert_eq!(stored, 0);
}

/// Rewrites a .docx as Word saves it: its properties changed (who saved it, when), and `from`
/// replaced by `to` in the text.
fn save_as_word_would(path: &Path, from: &str, to: &str) {
    use std::io::Write;
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = String::new();
        entry.read_to_string(&mut data).unwrap();
        let data = match name.as_str() {
            "word/document.xml" => {
                assert!(data.contains(from));
                data.replacen(from, to, 1)
            }
            "docProps/core.xml" => data.replace(
                "</cp:coreProperties>",
                "<cp:lastModifiedBy>Trần Thị B</cp:lastModifiedBy></cp:coreProperties>",
            ),
            _ => data,
        };
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(data.as_bytes()).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn an_edited_word_report_is_kept_when_the_report_is_made_again() {
    let fx = Fixture::new(24, 0, 0);
    fx.cmd().arg("run").assert().code(0);
    let docx = fx.output("docx");
    let fresh = std::fs::read(&docx).unwrap();
    let kept = fx.path().join("output/bao-cao-2026-6-thang-cuoi-nam-da-sua.docx");

    // Run again without touching it: replaced, nothing kept.
    fx.cmd().arg("run").assert().code(0);
    assert!(!kept.exists());

    // The leader's edit, saved by Word; then a corrected file arrives and the report is made again.
    let edit = "Lãnh đạo Sở đã chủ trì hội nghị sơ kết.";
    save_as_word_would(&docx, "để tổng hợp.", &format!("để tổng hợp. {edit}"));
    let out = fx.cmd().arg("run").assert().code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("đã được sửa sau lần chạy trước") && stderr.contains("-da-sua.docx"), "{stderr}");
    let edited = read_docx(&kept);
    assert!(edited.paras.iter().any(|p| p.text().contains(edit)), "the edit is in the kept file");
    assert_eq!(std::fs::read(&docx).unwrap(), fresh, "the new report as tonghop writes it");

    // A second edit is kept beside the first, which stays as it was.
    save_as_word_would(&docx, "để tổng hợp.", "để tổng hợp. Lần sửa thứ hai.");
    fx.cmd().arg("run").assert().code(0);
    let second = read_docx(&fx.path().join("output/bao-cao-2026-6-thang-cuoi-nam-da-sua-2.docx"));
    assert!(second.paras.iter().any(|p| p.text().contains("Lần sửa thứ hai.")));
    assert!(read_docx(&kept).paras.iter().any(|p| p.text().contains(edit)));
}
