//! The citizen's pages in the last mile, through HTTP: the receipt as a PDF, the village's answer
//! first, deadlines as dates in working days, the ticket-only timeline, a walk-in without a
//! contact, and messages that name their limit and sit by their field.

use crate::admin::staff_client;
use crate::form::between;
use crate::helpers::*;
use aduan_domain::Role;
use reqwest::StatusCode;

/// Where `needle` is in `html`, or a failure naming it.
fn at(html: &str, needle: &str) -> usize {
    html.find(needle).unwrap_or_else(|| panic!("{needle} not in the page"))
}

#[tokio::test]
async fn the_receipt_downloads_as_a_one_page_pdf_in_the_browser_that_filed_only_for_24_hours() {
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let filed = app.post_form(form_with(&csrf, &valid_fields())).await;
    assert_eq!(filed.status(), StatusCode::SEE_OTHER);
    let html = app.get("/pengaduan/tanda-terima").await.text().await.unwrap();
    let (ticket, pin) = (between(&html, "id=\"ticket\">", "<"), between(&html, "id=\"pin\">", "<"));
    assert!(html.contains("href=\"/pengaduan/tanda-terima/pdf\""));

    for round in 0..2 {
        let res = app.get("/pengaduan/tanda-terima/pdf").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        assert_eq!(res.headers()["cache-control"], "private, no-store");
        assert!(res.headers()["content-disposition"].to_str().unwrap().contains(&format!("tanda-terima-{ticket}.pdf")));
        let pdf = res.bytes().await.unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        if let Some(text) = pdf_text(&pdf) {
            for part in [ticket.as_str(), pin.as_str(), "Pemerintah Desa Karangbawang", "Batas verifikasi", "/lacak/"] {
                assert!(text.contains(part), "{part} in the receipt: {text}");
            }
        }
        if let Some(pages) = pdf_pages(&pdf, &format!("tanda-terima-pdf-{round}")) {
            assert_eq!(pages, 1, "one page");
        }
    }
    // The browser that kept the receipt past its 24 hours gets neither; within them it does.
    let set_cookie = filed
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("aduan_receipt="))
        .expect("the receipt cookie")
        .to_string();
    let cookie = set_cookie.split(';').next().expect("name=value").to_string();
    let plain = reqwest::Client::new();
    for (wait, expected) in [(time::Duration::hours(23), StatusCode::OK), (time::Duration::hours(2), StatusCode::GONE)]
    {
        app.store.clock().advance(wait);
        for path in ["/pengaduan/tanda-terima", "/pengaduan/tanda-terima/pdf"] {
            let res = plain.get(app.url(path)).header("cookie", &cookie).send().await.unwrap();
            assert_eq!(res.status(), expected, "{path} after another {wait}");
        }
    }
    // Another browser gets neither the page nor the PDF.
    let other = client();
    for path in ["/pengaduan/tanda-terima", "/pengaduan/tanda-terima/pdf"] {
        assert_eq!(other.get(app.url(path)).send().await.unwrap().status(), StatusCode::GONE, "{path}");
    }
}

