//! `/admin/lembaga`: the supervisory bodies citizens may escalate to, with their contacts. The
//! village keeps the list current; an escalation keeps the contacts it was made with.

use super::super::Staff;
use super::super::form_kit::{self, Shell, shell_page};
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::Email;
use aduan_store::StoreError;
use aduan_store::complaint::escalation::{Body, BodyContact};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin_bodies.html")]
pub struct BodiesPage {
    shell: Shell,
    bodies: Vec<Body>,
}

shell_page!(BodiesPage);

async fn render(state: &AppState, p: PageCtx, staff: &Staff, csrf: String) -> Result<BodiesPage, PageError> {
    let bodies = state.store.escalation_bodies(staff.user.village_id, false).await.or_page(&p)?;
    Ok(BodiesPage { shell: Shell::new(p, staff, csrf, "bodies.title"), bodies })
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

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BodyForm {
    csrf: String,
    name: String,
    description: String,
    address: String,
    phone: String,
    email: String,
    website: String,
    /// `ya` keeps the body on the citizens' list.
    active: String,
}

crate::has_csrf!(BodyForm);

/// The contacts as entered, or the translated reasons they are refused.
fn validate(p: &PageCtx, f: &BodyForm) -> Result<BodyContact, Vec<String>> {
    let mut errors = Vec::new();
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        errors.push(p.t("bodies.name_invalid"));
    }
    let longest =
        [&f.description, &f.address, &f.phone, &f.email, &f.website].iter().any(|v| v.trim().chars().count() > 300);
    if longest {
        errors.push(p.t("bodies.too_long"));
    }
    let email = f.email.trim();
    if !email.is_empty() && Email::parse(email).is_err() {
        errors.push(p.t("bodies.email_invalid"));
    }
    let website = f.website.trim();
    let web_address = website.starts_with("https://") || website.starts_with("http://");
    if !website.is_empty() && !web_address {
        errors.push(p.t("bodies.website_invalid"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(BodyContact {
        name: name.into(),
        description: f.description.trim().into(),
        address: f.address.trim().into(),
        phone: f.phone.trim().into(),
        email: email.into(),
        website: website.into(),
    })
}

async fn save(state: AppState, p: PageCtx, staff: Staff, id: Option<i64>, f: BodyForm) -> Result<Response, PageError> {
    let contact = validate(&p, &f);
    if let Ok(c) = &contact {
        let active = id.is_none() || f.active == "ya";
        let actor = format!("user:{}", staff.user.id);
        match state.store.save_escalation_body(staff.user.village_id, id, c, active, &actor).await {
            Ok(_) => {}
            Err(StoreError::NotFound) => return Err(PageError::not_found(p)),
            Err(e) => return Err(PageError::store(p, e)),
        }
    }
    let page = render(&state, p, &staff, f.csrf).await?;
    Ok(form_kit::answer(page, contact.map(|_| "bodies.saved")))
}

pub async fn add(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<BodyForm>,
) -> Result<Response, PageError> {
    save(state, p, staff, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<BodyForm>,
) -> Result<Response, PageError> {
    save(state, p, staff, Some(id), f).await
}
