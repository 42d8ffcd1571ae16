//! The SLA sweep job: warnings at 75 %, breaches, escalation (see `aduan_store::complaint::sla_sweep`).

use aduan_store::Store;

pub async fn run(store: &Store, escalate_after: time::Duration) {
    match store.sla_sweep(store.clock().now(), escalate_after).await {
        Ok(report) if report != Default::default() => tracing::info!(?report, "SLA sweep"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = ?e, "SLA sweep failed"),
    }
}
