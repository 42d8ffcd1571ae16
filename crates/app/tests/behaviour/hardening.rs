//! Smaller holes an attacker or a careless click would find: identity rights decided per case,
//! cases assigned only to those who can work them, delivery errors without contacts, the language
//! link always on this site, and the data directory private on disk.

use crate::admin::staff_client;
use crate::helpers::*;
use aduan_domain::Role;
use reqwest::StatusCode;

#[tokio::test]
async fn an_officers_identity_rights_reach_only_the_cases_assigned_to_them() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let mut body = valid_json();
    body["identity_mode"] = "biasa".into();
    let (assigned, _) = file_json(&app, body.clone()).await;
    let (other, _) = file_json(&app, body).await;
    let (manager, csrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    // A petugas who is also the village head: the head's masked view everywhere, the officer's
    // reveal only on their own case.
    let (both, both_csrf) = staff_client(&app, "kaur.kades", &[Role::Petugas, Role::Kades]).await;
    let officer = user_id(&app, "kaur.kades").await;
    for t in [&assigned, &other] {
        let me = if t == &assigned { officer.clone() } else { user_id(&app, "sekdes").await };
        staff_step(&manager, &app, &csrf, t, &[("action", "disposisi"), ("from", "diterima"), ("officer", &me)]).await;
    }
    let reveal = |t: &str| {
        let url = app.url(&format!("/admin/pengaduan/{t}/identitas"));
        both.post(url).form(&[("csrf", both_csrf.as_str())]).send()
    };
    let own = reveal(&assigned).await.unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    assert!(own.text().await.unwrap().contains("3303015203900002"), "revealed on the assigned case");
    let res = reveal(&other).await.unwrap();
    let html = res.text().await.unwrap();
    assert!(!html.contains("3303015203900002") && !html.contains("00003333"), "masked on another case");
}

#[tokio::test]
async fn a_case_is_assigned_only_to_someone_who_can_work_it() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (ticket, _) = file(&app).await;
    let (manager, csrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    staff_client(&app, "bpd", &[Role::Pengawas]).await;
    staff_client(&app, "redaksi", &[Role::Redaksi]).await;
    for login in ["bpd", "redaksi"] {
        let id = user_id(&app, login).await;
        let (status, html) =
            step(&manager, &app, &csrf, &ticket, &[("action", "disposisi"), ("from", "diterima"), ("officer", &id)])
                .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{login}");
        assert!(html.contains("Pilih petugas"), "{login}");
        let case = &html[html.find("name=\"officer\"").unwrap()..];
        let options = &case[..case.find("</select>").unwrap()];
        assert!(!options.contains(&format!("value=\"{id}\"")), "{login} is not offered");
    }
    assert_eq!(status_of(&app, &ticket).await, "diterima");
}

#[tokio::test]
async fn delivery_errors_on_the_case_page_are_told_in_its_language_and_quote_no_address_or_number() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (ticket, _) = file(&app).await;
    app.store
        .tamper_for_tests(
            "UPDATE outbox SET attempts = 1, last_error = \
             '550 5.1.1 <warga.api@contoh.id>: rejected; gateway: +62 812 0000 3333 is not on WhatsApp'",
        )
        .await;
    let (manager, _) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let html = page(&manager, &app, &format!("/admin/pengaduan/{ticket}")).await;
    let deliveries = &html[html.find("id=\"deliveries\"").unwrap()..];
    assert!(deliveries.contains("Pengiriman gagal; rincian teknis ada di log server."), "the failure is still told");
    for contact in ["warga.api@contoh.id", "812 0000 3333", "0000 3333", "rejected"] {
        assert!(!deliveries.contains(contact), "{contact}");
    }
    // A failure the courier names is told in the page's language, without the technical English.
    app.store
        .tamper_for_tests("UPDATE outbox SET last_error = 'no_gateway: no WhatsApp/SMS gateway is configured'")
        .await;
    let html = page(&manager, &app, &format!("/admin/pengaduan/{ticket}")).await;
    let deliveries = &html[html.find("id=\"deliveries\"").unwrap()..];
    assert!(deliveries.contains("Gateway WhatsApp/SMS belum diatur"), "{deliveries}");
    assert!(!deliveries.contains("is configured"));
}

#[tokio::test]
async fn the_language_link_stays_on_this_site() {
    let app = spawn_app().await;
    let res = app.client.get(format!("{}//evil.example/x", app.base)).send().await.unwrap();
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"/evil.example/x?lang=en\""), "{}", &html[..html.len().min(600)]);
    assert!(!html.contains("href=\"//"));
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_directory_and_its_files_are_the_servers_alone() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let form = with_file(form_with(&csrf, &valid_fields()), "bukti.jpg", jpeg_with_gps(), "image/jpeg");
    assert_eq!(app.post_form(form).await.status(), StatusCode::SEE_OTHER);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let data = app.data_dir.path();
    assert_eq!(mode(data), 0o700);
    assert_eq!(mode(&data.join("attachments")), 0o700);
    let mut files = Vec::new();
    let mut dirs = vec![data.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                assert_eq!(mode(&e.path()), 0o700, "{}", e.path().display());
                dirs.push(e.path());
            } else {
                files.push(e.path());
            }
        }
    }
    assert!(files.len() >= 2, "the key and the evidence: {files:?}");
    for f in &files {
        assert_eq!(mode(f), 0o600, "{}", f.display());
    }
    if let Some(path) = app.database_url().strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap();
        for suffix in ["", "-wal", "-shm"] {
            let p = std::path::PathBuf::from(format!("{path}{suffix}"));
            if p.exists() {
                assert_eq!(mode(&p), 0o600, "{}", p.display());
            }
        }
    }
}
