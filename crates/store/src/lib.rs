//! Aduan's persistence: one set of queries over SQLite (the embedded default) and PostgreSQL,
//! through sqlx's `Any` driver, with a migration folder per backend holding the same versions.
//! Personal data is encrypted here; evidence files live content-addressed beside the database.
//!
//! Migrations are frozen once they land: an installed village records each one's checksum and
//! refuses to start when a landed file changes. A schema change is a new migration in both
//! folders, pinned by a new line in `migrations/checksums.txt` (the test
//! `db::tests::landed_migrations_never_change` holds every file to its line).

pub mod agenda;
pub mod api_keys;
pub mod article_categories;
pub mod articles;
pub mod audit;
pub mod bootstrap;
pub mod calendar;
pub mod canned;
pub mod categories;
pub mod citizen;
pub mod comments;
pub mod complaints;
mod counts;
pub mod credentials;
pub mod dashboard;
mod db;
pub mod error;
pub mod escalation;
pub mod evidence;
pub mod file_type;
pub mod files;
pub mod handling;
pub mod images;
pub mod inbound;
pub mod intake;
pub mod keyring;
pub mod lapse;
pub mod login_throttle;
pub mod media;
mod multi_row;
mod notify;
pub mod officials;
pub mod outbox;
pub mod pages;
pub mod pin_check;
pub mod portal;
pub mod private_fs;
pub mod public_figures;
pub mod publication;
pub mod queue;
pub mod requests;
pub mod sessions;
pub mod settings;
pub mod sla_sweep;
pub mod survey;
#[cfg(feature = "testing")]
pub mod testing;
mod timefmt;
mod transition;
pub mod users;
pub mod villages;
pub mod visitors;

pub use db::{Backend, Db};
pub use error::StoreError;
pub use keyring::Keyring;

use std::sync::Arc;

/// Everything the layers above need to read and write: the database, the keys and the files.
#[derive(Clone)]
pub struct Store {
    pub(crate) db: Db,
    pub(crate) keys: Arc<Keyring>,
    pub files: files::FileStore,
    intake: intake::Intake,
    pub(crate) profile: villages::ProfileCache,
    pub(crate) pin_checks: pin_check::InFlight,
}

impl Store {
    /// Opens the store and starts the intake writer that batches durable commits.
    pub fn new(db: Db, keys: Keyring, files: files::FileStore) -> Self {
        let keys = Arc::new(keys);
        let intake = intake::Intake::start(db.clone(), keys.clone());
        Store {
            db,
            keys,
            files,
            intake,
            profile: villages::ProfileCache::default(),
            pin_checks: pin_check::InFlight::default(),
        }
    }

    pub fn backend(&self) -> Backend {
        self.db.backend
    }

    pub fn keys(&self) -> &Keyring {
        &self.keys
    }

    /// Closes the pools once the intake writer has drained.
    pub async fn close(&self) {
        self.db.close().await;
    }
}
