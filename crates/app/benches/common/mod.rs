//! What the HTTP benchmarks share: the release server in a child process, its memory, and
//! clients that drive it.

#![allow(dead_code)]

use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A child process that is killed when the benchmark ends.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// `VmRSS` and `VmHWM` (peak) of the process, in MB.
    pub fn memory_mb(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
                .map_or(f64::NAN, |kb| kb / 1024.0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

pub async fn wait_until_up(base: &str) {
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client.get(format!("{base}/api/v1/categories")).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server at {base} did not come up");
}

/// The server's log is kept in `target/bench-server.log`, to read after a failure.
/// `database_url`: PostgreSQL instead of SQLite in the data directory.
pub async fn start_aduan(data: &std::path::Path, log: &std::path::Path, database_url: Option<&str>) -> Server {
    let port = free_port();
    let log = std::fs::File::create(log).expect("the server's log file");
    let mut command = Command::new(env!("CARGO_BIN_EXE_aduan"));
    if let Some(url) = database_url {
        command.arg("--database-url").arg(url);
    }
    let child = command
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--rate-limit-per-minute",
            "0",
            "--identity-lookups-per-minute",
            "0",
        ])
        .arg("--data")
        .arg(data)
        .env("ADUAN_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("the aduan binary starts");
    let server = Server { child, base: format!("http://127.0.0.1:{port}") };
    wait_until_up(&server.base).await;
    server
}

pub fn complaint(n: u64) -> Value {
    json!({
        "kind": "pengaduan",
        "category": "surat",
        "title": format!("Surat pengantar belum selesai {n}"),
        "description": "Surat pengantar yang diajukan minggu lalu belum juga selesai diproses oleh kantor desa.",
        "resolution_requested": "Surat diselesaikan minggu ini",
        "identity_mode": "biasa",
        "publication": "tertutup",
        "complainant": {"name": "Warga Uji Beban", "address": "RT 01 RW 01", "phone": "0812 0000 1234"}
    })
}

/// Failures by HTTP status (0: no answer).
pub type Failures = std::collections::BTreeMap<u16, u64>;

/// Runs `clients` loops of `work` for `seconds`; successes per second and failures by status.
pub async fn drive<F, Fut>(clients: u64, seconds: u64, work: F) -> (f64, Failures)
where
    F: Fn(reqwest::Client, u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), u16>> + Send,
{
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(std::sync::Mutex::new(Failures::new()));
    let work = Arc::new(work);
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (ok, failed, work) = (ok.clone(), failed.clone(), work.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut i = 0;
            while Instant::now() < deadline {
                match work(client.clone(), c * 1_000_000 + i).await {
                    Ok(()) => {
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(status) => *failed.lock().expect("tally").entry(status).or_default() += 1,
                }
                i += 1;
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let failed = failed.lock().expect("tally").clone();
    (ok.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64(), failed)
}

/// A GET that succeeded, or its status.
pub async fn get_ok(req: reqwest::RequestBuilder) -> Result<(), u16> {
    match req.send().await {
        Ok(r) if r.status().is_success() => Ok(()),
        Ok(r) => Err(r.status().as_u16()),
        Err(_) => Err(0),
    }
}

pub async fn file_one(client: &reqwest::Client, base: &str, n: u64) -> Result<(String, String), u16> {
    let res = client.post(format!("{base}/api/v1/complaints")).json(&complaint(n)).send().await.map_err(|_| 0u16)?;
    if res.status() != reqwest::StatusCode::CREATED {
        return Err(res.status().as_u16());
    }
    let v: Value = res.json().await.map_err(|_| 0u16)?;
    let field = |k: &str| v[k].as_str().map(str::to_string).ok_or(0u16);
    Ok((field("ticket")?, field("pin")?))
}
