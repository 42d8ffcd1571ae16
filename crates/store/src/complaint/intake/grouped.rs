//! A batch written as a whole: one multi-row statement per table and run of rows instead of a
//! dozen statements per complaint, so the writer's time per complaint shrinks as load grows.
//! Ticket collisions are drawn again inside the same transaction (`ON CONFLICT DO NOTHING` keeps
//! it usable on both backends); any other failure gives the batch back to the one-by-one path.

use super::*;
use crate::complaint::day_counts::{DayTable, Tally};
use crate::complaint::search::index::{self, Table};
use crate::multi_row::{Placeholders, Val, runs, values};
use crate::platform::audit;
use aduan_domain::complaint::ContactPref;
use aduan_domain::notice::{CitizenEvent, Reachable, StaffEvent};
use aduan_domain::search;
use sqlx::{AnyConnection, AssertSqlSafe, Row};
use std::collections::{BTreeMap, HashMap, HashSet};

pub(super) async fn commit(
    db: &Db,
    keys: &Keyring,
    now: OffsetDateTime,
    batch: &[&Prepared],
) -> Result<Vec<Ticket>, StoreError> {
    let mut tx = db.write.begin().await?;
    let conn: &mut AnyConnection = &mut tx;
    let stored = insert_complaints(conn, keys, batch).await?;
    let rows: Vec<(i64, &Prepared)> = stored.iter().map(|(_, id)| *id).zip(batch.iter().copied()).collect();
    insert_rows(conn, COMPLAINANT_INSERT, COMPLAINANT_ROW, &rows, |q, (id, c)| bind_complainant(q, *id, c)).await?;
    let (mut words, mut names) = (Table::Words.rows(), Table::Names.rows());
    for (id, c) in &rows {
        crate::complaint::duplicates::record(conn, *id, &c.duplicates).await?;
        words.push(index::row(Val::Int(*id), c.words.clone()));
        let name = search::name_words(c.name.as_deref().unwrap_or(""));
        if !name.is_empty() {
            names.push(index::row(Val::Int(*id), name));
        }
    }
    for q in words.statements(Placeholders::of(conn), 0).into_iter().chain(names.statements(Placeholders::of(conn), 0))
    {
        q.execute(&mut *conn).await?;
    }
    insert_rows(conn, HISTORY_INSERT, HISTORY_ROW, &rows, |q, (id, c)| bind_history(q, *id, c)).await?;
    let files: Vec<(i64, &Prepared, &FileRef)> =
        rows.iter().flat_map(|(id, c)| c.files.iter().map(move |f| (*id, *c, f))).collect();
    insert_rows(conn, ATTACHMENT_INSERT, ATTACHMENT_ROW, &files, |q, (id, c, f)| bind_attachment(q, *id, c, f)).await?;

    let mut villages: BTreeMap<i64, Vec<AuditEntry>> = BTreeMap::new();
    for ((ticket, _), c) in stored.iter().zip(batch) {
        villages.entry(c.village_id).or_default().push(audit_entry(c, ticket));
    }
    for (village, entries) in &villages {
        crate::complaint::counts::bump(conn, *village, aduan_domain::Status::Diterima, entries.len() as i64).await?;
        let received = batch.iter().filter(|c| c.village_id == *village).map(|c| c.received_at);
        crate::complaint::monthly::received(conn, *village, received).await?;
        audit::append_many(conn, *village, now, entries).await?;
    }
    let mut due_days = Tally::new(DayTable::RunningDue);
    let mut open_days = Tally::new(DayTable::OpenReceived);
    for c in batch {
        due_days.add(c.village_id, Some(&crate::timefmt::instant(c.verification_due)), 1);
        open_days.add(c.village_id, Some(&crate::timefmt::instant(c.received_at)), 1);
    }
    due_days.write(conn).await?;
    open_days.write(conn).await?;
    notify_citizens(conn, &rows, now).await?;
    notify_managers(conn, &rows, villages.keys().copied(), now).await?;
    tx.commit().await?;
    Ok(stored.into_iter().map(|(ticket, _)| ticket).collect())
}

