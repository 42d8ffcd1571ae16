//! End to end in a real headless Chromium (Debian's `chromium` and `chromium-driver`, driven
//! over WebDriver): a citizen reads the regulation, downloads it, comments, files a complaint with
//! a photo and tracks it; staff moderate the comment and answer the complaint; the citizen sees
//! the answer. Each page is saved as a phone-sized and a desktop screenshot under
//! `target/tmp/screenshots/`. Without Chromium the test is skipped, loudly, unless
//! `ADUAN_REQUIRE_BROWSER=1` (set by `scripts/test`, which installs it).

use crate::admin::STAFF_PASSWORD;
use crate::helpers::*;
use aduan_domain::Role;
use aduan_domain::access::Roles;
use aduan_domain::staff::Username;
use aduan_store::platform::credentials::hash_secret;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";
pub(crate) const PHONE: (u32, u32) = (360, 800);
const USER_AGENT: &str =
    "Mozilla/5.0 (Linux; Android 13; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36";
pub(crate) const DESKTOP: (u32, u32) = (1280, 900);

/// chromedriver on a free port, stopped when dropped.
pub(crate) struct Driver(Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn browser_available() -> bool {
    let there = Path::new(CHROMIUM).exists() && Path::new(DRIVER).exists();
    if !there {
        assert!(
            std::env::var("ADUAN_REQUIRE_BROWSER").is_err(),
            "Chromium is required (apt-get install chromium chromium-driver)"
        );
        eprintln!("!! browser tests SKIPPED: chromium and chromium-driver are not installed");
    }
    there
}

pub(crate) async fn start_driver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(DRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child, port);
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return driver;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

pub(crate) async fn open_browser(driver: &Driver, profile: &Path, downloads: &Path) -> Client {
    let caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--lang=id-ID",
                // Headless Chromium names itself so, and the portal does not count such readers.
                format!("--user-agent={USER_AGENT}"),
                format!("--user-data-dir={}", profile.display()),
                format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
            ],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
                "intl.accept_languages": "id-ID,id",
            },
        },
    });
    let serde_json::Value::Object(caps) = caps else { unreachable!() };
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.1))
        .await
        .expect("a Chromium session");
    client.issue_cmd(AllowDownloads(downloads.display().to_string())).await.expect("downloads allowed");
    client
}

/// Chromium's own command to save downloads in `dir` (headless Chromium refuses them otherwise).
#[derive(Debug)]
struct AllowDownloads(String);

impl fantoccini::wd::WebDriverCompatibleCommand for AllowDownloads {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/chromium/send_command", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({
            "cmd": "Page.setDownloadBehavior",
            "params": {"behavior": "allow", "downloadPath": self.0},
        });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// axe-core, which `scripts/test` fetches from the npm registry; `None` (skipped, loudly) when
/// it is missing outside the test script.
fn axe_source() -> Option<String> {
    let path = std::env::var("ADUAN_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/axe-core/package/axe.min.js"));
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) if std::env::var("ADUAN_REQUIRE_BROWSER").is_ok() => panic!("axe-core is required at {path:?}"),
        Err(_) => {
            eprintln!("!! accessibility checks SKIPPED: no axe-core at {path:?} (scripts/test fetches it)");
            None
        }
    }
}

/// What axe-core finds against WCAG 2 A and AA on the page (labels, alternative text,
/// contrast, headings, landmarks, keyboard use); `None` without axe-core.
async fn violations(b: &Client) -> Option<Vec<String>> {
    let axe = axe_source()?;
    b.execute(&axe, vec![]).await.unwrap();
    let script = "const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, rules: {'heading-order': {enabled: true}, 'page-has-heading-one': {enabled: true}, 'landmark-one-main': {enabled: true}, 'region': {enabled: true}}})
          .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' — '
            + v.nodes.map(n => n.target.join(' ')).join(', '))))
          .catch(e => done(['axe failed: ' + e]));";
    let found = b.execute_async(script, vec![]).await.unwrap();
    Some(serde_json::from_value(found).unwrap())
}

