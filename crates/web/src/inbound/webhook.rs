//! `POST /webhook/pesan`: the WhatsApp/SMS gateway hands over a message a citizen sent. The
//! gateway signs the exact body with the shared secret (`X-Aduan-Signature: sha256=<hex HMAC>`);
//! anything unsigned or signed with another secret is refused before the body is read as JSON.
//! The answer to the citizen (receipt, reply confirmation) goes out through the outbound
//! gateway from the outbox, like every other message.

use super::{InboundError, Message};
use crate::AppState;
use crate::error::{ApiError, Resource};
use crate::i18n::Lang;
use aduan_domain::Phone;
use aduan_store::complaint::inbound::{Outcome, Refusal, Sender};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

pub const SIGNATURE_HEADER: &str = "x-aduan-signature";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Incoming {
    /// The gateway's own id of the message; a message delivered twice is taken once.
    id: String,
    /// `whatsapp` or `sms`.
    channel: String,
    /// The sender's number.
    from: String,
    /// The sender's profile name, when the gateway knows it.
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    media: Vec<Media>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Media {
    filename: String,
    /// The file's bytes, base64.
    content_base64: String,
}

#[derive(Serialize, Debug)]
pub struct Taken {
    /// `created`, `replied`, `refused` or `seen` (delivered before).
    pub outcome: &'static str,
    pub ticket: String,
}

/// `sha256=<hex>` of the body under `secret`, as the gateway sends it.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn signed(secret: &str, headers: &HeaderMap, body: &[u8]) -> bool {
    let Some(given) = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some(Ok(given)) = given.trim().strip_prefix("sha256=").map(hex::decode) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

pub async fn receive(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Taken>, ApiError> {
    let Some(secret) = state.config.webhook_secret.as_deref() else {
        return Err(ApiError::new(lang, StatusCode::NOT_FOUND, "not_found"));
    };
    if !signed(secret, &headers, &body) {
        return Err(ApiError::new(lang, StatusCode::UNAUTHORIZED, "bad_signature"));
    }
    let incoming: Incoming = serde_json::from_slice(&body).map_err(|e| {
        let code = if e.is_data() { "invalid_json_fields" } else { "bad_json" };
        let status = if e.is_data() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::BAD_REQUEST };
        ApiError::new(lang, status, code)
    })?;
    let invalid = |field: &str, code: &'static str| {
        let mut e = ApiError::new(lang, StatusCode::UNPROCESSABLE_ENTITY, code);
        e.fields.insert(field.into(), lang.t(&format!("error.{code}")));
        e
    };
    if incoming.id.trim().is_empty() || incoming.id.len() > 200 {
        return Err(invalid("id", "required"));
    }
    let phone = Phone::parse(&incoming.from).map_err(|_| invalid("from", "invalid_phone"))?;
    let sender = match incoming.channel.as_str() {
        "whatsapp" => Sender::Whatsapp(phone),
        "sms" => Sender::Sms(phone),
        _ => return Err(invalid("channel", "invalid_choice")),
    };
    let mut files = Vec::with_capacity(incoming.media.len());
    for m in incoming.media {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(m.content_base64.trim())
            .map_err(|_| invalid("media", "bad_base64"))?;
        files.push((m.filename, bytes));
    }
    let message =
        Message { sender, name: incoming.name, message_id: incoming.id, subject: None, text: incoming.text, files };
    match super::take(&state.store, &state.config, message).await {
        Ok(outcome) => Ok(Json(taken(outcome))),
        Err(InboundError::Empty) => Err(invalid("text", "empty_message")),
        Err(InboundError::Invalid(rejection)) => {
            let mut e = ApiError::new(lang, StatusCode::UNPROCESSABLE_ENTITY, "invalid_complaint");
            for (field, code) in rejection.errors {
                e.fields.insert(field.into(), lang.t(&format!("error.{code}")));
            }
            Err(e)
        }
        Err(InboundError::Store(e)) => Err(ApiError::store(lang, Resource::Message, e)),
    }
}

pub fn taken(outcome: Outcome) -> Taken {
    let (outcome, ticket) = match outcome {
        Outcome::Created(t) => ("created", t),
        Outcome::Replied(t, _) => ("replied", t),
        Outcome::Refused(t, Refusal::NotTheContact | Refusal::Closed(_) | Refusal::Full) => ("refused", t),
        Outcome::Seen(t, _) => ("seen", t),
    };
    Taken { outcome, ticket: ticket.to_string() }
}
