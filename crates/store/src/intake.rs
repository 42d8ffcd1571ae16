//! The intake writer: every new complaint is committed here, and concurrent submissions share
//! one transaction (group commit). With `synchronous=FULL` each commit costs an fsync; batching
//! turns N fsyncs into one while each citizen still gets the ticket only after the commit that
//! holds their complaint is on disk. A failing complaint is rolled back to its own savepoint and
//! does not take the rest of the batch with it.

use crate::audit::{self, AuditEntry};
use crate::keyring::Keyring;
use crate::{Db, StoreError, timefmt};
use aduan_domain::notice::{CitizenEvent, StaffEvent};
use aduan_domain::{Ticket, TicketPrefix};
use sqlx::AnyConnection;
use std::sync::Arc;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

const MAX_BATCH: usize = 128;
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
    pub receipt: Option<crate::inbound::PreparedReceipt>,
}

#[derive(Debug, Clone)]
pub(crate) struct FileRef {
    pub sha256: String,
    pub media_type: &'static str,
    pub size: i64,
    pub original_name: String,
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
    pub(crate) fn start(db: Db, keys: Arc<Keyring>) -> Self {
        let (tx, rx) = mpsc::channel(1024);
        tokio::spawn(run(db, keys, rx));
        Intake { tx }
    }

    /// Returns once the complaint is durably committed, with its ticket.
    pub(crate) async fn submit(&self, complaint: Prepared) -> Result<Ticket, StoreError> {
        let (reply, rx) = oneshot::channel();
        self.tx.send(Job { complaint, reply }).await.map_err(|_| StoreError::Closed)?;
        rx.await.map_err(|_| StoreError::Closed)?
    }
}

async fn run(db: Db, keys: Arc<Keyring>, mut rx: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let results = commit_batch(&db, &keys, &batch).await;
        for (job, result) in batch.drain(..).zip(results) {
            let _ = job.reply.send(result);
        }
    }
}

async fn commit_batch(db: &Db, keys: &Keyring, batch: &[Job]) -> Vec<Result<Ticket, StoreError>> {
    let failed = |e: &StoreError| batch.iter().map(|_| Err(StoreError::Batch(e.to_string()))).collect();
    let mut tx = match db.write.begin().await {
        Ok(tx) => tx,
        Err(e) => return failed(&e.into()),
    };
    let mut results = Vec::with_capacity(batch.len());
    for job in batch {
        match insert_with_savepoint(&mut tx, keys, &job.complaint).await {
            Ok(r) => results.push(r),
            Err(e) => return failed(&e),
        }
    }
    if let Err(e) = tx.commit().await {
        tracing::error!(error = %e, size = batch.len(), "intake batch commit failed");
        return failed(&e.into());
    }
    results
}

/// The outer `Result` is a failure of the transaction itself; the inner one is this complaint's.
async fn insert_with_savepoint(
    conn: &mut AnyConnection,
    keys: &Keyring,
    c: &Prepared,
) -> Result<Result<Ticket, StoreError>, StoreError> {
    for attempt in 1..=TICKET_ATTEMPTS {
        sqlx::query("SAVEPOINT intake_one").execute(&mut *conn).await?;
        let ticket = Ticket::generate(&c.prefix, &mut rand::rng());
        match insert_one(conn, keys, c, &ticket).await {
            Ok(()) => {
                sqlx::query("RELEASE SAVEPOINT intake_one").execute(&mut *conn).await?;
                return Ok(Ok(ticket));
            }
            Err(e) => {
                sqlx::query("ROLLBACK TO SAVEPOINT intake_one").execute(&mut *conn).await?;
                sqlx::query("RELEASE SAVEPOINT intake_one").execute(&mut *conn).await?;
                // A ticket collision is astronomically rare but possible: draw again.
                if matches!(e, StoreError::Conflict(_)) && attempt < TICKET_ATTEMPTS {
                    continue;
                }
                tracing::warn!(error = %e, "complaint could not be stored");
                return Ok(Err(e));
            }
        }
    }
    Ok(Err(StoreError::Conflict("no free ticket".into())))
}

async fn insert_one(conn: &mut AnyConnection, keys: &Keyring, c: &Prepared, ticket: &Ticket) -> Result<(), StoreError> {
    let received = timefmt::instant(c.received_at);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO complaints (village_id, ticket, kind, category_id, title, description, resolution_requested, \
         incident_date, place, channel, recorded_by, identity_mode, publication, status, pin_hash, received_at, \
         verification_due, updated_at, read_back_confirmed, sla_warn_at, lat_e6, long_e6, needs_completion) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'diterima', $14, $15, $16, $15, $17, $18, \
         $19, $20, $21) RETURNING id",
    )
    .bind(c.village_id)
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
    .bind(i64::from(c.read_back_confirmed))
    .bind(timefmt::instant(aduan_domain::sla::warning_at(c.received_at, c.verification_due)))
    .bind(c.location.map(|l| l.lat_e6))
    .bind(c.location.map(|l| l.long_e6))
    .bind(i64::from(c.receipt.is_some()))
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO complainants (complaint_id, village_id, name, address_enc, nik_enc, nik_hash, phone_enc, \
         phone_hash, email_enc, email_hash, preferred_contact) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id)
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
    .execute(&mut *conn)
    .await?;
    let actor_kind = if c.recorded_by.is_some() { "staff" } else { "citizen" };
    sqlx::query(
        "INSERT INTO status_history (village_id, complaint_id, from_status, to_status, action, actor_kind, \
         actor_user_id, at) VALUES ($1, $2, NULL, 'diterima', 'submit', $3, $4, $5)",
    )
    .bind(c.village_id)
    .bind(id)
    .bind(actor_kind)
    .bind(c.recorded_by)
    .bind(received.clone())
    .execute(&mut *conn)
    .await?;
    crate::counts::bump(conn, c.village_id, aduan_domain::Status::Diterima, 1).await?;
    for f in &c.files {
        sqlx::query(
            "INSERT INTO attachments (village_id, complaint_id, sha256, media_type, size_bytes, original_name, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(c.village_id)
        .bind(id)
        .bind(f.sha256.clone())
        .bind(f.media_type)
        .bind(f.size)
        .bind(f.original_name.clone())
        .bind(received.clone())
        .execute(&mut *conn)
        .await?;
    }
    let actor = match c.recorded_by {
        Some(user) => format!("user:{user}"),
        None => "citizen".to_string(),
    };
    let entry = AuditEntry {
        actor,
        action: "complaint.submit".into(),
        subject: format!("complaint:{}", ticket),
        detail: serde_json::json!({"channel": c.channel, "category_id": c.category_id, "attachments": c.files.len(),
            "received_at": timefmt::instant(c.received_at), "read_back_confirmed": c.read_back_confirmed}),
    };
    // Audit time is when it was recorded, which for a letter or a call may be after it was received.
    let now = timefmt::now();
    audit::append(conn, c.village_id, now, &entry).await?;
    match &c.receipt {
        Some(r) => r.record(conn, c.village_id, id, now).await?,
        None => {
            crate::notify::citizen(conn, id, CitizenEvent::Received, serde_json::json!({}), None, now).await?;
        }
    }
    let managers = crate::notify::staff_with_roles(conn, c.village_id, &["pengelola"], None).await?;
    let managers: Vec<i64> = managers.into_iter().filter(|m| Some(*m) != c.recorded_by).collect();
    crate::notify::staff(conn, c.village_id, id, &managers, StaffEvent::NewComplaint, now).await
}
