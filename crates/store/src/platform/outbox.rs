//! The outbox's delivery side: claiming due messages with a lease (so several processes never
//! send the same one at once), and recording success, a retry with back-off, or giving up.

use crate::{Store, StoreError, timefmt};
use aduan_domain::notice::Channel;
use time::{Duration, OffsetDateTime};

/// A message ready to send, with its address opened.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: i64,
    pub channel: Channel,
    pub recipient: String,
    /// `citizen.<event>` or `staff.<event>`.
    pub event: String,
    pub ticket: Option<String>,
    pub village_name: String,
    pub params: serde_json::Value,
    /// A new PIN, for the one message that carries one.
    pub secret: Option<String>,
    pub attempts: i64,
    pub created_at: OffsetDateTime,
}

/// One message's delivery state, as the case page shows it.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub event: String,
    /// Why the last attempt failed, as staff are told it.
    pub failure: Option<aduan_domain::notice::DeliveryFailure>,
    pub channel: String,
    pub to_staff: bool,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
    pub next_attempt_at: OffsetDateTime,
}

type Row = (i64, String, Option<Vec<u8>>, String, String, Option<Vec<u8>>, i64, String, Option<i64>);

impl Store {
    /// Claims up to `limit` due messages for `lease`; a process that dies mid-send lets its lease
    /// run out and another takes the message up again.
    pub async fn claim_outbox(
        &self,
        now: OffsetDateTime,
        lease: Duration,
        limit: i64,
    ) -> Result<Vec<Outgoing>, StoreError> {
        let at = timefmt::instant(now);
        let due: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1 \
             AND (lease_until IS NULL OR lease_until < $1) ORDER BY next_attempt_at, id LIMIT $2",
        )
        .bind(at.clone())
        .bind(limit)
        .fetch_all(&self.db.read)
        .await?;
        let mut out = Vec::new();
        for (id,) in due {
            let claimed = sqlx::query(
                "UPDATE outbox SET lease_until = $2, attempts = attempts + 1 WHERE id = $1 AND state = 'pending' \
                 AND (lease_until IS NULL OR lease_until < $3)",
            )
            .bind(id)
            .bind(timefmt::instant(now + lease))
            .bind(at.clone())
            .execute(&self.db.write)
            .await?;
            if claimed.rows_affected() == 0 {
                continue;
            }
            match self.outgoing(id).await {
                Ok(Some(m)) => out.push(m),
                Ok(None) => {}
                // A message that cannot be read back (a key changed, a row damaged) is given up
                // visibly instead of blocking the queue.
                Err(e) => self.outbox_failed(id, now, &e.to_string(), true).await?,
            }
        }
        Ok(out)
    }

    async fn outgoing(&self, id: i64) -> Result<Option<Outgoing>, StoreError> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT o.id, o.channel, o.recipient_enc, o.event, o.params, o.secret_enc, o.attempts, o.created_at, \
             o.user_id FROM outbox o WHERE o.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.db.read)
        .await?;
        let Some((id, channel, recipient_enc, event, params, secret_enc, attempts, created_at, user_id)) = row else {
            return Ok(None);
        };
        let channel = Channel::parse(&channel).ok_or_else(|| StoreError::Corrupt(format!("channel {channel}")))?;
        let recipient = match (user_id, recipient_enc) {
            (Some(user), _) => {
                let (email,): (Option<String>,) =
                    sqlx::query_as("SELECT email FROM users WHERE id = $1").bind(user).fetch_one(&self.db.read).await?;
                email
                    .filter(|e| !e.is_empty())
                    .ok_or_else(|| StoreError::Conflict("the user has no email address".into()))?
            }
            (None, Some(sealed)) => {
                self.keys.open(if channel == Channel::Email { "email" } else { "phone" }, &sealed)?
            }
            (None, None) => return Err(StoreError::Corrupt("message without an address".into())),
        };
        let (ticket, village_name): (Option<String>, String) = sqlx::query_as(
            "SELECT c.ticket, v.name FROM outbox o JOIN villages v ON v.id = o.village_id \
             LEFT JOIN complaints c ON c.id = o.complaint_id WHERE o.id = $1",
        )
        .bind(id)
        .fetch_one(&self.db.read)
        .await?;
        Ok(Some(Outgoing {
            id,
            channel,
            recipient,
            event,
            ticket,
            village_name,
            params: serde_json::from_str(&params).unwrap_or(serde_json::Value::Null),
            secret: secret_enc.map(|s| self.keys.open("outbox_secret", &s)).transpose()?,
            attempts,
            created_at: timefmt::parse_instant(&created_at)?,
        }))
    }

    /// Delivered: never sent again, and a PIN it carried is wiped.
    /// A new PIN it carried replaces the old one in the same transaction.
    pub async fn outbox_sent(&self, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
        let mut tx = self.db.write.begin().await?;
        sqlx::query(
            "UPDATE outbox SET state = 'sent', sent_at = $2, lease_until = NULL, last_error = NULL, secret_enc = NULL \
             WHERE id = $1",
        )
        .bind(id)
        .bind(timefmt::instant(now))
        .execute(&mut *tx)
        .await?;
        Store::promote_pending_pin(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Not delivered: tried again at `retry_at`, or given up (`state = 'failed'`) for good.
    pub async fn outbox_retry(&self, id: i64, retry_at: OffsetDateTime, error: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET next_attempt_at = $2, lease_until = NULL, last_error = $3 WHERE id = $1")
            .bind(id)
            .bind(timefmt::instant(retry_at))
            .bind(truncate(error))
            .execute(&self.db.write)
            .await?;
        Ok(())
    }

    pub async fn outbox_failed(&self, id: i64, now: OffsetDateTime, error: &str, wipe: bool) -> Result<(), StoreError> {
        let sql = if wipe {
            "UPDATE outbox SET state = 'failed', lease_until = NULL, last_error = $3, next_attempt_at = $2, \
             secret_enc = NULL WHERE id = $1"
        } else {
            "UPDATE outbox SET state = 'failed', lease_until = NULL, last_error = $3, next_attempt_at = $2 WHERE id = $1"
        };
        sqlx::query(sql).bind(id).bind(timefmt::instant(now)).bind(truncate(error)).execute(&self.db.write).await?;
        Ok(())
    }

    /// Puts a given-up message back in the queue (an admin's "send again").
    pub async fn outbox_requeue(&self, complaint_id: i64, now: OffsetDateTime) -> Result<u64, StoreError> {
        let r = sqlx::query(
            "UPDATE outbox SET state = 'pending', next_attempt_at = $2, attempts = 0 \
             WHERE complaint_id = $1 AND state = 'failed'",
        )
        .bind(complaint_id)
        .bind(timefmt::instant(now))
        .execute(&self.db.write)
        .await?;
        Ok(r.rows_affected())
    }

    /// Every message about one complaint, oldest first.
    pub async fn deliveries(&self, complaint_id: i64) -> Result<Vec<Delivery>, StoreError> {
        type D = (String, String, Option<i64>, String, i64, Option<String>, String, Option<String>, String);
        let rows: Vec<D> = sqlx::query_as(
            "SELECT event, channel, user_id, state, attempts, last_error, created_at, sent_at, next_attempt_at \
             FROM outbox WHERE complaint_id = $1 ORDER BY id LIMIT 200",
        )
        .bind(complaint_id)
        .fetch_all(&self.db.read)
        .await?;
        rows.into_iter()
            .map(|(event, channel, user, state, attempts, last_error, created, sent, next)| {
                Ok(Delivery {
                    event,
                    channel,
                    to_staff: user.is_some(),
                    state,
                    attempts,
                    // Errors kept before they were scrubbed on the way in.
                    failure: last_error.as_deref().and_then(aduan_domain::notice::DeliveryFailure::of),
                    last_error: last_error.as_deref().map(scrub_contacts),
                    created_at: timefmt::parse_instant(&created)?,
                    sent_at: timefmt::opt_instant(sent)?,
                    next_attempt_at: timefmt::parse_instant(&next)?,
                })
            })
            .collect()
    }

    /// Messages waiting to be sent (for the operator and the tests).
    pub async fn outbox_pending(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE state = 'pending'").fetch_one(&self.db.read).await?;
        Ok(n)
    }
}

/// A delivery error as it is kept and shown on the case page: without the mail addresses or
/// phone numbers a mail server or gateway may quote back, and at most 500 characters.
fn truncate(error: &str) -> String {
    scrub_contacts(error).chars().take(500).collect()
}

/// Replaces every mail address with `[alamat]` and every run of seven or more digits (with the
/// `+`, spaces, dots, dashes and brackets numbers are written with) with `[nomor]`.
fn scrub_contacts(text: &str) -> String {
    let mut words = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let cut = rest.find(|c: char| c.is_whitespace() || "<>,;:()\"'[]".contains(c)).unwrap_or(rest.len());
        let (word, after) = rest.split_at(cut);
        let looks_like_mail = word.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        words.push(if looks_like_mail { "[alamat]".to_string() } else { word.to_string() });
        let sep_len = after.chars().next().map_or(0, char::len_utf8);
        words.push(after[..sep_len].to_string());
        rest = &after[sep_len..];
    }
    let text: String = words.concat();
    let chars: Vec<char> = text.chars().collect();
    let number_char = |c: char| c.is_ascii_digit() || "+-. ()".contains(c);
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() || chars[i] == '+' {
            let mut j = i;
            while j < chars.len() && number_char(chars[j]) {
                j += 1;
            }
            // Keep the separators that only follow the number.
            while j > i && !chars[j - 1].is_ascii_digit() {
                j -= 1;
            }
            let digits = chars[i..j].iter().filter(|c| c.is_ascii_digit()).count();
            if digits >= 7 {
                out.push_str("[nomor]");
                i = j;
                continue;
            }
            out.extend(&chars[i..j.max(i + 1)]);
            i = j.max(i + 1);
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::scrub_contacts;

    #[test]
    fn delivery_errors_lose_addresses_and_numbers() {
        assert_eq!(
            scrub_contacts("550 5.1.1 <warga.contoh@example.net>: Recipient address rejected"),
            "550 5.1.1 <[alamat]>: Recipient address rejected"
        );
        assert_eq!(
            scrub_contacts("gateway 400: {\"error\":\"invalid number +62 812-0000-1111\"}"),
            "gateway 400: {\"error\":\"invalid number [nomor]\"}"
        );
        assert_eq!(scrub_contacts("target 6281200001111 not on WhatsApp"), "target [nomor] not on WhatsApp");
        assert_eq!(scrub_contacts("timeout after 30 s (attempt 3)"), "timeout after 30 s (attempt 3)");
        assert_eq!(scrub_contacts("421 4.7.0 try again"), "421 4.7.0 try again");
    }
}
