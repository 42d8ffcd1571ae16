//! `services` (the village's complaint categories) and `services/{code}` (a service's extra
//! questions; Aduan's categories ask none, so the list of attributes is empty).

use super::format::{self, Format, Open311Error, answer};
use crate::AppState;
use crate::i18n::Lang;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Serialize)]
struct Service {
    service_code: String,
    service_name: String,
    description: String,
    metadata: bool,
    #[serde(rename = "type")]
    kind: &'static str,
    keywords: String,
    group: String,
}

#[derive(Serialize)]
struct ServicesXml {
    service: Vec<Service>,
}

#[derive(Serialize)]
struct Attributes {
    attribute: Vec<()>,
}

#[derive(Serialize)]
struct Definition {
    service_code: String,
    attributes: Attributes,
}

#[derive(Serialize)]
struct DefinitionJson {
    service_code: String,
    attributes: Vec<()>,
}

/// Words of the name and description a search would use, and the code itself.
fn keywords(code: &str, name: &str, description: &str) -> String {
    let mut words = vec![code.to_string()];
    for w in format!("{name} {description}").split(|c: char| !c.is_alphanumeric()) {
        let w = w.to_lowercase();
        if w.chars().count() > 3 && !words.contains(&w) {
            words.push(w);
        }
    }
    words.join(",")
}

pub async fn list(state: &AppState, lang: Lang, format: Format) -> Result<Response, Open311Error> {
    let village = state.store.default_village().await.map_err(Open311Error::store)?;
    let categories = state.store.categories(village.id).await.map_err(Open311Error::store)?;
    let services: Vec<Service> = categories
        .into_iter()
        .map(|c| Service {
            keywords: keywords(&c.code, &c.name, &c.description),
            group: lang.t(&format!("open311.group_{}", c.sla_class.as_str())),
            service_code: c.code,
            service_name: c.name,
            description: c.description,
            metadata: false,
            kind: "realtime",
        })
        .collect();
    Ok(match format {
        Format::Json => answer(format, "services", &services),
        Format::Xml => answer(format, "services", &ServicesXml { service: services }),
    })
}

pub async fn definition(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let (code, format) = match format::split(&file) {
        Ok(found) => found,
        Err(e) => return e.into_response_for(Format::Json),
    };
    let found = async {
        let village = state.store.default_village().await.map_err(Open311Error::store)?;
        let categories = state.store.categories(village.id).await.map_err(Open311Error::store)?;
        categories
            .into_iter()
            .find(|c| c.code == code)
            .ok_or_else(|| Open311Error::not_found(format!("no service with the code {code}")))
    }
    .await;
    match found {
        Ok(c) => match format {
            Format::Json => {
                answer(format, "service_definition", &DefinitionJson { service_code: c.code, attributes: vec![] })
            }
            Format::Xml => answer(
                format,
                "service_definition",
                &Definition { service_code: c.code, attributes: Attributes { attribute: vec![] } },
            ),
        },
        Err(e) => e.into_response_for(format),
    }
    .into_response()
}
