//! Demo data is written by the store's rules and comes out again without a trace in the figures.

use crate::{fixture, new_complaint};
use aduan_domain::Pin;
use aduan_store::complaint::demo::{DemoError, DemoOptions};
use aduan_store::platform::audit::ChainCheck;
use std::collections::BTreeMap;

fn opts(n: u64) -> DemoOptions {
    DemoOptions { complaints: n, villages: 1, years: 3, seed: 11, beside_real: false }
}

#[tokio::test]
async fn demo_data_keeps_every_count_and_the_audit_chain_and_comes_out_again() {
    let f = fixture().await;
    let before_counts = f.store.status_counts(f.village_id).await.unwrap();
    let indexes = f.store.indexes_for_tests().await;
    let seen = std::sync::Mutex::new(Vec::new());
    let added = f.store.demo_data(&opts(5_000), &|n| seen.lock().unwrap().push(n)).await.unwrap();
    assert_eq!(added, 5_000);
    // The indexes a run this large builds at its end are all there again, as they were.
    assert_eq!(f.store.indexes_for_tests().await, indexes);
    assert_eq!(seen.into_inner().unwrap().last(), Some(&5_000));
    assert_eq!(f.store.demo_complaints().await.unwrap(), 5_000);
    assert_eq!(f.store.count_complaints().await.unwrap(), 5_000);

    // The status counts kept with the writes are the statuses stored.
    let counts = f.store.status_counts(f.village_id).await.unwrap();
    let stored = f.store.status_counts_by_reading_for_tests(f.village_id).await;
    assert_eq!(counts, stored);
    let open: i64 =
        ["diterima", "perlu_info", "diproses", "keberatan"].iter().map(|s| counts.get(s).copied().unwrap_or(0)).sum();
    assert!((100..500).contains(&open), "about 5 % open: {counts:?}");
    assert!(counts.len() >= 7, "statuses in sensible proportions: {counts:?}");

    // This year's public figures add up to what the rows say.
    let year = time::OffsetDateTime::now_utc().to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap()).year();
    let figures = f.store.public_figures(f.village_id, year).await.unwrap();
    let (received, decided, met, ratings) = f.store.figures_by_reading_for_tests(f.village_id, year).await;
    assert_eq!((figures.received, figures.decided, figures.met, figures.ratings), (received, decided, met, ratings));
    assert!(figures.decided > figures.met && figures.met > 0, "deadlines met and missed: {figures:?}");

    // Overdue cases are counted from the deadlines kept by day, at any moment as by reading.
    let (kept, read) = f.store.due_days_both_ways_for_tests(f.village_id).await;
    assert_eq!(kept, read);
    // Open cases by age, from the open cases kept by the day they were received.
    let (kept, read) = f.store.open_days_both_ways_for_tests(f.village_id).await;
    assert_eq!(kept, read);
    let dashboard = f.store.dashboard(f.village_id, time::UtcOffset::UTC).await.unwrap();
    assert_eq!(dashboard.open_by_age, f.store.open_by_age_by_reading_for_tests(f.village_id).await);
    assert!(dashboard.open_by_age[..3].iter().all(|n| *n > 0), "recent open cases: {:?}", dashboard.open_by_age);
    let now = time::OffsetDateTime::now_utc();
    for at in [now, now + time::Duration::days(20), now - time::Duration::days(200)] {
        let (counted, read) = f.store.overdue_both_ways_for_tests(f.village_id, at).await;
        assert_eq!(counted, read, "overdue at {at}");
    }
    assert!(f.store.overdue_both_ways_for_tests(f.village_id, now).await.0 > 0);

    assert!(matches!(f.store.verify_audit_chain(f.village_id).await.unwrap(), ChainCheck::Intact { .. }));
    // Written with the foreign keys' checks off where the database user may turn them off.
    assert_eq!(f.store.dangling_references_for_tests().await, Vec::<String>::new());

    // A real complaint makes the generator careful.
    let pin = Pin::parse("123456").unwrap();
    f.store.submit(new_complaint(&f, "Keluhan sungguhan", &pin).await).await.unwrap();
    assert!(matches!(f.store.demo_data(&opts(10), &|_| {}).await, Err(DemoError::RealComplaints(1))));

    let removed = f.store.remove_demo_data(&|_| {}).await.unwrap();
    assert_eq!(removed, 5_000);
    assert_eq!(f.store.count_complaints().await.unwrap(), 1);
    let mut after = f.store.status_counts(f.village_id).await.unwrap();
    after.retain(|_, n| *n != 0);
    let mut expected: BTreeMap<&str, i64> = before_counts.into_iter().filter(|(_, n)| *n != 0).collect();
    *expected.entry("diterima").or_default() += 1;
    assert_eq!(after, expected);
    let figures = f.store.public_figures(f.village_id, year).await.unwrap();
    assert_eq!((figures.received, figures.decided, figures.ratings), (1, 0, 0));
    let (kept, read) = f.store.due_days_both_ways_for_tests(f.village_id).await;
    assert_eq!((kept.values().sum::<i64>(), &kept), (1, &read));
    let (kept, read) = f.store.open_days_both_ways_for_tests(f.village_id).await;
    assert_eq!((kept.values().sum::<i64>(), &kept), (1, &read));
    assert!(matches!(f.store.verify_audit_chain(f.village_id).await.unwrap(), ChainCheck::Intact { .. }));
}

