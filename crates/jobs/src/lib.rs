//! Background jobs that run inside the server process. Each job is idempotent and claims its
//! work with conditional updates, so several processes sharing one PostgreSQL may all run them.
//!
//! The jobs build on the store and the domain, never on the web layer, and read the time from
//! the store's clock, so a test that advances it runs them at any moment it needs.

pub mod deliver;
pub mod lapse;
pub mod prune;
mod render;
pub mod sla;

pub use deliver::{Courier, DeliveryConfig, GatewayConfig, MailConfig};
pub use render::{Rendered, render};

use aduan_store::Store;
use aduan_store::complaint::lapse::Windows;
use std::time::Duration;
use tokio::task::JoinHandle;

rust_i18n::i18n!("locales", fallback = "id");

/// How often each job runs, and the windows of the village's procedure.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    /// The SLA and lapse sweeps.
    pub every: Duration,
    /// The outbox.
    pub deliver_every: Duration,
    pub escalate_after: time::Duration,
    pub windows: Windows,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            every: Duration::from_secs(300),
            deliver_every: Duration::from_secs(10),
            escalate_after: time::Duration::days(2),
            windows: Windows::default(),
        }
    }
}

/// Starts the jobs; they stop with the runtime.
pub fn start(store: Store, schedule: Schedule, courier: Courier) -> Vec<JoinHandle<()>> {
    let sweeps = {
        let store = store.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(schedule.every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                sla::run(&store, schedule.escalate_after).await;
                lapse::run(&store, schedule.windows).await;
                prune::run(&store, store.clock().now()).await;
            }
        })
    };
    let clock = store.clock().clone();
    let outbox = tokio::spawn(async move {
        let mut tick = tokio::time::interval(schedule.deliver_every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match courier.run_once(clock.now()).await {
                Ok(report) if report != Default::default() => tracing::info!(?report, "outbox"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = ?e, "outbox delivery failed"),
            }
        }
    });
    vec![sweeps, outbox]
}
