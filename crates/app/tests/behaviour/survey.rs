//! The yearly satisfaction survey through HTTP: the public form, its validation and repeat
//! protection, and the IKM report per service and in total.

use crate::helpers::*;
use aduan_domain::Role;
use reqwest::{Client, StatusCode};

fn nonce_in(html: &str) -> String {
    let start = html.find("name=\"nonce\" value=\"").expect("a nonce") + "name=\"nonce\" value=\"".len();
    html[start..start + 32].to_string()
}

/// A form with every element answered `value`, from a fresh page of `c`.
async fn form(c: &Client, app: &TestApp, service: &str, value: &str) -> Vec<(String, String)> {
    let html = page(c, app, "/survei").await;
    let mut f = vec![
        ("csrf".to_string(), csrf_in(&html)),
        ("nonce".to_string(), nonce_in(&html)),
        ("service".to_string(), service.to_string()),
    ];
    f.extend((1..=9).map(|u| (format!("u{u}"), value.to_string())));
    f
}

async fn send(c: &Client, app: &TestApp, f: &[(String, String)]) -> (StatusCode, String) {
    let res = c.post(app.url("/survei")).form(f).send().await.unwrap();
    let status = res.status();
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (status, if status == StatusCode::SEE_OTHER { location } else { res.text().await.unwrap() })
}

fn with(mut f: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    f.retain(|(k, _)| k != key);
    f.push((key.to_string(), value.to_string()));
    f
}

#[tokio::test]
async fn citizens_answer_the_survey_once_per_service_and_the_village_reads_its_ikm() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (a, b, c) = (client(), client(), client());
    let html = page(&a, &app, "/survei").await;
    assert!(html.contains("Survei Kepuasan Masyarakat") && html.contains("Pelayanan umum kantor desa"));
    assert!(html.contains("name=\"u9\"") && html.contains("Sarana dan prasarana"));

    // Refused: an element left out, an unknown service, a profile answer not on the list.
    let (status, body) = send(&c, &app, &with(form(&c, &app, "surat", "4").await, "u5", "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Kesesuaian produk pelayanan"), "names the element");
    assert!(body.contains("value=\"4\" required checked"), "keeps the answers given");
    let (status, _) = send(&c, &app, &form(&c, &app, "bukan-layanan", "4").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = send(&c, &app, &with(form(&c, &app, "surat", "4").await, "sex", "x")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("dari daftar"));
    let (status, _) = send(&c, &app, &with(form(&c, &app, "surat", "5").await, "csrf", "wrong")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Counted: A on letters (all 4) and the office in general (all 2); B on letters (all 3).
    let (status, location) = send(&a, &app, &form(&a, &app, "surat", "4").await).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/survei?ok=1"));
    assert!(page(&a, &app, "/survei?ok=1").await.contains("Jawaban Anda sudah tercatat"));
    let (status, body) = send(&a, &app, &form(&a, &app, "surat", "1").await).await;
    assert_eq!(status, StatusCode::CONFLICT, "once per service per year from one browser");
    assert!(body.contains("sudah mengisi survei untuk layanan ini"));
    assert_eq!(send(&a, &app, &form(&a, &app, "umum", "2").await).await.0, StatusCode::SEE_OTHER);
    let b_form = with(with(form(&b, &app, "surat", "3").await, "age", "30_39"), "sex", "p");
    assert_eq!(send(&b, &app, &b_form).await.0, StatusCode::SEE_OTHER);
    // The same form sent again from elsewhere counts once.
    let mut replay = form(&c, &app, "surat", "1").await;
    let b_nonce = b_form.iter().find(|(k, _)| k == "nonce").unwrap().1.clone();
    replay = with(replay, "nonce", &b_nonce);
    assert_eq!(send(&c, &app, &replay).await.0, StatusCode::CONFLICT);

    // The report: letters 2 respondents, (4 + 3) / 2 × 25 = 87.50 (B); the office 50.00 (D);
    // all services 3 respondents, mean 3 × 25 = 75.00 (C).
    let (head, _) = crate::admin::staff_client(&app, "kades", &[Role::Kades]).await;
    let report = page(&head, &app, "/admin/survei").await;
    assert!(report.contains("id=\"ikm\""), "{report:.500}");
    let row = |name: &str| {
        let at = report.find(&format!("<th scope=\"row\">{name}</th>")).unwrap_or_else(|| panic!("row {name}"));
        report[at..at + report[at..].find("</tr>").unwrap()].to_string()
    };
    let letters = row("Surat keterangan dan pengantar");
    assert!(letters.contains("<td>2</td>") && letters.contains("<td>3,50</td>") && letters.contains("87,50"));
    assert!(letters.contains("B (baik)"));
    let office = row("Pelayanan umum kantor desa");
    assert!(office.contains("<td>1</td>") && office.contains("50,00") && office.contains("D (tidak baik)"));
    let all = row("Semua layanan");
    assert!(all.contains("<td>3</td>") && all.contains("75,00") && all.contains("C (kurang baik)"));
    let english = page(&head, &app, "/admin/survei?lang=en").await;
    assert!(english.contains("87.50"));
    assert!(page(&head, &app, "/admin/survei?tahun=2020&lang=id").await.contains("Belum ada jawaban survei"));
}
