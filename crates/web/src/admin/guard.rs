//! The one place back-office access is decided: who is signed in (from the session cookie),
//! whether they must change their password first, and whether their roles allow the route.

use super::Access;
use crate::AppState;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use aduan_store::platform::users::StaffUser;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;

pub const SESSION_COOKIE: &str = "aduan_staff";

/// The signed-in staff member, put in place by the guard.
#[derive(Clone, Debug)]
pub struct Staff {
    pub user: StaffUser,
    /// How many of the user's notices are unread (up to the store's cap), for the menu.
    pub unread: i64,
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Staff>().cloned().ok_or_else(|| Redirect::to("/admin/masuk").into_response())
    }
}

async fn forbidden(mut parts: Parts, state: &AppState) -> Response {
    match PageCtx::from_request_parts(&mut parts, state).await {
        Ok(p) => PageError::new(p.with_title("error.title"), StatusCode::FORBIDDEN, "admin.forbidden").into_response(),
        Err(e) => e.into_response(),
    }
}

pub async fn enforce(State((state, access)): State<(AppState, Access)>, mut req: Request, next: Next) -> Response {
    if access == Access::Public {
        return next.run(req).await;
    }
    let jar = CookieJar::from_headers(req.headers());
    let user = match jar.get(SESSION_COOKIE) {
        Some(c) => match state.store.session_user(c.value()).await {
            Ok(u) => u,
            Err(e) => {
                tracing::error!(error = ?e, "session lookup failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
        None => None,
    };
    let Some(user) = user else {
        return Redirect::to("/admin/masuk").into_response();
    };
    let path = req.uri().path();
    if user.must_change_password && path != "/admin/kata-sandi" && path != "/admin/keluar" {
        return Redirect::to("/admin/kata-sandi").into_response();
    }
    if !access.allows(&user.roles) {
        let (parts, _) = req.into_parts();
        return forbidden(parts, &state).await;
    }
    let unread = match state.store.unread_notices(user.id).await {
        Ok(n) => n,
        Err(e) => {
            tracing::error!(error = ?e, "unread notices unavailable");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    req.extensions_mut().insert(Staff { user, unread });
    next.run(req).await
}

/// A fresh random session token (256 bits).
pub fn new_token() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut token = [0u8; 32];
    rand::rng().fill_bytes(&mut token);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(token)
}

/// The session cookie: only sent to `/admin`, never readable by scripts.
pub fn session_cookie(token: String, secure: bool) -> axum_extra::extract::cookie::Cookie<'static> {
    axum_extra::extract::cookie::Cookie::build((SESSION_COOKIE, token))
        .path("/admin")
        .http_only(true)
        .same_site(axum_extra::extract::cookie::SameSite::Lax)
        .secure(secure)
        .max_age(aduan_store::platform::sessions::SESSION_FOR)
        .build()
}
