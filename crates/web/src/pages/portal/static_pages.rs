//! `/halaman/{slug}`: the village's pages that stay — profile, history, vision and mission.

use super::super::layout::PageCtx;
use super::super::portal::sidebar::Sidebar;
use crate::AppState;
use crate::error::{OrRespond, PageError};
use crate::visits::VisitorWidget;
use aduan_store::StoreError;
use aduan_store::portal::static_pages::PortalPage;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};

#[derive(Template, WebTemplate)]
#[template(path = "page.html")]
pub struct StaticPage {
    p: PageCtx,
    page: PortalPage,
    sidebar: Sidebar,
}

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    visitors: VisitorWidget,
    Path(slug): Path<String>,
) -> Result<StaticPage, PageError> {
    let page = state.store.published_page(p.village.id, &slug).await.map_err(|e| match e {
        StoreError::NotFound => PageError::not_found(p.clone()),
        other => PageError::store(p.clone(), other),
    })?;
    let sidebar = Sidebar::load(&state, &p, visitors).await.or_page(&p)?;
    let mut p = p;
    p.title = page.title.clone();
    Ok(StaticPage { p, page, sidebar })
}
