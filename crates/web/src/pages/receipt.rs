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
/// Where the citizen's receipt is shown; the back office has its own.
pub const PATH: &str = "/pengaduan/tanda-terima";
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

pub fn remember(
    jar: PrivateCookieJar,
    path: &'static str,
    r: &Receipt,
    warnings: &[String],
    secure: bool,
) -> PrivateCookieJar {
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
        .path(path)
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

/// What the form left for the receipt page: ticket, PIN, times and warnings.
pub struct Remembered {
    pub ticket: String,
    pub pin: String,
    pub received: OffsetDateTime,
    pub due: OffsetDateTime,
    pub warnings: Vec<String>,
}

pub fn recall(jar: &PrivateCookieJar) -> Option<Remembered> {
    let value = jar.get(COOKIE)?.value().to_string();
    let mut parts = value.split(SEP);
    let (ticket, pin, received, due) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let at = |s: &str| s.parse::<i64>().ok().and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok());
    Some(Remembered {
        ticket: ticket.to_string(),
        pin: pin.to_string(),
        received: at(received)?,
        due: at(due)?,
        warnings: parts.map(str::to_string).collect(),
    })
}

/// Removes the receipt cookie once shown: the PIN is never shown twice.
pub fn forget(jar: PrivateCookieJar, path: &'static str) -> PrivateCookieJar {
    jar.remove(Cookie::build(COOKIE).path(path))
}

pub fn track_url(state: &AppState, ticket: &str) -> String {
    format!("{}/lacak/{ticket}", state.config.public_url.trim_end_matches('/'))
}

pub async fn show(State(state): State<AppState>, p: PageCtx, jar: PrivateCookieJar) -> Result<Response, PageError> {
    let Some(r) = recall(&jar) else {
        return Err(PageError::new(p.with_title("receipt.title"), StatusCode::GONE, "receipt.gone"));
    };
    let track_url = track_url(&state, &r.ticket);
    let page = ReceiptPage {
        received: p.datetime(&r.received),
        verification_due: p.datetime(&r.due),
        qr_svg: qr_svg(&track_url),
        track_url,
        ticket: r.ticket,
        pin: r.pin,
        warnings: r.warnings,
        p: p.with_title("receipt.title"),
    };
    Ok((forget(jar, PATH), [(header::CACHE_CONTROL, "no-store")], page).into_response())
}
