//! Durable submissions per second: Aduan's group-commit intake against SQLite's own rate of
//! one committed transaction at a time, both with `synchronous=FULL` on this machine, in this run.
//!
//! `cargo bench -p aduan-store --bench intake` (`ADUAN_BENCH_SECONDS`, `ADUAN_BENCH_CLIENTS`).

use aduan_domain::complaint::{Channel, ComplaintInput};
use aduan_domain::{Pin, sla};
use aduan_store::bootstrap::default_seed;
use aduan_store::complaint::complaints::NewComplaint;
use aduan_store::{Db, Keyring, Store, platform::files::FileStore};
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// One INSERT per transaction, one after another: every commit waits for its own fsync.
async fn single_commit_rate(dir: &std::path::Path, seconds: u64) -> f64 {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=rwc", dir.join("baseline.db").display());
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(|c, _| {
            Box::pin(async move { c.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;").await.map(|_| ()) })
        })
        .connect(&url)
        .await
        .unwrap();
    pool.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").await.unwrap();
    let body = "x".repeat(600);
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(seconds) {
        let mut tx = pool.begin().await.unwrap();
        sqlx::query("INSERT INTO t (body) VALUES ($1)").bind(body.clone()).execute(&mut *tx).await.unwrap();
        tx.commit().await.unwrap();
        n += 1;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

/// Whole complaints (identity encrypted, history, audit entry) from concurrent clients.
async fn aduan_rate(dir: &std::path::Path, seconds: u64, clients: u64) -> (f64, u64) {
    let db = Db::connect(&format!("sqlite://{}", dir.join("aduan.db").display())).await.unwrap();
    db.migrate().await.unwrap();
    let store = Store::new(db, Keyring::from_master([1; 32]), FileStore::new(dir).unwrap());
    store.bootstrap(&default_seed().unwrap()).await.unwrap();
    let village = store.default_village().await.unwrap();
    let calendar = store.working_calendar(village.id).await.unwrap();
    let category = store.category_by_code(village.id, "surat").await.unwrap();
    let pin = Pin::parse("123456").unwrap();
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let draft = ComplaintInput {
        category: "surat".into(),
        title: "Surat pengantar belum selesai".into(),
        description: "Surat pengantar yang diajukan minggu lalu belum juga selesai diproses.".into(),
        resolution_requested: "Surat diselesaikan".into(),
        name: "Warga Bench".into(),
        address: "RT 01 RW 01".into(),
        nik: "3303011203900001".into(),
        phone: "081200009999".into(),
        ..Default::default()
    }
    .validate(now.date())
    .unwrap()
    .draft;
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (store, done, stop, draft, pin) = (store.clone(), done.clone(), stop.clone(), draft.clone(), pin.clone());
        let (village_id, prefix, category_id) = (village.id, village.ticket_prefix.clone(), category.id);
        let due = sla::deadline(&calendar, now, 3, village.utc_offset);
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                store
                    .submit(NewComplaint {
                        village_id,
                        ticket_prefix: prefix.clone(),
                        draft: draft.clone(),
                        category_id,
                        channel: Channel::Web,
                        recorded_by: None,
                        read_back_confirmed: false,
                        pin: pin.clone(),
                        received_at: now,
                        verification_due: due,
                        files: vec![],
                        message: None,
                    })
                    .await
                    .unwrap();
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    let n = done.load(Ordering::Relaxed);
    assert_eq!(store.count_complaints().await.unwrap() as u64, n);
    (n as f64 / start.elapsed().as_secs_f64(), n)
}

fn main() {
    let seconds = env_or("ADUAN_BENCH_SECONDS", 5);
    let clients = env_or("ADUAN_BENCH_CLIENTS", 64);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let baseline = rt.block_on(single_commit_rate(dir.path(), seconds));
    let (grouped, total) = rt.block_on(aduan_rate(dir.path(), seconds, clients));
    let solo_dir = tempfile::tempdir().unwrap();
    let (solo, _) = rt.block_on(aduan_rate(solo_dir.path(), seconds, 1));
    println!("durable commits, synchronous=FULL, {seconds} s each, data in {}", dir.path().display());
    println!("  SQLite, one row per commit, sequential  : {baseline:>9.0} commits/s");
    println!("  Aduan intake, {clients:>3} concurrent clients: {grouped:>9.0} complaints/s ({total} complaints)");
    println!("  Aduan intake, 1 client (no sharing)     : {solo:>9.0} complaints/s");
    println!("  grouped vs SQLite single commits        : {:>9.1}x", grouped / baseline);
    println!("  grouped vs one client                   : {:>9.1}x", grouped / solo);
}
