//! Managing staff accounts (admin): list, create with a one-time password, disable or enable,
//! reset a password. A new or reset password is shown once, on the page that made it.

use super::Staff;
use super::form_kit::{Shell, shell_page};
use super::login::CsrfOnly;
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::access::Roles;
use aduan_domain::staff::Username;
use aduan_domain::{Email, Role};
use aduan_store::StoreError;
use aduan_store::platform::credentials::{generate_password, hash_password};
use aduan_store::platform::users::{LAST_ADMIN, StaffUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin_users.html")]
pub struct UsersPage {
    shell: Shell,
    users: Vec<StaffUser>,
    all_roles: Vec<&'static str>,
    username: String,
    display_name: String,
    chosen: Vec<String>,
    email: String,
}

shell_page!(UsersPage);

impl UsersPage {
    fn is_chosen(&self, role: &str) -> bool {
        self.chosen.iter().any(|c| c == role)
    }

    fn holds(&self, u: &StaffUser, role: &str) -> bool {
        u.roles.iter().any(|r| r.as_str() == role)
    }

    fn role_names(&self, u: &StaffUser) -> String {
        u.roles.iter().map(|r| self.p.tk("role.", r.as_str())).collect::<Vec<_>>().join(", ")
    }
}

async fn render(state: &AppState, p: PageCtx, staff: &Staff, csrf: String) -> Result<UsersPage, PageError> {
    let users = state.store.users(staff.user.village_id).await.or_page(&p)?;
    Ok(UsersPage {
        shell: Shell::new(p, staff, csrf, "admin.users_title"),
        users,
        all_roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
        username: String::new(),
        display_name: String::new(),
        chosen: vec![],
        email: String::new(),
    })
}

fn no_store(page: UsersPage, status: StatusCode) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], page).into_response()
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

#[derive(Deserialize)]
pub struct NewUser {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: Vec<String>,
    #[serde(default)]
    email: String,
}

/// An optional address: empty clears it.
fn optional_email(raw: &str) -> Result<Option<Email>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    Email::parse(raw).map(Some).map_err(|_| "admin.email_invalid")
}

async fn temporary_password(p: &PageCtx) -> Result<(String, String), PageError> {
    let password = generate_password();
    let hash = hash_password(&password).await.or_page(p)?;
    Ok((password, hash))
}

