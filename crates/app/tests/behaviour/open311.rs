//! Open311 GeoReport v2 conformance, over both formats: the shapes and names of the
//! specification, its error bodies and codes, and the same data in XML and JSON.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn fetch(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let res = app.get(&format!("/open311/v2/{path}")).await;
    let status = res.status();
    let content_type = res.headers()["content-type"].to_str().unwrap().to_string();
    (status, content_type, res.text().await.unwrap())
}

/// Every text of `<tag>` elements, in order.
fn xml_values(xml: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(&open).skip(1).map(|rest| rest.split(&close).next().unwrap().to_string()).collect()
}

fn xml_ok(xml: &str) {
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"), "{xml:.200}");
}

#[tokio::test]
async fn discovery_and_services_speak_the_specification_in_both_formats() {
    let app = spawn_app().await;

    let (status, ct, body) = fetch(&app, "discovery.json").await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/json; charset=utf-8"));
    let d: Value = serde_json::from_str(&body).unwrap();
    let endpoint = &d["endpoints"][0];
    assert_eq!(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2");
    assert_eq!(endpoint["url"].as_str().unwrap(), format!("{}/open311/v2", app.base));
    assert_eq!(endpoint["formats"], serde_json::json!(["text/xml", "application/json"]));
    assert!(d["contact"].as_str().unwrap().contains("Karangbawang"));
    let (status, ct, xml) = fetch(&app, "discovery.xml").await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "text/xml; charset=utf-8"));
    xml_ok(&xml);
    assert!(xml.contains("<discovery><changeset>"));
    assert_eq!(xml_values(&xml, "url"), [endpoint["url"].as_str().unwrap()]);
    assert_eq!(xml_values(&xml, "format"), ["text/xml", "application/json"]);
    assert_eq!(xml_values(&xml, "changeset")[0], d["changeset"].as_str().unwrap());

    let (status, _, body) = fetch(&app, "services.json").await;
    assert_eq!(status, StatusCode::OK);
    let services: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert!(services.len() >= 5);
    for s in &services {
        assert!(s["service_code"].is_string() && s["service_name"].is_string(), "codes are strings: {s}");
        assert_eq!((s["metadata"].as_bool(), s["type"].as_str()), (Some(false), Some("realtime")));
        assert!(!s["keywords"].as_str().unwrap().is_empty() && !s["group"].as_str().unwrap().is_empty());
    }
    let (_, _, xml) = fetch(&app, "services.xml").await;
    xml_ok(&xml);
    assert!(xml.contains("<services><service><service_code>"));
    let json_codes: Vec<&str> = services.iter().map(|s| s["service_code"].as_str().unwrap()).collect();
    assert_eq!(xml_values(&xml, "service_code"), json_codes, "the same services in both formats");
    let json_groups: Vec<&str> = services.iter().map(|s| s["group"].as_str().unwrap()).collect();
    assert_eq!(xml_values(&xml, "group"), json_groups);
    let (_, _, english) = fetch(&app, "services.json?lang=en").await;
    assert!(english.contains("Administrative services") || english.contains("Simple services"));

    let (status, _, body) = fetch(&app, "services/surat.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        serde_json::json!({"service_code": "surat", "attributes": []})
    );
    let (_, _, xml) = fetch(&app, "services/surat.xml").await;
    xml_ok(&xml);
    assert!(xml.contains("<service_definition><service_code>surat</service_code><attributes/></service_definition>"));
}

#[tokio::test]
async fn errors_are_the_specifications_list_with_the_right_status() {
    let app = spawn_app().await;
    let (status, ct, body) = fetch(&app, "services/tidak-ada.json").await;
    assert_eq!((status, ct.as_str()), (StatusCode::NOT_FOUND, "application/json; charset=utf-8"));
    let errors: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(errors[0]["code"], 404);
    assert!(errors[0]["description"].as_str().unwrap().contains("tidak-ada"));
    let (status, _, xml) = fetch(&app, "services/tidak-ada.xml").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    xml_ok(&xml);
    assert!(xml.contains("<errors><error><code>404</code><description>"));
    let (status, _, body) = fetch(&app, "services.csv").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()[0]["code"], 400);
    let (status, _, xml) = fetch(&app, "nothing.xml").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(xml.contains("<errors>"));
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|r| r["service_request_id"].as_str().unwrap().to_string()).collect()
}

