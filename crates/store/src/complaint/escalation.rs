//! Step 9: the village's list of supervisory bodies, the citizen's escalation of a case to one of
//! them, and the body's expiring read-only link, whose every visit is audited.

use crate::complaint::citizen::CitizenError;
use crate::platform::audit::{self, AuditEntry};
use crate::{Store, StoreError, complaint::notify, complaint::transition, timefmt};
use aduan_domain::escalation::{self, Grounds};
use aduan_domain::notice::StaffEvent;
use aduan_domain::{Status, Ticket};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// A body the citizen may escalate to, with the contacts the village keeps for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyContact {
    pub name: String,
    pub description: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub website: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub id: i64,
    pub contact: BodyContact,
    pub position: i64,
    pub active: bool,
}

/// One escalation of a case, as the citizen and the case file show it.
#[derive(Debug, Clone)]
pub struct Escalation {
    pub id: i64,
    pub body_id: i64,
    /// The body's contacts as they were when the citizen escalated.
    pub body: BodyContact,
    pub grounds: Vec<Grounds>,
    pub requested: String,
    pub show_identity: bool,
    /// The secret part of the body's read-only link.
    pub link: String,
    pub link_expires_at: OffsetDateTime,
    pub visits: i64,
    pub last_visit_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

impl Escalation {
    pub fn link_open(&self, now: OffsetDateTime) -> bool {
        now < self.link_expires_at
    }
}

/// A deadline the case missed, as the SLA sweep recorded it.
#[derive(Debug, Clone)]
pub struct MissedDeadline {
    /// `verification`, `resolution` or `objection`.
    pub clock: String,
    pub due_at: OffsetDateTime,
    pub noticed_at: OffsetDateTime,
}

/// What the citizen asks of the body.
#[derive(Debug, Clone)]
pub struct EscalationRequest {
    pub body_id: i64,
    pub requested: String,
    pub show_identity: bool,
    /// How long the body's link stays open.
    pub link_for: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("no such link")]
    NotFound,
    #[error("the link has expired")]
    Expired,
    #[error(transparent)]
    Store(#[from] StoreError),
}

crate::error::through_store!(LinkError);

/// The defaults a new village starts with; the village completes the contacts it knows.
pub fn default_bodies(village: &str, kecamatan: &str, kabupaten: &str) -> Vec<BodyContact> {
    let body = |name: String, description: &str, phone: &str, website: &str| BodyContact {
        name,
        description: description.into(),
        phone: phone.into(),
        website: website.into(),
        ..BodyContact::default()
    };
    vec![
        body(format!("BPD {village}"), "Badan Permusyawaratan Desa: mengawasi kinerja Kepala Desa.", "", ""),
        body(format!("Camat {kecamatan}"), "Pembinaan dan pengawasan penyelenggaraan pemerintahan desa.", "", ""),
        body(format!("Inspektorat Kabupaten {kabupaten}"), "Pengawas internal pemerintah kabupaten.", "", ""),
        body(
            "SP4N-LAPOR!".into(),
            "Kanal pengaduan pelayanan publik nasional, diteruskan ke kabupaten.",
            "1708",
            "https://www.lapor.go.id",
        ),
        body(
            "Ombudsman RI Perwakilan Jawa Tengah".into(),
            "Pengawas pelayanan publik; menerima laporan peristiwa paling lama 2 tahun.",
            "137",
            "https://ombudsman.go.id",
        ),
    ]
}

type BodyRow = (i64, String, String, String, String, String, String, i64, i64);
type EscalationRow = (i64, i64, String, String, String, i64, Vec<u8>, String, i64, Option<String>, String);

fn body_from(r: BodyRow) -> Body {
    let (id, name, description, address, phone, email, website, position, active) = r;
    Body {
        id,
        contact: BodyContact { name, description, address, phone, email, website },
        position,
        active: active != 0,
    }
}

/// A query on the bodies, `b`, with the columns `body_from` reads.
macro_rules! bodies_where {
    ($rest:literal) => {
        concat!(
            "SELECT b.id, b.name, b.description, b.address, b.phone, b.email, b.website, b.position, b.active \
             FROM escalation_bodies b ",
            $rest
        )
    };
}

impl Store {
    pub(crate) async fn insert_default_bodies(
        conn: &mut sqlx::AnyConnection,
        village_id: i64,
        bodies: &[BodyContact],
    ) -> Result<(), StoreError> {
        for (i, b) in bodies.iter().enumerate() {
            insert_body(conn, village_id, b, i as i64).await?;
        }
        Ok(())
    }

    /// The village's list, in its order; `active_only` for what citizens are offered.
    pub async fn escalation_bodies(&self, village_id: i64, active_only: bool) -> Result<Vec<Body>, StoreError> {
        let sql = bodies_where!("WHERE b.village_id = $1 AND (b.active = 1 OR $2 = 0) ORDER BY b.position, b.id");
        let rows: Vec<BodyRow> =
            sqlx::query_as(sql).bind(village_id).bind(i64::from(active_only)).fetch_all(&self.db.read).await?;
        Ok(rows.into_iter().map(body_from).collect())
    }

