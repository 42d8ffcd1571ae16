//! Aduan at scale, end to end: the release `aduan serve` over 10,000, 100,000 and 1,000,000 demo
//! complaints on SQLite and on PostgreSQL, every page a user loads timed over HTTP, beside its
//! budget; the write path (filing over the JSON API) on an empty database and at the largest size;
//! how fast `aduan demo-data` fills each database; the server's resident memory idle and after the
//! page loads.
//!
//! `scripts/bench-scale` runs it (`cargo bench -p aduan --bench scale`). `ADUAN_SCALE_SIZES`
//! (default `10000,100000,1000000`), `ADUAN_SCALE_LOADS` (timed loads per page, default 20, after 3
//! to warm up), `ADUAN_SCALE_POSTGRES` (a server URL whose user may create databases, default
//! `postgres://postgres@127.0.0.1:5432/postgres`; `none` to skip PostgreSQL), `ADUAN_SCALE_SQLITE`
//! (`none` to skip SQLite, as for the once-measured ten million on PostgreSQL). Without `--bench`
//! (under `cargo test`) it makes a smoke run over a few hundred complaints whose figures mean nothing.

mod common;

use common::*;
use sqlx::Executor;
use std::process::Command;
use std::time::{Duration, Instant};

const STAFF_MS: f64 = 50.0;
const PUBLIC_MS: f64 = 20.0;
/// A search of the cases' words or a look-up by a citizen.
const SEARCH_MS: f64 = 100.0;

/// A page as the benchmark loads it.
struct Page {
    name: &'static str,
    path: String,
    who: Who,
    budget_ms: f64,
}

#[derive(Clone, Copy, PartialEq)]
enum Who {
    Public,
    Staff,
    ApiKey,
}

/// One backend's database and data directory.
struct Installation {
    backend: &'static str,
    data: tempfile::TempDir,
    url: Option<String>,
}

impl Installation {
    fn aduan(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_aduan"));
        c.arg("--data").arg(self.data.path());
        if let Some(url) = &self.url {
            c.arg("--database-url").arg(url);
        }
        c.env("ADUAN_LOG", "warn");
        c
    }

    /// Runs a subcommand and returns its standard output.
    fn run(&self, args: &[&str]) -> String {
        let out = self.aduan().args(args).output().expect("aduan runs");
        assert!(out.status.success(), "aduan {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn sql_url(&self) -> String {
        self.url.clone().unwrap_or_else(|| format!("sqlite://{}", self.data.path().join("aduan.db").display()))
    }

    async fn one_row(&self, sql: &'static str) -> (String, i64) {
        sqlx::any::install_default_drivers();
        let pool = sqlx::any::AnyPoolOptions::new().max_connections(1).connect(&self.sql_url()).await.expect("db");
        let row: (String, i64) = sqlx::query_as(sql).fetch_one(&pool).await.expect(sql);
        pool.close().await;
        row
    }
}

fn after<'a>(text: &'a str, marker: &str) -> &'a str {
    let start = text.find(marker).unwrap_or_else(|| panic!("{marker:?} in {text:?}")) + marker.len();
    text[start..].split_whitespace().next().unwrap_or_default()
}

fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("csrf field") + marker.len();
    html[start..start + html[start..].find('"').expect("end of csrf")].to_string()
}

/// A client signed in as a new pengelola and kades, their one-time password changed.
async fn staff_client(inst: &Installation, base: &str) -> reqwest::Client {
    let out =
        inst.run(&["user", "add", "ukur.beban", "--name", "Ukur Beban", "--role", "pengelola", "--role", "kades"]);
    let once = after(&out, "One-time password: ").to_string();
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let html = c.get(format!("{base}/admin/masuk")).send().await.expect("sign-in page").text().await.expect("text");
    let csrf = csrf_in(&html);
    let res = c
        .post(format!("{base}/admin/masuk"))
        .form(&[("csrf", csrf.as_str()), ("username", "ukur.beban"), ("password", once.as_str())])
        .send()
        .await
        .expect("sign in");
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER, "signed in");
    let html = c.get(format!("{base}/admin/kata-sandi")).send().await.expect("page").text().await.expect("text");
    let csrf = csrf_in(&html);
    let new = "ukur beban halaman desa";
    let res = c
        .post(format!("{base}/admin/kata-sandi"))
        .form(&[("csrf", csrf.as_str()), ("current", once.as_str()), ("new", new), ("confirm", new)])
        .send()
        .await
        .expect("password change");
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER, "password changed");
    c
}

/// Milliseconds of `loads` whole page loads (status and body), after three to warm up.
async fn time_page(client: &reqwest::Client, url: &str, key: Option<&str>, loads: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(loads);
    for i in 0..loads + 3 {
        let mut req = client.get(url);
        if let Some(k) = key {
            req = req.header("authorization", format!("Bearer {k}"));
        }
        let start = Instant::now();
        let res = req.send().await.expect("answer");
        let status = res.status();
        let body = res.bytes().await.expect("body");
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        assert!(status.is_success(), "{url}: {status} {}", String::from_utf8_lossy(&body[..body.len().min(300)]));
        if i >= 3 {
            out.push(ms);
        }
    }
    out
}

