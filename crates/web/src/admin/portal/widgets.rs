//! `/admin/widget`: the `redaksi` switches the portal's sidebar widgets on and off and sets
//! their order.

use super::super::Staff;
use super::super::form_kit::{self, Shell, shell_page};
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::portal::{Widget, WidgetLayout};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin_widgets.html")]
pub struct WidgetsPage {
    shell: Shell,
    /// Every widget in order: name, shown.
    rows: Vec<(&'static str, bool)>,
}

shell_page!(WidgetsPage);

fn page(p: PageCtx, staff: &Staff, csrf: String, layout: &WidgetLayout) -> WidgetsPage {
    let rows = layout.entries().iter().map(|(w, s)| (w.as_str(), *s)).collect();
    WidgetsPage { shell: Shell::new(p, staff, csrf, "widgets.admin_title"), rows }
}

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
) -> Result<Response, PageError> {
    let layout = state.store.widget_layout(staff.user.village_id).await.or_page(&p)?;
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    Ok((jar, page(p, &staff, csrf, &layout)).into_response())
}

/// One row per widget: its name and position, in the same order; `shown` names the ticked ones.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WidgetForm {
    csrf: String,
    widget: Vec<String>,
    position: Vec<String>,
    shown: Vec<String>,
}

crate::has_csrf!(WidgetForm);

/// The layout the form asks for, or `None` when a row is not a widget or a position is not a
/// number from 1 to 99.
fn layout_of(f: &WidgetForm) -> Option<WidgetLayout> {
    if f.widget.is_empty() || f.widget.len() != f.position.len() || f.widget.len() > Widget::ALL.len() {
        return None;
    }
    let mut entries = Vec::new();
    for (name, position) in f.widget.iter().zip(&f.position) {
        let widget = Widget::parse(name.trim())?;
        let position = position.trim().parse::<i64>().ok().filter(|n| (1..=99).contains(n))?;
        entries.push((widget.as_str(), f.shown.iter().any(|s| s == name), position));
    }
    Some(WidgetLayout::arrange(&entries))
}

pub async fn save(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<WidgetForm>,
) -> Result<Response, PageError> {
    let village = staff.user.village_id;
    let Some(layout) = layout_of(&f) else {
        let current = state.store.widget_layout(village).await.or_page(&p)?;
        let page = page(p, &staff, f.csrf, &current);
        return Ok(form_kit::refuse(page, StatusCode::UNPROCESSABLE_ENTITY, "widgets.invalid"));
    };
    state.store.save_widget_layout(village, &layout, &staff.user).await.or_page(&p)?;
    Ok(form_kit::answer(page(p, &staff, f.csrf, &layout), Ok("widgets.saved")))
}
