//! Filing through the HTML form, and every way the form can be sent wrong.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_form_page_explains_the_procedure_and_offers_every_field() {
    let app = spawn_app().await;
    let res = app.get("/pengaduan").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    for needle in [
        "Sebelum mengadu",
        "Catat nomor tiket",
        "Ombudsman",
        "name=\"kind\"",
        "name=\"category\"",
        "name=\"title\"",
        "name=\"description\"",
        "name=\"resolution_requested\"",
        "name=\"incident_date\"",
        "name=\"place\"",
        "value=\"rahasia\"",
        "value=\"anonim\"",
        "value=\"publik\"",
        "name=\"name\"",
        "name=\"address\"",
        "name=\"nik\"",
        "name=\"phone\"",
        "name=\"email\"",
        "name=\"preferred_contact\"",
        "name=\"evidence\"",
        "Administrasi kependudukan",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
}

async fn res_csp_allows_own_scripts(app: &TestApp) -> bool {
    let res = app.get("/pengaduan/tanda-terima").await;
    res.headers()["content-security-policy"].to_str().unwrap().contains("script-src 'self'")
}

#[tokio::test]
async fn a_citizen_files_by_form_and_gets_a_receipt_that_opens_again_only_in_the_same_browser() {
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let res = app.post_form(form_with(&csrf, &valid_fields())).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/pengaduan/tanda-terima");

    let res = app.get("/pengaduan/tanda-terima").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let html = res.text().await.unwrap();
    let ticket = between(&html, "id=\"ticket\">", "<");
    let pin = between(&html, "id=\"pin\">", "<");
    assert!(aduan_domain::Ticket::parse(&ticket).is_ok(), "{ticket}");
    assert_eq!(pin.len(), 6);
    assert!(html.contains("<svg"), "QR code");
    assert!(html.contains(&format!("/lacak/{ticket}")));
    assert_eq!(app.count().await, 1);

    assert!(html.contains("Pemerintah Desa Karangbawang"), "the village's name, printed too");
    assert!(html.contains("data-print") && html.contains("/static/print.js"));
    assert!(res_csp_allows_own_scripts(&app).await);
    let share = between(&html, "id=\"share\" href=\"", "\"");
    let share = share.replace("&amp;", "&");
    assert!(share.starts_with("https://wa.me/?text="), "{share}");
    let text: String = url::form_urlencoded::parse(share.split_once('?').unwrap().1.as_bytes())
        .find(|(k, _)| k == "text")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    assert!(text.contains(&ticket) && text.contains(&format!("/lacak/{ticket}")), "{text}");
    assert!(!text.contains(&pin), "the PIN is never shared");

    // The same browser reopens it (a phone reloads the tab); any other browser never sees it.
    let again = app.get("/pengaduan/tanda-terima").await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.headers()["cache-control"], "no-store");
    assert!(again.text().await.unwrap().contains(&format!("id=\"pin\">{pin}<")));
    let stranger = client().get(app.url("/pengaduan/tanda-terima")).send().await.unwrap();
    assert_eq!(stranger.status(), StatusCode::GONE);
    assert!(!stranger.text().await.unwrap().contains(&pin));

    // The same browser may open its case right away; another one needs the PIN.
    let case = app.get(&format!("/lacak/{ticket}")).await.text().await.unwrap();
    assert!(case.contains("Kartu keluarga belum dicetak") && case.contains("3303011203900001"));
    let stranger = client().get(app.url(&format!("/lacak/{ticket}"))).send().await.unwrap().text().await.unwrap();
    assert!(stranger.contains("Diterima"));
    assert!(!stranger.contains("Kartu keluarga belum dicetak") && !stranger.contains("Warga Uji Coba"));
}

pub fn between(html: &str, start: &str, end: &str) -> String {
    let s = html.find(start).unwrap_or_else(|| panic!("{start} not in page")) + start.len();
    html[s..s + html[s..].find(end).unwrap()].trim().to_string()
}

