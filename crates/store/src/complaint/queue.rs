//! The back-office queue: filtered, newest first, paged by keyset (received time and id), so a
//! page costs the same on the thousandth page as on the first.

use crate::{Store, StoreError, timefmt};
use aduan_domain::{Status, Ticket};
use time::OffsetDateTime;

#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub status: Option<Status>,
    pub category: Option<String>,
    pub channel: Option<String>,
    pub kind: Option<String>,
    pub assigned_to: Option<i64>,
    pub received_from: Option<OffsetDateTime>,
    pub received_until: Option<OffsetDateTime>,
    pub ticket: Option<Ticket>,
    /// Only cases past their verification or resolution deadline.
    pub overdue: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct Row {
    id: i64,
    ticket: String,
    title: String,
    status: String,
    kind: String,
    category_name: String,
    channel: String,
    received_at: String,
    verification_due: Option<String>,
    resolution_due: Option<String>,
    assigned_name: Option<String>,
    needs_completion: i64,
}

#[derive(Debug, Clone)]
pub struct QueueItem {
    pub id: i64,
    pub ticket: String,
    pub title: String,
    pub status: Status,
    pub kind: String,
    pub category_name: String,
    pub channel: String,
    pub received_at: OffsetDateTime,
    /// The deadline of the clock that runs now, if any.
    pub due: Option<OffsetDateTime>,
    pub assigned_name: Option<String>,
    /// Came in by mail or text message and waits for staff to complete it.
    pub needs_completion: bool,
}

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    received_at: String,
    id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}_{}", self.received_at, self.id)
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let (at, id) = s.rsplit_once('_')?;
        timefmt::parse_instant(at).ok()?;
        Some(Cursor { received_at: at.to_string(), id: id.parse().ok()? })
    }
}

const QUEUE_SQL: &str = "SELECT c.id, c.ticket, c.title, c.status, c.kind, cat.name AS category_name, c.channel, \
     c.received_at, c.verification_due, c.resolution_due, u.display_name AS assigned_name, c.needs_completion \
     FROM complaints c JOIN categories cat ON cat.id = c.category_id LEFT JOIN users u ON u.id = c.assigned_to \
     WHERE c.village_id = $1 \
     AND (CAST($2 AS TEXT) IS NULL OR c.status = $2) \
     AND (CAST($3 AS TEXT) IS NULL OR cat.code = $3) \
     AND (CAST($4 AS TEXT) IS NULL OR c.channel = $4) \
     AND (CAST($5 AS TEXT) IS NULL OR c.kind = $5) \
     AND (CAST($6 AS BIGINT) IS NULL OR c.assigned_to = $6) \
     AND (CAST($7 AS TEXT) IS NULL OR c.received_at >= $7) \
     AND (CAST($8 AS TEXT) IS NULL OR c.received_at < $8) \
     AND (CAST($9 AS TEXT) IS NULL OR c.ticket = $9) \
     AND ($10 = 0 OR (c.status = 'diterima' AND c.verification_due < $11) \
          OR (c.status = 'diproses' AND c.resolution_due < $11)) \
     AND (CAST($12 AS TEXT) IS NULL OR c.received_at < $12 OR (c.received_at = $12 AND c.id < $13)) \
     ORDER BY c.received_at DESC, c.id DESC LIMIT $14";

impl Store {
    /// One page of the queue and where the next one starts.
    pub async fn queue(
        &self,
        village_id: i64,
        f: &QueueFilter,
        after: Option<&Cursor>,
        limit: i64,
    ) -> Result<(Vec<QueueItem>, Option<Cursor>), StoreError> {
        let now = timefmt::instant(self.clock.now());
        let rows: Vec<Row> = sqlx::query_as(QUEUE_SQL)
            .bind(village_id)
            .bind(f.status.map(|s| s.as_str().to_string()))
            .bind(f.category.clone())
            .bind(f.channel.clone())
            .bind(f.kind.clone())
            .bind(f.assigned_to)
            .bind(f.received_from.map(timefmt::instant))
            .bind(f.received_until.map(timefmt::instant))
            .bind(f.ticket.as_ref().map(|t| t.to_string()))
            .bind(i64::from(f.overdue))
            .bind(now)
            .bind(after.map(|c| c.received_at.clone()))
            .bind(after.map(|c| c.id).unwrap_or(0))
            .bind(limit + 1)
            .fetch_all(&self.db.read)
            .await?;
        let more = rows.len() as i64 > limit;
        let items: Vec<QueueItem> = rows
            .into_iter()
            .take(limit as usize)
            .map(|r| {
                let status = Status::parse(&r.status).ok_or_else(|| StoreError::Corrupt("status".into()))?;
                let due = match status {
                    Status::Diterima => timefmt::opt_instant(r.verification_due)?,
                    Status::Diproses => timefmt::opt_instant(r.resolution_due)?,
                    _ => None,
                };
                Ok(QueueItem {
                    id: r.id,
                    ticket: r.ticket,
                    title: r.title,
                    status,
                    kind: r.kind,
                    category_name: r.category_name,
                    channel: r.channel,
                    received_at: timefmt::parse_instant(&r.received_at)?,
                    due,
                    assigned_name: r.assigned_name,
                    needs_completion: r.needs_completion != 0,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let next = if more {
            items.last().map(|i| Cursor { received_at: timefmt::instant(i.received_at), id: i.id })
        } else {
            None
        };
        Ok((items, next))
    }

    /// The officer a case is assigned to.
    pub async fn assigned_to(&self, ticket: &Ticket) -> Result<Option<i64>, StoreError> {
        let (a,): (Option<i64>,) = sqlx::query_as("SELECT assigned_to FROM complaints WHERE ticket = $1")
            .bind(ticket.as_str().to_string())
            .fetch_one(&self.db.read)
            .await?;
        Ok(a)
    }

    /// Internal notes of a case, for staff.
    pub async fn internal_notes(&self, complaint_id: i64) -> Result<Vec<(String, String, OffsetDateTime)>, StoreError> {
        let rows: Vec<(Option<String>, String, String)> = sqlx::query_as(
            "SELECT u.display_name, m.body, m.created_at FROM messages m LEFT JOIN users u ON u.id = m.author_user_id \
             WHERE m.complaint_id = $1 AND m.visibility = 'internal' ORDER BY m.id",
        )
        .bind(complaint_id)
        .fetch_all(&self.db.read)
        .await?;
        rows.into_iter()
            .map(|(who, body, at)| Ok((who.unwrap_or_default(), body, timefmt::parse_instant(&at)?)))
            .collect()
    }
}

impl Store {
    /// `(the original this case duplicates, the cases merged into this one)`.
    pub async fn duplicate_links(&self, complaint_id: i64) -> Result<(Option<String>, Vec<String>), StoreError> {
        let original: Option<(String,)> = sqlx::query_as(
            "SELECT o.ticket FROM complaints c JOIN complaints o ON o.id = c.duplicate_of WHERE c.id = $1",
        )
        .bind(complaint_id)
        .fetch_optional(&self.db.read)
        .await?;
        let merged: Vec<(String,)> =
            sqlx::query_as("SELECT ticket FROM complaints WHERE duplicate_of = $1 ORDER BY id")
                .bind(complaint_id)
                .fetch_all(&self.db.read)
                .await?;
        Ok((original.map(|(t,)| t), merged.into_iter().map(|(t,)| t).collect()))
    }
}
