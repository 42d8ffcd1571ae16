//! Durability: the server is killed with SIGKILL while complaints are being filed; after a
//! restart every complaint whose ticket reached a client is there, whole.

use crate::helpers::valid_json;
use aduan_store::testing::TestDatabase;
use reqwest::StatusCode;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Server {
    child: Child,
    base: String,
}

fn start(data: &std::path::Path, db_url: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aduan"))
        .args(["--data", data.to_str().unwrap(), "--database-url", db_url, "serve", "--addr", "127.0.0.1:0"])
        .env("ADUAN_LOG", "warn")
        .env("ADUAN_RATE_LIMIT_PER_MINUTE", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start aduan");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines.next().expect("aduan exited before listening").unwrap();
        if let Some(addr) = line.strip_prefix("Aduan listening on ") {
            break addr.trim().to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, base }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_complaints_survive_sigkill() {
    let db = TestDatabase::create().await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut server = start(data.path(), &db.url);
    let acked: Arc<Mutex<Vec<(String, String, String)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut clients = Vec::new();
    for worker in 0..8 {
        let (acked, stop, base) = (acked.clone(), stop.clone(), server.base.clone());
        clients.push(tokio::spawn(async move {
            let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                n += 1;
                let title = format!("Keluhan uji ketahanan {worker}-{n}");
                let mut body = valid_json();
                body["title"] = title.clone().into();
                let Ok(res) = http.post(format!("{base}/api/v1/complaints")).json(&body).send().await else {
                    break;
                };
                if res.status() != StatusCode::CREATED {
                    break;
                }
                let Ok(v) = res.json::<Value>().await else {
                    break;
                };
                let ticket = v["ticket"].as_str().unwrap().to_string();
                let pin = v["pin"].as_str().unwrap().to_string();
                acked.lock().unwrap().push((ticket, pin, title));
            }
        }));
    }
    // Let a good number of complaints through, then pull the plug mid-stream.
    for _ in 0..600 {
        if acked.lock().unwrap().len() >= 40 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for c in clients {
        let _ = c.await;
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 20, "only {} complaints were acknowledged before the kill", acked.len());

    let mut server = start(data.path(), &db.url);
    let http = reqwest::Client::new();
    for (ticket, pin, title) in &acked {
        let res = http
            .get(format!("{}/api/v1/complaints/{ticket}", server.base))
            .header("x-aduan-pin", pin)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{ticket} lost after the crash");
        let case: Value = res.json().await.unwrap();
        assert_eq!(case["title"], title.as_str());
        assert_eq!(case["complainant"]["nik"], "3303015203900002");
        assert_eq!(case["history"].as_array().unwrap().len(), 1);
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();

    let verify = Command::new(env!("CARGO_BIN_EXE_aduan"))
        .args(["--data", data.path().to_str().unwrap(), "--database-url", &db.url, "audit", "verify"])
        .env("ADUAN_LOG", "warn")
        .output()
        .unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    assert!(String::from_utf8_lossy(&verify.stdout).contains("intact"));
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly() {
    let db = TestDatabase::create().await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut server = start(data.path(), &db.url);
    let res = reqwest::Client::new().post(format!("{}/api/v1/complaints", server.base)).json(&valid_json()).send();
    assert_eq!(res.await.unwrap().status(), StatusCode::CREATED);
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "aduan did not stop after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "exit status {status:?}");
}
