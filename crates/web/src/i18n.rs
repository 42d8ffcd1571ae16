//! The visitor's language: Indonesian by default, English on request. Pages follow `?lang=` and
//! the `lang` cookie the switch sets; the API follows `?lang=` and `Accept-Language`.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::convert::Infallible;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "id-id" | "in" => Some(Lang::Id),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// Translates `key`; a missing key shows the key itself, which tests catch.
    pub fn t(self, key: &str) -> String {
        rust_i18n::t!(key, locale = self.code()).into_owned()
    }

    /// Translates `key` and fills its `%{name}` placeholders.
    pub fn tf(self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key);
        for (name, value) in args {
            s = s.replace(&format!("%{{{name}}}"), value);
        }
        s
    }

    fn from_query(query: Option<&str>) -> Option<Lang> {
        query?.split('&').find_map(|kv| kv.strip_prefix("lang=")).and_then(Lang::parse)
    }

    fn from_cookie(headers: &axum::http::HeaderMap) -> Option<Lang> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| c.trim().strip_prefix("lang="))
            .and_then(Lang::parse)
    }

    fn from_accept_language(headers: &axum::http::HeaderMap) -> Option<Lang> {
        let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
        value.split(',').find_map(|part| {
            let tag = part.split(';').next()?.trim();
            Lang::parse(tag).or_else(|| Lang::parse(tag.split('-').next()?))
        })
    }

    /// For pages: Indonesian unless the visitor chose English with the switch. Many phones in
    /// Indonesian villages are set to English, so `Accept-Language` would mislead here.
    pub fn for_page(parts: &Parts) -> Lang {
        Lang::from_query(parts.uri.query()).or_else(|| Lang::from_cookie(&parts.headers)).unwrap_or_default()
    }

    /// For the API: what the client asks for, Indonesian otherwise.
    pub fn from_parts(parts: &Parts) -> Lang {
        Lang::from_query(parts.uri.query()).or_else(|| Lang::from_accept_language(&parts.headers)).unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_parts(parts))
    }
}

/// Remembers a language chosen with `?lang=` for the following pages.
pub async fn remember_choice(req: Request, next: Next) -> Response {
    let chosen = Lang::from_query(req.uri().query());
    let mut res = next.run(req).await;
    if let Some(lang) = chosen
        && let Ok(v) = HeaderValue::from_str(&format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code()))
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_both_languages() {
        let id: Vec<String> = rust_i18n::available_locales!().into_iter().map(|s| s.to_string()).collect();
        assert!(id.contains(&"id".to_string()) && id.contains(&"en".to_string()));
        for key in ["nav.home", "error.csrf", "receipt.pin_once", "status.perlu_info", "form.files_help"] {
            assert_ne!(Lang::Id.t(key), key);
            assert_ne!(Lang::En.t(key), key);
            assert_ne!(Lang::Id.t(key), Lang::En.t(key));
        }
    }

    /// Every literal key a template or handler asks for (`.t("…")`, `.tf("…"`), and the names
    /// of every widget, exist in both languages.
    #[test]
    fn every_key_used_is_translated() {
        let dir = |d: &str| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(d);
        let mut files = Vec::new();
        let mut folders = vec![dir("templates"), dir("src")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        let mut keys: Vec<String> = aduan_domain::portal::Widget::ALL
            .iter()
            .flat_map(|w| [format!("widgets.name_{}", w.as_str()), format!("widgets.about_{}", w.as_str())])
            .collect();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            for call in [".t(\"", ".tf(\""] {
                for (i, _) in text.match_indices(call) {
                    let rest = &text[i + call.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    if key.contains('.') && !key.contains(' ') && !key.ends_with('.') && !key.ends_with('_') {
                        keys.push(key.to_string());
                    }
                }
            }
        }
        assert!(keys.len() > 300, "the scan found the keys");
        for key in keys {
            assert_ne!(Lang::Id.t(&key), key, "{key} has no Indonesian text");
            assert_ne!(Lang::En.t(&key), key, "{key} has no English text");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(Lang::En.tf("error.wrong_pin", &[("left", "3")]), "Wrong PIN. Tries left: 3.");
    }

    #[test]
    fn accept_language_is_read() {
        let mut h = axum::http::HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("en-US,en;q=0.9,id;q=0.8"));
        assert_eq!(Lang::from_accept_language(&h), Some(Lang::En));
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("fr-FR, id"));
        assert_eq!(Lang::from_accept_language(&h), Some(Lang::Id));
    }

    /// The Indonesian texts, value by value, with placeholders taken out.
    fn indonesian_values() -> Vec<(String, String)> {
        let text = include_str!("../locales/id.yml");
        let mut section = String::new();
        let mut out = Vec::new();
        for line in text.lines() {
            if !line.starts_with(' ') && line.ends_with(':') {
                section = line.trim_end_matches(':').to_string();
            } else if let Some((key, value)) = line.trim().split_once(": ") {
                let mut value = value.trim_matches('"').to_string();
                while let Some(start) = value.find("%{") {
                    let end = value[start..].find('}').map_or(value.len(), |e| start + e + 1);
                    value.replace_range(start..end, "");
                }
                out.push((format!("{section}.{key}"), value));
            }
        }
        out
    }

    /// One word for one thing across the interface: the pairs settled on, and no English left in
    /// an Indonesian text.
    #[test]
    fn one_word_for_one_thing_and_no_english_in_indonesian() {
        let settled = [
            ("surel", &["e-mail", "email"][..]),
            ("draf", &["konsep"][..]),
            ("kata sandi", &["password"][..]),
            ("unggah", &["upload"][..]),
            ("unduh", &["download"][..]),
            ("hari kerja", &["hari lagi"][..]),
            ("keluar", &["tutup (keluar"][..]),
        ];
        let english = ["the", "is", "are", "not", "please", "error", "failed", "configured", "click", "submit", "save"];
        let values = indonesian_values();
        assert!(values.len() > 500, "the translation file was read ({} texts)", values.len());
        for (key, value) in &values {
            let lower = value.to_lowercase();
            for (word, avoid) in settled {
                for a in avoid {
                    assert!(!lower.contains(a), "{key}: «{value}» says «{a}»; the interface says «{word}»");
                }
            }
            for w in lower.split(|c: char| !c.is_alphanumeric()) {
                assert!(!english.contains(&w), "{key}: «{value}» has the English word «{w}»");
            }
        }
    }
}
