//! Mail and text messages taken in: a message naming a case becomes its citizen's reply when it
//! comes from the contact on file; any other starts a complaint (see `complaints::submit`). Every
//! message is remembered by a keyed hash of its own id, so a mail server or gateway delivering it
//! again gets the first outcome and nothing twice.

use crate::complaint::citizen::{CitizenError, ReplyQuota, add_reply};
use crate::complaint::intake::receipt::{PreparedReceipt, remember};
use crate::complaint::notify::SealedAddress;
use crate::platform::keyring::Keyring;
use crate::platform::uploads::CleanFile;
use crate::{Store, StoreError, complaint::notify, complaint::transition};
use aduan_domain::complaint::Channel as Intake;
use aduan_domain::notice::{Channel, CitizenEvent};
use aduan_domain::{Email, Phone, Pin, Status, Ticket};

/// Who sent a message, on which channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sender {
    Email(Email),
    Whatsapp(Phone),
    Sms(Phone),
}

impl Sender {
    pub fn channel(&self) -> Channel {
        match self {
            Sender::Email(_) => Channel::Email,
            Sender::Whatsapp(_) => Channel::Whatsapp,
            Sender::Sms(_) => Channel::Sms,
        }
    }

    /// The channel a complaint from this sender is filed under.
    pub fn intake_channel(&self) -> Intake {
        match self {
            Sender::Email(_) => Intake::Email,
            Sender::Whatsapp(_) => Intake::Whatsapp,
            Sender::Sms(_) => Intake::Sms,
        }
    }

    fn sealed(&self, keys: &Keyring) -> Vec<u8> {
        match self {
            Sender::Email(e) => keys.seal("email", e.as_str()),
            Sender::Whatsapp(p) | Sender::Sms(p) => keys.seal("phone", p.as_str()),
        }
    }

    /// The complainants column to compare with, and this sender's lookup hash for it.
    fn lookup(&self, keys: &Keyring) -> (&'static str, Vec<u8>) {
        match self {
            Sender::Email(e) => ("email_hash", keys.lookup_hash("email", &e.as_str().to_lowercase())),
            Sender::Whatsapp(p) | Sender::Sms(p) => ("phone_hash", keys.lookup_hash("phone", p.as_str())),
        }
    }
}

fn key_hash(keys: &Keyring, channel: Channel, message_id: &str) -> Vec<u8> {
    keys.lookup_hash("inbound", &format!("{}:{message_id}", channel.as_str()))
}

/// What made a complaint out of a message: its sender, its own id and the PIN for the receipt
/// (the citizen saw no receipt page, so the message is the only place the PIN is written).
#[derive(Clone)]
pub struct FromMessage {
    pub sender: Sender,
    pub message_id: String,
    pub pin: Pin,
}

impl std::fmt::Debug for FromMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FromMessage").field("sender", &self.sender).field("message_id", &self.message_id).finish()
    }
}

impl FromMessage {
    pub(crate) fn prepare(self, keys: &Keyring) -> PreparedReceipt {
        let channel = self.sender.channel();
        PreparedReceipt {
            channel,
            recipient_enc: self.sender.sealed(keys),
            secret_enc: keys.seal("outbox_secret", self.pin.as_str()),
            key_hash: key_hash(keys, channel, &self.message_id),
        }
    }
}

/// What became of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new complaint.
    Created(Ticket),
    /// The citizen's reply on their case, which is now in this status.
    Replied(Ticket, Status),
    /// It named a case but was not taken as its reply; the sender was told why.
    Refused(Ticket, Refusal),
    /// Delivered before: the first outcome stands.
    Seen(Ticket, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not from the phone or address on file.
    NotTheContact,
    /// The case is closed.
    Closed(Status),
    /// The case has had as many replies this hour, or holds as much evidence, as it may.
    Full,
}

/// A message naming a case.
#[derive(Debug, Clone)]
pub struct InboundReply {
    pub ticket: Ticket,
    pub sender: Sender,
    pub message_id: String,
    pub body: String,
    pub files: Vec<CleanFile>,
    pub quota: ReplyQuota,
}

