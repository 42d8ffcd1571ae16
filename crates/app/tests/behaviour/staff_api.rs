//! The integration API under `/api/v1/staff`: a `staff` key works as its user, with exactly that
//! user's roles, per role.

use crate::admin::staff_client;
use crate::helpers::*;
use aduan_domain::Role;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// A `staff` key made in the back office by the user signed in to `client`, who asks for it to
/// work as `user`; the secret shown once.
pub(crate) async fn staff_key(client: &Client, app: &TestApp, csrf: &str, user: &str) -> String {
    let res = client
        .post(app.url("/admin/kunci-api"))
        .form(&[("csrf", csrf), ("name", &format!("Integrasi {user}")), ("scope", "staff"), ("user", user)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let shown = html.find("id=\"secret\"").expect("the new key, shown once");
    let start = shown + html[shown..].find("<code>aduan_").unwrap() + "<code>".len();
    html[start..start + 46].to_string()
}

async fn call(app: &TestApp, key: &str, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    let url = app.url(&format!("/api/v1/staff/{path}"));
    let req = match method {
        "GET" => app.client.get(url),
        _ => app.client.post(url),
    };
    let req = if key.is_empty() { req } else { req.bearer_auth(key) };
    let req = match body {
        Some(b) => req.json(&b),
        None => req,
    };
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_integration_does_what_its_user_may_and_nothing_more() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (admin, csrf) = staff_client(&app, "operator", &[Role::Admin]).await;
    // Each integration account makes its own key: a staff key works as the user who made it.
    let mut keys = Vec::new();
    for (login, role) in
        [("sekdes", Role::Pengelola), ("kaur", Role::Petugas), ("bpd", Role::Pengawas), ("kades", Role::Kades)]
    {
        let (client, token) = staff_client(&app, login, &[Role::Admin, role]).await;
        keys.push(staff_key(&client, &app, &token, "").await);
    }
    let [manager, officer, supervisor, head] = <[String; 4]>::try_from(keys).unwrap();
    let (sekdes_id, kaur_id) = (user_id(&app, "sekdes").await, user_id(&app, "kaur").await);

    // An admin cannot mint a key in another user's name: asked to work as the manager, the key
    // works as the admin, who may not open the queue.
    let minted = staff_key(&admin, &app, &csrf, &sekdes_id).await;
    let (status, _) = call(&app, &minted, "GET", "complaints", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the key is the admin's, not the manager's");

    // A key without the staff scope does not open the staff API.
    let res = admin
        .post(app.url("/admin/kunci-api"))
        .form(&[("csrf", csrf.as_str()), ("name", "Open311"), ("scope", "submit")])
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    let at = html.find("<code>aduan_").unwrap() + "<code>".len();
    let submit_only = html[at..at + 46].to_string();
    for (key, status, code) in [
        ("", StatusCode::UNAUTHORIZED, "token_required"),
        ("aduan_0000000000000000000000000000000000000000", StatusCode::UNAUTHORIZED, "bad_token"),
        (submit_only.as_str(), StatusCode::FORBIDDEN, "token_scope"),
    ] {
        let (got, body) = call(&app, key, "GET", "complaints", None).await;
        assert_eq!((got, body["error"]["code"].as_str()), (status, Some(code)), "{key}");
    }

    let (mine, _) = file(&app).await;
    let mut plain = valid_json();
    plain["identity_mode"] = "biasa".into();
    let (other, _) = file_json(&app, plain).await;

    // The complaint manager: the whole queue, identity masked, verify and assign, reply.
    let (status, queue) = call(&app, &manager, "GET", "complaints?status=diterima&limit=1", None).await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    assert_eq!(queue["items"].as_array().unwrap().len(), 1);
    let next = queue["next"].as_str().expect("a second page");
    let (_, page2) =
        call(&app, &manager, "GET", &format!("complaints?status=diterima&limit=1&cursor={next}"), None).await;
    assert_eq!(page2["items"].as_array().unwrap().len(), 1);
    assert_ne!(page2["items"][0]["ticket"], queue["items"][0]["ticket"]);
    for bad in ["status=terbang", "limit=0", "limit=1000", "overdue=kadang", "cursor=xyz", "channel=merpati"] {
        let (status, body) = call(&app, &manager, "GET", &format!("complaints?{bad}"), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
    }
    let (status, case) = call(&app, &manager, "GET", &format!("complaints/{mine}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let phone = case["complainant"]["phone"].as_str().unwrap();
    assert!(phone.contains('*') && !phone.contains("00003333"), "masked: {phone}");
    assert_eq!(case["complainant"]["name"], "Warga API");
    let (status, officers) = call(&app, &manager, "GET", "officers", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(officers.as_array().unwrap().iter().any(|o| o["id"].as_i64() == kaur_id.parse().ok()));
    let assign = json!({"action": "disposisi", "from": "diterima", "officer_id": kaur_id.parse::<i64>().unwrap()});
    let (status, body) = call(&app, &manager, "POST", &format!("complaints/{mine}/steps"), Some(assign.clone())).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("diproses")), "{body}");
    let (status, body) = call(&app, &manager, "POST", &format!("complaints/{mine}/steps"), Some(assign)).await;
    assert_eq!(status, StatusCode::CONFLICT, "the case moved on: {body}");
    let (status, body) = call(
        &app,
        &manager,
        "POST",
        &format!("complaints/{other}/steps"),
        Some(json!({"action": "disposisi", "from": "diterima"})),
    )
    .await;
    assert_eq!(
        (status, body["error"]["fields"]["reason"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("needs_officer"))
    );
    let (status, _) = call(
        &app,
        &manager,
        "POST",
        &format!("complaints/{mine}/steps"),
        Some(json!({"action": "terbang", "from": "diproses"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let note = json!({"visibility": "internal", "body": "Dicek ke lokasi besok."});
    let (status, _) = call(&app, &manager, "POST", &format!("complaints/{mine}/messages"), Some(note)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = call(
        &app,
        &manager,
        "POST",
        &format!("complaints/{mine}/messages"),
        Some(json!({"visibility": "rahasia", "body": ""})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["body"].is_string() && body["error"]["fields"]["visibility"].is_string());

    // The officer: only the case assigned to them; resolving needs the answer.
    let (_, queue) = call(&app, &officer, "GET", "complaints", None).await;
    let tickets: Vec<&str> = queue["items"].as_array().unwrap().iter().map(|i| i["ticket"].as_str().unwrap()).collect();
    assert_eq!(tickets, [mine.as_str()]);
    let (status, _) = call(&app, &officer, "GET", &format!("complaints/{other}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &app,
        &officer,
        "POST",
        &format!("complaints/{other}/messages"),
        Some(json!({"visibility": "public", "body": "x"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let resolve = |note: &str| json!({"action": "resolve", "from": "diproses", "note": note});
    let (status, _) = call(&app, &officer, "POST", &format!("complaints/{mine}/steps"), Some(resolve(""))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) =
        call(&app, &officer, "POST", &format!("complaints/{mine}/steps"), Some(resolve("Jalan sudah ditambal."))).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("selesai")), "{body}");
    let (_, case) = call(&app, &officer, "GET", &format!("complaints/{mine}"), None).await;
    assert!(
        case["messages"].as_array().unwrap().iter().all(|m| m["body"] != "Dicek ke lokasi besok."),
        "notes stay internal"
    );

    // The supervisor reads, never an identity, and takes no step.
    let (status, case) = call(&app, &supervisor, "GET", &format!("complaints/{other}"), None).await;
    assert_eq!(status, StatusCode::OK);
    for field in ["name", "address", "nik", "phone", "email"] {
        assert!(case["complainant"][field].is_null(), "{field}: {case}");
    }
    assert!(!case.to_string().contains("Warga API") && !case.to_string().contains("warga.api@"));
    let (status, _) = call(
        &app,
        &supervisor,
        "POST",
        &format!("complaints/{other}/steps"),
        Some(json!({"action": "disposisi", "from": "diterima"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &app,
        &supervisor,
        "POST",
        &format!("complaints/{other}/messages"),
        Some(json!({"visibility": "public", "body": "x"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(&app, &supervisor, "GET", "officers", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The village head sees an ordinary identity masked, a protected one not at all, and may not verify.
    let (_, case) = call(&app, &head, "GET", &format!("complaints/{other}"), None).await;
    assert!(case["complainant"]["phone"].as_str().unwrap().contains('*'), "{case}");
    let (_, case) = call(&app, &head, "GET", &format!("complaints/{mine}"), None).await;
    assert!(case["complainant"]["phone"].is_null() && case["complainant"]["name"].is_null(), "rahasia: {case}");
    let (status, _) = call(
        &app,
        &head,
        "POST",
        &format!("complaints/{other}/steps"),
        Some(json!({"action": "disposisi", "from": "diterima", "officer_id": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // A disabled user's key stops working at once; so does a revoked key.
    let form = [("csrf", csrf.as_str()), ("disabled", "1"), ("konfirmasi", "ya")];
    let res = admin.post(app.url(&format!("/admin/pengguna/{kaur_id}/status"))).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (status, _) = call(&app, &officer, "GET", "complaints", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let keys = app.store.api_keys(1).await.unwrap();
    let key = keys.iter().find(|k| manager.starts_with(&k.prefix)).unwrap();
    let res = admin
        .post(app.url(&format!("/admin/kunci-api/{}/cabut", key.id)))
        .form(&[("csrf", csrf.as_str()), ("konfirmasi", "ya")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (status, _) = call(&app, &manager, "GET", "complaints", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // All of it is in the OpenAPI document, with its key scheme.
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for path in [
        "/staff/complaints",
        "/staff/complaints/{ticket}",
        "/staff/complaints/{ticket}/steps",
        "/staff/complaints/{ticket}/messages",
        "/staff/officers",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    assert_eq!(doc["components"]["securitySchemes"]["staff_key"]["scheme"], "bearer");
}
