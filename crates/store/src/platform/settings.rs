//! Village settings an admin changes: the holiday calendar, categories and SLA targets. Every
//! change is audited. Deadlines already given are stored on each complaint, so a change here
//! applies to clocks started afterwards and never silently moves a promise made to a citizen.

use crate::platform::audit::{self, AuditEntry};
use crate::platform::users::StaffUser;
use crate::{Store, StoreError, timefmt};
use aduan_domain::calendar::Holiday;
use aduan_domain::sla::{SlaClass, SlaTargets};

/// A category as the admin edits it.
#[derive(Debug, Clone)]
pub struct CategoryEdit {
    pub code: String,
    pub name: String,
    pub description: String,
    pub sla_class: SlaClass,
    pub responsible_user_id: Option<i64>,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct CategoryRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub description: String,
    pub sla_class: SlaClass,
    pub responsible_user_id: Option<i64>,
    pub active: bool,
}

fn entry(by: &StaffUser, action: &str, subject: String, detail: serde_json::Value) -> AuditEntry {
    AuditEntry { actor: format!("user:{}", by.id), action: action.to_string(), subject, detail }
}

impl Store {
    /// Adds the holidays, replacing the name and kind of days already listed. Returns how many
    /// days were new.
    pub async fn put_holidays(&self, village_id: i64, days: &[Holiday], by: &StaffUser) -> Result<usize, StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let mut added = 0;
        for h in days {
            let existed: Option<(i64,)> = sqlx::query_as("SELECT id FROM holidays WHERE village_id = $1 AND day = $2")
                .bind(village_id)
                .bind(timefmt::day(h.date))
                .fetch_optional(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO holidays (village_id, day, kind, name) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (village_id, day) DO UPDATE SET kind = $3, name = $4",
            )
            .bind(village_id)
            .bind(timefmt::day(h.date))
            .bind(h.kind.as_str())
            .bind(h.name.clone())
            .execute(&mut *tx)
            .await?;
            if existed.is_none() {
                added += 1;
            }
        }
        let days_list: Vec<String> = days.iter().map(|h| timefmt::day(h.date)).collect();
        let detail = serde_json::json!({"days": days_list, "added": added});
        audit::append(&mut tx, village_id, now, &entry(by, "calendar.put", format!("village:{village_id}"), detail))
            .await?;
        tx.commit().await?;
        Ok(added)
    }

    pub async fn remove_holiday(&self, village_id: i64, day: time::Date, by: &StaffUser) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let done = sqlx::query("DELETE FROM holidays WHERE village_id = $1 AND day = $2")
            .bind(village_id)
            .bind(timefmt::day(day))
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let detail = serde_json::json!({"day": timefmt::day(day)});
        audit::append(&mut tx, village_id, now, &entry(by, "calendar.remove", format!("village:{village_id}"), detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_sla_targets(
        &self,
        village_id: i64,
        targets: &SlaTargets,
        by: &StaffUser,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let json = serde_json::to_string(targets).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.db.write.begin().await?;
        sqlx::query("UPDATE villages SET sla_targets = $2 WHERE id = $1")
            .bind(village_id)
            .bind(json)
            .execute(&mut *tx)
            .await?;
        let detail = serde_json::to_value(targets).unwrap_or_default();
        audit::append(&mut tx, village_id, now, &entry(by, "settings.sla", format!("village:{village_id}"), detail))
            .await?;
        tx.commit().await?;
        self.profile.forget();
        Ok(())
    }

    /// All categories, active or not, for the admin.
    pub async fn all_categories(&self, village_id: i64) -> Result<Vec<CategoryRow>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            code: String,
            name: String,
            description: String,
            sla_class: String,
            responsible_user_id: Option<i64>,
            active: i64,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, code, name, description, sla_class, responsible_user_id, active FROM categories \
             WHERE village_id = $1 ORDER BY sort_order, id",
        )
        .bind(village_id)
        .fetch_all(&self.db.read)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(CategoryRow {
                    sla_class: SlaClass::parse(&r.sla_class).ok_or_else(|| StoreError::Corrupt("SLA class".into()))?,
                    id: r.id,
                    code: r.code,
                    name: r.name,
                    description: r.description,
                    responsible_user_id: r.responsible_user_id,
                    active: r.active != 0,
                })
            })
            .collect()
    }

    /// Creates the category, or updates the one with the same code.
    pub async fn put_category(&self, village_id: i64, c: &CategoryEdit, by: &StaffUser) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let (next,): (i64,) =
            sqlx::query_as("SELECT COALESCE(MAX(sort_order), 0) + 1 FROM categories WHERE village_id = $1")
                .bind(village_id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO categories (village_id, code, name, description, sla_class, responsible_user_id, active, sort_order) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (village_id, code) DO UPDATE SET name = $3, \
             description = $4, sla_class = $5, responsible_user_id = $6, active = $7",
        )
        .bind(village_id)
        .bind(c.code.clone())
        .bind(c.name.clone())
        .bind(c.description.clone())
        .bind(c.sla_class.as_str())
        .bind(c.responsible_user_id)
        .bind(i64::from(c.active))
        .bind(next)
        .execute(&mut *tx)
        .await?;
        let detail = serde_json::json!({"name": c.name, "sla_class": c.sla_class.as_str(),
            "responsible_user_id": c.responsible_user_id, "active": c.active});
        audit::append(
            &mut tx,
            village_id,
            now,
            &entry(by, "settings.category", format!("category:{}", c.code), detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The public profile of the village as the admin edits it.
#[derive(Debug, Clone, Default)]
pub struct ProfileEdit {
    pub name: String,
    pub motto: String,
    pub kecamatan: String,
    pub kabupaten: String,
    pub province: String,
    pub postcode: String,
    pub office_address: String,
    pub phone: String,
    pub email: String,
    pub office_hours: String,
    pub complaint_officer_name: String,
    pub complaint_officer_address: String,
    /// The office on the map, as latitude and longitude in degrees.
    pub location: Option<(f64, f64)>,
}

impl Store {
    pub async fn update_profile(&self, village_id: i64, p: &ProfileEdit, by: &StaffUser) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        sqlx::query(
            "UPDATE villages SET name = $2, motto = $3, kecamatan = $4, kabupaten = $5, province = $6, postcode = $7, \
             office_address = $8, phone = $9, email = $10, office_hours = $11, complaint_officer_name = $12, \
             complaint_officer_address = $13, latitude = $14, longitude = $15 WHERE id = $1",
        )
        .bind(village_id)
        .bind(p.name.clone())
        .bind(p.motto.clone())
        .bind(p.kecamatan.clone())
        .bind(p.kabupaten.clone())
        .bind(p.province.clone())
        .bind(p.postcode.clone())
        .bind(p.office_address.clone())
        .bind(p.phone.clone())
        .bind(p.email.clone())
        .bind(p.office_hours.clone())
        .bind(p.complaint_officer_name.clone())
        .bind(p.complaint_officer_address.clone())
        .bind(p.location.map(|l| l.0))
        .bind(p.location.map(|l| l.1))
        .execute(&mut *tx)
        .await?;
        let detail = serde_json::json!({"name": p.name, "complaint_officer_name": p.complaint_officer_name});
        audit::append(
            &mut tx,
            village_id,
            now,
            &entry(by, "settings.profile", format!("village:{village_id}"), detail),
        )
        .await?;
        tx.commit().await?;
        self.profile.forget();
        Ok(())
    }
}
