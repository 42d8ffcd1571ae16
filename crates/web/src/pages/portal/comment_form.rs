//! The comment part of an article page: the form as the visitor filled it, the published
//! comments and the CAPTCHA challenge. The article page shows it; `comments` checks what is sent.

use crate::AppState;
use aduan_store::portal::comments::PublicComment;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CommentForm {
    pub(in crate::pages) csrf: String,
    /// The CAPTCHA challenge this form showed.
    pub(in crate::pages) tantangan: String,
    /// What the visitor read in the picture.
    pub(in crate::pages) kode: String,
    pub(in crate::pages) name: String,
    pub(in crate::pages) phone: String,
    pub(in crate::pages) email: String,
    pub(in crate::pages) body: String,
}

crate::has_csrf!(CommentForm);

/// The comment part of the article page.
#[derive(Default)]
pub struct CommentSection {
    pub shown: Vec<PublicComment>,
    pub csrf: String,
    pub challenge: String,
    pub form: CommentForm,
    /// Field → message.
    pub errors: BTreeMap<&'static str, String>,
    /// Messages about the whole form (the CAPTCHA, repetition, pace).
    pub general: Vec<String>,
    /// The visitor's comment was taken and waits for moderation.
    pub sent: bool,
}

impl CommentSection {
    pub fn new(state: &AppState, csrf: String) -> Self {
        CommentSection { csrf, challenge: state.captchas.issue(state.clock.now()), ..Default::default() }
    }

    /// The contact fields: name, input type, autocomplete, whether required.
    pub fn fields(&self) -> [(&'static str, &'static str, &'static str, bool); 3] {
        [("name", "text", "name", true), ("phone", "tel", "tel", false), ("email", "email", "email", false)]
    }

    pub fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    pub fn value<'a>(&'a self, field: &str) -> &'a str {
        match field {
            "name" => &self.form.name,
            "phone" => &self.form.phone,
            "email" => &self.form.email,
            _ => &self.form.body,
        }
    }
}
