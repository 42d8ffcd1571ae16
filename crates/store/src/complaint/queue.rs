//! The back-office queue: filtered, newest first (the overdue view: oldest deadline first), paged
//! by keyset, so a page costs the same on the thousandth page as on the first.

use crate::complaint::running_due::RUNNING_DUE_C;
use crate::sql_args::{Arg, Sql};
use crate::{Backend, Store, StoreError, timefmt};
use aduan_domain::{Status, Ticket};
use time::OffsetDateTime;

/// The duplicates merged into a case.
pub(crate) const MERGED_SQL: &str = "SELECT ticket FROM complaints WHERE duplicate_of = $1 ORDER BY id";

/// The case a duplicate was merged into.
pub(crate) const ORIGINAL_SQL: &str =
    "SELECT ticket FROM complaints WHERE id = (SELECT duplicate_of FROM complaints WHERE id = $1)";

/// A case's internal notes, for staff.
pub(crate) const INTERNAL_NOTES_SQL: &str = "SELECT u.display_name, m.body, m.created_at FROM messages m LEFT \
    JOIN users u ON u.id = m.author_user_id WHERE m.complaint_id = $1 AND m.visibility = 'internal' ORDER BY \
    m.id";

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
    /// Only open cases (`Some(true)`) or only closed ones (`Some(false)`); a `status` overrides it.
    pub open: Option<bool>,
}

impl QueueFilter {
    /// The statuses `open` stands for, when it is the filter on status.
    fn open_statuses(&self) -> Option<Vec<Status>> {
        let open = self.open.filter(|_| self.status.is_none())?;
        Some(Status::ALL.iter().copied().filter(|s| s.is_open() == open).collect())
    }
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
    objection_due: Option<String>,
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
    /// Received at, or in the overdue view the deadline.
    key: String,
    id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}_{}", self.key, self.id)
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let (at, id) = s.rsplit_once('_')?;
        timefmt::parse_instant(at).ok()?;
        Some(Cursor { key: at.to_string(), id: id.parse().ok()? })
    }
}

