//! The report model → a Word document (.docx), for the officers and leaders who edit the
//! report before it is signed. The only module that knows docx-rs.
//!
//! It lays out the same [`ReportModel`] the Typst template does, with the rules of
//! `shared/spec/nd30-report-format.md`: A4, margins 20/20/30/15 mm, Times New Roman, the
//! two-column header block with its rules, the title, the body at 13 or 14 pt, tables with
//! repeated header rows, the chart as a table of bars, the signature block kept together, and
//! each appendix in a landscape section of its own whose pages are numbered from 1. Everything
//! is real text, paragraphs and tables that Word edits as usual; nothing is an image.
//!
//! What docx-rs cannot say, and how it is done here (all in [`write`]'s pass over its XML):
//! - a header row that repeats on every page (`w:tblHeader`): header rows carry a marker row
//!   height that is replaced by it;
//! - one page-number header for every section: a header given to a docx-rs `Section` loses its
//!   first-page twin, and parts past the ninth are numbered out of order; so the document's two
//!   header parts are referenced from every section (see [`share_headers`]);
//! - the document language (vi-VN): put into the document defaults;
//! - compression: docx-rs stores its parts; they are deflated again ([`deflate`]);
//! - a watermark (a VML shape): a sample report says "DỮ LIỆU MẪU" in its page header instead;
//! - drawn lines: the short rules under the header lines are the top border of an empty
//!   paragraph indented to the rule's length, which Word and LibreOffice keep in place when the
//!   text around them is edited.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, FieldCharType, Header, HeightRule, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, PageMargin, PageNumType, PageOrientationType, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, RunFonts, Section, Shading, ShdType, SpecialIndentType, Table, TableAlignmentType,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellBorder, TableCellBorderPosition,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::fonts::text_width;
use super::model::{self, Align, Appendix, Block, ReportModel};

/// ND30 asks for Times New Roman; Word on the officers' machines has it, LibreOffice puts the
/// metric-compatible Liberation Serif in its place.
const FAMILY: &str = "Times New Roman";

/// Twips (1/20 pt) per millimetre and per point.
const MM: f64 = 1440.0 / 25.4;
const PT: f64 = 20.0;

const A4: (u32, u32) = (11906, 16838);

/// A header row's height before the XML pass turns it into `<w:tblHeader/>`: 1 twip "at least"
/// changes nothing if it were left.
const HEADER_ROW_MARK: &str = r#"<w:trHeight w:val="1" w:hRule="atLeast" />"#;

/// One page layout: portrait for the report, landscape for its appendices.
#[derive(Clone, Copy)]
struct Page {
    landscape: bool,
}

impl Page {
    /// Margins top, bottom, left, right in mm: the report's, and for a landscape appendix the
    /// binding margin on the long (top) edge.
    fn margins(self) -> (f64, f64, f64, f64) {
        if self.landscape {
            (30.0, 15.0, 20.0, 20.0)
        } else {
            (20.0, 20.0, 30.0, 15.0)
        }
    }

    /// The width of a line of text, in twips.
    fn line(self) -> u32 {
        let (_, _, left, right) = self.margins();
        let width = if self.landscape { A4.1 } else { A4.0 };
        width - tw(left + right)
    }

    fn margin(self) -> PageMargin {
        let (top, bottom, left, right) = self.margins();
        // The page number sits in the middle of the top margin.
        PageMargin::new()
            .top(tw(top) as i32)
            .bottom(tw(bottom) as i32)
            .left(tw(left) as i32)
            .right(tw(right) as i32)
            .header(tw(top / 2.0 - 2.5) as i32)
            .footer(tw(10.0) as i32)
            .gutter(0)
    }
}

fn tw(mm: f64) -> u32 {
    (mm * MM).round() as u32
}

fn pt(points: f64) -> u32 {
    (points * PT).round() as u32
}

/// Half-points, the unit of a run's size.
fn half(points: f64) -> usize {
    (points * 2.0).round() as usize
}

