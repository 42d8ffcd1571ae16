//! The store's contract, written once and run on whichever backend `TEST_DATABASE_URL` names.

mod audit_chain;
mod demo;
mod handling;
mod intake;
mod pins;
mod plans;
mod search;
mod staff;

use aduan_domain::complaint::{Channel, ComplaintInput};
use aduan_domain::{Pin, sla};
use aduan_store::bootstrap::default_seed;
use aduan_store::complaint::complaints::NewComplaint;
use aduan_store::testing::TestDatabase;
use aduan_store::{Keyring, Store, platform::files::FileStore};

pub struct Fixture {
    pub store: Store,
    pub village_id: i64,
    _db: TestDatabase,
    _files: tempfile::TempDir,
}

pub async fn fixture() -> Fixture {
    let db = TestDatabase::create().await.expect("test database");
    let conn = db.connect().await.expect("connect");
    conn.migrate().await.expect("migrate");
    let files = tempfile::tempdir().unwrap();
    let store = Store::new(conn, Keyring::from_master([9; 32]), FileStore::new(files.path()).unwrap());
    let admin = store.bootstrap(&default_seed().unwrap()).await.unwrap();
    assert!(admin.is_some());
    let village_id = store.default_village().await.unwrap().id;
    Fixture { store, village_id, _db: db, _files: files }
}

pub fn input(title: &str) -> ComplaintInput {
    ComplaintInput {
        category: "adminduk".into(),
        title: title.into(),
        description: "Sudah dua minggu surat pengantar KTP belum selesai diproses.".into(),
        resolution_requested: "Surat diselesaikan minggu ini".into(),
        name: "Warga Contoh".into(),
        address: "RT 01 RW 02 Dusun Contoh".into(),
        nik: "3303011203900001".into(),
        phone: "0812-0000-1111".into(),
        email: "warga@contoh.id".into(),
        ..Default::default()
    }
}

pub async fn new_complaint(f: &Fixture, title: &str, pin: &Pin) -> NewComplaint {
    let village = f.store.default_village().await.unwrap();
    let cal = f.store.working_calendar(village.id).await.unwrap();
    let category = f.store.category_by_code(village.id, "adminduk").await.unwrap();
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let v = input(title).validate(now.date()).unwrap();
    NewComplaint {
        village_id: village.id,
        ticket_prefix: village.ticket_prefix.clone(),
        draft: v.draft,
        category_id: category.id,
        channel: Channel::Web,
        recorded_by: None,
        read_back_confirmed: false,
        pin: pin.clone(),
        received_at: now,
        verification_due: sla::deadline(&cal, now, village.sla.verification, village.utc_offset),
        files: vec![],
        message: None,
    }
}