fn median_p95(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.95))
}

async fn filing_rate(base: &str, seconds: u64) -> f64 {
    let base = base.to_string();
    let (rate, failed) = drive(16, seconds, move |c, n| {
        let base = base.clone();
        async move { file_one(&c, &base, n).await.map(|_| ()) }
    })
    .await;
    assert!(failed.is_empty(), "filings failed: {failed:?}");
    rate
}

/// Figures of one backend at one size.
struct Measured {
    backend: &'static str,
    size: u64,
    fill_per_s: f64,
    pages: Vec<(&'static str, f64, f64, f64)>,
    rss_idle: f64,
    rss_after: f64,
}

async fn pages_for(inst: &Installation) -> Vec<Page> {
    let (ticket, _) = inst.one_row("SELECT ticket, id FROM complaints WHERE demo = 1 ORDER BY id LIMIT 1").await;
    // The last page but one of the whole queue: its cursor is the 26th oldest case.
    let (received, id) =
        inst.one_row("SELECT received_at, id FROM complaints ORDER BY received_at, id LIMIT 1 OFFSET 25").await;
    // A landmark's made-up name: a word some hundred cases in a million hold.
    let (description, _) =
        inst.one_row("SELECT description, id FROM complaints WHERE demo = 1 ORDER BY id DESC LIMIT 1").await;
    let rare = description.trim_end_matches('.').rsplit(' ').next().unwrap_or_default().to_string();
    let staff = |name, path: String| Page { name, path, who: Who::Staff, budget_ms: STAFF_MS };
    let search = |name, path: String| Page { name, path, who: Who::Staff, budget_ms: SEARCH_MS };
    let public = |name, path: String, who| Page { name, path, who, budget_ms: PUBLIC_MS };
    vec![
        staff("queue, default view", "/admin/pengaduan".into()),
        staff("queue ?status=diproses", "/admin/pengaduan?status=diproses".into()),
        staff(
            "queue, rare filters (sms + permintaan_informasi)",
            "/admin/pengaduan?saluran=sms&jenis=permintaan_informasi".into(),
        ),
        staff("queue, overdue only", "/admin/pengaduan?lewat=1".into()),
        staff("queue, last keyset page", format!("/admin/pengaduan?setelah={received}_{id}")),
        staff("queue, ticket look-up", format!("/admin/pengaduan?q={ticket}")),
        search("search, a common word (lampu)", "/admin/pengaduan?q=lampu".into()),
        search("search, a rare word (a landmark's name)", format!("/admin/pengaduan?q={rare}")),
        search("search, two words (jalan berlubang)", "/admin/pengaduan?q=jalan+berlubang".into()),
        search("search, a phone number", "/admin/pengaduan?q=0812-0000-0042".into()),
        staff("dashboard /admin/dasbor", "/admin/dasbor".into()),
        staff("a case page", format!("/admin/pengaduan/{ticket}")),
        public("public /pengaduan/informasi", "/pengaduan/informasi".into(), Who::Public),
        public("home /", "/".into(), Who::Public),
        public("tracking /api/v1/track/{ticket}", format!("/api/v1/track/{ticket}"), Who::Public),
        public("Open311 requests.json", "/open311/v2/requests.json".into(), Who::Public),
        public("staff API queue", "/api/v1/staff/complaints".into(), Who::ApiKey),
    ]
}

async fn measure_backend(inst: &Installation, sizes: &[u64], loads: usize) -> (Vec<Measured>, f64, f64) {
    let log = std::env::temp_dir().join(format!("aduan-scale-{}.log", inst.backend));
    let server = start_aduan(inst.data.path(), &log, inst.url.as_deref()).await;
    let empty_rate = filing_rate(&server.base, 5).await;
    let staff = staff_client(inst, &server.base).await;
    let key_out = inst.run(&["key", "add", "ukur-beban", "--scope", "staff", "--user", "ukur.beban"]);
    let key = after(&key_out, "Secret, shown once: ").to_string();
    drop(server);
    let public = reqwest::Client::new();
    let mut results = Vec::new();
    let mut stored = 0;
    let mut full_rate = f64::NAN;
    for (i, &size) in sizes.iter().enumerate() {
        let add = size.saturating_sub(stored);
        let started = Instant::now();
        inst.run(&["demo-data", "--complaints", &add.to_string(), "--beside-real", "--seed", &size.to_string()]);
        let fill_per_s = add as f64 / started.elapsed().as_secs_f64();
        stored = size;
        let server = start_aduan(inst.data.path(), &log, inst.url.as_deref()).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let (rss_idle, _) = server.memory_mb();
        let mut pages = Vec::new();
        for page in pages_for(inst).await {
            let url = format!("{}{}", server.base, page.path);
            let times = match page.who {
                Who::Public => time_page(&public, &url, None, loads).await,
                Who::Staff => time_page(&staff, &url, None, loads).await,
                Who::ApiKey => time_page(&public, &url, Some(&key), loads).await,
            };
            let (median, p95) = median_p95(times);
            pages.push((page.name, median, p95, page.budget_ms));
        }
        let (rss_after, _) = server.memory_mb();
        if i + 1 == sizes.len() {
            full_rate = filing_rate(&server.base, 5).await;
        }
        results.push(Measured { backend: inst.backend, size, fill_per_s, pages, rss_idle, rss_after });
    }
    (results, empty_rate, full_rate)
}

async fn postgres_installation() -> Option<(Installation, String, String)> {
    let server =
        std::env::var("ADUAN_SCALE_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    if server == "none" {
        return None;
    }
    sqlx::any::install_default_drivers();
    let admin = sqlx::any::AnyPoolOptions::new().max_connections(1).connect(&server).await.ok()?;
    let name = format!("aduan_scale_{}", std::process::id());
    admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.expect("create database");
    admin.close().await;
    let url = match server.rsplit_once('/') {
        Some((root, _)) => format!("{root}/{name}"),
        None => server.clone(),
    };
    let inst = Installation { backend: "PostgreSQL", data: tempfile::tempdir().expect("dir"), url: Some(url) };
    Some((inst, server, name))
}

async fn drop_database(server: &str, name: &str) {
    if let Ok(admin) = sqlx::any::AnyPoolOptions::new().max_connections(1).connect(server).await {
        let _ = admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).await;
        admin.close().await;
    }
}

