//! The real server end to end, as citizens' load reaches it: the release `aduan serve` on SQLite in
//! a fresh data directory, driven over HTTP by many concurrent clients. In the same run, on the
//! same disk, the figures it is judged against: SQLite's own rate of single-row commits with
//! `synchronous=FULL`, and a bare axum JSON handler in its own process.
//!
//! `cargo bench -p aduan --bench http` (`ADUAN_BENCH_SECONDS`, default 10; `ADUAN_BENCH_CLIENTS`,
//! default 64). Under `cargo test` (no `--bench` argument) it makes a short smoke run of every
//! phase, one second each with smaller pictures and fewer filings, whose figures mean nothing.
//! It prints:
//! - durable filings per second over `POST /api/v1/complaints` against single-row commits per second;
//! - tracking lookups per second (`GET /api/v1/track/{ticket}`, and the case with its PIN) against
//!   the bare handler;
//! - resident memory after 1,000 filings;
//! - peak resident memory while 16 clients send picture bombs at once, and while 16 send large
//!   real pictures that must be decoded.

mod common;

use common::*;
use reqwest::multipart::{Form, Part};
use serde_json::json;
use sqlx::Executor;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const BARE: &str = "ADUAN_BENCH_BARE_ADDR";

/// The same process started again as a bare axum server with one JSON handler.
async fn start_bare() -> Server {
    let port = free_port();
    let child = Command::new(std::env::current_exe().expect("this benchmark's path"))
        .env(BARE, format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .spawn()
        .expect("the bare server starts");
    let server = Server { child, base: format!("http://127.0.0.1:{port}") };
    wait_until_up(&server.base).await;
    server
}

async fn serve_bare(addr: String) {
    use axum::{Json, Router, extract::Path, routing::get};
    let app = Router::new().route("/api/v1/categories", get(|| async { Json(json!([])) })).route(
        "/api/v1/track/{ticket}",
        get(|Path(ticket): Path<String>| async move {
            Json(json!({"ticket": ticket, "status": "diterima", "history": [{"status": "diterima"}]}))
        }),
    );
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}

/// One INSERT per transaction, one after another, on the same disk.
async fn single_commit_rate(dir: &std::path::Path, seconds: u64) -> f64 {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=rwc", dir.join("baseline.db").display());
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(|c, _| {
            Box::pin(async move { c.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;").await.map(|_| ()) })
        })
        .connect(&url)
        .await
        .expect("baseline database");
    pool.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").await.expect("baseline table");
    let body = "x".repeat(600);
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(seconds) {
        let mut tx = pool.begin().await.expect("begin");
        sqlx::query("INSERT INTO t (body) VALUES ($1)").bind(body.clone()).execute(&mut *tx).await.expect("insert");
        tx.commit().await.expect("commit");
        n += 1;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).expect("png");
    out.into_inner()
}

/// 16 browsers sending the complaint form with `picture` at once: their statuses and the server's
/// peak resident memory.
async fn parallel_uploads(server: &Server, picture: Vec<u8>) -> (Vec<u16>, f64) {
    let mut tasks = Vec::new();
    for n in 0..16u64 {
        let (base, picture) = (server.base.clone(), picture.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
            let html = client.get(format!("{base}/pengaduan")).send().await.ok()?.text().await.ok()?;
            let marker = "name=\"csrf\" value=\"";
            let start = html.find(marker)? + marker.len();
            let csrf = html[start..start + html[start..].find('"')?].to_string();
            let mut form = Form::new().text("csrf", csrf);
            for (k, v) in [
                ("kind", "pengaduan"),
                ("category", "surat"),
                ("title", "Foto jalan rusak"),
                ("description", "Jalan desa rusak berat di depan sekolah dan membahayakan anak-anak."),
                ("resolution_requested", "Jalan diperbaiki"),
                ("identity_mode", "anonim"),
                ("publication", "tertutup"),
            ] {
                form = form.text(k, v);
            }
            let part = Part::bytes(picture).file_name(format!("foto{n}.png")).mime_str("image/png").ok()?;
            let res = client.post(format!("{base}/pengaduan")).multipart(form.part("evidence", part)).send().await;
            Some(res.ok()?.status().as_u16())
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.ok().flatten().unwrap_or(0));
    }
    (statuses, server.memory_mb().1)
}

fn main() {
    if let Ok(addr) = std::env::var(BARE) {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(serve_bare(addr));
        return;
    }
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(run());
}

async fn run() {
    let smoke = !std::env::args().any(|a| a == "--bench");
    if smoke {
        println!("smoke run (cargo test): every phase once, briefly; use `cargo bench` for figures");
    }
    let seconds = env_or("ADUAN_BENCH_SECONDS", if smoke { 1 } else { 10 });
    let clients = env_or("ADUAN_BENCH_CLIENTS", 64);
    // On the disk the project lives on (not a tmpfs), so the commit rates mean something.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
    std::fs::create_dir_all(&root).expect("target directory");
    let dir = tempfile::tempdir_in(&root).expect("a scratch directory");
    let server = start_aduan(&dir.path().join("data"), &root.join("bench-server.log"), None).await;
    let (rss, _) = server.memory_mb();
    println!("aduan serve (release) started: {rss:.0} MB resident");

    // Picture bombs first, while the peak still belongs to them.
    let (statuses, peak) =
        parallel_uploads(&server, aduan_store::platform::images::bombs::png(12_000, 12_000, true)).await;
    println!(
        "16 parallel picture bombs (12000×12000 RGBA16, 1.15 GB decoded each): statuses {statuses:?}, peak {peak:.0} MB"
    );
    assert!(statuses.iter().all(|s| *s == 413), "every picture bomb is refused with 413: {statuses:?}");
    let side = if smoke { 1000 } else { 6000 };
    let (statuses, peak) = parallel_uploads(&server, png(side, side)).await;
    let mp = side * side / 1_000_000;
    println!("16 parallel real {mp} MP pictures (decoded and re-encoded): statuses {statuses:?}, peak {peak:.0} MB");
    assert!(statuses.iter().all(|s| *s == 200), "every real picture is stored: {statuses:?}");

    let client = reqwest::Client::new();
    let mut tickets = Vec::new();
    let filings = if smoke { 100 } else { 1000 };
    for n in 0..filings {
        let filed = file_one(&client, &server.base, n).await.expect("a filing is accepted");
        if n % 50 == 0 {
            tickets.push(filed);
        }
    }
    let (rss, _) = server.memory_mb();
    println!("resident memory after {filings} filings: {rss:.0} MB");

    let base = server.base.clone();
    let (filed, failed) = drive(clients, seconds, move |c, n| {
        let base = base.clone();
        async move { file_one(&c, &base, 10_000 + n).await.map(|_| ()) }
    })
    .await;
    let single = single_commit_rate(dir.path(), seconds).await;
    println!("durable filing over HTTP ({clients} clients, {seconds} s): {filed:.0} complaints/s (failed: {failed:?})");
    println!("SQLite single-row commits, synchronous=FULL, same disk: {single:.0} commits/s");
    println!("ratio: {:.2}×", filed / single);

    let tickets = Arc::new(tickets);
    let lookup = |base: String, tickets: Arc<Vec<(String, String)>>| {
        move |c: reqwest::Client, n: u64| {
            let (base, tickets) = (base.clone(), tickets.clone());
            async move {
                let (ticket, _) = &tickets[n as usize % tickets.len()];
                get_ok(c.get(format!("{base}/api/v1/track/{ticket}"))).await
            }
        }
    };
    let (tracked, failed) = drive(clients, seconds, lookup(server.base.clone(), tickets.clone())).await;
    let base = server.base.clone();
    let with_pin = tickets.clone();
    let (cases, case_failed) = drive(clients, seconds, move |c, n| {
        let (base, tickets) = (base.clone(), with_pin.clone());
        async move {
            let (ticket, pin) = &tickets[n as usize % tickets.len()];
            get_ok(c.get(format!("{base}/api/v1/complaints/{ticket}")).header("x-aduan-pin", pin)).await
        }
    })
    .await;
    let (rss, _) = server.memory_mb();
    drop(server);
    let bare = start_bare().await;
    let (plain, _) = drive(clients, seconds, lookup(bare.base.clone(), tickets)).await;
    println!("tracking lookups (GET /api/v1/track/{{ticket}}): {tracked:.0}/s (failed: {failed:?})");
    println!("the case with its PIN (GET /api/v1/complaints/{{ticket}}): {cases:.0}/s (failed: {case_failed:?})");
    println!("bare axum JSON handler, same clients: {plain:.0}/s");
    println!("ratio: {:.2}×", tracked / plain);
    println!("resident memory at the end: {rss:.0} MB");
}
