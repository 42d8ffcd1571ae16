//! Notifications through the outbox: delivered to a local SMTP sink and a local fake gateway;
//! with both down and Aduan restarted in between, nothing is lost and nothing is sent twice.

use crate::helpers::*;
use crate::sinks::{FakeGateway, SmtpSink};
use aduan::settings::NotifyArgs;
use aduan::startup::delivery_config;
use aduan_jobs::Courier;
use aduan_store::Store;
use aduan_store::complaint::pin_check::PinOutcome;
use reqwest::StatusCode;
use serde_json::Value;
use time::Duration;

pub(crate) fn courier(store: Store, sink: &SmtpSink, gateway: &FakeGateway) -> Courier {
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
    let now = app.store.clock().now();
    let first = courier(app.store.clone(), &sink, &gateway);
    let r = first.run_once(now).await.unwrap();
    assert_eq!((r.sent, r.retrying, r.failed), (0, 2, 0));
    assert_eq!(app.store.outbox_pending().await.unwrap(), 2);
    let (admin, _) = crate::admin::staff_client(&app, "sekdes", &[aduan_domain::Role::Pengelola]).await;
    let html = admin.get(app.url(&format!("/admin/pengaduan/{wa_ticket}"))).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("Menunggu dikirim") && html.contains("Gateway WhatsApp/SMS menolak pesan ini"),
        "delivery state on the case page"
    );
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
    let r = courier.run_once(app.store.clock().now()).await.unwrap();
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

/// The six digits after "PIN baru … : " in a message.
fn new_pin_in(text: &str) -> String {
    let at = text.find("PIN baru").expect("the PIN reset message");
    let after = text[at..].find(": ").expect("the PIN after the ticket") + 2;
    text[at + after..].chars().take_while(|c| c.is_ascii_digit()).collect()
}

#[tokio::test]
async fn a_lost_pin_is_replaced_by_one_sent_to_the_contact_on_file() {
    let sink = SmtpSink::start().await;
    let gateway = FakeGateway::start().await;
    let app = spawn_app_with(|s| {
        s.rate_limit_per_minute = 0;
        s.notify.gateway_url = Some(gateway.url.clone());
    })
    .await;
    let (ticket, old_pin) = file(&app).await;
    let courier = courier(app.store.clone(), &sink, &gateway);
    courier.run_once(app.store.clock().now()).await.unwrap();
    assert_eq!(gateway.calls().len(), 1, "the receipt notice");
    let (session, _) = crate::helpers::citizen(&app, &ticket, &old_pin).await;

    let visitor = client();
    let html = page(&visitor, &app, &format!("/lacak/{ticket}")).await;
    assert!(html.contains("Lupa PIN?") && html.contains(&format!("/lacak/{ticket}/lupa-pin")));
    let csrf = csrf_in(&html);
    let url = format!("/lacak/{ticket}/lupa-pin");
    let (status, _, body) = post(&visitor, &app, &url, &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("PIN baru akan dikirim") && body.contains("PIN lama tetap berlaku"));
    assert!(!body.contains(&old_pin));
    let (status, _, body) = post(&visitor, &app, &url, &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "once an hour");
    assert!(body.contains("Anda dapat meminta lagi"));
    let (status, _, _) = post(&visitor, &app, &url, &[("csrf", "wrong")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Until the new PIN has been handed to the gateway, the citizen's own PIN and session work.
    let t = aduan_domain::Ticket::parse(&ticket).unwrap();
    let old = aduan_domain::Pin::parse(&old_pin).unwrap();
    assert!(matches!(app.store.check_pin(&t, &old).await.unwrap(), PinOutcome::Granted { version: 1 }));
    assert!(page(&session, &app, &format!("/lacak/{ticket}")).await.contains("Surat keterangan usaha belum jadi"));

    // The new PIN reaches the phone on file; the old one and its session no longer open the case.
    let r = courier.run_once(app.store.clock().now()).await.unwrap();
    assert_eq!(r.sent, 1);
    let calls = gateway.calls();
    let body: Value = serde_json::from_str(&calls[1].body).unwrap();
    assert_eq!(body["phone"], "+6281200003333");
    let text = body["text"].as_str().unwrap();
    let new_pin = new_pin_in(text);
    assert_eq!(new_pin.len(), 6, "{text}");
    assert!(text.contains(&ticket));
    assert_ne!(new_pin, old_pin);
    let new = aduan_domain::Pin::parse(&new_pin).unwrap();
    assert!(matches!(app.store.check_pin(&t, &old).await.unwrap(), PinOutcome::Wrong { .. }));
    assert_eq!(app.store.check_pin(&t, &new).await.unwrap(), PinOutcome::Granted { version: 2 });
    let html = page(&session, &app, &format!("/lacak/{ticket}")).await;
    assert!(!html.contains("Surat keterangan usaha belum jadi"), "the old PIN's session has ended");
    let (manager, _) = crate::admin::staff_client(&app, "sekdes", &[aduan_domain::Role::Pengelola]).await;
    let html = page(&manager, &app, &format!("/admin/pengaduan/{ticket}")).await;
    assert!(html.contains("id=\"deliveries\"") && !html.contains(&new_pin), "staff never see the PIN");
    assert_eq!(app.store.audit_actions_for_tests(1, "complaint.pin_reset").await, 1);

    // Without a contact on file there is nowhere to send a PIN.
    let mut anonymous = valid_json();
    anonymous["identity_mode"] = "anonim".into();
    anonymous["complainant"] = serde_json::json!({});
    let (quiet, _) = file_json(&app, anonymous).await;
    let html = page(&visitor, &app, &format!("/lacak/{quiet}")).await;
    let (status, _, body) =
        post(&visitor, &app, &format!("/lacak/{quiet}/lupa-pin"), &[("csrf", &csrf_in(&html))]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("Datanglah ke kantor desa"));
}