#[tokio::test]
async fn a_refused_form_keeps_every_value_and_says_what_is_wrong_per_field() {
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let mut fields = valid_fields();
    fields.retain(|(k, _)| *k != "title");
    fields.iter_mut().for_each(|(k, v)| {
        if *k == "nik" {
            *v = "3303013203900001".into();
        }
    });
    let res = app.post_form(form_with(&csrf, &fields)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Pengaduan belum terkirim"));
    assert!(html.contains("id=\"title-error\">Wajib diisi."));
    assert!(html.contains("id=\"nik-error\">Tanggal lahir pada NIK tidak valid."));
    for (k, v) in &fields {
        if !v.is_empty() && !["kind", "identity_mode", "publication", "preferred_contact", "category"].contains(k) {
            assert!(html.contains(v.as_str()), "value of {k} kept");
        }
    }
    assert!(html.contains("value=\"adminduk\" selected"));
    assert_eq!(app.count().await, 0);
}

#[tokio::test]
async fn an_old_incident_is_accepted_with_a_warning() {
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let mut fields = valid_fields();
    fields.iter_mut().for_each(|(k, v)| {
        if *k == "incident_date" {
            *v = "2025-01-15".into();
        }
    });
    let res = app.post_form(form_with(&csrf, &fields)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = app.get("/pengaduan/tanda-terima").await.text().await.unwrap();
    assert!(html.contains("lebih dari 30 hari"));
    assert_eq!(app.count().await, 1);
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused() {
    let app = spawn_app().await;
    let _ = app.csrf("/pengaduan").await;
    let res = app.post_form(form_with("forged-token", &valid_fields())).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A fresh browser with no cookie at all.
    let res = client().post(app.url("/pengaduan")).multipart(form_with("x", &valid_fields())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count().await, 0);
}

#[tokio::test]
async fn an_eleven_megabyte_file_is_refused_with_413_and_nothing_stored() {
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let mut big = jpeg_with_gps();
    big.resize(11 * 1024 * 1024, 0);
    let res = app.post_form(with_file(form_with(&csrf, &valid_fields()), "besar.jpg", big, "image/jpeg")).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let html = res.text().await.unwrap();
    assert!(html.contains("besar.jpg terlalu besar"));
    assert!(html.contains("Warga Uji Coba"), "values kept");
    assert_eq!(app.count().await, 0);
    assert_eq!(app.stored_files(), 0);
}

#[tokio::test]
async fn an_html_file_named_jpg_is_refused_with_415() {
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let html_file = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".to_vec();
    let res = app.post_form(with_file(form_with(&csrf, &valid_fields()), "foto.jpg", html_file, "image/jpeg")).await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(res.text().await.unwrap().contains("foto.jpg bukan JPEG, PNG, WebP atau PDF"));
    assert_eq!(app.count().await, 0);
    assert_eq!(app.stored_files(), 0);
}

#[tokio::test]
async fn more_than_five_files_are_refused() {
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let mut form = form_with(&csrf, &valid_fields());
    for i in 0..6 {
        form = with_file(form, &format!("bukti{i}.jpg"), jpeg_with_gps(), "image/jpeg");
    }
    let res = app.post_form(form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Paling banyak 5 berkas"));
    assert_eq!(app.count().await, 0);
}

#[tokio::test]
async fn a_broken_multipart_body_gets_400() {
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let body = format!(
        "--XYZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--XYZ\r\nContent-Disposition: form-da"
    );
    let res = app
        .client
        .post(app.url("/pengaduan"))
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("Formulir tidak dapat dibaca"));
    let res =
        app.client.post(app.url("/pengaduan")).header("content-type", "text/plain").body("hello").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.count().await, 0);
}

#[tokio::test]
async fn invalid_utf8_in_a_field_gets_400() {
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let form =
        form_with(&csrf, &valid_fields()).part("place", reqwest::multipart::Part::bytes(vec![0x42, 0xff, 0xfe, 0x41]));
    let res = app.post_form(form).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("UTF-8"));
    assert_eq!(app.count().await, 0);
}

#[tokio::test]
async fn pages_speak_english_on_request_and_remember_it() {
    let app = spawn_app().await;
    let html = app.get("/pengaduan?lang=en").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Complaint form"));
    let html = app.get("/lacak").await.text().await.unwrap();
    assert!(html.contains("Track a complaint"), "the choice is remembered");
    // A phone set to English still gets Indonesian until its owner switches.
    let html = client()
        .get(app.url("/"))
        .header("accept-language", "en-GB,en;q=0.8")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Sampaikan pengaduan"), "Indonesian by default");
    assert!(html.contains("href=\"/?lang=en\""), "with a switch to English");
}

#[tokio::test]
async fn pages_send_strict_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/pengaduan", "/lacak", "/api/v1/categories", "/tidak-ada"] {
        let res = app.get(path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'none'")
                && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline"),
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["x-frame-options"], "DENY");
    }
    let res = app.get("/tidak-ada").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_home_page_shows_the_village_and_links_to_the_service() {
    let app = spawn_app().await;
    let html = app.get("/").await.text().await.unwrap();
    for needle in ["Desa Karangbawang", "Rembang", "Purbalingga", "53356", "href=\"/pengaduan\"", "href=\"/lacak\""] {
        assert!(html.contains(needle), "{needle}");
    }
}

#[tokio::test]
async fn a_refused_form_still_warns_about_an_old_incident() {
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let mut fields = valid_fields();
    for (k, v) in fields.iter_mut() {
        match *k {
            "incident_date" => *v = "2025-06-01".into(),
            "title" => v.clear(),
            _ => {}
        }
    }
    let res = app.post_form(form_with(&csrf, &fields)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("class=\"warning-text\">Kejadian lebih dari 30 hari"));
    assert!(html.contains("value=\"2025-06-01\""));
}
