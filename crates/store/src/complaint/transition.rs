//! One status change, whoever takes it (staff, the citizen, a background job): the state machine
//! decides, the clocks start, pause, resume or stop, and the history, the counts, the audit log
//! and the notices are written — all in the caller's transaction.

use crate::complaint::day_counts::{DayTable, day_of};
use crate::platform::audit::{self, AuditEntry};
use crate::{StoreError, complaint::counts, complaint::due_days, complaint::monthly, complaint::notify, timefmt};
use aduan_domain::calendar::{Holiday, HolidayKind, WorkingCalendar};
use aduan_domain::notice::{CitizenEvent, StaffEvent};
use aduan_domain::sla::{self, SlaClass, SlaTargets};
use aduan_domain::status::TransitionError;
use aduan_domain::{Action, Actor, Status, Ticket};
use sqlx::AnyConnection;
use time::{OffsetDateTime, UtcOffset};

/// One step a staff member takes, with what that step needs.
#[derive(Debug, Clone)]
pub struct Step {
    pub action: Action,
    pub to: Status,
    /// The role the step is taken in (a user may hold several).
    pub actor: Actor,
    /// Shown to the citizen on the timeline (reason, answer, referral).
    pub public_note: Option<String>,
    pub assign_to: Option<i64>,
    pub resolution_due: Option<OffsetDateTime>,
    pub rejection_reason: Option<String>,
    pub duplicate_of: Option<Ticket>,
    pub referral: Option<(String, String)>,
}

