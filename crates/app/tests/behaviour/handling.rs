//! A case worked through the back office over HTTP, and who sees which part of an identity.

use crate::admin::{sign_in_again, staff_client};
use crate::helpers::*;
use aduan_domain::Role;
use reqwest::{Client, StatusCode};
use serde_json::Value;

async fn file(app: &TestApp, identity_mode: &str) -> (String, String) {
    let mut body = valid_json();
    body["identity_mode"] = identity_mode.into();
    file_json(app, body).await
}

#[tokio::test]
async fn a_case_from_intake_to_closure_through_the_back_office() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (ticket, pin) = file(&app, "biasa").await;
    let (manager, mcsrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let (officer, ocsrf) = staff_client(&app, "kaur.pem", &[Role::Petugas]).await;
    let officer_id = user_id(&app, "kaur.pem").await;

    // The queue lists it; the officer does not see it before it is assigned to them.
    let queue = manager.get(app.url("/admin/pengaduan")).send().await.unwrap().text().await.unwrap();
    assert!(queue.contains(&ticket) && queue.contains("Surat keterangan usaha belum jadi"));
    let html = officer.get(app.url("/admin/pengaduan")).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains(&ticket));
    let res = officer.get(app.url(&format!("/admin/pengaduan/{ticket}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Only the steps the state machine allows are offered, and a step not allowed is refused.
    let case = manager.get(app.url(&format!("/admin/pengaduan/{ticket}"))).send().await.unwrap().text().await.unwrap();
    assert!(
        case.contains("value=\"disposisi\"") && case.contains("value=\"reject\"") && case.contains("value=\"refer\"")
    );
    assert!(!case.contains("value=\"resolve\""));
    let (status, _) =
        step(&manager, &app, &mcsrf, &ticket, &[("action", "resolve"), ("from", "diterima"), ("note", "x")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, html) = step(&manager, &app, &mcsrf, &ticket, &[("action", "disposisi"), ("from", "diterima")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Pilih petugas"));

    let (status, html) = step(
        &manager,
        &app,
        &mcsrf,
        &ticket,
        &[("action", "disposisi"), ("from", "diterima"), ("officer", &officer_id)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("id=\"status\">Diproses") && html.contains("kaur.pem"));
    // A second click on the stale page is refused, not applied twice.
    let (status, _) = step(
        &manager,
        &app,
        &mcsrf,
        &ticket,
        &[("action", "disposisi"), ("from", "diterima"), ("officer", &officer_id)],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Now the officer has it, writes an internal note and resolves it with the answer.
    let mine = officer
        .get(app.url(&format!("/admin/pengaduan?petugas={officer_id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(mine.contains(&ticket));
    let res = officer
        .post(app.url(&format!("/admin/pengaduan/{ticket}/pesan")))
        .form(&[("csrf", ocsrf.as_str()), ("visibility", "internal"), ("body", "Berkas ada di lemari arsip.")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (status, _) = step(&officer, &app, &ocsrf, &ticket, &[("action", "resolve"), ("from", "diproses")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an answer is required");
    let answer = "Surat keterangan usaha sudah jadi dan dapat diambil di balai desa.";
    let (status, html) =
        step(&officer, &app, &ocsrf, &ticket, &[("action", "resolve"), ("from", "diproses"), ("note", answer)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"status\">Selesai"));

    // The citizen sees the answer but never the internal note.
    let res = app
        .client
        .get(app.url(&format!("/api/v1/complaints/{ticket}")))
        .header("x-aduan-pin", &pin)
        .send()
        .await
        .unwrap();
    let case: Value = res.json().await.unwrap();
    assert_eq!(case["status"], "selesai");
    let text = case.to_string();
    assert!(text.contains(answer) && !text.contains("lemari arsip"));
    let timeline: Value = app.get(&format!("/api/v1/track/{ticket}")).await.json().await.unwrap();
    let statuses: Vec<&str> =
        timeline["history"].as_array().unwrap().iter().map(|h| h["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["diterima", "diproses", "selesai"]);

    // Reopen and close.
    let (status, _) = step(
        &manager,
        &app,
        &mcsrf,
        &ticket,
        &[("action", "reopen"), ("from", "selesai"), ("note", "Surat salah ketik.")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) =
        step(&officer, &app, &ocsrf, &ticket, &[("action", "resolve"), ("from", "diproses"), ("note", answer)]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, html) = step(&manager, &app, &mcsrf, &ticket, &[("action", "close"), ("from", "selesai")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"status\">Ditutup"));
    assert!(matches!(
        app.store.verify_audit_chain(1).await.unwrap(),
        aduan_store::platform::audit::ChainCheck::Intact { .. }
    ));
}

#[tokio::test]
async fn requests_for_information_rejections_duplicates_and_referrals() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (manager, csrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let (original, _) = file(&app, "biasa").await;
    let (dup, _) = file(&app, "biasa").await;
    let (outside, _) = file(&app, "biasa").await;
    let (asked, _) = file(&app, "biasa").await;

    let (status, html) = step(&manager, &app, &csrf, &asked, &[("action", "request_info"), ("from", "diterima")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Isi keterangan untuk pelapor"));
    let (status, html) = step(
        &manager,
        &app,
        &csrf,
        &asked,
        &[("action", "request_info"), ("from", "diterima"), ("note", "Mohon lampirkan foto KTP.")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"status\">Perlu informasi tambahan"));

    let (status, _) = step(
        &manager,
        &app,
        &csrf,
        &dup,
        &[("action", "reject"), ("from", "diterima"), ("reason", "duplikat"), ("duplicate_of", "KRB-0000-0000")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the original must exist");
    let (status, html) = step(
        &manager,
        &app,
        &csrf,
        &dup,
        &[
            ("action", "reject"),
            ("from", "diterima"),
            ("reason", "duplikat"),
            ("duplicate_of", &original.to_lowercase()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"status\">Ditolak") && html.contains("Duplikat pengaduan lain"));
    assert!(html.contains(&format!("href=\"/admin/pengaduan/{original}\"")), "the duplicate links to its original");
    let html =
        manager.get(app.url(&format!("/admin/pengaduan/{original}"))).send().await.unwrap().text().await.unwrap();
    assert!(crate::form::between(&html, "id=\"merged\">", "</dd>").contains(&dup), "the original lists it");

    let (status, _) =
        step(&manager, &app, &csrf, &outside, &[("action", "refer"), ("from", "diterima"), ("agency", "Dinas PUPR")])
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = step(
        &manager,
        &app,
        &csrf,
        &outside,
        &[
            ("action", "refer"),
            ("from", "diterima"),
            ("agency", "Dinas PUPR Kab. Purbalingga"),
            ("agency_contact", "Jl. Contoh 1, telp. (0281) 000000"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let timeline: Value = app.get(&format!("/api/v1/track/{outside}")).await.json().await.unwrap();
    assert_eq!(timeline["status"], "diteruskan");

    let queue = manager.get(app.url("/admin/pengaduan?status=ditolak")).send().await.unwrap().text().await.unwrap();
    assert!(queue.contains(&dup) && !queue.contains(&outside));
    assert!(
        queue.contains("Ditolak: <strong>1</strong>")
            && queue.contains("Diteruskan ke instansi berwenang: <strong>1</strong>")
    );
}

#[tokio::test]
async fn identity_is_shown_per_role_and_every_reveal_is_audited() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (normal, _) = file(&app, "biasa").await;
    let (secret, _) = file(&app, "rahasia").await;
    let (manager, mcsrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let (officer, ocsrf) = staff_client(&app, "kaur.pem", &[Role::Petugas]).await;
    let (head, hcsrf) = staff_client(&app, "kades", &[Role::Kades]).await;
    let (overseer, _) = staff_client(&app, "bpd", &[Role::Pengawas]).await;
    let officer_id = user_id(&app, "kaur.pem").await;
    for t in [&normal, &secret] {
        let (status, _) =
            step(&manager, &app, &mcsrf, t, &[("action", "disposisi"), ("from", "diterima"), ("officer", &officer_id)])
                .await;
        assert_eq!(status, StatusCode::OK);
    }
    let page = |c: &Client, t: &str| {
        let url = app.url(&format!("/admin/pengaduan/{t}"));
        let c = c.clone();
        async move { c.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let full = ["3303015203900002", "+6281200003333", "warga.api@contoh.id", "RT 04 RW 01"];
    let masked_nik = "3303********0002";

    // The manager and the assigned officer see a masked `biasa` identity and may reveal it.
    for (c, csrf) in [(&manager, &mcsrf), (&officer, &ocsrf)] {
        let html = page(c, &normal).await;
        assert!(html.contains("Warga API") && html.contains(masked_nik) && html.contains("/identitas"));
        for v in full {
            assert!(!html.contains(v), "{v} shown before reveal");
        }
        let res = c
            .post(app.url(&format!("/admin/pengaduan/{normal}/identitas")))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.unwrap();
        for v in full {
            assert!(html.contains(v), "{v} after reveal");
        }
    }
    // The village head sees the name and masked data, and cannot reveal.
    let html = page(&head, &normal).await;
    assert!(html.contains("Warga API") && html.contains(masked_nik) && !html.contains("/identitas"));
    let res = head
        .post(app.url(&format!("/admin/pengaduan/{normal}/identitas")))
        .form(&[("csrf", hcsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Overseers never see identities.
    let html = page(&overseer, &normal).await;
    assert!(html.contains("Identitas dirahasiakan") && !html.contains("Warga API") && !html.contains(masked_nik));

    // `rahasia`: the manager alone.
    let html = page(&manager, &secret).await;
    assert!(html.contains("Warga API") && html.contains("/identitas"));
    for c in [&officer, &head, &overseer] {
        let html = page(c, &secret).await;
        assert!(html.contains("Identitas dirahasiakan") && !html.contains("Warga API") && !html.contains(masked_nik));
    }
    let res = officer
        .post(app.url(&format!("/admin/pengaduan/{secret}/identitas")))
        .form(&[("csrf", ocsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let reveals = app.store.audit_actions_for_tests(1, "identity.reveal").await;
    assert_eq!(reveals, 2, "each reveal is in the audit log");
}

#[tokio::test]
async fn an_officer_records_a_phone_complaint_and_prints_the_receipt() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (officer, _) = staff_client(&app, "kaur.umum", &[Role::Petugas]).await;
    let html = officer.get(app.url("/admin/pengaduan/baru")).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("name=\"channel\"") && html.contains("name=\"read_back\"") && html.contains("name=\"category\"")
    );
    let csrf = csrf_in(&html);
    let when = (time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+7)) - time::Duration::days(2))
        .format(time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]"))
        .unwrap();
    let post = |extra: Vec<(&'static str, String)>| {
        let mut fields = valid_fields();
        fields.extend(extra);
        let form = with_file(
            form_with(&csrf, &fields),
            "surat.pdf",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".to_vec(),
            "application/pdf",
        );
        officer.post(app.url("/admin/pengaduan/baru")).multipart(form).send()
    };

    let res = post(vec![("channel", "telepon".into()), ("received_at", when.clone())]).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("harus dibacakan ulang") && html.contains("Warga Uji Coba"));
    let res = post(vec![
        ("channel", "telepon".into()),
        ("received_at", "2099-01-01T08:00".into()),
        ("read_back", "1".into()),
    ])
    .await
    .unwrap();
    assert!(res.text().await.unwrap().contains("tidak boleh di masa depan"));
    assert_eq!(app.count().await, 0);

    let res = post(vec![("channel", "telepon".into()), ("received_at", when.clone()), ("read_back", "1".into())])
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/admin/pengaduan/tanda-terima");
    let receipt = officer.get(app.url("/admin/pengaduan/tanda-terima")).send().await.unwrap().text().await.unwrap();
    let ticket = crate::form::between(&receipt, "id=\"ticket\">", "<");
    let pin = crate::form::between(&receipt, "id=\"pin\">", "<");
    assert_eq!(crate::form::between(&receipt, "id=\"officer\">", "<"), "kaur.umum");
    assert_eq!(crate::form::between(&receipt, "id=\"complainant\">", "<"), "Warga Uji Coba");
    assert!(receipt.contains("Kartu keluarga belum dicetak") && receipt.contains("class=\"signatures\""));
    assert!(receipt.contains("<svg") && receipt.contains("Sekretaris Desa") && receipt.contains("data-print"));
    // The officer prints it: the same receipt as a one-page PDF, as often as needed until the next one.
    for _ in 0..2 {
        let res = officer.get(app.url("/admin/pengaduan/tanda-terima/pdf")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        assert_eq!(res.headers()["cache-control"], "private, no-store");
        let pdf = res.bytes().await.unwrap();
        if let Some(text) = pdf_text(&pdf) {
            for part in [ticket.as_str(), pin.as_str(), "Warga Uji Coba", "Kartu keluarga belum dicetak", "kaur.umum"] {
                assert!(text.contains(part), "{part} in the office receipt: {text}");
            }
            assert!(text.contains("Pelapor") && text.contains("Petugas penerima"), "signature lines: {text}");
        }
        if let Some(pages) = pdf_pages(&pdf, "tanda-terima-kantor-pdf") {
            assert_eq!(pages, 1, "one page");
        }
    }
    // Starting the next complaint takes the receipt and its PIN off this browser.
    let _ = officer.get(app.url("/admin/pengaduan/baru")).send().await.unwrap();
    let again = officer.get(app.url("/admin/pengaduan/tanda-terima")).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::GONE);
    let again = officer.get(app.url("/admin/pengaduan/tanda-terima/pdf")).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::GONE);

    // Printed again from the case page by a manager: no PIN, the reprint audited.
    let (manager, csrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let case_page =
        manager.get(app.url(&format!("/admin/pengaduan/{ticket}"))).send().await.unwrap().text().await.unwrap();
    assert!(case_page.contains(&format!("action=\"/admin/pengaduan/{ticket}/tanda-terima\"")));
    let res = manager
        .post(app.url(&format!("/admin/pengaduan/{ticket}/tanda-terima")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let pdf = res.bytes().await.unwrap();
    if let Some(text) = pdf_text(&pdf) {
        assert!(
            text.contains(ticket.as_str()) && text.contains("Warga Uji Coba") && text.contains("kaur.umum"),
            "{text}"
        );
        assert!(!text.contains(pin.as_str()), "a reprint never carries the PIN: {text}");
        assert!(text.contains("Dicetak ulang"), "{text}");
    }
    if let Some(pages) = pdf_pages(&pdf, "tanda-terima-kantor-ulang-pdf") {
        assert_eq!(pages, 1, "one page");
    }
    let res = manager
        .post(app.url(&format!("/admin/pengaduan/{ticket}/tanda-terima")))
        .form(&[("csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "CSRF checked");
    assert_eq!(app.store.audit_actions_for_tests(1, "receipt.reprint").await, 1);

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
    assert_eq!(case["channel"], "telepon");
    assert!(case["received_at"].as_str().unwrap().starts_with(&when[..10]), "the time it was received, not recorded");
    assert_eq!(case["attachments"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_dashboard_counts_open_overdue_and_this_months_deadlines() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (manager, _) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let (head, _) = staff_client(&app, "kades", &[Role::Kades]).await;
    // One case waits ten days, past its three working days; two come in after it.
    let (late, _) = file(&app, "biasa").await;
    app.store.clock().advance(time::Duration::days(10));
    let csrf = sign_in_again(&app, &manager, "sekdes").await;
    sign_in_again(&app, &head, "kades").await;
    let (fresh, _) = file(&app, "biasa").await;
    let (referred, _) = file(&app, "biasa").await;
    let (status, _) = step(
        &manager,
        &app,
        &csrf,
        &referred,
        &[
            ("action", "refer"),
            ("from", "diterima"),
            ("agency", "Dinas Kesehatan"),
            ("agency_contact", "(0281) 000000"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(late, fresh);

    let html = head.get(app.url("/admin/dasbor")).send().await.unwrap().text().await.unwrap();
    assert_eq!(crate::form::between(&html, "id=\"open\">", "<"), "2");
    assert_eq!(crate::form::between(&html, "id=\"overdue\">", "<"), "1");
    assert_eq!(crate::form::between(&html, "id=\"decided\">", "<"), "1");
    assert_eq!(crate::form::between(&html, "id=\"met\">", "<"), "1");
    assert!(html.contains("100% tepat waktu"));
    let res = manager.get(app.url("/admin/pengaduan")).send().await.unwrap().text().await.unwrap();
    assert!(res.contains("Lewat tenggat"), "the queue shows overdue cases on top");
}

#[tokio::test]
async fn a_reply_starts_from_a_canned_response() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (manager, csrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let (ticket, _) = file(&app, "biasa").await;
    let body = "Terima kasih. Pengaduan {tiket} sedang kami periksa.";
    let res = manager
        .post(app.url("/admin/jawaban"))
        .form(&[("csrf", csrf.as_str()), ("title", "Sedang diperiksa"), ("body", body)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = manager
        .post(app.url("/admin/jawaban"))
        .form(&[("csrf", csrf.as_str()), ("title", "Kosong")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let case = manager.get(app.url(&format!("/admin/pengaduan/{ticket}"))).send().await.unwrap().text().await.unwrap();
    let link = crate::form::between(&case, &format!("href=\"/admin/pengaduan/{ticket}?templat="), "#");
    let html = manager
        .get(app.url(&format!("/admin/pengaduan/{ticket}?templat={link}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("Terima kasih. Pengaduan {ticket} sedang kami periksa.</textarea>")));

    let res = manager
        .post(app.url(&format!("/admin/jawaban/{link}/hapus")))
        .form(&[("csrf", csrf.as_str()), ("konfirmasi", "ya")])
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().contains("Jawaban dihapus"));
    assert!(
        !manager
            .get(app.url("/admin/jawaban"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("Sedang diperiksa")
    );
}

#[tokio::test]
async fn the_sla_sweep_warns_then_marks_breaches_then_escalates_once_each() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (manager, csrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let by = app.store.user(user_id(&app, "sekdes").await.parse().unwrap()).await.unwrap();
    let three = aduan_domain::sla::SlaTargets {
        verification: 3,
        ringan: 3,
        normatif: 3,
        tidak_berkadar_pengawasan: 3,
        berkadar_pengawasan: 3,
        objection: 10,
    };
    app.store.set_sla_targets(1, &three, &by).await.unwrap();
    let (officer, _) = staff_client(&app, "kaur.pem", &[Role::Petugas]).await;
    let (head, _) = staff_client(&app, "kades", &[Role::Kades]).await;
    let officer_id = user_id(&app, "kaur.pem").await;
    let (assigned, _) = file(&app, "biasa").await;
    let (waiting, _) = file(&app, "biasa").await;
    let (status, _) = step(
        &manager,
        &app,
        &csrf,
        &assigned,
        &[("action", "disposisi"), ("from", "diterima"), ("officer", &officer_id)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Both clocks were set to three working days, so both end with the same working day.
    let t = |ticket: &str| aduan_domain::Ticket::parse(ticket).unwrap();
    let due = app.store.case(&t(&waiting)).await.unwrap().verification_due.unwrap();
    assert_eq!(app.store.case(&t(&assigned)).await.unwrap().resolution_due, Some(due));
    let clock = app.store.clock();
    let sweep = || app.store.sla_sweep(clock.now(), time::Duration::days(2));
    // Days pass: every session has ended, so each signs in again before reading its notices.
    let (app_ref, staff) = (&app, [(&manager, "sekdes"), (&officer, "kaur.pem"), (&head, "kades")]);
    let until = |at: time::OffsetDateTime| async move {
        clock.advance(at - clock.now());
        for (c, name) in staff {
            sign_in_again(app_ref, c, name).await;
        }
    };
    let notices = |c: &Client| {
        let (c, url) = (c.clone(), app.url("/admin"));
        async move { c.get(url).send().await.unwrap().text().await.unwrap() }
    };

    // Fresh clocks: nothing to say.
    assert_eq!(sweep().await.unwrap(), Default::default());

    // An hour before the end: more than 75 % of both clocks passed.
    until(due - time::Duration::hours(1)).await;
    let r = sweep().await.unwrap();
    assert_eq!((r.warned, r.breached, r.escalated), (2, 0, 0));
    assert!(
        notices(&officer)
            .await
            .contains(&format!("Mendekati tenggat</strong>: <a href=\"/admin/pengaduan/{assigned}\""))
    );
    let m = notices(&manager).await;
    let warned = |t: &str| format!("Mendekati tenggat</strong>: <a href=\"/admin/pengaduan/{t}\"");
    assert!(m.contains(&warned(&waiting)) && !m.contains(&warned(&assigned)), "unassigned cases warn the manager");

    // Past the deadline: the officer and the manager hear of it, once.
    until(due + time::Duration::hours(1)).await;
    let r = sweep().await.unwrap();
    assert_eq!((r.warned, r.breached, r.escalated), (0, 2, 0));
    assert_eq!(sweep().await.unwrap(), Default::default(), "idempotent");
    assert!(notices(&officer).await.contains("Lewat tenggat</strong>"));
    assert!(
        notices(&manager).await.contains(&format!("Lewat tenggat</strong>: <a href=\"/admin/pengaduan/{assigned}\""))
    );
    assert!(!notices(&head).await.contains("Lewat tenggat"));

    // Left standing two days more: the village head is told.
    until(due + time::Duration::days(2) + time::Duration::hours(2)).await;
    let r = sweep().await.unwrap();
    assert_eq!(r.escalated, 2);
    assert!(notices(&head).await.contains("Lewat tenggat, belum ditangani"));
    assert_eq!(app.store.audit_actions_for_tests(1, "sla.escalation").await, 2);
}

#[tokio::test]
async fn staff_work_is_not_slowed_by_the_public_rate_limit() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 3).await;
    let (ticket, _) = file(&app, "biasa").await;
    let (manager, csrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    for i in 0..6 {
        let body = format!("Catatan nomor {i}");
        let res = manager
            .post(app.url(&format!("/admin/pengaduan/{ticket}/pesan")))
            .form(&[("csrf", csrf.as_str()), ("visibility", "internal"), ("body", body.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "note {i}");
    }
    // Signing in is limited like the public forms (one sign-in above already counted).
    let mut last = StatusCode::OK;
    for _ in 0..3 {
        last = crate::admin::sign_in(&client(), &app.base, "sekdes", "salah salah salah").await.status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}