/// A run of text at `size` pt with the given weight and style.
fn text(t: &str, size: f64, bold: bool, italic: bool) -> Run {
    // Whatever the text went through, the document stays one Word opens.
    // Joined where a line may not break ("57-NQ/TW", "A Lưới 2"), as in the PDF.
    let mut run = Run::new().add_text(crate::fit::xml_text(&super::joins::joined(t))).size(half(size)).fonts(fonts());
    if bold {
        run = run.bold();
    }
    if italic {
        run = run.italic();
    }
    run
}

fn fonts() -> RunFonts {
    RunFonts::new().ascii(FAMILY).hi_ansi(FAMILY).cs(FAMILY).east_asia(FAMILY)
}

/// A paragraph with no indent and no space around it, single-spaced.
fn plain(align: AlignmentType) -> Paragraph {
    Paragraph::new()
        .align(align)
        .line_spacing(LineSpacing::new().before(0).after(0).line(240).line_rule(LineSpacingType::Auto))
}

/// A centred line: one run.
fn centred(t: &str, size: f64, bold: bool, italic: bool) -> Paragraph {
    plain(AlignmentType::Center).add_run(text(t, size, bold, italic))
}

/// A rule `width` twips long, centred on a line `line` twips wide: the top border of an empty
/// paragraph of that width, 0.6 pt like the PDF's, `gap` points under what precedes it.
fn rule(width: u32, line: u32, gap: f64) -> Paragraph {
    let side = line.saturating_sub(width) / 2;
    let mut p = plain(AlignmentType::Center)
        .indent(Some(side as i32), None, Some(side as i32), None)
        .line_spacing(
            LineSpacing::new().before(pt(gap)).after(0).line(pt(1.0) as i32).line_rule(LineSpacingType::Exact),
        )
        .size(2);
    p.property = p.property.set_borders(ParagraphBorders::with_empty().set(
        ParagraphBorder::new(ParagraphBorderPosition::Top).val(BorderType::Single).size(5).space(0).color("000000"),
    ));
    p
}

/// Body paragraph: justified, first line indented 1 cm, 6 pt after.
fn body(size: f64) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(tw(10.0) as i32)), None, None)
        // 1.05 lines: the PDF's distance between lines (1.2 em), Word's single being 1.15 em.
        .line_spacing(LineSpacing::new().before(0).after(pt(6.0)).line(252).line_rule(LineSpacingType::Auto))
        .size(half(size))
        .fonts(fonts())
}

