//! `/admin/halaman`: the `redaksi` writes the village's pages that stay (profile, history,
//! vision and mission) in HTML, sanitised when saved, and orders or unpublishes them.

use super::super::form_kit::{self, AdminForm, Shell, shell_page};
use super::super::login::CsrfOnly;
use super::super::{Staff, not_found, path_id, store_failure};
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::portal::PageInput;
use aduan_store::portal::static_pages::PortalPage;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;

#[derive(Template, WebTemplate)]
#[template(path = "admin_pages.html")]
pub struct PagesAdmin {
    shell: Shell,
    pages: Vec<PortalPage>,
    /// The page being edited (`None` for a new one) and its fields.
    editing: Option<i64>,
    f: PageForm,
    /// The pictures the editor offers.
    images: Vec<aduan_store::portal::media::MediaItem>,
    /// The text box the editor's toolbar serves.
    editor_box: &'static str,
}

shell_page!(PagesAdmin);

pub type PageForm = AdminForm<PageInput>;

/// A new page's form: published unless the editor says otherwise.
fn blank() -> PageForm {
    AdminForm { input: PageInput { published: true, ..PageInput::default() }, ..AdminForm::default() }
}

async fn render(
    state: &AppState,
    p: PageCtx,
    staff: &Staff,
    csrf: String,
    editing: Option<i64>,
    f: PageForm,
) -> Result<PagesAdmin, PageError> {
    let pages = state.store.portal_pages(staff.user.village_id, false).await.or_page(&p)?;
    let images = super::editor::images(state, staff.user.village_id).await.or_page(&p)?;
    Ok(PagesAdmin {
        shell: Shell::new(p, staff, csrf, "pages.admin_title"),
        pages,
        editing,
        f,
        images,
        editor_box: "body",
    })
}

pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
) -> Result<Response, PageError> {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    Ok((jar, render(&state, p, &staff, csrf, None, blank()).await?).into_response())
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
    let f = AdminForm {
        input: PageInput {
            title: page.title,
            slug: page.slug,
            body: page.body_html,
            position: page.position.to_string(),
            published: page.published,
        },
        ..AdminForm::default()
    };
    Ok((jar, render(&state, p, &staff, csrf, Some(id), f).await?).into_response())
}

async fn save(state: AppState, p: PageCtx, staff: Staff, id: Option<i64>, f: PageForm) -> Result<Response, PageError> {
    let village = staff.user.village_id;
    let taken = Some(("slug", "pages.slug_taken"));
    let kept = form_kit::keep(&p, f.validate(), "pages.field_", taken, async |draft| {
        state.store.save_portal_page(village, id, &draft, &staff.user).await
    })
    .await?;
    let Ok(id) = kept else {
        let page = render(&state, p, &staff, f.csrf.clone(), id, f).await?;
        return Ok(form_kit::answer(page, kept.map(|_| "pages.saved")));
    };
    // The form shows the page as it was kept: the slug made, the body sanitised.
    let kept_page = state.store.portal_page(village, id).await.map_err(|e| store_failure(&p, e))?;
    let input =
        PageInput { title: kept_page.title, slug: kept_page.slug, body: kept_page.body_html, ..f.input.clone() };
    let f = AdminForm { input, ..f };
    let page = render(&state, p, &staff, f.csrf.clone(), Some(id), f).await?;
    Ok(form_kit::answer(page, Ok("pages.saved")))
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
    Ok(form_kit::answer(render(&state, p, &staff, f.csrf, None, blank()).await?, Ok("pages.deleted")))
}
