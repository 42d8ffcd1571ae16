//! Background jobs that run inside the server process. Each job is idempotent and claims its
//! work with conditional updates, so several processes sharing one PostgreSQL may all run them.

pub mod sla;

use aduan_store::Store;
use std::time::Duration;
use tokio::task::JoinHandle;

/// How often each job runs, and the SLA escalation delay.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    pub every: Duration,
    pub escalate_after: time::Duration,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule { every: Duration::from_secs(300), escalate_after: time::Duration::days(2) }
    }
}

/// Starts the jobs; they stop with the runtime.
pub fn start(store: Store, schedule: Schedule) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(schedule.every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            sla::run(&store, schedule.escalate_after).await;
        }
    })
}
