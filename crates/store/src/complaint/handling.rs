//! Staff steps on a complaint: each status change goes through the domain's state machine, is
//! recorded in the history and the audit log, and moves the per-status counts — all in one
//! transaction, so a refused or failed step leaves nothing behind.

use crate::complaint::transition::{self, By};
pub use crate::complaint::transition::{Step, StepError};
use crate::platform::audit::{self, AuditEntry};
use crate::platform::users::StaffUser;
use crate::{Store, StoreError, timefmt};
use aduan_domain::notice::CitizenEvent;
use aduan_domain::{Status, Ticket};

impl Store {
    /// Takes `step` on the complaint, which must still be in `expected` (the status the user saw).
    pub async fn take_step(
        &self,
        ticket: &Ticket,
        expected: Status,
        step: &Step,
        by: &StaffUser,
    ) -> Result<(), StepError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let locked = transition::lock(&mut tx, ticket, now).await?;
        if locked.status != expected {
            return Err(StepError::Stale);
        }
        transition::record(&mut tx, &locked, step, By::Staff(by.id), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A reply to the citizen (`public`) or a note only staff see.
    pub async fn add_message(
        &self,
        ticket: &Ticket,
        public: bool,
        body: &str,
        by: &StaffUser,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let (id, village_id): (i64, i64) = sqlx::query_as("SELECT id, village_id FROM complaints WHERE ticket = $1")
            .bind(ticket.as_str().to_string())
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO messages (village_id, complaint_id, author_kind, author_user_id, visibility, body, created_at) \
             VALUES ($1, $2, 'staff', $3, $4, $5, $6)",
        )
        .bind(village_id)
        .bind(id)
        .bind(by.id)
        .bind(if public { "public" } else { "internal" })
        .bind(body.to_string())
        .bind(timefmt::instant(now))
        .execute(&mut *tx)
        .await?;
        crate::complaint::search::index::reindex(&mut tx, id).await?;
        if public {
            crate::complaint::notify::citizen(&mut tx, id, CitizenEvent::Answered, serde_json::json!({}), None, now)
                .await?;
        }
        let entry = AuditEntry {
            actor: format!("user:{}", by.id),
            action: if public { "complaint.reply" } else { "complaint.note" }.into(),
            subject: format!("complaint:{ticket}"),
            detail: serde_json::json!({"length": body.chars().count()}),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records that `by` saw a complainant's unmasked identity.
    pub async fn record_identity_reveal(&self, ticket: &Ticket, by: &StaffUser) -> Result<(), StoreError> {
        self.record_staff_access(ticket, by, "identity.reveal").await
    }

    /// Records that `by` printed a case's receipt again (it carries the complainant's name).
    pub async fn record_receipt_reprint(&self, ticket: &Ticket, by: &StaffUser) -> Result<(), StoreError> {
        self.record_staff_access(ticket, by, "receipt.reprint").await
    }

    async fn record_staff_access(&self, ticket: &Ticket, by: &StaffUser, action: &str) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let entry = AuditEntry {
            actor: format!("user:{}", by.id),
            action: action.into(),
            subject: format!("complaint:{ticket}"),
            detail: serde_json::json!({}),
        };
        audit::append(&mut tx, by.village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }
}
