//! The open data at `/data/pengaduan.csv` and `.json`: what the public list shows and nothing
//! else, never who complained, read back by a CSV reader and a JSON parser, whole across the
//! pages it is written in.

use crate::helpers::*;
use aduan_domain::Role;
use reqwest::StatusCode;

async fn download(app: &TestApp, path: &str) -> (reqwest::header::HeaderMap, String) {
    let res = app.get(path).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let headers = res.headers().clone();
    (headers, res.text().await.unwrap())
}

/// The CSV's rows as the `csv` crate reads them, header first (the byte-order mark removed as a
/// spreadsheet program does).
fn rows(body: &str) -> Vec<Vec<String>> {
    let text = body.strip_prefix('\u{FEFF}').expect("a byte-order mark first");
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[tokio::test]
async fn open_data_holds_the_published_complaints_and_no_identity() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let complaint = |identity: &str, publication: &str, title: &str| {
        let mut body = valid_json();
        body["identity_mode"] = identity.into();
        body["publication"] = publication.into();
        body["title"] = title.into();
        body["description"] = "=SUM(A1:A9) lampu jalan padam sejak Senin, \"gelap\" sekali.".into();
        body
    };
    let (public, _) = file_json(&app, complaint("biasa", "publik", "Lampu jalan padam di RT 02")).await;
    let (secret, _) = file_json(&app, complaint("rahasia", "publik", "Rahasia")).await;
    let (closed, _) = file_json(&app, complaint("biasa", "tertutup", "Tertutup")).await;
    let (unverified, _) = file_json(&app, complaint("biasa", "publik", "Belum diverifikasi")).await;
    let (manager, token) = crate::admin::staff_client(&app, "sekdes.data", &[Role::Pengelola]).await;
    let me = user_id(&app, "sekdes.data").await;
    for t in [&public, &secret, &closed] {
        staff_step(&manager, &app, &token, t, &[("action", "disposisi"), ("from", "diterima"), ("officer", &me)]).await;
    }

    let (headers, body) = download(&app, "/data/pengaduan.csv").await;
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(headers["link"].to_str().unwrap().contains("rel=\"license\""));
    let table = rows(&body);
    assert_eq!(table.len(), 1, "one published complaint: {body}");
    let row = &table[0];
    assert_eq!(row[0], public);
    assert_eq!((row[3].as_str(), row[6].as_str()), ("diproses", "Lampu jalan padam di RT 02"));
    assert!(row[7].starts_with("'=SUM"), "a formula is defused: {}", row[7]);
    assert!(row[7].contains("\"gelap\""), "quotes kept whole");
    for hidden in [&secret, &closed, &unverified] {
        assert!(!body.contains(hidden.as_str()), "{hidden} is not published");
    }
    for identity in ["Warga API", "3303015203900002", "0000 3333", "warga.api@contoh.id", "RT 04 RW 01"] {
        assert!(!body.contains(identity), "{identity} never in open data");
    }

    let (headers, body) = download(&app, "/data/pengaduan.json").await;
    assert_eq!(headers["content-type"], "application/json");
    let data: serde_json::Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert!(data["lisensi"].as_str().unwrap().starts_with("CC BY 4.0"));
    assert!(data["sumber"].as_str().unwrap().ends_with("/data/pengaduan.json"), "{}", data["sumber"]);
    let items = data["pengaduan"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["tiket"], public.as_str());
    assert_eq!(items[0]["status"], "diproses");
    assert!(items[0]["uraian"].as_str().unwrap().starts_with("=SUM"), "JSON keeps the text as written");
    for identity in ["Warga API", "3303015203900002", "warga.api@contoh.id"] {
        assert!(!body.contains(identity), "{identity} never in open data");
    }
    let sitemap = app.get("/sitemap.xml").await.text().await.unwrap();
    assert!(sitemap.contains("/data/pengaduan.csv") && sitemap.contains("/data/pengaduan.json"), "{sitemap}");
}

#[tokio::test]
async fn open_data_is_whole_across_its_pages_and_empty_when_nothing_is_published() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (_, body) = download(&app, "/data/pengaduan.json").await;
    let empty: serde_json::Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert_eq!(empty["pengaduan"], serde_json::json!([]));
    let (_, body) = download(&app, "/data/pengaduan.csv").await;
    assert!(rows(&body).is_empty());
    assert!(body.starts_with("\u{FEFF}tiket,kode_layanan,"), "the header alone: {body}");

    let opts = aduan_store::complaint::demo::DemoOptions {
        complaints: 3_000,
        villages: 1,
        years: 1,
        seed: 11,
        beside_real: false,
    };
    app.store.demo_data(&opts, &|_| {}).await.unwrap();
    // What the public list shows, asked of the database directly.
    let db = sqlx::AnyPool::connect(app.database_url()).await.unwrap();
    let mut expected: Vec<String> = sqlx::query_scalar(
        "SELECT ticket FROM complaints WHERE publication = 'publik' AND identity_mode <> 'rahasia' \
         AND verified_at IS NOT NULL AND public_withdrawn_at IS NULL AND status NOT IN ('ditolak', 'dicabut')",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    db.close().await;
    assert!(expected.len() > 500, "more than one page of 500: {}", expected.len());
    expected.sort();

    let (_, body) = download(&app, "/data/pengaduan.csv").await;
    let mut tickets: Vec<String> = rows(&body).into_iter().map(|r| r[0].clone()).collect();
    let received: Vec<String> = rows(&body).into_iter().map(|r| r[4].clone()).collect();
    assert!(received.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    tickets.sort();
    assert_eq!(tickets, expected, "every published complaint once");

    let (_, body) = download(&app, "/data/pengaduan.json").await;
    let data: serde_json::Value = serde_json::from_str(&body).unwrap();
    let mut tickets: Vec<String> =
        data["pengaduan"].as_array().unwrap().iter().map(|c| c["tiket"].as_str().unwrap().to_string()).collect();
    tickets.sort();
    assert_eq!(tickets, expected);
}
