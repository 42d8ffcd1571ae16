//! Deemed-withdrawn and auto-close (see `aduan_store::complaint::lapse`).

use aduan_store::Store;
use aduan_store::complaint::lapse::Windows;

pub async fn run(store: &Store, windows: Windows) {
    match store.lapse_sweep(store.clock().now(), windows).await {
        Ok(report) if report != Default::default() => tracing::info!(?report, "lapse sweep"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = ?e, "lapse sweep failed"),
    }
}
