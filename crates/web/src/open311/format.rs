//! The two formats of every answer and the specification's error body.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Xml => "text/xml; charset=utf-8",
        }
    }
}

/// `services.json` → (`services`, JSON). An unknown extension is an error in JSON.
pub fn split(file: &str) -> Result<(&str, Format), Open311Error> {
    let (name, ext) = file.rsplit_once('.').ok_or_else(|| Open311Error::not_found("add .json or .xml"))?;
    let format = match ext {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return Err(Open311Error::bad_request("the format must be json or xml")),
    };
    Ok((name, format))
}

/// An answer in the requested format. In XML the value is written under `root`; lists name each
/// element as the value's own field does.
pub fn answer<T: Serialize>(format: Format, root: &str, value: &T) -> Response {
    let body = match format {
        Format::Json => serde_json::to_string(value).map_err(|e| e.to_string()),
        Format::Xml => quick_xml::se::to_string_with_root(root, value)
            .map(|xml| format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{xml}"))
            .map_err(|e| e.to_string()),
    };
    match body {
        Ok(body) => ([(header::CONTENT_TYPE, format.content_type())], body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "open311 answer could not be written");
            Open311Error::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response_for(format)
        }
    }
}

/// The specification's error: a list of `{code, description}`.
#[derive(Debug, Clone)]
pub struct Open311Error {
    pub status: StatusCode,
    pub description: String,
}

#[derive(Serialize)]
struct ErrorItem {
    code: u16,
    description: String,
}

#[derive(Serialize)]
struct ErrorsXml {
    error: Vec<ErrorItem>,
}

impl Open311Error {
    pub fn new(status: StatusCode, description: impl Into<String>) -> Self {
        Open311Error { status, description: description.into() }
    }

    pub fn not_found(description: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, description)
    }

    pub fn bad_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, description)
    }

    pub fn store(e: aduan_store::StoreError) -> Self {
        match e {
            aduan_store::StoreError::NotFound => Self::not_found("not found"),
            other => {
                tracing::error!(error = ?other, "open311 request failed");
                Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
            }
        }
    }

    pub fn into_response_for(self, format: Format) -> Response {
        let item = ErrorItem { code: self.status.as_u16(), description: self.description };
        let mut response = match format {
            Format::Json => answer(format, "errors", &[item]),
            Format::Xml => answer(format, "errors", &ErrorsXml { error: vec![item] }),
        };
        *response.status_mut() = self.status;
        response
    }
}