impl Store {
    /// The first outcome of a message delivered before, if it was.
    pub async fn inbound_seen(
        &self,
        village_id: i64,
        channel: Channel,
        message_id: &str,
    ) -> Result<Option<Outcome>, StoreError> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT c.ticket, m.outcome FROM inbound_messages m JOIN complaints c ON c.id = m.complaint_id \
             WHERE m.village_id = $1 AND m.channel = $2 AND m.key_hash = $3",
        )
        .bind(village_id)
        .bind(channel.as_str())
        .bind(key_hash(&self.keys, channel, message_id))
        .fetch_optional(&self.db.read)
        .await?;
        row.map(|(ticket, outcome)| {
            let ticket = Ticket::parse(&ticket).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok(Outcome::Seen(ticket, outcome))
        })
        .transpose()
    }

    /// Adds the message to its case as the citizen's reply, with its files, when it comes from
    /// the contact on file and the case is open; otherwise nothing is added and the sender is
    /// told how to reach the case. `NotFound` for an unknown ticket.
    pub async fn inbound_reply(&self, mut r: InboundReply) -> Result<Outcome, StoreError> {
        let stored = self.put_files(std::mem::take(&mut r.files)).await?;
        let result = self.inbound_reply_tx(&r, &stored).await;
        let keep = matches!(result, Ok(Outcome::Replied(..)));
        if !keep {
            self.discard_files(&stored).await;
        }
        result
    }

    async fn inbound_reply_tx(
        &self,
        r: &InboundReply,
        stored: &[(crate::complaint::intake::FileRef, bool)],
    ) -> Result<Outcome, StoreError> {
        let (ticket, sender, message_id, body) = (&r.ticket, &r.sender, r.message_id.as_str(), r.body.as_str());
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let c = transition::lock(&mut tx, ticket, now).await?;
        let (column, hash) = sender.lookup(&self.keys);
        let sql = format!("SELECT {column} FROM complainants WHERE complaint_id = $1");
        let on_file: Option<(Option<Vec<u8>>,)> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(c.id).fetch_optional(&mut *tx).await?;
        let refusal = if on_file.and_then(|(h,)| h).as_deref() != Some(hash.as_slice()) {
            Some(Refusal::NotTheContact)
        } else if !c.status.is_open() {
            Some(Refusal::Closed(c.status))
        } else {
            None
        };
        let channel = sender.channel();
        let added = match refusal {
            Some(why) => Err(why),
            None => match add_reply(&mut tx, &c, body, stored, sender.intake_channel().as_str(), &r.quota, now).await {
                Ok((_, status)) => Ok(status),
                Err(CitizenError::TooManyReplies { .. } | CitizenError::EvidenceFull) => Err(Refusal::Full),
                Err(CitizenError::Store(e)) => return Err(e),
                Err(other) => return Err(StoreError::Conflict(other.to_string())),
            },
        };
        let refusal = added.err();
        let (event, outcome) = match added {
            Err(why) => (CitizenEvent::ReplyRefused, Outcome::Refused(ticket.clone(), why)),
            Ok(status) => (CitizenEvent::ReplyReceived, Outcome::Replied(ticket.clone(), status)),
        };
        let to = SealedAddress { channel, sealed: sender.sealed(&self.keys) };
        notify::sender(&mut tx, c.village_id, c.id, to, event, None, now).await?;
        let name = if refusal.is_some() { "refused" } else { "replied" };
        remember(&mut tx, c.village_id, channel, &key_hash(&self.keys, channel, message_id), c.id, name, now).await?;
        tx.commit().await?;
        Ok(outcome)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CompleteError {
    /// Only before verification: the resolution clock starts from the category.
    #[error("a complaint can be completed only before it is verified, not while {0:?}")]
    NotNow(Status),
    #[error("no active category has this code")]
    UnknownCategory,
    #[error(transparent)]
    Store(#[from] StoreError),
}

crate::error::through_store!(CompleteError);

impl Store {
    /// Staff set what a message could not say — kind, category, title, resolution requested —
    /// and the complaint is complete. Also a correction of a form's complaint before it is
    /// verified.
    pub async fn complete_case(
        &self,
        ticket: &Ticket,
        c: &aduan_domain::complaint::Completion,
        by: &crate::platform::users::StaffUser,
    ) -> Result<(), CompleteError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let locked = transition::lock(&mut tx, ticket, now).await?;
        if !matches!(locked.status, Status::Diterima | Status::PerluInfo) {
            return Err(CompleteError::NotNow(locked.status));
        }
        let category: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM categories WHERE village_id = $1 AND code = $2 AND active = 1")
                .bind(locked.village_id)
                .bind(c.category.clone())
                .fetch_optional(&mut *tx)
                .await?;
        let (category_id,) = category.ok_or(CompleteError::UnknownCategory)?;
        let (was_category, was_title, was_completion): (i64, String, i64) =
            sqlx::query_as("SELECT category_id, title, needs_completion FROM complaints WHERE id = $1")
                .bind(locked.id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "UPDATE complaints SET kind = $2, category_id = $3, title = $4, resolution_requested = $5, \
             needs_completion = 0 WHERE id = $1",
        )
        .bind(locked.id)
        .bind(c.kind.as_str())
        .bind(category_id)
        .bind(c.title.clone())
        .bind(c.resolution_requested.clone())
        .execute(&mut *tx)
        .await?;
        crate::complaint::search::index::reindex(&mut tx, locked.id).await?;
        let entry = crate::platform::audit::AuditEntry {
            actor: format!("user:{}", by.id),
            action: "complaint.complete".into(),
            subject: format!("complaint:{ticket}"),
            detail: serde_json::json!({
                "category_id": {"from": was_category, "to": category_id},
                "title_changed": was_title != c.title,
                "was_incomplete": was_completion != 0,
            }),
        };
        crate::platform::audit::append(&mut tx, locked.village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }
}
