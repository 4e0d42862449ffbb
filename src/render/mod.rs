//! Report figures → the report PDF, through the Typst template in `templates/`.
//!
//! The only module that knows typst. It builds the Typst engine once (template and fonts), turns
//! [`Figures`] into a [`ReportModel`] of Vietnamese text, and compiles it. It writes no files.

mod fonts;
pub mod model;

pub use fonts::{font_set, FontSet, PREFERRED_FAMILY, SHIPPED_FAMILY};
pub use model::ReportModel;

use thiserror::Error;
use typst::foundations::{Dict, Str, Value};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("../../templates/bao-cao.typ");

#[derive(Debug, Error)]
pub enum RenderError {
    #[error("lỗi dựng báo cáo từ mẫu Typst: {0}")]
    Template(String),
    #[error("lỗi xuất PDF: {0}")]
    Pdf(String),
}

/// The rendered report.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Problems with the rendering itself (missing glyphs, font substitutions), in Vietnamese.
    pub notes: Vec<String>,
}

/// A compiled template with its fonts, reusable for several reports.
pub struct Renderer {
    engine: TypstEngine<TypstTemplateMainFile>,
    fonts: FontSet,
}

impl Renderer {
    /// Loads the template and the fonts for `font_choice` (see [`font_set`]).
    pub fn new(font_choice: &str) -> Renderer {
        let fonts = font_set(font_choice);
        let engine = TypstEngine::builder().main_file(TEMPLATE).fonts(fonts.fonts.iter().cloned()).build();
        Renderer { engine, fonts }
    }

    /// Font families the report is set in, preferred first.
    pub fn families(&self) -> Vec<String> {
        self.fonts.families.clone()
    }

    /// Compiles the model to PDF bytes. The output depends on the model only (the document date
    /// comes from the model, never the clock), so equal models give byte-identical PDFs.
    /// With `pdf_a`, the PDF conforms to PDF/A-2b (archival).
    pub fn render(&self, model: &ReportModel, pdf_a: bool) -> Result<Rendered, RenderError> {
        let json = serde_json::to_string(model).map_err(|e| RenderError::Template(e.to_string()))?;
        let mut notes: Vec<String> = self.fonts.note.iter().cloned().collect();
        let missing = fonts::uncovered(&self.fonts.fonts, &json);
        if !missing.is_empty() {
            notes.push(format!(
                "các ký tự sau không có trong phông chữ và sẽ không hiển thị đúng: {}",
                missing.iter().map(|c| format!("«{c}» (U+{:04X})", *c as u32)).collect::<Vec<_>>().join(", ")
            ));
        }
        let inputs: Dict = [(Str::from("data"), Value::Str(json.into()))].into_iter().collect();
        let result = self.engine.compile_with_input::<_, PagedDocument>(inputs);
        for w in result.warnings.iter() {
            notes.push(format!("cảnh báo khi dựng báo cáo: {}", w.message));
        }
        let doc = result.output.map_err(|e| RenderError::Template(format!("{e}")))?;
        let mut options = typst_pdf::PdfOptions::default();
        if pdf_a {
            options.standards = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2b])
                .map_err(|e| RenderError::Pdf(e.message().to_string()))?;
        }
        let pdf = typst_pdf::pdf(&doc, &options).map_err(|errs| {
            RenderError::Pdf(errs.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; "))
        })?;
        Ok(Rendered { pdf, pages: doc.pages().len(), notes })
    }
}
