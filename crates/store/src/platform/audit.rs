//! The audit log: append-only, one hash chain per village. Each entry's hash covers the previous
//! entry's hash and the entry itself, so changing, removing or reordering any entry breaks every
//! hash after it; `verify_audit_chain` walks the chain and names the first broken entry.

use crate::multi_row::{Bound, Placeholders, Rows};
use crate::{Store, StoreError, timefmt};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use time::OffsetDateTime;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, by whom, to what.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    Intact { entries: u64 },
    Broken { seq: i64, reason: String },
}

fn entry_hash(prev: &str, seq: i64, at: &str, actor: &str, action: &str, subject: &str, detail: &str) -> String {
    // The same array `json!` writes, without building a value first.
    let canonical = serde_json::to_string(&(seq, at, actor, action, subject, detail, prev)).unwrap_or_default();
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// Appends inside the caller's transaction. Bumping the head row first takes its row lock on
/// PostgreSQL, so concurrent writers of one village's chain queue up instead of forking it.
pub(crate) async fn append(
    conn: &mut AnyConnection,
    village_id: i64,
    at: OffsetDateTime,
    entry: &AuditEntry,
) -> Result<(), StoreError> {
    append_many(conn, village_id, at, std::slice::from_ref(entry)).await
}

/// [`append`] for several entries in their order, with one bump of the head and a few
/// multi-row inserts: the intake writer records a whole batch of complaints this way.
pub(crate) async fn append_many(
    conn: &mut AnyConnection,
    village_id: i64,
    at: OffsetDateTime,
    entries: &[AuditEntry],
) -> Result<(), StoreError> {
    let written: Vec<Written> = entries.iter().map(Written::from).collect();
    append_written(conn, village_id, at, &written).await
}

/// An entry with its detail already written out: a bulk writer prepares these away from the
/// transaction, which then only chains and stores them.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

impl From<&AuditEntry> for Written {
    fn from(e: &AuditEntry) -> Self {
        Written {
            actor: e.actor.clone(),
            action: e.action.clone(),
            subject: e.subject.clone(),
            detail: e.detail.to_string(),
        }
    }
}

/// [`append_many`] for entries already written out.
pub(crate) async fn append_written(
    conn: &mut AnyConnection,
    village_id: i64,
    at: OffsetDateTime,
    entries: &[Written],
) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let head = lock_head(conn, village_id).await?;
    let (statements, head) = chained(Placeholders::of(conn), village_id, at, head, entries);
    for q in statements {
        q.execute(&mut *conn).await?;
    }
    set_head(conn, village_id, &head).await
}

/// The head of a village's chain, `(seq, hash)` of its last entry. Reading it by an update
/// takes its row lock on PostgreSQL, so concurrent writers of one chain queue up instead of
/// forking it.
pub(crate) async fn lock_head(conn: &mut AnyConnection, village_id: i64) -> Result<(i64, String), StoreError> {
    Ok(sqlx::query_as("UPDATE audit_head SET seq = seq WHERE village_id = $1 RETURNING seq, hash")
        .bind(village_id)
        .fetch_one(&mut *conn)
        .await?)
}

