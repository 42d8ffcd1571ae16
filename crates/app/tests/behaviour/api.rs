//! The JSON API contract.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn categories_are_listed_with_their_sla_class() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/categories").await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: Vec<Value> = res.json().await.unwrap();
    let surat = list.iter().find(|c| c["code"] == "surat").unwrap();
    assert_eq!(surat["sla_class"], "ringan");
    assert_eq!(surat["resolution_days"], 2);
    assert!(surat["name"].is_string());
}

#[tokio::test]
async fn a_complaint_filed_by_api_is_tracked_with_and_without_the_pin() {
    let app = spawn_app().await;
    let res = app.create_via_api(valid_json()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let ticket = created["ticket"].as_str().unwrap().to_string();
    let pin = created["pin"].as_str().unwrap().to_string();
    assert_eq!(created["status"], "diterima");
    assert!(created["received_at"].as_str().unwrap().ends_with("+07:00"));
    assert!(created["verification_due"].as_str().unwrap().ends_with("23:59:59+07:00"));

    // The ticket alone: status and timeline, nothing else.
    let res = app.get(&format!("/api/v1/track/{}", ticket.to_lowercase().replace('-', " "))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let tl: Value = res.json().await.unwrap();
    assert_eq!(tl["ticket"], ticket.as_str());
    assert_eq!(tl["status"], "diterima");
    assert_eq!(tl["history"][0]["status"], "diterima");
    let keys: Vec<&String> = tl.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["history", "status", "ticket"]);
    let text = tl.to_string();
    assert!(!text.contains("Warga API") && !text.contains("Surat keterangan usaha"));

    // Without the PIN, with a wrong one, then the right one.
    let url = app.url(&format!("/api/v1/complaints/{ticket}"));
    let res = app.client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["code"], "pin_required");
    let wrong = if pin == "000000" { "111111" } else { "000000" };
    let res = app.client.get(&url).header("x-aduan-pin", wrong).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "wrong_pin");
    let res = app.client.get(&url).header("x-aduan-pin", &pin).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let case: Value = res.json().await.unwrap();
    assert_eq!(case["title"], "Surat keterangan usaha belum jadi");
    assert_eq!(case["identity_mode"], "rahasia");
    assert_eq!(case["channel"], "api");
    assert_eq!(case["complainant"]["phone"], "+6281200003333");
    assert_eq!(case["complainant"]["nik"], "3303015203900002");
    assert_eq!(case["incident_date"], "2026-11-20");
}

#[tokio::test]
async fn an_api_error_lists_each_field_in_the_callers_language() {
    let app = spawn_app().await;
    let mut body = valid_json();
    body["title"] = Value::Null;
    body["complainant"]["nik"] = "1234".into();
    let res = app
        .client
        .post(app.url("/api/v1/complaints"))
        .header("accept-language", "en")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["code"], "invalid_fields");
    assert_eq!(err["error"]["fields"]["title"], "Required.");
    assert_eq!(err["error"]["fields"]["complainant.nik"], "A NIK has 16 digits.");
    let res = app.create_via_api(serde_json::json!({"category": "tidak_ada"})).await;
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["fields"]["category"], "Layanan tidak dikenal.");
    assert_eq!(err["error"]["fields"]["resolution_requested"], "Wajib diisi.");
    assert_eq!(app.count().await, 0);
}

#[tokio::test]
async fn malformed_json_oversized_bodies_and_wrong_types_get_clear_4xx() {
    let app = spawn_app().await;
    let post = |body: Vec<u8>, ct: &'static str| {
        app.client.post(app.url("/api/v1/complaints")).header("content-type", ct).body(body).send()
    };
    let res = post(b"{\"title\": ".to_vec(), "application/json").await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "bad_json");

    let mut invalid_utf8 = b"{\"title\": \"".to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe]);
    invalid_utf8.extend_from_slice(b"\"}");
    let res = post(invalid_utf8, "application/json").await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    let huge = format!("{{\"description\": \"{}\"}}", "a".repeat(5 * 1024 * 1024));
    let res = post(huge.into_bytes(), "application/json").await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "too_large");

    let res = post(b"title=x".to_vec(), "application/x-www-form-urlencoded").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let res = post(b"{\"title\": 42}".to_vec(), "application/json").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count().await, 0);
}

#[tokio::test]
async fn a_ticket_with_a_wrong_check_symbol_is_refused() {
    let app = spawn_app().await;
    let created: Value = app.create_via_api(valid_json()).await.json().await.unwrap();
    let ticket = created["ticket"].as_str().unwrap();
    let last = ticket.chars().last().unwrap();
    let typo = format!("{}{}", &ticket[..ticket.len() - 1], if last == '7' { '8' } else { '7' });
    let res = app.get(&format!("/api/v1/track/{typo}")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "invalid_ticket");
    let res = app.get(&format!("/lacak/{typo}")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("Nomor tiket tidak valid"));
    let res = app.get("/api/v1/track/KRB-0000-0000").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/categories",
        "/complaints",
        "/track/{ticket}",
        "/complaints/{ticket}",
        "/complaints/{ticket}/attachments/{id}",
    ] {
        assert!(paths.contains_key(p), "{p}");
    }
    assert!(doc["components"]["schemas"]["ComplaintRequest"].is_object());
    // The store's conflicts and the resource's not-found codes are stated.
    let said = |path: &str, method: &str, status: &str| {
        doc["paths"][path][method]["responses"][status]["description"].as_str().unwrap_or_default().to_string()
    };
    assert!(said("/complaints", "post", "409").contains("ticket_conflict"));
    assert!(said("/complaints/{ticket}", "get", "404").contains("ticket_not_found"));
    assert!(said("/complaints/{ticket}/attachments/{id}", "get", "404").contains("attachment_not_found"));
}

#[tokio::test]
async fn an_unknown_api_path_answers_json() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/tidak-ada").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "not_found");
}

#[tokio::test]
async fn submissions_are_rate_limited_per_client_in_the_callers_language() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 2).await;
    for _ in 0..2 {
        assert_eq!(app.create_via_api(valid_json()).await.status(), StatusCode::CREATED);
    }
    let res = app.create_via_api(valid_json()).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "rate_limited");
    // The form answers with a page; reading pages is never limited.
    assert_eq!(app.get("/pengaduan").await.status(), StatusCode::OK);
    let csrf = app.csrf("/pengaduan").await;
    let res = app.post_form(form_with(&csrf, &valid_fields())).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.text().await.unwrap().contains("Terlalu banyak kiriman"));
    assert_eq!(app.count().await, 2);

    let unlimited = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    for _ in 0..4 {
        assert_eq!(unlimited.create_via_api(valid_json()).await.status(), StatusCode::CREATED);
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    let app = spawn_app_with(|s| {
        s.rate_limit_per_minute = 1;
        s.trust_proxy = true;
    })
    .await;
    let post = |ip: &'static str| {
        app.client.post(app.url("/api/v1/complaints")).header("x-forwarded-for", ip).json(&valid_json()).send()
    };
    assert_eq!(post("10.0.0.1, 203.0.113.7").await.unwrap().status(), StatusCode::CREATED);
    assert_eq!(post("203.0.113.8").await.unwrap().status(), StatusCode::CREATED);
    assert_eq!(post("198.51.100.1, 203.0.113.7").await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
}
