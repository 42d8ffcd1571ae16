//! `/admin/artikel/kategori`: the `redaksi` adds, renames and orders the article categories,
//! and removes one that no article is in.

use super::super::form_kit::{self, AdminForm, Shell, shell_page};
use super::super::login::CsrfOnly;
use super::super::{Staff, not_found, path_id, store_failure};
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::portal::CategoryInput;
use aduan_store::StoreError;
use aduan_store::portal::articles::ArticleCategory;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;

#[derive(Template, WebTemplate)]
#[template(path = "admin_categories.html")]
pub struct CategoriesPage {
    shell: Shell,
    categories: Vec<ArticleCategory>,
    draft: CategoryForm,
}

shell_page!(CategoriesPage);

async fn render(state: &AppState, p: PageCtx, staff: &Staff, csrf: String) -> Result<CategoriesPage, PageError> {
    let categories = state.store.article_categories(staff.user.village_id).await.or_page(&p)?;
    Ok(CategoriesPage {
        shell: Shell::new(p, staff, csrf, "categories.admin_title"),
        categories,
        draft: CategoryForm::default(),
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

pub type CategoryForm = AdminForm<CategoryInput>;

async fn save(
    state: AppState,
    p: PageCtx,
    staff: Staff,
    id: Option<i64>,
    f: CategoryForm,
) -> Result<Response, PageError> {
    let village = staff.user.village_id;
    let taken = Some(("slug", "categories.slug_taken"));
    let kept = form_kit::keep(&p, f.validate(), "categories.field_", taken, async |draft| {
        state.store.save_article_category(village, id, &draft, &staff.user).await
    })
    .await?;
    let mut page = render(&state, p, &staff, f.csrf.clone()).await?;
    if kept.is_err() && id.is_none() {
        page.draft = f;
    }
    Ok(form_kit::answer(page, kept.map(|_| "categories.saved")))
}

pub async fn add(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<CategoryForm>,
) -> Result<Response, PageError> {
    save(state, p, staff, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<CategoryForm>,
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
    let outcome = match state.store.delete_article_category(staff.user.village_id, id, &staff.user).await {
        Ok(()) => Ok(()),
        Err(StoreError::Conflict(_)) => Err(()),
        Err(e) => return Err(store_failure(&p, e)),
    };
    let page = render(&state, p, &staff, f.csrf).await?;
    match outcome {
        Ok(()) => Ok(form_kit::answer(page, Ok("categories.deleted"))),
        Err(()) => Ok(form_kit::refuse(page, StatusCode::CONFLICT, "categories.not_empty")),
    }
}
