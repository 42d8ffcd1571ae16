//! `POST requests`: a 311 client files a complaint for a citizen. Form-encoded, with an API key
//! allowed to submit (in the body or the query string). Open311 has no title or requested
//! resolution: the title is the description's first line, the resolution a default unless the
//! client sends `attribute[resolution_requested]`. A named complainant needs an address (the
//! village's rule for identified complaints), sent as `attribute[address]`; without it the
//! complaint is filed anonymously, keeping only the phone and email for notices. The citizen
//! follows the case by its ticket and asks for a PIN to be sent to the contact given.

use super::format::{Format, Open311Error, answer};
use super::requests::Params;
use crate::AppState;
use crate::i18n::Lang;
use crate::intake::{self, IntakeError};
use aduan_domain::api_key::Scope;
use aduan_domain::complaint::{Channel, ComplaintInput};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

#[derive(Serialize)]
struct Created {
    service_request_id: String,
    service_notice: String,
    account_id: String,
}

#[derive(Serialize)]
struct CreatedXml {
    request: Vec<Created>,
}

/// The API key of the request, which must exist, be live and allow `scope`.
pub async fn authorise(
    state: &AppState,
    body: &Params,
    query: &Params,
    scope: Scope,
) -> Result<aduan_store::platform::api_keys::ApiKey, Open311Error> {
    let forbidden = || Open311Error::new(StatusCode::FORBIDDEN, "api_key is missing, unknown, revoked or not allowed");
    let key = body.get("api_key").or_else(|| query.get("api_key")).ok_or_else(forbidden)?;
    match state.store.api_key_for(key).await {
        Ok(k) if k.allows(scope) => Ok(k),
        Ok(_) | Err(aduan_store::StoreError::NotFound) => Err(forbidden()),
        Err(e) => Err(Open311Error::store(e)),
    }
}

fn input(body: &Params, lang: Lang) -> ComplaintInput {
    let get = |k: &str| body.get(k).unwrap_or("").to_string();
    let mut description = get("description");
    if let Some(media) = body.get("media_url") {
        description = format!("{description}\n\n{media}");
    }
    let place = get("address_string");
    let address = get("attribute[address]");
    let name = format!("{} {}", get("first_name"), get("last_name")).trim().to_string();
    let named = !name.is_empty() && !address.trim().is_empty();
    let resolution = body.get("attribute[resolution_requested]").map(str::to_string);
    ComplaintInput {
        kind: "pengaduan".into(),
        category: get("service_code"),
        title: crate::inbound::title_of(&description),
        resolution_requested: resolution.unwrap_or_else(|| lang.t("open311.default_resolution")),
        description,
        incident_date: String::new(),
        place,
        identity_mode: if named { "biasa".into() } else { "anonim".into() },
        publication: "tertutup".into(),
        name: if named { name } else { String::new() },
        address: if named { address } else { String::new() },
        nik: String::new(),
        phone: get("phone"),
        email: get("email"),
        preferred_contact: String::new(),
        latitude: get("lat"),
        longitude: get("long"),
    }
}

pub async fn create(
    state: &AppState,
    lang: Lang,
    format: Format,
    query: Option<&str>,
    body: &[u8],
) -> Result<Response, Open311Error> {
    let query = Params::parse(query)?;
    let body = std::str::from_utf8(body).map_err(|_| Open311Error::bad_request("the body must be UTF-8"))?;
    let body = Params::parse(Some(body))?;
    authorise(state, &body, &query, Scope::Submit).await?;
    if body.get("service_code").is_none() {
        return Err(Open311Error::bad_request("service_code is required"));
    }
    let input = input(&body, lang);
    match intake::file_complaint(state, &input, vec![], intake::Filing::online(Channel::Api)).await {
        Ok(r) => {
            let link = format!("{}/lacak/{}", state.config.public_url.trim_end_matches('/'), r.ticket);
            let created = Created {
                service_request_id: r.ticket.to_string(),
                service_notice: lang.tf("open311.created_notice", &[("ticket", r.ticket.as_str()), ("link", &link)]),
                account_id: String::new(),
            };
            let mut response = match format {
                Format::Json => answer(format, "service_requests", &[created]),
                Format::Xml => answer(format, "service_requests", &CreatedXml { request: vec![created] }),
            };
            *response.status_mut() = StatusCode::CREATED;
            Ok(response)
        }
        Err(IntakeError::Invalid(rejection)) => {
            let (field, code) = rejection.errors.iter().next().map(|(f, c)| (*f, *c)).unwrap_or(("request", "invalid"));
            let field = match field {
                "category" => "service_code",
                "title" => "description",
                "latitude" => "lat",
                other => other,
            };
            Err(Open311Error::bad_request(format!("{field}: {}", lang.t(&format!("error.{code}")))))
        }
        Err(IntakeError::Store(e)) => Err(Open311Error::store(e)),
    }
}