async fn json(app: &TestApp, path: &str) -> Value {
    let (status, _, body) = fetch(app, path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn requests_list_only_what_was_published_and_never_identity() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let complaint = |category: &str, identity: &str, publication: &str| {
        let mut body = valid_json();
        body["category"] = category.into();
        body["identity_mode"] = identity.into();
        body["publication"] = publication.into();
        body
    };
    let (public, _) = file_json(&app, complaint("surat", "biasa", "publik")).await;
    let (secret, _) = file_json(&app, complaint("surat", "rahasia", "publik")).await;
    let (closed_doors, _) = file_json(&app, complaint("surat", "biasa", "tertutup")).await;
    let (answered, _) = file_json(&app, complaint("adminduk", "anonim", "publik")).await;
    let (unverified, _) = file_json(&app, complaint("surat", "biasa", "publik")).await;
    let (withdrawn, pin) = file_json(&app, complaint("surat", "biasa", "publik")).await;
    // Published once verified: the manager assigns them; one is answered, one withdrawn after.
    let (manager, token) = crate::admin::staff_client(&app, "sekdes", &[aduan_domain::Role::Pengelola]).await;
    let manager_id = user_id(&app, "sekdes").await;
    let assign = [("action", "disposisi"), ("from", "diterima"), ("officer", manager_id.as_str())];
    for ticket in [&public, &answered, &withdrawn] {
        staff_step(&manager, &app, &token, ticket, &assign).await;
    }
    let answer = [("action", "resolve"), ("from", "diproses"), ("note", "Dokumen sudah diterbitkan.")];
    staff_step(&manager, &app, &token, &answered, &answer).await;
    let (me, csrf) = citizen(&app, &withdrawn, &pin).await;
    let (status, _, _) =
        post(&me, &app, &format!("/lacak/{withdrawn}/cabut"), &[("csrf", &csrf), ("confirm", "ya")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &withdrawn).await, "dicabut");

    let all = json(&app, "requests.json").await;
    assert_eq!(
        ids(&all),
        [answered.as_str(), public.as_str()],
        "newest first; nothing rahasia, tertutup, unverified or withdrawn"
    );
    let body = serde_json::to_string(&all).unwrap();
    for personal in
        ["Warga API", "3303015203900002", "0000 3333", "6281200003333", "warga.api@contoh.id", "RT 04 RW 01"]
    {
        assert!(!body.contains(personal), "{personal} leaked");
    }
    let first = &all[1];
    assert_eq!(first["status"], "open");
    assert_eq!(first["service_code"], "surat");
    assert!(first["description"].as_str().unwrap().contains("Surat keterangan usaha belum jadi"));
    assert_eq!(first["agency_responsible"], "Desa Karangbawang");
    assert!(
        !first["service_notice"].as_str().unwrap().is_empty() && !first["status_notes"].as_str().unwrap().is_empty()
    );
    for field in ["requested_datetime", "updated_datetime", "expected_datetime"] {
        let t = first[field].as_str().unwrap();
        assert!(t.len() == 25 && t.ends_with("+07:00"), "{field}: {t} carries the offset in whole seconds");
    }
    assert_eq!(all[0]["status"], "closed");
    assert_eq!(all[0]["status_notes"], "Dokumen sudah diterbitkan.", "the village's answer");
    assert_eq!(all[0]["expected_datetime"], "", "no clock runs on a closed case");

    // The same data in XML.
    let (_, _, xml) = fetch(&app, "requests.xml").await;
    xml_ok(&xml);
    assert!(xml.contains("<service_requests><request><service_request_id>"));
    assert_eq!(xml_values(&xml, "service_request_id"), ids(&all));
    assert_eq!(
        xml_values(&xml, "requested_datetime"),
        [all[0]["requested_datetime"].as_str().unwrap(), first["requested_datetime"].as_str().unwrap()]
    );
    assert_eq!(xml_values(&xml, "status"), ["closed", "open"]);

    // Filters; an empty parameter is as if absent.
    assert_eq!(ids(&json(&app, "requests.json?status=open").await), [public.as_str()]);
    assert_eq!(ids(&json(&app, "requests.json?status=closed").await), [answered.as_str()]);
    assert_eq!(ids(&json(&app, "requests.json?service_code=adminduk").await), [answered.as_str()]);
    assert_eq!(ids(&json(&app, "requests.json?service_code=&status=&page=").await).len(), 2);
    assert_eq!(ids(&json(&app, "requests.json?page_size=1").await), [answered.as_str()]);
    assert_eq!(ids(&json(&app, "requests.json?page_size=1&page=2").await), [public.as_str()]);
    assert!(ids(&json(&app, "requests.json?start_date=2099-01-01&end_date=2099-02-01").await).is_empty());
    assert_eq!(ids(&json(&app, "requests.json?start_date=2026-01-01T00:00:00Z").await).len(), 2);
    for bad in ["status=lost", "start_date=kemarin", "start_date=2026-12-01&end_date=2026-11-01", "page=0"] {
        let (status, _, body) = fetch(&app, &format!("requests.json?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()[0]["code"], 400);
    }

    // By ticket: any complaint shows its status, only published ones their details.
    let by_id = json(&app, &format!("requests.json?service_request_id={secret},{public},KRB-0000-0000")).await;
    assert_eq!(ids(&by_id), [secret.as_str(), public.as_str()]);
    assert_eq!(by_id[0]["description"], "");
    assert_eq!(by_id[0]["status"], "open");
    // Before verification, and once withdrawn, a ticket shows its status and dates only.
    for (ticket, status) in [(&unverified, "open"), (&withdrawn, "closed")] {
        let one = json(&app, &format!("requests/{ticket}.json")).await;
        assert_eq!((one[0]["description"].as_str(), one[0]["status"].as_str()), (Some(""), Some(status)), "{ticket}");
        assert!(!one.to_string().contains("Surat keterangan usaha"), "{ticket}: {one}");
        assert!(!one[0]["requested_datetime"].as_str().unwrap().is_empty());
    }
    let one = json(&app, &format!("requests/{closed_doors}.json")).await;
    assert_eq!(ids(&one), [closed_doors.as_str()], "a single request is a one-element list");
    assert_eq!(one[0]["description"], "");
    assert!(one[0]["address"].as_str().unwrap().contains("Balai Desa"), "the office, not the citizen's place");
    let (_, _, xml) = fetch(&app, &format!("requests/{public}.xml")).await;
    assert_eq!(xml_values(&xml, "service_request_id"), [public.as_str()]);
    // A published complaint with a point on the map shows it; others show the village's.
    let village_lat = one[0]["lat"].as_f64();
    let sql = format!("UPDATE complaints SET lat_e6 = -7123456, long_e6 = 109654321 WHERE ticket = '{public}'");
    app.store.tamper_for_tests(leak(sql)).await;
    let located = json(&app, &format!("requests/{public}.json")).await;
    assert_eq!((located[0]["lat"].as_f64(), located[0]["long"].as_f64()), (Some(-7.123456), Some(109.654321)));
    assert_eq!(json(&app, &format!("requests/{closed_doors}.json")).await[0]["lat"].as_f64(), village_lat);
    let (status, _, body) = fetch(&app, "requests/KRB-0000-0000.json").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()[0]["code"], 404);
}

async fn make_key(admin: &reqwest::Client, app: &TestApp, csrf: &str, name: &str, scope: &str) -> String {
    let res = admin
        .post(app.url("/admin/kunci-api"))
        .form(&[("csrf", csrf), ("name", name), ("scope", scope)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let html = res.text().await.unwrap();
    let shown = html.find("id=\"secret\"").expect("the new key, shown once");
    let start = shown + html[shown..].find("<code>aduan_").unwrap() + "<code>".len();
    html[start..start + 46].to_string()
}

async fn submit(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let res = app.client.post(app.url(&format!("/open311/v2/{path}"))).form(form).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

#[tokio::test]
async fn a_311_client_files_with_a_key_limited_to_submitting() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (admin, csrf) = crate::admin::staff_client(&app, "operator", &[aduan_domain::Role::Admin]).await;
    let key = make_key(&admin, &app, &csrf, "Aplikasi 311 Kabupaten", "submit").await;
    let updates_only = make_key(&admin, &app, &csrf, "Portal pembaruan", "update").await;
    let res = admin
        .post(app.url("/admin/kunci-api"))
        .form(&[("csrf", csrf.as_str()), ("name", "Tanpa izin")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!res.text().await.unwrap().contains("id=\"secret\""));

    let report = [
        ("service_code", "surat"),
        ("description", "Lampu penerangan di depan balai desa mati sejak seminggu.\nMohon segera diperbaiki."),
        ("first_name", "Warga"),
        ("last_name", "Tiga Satu Satu"),
        ("attribute[address]", "RT 02 RW 01 Karangbawang"),
        ("email", "warga311@contoh.id"),
        ("phone", "0812 0000 7777"),
        ("lat", "-7.35"),
        ("long", "109.28"),
    ];
    // Refused without a key, with a key that may not submit, and with an unknown one.
    for k in [None, Some(updates_only.as_str()), Some("aduan_0000000000000000000000000000000000000000")] {
        let mut form = report.to_vec();
        if let Some(k) = k {
            form.push(("api_key", k));
        }
        let (status, body) = submit(&app, "requests.json", &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{k:?}");
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()[0]["code"], 403);
    }
    assert_eq!(app.count().await, 0, "nothing stored");

    // Bad fields are the spec's 400 list; nothing is stored.
    let mut no_code = report.to_vec();
    no_code.retain(|(k, _)| *k != "service_code");
    no_code.push(("api_key", key.as_str()));
    assert_eq!(submit(&app, "requests.json", &no_code).await.0, StatusCode::BAD_REQUEST);
    let mut unknown = no_code.clone();
    unknown.push(("service_code", "jalan-tol"));
    let (status, body) = submit(&app, "requests.json", &unknown).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("service_code"), "{body}");
    assert_eq!(app.count().await, 0);

    // Filed: a ticket comes back, the case is there, on the API channel.
    let mut good = report.to_vec();
    good.push(("api_key", key.as_str()));
    let (status, body) = submit(&app, "requests.json", &good).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    let ticket = created[0]["service_request_id"].as_str().unwrap().to_string();
    assert!(created[0]["service_notice"].as_str().unwrap().contains(&format!("/lacak/{ticket}")));
    let case = app.store.case(&aduan_domain::Ticket::parse(&ticket).unwrap()).await.unwrap();
    assert_eq!(case.title, "Lampu penerangan di depan balai desa mati sejak seminggu.");
    assert_eq!(case.channel.as_str(), "api");
    assert_eq!(case.complainant.name.as_deref(), Some("Warga Tiga Satu Satu"));
    assert_eq!(case.location.map(|g| (g.lat(), g.long())), Some((-7.35, 109.28)));
    let (manager, _) = crate::admin::staff_client(&app, "sekdes", &[aduan_domain::Role::Pengelola]).await;
    let staff_view = page(&manager, &app, &format!("/admin/pengaduan/{ticket}")).await;
    assert!(
        staff_view.contains("-7.35, 109.28") && staff_view.contains("openstreetmap.org"),
        "on the staff's case page"
    );
    let mut off_map = good.clone();
    off_map.retain(|(k, _)| *k != "long");
    let (status, body) = submit(&app, "requests.json", &off_map).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("lat"), "{body}");
    let one = json(&app, &format!("requests/{ticket}.json")).await;
    assert_eq!((one[0]["status"].as_str(), one[0]["service_code"].as_str()), (Some("open"), Some("surat")));

    // The key may also come in the query string; XML answers in XML.
    let anonymous =
        [("service_code", "surat"), ("description", "Jalan desa berlubang di RT 03, berbahaya bagi pengendara.")];
    let (status, xml) = submit(&app, &format!("requests.xml?api_key={key}"), &anonymous).await;
    assert_eq!(status, StatusCode::CREATED, "{xml}");
    xml_ok(&xml);
    assert!(xml.contains("<service_requests><request><service_request_id>KRB-"));
    assert_eq!(app.count().await, 2);
    let mut nameless = report.to_vec();
    nameless.retain(|(k, _)| *k != "attribute[address]");
    nameless.push(("api_key", key.as_str()));
    let (status, body) = submit(&app, "requests.json", &nameless).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()[0]["service_request_id"].as_str().unwrap().to_string();
    let case = app.store.case(&aduan_domain::Ticket::parse(&id).unwrap()).await.unwrap();
    assert_eq!(case.identity_mode.as_str(), "anonim", "a name without an address is filed anonymously");
    assert_eq!(case.complainant.name, None);

    // Revoked, the key stops working at once; its use is on record.
    let keys = app.store.api_keys(1).await.unwrap();
    let used = keys.iter().find(|k| k.name == "Aplikasi 311 Kabupaten").unwrap();
    assert!(used.last_used_at.is_some());
    let res = admin
        .post(app.url(&format!("/admin/kunci-api/{}/cabut", used.id)))
        .form(&[("csrf", csrf.as_str()), ("konfirmasi", "ya")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(submit(&app, "requests.json", &good).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.store.audit_actions_for_tests(1, "api_key.revoke").await, 1);
}

#[tokio::test]
async fn updates_flow_both_ways_and_an_update_id_is_taken_once() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (admin, csrf) = crate::admin::staff_client(&app, "operator", &[aduan_domain::Role::Admin]).await;
    let updater = make_key(&admin, &app, &csrf, "FixMyStreet", "update").await;
    let submitter = make_key(&admin, &app, &csrf, "Aplikasi 311", "submit").await;
    let mut public = valid_json();
    public["identity_mode"] = "biasa".into();
    public["publication"] = "publik".into();
    let (ticket, _) = file_json(&app, public).await;
    let (hidden, _) = file_json(&app, valid_json()).await;
    let (manager, mcsrf) = crate::admin::staff_client(&app, "sekdes", &[aduan_domain::Role::Pengelola]).await;
    // Nothing of a complaint before the village has verified it.
    assert!(json(&app, "servicerequestupdates.json").await.as_array().unwrap().is_empty());
    let me = user_id(&app, "sekdes").await;
    for t in [&ticket, &hidden] {
        staff_step(&manager, &app, &mcsrf, t, &[("action", "disposisi"), ("from", "diterima"), ("officer", &me)]).await;
        staff_step(
            &manager,
            &app,
            &mcsrf,
            t,
            &[("action", "request_info"), ("from", "diproses"), ("note", "Mohon kirim foto lokasi.")],
        )
        .await;
    }

    // The village's steps, in the extended statuses, only for published complaints.
    let updates = json(&app, "servicerequestupdates.json").await;
    let mine: Vec<&Value> = updates.as_array().unwrap().iter().collect();
    assert!(mine.iter().all(|u| u["service_request_id"] == ticket.as_str()), "nothing of {hidden}");
    let statuses: Vec<&str> = mine.iter().map(|u| u["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["open", "in_progress", "investigating"]);
    assert_eq!(mine[2]["description"], "Mohon kirim foto lokasi.");
    assert!(mine[2]["updated_datetime"].as_str().unwrap().ends_with("+07:00"));
    let (_, _, xml) = fetch(&app, "servicerequestupdates.xml").await;
    xml_ok(&xml);
    assert!(xml.contains("<service_request_updates><request_update><update_id>"));
    let json_ids: Vec<&str> = mine.iter().map(|u| u["update_id"].as_str().unwrap()).collect();
    assert_eq!(xml_values(&xml, "update_id"), json_ids);
    assert!(
        json(&app, "servicerequestupdates.json?start_date=2099-01-01&end_date=2099-01-02")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );

    // A citizen's update relayed by the client: a reply on the case, once per update_id.
    let form = [
        ("api_key", updater.as_str()),
        ("service_request_id", ticket.as_str()),
        ("update_id", "fms-4711"),
        ("updated_datetime", "2026-12-01T10:00:00+07:00"),
        ("status", "OPEN"),
        ("description", "Foto lokasi sudah saya unggah di aplikasi."),
    ];
    let (status, body) = submit(&app, "servicerequestupdates.json", &form).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()[0]["update_id"], "fms-4711");
    let (status, body) = submit(&app, "servicerequestupdates.json", &form).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a repeated update_id is refused");
    assert!(body.contains("already posted"));
    let t = aduan_domain::Ticket::parse(&ticket).unwrap();
    let case = app.store.case(&t).await.unwrap();
    let relayed = case.messages.iter().filter(|m| m.body.contains("Foto lokasi sudah saya unggah")).count();
    assert_eq!(relayed, 1);
    assert_eq!(case.status.as_str(), "diproses", "the answer to the request for information restarts the clock");
    let mut wrong_key = form.to_vec();
    wrong_key[0] = ("api_key", submitter.as_str());
    wrong_key[2] = ("update_id", "fms-4712");
    assert_eq!(submit(&app, "servicerequestupdates.json", &wrong_key).await.0, StatusCode::FORBIDDEN);
    let mut missing = form.to_vec();
    missing.retain(|(k, _)| *k != "description");
    assert_eq!(submit(&app, "servicerequestupdates.xml", &missing).await.0, StatusCode::BAD_REQUEST);

    // Tokens are the tickets themselves.
    let tokens = json(&app, &format!("tokens/{ticket}.json")).await;
    assert_eq!(tokens[0]["service_request_id"], ticket.as_str());
    assert_eq!(fetch(&app, "tokens/KRB-0000-0000.xml").await.0, StatusCode::NOT_FOUND);
}
