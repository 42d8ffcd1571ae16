//! Links to social media and partner programmes (*Sinergi Program*).

use super::fields::{FieldErrors, line, position};

crate::str_enum!(
    /// Where a link shows: among the social media or the partner programmes.
    pub LinkKind {
        Sosial => "sosial",
        Sinergi => "sinergi",
    }
);

/// The raw fields of the link form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct LinkInput {
    pub kind: String,
    pub label: String,
    pub url: String,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkDraft {
    pub kind: LinkKind,
    pub label: String,
    pub url: String,
    pub position: i64,
}

/// An absolute `http`/`https` address with a host, nothing a page could misread: no spaces,
/// quotes or angle brackets.
pub fn is_web_address(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    s.len() <= 300
        && !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
}

impl LinkInput {
    pub fn validate(&self) -> Result<LinkDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = LinkKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.insert("kind", "invalid_choice");
        }
        let label = line(&self.label, "label", 80, true, &mut errors);
        let url = self.url.trim().to_string();
        if url.is_empty() {
            errors.insert("url", "required");
        } else if !is_web_address(&url) {
            errors.insert("url", "invalid_url");
        }
        let position = position(&self.position, &mut errors);
        match kind {
            Some(kind) if errors.is_empty() => Ok(LinkDraft { kind, label, url, position }),
            _ => Err(errors),
        }
    }
}
