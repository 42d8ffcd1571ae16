//! What the citizen does on their own case (ticket + PIN, steps 7–8 of the procedure): reply and
//! add evidence, ask for the status, withdraw, accept the answer, rate it, object to it. Each
//! answers with a redirect to the case and a notice, or the case page with the reason it was
//! refused.

use super::super::complaint::track::{self, form_of, has_access, notice_at};
use super::super::layout::PageCtx;
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::PageError;
use crate::upload;
use aduan_domain::{Action, Ticket};
use aduan_store::StoreError;
use aduan_store::complaint::citizen::CitizenError;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;

/// Longest citizen message, objection or comment.
pub const MAX_TEXT: usize = 5000;

pub(in crate::pages) fn done(ticket: &Ticket, what: &str) -> Response {
    let at = notice_at(what);
    let fragment = if at.is_empty() { String::new() } else { format!("#{at}") };
    Redirect::to(&format!("/lacak/{ticket}?ok={what}{fragment}")).into_response()
}

/// The ticket of the path, for a browser that proved its PIN.
pub(in crate::pages) async fn authorised(
    state: &AppState,
    p: &PageCtx,
    jar: &SignedCookieJar,
    raw: &str,
) -> Result<Ticket, PageError> {
    let ticket = Ticket::parse(raw).map_err(|_| PageError::missing(p.clone(), "error.invalid_ticket"))?;
    if !has_access(state, jar, &ticket).await {
        return Err(PageError::new(p.clone().with_title("error.title"), StatusCode::FORBIDDEN, "error.pin_required"));
    }
    Ok(ticket)
}

/// The case page again, with why the step `what` was refused beside its form.
pub(in crate::pages) async fn refused(
    state: &AppState,
    p: PageCtx,
    jar: SignedCookieJar,
    ticket: &Ticket,
    what: &str,
    status: StatusCode,
    errors: Vec<String>,
) -> Result<Response, PageError> {
    let messages = track::Messages { at: form_of(what), notice: None, errors };
    let (jar, page) = track::case_page(state, p, jar, ticket, messages).await?;
    Ok((status, jar, page).into_response())
}

pub(in crate::pages) async fn answer(
    state: &AppState,
    p: PageCtx,
    jar: SignedCookieJar,
    ticket: &Ticket,
    result: Result<(), CitizenError>,
    what: &str,
) -> Result<Response, PageError> {
    let (status, key) = match result {
        Ok(()) => return Ok(done(ticket, what)),
        Err(CitizenError::NotNow(_)) | Err(CitizenError::Step(_)) => (StatusCode::CONFLICT, "citizen.not_now"),
        Err(CitizenError::TooSoon { .. }) => (StatusCode::TOO_MANY_REQUESTS, "citizen.too_soon"),
        Err(CitizenError::AlreadyRated) => (StatusCode::CONFLICT, "citizen.already_rated"),
        Err(CitizenError::NeedsLowRating) => (StatusCode::CONFLICT, "citizen.needs_low_rating"),
        Err(CitizenError::UnknownBody) => (StatusCode::UNPROCESSABLE_ENTITY, "escalate.body_required"),
        Err(CitizenError::AlreadyEscalated) => (StatusCode::CONFLICT, "escalate.already"),
        Err(CitizenError::AlreadyPosted) => (StatusCode::CONFLICT, "citizen.not_now"),
        Err(CitizenError::TooManyReplies { next }) => {
            let message = p.tf("citizen.too_many_replies", "time", &p.datetime(&next));
            return refused(state, p, jar, ticket, what, StatusCode::TOO_MANY_REQUESTS, vec![message]).await;
        }
        Err(CitizenError::EvidenceFull) => {
            let max = state.config.max_case_files.to_string();
            let size = (state.config.max_complaint_bytes / (1024 * 1024)).to_string();
            let message = p.lang.tf("citizen.evidence_full", &[("count", &max), ("size", &size)]);
            return refused(state, p, jar, ticket, what, StatusCode::PAYLOAD_TOO_LARGE, vec![message]).await;
        }
        Err(CitizenError::Store(StoreError::NotFound)) => {
            return Err(PageError::missing(p, "error.ticket_not_found"));
        }
        Err(CitizenError::Store(e)) => return Err(PageError::store(p, e)),
    };
    let message = p.t(key);
    refused(state, p, jar, ticket, what, status, vec![message]).await
}

/// A text field: trimmed, required, not too long.
pub(in crate::pages) fn text(p: &PageCtx, value: &str, required: bool) -> Result<String, String> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(p.t("citizen.text_required"));
    }
    if v.chars().count() > MAX_TEXT {
        return Err(p.lang.tf("citizen.text_too_long", &[("max", &MAX_TEXT.to_string())]));
    }
    Ok(v.to_string())
}

