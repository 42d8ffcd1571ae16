//! The back office on a phone, in a real Chromium: no page scrolls sideways at 360 px, the menu
//! and the queue's filters fold, and the pages village staff use most are saved as phone and
//! desktop screenshots.

use crate::admin::STAFF_PASSWORD;
use crate::browser::{
    DESKTOP, PHONE, body_text, browser_available, click, fill, open_browser, publish_regulation, shoot, start_driver,
    submit,
};
use crate::helpers::*;
use aduan_domain::Role;
use aduan_domain::access::Roles;
use aduan_domain::staff::Username;
use aduan_store::platform::credentials::hash_secret;
use aduan_web::admin::route_list;
use fantoccini::Client;

/// How much wider than the window the page lays out, in CSS pixels (0 when it fits).
async fn overflow(b: &Client) -> i64 {
    let v = b
        .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![])
        .await
        .unwrap();
    v.as_i64().unwrap_or(i64::MAX)
}

/// The first id a list page links to under `prefix` (e.g. `/admin/artikel/`).
async fn first_id(b: &Client, app: &TestApp, list: &str, prefix: &str) -> Option<String> {
    b.goto(&app.url(list)).await.unwrap();
    let html = b.source().await.unwrap();
    let needle = format!("href=\"{prefix}");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            let id: String = rest.chars().take_while(char::is_ascii_digit).collect();
            (!id.is_empty()).then_some(id)
        })
        .next()
}

#[tokio::test]
async fn every_back_office_page_fits_a_phone() {
    if !browser_available() {
        return;
    }
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    publish_regulation(&app).await;
    let name = Username::parse("semua.peran").unwrap();
    let hash = hash_secret(STAFF_PASSWORD).unwrap();
    let every_role = Roles::new(Role::ALL.to_vec());
    let id = app.store.create_user(1, &name, "Pengguna Semua Peran", &hash, &every_role, None).await.unwrap();
    let user = app.store.user(id).await.unwrap();
    app.store.set_password(&user, &hash, false, None).await.unwrap();
    let (ticket, _) = file(&app).await;

    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let b = open_browser(&driver, profile.path(), downloads.path()).await;
    b.goto(&app.url("/admin/masuk")).await.unwrap();
    fill(&b, "#username", "semua.peran").await;
    fill(&b, "#password", STAFF_PASSWORD).await;
    submit(&b, "form[action='/admin/masuk'] button[type=submit]", "form[action='/admin/keluar']", "Keluar").await;
    let article = first_id(&b, &app, "/admin/artikel", "/admin/artikel/").await.expect("the regulation's article");

    b.set_window_size(PHONE.0, PHONE.1).await.unwrap();
    let mut wide = Vec::new();
    let mut checked = 0;
    for route in route_list() {
        // Files, not pages: the receipt's PDF and evidence.
        if route.method != "GET" || route.path.ends_with("/pdf") || route.path.contains("/bukti/") {
            continue;
        }
        let path = if route.path.contains("/halaman/{id}") {
            // Pages exist only once the redaksi writes one; without any there is no editor to open.
            match first_id(&b, &app, "/admin/halaman", "/admin/halaman/").await {
                Some(id) => route.path.replace("{id}", &id),
                None => continue,
            }
        } else {
            route.path.replace("{id}", &article).replace("{ticket}", &ticket)
        };
        b.goto(&app.url(&path)).await.unwrap();
        let over = overflow(&b).await;
        if over > 0 {
            wide.push(format!("{path}: {over} px wider than the phone"));
        }
        checked += 1;
    }
    assert!(checked >= 25, "{checked} pages checked");
    assert!(wide.is_empty(), "pages that scroll sideways at {} px:\n{}", PHONE.0, wide.join("\n"));

    // On a phone the menu and the queue's filters fold; each opens with one tap.
    b.goto(&app.url("/admin/pengaduan")).await.unwrap();
    let shown = |css: &'static str| {
        let b = b.clone();
        async move {
            // Not the element's box: a closed `details` keeps its contents laid out, only unseen.
            let v =
                b.execute(&format!("return document.querySelector('{css}').checkVisibility()"), vec![]).await.unwrap();
            v.as_bool().unwrap_or(false)
        }
    };
    assert!(!shown(".top nav").await, "the menu is folded on a phone");
    assert!(!shown("#f-status").await, "the filters are folded");
    click(&b, "label.menu-label").await;
    assert!(shown(".top nav").await);
    click(&b, "#saring > summary").await;
    assert!(shown("#f-status").await);
    b.set_window_size(DESKTOP.0, DESKTOP.1).await.unwrap();
    b.goto(&app.url("/admin/pengaduan")).await.unwrap();
    assert!(shown(".top nav").await, "the menu is open on a desktop");
    assert!(body_text(&b).await.contains(&ticket));

    for (path, name) in [
        ("/admin/pengaduan".to_string(), "20-antrean"),
        (format!("/admin/pengaduan/{ticket}"), "21-kasus"),
        ("/admin/pengguna".to_string(), "22-pengguna"),
        (format!("/admin/artikel/{article}"), "23-editor"),
        ("/admin/dasbor".to_string(), "24-dasbor"),
        ("/admin".to_string(), "25-beranda-admin"),
    ] {
        b.goto(&app.url(&path)).await.unwrap();
        shoot(&b, name).await;
    }
}
