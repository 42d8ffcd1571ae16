//! `/lacak`: the ticket alone shows the status timeline; ticket and PIN open the whole case,
//! remembered for a while in a signed cookie scoped to `/lacak`.

use super::super::layout::PageCtx;
use crate::AppState;
use crate::client::ClientIp;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pin_guard::{self, PinRefusal};
use crate::security;
use aduan_domain::escalation::Grounds;
use aduan_domain::{Action, Actor, Pin, Ticket};
use aduan_store::StoreError;
use aduan_store::complaint::citizen::{CitizenSide, OBJECTION_RATINGS, STATUS_REQUEST_EVERY};
use aduan_store::complaint::complaints::{CaseView, Timeline};
use aduan_store::complaint::escalation::{Body, Escalation};
use aduan_store::complaint::pin_check::{PinOutcome, PinResetError};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, SameSite, SignedCookieJar};
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

/// The notices a step may leave on the case page.
pub const DONE: &[&str] = &["replied", "asked", "withdrawn", "accepted", "rated", "objected", "escalated"];

/// Where on the case page a step's form lives, so its errors appear beside it.
pub fn form_of(what: &str) -> &'static str {
    match what {
        "replied" => "balas",
        "asked" => "tanya-status",
        "withdrawn" => "cabut",
        "accepted" => "jawaban",
        "rated" => "nilai",
        "objected" => "keberatan",
        "escalated" => "eskalasi",
        _ => "",
    }
}

/// Where a step's notice appears: by its form, or at the top when the status changed.
pub fn notice_at(what: &str) -> &'static str {
    match what {
        "replied" | "asked" | "escalated" => form_of(what),
        "rated" => "jawaban",
        _ => "",
    }
}

const CASE_COOKIE: &str = "aduan_case";
const CASE_FOR: Duration = Duration::hours(2);

#[derive(Template, WebTemplate)]
#[template(path = "track.html")]
pub struct TrackPage {
    p: PageCtx,
    csrf: String,
    ticket: String,
    error: Option<String>,
    timeline: Option<Timeline>,
    notice: Option<String>,
    /// "Lupa PIN" can reach this citizen with the configured mail server or gateway.
    pin_reset: bool,
    /// The deadline that runs now, as a sentence with its date.
    due: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "case.html")]
pub struct CasePage {
    p: PageCtx,
    csrf: String,
    case: CaseView,
    side: CitizenSide,
    /// The notice or errors of the last step, and the section they belong beside.
    messages: Messages,
    /// The village's latest answer, question or decision, shown first.
    latest: Option<Word>,
    /// While the village waits for information: until when, with the working days left.
    info_due: Option<String>,
    /// When the status may be asked for again, if not now.
    next_ask: Option<OffsetDateTime>,
    can_withdraw: bool,
    max_files: usize,
    /// Why the citizen may escalate; empty when they may not (yet).
    grounds: Vec<Grounds>,
    bodies: Vec<Body>,
    escalations: Vec<Escalation>,
    /// Where the bodies' read-only links start.
    link_base: String,
    now: OffsetDateTime,
}

/// What the last step left on the case page, and where: the id of the section it concerns
/// (`balas`, `nilai`, …), or empty for the top of the page.
#[derive(Debug, Default)]
pub struct Messages {
    pub at: &'static str,
    pub notice: Option<String>,
    pub errors: Vec<String>,
}

/// The village's words to the citizen: a question, an answer, a decision or a message.
#[derive(Debug)]
pub struct Word {
    /// `question`, `answer`, `decision` or `message` (`citizen.word_…`).
    pub kind: &'static str,
    pub text: String,
    pub at: OffsetDateTime,
}

/// The latest of the village's notes on its steps and its messages to the citizen.
fn latest_word(case: &CaseView) -> Option<Word> {
    let steps = case.history.iter().filter_map(|h| {
        let kind = match h.action.as_str() {
            "request_info" => "question",
            "resolve" => "answer",
            "reject" | "refer" | "uphold_objection" | "dismiss_objection" => "decision",
            _ => return None,
        };
        h.note.as_ref().filter(|n| !n.trim().is_empty()).map(|n| Word { kind, text: n.clone(), at: h.at })
    });
    let messages = case.messages.iter().filter(|m| m.from_village).map(|m| Word {
        kind: "message",
        text: m.body.clone(),
        at: m.at,
    });
    // Both lists are in the order they were written, and times may tie within a second: a later
    // entry of the same list wins a tie, while a message beats a step's note only when it is
    // later, since the note is the answer a message may only repeat.
    let mut best: Option<Word> = None;
    for w in steps.chain(messages) {
        let wins = match &best {
            None => true,
            Some(b) => w.at > b.at || (w.at == b.at && (w.kind == "message") == (b.kind == "message")),
        };
        if wins {
            best = Some(w);
        }
    }
    best
}

