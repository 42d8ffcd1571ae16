//! What every page shares: language, title, the village's contact block, and date formatting.

use crate::AppState;
use crate::i18n::Lang;
use aduan_store::platform::villages::Village;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use time::{OffsetDateTime, UtcOffset};

#[derive(Clone, Debug)]
pub struct PageCtx {
    pub lang: Lang,
    pub title: String,
    pub description: String,
    pub path: String,
    pub village: Village,
    /// The moment this request is answered, from the application's clock: one page, one time.
    pub now: time::OffsetDateTime,
}

impl PageCtx {
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// Translates `prefix` + `suffix`, e.g. `status.` + `diproses`.
    pub fn tk(&self, prefix: &str, suffix: &str) -> String {
        self.lang.t(&format!("{prefix}{suffix}"))
    }

    pub fn tf(&self, key: &str, name: &str, value: &str) -> String {
        self.lang.tf(key, &[(name, value)])
    }

    pub fn with_title(mut self, key: &str) -> Self {
        self.title = self.lang.t(key);
        self
    }

    /// The same page in the other language, always on this site.
    pub fn switch_href(&self) -> String {
        format!("{}?lang={}", on_site(&self.path), self.t("lang.code_other"))
    }

    pub fn date(&self, d: &time::Date) -> String {
        format!("{} {} {}", d.day(), self.t(&format!("month.m{}", u8::from(d.month()))), d.year())
    }

    /// The machine-readable form for `<time datetime>`: `2026-11-28T14:05+07:00`.
    pub fn iso(&self, t: &OffsetDateTime) -> String {
        let offset = self.village.utc_offset;
        let local = t.to_offset(offset);
        let sign = if offset.is_negative() { '-' } else { '+' };
        let (hours, minutes) = (offset.whole_hours().unsigned_abs(), offset.minutes_past_hour().unsigned_abs());
        format!("{}T{:02}:{:02}{sign}{hours:02}:{minutes:02}", local.date(), local.hour(), local.minute())
    }

    /// `28 November 2026 14.05 WIB` in the village's time zone.
    pub fn datetime(&self, t: &OffsetDateTime) -> String {
        let local = t.to_offset(self.village.utc_offset);
        format!(
            "{} {:02}.{:02} {}",
            self.date(&local.date()),
            local.hour(),
            local.minute(),
            zone_name(self.village.utc_offset)
        )
    }
}

pub fn zone_name(offset: UtcOffset) -> &'static str {
    match offset.whole_hours() {
        8 => "WITA",
        9 => "WIT",
        _ => "WIB",
    }
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = (StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = Lang::for_page(parts);
        let village = state.store.default_village().await.map_err(|e| {
            tracing::error!(error = ?e, "village profile unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "Layanan belum siap / service not ready")
        })?;
        Ok(PageCtx {
            lang,
            title: String::new(),
            description: lang.tf("meta.description", &[("village", &village.name)]),
            path: parts.uri.path().to_string(),
            village,
            now: state.clock.now(),
        })
    }
}

/// A request path as a link that stays on this site: `//host/x` or `/\\host` would be read by a
/// browser as another host, so the path keeps exactly one leading slash.
fn on_site(path: &str) -> String {
    format!("/{}", path.trim_start_matches(['/', '\\']))
}

#[cfg(test)]
mod tests {
    use super::on_site;

    #[test]
    fn the_language_link_never_leaves_the_site() {
        assert_eq!(on_site("//evil.example/x"), "/evil.example/x");
        assert_eq!(on_site("/\\evil.example"), "/evil.example");
        assert_eq!(on_site("/lacak/KRB-2026-000001"), "/lacak/KRB-2026-000001");
        assert_eq!(on_site("/"), "/");
    }
}
