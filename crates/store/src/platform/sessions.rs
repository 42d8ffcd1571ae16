//! Back-office sessions: the browser holds a random token, the database its SHA-256, so a
//! leaked database does not hand out live sessions.

use crate::platform::audit::{self, AuditEntry};
use crate::platform::users::StaffUser;
use crate::{Store, StoreError, timefmt};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

pub const SESSION_FOR: Duration = Duration::hours(12);

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Store {
    /// Starts a session for `user` and records the sign-in.
    pub async fn start_session(&self, user: &StaffUser, token: &str, from: &str) -> Result<OffsetDateTime, StoreError> {
        let now = self.clock.now();
        let expires = now + SESSION_FOR;
        let mut tx = self.db.write.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(timefmt::instant(now)).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, village_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(token))
        .bind(user.id)
        .bind(user.village_id)
        .bind(timefmt::instant(now))
        .bind(timefmt::instant(expires))
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry {
            actor: format!("user:{}", user.id),
            action: "staff.login".into(),
            subject: format!("user:{}", user.id),
            detail: serde_json::json!({"from": from}),
        };
        audit::append(&mut tx, user.village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(expires)
    }

    /// The signed-in user behind a token, if the session is live and the account enabled.
    pub async fn session_user(&self, token: &str) -> Result<Option<StaffUser>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0",
        )
        .bind(token_hash(token))
        .bind(timefmt::instant(self.clock.now()))
        .fetch_optional(&self.db.read)
        .await?;
        match row {
            Some((id,)) => Ok(Some(self.user(id).await?)),
            None => Ok(None),
        }
    }

    pub async fn end_session(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash(token))
            .execute(&self.db.write)
            .await?;
        Ok(())
    }
}
