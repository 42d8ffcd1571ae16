//! Visitors' comments on the portal's articles: the form's fields validated once, with the simple
//! spam checks a village needs (no links, no shouting the same word, a sensible length). Whether
//! the same text was sent before, and how often one client writes, the store decides.

use crate::{Email, Phone};
use std::collections::BTreeMap;

/// The comment form as sent. Empty means absent.
#[derive(Debug, Clone, Default)]
pub struct CommentInput {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub body: String,
}

/// A comment that passed the checks. Phone and email are for the village only, never shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentDraft {
    pub name: String,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub body: String,
}

/// Field → message code.
pub type CommentErrors = BTreeMap<&'static str, &'static str>;

pub const BODY_MAX: usize = 2000;
pub const NAME_MAX: usize = 80;

impl CommentInput {
    pub fn validate(&self) -> Result<CommentDraft, CommentErrors> {
        let mut errors = CommentErrors::new();
        let name = collapse(&self.name);
        match name.chars().count() {
            0 => {
                errors.insert("name", "required");
            }
            1 => {
                errors.insert("name", "too_short");
            }
            n if n > NAME_MAX => {
                errors.insert("name", "too_long");
            }
            _ if has_link(&name) => {
                errors.insert("name", "no_links");
            }
            _ => {}
        }
        let phone = match self.phone.trim() {
            "" => None,
            s => Phone::parse(s).map_err(|e| errors.insert("phone", e.code())).ok(),
        };
        let email = match self.email.trim() {
            "" => None,
            s => Email::parse(s).map_err(|_| errors.insert("email", "invalid_email")).ok(),
        };
        let body = self.body.trim().replace("\r\n", "\n");
        let code = match body.chars().count() {
            0 => Some("required"),
            n if n < 5 => Some("too_short"),
            n if n > BODY_MAX => Some("too_long"),
            _ if has_link(&body) => Some("no_links"),
            _ if repetitive(&body) => Some("repetitive"),
            _ => None,
        };
        if let Some(code) = code {
            errors.insert("body", code);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CommentDraft { name, phone, email, body })
    }
}

/// The body as compared for "the same text sent again": case, spacing and punctuation aside.
pub fn fingerprint(body: &str) -> String {
    body.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Links are what spam is for; a village comment does not need them.
fn has_link(s: &str) -> bool {
    let lower = s.to_lowercase();
    ["http://", "https://", "www.", "[url", "<a ", "href="].iter().any(|m| lower.contains(m))
        || lower.split(|c: char| c.is_whitespace() || c == '(' || c == ')').any(looks_like_domain)
}

/// `situs.com`, `promo.xyz/abc`: a word with a dot followed by a known top-level domain.
fn looks_like_domain(word: &str) -> bool {
    const TLDS: [&str; 12] = ["com", "net", "org", "id", "co", "info", "xyz", "io", "biz", "top", "site", "online"];
    let host = word.split('/').next().unwrap_or_default().trim_end_matches(['.', ',', '!', '?', ':', ';']);
    match host.rsplit_once('.') {
        Some((name, tld)) => {
            !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.') && TLDS.contains(&tld)
        }
        None => false,
    }
}

/// One character ten times in a row, or one word making up most of a longer text.
fn repetitive(s: &str) -> bool {
    let mut run = 0;
    let mut last = None;
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        run = if Some(c) == last { run + 1 } else { 1 };
        last = Some(c);
        if run >= 10 {
            return true;
        }
    }
    let words: Vec<String> = fingerprint(s).split(' ').map(str::to_string).collect();
    if words.len() < 6 {
        return false;
    }
    let mut counts = BTreeMap::new();
    for w in &words {
        *counts.entry(w.as_str()).or_insert(0usize) += 1;
    }
    counts.values().any(|&n| n * 2 > words.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, phone: &str, email: &str, body: &str) -> CommentInput {
        CommentInput { name: name.into(), phone: phone.into(), email: email.into(), body: body.into() }
    }

    #[test]
    fn a_plain_comment_passes_with_contacts_normalised() {
        let d = input("  Warga   Uji ", "0812-0000-1111", "warga@contoh.id", "Terima kasih, informasinya jelas.")
            .validate()
            .unwrap();
        assert_eq!(d.name, "Warga Uji");
        assert_eq!(d.phone.unwrap().as_str(), "+6281200001111");
        assert_eq!(d.email.unwrap().as_str(), "warga@contoh.id");
        let d = input("Warga", "", "", "Apakah ada formulir cetak?").validate().unwrap();
        assert!(d.phone.is_none() && d.email.is_none());
    }

    #[test]
    fn every_field_says_what_is_wrong() {
        let e = input("", "12345", "bukan-email", "").validate().unwrap_err();
        assert_eq!(e["name"], "required");
        assert_eq!(e["phone"], "invalid_phone");
        assert_eq!(e["email"], "invalid_email");
        assert_eq!(e["body"], "required");
        let e = input("W", "", "", &"x".repeat(BODY_MAX + 1)).validate().unwrap_err();
        assert_eq!((e["name"], e["body"]), ("too_short", "too_long"));
    }

    #[test]
    fn links_and_repetition_are_spam() {
        for body in [
            "Kunjungi https://promo.example sekarang",
            "Murah di www.toko-obat.example",
            "Cek situs slotgacor.com ya",
            "Info <a href=\"x\">di sini</a>",
        ] {
            assert_eq!(input("Warga", "", "", body).validate().unwrap_err()["body"], "no_links", "{body}");
        }
        assert_eq!(input("Warga", "", "", "Mantaaaaaaaaaaap sekali").validate().unwrap_err()["body"], "repetitive");
        assert_eq!(
            input("Warga", "", "", "promo promo promo promo murah promo").validate().unwrap_err()["body"],
            "repetitive"
        );
        assert!(input("Warga", "", "", "Jalan di RT 02 rusak, kapan diperbaiki? Terima kasih.").validate().is_ok());
        assert!(input("Warga", "", "", "Jam layanan 08.00-12.00 sudah benar.").validate().is_ok());
    }

    #[test]
    fn the_same_text_has_the_same_fingerprint() {
        assert_eq!(fingerprint("Terima  kasih, Pak!"), fingerprint("terima kasih pak"));
        assert_ne!(fingerprint("Terima kasih"), fingerprint("Terima kasih banyak"));
    }
}
