//! Reading one RFC 5322 message as a citizen's complaint or reply. Mail that no person wrote to
//! the village — auto-replies, bounces, mailing lists, Aduan's own messages coming back — is
//! recognised and never answered, so no mail loop can start.

use super::Message;
use aduan_domain::Email;
use aduan_store::complaint::inbound::Sender;
use mail_parser::{MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};

/// Mail that is read and dropped on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ignored {
    AutoReply,
    Bounce,
    MailingList,
    /// Sent by this installation (its own address): a loop.
    OwnMail,
}

impl Ignored {
    pub fn as_str(self) -> &'static str {
        match self {
            Ignored::AutoReply => "auto-reply",
            Ignored::Bounce => "bounce or delivery report",
            Ignored::MailingList => "mailing-list mail",
            Ignored::OwnMail => "mail from this installation's own address",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    #[error("the input is not a mail message (no headers could be read)")]
    Unreadable,
    #[error("the message has no From address to answer")]
    NoSender,
    #[error("the From address is not a valid email address: {0}")]
    BadSender(String),
}

#[derive(Debug)]
pub enum Parsed {
    Message(Message),
    Ignored(Ignored),
}

/// Reads `raw`. `own_address` is the address Aduan sends from, when known.
pub fn read(raw: &[u8], own_address: Option<&str>) -> Result<Parsed, MailError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(MailError::Unreadable);
    }
    let mail = MessageParser::default().parse(raw).ok_or(MailError::Unreadable)?;
    if mail.headers().is_empty() {
        return Err(MailError::Unreadable);
    }
    let headers: Vec<(String, String)> = mail
        .headers_raw()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_ascii_lowercase()))
        .collect();
    let from = mail.from().and_then(|a| a.first());
    let address = from.and_then(|a| a.address()).map(str::trim).unwrap_or("");
    if let Some(why) = ignored(&headers, address, mail.subject().unwrap_or(""), own_address) {
        return Ok(Parsed::Ignored(why));
    }
    if mail.is_content_type("multipart", "report") {
        return Ok(Parsed::Ignored(Ignored::Bounce));
    }
    if address.is_empty() {
        return Err(MailError::NoSender);
    }
    let email = Email::parse(address).map_err(|_| MailError::BadSender(address.chars().take(100).collect()))?;
    let message_id = match mail.message_id().map(str::trim).filter(|m| !m.is_empty()) {
        Some(id) => id.to_string(),
        // Without an id, the same bytes delivered again are still the same message.
        None => format!("sha256:{}", hex::encode(Sha256::digest(raw))),
    };
    let text = mail.body_text(0).map(|t| own_words(&t)).unwrap_or_default();
    let files = mail
        .attachments()
        .filter(|part| !part.is_message())
        .map(|part| {
            let name = part.attachment_name().unwrap_or("lampiran").to_string();
            (name, part.contents().to_vec())
        })
        .collect();
    Ok(Parsed::Message(Message {
        sender: Sender::Email(email),
        name: from.and_then(|a| a.name()).map(str::to_string),
        message_id,
        subject: mail.subject().map(str::to_string),
        text,
        files,
    }))
}

fn ignored(headers: &[(String, String)], from: &str, subject: &str, own: Option<&str>) -> Option<Ignored> {
    let has = |name: &str| headers.iter().any(|(n, _)| n == name);
    let value = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let local = from.split('@').next().unwrap_or("").to_ascii_lowercase();
    if own.is_some_and(|own| own.eq_ignore_ascii_case(from)) {
        return Some(Ignored::OwnMail);
    }
    // RFC 3464 reports and the classic bounce senders; an empty Return-Path is the null sender.
    if has("x-failed-recipients")
        || matches!(local.as_str(), "mailer-daemon" | "postmaster")
        || value("return-path").is_some_and(|v| v == "<>")
    {
        return Some(Ignored::Bounce);
    }
    // RFC 3834, and the headers the common mail programs and providers use instead.
    let auto_submitted = value("auto-submitted").is_some_and(|v| !v.is_empty() && v != "no");
    let precedence = value("precedence").unwrap_or("");
    let subject = subject.trim_start().to_lowercase();
    if auto_submitted
        || has("x-autoreply")
        || has("x-autorespond")
        || has("x-auto-response-suppress")
        || matches!(precedence, "auto_reply" | "bulk" | "junk")
        || ["auto:", "automatic reply", "autoreply", "out of office", "balasan otomatis"]
            .iter()
            .any(|p| subject.starts_with(p))
    {
        return Some(Ignored::AutoReply);
    }
    if has("list-id") || has("list-unsubscribe") || has("list-post") || has("mailing-list") || precedence == "list" {
        return Some(Ignored::MailingList);
    }
    None
}

