//! The office's receipt (tanda terima) for a complaint it recorded: on screen and as a one-page
//! PDF, with the complainant's name, the complaint, the officer and signature lines. The PIN is
//! on it only in the browser that recorded the complaint, until the next one is started there;
//! printed again from the case page it carries everything but the PIN, and the reprint is audited.

use super::super::Staff;
use super::super::form_kit::{Shell, shell_page};
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::complaint::receipt::{PRINT_POLICY, Remembered, recall, track_url};
use crate::pages::layout::PageCtx;
use crate::qr::qr_svg;
use crate::receipt_pdf::{self, OfficeNames};
use crate::security;
use aduan_domain::Ticket;
use aduan_domain::access::IdentityView;
use aduan_store::complaint::complaints::CaseView;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{PrivateCookieJar, SignedCookieJar};
use serde::Deserialize;

pub const RECEIPT_PATH: &str = "/admin/pengaduan/tanda-terima";
/// The receipt's cookie reaches the intake form too, which takes it off when the next complaint
/// is started.
pub const COOKIE_PATH: &str = "/admin/pengaduan";

#[derive(Template, WebTemplate)]
#[template(path = "admin_receipt.html")]
pub struct IntakeReceipt {
    shell: Shell,
    ticket: String,
    pin: String,
    complainant: String,
    /// Empty for an anonymous complainant: the signature line is left blank.
    complainant_name: String,
    title: String,
    category: String,
    received: String,
    verification_due: String,
    officer: String,
    track_url: String,
    qr_svg: String,
    warnings: Vec<String>,
}

shell_page!(IntakeReceipt);

/// The complainant's name as this officer may see it: by their role, or because they recorded
/// the complaint themselves.
async fn names(
    state: &AppState,
    staff: &Staff,
    case: &CaseView,
) -> Result<(Option<String>, String), aduan_store::StoreError> {
    let assigned = state.store.assigned_to(&case.ticket).await?;
    let view = staff.user.roles.identity_view(case.identity_mode, assigned == Some(staff.user.id));
    let sees = view != IdentityView::Hidden || case.recorded_by == Some(staff.user.id);
    let complainant = if sees { case.complainant.name.clone() } else { None };
    let officer = match case.recorded_by {
        Some(id) if id == staff.user.id => staff.user.display_name.clone(),
        Some(id) => state
            .store
            .users(staff.user.village_id)
            .await?
            .into_iter()
            .find(|u| u.id == id)
            .map_or_else(String::new, |u| u.display_name),
        None => String::new(),
    };
    Ok((complainant, officer))
}

/// The receipt this browser holds (encrypted by this server when the complaint was recorded here)
/// and its case.
async fn remembered(
    state: &AppState,
    p: &PageCtx,
    jar: &PrivateCookieJar,
) -> Result<(Remembered, CaseView), PageError> {
    let gone = || PageError::new(p.clone().with_title("intake.receipt_title"), StatusCode::GONE, "receipt.gone");
    let r = recall(jar, p.now).ok_or_else(gone)?;
    let ticket = Ticket::parse(&r.ticket).map_err(|_| gone())?;
    let case = state.store.case(&ticket).await.map_err(|e| match e {
        aduan_store::StoreError::NotFound => gone(),
        other => PageError::store(p.clone(), other),
    })?;
    Ok((r, case))
}

pub async fn page(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: PrivateCookieJar,
    csrf_jar: SignedCookieJar,
) -> Result<Response, PageError> {
    let (r, case) = remembered(&state, &p, &jar).await?;
    let (name, officer) = names(&state, &staff, &case).await.or_page(&p)?;
    let (csrf_jar, csrf) = security::csrf_token(csrf_jar, state.config.secure_cookies);
    let track_url = track_url(&state, &r.ticket);
    let page = IntakeReceipt {
        complainant: name.clone().unwrap_or_else(|| p.tk("form.identity_", case.identity_mode.as_str())),
        complainant_name: name.unwrap_or_default(),
        title: case.title.clone(),
        category: case.category_name.clone(),
        received: p.datetime(&r.received),
        verification_due: p.datetime(&r.due),
        officer,
        qr_svg: qr_svg(&track_url),
        track_url,
        ticket: r.ticket,
        pin: r.pin,
        warnings: r.warnings,
        shell: Shell::new(p, &staff, csrf, "intake.receipt_title"),
    };
    let headers = [(header::CACHE_CONTROL, "no-store"), (header::CONTENT_SECURITY_POLICY, PRINT_POLICY)];
    Ok((csrf_jar, headers, page).into_response())
}

/// The first print, with the PIN, as a PDF.
pub async fn pdf(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: PrivateCookieJar,
) -> Result<Response, PageError> {
    let (r, case) = remembered(&state, &p, &jar).await?;
    let (name, officer) = names(&state, &staff, &case).await.or_page(&p)?;
    let names = OfficeNames { complainant: name.as_deref(), officer: &officer };
    let url = track_url(&state, &r.ticket);
    let receipt = receipt_pdf::office(&p, &case, names, Some(&r.pin), &url, p.now);
    receipt_pdf::respond(p, receipt, &r.ticket).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReprintForm {
    csrf: String,
}

/// Printed again from the case page: everything but the PIN, and audited.
pub async fn reprint(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(raw): Path<String>,
    CsrfForm(_): CsrfForm<ReprintForm>,
) -> Result<Response, PageError> {
    let (ticket, case) = super::super::complaint::case::load(&state, &p, &staff, &raw).await?;
    let (name, officer) = names(&state, &staff, &case).await.or_page(&p)?;
    state.store.record_receipt_reprint(&ticket, &staff.user).await.or_page(&p)?;
    let names = OfficeNames { complainant: name.as_deref(), officer: &officer };
    let url = track_url(&state, ticket.as_str());
    let receipt = receipt_pdf::office(&p, &case, names, None, &url, p.now);
    receipt_pdf::respond(p, receipt, ticket.as_str()).await
}

crate::has_csrf!(ReprintForm);