/// A table that draws nothing: for the header block, the signature block and the chart.
fn borderless(rows: Vec<TableRow>, grid: Vec<u32>) -> Table {
    let width = grid.iter().sum::<u32>() as usize;
    Table::without_borders(rows)
        .set_grid(grid.into_iter().map(|w| w as usize).collect())
        .width(width, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
        .indent(0)
}

fn cell(width: u32, paragraphs: Vec<Paragraph>) -> TableCell {
    paragraphs.into_iter().fold(TableCell::new().width(width as usize, WidthType::Dxa), |c, p| c.add_paragraph(p))
}

/// Writes `model` as a .docx. Equal models give byte-identical files.
pub fn write(model: &ReportModel) -> Result<Vec<u8>, String> {
    let size = f64::from(model.head.font_size);
    let portrait = Page { landscape: false };
    // docx-rs numbers paragraphs with a per-thread counter; start it afresh so that the same
    // model always gives the same ids (building a JSON view of an empty document resets it).
    let _ = Docx::new().json();

    let mut report = Section::new();
    for item in header_block(model, portrait) {
        report = item.add_to(report);
    }
    for item in title(model, portrait) {
        report = item.add_to(report);
    }
    for section in &model.sections {
        report = report.add_paragraph(body(size).keep_next(true).add_run(text(&section.title, size, true, false)));
        for (i, block) in section.blocks.iter().enumerate() {
            // A paragraph that opens what follows ("1. Về kinh phí: …", "Cụ thể như sau …:") stays on
            // its page (the PDF's rule, templates/bao-cao.typ `opens`).
            let opens = match (block, section.blocks.get(i + 1)) {
                (Block::Paragraph { .. }, Some(Block::Quote { .. })) => true,
                (Block::Paragraph { text }, Some(Block::Paragraph { .. })) => text.ends_with(':'),
                _ => false,
            };
            for item in block_items(block, size, portrait, opens) {
                report = item.add_to(report);
            }
        }
    }
    report = report.add_table(signature(model, portrait));
    let report = section_setup(report, portrait, false);

    let mut doc = Docx::new()
        .default_fonts(fonts())
        .default_size(half(size))
        .created_at(&format!("{:04}-{:02}-{:02}T00:00:00Z", model.head.date[0], model.head.date[1], model.head.date[2]))
        .updated_at(&format!("{:04}-{:02}-{:02}T00:00:00Z", model.head.date[0], model.head.date[1], model.head.date[2]))
        .add_section(report);

    // Each appendix its own section, starting on a new page and numbered from 1; the last one's
    // layout is the document's own.
    let (last, rest) = model.appendices.split_last().ok_or("báo cáo không có phụ lục")?;
    for app in rest {
        let page = Page { landscape: app.landscape };
        let mut section = Section::new();
        for item in appendix(app, page) {
            section = item.add_to(section);
        }
        doc = doc.add_section(section_setup(section, page, true));
    }
    let page = Page { landscape: last.landscape };
    for item in appendix(last, page) {
        doc = match item {
            Item::P(p) => doc.add_paragraph(p),
            Item::T(t) => doc.add_table(t),
        };
    }
    let (w, h) = if page.landscape { (A4.1, A4.0) } else { A4 };
    doc = doc
        .page_size(w, h)
        .page_orient(if page.landscape { PageOrientationType::Landscape } else { PageOrientationType::Portrait })
        .page_margin(page.margin())
        .title_pg()
        .page_num_type(PageNumType::new().start(1))
        .header(page_header(model.head.sample))
        .first_header(first_header(model.head.sample));

    let mut xml = doc.build();
    let document = String::from_utf8(std::mem::take(&mut xml.document)).map_err(|e| e.to_string())?;
    xml.document = share_headers(&document.replace(HEADER_ROW_MARK, "<w:tblHeader />"))?.into_bytes();
    // The text is Vietnamese (Word's spelling and line breaking follow it); docx-rs has no
    // builder for a language, so it goes into the document defaults.
    let styles = String::from_utf8(std::mem::take(&mut xml.styles)).map_err(|e| e.to_string())?;
    let defaults = "</w:rPr></w:rPrDefault>";
    if !styles.contains(defaults) {
        return Err("thiếu định dạng mặc định của văn bản".into());
    }
    xml.styles = styles.replacen(defaults, &format!(r#"<w:lang w:val="vi-VN" />{defaults}"#), 1).into_bytes();
    let mut stored = Cursor::new(Vec::new());
    xml.pack(&mut stored).map_err(|e| e.to_string())?;
    deflate(stored.into_inner()).map_err(|e| e.to_string())
}

/// Every section uses the document's two headers (the page number; nothing on a first page).
/// docx-rs writes them for the last section only, and a header given to a [`Section`] loses
/// the first-page one (and numbers parts past 9 out of order); so the other sections get
/// references to the same two parts here, first in their `w:sectPr` as the schema orders it.
fn share_headers(document: &str) -> Result<String, String> {
    let reference = |kind: &str| -> Result<String, String> {
        let start = format!(r#"<w:headerReference w:type="{kind}" r:id=""#);
        let at = document.find(&start).ok_or_else(|| format!("thiếu đầu trang «{kind}»"))?;
        let end = document[at..].find("/>").ok_or("đầu trang hỏng")? + at + 2;
        Ok(document[at..end].to_string())
    };
    let refs = format!("<w:sectPr>{}{}", reference("default")?, reference("first")?);
    let sections = document.matches("<w:sectPr>").count();
    // The last `w:sectPr` is the document's own, which has them.
    let mut out = document.replacen("<w:sectPr>", &refs, sections - 1);
    out.shrink_to_fit();
    Ok(out)
}

/// docx-rs stores its parts uncompressed (1,6 MB for the demo report); the same parts, in the
/// same order, deflated, dated 1980-01-01 like docx-rs's so that the bytes depend on the
/// content only.
fn deflate(stored: Vec<u8>) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        if entry.is_dir() {
            continue;
        }
        buf.clear();
        entry.read_to_end(&mut buf)?;
        out.start_file(name, options)?;
        out.write_all(&buf)?;
    }
    Ok(out.finish()?.into_inner())
}

/// A paragraph or a table, in the order they go into a section.
enum Item {
    P(Paragraph),
    T(Table),
}

impl Item {
    fn add_to(self, s: Section) -> Section {
        match self {
            Item::P(p) => s.add_paragraph(p),
            Item::T(t) => s.add_table(t),
        }
    }
}

/// Page size, margins, a first page of its own (no number) and, for an appendix, numbering
/// from 1. The headers are the document's (see [`share_headers`]).
fn section_setup(s: Section, page: Page, restart: bool) -> Section {
    let (w, h) = if page.landscape { (A4.1, A4.0) } else { A4 };
    let mut s = s
        .page_size(docx_rs::PageSize::new().width(w).height(h).orient(if page.landscape {
            PageOrientationType::Landscape
        } else {
            PageOrientationType::Portrait
        }))
        .page_margin(page.margin())
        .title_pg();
    if restart {
        s = s.page_num_type(PageNumType::new().start(1));
    }
    s
}

/// "DỮ LIỆU MẪU" at the top of every page of a sample report (docx-rs draws no watermark).
fn sample_line() -> Paragraph {
    centred("DỮ LIỆU MẪU – không dùng để ký ban hành", 12.0, true, false)
}

/// The page number: Arabic, 14 pt, centred in the top margin.
fn page_header(sample: bool) -> Header {
    let number = plain(AlignmentType::Center).add_run(
        Run::new()
            .size(half(14.0))
            .fonts(fonts())
            .add_field_char(FieldCharType::Begin, false)
            .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
            .add_field_char(FieldCharType::Separate, false)
            .add_text("1")
            .add_field_char(FieldCharType::End, false),
    );
    let header = Header::new().add_paragraph(number);
    if sample {
        header.add_paragraph(sample_line())
    } else {
        header
    }
}

/// A section's first page: no number.
fn first_header(sample: bool) -> Header {
    Header::new().add_paragraph(if sample { sample_line() } else { plain(AlignmentType::Center) })
}

/// Header block: two borderless columns, 40 % | 60 %, with their rules.
fn header_block(m: &ReportModel, page: Page) -> Vec<Item> {
    let line = page.line();
    let (left_w, right_w) = (line * 2 / 5, line - line * 2 / 5);
    let mut left: Vec<Paragraph> = m.head.parent_body.iter().map(|l| centred(l, 13.0, false, false)).collect();
    left.extend(m.head.issuing_body.iter().map(|l| centred(l, 13.0, true, false)));
    let widest = m.head.issuing_body.iter().map(|l| text_width(l, 13.0, true)).fold(0.0, f64::max);
    left.push(rule(pt(widest * 0.4), left_w, 1.5));
    let motto = "Độc lập - Tự do - Hạnh phúc";
    let right = vec![
        centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13.0, true, false),
        centred(motto, 14.0, true, false),
        rule(pt(text_width(motto, 14.0, true)), right_w, 1.5),
    ];
    let gap = |p: Paragraph| p.line_spacing(LineSpacing::new().before(pt(8.0)).after(0).line(240));
    let rows = vec![
        TableRow::new(vec![cell(left_w, left), cell(right_w, right)]).cant_split(),
        TableRow::new(vec![
            cell(left_w, vec![gap(centred(&m.head.document_number, 13.0, false, false))]),
            cell(right_w, vec![gap(centred(&m.head.place_date, 14.0, false, true))]),
        ])
        .cant_split(),
    ];
    vec![Item::T(borderless(rows, vec![left_w, right_w]))]
}

/// The trích yếu: its balanced lines (as the PDF sets them), one run each, a line break
/// between.
fn subject(text_: &str) -> Paragraph {
    let lines = super::subject_lines(&super::joins::joined(text_));
    let last = lines.len().saturating_sub(1);
    lines.iter().enumerate().fold(plain(AlignmentType::Center), |p, (i, l)| {
        let run = text(&super::joins::plain(l), 14.0, true, false);
        p.add_run(if i < last { run.add_break(BreakType::TextWrapping) } else { run })
    })
}

/// "BÁO CÁO", the trích yếu and its rule, "Kính gửi".
fn title(m: &ReportModel, page: Page) -> Vec<Item> {
    let line = page.line();
    let mut items = vec![
        Item::P(
            centred("BÁO CÁO", 14.0, true, false)
                .line_spacing(LineSpacing::new().before(pt(14.0)).after(0).line(240))
                .keep_next(true),
        ),
        Item::P(subject(&m.subject).keep_next(true)),
        Item::P(rule(tw(50.0), line, 1.5)),
    ];
    if !m.addressee.is_empty() {
        items.push(Item::P(
            centred(&format!("Kính gửi: {}.", m.addressee), 14.0, false, false)
                .line_spacing(LineSpacing::new().before(pt(14.0)).after(pt(6.0)).line(240)),
        ));
    }
    items.push(Item::P(plain(AlignmentType::Left).size(half(6.0))));
    items
}

fn block_items(block: &Block, size: f64, page: Page, keep_next: bool) -> Vec<Item> {
    match block {
        Block::Heading { text: t } => vec![Item::P(body(size).keep_next(true).add_run(text(t, size, true, false)))],
        Block::Paragraph { text: t } => {
            vec![Item::P(body(size).keep_next(keep_next).add_run(text(t, size, false, false)))]
        }
        Block::Quote { label, text: t } => {
            vec![Item::P(body(size).add_run(text(label, size, false, false)).add_run(text(t, size, false, true)))]
        }
        Block::Table(t) => vec![Item::T(data_table(t, page.line())), Item::P(spacer())],
        Block::Chart { title, bars, legend } => chart(title, bars, legend, size, page.line()),
    }
}

/// A small gap after a table, as the PDF leaves.
fn spacer() -> Paragraph {
    plain(AlignmentType::Left).size(half(6.0))
}

/// The cell text of a table: 11 pt, one paragraph per line of the model's text, lines closer
/// than Word's single spacing (0,9: near the PDF's distance between lines, about 0,96 em; the rule
/// stays "auto", so nothing above a capital's diacritics is cut).
fn cell_paragraphs(t: &str, align: AlignmentType, bold: bool) -> Vec<Paragraph> {
    t.split('\n')
        .map(|l| {
            plain(align)
                .line_spacing(LineSpacing::new().before(0).after(0).line(216).line_rule(LineSpacingType::Auto))
                .add_run(text(l, 11.0, bold, false))
        })
        .collect()
}

fn alignment(a: Align) -> AlignmentType {
    match a {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

/// Lines of 11 pt table text a landscape page holds under the header row, counted low.
const PAGE_LINES: usize = 28;

/// Lines the tallest cell of a row takes, its words wrapped in cells `widths` twips wide (11 pt
/// text: about 5,1 pt a character).
fn row_lines(cells: &[String], widths: &[u32]) -> usize {
    cells
        .iter()
        .zip(widths)
        .map(|(text, w)| {
            let chars = ((f64::from(*w) / 20.0 - 4.0) / 5.1).max(4.0) as usize;
            text.split('\n').map(|l| l.chars().count().div_ceil(chars).max(1)).sum::<usize>()
        })
        .max()
        .unwrap_or(1)
}

/// A model table: 0.5 pt grid, the header row bold, centred and repeated on every page.
fn data_table(t: &model::Table, line: u32) -> Table {
    let widths = t.widths(line, MM);
    let header = TableRow::new(
        t.columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                cell(*w, cell_paragraphs(&c.header, AlignmentType::Center, true)).vertical_align(VAlignType::Center)
            })
            .collect(),
    )
    .cant_split()
    .row_height(1.0)
    .height_rule(HeightRule::AtLeast);
    let mut rows = vec![header];
    // Word cannot tell which row opens a page: a task of many rows says again which task it is
    // every RESTATE_LINES lines of its rows.
    const RESTATE_LINES: usize = 20;
    let lines = |r: &Vec<String>| row_lines(r, &widths);
    let mut restated = vec![false; t.rows.len()];
    let mut since = 0;
    for (i, row) in t.rows.iter().enumerate() {
        if t.joined.contains(&i) && since + lines(row) > RESTATE_LINES {
            restated[i] = true;
        }
        since = if t.joined.contains(&i) && !restated[i] { since + lines(row) } else { lines(row) };
    }
    // A row going on with the one above: no line between them, unless it says its task again.
    let open = |i: usize| t.joined.contains(&i) && !restated[i];
    for (i, row) in t.rows.iter().enumerate() {
        let cells = if t.span_rows.contains(&i) {
            // A group row: its code, then its title across the other columns.
            let rest: u32 = widths[1..].iter().sum();
            vec![
                cell(widths[0], cell_paragraphs(&row[0], alignment(t.columns[0].align), true)),
                cell(rest, cell_paragraphs(row.get(1).map(String::as_str).unwrap_or(""), AlignmentType::Left, true))
                    .grid_span(widths.len() - 1),
            ]
        } else {
            let bold = t.strong_rows.contains(&i);
            let mut shown = row.clone();
            if let (true, Some(k)) = (restated[i], t.joined.iter().position(|j| *j == i)) {
                let cont = &t.continued[k];
                shown[..cont.len() - 1].clone_from_slice(&cont[..cont.len() - 1]);
            }
            let nil = |p| TableCellBorder::new(p).border_type(BorderType::Nil);
            shown
                .iter()
                .zip(&t.columns)
                .zip(&widths)
                .map(|((v, c), w)| {
                    let mut c =
                        cell(*w, cell_paragraphs(v, alignment(c.align), bold)).vertical_align(VAlignType::Center);
                    // Joined rows sit as lines of one cell: no line, no margin between them.
                    if open(i) {
                        c = c.set_border(nil(TableCellBorderPosition::Top));
                        c.property = c.property.margin_top(0, WidthType::Dxa);
                    }
                    if open(i + 1) {
                        c = c.set_border(nil(TableCellBorderPosition::Bottom));
                        c.property = c.property.margin_bottom(0, WidthType::Dxa);
                    }
                    c
                })
                .collect()
        };
        // A row that says its task is never split over two pages, as in the PDF — unless it is
        // longer than a page (a task named in 800 characters), which Word and LibreOffice would
        // then run into the bottom margin. A row going on with a task may be split: Word cannot
        // say which task it is at the top of the next page anyway, and keeping it whole would
        // leave the foot of the page empty.
        let row = TableRow::new(cells);
        let whole = !open(i) && row_lines(&t.rows[i], &widths) <= PAGE_LINES;
        rows.push(if whole { row.cant_split() } else { row });
    }
    let border = |p| TableBorder::new(p).border_type(BorderType::Single).size(4).color("000000");
    let borders = [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |b, p| b.set(border(p)));
    Table::new(rows)
        .set_grid(widths.iter().map(|w| *w as usize).collect())
        .width(widths.iter().sum::<u32>() as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(borders)
        .margins(TableCellMargins::new().margin(pt(1.0) as usize, pt(2.0) as usize, pt(1.0) as usize, pt(2.0) as usize))
        .align(TableAlignmentType::Center)
}

/// The greys of the chart's parts, as the PDF prints them (Typst's luma 40, 110, 170, 215, white).
const SHADES: [&str; 5] = ["282828", "6E6E6E", "AAAAAA", "D7D7D7", "FFFFFF"];
/// Columns a bar is cut into: each part spans its share of them.
const BAR_STEPS: u32 = 60;

/// The chart as a table of bars: each bar a row of cells as wide as its parts, shaded like the
/// PDF's; title, bars and legend kept on one page.
fn chart(title: &str, bars: &[model::Bar], legend: &[String], size: f64, line: u32) -> Vec<Item> {
    let label_w = tw(18.0) + tw(1.5);
    let step = (line - label_w) / BAR_STEPS;
    let mut grid = vec![label_w];
    grid.extend(std::iter::repeat_n(step, BAR_STEPS as usize));
    let mut rows = Vec::new();
    for (k, bar) in bars.iter().enumerate() {
        let label = plain(AlignmentType::Right)
            .indent(None, None, Some(tw(1.5) as i32), None)
            .keep_next(true)
            .add_run(text(&bar.label, 10.0, false, false));
        let mut cells = vec![cell(label_w, vec![label]).vertical_align(VAlignType::Center)];
        let spans = bar_spans(&bar.parts, bar.total);
        for (i, (n, span)) in bar.parts.iter().zip(&spans).enumerate() {
            if *span == 0 {
                continue;
            }
            let digits = plain(AlignmentType::Center)
                .keep_next(true)
                .add_run(text(&n.to_string(), 8.0, false, false).color(if i < 2 { "FFFFFF" } else { "000000" }));
            let bordered = [
                docx_rs::TableCellBorderPosition::Top,
                docx_rs::TableCellBorderPosition::Left,
                docx_rs::TableCellBorderPosition::Bottom,
                docx_rs::TableCellBorderPosition::Right,
            ]
            .into_iter()
            .fold(cell(step * span, vec![digits]).grid_span(*span as usize), |c, p| {
                c.set_border(docx_rs::TableCellBorder::new(p).border_type(BorderType::Single).size(4).color("000000"))
            });
            cells.push(
                bordered
                    .shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill(SHADES[i % SHADES.len()]))
                    .vertical_align(VAlignType::Center),
            );
        }
        let used: u32 = spans.iter().sum();
        if used < BAR_STEPS {
            cells.push(
                cell(step * (BAR_STEPS - used), vec![plain(AlignmentType::Left)])
                    .grid_span((BAR_STEPS - used) as usize),
            );
        }
        rows.push(TableRow::new(cells).cant_split().row_height(pt(12.0) as f32).height_rule(HeightRule::Exact));
        if k + 1 < bars.len() {
            let gap =
                cell(grid.iter().sum(), vec![plain(AlignmentType::Left).size(2).keep_next(true)]).grid_span(grid.len());
            rows.push(TableRow::new(vec![gap]).row_height(pt(3.0) as f32).height_rule(HeightRule::Exact));
        }
    }
    let mut key =
        plain(AlignmentType::Center).line_spacing(LineSpacing::new().before(pt(4.0)).after(pt(6.0)).line(240));
    for (i, l) in legend.iter().enumerate() {
        let swatch = text("\u{00a0}\u{00a0}\u{00a0}", 10.0, false, false)
            .shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill(SHADES[i % SHADES.len()]))
            .text_border(docx_rs::TextBorder::new().border_type(BorderType::Single).size(4).color("000000"));
        key = key.add_run(swatch).add_run(text(&format!(" {l}\u{00a0}\u{00a0}\u{00a0}"), 10.0, false, false));
    }
    vec![
        Item::P(body(size).keep_next(true).add_run(text(title, size, false, false))),
        Item::T(borderless(rows, grid).align(TableAlignmentType::Center)),
        Item::P(key),
    ]
}

