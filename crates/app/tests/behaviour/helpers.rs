use aduan::settings::{DataArgs, ServeArgs};
use aduan::startup::{app, open_store, web_config};
use aduan_domain::Ticket;
use aduan_store::Store;
use aduan_store::testing::TestDatabase;
use reqwest::multipart::{Form, Part};
use reqwest::{Client, Response, StatusCode, redirect};
use std::net::SocketAddr;

pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub store: Store,
    pub data_dir: tempfile::TempDir,
    /// The one-time password printed for `admin` on first start.
    pub admin_password: String,
    db: TestDatabase,
}

pub fn client() -> Client {
    Client::builder().cookie_store(true).redirect(redirect::Policy::none()).build().unwrap()
}

/// Starts Aduan as `aduan serve` does, on a free port, with a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// The same, with some serve options changed first.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut ServeArgs)) -> TestApp {
    let db = TestDatabase::create().await.expect("test database");
    let data_dir = tempfile::tempdir().unwrap();
    let data = DataArgs { data: data_dir.path().to_path_buf(), database_url: Some(db.url.clone()), secret_key: None };
    let (store, admin) = open_store(&data).await.expect("open store");
    let admin_password = admin.expect("a fresh database gets a first admin").password;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut serve = ServeArgs::on(addr);
    adjust(&mut serve);
    let router = app(store.clone(), web_config(&serve, addr));
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    TestApp { base: format!("http://{addr}"), client: client(), store, data_dir, admin_password, db }
}

impl TestApp {
    /// A second server on the same database and data directory, as after a restart.
    pub async fn restarted(&self) -> (String, Store) {
        let data = DataArgs {
            data: self.data_dir.path().to_path_buf(),
            database_url: Some(self.db.url.clone()),
            secret_key: None,
        };
        let (store, admin) = open_store(&data).await.expect("reopen store");
        assert!(admin.is_none());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let serve = ServeArgs { rate_limit_per_minute: 0, ..ServeArgs::on(addr) };
        let router = app(store.clone(), web_config(&serve, addr));
        tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        (format!("http://{addr}"), store)
    }

