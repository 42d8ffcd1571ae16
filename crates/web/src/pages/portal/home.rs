//! The village's home page: name and motto, the complaint entry point, the latest articles and
//! the sidebar widgets.

use super::super::layout::PageCtx;
use super::super::portal::sidebar::Sidebar;
use crate::AppState;
use crate::error::PageError;
use crate::visits::VisitorWidget;
use aduan_store::portal::articles::{ArticleFilter, ArticleSummary};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct Home {
    p: PageCtx,
    latest: Vec<ArticleSummary>,
    sidebar: Sidebar,
}

impl Home {
    fn when(&self, a: &ArticleSummary) -> String {
        a.publish_at.map(|t| self.p.date(&t.to_offset(self.p.village.utc_offset).date())).unwrap_or_default()
    }
}

pub async fn show(State(state): State<AppState>, p: PageCtx, visitors: VisitorWidget) -> Result<Home, PageError> {
    let fail = |e| PageError::store(p.clone(), e);
    let (latest, _) =
        state.store.published_articles(p.village.id, &ArticleFilter::default(), None, 5).await.map_err(fail)?;
    let sidebar = Sidebar::load(&state, &p, visitors).await.map_err(fail)?;
    Ok(Home { p: p.with_title("home.title"), latest, sidebar })
}