/// How many of [`BAR_STEPS`] columns each part spans: its share, rounded so that they add up to
/// the bar's share of the whole (largest remainders first), and at least 1 for a non-zero part.
fn bar_spans(parts: &[usize], total: usize) -> Vec<u32> {
    let total = total.max(1) as f64;
    let sum: usize = parts.iter().sum();
    let target = ((sum as f64 / total) * BAR_STEPS as f64).round() as u32;
    let exact: Vec<f64> = parts.iter().map(|n| *n as f64 / total * BAR_STEPS as f64).collect();
    let mut spans: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| (exact[*b] - exact[*b].floor()).total_cmp(&(exact[*a] - exact[*a].floor())).then(a.cmp(b)));
    let mut missing = target.saturating_sub(spans.iter().sum());
    for i in order {
        if missing == 0 {
            break;
        }
        if exact[i] > spans[i] as f64 {
            spans[i] += 1;
            missing -= 1;
        }
    }
    // A part too small for a column of its own takes one from the widest.
    for i in 0..parts.len() {
        if parts[i] > 0 && spans[i] == 0 {
            if let Some(w) = (0..spans.len()).max_by_key(|j| (spans[*j], std::cmp::Reverse(*j))) {
                if spans[w] > 1 {
                    spans[w] -= 1;
                    spans[i] = 1;
                }
            }
        }
    }
    spans
}

