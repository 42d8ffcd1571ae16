//! The case file (berkas pengaduan) a citizen takes to a supervisory body, and the complete history
//! of a closed case, as PDF. Callers hand over every text already formatted and translated; the
//! Typst template only lays it out. Data reaches the template as JSON, so nothing a citizen wrote
//! is ever read as Typst markup.

use serde::Serialize;
use std::sync::OnceLock;
use typst::foundations::{Dict, Str, Value};
use typst_as_lib::TypstEngine;
use typst_as_lib::TypstTemplateMainFile;
use typst_layout::PagedDocument;

mod receipt;
pub use receipt::{Receipt, render_receipt};

static TEMPLATE: &str = include_str!("../templates/casefile.typ");
static SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

#[derive(Debug, thiserror::Error)]
pub enum CaseFileError {
    #[error("the case file could not be typeset: {0}")]
    Typeset(String),
    #[error("the case file could not be written as PDF: {0}")]
    Pdf(String),
}

/// A label and its value, e.g. ("Nomor tiket", "KRB-7KQ3-M9XD").
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub label: String,
    pub value: String,
}

/// One dated line of the file: a step of the chronology, a message, a missed deadline.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub at: String,
    pub title: String,
    pub text: String,
}

/// A section with a heading and either fields, entries or plain paragraphs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Section {
    pub heading: String,
    pub fields: Vec<Field>,
    pub entries: Vec<Entry>,
    pub paragraphs: Vec<String>,
    /// Shown when the section has nothing else.
    pub empty: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseFile {
    /// The issuing village, on the first line.
    pub issuer: String,
    pub title: String,
    pub subtitle: String,
    pub sections: Vec<Section>,
    /// The closing notice in a box (the Ombudsman's two-year limit).
    pub notice: String,
    pub footer: String,
}

fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| build_engine(TEMPLATE))
}

/// Typesets the file and returns the PDF's bytes.
pub fn render(file: &CaseFile) -> Result<Vec<u8>, CaseFileError> {
    typeset(engine(), file)
}

fn build_engine(template: &'static str) -> TypstEngine<TypstTemplateMainFile> {
    TypstEngine::builder().main_file(template).fonts([SANS, SANS_BOLD]).build()
}

/// The data goes in as one JSON string input, which the template parses itself.
fn compile(engine: &TypstEngine<TypstTemplateMainFile>, data: &impl Serialize) -> Result<PagedDocument, CaseFileError> {
    let json = serde_json::to_string(data).map_err(|e| CaseFileError::Typeset(e.to_string()))?;
    let mut inputs = Dict::new();
    inputs.insert(Str::from("data"), Value::Str(Str::from(json)));
    engine.compile_with_input(inputs).output.map_err(|e| CaseFileError::Typeset(format!("{e:?}")))
}

fn typeset(engine: &TypstEngine<TypstTemplateMainFile>, data: &impl Serialize) -> Result<Vec<u8>, CaseFileError> {
    let doc = compile(engine, data)?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|e| CaseFileError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CaseFile {
        CaseFile {
            issuer: "Pemerintah Desa Contoh".into(),
            title: "Berkas Pengaduan KRB-TEST-0001".into(),
            subtitle: "Untuk: Ombudsman".into(),
            sections: vec![Section {
                heading: "Uraian".into(),
                fields: vec![Field { label: "Judul".into(), value: "Lampu jalan #mati [rusak] $5 *tebal*".into() }],
                entries: vec![Entry {
                    at: "1 Des 2026".into(),
                    title: "Diterima".into(),
                    text: "= bukan judul".into(),
                }],
                paragraphs: vec!["Paragraf @label <x>".into()],
                empty: String::new(),
            }],
            notice: "Ombudsman menerima laporan paling lama 2 tahun.".into(),
            footer: "Dibuat oleh Aduan".into(),
        }
    }

    #[test]
    fn renders_a_pdf_with_markup_characters_taken_literally() {
        let pdf = render(&sample()).expect("renders");
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() > 1000);
    }
}
