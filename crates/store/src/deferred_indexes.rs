//! A bulk write that multiplies a table's rows (demo data from a nearly empty database) runs
//! faster without the table's secondary indexes: each row is then written once, and each index
//! is sorted once at the end instead of being extended row by row all over its pages. The
//! dropped indexes are recorded in `deferred_indexes` in the transaction that drops them, so a
//! run stopped halfway (a crash, Ctrl-C) is mended when the database is next opened
//! ([`Db::migrate`]). Unique indexes and keys stay: they keep the rows right while they are
//! written, and the writer's own look-ups use them.

use crate::{Backend, Db, StoreError};
use sqlx::Executor;
use std::time::Duration;

/// How long dropping waits for the tables to be free of other writers before the bulk write
/// goes ahead with its indexes in place.
const LOCK_PATIENCE: Duration = Duration::from_secs(10);

/// PostgreSQL's SQLSTATE for a lock that `NOWAIT` did not get.
const LOCK_NOT_AVAILABLE: &str = "55P03";

impl Db {
    /// Drops the non-unique indexes of `tables` and records their definitions; returns how many
    /// (none when other writers kept the tables busy for longer than [`LOCK_PATIENCE`]).
    pub(crate) async fn defer_indexes(&self, tables: &[&str]) -> Result<usize, StoreError> {
        let list = tables
            .iter()
            .map(|t| {
                debug_assert!(t.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "a table name: {t}");
                format!("'{t}'")
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = match self.backend {
            Backend::Sqlite => format!(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
                 AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ({list}) ORDER BY name"
            ),
            Backend::Postgres => format!(
                "SELECT indexname::TEXT, indexdef FROM pg_indexes WHERE schemaname = current_schema() \
                 AND indexdef NOT LIKE 'CREATE UNIQUE%' AND tablename IN ({list}) ORDER BY indexname"
            ),
        };
        let started = std::time::Instant::now();
        let mut tx = loop {
            let mut tx = self.write.begin().await?;
            if self.backend == Backend::Sqlite {
                break tx;
            }
            // A filing locks these tables one after another as it writes them; a drop that
            // waited for one table while holding another could close a circle with it (a
            // deadlock, and one of the two undone). Taking all of them at once or none, without
            // waiting, never holds a lock while it waits.
            let lock = format!("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE NOWAIT", tables.join(", "));
            match tx.execute(sqlx::AssertSqlSafe(lock)).await {
                Ok(_) => break tx,
                Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some(LOCK_NOT_AVAILABLE) => {
                    tx.rollback().await?;
                    if started.elapsed() > LOCK_PATIENCE {
                        tracing::info!("tables busy: the bulk write keeps its indexes");
                        return Ok(0);
                    }
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                Err(e) => return Err(e.into()),
            }
        };
        let indexes: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *tx).await?;
        for (name, definition) in &indexes {
            sqlx::query("INSERT INTO deferred_indexes (name, definition) VALUES ($1, $2)")
                .bind(name)
                .bind(definition)
                .execute(&mut *tx)
                .await?;
            tx.execute(sqlx::AssertSqlSafe(format!("DROP INDEX \"{name}\""))).await?;
        }
        tx.commit().await?;
        Ok(indexes.len())
    }

    /// Builds again every index a bulk write deferred, each in its own transaction with the
    /// removal of its record, so that a stop in between leaves the rest recorded.
    pub(crate) async fn restore_deferred_indexes(&self) -> Result<usize, StoreError> {
        let deferred: Vec<(String, String)> =
            sqlx::query_as("SELECT name, definition FROM deferred_indexes ORDER BY name")
                .fetch_all(&self.write)
                .await?;
        for (name, definition) in &deferred {
            tracing::info!(index = %name, "building an index a bulk write deferred");
            let mut tx = self.write.begin().await?;
            tx.execute(sqlx::AssertSqlSafe(definition.clone())).await?;
            if self.backend == Backend::Sqlite {
                // Other connections load an index's statistics with the schema, once, when they
                // see it change: measured in the same transaction, the new index is never
                // planned without them.
                // Sampled, as `Db::optimize` samples.
                tx.execute(sqlx::AssertSqlSafe(format!("PRAGMA analysis_limit = 1000; ANALYZE \"{name}\""))).await?;
            }
            sqlx::query("DELETE FROM deferred_indexes WHERE name = $1").bind(name).execute(&mut *tx).await?;
            tx.commit().await?;
        }
        Ok(deferred.len())
    }
}
