//! A form body that has passed the CSRF check: the one extractor every POST handler of a page
//! uses, so no handler can forget the check. A body that cannot be read answers 400, a missing
//! or wrong token 403, both as a page in the visitor's language.

use crate::AppState;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use crate::security;
use axum::extract::{FromRequest, FromRequestParts, Request};
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
