//! Figures for the oversight dashboard. Every query reads only open cases or this month's
//! decisions, never the whole history.

use crate::{Store, StoreError, timefmt};
use aduan_domain::Status;
use time::{Date, OffsetDateTime, Time, UtcOffset};

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

/// `(at, from_status, verification_due, resolution_due)` of one decision.
type Decision = (String, Option<String>, Option<String>, Option<String>);

impl Store {
    pub async fn dashboard(&self, village_id: i64, offset: UtcOffset) -> Result<Dashboard, StoreError> {
        let now = timefmt::now();
        let open: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT status, received_at, verification_due, resolution_due FROM complaints \
             WHERE village_id = $1 AND status IN ('diterima', 'perlu_info', 'diproses', 'keberatan')",
        )
        .bind(village_id)
        .fetch_all(&self.db.read)
        .await?;
        let mut d = Dashboard { open: open.len() as i64, ..Default::default() };
        for (status, received, verification_due, resolution_due) in open {
            let age = (now - timefmt::parse_instant(&received)?).whole_days();
            let bucket = match age {
                a if a <= 3 => 0,
                a if a <= 7 => 1,
                a if a <= 30 => 2,
                _ => 3,
            };
            d.open_by_age[bucket] += 1;
            let due = match Status::parse(&status) {
                Some(Status::Diterima) => timefmt::opt_instant(verification_due)?,
                Some(Status::Diproses) => timefmt::opt_instant(resolution_due)?,
                _ => None,
            };
            if due.is_some_and(|due| due < now) {
                d.overdue += 1;
            }
        }
        let local = now.to_offset(offset);
        let month_start = Date::from_calendar_date(local.year(), local.month(), 1)
            .map(|day| day.with_time(Time::MIDNIGHT).assume_offset(offset))
            .unwrap_or(now);
        let decided: Vec<Decision> = sqlx::query_as(
            "SELECT h.at, h.from_status, c.verification_due, c.resolution_due \
             FROM status_history h JOIN complaints c ON c.id = h.complaint_id \
             WHERE h.village_id = $1 AND h.at >= $2 AND h.to_status IN ('selesai', 'ditolak', 'diteruskan')",
        )
        .bind(village_id)
        .bind(timefmt::instant(month_start))
        .fetch_all(&self.db.read)
        .await?;
        for (at, from, verification_due, resolution_due) in decided {
            d.decided_this_month += 1;
            let at: OffsetDateTime = timefmt::parse_instant(&at)?;
            let due = if from.as_deref() == Some("diproses") {
                timefmt::opt_instant(resolution_due)?
            } else {
                timefmt::opt_instant(verification_due)?
            };
            if due.is_none_or(|due| at <= due) {
                d.met_this_month += 1;
            }
        }
        Ok(d)
    }
}
