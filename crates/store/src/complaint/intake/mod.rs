//! The intake writer: every new complaint is committed here, and concurrent submissions share
//! one transaction (group commit). With `synchronous=FULL` each commit costs an fsync; batching
//! turns N fsyncs into one while each citizen still gets the ticket only after the commit that
//! holds their complaint is on disk. A failing complaint is rolled back to its own savepoint and
//! does not take the rest of the batch with it.
//!
//! A batch is first written as a whole, a few multi-row statements for all its complaints
//! ([`grouped`]); only when that fails is it written again complaint by complaint, each under its
//! own savepoint ([`single`]), so one bad complaint is refused alone.

mod grouped;
pub(crate) mod receipt;
mod single;

use crate::platform::audit::AuditEntry;
use crate::platform::clock::Clock;
use crate::platform::keyring::Keyring;
use crate::{Db, StoreError, timefmt};
use aduan_domain::{Ticket, TicketPrefix};
use std::sync::Arc;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

const MAX_BATCH: usize = 128;
/// Tickets drawn for one complaint before it is refused; a collision is astronomically rare.
const TICKET_ATTEMPTS: usize = 5;

/// A complaint with everything computed, encrypted and hashed: only SQL is left to do.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub village_id: i64,
    pub prefix: TicketPrefix,
    pub kind: &'static str,
    pub category_id: i64,
    pub title: String,
    pub description: String,
    pub resolution_requested: String,
    pub incident_date: Option<String>,
    pub place: Option<String>,
    pub location: Option<aduan_domain::complaint::GeoPoint>,
    pub channel: &'static str,
    pub recorded_by: Option<i64>,
    pub read_back_confirmed: bool,
    pub identity_mode: &'static str,
    pub publication: &'static str,
    /// Hashed under the installation key once the ticket it is bound to is drawn.
    pub pin: aduan_domain::Pin,
    pub received_at: OffsetDateTime,
    pub verification_due: OffsetDateTime,
    pub name: Option<String>,
    pub address_enc: Option<Vec<u8>>,
    pub nik_enc: Option<Vec<u8>>,
    pub nik_hash: Option<Vec<u8>>,
    pub phone_enc: Option<Vec<u8>>,
    pub phone_hash: Option<Vec<u8>>,
    pub email_enc: Option<Vec<u8>>,
    pub email_hash: Option<Vec<u8>>,
    pub preferred_contact: &'static str,
    pub files: Vec<FileRef>,
    /// Only for complaints by mail or text message.
    pub receipt: Option<receipt::PreparedReceipt>,
    /// The search index's words of its texts, stemmed before the writer is waited for.
    pub words: String,
    /// Earlier cases that may be the same complaint, found before the writer is waited for.
    pub duplicates: Vec<(i64, crate::complaint::duplicates::Reason)>,
}

#[derive(Debug, Clone)]
pub(crate) struct FileRef {
    pub sha256: String,
    pub media_type: &'static str,
    pub size: i64,
    pub original_name: String,
}

/// One statement's worth of rows of a table, written the same way by both paths.
type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

const COMPLAINT_INSERT: &str = "INSERT INTO complaints (village_id, ticket, kind, category_id, title, description, \
     resolution_requested, incident_date, place, channel, recorded_by, identity_mode, publication, status, pin_hash, \
     received_at, verification_due, updated_at, read_back_confirmed, sla_warn_at, lat_e6, long_e6, needs_completion) \
     VALUES ";
const COMPLAINT_ROW: &str = "($, $, $, $, $, $, $, $, $, $, $, $, $, 'diterima', $, $, $, $, $, $, $, $, $)";

fn bind_complaint<'q>(q: AnyQuery<'q>, keys: &Keyring, c: &Prepared, ticket: &Ticket) -> AnyQuery<'q> {
    let received = timefmt::instant(c.received_at);
    q.bind(c.village_id)
        .bind(ticket.as_str().to_string())
        .bind(c.kind)
        .bind(c.category_id)
        .bind(c.title.clone())
        .bind(c.description.clone())
        .bind(c.resolution_requested.clone())
        .bind(c.incident_date.clone())
        .bind(c.place.clone())
        .bind(c.channel)
        .bind(c.recorded_by)
        .bind(c.identity_mode)
        .bind(c.publication)
        .bind(keys.pin_hash(ticket.as_str(), c.pin.as_str()))
        .bind(received.clone())
        .bind(timefmt::instant(c.verification_due))
        .bind(received)
        .bind(i64::from(c.read_back_confirmed))
        .bind(timefmt::instant(aduan_domain::sla::warning_at(c.received_at, c.verification_due)))
        .bind(c.location.map(|l| l.lat_e6))
        .bind(c.location.map(|l| l.long_e6))
        .bind(i64::from(c.receipt.is_some()))
}

