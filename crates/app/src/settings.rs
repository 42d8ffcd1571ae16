//! Configuration: defaults, then command-line flags, then `ADUAN_*` environment variables
//! (clap reads both), validated before anything starts.

use clap::Args;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Options every subcommand shares: where the data lives.
#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// Data directory: SQLite database, evidence files, the secret key.
    #[arg(long, env = "ADUAN_DATA", default_value = "./aduan-data", global = true)]
    pub data: PathBuf,
    /// `postgres://…` for PostgreSQL; default: SQLite in the data directory.
    #[arg(long, env = "ADUAN_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// 64 hex digits; default: `secret.key` in the data directory, created on first start.
    #[arg(long, env = "ADUAN_SECRET_KEY", hide_env_values = true, global = true)]
    pub secret_key: Option<Secret>,
}

/// A secret that never shows in `Debug` output or logs.
#[derive(Clone)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(Secret(s.to_string()))
    }
}

impl DataArgs {
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| format!("sqlite://{}", self.data.join("aduan.db").display()))
    }
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "ADUAN_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The address citizens use, for tracking links and QR codes; default `http://<addr>`.
    #[arg(long, env = "ADUAN_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Largest evidence file, in megabytes.
    #[arg(long, env = "ADUAN_MAX_FILE_MB", default_value_t = 10)]
    pub max_file_mb: usize,
    /// Largest total of evidence for one complaint, in megabytes.
    #[arg(long, env = "ADUAN_MAX_COMPLAINT_MB", default_value_t = 25)]
    pub max_complaint_mb: usize,
    /// Evidence files one case may hold in all, with those sent on replies.
    #[arg(long, env = "ADUAN_MAX_CASE_FILES", default_value_t = 20)]
    pub max_case_files: usize,
    /// Replies the citizen may send on one case in any hour (page, mail and WhatsApp together).
    #[arg(long, env = "ADUAN_REPLIES_PER_HOUR", default_value_t = 10)]
    pub replies_per_hour: u32,
    /// Largest picture, in megapixels (width × height) as its header declares it; bigger ones are
    /// refused before decoding. The default is above phone cameras' 200 MP modes.
    #[arg(long, env = "ADUAN_MAX_IMAGE_MEGAPIXELS", default_value_t = 210)]
    pub max_image_megapixels: u64,
    /// Largest decoded picture, in megabytes (16-bit channels count twice).
    #[arg(long, env = "ADUAN_MAX_IMAGE_DECODED_MB", default_value_t = 640)]
    pub max_image_decoded_mb: u64,
    /// Pictures decoded at the same time; others wait their turn.
    #[arg(long, env = "ADUAN_IMAGE_DECODES", default_value_t = 2)]
    pub image_decodes: usize,
    /// Memory all decodes together may hold, in megabytes (each counts twice its decoded size).
    #[arg(long, env = "ADUAN_IMAGE_MEMORY_MB", default_value_t = 1536)]
    pub image_memory_mb: u64,
    /// Set when Aduan is served over HTTPS (Secure cookies, HSTS).
    #[arg(long, env = "ADUAN_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Form and API submissions allowed per client address per minute; 0 turns the limit off.
    #[arg(long, env = "ADUAN_RATE_LIMIT_PER_MINUTE", default_value_t = 20)]
    pub rate_limit_per_minute: u32,
    /// Wrong PINs allowed per client address per hour, over all tickets (a right PIN never
    /// counts); generous, since a carrier or the office Wi-Fi puts many citizens behind one
    /// address. 0 turns the limit off.
    #[arg(long, env = "ADUAN_WRONG_PINS_PER_HOUR", default_value_t = 60)]
    pub wrong_pins_per_hour: u32,
    /// Look-ups of cases by a citizen's phone, email, NIK or name that one staff user may make
    /// per minute: enough for a busy counter, too few to walk through a list of numbers. 0 turns
    /// the limit off.
    #[arg(long, env = "ADUAN_IDENTITY_LOOKUPS_PER_MINUTE", default_value_t = 20)]
    pub identity_lookups_per_minute: u32,
    /// Behind a reverse proxy: take the client address from X-Forwarded-For.
    #[arg(long, env = "ADUAN_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// Days a supervisory body's read-only link to an escalated case stays open.
    #[arg(long, env = "ADUAN_ESCALATION_LINK_DAYS", default_value_t = 90, value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub escalation_link_days: i64,
    /// The secret the WhatsApp/SMS gateway signs inbound messages with (HMAC-SHA256 of the body
    /// in `X-Aduan-Signature`); without it `/webhook/pesan` is off.
    #[arg(long, env = "ADUAN_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<Secret>,
    #[command(flatten)]
    pub notify: NotifyArgs,
}

