//! `/staff/…`: what staff do in the back office, for other systems — list and filter the queue,
//! read a case, take a step (verify and assign, ask for information, resolve, reject, refer, …),
//! reply or note. A key with the `staff` scope works as the user it is bound to, with exactly
//! that user's roles: an officer sees only their own cases, nobody sees an identity unmasked
//! (revealing one stays a back-office act, each time audited), a supervisor sees none at all.

use super::complaints::{CaseDto, case_dto, file_response};
use super::{ApiJson, rfc3339};
use crate::AppState;
use crate::admin::complaint::case::{mask_address, mask_email, mask_nik, mask_phone};
use crate::error::{ApiError, OrRespond, Resource};
use crate::i18n::Lang;
use crate::staff_step::{self, StepInput};
use aduan_domain::access::{IdentityView, Permission};
use aduan_domain::api_key::Scope;
use aduan_domain::search::Query as Words;
use aduan_domain::{Status, Ticket};
use aduan_store::StoreError;
use aduan_store::complaint::complaints::CaseView;
use aduan_store::complaint::handling::StepError;
use aduan_store::complaint::queue::{Cursor, QueueFilter};
use aduan_store::complaint::search::{Ranking, SearchCursor};
use aduan_store::platform::users::StaffUser;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The staff user an integration's key works as.
pub struct Integration {
    pub user: StaffUser,
}

impl FromRequestParts<AppState> for Integration {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let lang = Lang::from_parts(parts);
        let unauthorised = |code| ApiError::new(lang, StatusCode::UNAUTHORIZED, code);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| unauthorised("token_required"))?;
        let key = match state.store.api_key_for(token).await {
            Ok(k) if k.revoked_at.is_none() => k,
            Ok(_) | Err(StoreError::NotFound) => return Err(unauthorised("bad_token")),
            Err(e) => return Err(ApiError::store(lang, Resource::User, e)),
        };
        let (true, Some(user_id)) = (key.allows(Scope::Staff), key.user_id) else {
            return Err(ApiError::new(lang, StatusCode::FORBIDDEN, "token_scope"));
        };
        let user = match state.store.user(user_id).await {
            Ok(u) if !u.disabled && u.village_id == key.village_id => u,
            Ok(_) | Err(StoreError::NotFound) => return Err(unauthorised("bad_token")),
            Err(e) => return Err(ApiError::store(lang, Resource::User, e)),
        };
        Ok(Integration { user })
    }
}

impl Integration {
    fn require(&self, lang: Lang, permission: Permission) -> Result<(), ApiError> {
        if self.user.roles.can(permission) {
            Ok(())
        } else {
            Err(ApiError::new(lang, StatusCode::FORBIDDEN, "forbidden"))
        }
    }

    /// The case, if this user may see it; an officer's others are "not found", as in the back office.
    async fn case(&self, state: &AppState, lang: Lang, raw: &str) -> Result<(Ticket, CaseView), ApiError> {
        self.require(lang, Permission::ViewComplaints)?;
        let not_found = || ApiError::new(lang, StatusCode::NOT_FOUND, Resource::Ticket.not_found());
        let ticket = Ticket::parse(raw).map_err(|_| not_found())?;
        let case = state.store.case(&ticket).await.or_api(lang, Resource::Ticket)?;
        if self.user.roles.sees_only_assigned()
            && state.store.assigned_to(&ticket).await.or_api(lang, Resource::Ticket)? != Some(self.user.id)
        {
            return Err(not_found());
        }
        Ok((ticket, case))
    }
}

fn bad_query(lang: Lang, field: &str) -> ApiError {
    let mut e = ApiError::new(lang, StatusCode::UNPROCESSABLE_ENTITY, "invalid_fields");
    e.fields.insert(field.into(), lang.t("error.invalid_choice"));
    e
}

