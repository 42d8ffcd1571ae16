//! Open cases by the day their running clock ends, kept inside every transaction that files a
//! complaint, moves its clock or changes its status. Counting overdue cases then reads one row
//! per past day and the index of today's deadlines only: its cost does not grow with the number
//! of open cases.

use crate::complaint::day_counts::{DayTable, day_of};
use crate::complaint::running_due::RUNNING_DUE;
use crate::{Store, StoreError, timefmt};
use sqlx::AnyConnection;
use time::{OffsetDateTime, Time};

/// The running clock's deadline of complaint `id` as it now stands.
pub(crate) async fn running_due(conn: &mut AnyConnection, id: i64) -> Result<Option<String>, StoreError> {
    let (due,): (Option<String>,) =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {RUNNING_DUE} FROM complaints WHERE id = $1")))
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(due)
}

/// Moves complaint `id` from the day of `before` (its running deadline when the transaction
/// began) to the day of the deadline it has now.
pub(crate) async fn moved(
    conn: &mut AnyConnection,
    village_id: i64,
    id: i64,
    before: Option<&str>,
) -> Result<(), StoreError> {
    let after = running_due(conn, id).await?;
    let (from, to) = (before.map(day_of), after.as_deref().map(day_of));
    if from == to {
        return Ok(());
    }
    if let Some(day) = from {
        DayTable::RunningDue.bump(conn, village_id, day, -1).await?;
    }
    if let Some(day) = to {
        DayTable::RunningDue.bump(conn, village_id, day, 1).await?;
    }
    Ok(())
}

/// Cases whose running clock ended on a day before `today` (UTC).
pub(crate) const OVERDUE_DAYS_SQL: &str =
    "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM running_due_days WHERE village_id = $1 AND day < $2";

/// Cases whose running clock ended today before now: the running deadline's index, one day of it.
pub(crate) fn overdue_today_sql() -> String {
    format!("SELECT COUNT(*) FROM complaints WHERE village_id = $1 AND {RUNNING_DUE} >= $2 AND {RUNNING_DUE} < $3")
}

impl Store {
    /// Open cases past the deadline of their running clock at `now`.
    pub(crate) async fn overdue_count(&self, village_id: i64, now: OffsetDateTime) -> Result<i64, StoreError> {
        let midnight = now.to_offset(time::UtcOffset::UTC).replace_time(Time::MIDNIGHT);
        let today = timefmt::instant(midnight);
        let (past,): (i64,) = sqlx::query_as(OVERDUE_DAYS_SQL)
            .bind(village_id)
            .bind(day_of(&today).to_string())
            .fetch_one(&self.db.read)
            .await?;
        let (earlier_today,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(overdue_today_sql()))
            .bind(village_id)
            .bind(today)
            .bind(timefmt::instant(now))
            .fetch_one(&self.db.read)
            .await?;
        Ok(past + earlier_today)
    }
}
