//! A plan document as paragraphs and tables, whatever it arrived as: a Word file (.docx: the
//! body's paragraphs and the appendix tables, merged cells resolved) or a workbook the officer
//! pasted the appendix tables into (read by `ingest`, each sheet a table).

use std::io::{BufRead, BufReader, Read};

use std::path::Path;

use quick_xml::events::Event;

/// One block of the document, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(String),
    Table(Table),
}

/// A table as a grid of cell texts (lines of a cell joined by "\n"); a cell merged across
/// columns holds its text in its first column and "" in the others, a cell merged down holds it
/// in its first row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// "bảng 2" in a Word file, "trang tính «PL1»" in a workbook: where to look.
    pub place: String,
    pub rows: Vec<Vec<String>>,
    /// Rows Word marks to repeat at the top of each page.
    pub header_rows: usize,
    /// For a workbook: the first row's number on the sheet (rows are as on the sheet).
    pub first_row: usize,
}

/// The document read, or why not (in Vietnamese).
pub fn read(path: &Path) -> Result<Vec<Block>, String> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "docx" => read_docx(path),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path),
        "doc" => Err("tệp .doc (Word 97-2003): mở bằng Word hoặc LibreOffice và lưu lại thành .docx".to_string()),
        "pdf" => Err("tệp PDF: sao chép các bảng phụ lục sang Excel (hoặc mở bằng Word và lưu .docx)".to_string()),
        _ => Err("chỉ đọc được văn bản Word (.docx) hoặc bảng tính (.xlsx, .xls, .ods)".to_string()),
    }
}

/// The largest document.xml read (decompressed).
const DOCX_XML_BYTES: u64 = 64 << 20;
/// The most rows and columns a table of a plan can have.
const MAX_ROWS: usize = 20_000;
const MAX_COLS: usize = 64;

fn read_docx(path: &Path) -> Result<Vec<Block>, String> {
    let file = std::fs::File::open(path).map_err(|e| crate::files::io_text(&e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|_| "không phải văn bản Word .docx (không mở được như một tệp nén)".to_string())?;
    let entry = zip
        .by_name("word/document.xml")
        .map_err(|_| "tệp .docx không có phần nội dung (word/document.xml)".to_string())?;
    let reader = BufReader::new(entry.take(DOCX_XML_BYTES));
    parse_document_xml(reader)
}

/// Where the parser is inside a table.
#[derive(Default)]
struct TableState {
    rows: Vec<Vec<String>>,
    header_rows: usize,
    /// The cells of the row being read, with how many grid columns each spans and whether it
    /// continues a vertical merge.
    row: Vec<(String, usize, bool)>,
    row_is_header: bool,
    cell: String,
    span: usize,
    continues: bool,
    in_cell: bool,
}

fn parse_document_xml(reader: impl BufRead) -> Result<Vec<Block>, String> {
    let mut xml = quick_xml::Reader::from_reader(reader);
    let mut buf = Vec::new();
    let mut blocks = Vec::new();
    // Tables nested in a cell are read as that cell's text: only the outer table is a table.
    let mut depth = 0usize;
    let mut table = TableState::default();
    let mut paragraph = String::new();
    let mut in_text = false;
    let mut tables = 0usize;
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| format!("nội dung .docx hỏng: {e}"))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "tbl" => {
                    depth += 1;
                    if depth == 1 {
                        table = TableState::default();
                    }
                }
                "tr" if depth == 1 => {
                    table.row.clear();
                    table.row_is_header = false;
                }
                "tc" if depth == 1 => {
                    table.cell.clear();
                    table.span = 1;
                    table.continues = false;
                    table.in_cell = true;
                }
                "p" => paragraph.clear(),
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "gridSpan" if depth == 1 => {
                    table.span = val(&e).and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, MAX_COLS);
                }
                "vMerge" if depth == 1 => table.continues = val(&e).is_none_or(|v| v == "continue"),
                "tblHeader" if depth == 1 => table.row_is_header = val(&e).is_none_or(|v| v != "0" && v != "false"),
                "tab" => paragraph.push(' '),
                "br" | "cr" => paragraph.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => paragraph.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    paragraph.push(c);
                } else {
                    paragraph.push_str(match r.into_inner().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let text = paragraph.trim().to_string();
                    if depth >= 1 && table.in_cell {
                        if !table.cell.is_empty() && !text.is_empty() {
                            table.cell.push('\n');
                        }
                        table.cell.push_str(&text);
                    } else if depth == 0 && !text.is_empty() {
                        blocks.push(Block::Paragraph(text));
                    }
                    paragraph.clear();
                }
                "tc" if depth == 1 => {
                    table.in_cell = false;
                    if table.row.len() < MAX_COLS {
                        table.row.push((std::mem::take(&mut table.cell), table.span, table.continues));
                    }
                }
                "tr" if depth == 1 => {
                    let mut cells = Vec::new();
                    for (text, span, continues) in table.row.drain(..) {
                        cells.push(if continues { String::new() } else { text });
                        cells.extend(std::iter::repeat_n(String::new(), span - 1));
                    }
                    cells.truncate(MAX_COLS);
                    if table.row_is_header && table.rows.len() == table.header_rows {
                        table.header_rows += 1;
                    }
                    if table.rows.len() < MAX_ROWS {
                        table.rows.push(cells);
                    }
                }
                "tbl" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        tables += 1;
                        let t = std::mem::take(&mut table);
                        blocks.push(Block::Table(Table {
                            place: format!("bảng {tables}"),
                            rows: t.rows,
                            header_rows: t.header_rows,
                            first_row: 1,
                        }));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(blocks)
}

