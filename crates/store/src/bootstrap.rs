//! First start: a fresh database gets a village profile, categories, the holiday calendar and a
//! first admin whose one-time password is returned once, to be printed.

use crate::platform::audit::{self, AuditEntry, GENESIS};
use crate::{Store, StoreError, platform::credentials, timefmt};
use aduan_domain::calendar::Holiday;
use aduan_domain::sla::{SlaClass, SlaTargets};

#[derive(Debug, Clone)]
pub struct VillageSeed {
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
    pub ticket_prefix: String,
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Debug, Clone)]
pub struct CategorySeed {
    pub code: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub sla_class: SlaClass,
}

/// What a fresh installation starts with; the admin changes it later.
pub struct Seed {
    pub village: VillageSeed,
    pub categories: Vec<CategorySeed>,
    pub holidays: Vec<Holiday>,
}

/// Returned once when the installation was just created.
#[derive(Debug)]
pub struct FirstAdmin {
    pub username: String,
    pub password: String,
}

impl Store {
    pub async fn is_bootstrapped(&self) -> Result<bool, StoreError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM villages").fetch_one(&self.db.read).await?;
        Ok(n > 0)
    }

    /// Seeds an empty database in one transaction; does nothing when a village exists.
    pub async fn bootstrap(&self, seed: &Seed) -> Result<Option<FirstAdmin>, StoreError> {
        if self.is_bootstrapped().await? {
            return Ok(None);
        }
        let password = credentials::generate_password();
        let hash = tokio::task::spawn_blocking({
            let p = password.clone();
            move || credentials::hash_secret(&p)
        })
        .await
        .map_err(|e| StoreError::Config(e.to_string()))??;
        match self.insert_seed(seed, &hash).await {
            Ok(()) => Ok(Some(FirstAdmin { username: "admin".into(), password })),
            // Another process bootstrapped the same database at the same moment.
            Err(StoreError::Conflict(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn insert_seed(&self, seed: &Seed, hash: &str) -> Result<(), StoreError> {
        let now = self.clock.now();
        let v = &seed.village;
        let mut tx = self.db.write.begin().await?;
        let (village_id,): (i64,) = sqlx::query_as(
            "INSERT INTO villages (slug, name, motto, kecamatan, kabupaten, province, postcode, office_address, \
             phone, email, office_hours, complaint_officer_name, complaint_officer_address, ticket_prefix, \
             utc_offset_minutes, latitude, longitude, sla_targets, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 420, $15, $16, $17, $18) RETURNING id",
        )
        .bind(v.slug.clone())
        .bind(v.name.clone())
        .bind(v.motto.clone())
        .bind(v.kecamatan.clone())
        .bind(v.kabupaten.clone())
        .bind(v.province.clone())
        .bind(v.postcode.clone())
        .bind(v.office_address.clone())
        .bind(v.phone.clone())
        .bind(v.email.clone())
        .bind(v.office_hours.clone())
        .bind(v.complaint_officer_name.clone())
        .bind(v.complaint_officer_address.clone())
        .bind(v.ticket_prefix.clone())
        .bind(v.latitude)
        .bind(v.longitude)
        .bind(serde_json::to_string(&SlaTargets::default()).unwrap_or_default())
        .bind(timefmt::instant(now))
        .fetch_one(&mut *tx)
        .await?;
        for (i, c) in seed.categories.iter().enumerate() {
            sqlx::query(
                "INSERT INTO categories (village_id, code, name, description, sla_class, sort_order) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(village_id)
            .bind(c.code)
            .bind(c.name)
            .bind(c.description)
            .bind(c.sla_class.as_str())
            .bind(i as i64)
            .execute(&mut *tx)
            .await?;
        }
        let bodies = crate::complaint::escalation::default_bodies(&v.name, &v.kecamatan, &v.kabupaten);
        Store::insert_default_bodies(&mut tx, village_id, &bodies).await?;
        crate::portal::articles::seed(&mut tx, village_id).await?;
        for h in &seed.holidays {
            sqlx::query("INSERT INTO holidays (village_id, day, kind, name) VALUES ($1, $2, $3, $4)")
                .bind(village_id)
                .bind(timefmt::day(h.date))
                .bind(h.kind.as_str())
                .bind(h.name.clone())
                .execute(&mut *tx)
                .await?;
        }
        let (user_id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (village_id, username, display_name, password_hash, must_change_password, created_at) \
             VALUES ($1, 'admin', 'Administrator', $2, 1, $3) RETURNING id",
        )
        .bind(village_id)
        .bind(hash.to_string())
        .bind(timefmt::instant(now))
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO user_roles (user_id, village_id, role) VALUES ($1, $2, 'admin')")
            .bind(user_id)
            .bind(village_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO audit_head (village_id, seq, hash) VALUES ($1, 0, $2)")
            .bind(village_id)
            .bind(GENESIS)
            .execute(&mut *tx)
            .await?;
        let entry = AuditEntry {
            actor: "system".into(),
            action: "installation.created".into(),
            subject: format!("village:{}", v.slug),
            detail: serde_json::json!({"categories": seed.categories.len(), "holidays": seed.holidays.len(), "admin": "admin"}),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The installation a fresh data directory gets: Desa Karangbawang, the usual village services
/// and the national holiday calendar shipped with Aduan.
pub fn default_seed() -> Result<Seed, aduan_domain::calendar::CalendarError> {
    use SlaClass::*;
    let c = |code, name, description, sla_class| CategorySeed { code, name, description, sla_class };
    Ok(Seed {
        village: VillageSeed {
            slug: "karangbawang".into(),
            name: "Desa Karangbawang".into(),
            motto: "Melayani dengan sepenuh hati".into(),
            kecamatan: "Rembang".into(),
            kabupaten: "Purbalingga".into(),
            province: "Jawa Tengah".into(),
            postcode: "53356".into(),
            office_address: "Balai Desa Karangbawang, Kec. Rembang, Kab. Purbalingga, Jawa Tengah 53356".into(),
            phone: String::new(),
            email: String::new(),
            office_hours: "Senin–Kamis 08.00–15.00, Jumat 08.00–11.00 WIB".into(),
            complaint_officer_name: "Sekretaris Desa".into(),
            complaint_officer_address: "Balai Desa Karangbawang".into(),
            ticket_prefix: "KRB".into(),
            latitude: -7.2846,
            longitude: 109.4687,
        },
        categories: vec![
            c(
                "surat",
                "Surat keterangan dan pengantar",
                "Surat pengantar, keterangan domisili, usaha, tidak mampu",
                Ringan,
            ),
            c(
                "adminduk",
                "Administrasi kependudukan",
                "KTP-el, Kartu Keluarga, akta kelahiran dan kematian, pindah datang",
                Normatif,
            ),
            c("bansos", "Bantuan sosial", "BLT Dana Desa, PKH, bantuan pangan, data DTKS", TidakBerkadarPengawasan),
            c(
                "infrastruktur",
                "Jalan, jembatan dan saluran",
                "Jalan desa, jembatan, drainase, penerangan jalan",
                TidakBerkadarPengawasan,
            ),
            c("air_sanitasi", "Air bersih dan sanitasi", "Pamsimas, sumur, jamban, sampah", TidakBerkadarPengawasan),
            c("kesehatan", "Kesehatan dan posyandu", "Posyandu, polindes, stunting", Normatif),
            c("pendidikan", "Pendidikan dan PAUD", "PAUD desa, beasiswa, perpustakaan desa", Normatif),
            c("pertanahan", "Pertanahan", "Batas tanah, surat riwayat tanah, tanah kas desa", BerkadarPengawasan),
            c("dana_desa", "Pengelolaan dana desa", "APBDes, pembangunan, BUMDes", BerkadarPengawasan),
            c("ketertiban", "Ketertiban dan lingkungan", "Keamanan, ketertiban, lingkungan hidup", Normatif),
            c("pelayanan", "Sikap dan pelayanan perangkat desa", "Jam layanan, sikap petugas, pungutan", Normatif),
            c("lainnya", "Lainnya", "Hal lain tentang layanan desa", Normatif),
        ],
        holidays: aduan_domain::calendar::parse_holidays_csv(include_str!("../../../data/hari-libur-2025-2026.csv"))?,
    })
}
