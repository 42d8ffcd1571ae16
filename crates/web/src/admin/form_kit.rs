//! The back office's form kit. Every settings-like page has the same shape: a shell (the page,
//! the menu, the form token, a notice or the errors), a form that carries a domain input as it is
//! (the domain validates it), a save that keeps what is valid, and an answer that shows the page
//! again with the notice, or with the errors and 422. Pages and handlers are written from these
//! parts, not copied from one another.

use super::{Staff, field_errors, menu, store_failure};
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use aduan_domain::portal::FieldErrors;
use aduan_store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::ops::{Deref, DerefMut};

/// The fields every back-office page shows around its own. A page holds it as `shell` and
/// dereferences to it (see [`shell_page!`]), so its template reads `p`, `nav`, `csrf`, `notice`
/// and `errors` as its own.
pub struct Shell {
    pub p: PageCtx,
    pub nav: Vec<(&'static str, &'static str)>,
    pub csrf: String,
    pub notice: Option<String>,
    pub errors: Vec<String>,
    /// Unread notices, as the menu shows them beside the start page ("99+" beyond the cap).
    pub unread: Option<String>,
}

impl Shell {
    /// The shell of a page titled by the translation of `title`.
    pub fn new(p: PageCtx, staff: &Staff, csrf: String, title: &str) -> Self {
        Shell::of(p.with_title(title), staff, csrf)
    }

    /// The shell of a page whose context already holds its title (e.g. a case's ticket).
    pub fn of(p: PageCtx, staff: &Staff, csrf: String) -> Self {
        let unread = (staff.unread > 0).then(|| count_label(staff.unread, aduan_store::complaint::notices::UNREAD_CAP));
        Shell { p, nav: menu(staff), csrf, notice: None, errors: Vec::new(), unread }
    }

    /// The shell of a page seen before signing in: no menu, no session's form token.
    pub fn signed_out(p: PageCtx, title: &str) -> Self {
        Shell {
            p: p.with_title(title),
            nav: Vec::new(),
            csrf: String::new(),
            notice: None,
            errors: Vec::new(),
            unread: None,
        }
    }
}

/// A count as a badge shows it: the number, or "99+" when it reached `cap` (counted no further).
pub fn count_label(n: i64, cap: i64) -> String {
    if n >= cap { format!("{}+", cap - 1) } else { n.to_string() }
}

/// Lets a page struct with a `shell: Shell` field be read and changed as its shell.
macro_rules! shell_page {
    ($page:ty) => {
        impl std::ops::Deref for $page {
            type Target = $crate::admin::form_kit::Shell;
            fn deref(&self) -> &Self::Target {
                &self.shell
            }
        }
        impl std::ops::DerefMut for $page {
            fn deref_mut(&mut self) -> &mut Self::Target {
                &mut self.shell
            }
        }
    };
}
pub(crate) use shell_page;

/// A back-office form: the CSRF token beside the domain input, whose fields the form posts
/// under their own names. It reads as the input.
#[derive(Deserialize, Default, Clone)]
pub struct AdminForm<T> {
    #[serde(default)]
    pub csrf: String,
    #[serde(flatten)]
    pub input: T,
}

impl<T> crate::csrf_form::HasCsrf for AdminForm<T> {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl<T> Deref for AdminForm<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.input
    }
}

/// A unique field the store may find taken: the field and the message that says so.
pub type Taken = (&'static str, &'static str);

/// Keeps what the domain found valid: `Ok(Ok(saved))`, or `Ok(Err(messages))` for the user when
/// a field was refused (labels `{prefix}{field}`) or a unique field is `taken`. A store failure
/// is the error page.
pub async fn keep<D, T>(
    p: &PageCtx,
    checked: Result<D, FieldErrors>,
    prefix: &str,
    taken: Option<Taken>,
    save: impl AsyncFnOnce(D) -> Result<T, StoreError>,
) -> Result<Result<T, Vec<String>>, PageError> {
    let draft = match checked {
        Ok(draft) => draft,
        Err(errors) => return Ok(Err(field_errors(p, prefix, &errors))),
    };
    match (save(draft).await, taken) {
        (Ok(saved), _) => Ok(Ok(saved)),
        (Err(StoreError::Conflict(_)), Some((field, message))) => {
            Ok(Err(vec![format!("{}: {}", p.tk(prefix, field), p.t(message))]))
        }
        (Err(e), _) => Err(store_failure(p, e)),
    }
}

/// The page again after a form: with the notice (`done`'s key), or with what was wrong and 422.
pub fn answer<P>(mut page: P, outcome: Result<&str, Vec<String>>) -> Response
where
    P: DerefMut<Target = Shell> + IntoResponse,
{
    match outcome {
        Ok(key) => {
            page.notice = Some(page.p.t(key));
            page.into_response()
        }
        Err(errors) => {
            page.errors = errors;
            (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
        }
    }
}

/// The page again with one message (`key`) and the status that says why, e.g. 413 for a picture
/// too large to keep.
pub fn refuse<P>(mut page: P, status: StatusCode, key: &str) -> Response
where
    P: DerefMut<Target = Shell> + IntoResponse,
{
    page.errors = vec![page.p.t(key)];
    (status, page).into_response()
}
