//! Checking a citizen's PIN, with wrong tries counted per ticket and a lock after too many; and
//! replacing a lost PIN with a new one sent to the contact on file.

use crate::audit::{self, AuditEntry};
use crate::{Store, StoreError, credentials, notify, timefmt};
use aduan_domain::notice::CitizenEvent;
use aduan_domain::{Pin, Ticket};
use time::{Duration, OffsetDateTime};

pub const MAX_TRIES: i64 = 5;
pub const LOCK_FOR: Duration = Duration::minutes(15);
/// How often a PIN may be replaced: anyone who knows a ticket may ask, so the citizen is not
/// flooded with messages.
pub const RESET_EVERY: Duration = Duration::hours(1);

#[derive(Debug, thiserror::Error)]
pub enum PinResetError {
    /// The citizen left no phone or email, or asked not to be contacted.
    #[error("no contact on file")]
    NoContact,
    #[error("a new PIN was sent recently")]
    TooSoon { next: OffsetDateTime },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for PinResetError {
    fn from(e: sqlx::Error) -> Self {
        PinResetError::Store(e.into())
    }
}

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

    /// Replaces the PIN of `ticket` with a new one and queues it for the citizen's contact; the
    /// old PIN stops working. The message is the only place the new PIN is ever written, sealed
    /// until it is sent.
    pub async fn reset_pin(&self, ticket: &Ticket) -> Result<(), PinResetError> {
        let now = timefmt::now();
        let pin = Pin::generate(&mut rand::rng());
        let hash = credentials::hash_pin(&pin).await?;
        let mut tx = self.db.write.begin().await?;
        let row: Option<(i64, i64, Option<String>)> = sqlx::query_as(
            "UPDATE complaints SET updated_at = $2 WHERE ticket = $1 RETURNING id, village_id, pin_reset_at",
        )
        .bind(ticket.as_str().to_string())
        .bind(timefmt::instant(now))
        .fetch_optional(&mut *tx)
        .await?;
        let (id, village_id, last) = row.ok_or(StoreError::NotFound)?;
        if let Some(last) = timefmt::opt_instant(last)?
            && now - last < RESET_EVERY
        {
            return Err(PinResetError::TooSoon { next: last + RESET_EVERY });
        }
        let secret = self.keys.seal("outbox_secret", pin.as_str());
        if !notify::citizen(&mut tx, id, CitizenEvent::PinReset, serde_json::json!({}), Some(secret), now).await? {
            return Err(PinResetError::NoContact);
        }
        sqlx::query(
            "UPDATE complaints SET pin_hash = $2, pin_reset_at = $3, pin_failures = 0, pin_locked_until = NULL \
             WHERE id = $1",
        )
        .bind(id)
        .bind(hash)
        .bind(timefmt::instant(now))
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry {
            actor: "citizen".into(),
            action: "complaint.pin_reset".into(),
            subject: format!("complaint:{ticket}"),
            detail: serde_json::json!({}),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }
}