fn print_table(all: &[Measured], writes: &[(&'static str, f64, f64, u64)]) {
    let Some(first) = all.first() else { return };
    let mut header = "| page | budget p95 |".to_string();
    let mut rule = "|---|---|".to_string();
    for m in all {
        header.push_str(&format!(" {} {} |", m.backend, m.size));
        rule.push_str("---|");
    }
    println!("\nmedian / p95 ms of whole page loads\n\n{header}\n{rule}");
    for (row, (name, _, _, budget)) in first.pages.iter().enumerate() {
        let mut line = format!("| {name} | < {budget:.0} |");
        for m in all {
            let (_, median, p95, budget) = m.pages[row];
            let flag = if p95 < budget { "" } else { " **over**" };
            line.push_str(&format!(" {median:.1} / {p95:.1}{flag} |"));
        }
        println!("{line}");
    }
    let mut fill = "| demo-data fill, complaints/s | ≥ 20,000 (SQLite); 1M < 180 s (PostgreSQL) |".to_string();
    let mut idle = "| server resident memory idle, MB | < 64 |".to_string();
    let mut after = "| server resident memory after the loads, MB | < 256 |".to_string();
    for m in all {
        fill.push_str(&format!(" {:.0} |", m.fill_per_s));
        idle.push_str(&format!(" {:.0} |", m.rss_idle));
        after.push_str(&format!(" {:.0} |", m.rss_after));
    }
    println!("{fill}\n{idle}\n{after}\n");
    for (backend, empty, full, size) in writes {
        println!(
            "{backend}: filing over the JSON API, 16 clients: {empty:.0}/s on an empty database, {full:.0}/s at {size}"
        );
    }
}

fn main() {
    let smoke = !std::env::args().any(|a| a == "--bench");
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime").block_on(run(smoke));
}

async fn run(smoke: bool) {
    let sizes: Vec<u64> = if smoke {
        vec![300]
    } else {
        std::env::var("ADUAN_SCALE_SIZES")
            .unwrap_or_else(|_| "10000,100000,1000000".into())
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect()
    };
    let loads = if smoke { 2 } else { env_or("ADUAN_SCALE_LOADS", 20) as usize };
    let mut all = Vec::new();
    let mut writes = Vec::new();
    let largest = sizes.iter().copied().max().unwrap_or(0);
    if std::env::var("ADUAN_SCALE_SQLITE").is_ok_and(|v| v == "none") {
        println!("SQLite skipped: ADUAN_SCALE_SQLITE=none");
    } else {
        let sqlite = Installation { backend: "SQLite", data: tempfile::tempdir().expect("dir"), url: None };
        let (results, empty, full) = measure_backend(&sqlite, &sizes, loads).await;
        all.extend(results);
        writes.push(("SQLite", empty, full, largest));
    }
    if let Some((pg, server, name)) = postgres_installation().await {
        let (results, empty, full) = measure_backend(&pg, &sizes, loads).await;
        all.extend(results);
        writes.push(("PostgreSQL", empty, full, largest));
        drop_database(&server, &name).await;
    } else {
        println!("PostgreSQL skipped: no server at ADUAN_SCALE_POSTGRES");
    }
    print_table(&all, &writes);
}
