//! `POST /complaints` files a complaint; `GET /complaints/{ticket}` (with the PIN in
//! `X-Aduan-Pin`) reads the whole case back, with its evidence under `/attachments/{id}`.

use super::track::parse_ticket;
use super::{ApiJson, rfc3339};
use crate::AppState;
use crate::client::ClientIp;
use crate::error::{ApiError, OrRespond, Resource};
use crate::i18n::Lang;
use crate::intake::{self, IntakeError};
use crate::pages::evidence_disposition;
use crate::pin_guard::{self, PinRefusal};
use aduan_domain::complaint::{Channel, ComplaintInput};
use aduan_domain::{Pin, Ticket};
use aduan_store::complaint::complaints::CaseView;
use aduan_store::complaint::pin_check::PinOutcome;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub const PIN_HEADER: &str = "x-aduan-pin";

/// Integrations send `null` for "not given" as often as they leave a field out: both mean empty.
fn null_as_default<'de, D: serde::Deserializer<'de>>(d: D) -> Result<ComplainantRequest, D::Error> {
    Ok(Option::<ComplainantRequest>::deserialize(d)?.unwrap_or_default())
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct ComplainantRequest {
    #[serde(deserialize_with = "null_as_empty")]
    name: String,
    #[serde(deserialize_with = "null_as_empty")]
    address: String,
    /// 16 digits; optional.
    #[serde(deserialize_with = "null_as_empty")]
    nik: String,
    /// Indonesian number in any common spelling; stored as +62….
    #[serde(deserialize_with = "null_as_empty")]
    phone: String,
    #[serde(deserialize_with = "null_as_empty")]
    email: String,
    /// `whatsapp`, `sms`, `telepon`, `email` or `tidak`.
    #[serde(deserialize_with = "null_as_empty")]
    preferred_contact: String,
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct ComplaintRequest {
    /// `pengaduan` (default), `aspirasi` or `permintaan_informasi`.
    #[serde(deserialize_with = "null_as_empty")]
    kind: String,
    /// A category code from `GET /categories`.
    #[serde(deserialize_with = "null_as_empty")]
    category: String,
    #[serde(deserialize_with = "null_as_empty")]
    title: String,
    /// What happened and the loss suffered.
    #[serde(deserialize_with = "null_as_empty")]
    description: String,
    #[serde(deserialize_with = "null_as_empty")]
    resolution_requested: String,
    /// `YYYY-MM-DD`; more than 30 days ago is accepted with a warning.
    incident_date: Option<String>,
    place: Option<String>,
    /// `biasa` (default), `rahasia` or `anonim`.
    #[serde(deserialize_with = "null_as_empty")]
    identity_mode: String,
    /// `tertutup` (default) or `publik`.
    #[serde(deserialize_with = "null_as_empty")]
    publication: String,
    #[serde(deserialize_with = "null_as_default")]
    complainant: ComplainantRequest,
}

impl ComplaintRequest {
    fn into_input(self) -> ComplaintInput {
        let c = self.complainant;
        ComplaintInput {
            kind: self.kind,
            category: self.category,
            title: self.title,
            description: self.description,
            resolution_requested: self.resolution_requested,
            incident_date: self.incident_date.unwrap_or_default(),
            place: self.place.unwrap_or_default(),
            identity_mode: self.identity_mode,
            publication: self.publication,
            name: c.name,
            address: c.address,
            nik: c.nik,
            phone: c.phone,
            email: c.email,
            preferred_contact: c.preferred_contact,
            latitude: String::new(),
            longitude: String::new(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CreatedDto {
    ticket: String,
    /// Shown once: the citizen needs it with the ticket to open the case.
    pin: String,
    status: String,
    received_at: String,
    verification_due: String,
    track_url: String,
    /// Field → warning code (e.g. `incident_old`), with the message.
    warnings: BTreeMap<String, String>,
}

#[utoipa::path(post, path = "/complaints", tag = "public", request_body = ComplaintRequest,
    responses(
        (status = 201, body = CreatedDto),
        (status = 400, description = "Malformed JSON"),
        (status = 413, description = "Body too large"),
        (status = 409, description = "`ticket_conflict`: the complaint met one kept at the same moment; send it again"),
        (status = 415, description = "Not JSON"),
        (status = 422, description = "Invalid fields, listed in error.fields")))]
pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    ApiJson(body): ApiJson<ComplaintRequest>,
) -> Result<(StatusCode, Json<CreatedDto>), ApiError> {
    let input = body.into_input();
    match intake::file_complaint(&state, &input, vec![], intake::Filing::online(Channel::Api)).await {
        Ok(r) => Ok((
            StatusCode::CREATED,
            Json(CreatedDto {
                track_url: format!("{}/lacak/{}", state.config.public_url.trim_end_matches('/'), r.ticket),
                ticket: r.ticket.to_string(),
                pin: r.pin.as_str().to_string(),
                status: "diterima".into(),
                received_at: rfc3339(r.received_at, r.utc_offset),
                verification_due: rfc3339(r.verification_due, r.utc_offset),
                warnings: r.warnings.iter().map(|(k, c)| (k.to_string(), lang.t(&format!("warning.{c}")))).collect(),
            }),
        )),
        Err(IntakeError::Invalid(rejection)) => {
            let mut e = ApiError::new(lang, StatusCode::UNPROCESSABLE_ENTITY, "invalid_fields");
            e.message = lang.t("form.has_errors");
            e.fields = rejection
                .errors
                .iter()
                .map(|(field, code)| {
                    let key = match *field {
                        f @ ("name" | "address" | "nik" | "phone" | "email" | "preferred_contact") => {
                            format!("complainant.{f}")
                        }
                        f => f.to_string(),
                    };
                    (key, lang.t(&format!("error.{code}")))
                })
                .collect();
            Err(e)
        }
        Err(IntakeError::Store(e)) => Err(ApiError::store(lang, Resource::Ticket, e)),
    }
}

/// The PIN check shared by every citizen endpoint.
async fn authorise(
    state: &AppState,
    lang: Lang,
    ip: Option<std::net::IpAddr>,
    headers: &HeaderMap,
    raw: &str,
) -> Result<Ticket, ApiError> {
    let ticket = parse_ticket(lang, raw)?;
    let Some(value) = headers.get(PIN_HEADER) else {
        return Err(ApiError::new(lang, StatusCode::UNAUTHORIZED, "pin_required"));
    };
    let pin = value
        .to_str()
        .ok()
        .and_then(|s| Pin::parse(s).ok())
        .ok_or_else(|| ApiError::new(lang, StatusCode::UNAUTHORIZED, "invalid_pin"))?;
    let outcome = match pin_guard::check_pin(state, ip, &ticket, &pin).await {
        Ok(outcome) => outcome,
        Err(PinRefusal::TooMany { wait }) => {
            let mut e = ApiError::new(lang, StatusCode::TOO_MANY_REQUESTS, "pins_from_address");
            e.message = lang.tf("error.pins_from_address", &[("minutes", &wait.as_secs().div_ceil(60).to_string())]);
            return Err(e);
        }
        Err(PinRefusal::Store(e)) => return Err(ApiError::store(lang, Resource::Ticket, e)),
    };
    match outcome {
        PinOutcome::Granted { .. } => Ok(ticket),
        PinOutcome::Wrong { tries_left } => {
            let mut e = ApiError::new(lang, StatusCode::FORBIDDEN, "wrong_pin");
            e.message = lang.tf("error.wrong_pin", &[("left", &tries_left.to_string())]);
            Err(e)
        }
        PinOutcome::Locked { until, .. } => {
            let mut e = ApiError::new(lang, StatusCode::TOO_MANY_REQUESTS, "locked");
            let local = until.to_offset(aduan_domain::sla::WIB);
            e.message = lang.tf("error.locked", &[("until", &format!("{:02}.{:02}", local.hour(), local.minute()))]);
            Err(e)
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ComplainantDto {
    name: Option<String>,
    address: Option<String>,
    nik: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    preferred_contact: String,
}

#[derive(Serialize, ToSchema)]
pub struct EntryDto {
    status: String,
    at: String,
    note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MessageDto {
    from_village: bool,
    body: String,
    at: String,
}

#[derive(Serialize, ToSchema)]
pub struct AttachmentDto {
    id: i64,
    media_type: String,
    size: i64,
    name: String,
    /// Fetch with the same `X-Aduan-Pin` header.
    url: String,
}

#[derive(Serialize, ToSchema)]
pub struct CaseDto {
    /// The complaint came in by mail or message and staff still have to complete it.
    needs_completion: bool,
    ticket: String,
    status: String,
    kind: String,
    category: String,
    category_name: String,
    title: String,
    description: String,
    resolution_requested: String,
    incident_date: Option<String>,
    place: Option<String>,
    channel: String,
    identity_mode: String,
    publication: String,
    received_at: String,
    verification_due: Option<String>,
    resolution_due: Option<String>,
    complainant: ComplainantDto,
    history: Vec<EntryDto>,
    messages: Vec<MessageDto>,
    attachments: Vec<AttachmentDto>,
}

/// The case as JSON; attachments are fetched under `files_at` (the citizen's or the staff path).
pub(super) fn case_dto(c: CaseView, offset: time::UtcOffset, files_at: &str) -> CaseDto {
    let ts = |t| rfc3339(t, offset);
    CaseDto {
        attachments: c
            .attachments
            .into_iter()
            .map(|a| AttachmentDto {
                url: format!("/api/v1/{files_at}/{}/attachments/{}", c.ticket, a.id),
                id: a.id,
                media_type: a.media_type.mime().to_string(),
                size: a.size,
                name: a.original_name,
            })
            .collect(),
        needs_completion: c.needs_completion,
        ticket: c.ticket.to_string(),
        status: c.status.as_str().into(),
        kind: c.kind.as_str().into(),
        category: c.category_code,
        category_name: c.category_name,
        title: c.title,
        description: c.description,
        resolution_requested: c.resolution_requested,
        incident_date: c.incident_date.map(|d| d.to_string()),
        place: c.place,
        channel: c.channel.as_str().into(),
        identity_mode: c.identity_mode.as_str().into(),
        publication: c.publication.as_str().into(),
        received_at: ts(c.received_at),
        verification_due: c.verification_due.map(ts),
        resolution_due: c.resolution_due.map(ts),
        complainant: ComplainantDto {
            name: c.complainant.name,
            address: c.complainant.address,
            nik: c.complainant.nik,
            phone: c.complainant.phone,
            email: c.complainant.email,
            preferred_contact: c.complainant.preferred_contact.as_str().into(),
        },
        history: c
            .history
            .into_iter()
            .map(|h| EntryDto { status: h.status.as_str().into(), at: ts(h.at), note: h.note })
            .collect(),
        messages: c
            .messages
            .into_iter()
            .map(|m| MessageDto { from_village: m.from_village, body: m.body, at: ts(m.at) })
            .collect(),
    }
}

#[utoipa::path(get, path = "/complaints/{ticket}", tag = "citizen",
    params(("ticket" = String, Path), ("X-Aduan-Pin" = String, Header, description = "The 6-digit PIN")),
    responses((status = 200, body = CaseDto), (status = 400, description = "Not a valid ticket"),
        (status = 401, description = "PIN missing or malformed"), (status = 403, description = "Wrong PIN"),
        (status = 404, description = "`ticket_not_found`: no such ticket"), (status = 429, description = "Locked after too many wrong PINs for this ticket, or from this address")))]
pub async fn read(
    State(state): State<AppState>,
    lang: Lang,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let ticket = authorise(&state, lang, ip, &headers, &raw).await?;
    let village = state.store.default_village().await.or_api(lang, Resource::Ticket)?;
    let case = state.store.case(&ticket).await.or_api(lang, Resource::Ticket)?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(case_dto(case, village.utc_offset, "complaints"))).into_response())
}

#[utoipa::path(get, path = "/complaints/{ticket}/attachments/{id}", tag = "citizen",
    params(("ticket" = String, Path), ("id" = i64, Path), ("X-Aduan-Pin" = String, Header)),
    responses((status = 200, description = "The file, metadata removed", content_type = "application/octet-stream"),
        (status = 400, description = "Not a valid ticket or id"), (status = 401, description = "PIN missing"),
        (status = 403, description = "Wrong PIN"),
        (status = 404, description = "`ticket_not_found` or `attachment_not_found`: no such case, or no such file on it"),
        (status = 429, description = "Locked after too many wrong PINs for this ticket, or from this address")))]
pub async fn attachment(
    State(state): State<AppState>,
    lang: Lang,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path((raw, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id =
        id.parse::<i64>().map_err(|_| ApiError::new(lang, StatusCode::NOT_FOUND, Resource::Attachment.not_found()))?;
    let ticket = authorise(&state, lang, ip, &headers, &raw).await?;
    file_response(&state, lang, &ticket, id).await
}

/// One evidence file of a case, metadata removed, never cached.
pub(super) async fn file_response(
    state: &AppState,
    lang: Lang,
    ticket: &Ticket,
    id: i64,
) -> Result<Response, ApiError> {
    let ticket = ticket.clone();
    let (meta, bytes) = state.store.attachment(&ticket, id).await.or_api(lang, Resource::Attachment)?;
    Ok((
        [
            (header::CONTENT_TYPE, meta.media_type.mime().to_string()),
            (header::CONTENT_DISPOSITION, evidence_disposition(meta.media_type, &meta.original_name)),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
