//! A complaint that came in by mail or text message is answered on the channel it came by, and
//! the message is remembered in the complaint's own transaction, so a redelivery files nothing twice.

use crate::complaint::notify::{self, SealedAddress};
use crate::{StoreError, timefmt};
use aduan_domain::notice::{Channel, CitizenEvent};
use sqlx::AnyConnection;
use time::OffsetDateTime;

#[derive(Debug, Clone)]
pub(crate) struct PreparedReceipt {
    pub channel: Channel,
    pub recipient_enc: Vec<u8>,
    pub secret_enc: Vec<u8>,
    pub key_hash: Vec<u8>,
}

impl PreparedReceipt {
    /// In the complaint's transaction: the receipt to the sender, and the message remembered.
    pub(crate) async fn record(
        &self,
        conn: &mut AnyConnection,
        village_id: i64,
        complaint_id: i64,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let to = SealedAddress { channel: self.channel, sealed: self.recipient_enc.clone() };
        let secret = Some(self.secret_enc.clone());
        notify::sender(conn, village_id, complaint_id, to, CitizenEvent::Receipt, secret, now).await?;
        remember(conn, village_id, self.channel, &self.key_hash, complaint_id, "created", now).await
    }
}

/// The message remembered by the keyed hash of its own id, with what became of it.
pub(crate) async fn remember(
    conn: &mut AnyConnection,
    village_id: i64,
    channel: Channel,
    key_hash: &[u8],
    complaint_id: i64,
    outcome: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO inbound_messages (village_id, channel, key_hash, complaint_id, outcome, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(village_id)
    .bind(channel.as_str())
    .bind(key_hash.to_vec())
    .bind(complaint_id)
    .bind(outcome.to_string())
    .bind(timefmt::instant(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
