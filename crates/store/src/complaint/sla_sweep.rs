//! The SLA sweep: cases whose running clock passed its 75 % point get a warning, cases past their
//! deadline are marked breached, and breaches left standing are escalated to the village head.
//! Each case is claimed with a conditional update, so the sweep is idempotent and several server
//! processes may run it at once without telling anyone twice.

use crate::complaint::running_due::RUNNING_DUE;
use crate::platform::audit::{self, AuditEntry};
use crate::{Store, StoreError, complaint::notify, timefmt};
use aduan_domain::notice::{CitizenEvent, StaffEvent};
use sqlx::AssertSqlSafe;
use time::{Duration, OffsetDateTime};

/// Running clocks past their deadline and not yet marked breached.
pub(crate) fn sweep_breach_sql() -> String {
    format!(
        "SELECT id, village_id, ticket, assigned_to FROM complaints WHERE sla_breached_at IS NULL \
         AND status IN ('diterima', 'diproses', 'keberatan') AND {RUNNING_DUE} < $1 LIMIT 500"
    )
}

/// An officer's latest notices.
/// Breaches standing since before a moment and not yet escalated.
pub(crate) const SWEEP_STANDING_SQL: &str = "SELECT id, village_id, ticket, assigned_to FROM complaints WHERE \
    status IN ('diterima', 'diproses', 'keberatan') AND sla_breached_at <= $1 AND sla_escalated_at IS NULL LIMIT \
    500";

/// Running clocks past their warning point and not yet warned of.
pub(crate) const SWEEP_WARN_SQL: &str = "SELECT id, village_id, ticket, assigned_to FROM complaints WHERE status \
    IN ('diterima', 'diproses', 'keberatan') AND sla_warn_at <= $1 AND sla_warned_at IS NULL LIMIT 500";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub warned: usize,
    pub breached: usize,
    pub escalated: usize,
}

/// `(id, village_id, ticket, assigned_to)` of a case the sweep looks at.
type Claim = (i64, i64, String, Option<i64>);

impl Store {
    /// Claims one marker on one case and tells the people concerned; false when another sweep
    /// got there first.
    async fn mark(
        &self,
        (id, village_id, ticket, assigned): Claim,
        column: &'static str,
        event: StaffEvent,
        roles: &[&str],
        include_assigned: bool,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let mut tx = self.db.write.begin().await?;
        let sql = match column {
            "sla_warned_at" => "UPDATE complaints SET sla_warned_at = $2 WHERE id = $1 AND sla_warned_at IS NULL",
            "sla_breached_at" => {
                "UPDATE complaints SET sla_breached_at = $2, deadlines_missed = deadlines_missed + 1 \
                 WHERE id = $1 AND sla_breached_at IS NULL"
            }
            _ => "UPDATE complaints SET sla_escalated_at = $2 WHERE id = $1 AND sla_escalated_at IS NULL",
        };
        let claimed = sqlx::query(sql).bind(id).bind(timefmt::instant(now)).execute(&mut *tx).await?;
        if claimed.rows_affected() == 0 {
            return Ok(false);
        }
        let mut to = if include_assigned { notify::handlers(&mut tx, village_id, assigned).await? } else { Vec::new() };
        to.extend(notify::staff_with_roles(&mut tx, village_id, roles, None).await?);
        to.sort();
        to.dedup();
        notify::staff(&mut tx, village_id, id, &to, event, now).await?;
        if event == StaffEvent::Breach {
            // The deadline is kept: a later clock replaces it on the case, the case file needs it.
            sqlx::query(
                "INSERT INTO missed_deadlines (village_id, complaint_id, clock, due_at, noticed_at) \
                 SELECT village_id, id, CASE status WHEN 'diterima' THEN 'verification' \
                 WHEN 'keberatan' THEN 'objection' ELSE 'resolution' END, CASE status WHEN 'diterima' \
                 THEN verification_due WHEN 'keberatan' THEN objection_due ELSE resolution_due END, $2 \
                 FROM complaints WHERE id = $1",
            )
            .bind(id)
            .bind(timefmt::instant(now))
            .execute(&mut *tx)
            .await?;
            notify::citizen(&mut tx, id, CitizenEvent::DeadlineMissed, serde_json::json!({}), None, now).await?;
        }
        let entry = AuditEntry {
            actor: "system".into(),
            action: format!("sla.{}", event.as_str()),
            subject: format!("complaint:{ticket}"),
            detail: serde_json::json!({"notified": to}),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// One pass over the running clocks. `escalate_after` is how long a breach may stand before
    /// the village head is told.
    pub async fn sla_sweep(&self, now: OffsetDateTime, escalate_after: Duration) -> Result<SweepReport, StoreError> {
        let at = timefmt::instant(now);
        let mut report = SweepReport::default();
        let warn: Vec<Claim> = sqlx::query_as(SWEEP_WARN_SQL).bind(at.clone()).fetch_all(&self.db.read).await?;
        for case in warn {
            report.warned += usize::from(self.mark(case, "sla_warned_at", StaffEvent::Warning, &[], true, now).await?);
        }
        let breached: Vec<Claim> =
            sqlx::query_as(AssertSqlSafe(sweep_breach_sql())).bind(at.clone()).fetch_all(&self.db.read).await?;
        for case in breached {
            report.breached +=
                usize::from(self.mark(case, "sla_breached_at", StaffEvent::Breach, &["pengelola"], true, now).await?);
        }
        let standing: Vec<Claim> = sqlx::query_as(SWEEP_STANDING_SQL)
            .bind(timefmt::instant(now - escalate_after))
            .fetch_all(&self.db.read)
            .await?;
        for case in standing {
            report.escalated += usize::from(
                self.mark(case, "sla_escalated_at", StaffEvent::BreachEscalation, &["kades"], false, now).await?,
            );
        }
        Ok(report)
    }
}
