//! The rich-text editor of articles and pages: Squire with DOMPurify, served from `/static/editor/`
//! and allowed to run only on the pages that edit text (every other page keeps the site-wide
//! policy without scripts). The pictures of the media library are offered in its toolbar.

use crate::AppState;
use aduan_store::StoreError;
use aduan_store::portal::media::MediaItem;
use axum::http::{HeaderValue, header};
use axum::routing::MethodRouter;
use tower_http::set_header::SetResponseHeaderLayer;

/// The site-wide policy with scripts from this site.
const EDITOR_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// How many of the newest pictures the toolbar offers; older ones are inserted from the media
/// page's code.
const OFFERED_IMAGES: usize = 60;

/// An editing page's route, with the policy that lets the editor run.
pub fn editing(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(EDITOR_POLICY),
    ))
}

/// The pictures the toolbar offers, newest first.
pub async fn images(state: &AppState, village_id: i64) -> Result<Vec<MediaItem>, StoreError> {
    let mut items = state.store.media_items(village_id).await?;
    items.truncate(OFFERED_IMAGES);
    Ok(items)
}
