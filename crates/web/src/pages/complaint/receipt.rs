//! The receipt shown after filing: ticket and PIN. The PIN travels from the form to this page in
//! an encrypted cookie of this browser alone, so the receipt opens again in the same browser for
//! [`REOPEN_FOR`] (a phone reloads the tab after the camera was used to note the PIN) and never
//! anywhere else; the page is never cached. It prints with the village's name, and is shared by a
//! WhatsApp link carrying the tracking link, never the PIN.

use super::super::layout::PageCtx;
use crate::AppState;
use crate::error::PageError;
use crate::intake::Receipt;
use crate::qr::qr_svg;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, PrivateCookieJar, SameSite};
use time::OffsetDateTime;

const COOKIE: &str = "aduan_receipt";
/// Where the citizen's receipt is shown; the back office has its own.
pub const PATH: &str = "/pengaduan/tanda-terima";
const SEP: char = '\u{1f}';
/// How long the receipt opens again in the browser that filed.
pub const REOPEN_FOR: time::Duration = time::Duration::hours(24);
/// The receipt page may run the print button's script from this site; nothing else changes.
pub const PRINT_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

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
    /// `https://wa.me/?text=…` with the village, ticket and tracking link.
    share_url: String,
}

pub fn remember(
    jar: PrivateCookieJar,
    path: &'static str,
    r: &Receipt,
    warnings: &[String],
    secure: bool,
    now: OffsetDateTime,
) -> PrivateCookieJar {
    let mut value = format!(
        "{}{SEP}{}{SEP}{}{SEP}{}{SEP}{}",
        r.ticket,
        r.pin.as_str(),
        r.received_at.unix_timestamp(),
        r.verification_due.unix_timestamp(),
        now.unix_timestamp()
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
        .max_age(REOPEN_FOR)
        .build();
    jar.add(cookie)
}

/// What the form left for the receipt page: ticket, PIN, times and warnings.
pub struct Remembered {
    pub ticket: String,
    pub pin: String,
    pub received: OffsetDateTime,
    pub due: OffsetDateTime,
    pub warnings: Vec<String>,
}

/// The receipt this browser was given, while it may still be opened: the time it was issued is
/// inside the encrypted value, so a cookie kept past its age is refused all the same.
pub fn recall(jar: &PrivateCookieJar, now: OffsetDateTime) -> Option<Remembered> {
    let value = jar.get(COOKIE)?.value().to_string();
    let mut parts = value.split(SEP);
    let (ticket, pin, received, due, issued) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let at = |s: &str| s.parse::<i64>().ok().and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok());
    if at(issued)? + REOPEN_FOR < now {
        return None;
    }
    Some(Remembered {
        ticket: ticket.to_string(),
        pin: pin.to_string(),
        received: at(received)?,
        due: at(due)?,
        warnings: parts.map(str::to_string).collect(),
    })
}

/// Removes the receipt cookie.
pub fn forget(jar: PrivateCookieJar, path: &'static str) -> PrivateCookieJar {
    jar.remove(Cookie::build(COOKIE).path(path))
}

pub fn track_url(state: &AppState, ticket: &str) -> String {
    format!("{}/lacak/{ticket}", state.config.public_url.trim_end_matches('/'))
}

pub async fn show(State(state): State<AppState>, p: PageCtx, jar: PrivateCookieJar) -> Result<Response, PageError> {
    let Some(r) = recall(&jar, p.now) else {
        return Err(PageError::new(p.with_title("receipt.title"), StatusCode::GONE, "receipt.gone"));
    };
    let track_url = track_url(&state, &r.ticket);
    let text =
        p.lang.tf("receipt.share_text", &[("village", &p.village.name), ("ticket", &r.ticket), ("url", &track_url)]);
    let share_url = format!("https://wa.me/?{}", serde_urlencoded::to_string([("text", text)]).unwrap_or_default());
    let page = ReceiptPage {
        share_url,
        received: p.datetime(&r.received),
        verification_due: p.datetime(&r.due),
        qr_svg: qr_svg(&track_url),
        track_url,
        ticket: r.ticket,
        pin: r.pin,
        warnings: r.warnings,
        p: p.with_title("receipt.title"),
    };
    let headers = [(header::CACHE_CONTROL, "no-store"), (header::CONTENT_SECURITY_POLICY, PRINT_POLICY)];
    Ok((headers, page).into_response())
}

/// The same receipt as a one-page PDF, from the same cookie, for as long as the page opens.
pub async fn pdf(p: PageCtx, State(state): State<AppState>, jar: PrivateCookieJar) -> Result<Response, PageError> {
    let Some(r) = recall(&jar, p.now) else {
        return Err(PageError::new(p.with_title("receipt.title"), StatusCode::GONE, "receipt.gone"));
    };
    let receipt =
        crate::receipt_pdf::citizen(&p, &r.ticket, &r.pin, (r.received, r.due), &track_url(&state, &r.ticket));
    crate::receipt_pdf::respond(p, receipt, &r.ticket).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum_extra::extract::cookie::Key;

    fn jar_with(value: String) -> PrivateCookieJar {
        PrivateCookieJar::new(Key::generate()).add(Cookie::new(COOKIE, value))
    }

    #[test]
    fn a_receipt_opens_again_for_a_day_and_not_after() {
        let clock = OffsetDateTime::now_utc();
        let now = clock.unix_timestamp();
        let value = |issued: i64| format!("KRB-2026-000001{SEP}123456{SEP}{now}{SEP}{now}{SEP}{issued}");
        let fresh = recall(&jar_with(value(now - 3600)), clock).expect("an hour old");
        assert_eq!((fresh.ticket.as_str(), fresh.pin.as_str()), ("KRB-2026-000001", "123456"));
        assert!(recall(&jar_with(value(now - REOPEN_FOR.whole_seconds() - 60)), clock).is_none(), "a day and a minute");
        assert!(recall(&jar_with(format!("KRB-2026-000001{SEP}123456{SEP}{now}{SEP}{now}")), clock).is_none());
    }
}
