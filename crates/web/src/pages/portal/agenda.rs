//! `/agenda`: the village's events — every upcoming one, then the past ones, latest first, a
//! page at a time.

use super::super::layout::PageCtx;
use super::super::portal::sidebar::Sidebar;
use crate::AppState;
use crate::error::PageError;
use crate::visits::VisitorWidget;
use aduan_store::portal::agenda::{AgendaCursor, AgendaEvent};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

/// Upcoming events shown at most; a village plans a few weeks ahead.
const UPCOMING: i64 = 50;
const PAST_PAGE: i64 = 10;

#[derive(Template, WebTemplate)]
#[template(path = "agenda.html")]
pub struct AgendaPage {
    p: PageCtx,
    upcoming: Vec<AgendaEvent>,
    past: Vec<AgendaEvent>,
    /// Whether this is a later page of past events (then the upcoming ones are not repeated).
    later_page: bool,
    next: Option<String>,
    sidebar: Sidebar,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AgendaQuery {
    sebelum: String,
}

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    visitors: VisitorWidget,
    query: Result<Query<AgendaQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<AgendaPage, PageError> {
    let fail = |e| PageError::store(p.clone(), e);
    let village = p.village.id;
    let now = p.now;
    let cursor = query.ok().and_then(|Query(q)| AgendaCursor::decode(q.sebelum.trim()));
    let upcoming = match cursor {
        Some(_) => Vec::new(),
        None => state.store.upcoming_events(village, now, UPCOMING).await.map_err(fail)?,
    };
    let (past, next) = state.store.past_events(village, now, cursor, PAST_PAGE).await.map_err(fail)?;
    let next = next.map(|c| format!("/agenda?sebelum={}", c.encode()));
    let sidebar = Sidebar::load(&state, &p, visitors).await.map_err(fail)?;
    Ok(AgendaPage { p: p.with_title("agenda.title"), upcoming, past, later_page: cursor.is_some(), next, sidebar })
}
