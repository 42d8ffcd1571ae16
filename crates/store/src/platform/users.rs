//! Staff accounts and their roles. Every change is written to the audit log in the same
//! transaction.

use crate::platform::audit::{self, AuditEntry};
use crate::{Store, StoreError, timefmt};
use aduan_domain::Role;
use aduan_domain::access::Roles;
use aduan_domain::staff::Username;

#[derive(Debug, Clone)]
pub struct StaffUser {
    pub id: i64,
    pub village_id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Roles,
    pub must_change_password: bool,
    pub disabled: bool,
    /// Where notices are mailed, if the user gave an address.
    pub email: Option<String>,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    village_id: i64,
    username: String,
    display_name: String,
    must_change_password: i64,
    disabled: i64,
    email: Option<String>,
}

/// Who did it, for the audit log: `user:<id>` or `cli`.
pub fn actor_of(user: Option<&StaffUser>) -> String {
    audit::actor(user.map(|u| u.id))
}

impl audit::Staff for StaffUser {
    fn staff_id(&self) -> i64 {
        self.id
    }
}

/// Why a change to the admins was refused: it would leave the village without an enabled admin,
/// and so without anyone who can manage accounts on the web.
pub const LAST_ADMIN: &str = "last_admin";

/// Refuses a change that takes the admin role from `user_id` or disables it when it is an
/// enabled admin and no other enabled account of the village holds the role. On PostgreSQL the
/// village's row is locked first, so two admins removing each other at once cannot both
/// succeed; SQLite has one writer.
async fn keep_an_admin(
    conn: &mut sqlx::AnyConnection,
    db: &crate::Db,
    village_id: i64,
    user_id: i64,
) -> Result<(), StoreError> {
    if db.backend == crate::Backend::Postgres {
        sqlx::query("SELECT id FROM villages WHERE id = $1 FOR UPDATE").bind(village_id).execute(&mut *conn).await?;
    }
    let (this, others): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN u.id = $2 THEN 1 ELSE 0 END), 0), \
                COALESCE(SUM(CASE WHEN u.id <> $2 THEN 1 ELSE 0 END), 0) \
         FROM user_roles r JOIN users u ON u.id = r.user_id \
         WHERE r.village_id = $1 AND r.role = 'admin' AND u.disabled = 0",
    )
    .bind(village_id)
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    if this > 0 && others == 0 { Err(StoreError::Conflict(LAST_ADMIN.into())) } else { Ok(()) }
}

