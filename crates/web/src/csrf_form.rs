//! A form body that has passed the CSRF check: the extractors every POST handler of a page uses
//! ([`CsrfForm`] for plain forms, [`CsrfMultipart`] for forms with a file), so no handler can
//! forget the check. A body that cannot be read answers 400, one past the route's limit 413, a
//! missing or wrong token 403, each as a page in the visitor's language.

use crate::AppState;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use crate::security;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use axum_extra::extract::cookie::SignedCookieJar;
use serde::de::DeserializeOwned;

/// Forms that carry the CSRF token in a `csrf` field.
pub trait HasCsrf {
    fn csrf(&self) -> &str;
}

pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + HasCsrf> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let p = PageCtx::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let jar = SignedCookieJar::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let req = Request::from_parts(parts, body);
        let Ok(Form(form)) = Form::<T>::from_request(req, state).await else {
            return Err(
                PageError::new(p.with_title("error.title"), StatusCode::BAD_REQUEST, "error.bad_form").into_response()
            );
        };
        if !security::csrf_valid(&jar, form.csrf()) {
            return Err(
                PageError::new(p.with_title("error.title"), StatusCode::FORBIDDEN, "error.csrf").into_response()
            );
        }
        Ok(CsrfForm(form))
    }
}

/// Parts a back-office upload form may have: the token, a few text fields and its files.
const MAX_PARTS: usize = 16;

/// One part of a multipart form, read whole within the route's body limit.
struct Part {
    name: String,
    file_name: String,
    bytes: Vec<u8>,
}

/// A multipart form (an upload) whose `csrf` part has been checked.
pub struct CsrfMultipart {
    pub csrf: String,
    parts: Vec<Part>,
}

impl CsrfMultipart {
    /// The text field `name` (empty when not sent); `None` when it is not UTF-8.
    pub fn text(&mut self, name: &str) -> Option<String> {
        let (_, bytes) = self.file(name);
        String::from_utf8(bytes).ok()
    }

    /// The file sent as `name`, with the name the browser gave it; empty when none was sent.
    pub fn file(&mut self, name: &str) -> (String, Vec<u8>) {
        match self.parts.iter().position(|p| p.name == name) {
            Some(i) => {
                let part = self.parts.swap_remove(i);
                (part.file_name, part.bytes)
            }
            None => (String::new(), Vec::new()),
        }
    }
}

impl FromRequest<AppState> for CsrfMultipart {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let p = PageCtx::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let jar = SignedCookieJar::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let fail = |status, key| PageError::new(p.clone().with_title("error.title"), status, key).into_response();
        let bad_form = || fail(StatusCode::BAD_REQUEST, "error.bad_form");
        let read_failed = |e: axum::extract::multipart::MultipartError| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                fail(StatusCode::PAYLOAD_TOO_LARGE, "error.too_large")
            } else {
                bad_form()
            }
        };
        let mut multipart =
            Multipart::from_request(Request::from_parts(parts, body), state).await.map_err(|_| bad_form())?;
        let mut form = CsrfMultipart { csrf: String::new(), parts: Vec::new() };
        while let Some(field) = multipart.next_field().await.map_err(read_failed)? {
            if form.parts.len() == MAX_PARTS {
                return Err(bad_form());
            }
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(read_failed)?.to_vec();
            if name == "csrf" {
                form.csrf = String::from_utf8_lossy(&bytes).into_owned();
            } else {
                form.parts.push(Part { name, file_name, bytes });
            }
        }
        if !security::csrf_valid(&jar, &form.csrf) {
            return Err(fail(StatusCode::FORBIDDEN, "error.csrf"));
        }
        Ok(form)
    }
}

/// Implements [`HasCsrf`] for form structs with a `csrf: String` field.
#[macro_export]
macro_rules! has_csrf {
    ($($t:ty),+ $(,)?) => {
        $(impl $crate::csrf_form::HasCsrf for $t {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })+
    };
}
