//! Test databases for the behaviour suites: `TEST_DATABASE_URL` unset means a temporary SQLite
//! file; `postgres://…` means a uniquely named database, dropped when the handle is dropped.

use crate::{Db, StoreError};
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;

pub struct TestDatabase {
    pub url: String,
    admin_url: Option<String>,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDatabase {
    pub async fn create() -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        match std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
            None => {
                let dir = tempfile::tempdir()?;
                let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
                Ok(TestDatabase { url, admin_url: None, name: String::new(), _dir: Some(dir) })
            }
            Some(admin_url) if admin_url.starts_with("postgres") => {
                let name = format!("aduan_test_{}", uuid::Uuid::new_v4().simple());
                let pool = AnyPoolOptions::new().max_connections(1).connect(&admin_url).await?;
                pool.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await?;
                pool.close().await;
                let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
                Ok(TestDatabase { url: format!("{base}/{name}"), admin_url: Some(admin_url), name, _dir: None })
            }
            Some(other) => Err(StoreError::Config(format!("TEST_DATABASE_URL must be postgres://…, not {other}"))),
        }
    }

    pub async fn connect(&self) -> Result<Db, StoreError> {
        Db::connect(&self.url).await
    }

    /// The data directory for files beside a SQLite test database.
    pub fn temp_dir(&self) -> Option<&std::path::Path> {
        self._dir.as_ref().map(|d| d.path())
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some(admin_url) = self.admin_url.take() else {
            return;
        };
        let name = std::mem::take(&mut self.name);
        // Dropping runs outside any async context the test may still hold, on its own thread.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                return;
            };
            rt.block_on(async move {
                if let Ok(pool) = AnyPoolOptions::new().max_connections(1).connect(&admin_url).await {
                    let _ =
                        pool.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).await;
                    pool.close().await;
                }
            });
        })
        .join();
    }
}

impl crate::Store {
    /// Searches on PostgreSQL look among `ids` of the newest cases first (then four times as
    /// many, …), so that a few cases span several slices.
    pub fn with_search_slice_for_tests(mut self, ids: i64) -> crate::Store {
        self.search_slice = ids;
        self
    }

    /// Runs raw SQL behind the store's back, as an attacker with database access would.
    pub async fn tamper_for_tests(&self, sql: &'static str) {
        self.db.write.execute(sql).await.expect("tamper");
        self.profile.forget();
    }
}

impl crate::Store {
    /// `(journal_mode, synchronous)` of the writer connection.
    pub async fn sqlite_durability_for_tests(&self) -> (String, i64) {
        let (journal,): (String,) =
            sqlx::query_as("PRAGMA journal_mode").fetch_one(&self.db.write).await.expect("pragma");
        let (sync,): (i64,) = sqlx::query_as("PRAGMA synchronous").fetch_one(&self.db.write).await.expect("pragma");
        (journal, sync)
    }
}

impl crate::Store {
    /// How many audit entries of one action a village has.
    pub async fn audit_actions_for_tests(&self, village_id: i64, action: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE village_id = $1 AND action = $2")
            .bind(village_id)
            .bind(action.to_string())
            .fetch_one(&self.db.read)
            .await
            .expect("count");
        n
    }

    /// The details of a village's audit entries of one action, oldest first.
    pub async fn audit_details_for_tests(&self, village_id: i64, action: &str) -> Vec<String> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT detail FROM audit_log WHERE village_id = $1 AND action = $2 ORDER BY seq")
                .bind(village_id)
                .bind(action.to_string())
                .fetch_all(&self.db.read)
                .await
                .expect("audit");
        rows.into_iter().map(|(d,)| d).collect()
    }

    /// The stored PIN hash of a ticket.
    pub async fn pin_hash_for_tests(&self, ticket: &aduan_domain::Ticket) -> String {
        let (h,): (String,) = sqlx::query_as("SELECT pin_hash FROM complaints WHERE ticket = $1")
            .bind(ticket.as_str().to_string())
            .fetch_one(&self.db.read)
            .await
            .unwrap();
        h
    }

    /// Stores `pin` in the Argon2id form older installations wrote.
    pub async fn set_legacy_pin_for_tests(&self, ticket: &aduan_domain::Ticket, pin: &aduan_domain::Pin) {
        let hash = crate::platform::credentials::hash_secret(pin.as_str()).unwrap();
        sqlx::query("UPDATE complaints SET pin_hash = $2 WHERE ticket = $1")
            .bind(ticket.as_str().to_string())
            .bind(hash)
            .execute(&self.db.write)
            .await
            .unwrap();
    }
}

