//! `/admin/pengaduan/{ticket}`: the whole case for staff — timeline, replies, internal notes,
//! deadlines — with the identity shown as the user's roles allow, and exactly the steps the state
//! machine offers them.

use super::super::Staff;
use super::super::complaint::queue::due_text;
use super::super::form_kit::{Shell, shell_page};
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::evidence_disposition;
use crate::pages::layout::PageCtx;
use crate::security;
use crate::staff_step::{self, StepInput};
use aduan_domain::access::IdentityView;
use aduan_domain::complaint::Completion;
use aduan_domain::{Email, Nik, Phone, Status, Ticket};
use aduan_store::StoreError;
use aduan_store::complaint::citizen::CitizenSide;
use aduan_store::complaint::complaints::CaseView;
use aduan_store::complaint::duplicates::Suggestion;
use aduan_store::complaint::handling::StepError;
use aduan_store::complaint::inbound::CompleteError;
use aduan_store::complaint::pin_check::{IdentityCheck, ReissueError};
use aduan_store::complaint::publication::PublicationState;
use aduan_store::platform::outbox::Delivery;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;
use time::OffsetDateTime;

pub struct IdentityLine {
    label: &'static str,
    value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_case.html")]
pub struct CasePage {
    shell: Shell,
    case: CaseView,
    hidden: bool,
    can_reveal: bool,
    /// May print the receipt again (without the PIN).
    can_reprint: bool,
    identity: Vec<IdentityLine>,
    assigned: Option<String>,
    due: String,
    /// The year of the running deadline when the calendar holds no national holidays for it:
    /// the deadline was counted without them.
    due_uncovered: Option<i32>,
    notes: Vec<(String, String, OffsetDateTime)>,
    actions: Vec<&'static str>,
    officers: Vec<(i64, String)>,
    can_message: bool,
    duplicate_of: Option<String>,
    merged: Vec<String>,
    /// Earlier cases that may be the same complaint, for whoever may reject it as a duplicate.
    suggestions: Vec<Suggestion>,
    /// The case the reject form is filled in with, from a suggestion's link.
    duplicate_chosen: String,
    canned: Vec<(i64, String)>,
    draft: String,
    deliveries: Vec<Delivery>,
    side: CitizenSide,
    /// Code and name of every category, for completing a complaint that came in by message.
    categories: Vec<(String, String)>,
    can_issue_pin: bool,
    /// Where the complaint stands towards publication, for a pengelola, when the citizen chose it.
    pub(in crate::admin) publication: Option<PublicationState>,
    /// A PIN just issued at the office, shown this once to be handed to the citizen.
    issued_pin: Option<String>,
}

shell_page!(CasePage);

/// The masked forms of a stored identity, as every staff view shows them before a reveal.
pub(crate) fn mask_nik(v: &str) -> String {
    Nik::parse(v).map(|(n, _)| n.masked()).unwrap_or_else(|_| "****".into())
}

pub(crate) fn mask_phone(v: &str) -> String {
    Phone::parse(v).map(|n| n.masked()).unwrap_or_else(|_| "****".into())
}

pub(crate) fn mask_email(v: &str) -> String {
    Email::parse(v).map(|n| n.masked()).unwrap_or_else(|_| "****".into())
}

pub(crate) fn mask_address(a: &str) -> String {
    let head: String = a.chars().take(4).collect();
    format!("{head}…")
}

/// Loads the case if this user may see it: officers only see the cases assigned to them.
pub(in crate::admin) async fn load(
    state: &AppState,
    p: &PageCtx,
    staff: &Staff,
    raw: &str,
) -> Result<(Ticket, CaseView), PageError> {
    let not_found = || PageError::not_found(p.clone());
    let ticket = Ticket::parse(raw).map_err(|_| not_found())?;
    let case = state.store.case(&ticket).await.map_err(|e| match e {
        StoreError::NotFound => not_found(),
        other => PageError::store(p.clone(), other),
    })?;
    if staff.user.roles.sees_only_assigned()
        && state.store.assigned_to(&ticket).await.or_page(p)? != Some(staff.user.id)
    {
        return Err(not_found());
    }
    Ok((ticket, case))
}

pub(in crate::admin) async fn render(
    state: &AppState,
    p: PageCtx,
    staff: &Staff,
    csrf: String,
    case: CaseView,
    reveal: bool,
) -> Result<CasePage, PageError> {
    let store = &state.store;
    let fail = |e| PageError::store(p.clone(), e);
    let assigned_id = store.assigned_to(&case.ticket).await.map_err(fail)?;
    let view = staff.user.roles.identity_view(case.identity_mode, assigned_id == Some(staff.user.id));
    let revealed = reveal && view == IdentityView::Revealable;
    let c = &case.complainant;
    let mut identity = Vec::new();
    if view != IdentityView::Hidden {
        let mut line = |label, value: Option<String>, masked: fn(&str) -> String| {
            if let Some(v) = value {
                let value = if revealed { v } else { masked(&v) };
                identity.push(IdentityLine { label, value });
            }
        };
        line("form.name", c.name.clone(), |v| v.to_string());
        line("form.address", c.address.clone(), mask_address);
        line("form.nik", c.nik.clone(), mask_nik);
        line("form.phone", c.phone.clone(), mask_phone);
        line("form.email", c.email.clone(), mask_email);
    }
    let users = store.users(staff.user.village_id).await.map_err(fail)?;
    let assigned = assigned_id.and_then(|id| users.iter().find(|u| u.id == id)).map(|u| u.display_name.clone());
    let officers = store
        .officers(staff.user.village_id)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let running = match case.status {
        Status::Diterima => case.verification_due,
        Status::Diproses => case.resolution_due,
        _ => None,
    };
    let side = store.citizen_side(case.id).await.map_err(fail)?;
    let running = if case.status == Status::Keberatan { side.objection_due } else { running };
    let years = store.national_holiday_years(staff.user.village_id).await.map_err(fail)?;
    let due_uncovered = running.map(|d| d.year()).filter(|y| !years.contains(y));
    let deliveries = store.deliveries(case.id).await.map_err(fail)?;
    let notes = store.internal_notes(case.id).await.map_err(fail)?;
    let (duplicate_of, merged) = store.duplicate_links(case.id).await.map_err(fail)?;
    let actions: Vec<&'static str> =
        staff_step::steps_for(&staff.user.roles, case.status).into_iter().map(|(a, _, _)| a.as_str()).collect();
    let suggestions = if actions.contains(&"reject") && duplicate_of.is_none() {
        store.duplicate_suggestions(case.id).await.map_err(fail)?
    } else {
        Vec::new()
    };
    let categories = if case.needs_completion {
        store.categories(staff.user.village_id).await.map_err(fail)?.into_iter().map(|c| (c.code, c.name)).collect()
    } else {
        Vec::new()
    };
    let publication = if staff.user.roles.can(aduan_domain::access::Permission::ManagePublication) {
        Some(store.publication(staff.user.village_id, &case.ticket).await.map_err(fail)?).filter(|s| s.chosen)
    } else {
        None
    };
    Ok(CasePage {
        publication,
        categories,
        can_issue_pin: staff.user.roles.can(aduan_domain::access::Permission::IssuePin),
        can_reprint: staff.user.roles.can(aduan_domain::access::Permission::RecordIntake),
        issued_pin: None,
        hidden: view == IdentityView::Hidden,
        can_reveal: view == IdentityView::Revealable && !revealed,
        identity,
        assigned,
        due: due_text(&p, &store.working_calendar(staff.user.village_id).await.map_err(fail)?, running),
        due_uncovered,
        notes,
        actions,
        officers,
        can_message: staff.user.roles.can(aduan_domain::access::Permission::HandleComplaints),
        duplicate_of,
        merged,
        suggestions,
        duplicate_chosen: String::new(),
        canned: store
            .canned_responses(staff.user.village_id)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.title))
            .collect(),
        draft: String::new(),
        deliveries,
        side,
        shell: {
            let mut p = p;
            p.title = case.ticket.to_string();
            Shell::of(p, staff, csrf)
        },
        case,
    })
}

