//! `/admin/tautan`: the village's social media links and partner programmes (*Sinergi
//! Program*) that the portal shows.

use super::super::login::CsrfOnly;
use super::super::{Staff, field_errors, menu, not_found, path_id, store_failure};
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
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin_links.html")]
pub struct LinksPage {
    p: PageCtx,
    nav: Vec<(&'static str, &'static str)>,
    csrf: String,
    links: Vec<PortalLink>,
    /// The refused new link, to show again.
    draft: LinkForm,
    notice: Option<String>,
    errors: Vec<String>,
}

async fn render(state: &AppState, p: PageCtx, staff: &Staff, csrf: String) -> Result<LinksPage, PageError> {
    let links = state.store.portal_links(staff.user.village_id, None).await.or_page(&p)?;
    Ok(LinksPage {
        nav: menu(staff),
        csrf,
        links,
        draft: LinkForm { kind: "sosial".into(), ..LinkForm::default() },
        notice: None,
        errors: Vec::new(),
        p: p.with_title("links.admin_title"),
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

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct LinkForm {
    csrf: String,
    kind: String,
    label: String,
    url: String,
    position: String,
}

crate::has_csrf!(LinkForm);

async fn save(state: AppState, p: PageCtx, staff: Staff, id: Option<i64>, f: LinkForm) -> Result<Response, PageError> {
    let input =
        LinkInput { kind: f.kind.clone(), label: f.label.clone(), url: f.url.clone(), position: f.position.clone() };
    let checked = input.validate();
    if let Ok(draft) = &checked {
        state
            .store
            .save_portal_link(staff.user.village_id, id, draft, &staff.user)
            .await
            .map_err(|e| store_failure(&p, e))?;
    }
    let mut page = render(&state, p, &staff, f.csrf.clone()).await?;
    match checked {
        Ok(_) => {
            page.notice = Some(page.p.t("links.saved"));
            Ok(page.into_response())
        }
        Err(errors) => {
            page.errors = field_errors(&page.p, "links.field_", &errors);
            if id.is_none() {
                page.draft = f;
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
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
    let mut page = render(&state, p, &staff, f.csrf).await?;
    page.notice = Some(page.p.t("links.deleted"));
    Ok(page.into_response())
}