impl Row {
    fn into_item(self) -> Result<QueueItem, StoreError> {
        let r = self;
        let status = Status::parse(&r.status).ok_or_else(|| StoreError::Corrupt("status".into()))?;
        let due = match status {
            Status::Diterima => timefmt::opt_instant(r.verification_due)?,
            Status::Diproses => timefmt::opt_instant(r.resolution_due)?,
            Status::Keberatan => timefmt::opt_instant(r.objection_due)?,
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
    }
}

/// Queue rows of the cases `ids` (literal integers) of a village, in no particular order.
pub(crate) fn items_sql(village_id: i64, ids: &[i64]) -> Sql {
    let mut q = Sql::new(QUEUE_SELECT);
    let village = q.int(village_id);
    q.push(&village);
    let list =
        if ids.is_empty() { "NULL".to_string() } else { ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ") };
    q.push(&format!(" AND c.id IN ({list})"));
    q
}

impl Store {
    /// The queue rows of `ids`, in the order of `ids`.
    pub(crate) async fn queue_items(&self, village_id: i64, ids: &[i64]) -> Result<Vec<QueueItem>, StoreError> {
        let rows: Vec<Row> = items_sql(village_id, ids).query_as().fetch_all(&self.db.read).await?;
        let mut by_id: std::collections::HashMap<i64, QueueItem> =
            rows.into_iter().map(|r| r.into_item().map(|i| (i.id, i))).collect::<Result<_, _>>()?;
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }
}

const QUEUE_SELECT: &str = "SELECT c.id AS id, c.ticket, c.title, c.status, c.kind, cat.name AS category_name, \
     c.channel, c.received_at AS received_at, c.verification_due, c.resolution_due, c.objection_due, u.display_name AS assigned_name, \
     c.needs_completion \
     FROM complaints c JOIN categories cat ON cat.id = c.category_id LEFT JOIN users u ON u.id = c.assigned_to \
     WHERE c.village_id = ";

/// The queue's statement for one request: only the filters it names, so each shape is planned on
/// its own and walks the index of its most selective filter. Newest first by receipt; the overdue
/// view runs oldest deadline first along the running deadline's index. The cursor is a bound on
/// the walked index, so a page deep in the list costs what the first one does.
pub fn queue_sql(
    backend: Backend,
    village_id: i64,
    f: &QueueFilter,
    after: Option<&Cursor>,
    limit: i64,
    now: OffsetDateTime,
) -> Sql {
    let (key, order, past) = if f.overdue { (RUNNING_DUE_C, "ASC", ">") } else { ("c.received_at", "DESC", "<") };
    let mut q = Sql::new("");
    // Open or closed cases, newest first: one arm per status, each walking its status's index
    // in order, merged, so no arm is read further than the page needs and nothing is sorted.
    // SQLite merges a compound select's arms as they are. PostgreSQL merges (merge append)
    // only arms that are each limited: unlimited, it reads every open case of every arm and
    // sorts them (at a million cases, 60,000 rows and 90 ms for a page of 25). The overdue view
    // needs no arms: only open cases have a running deadline, so "open" adds nothing to it.
    let arms: Vec<QueueFilter> = match f.open_statuses().filter(|_| !f.overdue) {
        Some(statuses) => {
            statuses.into_iter().map(|s| QueueFilter { status: Some(s), open: None, ..f.clone() }).collect()
        }
        None => vec![QueueFilter { open: if f.overdue && f.open == Some(true) { None } else { f.open }, ..f.clone() }],
    };
    let limited_arms = arms.len() > 1 && backend == Backend::Postgres;
    let arm_limit = if limited_arms { q.int(limit + 1) } else { String::new() };
    for (i, arm) in arms.iter().enumerate() {
        if i > 0 {
            q.push(" UNION ALL ");
        }
        if limited_arms {
            q.push("SELECT * FROM (");
        }
        q.push(QUEUE_SELECT);
        let village = q.int(village_id);
        q.push(&village);
        filters(&mut q, &village, arm, now);
        if let Some(c) = after {
            let (at, id) = (q.text(c.key.clone()), q.int(c.id));
            q.push(&format!(" AND ({key}, c.id) {past} ({at}, {id})"));
        }
        if limited_arms {
            q.push(&format!(" ORDER BY {key} {order}, c.id {order} LIMIT {arm_limit}) AS arm{i}"));
        }
    }
    let limit = if limited_arms { arm_limit } else { q.int(limit + 1) };
    if arms.len() > 1 {
        // A compound's order names its result columns (SQLite matches only names given with AS).
        q.push(&format!(" ORDER BY received_at {order}, id {order} LIMIT {limit}"));
    } else {
        q.push(&format!(" ORDER BY {key} {order}, c.id {order} LIMIT {limit}"));
    }
    q
}

/// The conditions of `f` on the complaints `c` of the village bound as `village`: only those it
/// names, so each shape is planned on its own.
pub(crate) fn filters(q: &mut Sql, village: &str, f: &QueueFilter, now: OffsetDateTime) {
    let and = |q: &mut Sql, column: &str, op: &str, value: Arg| {
        let p = q.arg(value);
        q.push(&format!(" AND {column} {op} {p}"));
    };
    if let Some(s) = f.status {
        and(q, "c.status", "=", Arg::Text(s.as_str().into()));
    } else if let Some(statuses) = f.open_statuses() {
        // Codes of the domain's own statuses: safe inline.
        let list = statuses.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ");
        q.push(&format!(" AND c.status IN ({list})"));
    }
    if let Some(code) = &f.category {
        let p = q.text(code.clone());
        q.push(&format!(
            " AND c.category_id = (SELECT id FROM categories WHERE village_id = {village} AND code = {p})"
        ));
    }
    if let Some(ch) = &f.channel {
        and(q, "c.channel", "=", Arg::Text(ch.clone()));
    }
    if let Some(k) = &f.kind {
        and(q, "c.kind", "=", Arg::Text(k.clone()));
    }
    if let Some(officer) = f.assigned_to {
        and(q, "c.assigned_to", "=", Arg::Int(officer));
    }
    // The overdue view walks the deadline's index; its dates are tested on the way, written so
    // that no planner trades that walk for the receipt index and a sort of every match.
    let received = if f.overdue { "c.received_at || ''" } else { "c.received_at" };
    if let Some(t) = f.received_from {
        and(q, received, ">=", Arg::Text(timefmt::instant(t)));
    }
    if let Some(t) = f.received_until {
        and(q, received, "<", Arg::Text(timefmt::instant(t)));
    }
    if let Some(t) = &f.ticket {
        and(q, "c.ticket", "=", Arg::Text(t.to_string()));
    }
    if f.overdue {
        and(q, RUNNING_DUE_C, "<", Arg::Text(timefmt::instant(now)));
    }
}

impl Store {
    /// One page of the queue and where the next one starts.
    pub async fn queue(
        &self,
        village_id: i64,
        f: &QueueFilter,
        after: Option<&Cursor>,
        limit: i64,
    ) -> Result<(Vec<QueueItem>, Option<Cursor>), StoreError> {
        let sql = queue_sql(self.db.backend, village_id, f, after, limit, self.clock.now());
        let rows: Vec<Row> = sql.query_as().fetch_all(&self.db.read).await?;
        let more = rows.len() as i64 > limit;
        let items: Vec<QueueItem> =
            rows.into_iter().take(limit as usize).map(Row::into_item).collect::<Result<_, StoreError>>()?;
        let next = if more {
            items.last().and_then(|i| {
                let key = if f.overdue { i.due } else { Some(i.received_at) };
                key.map(|k| Cursor { key: timefmt::instant(k), id: i.id })
            })
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
        let rows: Vec<(Option<String>, String, String)> =
            sqlx::query_as(INTERNAL_NOTES_SQL).bind(complaint_id).fetch_all(&self.db.read).await?;
        rows.into_iter()
            .map(|(who, body, at)| Ok((who.unwrap_or_default(), body, timefmt::parse_instant(&at)?)))
            .collect()
    }
}

impl Store {
    /// `(the original this case duplicates, the cases merged into this one)`.
    pub async fn duplicate_links(&self, complaint_id: i64) -> Result<(Option<String>, Vec<String>), StoreError> {
        let original: Option<(String,)> =
            sqlx::query_as(ORIGINAL_SQL).bind(complaint_id).fetch_optional(&self.db.read).await?;
        let merged: Vec<(String,)> = sqlx::query_as(MERGED_SQL).bind(complaint_id).fetch_all(&self.db.read).await?;
        Ok((original.map(|(t,)| t), merged.into_iter().map(|(t,)| t).collect()))
    }
}