pub(in crate::admin) fn no_store(status: StatusCode, page: CasePage) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], page).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShowQuery {
    /// A canned response to start the reply from.
    templat: String,
    /// A suggested duplicate's ticket, to fill the reject form with.
    duplikat: String,
}

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
    Path(raw): Path<String>,
    query: Result<axum::extract::Query<ShowQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let (ticket, case) = load(&state, &p, &staff, &raw).await?;
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let query = query.map(|q| q.0).unwrap_or_default();
    let chosen = query.templat.parse::<i64>().ok();
    let mut page = render(&state, p, &staff, csrf, case, false).await?;
    if let Some(s) = page.suggestions.iter().find(|s| s.ticket.eq_ignore_ascii_case(query.duplikat.trim())) {
        page.duplicate_chosen = s.ticket.clone();
    }
    if let Some(id) = chosen {
        let all = state.store.canned_responses(staff.user.village_id).await.or_page(&page.p)?;
        if let Some(c) = all.into_iter().find(|c| c.id == id) {
            page.draft = c.body.replace("{tiket}", ticket.as_str());
        }
    }
    Ok((jar, no_store(StatusCode::OK, page)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StepForm {
    csrf: String,
    action: String,
    /// The status the user saw, so two people cannot act on a stale page.
    from: String,
    note: String,
    officer: String,
    reason: String,
    duplicate_of: String,
    agency: String,
    agency_contact: String,
}

pub async fn step(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(raw): Path<String>,
    CsrfForm(f): CsrfForm<StepForm>,
) -> Result<Response, PageError> {
    let (ticket, case) = load(&state, &p, &staff, &raw).await?;
    let officers = state.store.officers(staff.user.village_id).await.or_page(&p)?;
    let officers: Vec<i64> = officers.iter().map(|u| u.id).collect();
    let input = StepInput {
        action: f.action,
        from: f.from,
        note: f.note,
        officer: f.officer,
        reason: f.reason,
        duplicate_of: f.duplicate_of,
        agency: f.agency,
        agency_contact: f.agency_contact,
    };
    let (from, step) = match staff_step::build(&staff.user.roles, &case, &input, &officers, p.lang) {
        Ok(s) => s,
        Err(r) if r.status == StatusCode::BAD_REQUEST => {
            return Err(PageError::new(p.clone().with_title("error.title"), r.status, r.key));
        }
        Err(r) => return refuse(&state, p, &staff, f.csrf, case, r.status, r.key).await,
    };
    match state.store.take_step(&ticket, from, &step, &staff.user).await {
        Ok(()) => {
            let (_, case) = load(&state, &p, &staff, &raw).await?;
            let mut page = render(&state, p, &staff, f.csrf, case, false).await?;
            page.notice = Some(page.p.t("case.done"));
            Ok(no_store(StatusCode::OK, page))
        }
        Err(StepError::Stale) => refuse(&state, p, &staff, f.csrf, case, StatusCode::CONFLICT, "case.stale").await,
        Err(StepError::Transition(_)) => {
            refuse(&state, p, &staff, f.csrf, case, StatusCode::CONFLICT, "case.not_allowed").await
        }
        Err(StepError::NoOriginal) => {
            refuse(&state, p, &staff, f.csrf, case, StatusCode::UNPROCESSABLE_ENTITY, "case.no_original").await
        }
        Err(StepError::NotAnOfficer) => {
            refuse(&state, p, &staff, f.csrf, case, StatusCode::UNPROCESSABLE_ENTITY, "case.needs_officer").await
        }
        Err(StepError::Store(e)) => Err(PageError::store(p, e)),
    }
}

async fn refuse(
    state: &AppState,
    p: PageCtx,
    staff: &Staff,
    csrf: String,
    case: CaseView,
    status: StatusCode,
    key: &'static str,
) -> Result<Response, PageError> {
    let mut page = render(state, p, staff, csrf, case, false).await?;
    page.errors = vec![page.p.t(key)];
    Ok(no_store(status, page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MessageForm {
    csrf: String,
    visibility: String,
    body: String,
}

pub async fn message(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(raw): Path<String>,
    CsrfForm(f): CsrfForm<MessageForm>,
) -> Result<Response, PageError> {
    let (ticket, case) = load(&state, &p, &staff, &raw).await?;
    let body = f.body.trim();
    if body.is_empty() || body.chars().count() > 5000 {
        let key = if body.is_empty() { "error.required" } else { "error.too_long" };
        return refuse(&state, p, &staff, f.csrf, case, StatusCode::UNPROCESSABLE_ENTITY, key).await;
    }
    let public = f.visibility == "public";
    state.store.add_message(&ticket, public, body, &staff.user).await.or_page(&p)?;
    let (_, case) = load(&state, &p, &staff, &raw).await?;
    let mut page = render(&state, p, &staff, f.csrf, case, false).await?;
    page.notice = Some(page.p.t("case.message_saved"));
    Ok(no_store(StatusCode::OK, page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CompleteForm {
    csrf: String,
    kind: String,
    category: String,
    title: String,
    resolution_requested: String,
}

/// Staff complete a complaint that came in by mail or text message.
pub async fn complete(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(raw): Path<String>,
    CsrfForm(f): CsrfForm<CompleteForm>,
) -> Result<Response, PageError> {
    let (ticket, case) = load(&state, &p, &staff, &raw).await?;
    let completion = match Completion::validate(&f.kind, &f.category, &f.title, &f.resolution_requested) {
        Ok(c) => c,
        Err(errors) => {
            let mut page = render(&state, p, &staff, f.csrf, case, false).await?;
            let list: Vec<String> = errors
                .iter()
                .map(|(field, code)| {
                    format!("{}: {}", page.p.t(field_label(field)), page.p.t(&format!("error.{code}")))
                })
                .collect();
            page.errors = vec![list.join(" ")];
            return Ok(no_store(StatusCode::UNPROCESSABLE_ENTITY, page));
        }
    };
    match state.store.complete_case(&ticket, &completion, &staff.user).await {
        Ok(()) => {
            let (_, case) = load(&state, &p, &staff, &raw).await?;
            let mut page = render(&state, p, &staff, f.csrf, case, false).await?;
            page.notice = Some(page.p.t("complete.done"));
            Ok(no_store(StatusCode::OK, page))
        }
        Err(CompleteError::NotNow(_)) => {
            refuse(&state, p, &staff, f.csrf, case, StatusCode::CONFLICT, "complete.too_late").await
        }
        Err(CompleteError::UnknownCategory) => {
            refuse(&state, p, &staff, f.csrf, case, StatusCode::UNPROCESSABLE_ENTITY, "error.unknown_category").await
        }
        Err(CompleteError::Store(e)) => Err(PageError::store(p, e)),
    }
}

fn field_label(field: &str) -> &'static str {
    match field {
        "kind" => "form.kind",
        "category" => "form.category",
        "title" => "form.title_field",
        _ => "form.resolution",
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevealForm {
    csrf: String,
}

pub async fn reveal(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(raw): Path<String>,
    CsrfForm(f): CsrfForm<RevealForm>,
) -> Result<Response, PageError> {
    let (ticket, case) = load(&state, &p, &staff, &raw).await?;
    let mine = state.store.assigned_to(&ticket).await.or_page(&p)? == Some(staff.user.id);
    if staff.user.roles.identity_view(case.identity_mode, mine) != IdentityView::Revealable {
        return Err(PageError::new(p.with_title("error.title"), StatusCode::FORBIDDEN, "admin.forbidden"));
    }
    state.store.record_identity_reveal(&ticket, &staff.user).await.or_page(&p)?;
    let mut page = render(&state, p, &staff, f.csrf, case, true).await?;
    page.notice = Some(page.p.t("case.revealed"));
    Ok(no_store(StatusCode::OK, page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PinForm {
    csrf: String,
    /// How the citizen's identity was checked: `ktp` (the card seen) or `nik` (typed and matched).
    check: String,
    nik: String,
}

/// A new PIN for a citizen at the counter who lost theirs; sessions opened with the old PIN end.
pub async fn issue_pin(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(raw): Path<String>,
    CsrfForm(f): CsrfForm<PinForm>,
) -> Result<Response, PageError> {
    let (ticket, case) = load(&state, &p, &staff, &raw).await?;
    let check = match f.check.as_str() {
        "ktp" => Some(IdentityCheck::KtpSeen),
        "nik" => Nik::parse(&f.nik).ok().map(|(n, _)| IdentityCheck::Nik(n)),
        _ => None,
    };
    let refuse = |page: CasePage, key: &str| {
        let mut page = page;
        page.errors = vec![page.p.t(key)];
        no_store(StatusCode::UNPROCESSABLE_ENTITY, page)
    };
    let Some(check) = check else {
        let key = if f.check == "nik" { "case.pin_nik_invalid" } else { "case.pin_check_required" };
        return Ok(refuse(render(&state, p, &staff, f.csrf, case, false).await?, key));
    };
    match state.store.reissue_pin(&ticket, staff.user.id, check).await {
        Ok(pin) => {
            let mut page = render(&state, p, &staff, f.csrf, case, false).await?;
            page.issued_pin = Some(pin.as_str().to_string());
            page.notice = Some(page.p.t("case.pin_issued"));
            Ok(no_store(StatusCode::OK, page))
        }
        Err(ReissueError::NikMismatch) => {
            Ok(refuse(render(&state, p, &staff, f.csrf, case, false).await?, "case.pin_nik_mismatch"))
        }
        Err(ReissueError::Store(e)) => Err(PageError::store(p, e)),
    }
}

pub async fn evidence(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path((raw, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let (ticket, _) = load(&state, &p, &staff, &raw).await?;
    let (meta, bytes) = state.store.attachment(&ticket, id).await.map_err(|e| PageError::store(p, e))?;
    Ok((
        [
            (header::CONTENT_TYPE, meta.media_type.mime().to_string()),
            (header::CONTENT_DISPOSITION, evidence_disposition(meta.media_type, &meta.original_name)),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

crate::has_csrf!(StepForm, MessageForm, RevealForm, CompleteForm, PinForm);
