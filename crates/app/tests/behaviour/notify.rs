//! Notifications through the outbox: delivered to a local SMTP sink and a local fake gateway;
//! with both down and Aduan restarted in between, nothing is lost and nothing is sent twice.

use crate::helpers::*;
use crate::sinks::{FakeGateway, SmtpSink};
use aduan::settings::NotifyArgs;
use aduan::startup::delivery_config;
use aduan_jobs::Courier;
use aduan_store::Store;
use reqwest::StatusCode;
use serde_json::Value;
use time::{Duration, OffsetDateTime};

fn courier(store: Store, sink: &SmtpSink, gateway: &FakeGateway) -> Courier {
    let serve = aduan::settings::ServeArgs {
        public_url: Some("https://desa.example".into()),
        rate_limit_per_minute: 0,
        notify: NotifyArgs {
            smtp_url: Some(aduan::settings::Secret(sink.url())),
            mail_from: "Pemerintah Desa Contoh <pengaduan@desa.example>".into(),
            gateway_url: Some(gateway.url.clone()),
            gateway_headers: vec!["Authorization: Bearer token-uji".into()],
            gateway_body: r#"{"phone": {{ to|tojson }}, "text": {{ message|tojson }}}"#.into(),
            ..NotifyArgs::default()
        },
        ..aduan::settings::ServeArgs::on("127.0.0.1:8080".parse().unwrap())
    };
    serve.validate().unwrap();
    Courier::new(store, delivery_config(&serve, serve.addr).unwrap()).unwrap()
}

#[tokio::test]
async fn messages_survive_an_outage_and_a_restart_and_go_out_exactly_once() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let sink = SmtpSink::start().await;
    let gateway = FakeGateway::start().await;
    sink.set_down(true);
    gateway.set_down(true);

    let mut by_mail = valid_json();
    by_mail["complainant"]["preferred_contact"] = "email".into();
    let mail_case: Value = app.create_via_api(by_mail).await.json().await.unwrap();
    let wa_case: Value = app.create_via_api(valid_json()).await.json().await.unwrap();
    let (mail_ticket, wa_ticket) = (mail_case["ticket"].as_str().unwrap(), wa_case["ticket"].as_str().unwrap());
    let pins = [mail_case["pin"].as_str().unwrap(), wa_case["pin"].as_str().unwrap()];
    assert_eq!(app.store.outbox_pending().await.unwrap(), 2, "both complaints queue their receipt notice");

    // Both ways out are down: the messages wait, with the reason shown.
    let now = OffsetDateTime::now_utc();
    let first = courier(app.store.clone(), &sink, &gateway);
    let r = first.run_once(now).await.unwrap();
    assert_eq!((r.sent, r.retrying, r.failed), (0, 2, 0));
    assert_eq!(app.store.outbox_pending().await.unwrap(), 2);
    let (admin, _) = crate::admin::staff_client(&app, "sekdes", &[aduan_domain::Role::Pengelola]).await;
    let html = admin.get(app.url(&format!("/admin/pengaduan/{wa_ticket}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Menunggu dikirim") && html.contains("503"), "delivery state on the case page");
    drop(first);

    // Aduan restarts; the mail server and the gateway come back.
    let (_, store) = app.restarted().await;
    sink.set_down(false);
    gateway.set_down(false);
    let second = courier(store.clone(), &sink, &gateway);
    assert_eq!(second.run_once(now).await.unwrap(), Default::default(), "not before the back-off");
    let r = second.run_once(now + Duration::minutes(1)).await.unwrap();
    assert_eq!((r.sent, r.retrying, r.failed), (2, 0, 0));
    assert_eq!(second.run_once(now + Duration::hours(2)).await.unwrap(), Default::default());
    assert_eq!(store.outbox_pending().await.unwrap(), 0);

    let mails = sink.mails();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].to, ["<warga.api@contoh.id>"]);
    assert!(mails[0].from.contains("pengaduan@desa.example"));
    assert!(
        mails[0].data.contains(mail_ticket)
            && mails[0].data.contains(&format!("https://desa.example/lacak/{mail_ticket}"))
    );
    assert!(mails[0].data.contains("Message-ID: <aduan-outbox-"));

    let calls = gateway.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].headers["authorization"], "Bearer token-uji");
    assert_eq!(calls[0].headers["content-type"], "application/json");
    assert!(calls[0].headers["idempotency-key"].to_str().unwrap().starts_with("aduan-outbox-"));
    let body: Value = serde_json::from_str(&calls[0].body).unwrap();
    assert_eq!(body["phone"], "+6281200003333");
    let text = body["text"].as_str().unwrap();
    assert!(text.contains(wa_ticket) && text.contains(&format!("https://desa.example/lacak/{wa_ticket}")), "{text}");
    assert!(text.chars().count() <= 320);
    for pin in pins {
        assert!(!mails[0].data.contains(pin) && !calls[0].body.contains(pin), "never the PIN after the receipt");
    }

    let res = admin.get(app.url(&format!("/admin/pengaduan/{wa_ticket}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Terkirim"));
}

#[tokio::test]
async fn every_status_the_citizen_should_know_about_is_sent_and_staff_get_mail() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let sink = SmtpSink::start().await;
    let gateway = FakeGateway::start().await;
    let (manager, csrf) = crate::admin::staff_client(&app, "sekdes", &[aduan_domain::Role::Pengelola]).await;
    app.store.tamper_for_tests("UPDATE users SET email = 'sekdes@desa.example' WHERE username = 'sekdes'").await;
    let created: Value = app.create_via_api(valid_json()).await.json().await.unwrap();
    let ticket = created["ticket"].as_str().unwrap();
    let step = |fields: Vec<(&'static str, String)>| {
        let mut form = vec![("csrf", csrf.clone())];
        form.extend(fields);
        manager.post(app.url(&format!("/admin/pengaduan/{ticket}/langkah"))).form(&form).send()
    };
    let res =
        step(vec![("action", "request_info".into()), ("from", "diterima".into()), ("note", "Lengkapi alamat.".into())])
            .await
            .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = step(vec![
        ("action", "refer".into()),
        ("from", "perlu_info".into()),
        ("agency", "Dinas PUPR Kabupaten".into()),
        ("agency_contact", "Telepon kantor dinas".into()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let courier = courier(app.store.clone(), &sink, &gateway);
    let r = courier.run_once(OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!(r.sent, 4, "{r:?}");
    let texts: Vec<String> = gateway.calls().into_iter().map(|c| c.body).collect();
    assert_eq!(texts.len(), 3);
    assert!(texts[0].contains("sudah diterima"));
    assert!(texts[1].contains("keterangan tambahan"));
    assert!(texts[2].contains("bukan wewenang desa"));
    let mails = sink.mails();
    assert_eq!(mails.len(), 1, "the manager has an address: the new complaint is mailed");
    assert_eq!(mails[0].to, ["<sekdes@desa.example>"]);
    assert!(mails[0].data.contains(&format!("https://desa.example/admin/pengaduan/{ticket}")));
}