impl crate::Store {
    /// Complaints per status, counted from the rows themselves.
    pub async fn status_counts_by_reading_for_tests(
        &self,
        village_id: i64,
    ) -> std::collections::BTreeMap<&'static str, i64> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT status, COUNT(*) FROM complaints WHERE village_id = $1 GROUP BY status")
                .bind(village_id)
                .fetch_all(&self.db.read)
                .await
                .unwrap();
        rows.into_iter().filter_map(|(s, n)| aduan_domain::Status::parse(&s).map(|s| (s.as_str(), n))).collect()
    }

    /// `(received, decided, decided within deadline, ratings)` in the village's `year`, counted
    /// from the rows themselves, a decision judged by the case's clocks as they stand.
    pub async fn figures_by_reading_for_tests(&self, village_id: i64, year: i32) -> (i64, i64, i64, i64) {
        let mut conn = self.db.read.acquire().await.unwrap();
        let zone = crate::complaint::monthly::zone(&mut conn, village_id).await.unwrap();
        let in_year = |s: &str| crate::timefmt::parse_instant(s).unwrap().to_offset(zone).year() == year;
        let received: Vec<(String,)> = sqlx::query_as("SELECT received_at FROM complaints WHERE village_id = $1")
            .bind(village_id)
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        type Decision = (String, Option<String>, Option<String>, Option<String>);
        let decisions: Vec<Decision> = sqlx::query_as(
            "SELECT h.at, h.from_status, c.verification_due, c.resolution_due FROM status_history h \
             JOIN complaints c ON c.id = h.complaint_id WHERE h.village_id = $1 \
             AND h.action IN ('resolve', 'reject', 'refer')",
        )
        .bind(village_id)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        let ratings: Vec<(String,)> = sqlx::query_as("SELECT created_at FROM feedback WHERE village_id = $1")
            .bind(village_id)
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        let decided: Vec<_> = decisions.iter().filter(|d| in_year(&d.0)).collect();
        let met = decided
            .iter()
            .filter(|(at, from, verification, resolution)| {
                let due = if from.as_deref() == Some("diproses") { resolution } else { verification };
                due.as_ref().is_none_or(|due| at <= due)
            })
            .count();
        (
            received.iter().filter(|r| in_year(&r.0)).count() as i64,
            decided.len() as i64,
            met as i64,
            ratings.iter().filter(|r| in_year(&r.0)).count() as i64,
        )
    }
}

impl crate::Store {
    /// Every row whose foreign key names a row that is not stored, as `table.column -> table`,
    /// read from the database's own list of its foreign keys.
    pub async fn dangling_references_for_tests(&self) -> Vec<String> {
        match self.db.backend {
            crate::Backend::Sqlite => {
                let rows: Vec<(String, i64, String)> =
                    sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
                        .fetch_all(&self.db.read)
                        .await
                        .expect("foreign key check");
                rows.into_iter().map(|(t, row, parent)| format!("{t} row {row} -> {parent}")).collect()
            }
            crate::Backend::Postgres => {
                let keys: Vec<(String, String, String, String)> = sqlx::query_as(
                    "SELECT c.conrelid::regclass::text, a.attname::text, c.confrelid::regclass::text, \
                     r.attname::text FROM pg_constraint c \
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
                     JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1] \
                     WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 \
                     AND c.connamespace = 'public'::regnamespace",
                )
                .fetch_all(&self.db.read)
                .await
                .expect("foreign keys");
                assert!(!keys.is_empty(), "the schema has foreign keys");
                let mut out = Vec::new();
                for (table, column, parent, key) in keys {
                    let sql = format!(
                        "SELECT COUNT(*) FROM {table} t WHERE t.{column} IS NOT NULL \
                         AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{key} = t.{column})"
                    );
                    let (n,): (i64,) =
                        sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_one(&self.db.read).await.expect("count");
                    if n > 0 {
                        out.push(format!("{n} rows of {table}.{column} -> {parent}"));
                    }
                }
                out
            }
        }
    }
}

impl crate::Store {
    /// Every index of the database as `(name, definition)`, by name.
    pub async fn indexes_for_tests(&self) -> Vec<(String, String)> {
        let sql = match self.db.backend {
            crate::Backend::Sqlite => {
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
            }
            crate::Backend::Postgres => {
                "SELECT indexname::TEXT, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname"
            }
        };
        sqlx::query_as(sql).fetch_all(&self.db.read).await.expect("indexes")
    }

