//! `discovery`: where the endpoint is, what it speaks, whom to ask for a key.

use super::format::{Format, Open311Error, answer};
use crate::AppState;
use axum::response::Response;
use serde::Serialize;

/// When this endpoint's behaviour last changed; clients compare it to notice changes.
const CHANGESET: &str = "2026-12-01T00:00:00+07:00";
const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

#[derive(Serialize)]
struct Discovery {
    changeset: &'static str,
    contact: String,
    key_service: String,
    endpoints: Endpoints,
}

/// In XML a list is a wrapper element around one element per item: `<endpoints><endpoint>…`.
#[derive(Serialize)]
struct Endpoints {
    endpoint: Vec<Endpoint>,
}

#[derive(Serialize)]
struct Endpoint {
    specification: &'static str,
    url: String,
    changeset: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    formats: Formats,
}

#[derive(Serialize)]
struct Formats {
    format: Vec<&'static str>,
}

#[derive(Serialize)]
struct DiscoveryJson<'a> {
    changeset: &'static str,
    contact: &'a str,
    key_service: &'a str,
    endpoints: Vec<EndpointJson<'a>>,
}

#[derive(Serialize)]
struct EndpointJson<'a> {
    specification: &'static str,
    url: &'a str,
    changeset: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    formats: &'a [&'static str],
}

pub async fn discovery(state: &AppState, format: Format) -> Result<Response, Open311Error> {
    let village = state.store.default_village().await.map_err(Open311Error::store)?;
    let url = format!("{}/open311/v2", state.config.public_url.trim_end_matches('/'));
    let contact =
        [village.name.as_str(), village.office_address.as_str(), village.phone.as_str(), village.email.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
    let key_service = format!("API keys are issued by the village office: {contact}");
    let formats = ["text/xml", "application/json"];
    Ok(match format {
        Format::Json => {
            let endpoint = EndpointJson {
                specification: SPECIFICATION,
                url: &url,
                changeset: CHANGESET,
                kind: "production",
                formats: &formats,
            };
            let d = DiscoveryJson {
                changeset: CHANGESET,
                contact: &contact,
                key_service: &key_service,
                endpoints: vec![endpoint],
            };
            answer(format, "discovery", &d)
        }
        Format::Xml => {
            let endpoint = Endpoint {
                specification: SPECIFICATION,
                url,
                changeset: CHANGESET,
                kind: "production",
                formats: Formats { format: formats.to_vec() },
            };
            let d = Discovery {
                changeset: CHANGESET,
                contact,
                key_service,
                endpoints: Endpoints { endpoint: vec![endpoint] },
            };
            answer(format, "discovery", &d)
        }
    })
}
