//! Destructive steps — disabling an account, resetting a password, revoking a key, deleting —
//! ask first, on a page of their own that needs no script. The list's button posts as before; a
//! post without `konfirmasi=ya` is answered with the question and a form that posts the same
//! fields again, confirmed, so the step's handler only ever sees confirmed posts.

use super::Staff;
use super::form_kit::{Shell, shell_page};
use crate::AppState;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::SignedCookieJar;

/// The field a confirmed post carries, with the value [`YES`].
pub const FIELD: &str = "konfirmasi";
pub const YES: &str = "ya";

/// Forms that ask are a few short fields; anything larger is refused before it is read.
const MAX_FORM_BYTES: usize = 16 * 1024;

/// What a route asks before it acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirm {
    /// The translation key of the question.
    pub question: &'static str,
    /// A field and value for which the step is not destructive and goes ahead unasked
    /// (re-enabling an account posts to the same route as disabling it).
    pub unless: Option<(&'static str, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_confirm.html")]
pub struct ConfirmPage {
    shell: Shell,
    question: String,
    action: String,
    fields: Vec<(String, String)>,
    back: String,
    yes: &'static str,
}

shell_page!(ConfirmPage);

/// The back-office page the user came from, or the start page: where "Batal" leads.
fn came_from(headers: &axum::http::HeaderMap) -> String {
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let path = match referer.find("://") {
        Some(i) => referer[i + 3..].find('/').map_or("", |j| &referer[i + 3 + j..]),
        None => "",
    };
    let safe = path.starts_with("/admin") && !path.starts_with("//") && !path.contains(['\\', '\n', '\r']);
    if safe { path.to_string() } else { "/admin".to_string() }
}

pub async fn ask(State((state, confirm)): State<(AppState, Confirm)>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let has = |name: &str, value: &str| fields.iter().any(|(k, v)| k == name && v == value);
    if has(FIELD, YES) || confirm.unless.is_some_and(|(k, v)| has(k, v)) {
        return next.run(Request::from_parts(parts, Body::from(bytes))).await;
    }
    let Some(staff) = parts.extensions.get::<Staff>().cloned() else {
        return Redirect::to("/admin/masuk").into_response();
    };
    let p = match PageCtx::from_request_parts(&mut parts, &state).await {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let csrf = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.clone()).unwrap_or_default();
    // A forged post is refused here as the step itself would refuse it, rather than put a
    // question its victim might answer.
    let jar = match SignedCookieJar::from_request_parts(&mut parts, &state).await {
        Ok(jar) => jar,
        Err(e) => return e.into_response(),
    };
    if !crate::security::csrf_valid(&jar, &csrf) {
        return PageError::new(p.with_title("error.title"), StatusCode::FORBIDDEN, "error.csrf").into_response();
    }
    let question = p.t(confirm.question);
    let page = ConfirmPage {
        shell: Shell::new(p, &staff, csrf, "confirm.title"),
        question,
        action: parts.uri.path().to_string(),
        fields: fields.into_iter().filter(|(k, _)| k != "csrf" && k != FIELD).collect(),
        back: came_from(&parts.headers),
        yes: YES,
    };
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], page).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_leads_back_only_within_the_back_office() {
        let from = |r: &str| {
            let mut h = axum::http::HeaderMap::new();
            h.insert(header::REFERER, r.parse().expect("header"));
            came_from(&h)
        };
        assert_eq!(from("https://desa.example.id/admin/pengguna?x=1"), "/admin/pengguna?x=1");
        assert_eq!(from("https://evil.example/elsewhere"), "/admin");
        assert_eq!(from("https://desa.example.id//evil.example/admin"), "/admin");
        assert_eq!(from("/admin/pengguna"), "/admin");
        assert_eq!(came_from(&axum::http::HeaderMap::new()), "/admin");
    }
}
