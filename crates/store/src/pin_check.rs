//! Checking a citizen's PIN, with wrong tries counted per ticket and a lock after too many.

use crate::{Store, StoreError, credentials, timefmt};
use aduan_domain::{Pin, Ticket};
use time::{Duration, OffsetDateTime};

pub const MAX_TRIES: i64 = 5;
pub const LOCK_FOR: Duration = Duration::minutes(15);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinOutcome {
    Granted,
    Wrong { tries_left: i64 },
    Locked { until: OffsetDateTime },
}

impl Store {
    /// `NotFound` for an unknown ticket. The counter lives in the database, so a restart does
    /// not reset it and every server process sees the same count.
    pub async fn check_pin(&self, ticket: &Ticket, pin: &Pin) -> Result<PinOutcome, StoreError> {
        let now = timefmt::now();
        let (id, hash, locked_until): (i64, String, Option<String>) =
            sqlx::query_as("SELECT id, pin_hash, pin_locked_until FROM complaints WHERE ticket = $1")
                .bind(ticket.as_str().to_string())
                .fetch_one(&self.db.read)
                .await?;
        if let Some(until) = timefmt::opt_instant(locked_until)?
            && until > now
        {
            return Ok(PinOutcome::Locked { until });
        }
        let pin = pin.as_str().to_string();
        let ok = tokio::task::spawn_blocking(move || credentials::verify_secret(&pin, &hash))
            .await
            .map_err(|e| StoreError::Batch(e.to_string()))?;
        if ok {
            sqlx::query(
                "UPDATE complaints SET pin_failures = 0, pin_locked_until = NULL WHERE id = $1 AND pin_failures > 0",
            )
            .bind(id)
            .execute(&self.db.write)
            .await?;
            return Ok(PinOutcome::Granted);
        }
        let (failures,): (i64,) = sqlx::query_as(
            "UPDATE complaints SET pin_failures = pin_failures + 1 WHERE id = $1 RETURNING pin_failures",
        )
        .bind(id)
        .fetch_one(&self.db.write)
        .await?;
        if failures >= MAX_TRIES {
            let until = now + LOCK_FOR;
            sqlx::query("UPDATE complaints SET pin_failures = 0, pin_locked_until = $2 WHERE id = $1")
                .bind(id)
                .bind(timefmt::instant(until))
                .execute(&self.db.write)
                .await?;
            return Ok(PinOutcome::Locked { until });
        }
        Ok(PinOutcome::Wrong { tries_left: MAX_TRIES - failures })
    }
}
