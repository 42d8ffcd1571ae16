//! Complaints as the public and other systems read them (Open311 `requests`, the information
//! page): only what the citizen agreed to publish, only once the village has verified it, never
//! identity. A list shows [`SHOWN`] complaints; asked for by ticket, any other complaint answers
//! with its status and dates only, as the ticket alone does on the tracking page.

use crate::{Store, StoreError, timefmt};
use aduan_domain::{Status, Ticket};
use time::OffsetDateTime;

/// Whether a list wants open cases, closed cases or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenState {
    Open,
    Closed,
    Any,
}

/// A list's filters; the received window is required (Open311 defaults it to the last 90 days).
#[derive(Debug, Clone)]
pub struct RequestFilter {
    pub service_code: Option<String>,
    pub received_from: OffsetDateTime,
    pub received_to: OffsetDateTime,
    pub updated_after: Option<OffsetDateTime>,
    pub updated_before: Option<OffsetDateTime>,
    pub state: OpenState,
    pub limit: i64,
    pub offset: i64,
}

/// One complaint as published.
#[derive(Debug, Clone)]
pub struct PublishedRequest {
    pub ticket: Ticket,
    pub status: Status,
    pub service_code: String,
    pub service_name: String,
    /// None when the complaint is not published: only its status shows.
    pub details: Option<PublishedDetails>,
    pub received_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    /// The deadline of the clock running now, if one is.
    pub expected_at: Option<OffsetDateTime>,
    /// The agency a complaint outside the village's authority was referred to.
    pub referral_agency: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PublishedDetails {
    pub title: String,
    pub description: String,
    pub place: Option<String>,
    pub location: Option<aduan_domain::complaint::GeoPoint>,
    /// The village's answer, once it resolved the complaint.
    pub status_note: Option<String>,
}

/// The complaints whose text is published: the citizen chose `publik` without hiding who they
/// are, the village verified the complaint (its first disposisi), it is neither rejected nor
/// withdrawn, and the office has not withdrawn its publication. The first four terms are those of
/// the `complaints_published` index, word for word, so the planner can use it.
pub(crate) const SHOWN: &str = "c.publication = 'publik' AND c.identity_mode <> 'rahasia' \
    AND c.verified_at IS NOT NULL AND c.public_withdrawn_at IS NULL AND c.status NOT IN ('ditolak', 'dicabut')";

/// The village's answer is the note of its last resolution, while that answer stands.
const ANSWER: &str = "CASE WHEN c.status IN ('selesai', 'ditutup', 'keberatan') THEN \
    (SELECT h.public_note FROM status_history h WHERE h.complaint_id = c.id AND h.action = 'resolve' \
     AND h.public_note IS NOT NULL ORDER BY h.id DESC LIMIT 1) END";

fn columns() -> String {
    format!(
        "c.ticket, c.status, cat.code, cat.name, COALESCE(c.public_title, c.title), \
         COALESCE(c.public_description, c.description), c.place, c.received_at, c.updated_at, \
         CASE c.status WHEN 'diterima' THEN c.verification_due WHEN 'diproses' THEN c.resolution_due \
         WHEN 'keberatan' THEN c.objection_due END, c.referral_agency, CASE WHEN {SHOWN} THEN 1 ELSE 0 END, \
         {ANSWER}, c.lat_e6, c.long_e6"
    )
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    Option<String>,
    Option<i64>,
    Option<i64>,
);

fn published(r: Row) -> Result<PublishedRequest, StoreError> {
    let (
        ticket,
        status,
        code,
        name,
        title,
        description,
        place,
        received,
        updated,
        due,
        agency,
        public,
        note,
        lat,
        long,
    ) = r;
    let status = Status::parse(&status).ok_or_else(|| StoreError::Corrupt("status".into()))?;
    let location = lat.zip(long).map(|(lat_e6, long_e6)| aduan_domain::complaint::GeoPoint { lat_e6, long_e6 });
    Ok(PublishedRequest {
        ticket: Ticket::parse(&ticket).map_err(|_| StoreError::Corrupt("ticket".into()))?,
        status,
        service_code: code,
        service_name: name,
        details: (public != 0).then_some(PublishedDetails { title, description, place, location, status_note: note }),
        received_at: timefmt::parse_instant(&received)?,
        updated_at: timefmt::parse_instant(&updated)?,
        expected_at: timefmt::opt_instant(due)?,
        referral_agency: agency,
    })
}

impl Store {
    /// Published complaints, newest first.
    pub async fn published_requests(
        &self,
        village_id: i64,
        f: &RequestFilter,
    ) -> Result<Vec<PublishedRequest>, StoreError> {
        let state = match f.state {
            OpenState::Open => "open",
            OpenState::Closed => "closed",
            OpenState::Any => "any",
        };
        let sql = format!(
            "SELECT {} FROM complaints c JOIN categories cat ON cat.id = c.category_id \
             WHERE c.village_id = $1 AND {SHOWN} \
             AND (CAST($2 AS TEXT) IS NULL OR cat.code = $2) AND c.received_at >= $3 AND c.received_at < $4 \
             AND (CAST($5 AS TEXT) IS NULL OR c.updated_at > $5) AND (CAST($6 AS TEXT) IS NULL OR c.updated_at < $6) \
             AND ($7 = 'any' OR ($7 = 'open') = (c.status IN ('diterima', 'perlu_info', 'diproses', 'keberatan'))) \
             ORDER BY c.received_at DESC, c.id DESC LIMIT $8 OFFSET $9",
            columns()
        );
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(village_id)
            .bind(f.service_code.clone())
            .bind(timefmt::instant(f.received_from))
            .bind(timefmt::instant(f.received_to))
            .bind(f.updated_after.map(timefmt::instant))
            .bind(f.updated_before.map(timefmt::instant))
            .bind(state)
            .bind(f.limit)
            .bind(f.offset)
            .fetch_all(&self.db.read)
            .await?;
        rows.into_iter().map(published).collect()
    }

