//! Step 9 and 10 for the citizen: escalate the case to a supervisory body, download its case file
//! and the complete history; and the body's read-only view of the case through its expiring link,
//! which needs no account.

use super::super::complaint::case_steps::{answer, authorised, refused, text};
use super::super::complaint::evidence;
use super::super::layout::PageCtx;
use crate::AppState;
use crate::casefile::{self, Contents};
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use aduan_domain::Ticket;
use aduan_store::complaint::complaints::CaseView;
use aduan_store::complaint::escalation::{Escalation, EscalationRequest, LinkError, MissedDeadline};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;
use time::Duration;

#[derive(Deserialize)]
pub struct Escalate {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    requested: String,
    /// `tampil` lets the body see who complained.
    #[serde(default)]
    identity: String,
}

crate::has_csrf!(Escalate);

pub async fn escalate(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path(raw): Path<String>,
    CsrfForm(f): CsrfForm<Escalate>,
) -> Result<Response, PageError> {
    let ticket = authorised(&state, &p, &jar, &raw).await?;
    let mut errors = Vec::new();
    let body_id = f.body.trim().parse::<i64>().ok();
    if body_id.is_none() {
        errors.push(p.t("escalate.body_required"));
    }
    let requested = text(&p, &f.requested, true).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    });
    let Some(body_id) = body_id.filter(|_| errors.is_empty()) else {
        return refused(&state, p, jar, &ticket, "escalated", StatusCode::UNPROCESSABLE_ENTITY, errors).await;
    };
    let req = EscalationRequest {
        body_id,
        requested,
        show_identity: f.identity == "tampil",
        link_for: Duration::days(state.config.escalation_link_days),
    };
    let result = state.store.escalate(&ticket, &req).await.map(|_| ());
    answer(&state, p, jar, &ticket, result, "escalated").await
}

/// The case with what every file needs besides it.
async fn gather(state: &AppState, p: &PageCtx, ticket: &Ticket) -> Result<(CaseView, Vec<MissedDeadline>), PageError> {
    let case = state.store.case(ticket).await.or_page(p)?;
    let missed = state.store.missed_deadlines(case.id).await.or_page(p)?;
    Ok((case, missed))
}

async fn pdf(
    state: &AppState,
    p: PageCtx,
    case: &CaseView,
    missed: &[MissedDeadline],
    escalation: Option<&Escalation>,
) -> Result<Response, PageError> {
    let contents = Contents { case, escalation, missed, public_url: &state.config.public_url };
    let file = casefile::build(&p, &contents, p.now);
    let kind = if escalation.is_some() { "berkas" } else { "riwayat" };
    casefile::respond(p, file, format!("{kind}-{}.pdf", case.ticket)).await
}

/// The case file of one of the citizen's escalations.
pub async fn citizen_file(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path((raw, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let ticket = authorised(&state, &p, &jar, &raw).await?;
    let (case, missed) = gather(&state, &p, &ticket).await?;
    let all = state.store.escalations(case.id).await.or_page(&p)?;
    let Some(e) = all.iter().find(|e| e.id == id) else {
        return Err(PageError::not_found(p));
    };
    pdf(&state, p, &case, &missed, Some(e)).await
}

/// The complete history, for the citizen to keep (step 10).
pub async fn history(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let ticket = authorised(&state, &p, &jar, &raw).await?;
    let (case, missed) = gather(&state, &p, &ticket).await?;
    pdf(&state, p, &case, &missed, None).await
}

#[derive(Template, WebTemplate)]
#[template(path = "body_view.html")]
pub struct BodyView {
    p: PageCtx,
    link: String,
    case: CaseView,
    escalation: Escalation,
    missed: Vec<MissedDeadline>,
}

impl BodyView {
    fn history_title(&self, action: &str, status: &str) -> String {
        match action {
            "status_request" => self.p.t("casefile.status_asked"),
            "escalate" => self.p.t("casefile.escalated"),
            _ => self.p.tk("status.", status),
        }
    }
}

/// Opens the link (counted and audited) or says why it cannot be opened.
async fn open(state: &AppState, p: &PageCtx, link: &str) -> Result<(Ticket, Escalation), PageError> {
    let valid = link.len() == 48 && link.bytes().all(|b| b.is_ascii_hexdigit());
    if !valid {
        return Err(PageError::new(
            p.clone().with_title("error.title"),
            StatusCode::NOT_FOUND,
            "escalate.link_unknown",
        ));
    }
    match state.store.open_escalation_link(link, p.now).await {
        Ok(found) => Ok(found),
        Err(LinkError::NotFound) => {
            Err(PageError::new(p.clone().with_title("error.title"), StatusCode::NOT_FOUND, "escalate.link_unknown"))
        }
        Err(LinkError::Expired) => {
            Err(PageError::new(p.clone().with_title("error.title"), StatusCode::GONE, "escalate.link_expired"))
        }
        Err(LinkError::Store(e)) => Err(PageError::store(p.clone(), e)),
    }
}

/// Kept out of caches and search engines: the link is the only key.
fn private(response: impl IntoResponse) -> Response {
    (
        [(header::CACHE_CONTROL, "private, no-store"), (header::HeaderName::from_static("x-robots-tag"), "noindex")],
        response,
    )
        .into_response()
}

/// The body's read-only view of the case.
pub async fn body_view(
    State(state): State<AppState>,
    p: PageCtx,
    Path(link): Path<String>,
) -> Result<Response, PageError> {
    let (ticket, escalation) = open(&state, &p, &link).await?;
    let (case, missed) = gather(&state, &p, &ticket).await?;
    let mut p = p;
    p.title = p.tf("casefile.title", "ticket", ticket.as_str());
    Ok(private(BodyView { p, link, case, escalation, missed }))
}

pub async fn body_file(
    State(state): State<AppState>,
    p: PageCtx,
    Path(link): Path<String>,
) -> Result<Response, PageError> {
    let (ticket, escalation) = open(&state, &p, &link).await?;
    let (case, missed) = gather(&state, &p, &ticket).await?;
    pdf(&state, p, &case, &missed, Some(&escalation)).await.map(private)
}

pub async fn body_evidence(
    State(state): State<AppState>,
    p: PageCtx,
    Path((link, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let (ticket, _) = open(&state, &p, &link).await?;
    evidence::send(&state, p, &ticket, id).await
}
