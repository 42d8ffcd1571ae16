//! `/admin/media`: pictures for articles and pages. The `redaksi` uploads one, then puts the
//! `<img>` the page offers into an article's or page's HTML.

use super::super::form_kit::{self, Shell, shell_page};
use super::super::login::CsrfOnly;
use super::super::{Staff, not_found, path_id, store_failure};
use crate::AppState;
use crate::csrf_form::{CsrfForm, CsrfMultipart};
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_store::platform::uploads::EvidenceError;
use aduan_store::portal::media::{MediaItem, web_image};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;

#[derive(Template, WebTemplate)]
#[template(path = "admin_media.html")]
pub struct MediaPage {
    shell: Shell,
    items: Vec<MediaItem>,
}

shell_page!(MediaPage);

async fn render(state: &AppState, p: PageCtx, staff: &Staff, csrf: String) -> Result<MediaPage, PageError> {
    let items = state.store.media_items(staff.user.village_id).await.or_page(&p)?;
    Ok(MediaPage { shell: Shell::new(p, staff, csrf, "media.admin_title"), items })
}

pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
) -> Result<Response, PageError> {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    Ok((jar, render(&state, p, &staff, csrf).await?).into_response())
}

/// The status and message for a picture that cannot be kept.
fn refused(problem: &EvidenceError) -> (StatusCode, &'static str) {
    match problem {
        EvidenceError::Empty => (StatusCode::UNPROCESSABLE_ENTITY, "media.missing"),
        EvidenceError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "media.too_large"),
        EvidenceError::UnsupportedType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "media.type"),
        EvidenceError::BrokenImage => (StatusCode::UNPROCESSABLE_ENTITY, "media.broken"),
        EvidenceError::ImageTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "media.pixels"),
    }
}

pub async fn upload(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    mut form: CsrfMultipart,
) -> Result<Response, PageError> {
    let csrf = form.csrf.clone();
    let (name, file) = form.file("file");
    let max = state.config.max_file_bytes;
    let made = state.config.images.run(file, move |bytes, limits| web_image(bytes, &name, max, limits)).await;
    match made {
        Ok(img) => {
            state.store.add_media(staff.user.village_id, img, &staff.user).await.map_err(|e| store_failure(&p, e))?;
            Ok(form_kit::answer(render(&state, p, &staff, csrf).await?, Ok("media.saved")))
        }
        Err(problem) => {
            let (status, key) = refused(&problem);
            Ok(form_kit::refuse(render(&state, p, &staff, csrf).await?, status, key))
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let id = path_id(&id).ok_or_else(|| not_found(&p))?;
    state.store.delete_media(staff.user.village_id, id, &staff.user).await.map_err(|e| store_failure(&p, e))?;
    Ok(form_kit::answer(render(&state, p, &staff, f.csrf).await?, Ok("media.deleted")))
}
