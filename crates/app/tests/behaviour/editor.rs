//! The article and page editor as the server sees it: scripts are allowed only on the editing
//! pages, and only from this site; the editor's files are served; a new article is a draft and
//! may carry its document in its first save, a refused document storing nothing.

use crate::admin::staff_client;
use crate::articles::upload_picture;
use crate::helpers::*;
use aduan_domain::Role;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

fn article_form(csrf: &str, title: &str) -> Form {
    Form::new()
        .text("csrf", csrf.to_string())
        .text("title", title.to_string())
        .text("slug", "")
        .text("category", "berita")
        .text("summary", "")
        .text("body", "Paragraf pertama.\n\nParagraf kedua.")
        .text("publish_at", "")
}

#[tokio::test]
async fn the_editor_runs_only_where_text_is_edited_and_a_new_article_takes_its_document() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = staff_client(&app, "redaksi.editor", &[Role::Redaksi]).await;

    // Scripts from this site run on the editing pages only; every other page allows none.
    let policy = |path: &'static str| {
        let editor = editor.clone();
        let url = app.url(path);
        async move {
            let res = editor.get(url).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            res.headers()["content-security-policy"].to_str().unwrap().to_string()
        }
    };
    for path in ["/admin/artikel/baru", "/admin/halaman"] {
        let csp = policy(path).await;
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe"), "{path}: {csp}");
    }
    for path in ["/admin/artikel", "/admin/media", "/admin"] {
        assert!(!policy(path).await.contains("script-src"), "{path}");
    }
    for (file, starts) in [
        ("/static/editor/squire.js", "\"use strict\""),
        ("/static/editor/purify.min.js", "/*! @license DOMPurify"),
        ("/static/editor/editor.js", "//"),
    ] {
        let res = app.client.get(app.url(file)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{file}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
        assert!(res.text().await.unwrap().starts_with(starts), "{file}");
    }

    // The form without scripts: the text box, its toolbar hidden, the library's pictures in it.
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(40, 30, image::Rgb([10, 120, 60])))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    assert_eq!(upload_picture(&editor, &app, &csrf, png, "balai-desa.png").await.0, StatusCode::OK);
    let media_id = app.store.media_items(1).await.unwrap()[0].id;
    let form = page(&editor, &app, "/admin/artikel/baru").await;
    assert!(form.contains(r#"data-editor="a-body-tools""#) && form.contains(r#"id="a-body-tools""#));
    assert!(form.contains(r#"role="toolbar""#) && form.contains("hidden>"), "the toolbar waits for the script");
    assert!(form.contains(&format!(r#"data-image="/media/{media_id}""#)), "the library's picture is offered");
    assert!(form.contains(r#"enctype="multipart/form-data""#) && form.contains(r#"name="file""#));
    assert!(!form.contains(r#"name="published" value="1" checked"#), "a new article is a draft");

    // A refused document stores nothing and keeps what was typed.
    let res = editor
        .post(app.url("/admin/artikel/baru"))
        .multipart(
            article_form(&csrf, "Pengumuman Musyawarah Dusun")
                .part("file", Part::bytes(b"MZ\x90\x00\x03\x00".to_vec()).file_name("undangan.pdf")),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Hanya PDF dan dokumen kantor") && html.contains("Pengumuman Musyawarah Dusun"));
    assert!(app.store.all_articles(1).await.unwrap().is_empty());

    // Taken: the article as a draft, with its document, its text in paragraphs.
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".to_vec();
    let res = editor
        .post(app.url("/admin/artikel/baru"))
        .multipart(
            article_form(&csrf, "Pengumuman Musyawarah Dusun")
                .part("file", Part::bytes(pdf).file_name("Undangan Musdus.pdf")),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Undangan Musdus.pdf"));
    let listed = app.store.all_articles(1).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].published, "a draft until Terbitkan is chosen");
    let stored = app.store.article_by_id(1, listed[0].id).await.unwrap();
    assert_eq!(stored.attachment.map(|a| a.name).as_deref(), Some("Undangan Musdus.pdf"));
    assert_eq!(stored.body_html, "<p>Paragraf pertama.</p>\n<p>Paragraf kedua.</p>\n");

    // Without a document the multipart form saves as the plain one does; a forged one is refused.
    let res = editor
        .post(app.url("/admin/artikel/baru"))
        .multipart(article_form(&csrf, "Jadwal Posyandu Bulan Ini").part("file", Part::bytes(vec![]).file_name("")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = editor
        .post(app.url("/admin/artikel/baru"))
        .multipart(article_form("palsu", "Artikel Palsu"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.store.all_articles(1).await.unwrap().len(), 2);
    let jadwal = app.store.all_articles(1).await.unwrap().into_iter().find(|a| a.title.starts_with("Jadwal")).unwrap();
    assert!(app.store.article_by_id(1, jadwal.id).await.unwrap().attachment.is_none());
}
