//! The portal's visitor statistics: each visitor counted once a day under a salted daily hash
//! (never the address), added to a count per day, operating system and browser, and to a running
//! total, so the widget on every page reads three rows whatever the history.

use crate::{Store, StoreError, timefmt};
use time::{Date, Duration};

/// Today, yesterday and all time, as the widget shows them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VisitorSummary {
    pub today: i64,
    pub yesterday: i64,
    pub total: i64,
}

/// One line of a report: a day (`2026-12-02`), a month (`2026-12`), a system or a browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub label: String,
    pub visitors: i64,
}

/// A period's visitors by day (or by month for a year), by operating system and by browser.
#[derive(Debug, Clone, Default)]
pub struct VisitorReport {
    pub periods: Vec<Tally>,
    pub systems: Vec<Tally>,
    pub browsers: Vec<Tally>,
    pub total: i64,
}

impl Store {
    /// Counts a visitor once on `day`; true when this visit counted.
    pub async fn record_visit(
        &self,
        village_id: i64,
        day: Date,
        visitor: &[u8],
        os: &str,
        browser: &str,
    ) -> Result<bool, StoreError> {
        let day = timefmt::day(day);
        let mut tx = self.db.write.begin().await?;
        let fresh = sqlx::query(
            "INSERT INTO visitor_days (village_id, day, visitor_hash) VALUES ($1, $2, $3) \
             ON CONFLICT (village_id, day, visitor_hash) DO NOTHING",
        )
        .bind(village_id)
        .bind(day.clone())
        .bind(visitor.to_vec())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if fresh {
            sqlx::query(
                "INSERT INTO visitor_counts (village_id, day, os, browser, visitors) VALUES ($1, $2, $3, $4, 1) \
                 ON CONFLICT (village_id, day, os, browser) DO UPDATE SET visitors = visitor_counts.visitors + 1",
            )
            .bind(village_id)
            .bind(day)
            .bind(os.to_string())
            .bind(browser.to_string())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO visitor_totals (village_id, visitors) VALUES ($1, 1) \
                 ON CONFLICT (village_id) DO UPDATE SET visitors = visitor_totals.visitors + 1",
            )
            .bind(village_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(fresh)
    }

    pub async fn visitor_summary(&self, village_id: i64, today: Date) -> Result<VisitorSummary, StoreError> {
        let (t, y): (i64, i64) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(CASE WHEN day = $2 THEN visitors ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN day = $3 THEN visitors ELSE 0 END), 0) AS BIGINT) \
             FROM visitor_counts WHERE village_id = $1 AND day IN ($2, $3)",
        )
        .bind(village_id)
        .bind(timefmt::day(today))
        .bind(timefmt::day(today - Duration::days(1)))
        .fetch_one(&self.db.read)
        .await?;
        let total: Option<(i64,)> = sqlx::query_as("SELECT visitors FROM visitor_totals WHERE village_id = $1")
            .bind(village_id)
            .fetch_optional(&self.db.read)
            .await?;
        Ok(VisitorSummary { today: t, yesterday: y, total: total.map(|(n,)| n).unwrap_or(0) })
    }

    /// Visitors from `from` to `until` (both included); `by_month` groups the periods by month.
    pub async fn visitor_report(
        &self,
        village_id: i64,
        from: Date,
        until: Date,
        by_month: bool,
    ) -> Result<VisitorReport, StoreError> {
        let (from, until) = (timefmt::day(from), timefmt::day(until));
        let period = if by_month { "SUBSTR(day, 1, 7)" } else { "day" };
        let tally = |column: &str, order: &str| {
            format!(
                "SELECT {column} AS label, CAST(SUM(visitors) AS BIGINT) AS n FROM visitor_counts \
                 WHERE village_id = $1 AND day >= $2 AND day <= $3 GROUP BY {column} ORDER BY {order}"
            )
        };
        let mut out = VisitorReport::default();
        for (sql, target) in [
            (tally(period, "label"), &mut out.periods),
            (tally("os", "n DESC, label"), &mut out.systems),
            (tally("browser", "n DESC, label"), &mut out.browsers),
        ] {
            let rows: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(village_id)
                .bind(from.clone())
                .bind(until.clone())
                .fetch_all(&self.db.read)
                .await?;
            *target = rows.into_iter().map(|(label, visitors)| Tally { label, visitors }).collect();
        }
        out.total = out.periods.iter().map(|t| t.visitors).sum();
        Ok(out)
    }

    /// Drops the once-a-day markers of visitors and article readers before `keep_from`; the
    /// counts stay. Returns how many markers went.
    pub async fn prune_daily_markers(&self, keep_from: Date) -> Result<u64, StoreError> {
        let day = timefmt::day(keep_from);
        let mut gone = 0;
        for sql in ["DELETE FROM visitor_days WHERE day < $1", "DELETE FROM article_reads WHERE day < $1"] {
            gone += sqlx::query(sql).bind(day.clone()).execute(&self.db.write).await?.rows_affected();
        }
        Ok(gone)
    }
}
