//! `GET /track/{ticket}`: the public status timeline, with no content and no identity.

use super::rfc3339;
use crate::AppState;
use crate::error::{ApiError, OrRespond, Resource};
use crate::i18n::Lang;
use aduan_domain::Ticket;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct HistoryDto {
    status: String,
    at: String,
}

#[derive(Serialize, ToSchema)]
pub struct TimelineDto {
    ticket: String,
    status: String,
    history: Vec<HistoryDto>,
}

pub fn parse_ticket(lang: Lang, raw: &str) -> Result<Ticket, ApiError> {
    Ticket::parse(raw).map_err(|_| ApiError::new(lang, StatusCode::BAD_REQUEST, "invalid_ticket"))
}

#[utoipa::path(get, path = "/track/{ticket}", tag = "public",
    params(("ticket" = String, Path, description = "Ticket, e.g. KRB-7KQ3-M9XD (case, spaces and look-alikes forgiven)")),
    responses((status = 200, body = TimelineDto), (status = 400, description = "Not a valid ticket"), (status = 404, description = "`ticket_not_found`: no such ticket")))]
pub async fn timeline(
    State(state): State<AppState>,
    lang: Lang,
    Path(raw): Path<String>,
) -> Result<Json<TimelineDto>, ApiError> {
    let ticket = parse_ticket(lang, &raw)?;
    let village = state.store.default_village().await.or_api(lang, Resource::Ticket)?;
    let tl = state.store.timeline(&ticket).await.or_api(lang, Resource::Ticket)?;
    Ok(Json(TimelineDto {
        ticket: tl.ticket.to_string(),
        status: tl.status.as_str().to_string(),
        history: tl
            .history
            .into_iter()
            .map(|h| HistoryDto { status: h.status.as_str().to_string(), at: rfc3339(h.at, village.utc_offset) })
            .collect(),
    }))
}
