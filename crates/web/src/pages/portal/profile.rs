//! `/profil`: the village's profile — the office with its contacts and place on the map, the
//! village officials with their photos, and the village's social media and partner programmes.

use super::super::layout::PageCtx;
use super::super::portal::sidebar::Sidebar;
use crate::AppState;
use crate::error::PageError;
use crate::visits::VisitorWidget;
use aduan_domain::portal::LinkKind;
use aduan_store::StoreError;
use aduan_store::portal::officials::Official;
use aduan_store::portal::sidebar::PortalLink;
use aduan_store::portal::static_pages::PortalPage;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

#[derive(Template, WebTemplate)]
#[template(path = "profile.html")]
pub struct ProfilePage {
    p: PageCtx,
    officials: Vec<Official>,
    /// The village's own pages (history, vision and mission…).
    pages: Vec<PortalPage>,
    social: Vec<PortalLink>,
    sinergi: Vec<PortalLink>,
    sidebar: Sidebar,
}

impl ProfilePage {
    /// The office on OpenStreetMap, for every browser and for when no map can be drawn.
    fn map_link(&self) -> Option<String> {
        let (lat, lon) = (self.p.village.latitude?, self.p.village.longitude?);
        Some(format!("https://www.openstreetmap.org/?mlat={lat:.6}&mlon={lon:.6}#map=16/{lat:.6}/{lon:.6}"))
    }
}

/// The profile page may run Leaflet from this site and load OpenStreetMap's tiles; every other
/// page keeps the site-wide policy without scripts.
const MAP_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data: https://tile.openstreetmap.org; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub async fn show(State(state): State<AppState>, p: PageCtx, visitors: VisitorWidget) -> Result<Response, PageError> {
    let fail = |e| PageError::store(p.clone(), e);
    let village = p.village.id;
    let officials = state.store.officials(village).await.map_err(fail)?;
    let pages = state.store.portal_pages(village, true).await.map_err(fail)?;
    let links = state.store.portal_links(village, None).await.map_err(fail)?;
    let (social, sinergi) = links.into_iter().partition(|l| l.kind == LinkKind::Sosial);
    let sidebar = Sidebar::load(&state, &p, visitors).await.map_err(fail)?;
    let mut p = p.with_title("profile.title");
    p.description = p.tf("profile.description", "village", &p.village.name);
    let page = ProfilePage { p, officials, pages, social, sinergi, sidebar };
    Ok(([(header::CONTENT_SECURITY_POLICY, MAP_POLICY)], page).into_response())
}

/// An official's portrait; it changes under the same address only when replaced, so browsers
/// may keep it a day.
pub async fn photo(State(state): State<AppState>, p: PageCtx, Path(id): Path<String>) -> Result<Response, PageError> {
    let not_found = || PageError::not_found(p.clone());
    let id = id.parse::<i64>().map_err(|_| not_found())?;
    let (mime, bytes) = state.store.official_photo(p.village.id, id).await.map_err(|e| match e {
        StoreError::NotFound => not_found(),
        other => PageError::store(p.clone(), other),
    })?;
    Ok(([(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, "public, max-age=86400".to_string())], bytes)
        .into_response())
}

/// A picture the `redaksi` uploaded for articles and pages.
pub async fn media(State(state): State<AppState>, p: PageCtx, Path(id): Path<String>) -> Result<Response, PageError> {
    let not_found = || PageError::not_found(p.clone());
    let id = id.parse::<i64>().map_err(|_| not_found())?;
    let (mime, bytes) = state.store.media_file(p.village.id, id).await.map_err(|e| match e {
        StoreError::NotFound => not_found(),
        other => PageError::store(p.clone(), other),
    })?;
    Ok(([(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, "public, max-age=86400".to_string())], bytes)
        .into_response())
}
