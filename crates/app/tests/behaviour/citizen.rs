//! Steps 7–10 from the citizen's side, through HTTP: reply to a request for information (the
//! clock resumes), ask for the status, rate, object, the Kepala Desa's decision, withdraw; and the
//! deemed-withdrawn and auto-close jobs on a controlled clock.

use crate::admin::{sign_in_again, staff_client};
use crate::helpers::*;
use aduan_domain::{Role, Ticket, sla};
use reqwest::StatusCode;
use time::Duration;

#[tokio::test]
async fn from_complaint_to_rating_to_objection_and_the_village_heads_decision() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (ticket, pin) = file(&app).await;
    let t = Ticket::parse(&ticket).unwrap();
    let (manager, mcsrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let (officer, _) = staff_client(&app, "kaur.pem", &[Role::Petugas]).await;
    let (head, _) = staff_client(&app, "kades", &[Role::Kades]).await;
    let officer_id = user_id(&app, "kaur.pem").await;
    let (me, _) = citizen(&app, &ticket, &pin).await;
    let case_url = format!("/lacak/{ticket}");

    // The village asks for more information: the clock pauses.
    staff_step(
        &manager,
        &app,
        &mcsrf,
        &ticket,
        &[("action", "request_info"), ("from", "diterima"), ("note", "Mohon lampirkan foto tanda terima berkas.")],
    )
    .await;
    let html = page(&me, &app, &case_url).await;
    assert!(html.contains("Desa memerlukan keterangan tambahan") && html.contains("Mohon lampirkan foto tanda terima"));
    // A week passes before the citizen answers (at least four working days in any week of the
    // calendar); every session has ended by then.
    let due_before = app.store.case(&t).await.unwrap().verification_due.unwrap();
    let paused = app.store.citizen_side(app.store.case(&t).await.unwrap().id).await.unwrap().info_asked_at.unwrap();
    app.store.clock().advance(Duration::days(7));
    let (me, csrf) = citizen(&app, &ticket, &pin).await;
    let mcsrf = sign_in_again(&app, &manager, "sekdes").await;
    let ocsrf = sign_in_again(&app, &officer, "kaur.pem").await;
    let hcsrf = sign_in_again(&app, &head, "kades").await;

    // An empty reply is refused and changes nothing.
    let (status, _, body) = post(&me, &app, &format!("{case_url}/balas"), &[("csrf", &csrf), ("message", "  ")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a url-encoded body is not the multipart form: {body:.200}");
    let form = reqwest::multipart::Form::new().text("csrf", csrf.clone()).text("message", "   ");
    let res = me.post(app.url(&format!("{case_url}/balas"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Tulis pesan Anda terlebih dahulu"));
    assert_eq!(status_of(&app, &ticket).await, "perlu_info");

    // The citizen replies with a photo: back to verification, the deadline moved by the pause.
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("message", "Berikut foto tanda terima berkas dari kantor desa.");
    let form = with_file(form, "tanda-terima.jpg", jpeg_with_gps(), "image/jpeg");
    let res = me.post(app.url(&format!("{case_url}/balas"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], format!("{case_url}?ok=replied#balas"));
    assert_eq!(status_of(&app, &ticket).await, "diterima");
    let calendar = app.store.working_calendar(1).await.unwrap();
    let expected = sla::resume(&calendar, due_before, paused, app.store.clock().now(), sla::WIB);
    assert!(expected > due_before);
    assert_eq!(app.store.case(&t).await.unwrap().verification_due, Some(expected));
    let html = page(&me, &app, &format!("{case_url}?ok=replied")).await;
    assert!(html.contains("Pesan Anda sudah terkirim") && html.contains("tanda-terima.jpg"));
    let staff_view = page(&manager, &app, &format!("/admin/pengaduan/{ticket}")).await;
    assert!(staff_view.contains("Berikut foto tanda terima") && staff_view.contains("tanda-terima.jpg"));
    assert!(page(&manager, &app, "/admin").await.contains("Warga membalas"));

    // Asking for the status: logged, the manager is told, once a day.
    let (status, location, _) = post(&me, &app, &format!("{case_url}/tanya-status"), &[("csrf", &csrf)]).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, format!("{case_url}?ok=asked#tanya-status").as_str())
    );
    let (status, _, body) = post(&me, &app, &format!("{case_url}/tanya-status"), &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("sudah menanyakan status hari ini"));
    assert!(page(&me, &app, &case_url).await.contains("Anda menanyakan status"));
    assert!(page(&manager, &app, "/admin").await.contains("Warga menanyakan status"));

    // Handled and answered.
    staff_step(
        &manager,
        &app,
        &mcsrf,
        &ticket,
        &[("action", "disposisi"), ("from", "diterima"), ("officer", &officer_id)],
    )
    .await;
    staff_step(
        &officer,
        &app,
        &ocsrf,
        &ticket,
        &[("action", "resolve"), ("from", "diproses"), ("note", "Surat sudah jadi dan dapat diambil.")],
    )
    .await;
    let html = page(&me, &app, &case_url).await;
    assert!(html.contains("Seberapa puas Anda") && html.contains("name=\"rating\""));

    // Opening a link never rates; an objection needs a low rating first.
    assert_eq!(
        me.get(app.url(&format!("{case_url}/nilai?rating=1"))).send().await.unwrap().status(),
        StatusCode::METHOD_NOT_ALLOWED
    );
    let (status, _, body) =
        post(&me, &app, &format!("{case_url}/keberatan"), &[("csrf", &csrf), ("reason", "Belum selesai")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("setelah memberi penilaian 1 atau 2"));
    let (status, _, _) = post(&me, &app, &format!("{case_url}/nilai"), &[("csrf", &csrf), ("rating", "5")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _, _) = post(&me, &app, &format!("{case_url}/nilai"), &[("csrf", "wrong"), ("rating", "2")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A rating of 2 offers the objection.
    let (status, _, _) = post(
        &me,
        &app,
        &format!("{case_url}/nilai"),
        &[("csrf", &csrf), ("rating", "2"), ("comment", "Suratnya salah nama.")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = post(&me, &app, &format!("{case_url}/nilai"), &[("csrf", &csrf), ("rating", "4")]).await;
    assert_eq!(status, StatusCode::CONFLICT, "one rating per answer");
    let html = page(&me, &app, &case_url).await;
    assert!(html.contains("2 — Kurang puas") && html.contains("Ajukan keberatan"));
    let (status, _, _) = post(
        &me,
        &app,
        &format!("{case_url}/keberatan"),
        &[("csrf", &csrf), ("reason", "Nama di surat salah eja dan belum diperbaiki.")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &ticket).await, "keberatan");
    let side = app.store.citizen_side(app.store.case(&t).await.unwrap().id).await.unwrap();
    let decide_by = side.objection_due.expect("the objection's deadline is stored");
    let cal_due = sla::deadline(&calendar, app.store.clock().now(), 10, sla::WIB);
    assert_eq!(decide_by, cal_due, "10 working days");
    assert!(page(&me, &app, &case_url).await.contains("sedang diperiksa Kepala Desa"));
    assert!(page(&head, &app, "/admin").await.contains("Keberatan menunggu keputusan"));
    let head_view = page(&head, &app, &format!("/admin/pengaduan/{ticket}")).await;
    assert!(head_view.contains("Nama di surat salah eja") && head_view.contains("value=\"uphold_objection\""));

    // The Kepala Desa upholds it: back to handling with a fresh resolution clock.
    staff_step(
        &head,
        &app,
        &hcsrf,
        &ticket,
        &[("action", "uphold_objection"), ("from", "keberatan"), ("note", "Perbaiki nama pada surat.")],
    )
    .await;
    assert_eq!(status_of(&app, &ticket).await, "diproses");
    assert!(app.store.case(&t).await.unwrap().resolution_due.unwrap() > app.store.clock().now());
    staff_step(
        &officer,
        &app,
        &ocsrf,
        &ticket,
        &[("action", "resolve"), ("from", "diproses"), ("note", "Nama sudah diperbaiki.")],
    )
    .await;

    // The new answer may be rated again; a second objection is dismissed with reasons.
    let (status, _, _) = post(&me, &app, &format!("{case_url}/nilai"), &[("csrf", &csrf), ("rating", "1")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) =
        post(&me, &app, &format!("{case_url}/keberatan"), &[("csrf", &csrf), ("reason", "Masih salah.")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    staff_step(
        &head,
        &app,
        &hcsrf,
        &ticket,
        &[("action", "dismiss_objection"), ("from", "keberatan"), ("note", "Nama sudah sesuai KTP.")],
    )
    .await;
    assert_eq!(status_of(&app, &ticket).await, "ditutup");
    let html = page(&me, &app, &case_url).await;
    assert!(
        html.contains("Nama sudah sesuai KTP") && html.contains("Jika Anda belum puas") && html.contains("Ombudsman")
    );
    assert!(!html.contains("name=\"message\""), "a closed case takes no replies");
    let side = app.store.citizen_side(app.store.case(&t).await.unwrap().id).await.unwrap();
    assert!(side.objection_dismissed);

    // Step 9: the dismissed objection entitles the citizen to escalate.
    crate::escalation::escalate_after_a_dismissed_objection(&app, &me, &csrf, &ticket).await;

    // Every step of the citizen is in the audit chain.
    for action in [
        "complaint.citizen_reply",
        "complaint.status_request",
        "complaint.rate",
        "complaint.object",
        "complaint.escalate",
    ] {
        assert!(app.store.audit_actions_for_tests(1, action).await >= 1, "{action}");
    }
    assert!(matches!(
        app.store.verify_audit_chain(1).await.unwrap(),
        aduan_store::platform::audit::ChainCheck::Intact { .. }
    ));
}

#[tokio::test]
async fn the_citizen_withdraws_after_confirming_and_only_with_the_pin() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (ticket, pin) = file(&app).await;
    let (manager, _) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let url = format!("/lacak/{ticket}/cabut");

    // Without the PIN: refused.
    let stranger = client();
    let csrf = csrf_in(&stranger.get(app.url("/lacak")).send().await.unwrap().text().await.unwrap());
    let (status, _, _) = post(&stranger, &app, &url, &[("csrf", &csrf), ("confirm", "ya")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (me, csrf) = citizen(&app, &ticket, &pin).await;
    let (status, _, body) = post(&me, &app, &url, &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Centang kotak konfirmasi"));
    assert_eq!(status_of(&app, &ticket).await, "diterima");
    let (status, _, _) =
        post(&me, &app, &url, &[("csrf", &csrf), ("confirm", "ya"), ("reason", "Sudah selesai sendiri.")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &ticket).await, "dicabut");
    assert!(page(&manager, &app, "/admin").await.contains("Dicabut oleh warga"));
    // Twice is not possible.
    let (status, _, body) = post(&me, &app, &url, &[("csrf", &csrf), ("confirm", "ya")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("tidak dapat dilakukan pada status"));
}

#[tokio::test]
async fn unanswered_requests_lapse_and_unopposed_answers_close_on_their_own() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (manager, mcsrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let manager_id = user_id(&app, "sekdes").await;
    let (asked, _) = file(&app).await;
    let (answered, _) = file(&app).await;
    staff_step(
        &manager,
        &app,
        &mcsrf,
        &asked,
        &[("action", "request_info"), ("from", "diterima"), ("note", "Sebutkan alamat lengkap.")],
    )
    .await;
    staff_step(
        &manager,
        &app,
        &mcsrf,
        &answered,
        &[("action", "disposisi"), ("from", "diterima"), ("officer", &manager_id)],
    )
    .await;
    staff_step(
        &manager,
        &app,
        &mcsrf,
        &answered,
        &[("action", "resolve"), ("from", "diproses"), ("note", "Sudah diperbaiki.")],
    )
    .await;

    let windows = aduan_store::complaint::lapse::Windows::default();
    let clock = app.store.clock();
    let sweep = || app.store.lapse_sweep(clock.now(), windows);
    assert_eq!(sweep().await.unwrap(), Default::default());

    // 15 days after the answer: closed, nobody objected.
    clock.advance(Duration::days(15));
    let r = sweep().await.unwrap();
    assert_eq!((r.reminded, r.withdrawn, r.closed), (0, 0, 1));
    // 24 days after the request: a reminder, once.
    clock.advance(Duration::days(9));
    let r = sweep().await.unwrap();
    assert_eq!((r.reminded, r.withdrawn, r.closed), (1, 0, 0));
    assert_eq!(sweep().await.unwrap(), Default::default(), "idempotent");
    // 31 days after the request: deemed withdrawn.
    clock.advance(Duration::days(7));
    let r = sweep().await.unwrap();
    assert_eq!((r.reminded, r.withdrawn, r.closed), (0, 1, 0));
    clock.advance(Duration::days(9));
    assert_eq!(sweep().await.unwrap(), Default::default(), "idempotent");
    assert_eq!(status_of(&app, &asked).await, "dicabut");
    assert_eq!(status_of(&app, &answered).await, "ditutup");

    // The citizen is told each time (their preferred contact is WhatsApp).
    let id = app.store.case(&Ticket::parse(&asked).unwrap()).await.unwrap().id;
    let events: Vec<String> = app.store.deliveries(id).await.unwrap().into_iter().map(|d| d.event).collect();
    assert_eq!(
        events,
        ["citizen.received", "citizen.info_requested", "citizen.info_reminder", "citizen.deemed_withdrawn"]
    );
    let html = page(&client(), &app, &format!("/lacak/{asked}")).await;
    assert!(html.contains("Dicabut"));
    let counts = app.store.status_counts(1).await.unwrap();
    assert_eq!(
        (counts.get("dicabut"), counts.get("ditutup"), counts.get("perlu_info")),
        (Some(&1), Some(&1), Some(&0))
    );
}

#[tokio::test]
async fn the_citizen_accepts_the_answer_and_the_case_closes() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (ticket, pin) = file(&app).await;
    let (manager, mcsrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let manager_id = user_id(&app, "sekdes").await;
    let (me, csrf) = citizen(&app, &ticket, &pin).await;
    let url = format!("/lacak/{ticket}/terima");
    let (status, _, _) = post(&me, &app, &url, &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::CONFLICT, "nothing to accept before an answer");
    staff_step(
        &manager,
        &app,
        &mcsrf,
        &ticket,
        &[("action", "disposisi"), ("from", "diterima"), ("officer", &manager_id)],
    )
    .await;
    staff_step(
        &manager,
        &app,
        &mcsrf,
        &ticket,
        &[("action", "resolve"), ("from", "diproses"), ("note", "Sudah selesai.")],
    )
    .await;
    let (status, location, _) = post(&me, &app, &url, &[("csrf", &csrf)]).await;
    assert_eq!((status, location), (StatusCode::SEE_OTHER, format!("/lacak/{ticket}?ok=accepted")));
    assert_eq!(status_of(&app, &ticket).await, "ditutup");
    assert!(page(&me, &app, &format!("/lacak/{ticket}?ok=accepted")).await.contains("Pengaduan Anda sudah ditutup"));
}
