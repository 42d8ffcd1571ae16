//! The oversight dashboard for the village head and the overseers: open cases by status and age,
//! overdue cases, and this month's deadlines met.

use super::super::Staff;
use super::super::form_kit::{Shell, shell_page};
use crate::AppState;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::Status;
use aduan_store::complaint::dashboard::Dashboard;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;

#[derive(Template, WebTemplate)]
#[template(path = "admin_dashboard.html")]
pub struct DashboardPage {
    shell: Shell,
    d: Dashboard,
    statuses: Vec<(&'static str, i64)>,
}

shell_page!(DashboardPage);

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
) -> Result<Response, PageError> {
    let village = staff.user.village_id;
    let fail = |e| PageError::store(p.clone(), e);
    let d = state.store.dashboard(village, p.village.utc_offset).await.map_err(fail)?;
    let counts = state.store.status_counts(village).await.map_err(fail)?;
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let page = DashboardPage {
        d,
        statuses: Status::ALL.iter().map(|s| (s.as_str(), counts.get(s.as_str()).copied().unwrap_or(0))).collect(),
        shell: Shell::new(p, &staff, csrf, "dashboard.title"),
    };
    Ok((jar, page).into_response())
}
