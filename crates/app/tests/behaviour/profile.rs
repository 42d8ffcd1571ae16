//! The village profile around the articles: the `redaksi` arranges the sidebar widgets, keeps the
//! village officials with their photos, the agenda and the links; visitors see them on the home
//! page, `/profil` and `/agenda`.

use crate::admin::staff_client;
use crate::helpers::*;
use aduan_domain::Role;
use aduan_store::platform::audit::ChainCheck;
use reqwest::{Client, StatusCode};

/// Where each marker first appears in the page, so the tests can compare order.
fn at(html: &str, marker: &str) -> usize {
    html.find(marker).unwrap_or_else(|| panic!("{marker} is not on the page"))
}

/// The layout form with every widget: name, position and whether it shows.
async fn arrange(editor: &Client, app: &TestApp, csrf: &str, rows: &[(&str, &str, bool)]) -> (StatusCode, String) {
    let mut form = vec![("csrf", csrf.to_string())];
    for (widget, position, shown) in rows {
        form.push(("widget", widget.to_string()));
        form.push(("position", position.to_string()));
        if *shown {
            form.push(("shown", widget.to_string()));
        }
    }
    let res = editor.post(app.url("/admin/widget")).form(&form).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

#[tokio::test]
async fn the_redaksi_switches_widgets_off_and_reorders_them() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let home = app.get("/").await.text().await.unwrap();
    assert!(at(&home, "id=\"w-pengaduan\"") < at(&home, "id=\"w-kantor\""), "the default order");
    assert!(home.contains("id=\"w-visitors\"") && home.contains("id=\"w-agenda\""));

    let (editor, csrf) = staff_client(&app, "redaksi1", &[Role::Redaksi]).await;
    let form = page(&editor, &app, "/admin/widget").await;
    assert!(form.contains("Statistik pengunjung") && form.contains("name=\"shown\" value=\"statistik\""));

    let rows = [
        ("agenda", "1", true),
        ("kantor", "2", true),
        ("pengaduan", "3", true),
        ("statistik", "4", false),
        ("kategori", "5", true),
        ("populer", "6", true),
        ("aparatur", "7", true),
        ("sosial", "8", true),
        ("sinergi", "9", true),
    ];
    let (status, body) = arrange(&editor, &app, &csrf, &rows).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Susunan widget tersimpan"));

    for path in ["/", "/artikel", "/profil", "/agenda"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(!html.contains("id=\"w-visitors\""), "{path}: the visitor widget is off");
        assert!(at(&html, "id=\"w-agenda\"") < at(&html, "id=\"w-kantor\""), "{path}");
        assert!(at(&html, "id=\"w-kantor\"") < at(&html, "id=\"w-pengaduan\""), "{path}");
    }

    // A position that is not a number, or a widget Aduan does not know: nothing changes.
    let mut bad = rows;
    bad[0].1 = "satu";
    let (status, body) = arrange(&editor, &app, &csrf, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("setiap urutan harus angka 1 sampai 99"));
    let (status, _) = arrange(&editor, &app, &csrf, &[("iklan", "1", true)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let home = app.get("/").await.text().await.unwrap();
    assert!(!home.contains("id=\"w-visitors\"") && at(&home, "id=\"w-agenda\"") < at(&home, "id=\"w-kantor\""));

    // Complaint staff do not arrange the portal.
    let (officer, officer_csrf) = staff_client(&app, "pengelola1", &[Role::Pengelola]).await;
    let (status, _) = arrange(&officer, &app, &officer_csrf, &rows).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(matches!(app.store.verify_audit_chain(1).await.unwrap(), ChainCheck::Intact { .. }));
}

/// Uploads a photo for official `id`.
async fn upload_photo(
    editor: &Client,
    app: &TestApp,
    csrf: &str,
    id: i64,
    bytes: Vec<u8>,
    name: &str,
) -> (StatusCode, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_string())
        .part("photo", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    let res = editor.post(app.url(&format!("/admin/aparatur/{id}/foto"))).multipart(form).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// A large photo, as a phone takes it.
fn large_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(1600, 1200, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn officials_with_their_photos_show_on_the_profile() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = staff_client(&app, "redaksi1", &[Role::Redaksi]).await;

    let (status, _, body) =
        post(&editor, &app, "/admin/aparatur", &[("csrf", &csrf), ("name", ""), ("title", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Nama: Wajib diisi") && body.contains("Jabatan: Wajib diisi"), "every field's problem");
    assert!(app.store.officials(1).await.unwrap().is_empty(), "nothing stored");

    for (name, title, position) in [("Sekar Uji Coba", "Sekretaris Desa", "2"), ("Bagus Contoh", "Kepala Desa", "1")] {
        let form = [("csrf", csrf.as_str()), ("name", name), ("title", title), ("position", position)];
        let (status, _, body) = post(&editor, &app, "/admin/aparatur", &form).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let officials = app.store.officials(1).await.unwrap();
    assert_eq!(officials[0].name, "Bagus Contoh", "ordered by position");
    let kades = officials[0].id;

    // A photo loses its position data and is scaled down; a page named .jpg is refused.
    let (status, body) = upload_photo(&editor, &app, &csrf, kades, jpeg_with_gps(), "kades.jpg").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Foto tersimpan"));
    let res = app.get(&format!("/aparatur/{kades}/foto")).await;
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let photo = res.bytes().await.unwrap();
    assert!(!contains(&photo, b"Exif") && !contains(&photo, b"GPS"), "no metadata");
    let (status, _) = upload_photo(&editor, &app, &csrf, kades, large_photo(), "besar.png").await;
    assert_eq!(status, StatusCode::OK);
    let photo = app.get(&format!("/aparatur/{kades}/foto")).await.bytes().await.unwrap();
    let decoded = image::load_from_memory(&photo).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (480, 360), "a portrait for slow mobile data");
    let (status, body) =
        upload_photo(&editor, &app, &csrf, kades, b"<html><script>alert(1)</script></html>".to_vec(), "x.jpg").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(body.contains("Foto harus berupa JPEG, PNG atau WebP"));
    let (status, _) = upload_photo(&editor, &app, &csrf, 999, jpeg_with_gps(), "x.jpg").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let profile = app.get("/profil").await.text().await.unwrap();
    assert!(at(&profile, "Bagus Contoh") < at(&profile, "Sekar Uji Coba"));
    assert!(profile.contains(&format!("src=\"/aparatur/{kades}/foto\" alt=\"Foto Bagus Contoh\"")));
    assert!(profile.contains("Kepala Desa") && profile.contains("Kecamatan"));
    let english = app.get("/profil?lang=en").await.text().await.unwrap();
    assert!(english.contains("Village government") && english.contains("Photo of Bagus Contoh"));
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("id=\"w-aparatur\"") && home.contains("Sekar Uji Coba"));

    // Changing and removing.
    let form = [("csrf", csrf.as_str()), ("name", "Bagus Contoh"), ("title", "Kepala Desa"), ("position", "5")];
    let (status, _, _) = post(&editor, &app, &format!("/admin/aparatur/{kades}"), &form).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.store.officials(1).await.unwrap()[0].name, "Sekar Uji Coba");
    let (status, _, _) =
        post(&editor, &app, &format!("/admin/aparatur/{kades}/foto/hapus"), &[("csrf", &csrf), ("konfirmasi", "ya")])
            .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.get(&format!("/aparatur/{kades}/foto")).await.status(), StatusCode::NOT_FOUND);
    let (status, _, _) =
        post(&editor, &app, &format!("/admin/aparatur/{kades}/hapus"), &[("csrf", &csrf), ("konfirmasi", "ya")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!app.get("/profil").await.text().await.unwrap().contains("Bagus Contoh"));
    let (status, _, _) =
        post(&editor, &app, &format!("/admin/aparatur/{kades}/hapus"), &[("csrf", &csrf), ("konfirmasi", "ya")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(matches!(app.store.verify_audit_chain(1).await.unwrap(), ChainCheck::Intact { .. }));
}

/// `YYYY-MM-DDTHH:MM` `days` from now in WIB, as the form's field sends it.
fn local_time(days: i64) -> String {
    let t = time::OffsetDateTime::now_utc().to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap())
        + time::Duration::days(days);
    format!("{}T09:00", t.date())
}

#[tokio::test]
async fn the_agenda_shows_upcoming_and_past_events_a_page_at_a_time() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = staff_client(&app, "redaksi1", &[Role::Redaksi]).await;

    let bad = [("csrf", csrf.as_str()), ("title", "Musyawarah Desa"), ("starts_at", "besok pagi"), ("place", "")];
    let (status, _, body) = post(&editor, &app, "/admin/agenda", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("Tanggal dan jam mulai: Tanggal dan jam tidak valid") && body.contains("Tempat: Wajib diisi")
    );
    assert!(body.contains("value=\"Musyawarah Desa\""), "what was typed stays");

    let next_week = local_time(7);
    let form = [
        ("csrf", csrf.as_str()),
        ("title", "Musyawarah Desa RKPDes"),
        ("starts_at", next_week.as_str()),
        ("place", "Balai Desa"),
        ("coordinator", "Sekretaris Desa"),
        ("details", "Terbuka untuk seluruh warga."),
    ];
    let (status, _, body) = post(&editor, &app, "/admin/agenda", &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Agenda tersimpan"));
    for day in 1..=12 {
        let when = local_time(-day);
        let title = format!("Kerja bakti ke-{day}");
        let form =
            [("csrf", csrf.as_str()), ("title", title.as_str()), ("starts_at", when.as_str()), ("place", "Dusun Uji")];
        assert_eq!(post(&editor, &app, "/admin/agenda", &form).await.0, StatusCode::OK);
    }

    let home = app.get("/").await.text().await.unwrap();
    let widget = &home[at(&home, "id=\"w-agenda\"")..];
    assert!(widget.contains("Musyawarah Desa RKPDes") && widget.contains("Balai Desa"));
    assert!(!widget[..widget.find("</section>").unwrap()].contains("Kerja bakti"), "past events leave the widget");

    let agenda = app.get("/agenda").await.text().await.unwrap();
    assert!(at(&agenda, "Musyawarah Desa RKPDes") < at(&agenda, "Kerja bakti ke-1<"));
    assert!(agenda.contains("Sekretaris Desa") && agenda.contains("Terbuka untuk seluruh warga."));
    assert!(agenda.contains("Kerja bakti ke-10<") && !agenda.contains("Kerja bakti ke-11<"), "ten past events a page");
    let older = agenda.split("href=\"/agenda?sebelum=").nth(1).expect("a link to earlier events");
    let older = &older[..older.find('"').unwrap()];
    let second = app.get(&format!("/agenda?sebelum={older}")).await.text().await.unwrap();
    let second = &second[..at(&second, "<aside")];
    assert!(second.contains("Kerja bakti ke-11<") && second.contains("Kerja bakti ke-12<"));
    assert!(!second.contains("Kerja bakti ke-10<") && !second.contains("Musyawarah Desa RKPDes"));
    assert!(!second.contains("href=\"/agenda?sebelum="), "the last page");
    assert_eq!(app.get("/agenda?sebelum=rusak").await.status(), StatusCode::OK, "a broken cursor starts over");

    let event = app.store.upcoming_events(1, time::OffsetDateTime::now_utc(), 5).await.unwrap()[0].id;
    let (status, _, _) =
        post(&editor, &app, &format!("/admin/agenda/{event}/hapus"), &[("csrf", &csrf), ("konfirmasi", "ya")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!app.get("/agenda").await.text().await.unwrap().contains("Musyawarah Desa RKPDes"), "in no list");
    let english = app.get("/agenda?lang=en").await.text().await.unwrap();
    assert!(english.contains("No upcoming events yet.") && english.contains("Earlier events"));
}

#[tokio::test]
async fn social_and_partner_links_take_only_web_addresses() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = staff_client(&app, "redaksi1", &[Role::Redaksi]).await;

    let bad = [("csrf", csrf.as_str()), ("kind", "sosial"), ("label", "Facebook"), ("url", "javascript:alert(1)")];
    let (status, _, body) = post(&editor, &app, "/admin/tautan", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Alamat (URL): Alamat harus lengkap"));
    assert!(app.store.portal_links(1, None).await.unwrap().is_empty());

    for (kind, label, url) in [
        ("sosial", "Facebook Desa", "https://facebook.example/desa-uji"),
        ("sinergi", "Kabupaten Uji", "https://kabupaten.example.go.id/"),
    ] {
        let form = [("csrf", csrf.as_str()), ("kind", kind), ("label", label), ("url", url), ("position", "1")];
        let (status, _, body) = post(&editor, &app, "/admin/tautan", &form).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let home = app.get("/").await.text().await.unwrap();
    let social = &home[at(&home, "id=\"w-sosial\"")..];
    assert!(social[..social.find("</section>").unwrap()].contains("href=\"https://facebook.example/desa-uji\""));
    let sinergi = &home[at(&home, "id=\"w-sinergi\"")..];
    assert!(sinergi[..sinergi.find("</section>").unwrap()].contains("Kabupaten Uji"));
    assert!(app.get("/profil").await.text().await.unwrap().contains("Facebook Desa"));

    let social = app.store.portal_links(1, Some(aduan_domain::portal::LinkKind::Sosial)).await.unwrap();
    let id = social[0].id;
    let form =
        [("csrf", csrf.as_str()), ("kind", "sinergi"), ("label", "Facebook Desa"), ("url", "http://desa.example/")];
    assert_eq!(post(&editor, &app, &format!("/admin/tautan/{id}"), &form).await.0, StatusCode::OK);
    let links = app.store.portal_links(1, Some(aduan_domain::portal::LinkKind::Sinergi)).await.unwrap();
    assert_eq!(links.len(), 2);
    assert!(!app.get("/").await.text().await.unwrap().contains("id=\"w-sosial\""), "an empty widget is left out");
    assert_eq!(
        post(&editor, &app, &format!("/admin/tautan/{id}/hapus"), &[("csrf", &csrf), ("konfirmasi", "ya")]).await.0,
        StatusCode::OK
    );
    assert_eq!(app.store.portal_links(1, None).await.unwrap().len(), 1);
    assert_eq!(
        post(&editor, &app, &format!("/admin/tautan/{id}/hapus"), &[("csrf", &csrf), ("konfirmasi", "ya")]).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_map_needs_coordinates_and_only_the_profile_runs_scripts() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let res = app.get("/profil").await;
    let policy = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(
        policy.contains("script-src 'self'") && policy.contains("img-src 'self' data: https://tile.openstreetmap.org")
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"peta\"") && html.contains("data-lat=\"-7.2846\"") && html.contains("/static/map.js"));
    assert!(html.contains("https://www.openstreetmap.org/?mlat=-7.284600"), "a link for browsers without scripts");
    let home = app.get("/").await;
    let policy = home.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(policy.starts_with("default-src 'none'") && !policy.contains("script-src"), "{policy}");
    for (asset, kind) in [
        ("/static/leaflet/leaflet.js", "text/javascript"),
        ("/static/leaflet/leaflet.css", "text/css"),
        ("/static/map.js", "text/javascript"),
    ] {
        let res = app.get(asset).await;
        assert_eq!(res.status(), StatusCode::OK, "{asset}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with(kind));
    }
    assert_eq!(app.get("/static/../Cargo.toml").await.status(), StatusCode::NOT_FOUND);

    // The administrator moves the office, then takes it off the map.
    let (admin, csrf) = staff_client(&app, "admin2", &[Role::Admin]).await;
    let settings = page(&admin, &app, "/admin/pengaturan").await;
    let mut form: Vec<(String, String)> = [
        "name",
        "motto",
        "kecamatan",
        "kabupaten",
        "province",
        "postcode",
        "office_address",
        "phone",
        "email",
        "office_hours",
        "officer_name",
        "officer_address",
    ]
    .iter()
    .map(|f| (f.to_string(), value_of(&settings, f)))
    .collect();
    form.push(("csrf".into(), csrf.clone()));
    let with = |lat: &str, lon: &str| {
        let mut f = form.clone();
        f.push(("latitude".into(), lat.into()));
        f.push(("longitude".into(), lon.into()));
        f
    };
    let res = admin.post(app.url("/admin/pengaturan/profil")).form(&with("91", "109.3")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = admin.post(app.url("/admin/pengaturan/profil")).form(&with("-7,30", "")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "both or neither");
    let res = admin.post(app.url("/admin/pengaturan/profil")).form(&with("-7,30", "109.35")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(app.get("/profil").await.text().await.unwrap().contains("data-lat=\"-7.3\""));
    let res = admin.post(app.url("/admin/pengaturan/profil")).form(&with("", "")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = app.get("/profil").await.text().await.unwrap();
    assert!(!html.contains("id=\"peta\"") && !html.contains("<script"), "no place, no map");
}

/// The value of the text field `name` in a page.
fn value_of(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" type=\"text\" value=\"");
    let start = at(html, &marker) + marker.len();
    let raw = &html[start..start + html[start..].find('"').unwrap()];
    raw.replace("&#32;", " ").replace("&amp;", "&").replace("&#x27;", "'").replace("&quot;", "\"")
}

#[tokio::test]
async fn the_home_page_without_images_stays_under_100_kb() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = staff_client(&app, "redaksi1", &[Role::Redaksi]).await;
    for i in 0..8 {
        let title = format!("Berita desa nomor {i} dengan judul yang cukup panjang");
        let body = "<p>Isi berita yang panjang. </p>".repeat(50);
        let form = [
            ("title", title.as_str()),
            ("category", "berita"),
            ("summary", "Ringkasan berita desa yang cukup panjang untuk beranda."),
            ("body", body.as_str()),
            ("published", "1"),
        ];
        assert_eq!(crate::articles::write(&editor, &app, &csrf, &form).await.0, StatusCode::OK);
    }
    for i in 0..12 {
        let name = format!("Perangkat Uji {i}");
        let form = [("csrf", csrf.as_str()), ("name", name.as_str()), ("title", "Kepala Dusun"), ("position", "1")];
        assert_eq!(post(&editor, &app, "/admin/aparatur", &form).await.0, StatusCode::OK);
    }
    let html = app.get("/").await.bytes().await.unwrap();
    let mut total = html.len();
    let text = String::from_utf8_lossy(&html);
    for sheet in text.split("rel=\"stylesheet\" href=\"").skip(1) {
        let href = &sheet[..sheet.find('"').unwrap()];
        total += app.get(href).await.bytes().await.unwrap().len();
    }
    assert!(!text.contains("<script"), "the home page runs no scripts");
    assert!(total < 100 * 1024, "the home page and its stylesheet are {total} bytes");
}

#[tokio::test]
async fn the_villages_own_pages_are_written_cleaned_published_and_listed() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = staff_client(&app, "redaksi1", &[Role::Redaksi]).await;

    let (status, _, body) =
        post(&editor, &app, "/admin/halaman", &[("csrf", &csrf), ("title", ""), ("body", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Judul: Wajib diisi") && body.contains("Isi: Wajib diisi"));

    let history = "<h2>Asal-usul</h2><p>Desa berdiri sejak lama.</p><script>alert(1)</script>";
    let form =
        [("csrf", csrf.as_str()), ("title", "Sejarah Desa"), ("body", history), ("position", "2"), ("published", "1")];
    let (status, _, body) = post(&editor, &app, "/admin/halaman", &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Halaman tersimpan"));
    let form = [("csrf", csrf.as_str()), ("title", "Visi dan Misi"), ("body", "<p>Visi desa.</p>"), ("position", "1")];
    assert_eq!(post(&editor, &app, "/admin/halaman", &form).await.0, StatusCode::OK);

    let res = app.get("/halaman/sejarah-desa").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("<h2>Asal-usul</h2>") && !html.contains("alert(1)"), "cleaned when saved");
    assert!(html.contains("<title>Sejarah Desa"));
    assert_eq!(app.get("/halaman/visi-dan-misi").await.status(), StatusCode::NOT_FOUND, "a draft is not shown");
    let profile = app.get("/profil").await.text().await.unwrap();
    assert!(profile.contains("href=\"/halaman/sejarah-desa\"") && !profile.contains("/halaman/visi-dan-misi"));
    let sitemap = app.get("/sitemap.xml").await.text().await.unwrap();
    assert!(sitemap.contains("/halaman/sejarah-desa</loc>") && !sitemap.contains("visi-dan-misi"));
    assert!(sitemap.contains("/profil</loc>") && sitemap.contains("/agenda</loc>"));

    let taken = [("csrf", csrf.as_str()), ("title", "Sejarah"), ("slug", "sejarah-desa"), ("body", "<p>x</p>")];
    let (status, _, body) = post(&editor, &app, "/admin/halaman", &taken).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Sudah dipakai halaman lain"));

    let pages = app.store.portal_pages(1, false).await.unwrap();
    assert_eq!(pages[0].title, "Visi dan Misi", "ordered by position");
    let vision = pages[0].id;
    let edit = page(&editor, &app, &format!("/admin/halaman/{vision}")).await;
    assert!(edit.contains("Visi desa.") && edit.contains(&format!("action=\"/admin/halaman/{vision}\"")));
    let publish =
        [("csrf", csrf.as_str()), ("title", "Visi dan Misi"), ("body", "<p>Visi desa.</p>"), ("published", "1")];
    assert_eq!(post(&editor, &app, &format!("/admin/halaman/{vision}"), &publish).await.0, StatusCode::OK);
    let profile = app.get("/profil").await.text().await.unwrap();
    assert!(at(&profile, "/halaman/visi-dan-misi") < at(&profile, "/halaman/sejarah-desa"));
    assert_eq!(app.get("/halaman/visi-dan-misi?lang=en").await.status(), StatusCode::OK);

    assert_eq!(
        post(&editor, &app, &format!("/admin/halaman/{vision}/hapus"), &[("csrf", &csrf), ("konfirmasi", "ya")])
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(app.get("/halaman/visi-dan-misi").await.status(), StatusCode::NOT_FOUND);
    let missing = editor.get(app.url("/admin/halaman/999")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(matches!(app.store.verify_audit_chain(1).await.unwrap(), ChainCheck::Intact { .. }));
}
