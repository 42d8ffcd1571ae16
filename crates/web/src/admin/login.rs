//! Signing in and out. Failures are counted per account and per address in the database; an
//! unknown username costs the same time as a wrong password, so names cannot be probed.

use super::form_kit::{Shell, shell_page};
use super::guard::{SESSION_COOKIE, new_token, session_cookie};
use crate::AppState;
use crate::client::ClientIp;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::staff::Username;
use aduan_store::StoreError;
use aduan_store::platform::credentials::{hash_secret, verify_password};
use aduan_store::platform::login_throttle::{PER_ACCOUNT, PER_ADDRESS};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SignedCookieJar};
use serde::Deserialize;
use std::sync::OnceLock;
use time::OffsetDateTime;

#[derive(Template, WebTemplate)]
#[template(path = "admin_login.html")]
pub struct LoginPage {
    shell: Shell,
    form_csrf: String,
    username: String,
}

shell_page!(LoginPage);

fn page(p: PageCtx, form_csrf: String, username: String, error: Option<String>) -> LoginPage {
    let mut shell = Shell::signed_out(p, "admin.login_title");
    shell.errors = error.into_iter().collect();
    LoginPage { shell, form_csrf, username }
}

pub async fn form(State(state): State<AppState>, p: PageCtx, jar: SignedCookieJar) -> Response {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    (jar, page(p, csrf, String::new(), None)).into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// A hash to verify against when the account does not exist.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_secret("decoy password for unknown accounts").unwrap_or_default())
}

fn locked_message(p: &PageCtx, until: OffsetDateTime) -> String {
    let local = until.to_offset(p.village.utc_offset);
    p.lang.tf("admin.login_locked", &[("until", &format!("{:02}.{:02}", local.hour(), local.minute()))])
}

pub async fn submit(
    State(state): State<AppState>,
    p: PageCtx,
    cookies: CookieJar,
    ClientIp(ip): ClientIp,
    CsrfForm(f): CsrfForm<LoginForm>,
) -> Result<Response, PageError> {
    let store = &state.store;
    let fail = |e: StoreError| PageError::store(p.clone(), e);
    let username = Username::parse(&f.username).ok();
    let user_key = username.as_ref().map(|u| format!("user:{}:{u}", p.village.id));
    let ip_key = ip.map(|ip| format!("ip:{ip}"));
    let refuse = |status: StatusCode, message: String| {
        (status, page(p.clone(), f.csrf.clone(), f.username.trim().to_string(), Some(message))).into_response()
    };
    for key in user_key.iter().chain(ip_key.iter()) {
        if let Some(until) = store.login_locked_until(key).await.map_err(fail)? {
            return Ok(refuse(StatusCode::TOO_MANY_REQUESTS, locked_message(&p, until)));
        }
    }
    let account = match &username {
        Some(name) => match store.user_for_login(p.village.id, name).await {
            Ok(found) => Some(found),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(fail(e)),
        },
        None => None,
    };
    let hash = account.as_ref().map(|(_, h)| h.clone()).unwrap_or_else(|| decoy_hash().to_string());
    let matches = verify_password(&f.password, &hash).await;
    match account {
        Some((user, _)) if matches && !user.disabled => {
            if let Some(key) = &user_key {
                store.clear_login_failures(key).await.map_err(fail)?;
            }
            let token = new_token();
            let from = ip.map(|i| i.to_string()).unwrap_or_default();
            store.start_session(&user, &token, &from).await.map_err(fail)?;
            let cookie = session_cookie(token, state.config.secure_cookies);
            let next = if user.must_change_password { "/admin/kata-sandi" } else { "/admin" };
            Ok((cookies.add(cookie), Redirect::to(next)).into_response())
        }
        _ => {
            let mut locked = None;
            if let Some(key) = &user_key {
                locked = store.record_login_failure(key, PER_ACCOUNT).await.map_err(fail)?;
            }
            if let Some(key) = &ip_key {
                locked = locked.or(store.record_login_failure(key, PER_ADDRESS).await.map_err(fail)?);
            }
            Ok(match locked {
                Some(until) => refuse(StatusCode::TOO_MANY_REQUESTS, locked_message(&p, until)),
                None => refuse(StatusCode::UNAUTHORIZED, p.t("admin.login_failed")),
            })
        }
    }
}

#[derive(Deserialize, Default)]
pub struct CsrfOnly {
    #[serde(default)]
    pub csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    p: PageCtx,
    cookies: CookieJar,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    if let Some(c) = cookies.get(SESSION_COOKIE) {
        state.store.end_session(c.value()).await.or_page(&p)?;
    }
    let cookies = cookies.remove(Cookie::build(SESSION_COOKIE).path("/admin"));
    Ok((cookies, Redirect::to("/admin/masuk")).into_response())
}

crate::has_csrf!(LoginForm, CsrfOnly);
