//! Taking demo data out again: a few thousand demo cases per transaction, each table's rows of
//! them, and the status counts and monthly figures corrected by what the removed rows counted.

use crate::complaint::day_counts::{DayTable, Tally};
use crate::complaint::running_due::RUNNING_DUE;
use crate::complaint::{counts, monthly};
use crate::platform::audit::{self, AuditEntry};
use crate::{Store, StoreError, timefmt};
use aduan_domain::Status;
use sqlx::AnyConnection;
use std::collections::BTreeMap;

const TABLES: [&str; 12] = [
    "complainants",
    "status_history",
    "messages",
    "attachments",
    "feedback",
    "objections",
    "missed_deadlines",
    "escalations",
    "outbox",
    "staff_notifications",
    "external_updates",
    "inbound_messages",
];

const CHUNK: i64 = 2_000;

fn list(ids: &[i64]) -> String {
    ids.iter().map(|id| id.to_string()).collect::<Vec<_>>().join(", ")
}

type CaseRow = (i64, i64, String, String, Option<String>, Option<String>);

impl Store {
    /// Removes every demo complaint and all that hangs off it; returns how many were removed.
    pub async fn remove_demo_data(&self, progress: &(dyn Fn(u64) + Sync)) -> Result<u64, StoreError> {
        let mut removed = 0u64;
        let mut per_village: BTreeMap<i64, i64> = BTreeMap::new();
        let mut files: std::collections::BTreeSet<String> = Default::default();
        loop {
            let mut tx = self.db.write.begin().await?;
            let conn: &mut AnyConnection = &mut tx;
            let cases: Vec<CaseRow> = sqlx::query_as(
                "SELECT id, village_id, received_at, status, verification_due, resolution_due FROM complaints \
                 WHERE demo = 1 ORDER BY id LIMIT $1",
            )
            .bind(CHUNK)
            .fetch_all(&mut *conn)
            .await?;
            if cases.is_empty() {
                break;
            }
            let ids: Vec<i64> = cases.iter().map(|c| c.0).collect();
            uncount(conn, &cases).await?;
            let shas: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT DISTINCT sha256 FROM attachments WHERE complaint_id IN ({})",
                list(&ids)
            )))
            .fetch_all(&mut *conn)
            .await?;
            files.extend(shas.into_iter().map(|(s,)| s));
            // Ids are numbers read back from the database, so the list is safe to write inline.
            let within = list(&ids);
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE complaints SET duplicate_of = NULL WHERE duplicate_of IN ({within})"
            )))
            .execute(&mut *conn)
            .await?;
            // A real case filed beside demo data may name a demo case as its possible duplicate.
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM duplicate_suggestions WHERE complaint_id IN ({within}) OR candidate_id IN ({within})"
            )))
            .execute(&mut *conn)
            .await?;
            for table in ["complaint_words", "complainant_names"] {
                sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE rowid IN ({within})")))
                    .execute(&mut *conn)
                    .await?;
            }
            for table in TABLES {
                sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE complaint_id IN ({within})")))
                    .execute(&mut *conn)
                    .await?;
            }
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM complaints WHERE id IN ({within})")))
                .execute(&mut *conn)
                .await?;
            tx.commit().await?;
            for c in &cases {
                *per_village.entry(c.1).or_default() += 1;
            }
            removed += ids.len() as u64;
            progress(removed);
        }
        let now = self.clock.now();
        for (village, n) in per_village {
            let mut tx = self.db.write.begin().await?;
            let entry = AuditEntry {
                actor: "system".into(),
                action: "demo.remove".into(),
                subject: format!("village:{village}"),
                detail: serde_json::json!({"complaints": n}),
            };
            audit::append(&mut tx, village, now, &entry).await?;
            tx.commit().await?;
        }
        for sha in files {
            if !self.file_in_use(&sha).await? {
                self.files.remove(&sha);
            }
        }
        if removed > 0 {
            self.db.optimize().await?;
        }
        Ok(removed)
    }

    /// Whether any complaint or portal row still refers to a stored file.
    async fn file_in_use(&self, sha256: &str) -> Result<bool, StoreError> {
        for sql in [
            "SELECT 1 FROM attachments WHERE sha256 = $1 LIMIT 1",
            "SELECT 1 FROM portal_media WHERE sha256 = $1 LIMIT 1",
            "SELECT 1 FROM articles WHERE attachment_sha256 = $1 LIMIT 1",
            "SELECT 1 FROM village_officials WHERE photo_sha256 = $1 LIMIT 1",
        ] {
            let row: Option<(i64,)> =
                sqlx::query_as(sql).bind(sha256.to_string()).fetch_optional(&self.db.read).await?;
            if row.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Takes the removed cases out of the status counts and the monthly figures, judging each
/// decision by the case's clocks as they stand (as the generator counted it).
async fn uncount(conn: &mut AnyConnection, cases: &[CaseRow]) -> Result<(), StoreError> {
    let ids: Vec<i64> = cases.iter().map(|c| c.0).collect();
    let within = list(&ids);
    let mut zones = BTreeMap::new();
    let mut statuses: BTreeMap<(i64, String), i64> = BTreeMap::new();
    let mut figures: BTreeMap<(i64, String, String), i64> = BTreeMap::new();
    let mut dues = BTreeMap::new();
    let mut open_days = Tally::new(DayTable::OpenReceived);
    for (id, village, received, status, verification, resolution) in cases {
        if Status::parse(status).is_some_and(Status::is_open) {
            open_days.add(*village, Some(received), -1);
        }
        if !zones.contains_key(village) {
            zones.insert(*village, monthly::zone(conn, *village).await?);
        }
        let month = monthly::month_of(timefmt::parse_instant(received)?, zones[village]);
        *statuses.entry((*village, status.clone())).or_default() += 1;
        *figures.entry((*village, month.clone(), monthly::RECEIVED.into())).or_default() += 1;
        *figures.entry((*village, month, format!("status:{status}"))).or_default() += 1;
        dues.insert(*id, (verification.clone(), resolution.clone()));
    }
    let decisions: Vec<(i64, i64, Option<String>, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT complaint_id, village_id, from_status, at FROM status_history WHERE complaint_id IN ({within}) \
         AND action IN ('resolve', 'reject', 'refer')"
    )))
    .fetch_all(&mut *conn)
    .await?;
    for (id, village, from, when) in decisions {
        let (verification, resolution) = dues.get(&id).cloned().unwrap_or_default();
        let due = if from.as_deref() == Some("diproses") { resolution } else { verification };
        let met = due.is_none_or(|due| when <= due);
        let month = monthly::month_of(timefmt::parse_instant(&when)?, zones[&village]);
        *figures.entry((village, month.clone(), monthly::DECIDED.into())).or_default() += 1;
        *figures.entry((village, month, monthly::DECIDED_MET.into())).or_default() += i64::from(met);
    }
    let ratings: Vec<(i64, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT village_id, rating, created_at FROM feedback WHERE complaint_id IN ({within})"
    )))
    .fetch_all(&mut *conn)
    .await?;
    for (village, rating, when) in ratings {
        let month = monthly::month_of(timefmt::parse_instant(&when)?, zones[&village]);
        *figures.entry((village, month.clone(), monthly::RATINGS.into())).or_default() += 1;
        *figures.entry((village, month, monthly::RATING_SUM.into())).or_default() += rating;
    }
    for ((village, status), n) in statuses {
        let status = Status::parse(&status).ok_or_else(|| StoreError::Corrupt("status".into()))?;
        counts::bump(conn, village, status, -n).await?;
    }
    for ((village, month, metric), n) in figures {
        monthly::bump(conn, village, &month, &metric, -n).await?;
    }
    let running: Vec<(i64, Option<String>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT village_id, {RUNNING_DUE} FROM complaints WHERE id IN ({within})"
    )))
    .fetch_all(&mut *conn)
    .await?;
    open_days.write(conn).await?;
    let mut due_days = Tally::new(DayTable::RunningDue);
    for (village, due) in running {
        due_days.add(village, due.as_deref(), -1);
    }
    due_days.write(conn).await?;
    Ok(())
}
