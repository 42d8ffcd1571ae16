//! Filing a complaint and reading it back: the public timeline (ticket only) and the whole case
//! (ticket and PIN, for its citizen).

use crate::complaint::duplicates::Probe;
use crate::complaint::intake::{FileRef, Prepared};
use crate::platform::uploads::{CleanFile, MediaType};
use crate::{Store, StoreError, timefmt};
use aduan_domain::complaint::{Channel, ComplaintDraft, ContactPref, IdentityMode, Kind, Publication};
use aduan_domain::{Status, Ticket, TicketPrefix};
use time::{Date, OffsetDateTime};

/// The evidence of a case.
pub(crate) const ATTACHMENTS_SQL: &str =
    "SELECT id, sha256, media_type, size_bytes, original_name FROM attachments WHERE complaint_id = $1 ORDER BY id";

/// The messages of a case that its citizen sees.
pub(crate) const PUBLIC_MESSAGES_SQL: &str = "SELECT author_kind, body, created_at FROM messages WHERE \
    complaint_id = $1 AND visibility = 'public' ORDER BY id";

/// The complainant of a case, still sealed.
pub(crate) const COMPLAINANT_SQL: &str = "SELECT name, address_enc, nik_enc, phone_enc, email_enc, \
    preferred_contact FROM complainants WHERE complaint_id = $1";

/// The whole case by its ticket.
pub(crate) const CASE_SQL: &str = "SELECT c.id, c.ticket, c.status, c.kind, cat.code AS category_code, cat.name \
    AS category_name, c.title, c.description, c.resolution_requested, c.incident_date, c.place, c.lat_e6, \
    c.long_e6, c.channel, c.identity_mode, c.publication, c.received_at, c.verification_due, c.resolution_due, \
    c.needs_completion, c.recorded_by FROM complaints c JOIN categories cat ON cat.id = c.category_id WHERE \
    c.ticket = $1";

/// A ticket's status and clocks, for its public timeline.
pub(crate) const CLOCKS_SQL: &str = "SELECT id, status, verification_due, resolution_due, objection_due, \
    clock_paused_at FROM complaints WHERE ticket = $1";

/// A case's steps, oldest first.
pub(crate) const HISTORY_SQL: &str =
    "SELECT to_status, action, at, public_note FROM status_history WHERE complaint_id = $1 ORDER BY id";

/// A validated complaint and what the caller decided about it.
pub struct NewComplaint {
    pub village_id: i64,
    pub ticket_prefix: TicketPrefix,
    pub draft: ComplaintDraft,
    pub category_id: i64,
    pub channel: Channel,
    pub recorded_by: Option<i64>,
    /// For oral complaints: read back to the citizen and confirmed.
    pub read_back_confirmed: bool,
    /// Stored only as a keyed hash bound to the ticket (see [`crate::platform::keyring::Keyring::pin_hash`]).
    pub pin: aduan_domain::Pin,
    pub received_at: OffsetDateTime,
    pub verification_due: OffsetDateTime,
    pub files: Vec<CleanFile>,
    /// Set when the complaint came in by mail or text message: it is marked for staff to
    /// complete, and its sender gets the receipt with the PIN.
    pub message: Option<crate::complaint::inbound::FromMessage>,
}

#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub status: Status,
    /// The step's name (`submit`, `resolve`, `status_request`, …).
    pub action: String,
    pub at: OffsetDateTime,
    pub note: Option<String>,
}

/// What the ticket alone shows: the status and its timeline, nothing else.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub ticket: Ticket,
    pub status: Status,
    /// Each change of status once, in order.
    pub history: Vec<HistoryEntry>,
    /// The village's running deadline: verification, resolution or the objection's decision.
    pub due: Option<OffsetDateTime>,
    /// While the village waits for the citizen's information: when it asked.
    pub info_asked_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone)]
