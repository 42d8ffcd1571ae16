//! The receipt shown right after filing: ticket and PIN, once. The PIN travels from the form
//! to this page in an encrypted, short-lived cookie that this page removes, so reloading or
//! sharing the page never shows it again.

use super::layout::PageCtx;
use crate::AppState;
use crate::error::PageError;
use crate::intake::Receipt;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, PrivateCookieJar, SameSite};
use qrcode::QrCode;
use qrcode::render::svg;
use time::OffsetDateTime;

const COOKIE: &str = "aduan_receipt";
const PATH: &str = "/pengaduan/tanda-terima";
const SEP: char = '\u{1f}';

#[derive(Template, WebTemplate)]
#[template(path = "receipt.html")]
pub struct ReceiptPage {
    p: PageCtx,
    ticket: String,
    pin: String,
    received: String,
    verification_due: String,
    track_url: String,
    qr_svg: String,
    warnings: Vec<String>,
}

pub fn remember(jar: PrivateCookieJar, r: &Receipt, warnings: &[String], secure: bool) -> PrivateCookieJar {
    let mut value = format!(
        "{}{SEP}{}{SEP}{}{SEP}{}",
        r.ticket,
        r.pin.as_str(),
        r.received_at.unix_timestamp(),
        r.verification_due.unix_timestamp()
    );
    for w in warnings {
        value.push(SEP);
        value.push_str(w);
    }
    let cookie = Cookie::build((COOKIE, value))
        .path(PATH)
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::minutes(10))
        .build();
    jar.add(cookie)
}

/// The tracking link as an inline SVG QR code (no script, no external image).
pub fn qr_svg(url: &str) -> String {
    QrCode::new(url.as_bytes())
        .map(|code| code.render::<svg::Color>().min_dimensions(200, 200).quiet_zone(true).build())
        .unwrap_or_default()
}

pub async fn show(State(state): State<AppState>, p: PageCtx, jar: PrivateCookieJar) -> Result<Response, PageError> {
    let gone = || PageError::new(p.clone().with_title("receipt.title"), StatusCode::GONE, "receipt.gone");
    let value = jar.get(COOKIE).map(|c| c.value().to_string()).ok_or_else(gone)?;
    let mut parts = value.split(SEP);
    let (Some(ticket), Some(pin), Some(received), Some(due)) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(gone());
    };
    let at = |s: &str| s.parse::<i64>().ok().and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok());
    let (Some(received), Some(due)) = (at(received), at(due)) else {
        return Err(gone());
    };
    let track_url = format!("{}/lacak/{ticket}", state.config.public_url.trim_end_matches('/'));
    let page = ReceiptPage {
        ticket: ticket.to_string(),
        pin: pin.to_string(),
        received: p.datetime(&received),
        verification_due: p.datetime(&due),
        qr_svg: qr_svg(&track_url),
        track_url,
        warnings: parts.map(str::to_string).collect(),
        p: p.with_title("receipt.title"),
    };
    let jar = jar.remove(Cookie::build(COOKIE).path(PATH));
    Ok((jar, [(header::CACHE_CONTROL, "no-store")], page).into_response())
}
