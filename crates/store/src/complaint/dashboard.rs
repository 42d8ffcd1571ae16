//! Figures for the oversight dashboard: open cases counted by age from the open cases counted
//! by the day they were received (`open_received_days`, and the status index for the part of a
//! day), the oldest from the status counts; overdue ones from the deadlines counted by day
//! (`due_days`), and this month's decisions from the monthly figures.

use crate::complaint::day_counts::day_of;
use crate::complaint::monthly;
use crate::{Store, StoreError, timefmt};
use aduan_domain::Status;
use time::{Duration, OffsetDateTime, Time, UtcOffset};

/// Open cases received on days after `$2`.
pub(crate) const OPEN_RECEIVED_DAYS_AFTER_SQL: &str = "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) \
    FROM open_received_days WHERE village_id = $1 AND day > $2";

/// Open cases received between two moments of one day: that day of the status index is read.
pub(crate) const OPEN_RECEIVED_BETWEEN_SQL: &str = "SELECT COUNT(*) FROM complaints WHERE village_id = $1 AND \
    status IN ('diterima', 'perlu_info', 'diproses', 'keberatan') AND received_at > $2 AND received_at < $3";

const OPEN: [Status; 4] = [Status::Diterima, Status::PerluInfo, Status::Diproses, Status::Keberatan];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dashboard {
    /// Open cases by age since receipt: up to 3 days, 4–7, 8–30, over 30.
    pub open_by_age: [i64; 4],
    pub open: i64,
    pub overdue: i64,
    /// Cases answered, rejected or referred this month, and how many of those within deadline.
    pub decided_this_month: i64,
    pub met_this_month: i64,
}

impl Store {
    pub async fn dashboard(&self, village_id: i64, offset: UtcOffset) -> Result<Dashboard, StoreError> {
        let now = self.clock.now();
        let counts = self.status_counts(village_id).await?;
        let open: i64 = OPEN.iter().map(|s| counts.get(s.as_str()).copied().unwrap_or(0)).sum();
        // Received less than 4, 8 and 31 days ago: ages of at most 3, 7 and 30 whole days.
        let mut younger = [0i64; 3];
        for (n, days) in younger.iter_mut().zip([4, 8, 31]) {
            *n = self.open_received_after(village_id, now - Duration::days(days)).await?;
        }
        let overdue = self.overdue_count(village_id, now).await?;
        let month = monthly::month_of(now, offset);
        let t = monthly::totals(&self.db.read, village_id, &month, &month).await?;
        Ok(Dashboard {
            open_by_age: [younger[0], younger[1] - younger[0], younger[2] - younger[1], open - younger[2]],
            open,
            overdue,
            decided_this_month: t.get(monthly::DECIDED).copied().unwrap_or(0),
            met_this_month: t.get(monthly::DECIDED_MET).copied().unwrap_or(0),
        })
    }
}

impl Store {
    /// Open cases received after `moment`: the rest of its day from the status index, the later
    /// days from their counts.
    async fn open_received_after(&self, village_id: i64, moment: OffsetDateTime) -> Result<i64, StoreError> {
        let moment = moment.to_offset(UtcOffset::UTC);
        let after = timefmt::instant(moment);
        let next_midnight = (moment.replace_time(Time::MIDNIGHT) + Duration::days(1)).to_offset(UtcOffset::UTC);
        let (later_days,): (i64,) = sqlx::query_as(OPEN_RECEIVED_DAYS_AFTER_SQL)
            .bind(village_id)
            .bind(day_of(&after).to_string())
            .fetch_one(&self.db.read)
            .await?;
        let (rest_of_day,): (i64,) = sqlx::query_as(OPEN_RECEIVED_BETWEEN_SQL)
            .bind(village_id)
            .bind(after)
            .bind(timefmt::instant(next_midnight))
            .fetch_one(&self.db.read)
            .await?;
        Ok(later_days + rest_of_day)
    }
}
