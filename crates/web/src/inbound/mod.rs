//! Complaints and replies that arrive as messages — mail piped to `aduan ingest-mail`, WhatsApp
//! and SMS through the gateway's webhook. One rule for all: a message naming a case (its ticket
//! in the subject or the text) is that case's reply; any other is a new complaint on the message's
//! channel, in the village's general category, marked for staff to complete, and its sender gets
//! the receipt with ticket, PIN and link. Files follow the form's rules; a file that breaks them
//! is left out and the text says so, because the message cannot be sent back to fix it.

pub mod mail;
pub mod webhook;

use crate::config::WebConfig;
use crate::i18n::Lang;
use crate::intake::{self, Filing, IntakeError};
use crate::upload::{self, FileProblem};
use aduan_domain::Ticket;
use aduan_domain::complaint::{ComplaintInput, Rejection};
use aduan_store::complaint::inbound::{InboundReply, Outcome, Sender};
use aduan_store::{Store, StoreError};

/// The category of complaints that arrive without one; staff move them on completion.
pub const GENERAL_CATEGORY: &str = "lainnya";
/// The stored description's limit (the form's own).
const MAX_TEXT: usize = 10_000;

/// A message as a channel delivers it, already decoded.
#[derive(Debug, Clone)]
pub struct Message {
    pub sender: Sender,
    /// The sender's display or profile name, when the channel gives one.
    pub name: Option<String>,
    /// The channel's own id of the message (Message-ID, the gateway's id).
    pub message_id: String,
    pub subject: Option<String>,
    pub text: String,
    /// File name and bytes, as sent.
    pub files: Vec<(String, Vec<u8>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum InboundError {
    #[error("the message has no text and no file")]
    Empty,
    #[error("the message cannot be a complaint: {}", fields(.0))]
    Invalid(Rejection),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn fields(r: &Rejection) -> String {
    r.errors.iter().map(|(field, code)| format!("{field} ({code})")).collect::<Vec<_>>().join(", ")
}

/// Takes one message in; see the module's description.
pub async fn take(store: &Store, config: &WebConfig, msg: Message) -> Result<Outcome, InboundError> {
    let village = store.default_village().await?;
    let channel = msg.sender.channel();
    if let Some(seen) = store.inbound_seen(village.id, channel, &msg.message_id).await? {
        return Ok(seen);
    }
    let subject = msg.subject.as_deref().map(without_reply_prefixes).unwrap_or_default();
    let text = msg.text.trim();
    if subject.is_empty() && text.is_empty() && msg.files.is_empty() {
        return Err(InboundError::Empty);
    }
    let (files, problems) = files_by_the_rules(msg.files, config).await;
    let lang = Lang::Id;
    let found =
        Ticket::find_in(&subject, &village.ticket_prefix).or_else(|| Ticket::find_in(text, &village.ticket_prefix));
    if let Some(ticket) = found {
        let body = with_problems(
            if text.is_empty() { lang.t("inbound.files_only") } else { text.to_string() },
            &problems,
            lang,
        );
        let reply = InboundReply {
            ticket,
            sender: msg.sender.clone(),
            message_id: msg.message_id.clone(),
            body,
            files: files.clone(),
            quota: config.reply_quota(),
        };
        match store.inbound_reply(reply).await {
            // A ticket-shaped text that is no case of this village: an ordinary message.
            Err(StoreError::NotFound) => {}
            other => return Ok(other?),
        }
    }
    let category = match store.category_by_code(village.id, GENERAL_CATEGORY).await {
        Ok(c) => c.code,
        Err(StoreError::NotFound) => {
            store.categories(village.id).await?.into_iter().next().ok_or(StoreError::NotFound)?.code
        }
        Err(e) => return Err(e.into()),
    };
    let description = match (text.is_empty(), subject.is_empty()) {
        (false, _) => text.to_string(),
        (true, false) => subject.clone(),
        (true, true) => lang.t("inbound.files_only"),
    };
    let title = if subject.is_empty() { title_of(&description) } else { title_of(&subject) };
    let (email, phone) = match &msg.sender {
        Sender::Email(e) => (e.as_str().to_string(), String::new()),
        Sender::Whatsapp(p) | Sender::Sms(p) => (String::new(), p.as_str().to_string()),
    };
    let input = ComplaintInput {
        kind: "pengaduan".into(),
        category,
        title,
        description: with_problems(description, &problems, lang),
        resolution_requested: lang.t("inbound.default_resolution"),
        identity_mode: "biasa".into(),
        publication: "tertutup".into(),
        name: msg
            .name
            .map(|n| n.trim().to_string())
            .filter(|n| (2..=100).contains(&n.chars().count()))
            .unwrap_or_default(),
        email,
        phone,
        preferred_contact: msg.sender.channel().as_str().into(),
        ..ComplaintInput::default()
    };
    match intake::file_in(store, &input, files, Filing::message(msg.sender, msg.message_id)).await {
        Ok(receipt) => Ok(Outcome::Created(receipt.ticket)),
        Err(IntakeError::Invalid(r)) => Err(InboundError::Invalid(r)),
        Err(IntakeError::Store(e)) => Err(e.into()),
    }
}

/// The subject without the `Re:`/`Fwd:`/`Bls:` its mail program put before it.
fn without_reply_prefixes(subject: &str) -> String {
    let mut s = subject.trim();
    loop {
        let lower = s.to_lowercase();
        let Some(p) =
            ["re:", "aw:", "fw:", "fwd:", "bls:", "balas:", "tr:"].into_iter().find(|p| lower.starts_with(*p))
        else {
            return s.to_string();
        };
        s = s[p.len()..].trim_start();
    }
}

/// The text's first line, cut to a title's length at a word.
pub fn title_of(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    if line.chars().count() <= 100 {
        return line.to_string();
    }
    let cut: String = line.chars().take(100).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// The files that pass the form's rules (count, size, type), cleaned; and what was left out.
async fn files_by_the_rules(
    raw: Vec<(String, Vec<u8>)>,
    config: &WebConfig,
) -> (Vec<aduan_store::platform::uploads::CleanFile>, Vec<FileProblem>) {
    let mut problems = Vec::new();
    let mut kept = Vec::new();
    let mut total = 0usize;
    for (name, bytes) in raw {
        if bytes.len() > config.max_file_bytes {
            problems.push(FileProblem::TooLarge(name));
        } else if kept.len() >= config.max_files {
            problems.push(FileProblem::TooMany);
        } else if total + bytes.len() > config.max_complaint_bytes {
            problems.push(FileProblem::TotalTooLarge);
        } else {
            total += bytes.len();
            kept.push((name, bytes));
        }
    }
    problems.dedup();
    let (clean, mut more) = upload::clean_files(&config.images, kept, config.max_file_bytes).await;
    problems.append(&mut more);
    (clean, problems)
}

/// The text with a note of the files left out, so staff and citizen know; within the limit.
fn with_problems(text: String, problems: &[FileProblem], lang: Lang) -> String {
    let mut text = text;
    if !problems.is_empty() {
        let list = problems
            .iter()
            .map(|p| match p {
                FileProblem::TooLarge(n) => lang.tf("inbound.file_too_large", &[("name", n)]),
                FileProblem::Type(n) => lang.tf("inbound.file_type", &[("name", n)]),
                FileProblem::Broken(n) => lang.tf("inbound.file_broken", &[("name", n)]),
                FileProblem::Pixels(n) => lang.tf("inbound.file_pixels", &[("name", n)]),
                FileProblem::Empty(n) => lang.tf("inbound.file_empty", &[("name", n)]),
                FileProblem::TooMany => lang.t("inbound.file_too_many"),
                FileProblem::TotalTooLarge => lang.t("inbound.file_total"),
            })
            .collect::<Vec<_>>()
            .join("; ");
        text = format!("{}\n\n[{}: {list}]", text.trim_end(), lang.t("inbound.files_left_out"));
    }
    if text.chars().count() > MAX_TEXT {
        let note = lang.t("inbound.cut");
        let keep = MAX_TEXT - note.chars().count() - 3;
        text = format!("{}\n\n{note}", text.chars().take(keep).collect::<String>().trim_end());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_prefixes_go_and_titles_are_cut_at_a_word() {
        assert_eq!(without_reply_prefixes("Re: Fwd: RE: Lampu jalan"), "Lampu jalan");
        assert_eq!(without_reply_prefixes("Rekening air"), "Rekening air");
        let long = "kata ".repeat(40);
        let t = title_of(&long);
        assert!(t.ends_with('…') && t.chars().count() <= 101, "{t}");
        assert_eq!(title_of("\n\n  Jalan rusak  \nlagi"), "Jalan rusak");
    }

    #[test]
    fn files_left_out_are_noted_and_long_text_is_cut() {
        let t = with_problems("Isi".into(), &[FileProblem::Type("a.exe".into())], Lang::Id);
        assert!(t.starts_with("Isi\n\n[") && t.contains("a.exe"), "{t}");
        let t = with_problems("x".repeat(20_000), &[], Lang::Id);
        assert!(t.chars().count() <= MAX_TEXT);
    }
}
