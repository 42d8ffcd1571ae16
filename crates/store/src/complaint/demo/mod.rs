//! Demo data: realistic synthetic complaints in any number, for trying Aduan out and for
//! measuring it at scale. Every complaint is written by the same rules as a real one — identity
//! encrypted and hashed under the installation key, PIN bound to the ticket, history, audit
//! chain, status counts and monthly figures kept together — in large multi-row transactions.
//! Demo rows carry `demo = 1`: the generator refuses a database that holds real complaints
//! unless told, and `remove_demo_data` takes them out again and corrects every figure.

mod remove;
mod story;
mod texts;
mod write;

use crate::platform::villages::Village;
use crate::{Backend, Store, StoreError};
use aduan_domain::access::Roles;
use aduan_domain::calendar::WorkingCalendar;
use aduan_domain::staff::Username;
use aduan_domain::{Role, TicketPrefix};
use sqlx::Executor;
use std::sync::Arc;
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
/// stopped run keeps most of its work and memory stays flat. SQLite writes every page a
/// transaction touched to its log, so fewer, larger transactions write each page fewer times.
const fn batch(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => 10_000,
        Backend::Postgres => 5_000,
    }
}

/// The tables demo data fills, whose non-unique indexes a large run builds at its end.
pub(crate) const BULK_TABLES: &[&str] = &[
    "complaints",
    "complainants",
    "status_history",
    "messages",
    "feedback",
    "objections",
    "missed_deadlines",
    "escalations",
    "attachments",
    "audit_log",
    "complaint_words",
    "complainant_names",
];

/// Below this many complaints the indexes are extended as the rows come.
const DEFER_INDEXES_FROM: u64 = 1_000;

/// The run's complaints in the order they arrived, so that every index grows at its end and ids
/// follow time: how each story begins is drawn on every core.
async fn arrival_order(run: &write::Run, complaints: u64) -> Result<Vec<u64>, StoreError> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let per = complaints.div_ceil(cores).max(1);
    let mut parts = Vec::new();
    for first in (0..complaints).step_by(per as usize) {
        let (seed, years, now) = (run.seed, run.years, run.now);
        parts.push(tokio::task::spawn_blocking(move || {
            (first..(first + per).min(complaints))
                .map(|i| (story::start(&mut write::story_rng(seed, i), years, now).received_at.unix_timestamp(), i))
                .collect::<Vec<(i64, u64)>>()
        }));
    }
    let mut order = Vec::with_capacity(complaints as usize);
    for part in parts {
        order.extend(part.await.map_err(|e| StoreError::Corrupt(format!("demo data order: {e}")))?);
    }
    order.sort_unstable();
    Ok(order.into_iter().map(|(_, i)| i).collect())
}

/// Batches of `full` complaints, the first ones smaller so that the writer starts while the
/// drawer is still warming up.
struct Batches<'a> {
    rest: &'a [u64],
    next: usize,
    full: usize,
}

impl<'a> Batches<'a> {
    fn new(order: &'a [u64], full: usize) -> Self {
        Batches { rest: order, next: full.min(500), full }
    }
}

impl<'a> Iterator for Batches<'a> {
    type Item = &'a [u64];

    fn next(&mut self) -> Option<&'a [u64]> {
        if self.rest.is_empty() {
            return None;
        }
        let (batch, rest) = self.rest.split_at(self.next.min(self.rest.len()));
        self.rest = rest;
        self.next = (self.next * 2).min(self.full);
        Some(batch)
    }
}

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
        let run = write::Run {
            store: self.clone(),
            villages: Arc::new(contexts),
            seed: opts.seed,
            years: opts.years,
            now: self.clock.now(),
            unchecked_references: self.db.may_skip_reference_checks().await,
        };
        let order = arrival_order(&run, opts.complaints).await?;
        // Sorting each index once over all rows costs less than extending it row by row
        // once the run at least doubles the tables.
        let defer = opts.complaints >= DEFER_INDEXES_FROM && opts.complaints >= (demo + real).unsigned_abs();
        if defer {
            self.db.defer_indexes(BULK_TABLES).await?;
        }
        self.db.bulk_cache(true).await?;
        let written = Self::demo_batches(run, order, progress).await;
        let rebuilt = if defer { self.db.restore_deferred_indexes().await.map(|_| ()) } else { Ok(()) };
        self.db.bulk_cache(false).await?;
        let done = written?;
        rebuilt?;
        self.db.optimize().await?;
        Ok(done)
    }

    /// Draws the next batch while the last one is written: the two halves of the work each take
    /// a core.
    async fn demo_batches(
        run: write::Run,
        order: Vec<u64>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<u64, StoreError> {
        let (sender, mut batches) = tokio::sync::mpsc::channel(1);
        let drawer = {
            let run = run.clone();
            tokio::spawn(async move {
                let mut drawer = write::Drawer::default();
                for indexes in Batches::new(&order, batch(run.store.db.backend)) {
                    let batch = write::build(&run, indexes, &mut drawer).await.map(|b| (b, indexes.len()));
                    let failed = batch.is_err();
                    if sender.send(batch).await.is_err() || failed {
                        break;
                    }
                }
            })
        };
        let mut done = 0u64;
        let mut written = 0u64;
        let mut checkpoint: Option<tokio::task::JoinHandle<Result<(), StoreError>>> = None;
        let result = async {
            while let Some(batch) = batches.recv().await {
                let (mut batch, n) = batch?;
                write::write(&run, &mut batch).await?;
                if checkpoint.as_ref().is_none_or(|c| c.is_finished()) {
                    if let Some(finished) = checkpoint.take() {
                        finished.await.map_err(|e| StoreError::Corrupt(format!("demo data checkpoint: {e}")))??;
                    }
                    checkpoint = run.store.db.checkpoint_beside();
                }
                // Freeing a batch's many strings is not the writer's work.
                tokio::task::spawn_blocking(move || drop(batch));
                written += 1;
                if run.store.db.backend == Backend::Postgres && written.is_power_of_two() {
                    // Statistics of a table that was empty would keep the drawer's ticket check
                    // reading the whole table; each doubling refreshes them.
                    run.store.db.write.execute("ANALYZE complaints").await?;
                }
                done += n as u64;
                progress(done);
            }
            Ok::<(), StoreError>(())
        }
        .await;
        // A failed write stops the drawer at its next batch.
        drop(batches);
        if let Some(last) = checkpoint {
            last.await.map_err(|e| StoreError::Corrupt(format!("demo data checkpoint: {e}")))??;
        }
        drawer.await.map_err(|e| StoreError::Corrupt(format!("demo data drawer: {e}")))?;
        result.map(|()| done)
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

#[cfg(test)]
mod tests {
    use super::Batches;

    #[test]
    fn batches_start_small_and_cover_every_complaint_once() {
        let order: Vec<u64> = (0..25_000).collect();
        let sizes: Vec<usize> = Batches::new(&order, 10_000).map(<[u64]>::len).collect();
        assert_eq!(sizes, vec![500, 1_000, 2_000, 4_000, 8_000, 9_500]);
        let joined: Vec<u64> = Batches::new(&order, 10_000).flatten().copied().collect();
        assert_eq!(joined, order);
        assert_eq!(Batches::new(&order[..3], 10_000).count(), 1);
        assert_eq!(Batches::new(&[], 10_000).count(), 0);
    }
}
