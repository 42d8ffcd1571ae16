//! `/lacak`: the timeline for the ticket alone, the whole case with the PIN, and the lock.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn filed(app: &TestApp) -> (String, String) {
    let created: Value = app.create_via_api(valid_json()).await.json().await.unwrap();
    (created["ticket"].as_str().unwrap().into(), created["pin"].as_str().unwrap().into())
}

#[tokio::test]
async fn the_ticket_alone_shows_the_timeline_and_nothing_else() {
    let app = spawn_app().await;
    let (ticket, _) = filed(&app).await;
    let res = app.get(&format!("/lacak?tiket={}", ticket.to_lowercase())).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = app.get(&format!("/lacak/{ticket}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("Riwayat status") && html.contains("Diterima"));
    for secret in ["Warga API", "Surat keterangan usaha", "3303015203900002", "0000 3333", "warga.api"] {
        assert!(!html.contains(secret), "{secret} leaked");
    }
}

#[tokio::test]
async fn ticket_and_pin_open_the_whole_case() {
    let app = spawn_app().await;
    let (ticket, pin) = filed(&app).await;
    let csrf = app.csrf("/lacak").await;
    let res = app
        .client
        .post(app.url("/lacak"))
        .form(&[("csrf", csrf.as_str()), ("ticket", ticket.as_str()), ("pin", pin.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = app.get(&format!("/lacak/{ticket}")).await.text().await.unwrap();
    assert!(
        html.contains("Surat keterangan usaha belum jadi")
            && html.contains("Warga API")
            && html.contains("+6281200003333")
    );

    // Leaving closes it again.
    let csrf = crate::helpers::csrf_in(&html);
    let res = app
        .client
        .post(app.url(&format!("/lacak/{ticket}/keluar")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = app.get(&format!("/lacak/{ticket}")).await.text().await.unwrap();
    assert!(!html.contains("Warga API"));
}

#[tokio::test]
async fn five_wrong_pins_lock_the_ticket() {
    let app = spawn_app().await;
    let (ticket, pin) = filed(&app).await;
    let csrf = app.csrf("/lacak").await;
    let wrong = if pin == "000000" { "111111" } else { "000000" };
    let attempt = |p: &str| {
        app.client
            .post(app.url("/lacak"))
            .form(&[("csrf", csrf.as_str()), ("ticket", ticket.as_str()), ("pin", p)])
            .send()
    };
    for left in (1..=4).rev() {
        let res = attempt(wrong).await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert!(res.text().await.unwrap().contains(&format!("Sisa percobaan: {left}")));
    }
    let res = attempt(wrong).await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = attempt(&pin).await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "locked even for the right PIN");
    assert!(res.text().await.unwrap().contains("dikunci"));
    let res = app
        .client
        .get(app.url(&format!("/api/v1/complaints/{ticket}")))
        .header("x-aduan-pin", &pin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn tracking_form_errors_are_clear() {
    let app = spawn_app().await;
    let csrf = app.csrf("/lacak").await;
    let post = |t: &str, p: &str| {
        app.client.post(app.url("/lacak")).form(&[("csrf", csrf.as_str()), ("ticket", t), ("pin", p)]).send()
    };
    let res = post("bukan tiket", "").await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("Nomor tiket tidak valid"));
    let res = post("KRB-0000-0000", "123456").await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("Tiket tidak ditemukan"));
    let res = app.client.post(app.url("/lacak")).form(&[("ticket", "KRB-0000-0000")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
