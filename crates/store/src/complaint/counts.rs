//! Complaints per status, kept up to date inside every transaction that changes a status.

use crate::{Store, StoreError};
use aduan_domain::Status;
use sqlx::AnyConnection;
use std::collections::BTreeMap;

pub(crate) async fn bump(
    conn: &mut AnyConnection,
    village_id: i64,
    status: Status,
    delta: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO complaint_counts (village_id, status, n) VALUES ($1, $2, $3) \
         ON CONFLICT (village_id, status) DO UPDATE SET n = complaint_counts.n + $3",
    )
    .bind(village_id)
    .bind(status.as_str())
    .bind(delta)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    pub async fn status_counts(&self, village_id: i64) -> Result<BTreeMap<&'static str, i64>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, n FROM complaint_counts WHERE village_id = $1")
            .bind(village_id)
            .fetch_all(&self.db.read)
            .await?;
        Ok(rows.into_iter().filter_map(|(s, n)| Status::parse(&s).map(|s| (s.as_str(), n))).collect())
    }
}
