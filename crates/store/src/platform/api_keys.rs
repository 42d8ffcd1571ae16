//! API keys for integrations: made with a name and scopes, looked up by keyed hash, revoked.

use crate::platform::audit::{self, AuditEntry};
use crate::platform::users::{StaffUser, actor_of};
use crate::{Store, StoreError, timefmt};
use aduan_domain::api_key::Scope;
use rand::RngCore;
use time::OffsetDateTime;

#[derive(Debug, Clone)]
pub struct ApiKey {
    pub id: i64,
    pub village_id: i64,
    pub name: String,
    /// The key's first characters, to recognise it in the list.
    pub prefix: String,
    pub scopes: Vec<Scope>,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
    /// The staff user a `staff` key works as.
    pub user_id: Option<i64>,
}

impl ApiKey {
    pub fn allows(&self, scope: Scope) -> bool {
        self.revoked_at.is_none() && self.scopes.contains(&scope)
    }
}

type KeyRow = (i64, i64, String, String, String, String, Option<String>, Option<String>, Option<i64>);

fn key_from(r: KeyRow) -> Result<ApiKey, StoreError> {
    let (id, village_id, name, prefix, scopes, created, used, revoked, user_id) = r;
    Ok(ApiKey {
        id,
        village_id,
        name,
        prefix,
        scopes: scopes.split(',').filter_map(Scope::parse).collect(),
        created_at: timefmt::parse_instant(&created)?,
        last_used_at: timefmt::opt_instant(used)?,
        revoked_at: timefmt::opt_instant(revoked)?,
        user_id,
    })
}

const COLUMNS: &str = "id, village_id, name, prefix, scopes, created_at, last_used_at, revoked_at, user_id";

impl Store {
    /// Makes a key and returns it with the secret, which is shown once and never stored. A key
    /// with the `staff` scope works as `user_id`.
    pub async fn create_api_key(
        &self,
        village_id: i64,
        name: &str,
        scopes: &[Scope],
        user_id: Option<i64>,
        by: Option<&StaffUser>,
    ) -> Result<(ApiKey, String), StoreError> {
        let now = self.clock.now();
        let mut raw = [0u8; 20];
        rand::rng().fill_bytes(&mut raw);
        let secret = format!("aduan_{}", hex::encode(raw));
        let prefix: String = secret.chars().take(12).collect();
        let scopes_text = scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",");
        let mut tx = self.db.write.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO api_keys (village_id, name, key_hash, prefix, scopes, created_by, created_at, user_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(village_id)
        .bind(name.to_string())
        .bind(self.keys.lookup_hash("api_key", &secret))
        .bind(prefix.clone())
        .bind(scopes_text)
        .bind(by.map(|u| u.id))
        .bind(timefmt::instant(now))
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        let entry = AuditEntry {
            actor: actor_of(by),
            action: "api_key.create".into(),
            subject: format!("api_key:{id}"),
            detail: serde_json::json!({"name": name, "scopes": scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                "user_id": user_id}),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        let key = ApiKey {
            id,
            village_id,
            name: name.to_string(),
            prefix,
            scopes: scopes.to_vec(),
            created_at: now,
            last_used_at: None,
            revoked_at: None,
            user_id,
        };
        Ok((key, secret))
    }

    pub async fn api_keys(&self, village_id: i64) -> Result<Vec<ApiKey>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE village_id = $1 ORDER BY id DESC");
        let rows: Vec<KeyRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(village_id).fetch_all(&self.db.read).await?;
        rows.into_iter().map(key_from).collect()
    }

    /// The key a secret belongs to, revoked or not; `NotFound` for an unknown secret. Marks it used.
    pub async fn api_key_for(&self, secret: &str) -> Result<ApiKey, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE key_hash = $1");
        let row: KeyRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(self.keys.lookup_hash("api_key", secret))
            .fetch_one(&self.db.read)
            .await?;
        let key = key_from(row)?;
        sqlx::query("UPDATE api_keys SET last_used_at = $2 WHERE id = $1")
            .bind(key.id)
            .bind(timefmt::instant(self.clock.now()))
            .execute(&self.db.write)
            .await?;
        Ok(key)
    }

    pub async fn revoke_api_key(&self, village_id: i64, id: i64, by: Option<&StaffUser>) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let done =
            sqlx::query("UPDATE api_keys SET revoked_at = $3 WHERE id = $1 AND village_id = $2 AND revoked_at IS NULL")
                .bind(id)
                .bind(village_id)
                .bind(timefmt::instant(now))
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let entry = AuditEntry {
            actor: actor_of(by),
            action: "api_key.revoke".into(),
            subject: format!("api_key:{id}"),
            detail: serde_json::json!({}),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }
}
