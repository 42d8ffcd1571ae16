//! Counting the portal's visitors: once a day each, crawlers never, under a salted daily hash of
//! address and browser. A visitor already seen today in this process costs no database write;
//! the database's own "once a day" rule keeps several processes right.

use crate::AppState;
use crate::client::client_ip;
use aduan_store::portal::visitors::VisitorSummary;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use time::Date;

/// The day, and the visitors counted on it.
type SeenToday = (Option<Date>, HashSet<Vec<u8>>);

/// Visitors this process has counted today.
#[derive(Clone, Default)]
pub struct Seen(Arc<Mutex<SeenToday>>);

impl Seen {
    /// True when `visitor` is new today (and remembers it).
    fn first_today(&self, day: Date, visitor: &[u8]) -> bool {
        let Ok(mut seen) = self.0.lock() else {
            return true;
        };
        if seen.0 != Some(day) || seen.1.len() > 200_000 {
            *seen = (Some(day), HashSet::new());
        }
        seen.1.insert(visitor.to_vec())
    }

    fn forget(&self, visitor: &[u8]) {
        if let Ok(mut seen) = self.0.lock() {
            seen.1.remove(visitor);
        }
    }
}

/// Crawlers, link previews and scripts are not visitors.
pub fn is_bot(user_agent: &str) -> bool {
    let ua = user_agent.to_ascii_lowercase();
    ua.is_empty()
        || woothee::parser::Parser::new().parse(user_agent).is_some_and(|r| r.category == "crawler")
        || [
            "bot",
            "crawl",
            "spider",
            "slurp",
            "preview",
            "facebookexternalhit",
            "whatsapp",
            "curl",
            "wget",
            "python",
            "headless",
        ]
        .iter()
        .any(|w| ua.contains(w))
}

pub fn user_agent(headers: &HeaderMap) -> &str {
    headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// The operating system and browser family, as the statistics name them.
pub fn system_and_browser(user_agent: &str) -> (String, String) {
    let known = |s: &str| if s.is_empty() || s == "UNKNOWN" { "Lainnya".to_string() } else { s.to_string() };
    match woothee::parser::Parser::new().parse(user_agent) {
        Some(r) => (known(r.os), known(r.name)),
        None => ("Lainnya".into(), "Lainnya".into()),
    }
}

fn today(clock: &aduan_store::Clock, offset: time::UtcOffset) -> Date {
    clock.now().to_offset(offset).date()
}

/// Middleware on the public pages: counts the visitor before the page is made, so the page's
/// own statistics include this visit.
pub async fn count(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() == axum::http::Method::GET {
        let agent = user_agent(req.headers()).to_string();
        if !is_bot(&agent) {
            let ip = client_ip(req.headers(), req.extensions(), state.config.trust_proxy);
            record(&state, ip.map(|i| i.to_string()).unwrap_or_default(), &agent).await;
        }
    }
    next.run(req).await
}

async fn record(state: &AppState, address: String, agent: &str) {
    let village = match state.store.default_village().await {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = ?e, "visitor not counted");
            return;
        }
    };
    let day = today(&state.clock, village.utc_offset);
    let visitor = state.store.visitor_hash(day, &address, agent);
    if !state.seen.first_today(day, &visitor) {
        return;
    }
    let (os, browser) = system_and_browser(agent);
    if let Err(e) = state.store.record_visit(village.id, day, &visitor, &os, &browser).await {
        state.seen.forget(&visitor);
        tracing::warn!(error = ?e, "visitor not counted");
    }
}

/// The visitor-statistics widget: the village's counts and, as on the reference page, the
/// visitor's own system, browser and address (shown to them, never stored).
#[derive(Debug, Clone, Default)]
pub struct VisitorWidget {
    pub counts: VisitorSummary,
    pub os: String,
    pub browser: String,
    pub ip: String,
    /// The raw User-Agent, for counting reads.
    pub agent: String,
}

impl FromRequestParts<AppState> for VisitorWidget {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let agent = user_agent(&parts.headers).to_string();
        let (os, browser) = system_and_browser(&agent);
        let ip = client_ip(&parts.headers, &parts.extensions, state.config.trust_proxy)
            .map(|i| i.to_string())
            .unwrap_or_default();
        let counts = match state.store.default_village().await {
            Ok(v) => state.store.visitor_summary(v.id, today(&state.clock, v.utc_offset)).await.unwrap_or_else(|e| {
                tracing::warn!(error = ?e, "visitor counts unavailable");
                VisitorSummary::default()
            }),
            Err(_) => VisitorSummary::default(),
        };
        Ok(VisitorWidget { counts, os, browser, ip, agent })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crawlers_are_not_visitors() {
        assert!(is_bot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
        assert!(is_bot("facebookexternalhit/1.1"));
        assert!(is_bot(""));
        assert!(!is_bot(
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
        ));
    }

    #[test]
    fn systems_and_browsers_are_named() {
        let (os, browser) = system_and_browser(
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
        );
        assert_eq!((os.as_str(), browser.as_str()), ("Android", "Chrome"));
        assert_eq!(system_and_browser("???"), ("Lainnya".into(), "Lainnya".into()));
    }

    #[test]
    fn a_visitor_is_new_once_a_day() {
        let seen = Seen::default();
        let d = time::macros::date!(2026 - 12 - 02);
        assert!(seen.first_today(d, b"a"));
        assert!(!seen.first_today(d, b"a"));
        assert!(seen.first_today(d.next_day().unwrap(), b"a"));
    }
}
