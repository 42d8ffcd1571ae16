//! Steps that happen by the passing of time: a request for information left unanswered makes the
//! complaint deemed withdrawn (after a reminder), and an answer nobody objected to is closed when
//! the feedback window ends. Each case is its own transaction and re-checks its status under the
//! row lock, so the jobs are idempotent and safe to run in several processes.

use crate::complaint::handling::{Step, StepError};
use crate::complaint::transition::{self, By};
use crate::{Store, StoreError, complaint::notify, timefmt};
use aduan_domain::notice::CitizenEvent;
use aduan_domain::{Action, Actor, Status, Ticket};
use time::{Duration, OffsetDateTime};

/// Answered cases whose objection period ended, oldest first. The order is what makes
/// PostgreSQL walk `(status, resolved_at)`: without it, a limit tempts it into reading the table
/// from its start, where answered cases are all long closed (a million rows walked at 1M).
pub(crate) const ANSWERED_BEFORE_SQL: &str =
    "SELECT ticket FROM complaints WHERE status = 'selesai' AND resolved_at <= $1 ORDER BY resolved_at LIMIT 500";

/// Cases whose request for information went unanswered since before a moment, oldest first (on
/// `(status, clock_paused_at)`, as above).
pub(crate) const LAPSED_SQL: &str = "SELECT ticket FROM complaints WHERE status = 'perlu_info' AND clock_paused_at <= $1 \
    ORDER BY clock_paused_at LIMIT 500";

/// The windows, from the village's regulation (defaults in DESIGN §2).
#[derive(Debug, Clone, Copy)]
pub struct Windows {
    /// Unanswered `perlu_info` → `dicabut`.
    pub info: Duration,
    /// How long before that the citizen is reminded.
    pub remind_before: Duration,
    /// `selesai` without objection → `ditutup`.
    pub feedback: Duration,
}

impl Default for Windows {
    fn default() -> Self {
        Windows { info: Duration::days(30), remind_before: Duration::days(7), feedback: Duration::days(14) }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LapseReport {
    pub reminded: usize,
    pub withdrawn: usize,
    pub closed: usize,
}

impl Store {
    pub async fn lapse_sweep(&self, now: OffsetDateTime, w: Windows) -> Result<LapseReport, StoreError> {
        let mut report = LapseReport::default();
        let remind: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM complaints WHERE status = 'perlu_info' AND clock_paused_at <= $1 \
             AND clock_paused_at > $2 AND info_reminded_at IS NULL ORDER BY clock_paused_at LIMIT 500",
        )
        .bind(timefmt::instant(now - (w.info - w.remind_before)))
        .bind(timefmt::instant(now - w.info))
        .fetch_all(&self.db.read)
        .await?;
        for (id,) in remind {
            let mut tx = self.db.write.begin().await?;
            let claimed = sqlx::query(
                "UPDATE complaints SET info_reminded_at = $2 WHERE id = $1 AND status = 'perlu_info' \
                 AND info_reminded_at IS NULL",
            )
            .bind(id)
            .bind(timefmt::instant(now))
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() == 1 {
                let days_left = ((w.remind_before).whole_days()).max(1);
                notify::citizen(
                    &mut tx,
                    id,
                    CitizenEvent::InfoReminder,
                    serde_json::json!({"days": days_left}),
                    None,
                    now,
                )
                .await?;
                report.reminded += 1;
            }
            tx.commit().await?;
        }
        let lapsed: Vec<(String,)> =
            sqlx::query_as(LAPSED_SQL).bind(timefmt::instant(now - w.info)).fetch_all(&self.db.read).await?;
        for (ticket,) in lapsed {
            report.withdrawn +=
                usize::from(self.lapse_one(&ticket, Status::PerluInfo, Action::DeemWithdrawn, now).await?);
        }
        let unopposed: Vec<(String,)> = sqlx::query_as(ANSWERED_BEFORE_SQL)
            .bind(timefmt::instant(now - w.feedback))
            .fetch_all(&self.db.read)
            .await?;
        for (ticket,) in unopposed {
            report.closed += usize::from(self.lapse_one(&ticket, Status::Selesai, Action::Close, now).await?);
        }
        Ok(report)
    }

    /// Takes the system's step when the case is still where the sweep found it.
    async fn lapse_one(
        &self,
        ticket: &str,
        expected: Status,
        action: Action,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let ticket = Ticket::parse(ticket).map_err(|_| StoreError::Corrupt(format!("ticket {ticket}")))?;
        let mut tx = self.db.write.begin().await?;
        let c = transition::lock(&mut tx, &ticket, now).await?;
        if c.status != expected {
            return Ok(false);
        }
        let to = if action == Action::DeemWithdrawn { Status::Dicabut } else { Status::Ditutup };
        match transition::record(&mut tx, &c, &Step::new(action, to, Actor::System), By::System, now).await {
            Ok(_) => {}
            Err(StepError::Store(e)) => return Err(e),
            Err(e) => return Err(StoreError::Conflict(e.to_string())),
        }
        tx.commit().await?;
        Ok(true)
    }
}
