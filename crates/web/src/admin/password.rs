//! Changing one's own password; the one-time password of a new account must be changed here
//! before anything else opens.

use super::Staff;
use super::form_kit::{Shell, shell_page};
use super::guard::{new_token, session_cookie};
use crate::AppState;
use crate::client::ClientIp;
use crate::csrf_form::CsrfForm;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::staff::{NewPassword, PasswordError, Username};
use aduan_store::platform::credentials::{hash_password, verify_password};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{CookieJar, SignedCookieJar};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin_password.html")]
pub struct PasswordPage {
    shell: Shell,
    username: String,
    must_change: bool,
}

shell_page!(PasswordPage);

fn page(p: PageCtx, staff: &Staff, csrf: String, error: Option<String>) -> PasswordPage {
    let mut shell = Shell::new(p, staff, csrf, "admin.password_title");
    // Until the one-time password is changed, the menu leads nowhere.
    if staff.user.must_change_password {
        shell.nav.clear();
    }
    shell.errors = error.into_iter().collect();
    PasswordPage { username: staff.user.username.clone(), must_change: staff.user.must_change_password, shell }
}

pub async fn form(State(state): State<AppState>, p: PageCtx, staff: Staff, jar: SignedCookieJar) -> Response {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    (jar, page(p, &staff, csrf, None)).into_response()
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn submit(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    cookies: CookieJar,
    ClientIp(ip): ClientIp,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> Result<Response, PageError> {
    let store = &state.store;
    let fail = |e| PageError::store(p.clone(), e);
    let refuse = |key: &str| {
        let message = p.t(key);
        (StatusCode::UNPROCESSABLE_ENTITY, page(p.clone(), &staff, f.csrf.clone(), Some(message))).into_response()
    };
    let username = Username::parse(&staff.user.username).map_err(|_| fail(aduan_store::StoreError::NotFound))?;
    let (_, hash) = store.user_for_login(staff.user.village_id, &username).await.map_err(fail)?;
    if !verify_password(&f.current, &hash).await {
        return Ok(refuse("admin.password_wrong"));
    }
    let new = match NewPassword::parse(&f.new, &username) {
        Ok(n) => n,
        Err(PasswordError::TooShort) => return Ok(refuse("admin.password_too_short")),
        Err(PasswordError::TooLong) => return Ok(refuse("admin.password_too_long")),
        Err(PasswordError::SameAsUsername) => return Ok(refuse("admin.password_is_username")),
    };
    if f.new != f.confirm {
        return Ok(refuse("admin.password_mismatch"));
    }
    if f.new == f.current {
        return Ok(refuse("admin.password_same"));
    }
    let new_hash = hash_password(new.as_str()).await.map_err(fail)?;
    // Changing the password ends every session of this user; this browser gets a fresh one.
    store.set_password(&staff.user, &new_hash, false, Some(&staff.user)).await.map_err(fail)?;
    let user = store.user(staff.user.id).await.map_err(fail)?;
    let token = new_token();
    store.start_session(&user, &token, &ip.map(|i| i.to_string()).unwrap_or_default()).await.map_err(fail)?;
    let cookie = session_cookie(token, state.config.secure_cookies);
    Ok((cookies.add(cookie), Redirect::to("/admin?pesan=kata-sandi")).into_response())
}

crate::has_csrf!(PasswordForm);
