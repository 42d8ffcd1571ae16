//! Hostile uploads: a picture that declares more pixels than it holds is refused on every route
//! that takes one, before it is decoded, and nothing of it is stored; replies share the case's
//! evidence total and are limited per hour.

use crate::admin::staff_client;
use crate::form::between;
use crate::helpers::*;
use aduan_domain::Role;
use aduan_store::platform::images::bombs;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

/// 12000 × 12000 RGBA at 16 bits: 1.15 GB decoded from a file of under a kilobyte.
fn png_bomb() -> Vec<u8> {
    bombs::png(12_000, 12_000, true)
}

fn refused_for_pixels(status: StatusCode, html: &str) {
    assert!(status.is_client_error(), "{status}");
    assert!(html.contains("terlalu banyak piksel"), "the page says why: {}", &html[..html.len().min(300)]);
}

#[tokio::test]
async fn a_picture_bomb_is_refused_on_every_upload_route() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;

    // The complaint form, as PNG and as JPEG: nothing is filed, nothing stored.
    for (name, bomb, mime) in
        [("jalan.png", png_bomb(), "image/png"), ("jalan.jpg", bombs::jpeg(60_000, 60_000), "image/jpeg")]
    {
        let csrf = app.csrf("/pengaduan").await;
        let res = app.post_form(with_file(form_with(&csrf, &valid_fields()), name, bomb, mime)).await;
        let status = res.status();
        refused_for_pixels(status, &res.text().await.unwrap());
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    }
    assert_eq!((app.count().await, app.stored_files()), (0, 0));

    // The office's intake form.
    let (officer, _) = staff_client(&app, "kaur.umum", &[Role::Petugas]).await;
    let csrf = csrf_in(&page(&officer, &app, "/admin/pengaduan/baru").await);
    let when = (time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+7)) - time::Duration::days(1))
        .format(time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]"))
        .unwrap();
    let mut fields = valid_fields();
    fields.extend([("channel", "telepon".into()), ("received_at", when), ("read_back", "1".into())]);
    let form = with_file(form_with(&csrf, &fields), "foto.png", png_bomb(), "image/png");
    let res = officer.post(app.url("/admin/pengaduan/baru")).multipart(form).send().await.unwrap();
    let status = res.status();
    refused_for_pixels(status, &res.text().await.unwrap());
    assert_eq!(app.count().await, 0);

    // The citizen's reply on their case.
    let (ticket, pin) = file(&app).await;
    let (me, csrf) = citizen(&app, &ticket, &pin).await;
    let form = Form::new()
        .text("csrf", csrf.clone())
        .text("message", "Foto tambahan")
        .part("evidence", Part::bytes(png_bomb()).file_name("tambahan.png").mime_str("image/png").unwrap());
    let res = me.post(app.url(&format!("/lacak/{ticket}/balas"))).multipart(form).send().await.unwrap();
    let status = res.status();
    refused_for_pixels(status, &res.text().await.unwrap());
    assert_eq!(app.stored_files(), 0);

    // The redaksi's pictures and the officials' photos.
    let (editor, csrf) = staff_client(&app, "redaksi1", &[Role::Redaksi]).await;
    let form = Form::new().text("csrf", csrf.clone()).part("file", Part::bytes(png_bomb()).file_name("banner.png"));
    let res = editor.post(app.url("/admin/media")).multipart(form).send().await.unwrap();
    let status = res.status();
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    refused_for_pixels(status, &res.text().await.unwrap());
    let form = [("csrf", csrf.as_str()), ("name", "Bagus Contoh"), ("title", "Kepala Desa"), ("position", "1")];
    let (status, _, body) = post(&editor, &app, "/admin/aparatur", &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = app.store.officials(1).await.unwrap()[0].id;
    let form = Form::new().text("csrf", csrf).part("photo", Part::bytes(png_bomb()).file_name("kades.png"));
    let res = editor.post(app.url(&format!("/admin/aparatur/{id}/foto"))).multipart(form).send().await.unwrap();
    let status = res.status();
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    refused_for_pixels(status, &res.text().await.unwrap());
    assert_eq!(app.stored_files(), 0);
}

#[tokio::test]
async fn replies_share_the_cases_evidence_total_and_are_limited_per_hour() {
    let app = spawn_app_with(|s| {
        s.rate_limit_per_minute = 0;
        s.max_case_files = 5;
        s.replies_per_hour = 3;
    })
    .await;
    let csrf = app.csrf("/pengaduan").await;
    let form = with_file(form_with(&csrf, &valid_fields()), "awal.jpg", jpeg_with_gps(), "image/jpeg");
    assert_eq!(app.post_form(form).await.status(), StatusCode::SEE_OTHER);
    let receipt = app.get("/pengaduan/tanda-terima").await.text().await.unwrap();
    let (ticket, pin) = (between(&receipt, "id=\"ticket\">", "<"), between(&receipt, "id=\"pin\">", "<"));
    let (me, csrf) = citizen(&app, &ticket, &pin).await;
    let reply = |files: usize, text: &str| {
        let mut form = Form::new().text("csrf", csrf.clone()).text("message", text.to_string());
        for i in 0..files {
            // Distinct pictures, so each counts as its own file.
            let img = image::RgbImage::from_fn(8 + i as u32, 8, |x, y| image::Rgb([x as u8 * 20, y as u8 * 20, 90]));
            let mut png = std::io::Cursor::new(Vec::new());
            image::DynamicImage::ImageRgb8(img).write_to(&mut png, image::ImageFormat::Png).unwrap();
            form = form.part(
                "evidence",
                Part::bytes(png.into_inner()).file_name(format!("foto{i}.png")).mime_str("image/png").unwrap(),
            );
        }
        me.post(app.url(&format!("/lacak/{ticket}/balas"))).multipart(form).send()
    };

    // One file at filing and four on a reply make the five a case may hold.
    assert_eq!(reply(4, "Empat foto lagi").await.unwrap().status(), StatusCode::SEE_OTHER);
    let res = reply(1, "Satu lagi").await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.text().await.unwrap().contains("sudah memuat bukti sebanyak yang diizinkan (5 berkas"));
    assert_eq!(app.stored_files(), 5, "the refused file is not kept");
    // Words still go through, up to the hour's replies; the refused reply did not count.
    assert_eq!(reply(0, "Tanpa lampiran").await.unwrap().status(), StatusCode::SEE_OTHER);
    assert_eq!(reply(0, "Satu kalimat lagi").await.unwrap().status(), StatusCode::SEE_OTHER);
    let res = reply(0, "Dan lagi").await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.text().await.unwrap().contains("Anda dapat membalas lagi setelah"));
    let case = app.store.case(&aduan_domain::Ticket::parse(&ticket).unwrap()).await.unwrap();
    assert_eq!(case.attachments.len(), 5);
    assert_eq!(case.messages.iter().filter(|m| !m.from_village).count(), 3);
}
