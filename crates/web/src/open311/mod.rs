//! Open311 GeoReport v2 under `/open311/v2/`, every method in `.json` and `.xml`, so 311 apps,
//! the regency's portal or a FixMyStreet installation can talk to the village. Names, shapes and
//! error bodies follow the specification (<http://wiki.open311.org/GeoReport_v2>).

mod discovery;
mod format;
mod requests;
mod services;
mod submit;
mod updates;

use crate::AppState;
use axum::Router;
use axum::routing::get;

pub use format::{Format, Open311Error};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{file}", get(top_level).post(post_top_level))
        .route("/services/{file}", get(services::definition))
        .route("/requests/{file}", get(one_request))
        .route("/tokens/{file}", get(token))
}

/// `discovery.{format}` and `services.{format}`: the resources that sit directly under the root.
async fn top_level(
    state: axum::extract::State<AppState>,
    lang: crate::i18n::Lang,
    axum::extract::Path(file): axum::extract::Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> axum::response::Response {
    let (name, format) = match format::split(&file) {
        Ok(found) => found,
        Err(e) => return e.into_response_for(Format::Json),
    };
    let result = match name {
        "discovery" => discovery::discovery(&state, format).await,
        "services" => services::list(&state, lang, format).await,
        "requests" => requests::list(&state, lang, format, query.as_deref()).await,
        "servicerequestupdates" => updates::list(&state, lang, format, query.as_deref()).await,
        _ => Err(Open311Error::not_found("unknown method")),
    };
    result.unwrap_or_else(|e| e.into_response_for(format))
}

/// `requests/{id}.{format}`.
async fn one_request(
    state: axum::extract::State<AppState>,
    lang: crate::i18n::Lang,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> axum::response::Response {
    let (id, format) = match format::split(&file) {
        Ok(found) => found,
        Err(e) => return e.into_response_for(Format::Json),
    };
    requests::one(&state, lang, format, id).await.unwrap_or_else(|e| e.into_response_for(format))
}

/// `POST requests.{format}`.
async fn post_top_level(
    state: axum::extract::State<AppState>,
    lang: crate::i18n::Lang,
    axum::extract::Path(file): axum::extract::Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    body: axum::body::Bytes,
) -> axum::response::Response {
    let (name, format) = match format::split(&file) {
        Ok(found) => found,
        Err(e) => return e.into_response_for(Format::Json),
    };
    let result = match name {
        "requests" => submit::create(&state, lang, format, query.as_deref(), &body).await,
        "servicerequestupdates" => updates::post(&state, format, query.as_deref(), &body).await,
        _ => Err(Open311Error::new(
            axum::http::StatusCode::METHOD_NOT_ALLOWED,
            "only requests and servicerequestupdates take POST",
        )),
    };
    result.unwrap_or_else(|e| e.into_response_for(format))
}

/// `tokens/{token}.{format}`: Aduan answers a POST with the ticket at once, so a token is the
/// ticket itself.
async fn token(
    state: axum::extract::State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> axum::response::Response {
    let (token, format) = match format::split(&file) {
        Ok(found) => found,
        Err(e) => return e.into_response_for(Format::Json),
    };
    requests::token(&state, format, token).await.unwrap_or_else(|e| e.into_response_for(format))
}