pub(crate) async fn set_head(
    conn: &mut AnyConnection,
    village_id: i64,
    head: &(i64, String),
) -> Result<(), StoreError> {
    sqlx::query("UPDATE audit_head SET seq = $2, hash = $3 WHERE village_id = $1")
        .bind(village_id)
        .bind(head.0)
        .bind(head.1.clone())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The statements that store `entries` after the chain's `head`, and the head after them.
pub(crate) fn chained(
    style: Placeholders,
    village_id: i64,
    at: OffsetDateTime,
    head: (i64, String),
    entries: &[Written],
) -> (Vec<Bound>, (i64, String)) {
    let (mut seq, mut prev) = head;
    let at = timefmt::instant(at);
    let mut table = Rows::new(
        "audit_log",
        &["village_id", "seq", "at", "actor", "action", "subject", "detail", "prev_hash", "hash"],
    );
    table.reserve(entries.len());
    for entry in entries {
        seq += 1;
        let hash = entry_hash(&prev, seq, &at, &entry.actor, &entry.action, &entry.subject, &entry.detail);
        table.push(vec![
            village_id.into(),
            seq.into(),
            at.as_str().into(),
            entry.actor.as_str().into(),
            entry.action.as_str().into(),
            entry.subject.as_str().into(),
            entry.detail.as_str().into(),
            std::mem::replace(&mut prev, hash.clone()).into(),
            hash.into(),
        ]);
    }
    let statements = table.statements(style, 0);
    (statements, (seq, prev))
}

/// A staff member as the audit log names them: the log knows nothing of accounts but their id.
pub trait Staff {
    fn staff_id(&self) -> i64;
}

/// Who did it, for the audit log: `user:<id>`, or `cli` for the command line.
pub fn actor(staff: Option<i64>) -> String {
    staff.map(|id| format!("user:{id}")).unwrap_or_else(|| "cli".to_string())
}

/// Appends what a staff member did to `subject`, inside the caller's transaction.
pub(crate) async fn record(
    conn: &mut AnyConnection,
    village_id: i64,
    at: OffsetDateTime,
    by: &impl Staff,
    action: &str,
    subject: String,
    detail: serde_json::Value,
) -> Result<(), StoreError> {
    let entry = AuditEntry { actor: actor(Some(by.staff_id())), action: action.into(), subject, detail };
    append(conn, village_id, at, &entry).await
}

impl Store {
    /// Deletes the village's row `id` of `table` and audits it as `action` on `{noun}:{id}`.
    /// `table` is one of the store's own table names, never input.
    pub(crate) async fn delete_audited(
        &self,
        table: &'static str,
        village_id: i64,
        id: i64,
        by: &impl Staff,
        action: &str,
        noun: &str,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let sql = format!("DELETE FROM {table} WHERE id = $1 AND village_id = $2");
        let done = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).bind(village_id).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        record(&mut tx, village_id, now, by, action, format!("{noun}:{id}"), serde_json::json!({})).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    subject: String,
    detail: String,
    prev_hash: String,
    hash: String,
}

impl Store {
    pub async fn verify_audit_chain(&self, village_id: i64) -> Result<ChainCheck, StoreError> {
        let mut prev = GENESIS.to_string();
        let mut expected_seq = 1;
        let mut after = 0i64;
        loop {
            let rows: Vec<Row> = sqlx::query_as(
                "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log \
                 WHERE village_id = $1 AND seq > $2 ORDER BY seq LIMIT 1000",
            )
            .bind(village_id)
            .bind(after)
            .fetch_all(&self.db.read)
            .await?;
            if rows.is_empty() {
                break;
            }
            for r in rows {
                let broken = |reason: &str| Ok(ChainCheck::Broken { seq: r.seq, reason: reason.to_string() });
                if r.seq != expected_seq {
                    return broken("an entry is missing");
                }
                if r.prev_hash != prev {
                    return broken("the link to the previous entry does not match");
                }
                if entry_hash(&prev, r.seq, &r.at, &r.actor, &r.action, &r.subject, &r.detail) != r.hash {
                    return broken("the entry was changed after it was written");
                }
                prev = r.hash;
                after = r.seq;
                expected_seq += 1;
            }
        }
        let head: Option<(i64, String)> = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE village_id = $1")
            .bind(village_id)
            .fetch_optional(&self.db.read)
            .await?;
        match head {
            Some((seq, hash)) if seq == after && hash == prev => Ok(ChainCheck::Intact { entries: after as u64 }),
            _ => Ok(ChainCheck::Broken { seq: after + 1, reason: "the newest entries were removed".into() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::entry_hash;
    use sha2::{Digest, Sha256};

    #[test]
    fn an_entry_is_hashed_over_the_same_text_as_chains_already_stored() {
        let detail = r#"{"note":"tanda \"petik\" dan \\ garis","n":1}"#;
        let stored_form = serde_json::json!([
            7,
            "2026-01-02T03:04:05Z",
            "user:3",
            "complaint.verify",
            "complaint:KBW-1",
            detail,
            "ab"
        ])
        .to_string();
        assert_eq!(
            entry_hash("ab", 7, "2026-01-02T03:04:05Z", "user:3", "complaint.verify", "complaint:KBW-1", detail),
            hex::encode(Sha256::digest(stored_form.as_bytes()))
        );
    }
}
