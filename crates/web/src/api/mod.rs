//! The JSON API under `/api/v1`, described by `/api/v1/openapi.json` generated from these
//! handlers and types.

mod categories;
mod complaints;
mod json;
mod staff;
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
    tags((name = "public", description = "Open to everyone"), (name = "citizen", description = "Needs the ticket's PIN in X-Aduan-Pin"),
        (name = "staff", description = "For integrations: an API key with the `staff` scope, as `Authorization: Bearer <key>`, works with the roles of the staff user it is bound to")),
    modifiers(&StaffKey)
)]
struct ApiDoc;

struct StaffKey;

impl utoipa::Modify for StaffKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("An API key with the `staff` scope, made in the back office (/admin/kunci-api)"))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("staff_key", SecurityScheme::Http(scheme));
    }
}

pub fn routes() -> Router<AppState> {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(categories::list))
        .routes(routes!(complaints::create))
        .routes(routes!(track::timeline))
        .routes(routes!(complaints::read))
        .routes(routes!(complaints::attachment))
        .routes(routes!(staff::list))
        .routes(routes!(staff::read))
        .routes(routes!(staff::attachment))
        .routes(routes!(staff::step))
        .routes(routes!(staff::message))
        .routes(routes!(staff::officers))
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