#[tokio::test]
async fn the_villages_answer_comes_first_with_its_date_and_the_rating_follows_it() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (ticket, pin) = file(&app).await;
    let (manager, mcsrf) = staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let (officer, ocsrf) = staff_client(&app, "kaur.pem", &[Role::Petugas]).await;
    let officer_id = user_id(&app, "kaur.pem").await;
    let (me, csrf) = citizen(&app, &ticket, &pin).await;
    let case_url = format!("/lacak/{ticket}");

    // A request for information: the question first, its deadline as a date in working days,
    // and a link to the reply form.
    let question = "Mohon kirim foto KTP yang dipakai saat mengurus surat.";
    staff_step(
        &manager,
        &app,
        &mcsrf,
        &ticket,
        &[("action", "request_info"), ("from", "diterima"), ("note", question)],
    )
    .await;
    let html = page(&me, &app, &case_url).await;
    let asked = at(&html, question);
    assert!(asked < at(&html, "Rincian"), "the question comes before the details");
    let due = between(&html, "id=\"info-due\">", "</p>");
    assert!(due.contains("Kirim keterangan sebelum") && due.contains("hari kerja lagi"), "{due}");
    assert!(due.contains(&time::OffsetDateTime::now_utc().year().to_string()) || due.contains("20"), "a date: {due}");
    assert!(html.contains("href=\"#balas\"") && html.contains("id=\"balas\""));

    // A refused reply says why beside the reply form.
    let form = reqwest::multipart::Form::new().text("csrf", csrf.clone()).text("message", " ");
    let res = me.post(app.url(&format!("{case_url}/balas"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let error = at(&html, "Tulis pesan Anda terlebih dahulu");
    assert!(error > at(&html, "id=\"balas\"") && error < at(&html, "name=\"message\""), "the error sits in the form");
    assert!(html[..error].contains("class=\"alert error\""), "styled as an error");

    let form = reqwest::multipart::Form::new().text("csrf", csrf.clone()).text("message", "Foto KTP terlampir.");
    let res = me.post(app.url(&format!("{case_url}/balas"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = page(&me, &app, &format!("{case_url}?ok=replied")).await;
    let notice = at(&html, "Pesan Anda sudah terkirim");
    assert!(notice > at(&html, "id=\"balas\""), "the notice is by the form it concerns");
    assert!(html[..notice].contains("class=\"alert success\""));

    // Answered: the answer in a box at the top, with its date, and the rating right after it.
    staff_step(
        &manager,
        &app,
        &mcsrf,
        &ticket,
        &[("action", "disposisi"), ("from", "diterima"), ("officer", &officer_id)],
    )
    .await;
    let answer = "Surat pengantar sudah jadi dan dapat diambil di kantor desa hari Senin.";
    staff_step(&officer, &app, &ocsrf, &ticket, &[("action", "resolve"), ("from", "diproses"), ("note", answer)]).await;
    let html = page(&me, &app, &case_url).await;
    let boxed = at(&html, "id=\"jawaban\"");
    let text = at(&html, answer);
    let rating = at(&html, "name=\"rating\"");
    assert!(
        boxed < text && text < rating,
        "answer box, then the answer, then the rating: {boxed} {text} {rating}\n{}",
        &html[..rating.min(html.len())]
    );
    assert!(rating < at(&html, "Rincian"), "both before the details");
    assert!(html[boxed..text].contains("Jawaban desa") && html[boxed..text].contains("class=\"when\""));
    assert!(!html.contains("di bawah"), "nothing points the citizen down the page");
    assert!(html.contains(&format!("action=\"/lacak/{ticket}/nilai#nilai\"")));
    assert!(html.contains(">Keluar</button>"), "leaving the case is «Keluar»");
}

#[tokio::test]
async fn the_ticket_alone_shows_each_status_once_with_its_meaning_and_the_next_deadline() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (ticket, pin) = file(&app).await;
    let (me, csrf) = citizen(&app, &ticket, &pin).await;
    let (status, _, _) = post(&me, &app, &format!("/lacak/{ticket}/tanya-status"), &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let html = page(&client(), &app, &format!("/lacak/{ticket}")).await;
    let timeline = &html[at(&html, "class=\"timeline\"")..];
    let timeline = &timeline[..timeline.find("</ol>").unwrap()];
    assert_eq!(timeline.matches("<li>").count(), 1, "a status request is no change of status: {timeline}");
    assert!(timeline.contains("menunggu diperiksa petugas desa"), "what the status means: {timeline}");
    let due = between(&html, "id=\"due\">", "</p>");
    assert!(due.starts_with("Batas verifikasi oleh desa:") && due.contains("hari kerja"), "{due}");

    // The JSON timeline lists it once too.
    let json: serde_json::Value =
        app.client.get(app.url(&format!("/api/v1/track/{ticket}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(json["history"].as_array().unwrap().len(), 1, "{json}");
}

#[tokio::test]
async fn the_office_records_a_named_walk_in_who_wants_no_contact_on_an_office_form() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (officer, _) = staff_client(&app, "kaur.umum", &[Role::Petugas]).await;
    let html = officer.get(app.url("/admin/pengaduan/baru")).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("kerugian yang dialami pelapor") && html.contains("Pelapor dihubungi lewat"),
        "office labels"
    );
    assert!(!html.contains("kerugian yang Anda alami"));
    let csrf = csrf_in(&html);
    let post = |contact: &'static str| {
        let mut fields: Vec<(&'static str, String)> = valid_fields()
            .into_iter()
            .filter(|(k, _)| !matches!(*k, "phone" | "email" | "preferred_contact"))
            .collect();
        fields.extend([
            ("preferred_contact", contact.to_string()),
            ("channel", "datang".to_string()),
            ("read_back", "1".to_string()),
            ("received_at", received_now()),
        ]);
        officer.post(app.url("/admin/pengaduan/baru")).multipart(form_with(&csrf, &fields)).send()
    };
    let res = post("").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Isi nomor HP atau surel pelapor"), "the office's message");
    assert_eq!(app.count().await, 0);

    let res = post("tidak").await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let receipt = officer.get(app.url("/admin/pengaduan/tanda-terima")).send().await.unwrap().text().await.unwrap();
    assert_eq!(between(&receipt, "id=\"complainant\">", "<"), "Warga Uji Coba");
    let ticket = between(&receipt, "id=\"ticket\">", "<");
    let case = app.store.case(&aduan_domain::Ticket::parse(&ticket).unwrap()).await.unwrap();
    assert_eq!(case.complainant.name.as_deref(), Some("Warga Uji Coba"));
    assert!(case.complainant.phone.is_none() && case.complainant.email.is_none());
    assert_eq!(case.complainant.preferred_contact, aduan_domain::complaint::ContactPref::Tidak);
}

fn received_now() -> String {
    (time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+7)) - time::Duration::hours(1))
        .format(time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]"))
        .unwrap()
}

#[tokio::test]
async fn form_messages_name_their_limit_and_sit_by_their_field() {
    let app = spawn_app_with(|s| s.max_file_mb = 1).await;
    let csrf = app.csrf("/pengaduan").await;
    let mut fields = valid_fields();
    fields.retain(|(k, _)| *k != "phone");
    fields.push(("phone", "0812345".into()));
    let res = app.post_form(form_with(&csrf, &fields)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let error = at(&html, "Nomor telepon terlalu pendek");
    assert!(error > at(&html, "id=\"phone\""), "beside the phone field");

    let big = vec![0u8; 1024 * 1024 + 10];
    let res = app.post_form(with_file(form_with(&csrf, &valid_fields()), "foto.jpg", big, "image/jpeg")).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let html = res.text().await.unwrap();
    let error = at(&html, "terlalu besar: maksimal 1 MB per berkas");
    assert!(error > at(&html, "id=\"evidence\""), "beside the file field");
    assert!(!html[..at(&html, "id=\"evidence\"")].contains("foto.jpg"), "not in the box at the top");
    assert_eq!(app.count().await, 0);

    // The procedure is folded when the form is the goal, and each contact choice is shown whole.
    let html = app.get("/pengaduan").await.text().await.unwrap();
    assert!(html.contains("<details class=\"procedure\">"), "folded");
    assert!(html.contains("type=\"radio\" name=\"preferred_contact\" value=\"tidak\""));
}
