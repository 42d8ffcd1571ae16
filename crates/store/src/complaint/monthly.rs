//! Monthly figures, kept in the same transaction as the change they count: the public page, the
//! dashboard and the reports add up a few rows per month instead of reading a year of cases.
//!
//! A month is the calendar month in the village's time zone (`YYYY-MM`). Figures:
//! - `received`: complaints received that month;
//! - `status:<s>`: how many of that month's complaints stand at status `<s>` now;
//! - `decided`, `decided_met`: answers, rejections and referrals given that month, and how many
//!   of them within the deadline that ran;
//! - `ratings`, `rating_sum`: the citizens' ratings given that month and their sum.

use crate::{StoreError, timefmt};
use aduan_domain::Status;
use sqlx::AnyConnection;
use std::collections::BTreeMap;
use time::{OffsetDateTime, UtcOffset};

pub const RECEIVED: &str = "received";
pub const DECIDED: &str = "decided";
pub const DECIDED_MET: &str = "decided_met";
pub const RATINGS: &str = "ratings";
pub const RATING_SUM: &str = "rating_sum";

pub fn status_metric(s: Status) -> String {
    format!("status:{}", s.as_str())
}

/// `YYYY-MM` of `at` in the zone `offset`.
pub fn month_of(at: OffsetDateTime, offset: UtcOffset) -> String {
    let local = at.to_offset(offset);
    format!("{:04}-{:02}", local.year(), u8::from(local.month()))
}

/// The village's time zone, which decides in which month an instant counts.
pub(crate) async fn zone(conn: &mut AnyConnection, village_id: i64) -> Result<UtcOffset, StoreError> {
    let (minutes,): (i64,) = sqlx::query_as("SELECT utc_offset_minutes FROM villages WHERE id = $1")
        .bind(village_id)
        .fetch_one(&mut *conn)
        .await?;
    UtcOffset::from_whole_seconds(minutes as i32 * 60).map_err(|_| StoreError::Corrupt("offset".into()))
}

pub(crate) async fn bump(
    conn: &mut AnyConnection,
    village_id: i64,
    month: &str,
    metric: &str,
    delta: i64,
) -> Result<(), StoreError> {
    if delta == 0 {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO monthly_figures (village_id, month, metric, n) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (village_id, month, metric) DO UPDATE SET n = monthly_figures.n + $4",
    )
    .bind(village_id)
    .bind(month.to_string())
    .bind(metric.to_string())
    .bind(delta)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// [`bump`] for many figures at once, each `(village, month, metric)` named once: a bulk
/// writer's many months cost a few statements instead of one each.
pub(crate) async fn bump_many(conn: &mut AnyConnection, figures: &[(i64, &str, &str, i64)]) -> Result<(), StoreError> {
    let figures: Vec<_> = figures.iter().filter(|f| f.3 != 0).collect();
    let style = crate::multi_row::Placeholders::of(conn);
    for run in crate::multi_row::runs(figures.len()) {
        let sql = format!(
            "INSERT INTO monthly_figures (village_id, month, metric, n) VALUES {} \
             ON CONFLICT (village_id, month, metric) DO UPDATE SET n = monthly_figures.n + excluded.n",
            crate::multi_row::values(style, "($, $, $, $)", run.len())
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (village, month, metric, delta) in &figures[run] {
            q = q.bind(*village).bind(month.to_string()).bind(metric.to_string()).bind(*delta);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A case received at `received_at` moved from one status to another.
pub(crate) async fn moved(
    conn: &mut AnyConnection,
    village_id: i64,
    received_at: &str,
    from: Status,
    to: Status,
) -> Result<(), StoreError> {
    if from == to {
        return Ok(());
    }
    let month = month_of(timefmt::parse_instant(received_at)?, zone(conn, village_id).await?);
    bump(conn, village_id, &month, &status_metric(from), -1).await?;
    bump(conn, village_id, &month, &status_metric(to), 1).await
}

/// A decision (answer, rejection, referral) taken at `at`, within its deadline or not.
pub(crate) async fn decided(
    conn: &mut AnyConnection,
    village_id: i64,
    at: OffsetDateTime,
    met: bool,
) -> Result<(), StoreError> {
    let month = month_of(at, zone(conn, village_id).await?);
    bump(conn, village_id, &month, DECIDED, 1).await?;
    bump(conn, village_id, &month, DECIDED_MET, i64::from(met)).await
}

/// A citizen's rating given at `at`.
pub(crate) async fn rated(
    conn: &mut AnyConnection,
    village_id: i64,
    at: OffsetDateTime,
    rating: i64,
) -> Result<(), StoreError> {
    let month = month_of(at, zone(conn, village_id).await?);
    bump(conn, village_id, &month, RATINGS, 1).await?;
    bump(conn, village_id, &month, RATING_SUM, rating).await
}

/// New complaints of one village: `received` and `status:diterima` for each month they fall in.
pub(crate) async fn received(
    conn: &mut AnyConnection,
    village_id: i64,
    received: impl IntoIterator<Item = OffsetDateTime>,
) -> Result<(), StoreError> {
    let zone = zone(conn, village_id).await?;
    let mut months: BTreeMap<String, i64> = BTreeMap::new();
    for at in received {
        *months.entry(month_of(at, zone)).or_default() += 1;
    }
    let diterima = status_metric(Status::Diterima);
    for (month, n) in months {
        bump(conn, village_id, &month, RECEIVED, n).await?;
        bump(conn, village_id, &month, &diterima, n).await?;
    }
    Ok(())
}

/// The sum of each figure over a range of months.
pub(crate) const TOTALS_SQL: &str = "SELECT metric, CAST(SUM(n) AS BIGINT) FROM monthly_figures WHERE village_id \
    = $1 AND month >= $2 AND month <= $3 GROUP BY metric";

/// The sum of each figure over the months `from..=until` (`YYYY-MM`), read from the summary rows
/// of those months only.
pub(crate) async fn totals(
    db: &sqlx::AnyPool,
    village_id: i64,
    from: &str,
    until: &str,
) -> Result<BTreeMap<String, i64>, StoreError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(TOTALS_SQL)
        .bind(village_id)
        .bind(from.to_string())
        .bind(until.to_string())
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_month_is_the_villages_month() {
        let wib = UtcOffset::from_hms(7, 0, 0).unwrap();
        assert_eq!(month_of(datetime!(2026-01-31 17:00 UTC), wib), "2026-02");
        assert_eq!(month_of(datetime!(2026-01-31 16:59 UTC), wib), "2026-01");
        assert_eq!(month_of(datetime!(2026-12-31 23:00 UTC), UtcOffset::UTC), "2026-12");
    }
}