fn val(e: &quick_xml::events::BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .map(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_default())
}

/// A workbook's visible sheets, each one table of its rows as shown, read as an agency's workbook
/// is (in a worker, under the same budgets). `ingest` fills a merged area from its top-left cell;
/// here the copies are dropped again, so a merged group row is one cell.
fn read_workbook(path: &Path) -> Result<Vec<Block>, String> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let book = crate::ingest::read_one(path, &name).map_err(|e| e.to_string())?;
    let mut blocks = Vec::new();
    for sheet in book.sheets.iter().filter(|s| s.visible) {
        let width = sheet.width().min(MAX_COLS);
        let mut rows = Vec::new();
        for r in 0..sheet.height().min(MAX_ROWS) {
            if sheet.row_hidden(r) {
                rows.push(vec![String::new(); width]);
                continue;
            }
            let mut row: Vec<String> = (0..width)
                .map(|c| if sheet.col_hidden(c) { String::new() } else { sheet.get(r, c).display().trim().to_string() })
                .collect();
            // A row whose every cell says the same is one cell merged across the row (`ingest`
            // fills merged areas): a group's title. Two cells of a task row may well say the same
            // (a lead that also cooperates): those stay.
            let mut filled = row.iter().filter(|t| !t.is_empty());
            if let Some(first) = filled.next().cloned() {
                if filled.all(|t| *t == first) {
                    let mut seen = false;
                    for t in row.iter_mut().filter(|t| !t.is_empty()) {
                        if seen {
                            t.clear();
                        }
                        seen = true;
                    }
                }
            }
            rows.push(row);
        }
        blocks.push(Block::Table(Table {
            place: format!("trang tính «{}»", sheet.name),
            rows,
            header_rows: 0,
            first_row: 1,
        }));
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_table_keeps_merged_cells_lines_and_the_repeated_header() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:r><w:t>PHỤ LỤC II</w:t></w:r></w:p>
<w:tbl>
 <w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>TT</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Nhiệm vụ</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Chủ trì</w:t></w:r></w:p></w:tc></w:tr>
 <w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>I. Nhóm một</w:t></w:r></w:p></w:tc></w:tr>
 <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Việc A &amp; B</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Sở KH&amp;CN,</w:t></w:r></w:p><w:p><w:r><w:t>Sở Y tế</w:t></w:r></w:p></w:tc></w:tr>
 <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>tiếp</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
</w:tbl>
<w:p><w:r><w:t>Ghi chú: x</w:t></w:r></w:p>
</w:body></w:document>"#;
        let blocks = parse_document_xml(xml.as_bytes()).unwrap();
        assert_eq!(blocks[0], Block::Paragraph("PHỤ LỤC II".into()));
        let Block::Table(t) = &blocks[1] else { panic!() };
        assert_eq!(t.header_rows, 1);
        assert_eq!(t.place, "bảng 1");
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(t.rows[1], s(&["I. Nhóm một", "", ""]));
        assert_eq!(t.rows[2], s(&["1", "Việc A & B", "Sở KH&CN,\nSở Y tế"]));
        assert_eq!(t.rows[3], s(&["", "tiếp", ""]));
        assert_eq!(blocks[2], Block::Paragraph("Ghi chú: x".into()));
    }
}
