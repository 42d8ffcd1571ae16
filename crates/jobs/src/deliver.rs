//! The outbox's courier: claims due messages, sends each by mail (SMTP) or through the
//! WhatsApp/SMS gateway (HTTP), and records the outcome. A failed send is retried with growing
//! pauses; a message is given up only after `max_age`, visibly, on the case page.

use crate::render::render;
use aduan_domain::notice::{Channel, DeliveryFailure};
use aduan_store::platform::outbox::Outgoing;
use aduan_store::{Store, StoreError};
use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration as StdDuration;
use time::{Duration, OffsetDateTime};

/// SMTP: `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://…:465` (TLS), or
/// `smtp://host:25` (plain, for a local relay).
#[derive(Clone, Debug)]
pub struct MailConfig {
    pub url: String,
    pub from: String,
}

/// An HTTP WhatsApp/SMS gateway. The body is a template with `to`, `message`, `channel`,
/// `ticket` and `id` (e.g. `{"phone": {{ to|tojson }}, "text": {{ message|tojson }}}`).
#[derive(Clone, Debug)]
pub struct GatewayConfig {
    pub url: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

pub const DEFAULT_GATEWAY_BODY: &str =
    r#"{"to": {{ to|tojson }}, "message": {{ message|tojson }}, "channel": {{ channel|tojson }}}"#;

#[derive(Clone, Debug)]
pub struct DeliveryConfig {
    /// For the links in messages.
    pub public_url: String,
    pub mail: Option<MailConfig>,
    pub gateway: Option<GatewayConfig>,
    /// After this long unsent, a message is given up.
    pub max_age: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("SMTP URL: {0}")]
    Smtp(String),
    #[error("sender address {0:?}: {1}")]
    From(String, String),
    #[error("gateway: {0}")]
    Gateway(String),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    host: String,
}

struct Gateway {
    config: GatewayConfig,
    method: reqwest::Method,
    template: minijinja::Environment<'static>,
    http: reqwest::Client,
}

/// Sends outbox messages; one per server process.
pub struct Courier {
    store: Store,
    public_url: String,
    max_age: Duration,
    mailer: Option<Mailer>,
    gateway: Option<Gateway>,
}

/// Why one message was not sent: `Later` is tried again, `Never` is given up at once. Each
/// carries the failure's code before its detail (see [`DeliveryFailure`]).
enum SendError {
    Later(String),
    Never(String),
}

fn later(kind: DeliveryFailure, detail: impl std::fmt::Display) -> SendError {
    SendError::Later(kind.with_detail(&detail.to_string()))
}

fn never(kind: DeliveryFailure, detail: impl std::fmt::Display) -> SendError {
    SendError::Never(kind.with_detail(&detail.to_string()))
}

/// The pause before the next attempt: 30 s, doubling, at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    let exp = attempts.clamp(1, 8) - 1;
    Duration::seconds((30i64 << exp).min(3600))
}