pub async fn reply(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path(raw): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    let ticket = authorised(&state, &p, &jar, &raw).await?;
    let form = upload::read_checked(multipart, &state.config, &jar, &p).await?;
    let mut errors: Vec<String> =
        form.problems.iter().map(|f| super::super::describe_file_problem(&p, &state, f)).collect();
    let body = form.extra.get("message").map(String::as_str).unwrap_or_default();
    let body = match text(&p, body, form.raw_files.is_empty()) {
        Ok(b) => b,
        Err(e) => {
            errors.push(e);
            String::new()
        }
    };
    let (clean, problems) =
        upload::clean_files(&state.config.images, form.raw_files, state.config.max_file_bytes).await;
    errors.extend(problems.iter().map(|f| super::super::describe_file_problem(&p, &state, f)));
    if !errors.is_empty() {
        return refused(&state, p, jar, &ticket, "replied", StatusCode::UNPROCESSABLE_ENTITY, errors).await;
    }
    let result = state.store.citizen_reply(&ticket, &body, clean, &state.config.reply_quota()).await.map(|_| ());
    answer(&state, p, jar, &ticket, result, "replied").await
}

#[derive(Deserialize)]
pub struct Plain {
    #[serde(default)]
    csrf: String,
}

pub async fn ask_status(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path(raw): Path<String>,
    CsrfForm(_): CsrfForm<Plain>,
) -> Result<Response, PageError> {
    let ticket = authorised(&state, &p, &jar, &raw).await?;
    let result = state.store.ask_status(&ticket).await;
    answer(&state, p, jar, &ticket, result, "asked").await
}

#[derive(Deserialize)]
pub struct Withdraw {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    confirm: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path(raw): Path<String>,
    CsrfForm(f): CsrfForm<Withdraw>,
) -> Result<Response, PageError> {
    let ticket = authorised(&state, &p, &jar, &raw).await?;
    if f.confirm != "ya" {
        let e = p.t("citizen.confirm_withdraw");
        return refused(&state, p, jar, &ticket, "withdrawn", StatusCode::UNPROCESSABLE_ENTITY, vec![e]).await;
    }
    let reason = match text(&p, &f.reason, false) {
        Ok(r) => Some(r).filter(|r| !r.is_empty()),
        Err(e) => {
            return refused(&state, p, jar, &ticket, "withdrawn", StatusCode::UNPROCESSABLE_ENTITY, vec![e]).await;
        }
    };
    let result = state.store.citizen_step(&ticket, Action::Withdraw, reason).await.map(|_| ());
    answer(&state, p, jar, &ticket, result, "withdrawn").await
}

pub async fn accept(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path(raw): Path<String>,
    CsrfForm(_): CsrfForm<Plain>,
) -> Result<Response, PageError> {
    let ticket = authorised(&state, &p, &jar, &raw).await?;
    let result = state.store.citizen_step(&ticket, Action::Close, None).await.map(|_| ());
    answer(&state, p, jar, &ticket, result, "accepted").await
}

#[derive(Deserialize)]
pub struct Rate {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
}

pub async fn rate(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path(raw): Path<String>,
    CsrfForm(f): CsrfForm<Rate>,
) -> Result<Response, PageError> {
    let ticket = authorised(&state, &p, &jar, &raw).await?;
    let Some(rating) = f.rating.trim().parse::<i64>().ok().filter(|r| (1..=4).contains(r)) else {
        let e = p.t("citizen.rating_required");
        return refused(&state, p, jar, &ticket, "rated", StatusCode::UNPROCESSABLE_ENTITY, vec![e]).await;
    };
    let comment = match text(&p, &f.comment, false) {
        Ok(c) => c,
        Err(e) => return refused(&state, p, jar, &ticket, "rated", StatusCode::UNPROCESSABLE_ENTITY, vec![e]).await,
    };
    let result = state.store.rate(&ticket, rating, &comment).await;
    answer(&state, p, jar, &ticket, result, "rated").await
}

#[derive(Deserialize)]
pub struct Object {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

pub async fn object(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path(raw): Path<String>,
    CsrfForm(f): CsrfForm<Object>,
) -> Result<Response, PageError> {
    let ticket = authorised(&state, &p, &jar, &raw).await?;
    let reason = match text(&p, &f.reason, true) {
        Ok(r) => r,
        Err(e) => return refused(&state, p, jar, &ticket, "objected", StatusCode::UNPROCESSABLE_ENTITY, vec![e]).await,
    };
    let result = state.store.object(&ticket, &reason).await;
    answer(&state, p, jar, &ticket, result, "objected").await
}

crate::has_csrf!(Plain, Withdraw, Rate, Object);