/// The longest `q` read: a search, not a document.
const MAX_QUERY_CHARS: usize = 200;

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ListQuery {
    /// Only this status (`diterima`, `perlu_info`, `diproses`, `selesai`, `ditutup`, `ditolak`,
    /// `diteruskan`, `dicabut`, `keberatan`).
    status: Option<String>,
    /// Only this category code.
    category: Option<String>,
    /// Only this channel (`web`, `email`, `surat`, `telepon`, `datang`, `whatsapp`, `sms`, `api`).
    channel: Option<String>,
    /// Only cases past their deadline (`true`).
    overdue: Option<String>,
    /// Words to find in the cases' title, description, place, replies and notes (stemmed, so
    /// "jalannya" finds "jalan"; `"…"` keeps words together), or a ticket number. The best of
    /// the newest matches come first, then the rest newest first.
    q: Option<String>,
    /// `next` of the previous page.
    cursor: Option<String>,
    /// 1 to 100; 25 when absent.
    limit: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct QueueItemDto {
    ticket: String,
    title: String,
    status: String,
    kind: String,
    category_name: String,
    channel: String,
    received_at: String,
    /// The deadline of the clock that runs now.
    due: Option<String>,
    assigned_to: Option<String>,
    needs_completion: bool,
}

#[derive(Serialize, ToSchema)]
pub struct QueueDto {
    items: Vec<QueueItemDto>,
    /// Pass as `cursor` for the next page; absent on the last page.
    next: Option<String>,
    /// Words of `q` that cannot be searched (too common, too short or too long).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ignored_words: Vec<String>,
}

#[utoipa::path(get, path = "/staff/complaints", tag = "staff", params(ListQuery), security(("staff_key" = [])),
    responses((status = 200, body = QueueDto), (status = 400, description = "Unreadable query"),
        (status = 401, description = "No key, or an unknown or revoked one"),
        (status = 403, description = "The key's user may not do this"), (status = 422, description = "Invalid filter")))]
pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    who: Integration,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<QueueDto>, ApiError> {
    who.require(lang, Permission::ViewComplaints)?;
    let Query(q) = query.map_err(|_| ApiError::new(lang, StatusCode::BAD_REQUEST, "bad_query"))?;
    let present = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let status = match present(q.status) {
        Some(s) => Some(Status::parse(&s).ok_or_else(|| bad_query(lang, "status"))?),
        None => None,
    };
    let channel = match present(q.channel) {
        Some(c) => Some(aduan_domain::complaint::Channel::parse(&c).ok_or_else(|| bad_query(lang, "channel"))?),
        None => None,
    };
    let overdue = match present(q.overdue).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(bad_query(lang, "overdue")),
    };
    let words = present(q.q.clone()).filter(|w| w.chars().count() <= MAX_QUERY_CHARS);
    if q.q.as_deref().is_some_and(|w| w.chars().count() > MAX_QUERY_CHARS) {
        return Err(bad_query(lang, "q"));
    }
    let ticket = words.as_deref().and_then(|w| Ticket::parse(w).ok());
    let search = words.filter(|_| ticket.is_none()).map(|w| Words::parse(&w));
    let cursor = present(q.cursor);
    let (after, search_after) = match (&cursor, &search) {
        (None, _) => (None, None),
        (Some(c), None) => (Some(Cursor::decode(c).ok_or_else(|| bad_query(lang, "cursor"))?), None),
        (Some(c), Some(_)) => (None, Some(SearchCursor::decode(c).ok_or_else(|| bad_query(lang, "cursor"))?)),
    };
    let limit = match present(q.limit) {
        Some(l) => l.parse::<i64>().ok().filter(|l| (1..=100).contains(l)).ok_or_else(|| bad_query(lang, "limit"))?,
        None => 25,
    };
    let filter = QueueFilter {
        status,
        category: present(q.category),
        channel: channel.map(|c| c.as_str().to_string()),
        assigned_to: who.user.roles.sees_only_assigned().then_some(who.user.id),
        overdue,
        ticket,
        ..QueueFilter::default()
    };
    let store_err = |e| ApiError::store(lang, Resource::Ticket, e);
    let village = state.store.default_village().await.map_err(store_err)?;
    let (items, next, ignored_words) = match &search {
        Some(words) => {
            let found = state
                .store
                .search(who.user.village_id, words, &filter, search_after, limit as usize, Ranking::default())
                .await
                .map_err(store_err)?;
            let items = found.hits.into_iter().map(|h| h.item).collect();
            (items, found.next.map(|c| c.encode()), words.ignored.clone())
        }
        None => {
            let (items, next) =
                state.store.queue(who.user.village_id, &filter, after.as_ref(), limit).await.map_err(store_err)?;
            (items, next.map(|c| c.encode()), vec![])
        }
    };
    let ts = |t| rfc3339(t, village.utc_offset);
    Ok(Json(QueueDto {
        items: items
            .into_iter()
            .map(|i| QueueItemDto {
                ticket: i.ticket,
                title: i.title,
                status: i.status.as_str().into(),
                kind: i.kind,
                category_name: i.category_name,
                channel: i.channel,
                received_at: ts(i.received_at),
                due: i.due.map(ts),
                assigned_to: i.assigned_name,
                needs_completion: i.needs_completion,
            })
            .collect(),
        next,
        ignored_words,
    }))
}