pub struct ComplainantView {
    pub name: Option<String>,
    pub address: Option<String>,
    pub nik: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub preferred_contact: ContactPref,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub from_village: bool,
    pub body: String,
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub struct AttachmentMeta {
    pub id: i64,
    pub sha256: String,
    pub media_type: MediaType,
    pub size: i64,
    pub original_name: String,
}

/// The whole case as its citizen sees it (internal notes never appear here).
#[derive(Debug, Clone)]
pub struct CaseView {
    pub id: i64,
    pub ticket: Ticket,
    pub status: Status,
    pub kind: Kind,
    pub category_code: String,
    pub category_name: String,
    pub title: String,
    pub description: String,
    pub resolution_requested: String,
    pub incident_date: Option<Date>,
    pub place: Option<String>,
    /// Where on the map, when the channel gave it.
    pub location: Option<aduan_domain::complaint::GeoPoint>,
    pub channel: Channel,
    pub identity_mode: IdentityMode,
    pub publication: Publication,
    pub received_at: OffsetDateTime,
    pub verification_due: Option<OffsetDateTime>,
    pub resolution_due: Option<OffsetDateTime>,
    /// The officer who recorded a letter, call or visit; none when the citizen filed it.
    pub recorded_by: Option<i64>,
    pub complainant: ComplainantView,
    pub history: Vec<HistoryEntry>,
    pub messages: Vec<Message>,
    pub attachments: Vec<AttachmentMeta>,
    /// Came in by mail or text message: staff still have to set its category, title and the
    /// resolution requested.
    pub needs_completion: bool,
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: i64,
    ticket: String,
    status: String,
    kind: String,
    category_code: String,
    category_name: String,
    title: String,
    description: String,
    resolution_requested: String,
    incident_date: Option<String>,
    place: Option<String>,
    lat_e6: Option<i64>,
    long_e6: Option<i64>,
    channel: String,
    identity_mode: String,
    publication: String,
    received_at: String,
    verification_due: Option<String>,
    resolution_due: Option<String>,
    needs_completion: i64,
    recorded_by: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct ComplainantRow {
    name: Option<String>,
    address_enc: Option<Vec<u8>>,
    nik_enc: Option<Vec<u8>>,
    phone_enc: Option<Vec<u8>>,
    email_enc: Option<Vec<u8>>,
    preferred_contact: String,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn parse_status(s: &str) -> Result<Status, StoreError> {
    Status::parse(s).ok_or_else(|| corrupt("status"))
}

impl Store {
    /// Encrypts the identity, stores the evidence files and hands the complaint to the intake
    /// writer; returns once it is durably committed.
    pub async fn submit(&self, c: NewComplaint) -> Result<Ticket, StoreError> {
        let pin = c.pin;
        let stored = self.put_files(c.files).await?;

        let d = c.draft;
        let who = d.complainant;
        let k = &self.keys;
        let words = crate::complaint::search::index::filed_words(
            &d.title,
            &d.description,
            &d.resolution_requested,
            d.place.as_deref(),
        );
        let phone_hash = who.phone.as_ref().map(|p| k.lookup_hash("phone", p.as_str()));
        let nik_hash = who.nik.as_ref().map(|n| k.lookup_hash("nik", n.as_str()));
        let probe = Probe {
            village_id: c.village_id,
            category_id: c.category_id,
            received_at: c.received_at,
            title: &d.title,
            phone_hash: phone_hash.as_deref(),
            nik_hash: nik_hash.as_deref(),
        };
        let duplicates = match self.duplicate_candidates(&probe).await {
            Ok(found) => found,
            Err(e) => {
                self.discard_files(&stored).await;
                return Err(e);
            }
        };
        let prepared = Prepared {
            village_id: c.village_id,
            prefix: c.ticket_prefix,
            kind: d.kind.as_str(),
            category_id: c.category_id,
            title: d.title,
            description: d.description,
            resolution_requested: d.resolution_requested,
            incident_date: d.incident_date.map(timefmt::day),
            place: d.place,
            location: d.location,
            channel: c.channel.as_str(),
            recorded_by: c.recorded_by,
            read_back_confirmed: c.read_back_confirmed,
            identity_mode: d.identity_mode.as_str(),
            publication: d.publication.as_str(),
            pin,
            received_at: c.received_at,
            verification_due: c.verification_due,
            words,
            duplicates,
            name: who.name,
            address_enc: who.address.as_deref().map(|a| k.seal("address", a)),
            nik_enc: who.nik.as_ref().map(|n| k.seal("nik", n.as_str())),
            nik_hash,
            phone_enc: who.phone.as_ref().map(|p| k.seal("phone", p.as_str())),
            phone_hash,
            email_enc: who.email.as_ref().map(|e| k.seal("email", e.as_str())),
            email_hash: who.email.as_ref().map(|e| k.lookup_hash("email", &e.as_str().to_lowercase())),
            preferred_contact: who.preferred_contact.as_str(),
            files: stored.iter().map(|(r, _)| r.clone()).collect(),
            receipt: c.message.map(|m| m.prepare(k)),
        };
        let result = self.intake.submit(prepared).await;
        if result.is_err() {
            self.discard_files(&stored).await;
        }
        result
    }

    /// Writes cleaned evidence to the content-addressed store; each `bool` says the file is new.
    pub(crate) async fn put_files(&self, clean: Vec<CleanFile>) -> Result<Vec<(FileRef, bool)>, StoreError> {
        let files = self.files.clone();
        tokio::task::spawn_blocking(move || -> Result<Vec<(FileRef, bool)>, StoreError> {
            let mut out: Vec<(FileRef, bool)> = Vec::new();
            for f in &clean {
                match files.put(&f.bytes) {
                    Ok((sha256, new)) => out.push((
                        FileRef {
                            sha256,
                            media_type: f.media_type.mime(),
                            size: f.bytes.len() as i64,
                            original_name: f.original_name.clone(),
                        },
                        new,
                    )),
                    Err(e) => {
                        for (r, new) in &out {
                            if *new {
                                files.remove(&r.sha256);
                            }
                        }
                        return Err(e.into());
                    }
                }
            }
            Ok(out)
        })
        .await
        .map_err(|e| StoreError::Batch(e.to_string()))?
    }

    /// Removes files written for a transaction that did not commit, unless another row uses them.
    pub(crate) async fn discard_files(&self, stored: &[(FileRef, bool)]) {
        for (r, new) in stored {
            if *new && !self.attachment_referenced(&r.sha256).await.unwrap_or(true) {
                self.files.remove(&r.sha256);
            }
        }
    }

    async fn attachment_referenced(&self, sha256: &str) -> Result<bool, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM attachments WHERE sha256 = $1 LIMIT 1")
            .bind(sha256.to_string())
            .fetch_optional(&self.db.read)
            .await?;
        Ok(row.is_some())
    }

    async fn history(&self, complaint_id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows: Vec<(String, String, String, Option<String>)> =
            sqlx::query_as(HISTORY_SQL).bind(complaint_id).fetch_all(&self.db.read).await?;
        rows.into_iter()
            .map(|(s, action, at, note)| {
                Ok(HistoryEntry { status: parse_status(&s)?, action, at: timefmt::parse_instant(&at)?, note })
            })
            .collect()
    }

    /// The public timeline of a ticket.
    pub async fn timeline(&self, ticket: &Ticket) -> Result<Timeline, StoreError> {
        type Row = (i64, String, Option<String>, Option<String>, Option<String>, Option<String>);
        let (id, status, verification, resolution, objection, paused): Row =
            sqlx::query_as(CLOCKS_SQL).bind(ticket.as_str().to_string()).fetch_one(&self.db.read).await?;
        let status = parse_status(&status)?;
        let mut history: Vec<HistoryEntry> =
            self.history(id).await?.into_iter().map(|h| HistoryEntry { note: None, ..h }).collect();
        // A status request or a message leaves the status as it was: the ticket alone shows changes.
        history.dedup_by(|later, earlier| later.status == earlier.status);
        let due = match status {
            Status::Diterima => timefmt::opt_instant(verification)?,
            Status::Diproses => timefmt::opt_instant(resolution)?,
            Status::Keberatan => timefmt::opt_instant(objection)?,
            _ => None,
        };
        let info_asked_at = if status == Status::PerluInfo { timefmt::opt_instant(paused)? } else { None };
        Ok(Timeline { ticket: ticket.clone(), status, history, due, info_asked_at })
    }

    /// The whole case, identity decrypted, for the citizen who holds its PIN.
    pub async fn case(&self, ticket: &Ticket) -> Result<CaseView, StoreError> {
        let r: CaseRow = sqlx::query_as(CASE_SQL).bind(ticket.as_str().to_string()).fetch_one(&self.db.read).await?;
        let p: ComplainantRow = sqlx::query_as(COMPLAINANT_SQL).bind(r.id).fetch_one(&self.db.read).await?;
        let open = |field: &str, v: Option<Vec<u8>>| v.map(|b| self.keys.open(field, &b)).transpose();
        let complainant = ComplainantView {
            name: p.name,
            address: open("address", p.address_enc)?,
            nik: open("nik", p.nik_enc)?,
            phone: open("phone", p.phone_enc)?,
            email: open("email", p.email_enc)?,
            preferred_contact: ContactPref::parse(&p.preferred_contact).ok_or_else(|| corrupt("preferred contact"))?,
        };
        let messages: Vec<(String, String, String)> =
            sqlx::query_as(PUBLIC_MESSAGES_SQL).bind(r.id).fetch_all(&self.db.read).await?;
        let attachments: Vec<(i64, String, String, i64, String)> =
            sqlx::query_as(ATTACHMENTS_SQL).bind(r.id).fetch_all(&self.db.read).await?;
        Ok(CaseView {
            id: r.id,
            ticket: Ticket::parse(&r.ticket).map_err(|_| corrupt("ticket"))?,
            status: parse_status(&r.status)?,
            kind: Kind::parse(&r.kind).ok_or_else(|| corrupt("kind"))?,
            category_code: r.category_code,
            category_name: r.category_name,
            title: r.title,
            description: r.description,
            resolution_requested: r.resolution_requested,
            incident_date: r.incident_date.as_deref().map(timefmt::parse_day).transpose()?,
            place: r.place,
            location: r
                .lat_e6
                .zip(r.long_e6)
                .map(|(lat_e6, long_e6)| aduan_domain::complaint::GeoPoint { lat_e6, long_e6 }),
            channel: Channel::parse(&r.channel).ok_or_else(|| corrupt("channel"))?,
            identity_mode: IdentityMode::parse(&r.identity_mode).ok_or_else(|| corrupt("identity mode"))?,
            publication: Publication::parse(&r.publication).ok_or_else(|| corrupt("publication"))?,
            received_at: timefmt::parse_instant(&r.received_at)?,
            verification_due: timefmt::opt_instant(r.verification_due)?,
            resolution_due: timefmt::opt_instant(r.resolution_due)?,
            complainant,
            needs_completion: r.needs_completion != 0,
            recorded_by: r.recorded_by,
            history: self.history(r.id).await?,
            messages: messages
                .into_iter()
                .map(|(kind, body, at)| {
                    Ok(Message { from_village: kind == "staff", body, at: timefmt::parse_instant(&at)? })
                })
                .collect::<Result<_, StoreError>>()?,
            attachments: attachments
                .into_iter()
                .map(|(id, sha256, mime, size, original_name)| {
                    Ok(AttachmentMeta {
                        id,
                        sha256,
                        media_type: MediaType::from_mime(&mime).ok_or_else(|| corrupt("media type"))?,
                        size,
                        original_name,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
        })
    }

    /// One attachment of a complaint, by the complaint's ticket: an id from another case is
    /// not found.
    pub async fn attachment(
        &self,
        ticket: &Ticket,
        attachment_id: i64,
    ) -> Result<(AttachmentMeta, Vec<u8>), StoreError> {
        let (id, sha256, mime, size, original_name): (i64, String, String, i64, String) = sqlx::query_as(
            "SELECT a.id, a.sha256, a.media_type, a.size_bytes, a.original_name FROM attachments a \
             JOIN complaints c ON c.id = a.complaint_id WHERE c.ticket = $1 AND a.id = $2",
        )
        .bind(ticket.as_str().to_string())
        .bind(attachment_id)
        .fetch_one(&self.db.read)
        .await?;
        let bytes = self.files.read(&sha256).await?;
        let media_type = MediaType::from_mime(&mime).ok_or_else(|| corrupt("media type"))?;
        Ok((AttachmentMeta { id, sha256, media_type, size, original_name }, bytes))
    }

    /// How many complaints are stored (for health checks and tests), from the status counts.
    pub async fn count_complaints(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) = sqlx::query_as("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM complaint_counts")
            .fetch_one(&self.db.read)
            .await?;
        Ok(n)
    }
}
