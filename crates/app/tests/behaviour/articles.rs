//! The portal's articles: the `redaksi` writes, schedules and publishes; visitors read, each
//! counted once a day; crawlers are not counted; scripts never reach a page.

use crate::admin::staff_client;
use crate::helpers::*;
use aduan_domain::Role;
use reqwest::{Client, StatusCode};

pub const PHONE: &str =
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
pub const DESKTOP: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

pub async fn write(editor: &Client, app: &TestApp, csrf: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let mut form = vec![("csrf", csrf)];
    form.extend_from_slice(fields);
    let res = editor.post(app.url("/admin/artikel/baru")).form(&form).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

async fn read(app: &TestApp, path: &str, agent: &str) -> (StatusCode, String) {
    let res = app.client.get(app.url(path)).header("user-agent", agent).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

#[tokio::test]
async fn the_editor_publishes_and_visitors_read_each_counted_once_a_day() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = staff_client(&app, "redaksi1", &[Role::Redaksi]).await;
    let list = page(&editor, &app, "/admin/artikel").await;
    assert!(list.contains("Tulis artikel"));

    let (status, body) = write(&editor, &app, &csrf, &[("title", "abc"), ("category", "berita"), ("body", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Judul: Terlalu pendek") && body.contains("Isi: Wajib diisi"), "every field's problem");

    let (status, body) = write(
        &editor,
        &app,
        &csrf,
        &[
            ("title", "Peraturan Desa tentang Pengaduan Pelayanan Publik"),
            ("category", "peraturan"),
            ("summary", "Tata cara pengaduan pelayanan publik di desa."),
            ("body", "<h2>Pasal 1</h2><p onclick=\"curi()\">Warga berhak mengadu.</p><script>alert(1)</script>"),
            ("published", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("Artikel tersimpan")
            && body.contains("/artikel/peraturan-desa-tentang-pengaduan-pelayanan-publik")
    );

    // A second article with the same address is refused; drafts and scheduled ones stay hidden.
    let (status, body) = write(
        &editor,
        &app,
        &csrf,
        &[
            ("title", "Peraturan Desa tentang Pengaduan Pelayanan Publik"),
            ("category", "berita"),
            ("body", "<p>x</p>"),
            ("published", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("sudah dipakai"));
    write(
        &editor,
        &app,
        &csrf,
        &[("title", "Konsep pengumuman lomba"), ("category", "pengumuman"), ("body", "<p>Belum siap.</p>")],
    )
    .await;
    write(
        &editor,
        &app,
        &csrf,
        &[
            ("title", "Jadwal posyandu tahun depan"),
            ("category", "pengumuman"),
            ("body", "<p>Nanti.</p>"),
            ("published", "1"),
            ("publish_at", "2099-01-01T08:00"),
        ],
    )
    .await;
    assert_eq!(read(&app, "/artikel/konsep-pengumuman-lomba", PHONE).await.0, StatusCode::NOT_FOUND);
    assert_eq!(read(&app, "/artikel/jadwal-posyandu-tahun-depan", PHONE).await.0, StatusCode::NOT_FOUND);
    let list = page(&editor, &app, "/admin/artikel").await;
    assert!(list.contains("Konsep") && list.contains("Terjadwal"));

    // Editing keeps the publication date unless the editor changes it.
    let first = app.store.all_articles(1).await.unwrap().into_iter().find(|a| a.slug.starts_with("peraturan")).unwrap();
    let form = page(&editor, &app, &format!("/admin/artikel/{}", first.id)).await;
    assert!(form.contains("Peraturan Desa tentang Pengaduan Pelayanan Publik"));
    let edit = [
        ("csrf", csrf.as_str()),
        ("title", "Peraturan Desa tentang Pengaduan Pelayanan Publik"),
        ("slug", "peraturan-desa-tentang-pengaduan-pelayanan-publik"),
        ("category", "peraturan"),
        ("summary", "Tata cara pengaduan pelayanan publik di desa."),
        ("body", "<h2>Pasal 1</h2><p>Warga berhak mengadu.</p>"),
        ("published", "1"),
    ];
    let res = editor.post(app.url(&format!("/admin/artikel/{}", first.id))).form(&edit).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let again = app.store.article_by_id(1, first.id).await.unwrap();
    assert_eq!(again.head.publish_at, first.publish_at);

    // The regulation to download: a PDF is taken, an executable is not.
    let upload = |bytes: Vec<u8>, name: &'static str, token: String| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", token)
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        editor.post(app.url(&format!("/admin/artikel/{}/lampiran", first.id))).multipart(form).send()
    };
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".to_vec();
    let res = upload(b"MZ\x90\x00\x03\x00".to_vec(), "perdes.pdf", csrf.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Hanya PDF dan dokumen kantor"));
    let res = upload(pdf.clone(), "perdes.pdf", "salah".into()).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = upload(pdf.clone(), "Perdes Nomor 3 Tahun 2026.pdf", csrf.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Perdes Nomor 3 Tahun 2026.pdf"));

    // The article as a visitor sees it: sanitised, with Open Graph, counted once per visitor a day.
    let path = "/artikel/peraturan-desa-tentang-pengaduan-pelayanan-publik";
    let (status, html) = read(&app, path, PHONE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h2>Pasal 1</h2>") && html.contains("Warga berhak mengadu."));
    assert!(!html.contains("<script>alert") && !html.contains("onclick"), "no script reaches the page");
    assert!(
        html.contains("<meta property=\"og:title\" content=\"Peraturan Desa tentang Pengaduan Pelayanan Publik\">")
    );
    assert!(html.contains("<meta name=\"description\" content=\"Tata cara pengaduan pelayanan publik di desa.\">"));
    assert!(html.contains("1 Kali Dibaca"), "the first read counts");
    assert!(html.contains(&format!("{path}/lampiran")) && html.contains("Unduh Perdes Nomor 3 Tahun 2026.pdf"));
    let res = app.client.get(app.url(&format!("{path}/lampiran"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment; filename=\"Perdes_Nomor_3_Tahun_2026.pdf\""), "{disposition}");
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF"));
    assert_eq!(
        app.client.get(app.url("/artikel/konsep-pengumuman-lomba/lampiran")).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert!(read(&app, path, PHONE).await.1.contains("1 Kali Dibaca"), "the same visitor the same day");
    assert!(
        read(&app, path, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
            .await
            .1
            .contains("1 Kali Dibaca")
    );
    assert!(read(&app, path, DESKTOP).await.1.contains("2 Kali Dibaca"), "another visitor");

    // Lists: all, by category, by month, the home page; and in English.
    let (_, all) = read(&app, "/artikel", PHONE).await;
    assert!(all.contains(path) && !all.contains("konsep-pengumuman") && !all.contains("jadwal-posyandu"));
    let listed = format!("<h2><a href=\"{path}\">");
    let (_, by_category) = read(&app, "/artikel/kategori/peraturan", PHONE).await;
    assert!(by_category.contains(&listed));
    assert!(!read(&app, "/artikel/kategori/berita", PHONE).await.1.contains(&listed));
    assert_eq!(read(&app, "/artikel/kategori/tidak-ada", PHONE).await.0, StatusCode::NOT_FOUND);
    let month = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+7));
    let (_, archive) =
        read(&app, &format!("/artikel/arsip/{}-{:02}", month.year(), u8::from(month.month())), PHONE).await;
    assert!(archive.contains(&listed));
    assert!(!read(&app, "/artikel/arsip/2020-01", PHONE).await.1.contains(&listed));
    assert_eq!(read(&app, "/artikel/arsip/2026-13", PHONE).await.0, StatusCode::NOT_FOUND);
    assert!(read(&app, "/", PHONE).await.1.contains(path), "the home page shows the latest");
    let (_, english) = read(&app, "/artikel?lang=en", PHONE).await;
    assert!(english.contains("<h1>Articles</h1>") && english.contains("Read 2 times"), "{english}");

    // Search engines and feed readers find it.
    let (status, sitemap) = read(&app, "/sitemap.xml", PHONE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(sitemap.starts_with("<?xml") && sitemap.contains(&format!("{}{path}</loc>", app.base)), "{sitemap}");
    assert!(!sitemap.contains("konsep-pengumuman") && !sitemap.contains("jadwal-posyandu"));
    let (_, rss) = read(&app, "/artikel/rss.xml", PHONE).await;
    assert!(
        rss.contains("<rss version=\"2.0\"")
            && rss.contains("<title>Peraturan Desa tentang Pengaduan Pelayanan Publik</title>")
    );
    assert!(!rss.contains("konsep-pengumuman"));
    let (_, robots) = read(&app, "/robots.txt", PHONE).await;
    assert!(robots.contains("Disallow: /admin") && robots.contains("/sitemap.xml"));

    // Staff of the complaint desk do not edit the portal.
    let (manager, _) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    assert_eq!(manager.get(app.url("/admin/artikel")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn long_lists_page_by_keyset() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = staff_client(&app, "redaksi1", &[Role::Redaksi]).await;
    for i in 1..=12 {
        let title = format!("Kabar desa nomor {i:02}");
        let (status, _) = write(
            &editor,
            &app,
            &csrf,
            &[
                ("title", &title),
                ("category", "berita"),
                ("body", "<p>Isi kabar.</p>"),
                ("published", "1"),
                ("publish_at", &format!("2026-11-{i:02}T08:00")),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, first) = read(&app, "/artikel", PHONE).await;
    assert!(
        first.contains("kabar-desa-nomor-12")
            && first.contains("kabar-desa-nomor-03")
            && !first.contains("kabar-desa-nomor-02")
    );
    let at = first.find("/artikel?setelah=").expect("a link to older articles");
    let next: String = first[at..].chars().take_while(|c| *c != '"').collect();
    let (_, second) = read(&app, &next.replace("&amp;", "&"), PHONE).await;
    assert!(
        second.contains("kabar-desa-nomor-02")
            && second.contains("kabar-desa-nomor-01")
            && !second.contains("kabar-desa-nomor-03")
    );
}

#[tokio::test]
async fn the_editor_keeps_the_categories_and_removes_only_empty_ones() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = staff_client(&app, "redaksi1", &[Role::Redaksi]).await;
    let list = page(&editor, &app, "/admin/artikel/kategori").await;
    assert!(list.contains("Berita Desa") && list.contains("Peraturan Desa"));

    let (status, _, body) = post(&editor, &app, "/admin/artikel/kategori", &[("csrf", &csrf), ("name", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Nama kategori: Wajib diisi"));
    let form = [("csrf", csrf.as_str()), ("name", "Kegiatan Warga"), ("position", "5")];
    let (status, _, body) = post(&editor, &app, "/admin/artikel/kategori", &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let taken = [("csrf", csrf.as_str()), ("name", "Berita"), ("slug", "berita")];
    let (status, _, body) = post(&editor, &app, "/admin/artikel/kategori", &taken).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Sudah dipakai kategori lain"));

    let categories = app.store.article_categories(1).await.unwrap();
    assert_eq!(categories.last().unwrap().slug, "kegiatan-warga", "ordered by position");
    let (status, _) = write(
        &editor,
        &app,
        &csrf,
        &[("title", "Kerja bakti bersama"), ("category", "kegiatan-warga"), ("body", "<p>Isi</p>"), ("published", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let html = app.get("/artikel/kategori/kegiatan-warga").await.text().await.unwrap();
    assert!(html.contains("Kerja bakti bersama"));

    let id = categories.last().unwrap().id;
    let rename = [("csrf", csrf.as_str()), ("name", "Kegiatan Desa"), ("slug", "kegiatan-warga"), ("position", "9")];
    assert_eq!(post(&editor, &app, &format!("/admin/artikel/kategori/{id}"), &rename).await.0, StatusCode::OK);
    assert!(app.get("/artikel").await.text().await.unwrap().contains("Kegiatan Desa"));
    let (status, _, body) =
        post(&editor, &app, &format!("/admin/artikel/kategori/{id}/hapus"), &[("csrf", &csrf), ("konfirmasi", "ya")])
            .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("masih berisi artikel"));
    let empty = categories.iter().find(|c| c.slug == "pengumuman").unwrap().id;
    let (status, _, _) = post(
        &editor,
        &app,
        &format!("/admin/artikel/kategori/{empty}/hapus"),
        &[("csrf", &csrf), ("konfirmasi", "ya")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.get("/artikel/kategori/pengumuman").await.status(), StatusCode::NOT_FOUND);
}

pub async fn upload_picture(
    editor: &Client,
    app: &TestApp,
    csrf: &str,
    bytes: Vec<u8>,
    name: &str,
) -> (StatusCode, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_string())
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    let res = editor.post(app.url("/admin/media")).multipart(form).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

#[tokio::test]
async fn pictures_for_articles_lose_their_metadata_and_large_ones_are_scaled() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = staff_client(&app, "redaksi1", &[Role::Redaksi]).await;

    let (status, body) = upload_picture(&editor, &app, &csrf, jpeg_with_gps(), "kerja bakti.jpg").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Gambar tersimpan"));
    let photo = app.store.media_items(1).await.unwrap()[0].clone();
    let served = app.get(&format!("/media/{}", photo.id)).await.bytes().await.unwrap();
    assert!(!contains(&served, b"Exif") && !contains(&served, b"GPS"), "no metadata");

    let wide = image::RgbImage::from_fn(3200, 1000, |x, _| image::Rgb([(x % 200) as u8, 40, 90]));
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(wide).write_to(&mut png, image::ImageFormat::Png).unwrap();
    let (status, _) = upload_picture(&editor, &app, &csrf, png.into_inner(), "peta.png").await;
    assert_eq!(status, StatusCode::OK);
    let map = app.store.media_items(1).await.unwrap()[0].clone();
    assert_eq!((map.width, map.height, map.media_type.as_str()), (1600, 500, "image/png"));
    let (status, body) = upload_picture(&editor, &app, &csrf, b"%PDF-1.4 not a picture".to_vec(), "x.png").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(body.contains("Gambar harus berupa JPEG, PNG atau WebP"));
    assert_eq!(app.store.media_items(1).await.unwrap().len(), 2, "nothing else stored");

    let page_html = page(&editor, &app, "/admin/media").await;
    assert!(page_html.contains(&format!("&lt;img src=&quot;/media/{}&quot;", photo.id)), "the code to paste");
    let body = format!("<p>Kerja bakti.</p><img src=\"/media/{}\" alt=\"Warga membersihkan saluran\">", photo.id);
    let form =
        [("title", "Kerja bakti bulan ini"), ("category", "berita"), ("body", body.as_str()), ("published", "1")];
    assert_eq!(write(&editor, &app, &csrf, &form).await.0, StatusCode::OK);
    let article = app.get("/artikel/kerja-bakti-bulan-ini").await.text().await.unwrap();
    assert!(article.contains(&format!("<img src=\"/media/{}\" alt=\"Warga membersihkan saluran\">", photo.id)));

    let path = format!("/admin/media/{}/hapus", photo.id);
    assert_eq!(post(&editor, &app, &path, &[("csrf", &csrf), ("konfirmasi", "ya")]).await.0, StatusCode::OK);
    assert_eq!(app.get(&format!("/media/{}", photo.id)).await.status(), StatusCode::NOT_FOUND);
}