impl Store {
    async fn roles_of(&self, user_id: i64) -> Result<Roles, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT role FROM user_roles WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&self.db.read)
            .await?;
        Ok(Roles::new(rows.into_iter().filter_map(|(r,)| Role::parse(&r)).collect()))
    }

    async fn with_roles(&self, r: UserRow) -> Result<StaffUser, StoreError> {
        Ok(StaffUser {
            roles: self.roles_of(r.id).await?,
            id: r.id,
            village_id: r.village_id,
            username: r.username,
            display_name: r.display_name,
            must_change_password: r.must_change_password != 0,
            disabled: r.disabled != 0,
            email: r.email,
        })
    }

    pub async fn user(&self, user_id: i64) -> Result<StaffUser, StoreError> {
        let r: UserRow = sqlx::query_as(
            "SELECT id, village_id, username, display_name, must_change_password, disabled, email FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_one(&self.db.read)
        .await?;
        self.with_roles(r).await
    }

    /// The account and its password hash, for signing in.
    pub async fn user_for_login(
        &self,
        village_id: i64,
        username: &Username,
    ) -> Result<(StaffUser, String), StoreError> {
        let (id, hash): (i64, String) =
            sqlx::query_as("SELECT id, password_hash FROM users WHERE village_id = $1 AND username = $2")
                .bind(village_id)
                .bind(username.as_str().to_string())
                .fetch_one(&self.db.read)
                .await?;
        Ok((self.user(id).await?, hash))
    }

    pub async fn user_by_username(&self, village_id: i64, username: &Username) -> Result<StaffUser, StoreError> {
        Ok(self.user_for_login(village_id, username).await?.0)
    }

    /// The enabled users a case may be assigned to (disposisi): those whose roles handle complaints.
    pub async fn officers(&self, village_id: i64) -> Result<Vec<StaffUser>, StoreError> {
        let can = |u: &StaffUser| !u.disabled && u.roles.can(aduan_domain::access::Permission::HandleComplaints);
        Ok(self.users(village_id).await?.into_iter().filter(can).collect())
    }

    pub async fn users(&self, village_id: i64) -> Result<Vec<StaffUser>, StoreError> {
        let rows: Vec<UserRow> = sqlx::query_as(
            "SELECT id, village_id, username, display_name, must_change_password, disabled, email FROM users \
             WHERE village_id = $1 ORDER BY username",
        )
        .bind(village_id)
        .fetch_all(&self.db.read)
        .await?;
        let roles: Vec<(i64, String)> = sqlx::query_as("SELECT user_id, role FROM user_roles WHERE village_id = $1")
            .bind(village_id)
            .fetch_all(&self.db.read)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| StaffUser {
                roles: Roles::new(
                    roles.iter().filter(|(u, _)| *u == r.id).filter_map(|(_, role)| Role::parse(role)).collect(),
                ),
                id: r.id,
                village_id: r.village_id,
                username: r.username,
                display_name: r.display_name,
                must_change_password: r.must_change_password != 0,
                disabled: r.disabled != 0,
                email: r.email,
            })
            .collect())
    }

    /// Creates an account; `Conflict` when the username is taken in this village.
    pub async fn create_user(
        &self,
        village_id: i64,
        username: &Username,
        display_name: &str,
        password_hash: &str,
        roles: &Roles,
        by: Option<&StaffUser>,
    ) -> Result<i64, StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (village_id, username, display_name, password_hash, must_change_password, created_at) \
             VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
        )
        .bind(village_id)
        .bind(username.as_str().to_string())
        .bind(display_name.to_string())
        .bind(password_hash.to_string())
        .bind(timefmt::instant(now))
        .fetch_one(&mut *tx)
        .await?;
        for role in roles.iter() {
            sqlx::query("INSERT INTO user_roles (user_id, village_id, role) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(village_id)
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?;
        }
        let roles: Vec<&str> = roles.iter().map(Role::as_str).collect();
        let entry = AuditEntry {
            actor: actor_of(by),
            action: "user.create".into(),
            subject: format!("user:{id}"),
            detail: serde_json::json!({"username": username.as_str(), "roles": roles}),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Sets a new password; `must_change` makes it one-time. Ends the user's other sessions.
    pub async fn set_password(
        &self,
        user: &StaffUser,
        password_hash: &str,
        must_change: bool,
        by: Option<&StaffUser>,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        sqlx::query("UPDATE users SET password_hash = $2, must_change_password = $3 WHERE id = $1")
            .bind(user.id)
            .bind(password_hash.to_string())
            .bind(i64::from(must_change))
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.id).execute(&mut *tx).await?;
        let entry = AuditEntry {
            actor: actor_of(by),
            action: "user.password".into(),
            subject: format!("user:{}", user.id),
            detail: serde_json::json!({"one_time": must_change}),
        };
        audit::append(&mut tx, user.village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Disables or re-enables an account; disabling ends its sessions at once.
    pub async fn set_disabled(
        &self,
        user: &StaffUser,
        disabled: bool,
        by: Option<&StaffUser>,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        if disabled {
            keep_an_admin(&mut tx, &self.db, user.village_id, user.id).await?;
        }
        sqlx::query("UPDATE users SET disabled = $2 WHERE id = $1")
            .bind(user.id)
            .bind(i64::from(disabled))
            .execute(&mut *tx)
            .await?;
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.id).execute(&mut *tx).await?;
        }
        let entry = AuditEntry {
            actor: actor_of(by),
            action: if disabled { "user.disable" } else { "user.enable" }.into(),
            subject: format!("user:{}", user.id),
            detail: serde_json::json!({"username": user.username}),
        };
        audit::append(&mut tx, user.village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the roles of an account; `Conflict(LAST_ADMIN)` when it would take the admin
    /// role from the village's last enabled admin. Audited with the roles before and after.
    pub async fn set_roles(&self, user: &StaffUser, roles: &Roles, by: Option<&StaffUser>) -> Result<(), StoreError> {
        if roles.is_empty() {
            return Err(StoreError::Conflict("no_roles".into()));
        }
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        if !roles.has(Role::Admin) {
            keep_an_admin(&mut tx, &self.db, user.village_id, user.id).await?;
        }
        // Read inside the transaction: the page that asked may show roles since changed.
        let before: Vec<(String,)> =
            sqlx::query_as("SELECT role FROM user_roles WHERE user_id = $1").bind(user.id).fetch_all(&mut *tx).await?;
        let before: Vec<&str> = before.iter().map(|(r,)| r.as_str()).collect();
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(user.id).execute(&mut *tx).await?;
        for role in roles.iter() {
            sqlx::query("INSERT INTO user_roles (user_id, village_id, role) VALUES ($1, $2, $3)")
                .bind(user.id)
                .bind(user.village_id)
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?;
        }
        let after: Vec<&str> = roles.iter().map(Role::as_str).collect();
        let entry = AuditEntry {
            actor: actor_of(by),
            action: "user.roles".into(),
            subject: format!("user:{}", user.id),
            detail: serde_json::json!({"username": user.username, "before": before, "after": after}),
        };
        audit::append(&mut tx, user.village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets or clears (`None`) the address the user's notices are mailed to.
    pub async fn set_email(
        &self,
        user: &StaffUser,
        email: Option<&aduan_domain::Email>,
        by: Option<&StaffUser>,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        sqlx::query("UPDATE users SET email = $2 WHERE id = $1")
            .bind(user.id)
            .bind(email.map(|e| e.as_str().to_string()))
            .execute(&mut *tx)
            .await?;
        let entry = AuditEntry {
            actor: actor_of(by),
            action: "user.email".into(),
            subject: format!("user:{}", user.id),
            detail: serde_json::json!({"username": user.username, "set": email.is_some()}),
        };
        audit::append(&mut tx, user.village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }
}
