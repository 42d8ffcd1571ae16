//! Failed sign-ins, counted per account and per client address in the database: a lock
//! survives a restart and holds across server processes.

use crate::{Store, StoreError, timefmt};
use time::{Duration, OffsetDateTime};

/// How many failures within `window` lock a key, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub max_failures: i64,
    pub window: Duration,
    pub lock_for: Duration,
}

pub const PER_ACCOUNT: Policy =
    Policy { max_failures: 5, window: Duration::minutes(15), lock_for: Duration::minutes(15) };
pub const PER_ADDRESS: Policy =
    Policy { max_failures: 20, window: Duration::minutes(15), lock_for: Duration::minutes(15) };

impl Store {
    /// When the key is locked, until when.
    pub async fn login_locked_until(&self, key: &str) -> Result<Option<OffsetDateTime>, StoreError> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT locked_until FROM login_throttle WHERE throttle_key = $1")
                .bind(key.to_string())
                .fetch_optional(&self.db.read)
                .await?;
        let until = timefmt::opt_instant(row.and_then(|(u,)| u))?;
        Ok(until.filter(|u| *u > self.clock.now()))
    }

    /// Counts a failure; returns the lock's end when this failure locked the key.
    pub async fn record_login_failure(&self, key: &str, policy: Policy) -> Result<Option<OffsetDateTime>, StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT failures, window_started_at FROM login_throttle WHERE throttle_key = $1")
                .bind(key.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        let failures = match row {
            Some((n, started)) if timefmt::parse_instant(&started)? + policy.window > now => n + 1,
            _ => 1,
        };
        let locked = (failures >= policy.max_failures).then_some(now + policy.lock_for);
        sqlx::query(
            "INSERT INTO login_throttle (throttle_key, failures, window_started_at, locked_until) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (throttle_key) DO UPDATE SET failures = $2, \
             window_started_at = CASE WHEN $2 = 1 THEN $3 ELSE login_throttle.window_started_at END, locked_until = $4",
        )
        .bind(key.to_string())
        .bind(if locked.is_some() { 0 } else { failures })
        .bind(timefmt::instant(now))
        .bind(locked.map(timefmt::instant))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(locked)
    }

    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1")
            .bind(key.to_string())
            .execute(&self.db.write)
            .await?;
        Ok(())
    }
}