    /// Drops the indexes a large demo run builds at its end, as a run that then stops would.
    pub async fn defer_bulk_indexes_for_tests(&self) -> usize {
        self.db.defer_indexes(crate::complaint::demo::BULK_TABLES).await.expect("defer indexes")
    }

    /// Drops the bulk tables' indexes while another writer holds one of the tables and then asks
    /// for another, as a filing does: returns how many were dropped once the writer committed.
    /// `None` on SQLite, whose single writer cannot close a circle of locks.
    pub async fn defer_beside_a_writer_for_tests(&self) -> Option<usize> {
        use sqlx::Executor;
        if self.db.backend == crate::Backend::Sqlite {
            return None;
        }
        let mut writer = self.db.write.begin().await.expect("begin");
        writer.execute("LOCK TABLE messages IN ROW EXCLUSIVE MODE").await.expect("the writer's first table");
        let db = self.db.clone();
        let dropping = tokio::spawn(async move { db.defer_indexes(crate::complaint::demo::BULK_TABLES).await });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        // Past PostgreSQL's deadlock_timeout (1 s), a circle would have undone one of the two.
        writer.execute("LOCK TABLE complaints IN ROW EXCLUSIVE MODE").await.expect("the writer's second table");
        tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
        writer.commit().await.expect("the writer commits");
        Some(dropping.await.expect("join").expect("the indexes dropped"))
    }
}

impl crate::Store {
    /// Open cases past their running deadline at `now`: as the dashboard counts them, and by
    /// reading every case.
    pub async fn overdue_both_ways_for_tests(&self, village_id: i64, now: time::OffsetDateTime) -> (i64, i64) {
        let counted = self.overdue_count(village_id, now).await.expect("overdue count");
        let sql = format!(
            "SELECT COUNT(*) FROM complaints WHERE village_id = $1 AND {} < $2",
            crate::complaint::running_due::RUNNING_DUE
        );
        let (read,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(village_id)
            .bind(crate::timefmt::instant(now))
            .fetch_one(&self.db.read)
            .await
            .expect("overdue by reading");
        (counted, read)
    }

    /// Open cases by the day they were received: as kept, and by reading every case.
    pub async fn open_days_both_ways_for_tests(&self, village_id: i64) -> (DayCounts, DayCounts) {
        let read = "SELECT substr(received_at, 1, 10), COUNT(*) FROM complaints WHERE village_id = $1 \
             AND status IN ('diterima', 'perlu_info', 'diproses', 'keberatan') GROUP BY substr(received_at, 1, 10)";
        self.day_counts_both_ways(village_id, "open_received_days", read).await
    }

    /// Open cases by age as the dashboard shows them, counted by reading every open case.
    pub async fn open_by_age_by_reading_for_tests(&self, village_id: i64) -> [i64; 4] {
        let now = self.clock.now();
        let received: Vec<(String,)> = sqlx::query_as(
            "SELECT received_at FROM complaints WHERE village_id = $1 \
             AND status IN ('diterima', 'perlu_info', 'diproses', 'keberatan')",
        )
        .bind(village_id)
        .fetch_all(&self.db.read)
        .await
        .expect("open cases");
        let mut ages = [0; 4];
        for (at,) in received {
            let age = now - crate::timefmt::parse_instant(&at).expect("an instant");
            let bucket = [4, 8, 31].iter().position(|d| age < time::Duration::days(*d)).unwrap_or(3);
            ages[bucket] += 1;
        }
        ages
    }

    /// Open cases by the day their running clock ends: as kept, and by reading every case.
    pub async fn due_days_both_ways_for_tests(&self, village_id: i64) -> (DayCounts, DayCounts) {
        let due = crate::complaint::running_due::RUNNING_DUE;
        let read = format!(
            "SELECT substr({due}, 1, 10), COUNT(*) FROM complaints WHERE village_id = $1 AND {due} IS NOT NULL \
             GROUP BY substr({due}, 1, 10)"
        );
        self.day_counts_both_ways(village_id, "running_due_days", &read).await
    }

    async fn day_counts_both_ways(&self, village_id: i64, table: &str, read: &str) -> (DayCounts, DayCounts) {
        let kept = format!("SELECT day, n FROM {table} WHERE village_id = $1 AND n <> 0");
        let kept: Vec<(String, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(kept)).bind(village_id).fetch_all(&self.db.read).await.expect("kept");
        let read: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(read.to_string()))
            .bind(village_id)
            .fetch_all(&self.db.read)
            .await
            .expect("read");
        (kept.into_iter().collect(), read.into_iter().collect())
    }
}

/// Cases by day (`YYYY-MM-DD`).
pub type DayCounts = std::collections::BTreeMap<String, i64>;