impl CasePage {
    /// The notice and errors, when they belong in the section `at`.
    fn here(&self, at: &str) -> bool {
        self.shown_at() == at && (self.messages.notice.is_some() || !self.messages.errors.is_empty())
    }

    /// The section the messages go in, if the page shows it in this state; else the top.
    fn shown_at(&self) -> &str {
        let shown = match self.messages.at {
            "balas" | "tanya-status" => self.is_open(),
            "cabut" => self.can_withdraw,
            "jawaban" => self.latest.is_some() || self.is("selesai") || self.is("perlu_info"),
            "nilai" => self.is("selesai") && self.side.rating.is_none(),
            "keberatan" => self.can_object(),
            "eskalasi" => !self.grounds.is_empty() || !self.escalations.is_empty(),
            _ => false,
        };
        if shown { self.messages.at } else { "" }
    }

    /// Each evidence file once, however often the same bytes were sent.
    fn evidence(&self) -> Vec<&aduan_store::complaint::complaints::AttachmentMeta> {
        let mut seen = std::collections::HashSet::new();
        self.case.attachments.iter().filter(|a| seen.insert(a.sha256.as_str())).collect()
    }

    fn is_open(&self) -> bool {
        self.case.status.is_open()
    }

    fn is(&self, status: &str) -> bool {
        self.case.status.as_str() == status
    }

    fn can_object(&self) -> bool {
        self.is("selesai") && self.side.rating.as_ref().is_some_and(|(r, _)| OBJECTION_RATINGS.contains(r))
    }

    fn link(&self, e: &Escalation) -> String {
        format!("{}/berkas/{}", self.link_base, e.link)
    }

    fn closed_for_good(&self) -> bool {
        !self.is_open() && !self.is("selesai")
    }
}

/// The whole case for its citizen, with the notice after a step or the errors of a refused one.
pub async fn case_page(
    state: &AppState,
    p: PageCtx,
    jar: SignedCookieJar,
    ticket: &Ticket,
    messages: Messages,
) -> Result<(SignedCookieJar, CasePage), PageError> {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let case = state.store.case(ticket).await.or_page(&p)?;
    let side = state.store.citizen_side(case.id).await.or_page(&p)?;
    let title = p.lang.tf("track.case_title", &[("ticket", ticket.as_str())]);
    let mut p = p;
    p.title = title;
    let next_ask = side.status_asked_at.map(|at| at + STATUS_REQUEST_EVERY).filter(|next| *next > p.now);
    let can_withdraw = case.status.available(Actor::Citizen).iter().any(|(a, _)| *a == Action::Withdraw);
    let max_files = state.config.max_files;
    let fail = |e| PageError::store(p.clone(), e);
    // The page already holds what the grounds are made of; the store checks them again under lock.
    let grounds = aduan_domain::escalation::grounds(case.status, side.deadline_missed, side.objection_dismissed);
    let escalations = state.store.escalations(case.id).await.map_err(fail)?;
    let mut bodies =
        if grounds.is_empty() { Vec::new() } else { state.store.escalation_bodies_for(case.id).await.map_err(fail)? };
    // A body already given the case is not offered again.
    bodies.retain(|b| !escalations.iter().any(|e| e.body_id == b.id));
    let link_base = state.config.public_url.trim_end_matches('/').to_string();
    let now = p.now;
    let info_due = match side.info_asked_at {
        Some(at) if case.status == aduan_domain::Status::PerluInfo => {
            let calendar = state.store.working_calendar(p.village.id).await.map_err(fail)?;
            Some(crate::deadline::sentence(&p, &calendar, "perlu_info", at + state.config.lapse.info))
        }
        _ => None,
    };
    let latest = latest_word(&case);
    let page = CasePage {
        p,
        csrf,
        latest,
        info_due,
        case,
        side,
        messages,
        next_ask,
        can_withdraw,
        max_files,
        grounds,
        bodies,
        escalations,
        link_base,
        now,
    };
    Ok((jar, page))
}

/// Lets this browser open `ticket`'s whole case for a while.
pub fn grant(
    jar: SignedCookieJar,
    ticket: &Ticket,
    version: i64,
    secure: bool,
    now: OffsetDateTime,
) -> SignedCookieJar {
    let until = (now + CASE_FOR).unix_timestamp();
    let cookie = Cookie::build((CASE_COOKIE, format!("{ticket}|{until}|{version}")))
        .path("/lacak")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(CASE_FOR)
        .build();
    jar.add(cookie)
}

