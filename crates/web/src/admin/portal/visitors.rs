//! `/admin/statistik`: the portal's visitors in a month, per day and by operating system and
//! browser, and that year per month. Read from the daily counts, never from visits one by one.

use super::super::Staff;
use super::super::form_kit::{Shell, shell_page};
use crate::AppState;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_store::portal::visitors::{Tally, VisitorReport};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;
use time::{Date, Month};

#[derive(Template, WebTemplate)]
#[template(path = "admin_visitors.html")]
pub struct VisitorsPage {
    shell: Shell,
    /// `2026-12`.
    month: String,
    month_name: String,
    year: i32,
    days: VisitorReport,
    months: VisitorReport,
}

shell_page!(VisitorsPage);

impl VisitorsPage {
    /// A `2026-12-02` label as `2 Desember 2026`, a `2026-12` one as `Desember`.
    fn label(&self, t: &Tally) -> String {
        let mut parts = t.label.split('-');
        let (_, m, d) = (parts.next(), parts.next().and_then(|m| m.parse::<u8>().ok()), parts.next());
        match (m, d) {
            (Some(m), Some(d)) => format!("{} {}", d.trim_start_matches('0'), self.p.t(&format!("month.m{m}"))),
            (Some(m), None) => self.p.t(&format!("month.m{m}")),
            _ => t.label.clone(),
        }
    }

    fn share(&self, t: &Tally) -> String {
        if self.days.total == 0 {
            return "0 %".into();
        }
        format!("{:.1} %", t.visitors as f64 * 100.0 / self.days.total as f64)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MonthQuery {
    bulan: String,
}

fn first_of(month: &str) -> Option<Date> {
    let (y, m) = month.split_once('-')?;
    Date::from_calendar_date(y.parse().ok()?, Month::try_from(m.parse::<u8>().ok()?).ok()?, 1).ok()
}

fn last_of(first: Date) -> Date {
    let next = first.replace_day(28).map(|d| d + time::Duration::days(4)).unwrap_or(first);
    next.replace_day(1).map(|d| d.previous_day().unwrap_or(d)).unwrap_or(first)
}

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
    query: Result<Query<MonthQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let today = p.now.to_offset(p.village.utc_offset).date();
    let this_month = today.replace_day(1).unwrap_or(today);
    let first = query.ok().and_then(|Query(q)| first_of(q.bulan.trim())).unwrap_or(this_month);
    let village = staff.user.village_id;
    let fail = |e| PageError::store(p.clone(), e);
    let days = state.store.visitor_report(village, first, last_of(first), false).await.map_err(fail)?;
    let year_start = Date::from_calendar_date(first.year(), Month::January, 1).unwrap_or(first);
    let year_end = Date::from_calendar_date(first.year(), Month::December, 31).unwrap_or(first);
    let months = state.store.visitor_report(village, year_start, year_end, true).await.map_err(fail)?;
    let month_name = format!("{} {}", p.t(&format!("month.m{}", u8::from(first.month()))), first.year());
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let page = VisitorsPage {
        month: format!("{}-{:02}", first.year(), u8::from(first.month())),
        month_name,
        year: first.year(),
        days,
        months,
        shell: Shell::new(p, &staff, csrf, "visitors.admin_title"),
    };
    Ok((jar, page).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_month_runs_from_its_first_to_its_last_day() {
        assert_eq!(first_of("2026-02"), Some(date!(2026 - 02 - 01)));
        assert_eq!(last_of(date!(2026 - 02 - 01)), date!(2026 - 02 - 28));
        assert_eq!(last_of(date!(2028 - 02 - 01)), date!(2028 - 02 - 29));
        assert_eq!(last_of(date!(2026 - 12 - 01)), date!(2026 - 12 - 31));
        assert_eq!(first_of("2026-13"), None);
        assert_eq!(first_of("x"), None);
    }
}