/// The identity as this user may see it through the API: masked, or not at all.
fn masked(mut case: CaseView, user: &StaffUser, assigned_to_me: bool) -> CaseView {
    let c = &mut case.complainant;
    if user.roles.identity_view(case.identity_mode, assigned_to_me) == IdentityView::Hidden {
        (c.name, c.address, c.nik, c.phone, c.email) = (None, None, None, None, None);
        return case;
    }
    c.address = c.address.take().map(|v| mask_address(&v));
    c.nik = c.nik.take().map(|v| mask_nik(&v));
    c.phone = c.phone.take().map(|v| mask_phone(&v));
    c.email = c.email.take().map(|v| mask_email(&v));
    case
}

#[utoipa::path(get, path = "/staff/complaints/{ticket}", tag = "staff", security(("staff_key" = [])),
    params(("ticket" = String, Path)),
    responses((status = 200, body = CaseDto), (status = 401, description = "No key, or an unknown or revoked one"),
        (status = 403, description = "The key's user may not do this"),
        (status = 404, description = "`ticket_not_found`: no such case, or not one this user may see")))]
pub async fn read(
    State(state): State<AppState>,
    lang: Lang,
    who: Integration,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let (ticket, case) = who.case(&state, lang, &raw).await?;
    let village = state.store.default_village().await.or_api(lang, Resource::Ticket)?;
    let mine = state.store.assigned_to(&ticket).await.or_api(lang, Resource::Ticket)? == Some(who.user.id);
    let dto = case_dto(masked(case, &who.user, mine), village.utc_offset, "staff/complaints");
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(dto)).into_response())
}

#[utoipa::path(get, path = "/staff/complaints/{ticket}/attachments/{id}", tag = "staff", security(("staff_key" = [])),
    params(("ticket" = String, Path), ("id" = i64, Path)),
    responses((status = 200, description = "The file, metadata removed", content_type = "application/octet-stream"),
        (status = 400, description = "Not a valid id"),
        (status = 401, description = "No key, or an unknown or revoked one"),
        (status = 403, description = "The key's user may not do this"),
        (status = 404, description = "`ticket_not_found` or `attachment_not_found`: no such case, or no such file on it")))]