/// How notifications leave: mail over SMTP and WhatsApp/SMS through an HTTP gateway. Without
/// them, messages wait in the outbox until they are configured.
#[derive(Args, Debug, Clone)]
pub struct NotifyArgs {
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://user:pass@host:465` (TLS) or
    /// `smtp://127.0.0.1:25` (a local relay, no TLS).
    #[arg(long, env = "ADUAN_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<Secret>,
    /// The sender of the village's mail.
    #[arg(long, env = "ADUAN_MAIL_FROM", default_value = "Aduan <aduan@localhost>")]
    pub mail_from: String,
    /// The WhatsApp/SMS gateway's endpoint.
    #[arg(long, env = "ADUAN_GATEWAY_URL")]
    pub gateway_url: Option<String>,
    #[arg(long, env = "ADUAN_GATEWAY_METHOD", default_value = "POST")]
    pub gateway_method: String,
    /// `Name: value`, repeatable (in the environment, one per line), e.g. the gateway's token.
    #[arg(long = "gateway-header", env = "ADUAN_GATEWAY_HEADERS", value_delimiter = '\n', hide_env_values = true)]
    pub gateway_headers: Vec<String>,
    /// The request body, a template with `to`, `message`, `channel`, `ticket` and `id`.
    #[arg(long, env = "ADUAN_GATEWAY_BODY", default_value = aduan_jobs::deliver::DEFAULT_GATEWAY_BODY)]
    pub gateway_body: String,
    /// Give a message up after trying this many hours.
    #[arg(long, env = "ADUAN_OUTBOX_MAX_AGE_HOURS", default_value_t = 168)]
    pub outbox_max_age_hours: u32,
    /// How often the outbox is looked at, in seconds.
    #[arg(long, env = "ADUAN_OUTBOX_EVERY_SECS", default_value_t = 10)]
    pub outbox_every_secs: u64,
}

impl ServeArgs {
    /// The defaults of the command line, listening on `addr` (for embedding and tests).
    pub fn on(addr: SocketAddr) -> Self {
        ServeArgs {
            addr,
            public_url: None,
            max_file_mb: 10,
            max_complaint_mb: 25,
            max_case_files: 20,
            replies_per_hour: 10,
            max_image_megapixels: 210,
            max_image_decoded_mb: 640,
            image_decodes: 2,
            image_memory_mb: 1536,
            secure_cookies: false,
            rate_limit_per_minute: 20,
            wrong_pins_per_hour: 60,
            identity_lookups_per_minute: 20,
            trust_proxy: false,
            escalation_link_days: 90,
            webhook_secret: None,
            notify: NotifyArgs::default(),
        }
    }
}

impl Default for NotifyArgs {
    fn default() -> Self {
        NotifyArgs {
            smtp_url: None,
            mail_from: "Aduan <aduan@localhost>".into(),
            gateway_url: None,
            gateway_method: "POST".into(),
            gateway_headers: Vec::new(),
            gateway_body: aduan_jobs::deliver::DEFAULT_GATEWAY_BODY.into(),
            outbox_max_age_hours: 168,
            outbox_every_secs: 10,
        }
    }
}

impl NotifyArgs {
    /// The gateway's headers as pairs; a JSON content type unless one is given.
    pub fn headers(&self) -> anyhow::Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for h in self.gateway_headers.iter().filter(|h| !h.trim().is_empty()) {
            let (name, value) =
                h.split_once(':').ok_or_else(|| anyhow::anyhow!("--gateway-header {h:?} must be `Name: value`"))?;
            out.push((name.trim().to_string(), value.trim().to_string()));
        }
        if !out.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")) {
            out.push(("Content-Type".into(), "application/json".into()));
        }
        Ok(out)
    }
}

impl ServeArgs {
    pub fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!((1..=100).contains(&self.max_file_mb), "--max-file-mb must be 1 to 100");
        anyhow::ensure!(
            self.max_complaint_mb >= self.max_file_mb && self.max_complaint_mb <= 500,
            "--max-complaint-mb must be at least --max-file-mb and at most 500"
        );
        anyhow::ensure!((5..=1000).contains(&self.max_case_files), "--max-case-files must be 5 to 1000");
        anyhow::ensure!((1..=1000).contains(&self.replies_per_hour), "--replies-per-hour must be 1 to 1000");
        anyhow::ensure!((1..=1000).contains(&self.max_image_megapixels), "--max-image-megapixels must be 1 to 1000");
        anyhow::ensure!((1..=8192).contains(&self.max_image_decoded_mb), "--max-image-decoded-mb must be 1 to 8192");
        anyhow::ensure!((1..=64).contains(&self.image_decodes), "--image-decodes must be 1 to 64");
        anyhow::ensure!(
            self.image_memory_mb >= 2 * self.max_image_decoded_mb,
            "--image-memory-mb must be at least twice --max-image-decoded-mb"
        );
        self.notify.headers()?;
        if let Some(secret) = &self.webhook_secret {
            anyhow::ensure!(secret.0.len() >= 16, "--webhook-secret must be at least 16 characters");
        }
        anyhow::ensure!(self.notify.outbox_every_secs >= 1, "--outbox-every-secs must be at least 1");
        if let Some(url) = &self.public_url {
            anyhow::ensure!(
                url.starts_with("http://") || url.starts_with("https://"),
                "--public-url must start with http:// or https://"
            );
        }
        Ok(())
    }
}
