//! Reading the complaint form's multipart body: text fields as UTF-8 strings, evidence files
//! with their limits enforced while streaming, never trusting the names or types the browser sent.

use crate::config::WebConfig;
use aduan_domain::complaint::ComplaintInput;
use aduan_store::platform::images::ImageGate;
use aduan_store::platform::uploads::{self, CleanFile, EvidenceError};
use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;

const MAX_TEXT_FIELD: usize = 64 * 1024;

/// A problem with one uploaded file, for the form to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    TooLarge(String),
    Type(String),
    Broken(String),
    /// A picture declaring more pixels than may be decoded.
    Pixels(String),
    Empty(String),
    TooMany,
    TotalTooLarge,
}

pub struct UploadedForm {
    pub input: ComplaintInput,
    pub csrf: String,
    pub raw_files: Vec<(String, Vec<u8>)>,
    pub problems: Vec<FileProblem>,
    /// Text fields that were too long to read at all.
    pub oversized: Vec<&'static str>,
    /// Fields the complaint itself does not have (the back office's channel, time, read-back).
    pub extra: std::collections::BTreeMap<String, String>,
}

#[derive(Debug)]
pub enum UploadError {
    /// The body is not a readable multipart form (or it broke off).
    Malformed,
    /// The body is larger than any complaint may be.
    TooLarge,
    /// A text field is not UTF-8.
    Encoding,
}

fn classify(e: MultipartError) -> UploadError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE { UploadError::TooLarge } else { UploadError::Malformed }
}

fn slot<'a>(input: &'a mut ComplaintInput, name: &str) -> Option<(&'static str, &'a mut String)> {
    Some(match name {
        "kind" => ("kind", &mut input.kind),
        "category" => ("category", &mut input.category),
        "title" => ("title", &mut input.title),
        "description" => ("description", &mut input.description),
        "resolution_requested" => ("resolution_requested", &mut input.resolution_requested),
        "incident_date" => ("incident_date", &mut input.incident_date),
        "place" => ("place", &mut input.place),
        "identity_mode" => ("identity_mode", &mut input.identity_mode),
        "publication" => ("publication", &mut input.publication),
        "name" => ("name", &mut input.name),
        "address" => ("address", &mut input.address),
        "nik" => ("nik", &mut input.nik),
        "phone" => ("phone", &mut input.phone),
        "email" => ("email", &mut input.email),
        "preferred_contact" => ("preferred_contact", &mut input.preferred_contact),
        _ => return None,
    })
}

pub async fn read_form(mut multipart: Multipart, config: &WebConfig) -> Result<UploadedForm, UploadError> {
    let mut form = UploadedForm {
        input: ComplaintInput::default(),
        csrf: String::new(),
        raw_files: Vec::new(),
        problems: Vec::new(),
        oversized: Vec::new(),
        extra: std::collections::BTreeMap::new(),
    };
    let mut total = 0usize;
    while let Some(mut field) = multipart.next_field().await.map_err(classify)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "evidence" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let mut bytes = Vec::new();
            let mut too_large = false;
            while let Some(chunk) = field.chunk().await.map_err(classify)? {
                if bytes.len() + chunk.len() > config.max_file_bytes {
                    too_large = true;
                    break;
                }
                bytes.extend_from_slice(&chunk);
            }
            // A file input left empty still sends a part without name or bytes.
            if file_name.is_empty() && bytes.is_empty() && !too_large {
                continue;
            }
            if too_large {
                form.problems.push(FileProblem::TooLarge(file_name));
                continue;
            }
            if form.raw_files.len() >= config.max_files {
                if !form.problems.contains(&FileProblem::TooMany) {
                    form.problems.push(FileProblem::TooMany);
                }
                continue;
            }
            total += bytes.len();
            if total > config.max_complaint_bytes {
                if !form.problems.contains(&FileProblem::TotalTooLarge) {
                    form.problems.push(FileProblem::TotalTooLarge);
                }
                continue;
            }
            form.raw_files.push((file_name, bytes));
            continue;
        }
        let mut bytes = Vec::new();
        let mut oversized = false;
        while let Some(chunk) = field.chunk().await.map_err(classify)? {
            if bytes.len() + chunk.len() > MAX_TEXT_FIELD {
                oversized = true;
                break;
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(bytes).map_err(|_| UploadError::Encoding)?;
        if name == "csrf" {
            form.csrf = text;
        } else if let Some((key, target)) = slot(&mut form.input, &name) {
            if oversized {
                form.oversized.push(key);
            } else {
                *target = text;
            }
        } else if form.extra.len() < 16 && name.len() <= 32 && !oversized {
            form.extra.insert(name, text);
        }
    }
    Ok(form)
}

/// Checks and cleans the files, one at a time through the image gate.
pub async fn clean_files(
    gate: &ImageGate,
    raw: Vec<(String, Vec<u8>)>,
    max_file_bytes: usize,
) -> (Vec<CleanFile>, Vec<FileProblem>) {
    let mut clean = Vec::new();
    let mut problems = Vec::new();
    for (name, bytes) in raw {
        let shown = name.clone();
        match gate.run(bytes, move |b, limits| uploads::clean(b, &name, max_file_bytes, limits)).await {
            Ok(f) => clean.push(f),
            Err(EvidenceError::TooLarge) => problems.push(FileProblem::TooLarge(shown)),
            Err(EvidenceError::UnsupportedType) => problems.push(FileProblem::Type(shown)),
            Err(EvidenceError::BrokenImage) => problems.push(FileProblem::Broken(shown)),
            Err(EvidenceError::ImageTooLarge) => problems.push(FileProblem::Pixels(shown)),
            Err(EvidenceError::Empty) => problems.push(FileProblem::Empty(shown)),
        }
    }
    (clean, problems)
}

/// Reads a page's multipart form and checks its CSRF token, answering every failure as a page:
/// 400 for an unreadable body or text that is not UTF-8, 413 for a body over the limit, 403 for a
/// missing or wrong token.
pub async fn read_checked(
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
    config: &WebConfig,
    jar: &axum_extra::extract::cookie::SignedCookieJar,
    p: &crate::pages::layout::PageCtx,
) -> Result<UploadedForm, crate::error::PageError> {
    use axum::http::StatusCode;
    let fail = |status, key| crate::error::PageError::new(p.clone().with_title("error.title"), status, key);
    let multipart = multipart.map_err(|_| fail(StatusCode::BAD_REQUEST, "error.bad_form"))?;
    let form = read_form(multipart, config).await.map_err(|e| match e {
        UploadError::Malformed => fail(StatusCode::BAD_REQUEST, "error.bad_form"),
        UploadError::Encoding => fail(StatusCode::BAD_REQUEST, "error.bad_encoding"),
        UploadError::TooLarge => fail(StatusCode::PAYLOAD_TOO_LARGE, "error.too_large"),
    })?;
    if !crate::security::csrf_valid(jar, &form.csrf) {
        return Err(fail(StatusCode::FORBIDDEN, "error.csrf"));
    }
    Ok(form)
}
