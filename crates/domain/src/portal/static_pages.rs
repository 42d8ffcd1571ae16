//! The village's own pages: profile, history, vision and mission…

use super::fields::{FieldErrors, line, position};

/// The raw fields of the page form (profile, history, vision and mission…).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PageInput {
    pub title: String,
    /// Empty: made from the title.
    pub slug: String,
    /// HTML as an editor writes it; sanitised by the store before it is kept.
    pub body: String,
    pub position: String,
    #[serde(deserialize_with = "super::fields::checkbox")]
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageDraft {
    pub title: String,
    pub slug: String,
    pub body: String,
    pub position: i64,
    pub published: bool,
}

impl PageInput {
    pub fn validate(&self) -> Result<PageDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = line(&self.title, "title", 200, true, &mut errors);
        let slug = match self.slug.trim() {
            "" => super::articles::slugify(&title),
            s => s.to_string(),
        };
        if !title.is_empty() && !super::articles::is_slug(&slug) {
            errors.insert("slug", "invalid_slug");
        }
        let body = self.body.trim().to_string();
        if body.is_empty() {
            errors.insert("body", "required");
        } else if body.len() > 200_000 {
            errors.insert("body", "too_long");
        }
        let position = position(&self.position, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(PageDraft { title, slug, body, position, published: self.published })
    }
}
