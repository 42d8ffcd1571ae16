//! Complaints as the public and other systems read them (Open311 `requests`, the information
//! page): only what the citizen agreed to publish, only once the village has verified it, never
//! identity. A list shows [`SHOWN`] complaints; asked for by ticket, any other complaint answers
//! with its status and dates only, as the ticket alone does on the tracking page.

use crate::sql_args::Sql;
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
         {ANSWER}, c.lat_e6, c.long_e6, c.id"
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
    i64,
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
        _id,
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

/// Published complaints, newest first: only the filters asked for, along the published index.
pub(crate) fn published_requests_sql(village_id: i64, f: &RequestFilter) -> Sql {
    let mut q =
        Sql::new(&format!("SELECT {} FROM complaints c JOIN categories cat ON cat.id = c.category_id ", columns()));
    let village = q.int(village_id);
    q.push(&format!("WHERE c.village_id = {village} AND {SHOWN}"));
    if let Some(code) = &f.service_code {
        let p = q.text(code.clone());
        q.push(&format!(
            " AND c.category_id = (SELECT id FROM categories WHERE village_id = {village} AND code = {p})"
        ));
    }
    let (from, to) = (q.text(timefmt::instant(f.received_from)), q.text(timefmt::instant(f.received_to)));
    q.push(&format!(" AND c.received_at >= {from} AND c.received_at < {to}"));
    if let Some(t) = f.updated_after {
        let p = q.text(timefmt::instant(t));
        q.push(&format!(" AND c.updated_at > {p}"));
    }
    if let Some(t) = f.updated_before {
        let p = q.text(timefmt::instant(t));
        q.push(&format!(" AND c.updated_at < {p}"));
    }
    match f.state {
        OpenState::Open => q.push(" AND c.status IN ('diterima', 'perlu_info', 'diproses', 'keberatan')"),
        OpenState::Closed => q.push(" AND c.status NOT IN ('diterima', 'perlu_info', 'diproses', 'keberatan')"),
        OpenState::Any => &mut q,
    };
    let (limit, offset) = (q.int(f.limit), q.int(f.offset));
    q.push(&format!(" ORDER BY c.received_at DESC, c.id DESC LIMIT {limit} OFFSET {offset}"));
    q
}

/// Where a page of every published complaint ends: the last one's receipt and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedCursor {
    received_at: String,
    id: i64,
}

impl PublishedCursor {
    /// The page after the case `id` received at `received_at`.
    pub fn at(received_at: OffsetDateTime, id: i64) -> Self {
        PublishedCursor { received_at: timefmt::instant(received_at), id }
    }
}

/// Every published complaint, oldest first, a page at a time (the open data), along the
/// published index with the cursor as its bound.
pub(crate) fn published_page_sql(village_id: i64, after: Option<&PublishedCursor>, limit: i64) -> Sql {
    let mut q =
        Sql::new(&format!("SELECT {} FROM complaints c JOIN categories cat ON cat.id = c.category_id ", columns()));
    let village = q.int(village_id);
    q.push(&format!("WHERE c.village_id = {village} AND {SHOWN}"));
    if let Some(c) = after {
        let (at, id) = (q.text(c.received_at.clone()), q.int(c.id));
        q.push(&format!(" AND (c.received_at, c.id) > ({at}, {id})"));
    }
    let limit = q.int(limit);
    q.push(&format!(" ORDER BY c.received_at, c.id LIMIT {limit}"));
    q
}

/// One complaint by ticket, published or not.
pub(crate) fn published_request_sql() -> String {
    format!(
        "SELECT {} FROM complaints c JOIN categories cat ON cat.id = c.category_id \
         WHERE c.village_id = $1 AND c.ticket = $2",
        columns()
    )
}

/// The steps taken on published complaints in a period, oldest first.
pub(crate) fn published_updates_sql() -> String {
    format!(
        "SELECT h.id, c.ticket, h.to_status, h.action, CASE WHEN h.actor_kind = 'staff' THEN h.public_note END, h.at \
         FROM status_history h JOIN complaints c ON c.id = h.complaint_id \
         WHERE h.village_id = $1 AND h.at >= $2 AND h.at < $3 AND {SHOWN} ORDER BY h.at, h.id LIMIT $4"
    )
}

impl Store {
    /// Published complaints, newest first.
    pub async fn published_requests(
        &self,
        village_id: i64,
        f: &RequestFilter,
    ) -> Result<Vec<PublishedRequest>, StoreError> {
        let rows: Vec<Row> = published_requests_sql(village_id, f).query_as().fetch_all(&self.db.read).await?;
        rows.into_iter().map(published).collect()
    }

    /// A page of every published complaint, oldest first, and where the next page starts.
    pub async fn open_data_page(
        &self,
        village_id: i64,
        after: Option<&PublishedCursor>,
        limit: i64,
    ) -> Result<(Vec<PublishedRequest>, Option<PublishedCursor>), StoreError> {
        let rows: Vec<Row> =
            published_page_sql(village_id, after, limit + 1).query_as().fetch_all(&self.db.read).await?;
        let more = rows.len() as i64 > limit;
        let mut next = None;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows.into_iter().take(limit as usize) {
            next = Some(PublishedCursor { received_at: r.7.clone(), id: r.15 });
            items.push(published(r)?);
        }
        Ok((items, next.filter(|_| more)))
    }

    /// One complaint by ticket, published or not (then without details); `NotFound` otherwise.
    pub async fn published_request(&self, village_id: i64, ticket: &Ticket) -> Result<PublishedRequest, StoreError> {
        let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(published_request_sql()))
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
        let sql = published_updates_sql();
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
