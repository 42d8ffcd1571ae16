//! Complaints and replies by mail (`aduan ingest-mail`, the real binary fed on standard input as
//! a mail server's pipe does) and by WhatsApp/SMS (the gateway's signed webhook), answered
//! through the local SMTP sink and the fake gateway.

use crate::helpers::*;
use crate::notify::courier;
use crate::sinks::{FakeGateway, SmtpSink};
use aduan::settings::Secret;
use aduan_domain::{Pin, Role, Ticket};
use aduan_store::complaint::pin_check::PinOutcome;
use base64::Engine;
use mail_parser::MessageParser;
use reqwest::StatusCode;
use serde_json::{Value, json};

const OWN: &str = "Pemerintah Desa <pengaduan@desa.example>";
const SECRET: &str = "rahasia-gateway-uji-0123456789";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `aduan ingest-mail` on this app's data, with `mail` on standard input.
async fn ingest(app: &TestApp, mail: &[u8]) -> Run {
    ingest_with(app, app.database_url(), mail).await
}

async fn ingest_with(app: &TestApp, database_url: &str, mail: &[u8]) -> Run {
    use tokio::io::AsyncWriteExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_aduan"))
        .arg("--data")
        .arg(app.data_dir.path())
        .args(["--database-url", database_url, "ingest-mail", "--mail-from", OWN, "--max-mail-mb", "2"])
        .env("ADUAN_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the aduan binary");
    let mut stdin = child.stdin.take().unwrap();
    // A mail server may find the pipe closed early (an oversized message): that is an answer too.
    let _ = stdin.write_all(mail).await;
    drop(stdin);
    let out = child.wait_with_output().await.unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn crlf(s: &str) -> Vec<u8> {
    s.replace("\r\n", "\n").replace('\n', "\r\n").into_bytes()
}

fn b64_lines(bytes: &[u8]) -> String {
    let b = base64::engine::general_purpose::STANDARD.encode(bytes);
    b.as_bytes().chunks(76).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("\n")
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(32, 24, |x, y| image::Rgb([(x * 7) as u8, (y * 9) as u8, 60]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A complaint as a phone's mail program sends it: multipart, quoted-printable text with an
/// encoded-word subject, a photo and a file Aduan does not take.
fn complaint_mail(from: &str, message_id: &str) -> Vec<u8> {
    crlf(&format!(
        "Return-Path: <{from}>\n\
From: \"Warga Surel\" <{from}>\n\
To: {OWN}\n\
Subject: =?UTF-8?Q?Jalan_rusak_di_RT_03_=E2=80=94_mohon_diperbaiki?=\n\
Message-ID: <{message_id}>\n\
Date: Tue, 01 Dec 2026 08:00:00 +0700\n\
MIME-Version: 1.0\n\
Content-Type: multipart/mixed; boundary=\"batas-1\"\n\
\n\
--batas-1\n\
Content-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: quoted-printable\n\
\n\
Jalan di RT 03 berlubang sejak dua minggu, sudah ada motor yang jatuh. Mohon =\n\
segera diperbaiki =E2=80=94 terima kasih.\n\
\n\
--=20\n\
Dikirim dari ponsel\n\
--batas-1\n\
Content-Type: image/png; name=\"lubang.png\"\n\
Content-Disposition: attachment; filename=\"lubang.png\"\n\
Content-Transfer-Encoding: base64\n\
\n\
{png}\n\
--batas-1\n\
Content-Type: application/octet-stream; name=\"program.exe\"\n\
Content-Disposition: attachment; filename=\"program.exe\"\n\
Content-Transfer-Encoding: base64\n\
\n\
TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n\
--batas-1--\n",
        png = b64_lines(&png())
    ))
}

/// The text of a mail the sink received, decoded as a mail program would show it.
fn mail_text(raw: &str) -> String {
    let m = MessageParser::default().parse(raw.as_bytes()).expect("a mail");
    format!("{}\n{}", m.subject().unwrap_or(""), m.body_text(0).unwrap_or_default())
}

fn pin_in(text: &str) -> String {
    let at = text.find("PIN ").expect("a PIN in the receipt") + 4;
    text[at..].chars().take_while(|c| c.is_ascii_digit()).collect()
}

async fn deliver(app: &TestApp, sink: &SmtpSink, gateway: &FakeGateway) -> usize {
    let r = courier(app.store.clone(), sink, gateway).run_once(app.store.clock().now()).await.unwrap();
    assert_eq!((r.retrying, r.failed), (0, 0));
    r.sent
}

#[tokio::test]
async fn a_mail_becomes_a_complaint_staff_complete_and_the_sender_gets_the_receipt() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (sink, gateway) = (SmtpSink::start().await, FakeGateway::start().await);

    let run = ingest(&app, &complaint_mail("warga.surel@contoh.id", "uji-1@contoh.id")).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ticket = run.stdout.trim().strip_prefix("created ").expect(&run.stdout).to_string();
    let t = Ticket::parse(&ticket).unwrap();
    let case = app.store.case(&t).await.unwrap();
    assert_eq!(case.channel.as_str(), "email");
    assert_eq!(case.status.as_str(), "diterima");
    assert_eq!(case.category_code, "lainnya");
    assert!(case.needs_completion);
    assert_eq!(case.title, "Jalan rusak di RT 03 — mohon diperbaiki");
    assert!(case.description.starts_with("Jalan di RT 03 berlubang"), "{}", case.description);
    assert!(case.description.contains("segera diperbaiki — terima kasih."), "quoted-printable decoded");
    assert!(!case.description.contains("Dikirim dari ponsel"), "the signature is not the complaint");
    assert!(case.description.contains("Lampiran tidak diterima") && case.description.contains("program.exe"));
    assert_eq!(case.attachments.len(), 1);
    assert_eq!(
        (case.attachments[0].original_name.as_str(), case.attachments[0].media_type.mime()),
        ("lubang.png", "image/png")
    );
    assert_eq!(case.complainant.email.as_deref(), Some("warga.surel@contoh.id"));
    assert_eq!(case.complainant.name.as_deref(), Some("Warga Surel"));

    // The receipt, with ticket, PIN and link, goes back to the sender by mail.
    assert_eq!(deliver(&app, &sink, &gateway).await, 1);
    let mails = sink.mails();
    assert_eq!(mails[0].to, ["<warga.surel@contoh.id>"]);
    assert!(mails[0].data.contains("Auto-Submitted: auto-generated"), "no mail program answers a receipt");
    let text = mail_text(&mails[0].data);
    assert!(text.contains(&ticket) && text.contains(&format!("/lacak/{ticket}")), "{text}");
    let pin = pin_in(&text);
    assert_eq!(app.store.check_pin(&t, &Pin::parse(&pin).unwrap()).await.unwrap(), PinOutcome::Granted { version: 1 });

    // The mail server delivers the same message again: nothing new, nobody written to twice.
    let again = ingest(&app, &complaint_mail("warga.surel@contoh.id", "uji-1@contoh.id")).await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("seen before") && again.stdout.contains(&ticket), "{}", again.stdout);
    assert_eq!(app.count().await, 1);
    assert_eq!(app.store.outbox_pending().await.unwrap(), 0);

    // Staff complete it before it can be assigned.
    let (manager, _) = crate::admin::staff_client(&app, "sekdes", &[Role::Pengelola]).await;
    let html = page(&manager, &app, &format!("/admin/pengaduan/{ticket}")).await;
    assert!(html.contains("id=\"complete\"") && html.contains("perlu dilengkapi"));
    let queue = page(&manager, &app, "/admin/pengaduan").await;
    assert!(queue.contains("perlu dilengkapi"));
    let csrf = csrf_in(&html);
    let officer = user_id(&app, "sekdes").await;
    let (status, body) =
        step(&manager, &app, &csrf, &ticket, &[("action", "disposisi"), ("from", "diterima"), ("officer", &officer)])
            .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("Lengkapi pengaduan ini dulu"));
    let url = format!("/admin/pengaduan/{ticket}/lengkapi");
    let (status, _, body) = post(
        &manager,
        &app,
        &url,
        &[
            ("csrf", &csrf),
            ("kind", "pengaduan"),
            ("category", "infrastruktur"),
            ("title", "abc"),
            ("resolution_requested", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Terlalu pendek") && body.contains("Wajib diisi"), "every field's problem");
    let (status, _, body) = post(
        &manager,
        &app,
        &url,
        &[
            ("csrf", &csrf),
            ("kind", "pengaduan"),
            ("category", "infrastruktur"),
            ("title", "Jalan berlubang di RT 03"),
            ("resolution_requested", "Jalan ditambal sebelum musim hujan"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Pengaduan sudah dilengkapi") && !body.contains("id=\"complete\""));
    let case = app.store.case(&t).await.unwrap();
    assert_eq!((case.category_code.as_str(), case.needs_completion), ("infrastruktur", false));
    assert_eq!(app.store.audit_actions_for_tests(1, "complaint.complete").await, 1);
    let (status, body) =
        step(&manager, &app, &csrf, &ticket, &[("action", "disposisi"), ("from", "diterima"), ("officer", &officer)])
            .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, _) = post(
        &manager,
        &app,
        &url,
        &[
            ("csrf", &csrf),
            ("category", "infrastruktur"),
            ("title", "Judul lain"),
            ("resolution_requested", "Lain lagi"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "not after verification");

    // A supervisor may read the case but not complete it.
    let (watcher, _) = crate::admin::staff_client(&app, "pengawas1", &[Role::Pengawas]).await;
    let (status, _, _) = post(&watcher, &app, &url, &[("csrf", &csrf_in(&page(&watcher, &app, "/admin").await))]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_mail_naming_the_case_is_its_reply_only_from_the_contact_on_file() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let (sink, gateway) = (SmtpSink::start().await, FakeGateway::start().await);
    let mut by_mail = valid_json();
    by_mail["complainant"]["email"] = "warga.balas@contoh.id".into();
    by_mail["complainant"]["preferred_contact"] = "email".into();
    let (ticket, pin) = file_json(&app, by_mail).await;
    deliver(&app, &sink, &gateway).await;

    // A reply to the village's mail, base64 text, quoting the earlier message with the PIN.
    let body = format!(
        "Foto tambahan sudah saya lampirkan.\n\nPada Sel, 1 Des 2026 Desa menulis:\n> Pengaduan {ticket}\n> PIN {pin}\n"
    );
    let reply = crlf(&format!(
        "From: Warga <WARGA.balas@contoh.id>\n\
To: {OWN}\n\
Subject: Re: Pengaduan {ticket} — Desa Karangbawang\n\
Message-ID: <balas-1@contoh.id>\n\
MIME-Version: 1.0\n\
Content-Type: multipart/mixed; boundary=\"b2\"\n\
\n\
--b2\n\
Content-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: base64\n\
\n\
{text}\n\
--b2\n\
Content-Type: image/jpeg\n\
Content-Disposition: attachment; filename=\"foto2.jpg\"\n\
Content-Transfer-Encoding: base64\n\
\n\
{jpeg}\n\
--b2--\n",
        text = b64_lines(body.as_bytes()),
        jpeg = b64_lines(&jpeg_with_gps())
    ));
    let run = ingest(&app, &reply).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with(&format!("replied {ticket}")), "{}", run.stdout);
    let t = Ticket::parse(&ticket).unwrap();
    let case = app.store.case(&t).await.unwrap();
    let last = case.messages.last().unwrap();
    assert_eq!(last.body, "Foto tambahan sudah saya lampirkan.");
    assert!(!case.messages.iter().any(|m| m.body.contains(&pin)), "the quoted PIN is never stored");
    assert_eq!(case.attachments.len(), 1);
    assert!(!contains(&app.store.attachment(&t, case.attachments[0].id).await.unwrap().1, b"Exif"), "GPS removed");
    assert_eq!(deliver(&app, &sink, &gateway).await, 1);
    assert!(mail_text(&sink.mails().last().unwrap().data).contains("Balasan Anda sudah ditambahkan"));

    // Someone else naming the ticket adds nothing; they are told how to reach the case.
    let stranger = crlf(&format!(
        "From: orang.lain@contoh.id\nTo: {OWN}\nSubject: tiket {ticket}\nMessage-ID: <asing-1@contoh.id>\n\nSaya ikut mengadu soal ini, tolong dibaca."
    ));
    let run = ingest(&app, &stranger).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with(&format!("refused {ticket}")), "{}", run.stdout);
    assert_eq!(app.store.case(&t).await.unwrap().messages.len(), case.messages.len());
    assert_eq!(deliver(&app, &sink, &gateway).await, 1);
    let last = sink.mails().last().unwrap().clone();
    assert_eq!(last.to, ["<orang.lain@contoh.id>"]);
    assert!(mail_text(&last.data).contains("tidak dapat dicatat sebagai balasan"));

    // A ticket of no case here is an ordinary complaint.
    let unknown = crlf(&format!(
        "From: warga.lain@contoh.id\nTo: {OWN}\nSubject: Air PAM mati\nMessage-ID: <lain-1@contoh.id>\n\nSejak kemarin air mati, tiket lama saya {}.",
        Ticket::generate(&aduan_domain::TicketPrefix::parse("KRB").unwrap(), &mut rand::rng())
    ));
    let run = ingest(&app, &unknown).await;
    assert!(run.stdout.starts_with("created "), "{} {}", run.stdout, run.stderr);
}

#[tokio::test]
async fn machine_mail_is_never_answered_and_broken_mail_is_refused_with_a_clear_status() {
    let app = spawn_app_with(|s| s.rate_limit_per_minute = 0).await;
    let auto_reply = crlf(&format!(
        "From: warga@contoh.id\nTo: {OWN}\nSubject: Automatic reply: Pengaduan\nAuto-Submitted: auto-replied\nMessage-ID: <oof@contoh.id>\n\nSaya sedang cuti."
    ));
    let bounce = crlf(&format!(
        "From: Mail Delivery System <MAILER-DAEMON@mx.contoh.id>\nTo: {OWN}\nSubject: Undelivered Mail Returned to Sender\n\
Message-ID: <bounce@mx.contoh.id>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n\n\
--r\nContent-Type: text/plain\n\nThe mail could not be delivered.\n--r\nContent-Type: message/delivery-status\n\n\
Reporting-MTA: dns; mx.contoh.id\nFinal-Recipient: rfc822; hilang@contoh.id\nAction: failed\nStatus: 5.1.1\n--r--\n"
    ));
    let list = crlf(&format!(
        "From: milis@contoh.id\nTo: {OWN}\nSubject: Buletin desa\nList-Id: <buletin.contoh.id>\nList-Unsubscribe: <mailto:keluar@contoh.id>\nMessage-ID: <milis@contoh.id>\n\nBerita minggu ini."
    ));
    let own = crlf(&format!(
        "From: {OWN}\nTo: {OWN}\nSubject: Pengaduan\nMessage-ID: <sendiri@desa.example>\n\nPesan dari Aduan sendiri."
    ));
    for (mail, why) in [(auto_reply, "auto-reply"), (bounce, "bounce"), (list, "mailing-list"), (own, "own address")] {
        let run = ingest(&app, &mail).await;
        assert_eq!(run.code, 0, "{why}: {}", run.stderr);
        assert!(run.stdout.starts_with("ignored: "), "{why}: {}", run.stdout);
    }
    assert_eq!(app.count().await, 0);
    assert_eq!(app.store.outbox_pending().await.unwrap(), 0, "nothing answers machine mail");

    for (mail, expect) in [
        (b"\x00\x01\x02 not a mail at all \xff\xfe".to_vec(), "no From address"),
        (Vec::new(), "not a mail message"),
        (crlf("Subject: tanpa pengirim\n\nIsi tanpa alamat pengirim."), "no From address"),
        (crlf("From: warga@contoh.id\nSubject: \n\n   \n"), "no text"),
        (vec![b'a'; 3 * 1024 * 1024], "larger than 2 MB"),
    ] {
        let run = ingest(&app, &mail).await;
        assert_eq!(run.code, 65, "{expect}: {} {}", run.stdout, run.stderr);
        assert!(run.stderr.contains(expect), "{expect}: {}", run.stderr);
    }
    assert_eq!(app.count().await, 0);
    assert_eq!(app.stored_files(), 0);

    // The database is away: the mail server keeps the message and tries again later.
    let run =
        ingest_with(&app, "postgres://aduan@127.0.0.1:1/aduan", &complaint_mail("w@contoh.id", "x@contoh.id")).await;
    assert_eq!(run.code, 75, "{} {}", run.stdout, run.stderr);
    assert_eq!(app.count().await, 0);
    assert_eq!(app.stored_files(), 0);
}

async fn webhook(app: &TestApp, body: &Value, secret: &str) -> (StatusCode, Value) {
    let raw = serde_json::to_vec(body).unwrap();
    let res = app
        .client
        .post(app.url("/webhook/pesan"))
        .header("content-type", "application/json")
        .header("x-aduan-signature", aduan_web::inbound::webhook::signature(secret, &raw))
        .body(raw)
        .send()
        .await
        .unwrap();
    (res.status(), res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_gateway_webhook_takes_signed_messages_and_answers_through_the_gateway() {
    let app = spawn_app_with(|s| {
        s.rate_limit_per_minute = 0;
        s.webhook_secret = Some(Secret(SECRET.into()));
    })
    .await;
    let (sink, gateway) = (SmtpSink::start().await, FakeGateway::start().await);
    let message = json!({
        "id": "wamid.UJI1", "channel": "whatsapp", "from": "+62 812-0000-7777", "name": "Warga WA",
        "text": "Lampu jalan depan balai desa mati",
        "media": [{"filename": "lampu.png", "content_base64": base64::engine::general_purpose::STANDARD.encode(png())}]
    });

    // Unsigned, or signed with another secret: refused before anything is read or stored.
    let (status, body) = webhook(&app, &message, "rahasia-lain-yang-salah-000").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["error"]["code"], "bad_signature");
    let res = app.client.post(app.url("/webhook/pesan")).json(&message).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let raw = serde_json::to_vec(&message).unwrap();
    let mut tampered = raw.clone();
    tampered.extend_from_slice(b" ");
    let res = app
        .client
        .post(app.url("/webhook/pesan"))
        .header("x-aduan-signature", aduan_web::inbound::webhook::signature(SECRET, &raw))
        .body(tampered)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "the signature covers every byte");
    assert_eq!(app.count().await, 0);

    let (status, body) = webhook(&app, &message, SECRET).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["outcome"], "created");
    let ticket = body["ticket"].as_str().unwrap().to_string();
    let t = Ticket::parse(&ticket).unwrap();
    let case = app.store.case(&t).await.unwrap();
    assert_eq!((case.channel.as_str(), case.needs_completion, case.attachments.len()), ("whatsapp", true, 1));
    assert_eq!(case.title, "Lampu jalan depan balai desa mati");
    assert_eq!(case.complainant.phone.as_deref(), Some("+6281200007777"));

    // The gateway delivers it again: the first answer stands.
    let (status, body) = webhook(&app, &message, SECRET).await;
    assert_eq!((status, body["outcome"].as_str()), (StatusCode::OK, Some("seen")));
    assert_eq!(app.count().await, 1);

    // The receipt goes back through the outbound gateway, with the PIN.
    assert_eq!(deliver(&app, &sink, &gateway).await, 1);
    let call: Value = serde_json::from_str(&gateway.calls()[0].body).unwrap();
    assert_eq!(call["phone"], "+6281200007777");
    let text = call["text"].as_str().unwrap();
    assert!(text.contains(&ticket) && text.contains(&format!("/lacak/{ticket}")), "{text}");
    let pin = pin_in(text);
    assert_eq!(app.store.check_pin(&t, &Pin::parse(&pin).unwrap()).await.unwrap(), PinOutcome::Granted { version: 1 });

    // A later message naming the ticket is the citizen's reply; from another number it is not.
    let reply = json!({"id": "wamid.UJI2", "channel": "whatsapp", "from": "081200007777",
        "text": format!("{} sudah 3 hari belum ada petugas", ticket.to_lowercase())});
    let (status, body) = webhook(&app, &reply, SECRET).await;
    assert_eq!((status, body["outcome"].as_str()), (StatusCode::OK, Some("replied")), "{body}");
    let other = json!({"id": "SM-1", "channel": "sms", "from": "081299998888", "text": format!("cek {ticket}")});
    let (status, body) = webhook(&app, &other, SECRET).await;
    assert_eq!((status, body["outcome"].as_str()), (StatusCode::OK, Some("refused")), "{body}");
    assert_eq!(app.store.case(&t).await.unwrap().messages.len(), 1);
    assert_eq!(deliver(&app, &sink, &gateway).await, 2);

    // Bad input gets a clear 4xx and stores nothing.
    for (bad, status, code) in [
        (json!({"id": "x1", "channel": "whatsapp", "from": "12", "text": "halo"}), 422, "invalid_phone"),
        (json!({"id": "x2", "channel": "telegram", "from": "081200001111", "text": "halo"}), 422, "invalid_choice"),
        (json!({"id": "x3", "channel": "sms", "from": "081200001111", "text": "  "}), 422, "empty_message"),
        (
            json!({"id": "x4", "channel": "sms", "from": "081200001111", "text": "a", "media": [{"filename": "a", "content_base64": "%%%"}]}),
            422,
            "bad_base64",
        ),
        (
            json!({"id": "x5", "channel": "sms", "from": "081200001111", "text": "a", "extra": 1}),
            422,
            "invalid_json_fields",
        ),
        (json!("not an object"), 422, "invalid_json_fields"),
    ] {
        let (got, body) = webhook(&app, &bad, SECRET).await;
        assert_eq!(got.as_u16(), status, "{bad}: {body}");
        assert_eq!(body["error"]["code"], code, "{bad}");
    }
    let raw = b"{not json".to_vec();
    let res = app
        .client
        .post(app.url("/webhook/pesan"))
        .header("x-aduan-signature", aduan_web::inbound::webhook::signature(SECRET, &raw))
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.count().await, 1);
}

#[tokio::test]
async fn without_a_secret_the_webhook_is_off() {
    let app = spawn_app().await;
    let message = json!({"id": "1", "channel": "sms", "from": "081200001111", "text": "halo"});
    let (status, _) = webhook(&app, &message, "apa-saja-000000000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.count().await, 0);
}

#[tokio::test]
async fn a_picture_bomb_sent_by_whatsapp_is_left_out_and_named_in_the_case() {
    let app = spawn_app_with(|s| {
        s.rate_limit_per_minute = 0;
        s.webhook_secret = Some(Secret(SECRET.into()));
    })
    .await;
    let bomb = aduan_store::platform::images::bombs::png(12_000, 12_000, true);
    let message = json!({
        "id": "wamid.BOM1", "channel": "whatsapp", "from": "+62 812-0000-7778",
        "text": "Jalan berlubang di depan sekolah",
        "media": [{"filename": "lubang.png", "content_base64": base64::engine::general_purpose::STANDARD.encode(bomb)}]
    });
    // A message is never lost for its file: the case is made, the file left out and named.
    let (status, body) = webhook(&app, &message, SECRET).await;
    assert_eq!((status, body["outcome"].as_str()), (StatusCode::OK, Some("created")), "{body}");
    let case = app.store.case(&Ticket::parse(body["ticket"].as_str().unwrap()).unwrap()).await.unwrap();
    assert!(case.attachments.is_empty() && case.description.contains("lubang.png memiliki terlalu banyak piksel"));
    assert_eq!(app.stored_files(), 0);
}
