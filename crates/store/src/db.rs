//! Connecting to the chosen backend and running its migrations.
//!
//! SQLite gets one writer connection (SQLite allows one writer at a time; a single connection
//! avoids lock-upgrade failures) and a pool of readers, in WAL mode with `synchronous=FULL` so a
//! commit that returned is on disk. PostgreSQL uses one pool for both.

use crate::StoreError;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Only these two schemes are accepted: a typo must not silently create a SQLite file.
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Config(format!(
                "unsupported database URL (use sqlite:… or postgres://…): {}",
                url.split(':').next().unwrap_or_default()
            )))
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pub backend: Backend,
    pub(crate) read: AnyPool,
    pub(crate) write: AnyPool,
}

async fn pool(url: &str, backend: Backend, max: u32) -> Result<AnyPool, StoreError> {
    let options = AnyPoolOptions::new().max_connections(max).acquire_timeout(Duration::from_secs(30));
    let options = if backend == Backend::Sqlite {
        options.after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                     PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
                )
                .await?;
                Ok(())
            })
        })
    } else {
        options
    };
    Ok(options.connect(url).await?)
}

impl Db {
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        install_default_drivers();
        let backend = Backend::from_url(url)?;
        match backend {
            Backend::Sqlite => {
                private_sqlite_files(url)?;
                let url = if url.contains('?') { url.to_string() } else { format!("{url}?mode=rwc") };
                let write = pool(&url, backend, 1).await?;
                let read = pool(&url, backend, 8).await?;
                Ok(Db { backend, read, write })
            }
            Backend::Postgres => {
                let p = pool(url, backend, 16).await?;
                Ok(Db { backend, read: p.clone(), write: p })
            }
        }
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::migrate!("./migrations/sqlite").run(&self.write).await?;
                // Statistics for tables whose size changed much since they were last gathered.
                self.write.execute("PRAGMA optimize").await?;
            }
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&self.write).await?,
        }
        // A bulk write that stopped halfway left indexes to build.
        self.restore_deferred_indexes().await?;
        Ok(())
    }

    /// Refreshes the planner's statistics after a large change, so that each query keeps
    /// choosing the index that answers it (SQLite samples each index instead of reading it).
    pub async fn optimize(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => self.write.execute("PRAGMA analysis_limit = 1000; ANALYZE;").await?,
            // Vacuuming also marks the freshly written pages all-visible, so that counts read
            // indexes alone instead of visiting every row until autovacuum comes by.
            Backend::Postgres => self.write.execute("VACUUM (ANALYZE)").await?,
        };
        Ok(())
    }

    /// For a long bulk write from the command line: SQLite's writer keeps up to 256 MB of pages
    /// in memory instead of 2 MB, so that the indexes it extends stay cached, reads the database
    /// through a memory map instead of copying each page it reads, keeps statement journals in
    /// memory, syncs at checkpoints only (in WAL mode a crash then loses the last batches, never
    /// the database), and leaves copying the log back into the database to
    /// [`Db::checkpoint_beside`], so that the writer's core only writes; `false` restores the
    /// defaults and empties the log. PostgreSQL's cache and log are the server's.
    pub(crate) async fn bulk_cache(&self, on: bool) -> Result<(), StoreError> {
        if self.backend == Backend::Sqlite {
            let (cache, temp, checkpoint, map, sync) =
                if on { (-262_144, 2, 0, 1i64 << 36, "NORMAL") } else { (-2_000, 0, 1_000, 0, "FULL") };
            self.write
                .execute(sqlx::AssertSqlSafe(format!(
                    "PRAGMA cache_size = {cache}; PRAGMA temp_store = {temp}; \
                     PRAGMA wal_autocheckpoint = {checkpoint}; PRAGMA mmap_size = {map}; \
                     PRAGMA synchronous = {sync};"
                )))
                .await?;
            if !on {
                self.write.execute("PRAGMA wal_checkpoint(TRUNCATE)").await?;
            }
        }
        Ok(())
    }

    /// Whether this PostgreSQL user may turn off foreign-key checks for a transaction of rows
    /// consistent by construction (a superuser, or one granted `SET` on
    /// `session_replication_role`). Always `false` on SQLite.
    pub(crate) async fn may_skip_reference_checks(&self) -> bool {
        if self.backend != Backend::Postgres {
            return false;
        }
        let Ok(mut tx) = self.write.begin().await else { return false };
        let allowed = tx.execute("SET LOCAL session_replication_role = replica").await.is_ok();
        allowed && tx.rollback().await.is_ok()
    }

    /// During a bulk write on SQLite: copies what the log holds back into the database from a
    /// reader's connection, beside the writer (a passive checkpoint never blocks it). `None` on
    /// PostgreSQL.
    pub(crate) fn checkpoint_beside(&self) -> Option<tokio::task::JoinHandle<Result<(), StoreError>>> {
        let read = self.read.clone();
        (self.backend == Backend::Sqlite).then(|| {
            tokio::spawn(async move {
                read.execute("PRAGMA wal_checkpoint(PASSIVE)").await?;
                Ok(())
            })
        })
    }

    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