    /// The bodies offered to the citizen of one case.
    pub async fn escalation_bodies_for(&self, complaint_id: i64) -> Result<Vec<Body>, StoreError> {
        let sql = bodies_where!(
            "JOIN complaints c ON c.village_id = b.village_id WHERE c.id = $1 AND b.active = 1 ORDER BY b.position, b.id"
        );
        let rows: Vec<BodyRow> = sqlx::query_as(sql).bind(complaint_id).fetch_all(&self.db.read).await?;
        Ok(rows.into_iter().map(body_from).collect())
    }

    /// Adds a body at the end of the list, or changes one (`id`); audited.
    pub async fn save_escalation_body(
        &self,
        village_id: i64,
        id: Option<i64>,
        contact: &BodyContact,
        active: bool,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let id = match id {
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE escalation_bodies SET name = $3, description = $4, address = $5, phone = $6, email = $7, \
                     website = $8, active = $9 WHERE id = $1 AND village_id = $2",
                )
                .bind(id)
                .bind(village_id)
                .bind(contact.name.clone())
                .bind(contact.description.clone())
                .bind(contact.address.clone())
                .bind(contact.phone.clone())
                .bind(contact.email.clone())
                .bind(contact.website.clone())
                .bind(i64::from(active))
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                id
            }
            None => {
                let (next,): (i64,) = sqlx::query_as(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM escalation_bodies WHERE village_id = $1",
                )
                .bind(village_id)
                .fetch_one(&mut *tx)
                .await?;
                insert_body(&mut tx, village_id, contact, next).await?
            }
        };
        let entry = AuditEntry {
            actor: actor.into(),
            action: "escalation_body.save".into(),
            subject: format!("escalation_body:{id}"),
            detail: serde_json::json!({"name": contact.name, "active": active}),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The citizen takes the case to a body. Refused without grounds, for a body not on the
    /// village's list, or a second time to the same body.
    pub async fn escalate(&self, ticket: &Ticket, req: &EscalationRequest) -> Result<Escalation, CitizenError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let c = transition::lock(&mut tx, ticket, now).await?;
        let grounds = case_grounds(&mut tx, c.id, c.status).await?;
        if grounds.is_empty() {
            return Err(CitizenError::NotNow(c.status));
        }
        let sql = bodies_where!("WHERE b.id = $1 AND b.village_id = $2 AND b.active = 1");
        let body: Option<BodyRow> =
            sqlx::query_as(sql).bind(req.body_id).bind(c.village_id).fetch_optional(&mut *tx).await?;
        let body = body.map(body_from).ok_or(CitizenError::UnknownBody)?;
        let mut secret = [0u8; 24];
        rand::rng().fill_bytes(&mut secret);
        let link = hex::encode(secret);
        let expires = now + req.link_for;
        let grounds_text = grounds.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(",");
        let inserted: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO escalations (village_id, complaint_id, body_id, body, grounds, requested, show_identity, \
             link_hash, link_enc, link_expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (complaint_id, body_id) DO NOTHING RETURNING id",
        )
        .bind(c.village_id)
        .bind(c.id)
        .bind(body.id)
        .bind(serde_json::to_string(&body.contact).map_err(|e| StoreError::Corrupt(e.to_string()))?)
        .bind(grounds_text)
        .bind(req.requested.clone())
        .bind(i64::from(req.show_identity))
        .bind(self.keys.lookup_hash("escalation_link", &link))
        .bind(self.keys.seal("escalation_link", &link))
        .bind(timefmt::instant(expires))
        .bind(timefmt::instant(now))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id,)) = inserted else {
            return Err(CitizenError::AlreadyEscalated);
        };
        sqlx::query(
            "INSERT INTO status_history (village_id, complaint_id, from_status, to_status, action, actor_kind, \
             public_note, at) VALUES ($1, $2, $3, $3, 'escalate', 'citizen', $4, $5)",
        )
        .bind(c.village_id)
        .bind(c.id)
        .bind(c.status.as_str())
        .bind(body.contact.name.clone())
        .bind(timefmt::instant(now))
        .execute(&mut *tx)
        .await?;
        let mut who = notify::handlers(&mut tx, c.village_id, c.assigned_to).await?;
        who.extend(notify::staff_with_roles(&mut tx, c.village_id, &["kades"], None).await?);
        who.sort();
        who.dedup();
        notify::staff(&mut tx, c.village_id, c.id, &who, StaffEvent::Escalation, now).await?;
        let entry = AuditEntry {
            actor: "citizen".into(),
            action: "complaint.escalate".into(),
            subject: format!("complaint:{ticket}"),
            detail: serde_json::json!({"escalation": id, "body": body.contact.name, "show_identity": req.show_identity}),
        };
        audit::append(&mut tx, c.village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(Escalation {
            id,
            body_id: body.id,
            body: body.contact,
            grounds,
            requested: req.requested.clone(),
            show_identity: req.show_identity,
            link,
            link_expires_at: expires,
            visits: 0,
            last_visit_at: None,
            created_at: now,
        })
    }

    /// Every escalation of a case, oldest first.
    pub async fn escalations(&self, complaint_id: i64) -> Result<Vec<Escalation>, StoreError> {
        let rows: Vec<EscalationRow> = sqlx::query_as(
            "SELECT id, body_id, body, grounds, requested, show_identity, link_enc, link_expires_at, visits, last_visit_at, \
             created_at FROM escalations WHERE complaint_id = $1 ORDER BY id",
        )
        .bind(complaint_id)
        .fetch_all(&self.db.read)
        .await?;
        rows.into_iter().map(|r| self.escalation_from(r)).collect()
    }

    fn escalation_from(&self, r: EscalationRow) -> Result<Escalation, StoreError> {
        let (id, body_id, body, grounds, requested, show_identity, link_enc, expires, visits, last_visit, created) = r;
        Ok(Escalation {
            id,
            body_id,
            body: serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("escalation body: {e}")))?,
            grounds: grounds.split(',').filter_map(Grounds::parse).collect(),
            requested,
            show_identity: show_identity != 0,
            link: self.keys.open("escalation_link", &link_enc)?,
            link_expires_at: timefmt::parse_instant(&expires)?,
            visits,
            last_visit_at: timefmt::opt_instant(last_visit)?,
            created_at: timefmt::parse_instant(&created)?,
        })
    }

    /// A body opens its read-only link: the visit is counted and audited. Returns the case's
    /// ticket and the escalation.
    pub async fn open_escalation_link(
        &self,
        link: &str,
        now: OffsetDateTime,
    ) -> Result<(Ticket, Escalation), LinkError> {
        let hash = self.keys.lookup_hash("escalation_link", link);
        let mut tx = self.db.write.begin().await?;
        let found: Option<(i64, i64, String, String)> = sqlx::query_as(
            "SELECT e.id, e.village_id, e.link_expires_at, c.ticket FROM escalations e \
             JOIN complaints c ON c.id = e.complaint_id WHERE e.link_hash = $1",
        )
        .bind(hash)
        .fetch_optional(&mut *tx)
        .await?;
        let (id, village_id, expires, ticket) = found.ok_or(LinkError::NotFound)?;
        if timefmt::parse_instant(&expires)? <= now {
            return Err(LinkError::Expired);
        }
        let at = timefmt::instant(now);
        let row: EscalationRow = sqlx::query_as(
            "UPDATE escalations SET visits = visits + 1, last_visit_at = $2 WHERE id = $1 \
             RETURNING id, body_id, body, grounds, requested, show_identity, link_enc, link_expires_at, visits, \
             last_visit_at, created_at",
        )
        .bind(id)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        let escalation = self.escalation_from(row)?;
        let entry = AuditEntry {
            actor: format!("escalation_link:{id}"),
            action: "escalation.link_view".into(),
            subject: format!("complaint:{ticket}"),
            detail: serde_json::json!({"body": escalation.body.name}),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        let ticket = Ticket::parse(&ticket).map_err(|_| StoreError::Corrupt("ticket".into()))?;
        Ok((ticket, escalation))
    }

    /// The deadlines this case missed, oldest first.
    pub async fn missed_deadlines(&self, complaint_id: i64) -> Result<Vec<MissedDeadline>, StoreError> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT clock, due_at, noticed_at FROM missed_deadlines WHERE complaint_id = $1 ORDER BY id",
        )
        .bind(complaint_id)
        .fetch_all(&self.db.read)
        .await?;
        rows.into_iter()
            .map(|(clock, due, noticed)| {
                Ok(MissedDeadline {
                    clock,
                    due_at: timefmt::parse_instant(&due)?,
                    noticed_at: timefmt::parse_instant(&noticed)?,
                })
            })
            .collect()
    }
}

async fn insert_body(
    conn: &mut sqlx::AnyConnection,
    village_id: i64,
    b: &BodyContact,
    position: i64,
) -> Result<i64, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO escalation_bodies (village_id, name, description, address, phone, email, website, position) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(village_id)
    .bind(b.name.clone())
    .bind(b.description.clone())
    .bind(b.address.clone())
    .bind(b.phone.clone())
    .bind(b.email.clone())
    .bind(b.website.clone())
    .bind(position)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

async fn case_grounds(
    conn: &mut sqlx::AnyConnection,
    complaint_id: i64,
    status: Status,
) -> Result<Vec<Grounds>, StoreError> {
    let (missed,): (i64,) = sqlx::query_as("SELECT deadlines_missed FROM complaints WHERE id = $1")
        .bind(complaint_id)
        .fetch_one(&mut *conn)
        .await?;
    let decision: Option<(Option<String>,)> =
        sqlx::query_as("SELECT decision FROM objections WHERE complaint_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(complaint_id)
            .fetch_optional(&mut *conn)
            .await?;
    let dismissed = decision.and_then(|d| d.0).as_deref() == Some("dismissed");
    Ok(escalation::grounds(status, missed > 0, dismissed))
}
