//! The receipt (tanda terima) as a one-page PDF: the citizen's own, with the PIN, and the one the
//! office hands over for a letter, a call or a visit, with the complainant's name and signature
//! lines. Callers hand over every text already formatted and translated.

use crate::{CaseFileError, Field, build_engine, typeset};
use serde::Serialize;
use std::sync::OnceLock;
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};

static TEMPLATE: &str = include_str!("../templates/receipt.typ");

#[derive(Debug, Clone, Default, Serialize)]
pub struct Receipt {
    /// The issuing village, on the first line, and its office address under it.
    pub issuer: String,
    pub office: String,
    pub title: String,
    /// Printed large: the ticket and, on the first print only, the PIN.
    pub codes: Vec<Field>,
    pub fields: Vec<Field>,
    /// The tracking link as an SVG QR code; empty for none.
    pub qr_svg: String,
    pub qr_caption: String,
    pub notes: Vec<String>,
    /// Signature lines at the foot of the page: the role, then the name under the line.
    pub signatures: Vec<Field>,
    pub footer: String,
}

fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| build_engine(TEMPLATE))
}

/// Typesets the receipt and returns the PDF's bytes.
pub fn render_receipt(receipt: &Receipt) -> Result<Vec<u8>, CaseFileError> {
    typeset(engine(), receipt)
}

#[cfg(test)]
mod tests {
    use super::*;

    const QR: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="21" height="21" viewBox="0 0 21 21"><rect width="21" height="21" fill="#fff"/><rect x="2" y="2" width="7" height="7" fill="#000"/></svg>"##;

    #[test]
    fn renders_one_page_with_codes_qr_and_signatures() {
        let field = |l: &str, v: &str| Field { label: l.into(), value: v.into() };
        let r = Receipt {
            issuer: "Pemerintah Desa Contoh".into(),
            office: "Jl. Contoh 1".into(),
            title: "Tanda terima pengaduan".into(),
            codes: vec![field("Nomor tiket", "CTH-ABCD-EFGH"), field("PIN", "123456")],
            fields: (0..12).map(|i| field(&format!("Baris {i}"), "#isi [bukan] $markup$ *tebal*")).collect(),
            qr_svg: QR.into(),
            qr_caption: "Pindai".into(),
            notes: vec!["Simpan PIN.".into()],
            signatures: vec![field("Pelapor", "Warga Contoh"), field("Petugas penerima", "Petugas Uji")],
            footer: "Aduan".into(),
        };
        assert_eq!(crate::compile(engine(), &r).expect("typesets").pages().len(), 1);
        assert!(render_receipt(&r).expect("renders").starts_with(b"%PDF-"));
    }
}
