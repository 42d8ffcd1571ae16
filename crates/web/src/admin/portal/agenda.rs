//! `/admin/agenda`: the village's events — added, changed and removed by the `redaksi`.

use super::super::form_kit::{self, AdminForm, Shell, shell_page};
use super::super::login::CsrfOnly;
use super::super::{Staff, not_found, path_id, store_failure};
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
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;

/// Events the page lists: every upcoming one a village plans, the latest past ones.
const UPCOMING: i64 = 50;
const RECENT: i64 = 20;

#[derive(Template, WebTemplate)]
#[template(path = "admin_agenda.html")]
pub struct AgendaAdminPage {
    shell: Shell,
    events: Vec<AgendaEvent>,
    draft: AgendaForm,
}

shell_page!(AgendaAdminPage);

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
    let now = p.now;
    let mut events = state.store.upcoming_events(village, now, UPCOMING).await.map_err(fail)?;
    let (past, _) = state.store.past_events(village, now, None, RECENT).await.map_err(fail)?;
    events.extend(past);
    Ok(AgendaAdminPage {
        shell: Shell::new(p, staff, csrf, "agenda.admin_title"),
        events,
        draft: AgendaForm::default(),
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

pub type AgendaForm = AdminForm<AgendaInput>;

async fn save(
    state: AppState,
    p: PageCtx,
    staff: Staff,
    id: Option<i64>,
    f: AgendaForm,
) -> Result<Response, PageError> {
    let village = staff.user.village_id;
    let checked = f.validate(p.village.utc_offset);
    let kept = form_kit::keep(&p, checked, "agenda.field_", None, async |draft| {
        state.store.save_agenda_event(village, id, &draft, &staff.user).await
    })
    .await?;
    let mut page = render(&state, p, &staff, f.csrf.clone()).await?;
    if kept.is_err() && id.is_none() {
        page.draft = f;
    }
    Ok(form_kit::answer(page, kept.map(|_| "agenda.saved")))
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
    Ok(form_kit::answer(render(&state, p, &staff, f.csrf).await?, Ok("agenda.deleted")))
}
