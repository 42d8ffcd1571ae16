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
    /// Set when Aduan is served over HTTPS (Secure cookies, HSTS).
    #[arg(long, env = "ADUAN_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Form and API submissions allowed per client address per minute; 0 turns the limit off.
    #[arg(long, env = "ADUAN_RATE_LIMIT_PER_MINUTE", default_value_t = 20)]
    pub rate_limit_per_minute: u32,
    /// Behind a reverse proxy: take the client address from X-Forwarded-For.
    #[arg(long, env = "ADUAN_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
}

impl ServeArgs {
    pub fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!((1..=100).contains(&self.max_file_mb), "--max-file-mb must be 1 to 100");
        anyhow::ensure!(
            self.max_complaint_mb >= self.max_file_mb && self.max_complaint_mb <= 500,
            "--max-complaint-mb must be at least --max-file-mb and at most 500"
        );
        if let Some(url) = &self.public_url {
            anyhow::ensure!(
                url.starts_with("http://") || url.starts_with("https://"),
                "--public-url must start with http:// or https://"
            );
        }
        Ok(())
    }
}
