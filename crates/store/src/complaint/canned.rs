//! Canned responses: replies staff start from instead of typing the same text again.

use crate::platform::audit::{self, AuditEntry};
use crate::platform::users::StaffUser;
use crate::{Store, StoreError, timefmt};

#[derive(Debug, Clone)]
pub struct Canned {
    pub id: i64,
    pub title: String,
    pub body: String,
}

impl Store {
    pub async fn canned_responses(&self, village_id: i64) -> Result<Vec<Canned>, StoreError> {
        let rows: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, title, body FROM canned_responses WHERE village_id = $1 ORDER BY title, id")
                .bind(village_id)
                .fetch_all(&self.db.read)
                .await?;
        Ok(rows.into_iter().map(|(id, title, body)| Canned { id, title, body }).collect())
    }

    pub async fn add_canned(&self, title: &str, body: &str, by: &StaffUser) -> Result<i64, StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO canned_responses (village_id, title, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(by.village_id)
        .bind(title.to_string())
        .bind(body.to_string())
        .bind(timefmt::instant(now))
        .fetch_one(&mut *tx)
        .await?;
        let entry = AuditEntry {
            actor: format!("user:{}", by.id),
            action: "canned.add".into(),
            subject: format!("canned:{id}"),
            detail: serde_json::json!({"title": title}),
        };
        audit::append(&mut tx, by.village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn delete_canned(&self, id: i64, by: &StaffUser) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let done = sqlx::query("DELETE FROM canned_responses WHERE id = $1 AND village_id = $2")
            .bind(id)
            .bind(by.village_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let entry = AuditEntry {
            actor: format!("user:{}", by.id),
            action: "canned.delete".into(),
            subject: format!("canned:{id}"),
            detail: serde_json::json!({}),
        };
        audit::append(&mut tx, by.village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }
}
