//! Aduan's web layer: the public pages, the JSON API with its OpenAPI document, and the
//! security around them. Handlers stay thin: validation lives in the domain, storage in the store.
//!
//! Where things live:
//! - `pages/complaint/` and `admin/complaint/`: the complaint service's pages for citizens and
//!   for the office; `api/`, `open311/` and `inbound/` are the complaint service's machine
//!   interfaces (JSON API, GeoReport v2, mail and gateway webhooks).
//! - `pages/portal/` and `admin/portal/`: the village portal (articles, comments, the village's
//!   own pages, profile, agenda, media, widgets, visitors).
//! - `pages/` and `admin/` at their top: what both share (the page shell in `pages::layout`, the
//!   route tables, sign-in, users, settings, API keys). The files at the crate root are the shared
//!   platform of the web layer: errors (`error`, mapped once), CSRF-checked forms, uploads, rate
//!   limits, security headers, the client's address, and the complaint helpers the pages and the
//!   API share (`intake`, `pin_guard`, `staff_step`, the receipts and the case file).
//!
//! Imports go from the rooms to the shared files, never back; the two contexts do not import each
//! other's pages.

rust_i18n::i18n!("locales", fallback = "id");

pub mod admin;
pub mod api;
pub mod captcha;
mod casefile;
mod client;
pub mod config;
mod csrf_form;
mod deadline;
mod error;
mod form_fields;
pub mod i18n;
pub mod inbound;
mod intake;
pub mod open311;
pub(crate) mod pages;
mod pin_guard;
mod qr;
mod rate_limit;
mod receipt_pdf;
mod security;
mod staff_step;
pub(crate) mod upload;
mod visits;

pub use config::WebConfig;

/// The key of the private and signed cookies, derived from the installation key.
fn cookie_key(store: &Store) -> Key {
    Key::from(&store.keys().derive("aduan web cookies"))
}

use aduan_store::{Clock, Store};
use axum::Router;
use axum::extract::FromRef;
use axum_extra::extract::cookie::Key;
use std::sync::Arc;
use tower_http::trace::TraceLayer;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// The store's clock, so pages, cookies and CAPTCHA windows age with the stored deadlines.
    pub clock: Clock,
    pub config: Arc<WebConfig>,
    cookie_key: Key,
    limiter: Option<rate_limit::Limiter>,
    pin_guard: Option<Arc<pin_guard::PinGuard>>,
    captchas: captcha::Captchas,
    seen: visits::Seen,
    identity_lookups: rate_limit::IdentityLookups,
    open_data: pages::complaint::open_data::Downloads,
}

impl FromRef<AppState> for Key {
    fn from_ref(s: &AppState) -> Key {
        s.cookie_key.clone()
    }
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        let cookie_key = cookie_key(&store);
        let limiter = rate_limit::Limiter::new(config.rate_limit_per_minute, config.trust_proxy);
        let captchas = captcha::for_store(&store);
        let pin_guard = pin_guard::PinGuard::new(config.wrong_pins_per_hour).map(Arc::new);
        let identity_lookups = rate_limit::IdentityLookups::new(config.identity_lookups_per_minute);
        AppState {
            clock: store.clock().clone(),
            store,
            config: Arc::new(config),
            cookie_key,
            limiter,
            pin_guard,
            captchas,
            seen: visits::Seen::default(),
            identity_lookups,
            open_data: Default::default(),
        }
    }
}

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    let secure = state.config.secure_cookies;
    let mut app = Router::new()
        .merge(pages::routes(&state))
        .merge(admin::routes(&state))
        .nest("/api/v1", api::routes())
        .nest("/open311/v2", open311::routes())
        .route(
            "/webhook/pesan",
            axum::routing::post(inbound::webhook::receive)
                .layer(axum::extract::DefaultBodyLimit::max(state.config.max_complaint_bytes / 3 * 4 + 256 * 1024)),
        )
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), rate_limit::limit))
        .layer(axum::middleware::from_fn(i18n::remember_choice));
    for layer in security::headers(secure) {
        app = app.layer(layer);
    }
    app.layer(TraceLayer::new_for_http()).with_state(state)
}
