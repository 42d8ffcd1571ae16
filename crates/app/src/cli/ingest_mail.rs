//! `aduan ingest-mail`: one RFC 5322 message on standard input, as a mail server's pipe
//! (Postfix `pipe`, an `.forward`/procmail rule, fetchmail's `--mda`) hands it over. The exit
//! status follows sysexits, which mail servers act on: 0 taken (or dropped on purpose, such as an
//! auto-reply), 65 a message that can never be taken (the server returns it to its sender),
//! 74 standard input unreadable, 75 a passing failure (the server keeps the mail and tries again;
//! nothing of it was stored).

use crate::settings::DataArgs;
use crate::startup::open_store;
use aduan_store::complaint::inbound::{Outcome, Refusal};
use aduan_web::WebConfig;
use aduan_web::inbound::mail::{self, Parsed};
use aduan_web::inbound::{self, InboundError};
use clap::Args;
use std::io::Read;
use std::process::ExitCode;

pub const EX_DATAERR: u8 = 65;
pub const EX_IOERR: u8 = 74;
pub const EX_TEMPFAIL: u8 = 75;
pub const EX_CONFIG: u8 = 78;

#[derive(Args, Debug, Clone)]
pub struct IngestMailArgs {
    /// The largest message taken, in megabytes (attachments included, as sent).
    #[arg(long, env = "ADUAN_MAX_MAIL_MB", default_value_t = 50)]
    pub max_mail_mb: usize,
    /// Largest evidence file, in megabytes (as the web form).
    #[arg(long, env = "ADUAN_MAX_FILE_MB", default_value_t = 10)]
    pub max_file_mb: usize,
    /// Largest total of evidence for one complaint, in megabytes (as the web form).
    #[arg(long, env = "ADUAN_MAX_COMPLAINT_MB", default_value_t = 25)]
    pub max_complaint_mb: usize,
    /// The address Aduan sends mail from: a message from it is Aduan's own, come back.
    #[arg(long, env = "ADUAN_MAIL_FROM", default_value = "Aduan <aduan@localhost>")]
    pub mail_from: String,
}

/// The address inside `Name <address>`, or the whole text.
fn bare_address(mailbox: &str) -> &str {
    match (mailbox.rfind('<'), mailbox.rfind('>')) {
        (Some(a), Some(b)) if a < b => mailbox[a + 1..b].trim(),
        _ => mailbox.trim(),
    }
}

fn fail(code: u8, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("aduan ingest-mail: {message}");
    ExitCode::from(code)
}

pub async fn run(data: &DataArgs, args: &IngestMailArgs, input: &mut (dyn Read + Send)) -> ExitCode {
    let limit = args.max_mail_mb * 1024 * 1024;
    let mut raw = Vec::new();
    if let Err(e) = input.take(limit as u64 + 1).read_to_end(&mut raw) {
        return fail(EX_IOERR, format!("reading standard input: {e}"));
    }
    if raw.len() > limit {
        return fail(EX_DATAERR, format!("the message is larger than {} MB", args.max_mail_mb));
    }
    let parsed = match mail::read(&raw, Some(bare_address(&args.mail_from))) {
        Ok(p) => p,
        Err(e) => return fail(EX_DATAERR, e),
    };
    let message = match parsed {
        Parsed::Ignored(why) => {
            println!("ignored: {}", why.as_str());
            return ExitCode::SUCCESS;
        }
        Parsed::Message(m) => m,
    };
    let (store, _) = match open_store(data).await {
        Ok(s) => s,
        Err(e) => return fail(EX_TEMPFAIL, format!("{e:#}")),
    };
    let config = WebConfig {
        max_file_bytes: args.max_file_mb * 1024 * 1024,
        max_complaint_bytes: args.max_complaint_mb * 1024 * 1024,
        ..WebConfig::default()
    };
    if config.max_file_bytes == 0 || config.max_complaint_bytes < config.max_file_bytes {
        return fail(EX_CONFIG, "--max-complaint-mb must be at least --max-file-mb, which must be at least 1");
    }
    let result = inbound::take(&store, &config, message).await;
    store.close().await;
    match result {
        Ok(outcome) => {
            let line = match outcome {
                Outcome::Created(t) => format!("created {t}"),
                Outcome::Replied(t, status) => format!("replied {t} ({})", status.as_str()),
                Outcome::Refused(t, Refusal::NotTheContact) => format!("refused {t}: not from the contact on file"),
                Outcome::Refused(t, Refusal::Closed(s)) => format!("refused {t}: the case is {}", s.as_str()),
                Outcome::Refused(t, Refusal::Full) => {
                    format!("refused {t}: the case has had its replies for this hour or holds all the evidence it may")
                }
                Outcome::Seen(t, first) => format!("seen before: {first} {t}"),
            };
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e @ (InboundError::Empty | InboundError::Invalid(_))) => fail(EX_DATAERR, e),
        Err(InboundError::Store(e)) => fail(EX_TEMPFAIL, format!("nothing was stored: {e}")),
    }
}
