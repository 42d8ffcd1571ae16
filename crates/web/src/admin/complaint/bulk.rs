//! Bulk steps from the queue: one step (a disposition, a rejection) for the cases a user ticked,
//! each checked and taken as if alone — the user's roles, the case's status and the state
//! machine decide for every case — and audited one by one; the answer says what was done and
//! what was refused, and why.

use super::super::Staff;
use super::super::form_kit::{Shell, shell_page};
use super::case::load;
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::staff_step::{self, StepInput};
use aduan_store::complaint::handling::StepError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// At most this many cases in one bulk step (the queue shows 25 a page).
pub const MAX_CASES: usize = 100;

#[derive(Deserialize)]
pub struct BulkForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    tiket: Vec<String>,
    #[serde(default)]
    action: String,
    #[serde(default)]
    officer: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    duplicate_of: String,
    #[serde(default)]
    note: String,
}

crate::has_csrf!(BulkForm);

#[derive(Template, WebTemplate)]
#[template(path = "admin_bulk.html")]
pub struct BulkPage {
    shell: Shell,
    /// The heading over the cases done, naming the step.
    done_title: String,
    done: Vec<String>,
    /// `(ticket, why)`, the reason already in the user's language.
    refused: Vec<(String, String)>,
}

shell_page!(BulkPage);

pub async fn apply(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<BulkForm>,
) -> Result<Response, PageError> {
    // Each case once, in the order the queue listed them.
    let mut seen = std::collections::HashSet::new();
    let tickets: Vec<String> =
        f.tiket.iter().map(|t| t.trim().to_uppercase()).filter(|t| !t.is_empty() && seen.insert(t.clone())).collect();
    if tickets.is_empty() || tickets.len() > MAX_CASES {
        let key = if tickets.is_empty() { "bulk.none_chosen" } else { "bulk.too_many" };
        return Err(PageError::new(p.with_title("bulk.title"), StatusCode::UNPROCESSABLE_ENTITY, key));
    }
    let officers: Vec<i64> =
        state.store.officers(staff.user.village_id).await.or_page(&p)?.iter().map(|u| u.id).collect();
    let (mut done, mut refused) = (Vec::new(), Vec::new());
    for raw in tickets {
        // A case the user may not see is refused as not found, as its own page would be.
        let (ticket, case) = match load(&state, &p, &staff, &raw).await {
            Ok(found) => found,
            Err(e) if e.status == StatusCode::NOT_FOUND => {
                refused.push((raw, p.t("error.not_found")));
                continue;
            }
            Err(e) => return Err(e),
        };
        let input = StepInput {
            action: f.action.clone(),
            from: case.status.as_str().to_string(),
            note: f.note.clone(),
            officer: f.officer.clone(),
            reason: f.reason.clone(),
            duplicate_of: f.duplicate_of.clone(),
            ..StepInput::default()
        };
        let (from, step) = match staff_step::build(&staff.user.roles, &case, &input, &officers, p.lang) {
            Ok(s) => s,
            Err(r) => {
                refused.push((raw, p.t(r.key)));
                continue;
            }
        };
        let why = match state.store.take_step(&ticket, from, &step, &staff.user).await {
            Ok(()) => {
                done.push(raw);
                continue;
            }
            Err(StepError::Stale) => "case.stale",
            Err(StepError::Transition(_)) => "case.not_allowed",
            Err(StepError::NoOriginal) => "case.no_original",
            Err(StepError::NotAnOfficer) => "case.needs_officer",
            Err(StepError::Store(e)) => return Err(PageError::store(p, e)),
        };
        refused.push((raw, p.t(why)));
    }
    let status = if done.is_empty() { StatusCode::CONFLICT } else { StatusCode::OK };
    let done_key = match f.action.as_str() {
        "disposisi" => "bulk.done_disposisi",
        "reject" => "bulk.done_reject",
        _ => "bulk.done_",
    };
    let page = BulkPage {
        done_title: p.t(done_key),
        done,
        refused,
        shell: Shell::new(p, &staff, f.csrf.clone(), "bulk.title"),
    };
    Ok((status, [(header::CACHE_CONTROL, "no-store")], page).into_response())
}