/// Signature and recipients, one row that does not break across pages: "Nơi nhận" left, the
/// signer right, 30 mm left empty for the signature.
fn signature(m: &ReportModel, page: Page) -> Table {
    let line = page.line();
    let half_w = line / 2;
    let mut left = vec![plain(AlignmentType::Left).keep_next(true).add_run(text("Nơi nhận:", 12.0, true, true))];
    left.extend(
        m.head
            .recipients
            .iter()
            .map(|r| plain(AlignmentType::Left).keep_next(true).add_run(text(r, 11.0, false, false))),
    );
    let mut right: Vec<Paragraph> =
        m.head.signer_authority.iter().map(|l| centred(l, 14.0, true, false).keep_next(true)).collect();
    right.push(
        centred(&m.head.signer_name, 14.0, true, false)
            .line_spacing(LineSpacing::new().before(tw(30.0)).after(0).line(240)),
    );
    let first = TableRow::new(vec![cell(half_w, left), cell(line - half_w, right)]).cant_split();
    borderless(vec![first], vec![half_w, line - half_w])
}

/// An appendix: its number, title, the plan's title of the list, the reference line and rule,
/// the notes, the table.
fn appendix(app: &Appendix, page: Page) -> Vec<Item> {
    let mut items = vec![
        Item::P(centred(&app.number, 14.0, true, false).keep_next(true)),
        Item::P(centred(&app.title, 14.0, true, false).keep_next(true)),
    ];
    if !app.subtitle.is_empty() {
        items.push(Item::P(centred(&app.subtitle, 13.0, true, false).keep_next(true)));
    }
    items.push(Item::P(centred(&app.reference, 14.0, false, true).keep_next(true)));
    items.push(Item::P(rule(tw(40.0), page.line(), 1.5).keep_next(true)));
    items.push(Item::P(plain(AlignmentType::Left).size(half(6.0)).keep_next(true)));
    for n in &app.notes {
        items.push(Item::P(
            plain(AlignmentType::Both)
                .line_spacing(LineSpacing::new().before(0).after(pt(4.0)).line(240))
                .add_run(text(n, 12.0, false, true)),
        ));
    }
    items.push(Item::T(data_table(&app.table, page.line())));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_spans_add_up_to_the_bar_and_show_every_part() {
        assert_eq!(bar_spans(&[5, 5, 0, 0, 0], 10), [30, 30, 0, 0, 0]);
        assert_eq!(bar_spans(&[1, 1, 1, 0, 0], 3).iter().sum::<u32>(), BAR_STEPS);
        // 1 of 100 still gets a column, taken from the widest part.
        let s = bar_spans(&[99, 0, 1, 0, 0], 100);
        assert_eq!(s.iter().sum::<u32>(), BAR_STEPS);
        assert_eq!(s[2], 1);
        // A group with no task at all draws nothing.
        assert_eq!(bar_spans(&[0, 0, 0, 0, 0], 1), [0, 0, 0, 0, 0]);
    }
}
