//! What the public reads of a `publik` complaint: its status and dates only until the village has
//! verified it, nothing once it is rejected or withdrawn, the village's resolution as its answer,
//! and the version a pengelola redacted or withdrew — the citizen's own text kept in the case.

use crate::admin::staff_client;
use crate::helpers::*;
use aduan_domain::{Role, Ticket};
use reqwest::StatusCode;
use serde_json::Value;

async fn requests(app: &TestApp) -> Value {
    app.get("/open311/v2/requests.json").await.json().await.unwrap()
}

async fn one(app: &TestApp, ticket: &str) -> Value {
    app.get(&format!("/open311/v2/requests/{ticket}.json")).await.json::<Value>().await.unwrap()[0].clone()
}

fn listed(list: &Value, ticket: &str) -> bool {
    list.as_array().unwrap().iter().any(|r| r["service_request_id"] == ticket)
}

async fn publication(
    c: &reqwest::Client,
    app: &TestApp,
    csrf: &str,
    ticket: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut form = vec![("csrf", csrf)];
    form.extend_from_slice(fields);
    let (status, _, body) = post(c, app, &format!("/admin/pengaduan/{ticket}/publikasi"), &form).await;
    (status, body)
}

#[tokio::test]
async fn only_verified_text_is_published_and_the_office_redacts_or_withdraws_it() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let mut body = valid_json();
    body["identity_mode"] = "biasa".into();
    body["publication"] = "publik".into();
    body["title"] = "Lampu jalan RT 03 mati".into();
    body["description"] = "Lampu jalan di depan rumah Pak Contoh mati sejak sepekan, petugasnya malas.".into();
    let (ticket, pin) = file_json(&app, body.clone()).await;
    body["title"] = "Aduan berisi makian".into();
    let (abusive, _) = file_json(&app, body.clone()).await;
    let mut closed = valid_json();
    closed["identity_mode"] = "biasa".into();
    let (tertutup, _) = file_json(&app, closed).await;

    // Unverified: in no list, by ticket its status and dates only.
    let info = app.get("/pengaduan/informasi").await.text().await.unwrap();
    assert!(!info.contains("Lampu jalan RT 03 mati") && !listed(&requests(&app).await, &ticket));
    let early = one(&app, &ticket).await;
    assert_eq!((early["description"].as_str(), early["status"].as_str()), (Some(""), Some("open")));

    // Rejected as abusive: never published. Verified: published with the citizen's text.
    let (manager, csrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let me = user_id(&app, "sekdes").await;
    staff_step(&manager, &app, &csrf, &abusive, &[("action", "reject"), ("from", "diterima"), ("reason", "kasar")])
        .await;
    staff_step(&manager, &app, &csrf, &ticket, &[("action", "disposisi"), ("from", "diterima"), ("officer", &me)])
        .await;
    let list = requests(&app).await;
    assert!(listed(&list, &ticket) && !listed(&list, &abusive) && !listed(&list, &tertutup));
    assert!(one(&app, &ticket).await["description"].as_str().unwrap().contains("Pak Contoh"));
    let answer = "Lampu sudah diganti oleh petugas desa.";
    staff_step(&manager, &app, &csrf, &ticket, &[("action", "resolve"), ("from", "diproses"), ("note", answer)]).await;
    assert_eq!(one(&app, &ticket).await["status_notes"], answer, "the village's answer");
    let info = app.get("/pengaduan/informasi").await.text().await.unwrap();
    assert!(info.contains("Lampu jalan RT 03 mati") && info.contains(answer));

    // The manager publishes a redacted version; the citizen's text stays in the case.
    let case = page(&manager, &app, &format!("/admin/pengaduan/{ticket}")).await;
    assert!(case.contains("id=\"publikasi\"") && case.contains("sedang dipublikasikan"));
    let (status, html) =
        publication(&manager, &app, &csrf, &ticket, &[("action", "edit"), ("title", " "), ("description", "x")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Judul publik wajib diisi"));
    let redacted = "Lampu jalan di depan rumah warga mati sejak sepekan.";
    let (status, html) = publication(
        &manager,
        &app,
        &csrf,
        &ticket,
        &[("action", "edit"), ("title", "Lampu jalan RT 03 mati"), ("description", redacted)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{}", &html[..html.len().min(400)]);
    assert!(html.contains("Versi publik disimpan"));
    let shown = one(&app, &ticket).await;
    let text = shown["description"].as_str().unwrap();
    assert!(text.contains(redacted) && !text.contains("Pak Contoh") && !text.contains("malas"), "{text}");
    let info = app.get("/pengaduan/informasi").await.text().await.unwrap();
    assert!(!info.contains("Pak Contoh"));
    let kept = app.store.case(&Ticket::parse(&ticket).unwrap()).await.unwrap();
    assert!(kept.description.contains("Pak Contoh"), "the original stays in the case");
    let (track, _) = citizen(&app, &ticket, &pin).await;
    assert!(page(&track, &app, &format!("/lacak/{ticket}")).await.contains("Pak Contoh"));
    assert_eq!(app.store.audit_actions_for_tests(1, "complaint.public_edit").await, 1);

    // Withdrawn (with a reason), then published again.
    let (status, _) = publication(&manager, &app, &csrf, &ticket, &[("action", "withdraw"), ("reason", " ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let reason = [("action", "withdraw"), ("reason", "Warga meminta tidak ditampilkan")];
    let (status, html) = publication(&manager, &app, &csrf, &ticket, &reason).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Publikasi ditarik") && html.contains("telah ditarik oleh kantor desa"));
    assert!(!listed(&requests(&app).await, &ticket));
    assert_eq!(one(&app, &ticket).await["description"], "");
    assert!(!app.get("/pengaduan/informasi").await.text().await.unwrap().contains("Lampu jalan RT 03 mati"));
    let updates: Value = app.get("/open311/v2/servicerequestupdates.json").await.json().await.unwrap_or(Value::Null);
    assert!(!updates.to_string().contains(&ticket), "nor its updates: {updates}");
    let (status, _) = publication(&manager, &app, &csrf, &ticket, &[("action", "restore")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(listed(&requests(&app).await, &ticket));
    assert_eq!(app.store.audit_actions_for_tests(1, "complaint.public_withdraw").await, 1);
    assert_eq!(app.store.audit_actions_for_tests(1, "complaint.public_restore").await, 1);

    // Only for complaints the citizen chose to publish, and only for a pengelola.
    let (status, _) = publication(&manager, &app, &csrf, &tertutup, &[("action", "withdraw"), ("reason", "x")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(!page(&manager, &app, &format!("/admin/pengaduan/{tertutup}")).await.contains("id=\"publikasi\""));
    let (officer, ocsrf) = staff_client(&app, "kaur", &[Role::Petugas]).await;
    let (status, _) = publication(&officer, &app, &ocsrf, &ticket, &[("action", "withdraw"), ("reason", "x")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
