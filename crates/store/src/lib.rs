//! Aduan's persistence: one set of queries over SQLite (the embedded default) and PostgreSQL,
//! through sqlx's `Any` driver, with a migration folder per backend holding the same versions.
//! Personal data is encrypted here; evidence files live content-addressed beside the database.
//!
//! Migrations are frozen once they land: an installed village records each one's checksum and
//! refuses to start when a landed file changes. A schema change is a new migration in both
//! folders, pinned by a new line in `migrations/checksums.txt` (the test
//! `db::tests::landed_migrations_never_change` holds every file to its line).
//!
//! Three rooms, imports going one way:
//! - `platform`: villages, users, sessions, keys, the audit log, outgoing messages, files and
//!   pictures. It names nothing of the other two.
//! - `complaint`: the complaint service, from intake to escalation; it uses `platform`.
//! - `portal`: the village's web portal (articles, pages, agenda, …); it uses `platform`.
//!   The two contexts do not import each other.
//!
//! A new table or query goes into the room of the feature it serves. At the root stay the
//! database plumbing (`db`, `deferred_indexes`, `error`, `timefmt`, `multi_row`, `sql_args`, `plans`) and `bootstrap`, which seeds a new
//! village with what all three rooms start with.

pub mod bootstrap;
pub mod complaint;
mod db;
mod deferred_indexes;
pub mod error;
mod multi_row;
pub mod plans;
pub mod platform;
pub mod portal;
pub mod sql_args;
#[cfg(feature = "testing")]
pub mod testing;
mod timefmt;

pub use db::{Backend, Db};
pub use error::StoreError;
pub use platform::clock::Clock;
pub use platform::keyring::Keyring;

use std::sync::Arc;

/// Everything the layers above need to read and write: the database, the keys and the files.
#[derive(Clone)]
pub struct Store {
    pub(crate) db: Db,
    pub(crate) keys: Arc<Keyring>,
    pub files: platform::files::FileStore,
    intake: complaint::intake::Intake,
    pub(crate) profile: platform::villages::ProfileCache,
    pub(crate) pin_checks: complaint::pin_check::InFlight,
    pub(crate) clock: platform::clock::Clock,
    /// How many of the newest ids a search looks among first on PostgreSQL.
    pub(crate) search_slice: i64,
}

impl Store {
    /// Opens the store and starts the intake writer that batches durable commits.
    pub fn new(db: Db, keys: Keyring, files: platform::files::FileStore) -> Self {
        let keys = Arc::new(keys);
        let clock = platform::clock::Clock::system();
        let intake = complaint::intake::Intake::start(db.clone(), keys.clone(), clock.clone());
        Store {
            db,
            keys,
            files,
            intake,
            profile: platform::villages::ProfileCache::default(),
            pin_checks: complaint::pin_check::InFlight::default(),
            clock,
            search_slice: complaint::search::window::FIRST_SLICE,
        }
    }

    /// The clock every time stored or compared goes by.
    pub fn clock(&self) -> &platform::clock::Clock {
        &self.clock
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
