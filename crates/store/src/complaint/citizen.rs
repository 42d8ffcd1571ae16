//! The citizen's own steps on their case (ticket + PIN): reply and add evidence, ask for the
//! status, withdraw, accept the answer, rate it, object. Each is one transaction.

use crate::complaint::handling::{Step, StepError};
use crate::complaint::transition::{self, By, Locked};
use crate::platform::audit::{self, AuditEntry};
use crate::platform::uploads::CleanFile;
use crate::{Store, StoreError, complaint::notify, timefmt};
use aduan_domain::notice::StaffEvent;
use aduan_domain::{Action, Actor, Status, Ticket};
use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};

/// How often a citizen may ask for the status.
pub const STATUS_REQUEST_EVERY: Duration = Duration::days(1);
/// Ratings that offer the citizen an objection.
pub const OBJECTION_RATINGS: std::ops::RangeInclusive<i64> = 1..=2;

/// What one case may gather from the citizen after it was filed. Replies share the case's
/// evidence total with the filing, so evidence cannot grow without bound a reply at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyQuota {
    /// All evidence of the case together, the filing's included.
    pub max_case_bytes: i64,
    pub max_case_files: i64,
    /// Replies per case in any hour.
    pub replies_per_hour: i64,
}

impl Default for ReplyQuota {
    fn default() -> Self {
        ReplyQuota { max_case_bytes: 25 * 1024 * 1024, max_case_files: 20, replies_per_hour: 10 }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CitizenError {
    #[error("this is not possible while the complaint is {0:?}")]
    NotNow(Status),
    #[error("the status was asked for recently")]
    TooSoon { next: OffsetDateTime },
    #[error("this answer was already rated")]
    AlreadyRated,
    #[error("an objection needs a rating of 1 or 2 first")]
    NeedsLowRating,
    #[error("this body is not on the village's list")]
    UnknownBody,
    #[error("the case was already escalated to this body")]
    AlreadyEscalated,
    #[error("this update was already posted")]
    AlreadyPosted,
    #[error("too many replies on this case in the last hour")]
    TooManyReplies { next: OffsetDateTime },
    #[error("the case holds as much evidence as it may")]
    EvidenceFull,
    #[error(transparent)]
    Step(#[from] StepError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

crate::error::through_store!(CitizenError);

/// What the citizen's page needs beyond the case itself.
#[derive(Debug, Clone, Default)]
pub struct CitizenSide {
    pub resolved_at: Option<OffsetDateTime>,
    /// The rating of the current answer, if given.
    pub rating: Option<(i64, String)>,
    pub objection_due: Option<OffsetDateTime>,
    pub status_asked_at: Option<OffsetDateTime>,
    pub info_asked_at: Option<OffsetDateTime>,
    /// A deadline of this case was missed.
    pub deadline_missed: bool,
    /// The last objection was dismissed.
    pub objection_dismissed: bool,
}

type SideRow = (Option<String>, Option<String>, Option<String>, Option<String>, i64);

impl Store {
    pub async fn citizen_side(&self, complaint_id: i64) -> Result<CitizenSide, StoreError> {
        let (resolved, objection_due, asked, paused, missed): SideRow = sqlx::query_as(
            "SELECT resolved_at, objection_due, status_asked_at, clock_paused_at, deadlines_missed FROM complaints \
             WHERE id = $1",
        )
        .bind(complaint_id)
        .fetch_one(&self.db.read)
        .await?;
        let rating: Option<(i64, String)> = sqlx::query_as(
            "SELECT f.rating, f.comment FROM feedback f JOIN complaints c ON c.id = f.complaint_id \
             WHERE f.complaint_id = $1 AND f.answer_round = c.answer_round",
        )
        .bind(complaint_id)
        .fetch_optional(&self.db.read)
        .await?;
        let decision: Option<(Option<String>,)> =
            sqlx::query_as("SELECT decision FROM objections WHERE complaint_id = $1 ORDER BY id DESC LIMIT 1")
                .bind(complaint_id)
                .fetch_optional(&self.db.read)
                .await?;
        Ok(CitizenSide {
            resolved_at: timefmt::opt_instant(resolved)?,
            rating,
            objection_due: timefmt::opt_instant(objection_due)?,
            status_asked_at: timefmt::opt_instant(asked)?,
            info_asked_at: timefmt::opt_instant(paused)?,
            deadline_missed: missed > 0,
            objection_dismissed: decision.and_then(|d| d.0).as_deref() == Some("dismissed"),
        })
    }

    /// The citizen's message (and evidence) on their case. A reply to a request for information
    /// sends the case back to where it was and lets its clock run again.
    pub async fn citizen_reply(
        &self,
        ticket: &Ticket,
        body: &str,
        files: Vec<CleanFile>,
        quota: &ReplyQuota,
    ) -> Result<Status, CitizenError> {
        let stored = self.put_files(files).await?;
        let result = self.citizen_reply_tx(ticket, body, &stored, None, quota).await;
        if result.is_err() {
            self.discard_files(&stored).await;
        }
        result
    }

    async fn citizen_reply_tx(
        &self,
        ticket: &Ticket,
        body: &str,
        stored: &[(crate::complaint::intake::FileRef, bool)],
        external: Option<(i64, &str)>,
        quota: &ReplyQuota,
    ) -> Result<Status, CitizenError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let c = transition::lock(&mut tx, ticket, now).await?;
        if !c.status.is_open() {
            return Err(CitizenError::NotNow(c.status));
        }
        let channel = if external.is_some() { "api" } else { "web" };
        let (message_id, status) = add_reply(&mut tx, &c, body, stored, channel, quota, now).await?;
        if let Some((api_key_id, update_id)) = external {
            let taken = sqlx::query(
                "INSERT INTO external_updates (village_id, api_key_id, update_id, complaint_id, message_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (api_key_id, update_id) DO NOTHING",
            )
            .bind(c.village_id)
            .bind(api_key_id)
            .bind(update_id.to_string())
            .bind(c.id)
            .bind(message_id)
            .bind(timefmt::instant(now))
            .execute(&mut *tx)
            .await?;
            if taken.rows_affected() == 0 {
                return Err(CitizenError::AlreadyPosted);
            }
        }
        tx.commit().await?;
        Ok(status)
    }

    /// An update another system posted for the citizen (Open311 `servicerequestupdates`): a reply
    /// on the case, taken once per client's `update_id`.
    pub async fn external_update(
        &self,
        ticket: &Ticket,
        body: &str,
        api_key_id: i64,
        update_id: &str,
        quota: &ReplyQuota,
    ) -> Result<Status, CitizenError> {
        self.citizen_reply_tx(ticket, body, &[], Some((api_key_id, update_id)), quota).await
    }

    /// "Tanya status": logged on the timeline, the officer is told; once a day.
    pub async fn ask_status(&self, ticket: &Ticket) -> Result<(), CitizenError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let c = transition::lock(&mut tx, ticket, now).await?;
        if !c.status.is_open() {
            return Err(CitizenError::NotNow(c.status));
        }
        let (asked,): (Option<String>,) = sqlx::query_as("SELECT status_asked_at FROM complaints WHERE id = $1")
            .bind(c.id)
            .fetch_one(&mut *tx)
            .await?;
        if let Some(last) = timefmt::opt_instant(asked)?
            && now - last < STATUS_REQUEST_EVERY
        {
            return Err(CitizenError::TooSoon { next: last + STATUS_REQUEST_EVERY });
        }
        let at = timefmt::instant(now);
        sqlx::query("UPDATE complaints SET status_asked_at = $2 WHERE id = $1")
            .bind(c.id)
            .bind(at.clone())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO status_history (village_id, complaint_id, from_status, to_status, action, actor_kind, at) \
             VALUES ($1, $2, $3, $3, 'status_request', 'citizen', $4)",
        )
        .bind(c.village_id)
        .bind(c.id)
        .bind(c.status.as_str())
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let who = notify::handlers(&mut tx, c.village_id, c.assigned_to).await?;
        notify::staff(&mut tx, c.village_id, c.id, &who, StaffEvent::StatusRequested, now).await?;
        audit_citizen(&mut tx, &c, now, "complaint.status_request", serde_json::json!({"status": c.status.as_str()}))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A step only the citizen takes on their own (withdraw, accept the answer).
    pub async fn citizen_step(
        &self,
        ticket: &Ticket,
        action: Action,
        note: Option<String>,
    ) -> Result<Status, CitizenError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let c = transition::lock(&mut tx, ticket, now).await?;
        let Some((_, to)) = c.status.available(Actor::Citizen).into_iter().find(|(a, _)| *a == action) else {
            return Err(CitizenError::NotNow(c.status));
        };
        let mut step = Step::new(action, to, Actor::Citizen);
        step.public_note = note;
        let to = transition::record(&mut tx, &c, &step, By::Citizen, now).await?;
        tx.commit().await?;
        Ok(to)
    }

    /// The citizen's rating of the answer (1–4) with a comment; once per answer.
    pub async fn rate(&self, ticket: &Ticket, rating: i64, comment: &str) -> Result<(), CitizenError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let c = transition::lock(&mut tx, ticket, now).await?;
        if c.status != Status::Selesai {
            return Err(CitizenError::NotNow(c.status));
        }
        let round = answer_round(&mut tx, &c).await?;
        let inserted = sqlx::query(
            "INSERT INTO feedback (village_id, complaint_id, answer_round, rating, comment, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (complaint_id, answer_round) DO NOTHING",
        )
        .bind(c.village_id)
        .bind(c.id)
        .bind(round)
        .bind(rating)
        .bind(comment.to_string())
        .bind(timefmt::instant(now))
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Err(CitizenError::AlreadyRated);
        }
        crate::complaint::monthly::rated(&mut tx, c.village_id, now, rating).await?;
        audit_citizen(&mut tx, &c, now, "complaint.rate", serde_json::json!({"rating": rating})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An objection (keberatan) to the answer, after rating it 1 or 2; the Kepala Desa decides.
    pub async fn object(&self, ticket: &Ticket, reason: &str) -> Result<(), CitizenError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let c = transition::lock(&mut tx, ticket, now).await?;
        if c.status != Status::Selesai {
            return Err(CitizenError::NotNow(c.status));
        }
        let round = answer_round(&mut tx, &c).await?;
        let rating: Option<(i64,)> =
            sqlx::query_as("SELECT rating FROM feedback WHERE complaint_id = $1 AND answer_round = $2")
                .bind(c.id)
                .bind(round)
                .fetch_optional(&mut *tx)
                .await?;
        if !rating.is_some_and(|(r,)| OBJECTION_RATINGS.contains(&r)) {
            return Err(CitizenError::NeedsLowRating);
        }
        sqlx::query("INSERT INTO objections (village_id, complaint_id, reason, created_at) VALUES ($1, $2, $3, $4)")
            .bind(c.village_id)
            .bind(c.id)
            .bind(reason.to_string())
            .bind(timefmt::instant(now))
            .execute(&mut *tx)
            .await?;
        let mut step = Step::new(Action::Object, Status::Keberatan, Actor::Citizen);
        step.public_note = Some(reason.to_string());
        transition::record(&mut tx, &c, &step, By::Citizen, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The citizen's message on an open, locked case, with its stored files: staff are told, and a
/// reply to a request for information sends the case back to where it was. Returns the message's
/// id and the status after it.
/// Refuses a reply past the case's hourly replies or its evidence total. Runs after the case is
/// locked, so parallel replies are counted one after another.
async fn within_quota(
    conn: &mut AnyConnection,
    complaint_id: i64,
    stored: &[(crate::complaint::intake::FileRef, bool)],
    quota: &ReplyQuota,
    now: OffsetDateTime,
) -> Result<(), CitizenError> {
    let since = now - Duration::hours(1);
    let (recent, first): (i64, Option<String>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(created_at) FROM messages \
         WHERE complaint_id = $1 AND author_kind = 'citizen' AND created_at > $2",
    )
    .bind(complaint_id)
    .bind(timefmt::instant(since))
    .fetch_one(&mut *conn)
    .await?;
    if recent >= quota.replies_per_hour {
        let first = first.as_deref().and_then(|t| timefmt::parse_instant(t).ok()).unwrap_or(now);
        return Err(CitizenError::TooManyReplies { next: first + Duration::hours(1) });
    }
    if stored.is_empty() {
        return Ok(());
    }
    let (files, bytes): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) FROM attachments WHERE complaint_id = $1",
    )
    .bind(complaint_id)
    .fetch_one(&mut *conn)
    .await?;
    let adding: i64 = stored.iter().map(|(f, _)| f.size).sum();
    if files + stored.len() as i64 > quota.max_case_files || bytes + adding > quota.max_case_bytes {
        return Err(CitizenError::EvidenceFull);
    }
    Ok(())
}

pub(crate) async fn add_reply(
    conn: &mut AnyConnection,
    c: &Locked,
    body: &str,
    stored: &[(crate::complaint::intake::FileRef, bool)],
    channel: &str,
    quota: &ReplyQuota,
    now: OffsetDateTime,
) -> Result<(i64, Status), CitizenError> {
    within_quota(conn, c.id, stored, quota, now).await?;
    let at = timefmt::instant(now);
    let (message_id,): (i64,) = sqlx::query_as(
        "INSERT INTO messages (village_id, complaint_id, author_kind, visibility, body, created_at) \
         VALUES ($1, $2, 'citizen', 'public', $3, $4) RETURNING id",
    )
    .bind(c.village_id)
    .bind(c.id)
    .bind(body.to_string())
    .bind(at.clone())
    .fetch_one(&mut *conn)
    .await?;
    crate::complaint::search::index::reindex(conn, c.id).await?;
    for (f, _) in stored {
        sqlx::query(
            "INSERT INTO attachments (village_id, complaint_id, message_id, sha256, media_type, size_bytes, \
             original_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(c.village_id)
        .bind(c.id)
        .bind(message_id)
        .bind(f.sha256.clone())
        .bind(f.media_type)
        .bind(f.size)
        .bind(f.original_name.clone())
        .bind(at.clone())
        .execute(&mut *conn)
        .await?;
    }
    audit_citizen(
        conn,
        c,
        now,
        "complaint.citizen_reply",
        serde_json::json!({"length": body.chars().count(), "attachments": stored.len(), "channel": channel}),
    )
    .await?;
    let status = if c.status == Status::PerluInfo {
        let back = status_before_info_request(conn, c.id).await?;
        let step = Step::new(Action::ProvideInfo, back, Actor::Citizen);
        transition::record(conn, c, &step, By::Citizen, now).await?
    } else {
        let who = notify::handlers(conn, c.village_id, c.assigned_to).await?;
        notify::staff(conn, c.village_id, c.id, &who, StaffEvent::CitizenReplied, now).await?;
        c.status
    };
    Ok((message_id, status))
}

async fn answer_round(conn: &mut AnyConnection, c: &Locked) -> Result<i64, StoreError> {
    let (round,): (i64,) =
        sqlx::query_as("SELECT answer_round FROM complaints WHERE id = $1").bind(c.id).fetch_one(&mut *conn).await?;
    Ok(round)
}

/// Where a case was when the village asked for information: it goes back there.
async fn status_before_info_request(conn: &mut AnyConnection, complaint_id: i64) -> Result<Status, StoreError> {
    let row: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT from_status FROM status_history WHERE complaint_id = $1 AND to_status = 'perlu_info' \
         AND action = 'request_info' ORDER BY id DESC LIMIT 1",
    )
    .bind(complaint_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.and_then(|r| r.0).and_then(|s| Status::parse(&s)).unwrap_or(Status::Diterima))
}

/// The citizen's step in the audit chain.
async fn audit_citizen(
    conn: &mut AnyConnection,
    c: &Locked,
    now: OffsetDateTime,
    action: &str,
    detail: serde_json::Value,
) -> Result<(), StoreError> {
    let entry = AuditEntry {
        actor: "citizen".into(),
        action: action.into(),
        subject: format!("complaint:{}", c.ticket),
        detail,
    };
    audit::append(conn, c.village_id, now, &entry).await
}
