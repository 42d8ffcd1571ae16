//! `/admin/agenda`: the village's events — added, changed and removed by the `redaksi`.

use super::super::login::CsrfOnly;
use super::super::{Staff, field_errors, menu, not_found, path_id, store_failure};
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::portal::AgendaInput;
use aduan_store::portal::agenda::AgendaEvent;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;

/// Events the page lists: every upcoming one a village plans, the latest past ones.
const UPCOMING: i64 = 50;
const RECENT: i64 = 20;

#[derive(Template, WebTemplate)]
#[template(path = "admin_agenda.html")]
pub struct AgendaAdminPage {
    p: PageCtx,
    nav: Vec<(&'static str, &'static str)>,
    csrf: String,
    events: Vec<AgendaEvent>,
    draft: AgendaForm,
    notice: Option<String>,
    errors: Vec<String>,
}

impl AgendaAdminPage {
    /// The event's time as the `datetime-local` field shows it, in the village's zone.
    fn local(&self, e: &AgendaEvent) -> String {
        let l = e.starts_at.to_offset(self.p.village.utc_offset);
        format!("{}T{:02}:{:02}", l.date(), l.hour(), l.minute())
    }
}

async fn render(state: &AppState, p: PageCtx, staff: &Staff, csrf: String) -> Result<AgendaAdminPage, PageError> {
    let fail = |e| PageError::store(p.clone(), e);
    let village = staff.user.village_id;
    let now = time::OffsetDateTime::now_utc();
    let mut events = state.store.upcoming_events(village, now, UPCOMING).await.map_err(fail)?;
    let (past, _) = state.store.past_events(village, now, None, RECENT).await.map_err(fail)?;
    events.extend(past);
    Ok(AgendaAdminPage {
        nav: menu(staff),
        csrf,
        events,
        draft: AgendaForm::default(),
        notice: None,
        errors: Vec::new(),
        p: p.with_title("agenda.admin_title"),
    })
}

pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
) -> Result<Response, PageError> {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    Ok((jar, render(&state, p, &staff, csrf).await?).into_response())
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct AgendaForm {
    csrf: String,
    title: String,
    starts_at: String,
    place: String,
    coordinator: String,
    details: String,
}

crate::has_csrf!(AgendaForm);

async fn save(
    state: AppState,
    p: PageCtx,
    staff: Staff,
    id: Option<i64>,
    f: AgendaForm,
) -> Result<Response, PageError> {
    let input = AgendaInput {
        title: f.title.clone(),
        starts_at: f.starts_at.clone(),
        place: f.place.clone(),
        coordinator: f.coordinator.clone(),
        details: f.details.clone(),
    };
    let checked = input.validate(p.village.utc_offset);
    if let Ok(draft) = &checked {
        let village = staff.user.village_id;
        state.store.save_agenda_event(village, id, draft, &staff.user).await.map_err(|e| store_failure(&p, e))?;
    }
    let mut page = render(&state, p, &staff, f.csrf.clone()).await?;
    match checked {
        Ok(_) => {
            page.notice = Some(page.p.t("agenda.saved"));
            Ok(page.into_response())
        }
        Err(errors) => {
            page.errors = field_errors(&page.p, "agenda.field_", &errors);
            if id.is_none() {
                page.draft = f;
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn add(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<AgendaForm>,
) -> Result<Response, PageError> {
    save(state, p, staff, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<AgendaForm>,
) -> Result<Response, PageError> {
    let id = path_id(&id).ok_or_else(|| not_found(&p))?;
    save(state, p, staff, Some(id), f).await
}

pub async fn delete(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let id = path_id(&id).ok_or_else(|| not_found(&p))?;
    state.store.delete_agenda_event(staff.user.village_id, id, &staff.user).await.map_err(|e| store_failure(&p, e))?;
    let mut page = render(&state, p, &staff, f.csrf).await?;
    page.notice = Some(page.p.t("agenda.deleted"));
    Ok(page.into_response())
}
