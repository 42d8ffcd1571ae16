//! The fallback: each complaint of a batch under its own savepoint, so that one failing complaint
//! is refused alone and the rest are still committed together.

use super::*;
use crate::complaint::day_counts::{DayTable, day_of};
use crate::multi_row::{Placeholders, values};
use crate::platform::audit;
use aduan_domain::notice::{CitizenEvent, StaffEvent};
use sqlx::{AnyConnection, AssertSqlSafe, Row};

pub(super) async fn commit(
    db: &Db,
    keys: &Keyring,
    now: OffsetDateTime,
    batch: &[&Prepared],
) -> Vec<Result<Ticket, StoreError>> {
    let failed = |e: &StoreError| batch.iter().map(|_| Err(StoreError::Batch(e.to_string()))).collect();
    let mut tx = match db.write.begin().await {
        Ok(tx) => tx,
        Err(e) => return failed(&e.into()),
    };
    let mut results = Vec::with_capacity(batch.len());
    for complaint in batch {
        match insert_with_savepoint(&mut tx, keys, now, complaint).await {
            Ok(r) => results.push(r),
            Err(e) => return failed(&e),
        }
    }
    if let Err(e) = tx.commit().await {
        tracing::error!(error = %e, size = batch.len(), "intake batch commit failed");
        return failed(&e.into());
    }
    results
}

/// The outer `Result` is a failure of the transaction itself; the inner one is this complaint's.
async fn insert_with_savepoint(
    conn: &mut AnyConnection,
    keys: &Keyring,
    now: OffsetDateTime,
    c: &Prepared,
) -> Result<Result<Ticket, StoreError>, StoreError> {
    for attempt in 1..=TICKET_ATTEMPTS {
        sqlx::query("SAVEPOINT intake_one").execute(&mut *conn).await?;
        let ticket = Ticket::generate(&c.prefix, &mut rand::rng());
        match insert_one(conn, keys, now, c, &ticket).await {
            Ok(()) => {
                sqlx::query("RELEASE SAVEPOINT intake_one").execute(&mut *conn).await?;
                return Ok(Ok(ticket));
            }
            Err(e) => {
                sqlx::query("ROLLBACK TO SAVEPOINT intake_one").execute(&mut *conn).await?;
                sqlx::query("RELEASE SAVEPOINT intake_one").execute(&mut *conn).await?;
                // A ticket collision is astronomically rare but possible: draw again.
                if matches!(e, StoreError::Conflict(_)) && attempt < TICKET_ATTEMPTS {
                    continue;
                }
                tracing::warn!(error = %e, "complaint could not be stored");
                return Ok(Err(e));
            }
        }
    }
    Ok(Err(StoreError::Conflict("no free ticket".into())))
}

async fn insert_one(
    conn: &mut AnyConnection,
    keys: &Keyring,
    now: OffsetDateTime,
    c: &Prepared,
    ticket: &Ticket,
) -> Result<(), StoreError> {
    let sql = format!("{COMPLAINT_INSERT}{} RETURNING id", values(Placeholders::of(conn), COMPLAINT_ROW, 1));
    let row = bind_complaint(sqlx::query(AssertSqlSafe(sql)), keys, c, ticket).fetch_one(&mut *conn).await?;
    let id: i64 = row.try_get(0)?;
    let sql = format!("{COMPLAINANT_INSERT}{}", values(Placeholders::of(conn), COMPLAINANT_ROW, 1));
    bind_complainant(sqlx::query(AssertSqlSafe(sql)), id, c).execute(&mut *conn).await?;
    crate::complaint::search::index::filed(conn, id, &c.words).await?;
    crate::complaint::search::index::named(conn, id, c.name.as_deref()).await?;
    crate::complaint::duplicates::record(conn, id, &c.duplicates).await?;
    let sql = format!("{HISTORY_INSERT}{}", values(Placeholders::of(conn), HISTORY_ROW, 1));
    bind_history(sqlx::query(AssertSqlSafe(sql)), id, c).execute(&mut *conn).await?;
    crate::complaint::counts::bump(conn, c.village_id, aduan_domain::Status::Diterima, 1).await?;
    let due = crate::timefmt::instant(c.verification_due);
    DayTable::RunningDue.bump(conn, c.village_id, day_of(&due), 1).await?;
    DayTable::OpenReceived.bump(conn, c.village_id, day_of(&crate::timefmt::instant(c.received_at)), 1).await?;
    crate::complaint::monthly::received(conn, c.village_id, [c.received_at]).await?;
    for f in &c.files {
        let sql = format!("{ATTACHMENT_INSERT}{}", values(Placeholders::of(conn), ATTACHMENT_ROW, 1));
        bind_attachment(sqlx::query(AssertSqlSafe(sql)), id, c, f).execute(&mut *conn).await?;
    }
    audit::append(conn, c.village_id, now, &audit_entry(c, ticket)).await?;
    match &c.receipt {
        Some(r) => r.record(conn, c.village_id, id, now).await?,
        None => {
            crate::complaint::notify::citizen(conn, id, CitizenEvent::Received, serde_json::json!({}), None, now)
                .await?;
        }
    }
    let managers = crate::complaint::notify::staff_with_roles(conn, c.village_id, &["pengelola"], None).await?;
    let managers: Vec<i64> = managers.into_iter().filter(|m| Some(*m) != c.recorded_by).collect();
    crate::complaint::notify::staff(conn, c.village_id, id, &managers, StaffEvent::NewComplaint, now).await
}
