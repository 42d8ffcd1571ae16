//! The web layer's settings, decided by the binary.

use aduan_domain::notice::Reachable;
use aduan_store::complaint::citizen::ReplyQuota;
use aduan_store::platform::images::ImageGate;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address citizens reach Aduan at, for tracking links and QR codes.
    pub public_url: String,
    /// Per evidence file.
    pub max_file_bytes: usize,
    /// All evidence of one complaint together.
    pub max_complaint_bytes: usize,
    pub max_files: usize,
    /// Files one case may hold in all, the filing's and the replies'.
    pub max_case_files: usize,
    /// Replies one case may take in any hour.
    pub replies_per_hour: u32,
    /// What a picture may declare, and how much decoding runs at once.
    pub images: ImageGate,
    /// Mark cookies `Secure` and send HSTS (behind HTTPS).
    pub secure_cookies: bool,
    /// Form and API submissions per client address per minute; 0 turns the limit off.
    pub rate_limit_per_minute: u32,
    /// Wrong PINs per client address per hour over all tickets; 0 turns the limit off.
    pub wrong_pins_per_hour: u32,
    /// Look-ups of cases by a citizen's phone, email, NIK or name per staff user per minute; 0
    /// turns the limit off.
    pub identity_lookups_per_minute: u32,
    /// What the configured mail server and gateway can reach: "Lupa PIN" is offered only then.
    pub reachable: Reachable,
    /// Take the client address from `X-Forwarded-For` (only behind a reverse proxy).
    pub trust_proxy: bool,
    /// How long a supervisory body's read-only link to an escalated case stays open.
    pub escalation_link_days: i64,
    /// The shared secret the WhatsApp/SMS gateway signs inbound messages with; without it the
    /// webhook is off.
    pub webhook_secret: Option<String>,
    /// The windows the lapse job applies, for the deadlines the citizen is shown.
    pub lapse: aduan_store::complaint::lapse::Windows,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: "http://127.0.0.1:8080".into(),
            max_file_bytes: 10 * 1024 * 1024,
            max_complaint_bytes: 25 * 1024 * 1024,
            max_files: 5,
            max_case_files: 20,
            replies_per_hour: 10,
            images: ImageGate::default(),
            secure_cookies: false,
            rate_limit_per_minute: 20,
            wrong_pins_per_hour: 60,
            identity_lookups_per_minute: 20,
            reachable: Reachable { email: false, phone: false },
            trust_proxy: false,
            escalation_link_days: 90,
            webhook_secret: None,
            lapse: aduan_store::complaint::lapse::Windows::default(),
        }
    }
}

impl WebConfig {
    /// What a case may gather from the citizen's replies: the filing's limits carried over.
    pub fn reply_quota(&self) -> ReplyQuota {
        ReplyQuota {
            max_case_bytes: i64::try_from(self.max_complaint_bytes).unwrap_or(i64::MAX),
            max_case_files: i64::try_from(self.max_case_files).unwrap_or(i64::MAX),
            replies_per_hour: i64::from(self.replies_per_hour),
        }
    }
}
