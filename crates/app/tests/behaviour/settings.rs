//! Admin settings: SLA targets, categories and the holiday calendar, and that changing them never
//! moves a deadline already given to a citizen.

use crate::admin::staff_client;
use crate::helpers::*;
use aduan_domain::Role;
use reqwest::StatusCode;
use serde_json::Value;

async fn verification_due(app: &TestApp) -> String {
    let created: Value = app.create_via_api(valid_json()).await.json().await.unwrap();
    created["verification_due"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_calendar_and_targets_change_new_deadlines_only() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (admin, csrf) = staff_client(&app, "kaur.umum", &[Role::Admin]).await;
    let first = verification_due(&app).await;
    let created: Value = app.create_via_api(valid_json()).await.json().await.unwrap();
    let (ticket, pin) = (created["ticket"].as_str().unwrap().to_string(), created["pin"].as_str().unwrap().to_string());

    // Every working day from tomorrow for a week becomes a holiday.
    let today = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+7)).date();
    let mut csv = String::from("date,kind,name\n");
    for d in 1..=7 {
        csv.push_str(&format!("{},libur_daerah,Libur uji {d}\n", today + time::Duration::days(d)));
    }
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .part("csv", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("libur.csv"));
    let res = admin.post(app.url("/admin/pengaturan/libur/impor")).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("7 hari baru ditambahkan, 0 diperbarui"));

    let later = verification_due(&app).await;
    assert!(later > first, "{later} after {first}: new complaints skip the new holidays");
    let case: Value = app
        .client
        .get(app.url(&format!("/api/v1/complaints/{ticket}")))
        .header("x-aduan-pin", &pin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(case["verification_due"], first.as_str(), "a deadline already given does not move");

    // Targets.
    let sla = |verification: &str| {
        let form = [
            ("csrf", csrf.as_str()),
            ("verification", verification),
            ("ringan", "2"),
            ("normatif", "5"),
            ("tidak_berkadar_pengawasan", "14"),
            ("berkadar_pengawasan", "60"),
            ("objection", "10"),
        ];
        admin.post(app.url("/admin/pengaturan/sla")).form(&form).send()
    };
    assert_eq!(sla("0").await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(sla("1").await.unwrap().status(), StatusCode::OK);
    let one_day = verification_due(&app).await;
    assert!(one_day < later, "a shorter target gives an earlier deadline");

    // A single day, removed again.
    let day = (today + time::Duration::days(1)).to_string();
    let res = admin
        .post(app.url("/admin/pengaturan/libur/hapus"))
        .form(&[("csrf", csrf.as_str()), ("day", day.as_str()), ("konfirmasi", "ya")])
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().contains("Hari libur dihapus"));
    let res = admin
        .post(app.url("/admin/pengaturan/libur"))
        .form(&[("csrf", csrf.as_str()), ("day", "bukan tanggal"), ("kind", "libur_daerah"), ("name", "X")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = reqwest::multipart::Form::new().text("csrf", csrf.clone()).part(
        "csv",
        reqwest::multipart::Part::bytes(b"date,kind,name\n2026-13-01,libur,X\n".to_vec()).file_name("x.csv"),
    );
    let res = admin.post(app.url("/admin/pengaturan/libur/impor")).multipart(bad).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("line 2"));
    assert!(app.store.audit_actions_for_tests(1, "calendar.put").await >= 1);
    assert_eq!(app.store.audit_actions_for_tests(1, "settings.sla").await, 1);
}

#[tokio::test]
async fn categories_are_added_with_an_officer_and_retired() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (admin, csrf) = staff_client(&app, "kaur.umum", &[Role::Admin]).await;
    let _ = staff_client(&app, "kasi.kesra", &[Role::Petugas]).await;
    let officer =
        app.store.user_by_username(1, &aduan_domain::staff::Username::parse("kasi.kesra").unwrap()).await.unwrap();
    let officer_id = officer.id.to_string();
    let put = |active: &'static str| {
        let form = [
            ("csrf", csrf.as_str()),
            ("code", "pemakaman"),
            ("name", "Pemakaman umum desa"),
            ("sla_class", "normatif"),
            ("responsible", officer_id.as_str()),
            ("active", active),
        ];
        admin.post(app.url("/admin/pengaturan/kategori")).form(&form).send()
    };
    let res = put("1").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("kasi.kesra"));
    assert!(app.get("/pengaduan").await.text().await.unwrap().contains("Pemakaman umum desa"));
    put("").await.unwrap();
    assert!(!app.get("/pengaduan").await.text().await.unwrap().contains("Pemakaman umum desa"));
    let res = admin
        .post(app.url("/admin/pengaturan/kategori"))
        .form(&[("csrf", csrf.as_str()), ("code", "Bad Code!"), ("name", "X"), ("sla_class", "normatif")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_admin_edits_the_village_profile() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (admin, csrf) = staff_client(&app, "kaur.umum", &[Role::Admin]).await;
    let mut form = vec![
        ("csrf", csrf.clone()),
        ("name", "Desa Karangbawang".to_string()),
        ("motto", "Guyub rukun".to_string()),
        ("kecamatan", "Rembang".to_string()),
        ("kabupaten", "Purbalingga".to_string()),
        ("province", "Jawa Tengah".to_string()),
        ("postcode", "53356".to_string()),
        ("office_address", "Jl. Balai Desa No. 1, Karangbawang".to_string()),
        ("phone", "(0281) 000000".to_string()),
        ("email", "bukan surel".to_string()),
        ("office_hours", "Senin–Jumat 08.00–14.00".to_string()),
        ("officer_name", "Sekretaris Desa (uji)".to_string()),
        ("officer_address", "Balai Desa Karangbawang".to_string()),
    ];
    let res = admin.post(app.url("/admin/pengaturan/profil")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    form[9].1 = "desa@contoh.id".into();
    let res = admin.post(app.url("/admin/pengaturan/profil")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("Guyub rukun") && home.contains("Sekretaris Desa (uji)") && home.contains("desa@contoh.id"));
    assert_eq!(app.store.audit_actions_for_tests(1, "settings.profile").await, 1);
}
