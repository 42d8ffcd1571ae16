//! The portal around the articles: comments with Aduan's own CAPTCHA, moderated and answered by
//! the `redaksi`, contacts never shown; visitors counted once a day, crawlers never.

use crate::admin::staff_client;
use crate::articles::{DESKTOP, PHONE, write};
use crate::helpers::*;
use aduan_domain::Role;
use reqwest::{Client, StatusCode};

const GOOGLEBOT: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const ARTICLE: &str = "/artikel/peraturan-desa-tentang-pengaduan-pelayanan-publik";

async fn publish_regulation(app: &TestApp) -> (Client, String) {
    let (editor, csrf) = staff_client(app, "redaksi1", &[Role::Redaksi]).await;
    let (status, _) = write(
        &editor,
        app,
        &csrf,
        &[
            ("title", "Peraturan Desa tentang Pengaduan Pelayanan Publik"),
            ("category", "peraturan"),
            ("body", "<p>Warga berhak mengadu.</p>"),
            ("published", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    (editor, csrf)
}

fn field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("field {name}")) + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// A visitor's browser on the article: its CSRF token and the CAPTCHA it shows.
struct Visitor {
    c: Client,
    csrf: String,
    challenge: String,
}

impl Visitor {
    async fn open(app: &TestApp) -> Visitor {
        let c = client();
        let html = c.get(app.url(ARTICLE)).header("user-agent", PHONE).send().await.unwrap().text().await.unwrap();
        Visitor { csrf: field(&html, "csrf"), challenge: field(&html, "tantangan"), c }
    }

    /// The code as a person reads it off the picture.
    fn code(&self, app: &TestApp) -> String {
        aduan_web::captcha::for_store(&app.store).answer_of(&self.challenge)
    }

    async fn send(&mut self, app: &TestApp, code: &str, fields: &[(&str, &str)]) -> (StatusCode, String, String) {
        let mut form = vec![("csrf", self.csrf.as_str()), ("tantangan", self.challenge.as_str()), ("kode", code)];
        form.extend_from_slice(fields);
        let (status, location, html) = post(&self.c, app, &format!("{ARTICLE}/komentar"), &form).await;
        if html.contains("name=\"tantangan\"") {
            self.challenge = field(&html, "tantangan");
        }
        (status, location, html)
    }
}

const COMMENT: [(&str, &str); 4] = [
    ("name", "Warga Uji Coba"),
    ("phone", "0812 0000 4444"),
    ("email", "komentar.uji@contoh.id"),
    ("body", "Apakah pengaduan lisan di balai desa juga mendapat nomor tiket?"),
];

#[tokio::test]
async fn comments_wait_for_moderation_take_a_captcha_once_and_are_answered() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = publish_regulation(&app).await;
    let mut v = Visitor::open(&app).await;

    // The picture is Aduan's own, never cached; a made-up token has none.
    let res = v.c.get(app.url(&format!("/captcha/{}.png", v.challenge))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.bytes().await.unwrap().starts_with(b"\x89PNG"));
    assert_eq!(v.c.get(app.url("/captcha/palsu.png")).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    // Every field says what is wrong; a wrong code spends the picture.
    let (status, _, html) =
        v.send(&app, "XXXXX", &[("name", ""), ("phone", "12"), ("email", "bukan"), ("body", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for text in ["Nama: Wajib diisi", "No. HP: Nomor HP Indonesia tidak valid", "Surel: Alamat surel tidak valid"] {
        assert!(html.contains(text), "{text}");
    }
    assert!(html.contains("Isi Pesan: Wajib diisi") && html.contains("Kode keamanan salah"));
    let spent = v.challenge.clone();
    let (_, _, html) = v.send(&app, "XXXXX", &COMMENT).await;
    assert!(html.contains("Kode keamanan salah"));
    assert!(html.contains("value=\"Warga Uji Coba\""), "what was typed stays");

    // The right code for a picture already answered is refused: one answer per picture.
    let answer = aduan_web::captcha::for_store(&app.store).answer_of(&spent);
    let mut form = vec![("csrf", v.csrf.as_str()), ("tantangan", spent.as_str()), ("kode", answer.as_str())];
    form.extend_from_slice(&COMMENT);
    let (status, _, html) = post(&v.c, &app, &format!("{ARTICLE}/komentar"), &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Kode keamanan ini sudah dipakai"));
    let (_, _, html) = v.send(&app, "ABCDE", &[("name", "Warga"), ("body", "Kunjungi www.promo-murah.example")]).await;
    assert!(html.contains("Tidak boleh memuat tautan"));
    let mut forged = v.challenge.clone();
    forged.replace_range(0..2, if forged.starts_with("AA") { "BB" } else { "AA" });
    let mut form = vec![("csrf", v.csrf.as_str()), ("tantangan", forged.as_str()), ("kode", "ABCDE")];
    form.extend_from_slice(&COMMENT);
    assert!(post(&v.c, &app, &format!("{ARTICLE}/komentar"), &form).await.2.contains("sudah kedaluwarsa"));
    assert_eq!(app.store.pending_comments(1).await.unwrap(), 0, "nothing refused was stored");

    // A good comment is taken and waits; its code cannot be used again.
    let code = v.code(&app);
    let used = v.challenge.clone();
    let (status, location, _) = v.send(&app, &code.to_lowercase(), &COMMENT).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{ARTICLE}?komentar=terkirim#komentar"));
    let html = page(&v.c, &app, &format!("{ARTICLE}?komentar=terkirim")).await;
    assert!(html.contains("Komentar Anda tersimpan dan akan tampil setelah diperiksa"));
    assert!(!html.contains("mendapat nomor tiket"), "not shown before moderation");
    let mut form = vec![("csrf", v.csrf.as_str()), ("tantangan", used.as_str()), ("kode", code.as_str())];
    form.extend_from_slice(&[("name", "Warga Lain"), ("body", "Komentar kedua dengan kode lama.")]);
    let (status, _, html) = post(&v.c, &app, &format!("{ARTICLE}/komentar"), &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Kode keamanan ini sudah dipakai"));
    assert_eq!(app.store.pending_comments(1).await.unwrap(), 1);

    // The same text again is refused, whatever the spacing.
    let mut v = Visitor::open(&app).await;
    let code = v.code(&app);
    let again = [("name", "Warga Uji"), ("body", "apakah pengaduan lisan di balai desa  juga mendapat nomor tiket")];
    let (status, _, html) = v.send(&app, &code, &again).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Komentar yang sama sudah pernah dikirim"));

    // The redaksi sees it with contacts masked, publishes and answers it.
    let queue = page(&editor, &app, "/admin/komentar").await;
    assert!(queue.contains("mendapat nomor tiket") && queue.contains("Warga Uji Coba"));
    assert!(queue.contains("+62812****4444"), "phone masked");
    assert!(!queue.contains("081200004444") && !queue.contains("+6281200004444") && !queue.contains("komentar.uji@"));
    let id = app.store.comments_for_staff(1, aduan_store::portal::comments::CommentStatus::Menunggu, 10).await.unwrap()
        [0]
    .comment
    .id;
    let (status, _, html) = post(
        &editor,
        &app,
        &format!("/admin/komentar/{id}/moderasi"),
        &[("csrf", csrf.as_str()), ("action", "terbitkan"), ("status", "menunggu")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Komentar diperbarui") && !html.contains("mendapat nomor tiket"));
    let (status, _, _) =
        post(&editor, &app, &format!("/admin/komentar/{id}/balas"), &[("csrf", csrf.as_str()), ("body", " ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = "Ya. Setiap pengaduan lisan dicatat petugas dan mendapat tiket serta PIN.";
    let (status, _, _) = post(
        &editor,
        &app,
        &format!("/admin/komentar/{id}/balas"),
        &[("csrf", csrf.as_str()), ("body", reply), ("status", "terbit")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) =
        post(&editor, &app, "/admin/komentar/999999/moderasi", &[("csrf", csrf.as_str()), ("action", "tolak")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Everyone reads the comment and the village's answer; never the contacts.
    let html = page(&client(), &app, ARTICLE).await;
    assert!(html.contains("Komentar (1)") && html.contains("mendapat nomor tiket?"));
    assert!(html.contains("Jawaban Desa Karangbawang") && html.contains(reply));
    assert!(!html.contains("4444") && !html.contains("komentar.uji"), "phone and email never shown");
    let english = page(&client(), &app, &format!("{ARTICLE}?lang=en")).await;
    assert!(english.contains("Comments (1)") && english.contains("Answer from Desa Karangbawang"));

    // Rejected comments leave the page; the audit log has each step.
    post(
        &editor,
        &app,
        &format!("/admin/komentar/{id}/moderasi"),
        &[("csrf", csrf.as_str()), ("action", "tolak"), ("status", "terbit")],
    )
    .await;
    assert!(!page(&client(), &app, ARTICLE).await.contains("mendapat nomor tiket?"));
    assert!(page(&editor, &app, "/admin/komentar?status=ditolak").await.contains("mendapat nomor tiket?"));
    let (manager, _) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    assert_eq!(manager.get(app.url("/admin/komentar")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn one_client_may_not_flood_the_comments() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    publish_regulation(&app).await;
    let mut v = Visitor::open(&app).await;
    for i in 0..3 {
        let code = v.code(&app);
        let body = format!("Pertanyaan nomor {i} tentang jam layanan kantor desa.");
        let (status, _, _) = v.send(&app, &code, &[("name", "Warga"), ("body", &body)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        v = Visitor::open(&app).await;
    }
    let code = v.code(&app);
    let (status, _, html) =
        v.send(&app, &code, &[("name", "Warga"), ("body", "Pertanyaan keempat yang terlalu cepat.")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(html.contains("Terlalu banyak komentar"));
    assert_eq!(app.store.pending_comments(1).await.unwrap(), 3);

    // The redaksi is told on its start page, and each moderation tab says how many it holds.
    let (redaksi, _) = staff_client(&app, "redaksi.dua", &[Role::Redaksi]).await;
    let start = page(&redaksi, &app, "/admin").await;
    assert!(start.contains("3 komentar menunggu moderasi."), "{start}");
    let tabs = page(&redaksi, &app, "/admin/komentar").await;
    assert!(tabs.contains(r#"id="count-menunggu">3<"#) && tabs.contains(r#"id="count-terbit">0<"#), "{tabs}");
}

async fn home(app: &TestApp, agent: &str) -> String {
    app.client.get(app.url("/")).header("user-agent", agent).send().await.unwrap().text().await.unwrap()
}

fn widget_count(html: &str, label: &str) -> i64 {
    let marker = format!("<dt>{label}</dt><dd>");
    let start = html.find(&marker).unwrap_or_else(|| panic!("{label} in the widget")) + marker.len();
    html[start..start + html[start..].find('<').unwrap()].parse().unwrap()
}

#[tokio::test]
async fn visitors_are_counted_once_a_day_and_crawlers_never() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    publish_regulation(&app).await;
    let html = home(&app, PHONE).await;
    assert_eq!(widget_count(&html, "Hari ini"), 1, "the visitor sees themself counted");
    assert!(
        html.contains("<dd>Android</dd>") && html.contains("<dd>Chrome</dd>") && html.contains("<dd>127.0.0.1</dd>")
    );
    for path in ["/", "/artikel", ARTICLE, "/pengaduan", "/lacak"] {
        app.client.get(app.url(path)).header("user-agent", PHONE).send().await.unwrap();
    }
    // Files, feeds and crawlers are not visits.
    for path in ["/static/app.css", "/artikel/rss.xml", "/sitemap.xml"] {
        app.client.get(app.url(path)).header("user-agent", DESKTOP).send().await.unwrap();
    }
    for _ in 0..2 {
        home(&app, GOOGLEBOT).await;
    }
    let html = home(&app, PHONE).await;
    assert_eq!((widget_count(&html, "Hari ini"), widget_count(&html, "Total pengunjung")), (1, 1));
    let html = home(&app, DESKTOP).await;
    assert_eq!(widget_count(&html, "Hari ini"), 2, "another browser is another visitor");
    assert!(html.contains("<dd>Linux</dd>"));

    // A restarted server (a fresh in-process memory) still counts each visitor once.
    let (base, _) = app.restarted().await;
    let c = client();
    c.get(format!("{base}/")).header("user-agent", PHONE).send().await.unwrap();
    let html = c.get(format!("{base}/")).header("user-agent", DESKTOP).send().await.unwrap().text().await.unwrap();
    assert_eq!(widget_count(&html, "Hari ini"), 2);

    // Yesterday's visitors, and the markers that let a day count each visitor once, go after a day.
    let today = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+7)).date();
    let yesterday = today.previous_day().unwrap();
    assert!(app.store.record_visit(1, yesterday, b"kemarin", "Android", "Chrome").await.unwrap());
    assert!(!app.store.record_visit(1, yesterday, b"kemarin", "Android", "Chrome").await.unwrap());
    let html = home(&app, PHONE).await;
    assert_eq!(
        (widget_count(&html, "Hari ini"), widget_count(&html, "Kemarin"), widget_count(&html, "Total pengunjung")),
        (2, 1, 3)
    );
    assert_eq!(app.store.prune_daily_markers(today).await.unwrap(), 1, "yesterday's marker");
    let summary = app.store.visitor_summary(1, today).await.unwrap();
    assert_eq!((summary.today, summary.yesterday, summary.total), (2, 1, 3), "the counts stay");

    // The back office: per day and month, by system and browser, for the redaksi and overseers.
    let (editor, _) = staff_client(&app, "redaksi2", &[Role::Redaksi]).await;
    let month = format!("{}-{:02}", today.year(), u8::from(today.month()));
    let report = page(&editor, &app, &format!("/admin/statistik?bulan={month}")).await;
    let os = &report[report.find("id=\"per-os\"").unwrap()..];
    assert!(os.contains("<td>Android</td><td>1</td><td>50.0 %</td>") || os.contains("<td>Android</td><td>2</td>"));
    assert!(os.contains("<td>Linux</td><td>1</td>"));
    assert!(report[report.find("id=\"per-browser\"").unwrap()..].contains("<td>Chrome</td>"));
    assert!(report.contains(&format!("<td>{} ", today.day())), "today's row");
    let per_month = &report[report.find("id=\"per-month\"").unwrap()..];
    assert!(per_month.contains(&format!("?bulan={month}\"")));
    let (overseer, _) = staff_client(&app, "bpd", &[Role::Pengawas]).await;
    assert_eq!(overseer.get(app.url("/admin/statistik")).send().await.unwrap().status(), StatusCode::OK);
    let (officer, _) = staff_client(&app, "petugas1", &[Role::Petugas]).await;
    assert_eq!(officer.get(app.url("/admin/statistik")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let english = page(&editor, &app, "/admin/statistik?bulan=2020-01&lang=en").await;
    assert!(english.contains("No visitors recorded in this month yet."));
}

#[tokio::test]
async fn the_complaint_information_page_publishes_what_the_law_asks_and_never_identity() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let html = page(&client(), &app, "/pengaduan/informasi").await;
    assert!(html.contains("<h1>Informasi pengaduan</h1>") && html.contains("Peraturan belum diunggah"));
    assert!(html.contains("Belum ada pengaduan yang dipublikasikan"));

    // The regulation to download.
    let (editor, csrf) = publish_regulation(&app).await;
    let id = app.store.all_articles(1).await.unwrap()[0].id;
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .part("file", reqwest::multipart::Part::bytes(pdf).file_name("Perkades 13 2022.pdf"));
    editor.post(app.url(&format!("/admin/artikel/{id}/lampiran"))).multipart(form).send().await.unwrap();

    // Three complaints: one published and answered, one published but unverified, one closed to the public.
    let mut published = valid_json();
    published["publication"] = "publik".into();
    published["identity_mode"] = "biasa".into();
    published["title"] = "Lampu jalan RT 03 padam".into();
    published["description"] = "Lampu jalan di RT 03 padam sejak dua minggu.".into();
    let (ticket, pin) = file_json(&app, published.clone()).await;
    published["title"] = "Saluran air tersumbat".into();
    published["description"] = "Saluran air di depan balai dusun tersumbat sampah.".into();
    file_json(&app, published).await;
    let (closed, _) = file(&app).await;
    let (manager, mcsrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let me = user_id(&app, "sekdes").await;
    let answer = "Lampu sudah diganti oleh petugas desa.";
    for t in [&ticket, &closed] {
        staff_step(&manager, &app, &mcsrf, t, &[("action", "disposisi"), ("from", "diterima"), ("officer", &me)]).await;
        staff_step(&manager, &app, &mcsrf, t, &[("action", "resolve"), ("from", "diproses"), ("note", answer)]).await;
    }
    let (citizen, ccsrf) = citizen(&app, &ticket, &pin).await;
    let (status, _, _) =
        post(&citizen, &app, &format!("/lacak/{ticket}/nilai"), &[("csrf", &ccsrf), ("rating", "4")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let html = page(&client(), &app, "/pengaduan/informasi").await;
    assert!(html.contains("Desa Karangbawang") && html.contains("Pengelola pengaduan"));
    assert!(html.contains("/artikel/peraturan-desa-tentang-pengaduan-pelayanan-publik/lampiran"));
    assert!(html.contains("Unduh Perkades 13 2022.pdf"));
    let figures = &html[html.find("id=\"figures\"").unwrap()..];
    assert!(figures.contains("<dt>Diterima</dt><dd>3</dd>") && figures.contains("<dt>Selesai dijawab</dt><dd>2</dd>"));
    assert!(figures.contains("<dt>Diputus tepat waktu</dt><dd>100 %</dd>"));
    assert!(figures.contains("1 penilaian)</dt><dd>4,0</dd>"));
    assert!(html.contains("Lampu jalan RT 03 padam") && html.contains(answer));
    assert!(!html.contains("Saluran air tersumbat"), "not verified yet");
    assert!(!html.contains("Surat keterangan usaha"), "the complainant kept it closed");
    for private in ["Warga API", "3303015203900002", "0812", "3333", "warga.api"] {
        assert!(!html.contains(private), "{private} never shown");
    }
    let english = page(&client(), &app, "/pengaduan/informasi?lang=en").await;
    assert!(english.contains("<h1>About complaints</h1>") && english.contains("1 ratings)</dt><dd>4.0</dd>"));
}

/// Every public page answers in Indonesian by default and in English on the switch, which each
/// page offers for its own address.
#[tokio::test]
async fn every_public_page_switches_language_and_keeps_its_address() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    publish_regulation(&app).await;
    let (ticket, _) = file(&app).await;
    let month = time::OffsetDateTime::now_utc();
    let routes = [
        "/".to_string(),
        "/artikel".into(),
        ARTICLE.into(),
        "/artikel/kategori/peraturan".into(),
        format!("/artikel/arsip/{}-{:02}", month.year(), u8::from(month.month())),
        "/pengaduan".into(),
        "/pengaduan/informasi".into(),
        "/lacak".into(),
        format!("/lacak?ticket={ticket}"),
        "/survei".into(),
        "/profil".into(),
        "/agenda".into(),
        "/halaman/sejarah-desa".into(),
        "/tidak-ada".into(),
    ];
    let (editor, csrf) = crate::admin::staff_client(&app, "redaksi2", &[aduan_domain::Role::Redaksi]).await;
    let form = [("csrf", csrf.as_str()), ("title", "Sejarah Desa"), ("body", "<p>Sejarah.</p>"), ("published", "1")];
    assert_eq!(post(&editor, &app, "/admin/halaman", &form).await.0, StatusCode::OK);
    for route in routes {
        let path = route.split('?').next().unwrap().to_string();
        let c = client();
        let id = page(&c, &app, &route).await;
        assert!(id.contains("<html lang=\"id\">"), "{route} in Indonesian");
        assert!(id.contains(&format!("href=\"{path}?lang=en\"")), "{route} offers English for itself");
        let en = page(&c, &app, &format!("{path}?lang=en")).await;
        assert!(en.contains("<html lang=\"en\">") && en.contains(&format!("href=\"{path}?lang=id\"")), "{route}");
        // The choice is remembered for the next page.
        assert!(page(&c, &app, "/artikel").await.contains("<html lang=\"en\">"), "after {route}");
    }
}
