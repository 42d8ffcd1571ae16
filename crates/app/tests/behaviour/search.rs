//! The queue's search box and the staff API's `q`, as staff use them: words found stemmed and
//! highlighted, a reply's words found once it is written, odd input answered without an error,
//! and a citizen found by phone or name only by the roles that may see who they are.

use crate::admin::staff_client;
use crate::helpers::*;
use aduan_domain::Role;
use reqwest::{Client, StatusCode};
use serde_json::Value;

async fn queue(c: &Client, app: &TestApp, q: &str) -> String {
    let res = c.get(with_q(app, "/admin/pengaduan", q)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{q}");
    res.text().await.unwrap()
}

fn with_q(app: &TestApp, path: &str, q: &str) -> url::Url {
    url::Url::parse_with_params(&app.url(path), [("q", q)]).unwrap()
}

/// Files a complaint by the JSON API with these texts and citizen.
async fn filed(app: &TestApp, title: &str, description: &str, mode: &str, name: &str, phone: &str) -> String {
    let mut body = valid_json();
    body["title"] = title.into();
    body["description"] = description.into();
    body["identity_mode"] = mode.into();
    body["complainant"]["name"] = name.into();
    body["complainant"].as_object_mut().unwrap().remove("nik");
    if phone.is_empty() {
        body["complainant"].as_object_mut().unwrap().remove("phone");
    } else {
        body["complainant"]["phone"] = phone.into();
    }
    file_json(app, body).await.0
}

#[tokio::test]
async fn staff_find_cases_by_their_words_and_citizens_by_who_may_see_them() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let lamp = filed(
        &app,
        "Lampu jalannya padam",
        "Lampu penerangan di depan masjid padam sejak pekan lalu.",
        "biasa",
        "Sukma Percobaan",
        "0813-5550-0022",
    )
    .await;
    let secret = filed(
        &app,
        "Saluran air tersumbat",
        "Saluran di dekat pos ronda tersumbat sampah.",
        "rahasia",
        "Rahasia Percobaan",
        "+62 813 5550 0099",
    )
    .await;
    let (manager, mcsrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let (overseer, _) = staff_client(&app, "bpd", &[Role::Pengawas]).await;
    let (officer, _) = staff_client(&app, "kaur", &[Role::Petugas]).await;

    // An inflected word finds the stem, highlighted as written; the other case is not listed.
    let html = queue(&manager, &app, "jalan").await;
    assert!(html.contains(&lamp) && !html.contains(&secret), "{html}");
    assert!(html.contains("Lampu <mark>jalannya</mark> padam"), "{html}");
    // Words together in quotes, and words that must all be there.
    assert!(queue(&manager, &app, "\"pos ronda\"").await.contains(&secret));
    assert!(!queue(&manager, &app, "\"ronda pos\"").await.contains(&secret));
    assert!(!queue(&manager, &app, "lampu tersumbat").await.contains(&lamp));
    // No case holds it: said so, not every case shown as before.
    let none = queue(&manager, &app, "jembatan").await;
    assert!(none.contains("Tidak ada kasus yang memuat kata") && !none.contains(&lamp) && !none.contains(&secret));
    // What cannot be searched is named; operators and odd characters are only separators.
    let common = queue(&manager, &app, "yang dan").await;
    assert!(common.contains("tidak dapat dicari") && common.contains("yang, dan"), "{common}");
    for odd in ["lampu* OR (padam", "\"", "'; DROP TABLE complaints; --", "&|!<->():*", "🙂"] {
        queue(&manager, &app, odd).await;
    }
    assert!(queue(&manager, &app, "lampu* OR (padam").await.contains(&lamp));
    // A ticket still goes straight to its case.
    let by_ticket = queue(&manager, &app, &lamp.to_lowercase()).await;
    assert!(by_ticket.contains(&lamp) && !by_ticket.contains(&secret));

    // A reply's words are found as soon as it is written.
    assert!(!queue(&manager, &app, "teknisi").await.contains(&lamp));
    let res = manager
        .post(app.url(&format!("/admin/pengaduan/{lamp}/pesan")))
        .form(&[("csrf", mcsrf.as_str()), ("visibility", "internal"), ("body", "Teknisi PLN dijadwalkan Kamis.")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert!(queue(&manager, &app, "teknisinya").await.contains(&lamp));

    // The manager finds both citizens by phone, typed as people type it, and by name.
    let by_phone = queue(&manager, &app, "0813 5550 0022").await;
    assert!(by_phone.contains("Ditemukan dari identitas warga") && by_phone.contains(&lamp), "{by_phone}");
    assert!(!by_phone.contains(&secret));
    assert!(queue(&manager, &app, "+6281355500099").await.contains(&secret));
    let by_name = queue(&manager, &app, "percobaan").await;
    assert!(by_name.contains(&lamp) && by_name.contains(&secret), "{by_name}");
    // The overseer may not look anyone up, and a name finds nothing of theirs by identity.
    let refused = queue(&overseer, &app, "0813 5550 0022").await;
    assert!(refused.contains("tidak dapat mencari kasus berdasarkan identitas") && !refused.contains(&lamp));
    let overseer_name = queue(&overseer, &app, "sukma").await;
    assert!(!overseer_name.contains(&lamp) && !overseer_name.contains("Ditemukan dari identitas warga"));
    // An officer finds only the cases assigned to them, by words or by identity.
    assert!(!queue(&officer, &app, "lampu").await.contains(&lamp));
    assert!(!queue(&officer, &app, "0813 5550 0022").await.contains(&lamp));

    // Each look-up by identity is audited without what was typed.
    let village = app.store.default_village().await.unwrap().id;
    let audit = app.store.audit_details_for_tests(village, "complaint.identity_search").await;
    assert!(audit.len() >= 3, "{audit:?}");
    assert!(audit.iter().all(|d| !d.contains("5550") && !d.contains("ercobaan")), "{audit:?}");
}

#[tokio::test]
async fn look_ups_by_identity_are_limited_per_user() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (manager, _) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let mut limited = None;
    for i in 0..25 {
        let html = queue(&manager, &app, &format!("0812 0000 {:04}", 1000 + i)).await;
        if i == 0 {
            assert!(html.contains("Tidak ada kasus dengan warga ini"), "a number nobody filed with is said so");
        }
        if html.contains("Terlalu banyak pencarian identitas") {
            limited = Some(i);
            break;
        }
    }
    assert_eq!(limited, Some(20), "twenty look-ups a minute, then a wait");
    // Words are still searched meanwhile.
    assert!(queue(&manager, &app, "lampu").await.contains("Tidak ada kasus yang memuat kata"));
}

#[tokio::test]
async fn search_results_page_by_keyset_without_repeats() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let mut tickets = Vec::new();
    for i in 0..30 {
        tickets.push(
            filed(&app, &format!("Jembatan rusak nomor {i}"), "Jembatan bambu di dusun rusak.", "biasa", "Warga", "")
                .await,
        );
    }
    filed(&app, "Hal yang lain", "Sama sekali tidak berhubungan dengan itu.", "biasa", "Warga", "").await;
    let (manager, _) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let first = queue(&manager, &app, "jembatan").await;
    let next = first.split("href=\"").find_map(|s| s.split('"').next().filter(|h| h.contains("setelah="))).unwrap();
    let second = manager
        .get(app.url(&next.replace("&#38;", "&").replace("&amp;", "&")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let on = |html: &str| tickets.iter().filter(|t| html.contains(t.as_str())).cloned().collect::<Vec<_>>();
    let (a, b) = (on(&first), on(&second));
    assert_eq!(a.len(), 25);
    assert_eq!(b.len(), 5, "{next}");
    assert!(a.iter().all(|t| !b.contains(t)));
}

#[tokio::test]
async fn the_staff_api_searches_with_q() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let lamp =
        filed(&app, "Lampu jalannya padam", "Lampu di depan masjid padam sejak kemarin.", "biasa", "Warga", "").await;
    filed(&app, "Saluran air tersumbat", "Saluran tersumbat sampah sejak kemarin.", "biasa", "Warga", "").await;
    // An integration account that manages complaints makes its own key.
    let (manager, csrf) = staff_client(&app, "sekdes", &[Role::Admin, Role::Pengelola]).await;
    let key = crate::staff_api::staff_key(&manager, &app, &csrf, "").await;
    let get = |q: String| {
        let app = &app;
        let key = key.clone();
        async move {
            let res = app.client.get(with_q(app, "/api/v1/staff/complaints", &q)).bearer_auth(key);
            let res = res.send().await.unwrap();
            (res.status(), res.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = get("jalan".into()).await;
    assert_eq!(status, StatusCode::OK);
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["ticket"], lamp.as_str());
    let (_, body) = get("yang jembatan".into()).await;
    assert_eq!(body["items"].as_array().unwrap().len(), 0);
    assert_eq!(body["ignored_words"], serde_json::json!(["yang"]));
    let (status, body) = get("x".repeat(201)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, _) = get("\"(*".into()).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn possible_duplicates_are_suggested_on_the_case_page_and_lead_to_the_reject_step() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let first = filed(
        &app,
        "Lampu jalan padam",
        "Lampu di depan masjid padam sejak kemarin.",
        "biasa",
        "Warga",
        "0813 5550 0022",
    )
    .await;
    let same_phone = filed(
        &app,
        "Saluran air tersumbat",
        "Saluran tersumbat sampah sejak kemarin.",
        "biasa",
        "Warga",
        "+62 813-5550-0022",
    )
    .await;
    let similar = filed(
        &app,
        "Lampu jalannya padam lagi",
        "Masih padam sampai malam ini juga.",
        "biasa",
        "Warga Lain",
        "0813 5550 0077",
    )
    .await;
    let mut other = valid_json();
    other["category"] = "adminduk".into();
    other["title"] = "Lampu jalan padam".into();
    other["complainant"]["phone"] = "0813 5550 0088".into();
    other["complainant"].as_object_mut().unwrap().remove("nik");
    let other_service = file_json(&app, other).await.0;
    let (manager, mcsrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let (overseer, _) = staff_client(&app, "bpd", &[Role::Pengawas]).await;
    let case = |c: Client, t: String| {
        let app = &app;
        async move { c.get(app.url(&format!("/admin/pengaduan/{t}"))).send().await.unwrap().text().await.unwrap() }
    };

    let html = case(manager.clone(), same_phone.clone()).await;
    assert!(html.contains("Mungkin pengaduan yang sama") && html.contains(&first) && html.contains("nomor HP sama"));
    let html = case(manager.clone(), similar.clone()).await;
    let section = &html[html.find("id=\"duplicates\"").expect("suggestions")..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains(&first) && section.contains("judul mirip"), "{section}");
    assert!(!section.contains(&same_phone) && !section.contains(&other_service), "{section}");
    let first_case = case(manager.clone(), first.clone()).await;
    assert!(!first_case.contains("id=\"duplicates\""), "the earliest case has nothing before it");
    // The overseer may not reject, so is not shown the suggestions.
    assert!(!case(overseer, similar.clone()).await.contains("id=\"duplicates\""));

    // The suggestion's link opens the reject step filled in for it.
    let link = format!("/admin/pengaduan/{similar}?duplikat={first}#langkah-reject");
    assert!(section.contains(&link.replace('&', "&amp;")) || section.contains(&link), "{section}");
    let filled = manager.get(app.url(&link)).send().await.unwrap().text().await.unwrap();
    assert!(filled.contains("id=\"langkah-reject\" open"), "the reject step opened");
    assert!(filled.contains(&format!("name=\"duplicate_of\" type=\"text\" value=\"{first}\"")));
    assert!(filled.contains("<option value=\"duplikat\" selected>"));
    let (status, html) = step(
        &manager,
        &app,
        &mcsrf,
        &similar,
        &[("action", "reject"), ("from", "diterima"), ("reason", "duplikat"), ("duplicate_of", first.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(status_of(&app, &similar).await, "ditolak");
}

#[tokio::test]
async fn the_rebuild_command_indexes_every_case_again() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let lamp =
        filed(&app, "Lampu jalannya padam", "Lampu di depan masjid padam sejak kemarin.", "biasa", "Sukma", "").await;
    let (manager, _) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    assert!(queue(&manager, &app, "masjid").await.contains(&lamp));
    // As an installation from before the index existed.
    app.store.tamper_for_tests("DELETE FROM complaint_words").await;
    app.store.tamper_for_tests("DELETE FROM complainant_names").await;
    assert!(!queue(&manager, &app, "masjid").await.contains(&lamp));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_aduan"))
        .args([
            "--data",
            app.data_dir.path().to_str().unwrap(),
            "--database-url",
            app.database_url(),
            "search",
            "rebuild",
        ])
        .env("ADUAN_LOG", "warn")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Indexed 1 cases"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(queue(&manager, &app, "masjid").await.contains(&lamp));
    assert!(queue(&manager, &app, "sukma").await.contains("Ditemukan dari identitas warga"));
    assert!(queue(&manager, &app, "sukma").await.contains(&lamp));
}