/// What the sender wrote in this message: quoted lines (`> …`) and the quoted message a mail
/// program appends under "On … wrote:" are left out — they repeat earlier messages, which may
/// hold the receipt with its PIN.
fn own_words(text: &str) -> String {
    let mut kept = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        let lower = t.to_lowercase();
        let quote_header = (lower.starts_with("on ") && lower.ends_with("wrote:"))
            || (lower.starts_with("pada ") && lower.ends_with("menulis:"))
            || lower.starts_with("-----original message-----")
            || lower.starts_with("-------- pesan asli --------")
            || lower.starts_with("-------- original message --------");
        // A quoted message, or the signature separator, ends what the sender wrote.
        if quote_header || line.trim_end_matches('\r') == "-- " {
            break;
        }
        if !t.starts_with('>') {
            kept.push(line.trim_end());
        }
    }
    kept.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(headers: &str, body: &str) -> Vec<u8> {
        format!("{headers}\r\n\r\n{body}").replace("\r\n", "\n").replace('\n', "\r\n").into_bytes()
    }

    const PLAIN: &str = "From: Warga Contoh <warga@contoh.id>\nTo: pengaduan@desa.example\nSubject: Lampu jalan\nMessage-ID: <1@contoh.id>";

    #[test]
    fn a_plain_message_is_read_with_its_sender() {
        let Parsed::Message(m) = read(&mail(PLAIN, "Lampu jalan RT 02 mati."), None).unwrap() else { panic!() };
        assert_eq!(m.sender, Sender::Email(Email::parse("warga@contoh.id").unwrap()));
        assert_eq!((m.name.as_deref(), m.message_id.as_str()), (Some("Warga Contoh"), "1@contoh.id"));
        assert_eq!(m.text, "Lampu jalan RT 02 mati.");
    }

    #[test]
    fn machine_mail_is_ignored() {
        for (extra, why) in [
            ("Auto-Submitted: auto-replied", Ignored::AutoReply),
            ("X-Autoreply: yes", Ignored::AutoReply),
            ("Precedence: bulk", Ignored::AutoReply),
            ("List-Id: <warga.lists.example>", Ignored::MailingList),
            ("X-Failed-Recipients: x@contoh.id", Ignored::Bounce),
            ("Return-Path: <>", Ignored::Bounce),
        ] {
            let parsed = read(&mail(&format!("{PLAIN}\n{extra}"), "isi"), None).unwrap();
            assert!(matches!(parsed, Parsed::Ignored(w) if w == why), "{extra}: {parsed:?}");
        }
        let ok = read(&mail(&format!("{PLAIN}\nAuto-Submitted: no"), "isi"), None).unwrap();
        assert!(matches!(ok, Parsed::Message(_)));
        let own = read(&mail(PLAIN, "isi"), Some("WARGA@contoh.id")).unwrap();
        assert!(matches!(own, Parsed::Ignored(Ignored::OwnMail)));
    }

    #[test]
    fn quoted_text_is_not_the_senders_own() {
        let t = own_words("Sudah saya kirim fotonya.\n\nPada Sen, 1 Des 2026 Desa menulis:\n> PIN 123456\n");
        assert_eq!(t, "Sudah saya kirim fotonya.");
        assert_eq!(own_words("a\n> b\nc\n-- \nTanda tangan"), "a\nc");
    }

    #[test]
    fn garbage_and_senderless_mail_are_errors() {
        assert_eq!(read(b"", None).unwrap_err(), MailError::Unreadable);
        assert_eq!(read(b"   \r\n", None).unwrap_err(), MailError::Unreadable);
        assert_eq!(read(&mail("Subject: x", "isi"), None).unwrap_err(), MailError::NoSender);
        assert!(matches!(
            read(&mail("From: bukan alamat", "isi"), None).unwrap_err(),
            MailError::NoSender | MailError::BadSender(_)
        ));
    }
}