#[tokio::test]
async fn complaints_filed_while_demo_data_is_written_keep_their_ids_and_the_audit_chain_whole() {
    let f = fixture().await;
    let pin = Pin::parse("123456").unwrap();
    f.store.submit(new_complaint(&f, "Keluhan sebelum contoh", &pin).await).await.unwrap();
    let done = std::sync::atomic::AtomicBool::new(false);
    let options = DemoOptions { beside_real: true, ..opts(12_000) };
    let fill = async {
        let added = f.store.demo_data(&options, &|_| {}).await;
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        added
    };
    // Real complaints arrive between the batches, so that the batches drawn ahead must be bound
    // again for the ids and the audit chain as they then stand.
    let filing = async {
        let mut filed = 0;
        while !done.load(std::sync::atomic::Ordering::SeqCst) {
            f.store.submit(new_complaint(&f, "Keluhan di tengah contoh", &pin).await).await.unwrap();
            filed += 1;
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        filed
    };
    let (added, filed) = tokio::join!(fill, filing);
    assert_eq!(added.unwrap(), 12_000);
    assert!(filed >= 2, "complaints filed meanwhile: {filed}");
    assert_eq!(f.store.demo_complaints().await.unwrap(), 12_000);
    assert_eq!(f.store.count_complaints().await.unwrap(), 12_000 + 1 + filed);
    let counts = f.store.status_counts(f.village_id).await.unwrap();
    assert_eq!(counts, f.store.status_counts_by_reading_for_tests(f.village_id).await);
    assert!(matches!(f.store.verify_audit_chain(f.village_id).await.unwrap(), ChainCheck::Intact { .. }));
    assert_eq!(f.store.remove_demo_data(&|_| {}).await.unwrap(), 12_000);
    assert_eq!(f.store.count_complaints().await.unwrap(), 1 + filed);
    assert!(matches!(f.store.verify_audit_chain(f.village_id).await.unwrap(), ChainCheck::Intact { .. }));
}

#[tokio::test]
async fn dropping_the_indexes_waits_for_a_writer_without_closing_a_circle_of_locks() {
    let f = fixture().await;
    let indexes = f.store.indexes_for_tests().await;
    let Some(deferred) = f.store.defer_beside_a_writer_for_tests().await else {
        return; // SQLite: one writer at a time
    };
    assert!(deferred >= 20, "the bulk tables' secondary indexes: {deferred}");
    f._db.connect().await.unwrap().migrate().await.unwrap();
    assert_eq!(f.store.indexes_for_tests().await, indexes);
}

#[tokio::test]
async fn indexes_a_stopped_bulk_write_left_to_build_are_built_at_the_next_start() {
    let f = fixture().await;
    let indexes = f.store.indexes_for_tests().await;
    let deferred = f.store.defer_bulk_indexes_for_tests().await;
    assert!(deferred >= 20, "the bulk tables' secondary indexes: {deferred}");
    assert_eq!(f.store.indexes_for_tests().await.len(), indexes.len() - deferred);
    // The run stops here; the next start opens the database and migrates it.
    let next = f._db.connect().await.unwrap();
    next.migrate().await.unwrap();
    assert_eq!(f.store.indexes_for_tests().await, indexes);
    // Nothing is left to build a second time.
    next.migrate().await.unwrap();
    assert_eq!(f.store.indexes_for_tests().await, indexes);
}
