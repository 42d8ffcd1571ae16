//! Rate limits on the public forms and the filing API, per client address (governor's GCRA).
//! Mobile carriers put many citizens behind one address, so the default is generous; operators
//! raise it, or turn it off with 0, e.g. for a load test. Behind a reverse proxy, `trust_proxy`
//! takes the client address from the last `X-Forwarded-For` entry the proxy added.

use crate::AppState;
use crate::client::client_ip;
use crate::error::{ApiError, PageError};
use crate::i18n::Lang;
use crate::pages::layout::PageCtx;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

#[derive(Clone)]
pub struct Limiter {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    trust_proxy: bool,
}

impl Limiter {
    /// `None` when `per_minute` is 0: no limit at all.
    pub fn new(per_minute: u32, trust_proxy: bool) -> Option<Self> {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute)?);
        Some(Limiter { limiter: Arc::new(DefaultKeyedRateLimiter::keyed(quota)), trust_proxy })
    }

    /// Seconds to wait when the client is over its limit.
    fn check(&self, ip: IpAddr) -> Option<u64> {
        if self.limiter.len() > 50_000 {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&ip)
            .err()
            .map(|not_until| not_until.wait_time_from(DefaultClock::default().now()).as_secs().max(1))
    }
}

/// Look-ups of cases by a citizen's phone, email, NIK or name, per staff user: enough for the
/// counter of a busy office, too few to walk through a list of numbers to learn who complained.
#[derive(Clone)]
pub struct IdentityLookups {
    /// `None`: no limit.
    limiter: Option<Arc<DefaultKeyedRateLimiter<i64>>>,
}

impl IdentityLookups {
    /// `per_minute` look-ups per user, all at once if need be; 0 for no limit.
    pub fn new(per_minute: u32) -> Self {
        let limiter =
            NonZeroU32::new(per_minute).map(|n| Arc::new(DefaultKeyedRateLimiter::keyed(Quota::per_minute(n))));
        IdentityLookups { limiter }
    }

    /// `Err(seconds to wait)` when `user` has used up their look-ups for now.
    pub fn check(&self, user: i64) -> Result<(), u64> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        limiter
            .check_key(&user)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()).as_secs().max(1))
    }
}

/// What anyone may send without signing in: filing, tracking with a PIN, asking for a new PIN,
/// the survey, comments, and signing in. Reading pages stays free, and signed-in staff at one office address are never
/// slowed down.
const LIMITED: [&str; 5] = ["/pengaduan", "/lacak", "/api/v1/complaints", "/admin/masuk", "/survei"];
const LIMITED_SUFFIXES: [&str; 2] = ["/lupa-pin", "/komentar"];

pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(limiter) = state.limiter.as_ref() else {
        return next.run(req).await;
    };
    let path = req.uri().path();
    if req.method() != Method::POST || !(LIMITED.contains(&path) || LIMITED_SUFFIXES.iter().any(|s| path.ends_with(s)))
    {
        return next.run(req).await;
    }
    let Some(ip) = client_ip(req.headers(), req.extensions(), limiter.trust_proxy) else {
        return next.run(req).await;
    };
    let Some(wait) = limiter.check(ip) else {
        return next.run(req).await;
    };
    tracing::info!(%ip, wait, path = req.uri().path(), "rate limited");
    let api = req.uri().path().starts_with("/api/");
    let (mut parts, _) = req.into_parts();
    let mut res = if api {
        ApiError::new(Lang::from_parts(&parts), StatusCode::TOO_MANY_REQUESTS, "rate_limited").into_response()
    } else {
        match PageCtx::from_request_parts(&mut parts, &state).await {
            Ok(p) => PageError::new(p.with_title("error.title"), StatusCode::TOO_MANY_REQUESTS, "error.rate_limited")
                .into_response(),
            Err(e) => e.into_response(),
        }
    };
    if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}
