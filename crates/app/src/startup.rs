//! Building the application exactly as `aduan serve` runs it; the tests use this too.

use crate::settings::{DataArgs, ServeArgs};
use aduan_domain::notice::Reachable;
use aduan_jobs::{DeliveryConfig, GatewayConfig, MailConfig};
use aduan_store::bootstrap::{FirstAdmin, default_seed};
use aduan_store::platform::images::{ImageGate, ImageLimits};
use aduan_store::{Db, Keyring, Store, platform::files::FileStore};
use aduan_web::{AppState, WebConfig};
use anyhow::Context;
use std::net::SocketAddr;

/// Opens the data directory and database, migrates, seeds a fresh installation.
pub async fn open_store(data: &DataArgs) -> anyhow::Result<(Store, Option<FirstAdmin>)> {
    aduan_store::platform::private_fs::dir(&data.data)
        .with_context(|| format!("creating data directory {}", data.data.display()))?;
    let keys = match &data.secret_key {
        Some(secret) => Keyring::from_hex(&secret.0).context("ADUAN_SECRET_KEY")?,
        None => Keyring::load_or_create(&data.data).context("reading or creating the secret key")?,
    };
    let db = Db::connect(&data.database_url()).await.context("connecting to the database")?;
    db.migrate().await.context("migrating the database")?;
    let files = FileStore::new(&data.data).context("preparing the attachment folder")?;
    let store = Store::new(db, keys, files);
    let seed = default_seed().context("reading the shipped holiday calendar")?;
    let admin = store.bootstrap(&seed).await.context("seeding the first village")?;
    Ok((store, admin))
}

pub fn web_config(serve: &ServeArgs, bound: SocketAddr) -> WebConfig {
    WebConfig {
        public_url: serve.public_url.clone().unwrap_or_else(|| format!("http://{bound}")),
        max_file_bytes: serve.max_file_mb * 1024 * 1024,
        max_complaint_bytes: serve.max_complaint_mb * 1024 * 1024,
        max_files: 5,
        max_case_files: serve.max_case_files,
        replies_per_hour: serve.replies_per_hour,
        images: image_gate(serve),
        secure_cookies: serve.secure_cookies,
        rate_limit_per_minute: serve.rate_limit_per_minute,
        wrong_pins_per_hour: serve.wrong_pins_per_hour,
        identity_lookups_per_minute: serve.identity_lookups_per_minute,
        reachable: Reachable {
            email: serve.notify.smtp_url.as_ref().is_some_and(|u| !u.0.trim().is_empty()),
            phone: serve.notify.gateway_url.as_ref().is_some_and(|u| !u.trim().is_empty()),
        },
        trust_proxy: serve.trust_proxy,
        escalation_link_days: serve.escalation_link_days,
        webhook_secret: serve.webhook_secret.as_ref().map(|s| s.0.clone()).filter(|s| !s.is_empty()),
        lapse: aduan_store::complaint::lapse::Windows::default(),
    }
}

fn image_gate(serve: &ServeArgs) -> ImageGate {
    const MB: u64 = 1024 * 1024;
    let limits = ImageLimits {
        max_pixels: serve.max_image_megapixels * 1_000_000,
        max_side: ImageLimits::default().max_side,
        max_decoded_bytes: serve.max_image_decoded_mb * MB,
    };
    ImageGate::new(limits, serve.image_decodes, serve.image_memory_mb * MB)
}

/// Where notifications go, from the serve options.
pub fn delivery_config(serve: &ServeArgs, bound: SocketAddr) -> anyhow::Result<DeliveryConfig> {
    let n = &serve.notify;
    Ok(DeliveryConfig {
        public_url: serve.public_url.clone().unwrap_or_else(|| format!("http://{bound}")),
        mail: n.smtp_url.as_ref().map(|url| MailConfig { url: url.0.clone(), from: n.mail_from.clone() }),
        gateway: match &n.gateway_url {
            Some(url) if !url.trim().is_empty() => Some(GatewayConfig {
                url: url.clone(),
                method: n.gateway_method.clone(),
                headers: n.headers()?,
                body: n.gateway_body.clone(),
            }),
            _ => None,
        },
        max_age: time::Duration::hours(i64::from(n.outbox_max_age_hours)),
    })
}

pub fn app(store: Store, config: WebConfig) -> axum::Router {
    aduan_web::router(AppState::new(store, config))
}
