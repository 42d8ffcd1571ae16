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
        let now = self.clock.now();
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
        let (decided, met) = self.decisions_since(village_id, &timefmt::instant(month_start)).await?;
        d.decided_this_month = decided;
        d.met_this_month = met;
        Ok(d)
    }

    /// Answers, rejections and referrals since `since` (stored instant text), and how many of
    /// them came within the deadline running at the time.
    pub(crate) async fn decisions_since(&self, village_id: i64, since: &str) -> Result<(i64, i64), StoreError> {
        let decided: Vec<Decision> = sqlx::query_as(
            "SELECT h.at, h.from_status, c.verification_due, c.resolution_due \
             FROM status_history h JOIN complaints c ON c.id = h.complaint_id \
             WHERE h.village_id = $1 AND h.at >= $2 AND h.to_status IN ('selesai', 'ditolak', 'diteruskan')",
        )
        .bind(village_id)
        .bind(since.to_string())
        .fetch_all(&self.db.read)
        .await?;
        let mut met = 0;
        for (at, from, verification_due, resolution_due) in &decided {
            let at: OffsetDateTime = timefmt::parse_instant(at)?;
            let due = if from.as_deref() == Some("diproses") {
                timefmt::opt_instant(resolution_due.clone())?
            } else {
                timefmt::opt_instant(verification_due.clone())?
            };
            if due.is_none_or(|due| at <= due) {
                met += 1;
            }
        }
        Ok((decided.len() as i64, met))
    }
}
