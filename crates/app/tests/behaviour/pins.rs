//! The citizen's PIN under attack: parallel guesses on one ticket, guesses spread over many
//! tickets from one address, "Lupa PIN" where nothing can deliver it, and a new PIN issued at the
//! office after an identity check.

use crate::admin::staff_client;
use crate::helpers::*;
use aduan_domain::Role;
use aduan_store::complaint::pin_check::MAX_TRIES;
use reqwest::StatusCode;
use serde_json::Value;

async fn api_case(app: &TestApp, ticket: &str, pin: &str) -> (StatusCode, Value) {
    let res = app
        .client
        .get(app.url(&format!("/api/v1/complaints/{ticket}")))
        .header("X-Aduan-Pin", pin)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn forty_parallel_wrong_pins_lock_the_ticket_after_exactly_the_allowed_number() {
    let app = spawn_app_with(|s| {
        s.rate_limit_per_minute = 0;
        s.wrong_pins_per_hour = 0;
    })
    .await;
    let (ticket, pin) = file(&app).await;
    let guesses = (0..40).map(|i| {
        let (client, url) = (app.client.clone(), app.url(&format!("/api/v1/complaints/{ticket}")));
        let guess = format!("{:06}", (pin.parse::<u32>().unwrap() + 1 + i) % 1_000_000);
        tokio::spawn(async move { client.get(url).header("X-Aduan-Pin", guess).send().await.unwrap().status() })
    });
    let mut statuses = Vec::new();
    for g in guesses {
        statuses.push(g.await.unwrap());
    }
    let wrong = statuses.iter().filter(|s| **s == StatusCode::FORBIDDEN).count() as i64;
    let locked = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count() as i64;
    assert_eq!((wrong, locked), (MAX_TRIES - 1, 40 - (MAX_TRIES - 1)), "{statuses:?}");
    let (status, body) = api_case(&app, &ticket, &pin).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the right PIN waits for the lock too");
    assert_eq!(body["error"]["code"], "locked");
}

#[tokio::test]
async fn wrong_pins_from_one_address_are_limited_across_tickets_and_right_ones_do_not_count() {
    let app = spawn_app_with(|s| {
        s.rate_limit_per_minute = 0;
        s.wrong_pins_per_hour = 6;
    })
    .await;
    let mut cases = Vec::new();
    for _ in 0..3 {
        cases.push(file(&app).await);
    }
    // Right PINs are free: many of them leave the whole allowance for mistakes.
    for _ in 0..10 {
        assert_eq!(api_case(&app, &cases[0].0, &cases[0].1).await.0, StatusCode::OK);
    }
    for (ticket, pin) in &cases {
        for offset in 1..=2 {
            let guess = format!("{:06}", (pin.parse::<u32>().unwrap() + offset) % 1_000_000);
            assert_eq!(api_case(&app, ticket, &guess).await.0, StatusCode::FORBIDDEN);
        }
    }
    // Six wrong PINs spread over three tickets: none is locked, but this address must wait.
    let (status, body) = api_case(&app, &cases[2].0, &cases[2].1).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"]["code"], "pins_from_address");
    let c = client();
    let csrf = csrf_in(&page(&c, &app, "/lacak").await);
    let (status, _, html) =
        post(&c, &app, "/lacak", &[("csrf", &csrf), ("ticket", &cases[1].0), ("pin", &cases[1].1)]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the tracking page shares the limit");
    assert!(html.contains("Terlalu banyak PIN salah dari alamat internet Anda"));
}

#[tokio::test]
async fn without_a_mail_server_or_gateway_lupa_pin_is_not_offered_and_the_pin_keeps_working() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (ticket, pin) = file(&app).await;
    let visitor = client();
    let html = page(&visitor, &app, &format!("/lacak/{ticket}")).await;
    assert!(!html.contains("/lupa-pin"), "nothing could deliver a new PIN");
    assert!(html.contains("Datanglah ke kantor desa dengan KTP"));
    let (status, _, body) =
        post(&visitor, &app, &format!("/lacak/{ticket}/lupa-pin"), &[("csrf", &csrf_in(&html))]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("Datanglah ke kantor desa"));
    assert_eq!(api_case(&app, &ticket, &pin).await.0, StatusCode::OK, "the citizen's PIN still works");
    assert_eq!(app.store.audit_actions_for_tests(1, "complaint.pin_reset").await, 0);
}

#[tokio::test]
async fn the_office_issues_a_new_pin_after_checking_the_identity_and_old_sessions_end() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (ticket, old_pin) = file(&app).await;
    let (session, _) = citizen(&app, &ticket, &old_pin).await;
    let case_path = format!("/lacak/{ticket}");
    assert!(page(&session, &app, &case_path).await.contains("Surat keterangan usaha belum jadi"));
    let (manager, csrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let url = format!("/admin/pengaduan/{ticket}/pin");
    let case = page(&manager, &app, &format!("/admin/pengaduan/{ticket}")).await;
    assert!(case.contains(&format!("action=\"{url}\"")));

    let (status, _, html) = post(&manager, &app, &url, &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Pilih cara memeriksa identitas"));
    let (status, _, html) =
        post(&manager, &app, &url, &[("csrf", &csrf), ("check", "nik"), ("nik", "3303015203900009")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("NIK tidak cocok"));
    assert_eq!(api_case(&app, &ticket, &old_pin).await.0, StatusCode::OK, "a mismatch changes nothing");

    let (status, _, html) =
        post(&manager, &app, &url, &[("csrf", &csrf), ("check", "nik"), ("nik", "3303015203900002")]).await;
    assert_eq!(status, StatusCode::OK);
    let new_pin = html.split("id=\"issued-pin\">").nth(1).unwrap()[..6].to_string();
    assert_ne!(new_pin, old_pin);
    assert_eq!(api_case(&app, &ticket, &old_pin).await.0, StatusCode::FORBIDDEN);
    assert_eq!(api_case(&app, &ticket, &new_pin).await.0, StatusCode::OK);
    assert!(!page(&session, &app, &case_path).await.contains("Surat keterangan usaha belum jadi"), "session ended");
    let again = page(&manager, &app, &format!("/admin/pengaduan/{ticket}")).await;
    assert!(!again.contains(&new_pin), "shown only once");

    let (status, _, html) = post(&manager, &app, &url, &[("csrf", &csrf), ("check", "ktp")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"issued-pin\""));
    assert_eq!(app.store.audit_actions_for_tests(1, "complaint.pin_reissue").await, 2);
    let log = app.store.audit_details_for_tests(1, "complaint.pin_reissue").await;
    assert!(log.iter().any(|d| d.contains("\"nik\"")) && log.iter().any(|d| d.contains("\"ktp\"")), "{log:?}");

    // An officer works cases but does not hand out PINs.
    let (officer, ocsrf) = staff_client(&app, "kaur.pem", &[Role::Petugas]).await;
    let (status, _, _) = post(&officer, &app, &url, &[("csrf", &ocsrf), ("check", "ktp")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
