//! `GET requests` and `GET requests/{id}`: complaints as 311 clients read them. Lists show only
//! what the citizen agreed to publish; a complaint asked for by its ticket shows its status and
//! deadline, as the ticket alone does on the tracking page. No personal data, ever.

use super::format::{Format, Open311Error, answer};
use crate::AppState;
use crate::i18n::Lang;
use aduan_domain::Ticket;
use aduan_store::complaint::requests::{OpenState, PublishedRequest, RequestFilter};
use aduan_store::platform::villages::Village;
use axum::response::Response;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Duration, OffsetDateTime, PrimitiveDateTime, Time};

/// The default window of a list, and the most tickets one request may name.
const WINDOW: Duration = Duration::days(90);
const MAX_IDS: usize = 50;
const DEFAULT_PAGE_SIZE: i64 = 50;
const MAX_PAGE_SIZE: i64 = 200;

#[derive(Serialize)]
pub struct Request {
    service_request_id: String,
    status: &'static str,
    status_notes: String,
    service_name: String,
    service_code: String,
    description: String,
    agency_responsible: String,
    service_notice: String,
    requested_datetime: String,
    updated_datetime: String,
    expected_datetime: String,
    address: String,
    address_id: String,
    zipcode: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    long: Option<f64>,
    media_url: String,
}

#[derive(Serialize)]
struct RequestsXml {
    request: Vec<Request>,
}

/// `2026-12-01T14:05:09+07:00`: the village's offset, whole seconds.
pub fn datetime(t: OffsetDateTime, village: &Village) -> String {
    let local = t.to_offset(village.utc_offset).replace_nanosecond(0).unwrap_or(t);
    local.format(&Rfc3339).unwrap_or_default()
}

fn to_request(r: PublishedRequest, village: &Village, lang: Lang) -> Request {
    let status_label = lang.t(&format!("status.{}", r.status.as_str()));
    let notice = match r.expected_at {
        Some(due) => lang.tf("open311.notice_due", &[("status", &status_label), ("date", &datetime(due, village))]),
        None => status_label.clone(),
    };
    // A complaint without a place, or not published, is located at the village office.
    let point = r.details.as_ref().and_then(|d| d.location);
    let (lat, long) = match point {
        Some(p) => (Some(p.lat()), Some(p.long())),
        None => (village.latitude, village.longitude),
    };
    let (description, status_notes, address) = match r.details {
        Some(d) => {
            let description =
                if d.description.is_empty() { d.title } else { format!("{}\n\n{}", d.title, d.description) };
            let place = d.place.unwrap_or_else(|| village.office_address.clone());
            (description, d.status_note.unwrap_or(status_label), place)
        }
        None => (String::new(), status_label, village.office_address.clone()),
    };
    Request {
        service_request_id: r.ticket.to_string(),
        status: if r.status.is_open() { "open" } else { "closed" },
        status_notes,
        service_name: r.service_name,
        service_code: r.service_code,
        description,
        agency_responsible: r.referral_agency.unwrap_or_else(|| village.name.clone()),
        service_notice: notice,
        requested_datetime: datetime(r.received_at, village),
        updated_datetime: datetime(r.updated_at, village),
        expected_datetime: r.expected_at.map(|t| datetime(t, village)).unwrap_or_default(),
        address,
        address_id: String::new(),
        zipcode: village.postcode.clone(),
        lat,
        long,
        media_url: String::new(),
    }
}

fn respond(format: Format, requests: Vec<Request>) -> Response {
    match format {
        Format::Json => answer(format, "service_requests", &requests),
        Format::Xml => answer(format, "service_requests", &RequestsXml { request: requests }),
    }
}

/// A W3C datetime (`2026-11-01T00:00:00+07:00`, `…Z`) or a bare date, read in the village's zone.
pub fn parse_datetime(name: &str, raw: &str, village: &Village) -> Result<OffsetDateTime, Open311Error> {
    if let Ok(t) = OffsetDateTime::parse(raw, &Rfc3339) {
        return Ok(t);
    }
    let date = time::Date::parse(raw, format_description!("[year]-[month]-[day]"))
        .map_err(|_| Open311Error::bad_request(format!("{name} must be a date or a datetime with its offset")))?;
    Ok(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_offset(village.utc_offset))
}

/// The query's parameters; an empty value means the same as an absent one.
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: Option<&str>) -> Result<Self, Open311Error> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|_| Open311Error::bad_request("the query string cannot be read"))?;
        Ok(Params(pairs.into_iter().filter(|(_, v)| !v.trim().is_empty()).collect()))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.trim())
    }
}

