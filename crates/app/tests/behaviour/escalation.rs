//! Step 9 and 10 through HTTP: escalation to a supervisory body on its grounds, the PDF case file
//! and its contents, the body's expiring read-only link with audited visits, and the complete
//! history download.

use crate::helpers::*;
use aduan_domain::Ticket;
use reqwest::{Client, StatusCode};
use time::Duration;

async fn body_id(app: &TestApp, name_starts: &str) -> String {
    let bodies = app.store.escalation_bodies(1, true).await.unwrap();
    bodies.iter().find(|b| b.contact.name.starts_with(name_starts)).expect("a default body").id.to_string()
}

async fn pdf(c: &Client, app: &TestApp, path: &str) -> Vec<u8> {
    let res = c.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    res.bytes().await.unwrap().to_vec()
}

/// The body's link, as the citizen's page shows it.
fn link_in(html: &str) -> String {
    let start = html.find("/berkas/").expect("a body link on the page") + "/berkas/".len();
    html[start..start + 48].to_string()
}

/// Continues the path of `citizen::from_complaint_to_rating…` after the objection was dismissed:
/// the citizen escalates to the Ombudsman with their identity, the file holds the whole case.
pub async fn escalate_after_a_dismissed_objection(app: &TestApp, me: &Client, csrf: &str, ticket: &str) {
    let case_url = format!("/lacak/{ticket}");
    let html = page(me, app, &case_url).await;
    assert!(
        html.contains("Keberatan Anda ditolak oleh Kepala Desa")
            && html.contains("Ombudsman RI Perwakilan Jawa Tengah")
    );
    let ombudsman = body_id(app, "Ombudsman").await;
    let url = format!("{case_url}/eskalasi");
    let requested = "Mohon Ombudsman memeriksa penanganan surat yang salah nama.";

    // Refused without a body, with a body not on the list, or without the resolution requested.
    let (status, _, body) = post(me, app, &url, &[("csrf", csrf), ("requested", requested)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Pilih lembaga dari daftar"));
    let (status, _, _) = post(me, app, &url, &[("csrf", csrf), ("body", "99999"), ("requested", requested)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _, _) = post(me, app, &url, &[("csrf", csrf), ("body", &ombudsman), ("requested", " ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _, _) =
        post(me, app, &url, &[("csrf", "wrong"), ("body", &ombudsman), ("requested", requested)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let form = [("csrf", csrf), ("body", ombudsman.as_str()), ("requested", requested), ("identity", "tampil")];
    let (status, location, _) = post(me, app, &url, &form).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, format!("{case_url}?ok=escalated#eskalasi").as_str())
    );
    let (status, _, body) = post(me, app, &url, &form).await;
    assert_eq!(status, StatusCode::CONFLICT, "once per body");
    assert!(body.contains("sudah dieskalasi ke lembaga tersebut"));

    let html = page(me, app, &format!("{case_url}?ok=escalated")).await;
    assert!(html.contains("Pengaduan Anda sudah dieskalasi") && html.contains("Dieskalasi ke lembaga pengawas"));
    assert!(!html.contains(&format!("name=\"body\" value=\"{ombudsman}\"")), "not offered twice");
    let head: i64 = user_id(app, "kades").await.parse().unwrap();
    let notices = app.store.staff_notices(head, 10).await.unwrap();
    assert!(notices.iter().any(|n| n.kind == "escalated" && n.ticket == ticket), "the village head is told");
    let link = link_in(&html);

    // The case file: everything the Ombudsman asks for.
    let t = Ticket::parse(ticket).unwrap();
    let id = app.store.escalations(app.store.case(&t).await.unwrap().id).await.unwrap()[0].id;
    let file = pdf(me, app, &format!("{case_url}/berkas/{id}")).await;
    if let Some(text) = pdf_text(&file) {
        for expected in [
            format!("Berkas Pengaduan {ticket}"),
            "Disampaikan kepada: Ombudsman RI Perwakilan Jawa Tengah".into(),
            "Warga API".into(),
            "Surat keterangan usaha belum jadi".into(),
            "Keberatan pelapor ditolak oleh Kepala Desa".into(),
            requested.into(),
            "Berikut foto tanda terima berkas dari kantor desa.".into(),
            "Surat sudah jadi dan dapat diambil.".into(),
            "Nama sudah sesuai KTP.".into(),
            "tanda-terima.jpg".into(),
            "Jumlah batas waktu terlewati 0".into(),
            "paling lama 2 tahun".into(),
        ] {
            assert!(text.contains(&expected), "the case file lacks {expected:?}: {text}");
        }
    }

    // The body opens the link without an account; each visit is counted and audited.
    let body = client();
    let res = body.get(app.url(&format!("/berkas/{link}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    assert_eq!(res.headers()["x-robots-tag"], "noindex");
    let view = res.text().await.unwrap();
    assert!(view.contains(ticket) && view.contains("Warga API") && view.contains(requested));
    assert!(!view.contains("name=\"message\""), "read-only");
    let from_link = pdf(&body, app, &format!("/berkas/{link}/pdf")).await;
    assert!(from_link.starts_with(b"%PDF-"));
    assert!(app.store.audit_actions_for_tests(1, "escalation.link_view").await >= 2);
    assert!(page(me, app, &case_url).await.contains("Dibuka 2 kali"));
    // Neither the file nor the link opens the citizen's own pages.
    let res = body.get(app.url(&format!("{case_url}/berkas/{id}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_missed_deadline_allows_escalation_with_the_identity_withheld_and_the_link_expires() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (ticket, pin) = file(&app).await;
    let (me, csrf) = citizen(&app, &ticket, &pin).await;
    let case_url = format!("/lacak/{ticket}");
    let bpd = body_id(&app, "BPD").await;
    let requested = "Mohon BPD menegur pelayanan surat di kantor desa.";
    let form = [("csrf", csrf.as_str()), ("body", bpd.as_str()), ("requested", requested), ("identity", "rahasia")];

    // Handled in time: no grounds, no form, and a forged request is refused.
    assert!(!page(&me, &app, &case_url).await.contains("/eskalasi\""));
    let (status, _, _) = post(&me, &app, &format!("{case_url}/eskalasi"), &form).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The verification deadline passes; the sweep records it. The citizen's session has ended by
    // then, so they open the case again with the PIN.
    let t = Ticket::parse(&ticket).unwrap();
    let due = app.store.case(&t).await.unwrap().verification_due.unwrap();
    let clock = app.store.clock();
    clock.advance(due + Duration::hours(1) - clock.now());
    app.store.sla_sweep(clock.now(), Duration::days(2)).await.unwrap();
    let (me, csrf) = citizen(&app, &ticket, &pin).await;
    let form = [("csrf", csrf.as_str()), ("body", bpd.as_str()), ("requested", requested), ("identity", "rahasia")];
    let case_id = app.store.case(&t).await.unwrap().id;
    let missed = app.store.missed_deadlines(case_id).await.unwrap();
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].clock, "verification");
    let html = page(&me, &app, &case_url).await;
    assert!(html.contains("Desa melewati batas waktu penanganan") && html.contains("/eskalasi#eskalasi\""));

    let (status, _, _) = post(&me, &app, &format!("{case_url}/eskalasi"), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &ticket).await, "diterima", "escalation is an event, not a status");
    let link = link_in(&page(&me, &app, &case_url).await);
    let id = app.store.escalations(case_id).await.unwrap()[0].id;
    let file = pdf(&me, &app, &format!("{case_url}/berkas/{id}")).await;
    if let Some(text) = pdf_text(&file) {
        assert!(text.contains("Batas waktu verifikasi terlewati") && text.contains("Jumlah batas waktu terlewati 1"));
        assert!(text.contains("dirahasiakan atas permintaan pelapor") && text.contains(requested));
        for secret in ["Warga API", "3303015203900002", "0000 3333", "warga.api@contoh.id", "RT 04 RW 01"] {
            assert!(!text.contains(secret), "identity withheld, yet {secret:?} is in the file");
        }
    }
    let view = client().get(app.url(&format!("/berkas/{link}"))).send().await.unwrap().text().await.unwrap();
    assert!(view.contains("dirahasiakan atas permintaan pelapor") && view.contains("Batas waktu verifikasi terlewati"));
    for secret in ["Warga API", "3303015203900002", "warga.api@contoh.id"] {
        assert!(!view.contains(secret), "identity withheld, yet {secret:?} is on the body's page");
    }

    // The citizen's own complete history keeps their identity.
    let history = pdf(&me, &app, &format!("{case_url}/riwayat")).await;
    if let Some(text) = pdf_text(&history) {
        assert!(text.contains(&format!("Riwayat Lengkap Pengaduan {ticket}")) && text.contains("Warga API"));
    }
    assert_eq!(
        client().get(app.url(&format!("{case_url}/riwayat"))).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );

    // Unknown and malformed links are not found; an expired one is gone.
    let other = client();
    for bad in ["0".repeat(48), "../etc".into(), "x".repeat(48)] {
        let res = other.get(app.url(&format!("/berkas/{bad}"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{bad}");
    }
    let expires = app.store.escalations(case_id).await.unwrap()[0].link_expires_at;
    clock.advance(expires + Duration::minutes(1) - clock.now());
    let res = other.get(app.url(&format!("/berkas/{link}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(res.text().await.unwrap().contains("sudah kedaluwarsa"));
    assert_eq!(other.get(app.url(&format!("/berkas/{link}/pdf"))).send().await.unwrap().status(), StatusCode::GONE);
}

#[tokio::test]
async fn the_village_keeps_the_list_of_bodies_and_citizens_see_it() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (admin, acsrf) = crate::admin::staff_client(&app, "operator", &[aduan_domain::Role::Admin]).await;
    let list = page(&admin, &app, "/admin/lembaga").await;
    for default in ["BPD Desa Karangbawang", "Camat Rembang", "Inspektorat Kabupaten Purbalingga", "SP4N-LAPOR!"] {
        assert!(list.contains(default), "{default}");
    }
    let ombudsman = body_id(&app, "Ombudsman").await;
    let bpd = body_id(&app, "BPD").await;

    // Bad contacts are refused with reasons, nothing changes.
    let bad = [("csrf", acsrf.as_str()), ("name", " "), ("email", "bukan-email"), ("website", "ombudsman.go.id")];
    let (status, _, body) = post(&admin, &app, "/admin/lembaga", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("Nama lembaga wajib diisi") && body.contains("surel tidak valid") && body.contains("https://")
    );
    assert_eq!(app.store.escalation_bodies(1, false).await.unwrap().len(), 5);

    // The Ombudsman's office gets its email, BPD is withdrawn, a body is added.
    let edit = [
        ("csrf", acsrf.as_str()),
        ("name", "Ombudsman RI Perwakilan Jawa Tengah"),
        ("email", "pengaduan.jateng@contoh.id"),
        ("phone", "137"),
        ("active", "ya"),
    ];
    let (status, _, body) = post(&admin, &app, &format!("/admin/lembaga/{ombudsman}"), &edit).await;
    assert_eq!(status, StatusCode::OK, "{body:.300}");
    assert!(body.contains("Lembaga tersimpan"));
    let off = [("csrf", acsrf.as_str()), ("name", "BPD Desa Karangbawang")];
    assert_eq!(post(&admin, &app, &format!("/admin/lembaga/{bpd}"), &off).await.0, StatusCode::OK);
    let new = [("csrf", acsrf.as_str()), ("name", "Dinas PMD Kabupaten Purbalingga"), ("phone", "0281 000000")];
    assert_eq!(post(&admin, &app, "/admin/lembaga", &new).await.0, StatusCode::OK);
    assert_eq!(post(&admin, &app, "/admin/lembaga/99999", &new).await.0, StatusCode::NOT_FOUND);
    assert!(app.store.audit_actions_for_tests(1, "escalation_body.save").await >= 3);

    // A citizen with grounds is offered the list as it is now.
    let mut json = valid_json();
    json["identity_mode"] = "biasa".into();
    let (ticket, pin) = file_json(&app, json).await;
    app.store.tamper_for_tests("UPDATE complaints SET deadlines_missed = 1").await;
    let (me, _) = citizen(&app, &ticket, &pin).await;
    let html = page(&me, &app, &format!("/lacak/{ticket}")).await;
    assert!(html.contains("pengaduan.jateng@contoh.id") && html.contains("Dinas PMD Kabupaten Purbalingga"));
    assert!(!html.contains(&format!("name=\"body\" value=\"{bpd}\"")), "a withdrawn body is not offered");
}