pub async fn create(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<NewUser>,
) -> Result<Response, PageError> {
    let roles: Vec<Role> = f.role.iter().filter_map(|r| Role::parse(r)).collect();
    let display_name = f.display_name.trim().to_string();
    let mut error = None;
    let username = Username::parse(&f.username).map_err(|_| error = Some("admin.username_invalid")).ok();
    if roles.is_empty() {
        error = error.or(Some("admin.roles_required"));
    }
    if display_name.is_empty() || display_name.chars().count() > 100 {
        error = error.or(Some("error.required"));
    }
    let email = optional_email(&f.email).map_err(|k| error = error.or(Some(k))).ok().flatten();
    let mut created = None;
    if let (None, Some(name)) = (error, &username) {
        let (password, hash) = temporary_password(&p).await?;
        match state
            .store
            .create_user(staff.user.village_id, name, &display_name, &hash, &Roles::new(roles), Some(&staff.user))
            .await
        {
            Ok(id) => {
                if let Some(email) = &email {
                    let user = state.store.user(id).await.or_page(&p)?;
                    state.store.set_email(&user, Some(email), Some(&staff.user)).await.or_page(&p)?;
                }
                created = Some((name.to_string(), password))
            }
            Err(StoreError::Conflict(_)) => error = Some("admin.user_exists"),
            Err(e) => return Err(PageError::store(p, e)),
        }
    }
    let mut page = render(&state, p, &staff, f.csrf.clone()).await?;
    match created {
        Some((username, password)) => {
            page.notice =
                Some(page.p.lang.tf("admin.user_created", &[("username", &username), ("password", &password)]));
            Ok(no_store(page, StatusCode::OK))
        }
        None => {
            page.errors = error.map(|k| page.p.t(k)).into_iter().collect();
            page.username = f.username;
            page.display_name = f.display_name;
            page.chosen = f.role;
            page.email = f.email;
            Ok(no_store(page, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    disabled: String,
}

async fn target(state: &AppState, p: &PageCtx, staff: &Staff, id: i64) -> Result<StaffUser, PageError> {
    match state.store.user(id).await {
        Ok(u) if u.village_id == staff.user.village_id => Ok(u),
        Ok(_) | Err(StoreError::NotFound) => Err(PageError::not_found(p.clone())),
        Err(e) => Err(PageError::store(p.clone(), e)),
    }
}

pub async fn set_status(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<StatusForm>,
) -> Result<Response, PageError> {
    let user = target(&state, &p, &staff, id).await?;
    let disable = f.disabled == "1";
    if disable && user.id == staff.user.id {
        let mut page = render(&state, p, &staff, f.csrf).await?;
        page.errors = vec![page.p.t("admin.cannot_disable_self")];
        return Ok(no_store(page, StatusCode::UNPROCESSABLE_ENTITY));
    }
    match state.store.set_disabled(&user, disable, Some(&staff.user)).await {
        Ok(()) => Ok(no_store(render(&state, p, &staff, f.csrf).await?, StatusCode::OK)),
        Err(StoreError::Conflict(c)) if c == LAST_ADMIN => refused(&state, p, &staff, f.csrf, "admin.last_admin").await,
        Err(e) => Err(PageError::store(p, e)),
    }
}

pub async fn reset_password(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let user = target(&state, &p, &staff, id).await?;
    let (password, hash) = temporary_password(&p).await?;
    state.store.set_password(&user, &hash, true, Some(&staff.user)).await.or_page(&p)?;
    let mut page = render(&state, p, &staff, f.csrf).await?;
    page.notice =
        Some(page.p.lang.tf("admin.user_reset_done", &[("username", &user.username), ("password", &password)]));
    Ok(no_store(page, StatusCode::OK))
}

/// The users page again with one error, answered 422.
async fn refused(state: &AppState, p: PageCtx, staff: &Staff, csrf: String, key: &str) -> Result<Response, PageError> {
    let mut page = render(state, p, staff, csrf).await?;
    page.errors = vec![page.p.t(key)];
    Ok(no_store(page, StatusCode::UNPROCESSABLE_ENTITY))
}

#[derive(Deserialize)]
pub struct RolesForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: Vec<String>,
}

/// Replaces an account's roles; the village keeps at least one enabled admin.
pub async fn set_roles(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<RolesForm>,
) -> Result<Response, PageError> {
    let user = target(&state, &p, &staff, id).await?;
    let roles = Roles::new(f.role.iter().filter_map(|r| Role::parse(r)).collect());
    if roles.is_empty() {
        return refused(&state, p, &staff, f.csrf, "admin.roles_required").await;
    }
    match state.store.set_roles(&user, &roles, Some(&staff.user)).await {
        Ok(()) => {
            let mut page = render(&state, p, &staff, f.csrf).await?;
            page.notice = Some(page.p.lang.tf("admin.roles_saved", &[("username", &user.username)]));
            Ok(no_store(page, StatusCode::OK))
        }
        Err(StoreError::Conflict(c)) if c == LAST_ADMIN => refused(&state, p, &staff, f.csrf, "admin.last_admin").await,
        Err(e) => Err(PageError::store(p, e)),
    }
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
}

/// Sets or clears the address a user's notices are mailed to.
pub async fn set_email(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<EmailForm>,
) -> Result<Response, PageError> {
    let user = target(&state, &p, &staff, id).await?;
    let email = match optional_email(&f.email) {
        Ok(e) => e,
        Err(key) => {
            let mut page = render(&state, p, &staff, f.csrf).await?;
            page.errors = vec![page.p.t(key)];
            return Ok(no_store(page, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    state.store.set_email(&user, email.as_ref(), Some(&staff.user)).await.or_page(&p)?;
    let mut page = render(&state, p, &staff, f.csrf).await?;
    page.notice = Some(page.p.lang.tf("admin.email_saved", &[("username", &user.username)]));
    Ok(no_store(page, StatusCode::OK))
}

crate::has_csrf!(NewUser, StatusForm, EmailForm, RolesForm);