impl Courier {
    pub fn new(store: Store, config: DeliveryConfig) -> Result<Self, ConfigError> {
        let mailer = match config.mail {
            Some(m) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&m.url)
                    .map_err(|e| ConfigError::Smtp(e.to_string()))?
                    .timeout(Some(StdDuration::from_secs(20)))
                    .build();
                let from: Mailbox = m
                    .from
                    .parse()
                    .map_err(|e: lettre::address::AddressError| ConfigError::From(m.from.clone(), e.to_string()))?;
                let host = from.email.domain().to_string();
                Some(Mailer { transport, from, host })
            }
            None => None,
        };
        let gateway = match config.gateway {
            Some(g) => {
                let method = reqwest::Method::from_bytes(g.method.to_ascii_uppercase().as_bytes())
                    .map_err(|_| ConfigError::Gateway(format!("unknown method {}", g.method)))?;
                let mut template = minijinja::Environment::new();
                template.add_template_owned("body", g.body.clone()).map_err(|e| ConfigError::Gateway(e.to_string()))?;
                let http = reqwest::Client::builder()
                    .timeout(StdDuration::from_secs(20))
                    .build()
                    .map_err(|e| ConfigError::Gateway(e.to_string()))?;
                Some(Gateway { config: g, method, template, http })
            }
            None => None,
        };
        Ok(Courier { store, public_url: config.public_url, max_age: config.max_age, mailer, gateway })
    }

    /// One pass: everything due now, a batch at a time.
    pub async fn run_once(&self, now: OffsetDateTime) -> Result<DeliveryReport, StoreError> {
        let mut report = DeliveryReport::default();
        loop {
            let batch = self.store.claim_outbox(now, Duration::minutes(2), 50).await?;
            if batch.is_empty() {
                return Ok(report);
            }
            for m in batch {
                match self.send(&m).await {
                    Ok(()) => {
                        self.store.outbox_sent(m.id, self.store.clock().now()).await?;
                        report.sent += 1;
                    }
                    Err(SendError::Never(e)) => {
                        tracing::warn!(id = m.id, error = %e, "message given up");
                        self.store.outbox_failed(m.id, now, &e, true).await?;
                        report.failed += 1;
                    }
                    Err(SendError::Later(e)) if now - m.created_at >= self.max_age => {
                        tracing::warn!(id = m.id, error = %e, "message given up after retrying");
                        self.store.outbox_failed(m.id, now, &e, true).await?;
                        report.failed += 1;
                    }
                    Err(SendError::Later(e)) => {
                        tracing::info!(id = m.id, attempts = m.attempts, error = %e, "message will be retried");
                        self.store.outbox_retry(m.id, now + backoff(m.attempts), &e).await?;
                        report.retrying += 1;
                    }
                }
            }
        }
    }

    async fn send(&self, m: &Outgoing) -> Result<(), SendError> {
        let text = render(m, &self.public_url).map_err(|e| never(DeliveryFailure::Render, e))?;
        match m.channel {
            Channel::Email => {
                let Some(mailer) = &self.mailer else {
                    return Err(later(DeliveryFailure::NoMailServer, "no mail server is configured"));
                };
                let to: Mailbox =
                    m.recipient.parse().map_err(|_| never(DeliveryFailure::BadAddress, "invalid address"))?;
                let mail = Message::builder()
                    .from(mailer.from.clone())
                    .to(to)
                    .subject(text.subject)
                    // A stable id lets a mail system drop a copy sent again after a crash.
                    .message_id(Some(format!("<aduan-outbox-{}@{}>", m.id, mailer.host)))
                    .header(ContentType::TEXT_PLAIN)
                    // RFC 3834: no mail program should answer this automatically (no loops with
                    // out-of-office replies; `aduan ingest-mail` drops such answers too).
                    .raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str("Auto-Submitted"),
                        "auto-generated".into(),
                    ))
                    .body(text.body)
                    .map_err(|e| never(DeliveryFailure::Render, e))?;
                mailer.transport.send(mail).await.map_err(|e| {
                    if e.is_permanent() {
                        never(DeliveryFailure::MailRefused, e)
                    } else {
                        later(DeliveryFailure::MailFailed, e)
                    }
                })?;
                Ok(())
            }
            Channel::Whatsapp | Channel::Sms => {
                let Some(g) = &self.gateway else {
                    return Err(later(DeliveryFailure::NoGateway, "no WhatsApp/SMS gateway is configured"));
                };
                let body = g
                    .template
                    .get_template("body")
                    .and_then(|t| {
                        t.render(minijinja::context! {
                            to => &m.recipient, message => text.body, channel => m.channel.as_str(),
                            ticket => &m.ticket, id => m.id,
                        })
                    })
                    .map_err(|e| never(DeliveryFailure::GatewayTemplate, e))?;
                let mut request = g.http.request(g.method.clone(), &g.config.url).body(body);
                for (name, value) in &g.config.headers {
                    request = request.header(name, value);
                }
                let response = request
                    .header("Idempotency-Key", format!("aduan-outbox-{}", m.id))
                    .send()
                    .await
                    .map_err(|e| later(DeliveryFailure::GatewayUnreachable, e))?;
                if response.status().is_success() {
                    Ok(())
                } else {
                    Err(later(DeliveryFailure::GatewayRefused, format!("gateway answered {}", response.status())))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(5), Duration::seconds(480));
        assert_eq!(backoff(8), Duration::seconds(3600));
        assert_eq!(backoff(40), Duration::seconds(3600));
    }
}
