//! Articles of the village portal: what the `redaksi` writes, validated once, and the slug that
//! names an article in its address.

use std::collections::BTreeMap;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// The raw fields of the article form. Empty means absent.
#[derive(Debug, Clone, Default)]
pub struct ArticleInput {
    pub title: String,
    /// Empty: made from the title.
    pub slug: String,
    pub category: String,
    pub summary: String,
    /// HTML as an editor writes it; sanitised by the store before it is kept.
    pub body: String,
    /// `YYYY-MM-DDTHH:MM` in the village's time; empty: now, when published.
    pub publish_at: String,
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleDraft {
    pub title: String,
    pub slug: String,
    pub category: String,
    pub summary: String,
    pub body: String,
    pub publish_at: Option<OffsetDateTime>,
    pub published: bool,
}

/// Field → message code.
pub type ArticleErrors = BTreeMap<&'static str, &'static str>;

/// Lower-case ASCII words joined by hyphens, at most 80 characters: safe in a path and readable.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 80 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

impl ArticleInput {
    pub fn validate(&self, offset: UtcOffset) -> Result<ArticleDraft, ArticleErrors> {
        let mut errors = ArticleErrors::new();
        let title = self.title.trim();
        let length = match title.chars().count() {
            0 => Some("required"),
            n if n < 5 => Some("too_short"),
            n if n > 200 => Some("too_long"),
            _ => None,
        };
        if let Some(code) = length {
            errors.insert("title", code);
        }
        let slug = match self.slug.trim() {
            "" => slugify(title),
            s => s.to_string(),
        };
        if !title.is_empty() && !is_slug(&slug) {
            errors.insert("slug", "invalid_slug");
        }
        let category = self.category.trim();
        if category.is_empty() {
            errors.insert("category", "required");
        }
        let summary = self.summary.trim();
        if summary.chars().count() > 300 {
            errors.insert("summary", "too_long");
        }
        let body = self.body.trim();
        if body.is_empty() {
            errors.insert("body", "required");
        } else if body.len() > 200_000 {
            errors.insert("body", "too_long");
        }
        let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
        let publish_at = match self.publish_at.trim() {
            "" => None,
            s => match PrimitiveDateTime::parse(s, format) {
                Ok(t) => Some(t.assume_offset(offset)),
                Err(_) => {
                    errors.insert("publish_at", "invalid_date");
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ArticleDraft {
            title: title.to_string(),
            slug,
            category: category.to_string(),
            summary: summary.to_string(),
            body: body.to_string(),
            publish_at,
            published: self.published,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_path_safe() {
        assert_eq!(
            slugify("Peraturan Desa tentang Pengaduan Pelayanan Publik"),
            "peraturan-desa-tentang-pengaduan-pelayanan-publik"
        );
        assert_eq!(slugify("  Café & Pasar: 2026!  "), "cafe-pasar-2026");
        assert_eq!(slugify("???"), "");
        assert!(slugify(&"kata ".repeat(40)).len() <= 80);
    }

    #[test]
    fn an_article_needs_title_category_and_body() {
        let e = ArticleInput { title: "abc".into(), publish_at: "besok".into(), ..Default::default() }
            .validate(UtcOffset::UTC)
            .unwrap_err();
        assert_eq!(
            (e["title"], e["category"], e["body"], e["publish_at"]),
            ("too_short", "required", "required", "invalid_date")
        );
        let d = ArticleInput {
            title: "Musyawarah Desa 2026".into(),
            category: "berita".into(),
            body: "<p>Isi</p>".into(),
            publish_at: "2026-12-05T08:00".into(),
            ..Default::default()
        }
        .validate(time::macros::offset!(+7))
        .unwrap();
        assert_eq!(d.slug, "musyawarah-desa-2026");
        assert_eq!(d.publish_at.unwrap().to_offset(UtcOffset::UTC).hour(), 1);
        let bad = ArticleInput { slug: "Bukan Slug".into(), ..Default::default() };
        let bad = ArticleInput { title: "Judul yang cukup".into(), ..bad };
        assert_eq!(bad.validate(UtcOffset::UTC).unwrap_err()["slug"], "invalid_slug");
    }
}
