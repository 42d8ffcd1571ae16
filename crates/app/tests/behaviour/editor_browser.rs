//! The article editor in a real Chromium, as a village officer uses it: text typed and shaped
//! with the toolbar (a heading, bold, a list, a picture from the library), a word processor's
//! paste keeping its structure, and the article saved as a draft with that structure.

use crate::admin::{STAFF_PASSWORD, staff_client};
use crate::articles::upload_picture;
use crate::browser::{body_text, browser_available, click, fill, open_browser, shoot, start_driver, submit};
use crate::helpers::*;
use aduan_domain::Role;
use fantoccini::{Client, Locator};

/// Selects the text `text` inside the editor, as a user dragging over it would (or, with
/// `caret_after`, puts the cursor right after it).
async fn select_with(b: &Client, text: &str, caret_after: bool) {
    let script = "const [text, after] = arguments; const area = document.querySelector('.editor-area'); \
        const walk = document.createTreeWalker(area, NodeFilter.SHOW_TEXT); \
        while (walk.nextNode()) { const i = walk.currentNode.data.indexOf(text); if (i >= 0) { \
          const r = document.createRange(); r.setStart(walk.currentNode, i); r.setEnd(walk.currentNode, i + text.length); \
          if (after) r.collapse(false); document.getElementById('a-body').editor.setSelection(r); return true; } } return false;";
    let found = b.execute(script, vec![serde_json::json!(text), serde_json::json!(caret_after)]).await.unwrap();
    assert_eq!(found.as_bool(), Some(true), "{text} is in the editor");
}

async fn select(b: &Client, text: &str) {
    select_with(b, text, false).await;
}

#[tokio::test]
async fn an_officer_writes_an_article_without_knowing_html() {
    if !browser_available() {
        return;
    }
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (editor, csrf) = staff_client(&app, "redaksi.tulis", &[Role::Redaksi]).await;
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(320, 200, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 120])
    }))
    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
    .unwrap();
    upload_picture(&editor, &app, &csrf, png, "kerja-bakti.png").await;
    let picture = app.store.media_items(1).await.unwrap()[0].id;

    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let b = open_browser(&driver, profile.path(), downloads.path()).await;
    b.goto(&app.url("/admin/masuk")).await.unwrap();
    fill(&b, "#username", "redaksi.tulis").await;
    fill(&b, "#password", STAFF_PASSWORD).await;
    submit(&b, "form[action='/admin/masuk'] button[type=submit]", "form[action='/admin/keluar']", "Keluar").await;

    b.goto(&app.url("/admin/artikel/baru")).await.unwrap();
    let visible = |css: &'static str| {
        let b = b.clone();
        async move {
            let v =
                b.execute(&format!("return document.querySelector('{css}').checkVisibility()"), vec![]).await.unwrap();
            v.as_bool().unwrap_or(false)
        }
    };
    assert!(visible("#a-body-tools").await, "the toolbar shows where the script runs");
    assert!(!visible("#a-body").await, "the HTML box gives way to the editor");
    fill(&b, "#a-title", "Kerja Bakti Membersihkan Saluran").await;

    let area = b.find(Locator::Css(".editor-area")).await.unwrap();
    area.click().await.unwrap();
    area.send_keys("Jadwal kerja bakti\u{E007}Warga diminta membawa cangkul.\u{E007}Sampah dipilah di tempatnya.")
        .await
        .unwrap();
    select(&b, "Jadwal kerja bakti").await;
    click(&b, "#a-body-tools [data-command=h2]").await;
    select(&b, "cangkul").await;
    click(&b, "#a-body-tools [data-command=bold]").await;
    select(&b, "Sampah dipilah").await;
    click(&b, "#a-body-tools [data-command=ul]").await;
    select(&b, "Warga").await;
    fill(&b, "#a-body-url", "https://desa.example.id/jadwal").await;
    click(&b, "#a-body-tools [data-command=link]").await;
    select_with(&b, "tempatnya.", true).await;
    click(&b, "#a-body-tools [data-command=images]").await;
    click(&b, &format!("#a-body-tools [data-image='/media/{picture}']")).await;
    // What a word processor puts on the clipboard, through the editor's own paste path.
    let pasted = r#"<p class="MsoNormal" style="mso-margin-top-alt:auto"><b><span style="font-size:12pt">Catatan</span></b></p>
        <ol style="margin-top:0cm"><li class="MsoListParagraph">Bawa air minum</li><li class="MsoListParagraph">Pakai sepatu bot</li></ol>
        <p class="MsoNormal"><o:p></o:p>Terima kasih<script>alert(1)</script></p>"#;
    // A new line ends the list (Enter twice, as a user does) before the paste.
    let area = b.find(Locator::Css(".editor-area")).await.unwrap();
    area.send_keys("\u{E007}\u{E007}").await.unwrap();
    b.execute(
        "document.getElementById('a-body').editor.insertHTML(arguments[0], true);",
        vec![serde_json::json!(pasted)],
    )
    .await
    .unwrap();
    // The screenshots show the editor itself, not the fields above it.
    b.execute("history.replaceState(null, '', '#a-body-label')", vec![]).await.unwrap();
    shoot(&b, "26-editor-menulis").await;

    submit(&b, "form[action='/admin/artikel/baru'] button[type=submit]", "#notice", "Artikel tersimpan").await;
    let listed = app.store.all_articles(1).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].published, "saved as a draft");
    let html = app.store.article_by_id(1, listed[0].id).await.unwrap().body_html;
    for part in [
        "<h2>Jadwal kerja bakti</h2>",
        "<b>cangkul</b>",
        "<li>Sampah dipilah di tempatnya",
        "href=\"https://desa.example.id/jadwal\"",
        &format!("<img src=\"/media/{picture}\""),
        "<li>Bawa air minum</li>",
        "<li>Pakai sepatu bot</li>",
        "Terima kasih",
        "</ul><p><b>",
    ] {
        assert!(html.contains(part), "{part} in {html}");
    }
    let before_note = &html[..html.find("Catatan").expect("the pasted note")];
    assert!(before_note[before_note.len().saturating_sub(40)..].contains("<b>"), "bold kept: {html}");
    assert!(!html.contains("<script") && !html.contains("mso-") && !html.contains("MsoNormal"), "{html}");
    // Opened again, the article comes back into the editor as it was kept.
    b.goto(&app.url(&format!("/admin/artikel/{}", listed[0].id))).await.unwrap();
    let area = b.find(Locator::Css(".editor-area h2")).await.unwrap();
    assert_eq!(area.text().await.unwrap(), "Jadwal kerja bakti");
    assert!(body_text(&b).await.contains("Bawa air minum"));
}
