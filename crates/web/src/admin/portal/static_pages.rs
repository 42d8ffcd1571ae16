//! `/admin/halaman`: the `redaksi` writes the village's pages that stay (profile, history,
//! vision and mission) in HTML, sanitised when saved, and orders or unpublishes them.

use super::super::login::CsrfOnly;
use super::super::{Staff, field_errors, menu, not_found, path_id, store_failure};
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::portal::PageInput;
use aduan_store::StoreError;
use aduan_store::portal::static_pages::PortalPage;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin_pages.html")]
pub struct PagesAdmin {
    p: PageCtx,
    nav: Vec<(&'static str, &'static str)>,
    csrf: String,
    pages: Vec<PortalPage>,
    /// The page being edited (`None` for a new one) and its fields.
    editing: Option<i64>,
    f: PageForm,
    notice: Option<String>,
    errors: Vec<String>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PageForm {
    csrf: String,
    title: String,
    slug: String,
    body: String,
    position: String,
    /// `1` publishes.
    published: String,
}

crate::has_csrf!(PageForm);

async fn render(
    state: &AppState,
    p: PageCtx,
    staff: &Staff,
    csrf: String,
    editing: Option<i64>,
    f: PageForm,
) -> Result<PagesAdmin, PageError> {
    let pages = state.store.portal_pages(staff.user.village_id, false).await.or_page(&p)?;
    Ok(PagesAdmin {
        nav: menu(staff),
        csrf,
        pages,
        editing,
        f,
        notice: None,
        errors: Vec::new(),
        p: p.with_title("pages.admin_title"),
    })
}

pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
) -> Result<Response, PageError> {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let f = PageForm { published: "1".into(), ..PageForm::default() };
    Ok((jar, render(&state, p, &staff, csrf, None, f).await?).into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = path_id(&id).ok_or_else(|| not_found(&p))?;
    let page = state.store.portal_page(staff.user.village_id, id).await.map_err(|e| store_failure(&p, e))?;
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let f = PageForm {
        csrf: String::new(),
        title: page.title,
        slug: page.slug,
        body: page.body_html,
        position: page.position.to_string(),
        published: if page.published { "1".into() } else { String::new() },
    };
    Ok((jar, render(&state, p, &staff, csrf, Some(id), f).await?).into_response())
}

async fn save(state: AppState, p: PageCtx, staff: Staff, id: Option<i64>, f: PageForm) -> Result<Response, PageError> {
    let input = PageInput {
        title: f.title.clone(),
        slug: f.slug.clone(),
        body: f.body.clone(),
        position: f.position.clone(),
        published: f.published == "1",
    };
    let checked = input.validate();
    let saved = match &checked {
        Ok(draft) => match state.store.save_portal_page(staff.user.village_id, id, draft, &staff.user).await {
            Ok(id) => Ok(id),
            Err(StoreError::Conflict(_)) => {
                Err(vec![format!("{}: {}", p.t("pages.field_slug"), p.t("pages.slug_taken"))])
            }
            Err(e) => return Err(store_failure(&p, e)),
        },
        Err(errors) => Err(field_errors(&p, "pages.field_", errors)),
    };
    match saved {
        Ok(id) => {
            let page = state.store.portal_page(staff.user.village_id, id).await.map_err(|e| store_failure(&p, e))?;
            let f = PageForm { title: page.title, slug: page.slug, body: page.body_html, ..f };
            let mut page = render(&state, p, &staff, f.csrf.clone(), Some(id), f).await?;
            page.notice = Some(page.p.t("pages.saved"));
            Ok(page.into_response())
        }
        Err(errors) => {
            let mut page = render(&state, p, &staff, f.csrf.clone(), id, f).await?;
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn add(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<PageForm>,
) -> Result<Response, PageError> {
    save(state, p, staff, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<PageForm>,
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
    state.store.delete_portal_page(staff.user.village_id, id, &staff.user).await.map_err(|e| store_failure(&p, e))?;
    let blank = PageForm { published: "1".into(), ..PageForm::default() };
    let mut page = render(&state, p, &staff, f.csrf, None, blank).await?;
    page.notice = Some(page.p.t("pages.deleted"));
    Ok(page.into_response())
}
