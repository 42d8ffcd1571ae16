//! `/admin/tautan`: the village's social media links and partner programmes (*Sinergi
//! Program*) that the portal shows.

use super::super::form_kit::{self, AdminForm, Shell, shell_page};
use super::super::login::CsrfOnly;
use super::super::{Staff, not_found, path_id, store_failure};
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::portal::LinkInput;
use aduan_store::portal::sidebar::PortalLink;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;

#[derive(Template, WebTemplate)]
#[template(path = "admin_links.html")]
pub struct LinksPage {
    shell: Shell,
    links: Vec<PortalLink>,
    /// The refused new link, to show again.
    draft: LinkForm,
}

shell_page!(LinksPage);

async fn render(state: &AppState, p: PageCtx, staff: &Staff, csrf: String) -> Result<LinksPage, PageError> {
    let links = state.store.portal_links(staff.user.village_id, None).await.or_page(&p)?;
    let draft =
        AdminForm { input: LinkInput { kind: "sosial".into(), ..LinkInput::default() }, ..AdminForm::default() };
    Ok(LinksPage { shell: Shell::new(p, staff, csrf, "links.admin_title"), links, draft })
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

pub type LinkForm = AdminForm<LinkInput>;

async fn save(state: AppState, p: PageCtx, staff: Staff, id: Option<i64>, f: LinkForm) -> Result<Response, PageError> {
    let village = staff.user.village_id;
    let kept = form_kit::keep(&p, f.validate(), "links.field_", None, async |draft| {
        state.store.save_portal_link(village, id, &draft, &staff.user).await
    })
    .await?;
    let mut page = render(&state, p, &staff, f.csrf.clone()).await?;
    if kept.is_err() && id.is_none() {
        page.draft = f;
    }
    Ok(form_kit::answer(page, kept.map(|_| "links.saved")))
}

pub async fn add(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<LinkForm>,
) -> Result<Response, PageError> {
    save(state, p, staff, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<LinkForm>,
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
    state.store.delete_portal_link(staff.user.village_id, id, &staff.user).await.map_err(|e| store_failure(&p, e))?;
    Ok(form_kit::answer(render(&state, p, &staff, f.csrf).await?, Ok("links.deleted")))
}
