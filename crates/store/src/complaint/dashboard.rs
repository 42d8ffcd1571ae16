//! Figures for the oversight dashboard: open cases counted by age through the status index (only
//! the recent ones are read; the rest follow from the status counts), overdue ones from the
//! deadlines counted by day (`due_days`), and this month's decisions from the monthly figures.

use crate::complaint::monthly;
use crate::{Store, StoreError, timefmt};
use aduan_domain::Status;
use time::{Duration, UtcOffset};

/// Open cases received after a moment: only the recent part of the status index is read.
pub(crate) const OPEN_RECEIVED_AFTER_SQL: &str = "SELECT COUNT(*) FROM complaints WHERE village_id = $1 AND \
    status IN ('diterima', 'perlu_info', 'diproses', 'keberatan') AND received_at > $2";

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
            let (count,): (i64,) = sqlx::query_as(OPEN_RECEIVED_AFTER_SQL)
                .bind(village_id)
                .bind(timefmt::instant(now - Duration::days(days)))
                .fetch_one(&self.db.read)
                .await?;
            *n = count;
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