fn number(params: &Params, name: &str, default: i64) -> Result<i64, Open311Error> {
    match params.get(name) {
        None => Ok(default),
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| Open311Error::bad_request(format!("{name} must be a whole number from 1"))),
    }
}

pub async fn list(state: &AppState, lang: Lang, format: Format, query: Option<&str>) -> Result<Response, Open311Error> {
    let params = Params::parse(query)?;
    let village = state.store.default_village().await.map_err(Open311Error::store)?;
    if let Some(ids) = params.get("service_request_id") {
        let tickets: Vec<&str> = ids.split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
        if tickets.len() > MAX_IDS {
            return Err(Open311Error::bad_request(format!("at most {MAX_IDS} service_request_id values")));
        }
        let mut found = Vec::new();
        for raw in tickets {
            let Ok(ticket) = Ticket::parse(raw) else { continue };
            match state.store.published_request(village.id, &ticket).await {
                Ok(r) => found.push(to_request(r, &village, lang)),
                Err(aduan_store::StoreError::NotFound) => {}
                Err(e) => return Err(Open311Error::store(e)),
            }
        }
        return Ok(respond(format, found));
    }
    let date = |name: &str| params.get(name).map(|v| parse_datetime(name, v, &village)).transpose();
    let (start, end) = (date("start_date")?, date("end_date")?);
    let received_to = end.unwrap_or_else(|| state.clock.now() + Duration::seconds(1));
    let received_from = start.unwrap_or(received_to - WINDOW);
    if received_from > received_to {
        return Err(Open311Error::bad_request("start_date is after end_date"));
    }
    let state_filter = match params.get("status") {
        None => OpenState::Any,
        Some(s) => {
            let wanted: Vec<&str> = s.split(',').map(str::trim).collect();
            match (wanted.contains(&"open"), wanted.contains(&"closed")) {
                (true, false) => OpenState::Open,
                (false, true) => OpenState::Closed,
                (true, true) => OpenState::Any,
                (false, false) => return Err(Open311Error::bad_request("status must be open or closed")),
            }
        }
    };
    let page = number(&params, "page", 1)?;
    let page_size = number(&params, "page_size", DEFAULT_PAGE_SIZE)?.min(MAX_PAGE_SIZE);
    let filter = RequestFilter {
        service_code: params.get("service_code").map(str::to_string),
        received_from,
        received_to,
        updated_after: date("updated_after")?,
        updated_before: date("updated_before")?,
        state: state_filter,
        limit: page_size,
        offset: (page - 1).saturating_mul(page_size),
    };
    let rows = state.store.published_requests(village.id, &filter).await.map_err(Open311Error::store)?;
    Ok(respond(format, rows.into_iter().map(|r| to_request(r, &village, lang)).collect()))
}

/// One request by its ticket, as a one-element list.
pub async fn one(state: &AppState, lang: Lang, format: Format, id: &str) -> Result<Response, Open311Error> {
    let village = state.store.default_village().await.map_err(Open311Error::store)?;
    let ticket = Ticket::parse(id).map_err(|_| Open311Error::not_found(format!("no service request {id}")))?;
    let r = match state.store.published_request(village.id, &ticket).await {
        Ok(r) => r,
        Err(aduan_store::StoreError::NotFound) => {
            return Err(Open311Error::not_found(format!("no service request {id}")));
        }
        Err(e) => return Err(Open311Error::store(e)),
    };
    Ok(respond(format, vec![to_request(r, &village, lang)]))
}

#[derive(Serialize)]
struct TokenAnswer {
    service_request_id: String,
    token: String,
}

#[derive(Serialize)]
struct TokensXml {
    request: Vec<TokenAnswer>,
}

pub async fn token(state: &AppState, format: Format, token: &str) -> Result<Response, Open311Error> {
    let village = state.store.default_village().await.map_err(Open311Error::store)?;
    let missing = || Open311Error::not_found(format!("no token {token}"));
    let ticket = Ticket::parse(token).map_err(|_| missing())?;
    match state.store.published_request(village.id, &ticket).await {
        Ok(_) => {}
        Err(aduan_store::StoreError::NotFound) => return Err(missing()),
        Err(e) => return Err(Open311Error::store(e)),
    }
    let answer_item = TokenAnswer { service_request_id: ticket.to_string(), token: token.to_string() };
    Ok(match format {
        Format::Json => answer(format, "service_requests", &[answer_item]),
        Format::Xml => answer(format, "service_requests", &TokensXml { request: vec![answer_item] }),
    })
}