/// True when this browser proved the current PIN of `ticket` recently: a session opened with a
/// PIN that has since been replaced has ended.
pub async fn has_access(state: &AppState, jar: &SignedCookieJar, ticket: &Ticket) -> bool {
    let Some(c) = jar.get(CASE_COOKIE) else {
        return false;
    };
    let mut parts = c.value().split('|');
    let (Some(t), Some(until), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    if t != ticket.as_str() || !until.parse::<i64>().is_ok_and(|u| u > state.clock.now().unix_timestamp()) {
        return false;
    }
    let Ok(version) = version.parse::<i64>() else {
        return false;
    };
    state.store.pin_version(ticket).await.is_ok_and(|current| current == version)
}

fn page(p: PageCtx, csrf: String, ticket: String, error: Option<String>, timeline: Option<Timeline>) -> TrackPage {
    TrackPage {
        p: p.with_title("track.title"),
        csrf,
        ticket,
        error,
        timeline,
        notice: None,
        pin_reset: false,
        due: None,
    }
}

/// The page with its timeline and the deadline that runs, offering "Lupa PIN" only when a new PIN
/// could really arrive.
async fn with_timeline(state: &AppState, mut page: TrackPage) -> TrackPage {
    if let Some(tl) = &page.timeline {
        page.pin_reset = state.store.pin_reset_possible(&tl.ticket, state.config.reachable).await.unwrap_or(false);
        let due = tl.due.or(tl.info_asked_at.map(|at| at + state.config.lapse.info));
        if let Some(due) = due
            && let Ok(calendar) = state.store.working_calendar(page.p.village.id).await
        {
            page.due = Some(crate::deadline::sentence(&page.p, &calendar, tl.status.as_str(), due));
        }
    }
    page
}

#[derive(Deserialize)]
pub struct TrackQuery {
    #[serde(default)]
    tiket: String,
}

#[derive(Deserialize)]
pub struct CaseQuery {
    #[serde(default)]
    ok: String,
}

pub async fn form(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    query: Result<Query<TrackQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    if let Ok(Query(q)) = query
        && !q.tiket.trim().is_empty()
    {
        if let Ok(t) = Ticket::parse(&q.tiket) {
            return Redirect::to(&format!("/lacak/{t}")).into_response();
        }
        let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
        let error = Some(p.t("error.invalid_ticket"));
        return (StatusCode::BAD_REQUEST, jar, page(p, csrf, q.tiket, error, None)).into_response();
    }
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    (jar, page(p, csrf, String::new(), None, None)).into_response()
}

#[derive(Deserialize)]
pub struct Lookup {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    ticket: String,
    #[serde(default)]
    pin: String,
}

pub async fn lookup(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    ClientIp(ip): ClientIp,
    CsrfForm(f): CsrfForm<Lookup>,
) -> Result<Response, PageError> {
    let csrf = f.csrf.clone();
    let refuse = |status: StatusCode, message: String, timeline: Option<Timeline>| {
        (status, page(p.clone(), csrf.clone(), f.ticket.clone(), Some(message), timeline)).into_response()
    };
    let Ok(ticket) = Ticket::parse(&f.ticket) else {
        return Ok(refuse(StatusCode::BAD_REQUEST, p.t("error.invalid_ticket"), None));
    };
    if f.pin.trim().is_empty() {
        return Ok(Redirect::to(&format!("/lacak/{ticket}")).into_response());
    }
    let Ok(pin) = Pin::parse(&f.pin) else {
        return Ok(refuse(StatusCode::BAD_REQUEST, p.t("error.invalid_pin"), None));
    };
    match pin_guard::check_pin(&state, ip, &ticket, &pin).await {
        Ok(PinOutcome::Granted { version }) => {
            let jar = grant(jar, &ticket, version, state.config.secure_cookies, p.now);
            Ok((jar, Redirect::to(&format!("/lacak/{ticket}"))).into_response())
        }
        Ok(PinOutcome::Wrong { tries_left }) => {
            let timeline = state.store.timeline(&ticket).await.ok();
            let message = p.lang.tf("error.wrong_pin", &[("left", &tries_left.to_string())]);
            let page = with_timeline(&state, page(p.clone(), csrf.clone(), f.ticket.clone(), Some(message), timeline));
            Ok((StatusCode::FORBIDDEN, page.await).into_response())
        }
        Ok(PinOutcome::Locked { until, .. }) => {
            let until = until.to_offset(p.village.utc_offset);
            let when = format!("{:02}.{:02}", until.hour(), until.minute());
            Ok(refuse(StatusCode::TOO_MANY_REQUESTS, p.lang.tf("error.locked", &[("until", &when)]), None))
        }
        Err(PinRefusal::TooMany { wait }) => {
            let minutes = wait.as_secs().div_ceil(60).to_string();
            Ok(refuse(StatusCode::TOO_MANY_REQUESTS, p.tf("error.pins_from_address", "minutes", &minutes), None))
        }
        Err(PinRefusal::Store(StoreError::NotFound)) => {
            Ok(refuse(StatusCode::NOT_FOUND, p.t("error.ticket_not_found"), None))
        }
        Err(PinRefusal::Store(e)) => Err(PageError::store(p.clone(), e)),
    }
}

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path(raw): Path<String>,
    query: Result<Query<CaseQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let Ok(ticket) = Ticket::parse(&raw) else {
        return Err(PageError::new(p.with_title("track.title"), StatusCode::NOT_FOUND, "error.invalid_ticket"));
    };
    if ticket.as_str() != raw {
        return Ok(Redirect::permanent(&format!("/lacak/{ticket}")).into_response());
    }
    let no_store = [(header::CACHE_CONTROL, "no-store")];
    if has_access(&state, &jar, &ticket).await {
        let done = query.ok().map(|Query(q)| q.ok).filter(|ok| DONE.contains(&ok.as_str()));
        let messages = match done {
            Some(what) => {
                Messages { at: notice_at(&what), notice: Some(p.tk("citizen.ok_", &what)), errors: Vec::new() }
            }
            None => Messages::default(),
        };
        let (jar, page) = case_page(&state, p, jar, &ticket, messages).await?;
        return Ok((jar, no_store, page).into_response());
    }
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    match state.store.timeline(&ticket).await {
        Ok(tl) => {
            let page = with_timeline(&state, page(p, csrf, ticket.to_string(), None, Some(tl))).await;
            Ok((jar, no_store, page).into_response())
        }
        Err(StoreError::NotFound) => {
            let error = Some(p.t("error.ticket_not_found"));
            Ok((StatusCode::NOT_FOUND, jar, page(p, csrf, ticket.to_string(), error, None)).into_response())
        }
        Err(e) => Err(PageError::store(p, e)),
    }
}

