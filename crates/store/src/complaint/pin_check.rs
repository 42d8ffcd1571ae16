//! Checking a citizen's PIN, with wrong tries counted per ticket and a lock after too many; a
//! lost PIN replaced by one sent to the contact on file, or issued at the office.

use crate::platform::audit::{self, AuditEntry};
use crate::platform::keyring::PinMatch;
use crate::{Store, StoreError, complaint::notify, timefmt};
use aduan_domain::notice::{CitizenEvent, Reachable};
use aduan_domain::{Nik, Pin, Ticket};
use time::{Duration, OffsetDateTime};

pub const MAX_TRIES: i64 = 5;
/// The version of the PIN a complaint is filed with.
pub const FIRST_VERSION: i64 = 1;
pub const LOCK_FOR: Duration = Duration::minutes(15);
/// How often a PIN may be replaced: anyone who knows a ticket may ask, so the citizen is not
/// flooded with messages.
pub const RESET_EVERY: Duration = Duration::hours(1);

#[derive(Debug, thiserror::Error)]
pub enum PinResetError {
    /// No contact on file that a configured mail server or gateway can reach, or the citizen
    /// asked not to be contacted.
    #[error("no reachable contact on file")]
    NoContact,
    #[error("a new PIN was sent recently")]
    TooSoon { next: OffsetDateTime },
    #[error(transparent)]
    Store(#[from] StoreError),
}

crate::error::through_store!(PinResetError);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinOutcome {
    /// `version` is the PIN's version, for a session to remember.
    Granted {
        version: i64,
    },
    Wrong {
        tries_left: i64,
    },
    /// `fresh` when this very guess was wrong and set the lock; otherwise the PIN was not checked.
    Locked {
        until: OffsetDateTime,
        fresh: bool,
    },
}

/// How the office made sure who stands at the counter before it issues a new PIN.
#[derive(Debug, Clone)]
pub enum IdentityCheck {
    /// The officer saw the complainant's identity card (KTP).
    KtpSeen,
    /// The complainant's NIK, typed by the officer, matched the one on file.
    Nik(Nik),
}

#[derive(Debug, thiserror::Error)]
pub enum ReissueError {
    /// The typed NIK is not the one on file, or none is on file.
    #[error("the NIK does not match the complaint")]
    NikMismatch,
    #[error(transparent)]
    Store(#[from] StoreError),
}

crate::error::through_store!(ReissueError);

/// `(id, pin_hash, pin_locked_until, pin_failures, pin_version)`.
type PinRow = (i64, String, Option<String>, i64, i64);

/// The PIN checks of each complaint under way in this process. A guess is looked at only while
/// the wrong tries already counted plus the checks still running stay within what is left before
/// the lock, so of N parallel guesses at most that many are ever compared, the right PIN among
/// them or not.
#[derive(Clone, Default)]
pub(crate) struct InFlight(std::sync::Arc<std::sync::Mutex<std::collections::HashMap<i64, i64>>>);

/// One running check; dropping it ends the check.
struct Reservation {
    checks: InFlight,
    id: i64,
}

impl InFlight {
    fn reserve(&self, id: i64) -> (Reservation, i64) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let running = map.entry(id).or_insert(0);
        *running += 1;
        (Reservation { checks: self.clone(), id }, *running)
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        let mut map = self.checks.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(running) = map.get_mut(&self.id) {
            *running -= 1;
            if *running <= 0 {
                map.remove(&self.id);
            }
        }
    }
}

impl Store {
    /// `NotFound` for an unknown ticket. The counter lives in the database, so a restart does
    /// not reset it and every server process sees the same count. Each wrong PIN is counted by
    /// one conditional write that sees every earlier one, and a check starts only within the
    /// tries left (see [`InFlight`]): of N parallel guesses exactly [`MAX_TRIES`] are compared
    /// and the rest answered "locked" unseen. Only a right PIN (or the office) resets the
    /// counter, so once the lock expires each further wrong guess locks the ticket again.
    pub async fn check_pin(&self, ticket: &Ticket, pin: &Pin) -> Result<PinOutcome, StoreError> {
        let now = self.clock.now();
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM complaints WHERE ticket = $1")
            .bind(ticket.as_str().to_string())
            .fetch_one(&self.db.read)
            .await?;
        // Reserved before the counter is read: a check that finished before this read is in the
        // counter, one still running is in `running`.
        let (_reservation, running) = self.pin_checks.reserve(id);
        let (_, hash, locked_until, failures, version): PinRow = sqlx::query_as(
            "SELECT id, pin_hash, pin_locked_until, pin_failures, pin_version FROM complaints WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&self.db.read)
        .await?;
        if let Some(until) = timefmt::opt_instant(locked_until)?
            && until > now
        {
            return Ok(PinOutcome::Locked { until, fresh: false });
        }
        // After an expired lock one try at a time, each wrong one locking again.
        let tries_left = if failures >= MAX_TRIES { 1 } else { MAX_TRIES - failures };
        if running > tries_left {
            return self.current_lock(id, now).await;
        }
        let verdict = if hash.starts_with('$') {
            // The old Argon2id form is slow: off the async runtime.
            let (keys, t, p) = (self.keys.clone(), ticket.as_str().to_string(), pin.as_str().to_string());
            tokio::task::spawn_blocking(move || keys.pin_matches(&t, &p, &hash))
                .await
                .map_err(|e| StoreError::Batch(e.to_string()))?
        } else {
            self.keys.pin_matches(ticket.as_str(), pin.as_str(), &hash)
        };
        let rehashed = match verdict {
            PinMatch::No => return self.count_wrong_pin(id, now).await,
            PinMatch::Yes => None,
            PinMatch::YesLegacy => Some(self.keys.pin_hash(ticket.as_str(), pin.as_str())),
        };
        // A right PIN writes only when there is something to reset or an old hash to replace,
        // so tracking a case stays a read.
        if failures > 0 || rehashed.is_some() {
            sqlx::query(
                "UPDATE complaints SET pin_failures = 0, pin_locked_until = NULL, pin_hash = COALESCE($2, pin_hash) \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(rehashed)
            .execute(&self.db.write)
            .await?;
        }
        Ok(PinOutcome::Granted { version })
    }

    async fn count_wrong_pin(&self, id: i64, now: OffsetDateTime) -> Result<PinOutcome, StoreError> {
        let until = timefmt::instant(now + LOCK_FOR);
        let row: Option<(i64, Option<String>)> = sqlx::query_as(
            "UPDATE complaints SET pin_failures = pin_failures + 1, \
             pin_locked_until = CASE WHEN pin_failures + 1 >= $2 THEN $3 ELSE pin_locked_until END \
             WHERE id = $1 AND (pin_locked_until IS NULL OR pin_locked_until <= $4) \
             RETURNING pin_failures, pin_locked_until",
        )
        .bind(id)
        .bind(MAX_TRIES)
        .bind(until)
        .bind(timefmt::instant(now))
        .fetch_optional(&self.db.write)
        .await?;
        match row {
            Some((failures, _)) if failures < MAX_TRIES => Ok(PinOutcome::Wrong { tries_left: MAX_TRIES - failures }),
            Some((_, Some(until))) => Ok(PinOutcome::Locked { until: timefmt::parse_instant(&until)?, fresh: true }),
            _ => self.current_lock(id, now).await,
        }
    }

    /// The lock as it stands, or as it will once the checks running now have counted.
    async fn current_lock(&self, id: i64, now: OffsetDateTime) -> Result<PinOutcome, StoreError> {
        let (until,): (Option<String>,) = sqlx::query_as("SELECT pin_locked_until FROM complaints WHERE id = $1")
            .bind(id)
            .fetch_one(&self.db.write)
            .await?;
        let until = timefmt::opt_instant(until)?.filter(|u| *u > now).unwrap_or(now + LOCK_FOR);
        Ok(PinOutcome::Locked { until, fresh: false })
    }

    /// The version of the ticket's current PIN; a session opened with another one has ended.
    pub async fn pin_version(&self, ticket: &Ticket) -> Result<i64, StoreError> {
        let (v,): (i64,) = sqlx::query_as("SELECT pin_version FROM complaints WHERE ticket = $1")
            .bind(ticket.as_str().to_string())
            .fetch_one(&self.db.read)
            .await?;
        Ok(v)
    }

    /// Whether "Lupa PIN" can reach this citizen with what the installation can send.
    pub async fn pin_reset_possible(&self, ticket: &Ticket, reachable: Reachable) -> Result<bool, StoreError> {
        let row: (String, Option<Vec<u8>>, Option<Vec<u8>>) = sqlx::query_as(
            "SELECT p.preferred_contact, p.phone_hash, p.email_hash FROM complaints c \
             JOIN complainants p ON p.complaint_id = c.id WHERE c.ticket = $1",
        )
        .bind(ticket.as_str().to_string())
        .fetch_optional(&self.db.read)
        .await?
        .unwrap_or(("tidak".into(), None, None));
        let pref =
            aduan_domain::complaint::ContactPref::parse(&row.0).unwrap_or(aduan_domain::complaint::ContactPref::Tidak);
        Ok(reachable.channel(pref, row.1.is_some(), row.2.is_some()).is_some())
    }

    /// Queues a new PIN for the citizen's contact, on a channel `reachable` can send. The old PIN
    /// keeps working, and the lock and the wrong-try counter stay, until the message carrying the
    /// new one has been handed over ([`Store::outbox_sent`]). The message is the only place the
    /// new PIN is ever written, sealed until it is sent.
    pub async fn reset_pin(&self, ticket: &Ticket, reachable: Reachable) -> Result<(), PinResetError> {
        let now = self.clock.now();
        let pin = Pin::generate(&mut rand::rng());
        let hash = self.keys.pin_hash(ticket.as_str(), pin.as_str());
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
        let params = serde_json::json!({});
        let Some(message) =
            notify::citizen_within(&mut tx, id, CitizenEvent::PinReset, params, Some(secret), now, reachable).await?
        else {
            return Err(PinResetError::NoContact);
        };
        sqlx::query(
            "UPDATE complaints SET pin_pending_hash = $2, pin_pending_outbox = $3, pin_reset_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(hash)
        .bind(message)
        .bind(timefmt::instant(now))
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry {
            actor: "citizen".into(),
            action: "complaint.pin_reset".into(),
            subject: format!("complaint:{ticket}"),
            detail: serde_json::json!({ "outbox": message }),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The message `outbox_id` was handed over: if it carried a new PIN still waiting, that PIN
    /// now replaces the old one and ends the sessions opened with it.
    pub(crate) async fn promote_pending_pin(conn: &mut sqlx::AnyConnection, outbox_id: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE complaints SET pin_hash = pin_pending_hash, pin_version = pin_version + 1, \
             pin_pending_hash = NULL, pin_pending_outbox = NULL \
             WHERE pin_pending_outbox = $1 AND pin_pending_hash IS NOT NULL",
        )
        .bind(outbox_id)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    /// A new PIN issued at the office by `user_id` for a citizen whose identity was checked as
    /// `check` says: it works at once, ends every session opened with the old one, clears the
    /// lock and the counter, and is returned only here, to be handed over on paper.
    pub async fn reissue_pin(&self, ticket: &Ticket, user_id: i64, check: IdentityCheck) -> Result<Pin, ReissueError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let row: Option<(i64, i64, Option<Vec<u8>>)> = sqlx::query_as(
            "SELECT c.id, c.village_id, p.nik_hash FROM complaints c \
             LEFT JOIN complainants p ON p.complaint_id = c.id WHERE c.ticket = $1",
        )
        .bind(ticket.as_str().to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let (id, village_id, nik_hash) = row.ok_or(StoreError::NotFound)?;
        let how = match &check {
            IdentityCheck::KtpSeen => "ktp",
            IdentityCheck::Nik(nik) => {
                let typed = self.keys.lookup_hash("nik", nik.as_str());
                let on_file = nik_hash.ok_or(ReissueError::NikMismatch)?;
                if !crate::platform::keyring::same_bytes(&typed, &on_file) {
                    return Err(ReissueError::NikMismatch);
                }
                "nik"
            }
        };
        let pin = Pin::generate(&mut rand::rng());
        sqlx::query(
            "UPDATE complaints SET pin_hash = $2, pin_version = pin_version + 1, pin_failures = 0, \
             pin_locked_until = NULL, pin_pending_hash = NULL, pin_pending_outbox = NULL, updated_at = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(self.keys.pin_hash(ticket.as_str(), pin.as_str()))
        .bind(timefmt::instant(now))
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry {
            actor: format!("user:{user_id}"),
            action: "complaint.pin_reissue".into(),
            subject: format!("complaint:{ticket}"),
            detail: serde_json::json!({ "identity_check": how }),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(pin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_in_flight_are_counted_per_complaint_and_end_when_dropped() {
        let checks = InFlight::default();
        let held: Vec<_> = (1..=MAX_TRIES)
            .map(|n| {
                let (r, running) = checks.reserve(7);
                assert_eq!(running, n);
                r
            })
            .collect();
        let (extra, running) = checks.reserve(7);
        assert!(running > MAX_TRIES, "a sixth check while five run is beyond the tries left");
        assert_eq!(checks.reserve(8).1, 1, "another complaint has its own count");
        drop(extra);
        drop(held);
        assert_eq!(checks.reserve(7).1, 1);
        assert!(checks.0.lock().unwrap().len() <= 1, "finished complaints are forgotten");
    }
}
