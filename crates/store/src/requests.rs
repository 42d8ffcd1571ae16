//! Complaints as other systems read them (Open311 `requests`): only what the citizen agreed to
//! publish, never identity. A list shows `publik` complaints whose complainant is not `rahasia`;
//! asked for by ticket, any complaint answers with its status and deadline only, as the ticket
//! alone does on the tracking page.

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
    /// The village's latest public note on the case.
    pub status_note: Option<String>,
}

const COLUMNS: &str = "c.ticket, c.status, cat.code, cat.name, c.title, c.description, c.place, c.received_at, \
    c.updated_at, CASE c.status WHEN 'diterima' THEN c.verification_due WHEN 'diproses' THEN c.resolution_due \
    WHEN 'keberatan' THEN c.objection_due END, c.referral_agency, \
    CASE WHEN c.publication = 'publik' AND c.identity_mode <> 'rahasia' THEN 1 ELSE 0 END, \
    (SELECT h.public_note FROM status_history h WHERE h.complaint_id = c.id AND h.public_note IS NOT NULL \
     ORDER BY h.id DESC LIMIT 1), c.lat_e6, c.long_e6";

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
            "SELECT {COLUMNS} FROM complaints c JOIN categories cat ON cat.id = c.category_id \
             WHERE c.village_id = $1 AND c.publication = 'publik' AND c.identity_mode <> 'rahasia' \
             AND (CAST($2 AS TEXT) IS NULL OR cat.code = $2) AND c.received_at >= $3 AND c.received_at < $4 \
             AND (CAST($5 AS TEXT) IS NULL OR c.updated_at > $5) AND (CAST($6 AS TEXT) IS NULL OR c.updated_at < $6) \
             AND ($7 = 'any' OR ($7 = 'open') = (c.status IN ('diterima', 'perlu_info', 'diproses', 'keberatan'))) \
             ORDER BY c.received_at DESC, c.id DESC LIMIT $8 OFFSET $9"
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
            "SELECT {COLUMNS} FROM complaints c JOIN categories cat ON cat.id = c.category_id \
             WHERE c.village_id = $1 AND c.ticket = $2"
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
    /// The steps taken on published complaints in `[from, to)`, oldest first.
    pub async fn published_updates(
        &self,
        village_id: i64,
        from: OffsetDateTime,
        to: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<PublishedUpdate>, StoreError> {
        let rows: Vec<(i64, String, String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT h.id, c.ticket, h.to_status, h.action, h.public_note, h.at FROM status_history h \
             JOIN complaints c ON c.id = h.complaint_id WHERE h.village_id = $1 AND h.at >= $2 AND h.at < $3 \
             AND c.publication = 'publik' AND c.identity_mode <> 'rahasia' ORDER BY h.at, h.id LIMIT $4",
        )
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
