//! A pengelola's hand on what is published of a `publik` complaint, from the case page: publish an
//! edited title and description (a name or an insult taken out), go back to the citizen's text,
//! or withdraw the publication and restore it. The citizen's text stays in the case.

use super::super::Staff;
use super::super::complaint::case::{load, no_store, render};
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use aduan_domain::complaint::PublicVersion;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PublicForm {
    csrf: String,
    /// `edit`, `as_filed`, `withdraw` or `restore`.
    action: String,
    title: String,
    description: String,
    reason: String,
}

crate::has_csrf!(PublicForm);

/// Longest reason for withdrawing a publication.
const MAX_REASON: usize = 500;

pub async fn update(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(raw): Path<String>,
    CsrfForm(f): CsrfForm<PublicForm>,
) -> Result<Response, PageError> {
    // The case view itself never changes here: the publication state is read when rendering.
    let (ticket, case) = load(&state, &p, &staff, &raw).await?;
    let village = staff.user.village_id;
    let store = &state.store;
    let fail = |e| PageError::store(p.clone(), e);
    let chosen = store.publication(village, &ticket).await.map_err(fail)?.chosen;
    let reason = f.reason.trim();
    let outcome: Result<&str, String> = match f.action.as_str() {
        _ if !chosen => Err("case.public_not_chosen".into()),
        "edit" => match PublicVersion::validate(&f.title, &f.description) {
            Ok(v) => {
                store.set_public_version(village, &ticket, Some(&v), &staff.user).await.map_err(fail)?;
                Ok("case.public_edited")
            }
            Err(errors) => Err(errors.keys().next().map(|k| format!("case.public_bad_{k}")).unwrap_or_default()),
        },
        "as_filed" => {
            store.set_public_version(village, &ticket, None, &staff.user).await.map_err(fail)?;
            Ok("case.public_as_filed")
        }
        "withdraw" if reason.is_empty() || reason.chars().count() > MAX_REASON => Err("case.public_reason".into()),
        "withdraw" | "restore" => {
            let withdraw = f.action == "withdraw";
            store.set_publication_withdrawn(village, &ticket, withdraw, reason, &staff.user).await.map_err(fail)?;
            Ok(if withdraw { "case.public_withdrawn" } else { "case.public_restored" })
        }
        _ => Err("error.bad_form".into()),
    };
    let mut page = render(&state, p, &staff, f.csrf, case, false).await?;
    let status = match outcome {
        Ok(key) => {
            page.notice = Some(page.p.t(key));
            StatusCode::OK
        }
        Err(key) => {
            page.errors = vec![page.p.t(&key)];
            if chosen { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::CONFLICT }
        }
    };
    Ok(no_store(status, page))
}
