//! The mySociety extension FixMyStreet speaks: `GET servicerequestupdates` (the village's steps on
//! published complaints, with the extended statuses) and `POST servicerequestupdates` (a citizen's
//! update relayed by a client with an API key allowed to update; each `update_id` is taken once).

use super::format::{Format, Open311Error, answer};
use super::requests::{Params, datetime, parse_datetime};
use super::submit::authorise;
use crate::AppState;
use crate::i18n::Lang;
use aduan_domain::api_key::Scope;
use aduan_domain::{Status, Ticket};
use aduan_store::complaint::citizen::CitizenError;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use time::Duration;

const WINDOW: Duration = Duration::days(90);
const MAX_UPDATES: i64 = 1000;

/// Aduan's statuses in the extended vocabulary FixMyStreet understands.
pub fn extended_status(status: Status) -> &'static str {
    match status {
        Status::Diterima => "open",
        Status::PerluInfo | Status::Keberatan => "investigating",
        Status::Diproses => "in_progress",
        Status::Selesai => "fixed",
        Status::Ditutup | Status::Dicabut => "closed",
        Status::Ditolak => "no_further_action",
        Status::Diteruskan => "not_councils_responsibility",
    }
}

#[derive(Serialize)]
struct Update {
    update_id: String,
    service_request_id: String,
    status: &'static str,
    updated_datetime: String,
    description: String,
    media_url: String,
}

#[derive(Serialize)]
struct UpdatesXml {
    request_update: Vec<Update>,
}

#[derive(Serialize)]
struct Posted {
    update_id: String,
}

#[derive(Serialize)]
struct PostedXml {
    request_update: Vec<Posted>,
}

pub async fn list(state: &AppState, lang: Lang, format: Format, query: Option<&str>) -> Result<Response, Open311Error> {
    let params = Params::parse(query)?;
    let village = state.store.default_village().await.map_err(Open311Error::store)?;
    let date = |name: &str| params.get(name).map(|v| parse_datetime(name, v, &village)).transpose();
    let to = date("end_date")?.unwrap_or_else(|| state.clock.now() + Duration::seconds(1));
    let from = date("start_date")?.unwrap_or(to - WINDOW);
    if from > to {
        return Err(Open311Error::bad_request("start_date is after end_date"));
    }
    let rows = state.store.published_updates(village.id, from, to, MAX_UPDATES).await.map_err(Open311Error::store)?;
    let updates: Vec<Update> = rows
        .into_iter()
        .map(|u| Update {
            update_id: u.id.to_string(),
            service_request_id: u.ticket.to_string(),
            status: extended_status(u.status),
            updated_datetime: datetime(u.at, &village),
            description: u.note.unwrap_or_else(|| lang.t(&format!("status.{}", u.status.as_str()))),
            media_url: String::new(),
        })
        .collect();
    Ok(match format {
        Format::Json => answer(format, "service_request_updates", &updates),
        Format::Xml => answer(format, "service_request_updates", &UpdatesXml { request_update: updates }),
    })
}

pub async fn post(
    state: &AppState,
    format: Format,
    query: Option<&str>,
    body: &[u8],
) -> Result<Response, Open311Error> {
    let query = Params::parse(query)?;
    let body = std::str::from_utf8(body).map_err(|_| Open311Error::bad_request("the body must be UTF-8"))?;
    let body = Params::parse(Some(body))?;
    let key_id = authorise(state, &body, &query, Scope::Update).await?.id;
    let required = |name: &str| body.get(name).ok_or_else(|| Open311Error::bad_request(format!("{name} is required")));
    let (raw_ticket, update_id, description) =
        (required("service_request_id")?, required("update_id")?, required("description")?);
    if update_id.chars().count() > 100 || description.chars().count() > 5000 {
        return Err(Open311Error::bad_request("update_id or description is too long"));
    }
    let ticket =
        Ticket::parse(raw_ticket).map_err(|_| Open311Error::not_found(format!("no service request {raw_ticket}")))?;
    let text = match body.get("media_url") {
        Some(media) => format!("{description}\n\n{media}"),
        None => description.to_string(),
    };
    match state.store.external_update(&ticket, &text, key_id, update_id, &state.config.reply_quota()).await {
        Ok(_) => {}
        Err(CitizenError::AlreadyPosted) => {
            return Err(Open311Error::bad_request(format!("update_id {update_id} was already posted")));
        }
        Err(CitizenError::NotNow(_)) => return Err(Open311Error::bad_request("the service request is closed")),
        Err(CitizenError::Store(e)) => return Err(Open311Error::store(e)),
        Err(other) => return Err(Open311Error::bad_request(other.to_string())),
    }
    let posted = Posted { update_id: update_id.to_string() };
    let mut response = match format {
        Format::Json => answer(format, "service_request_updates", &[posted]),
        Format::Xml => answer(format, "service_request_updates", &PostedXml { request_update: vec![posted] }),
    };
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}