/// "Lupa PIN": a new PIN goes to the phone or email on file, never to the page.
pub async fn reset_pin(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    Path(raw): Path<String>,
    CsrfForm(f): CsrfForm<Leave>,
) -> Result<Response, PageError> {
    let Ok(ticket) = Ticket::parse(&raw) else {
        return Err(PageError::new(p.with_title("track.title"), StatusCode::NOT_FOUND, "error.invalid_ticket"));
    };
    let (status, notice, error) = match state.store.reset_pin(&ticket, state.config.reachable).await {
        Ok(()) => (StatusCode::OK, Some(p.t("track.pin_sent")), None),
        Err(PinResetError::NoContact) => (StatusCode::CONFLICT, None, Some(p.t("track.pin_no_contact"))),
        Err(PinResetError::TooSoon { next }) => {
            (StatusCode::TOO_MANY_REQUESTS, None, Some(p.tf("track.pin_too_soon", "date", &p.datetime(&next))))
        }
        Err(PinResetError::Store(StoreError::NotFound)) => {
            return Err(PageError::new(p.with_title("track.title"), StatusCode::NOT_FOUND, "error.ticket_not_found"));
        }
        Err(PinResetError::Store(e)) => return Err(PageError::store(p, e)),
    };
    let timeline = state.store.timeline(&ticket).await.or_page(&p)?;
    let mut page = with_timeline(&state, page(p, f.csrf, ticket.to_string(), error, Some(timeline))).await;
    page.notice = notice;
    Ok((status, jar, page).into_response())
}

#[derive(Deserialize)]
pub struct Leave {
    #[serde(default)]
    csrf: String,
}

pub async fn leave(jar: SignedCookieJar, Path(raw): Path<String>, CsrfForm(_): CsrfForm<Leave>) -> Response {
    let jar = jar.remove(Cookie::build(CASE_COOKIE).path("/lacak"));
    let target = Ticket::parse(&raw).map(|t| format!("/lacak/{t}")).unwrap_or_else(|_| "/lacak".into());
    (jar, Redirect::to(&target)).into_response()
}

crate::has_csrf!(Lookup, Leave);
