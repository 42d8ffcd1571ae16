//! Evidence: recognised by its bytes, cleaned of metadata, served only to its citizen.

use crate::form::between;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn a_photo_comes_back_without_its_gps_position() {
    let app = spawn_app().await;
    let photo = jpeg_with_gps();
    assert!(contains(&photo, b"Exif\0\0") && contains(&photo, &4242u32.to_le_bytes()), "the fixture carries GPS");
    let csrf = app.csrf("/pengaduan").await;
    let form = with_file(form_with(&csrf, &valid_fields()), "jalan rusak.jpg", photo, "image/jpeg");
    assert_eq!(app.post_form(form).await.status(), StatusCode::SEE_OTHER);
    let receipt = app.get("/pengaduan/tanda-terima").await.text().await.unwrap();
    let ticket = between(&receipt, "id=\"ticket\">", "<");
    let pin = between(&receipt, "id=\"pin\">", "<");
    assert_eq!(app.stored_files(), 1);

    let case = app.get(&format!("/lacak/{ticket}")).await.text().await.unwrap();
    let href = between(&case, &format!("href=\"/lacak/{ticket}/bukti/"), "\"");
    let res = app.get(&format!("/lacak/{ticket}/bukti/{href}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("jalan_rusak.jpg"));
    let bytes = res.bytes().await.unwrap();
    assert!(!contains(&bytes, b"Exif"), "EXIF removed");
    assert!(!contains(&bytes, &4242u32.to_le_bytes()), "GPS removed");
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (64, 48));

    // The API serves the same file with the PIN, and refuses without it.
    let c: Value = app
        .client
        .get(app.url(&format!("/api/v1/complaints/{ticket}")))
        .header("x-aduan-pin", &pin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = c["attachments"][0]["url"].as_str().unwrap().to_string();
    let res = app.client.get(app.url(&url)).header("x-aduan-pin", &pin).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap(), bytes);
    assert_eq!(client().get(app.url(&url)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn evidence_is_not_served_to_a_browser_without_the_pin() {
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let form = with_file(form_with(&csrf, &valid_fields()), "bukti.jpg", jpeg_with_gps(), "image/jpeg");
    app.post_form(form).await;
    let receipt = app.get("/pengaduan/tanda-terima").await.text().await.unwrap();
    let ticket = between(&receipt, "id=\"ticket\">", "<");
    let case = app.get(&format!("/lacak/{ticket}")).await.text().await.unwrap();
    let id = between(&case, &format!("href=\"/lacak/{ticket}/bukti/"), "\"");
    let res = client().get(app.url(&format!("/lacak/{ticket}/bukti/{id}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Another case's PIN does not open this case's files.
    let other: Value = app.create_via_api(valid_json()).await.json().await.unwrap();
    let res = client()
        .get(app.url(&format!("/api/v1/complaints/{}/attachments/{id}", other["ticket"].as_str().unwrap())))
        .header("x-aduan-pin", other["pin"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "attachment_not_found", "the file, not the case");
}

#[tokio::test]
async fn a_pdf_and_a_png_are_accepted() {
    let app = spawn_app().await;
    let csrf = app.csrf("/pengaduan").await;
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(10, 10).write_to(&mut png, image::ImageFormat::Png).unwrap();
    let pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".to_vec();
    let form = with_file(form_with(&csrf, &valid_fields()), "surat.pdf", pdf, "application/pdf");
    let form = with_file(form, "foto.png", png.into_inner(), "image/png");
    assert_eq!(app.post_form(form).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.stored_files(), 2);
}