impl Step {
    pub fn new(action: Action, to: Status, actor: Actor) -> Self {
        Step {
            action,
            to,
            actor,
            public_note: None,
            assign_to: None,
            resolution_due: None,
            rejection_reason: None,
            duplicate_of: None,
            referral: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StepError {
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("the complaint changed meanwhile; reload and try again")]
    Stale,
    #[error("the original complaint of a duplicate was not found")]
    NoOriginal,
    #[error("the case may be assigned only to an enabled user who handles complaints")]
    NotAnOfficer,
    #[error(transparent)]
    Store(#[from] StoreError),
}

crate::error::through_store!(StepError);

/// Who takes the step, as recorded.
#[derive(Debug, Clone, Copy)]
pub(crate) enum By {
    Staff(i64),
    Citizen,
    System,
}

impl By {
    fn kind(self) -> &'static str {
        match self {
            By::Staff(_) => "staff",
            By::Citizen => "citizen",
            By::System => "system",
        }
    }

    fn user(self) -> Option<i64> {
        match self {
            By::Staff(id) => Some(id),
            _ => None,
        }
    }

    fn audit_actor(self) -> String {
        match self {
            By::Staff(id) => format!("user:{id}"),
            By::Citizen => "citizen".into(),
            By::System => "system".into(),
        }
    }
}

/// The complaint row a step works on, locked for the transaction.
#[derive(Debug, Clone)]
pub(crate) struct Locked {
    pub id: i64,
    pub village_id: i64,
    pub ticket: Ticket,
    pub status: Status,
    pub assigned_to: Option<i64>,
    /// When it was received, which decides the month it counts in.
    pub received_at: String,
    /// The clocks as they stood when the step began, which decide whether a decision was in time.
    pub verification_due: Option<String>,
    pub resolution_due: Option<String>,
}

/// Locks the complaint: bumping `updated_at` first takes the row lock on PostgreSQL before the
/// status is read, so two steps on one case are serialised.
pub(crate) async fn lock(conn: &mut AnyConnection, ticket: &Ticket, now: OffsetDateTime) -> Result<Locked, StoreError> {
    type Row = (i64, i64, String, Option<i64>, String, Option<String>, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "UPDATE complaints SET updated_at = $2 WHERE ticket = $1 \
         RETURNING id, village_id, status, assigned_to, received_at, verification_due, resolution_due",
    )
    .bind(ticket.as_str().to_string())
    .bind(timefmt::instant(now))
    .fetch_optional(&mut *conn)
    .await?;
    let (id, village_id, status, assigned_to, received_at, verification_due, resolution_due) =
        row.ok_or(StoreError::NotFound)?;
    let status = Status::parse(&status).ok_or_else(|| StoreError::Corrupt("status".into()))?;
    Ok(Locked {
        id,
        village_id,
        ticket: ticket.clone(),
        status,
        assigned_to,
        received_at,
        verification_due,
        resolution_due,
    })
}

/// The calendar, targets and time zone a clock is computed with.
struct ClockContext {
    calendar: WorkingCalendar,
    targets: SlaTargets,
    zone: UtcOffset,
}

async fn clock_context(conn: &mut AnyConnection, village_id: i64) -> Result<ClockContext, StoreError> {
    let (targets, offset): (String, i64) =
        sqlx::query_as("SELECT sla_targets, utc_offset_minutes FROM villages WHERE id = $1")
            .bind(village_id)
            .fetch_one(&mut *conn)
            .await?;
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT day, kind, name FROM holidays WHERE village_id = $1")
            .bind(village_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut holidays = Vec::with_capacity(rows.len());
    for (day, kind, name) in rows {
        let kind = HolidayKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("holiday kind {kind}")))?;
        holidays.push(Holiday { date: timefmt::parse_day(&day)?, kind, name });
    }
    Ok(ClockContext {
        calendar: WorkingCalendar::new(holidays),
        targets: serde_json::from_str(&targets).map_err(|_| StoreError::Corrupt("SLA targets".into()))?,
        zone: UtcOffset::from_whole_seconds(offset as i32 * 60).map_err(|_| StoreError::Corrupt("offset".into()))?,
    })
}

/// A fresh running clock: its deadline and warning point, and the sweep's markers cleared.
async fn start_clock(
    conn: &mut AnyConnection,
    id: i64,
    column: &'static str,
    due: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let sql = match column {
        "verification_due" => {
            "UPDATE complaints SET verification_due = $2, sla_warn_at = $3, sla_warned_at = NULL, \
             sla_breached_at = NULL, sla_escalated_at = NULL WHERE id = $1"
        }
        "resolution_due" => {
            "UPDATE complaints SET resolution_due = $2, sla_warn_at = $3, sla_warned_at = NULL, \
             sla_breached_at = NULL, sla_escalated_at = NULL WHERE id = $1"
        }
        _ => {
            "UPDATE complaints SET objection_due = $2, sla_warn_at = $3, sla_warned_at = NULL, \
             sla_breached_at = NULL, sla_escalated_at = NULL WHERE id = $1"
        }
    };
    sqlx::query(sql)
        .bind(id)
        .bind(timefmt::instant(due))
        .bind(timefmt::instant(sla::warning_at(now, due)))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The working days a category's complaints get to be resolved.
async fn resolution_days(conn: &mut AnyConnection, id: i64, targets: &SlaTargets) -> Result<u32, StoreError> {
    let (class,): (String,) = sqlx::query_as(
        "SELECT k.sla_class FROM complaints c JOIN categories k ON k.id = c.category_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let class = SlaClass::parse(&class).ok_or_else(|| StoreError::Corrupt(format!("SLA class {class}")))?;
    Ok(targets.resolution_days(class))
}

/// Starts, pauses, resumes or stops the clocks for the step from `from` to `to`.
async fn move_clocks(
    conn: &mut AnyConnection,
    c: &Locked,
    step: &Step,
    to: Status,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let at = timefmt::instant(now);
    match (c.status, step.action, to) {
        (_, Action::RequestInfo, _) => {
            sqlx::query("UPDATE complaints SET clock_paused_at = $2, info_reminded_at = NULL WHERE id = $1")
                .bind(c.id)
                .bind(at)
                .execute(&mut *conn)
                .await?;
        }
        (Status::PerluInfo, Action::ProvideInfo, back) => {
            let ctx = clock_context(conn, c.village_id).await?;
            let (verification, resolution, warn, paused): (
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
            ) = sqlx::query_as(
                "SELECT verification_due, resolution_due, sla_warn_at, clock_paused_at FROM complaints WHERE id = $1",
            )
            .bind(c.id)
            .fetch_one(&mut *conn)
            .await?;
            let paused = timefmt::opt_instant(paused)?.unwrap_or(now);
            let shift = |t: Option<String>| -> Result<Option<String>, StoreError> {
                Ok(timefmt::opt_instant(t)?
                    .map(|due| timefmt::instant(sla::resume(&ctx.calendar, due, paused, now, ctx.zone))))
            };
            let (verification, resolution) = match back {
                Status::Diterima => (shift(verification)?, resolution),
                _ => (verification, shift(resolution)?),
            };
            sqlx::query(
                "UPDATE complaints SET verification_due = $2, resolution_due = $3, sla_warn_at = $4, \
                 clock_paused_at = NULL, info_reminded_at = NULL WHERE id = $1",
            )
            .bind(c.id)
            .bind(verification)
            .bind(resolution)
            .bind(shift(warn)?)
            .execute(&mut *conn)
            .await?;
        }
        // A case coming (back) to the village for handling gets a full resolution clock; a
        // reassignment keeps the clock it had.
        (from, _, Status::Diproses) if from != Status::Diproses => {
            let due = match step.resolution_due {
                Some(due) => due,
                None => {
                    let ctx = clock_context(conn, c.village_id).await?;
                    let days = resolution_days(conn, c.id, &ctx.targets).await?;
                    sla::deadline(&ctx.calendar, now, days, ctx.zone)
                }
            };
            start_clock(conn, c.id, "resolution_due", due, now).await?;
        }
        (_, Action::Reopen, Status::Diterima) => {
            let ctx = clock_context(conn, c.village_id).await?;
            let due = sla::deadline(&ctx.calendar, now, ctx.targets.verification, ctx.zone);
            start_clock(conn, c.id, "verification_due", due, now).await?;
        }
        (_, Action::Object, _) => {
            let ctx = clock_context(conn, c.village_id).await?;
            let due = sla::deadline(&ctx.calendar, now, ctx.targets.objection, ctx.zone);
            start_clock(conn, c.id, "objection_due", due, now).await?;
        }
        _ => {}
    }
    if step.action == Action::Resolve {
        sqlx::query("UPDATE complaints SET resolved_at = $2, answer_round = answer_round + 1 WHERE id = $1")
            .bind(c.id)
            .bind(timefmt::instant(now))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Whether the user may be assigned a case of the village: enabled, with a role that handles
/// complaints.
async fn is_officer(conn: &mut AnyConnection, village_id: i64, user_id: i64) -> Result<bool, StoreError> {
    let handling: Vec<&str> = aduan_domain::Role::ALL
        .into_iter()
        .filter(|r| r.permissions().contains(&aduan_domain::access::Permission::HandleComplaints))
        .map(|r| r.as_str())
        .collect();
    let roles: Vec<(String,)> = sqlx::query_as(
        "SELECT r.role FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.id = $1 AND u.village_id = $2 AND u.disabled = 0",
    )
    .bind(user_id)
    .bind(village_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(roles.iter().any(|(r,)| handling.contains(&r.as_str())))
}

/// Takes `step` on the locked complaint `c` as `by`, returning the new status.
pub(crate) async fn record(
    conn: &mut AnyConnection,
    c: &Locked,
    step: &Step,
    by: By,
    now: OffsetDateTime,
) -> Result<Status, StepError> {
    let to = c.status.apply(step.action, step.to, step.actor)?;
    if let Some(officer) = step.assign_to
        && !is_officer(conn, c.village_id, officer).await?
    {
        return Err(StepError::NotAnOfficer);
    }
    let due_before = due_days::running_due(conn, c.id).await?;
    let duplicate_of = match &step.duplicate_of {
        Some(original) => {
            let found: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM complaints WHERE ticket = $1 AND village_id = $2 AND id <> $3")
                    .bind(original.as_str().to_string())
                    .bind(c.village_id)
                    .bind(c.id)
                    .fetch_optional(&mut *conn)
                    .await?;
            Some(found.ok_or(StepError::NoOriginal)?.0)
        }
        None => None,
    };
    sqlx::query(
        "UPDATE complaints SET status = $2, assigned_to = COALESCE($3, assigned_to), \
         rejection_reason = COALESCE($4, rejection_reason), duplicate_of = COALESCE($5, duplicate_of), \
         referral_agency = COALESCE($6, referral_agency), referral_contact = COALESCE($7, referral_contact) \
         WHERE id = $1",
    )
    .bind(c.id)
    .bind(to.as_str())
    .bind(step.assign_to)
    .bind(step.rejection_reason.clone())
    .bind(duplicate_of)
    .bind(step.referral.as_ref().map(|r| r.0.clone()))
    .bind(step.referral.as_ref().map(|r| r.1.clone()))
    .execute(&mut *conn)
    .await?;
    move_clocks(conn, c, step, to, now).await?;
    due_days::moved(conn, c.village_id, c.id, due_before.as_deref()).await?;
    if matches!(step.action, Action::UpholdObjection | Action::DismissObjection) {
        let decision = if step.action == Action::UpholdObjection { "upheld" } else { "dismissed" };
        sqlx::query(
            "UPDATE objections SET decision = $2, decision_reason = $3, decided_by = $4, decided_at = $5 \
             WHERE complaint_id = $1 AND decided_at IS NULL",
        )
        .bind(c.id)
        .bind(decision)
        .bind(step.public_note.clone())
        .bind(by.user())
        .bind(timefmt::instant(now))
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO status_history (village_id, complaint_id, from_status, to_status, action, actor_kind, \
         actor_user_id, public_note, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(c.village_id)
    .bind(c.id)
    .bind(c.status.as_str())
    .bind(to.as_str())
    .bind(step.action.as_str())
    .bind(by.kind())
    .bind(by.user())
    .bind(step.public_note.clone())
    .bind(timefmt::instant(now))
    .execute(&mut *conn)
    .await?;
    if to == Status::Diproses {
        sqlx::query("UPDATE complaints SET verified_at = $2 WHERE id = $1 AND verified_at IS NULL")
            .bind(c.id)
            .bind(timefmt::instant(now))
            .execute(&mut *conn)
            .await?;
    }
    if c.status != to {
        counts::bump(conn, c.village_id, c.status, -1).await?;
        counts::bump(conn, c.village_id, to, 1).await?;
        monthly::moved(conn, c.village_id, &c.received_at, c.status, to).await?;
        if c.status.is_open() != to.is_open() {
            let delta = if to.is_open() { 1 } else { -1 };
            DayTable::OpenReceived.bump(conn, c.village_id, day_of(&c.received_at), delta).await?;
        }
    }
    if matches!(to, Status::Selesai | Status::Ditolak | Status::Diteruskan) {
        let due = if c.status == Status::Diproses { &c.resolution_due } else { &c.verification_due };
        let met = timefmt::opt_instant(due.clone())?.is_none_or(|due| now <= due);
        monthly::decided(conn, c.village_id, now, met).await?;
    }
    let entry = AuditEntry {
        actor: by.audit_actor(),
        action: format!("complaint.{}", step.action.as_str()),
        subject: format!("complaint:{}", c.ticket),
        detail: serde_json::json!({
            "from": c.status.as_str(), "to": to.as_str(), "assign_to": step.assign_to,
            "reason": step.rejection_reason, "duplicate_of": step.duplicate_of.as_ref().map(|t| t.to_string()),
            "referral": step.referral.as_ref().map(|r| &r.0),
        }),
    };
    audit::append(conn, c.village_id, now, &entry).await?;
    tell(conn, c, step, to, by, now).await?;
    Ok(to)
}

/// The notices a step raises.
async fn tell(
    conn: &mut AnyConnection,
    c: &Locked,
    step: &Step,
    to: Status,
    by: By,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    if !matches!(by, By::Citizen)
        && let Some(event) = CitizenEvent::for_step(step.action, c.status, to)
    {
        notify::citizen(conn, c.id, event, serde_json::json!({}), None, now).await?;
    }
    match (step.action, step.actor) {
        (Action::Disposisi, Actor::Staff(_)) => {
            if let Some(officer) = step.assign_to.filter(|o| Some(*o) != by.user()) {
                notify::staff(conn, c.village_id, c.id, &[officer], StaffEvent::Assigned, now).await?;
            }
        }
        (Action::Object, _) => {
            let heads = notify::staff_with_roles(conn, c.village_id, &["kades"], None).await?;
            notify::staff(conn, c.village_id, c.id, &heads, StaffEvent::Objection, now).await?;
        }
        (Action::Withdraw | Action::ProvideInfo, _) => {
            let event =
                if step.action == Action::Withdraw { StaffEvent::Withdrawn } else { StaffEvent::CitizenReplied };
            let who = notify::handlers(conn, c.village_id, c.assigned_to).await?;
            notify::staff(conn, c.village_id, c.id, &who, event, now).await?;
        }
        _ => {}
    }
    Ok(())
}
