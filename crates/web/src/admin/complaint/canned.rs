//! `/admin/jawaban`: the village's canned responses, managed by the staff who reply.

use super::super::Staff;
use super::super::form_kit::{self, Shell, shell_page};
use super::super::login::CsrfOnly;
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_store::complaint::canned::Canned;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin_canned.html")]
pub struct CannedPage {
    shell: Shell,
    items: Vec<Canned>,
}

shell_page!(CannedPage);

async fn render(state: &AppState, p: PageCtx, staff: &Staff, csrf: String) -> Result<CannedPage, PageError> {
    let items = state.store.canned_responses(staff.user.village_id).await.or_page(&p)?;
    Ok(CannedPage { shell: Shell::new(p, staff, csrf, "canned.title"), items })
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

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewCanned {
    csrf: String,
    title: String,
    body: String,
}

pub async fn add(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<NewCanned>,
) -> Result<Response, PageError> {
    let (title, body) = (f.title.trim(), f.body.trim());
    let valid = !title.is_empty() && title.chars().count() <= 100 && !body.is_empty() && body.chars().count() <= 5000;
    if valid {
        state.store.add_canned(title, body, &staff.user).await.or_page(&p)?;
    }
    let page = render(&state, p, &staff, f.csrf).await?;
    if valid {
        Ok(form_kit::answer(page, Ok("canned.saved")))
    } else {
        Ok(form_kit::refuse(page, StatusCode::UNPROCESSABLE_ENTITY, "canned.invalid"))
    }
}

pub async fn delete(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    state.store.delete_canned(id, &staff.user).await.or_page(&p)?;
    Ok(form_kit::answer(render(&state, p, &staff, f.csrf).await?, Ok("canned.deleted")))
}

crate::has_csrf!(NewCanned);
