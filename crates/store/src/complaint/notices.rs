//! The notices a staff member is sent about cases (a new case, a warning, a breach): the newest
//! for the start page, how many are unread for the menu, and marking them read one by one or all
//! at once.

use crate::{Store, StoreError, timefmt};
use time::OffsetDateTime;

#[derive(Debug, Clone)]
pub struct StaffNotice {
    pub id: i64,
    pub kind: String,
    pub ticket: String,
    pub title: String,
    pub at: OffsetDateTime,
    pub read: bool,
}

pub(crate) const STAFF_NOTICES_SQL: &str = "SELECT n.id, n.kind, c.ticket, c.title, n.created_at, \
    CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END FROM staff_notifications n \
    JOIN complaints c ON c.id = n.complaint_id WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2";

/// More unread notices than anyone reads one by one: the menu says "99+" rather than count on.
pub const UNREAD_CAP: i64 = 100;

pub(crate) const UNREAD_SQL: &str = "SELECT COUNT(*) FROM (SELECT 1 FROM staff_notifications \
    WHERE user_id = $1 AND read_at IS NULL LIMIT $2) u";

impl Store {
    /// The newest notices for one staff member, read or not.
    pub async fn staff_notices(&self, user_id: i64, limit: i64) -> Result<Vec<StaffNotice>, StoreError> {
        let rows: Vec<(i64, String, String, String, String, i64)> =
            sqlx::query_as(STAFF_NOTICES_SQL).bind(user_id).bind(limit).fetch_all(&self.db.read).await?;
        rows.into_iter()
            .map(|(id, kind, ticket, title, at, read)| {
                Ok(StaffNotice { id, kind, ticket, title, at: timefmt::parse_instant(&at)?, read: read != 0 })
            })
            .collect()
    }

    /// How many of the user's notices are unread, up to [`UNREAD_CAP`].
    pub async fn unread_notices(&self, user_id: i64) -> Result<i64, StoreError> {
        let (n,): (i64,) = sqlx::query_as(UNREAD_SQL).bind(user_id).bind(UNREAD_CAP).fetch_one(&self.db.read).await?;
        Ok(n)
    }

    /// Marks one of the user's notices read (`Some`), or all of them (`None`); another user's
    /// notice is left as it is. Returns how many were marked.
    pub async fn mark_notices_read(&self, user_id: i64, notice: Option<i64>) -> Result<u64, StoreError> {
        let now = timefmt::instant(self.clock.now());
        let done =
            match notice {
                Some(id) => sqlx::query(
                    "UPDATE staff_notifications SET read_at = $3 WHERE id = $2 AND user_id = $1 AND read_at IS NULL",
                )
                .bind(user_id)
                .bind(id)
                .bind(now)
                .execute(&self.db.write)
                .await?,
                None => {
                    sqlx::query("UPDATE staff_notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
                        .bind(user_id)
                        .bind(now)
                        .execute(&self.db.write)
                        .await?
                }
            };
        Ok(done.rows_affected())
    }
}
