//! Demo data: realistic synthetic complaints in any number, for trying Aduan out and for
//! measuring it at scale. Every complaint is written by the same rules as a real one — identity
//! encrypted and hashed under the installation key, PIN bound to the ticket, history, audit
//! chain, status counts and monthly figures kept together — in large multi-row transactions.
//! Demo rows carry `demo = 1`: the generator refuses a database that holds real complaints
//! unless told, and `remove_demo_data` takes them out again and corrects every figure.

mod remove;
mod rows;
mod story;
mod texts;
mod write;

use crate::platform::villages::Village;
use crate::{Store, StoreError};
use aduan_domain::access::Roles;
use aduan_domain::calendar::WorkingCalendar;
use aduan_domain::staff::Username;
use aduan_domain::{Role, TicketPrefix};
use rand::SeedableRng;
use rand::rngs::StdRng;
use time::UtcOffset;

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub complaints: u64,
    /// Spread over the first this many villages of the installation.
    pub villages: u32,
    /// How far back the complaints go.
    pub years: u32,
    pub seed: u64,
    /// Add demo data even where real complaints are stored.
    pub beside_real: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database holds {0} real complaints; demo data is added beside them only when asked")]
    RealComplaints(i64),
    #[error("the installation has {have} villages, not {asked}")]
    TooFewVillages { have: usize, asked: u32 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one village's complaints are drawn and written with.
pub(crate) struct VillageContext {
    pub id: i64,
    pub prefix: TicketPrefix,
    pub calendar: WorkingCalendar,
    pub zone: UtcOffset,
    pub targets: aduan_domain::sla::SlaTargets,
    pub categories: Vec<i64>,
    pub category_days: Vec<u32>,
    pub manager: i64,
    pub head: i64,
    pub officers: Vec<i64>,
    /// `(id, contact as stored)` of the first escalation body.
    pub body: Option<(i64, String)>,
}

/// Complaints per transaction: large enough that commits cost little, small enough that a
/// stopped run keeps most of its work and memory stays flat.
const BATCH: usize = 5_000;

impl Store {
    /// How many demo complaints are stored.
    pub async fn demo_complaints(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM complaints WHERE demo = 1").fetch_one(&self.db.read).await?;
        Ok(n)
    }

    /// Fills the database with `opts.complaints` synthetic complaints; `progress` is told how
    /// many are stored after each transaction.
    pub async fn demo_data(&self, opts: &DemoOptions, progress: &(dyn Fn(u64) + Sync)) -> Result<u64, DemoError> {
        let demo = self.demo_complaints().await?;
        let real = self.count_complaints().await? - demo;
        if real > 0 && !opts.beside_real {
            return Err(DemoError::RealComplaints(real));
        }
        let villages = self.villages(i64::from(opts.villages.max(1))).await?;
        if villages.len() < opts.villages.max(1) as usize {
            return Err(DemoError::TooFewVillages { have: villages.len(), asked: opts.villages });
        }
        let mut contexts = Vec::with_capacity(villages.len());
        for v in &villages {
            contexts.push(self.demo_context(v).await?);
        }
        let mut rng = StdRng::seed_from_u64(opts.seed);
        let now = self.clock.now();
        let mut done = 0u64;
        let mut images = write::Images::default();
        self.db.bulk_cache(true).await?;
        let written = async {
            while done < opts.complaints {
                let n = (opts.complaints - done).min(BATCH as u64) as usize;
                write::batch(self, &contexts, &mut rng, &mut images, n, opts.years, now).await?;
                done += n as u64;
                progress(done);
            }
            Ok::<(), StoreError>(())
        }
        .await;
        self.db.bulk_cache(false).await?;
        written?;
        self.db.optimize().await?;
        Ok(done)
    }

    async fn demo_context(&self, v: &Village) -> Result<VillageContext, StoreError> {
        let categories = self.categories(v.id).await?;
        let manager = self.demo_user(v.id, "contoh.pengelola", "Pengelola Contoh", Role::Pengelola).await?;
        let head = self.demo_user(v.id, "contoh.kades", "Kepala Desa Contoh", Role::Kades).await?;
        let mut officers = Vec::new();
        for i in 1..=3 {
            officers.push(
                self.demo_user(v.id, &format!("contoh.petugas{i}"), &format!("Petugas Contoh {i}"), Role::Petugas)
                    .await?,
            );
        }
        let body = self.escalation_bodies(v.id, true).await?.into_iter().next().map(|b| {
            let contact = serde_json::to_string(&b.contact).unwrap_or_default();
            (b.id, contact)
        });
        Ok(VillageContext {
            id: v.id,
            prefix: v.ticket_prefix.clone(),
            calendar: self.working_calendar(v.id).await?,
            zone: v.utc_offset,
            targets: v.sla,
            category_days: categories.iter().map(|c| v.sla.resolution_days(c.sla_class)).collect(),
            categories: categories.iter().map(|c| c.id).collect(),
            manager,
            head,
            officers,
            body,
        })
    }

    /// A demo staff member, made once: their password hash is not a hash, so nobody signs in
    /// as them.
    async fn demo_user(&self, village_id: i64, username: &str, name: &str, role: Role) -> Result<i64, StoreError> {
        let username = Username::parse(username).map_err(|_| StoreError::Corrupt("demo username".into()))?;
        match self.user_by_username(village_id, &username).await {
            Ok(u) => Ok(u.id),
            Err(StoreError::NotFound) => {
                self.create_user(village_id, &username, name, "!", &Roles::new(vec![role]), None).await
            }
            Err(e) => Err(e),
        }
    }
}
