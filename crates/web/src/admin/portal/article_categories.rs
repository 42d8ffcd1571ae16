//! `/admin/artikel/kategori`: the `redaksi` adds, renames and orders the article categories,
//! and removes one that no article is in.

use super::super::login::CsrfOnly;
use super::super::{Staff, field_errors, menu, not_found, path_id, store_failure};
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
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin_categories.html")]
pub struct CategoriesPage {
    p: PageCtx,
    nav: Vec<(&'static str, &'static str)>,
    csrf: String,
    categories: Vec<ArticleCategory>,
    draft: CategoryForm,
    notice: Option<String>,
    errors: Vec<String>,
}

async fn render(state: &AppState, p: PageCtx, staff: &Staff, csrf: String) -> Result<CategoriesPage, PageError> {
    let categories = state.store.article_categories(staff.user.village_id).await.or_page(&p)?;
    Ok(CategoriesPage {
        nav: menu(staff),
        csrf,
        categories,
        draft: CategoryForm::default(),
        notice: None,
        errors: Vec::new(),
        p: p.with_title("categories.admin_title"),
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
pub struct CategoryForm {
    csrf: String,
    name: String,
    slug: String,
    position: String,
}

crate::has_csrf!(CategoryForm);

async fn save(
    state: AppState,
    p: PageCtx,
    staff: Staff,
    id: Option<i64>,
    f: CategoryForm,
) -> Result<Response, PageError> {
    let input = CategoryInput { name: f.name.clone(), slug: f.slug.clone(), position: f.position.clone() };
    let outcome = match input.validate() {
        Ok(draft) => match state.store.save_article_category(staff.user.village_id, id, &draft, &staff.user).await {
            Ok(_) => Ok(()),
            Err(StoreError::Conflict(_)) => {
                Err(vec![format!("{}: {}", p.t("categories.field_slug"), p.t("categories.slug_taken"))])
            }
            Err(e) => return Err(store_failure(&p, e)),
        },
        Err(errors) => Err(field_errors(&p, "categories.field_", &errors)),
    };
    let mut page = render(&state, p, &staff, f.csrf.clone()).await?;
    match outcome {
        Ok(()) => {
            page.notice = Some(page.p.t("categories.saved"));
            Ok(page.into_response())
        }
        Err(errors) => {
            page.errors = errors;
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
    let mut page = render(&state, p, &staff, f.csrf).await?;
    match outcome {
        Ok(()) => {
            page.notice = Some(page.p.t("categories.deleted"));
            Ok(page.into_response())
        }
        Err(()) => {
            page.errors = vec![page.p.t("categories.not_empty")];
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}
