//! The two ways a request fails: a page (HTML, in the visitor's language) or an API answer
//! (JSON `{"error": {code, message, fields}}`). The mapping to status codes is written once here.

use crate::i18n::Lang;
use crate::pages::layout::PageCtx;
use aduan_store::StoreError;
use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;

/// A page-level failure, shown as an error page.
pub struct PageError {
    pub status: StatusCode,
    pub key: &'static str,
    /// Boxed: the page context is large and errors travel through every `?`.
    pub ctx: Box<PageCtx>,
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    p: PageCtx,
    message: String,
}

impl PageError {
    pub fn new(ctx: PageCtx, status: StatusCode, key: &'static str) -> Self {
        PageError { status, key, ctx: Box::new(ctx) }
    }

    /// The store's failure as a page: 404 for what is not there, 409 for a conflict with what
    /// is stored, and 500 (logged with its cause) for anything else.
    pub fn store(ctx: PageCtx, e: StoreError) -> Self {
        match e {
            StoreError::NotFound => PageError::not_found(ctx),
            StoreError::Conflict(_) => PageError::new(ctx, StatusCode::CONFLICT, "error.conflict"),
            other => {
                tracing::error!(error = ?other, "page failed");
                PageError::new(ctx, StatusCode::INTERNAL_SERVER_ERROR, "error.internal")
            }
        }
    }

    /// The 404 page for a path that names nothing.
    pub fn not_found(ctx: PageCtx) -> Self {
        PageError::missing(ctx, "error.not_found")
    }

    /// A 404 page that says what was not found (`error.ticket_not_found`, …).
    pub fn missing(ctx: PageCtx, key: &'static str) -> Self {
        PageError::new(ctx.with_title("error.title"), StatusCode::NOT_FOUND, key)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let message = self.ctx.lang.t(self.key);
        let mut p = *self.ctx;
        p.title = p.lang.t("error.title");
        (self.status, ErrorPage { p, message }).into_response()
    }
}

/// An API failure with a machine-readable code and a message in the caller's language.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: BTreeMap<String, String>,
}

impl ApiError {
    pub fn new(lang: Lang, status: StatusCode, code: &'static str) -> Self {
        ApiError { status, code, message: lang.t(&format!("error.{code}")), fields: BTreeMap::new() }
    }

    /// The store's failure as an API answer about `what`: 404 `{what}_not_found`, 409
    /// `{what}_conflict`, and 500 (logged with its cause) for anything else.
    pub fn store(lang: Lang, what: Resource, e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::new(lang, StatusCode::NOT_FOUND, what.not_found()),
            StoreError::Conflict(_) => ApiError::new(lang, StatusCode::CONFLICT, what.conflict()),
            other => {
                tracing::error!(error = ?other, "API request failed");
                ApiError::new(lang, StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }
}

/// What an API request was about, for the code of a 404 or a 409.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Ticket,
    Attachment,
    Category,
    User,
    Message,
}

impl Resource {
    pub const ALL: [Resource; 5] =
        [Resource::Ticket, Resource::Attachment, Resource::Category, Resource::User, Resource::Message];

    pub fn not_found(self) -> &'static str {
        match self {
            Resource::Ticket => "ticket_not_found",
            Resource::Attachment => "attachment_not_found",
            Resource::Category => "category_not_found",
            Resource::User => "user_not_found",
            Resource::Message => "message_not_found",
        }
    }

    pub fn conflict(self) -> &'static str {
        match self {
            Resource::Ticket => "ticket_conflict",
            Resource::Attachment => "attachment_conflict",
            Resource::Category => "category_conflict",
            Resource::User => "user_conflict",
            Resource::Message => "message_conflict",
        }
    }
}

/// A store result on its way to a page or an API answer, mapped as above: the one place where
/// handlers turn store errors into responses.
pub trait OrRespond<T> {
    fn or_page(self, ctx: &PageCtx) -> Result<T, PageError>;
    fn or_api(self, lang: Lang, what: Resource) -> Result<T, ApiError>;
}

impl<T> OrRespond<T> for Result<T, StoreError> {
    fn or_page(self, ctx: &PageCtx) -> Result<T, PageError> {
        self.map_err(|e| PageError::store(ctx.clone(), e))
    }

    fn or_api(self, lang: Lang, what: Resource) -> Result<T, ApiError> {
        self.map_err(|e| ApiError::store(lang, what, e))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": {"code": self.code, "message": self.message, "fields": self.fields}
        });
        (self.status, Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_map_to_their_status_and_the_resources_code() {
        for what in Resource::ALL {
            let e = ApiError::store(Lang::En, what, StoreError::NotFound);
            assert_eq!((e.status, e.code), (StatusCode::NOT_FOUND, what.not_found()));
            let e = ApiError::store(Lang::Id, what, StoreError::Conflict("x".into()));
            assert_eq!((e.status, e.code), (StatusCode::CONFLICT, what.conflict()));
            for lang in [Lang::Id, Lang::En] {
                for code in [what.not_found(), what.conflict()] {
                    let key = format!("error.{code}");
                    assert!(!lang.t(&key).contains(code), "{key} is not translated");
                }
            }
        }
        let e = ApiError::store(Lang::Id, Resource::Ticket, StoreError::Corrupt("x".into()));
        assert_eq!((e.status, e.code), (StatusCode::INTERNAL_SERVER_ERROR, "internal"));
    }
}
