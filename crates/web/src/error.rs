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
    pub ctx: PageCtx,
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    p: PageCtx,
    message: String,
}

impl PageError {
    pub fn new(ctx: PageCtx, status: StatusCode, key: &'static str) -> Self {
        PageError { status, key, ctx }
    }

    pub fn store(ctx: PageCtx, e: StoreError) -> Self {
        match e {
            StoreError::NotFound => PageError::new(ctx, StatusCode::NOT_FOUND, "error.not_found"),
            other => {
                tracing::error!(error = ?other, "page failed");
                PageError::new(ctx, StatusCode::INTERNAL_SERVER_ERROR, "error.internal")
            }
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let message = self.ctx.lang.t(self.key);
        let mut p = self.ctx;
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

    pub fn store(lang: Lang, e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::new(lang, StatusCode::NOT_FOUND, "ticket_not_found"),
            other => {
                tracing::error!(error = ?other, "API request failed");
                ApiError::new(lang, StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
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
