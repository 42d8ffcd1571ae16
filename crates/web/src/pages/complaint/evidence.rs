//! Evidence downloads: only for the browser that proved the case's PIN.

use super::super::layout::PageCtx;
use crate::AppState;
use crate::error::{OrRespond, PageError};
use aduan_domain::Ticket;
use aduan_store::platform::uploads::MediaType;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;

/// `inline` for photos, `attachment` for documents; the name is reduced to safe ASCII with the
/// UTF-8 original in `filename*`.
pub fn disposition(media_type: MediaType, name: &str) -> String {
    let kind = if media_type == MediaType::Pdf { "attachment" } else { "inline" };
    content_disposition(kind, name)
}

/// `kind` (`attachment` or `inline`) with the name in plain ASCII and, exactly, in RFC 5987 form.
pub fn content_disposition(kind: &str, name: &str) -> String {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

pub async fn download(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path((raw, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let ticket = super::super::complaint::case_steps::authorised(&state, &p, &jar, &raw).await?;
    send(&state, p, &ticket, id).await
}

/// One evidence file of `ticket`, for someone already allowed to see the case.
pub async fn send(state: &AppState, p: PageCtx, ticket: &Ticket, id: i64) -> Result<Response, PageError> {
    let (meta, bytes) = state.store.attachment(ticket, id).await.map_err(|e| PageError::store(p, e))?;
    Ok((
        [
            (header::CONTENT_TYPE, meta.media_type.mime().to_string()),
            (header::CONTENT_DISPOSITION, disposition(meta.media_type, &meta.original_name)),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// How big a preview on the case page is, in pixels.
const THUMB_SIDE: u32 = 240;

/// A small preview of a photo of the case, decoded under the same gate as uploads.
pub async fn thumbnail(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path((raw, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let ticket = super::super::complaint::case_steps::authorised(&state, &p, &jar, &raw).await?;
    let (meta, bytes) = state.store.attachment(&ticket, id).await.or_page(&p)?;
    if meta.media_type.image_format().is_none() {
        return Err(PageError::not_found(p));
    }
    let small = state
        .config
        .images
        .run(bytes, |b, limits| aduan_store::platform::images::thumbnail(b, limits, THUMB_SIDE))
        .await
        .map_err(|_| PageError::new(p.clone(), StatusCode::UNPROCESSABLE_ENTITY, "error.not_found"))?;
    Ok(([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, no-store")], small).into_response())
}
