//! `/admin/aparatur`: the village officials (*Pemerintah Desa*) the portal shows, with their
//! office, order and photo. A photo follows the evidence rules (type by its bytes, size limit,
//! metadata removed) and is kept as a small portrait.

use super::super::form_kit::{self, AdminForm, Shell, shell_page};
use super::super::login::CsrfOnly;
use super::super::{Staff, not_found, path_id, store_failure};
use crate::AppState;
use crate::csrf_form::{CsrfForm, CsrfMultipart};
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::portal::OfficialInput;
use aduan_store::platform::uploads::EvidenceError;
use aduan_store::portal::officials::{Official, portrait};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;

#[derive(Template, WebTemplate)]
#[template(path = "admin_officials.html")]
pub struct OfficialsPage {
    shell: Shell,
    officials: Vec<Official>,
    draft: OfficialForm,
}

shell_page!(OfficialsPage);

async fn render(state: &AppState, p: PageCtx, staff: &Staff, csrf: String) -> Result<OfficialsPage, PageError> {
    let officials = state.store.officials(staff.user.village_id).await.or_page(&p)?;
    Ok(OfficialsPage {
        shell: Shell::new(p, staff, csrf, "officials.admin_title"),
        officials,
        draft: OfficialForm::default(),
    })
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

pub type OfficialForm = AdminForm<OfficialInput>;

async fn save(
    state: AppState,
    p: PageCtx,
    staff: Staff,
    id: Option<i64>,
    f: OfficialForm,
) -> Result<Response, PageError> {
    let village = staff.user.village_id;
    let kept = form_kit::keep(&p, f.validate(), "officials.field_", None, async |draft| {
        state.store.save_official(village, id, &draft, &staff.user).await
    })
    .await?;
    let mut page = render(&state, p, &staff, f.csrf.clone()).await?;
    if kept.is_err() && id.is_none() {
        page.draft = f;
    }
    Ok(form_kit::answer(page, kept.map(|_| "officials.saved")))
}

pub async fn add(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<OfficialForm>,
) -> Result<Response, PageError> {
    save(state, p, staff, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<OfficialForm>,
) -> Result<Response, PageError> {
    let id = path_id(&id).ok_or_else(|| not_found(&p))?;
    save(state, p, staff, Some(id), f).await
}

pub async fn delete(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let id = path_id(&id).ok_or_else(|| not_found(&p))?;
    state.store.delete_official(staff.user.village_id, id, &staff.user).await.map_err(|e| store_failure(&p, e))?;
    Ok(form_kit::answer(render(&state, p, &staff, f.csrf).await?, Ok("officials.deleted")))
}

/// The status and message for a photo that cannot be kept.
fn refused(problem: &EvidenceError) -> (StatusCode, &'static str) {
    match problem {
        EvidenceError::Empty => (StatusCode::UNPROCESSABLE_ENTITY, "officials.photo_missing"),
        EvidenceError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "officials.photo_too_large"),
        EvidenceError::UnsupportedType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "officials.photo_type"),
        EvidenceError::BrokenImage => (StatusCode::UNPROCESSABLE_ENTITY, "officials.photo_broken"),
        EvidenceError::ImageTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "officials.photo_pixels"),
    }
}

pub async fn upload_photo(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    mut form: CsrfMultipart,
) -> Result<Response, PageError> {
    let id = path_id(&id).ok_or_else(|| not_found(&p))?;
    let csrf = form.csrf.clone();
    let (_, file) = form.file("photo");
    let max = state.config.max_file_bytes;
    let made = state.config.images.run(file, move |bytes, limits| portrait(bytes, max, limits)).await;
    let village = staff.user.village_id;
    match made {
        Ok(photo) => {
            state
                .store
                .set_official_photo(village, id, Some(photo), &staff.user)
                .await
                .map_err(|e| store_failure(&p, e))?;
            Ok(form_kit::answer(render(&state, p, &staff, csrf).await?, Ok("officials.photo_saved")))
        }
        Err(problem) => {
            let (status, key) = refused(&problem);
            Ok(form_kit::refuse(render(&state, p, &staff, csrf).await?, status, key))
        }
    }
}

pub async fn remove_photo(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let id = path_id(&id).ok_or_else(|| not_found(&p))?;
    state
        .store
        .set_official_photo(staff.user.village_id, id, None, &staff.user)
        .await
        .map_err(|e| store_failure(&p, e))?;
    Ok(form_kit::answer(render(&state, p, &staff, f.csrf).await?, Ok("officials.photo_removed")))
}
