//! The categories articles are filed under.

use super::fields::{FieldErrors, line, position};

/// The raw fields of the article category form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CategoryInput {
    pub name: String,
    /// Empty: made from the name.
    pub slug: String,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryDraft {
    pub name: String,
    pub slug: String,
    pub position: i64,
}

impl CategoryInput {
    pub fn validate(&self) -> Result<CategoryDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = line(&self.name, "name", 80, true, &mut errors);
        let slug = match self.slug.trim() {
            "" => super::articles::slugify(&name),
            s => s.to_string(),
        };
        if !name.is_empty() && !super::articles::is_slug(&slug) {
            errors.insert("slug", "invalid_slug");
        }
        let position = position(&self.position, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CategoryDraft { name, slug, position })
    }
}