/// The database file is made before SQLite opens it, as 0600, so its journal files (which SQLite
/// creates with the database's permissions) are private too; existing ones are tightened.
fn private_sqlite_files(url: &str) -> Result<(), StoreError> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path.contains(":memory:") {
        return Ok(());
    }
    let db = std::path::Path::new(path);
    let io = |e: std::io::Error| StoreError::Io(std::io::Error::new(e.kind(), format!("{}: {e}", db.display())));
    if !db.exists() {
        match crate::platform::private_fs::create_new(db) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io(e)),
        }
    }
    for suffix in ["", "-wal", "-shm"] {
        crate::platform::private_fs::tighten(std::path::Path::new(&format!("{path}{suffix}"))).map_err(io)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_schemes_are_refused() {
        assert_eq!(Backend::from_url("sqlite://x.db").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::from_url("postgres://h/db").unwrap(), Backend::Postgres);
        assert!(Backend::from_url("mysql://h/db").is_err());
        assert!(Backend::from_url("aduan.db").is_err());
    }

    #[test]
    fn both_backends_have_the_same_migration_versions() {
        let versions = |m: sqlx::migrate::Migrator| -> Vec<(i64, String)> {
            m.iter().map(|m| (m.version, m.description.to_string())).collect()
        };
        let sqlite = versions(sqlx::migrate!("./migrations/sqlite"));
        let postgres = versions(sqlx::migrate!("./migrations/postgres"));
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, postgres);
    }

    /// Every landed migration stays as it was: `migrations/checksums.txt` pins the checksum sqlx
    /// records for each, and a migration that is not pinned yet must be added there.
    #[test]
    fn landed_migrations_never_change() {
        let pinned: std::collections::BTreeMap<&str, &str> = include_str!("../migrations/checksums.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once(' '))
            .collect();
        let mut seen = 0;
        for (folder, migrator) in
            [("sqlite", sqlx::migrate!("./migrations/sqlite")), ("postgres", sqlx::migrate!("./migrations/postgres"))]
        {
            for m in migrator.iter() {
                let name = format!("{folder}/{:04}_{}.sql", m.version, m.description.replace(' ', "_"));
                let checksum = hex::encode(&m.checksum);
                match pinned.get(name.as_str()) {
                    Some(p) => assert_eq!(
                        *p, checksum,
                        "{name} was changed after it landed; put the change in a new migration"
                    ),
                    None => panic!("{name} is not pinned in migrations/checksums.txt: add `{name} {checksum}`"),
                }
                seen += 1;
            }
        }
        assert_eq!(seen, pinned.len(), "migrations/checksums.txt pins a migration that no longer exists");
    }
}