    pub fn database_url(&self) -> &str {
        &self.db.url
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn count(&self) -> i64 {
        self.store.count_complaints().await.unwrap()
    }

    /// Files stored under the data directory's attachment folder.
    pub fn stored_files(&self) -> usize {
        walk(&self.data_dir.path().join("attachments"))
    }

    /// Opens the form (getting the CSRF cookie) and returns the token.
    pub async fn csrf(&self, path: &str) -> String {
        let html = self.get(path).await.text().await.unwrap();
        csrf_in(&html)
    }

    pub async fn post_form(&self, form: Form) -> Response {
        self.client.post(self.url("/pengaduan")).multipart(form).send().await.unwrap()
    }

    pub async fn create_via_api(&self, body: serde_json::Value) -> Response {
        self.client.post(self.url("/api/v1/complaints")).json(&body).send().await.unwrap()
    }
}

fn walk(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum()
}

pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("csrf field") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// The fields of a valid complaint, as the form sends them.
pub fn valid_fields() -> Vec<(&'static str, String)> {
    vec![
        ("kind", "pengaduan".into()),
        ("category", "adminduk".into()),
        ("title", "Kartu keluarga belum dicetak".into()),
        ("description", "Sudah tiga minggu kartu keluarga baru belum dicetak oleh desa.".into()),
        ("resolution_requested", "Kartu keluarga dicetak minggu ini".into()),
        ("incident_date", "".into()),
        ("place", "Balai desa".into()),
        ("identity_mode", "biasa".into()),
        ("publication", "tertutup".into()),
        ("name", "Warga Uji Coba".into()),
        ("address", "RT 02 RW 03 Dusun Uji".into()),
        ("nik", "3303011203900001".into()),
        ("phone", "0812 0000 2222".into()),
        ("email", "warga.uji@contoh.id".into()),
        ("preferred_contact", "whatsapp".into()),
    ]
}

pub fn form_with(csrf: &str, fields: &[(&'static str, String)]) -> Form {
    let mut form = Form::new().text("csrf", csrf.to_string());
    for (k, v) in fields {
        form = form.text(*k, v.clone());
    }
    form
}

pub fn with_file(form: Form, name: &str, bytes: Vec<u8>, mime: &str) -> Form {
    form.part("evidence", Part::bytes(bytes).file_name(name.to_string()).mime_str(mime).unwrap())
}

pub fn valid_json() -> serde_json::Value {
    serde_json::json!({
        "kind": "pengaduan",
        "category": "surat",
        "title": "Surat keterangan usaha belum jadi",
        "description": "Surat keterangan usaha yang saya ajukan sepekan lalu belum jadi.",
        "resolution_requested": "Surat diselesaikan",
        "incident_date": "2026-11-20",
        "identity_mode": "rahasia",
        "publication": "tertutup",
        "complainant": {"name": "Warga API", "address": "RT 04 RW 01", "nik": "3303015203900002",
                        "phone": "+62 812 0000 3333", "email": "warga.api@contoh.id"}
    })
}

/// A real JPEG carrying EXIF with a GPS position, as a phone camera writes it.
pub fn jpeg_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 120]));
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let jpeg = jpeg.into_inner();
    let mut tiff: Vec<u8> = Vec::new();
    tiff.extend_from_slice(b"II");
    tiff.extend_from_slice(&42u16.to_le_bytes());
    tiff.extend_from_slice(&8u32.to_le_bytes());
    // IFD0: one entry pointing at the GPS IFD.
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x8825u16.to_le_bytes());
    tiff.extend_from_slice(&4u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&26u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD: latitude reference and latitude.
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&2u32.to_le_bytes());
    tiff.extend_from_slice(b"S\0\0\0");
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&5u16.to_le_bytes());
    tiff.extend_from_slice(&3u32.to_le_bytes());
    tiff.extend_from_slice(&56u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for (num, den) in [(7u32, 1u32), (17, 1), (4242, 100)] {
        tiff.extend_from_slice(&num.to_le_bytes());
        tiff.extend_from_slice(&den.to_le_bytes());
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

// The citizen's and the staff's steps through HTTP.

/// A complaint filed through the API: its ticket and PIN.
pub async fn file(app: &TestApp) -> (String, String) {
    file_json(app, valid_json()).await
}

pub async fn file_json(app: &TestApp, body: serde_json::Value) -> (String, String) {
    let created: serde_json::Value = app.create_via_api(body).await.json().await.unwrap();
    (created["ticket"].as_str().unwrap().to_string(), created["pin"].as_str().unwrap().to_string())
}

/// A staff member's step on a case: the status and the page that answered.
pub async fn step(
    c: &Client,
    app: &TestApp,
    csrf: &str,
    ticket: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf)];
    form.extend_from_slice(fields);
    let res = c.post(app.url(&format!("/admin/pengaduan/{ticket}/langkah"))).form(&form).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// A browser that proved the PIN of `ticket`.
pub async fn citizen(app: &TestApp, ticket: &str, pin: &str) -> (Client, String) {
    let c = client();
    let csrf = csrf_in(&c.get(app.url("/lacak")).send().await.unwrap().text().await.unwrap());
    let res = c
        .post(app.url("/lacak"))
        .form(&[("csrf", csrf.as_str()), ("ticket", ticket), ("pin", pin)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    (c, csrf)
}

pub async fn page(c: &Client, app: &TestApp, path: &str) -> String {
    c.get(app.url(path)).send().await.unwrap().text().await.unwrap()
}

pub async fn post(c: &Client, app: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, String, String) {
    let res = c.post(app.url(path)).form(form).send().await.unwrap();
    let status = res.status();
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (status, location, res.text().await.unwrap())
}

pub async fn staff_step(c: &Client, app: &TestApp, csrf: &str, ticket: &str, fields: &[(&str, &str)]) {
    let (status, body) = step(c, app, csrf, ticket, fields).await;
    assert_eq!(status, StatusCode::OK, "{fields:?}: {}", &body[..body.len().min(400)]);
    assert!(body.contains("Langkah tersimpan") || body.contains("class=\"alert info\""), "{fields:?}");
}

pub async fn status_of(app: &TestApp, ticket: &str) -> String {
    app.store.timeline(&Ticket::parse(ticket).unwrap()).await.unwrap().status.as_str().to_string()
}

pub async fn user_id(app: &TestApp, username: &str) -> String {
    let u = app.store.user_by_username(1, &aduan_domain::staff::Username::parse(username).unwrap()).await.unwrap();
    u.id.to_string()
}

pub fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The text of a PDF, by `pdftotext` (poppler-utils, which `scripts/test` installs). Without it
/// the text checks are skipped, loudly, unless `ADUAN_REQUIRE_PDFTOTEXT=1`.
pub fn pdf_text(pdf: &[u8]) -> Option<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let child = Command::new("pdftotext").args(["-", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn();
    let Ok(mut child) = child else {
        assert!(
            std::env::var("ADUAN_REQUIRE_PDFTOTEXT").is_err(),
            "pdftotext is required (apt-get install poppler-utils)"
        );
        eprintln!("!! PDF text checks SKIPPED: pdftotext is not installed (apt-get install poppler-utils)");
        return None;
    };
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext failed");
    // Lines are wrapped where the layout wraps them; compare text with single spaces.
    Some(String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" "))
}

/// How many pages a PDF has (`pdfinfo`), and its pages saved as PNG (`pdftoppm`) under
/// `target/tmp/screenshots/{name}-N.png` to look at; `None` when poppler-utils is not installed
/// and not required (as for [`pdf_text`]).
pub fn pdf_pages(pdf: &[u8], name: &str) -> Option<usize> {
    use std::process::Command;
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let Ok(info) = Command::new("pdfinfo").arg(&file).output() else {
        assert!(
            std::env::var("ADUAN_REQUIRE_PDFTOTEXT").is_err(),
            "pdfinfo is required (apt-get install poppler-utils)"
        );
        eprintln!("!! PDF page checks SKIPPED: pdfinfo is not installed (apt-get install poppler-utils)");
        return None;
    };
    assert!(info.status.success(), "pdfinfo failed");
    let info = String::from_utf8(info.stdout).unwrap();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo names the pages");
    let png = Command::new("pdftoppm").args(["-png", "-r", "90"]).arg(&file).arg(dir.join(name)).status().unwrap();
    assert!(png.success(), "pdftoppm failed");
    Some(pages)
}
