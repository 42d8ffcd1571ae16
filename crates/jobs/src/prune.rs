//! Drops the portal's once-a-day markers (who visited, who read which article) once their day
//! is over and the next has begun; the counts they fed stay.

use aduan_store::Store;

pub async fn run(store: &Store, now: time::OffsetDateTime) {
    // Yesterday's markers stay a day longer, whatever the village's zone.
    let keep_from = now.date() - time::Duration::days(2);
    match store.prune_daily_markers(keep_from).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(markers = n, "pruned daily visitor markers"),
        Err(e) => tracing::error!(error = ?e, "pruning daily visitor markers failed"),
    }
}
