//! The village's agenda: events with their time, place and coordinator. Upcoming events read
//! forwards from now; past ones page backwards by `(starts_at, id)`, so a long history costs
//! no more than one page.

use crate::platform::audit;
use crate::platform::users::StaffUser;
use crate::{Store, StoreError, timefmt};
use aduan_domain::portal::AgendaDraft;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaEvent {
    pub id: i64,
    pub title: String,
    pub starts_at: OffsetDateTime,
    pub place: String,
    pub coordinator: String,
    pub details: String,
}

/// Where a page of past events ends: the next page starts before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgendaCursor {
    pub starts_at: OffsetDateTime,
    pub id: i64,
}

impl AgendaCursor {
    pub fn encode(&self) -> String {
        format!("{}_{}", self.starts_at.unix_timestamp(), self.id)
    }

    pub fn decode(s: &str) -> Option<Self> {
        let (t, id) = s.split_once('_')?;
        let starts_at = OffsetDateTime::from_unix_timestamp(t.parse().ok()?).ok()?;
        Some(AgendaCursor { starts_at, id: id.parse().ok()? })
    }
}

type Row = (i64, String, String, String, String, String);

fn event((id, title, starts_at, place, coordinator, details): Row) -> Result<AgendaEvent, StoreError> {
    Ok(AgendaEvent { id, title, starts_at: timefmt::parse_instant(&starts_at)?, place, coordinator, details })
}

impl Store {
    /// Events starting at `now` or later, soonest first.
    pub async fn upcoming_events(
        &self,
        village_id: i64,
        now: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<AgendaEvent>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, title, starts_at, place, coordinator, details FROM agenda_events \
             WHERE village_id = $1 AND starts_at >= $2 ORDER BY starts_at, id LIMIT $3",
        )
        .bind(village_id)
        .bind(timefmt::instant(now))
        .bind(limit)
        .fetch_all(&self.db.read)
        .await?;
        rows.into_iter().map(event).collect()
    }

    /// Events that started before `now`, latest first, from `after` on; with the cursor of the
    /// next page when there is one.
    pub async fn past_events(
        &self,
        village_id: i64,
        now: OffsetDateTime,
        after: Option<AgendaCursor>,
        limit: i64,
    ) -> Result<(Vec<AgendaEvent>, Option<AgendaCursor>), StoreError> {
        let (before, before_id) = match after {
            Some(c) if c.starts_at < now => (timefmt::instant(c.starts_at), c.id),
            _ => (timefmt::instant(now), i64::MIN),
        };
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, title, starts_at, place, coordinator, details FROM agenda_events WHERE village_id = $1 \
             AND (starts_at < $2 OR (starts_at = $2 AND id < $3)) ORDER BY starts_at DESC, id DESC LIMIT $4",
        )
        .bind(village_id)
        .bind(before)
        .bind(before_id)
        .bind(limit + 1)
        .fetch_all(&self.db.read)
        .await?;
        let mut events = rows.into_iter().map(event).collect::<Result<Vec<_>, _>>()?;
        let next = if events.len() as i64 > limit {
            events.truncate(limit as usize);
            events.last().map(|e| AgendaCursor { starts_at: e.starts_at, id: e.id })
        } else {
            None
        };
        Ok((events, next))
    }

    pub async fn agenda_event(&self, village_id: i64, id: i64) -> Result<AgendaEvent, StoreError> {
        let row: Row = sqlx::query_as(
            "SELECT id, title, starts_at, place, coordinator, details FROM agenda_events WHERE id = $1 AND village_id = $2",
        )
            .bind(id)
            .bind(village_id)
            .fetch_one(&self.db.read)
            .await?;
        event(row)
    }

    /// Adds an event (`id` None) or changes one; returns its id.
    pub async fn save_agenda_event(
        &self,
        village_id: i64,
        id: Option<i64>,
        e: &AgendaDraft,
        by: &StaffUser,
    ) -> Result<i64, StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let id = match id {
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE agenda_events SET title = $3, starts_at = $4, place = $5, coordinator = $6, \
                     details = $7, updated_at = $8 WHERE id = $1 AND village_id = $2",
                )
                .bind(id)
                .bind(village_id)
                .bind(e.title.clone())
                .bind(timefmt::instant(e.starts_at))
                .bind(e.place.clone())
                .bind(e.coordinator.clone())
                .bind(e.details.clone())
                .bind(timefmt::instant(now))
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                id
            }
            None => {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO agenda_events (village_id, title, starts_at, place, coordinator, details, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(village_id)
                .bind(e.title.clone())
                .bind(timefmt::instant(e.starts_at))
                .bind(e.place.clone())
                .bind(e.coordinator.clone())
                .bind(e.details.clone())
                .bind(timefmt::instant(now))
                .fetch_one(&mut *tx)
                .await?;
                id
            }
        };
        let detail = serde_json::json!({"title": e.title, "starts_at": timefmt::instant(e.starts_at)});
        audit::record(&mut tx, village_id, now, by, "portal.agenda", format!("agenda:{id}"), detail).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn delete_agenda_event(&self, village_id: i64, id: i64, by: &StaffUser) -> Result<(), StoreError> {
        self.delete_audited("agenda_events", village_id, id, by, "portal.agenda_deleted", "agenda").await
    }
}