pub async fn attachment(
    State(state): State<AppState>,
    lang: Lang,
    who: Integration,
    Path((raw, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id =
        id.parse::<i64>().map_err(|_| ApiError::new(lang, StatusCode::NOT_FOUND, Resource::Attachment.not_found()))?;
    let (ticket, _) = who.case(&state, lang, &raw).await?;
    file_response(&state, lang, &ticket, id).await
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct StepRequest {
    /// `disposisi` (verify and assign), `request_info`, `resolve`, `reject`, `refer`, `close`,
    /// `reopen`, `uphold_objection`, `dismiss_objection`, … — the steps the case page offers.
    action: String,
    /// The status the caller last saw; a step on a case that moved on since is refused (409).
    from: String,
    /// The text the citizen sees (required to ask for information, resolve, reopen and decide
    /// an objection).
    note: Option<String>,
    /// For `disposisi`: the officer's id from `GET /staff/officers`.
    officer_id: Option<i64>,
    /// For `reject`: `spam`, `kasar`, `bukan_pengaduan` or `duplikat`.
    reason: Option<String>,
    /// For `reject` as `duplikat`: the original's ticket.
    duplicate_of: Option<String>,
    /// For `refer`: the agency and how to reach it.
    agency: Option<String>,
    agency_contact: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct StepDto {
    ticket: String,
    status: String,
}

fn refused(lang: Lang, status: StatusCode, key: &str) -> ApiError {
    let code = key.rsplit('.').next().unwrap_or("invalid");
    let mut e = ApiError::new(lang, status, "step_refused");
    e.message = lang.t(key);
    e.fields.insert("reason".into(), code.into());
    e
}

#[utoipa::path(post, path = "/staff/complaints/{ticket}/steps", tag = "staff", security(("staff_key" = [])),
    params(("ticket" = String, Path)), request_body = StepRequest,
    responses((status = 200, body = StepDto), (status = 400, description = "Malformed JSON or unknown step"),
        (status = 401, description = "No key, or an unknown or revoked one"),
        (status = 403, description = "The key's user may not do this"), (status = 404, description = "`ticket_not_found`: no such case"),
        (status = 409, description = "`ticket_conflict` or a step code: not possible from this status for this user, or the case moved on"),
        (status = 413, description = "Body too large"), (status = 415, description = "Not JSON"),
        (status = 422, description = "Something the step needs is missing")))]
pub async fn step(
    State(state): State<AppState>,
    lang: Lang,
    who: Integration,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<StepRequest>,
) -> Result<Json<StepDto>, ApiError> {
    if !(who.user.roles.can(Permission::HandleComplaints) || who.user.roles.can(Permission::DecideObjections)) {
        return Err(ApiError::new(lang, StatusCode::FORBIDDEN, "forbidden"));
    }
    let (ticket, case) = who.case(&state, lang, &raw).await?;
    let officers = state.store.officers(who.user.village_id).await.or_api(lang, Resource::User)?;
    let officers: Vec<i64> = officers.iter().map(|u| u.id).collect();
    let input = StepInput {
        action: body.action,
        from: body.from,
        note: body.note.unwrap_or_default(),
        officer: body.officer_id.map(|o| o.to_string()).unwrap_or_default(),
        reason: body.reason.unwrap_or_default(),
        duplicate_of: body.duplicate_of.unwrap_or_default(),
        agency: body.agency.unwrap_or_default(),
        agency_contact: body.agency_contact.unwrap_or_default(),
    };
    let (from, step) = staff_step::build(&who.user.roles, &case, &input, &officers, lang)
        .map_err(|r| refused(lang, r.status, r.key))?;
    match state.store.take_step(&ticket, from, &step, &who.user).await {
        Ok(()) => {
            let status = state.store.case(&ticket).await.or_api(lang, Resource::Ticket)?.status;
            Ok(Json(StepDto { ticket: ticket.to_string(), status: status.as_str().into() }))
        }
        Err(StepError::Stale) => Err(refused(lang, StatusCode::CONFLICT, "case.stale")),
        Err(StepError::Transition(_)) => Err(refused(lang, StatusCode::CONFLICT, "case.not_allowed")),
        Err(StepError::NoOriginal) => Err(refused(lang, StatusCode::UNPROCESSABLE_ENTITY, "case.no_original")),
        Err(StepError::NotAnOfficer) => Err(refused(lang, StatusCode::UNPROCESSABLE_ENTITY, "case.needs_officer")),
        Err(StepError::Store(e)) => Err(ApiError::store(lang, Resource::Ticket, e)),
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct MessageRequest {
    /// `public` (the citizen reads it and is told) or `internal` (staff only).
    visibility: String,
    /// 1 to 5000 characters.
    body: String,
}

#[utoipa::path(post, path = "/staff/complaints/{ticket}/messages", tag = "staff", security(("staff_key" = [])),
    params(("ticket" = String, Path)), request_body = MessageRequest,
    responses((status = 201, description = "Saved"), (status = 400, description = "Malformed JSON"),
        (status = 401, description = "No key, or an unknown or revoked one"),
        (status = 403, description = "The key's user may not do this"), (status = 404, description = "`ticket_not_found`: no such case"),
        (status = 413, description = "Body too large"), (status = 415, description = "Not JSON"),
        (status = 422, description = "Empty or too long, or an unknown visibility")))]
pub async fn message(
    State(state): State<AppState>,
    lang: Lang,
    who: Integration,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<MessageRequest>,
) -> Result<StatusCode, ApiError> {
    who.require(lang, Permission::HandleComplaints)?;
    let (ticket, _) = who.case(&state, lang, &raw).await?;
    let text = body.body.trim();
    let mut invalid = ApiError::new(lang, StatusCode::UNPROCESSABLE_ENTITY, "invalid_fields");
    if text.is_empty() || text.chars().count() > 5000 {
        let code = if text.is_empty() { "required" } else { "too_long" };
        invalid.fields.insert("body".into(), lang.t(&format!("error.{code}")));
    }
    let public = match body.visibility.as_str() {
        "public" => true,
        "internal" => false,
        _ => {
            invalid.fields.insert("visibility".into(), lang.t("error.invalid_choice"));
            false
        }
    };
    if !invalid.fields.is_empty() {
        return Err(invalid);
    }
    state.store.add_message(&ticket, public, text, &who.user).await.or_api(lang, Resource::Ticket)?;
    Ok(StatusCode::CREATED)
}

#[derive(Serialize, ToSchema)]
pub struct OfficerDto {
    id: i64,
    name: String,
}

#[utoipa::path(get, path = "/staff/officers", tag = "staff", security(("staff_key" = [])),
    responses((status = 200, body = Vec<OfficerDto>), (status = 401, description = "No key, or an unknown or revoked one"),
        (status = 403, description = "The key's user may not do this")))]
pub async fn officers(
    State(state): State<AppState>,
    lang: Lang,
    who: Integration,
) -> Result<Json<Vec<OfficerDto>>, ApiError> {
    who.require(lang, Permission::HandleComplaints)?;
    let officers = state.store.officers(who.user.village_id).await.or_api(lang, Resource::User)?;
    Ok(Json(officers.into_iter().map(|u| OfficerDto { id: u.id, name: u.display_name }).collect()))
}