/// Each complaint's ticket and id, in the batch's order.
async fn insert_complaints(
    conn: &mut AnyConnection,
    keys: &Keyring,
    batch: &[&Prepared],
) -> Result<Vec<(Ticket, i64)>, StoreError> {
    let mut stored: Vec<Option<(Ticket, i64)>> = vec![None; batch.len()];
    for _ in 0..TICKET_ATTEMPTS {
        let drawn = draw_tickets(batch, &stored);
        if drawn.is_empty() {
            break;
        }
        for run in runs(drawn.len()) {
            let sql = format!(
                "{COMPLAINT_INSERT}{} ON CONFLICT DO NOTHING RETURNING ticket, id",
                values(Placeholders::of(conn), COMPLAINT_ROW, run.len())
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for (i, ticket) in &drawn[run.clone()] {
                q = bind_complaint(q, keys, batch[*i], ticket);
            }
            let mut inserted = HashMap::new();
            for row in q.fetch_all(&mut *conn).await? {
                inserted.insert(row.try_get::<String, _>(0)?, row.try_get::<i64, _>(1)?);
            }
            for (i, ticket) in &drawn[run] {
                if let Some(id) = inserted.remove(ticket.as_str()) {
                    stored[*i] = Some((ticket.clone(), id));
                }
            }
        }
    }
    stored.into_iter().map(|s| s.ok_or_else(|| StoreError::Conflict("no free ticket".into()))).collect()
}

/// A fresh ticket for every complaint not yet stored, none of them twice within the batch.
fn draw_tickets(batch: &[&Prepared], stored: &[Option<(Ticket, i64)>]) -> Vec<(usize, Ticket)> {
    let mut rng = rand::rng();
    let mut taken: HashSet<String> = stored.iter().flatten().map(|(t, _)| t.as_str().to_string()).collect();
    let mut drawn = Vec::new();
    for (i, c) in batch.iter().enumerate().filter(|(i, _)| stored[*i].is_none()) {
        let ticket = loop {
            let t = Ticket::generate(&c.prefix, &mut rng);
            if taken.insert(t.as_str().to_string()) {
                break t;
            }
        };
        drawn.push((i, ticket));
    }
    drawn
}

async fn insert_rows<T>(
    conn: &mut AnyConnection,
    insert: &str,
    row: &str,
    items: &[T],
    bind: impl Fn(AnyQuery<'static>, &T) -> AnyQuery<'static>,
) -> Result<(), StoreError> {
    for run in runs(items.len()) {
        let mut q = sqlx::query(AssertSqlSafe(format!("{insert}{}", values(Placeholders::of(conn), row, run.len()))));
        for item in &items[run] {
            q = bind(q, item);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The receipt by the contact each citizen chose, as `notify::citizen` queues it one at a time;
/// a complaint by mail or text message is answered on the channel it came by.
async fn notify_citizens(
    conn: &mut AnyConnection,
    rows: &[(i64, &Prepared)],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let mut messages = Vec::new();
    for (id, c) in rows {
        if let Some(r) = &c.receipt {
            r.record(conn, c.village_id, *id, now).await?;
            continue;
        }
        let pref = ContactPref::parse(c.preferred_contact).unwrap_or(ContactPref::Tidak);
        if let Some(channel) = Reachable::ALL.channel(pref, c.phone_enc.is_some(), c.email_enc.is_some()) {
            let recipient = if channel == aduan_domain::notice::Channel::Email { &c.email_enc } else { &c.phone_enc };
            messages.push((*id, c.village_id, channel.as_str(), recipient.clone()));
        }
    }
    let at = timefmt::instant(now);
    let event = format!("citizen.{}", CitizenEvent::Received.as_str());
    insert_rows(
        conn,
        "INSERT INTO outbox (village_id, complaint_id, channel, recipient_enc, event, params, secret_enc, state, \
         next_attempt_at, created_at) VALUES ",
        "($, $, $, $, $, '{}', NULL, 'pending', $, $)",
        &messages,
        |q, (id, village, channel, recipient)| {
            q.bind(*village)
                .bind(*id)
                .bind(*channel)
                .bind(recipient.clone())
                .bind(event.clone())
                .bind(at.clone())
                .bind(at.clone())
        },
    )
    .await
}

/// The complaint managers' notice of each new complaint (and their mail when they left an
/// address), as `notify::staff` queues it one complaint at a time; nobody is told of a complaint
/// they recorded themselves.
async fn notify_managers(
    conn: &mut AnyConnection,
    rows: &[(i64, &Prepared)],
    villages: impl Iterator<Item = i64>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let mut managers: HashMap<i64, (Vec<i64>, HashSet<i64>)> = HashMap::new();
    for village in villages {
        let ids = crate::complaint::notify::staff_with_roles(conn, village, &["pengelola"], None).await?;
        let mailable: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM users WHERE village_id = $1 AND email IS NOT NULL AND email <> '' AND disabled = 0",
        )
        .bind(village)
        .fetch_all(&mut *conn)
        .await?;
        managers.insert(village, (ids, mailable.into_iter().map(|(id,)| id).collect()));
    }
    let (mut notices, mut mails) = (Vec::new(), Vec::new());
    for (id, c) in rows {
        let Some((ids, mailable)) = managers.get(&c.village_id) else { continue };
        for user in ids.iter().copied().filter(|u| Some(*u) != c.recorded_by) {
            notices.push((c.village_id, user, *id));
            if mailable.contains(&user) {
                mails.push((c.village_id, user, *id));
            }
        }
    }
    let at = timefmt::instant(now);
    let kind = StaffEvent::NewComplaint.as_str();
    insert_rows(
        conn,
        "INSERT INTO staff_notifications (village_id, user_id, complaint_id, kind, created_at) VALUES ",
        "($, $, $, $, $)",
        &notices,
        |q, (village, user, id)| q.bind(*village).bind(*user).bind(*id).bind(kind).bind(at.clone()),
    )
    .await?;
    let event = format!("staff.{kind}");
    insert_rows(
        conn,
        "INSERT INTO outbox (village_id, complaint_id, user_id, channel, event, params, state, next_attempt_at, \
         created_at) VALUES ",
        "($, $, $, 'email', $, '{}', 'pending', $, $)",
        &mails,
        |q, (village, user, id)| {
            q.bind(*village).bind(*id).bind(*user).bind(event.clone()).bind(at.clone()).bind(at.clone())
        },
    )
    .await
}
