//! The village officials (*Pemerintah Desa*) shown on the portal.

use super::fields::{FieldErrors, line, position};

/// The raw fields of the official form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct OfficialInput {
    pub name: String,
    /// The office held (*jabatan*), e.g. Kepala Desa, Sekretaris Desa.
    pub title: String,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialDraft {
    pub name: String,
    pub title: String,
    pub position: i64,
}

impl OfficialInput {
    pub fn validate(&self) -> Result<OfficialDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = line(&self.name, "name", 120, true, &mut errors);
        let title = line(&self.title, "title", 120, true, &mut errors);
        let position = position(&self.position, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(OfficialDraft { name, title, position })
    }
}
