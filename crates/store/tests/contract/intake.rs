use crate::{fixture, new_complaint};
use aduan_domain::{Pin, Status};
use aduan_store::StoreError;

#[tokio::test]
async fn a_submitted_complaint_reads_back_whole_with_identity_encrypted() {
    let f = fixture().await;
    let pin = Pin::parse("123456").unwrap();
    let ticket = f.store.submit(new_complaint(&f, "Surat pengantar belum jadi", &pin).await).await.unwrap();
    assert!(ticket.as_str().starts_with("KRB-"));

    let case = f.store.case(&ticket).await.unwrap();
    assert_eq!(case.status, Status::Diterima);
    assert_eq!(case.title, "Surat pengantar belum jadi");
    assert_eq!(case.category_code, "adminduk");
    assert_eq!(case.complainant.nik.as_deref(), Some("3303011203900001"));
    assert_eq!(case.complainant.phone.as_deref(), Some("+6281200001111"));
    assert_eq!(case.complainant.email.as_deref(), Some("warga@contoh.id"));
    assert_eq!(case.complainant.address.as_deref(), Some("RT 01 RW 02 Dusun Contoh"));
    assert!(case.verification_due.unwrap() > case.received_at);
    assert_eq!(case.history.len(), 1);

    let timeline = f.store.timeline(&ticket).await.unwrap();
    assert_eq!(timeline.status, Status::Diterima);
    assert_eq!(timeline.history.len(), 1);
}

#[tokio::test]
async fn an_unknown_ticket_is_not_found() {
    let f = fixture().await;
    let t = aduan_domain::Ticket::generate(&aduan_domain::TicketPrefix::parse("KRB").unwrap(), &mut rand::rng());
    assert!(matches!(f.store.timeline(&t).await, Err(StoreError::NotFound)));
    assert!(matches!(f.store.case(&t).await, Err(StoreError::NotFound)));
}

#[tokio::test]
async fn concurrent_submissions_all_commit_with_distinct_tickets() {
    let f = fixture().await;
    let pin = Pin::parse("654321").unwrap();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let c = new_complaint(&f, &format!("Keluhan serentak nomor {i}"), &pin).await;
        let store = f.store.clone();
        tasks.push(tokio::spawn(async move { store.submit(c).await }));
    }
    let mut tickets = std::collections::BTreeSet::new();
    for t in tasks {
        tickets.insert(t.await.unwrap().unwrap());
    }
    assert_eq!(tickets.len(), 40);
    assert_eq!(f.store.count_complaints().await.unwrap(), 40);
}

#[tokio::test]
async fn a_complaint_with_a_missing_category_is_refused_and_leaves_nothing() {
    let f = fixture().await;
    let pin = Pin::parse("123456").unwrap();
    let mut c = new_complaint(&f, "Kategori tidak ada", &pin).await;
    c.category_id = 999_999;
    let good = new_complaint(&f, "Kategori benar", &pin).await;
    let (bad, good) = tokio::join!(f.store.submit(c), f.store.submit(good));
    assert!(bad.is_err());
    assert!(good.is_ok());
    assert_eq!(f.store.count_complaints().await.unwrap(), 1);
}

#[tokio::test]
async fn bootstrapping_twice_does_nothing() {
    let f = fixture().await;
    assert!(f.store.bootstrap(&aduan_store::bootstrap::default_seed().unwrap()).await.unwrap().is_none());
    assert_eq!(f.store.categories(f.village_id).await.unwrap().len(), 12);
    assert!(f.store.holidays(f.village_id).await.unwrap().len() > 40);
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_full_sync() {
    let f = fixture().await;
    if f.store.backend() != aduan_store::Backend::Sqlite {
        return;
    }
    let (journal, sync) = f.store.sqlite_durability_for_tests().await;
    assert_eq!(journal, "wal");
    assert_eq!(sync, 2, "synchronous=FULL");
}
