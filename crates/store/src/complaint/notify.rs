//! Telling people, inside the transaction of the event: a staff notice in the back office (and a
//! mail to staff who left an address), and a message to the citizen by their preferred contact.
//! Both go through the outbox, so a notice exists exactly when its event was committed.

use crate::{StoreError, timefmt};
use aduan_domain::complaint::ContactPref;
use aduan_domain::notice::{CitizenEvent, Reachable, StaffEvent};
use sqlx::AnyConnection;
use time::OffsetDateTime;

/// Active staff of the village holding any of `roles`, plus `also` when given.
pub(crate) async fn staff_with_roles(
    conn: &mut AnyConnection,
    village_id: i64,
    roles: &[&str],
    also: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    let mut ids: Vec<i64> = also.into_iter().collect();
    for role in roles {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE u.village_id = $1 AND r.role = $2 AND u.disabled = 0",
        )
        .bind(village_id)
        .bind(role.to_string())
        .fetch_all(&mut *conn)
        .await?;
        ids.extend(rows.into_iter().map(|(id,)| id));
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The officer handling the case, or the complaint managers when nobody is assigned yet.
pub(crate) async fn handlers(
    conn: &mut AnyConnection,
    village_id: i64,
    assigned: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    let ids = staff_with_roles(conn, village_id, &[], assigned).await?;
    if ids.is_empty() { staff_with_roles(conn, village_id, &["pengelola"], None).await } else { Ok(ids) }
}

/// Notifies `users` of `event` on a complaint: in the back office and, for those with an email
/// address, by mail through the outbox.
pub(crate) async fn staff(
    conn: &mut AnyConnection,
    village_id: i64,
    complaint_id: i64,
    users: &[i64],
    event: StaffEvent,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let at = timefmt::instant(now);
    for user in users {
        sqlx::query(
            "INSERT INTO staff_notifications (village_id, user_id, complaint_id, kind, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(village_id)
        .bind(*user)
        .bind(complaint_id)
        .bind(event.as_str())
        .bind(at.clone())
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO outbox (village_id, complaint_id, user_id, channel, event, params, state, next_attempt_at, created_at) \
             SELECT $1, $2, id, 'email', $3, '{}', 'pending', $4, $4 FROM users \
             WHERE id = $5 AND email IS NOT NULL AND email <> '' AND disabled = 0",
        )
        .bind(village_id)
        .bind(complaint_id)
        .bind(format!("staff.{}", event.as_str()))
        .bind(at.clone())
        .bind(*user)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// `(village_id, preferred_contact, phone_enc, email_enc)`.
type ContactRow = (i64, String, Option<Vec<u8>>, Option<Vec<u8>>);

/// Queues `event` for the citizen of a complaint, by the contact they chose. Returns false when
/// the citizen cannot or does not want to be contacted. `secret` is sealed and wiped once sent.
pub(crate) async fn citizen(
    conn: &mut AnyConnection,
    complaint_id: i64,
    event: CitizenEvent,
    params: serde_json::Value,
    secret: Option<Vec<u8>>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(citizen_within(conn, complaint_id, event, params, secret, now, Reachable::ALL).await?.is_some())
}

/// [`citizen`] on a channel that `reachable` can send, returning the outbox message's id.
pub(crate) async fn citizen_within(
    conn: &mut AnyConnection,
    complaint_id: i64,
    event: CitizenEvent,
    params: serde_json::Value,
    secret: Option<Vec<u8>>,
    now: OffsetDateTime,
    reachable: Reachable,
) -> Result<Option<i64>, StoreError> {
    let row: Option<ContactRow> = sqlx::query_as(
        "SELECT village_id, preferred_contact, phone_enc, email_enc FROM complainants WHERE complaint_id = $1",
    )
    .bind(complaint_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((village_id, pref, phone, email)) = row else {
        return Ok(None);
    };
    let pref = ContactPref::parse(&pref).unwrap_or(ContactPref::Tidak);
    let Some(channel) = reachable.channel(pref, phone.is_some(), email.is_some()) else {
        return Ok(None);
    };
    let recipient = if channel == aduan_domain::notice::Channel::Email { email } else { phone };
    let at = timefmt::instant(now);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO outbox (village_id, complaint_id, channel, recipient_enc, event, params, secret_enc, state, \
         next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $8) RETURNING id",
    )
    .bind(village_id)
    .bind(complaint_id)
    .bind(channel.as_str())
    .bind(recipient)
    .bind(format!("citizen.{}", event.as_str()))
    .bind(params.to_string())
    .bind(secret)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Some(id))
}

/// Where a message goes: the channel and the address, sealed as the outbox opens it (`email` or
/// `phone`).
pub(crate) struct SealedAddress {
    pub channel: aduan_domain::notice::Channel,
    pub sealed: Vec<u8>,
}

/// Queues `event` for whoever sent a mail or text message about a complaint, on the channel it
/// came by: the answer goes back to the sender, who need not be the complainant on file.
pub(crate) async fn sender(
    conn: &mut AnyConnection,
    village_id: i64,
    complaint_id: i64,
    to: SealedAddress,
    event: CitizenEvent,
    secret: Option<Vec<u8>>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let at = timefmt::instant(now);
    sqlx::query(
        "INSERT INTO outbox (village_id, complaint_id, channel, recipient_enc, event, params, secret_enc, state, \
         next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, '{}', $6, 'pending', $7, $7)",
    )
    .bind(village_id)
    .bind(complaint_id)
    .bind(to.channel.as_str())
    .bind(to.sealed)
    .bind(format!("citizen.{}", event.as_str()))
    .bind(secret)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
