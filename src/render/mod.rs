//! Report figures → the report PDF, through the Typst template in `templates/`, and the same
//! report as a Word document (`docx`).
//!
//! The only module that knows typst (here) and docx-rs (`docx`). [`model`] turns the figures
//! into a [`ReportModel`] of Vietnamese text; both renderers lay that model out and decide
//! nothing of its content. It writes no files.

mod docx;
mod fonts;
pub mod joins;
pub mod letter;
pub mod model;

pub use fonts::{balanced_lines, font_set, FontSet, PREFERRED_FAMILY, SHIPPED_FAMILY};
pub use letter::LetterModel;
pub use model::ReportModel;

use thiserror::Error;
use typst::foundations::{Dict, Str, Value};
use typst_as_lib::{TypstEngine, TypstTemplateCollection};
use typst_layout::PagedDocument;

/// The templates, by the names they import each other by.
const TEMPLATES: [(&str, &str); 3] = [
    ("bao-cao.typ", include_str!("../../templates/bao-cao.typ")),
    ("cong-van.typ", include_str!("../../templates/cong-van.typ")),
    ("nd30.typ", include_str!("../../templates/nd30.typ")),
];

#[derive(Debug, Error)]
pub enum RenderError {
    #[error("lỗi dựng báo cáo từ mẫu Typst: {0}")]
    Template(String),
    #[error("lỗi xuất PDF: {0}")]
    Pdf(String),
    #[error("lỗi xuất tệp Word (.docx): {0}")]
    Docx(String),
}

/// The width of an ND30 page's text (A4, margins 30 and 15 mm), in points.
pub const TEXT_WIDTH_PT: f64 = 165.0 * 72.0 / 25.4;

/// The trích yếu's lines: balanced, a little inside the text width so that the layout engine
/// sets each as one line.
pub fn subject_lines(subject: &str) -> Vec<String> {
    balanced_lines(subject, 14.0, true, TEXT_WIDTH_PT * 0.97)
}

/// The model's text as it is laid out: every string joined where a line may not break
/// ([`joins`]), and the trích yếu in balanced lines (`subject_lines`, when there is a subject).
fn laid_out(value: &mut serde_json::Value) {
    use serde_json::Value as J;
    match value {
        J::String(s) => *s = joins::joined(s),
        J::Array(items) => items.iter_mut().for_each(laid_out),
        J::Object(map) => {
            // The PDF's metadata and the font list are not laid out.
            for (key, v) in map.iter_mut() {
                if !matches!(key.as_str(), "document_title" | "issuing_body_name" | "fonts") {
                    laid_out(v);
                }
            }
            if let Some(J::String(subject)) = map.get("subject") {
                let lines = subject_lines(subject).into_iter().map(J::String).collect();
                map.insert("subject_lines".into(), J::Array(lines));
            }
        }
        _ => {}
    }
}

/// The rendered report.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Problems with the rendering itself (missing glyphs, font substitutions), in Vietnamese.
    pub notes: Vec<String>,
}

/// The templates with their fonts, reusable for several documents.
pub struct Renderer {
    engine: TypstEngine<TypstTemplateCollection>,
    fonts: FontSet,
}

impl Renderer {
    /// Loads the template and the fonts for `font_choice` (see [`font_set`]).
    pub fn new(font_choice: &str) -> Renderer {
        let fonts = font_set(font_choice);
        let engine = TypstEngine::builder()
            .with_static_source_file_resolver(TEMPLATES)
            .fonts(fonts.fonts.iter().cloned())
            .build();
        Renderer { engine, fonts }
    }

    /// Font families the report is set in, preferred first.
    pub fn families(&self) -> Vec<String> {
        self.fonts.families.clone()
    }

    /// Compiles the report model to PDF bytes. The output depends on the model only (the
    /// document date comes from the model, never the clock), so equal models give byte-identical
    /// PDFs. With `pdf_a`, the PDF conforms to PDF/A-2b (archival).
    pub fn render(&self, model: &ReportModel, pdf_a: bool) -> Result<Rendered, RenderError> {
        self.compile("bao-cao.typ", model, pdf_a)
    }

    /// Compiles the reminder letter, as [`Renderer::render`] does the report.
    pub fn render_letter(&self, model: &LetterModel, pdf_a: bool) -> Result<Rendered, RenderError> {
        self.compile("cong-van.typ", model, pdf_a)
    }

    /// The report as a Word document, from the same model as the PDF; equal models give
    /// byte-identical files.
    pub fn render_docx(&self, model: &ReportModel) -> Result<Vec<u8>, RenderError> {
        docx::write(model).map_err(RenderError::Docx)
    }

    fn compile(&self, template: &str, model: &impl serde::Serialize, pdf_a: bool) -> Result<Rendered, RenderError> {
        let mut value = serde_json::to_value(model).map_err(|e| RenderError::Template(e.to_string()))?;
        let mut notes: Vec<String> = self.fonts.note.iter().cloned().collect();
        let missing = fonts::uncovered(&self.fonts.fonts, &value.to_string());
        if !missing.is_empty() {
            notes.push(format!(
                "các ký tự sau không có trong phông chữ và sẽ không hiển thị đúng: {}",
                missing.iter().map(|c| format!("«{c}» (U+{:04X})", *c as u32)).collect::<Vec<_>>().join(", ")
            ));
        }
        laid_out(&mut value);
        let json = value.to_string();
        let inputs: Dict = [(Str::from("data"), Value::Str(json.into()))].into_iter().collect();
        let result = self.engine.compile_with_input::<_, _, PagedDocument>(template, inputs);
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
