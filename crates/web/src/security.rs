//! Security headers on every response, and CSRF protection for forms.
//!
//! CSRF uses a signed double-submit token: a random token in a signed, `SameSite=Lax` cookie,
//! repeated in a hidden form field; a POST is accepted only when both are present and equal.

use axum::http::{HeaderName, HeaderValue, header};
use axum_extra::extract::cookie::{Cookie, SameSite, SignedCookieJar};
use base64::Engine;
use rand::RngCore;
use tower_http::set_header::SetResponseHeaderLayer;

const CSRF_COOKIE: &str = "aduan_csrf";

pub fn headers(secure: bool) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let mut list = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Tracking pages carry the ticket in their address: never leak it to another site.
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    ];
    if secure {
        list.push((header::STRICT_TRANSPORT_SECURITY, "max-age=31536000"));
    }
    list.into_iter()
        .map(|(name, value)| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)))
        .collect()
}

/// Returns the visitor's CSRF token, creating the cookie when there is none yet.
pub fn csrf_token(jar: SignedCookieJar, secure: bool) -> (SignedCookieJar, String) {
    if let Some(c) = jar.get(CSRF_COOKIE) {
        let token = c.value().to_string();
        return (jar, token);
    }
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let cookie = Cookie::build((CSRF_COOKIE, token.clone()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build();
    (jar.add(cookie), token)
}

/// True when the submitted token matches the visitor's signed cookie.
pub fn csrf_valid(jar: &SignedCookieJar, submitted: &str) -> bool {
    match jar.get(CSRF_COOKIE) {
        Some(c) => !submitted.is_empty() && constant_time_eq(c.value().as_bytes(), submitted.as_bytes()),
        None => false,
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
