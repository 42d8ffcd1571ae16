//! The JSON API under `/api/v1`, described by `/api/v1/openapi.json` generated from these
//! handlers and types.

mod categories;
mod complaints;
mod json;
mod track;

use crate::AppState;
use crate::i18n::Lang;
use axum::Json;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;
use time::{OffsetDateTime, UtcOffset};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use json::ApiJson;

/// The largest JSON body the API reads.
pub const MAX_JSON_BYTES: usize = 64 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(title = "Aduan API", description = "Public-service complaints of an Indonesian village: file, track and read a complaint."),
    servers((url = "/api/v1")),
    tags((name = "public", description = "Open to everyone"), (name = "citizen", description = "Needs the ticket's PIN in X-Aduan-Pin"))
)]
struct ApiDoc;

pub fn routes() -> Router<AppState> {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(categories::list))
        .routes(routes!(complaints::create))
        .routes(routes!(track::timeline))
        .routes(routes!(complaints::read))
        .routes(routes!(complaints::attachment))
        .split_for_parts();
    let doc = std::sync::Arc::new(doc);
    router
        .route("/openapi.json", get(move || async move { Json(doc.as_ref().clone()) }))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

async fn not_found(lang: Lang) -> crate::error::ApiError {
    crate::error::ApiError::new(lang, StatusCode::NOT_FOUND, "not_found")
}

/// RFC 3339 in the village's offset, whole seconds (`2026-11-28T14:05:00+07:00`).
pub fn rfc3339(t: OffsetDateTime, offset: UtcOffset) -> String {
    t.to_offset(offset)
        .replace_nanosecond(0)
        .unwrap_or(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