const COMPLAINANT_INSERT: &str = "INSERT INTO complainants (complaint_id, village_id, name, address_enc, nik_enc, \
     nik_hash, phone_enc, phone_hash, email_enc, email_hash, preferred_contact) VALUES ";
const COMPLAINANT_ROW: &str = "($, $, $, $, $, $, $, $, $, $, $)";

fn bind_complainant<'q>(q: AnyQuery<'q>, id: i64, c: &Prepared) -> AnyQuery<'q> {
    q.bind(id)
        .bind(c.village_id)
        .bind(c.name.clone())
        .bind(c.address_enc.clone())
        .bind(c.nik_enc.clone())
        .bind(c.nik_hash.clone())
        .bind(c.phone_enc.clone())
        .bind(c.phone_hash.clone())
        .bind(c.email_enc.clone())
        .bind(c.email_hash.clone())
        .bind(c.preferred_contact)
}

const HISTORY_INSERT: &str = "INSERT INTO status_history (village_id, complaint_id, from_status, to_status, action, \
     actor_kind, actor_user_id, at) VALUES ";
const HISTORY_ROW: &str = "($, $, NULL, 'diterima', 'submit', $, $, $)";

fn bind_history<'q>(q: AnyQuery<'q>, id: i64, c: &Prepared) -> AnyQuery<'q> {
    let actor_kind = if c.recorded_by.is_some() { "staff" } else { "citizen" };
    q.bind(c.village_id).bind(id).bind(actor_kind).bind(c.recorded_by).bind(timefmt::instant(c.received_at))
}

const ATTACHMENT_INSERT: &str = "INSERT INTO attachments (village_id, complaint_id, sha256, media_type, size_bytes, \
     original_name, created_at) VALUES ";
const ATTACHMENT_ROW: &str = "($, $, $, $, $, $, $)";

fn bind_attachment<'q>(q: AnyQuery<'q>, id: i64, c: &Prepared, f: &FileRef) -> AnyQuery<'q> {
    q.bind(c.village_id)
        .bind(id)
        .bind(f.sha256.clone())
        .bind(f.media_type)
        .bind(f.size)
        .bind(f.original_name.clone())
        .bind(timefmt::instant(c.received_at))
}

fn audit_entry(c: &Prepared, ticket: &Ticket) -> AuditEntry {
    let actor = match c.recorded_by {
        Some(user) => format!("user:{user}"),
        None => "citizen".to_string(),
    };
    AuditEntry {
        actor,
        action: "complaint.submit".into(),
        subject: format!("complaint:{ticket}"),
        detail: serde_json::json!({"channel": c.channel, "category_id": c.category_id, "attachments": c.files.len(),
            "received_at": timefmt::instant(c.received_at), "read_back_confirmed": c.read_back_confirmed}),
    }
}

struct Job {
    complaint: Prepared,
    reply: oneshot::Sender<Result<Ticket, StoreError>>,
}

#[derive(Clone)]
pub(crate) struct Intake {
    tx: mpsc::Sender<Job>,
}

impl Intake {
    pub(crate) fn start(db: Db, keys: Arc<Keyring>, clock: Clock) -> Self {
        let (tx, rx) = mpsc::channel(1024);
        tokio::spawn(run(db, keys, clock, rx));
        Intake { tx }
    }

    /// Returns once the complaint is durably committed, with its ticket.
    pub(crate) async fn submit(&self, complaint: Prepared) -> Result<Ticket, StoreError> {
        let (reply, rx) = oneshot::channel();
        self.tx.send(Job { complaint, reply }).await.map_err(|_| StoreError::Closed)?;
        rx.await.map_err(|_| StoreError::Closed)?
    }
}

async fn run(db: Db, keys: Arc<Keyring>, clock: Clock, mut rx: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        // Audit time is when it was recorded, which for a letter or a call may be after it was received.
        let results = commit_batch(&db, &keys, clock.now(), &batch).await;
        for (job, result) in batch.drain(..).zip(results) {
            let _ = job.reply.send(result);
        }
    }
}

async fn commit_batch(db: &Db, keys: &Keyring, now: OffsetDateTime, batch: &[Job]) -> Vec<Result<Ticket, StoreError>> {
    let complaints: Vec<&Prepared> = batch.iter().map(|j| &j.complaint).collect();
    match grouped::commit(db, keys, now, &complaints).await {
        Ok(tickets) => tickets.into_iter().map(Ok).collect(),
        Err(e) => {
            tracing::warn!(error = %e, size = batch.len(), "intake batch refused as a whole, stored one by one");
            single::commit(db, keys, now, &complaints).await
        }
    }
}
