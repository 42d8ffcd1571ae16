//! Saved views of the queue: three every user has (their own cases, the overdue ones, those
//! waiting for verification) and those a user saves from any set of filters, each with how many
//! cases it holds, counted up to a cap so that a count never reads every row.

use super::super::Staff;
use super::super::form_kit::count_label;
use super::queue_query::{QueueQuery, filter_of};
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use aduan_domain::staff::ViewName;
use aduan_store::StoreError;
use aduan_store::complaint::saved_views::COUNT_CAP;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// A view as the queue lists it.
pub struct ViewChip {
    pub name: String,
    /// The queue's query string for the view.
    pub query: String,
    /// How many cases it holds ("1000+" past the cap).
    pub count: String,
    /// A saved view's id (the built-in ones have none and cannot be deleted).
    pub id: Option<i64>,
    /// The queue shows this view now.
    pub current: bool,
}

/// The query string a view keeps: the queue's filters without the search box and paging, and
/// without the filters left empty.
pub fn view_query(f: &QueueQuery) -> String {
    let kept = QueueQuery { q: String::new(), ..f.clone() };
    let all = serde_urlencoded::to_string(&kept).unwrap_or_default();
    all.split('&').filter(|pair| !pair.is_empty() && !pair.ends_with('=')).collect::<Vec<_>>().join("&")
}

/// Every view of the user with its count; `current` is the query the queue shows now.
pub async fn chips(state: &AppState, p: &PageCtx, staff: &Staff, current: &str) -> Result<Vec<ViewChip>, StoreError> {
    let me = staff.user.id;
    let mut views: Vec<(String, String, Option<i64>)> = vec![
        (p.t("queue.view_mine"), format!("petugas={me}"), None),
        (p.t("queue.view_overdue"), "lewat=1".into(), None),
        (p.t("queue.view_verify"), "status=diterima".into(), None),
    ];
    for v in state.store.saved_views(me).await? {
        views.push((v.name, v.query, Some(v.id)));
    }
    let mut out = Vec::with_capacity(views.len());
    for (name, query, id) in views {
        let asked: QueueQuery = serde_urlencoded::from_str(&query).unwrap_or_default();
        let n = state.store.queue_count(staff.user.village_id, &filter_of(p, staff, &asked), COUNT_CAP).await?;
        out.push(ViewChip { count: count_label(n, COUNT_CAP + 1), current: query == current, name, query, id });
    }
    Ok(out)
}

#[derive(Deserialize)]
pub struct SaveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    query: String,
}

/// Saves the filters the queue showed under a name, and shows the view.
pub async fn save(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<SaveForm>,
) -> Result<Response, PageError> {
    let Ok(name) = ViewName::parse(&f.name) else {
        return Err(PageError::new(p, StatusCode::UNPROCESSABLE_ENTITY, "queue.view_name_invalid"));
    };
    // Kept as the queue reads it, whatever was posted.
    let asked: QueueQuery = serde_urlencoded::from_str(&f.query).unwrap_or_default();
    let query = view_query(&asked);
    match state.store.save_view(staff.user.village_id, staff.user.id, &name, &query).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/pengaduan?{query}")).into_response()),
        Err(StoreError::Conflict(_)) => Err(PageError::new(p, StatusCode::CONFLICT, "queue.view_too_many")),
        Err(e) => Err(PageError::store(p, e)),
    }
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    csrf: String,
}

/// Deletes one of the user's own saved views.
pub async fn delete(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<DeleteForm>,
) -> Result<Response, PageError> {
    state.store.delete_view(staff.user.id, id).await.or_page(&p)?;
    Ok(Redirect::to("/admin/pengaduan").into_response())
}

crate::has_csrf!(SaveForm, DeleteForm);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_keeps_the_filters_set_and_nothing_else() {
        let asked: QueueQuery =
            serde_urlencoded::from_str("q=lampu&status=diproses&saluran=sms&setelah=x&lewat=").unwrap();
        assert_eq!(view_query(&asked), "status=diproses&saluran=sms");
        assert_eq!(view_query(&QueueQuery::default()), "");
    }
}
