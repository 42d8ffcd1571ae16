//! The queue views a staff member saves (a name and the queue's filters), and how many cases a
//! view holds — counted up to a cap, so a count never reads every row of a large village.

use crate::complaint::queue::{QueueFilter, queue_sql};
use crate::{Store, StoreError, timefmt};
use aduan_domain::staff::ViewName;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    /// The queue's filters as the query string of its address.
    pub query: String,
}

/// How many views one user keeps; a user past it deletes one first.
pub const MAX_VIEWS: i64 = 20;

/// Counts stop here: a view holding more says "1000+".
pub const COUNT_CAP: i64 = 1_000;

pub(crate) const VIEWS_SQL: &str = "SELECT id, name, query FROM saved_views WHERE user_id = $1 ORDER BY id LIMIT $2";

impl Store {
    pub async fn saved_views(&self, user_id: i64) -> Result<Vec<SavedView>, StoreError> {
        let rows: Vec<(i64, String, String)> =
            sqlx::query_as(VIEWS_SQL).bind(user_id).bind(MAX_VIEWS).fetch_all(&self.db.read).await?;
        Ok(rows.into_iter().map(|(id, name, query)| SavedView { id, name, query }).collect())
    }

    /// Saves a view for the user; `Conflict("too_many_views")` past [`MAX_VIEWS`].
    pub async fn save_view(
        &self,
        village_id: i64,
        user_id: i64,
        name: &ViewName,
        query: &str,
    ) -> Result<i64, StoreError> {
        let now = timefmt::instant(self.clock.now());
        let mut tx = self.db.write.begin().await?;
        let (held,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM saved_views WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await?;
        if held >= MAX_VIEWS {
            return Err(StoreError::Conflict("too_many_views".into()));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO saved_views (village_id, user_id, name, query, created_at) VALUES ($1, $2, $3, $4, $5) \
             RETURNING id",
        )
        .bind(village_id)
        .bind(user_id)
        .bind(name.as_str().to_string())
        .bind(query.to_string())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Deletes one of the user's own views; another user's is left alone (`false`).
    pub async fn delete_view(&self, user_id: i64, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM saved_views WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(&self.db.write)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// How many cases the queue holds with `f`, up to `cap + 1` (more than `cap` reads as "cap+").
    pub async fn queue_count(&self, village_id: i64, f: &QueueFilter, cap: i64) -> Result<i64, StoreError> {
        let mut sql = queue_sql(self.db.backend, village_id, f, None, cap, self.clock.now());
        sql.text = format!("SELECT COUNT(*) FROM ({}) q", sql.text);
        let (n,): (i64,) = sql.query_as().fetch_one(&self.db.read).await?;
        Ok(n)
    }
}