    /// One complaint by ticket, published or not (then without details); `NotFound` otherwise.
    pub async fn published_request(&self, village_id: i64, ticket: &Ticket) -> Result<PublishedRequest, StoreError> {
        let sql = format!(
            "SELECT {} FROM complaints c JOIN categories cat ON cat.id = c.category_id \
             WHERE c.village_id = $1 AND c.ticket = $2",
            columns()
        );
        let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(village_id)
            .bind(ticket.as_str().to_string())
            .fetch_one(&self.db.read)
            .await?;
        published(row)
    }
}

/// One step in the history of a published complaint (Open311 `servicerequestupdates`).
#[derive(Debug, Clone)]
pub struct PublishedUpdate {
    pub id: i64,
    pub ticket: Ticket,
    pub status: Status,
    pub action: String,
    pub note: Option<String>,
    pub at: OffsetDateTime,
}

impl Store {
    /// The steps taken on published complaints in `[from, to)`, oldest first; a step's note only
    /// when the village wrote it (the citizen's own steps may quote them or name a body).
    pub async fn published_updates(
        &self,
        village_id: i64,
        from: OffsetDateTime,
        to: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<PublishedUpdate>, StoreError> {
        let sql = format!(
            "SELECT h.id, c.ticket, h.to_status, h.action, CASE WHEN h.actor_kind = 'staff' THEN h.public_note END, h.at \
             FROM status_history h JOIN complaints c ON c.id = h.complaint_id \
             WHERE h.village_id = $1 AND h.at >= $2 AND h.at < $3 AND {SHOWN} ORDER BY h.at, h.id LIMIT $4"
        );
        let rows: Vec<(i64, String, String, String, Option<String>, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(village_id)
            .bind(timefmt::instant(from))
            .bind(timefmt::instant(to))
            .bind(limit)
            .fetch_all(&self.db.read)
            .await?;
        rows.into_iter()
            .map(|(id, ticket, status, action, note, at)| {
                Ok(PublishedUpdate {
                    id,
                    ticket: Ticket::parse(&ticket).map_err(|_| StoreError::Corrupt("ticket".into()))?,
                    status: Status::parse(&status).ok_or_else(|| StoreError::Corrupt("status".into()))?,
                    action,
                    note,
                    at: timefmt::parse_instant(&at)?,
                })
            })
            .collect()
    }
}
