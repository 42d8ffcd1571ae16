//! The office's hand on what is published of a `publik` complaint: a redacted title and
//! description in place of the citizen's (whose text stays in the case), and withdrawing the
//! publication altogether. Each change is audited.

use crate::platform::users::StaffUser;
use crate::{Store, StoreError, platform::audit, timefmt};
use aduan_domain::Ticket;
use aduan_domain::complaint::PublicVersion;
use time::OffsetDateTime;

/// How a complaint stands towards publication, for the case page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationState {
    /// The citizen chose `publik` and did not keep their identity secret.
    pub chosen: bool,
    /// The complaint's text is published now.
    pub shown: bool,
    pub verified_at: Option<OffsetDateTime>,
    pub withdrawn_at: Option<OffsetDateTime>,
    /// The edited version, when there is one.
    pub edited: Option<PublicVersion>,
}

impl Store {
    pub async fn publication(&self, village_id: i64, ticket: &Ticket) -> Result<PublicationState, StoreError> {
        let sql = format!(
            "SELECT CASE WHEN c.publication = 'publik' AND c.identity_mode <> 'rahasia' THEN 1 ELSE 0 END, \
             CASE WHEN {} THEN 1 ELSE 0 END, c.verified_at, c.public_withdrawn_at, c.public_title, \
             c.public_description FROM complaints c WHERE c.village_id = $1 AND c.ticket = $2",
            crate::complaint::requests::SHOWN
        );
        type Row = (i64, i64, Option<String>, Option<String>, Option<String>, Option<String>);
        let (chosen, shown, verified, withdrawn, title, description): Row = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(village_id)
            .bind(ticket.as_str().to_string())
            .fetch_one(&self.db.read)
            .await?;
        Ok(PublicationState {
            chosen: chosen != 0,
            shown: shown != 0,
            verified_at: timefmt::opt_instant(verified)?,
            withdrawn_at: timefmt::opt_instant(withdrawn)?,
            edited: title.zip(description).map(|(title, description)| PublicVersion { title, description }),
        })
    }

    /// Publishes `version` in place of the citizen's text, or the citizen's own again (`None`).
    pub async fn set_public_version(
        &self,
        village_id: i64,
        ticket: &Ticket,
        version: Option<&PublicVersion>,
        by: &StaffUser,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "UPDATE complaints SET public_title = $3, public_description = $4 \
             WHERE village_id = $1 AND ticket = $2 RETURNING id, title, description",
        )
        .bind(village_id)
        .bind(ticket.as_str().to_string())
        .bind(version.map(|v| v.title.clone()))
        .bind(version.map(|v| v.description.clone()))
        .fetch_optional(&mut *tx)
        .await?;
        let (id, title, description) = row.ok_or(StoreError::NotFound)?;
        crate::complaint::search::index::reindex(&mut tx, id).await?;
        let detail = match version {
            Some(v) => serde_json::json!({
                "title_edited": v.title != title,
                "description_edited": v.description != description,
            }),
            None => serde_json::json!({"as_filed": true}),
        };
        audit::record(&mut tx, village_id, now, by, "complaint.public_edit", format!("complaint:{ticket}"), detail)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Withdraws the complaint's publication, or publishes it again.
    pub async fn set_publication_withdrawn(
        &self,
        village_id: i64,
        ticket: &Ticket,
        withdrawn: bool,
        reason: &str,
        by: &StaffUser,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let done = sqlx::query("UPDATE complaints SET public_withdrawn_at = $3 WHERE village_id = $1 AND ticket = $2")
            .bind(village_id)
            .bind(ticket.as_str().to_string())
            .bind(withdrawn.then(|| timefmt::instant(now)))
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let action = if withdrawn { "complaint.public_withdraw" } else { "complaint.public_restore" };
        let detail = serde_json::json!({"reason": reason});
        audit::record(&mut tx, village_id, now, by, action, format!("complaint:{ticket}"), detail).await?;
        tx.commit().await?;
        Ok(())
    }
}