async fn accessible(b: &Client, name: &str) {
    if let Some(problems) = violations(b).await {
        assert!(problems.is_empty(), "{name} has accessibility problems:\n{}", problems.join("\n"));
    }
}

/// Saves the page as it looks on a phone and on a desktop, after checking its accessibility.
pub(crate) async fn shoot(b: &Client, name: &str) {
    accessible(b, name).await;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    for (label, (w, h)) in [("phone", PHONE), ("desktop", DESKTOP)] {
        b.set_window_size(w, h).await.unwrap();
        // A new width moves the text: the part the address points at goes back to the top.
        b.execute("try { document.querySelector(location.hash)?.scrollIntoView() } catch (e) {}", vec![])
            .await
            .unwrap();
        let png = b.screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        std::fs::write(dir.join(format!("{name}-{label}.png")), png).unwrap();
    }
}

pub(crate) async fn text_of(b: &Client, css: &str) -> String {
    b.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).text().await.unwrap()
}

pub(crate) async fn fill(b: &Client, css: &str, value: &str) {
    let field = b.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

pub(crate) async fn click(b: &Client, css: &str) {
    b.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.unwrap();
}

/// Clicks a form's button and waits for the page that answers it: the click returns once the
/// browser has sent the form, not once the server has answered, and the next step must act on
/// the new page, not the one being left.
pub(crate) async fn submit(b: &Client, button: &str, css: &str, expected: &str) {
    click(b, button).await;
    let mut seen = String::new();
    for _ in 0..300 {
        // While the page is being replaced an element may vanish under the driver; try again.
        if let Ok(element) = b.find(Locator::Css(css)).await
            && let Ok(text) = element.text().await
        {
            if text.contains(expected) {
                return;
            }
            seen = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("after {button}, {css} never showed {expected:?}; it showed: {seen}");
}

pub(crate) async fn body_text(b: &Client) -> String {
    text_of(b, "body").await
}

/// The regulation as the village publishes it: an article with its PDF to download.
pub(crate) async fn publish_regulation(app: &TestApp) {
    let (editor, csrf) = crate::admin::staff_client(app, "redaksi1", &[Role::Redaksi]).await;
    let (status, _) = crate::articles::write(
        &editor,
        app,
        &csrf,
        &[
            ("title", "Peraturan Kepala Desa tentang Pengaduan Pelayanan Publik"),
            ("category", "peraturan"),
            ("summary", "Sepuluh langkah pengaduan pelayanan publik di desa."),
            ("body", "<h2>Langkah pengaduan</h2><ol><li>Kumpulkan bukti.</li><li>Pilih saluran.</li></ol>"),
            ("published", "1"),
        ],
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::OK);
    let id = app.store.all_articles(1).await.unwrap()[0].id;
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .part("file", reqwest::multipart::Part::bytes(pdf).file_name("Perkades 13 2022.pdf"));
    let res = editor.post(app.url(&format!("/admin/artikel/{id}/lampiran"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
}

async fn staff_account(app: &TestApp) {
    let name = Username::parse("sekdes").unwrap();
    let hash = hash_secret(STAFF_PASSWORD).unwrap();
    let roles = Roles::new(vec![Role::Pengelola, Role::Petugas, Role::Redaksi]);
    let id = app.store.create_user(1, &name, "Sekretaris Desa", &hash, &roles, None).await.unwrap();
    let user = app.store.user(id).await.unwrap();
    app.store.set_password(&user, &hash, false, None).await.unwrap();
}

#[tokio::test]
async fn a_citizen_and_the_village_office_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    publish_regulation(&app).await;
    staff_account(&app).await;
    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let b = open_browser(&driver, profile.path(), downloads.path()).await;

    // The accessibility check finds what it should: a field without a label, a picture without
    // alternative text.
    b.goto(&app.url("/")).await.unwrap();
    b.execute(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text><img src=/x.png><h5>Loncat</h5>')",
        vec![],
    )
    .await
    .unwrap();
    if let Some(found) = violations(&b).await {
        let found = found.join("\n");
        assert!(
            found.contains("label:") && found.contains("image-alt:") && found.contains("heading-order:"),
            "{found}"
        );
    }

    // The citizen finds the regulation from the home page and reads it.
    b.goto(&app.url("/")).await.unwrap();
    assert!(body_text(&b).await.contains("Statistik Pengunjung"));
    shoot(&b, "01-beranda").await;
    click(&b, "a[href='/artikel/peraturan-kepala-desa-tentang-pengaduan-pelayanan-publik']").await;
    assert_eq!(text_of(&b, "h1").await, "Peraturan Kepala Desa tentang Pengaduan Pelayanan Publik");
    assert_eq!(text_of(&b, "#reads").await, "1 Kali Dibaca");
    shoot(&b, "02-artikel").await;

    // Downloads the regulation.
    click(&b, "p.download a").await;
    let saved = downloads.path().join("Perkades 13 2022.pdf");
    // Chromium reserves the final name with an empty file at once and writes into a
    // `.crdownload` beside it, renamed over it when done: the download is whole when the file
    // has content and nothing is left in progress.
    for _ in 0..100 {
        let in_progress = std::fs::read_dir(downloads.path())
            .map(|d| d.flatten().any(|e| e.path().extension().is_some_and(|x| x == "crdownload")))
            .unwrap_or(true);
        if !in_progress && std::fs::metadata(&saved).is_ok_and(|m| m.len() > 0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(std::fs::read(&saved).expect("the PDF was downloaded").starts_with(b"%PDF"));

    // Comments, reading the code off the picture.
    fill(&b, "#c-name", "Warga Uji Coba").await;
    fill(&b, "#c-phone", "0812 0000 5555").await;
    fill(&b, "#c-email", "peramban.uji@contoh.id").await;
    fill(&b, "#c-body", "Apakah pengaduan lewat WhatsApp juga mendapat nomor tiket?").await;
    let challenge = b.find(Locator::Css("input[name=tantangan]")).await.unwrap().attr("value").await.unwrap().unwrap();
    let code = aduan_web::captcha::for_store(&app.store).answer_of(&challenge);
    fill(&b, "#c-kode", &code).await;
    shoot(&b, "03-komentar-diisi").await;
    submit(
        &b,
        "#komentar form button[type=submit]",
        "body",
        "Komentar Anda tersimpan dan akan tampil setelah diperiksa",
    )
    .await;
    shoot(&b, "04-komentar-terkirim").await;

    // The complaint form works from the keyboard: the first Tab reaches "skip to content", and
    // Tab alone goes on through every field to the send button.
    b.goto(&app.url("/pengaduan")).await.unwrap();
    let mut reached = Vec::new();
    for _ in 0..80 {
        let tab = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: '\u{E004}' })
            .then(KeyAction::Up { value: '\u{E004}' });
        b.perform_actions(tab).await.unwrap();
        let focused = b
            .execute("const e = document.activeElement; return (e.id || e.getAttribute('name') || e.textContent.trim() || e.tagName)", vec![])
            .await
            .unwrap();
        reached.push(focused.as_str().unwrap_or_default().to_string());
        if b.execute("return document.activeElement.matches(\"form[action='/pengaduan'] button[type=submit]\")", vec![])
            .await
            .unwrap()
            == serde_json::json!(true)
        {
            break;
        }
    }
    assert_eq!(reached[0], "Langsung ke isi", "{reached:?}");
    for field in ["category", "title", "description", "name", "phone", "evidence"] {
        assert!(reached.iter().any(|r| r == field), "Tab reaches {field}: {reached:?}");
    }
    let on_submit = b.execute("return document.activeElement.type === 'submit'", vec![]).await.unwrap();
    assert_eq!(on_submit, serde_json::json!(true), "Tab reaches the send button: {reached:?}");

    // Files a complaint with a photo and notes the ticket and PIN.
    b.goto(&app.url("/pengaduan")).await.unwrap();
    shoot(&b, "05-formulir-pengaduan").await;
    b.find(Locator::Css("#category")).await.unwrap().select_by_value("adminduk").await.unwrap();
    fill(&b, "#title", "Kartu keluarga belum dicetak").await;
    fill(&b, "#description", "Sudah tiga minggu kartu keluarga baru belum dicetak oleh desa.").await;
    fill(&b, "#resolution_requested", "Kartu keluarga dicetak minggu ini").await;
    fill(&b, "#name", "Warga Uji Coba").await;
    fill(&b, "#address", "RT 02 RW 03 Dusun Uji").await;
    fill(&b, "#phone", "0812 0000 5555").await;
    let photo = tempfile::Builder::new().suffix(".jpg").tempfile().unwrap();
    std::fs::write(photo.path(), jpeg_with_gps()).unwrap();
    b.find(Locator::Css("#evidence")).await.unwrap().send_keys(&photo.path().display().to_string()).await.unwrap();
    submit(&b, "form[action='/pengaduan'] button[type=submit]", "#ticket", "KRB-").await;
    let ticket = text_of(&b, "#ticket").await;
    let pin = text_of(&b, "#pin").await;
    assert!(ticket.starts_with("KRB-") && pin.len() == 6, "{ticket} {pin}");
    shoot(&b, "06-tanda-terima").await;

    // Tracks it with the ticket and PIN.
    b.goto(&app.url("/lacak")).await.unwrap();
    fill(&b, "#ticket", &ticket).await;
    fill(&b, "#pin", &pin).await;
    submit(&b, "form[action='/lacak'] button[type=submit]", "body", "Kartu keluarga belum dicetak").await;
    assert!(body_text(&b).await.contains(&ticket));
    shoot(&b, "07-lacak").await;

    // The village office signs in, publishes the comment and answers the complaint.
    b.goto(&app.url("/admin/masuk")).await.unwrap();
    fill(&b, "#username", "sekdes").await;
    fill(&b, "#password", STAFF_PASSWORD).await;
    submit(&b, "form[action='/admin/masuk'] button[type=submit]", "form[action='/admin/keluar']", "Keluar").await;
    b.goto(&app.url("/admin/komentar")).await.unwrap();
    assert!(body_text(&b).await.contains("lewat WhatsApp"));
    shoot(&b, "08-moderasi").await;
    submit(&b, "form[action$='/moderasi'] input[value=terbitkan] ~ button", "body", "Komentar diperbarui").await;

    b.goto(&app.url("/admin/dasbor")).await.unwrap();
    let open: i64 = text_of(&b, "#open").await.trim().parse().unwrap();
    assert!(open >= 1, "the complaint just filed is open: {open}");
    shoot(&b, "08-dasbor").await;
    b.goto(&app.url("/admin/pengaduan")).await.unwrap();
    assert!(body_text(&b).await.contains(&ticket));
    shoot(&b, "08-antrean").await;
    // The search box finds the case by an inflected word of its title, highlighted.
    fill(&b, "#f-search", "kartunya dicetak").await;
    submit(&b, "form.filters button[type=submit]", "main", "Hasil pencarian").await;
    assert!(body_text(&b).await.contains(&ticket));
    assert_eq!(text_of(&b, "ol.results mark").await, "Kartu");
    let found = b.current_url().await.unwrap();
    b.goto(&format!("{found}#hasil")).await.unwrap();
    shoot(&b, "08-antrean-cari").await;

    b.goto(&app.url(&format!("/admin/pengaduan/{ticket}"))).await.unwrap();
    shoot(&b, "09-kasus").await;
    b.goto(&app.url(&format!("/admin/pengaduan/{ticket}#pin"))).await.unwrap();
    assert!(body_text(&b).await.contains("Terbitkan PIN baru"));
    shoot(&b, "09-kasus-pin").await;
    let mut public = valid_json();
    public["identity_mode"] = "biasa".into();
    public["publication"] = "publik".into();
    let (published, _) = file_json(&app, public).await;
    b.goto(&app.url(&format!("/admin/pengaduan/{published}#publikasi"))).await.unwrap();
    assert!(body_text(&b).await.contains("Simpan versi publik"));
    shoot(&b, "09-kasus-publikasi").await;
    // The same citizen files the same matter again: the case page suggests the first one.
    let mut again = valid_json();
    again["category"] = "adminduk".into();
    again["title"] = "Kartu keluarga belum juga dicetak".into();
    again["complainant"]["phone"] = "0812 0000 5555".into();
    let (repeated, _) = file_json(&app, again).await;
    b.goto(&app.url(&format!("/admin/pengaduan/{repeated}#duplicates"))).await.unwrap();
    assert!(text_of(&b, "#duplicates").await.contains(&ticket));
    shoot(&b, "09-kasus-duplikat").await;

    // A walk-in who wants no contact, recorded at the office: its receipt, on screen and as PDF.
    b.goto(&app.url("/admin/pengaduan/baru")).await.unwrap();
    shoot(&b, "09-catat-pengaduan").await;
    b.find(Locator::Css("#category")).await.unwrap().select_by_value("adminduk").await.unwrap();
    fill(&b, "#title", "Akta kelahiran belum terbit").await;
    fill(&b, "#description", "Pelapor datang ke kantor: akta kelahiran anaknya belum terbit sejak sebulan.").await;
    fill(&b, "#resolution_requested", "Akta diterbitkan bulan ini").await;
    fill(&b, "#name", "Warga Datang Langsung").await;
    fill(&b, "#address", "RT 01 RW 01 Dusun Uji").await;
    click(&b, "input[name=preferred_contact][value=tidak]").await;
    click(&b, "input[name=read_back]").await;
    submit(&b, "form[action='/admin/pengaduan/baru'] button[type=submit]", "#ticket", "KRB-").await;
    assert_eq!(text_of(&b, "#complainant").await, "Warga Datang Langsung");
    shoot(&b, "09-tanda-terima-kantor").await;

    b.goto(&app.url(&format!("/admin/pengaduan/{ticket}"))).await.unwrap();
    open_action(&b, "disposisi").await;
    b.find(Locator::Css("#officer-disposisi")).await.unwrap().select_by_index(1).await.unwrap();
    submit(&b, "form:has(input[value=disposisi]) button[type=submit]", "#status", "Diproses").await;
    open_action(&b, "resolve").await;
    let answer = "Kartu keluarga sudah dicetak dan dapat diambil di kantor desa.";
    fill(&b, "#note-resolve", answer).await;
    submit(&b, "form:has(input[value=resolve]) button[type=submit]", "#status", "Selesai").await;
    assert_eq!(status_of(&app, &ticket).await, "selesai");

    // The citizen sees the answer, and the published comment.
    b.goto(&app.url(&format!("/lacak/{ticket}"))).await.unwrap();
    assert!(body_text(&b).await.contains(answer));
    shoot(&b, "10-jawaban").await;

    // A request for information, as the citizen sees it; and a ticket without its PIN.
    let (asked, asked_pin) = file(&app).await;
    b.goto(&app.url(&format!("/admin/pengaduan/{asked}"))).await.unwrap();
    open_action(&b, "request_info").await;
    fill(&b, "#note-request_info", "Mohon kirim foto KTP yang dipakai saat mengurus surat.").await;
    submit(&b, "form:has(input[value=request_info]) button[type=submit]", "#status", "Perlu informasi").await;
    b.goto(&app.url("/lacak")).await.unwrap();
    fill(&b, "#ticket", &asked).await;
    fill(&b, "#pin", &asked_pin).await;
    submit(&b, "form[action='/lacak'] button[type=submit]", "body", "Kirim keterangan sebelum").await;
    shoot(&b, "10-perlu-info").await;
    b.goto(&app.url(&format!("/lacak/{published}"))).await.unwrap();
    assert!(body_text(&b).await.contains("Batas verifikasi oleh desa"));
    shoot(&b, "10-lacak-tiket").await;
    every_status_as_the_citizen_sees_it(&b, &app).await;
    b.goto(&app.url("/artikel/peraturan-kepala-desa-tentang-pengaduan-pelayanan-publik")).await.unwrap();
    let article = body_text(&b).await;
    assert!(article.contains("Komentar (1)") && article.contains("lewat WhatsApp"));
    assert!(!article.contains("5555") && !article.contains("peramban.uji"));
    shoot(&b, "11-komentar-terbit").await;

    // The village office fills its profile: an official with a photo, and an event.
    b.goto(&app.url("/admin/aparatur")).await.unwrap();
    fill(&b, "#n-new", "Bagus Contoh").await;
    fill(&b, "#t-new", "Kepala Desa").await;
    submit(&b, "form[action='/admin/aparatur'] button[type=submit]", "#notice", "tersimpan").await;
    let id = app.store.officials(1).await.unwrap()[0].id;
    b.find(Locator::Css(&format!("#f-{id}")))
        .await
        .unwrap()
        .send_keys(&photo.path().display().to_string())
        .await
        .unwrap();
    submit(&b, &format!("form[action='/admin/aparatur/{id}/foto'] button[type=submit]"), "#notice", "Foto tersimpan")
        .await;
    shoot(&b, "12-admin-aparatur").await;
    b.goto(&app.url("/admin/agenda")).await.unwrap();
    fill(&b, "#t-new", "Musyawarah Desa").await;
    let when = (time::OffsetDateTime::now_utc() + time::Duration::days(3)).date();
    b.execute(
        "document.getElementById('s-new').value = arguments[0]",
        vec![serde_json::json!(format!("{when}T09:00"))],
    )
    .await
    .unwrap();
    fill(&b, "#p-new", "Balai Desa").await;
    submit(&b, "form[action='/admin/agenda'] button[type=submit]", "#notice", "Agenda tersimpan").await;
    shoot(&b, "13-admin-agenda").await;

    // Visitors see them, and the complaint information page.
    b.goto(&app.url("/profil")).await.unwrap();
    assert!(body_text(&b).await.contains("Bagus Contoh"));
    let loaded: serde_json::Value =
        b.execute("return document.querySelector('.officials img').naturalWidth", vec![]).await.unwrap();
    assert!(loaded.as_u64().unwrap_or(0) > 0, "the photo shows");
    let drawn = b
        .execute(
            "const m = document.getElementById('peta');
             return !!m && !m.hidden && m.classList.contains('leaflet-container')
               && !!m.querySelector('.leaflet-marker-icon');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(drawn, serde_json::json!(true), "Leaflet draws the office, even with no tiles to load");
    shoot(&b, "14-profil").await;
    b.goto(&app.url("/agenda")).await.unwrap();
    assert!(body_text(&b).await.contains("Musyawarah Desa"));
    shoot(&b, "15-agenda").await;
    b.goto(&app.url("/pengaduan/informasi")).await.unwrap();
    let info = body_text(&b).await;
    assert!(info.contains("Sekretaris Desa") && info.contains("Balai Desa Karangbawang"), "the complaint officer");
    shoot(&b, "16-informasi-pengaduan").await;
    b.goto(&app.url("/")).await.unwrap();
    shoot(&b, "17-beranda-lengkap").await;
    for (path, name) in [
        ("/artikel", "18-artikel-daftar"),
        ("/artikel/kategori/peraturan", "19-artikel-kategori"),
        ("/survei", "20-survei"),
        ("/lacak", "21-lacak-formulir"),
        ("/?lang=en", "22-home-english"),
    ] {
        b.goto(&app.url(path)).await.unwrap();
        shoot(&b, name).await;
    }
    b.close().await.unwrap();
}

/// Opens an action's `<details>` on the case page.
async fn open_action(b: &Client, action: &str) {
    click(b, &format!("details:has(input[name=action][value={action}]) summary")).await;
}

/// Opens `ticket` with its PIN in the browser and shoots the case page once it shows `expected`.
async fn citizen_shot(b: &Client, app: &TestApp, (ticket, pin): (&str, &str), name: &str, expected: &str) {
    b.goto(&app.url("/lacak")).await.unwrap();
    fill(b, "#ticket", ticket).await;
    fill(b, "#pin", pin).await;
    submit(b, "form[action='/lacak'] button[type=submit]", ".status-line", expected).await;
    shoot(b, name).await;
}

/// The statuses the main walk does not reach, each set by the office or the citizen over HTTP and
/// looked at in the browser.
async fn every_status_as_the_citizen_sees_it(b: &Client, app: &TestApp) {
    let (manager, mcsrf) = crate::admin::staff_client(app, "pengelola.uji", &[Role::Pengelola]).await;
    let (head, hcsrf) = crate::admin::staff_client(app, "kades.uji", &[Role::Kades]).await;
    let me = user_id(app, "pengelola.uji").await;

    let (handled, handled_pin) = file(app).await;
    let h = (handled.as_str(), handled_pin.as_str());
    staff_step(&manager, app, &mcsrf, &handled, &[("action", "disposisi"), ("from", "diterima"), ("officer", &me)])
        .await;
    citizen_shot(b, app, h, "10-status-diproses", "Diproses").await;
    let note = "Surat sudah jadi dan dapat diambil di kantor desa.";
    staff_step(&manager, app, &mcsrf, &handled, &[("action", "resolve"), ("from", "diproses"), ("note", note)]).await;
    let (citizen_http, ccsrf) = citizen(app, &handled, &handled_pin).await;
    let rated =
        post(&citizen_http, app, &format!("/lacak/{handled}/nilai"), &[("csrf", &ccsrf), ("rating", "1")]).await;
    assert_eq!(rated.0, reqwest::StatusCode::SEE_OTHER);
    let reason = [("csrf", ccsrf.as_str()), ("reason", "Nama pada surat salah.")];
    assert_eq!(
        post(&citizen_http, app, &format!("/lacak/{handled}/keberatan"), &reason).await.0,
        reqwest::StatusCode::SEE_OTHER
    );
    citizen_shot(b, app, h, "10-status-keberatan", "Keberatan").await;
    let dismiss = [("action", "dismiss_objection"), ("from", "keberatan"), ("note", "Nama sudah sesuai KTP.")];
    staff_step(&head, app, &hcsrf, &handled, &dismiss).await;
    citizen_shot(b, app, h, "10-status-ditutup", "Ditutup").await;

    let (rejected, rejected_pin) = file(app).await;
    let reject =
        [("action", "reject"), ("from", "diterima"), ("reason", "duplikat"), ("duplicate_of", handled.as_str())];
    staff_step(&manager, app, &mcsrf, &rejected, &reject).await;
    citizen_shot(b, app, (&rejected, &rejected_pin), "10-status-ditolak", "Ditolak").await;

    let (referred, referred_pin) = file(app).await;
    let refer = [
        ("action", "refer"),
        ("from", "diterima"),
        ("agency", "Dinas PUPR Kab. Purbalingga"),
        ("agency_contact", "Jl. Contoh 1, telp. (0281) 000000"),
    ];
    staff_step(&manager, app, &mcsrf, &referred, &refer).await;
    citizen_shot(b, app, (&referred, &referred_pin), "10-status-diteruskan", "Diteruskan").await;

    let (withdrawn, withdrawn_pin) = file(app).await;
    let (citizen_http, ccsrf) = citizen(app, &withdrawn, &withdrawn_pin).await;
    let confirm = [("csrf", ccsrf.as_str()), ("confirm", "ya")];
    assert_eq!(
        post(&citizen_http, app, &format!("/lacak/{withdrawn}/cabut"), &confirm).await.0,
        reqwest::StatusCode::SEE_OTHER
    );
    citizen_shot(b, app, (&withdrawn, &withdrawn_pin), "10-status-dicabut", "Dicabut").await;
}
