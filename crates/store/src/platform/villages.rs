//! The village (desa): the tenant every other row belongs to, with its public profile.

use crate::{Store, StoreError};
use aduan_domain::TicketPrefix;
use aduan_domain::sla::SlaTargets;
use time::UtcOffset;

#[derive(Debug, Clone)]
pub struct Village {
    pub id: i64,
    pub slug: String,
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
    pub ticket_prefix: TicketPrefix,
    pub utc_offset: UtcOffset,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub sla: SlaTargets,
}

#[derive(sqlx::FromRow)]
struct VillageRow {
    id: i64,
    slug: String,
    name: String,
    motto: String,
    kecamatan: String,
    kabupaten: String,
    province: String,
    postcode: String,
    office_address: String,
    phone: String,
    email: String,
    office_hours: String,
    complaint_officer_name: String,
    complaint_officer_address: String,
    ticket_prefix: String,
    utc_offset_minutes: i64,
    latitude: Option<f64>,
    longitude: Option<f64>,
    sla_targets: String,
}

impl TryFrom<VillageRow> for Village {
    type Error = StoreError;
    fn try_from(r: VillageRow) -> Result<Self, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("village {}: {what}", r.id));
        Ok(Village {
            ticket_prefix: TicketPrefix::parse(&r.ticket_prefix).map_err(|_| corrupt("ticket prefix"))?,
            utc_offset: UtcOffset::from_whole_seconds(r.utc_offset_minutes as i32 * 60)
                .map_err(|_| corrupt("offset"))?,
            sla: serde_json::from_str(&r.sla_targets).map_err(|_| corrupt("SLA targets"))?,
            id: r.id,
            slug: r.slug,
            name: r.name,
            motto: r.motto,
            kecamatan: r.kecamatan,
            kabupaten: r.kabupaten,
            province: r.province,
            postcode: r.postcode,
            office_address: r.office_address,
            phone: r.phone,
            email: r.email,
            office_hours: r.office_hours,
            complaint_officer_name: r.complaint_officer_name,
            complaint_officer_address: r.complaint_officer_address,
            latitude: r.latitude,
            longitude: r.longitude,
        })
    }
}

/// How long a server process trusts its copy of the village profile, which every page shows. An
/// edit made through this process is seen at once; one made through another process sharing the
/// database within this time.
pub const PROFILE_TTL: std::time::Duration = std::time::Duration::from_secs(30);

/// The default village as last read, and when.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProfileCache(std::sync::Arc<std::sync::RwLock<Option<(std::time::Instant, Village)>>>);

impl ProfileCache {
    fn get(&self) -> Option<Village> {
        let slot = self.0.read().ok()?;
        slot.as_ref().filter(|(at, _)| at.elapsed() < PROFILE_TTL).map(|(_, v)| v.clone())
    }

    fn put(&self, v: &Village) {
        if let Ok(mut slot) = self.0.write() {
            *slot = Some((std::time::Instant::now(), v.clone()));
        }
    }

    pub(crate) fn forget(&self) {
        if let Ok(mut slot) = self.0.write() {
            *slot = None;
        }
    }
}

impl Store {
    /// The installation's first village: a single-village installation has only this one.
    pub async fn default_village(&self) -> Result<Village, StoreError> {
        if let Some(v) = self.profile.get() {
            return Ok(v);
        }
        let row: VillageRow =
            sqlx::query_as("SELECT * FROM villages ORDER BY id LIMIT 1").fetch_one(&self.db.read).await?;
        let village: Village = row.try_into()?;
        self.profile.put(&village);
        Ok(village)
    }

    /// The first `limit` villages of the installation, oldest first.
    pub async fn villages(&self, limit: i64) -> Result<Vec<Village>, StoreError> {
        let rows: Vec<VillageRow> =
            sqlx::query_as("SELECT * FROM villages ORDER BY id LIMIT $1").bind(limit).fetch_all(&self.db.read).await?;
        rows.into_iter().map(Village::try_from).collect()
    }
}
