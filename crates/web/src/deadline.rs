//! Deadlines as people read them: a date, and how many working days are left on the village's
//! calendar (deadlines are counted in working days, so the countdown is too, and says so).

use crate::pages::layout::PageCtx;
use aduan_domain::calendar::WorkingCalendar;
use time::OffsetDateTime;

/// "3 hari kerja lagi", "hari ini", "lewat 2 hari kerja".
pub fn days_text(p: &PageCtx, calendar: &WorkingCalendar, due: OffsetDateTime) -> String {
    let today = p.now.to_offset(p.village.utc_offset).date();
    let day = due.to_offset(p.village.utc_offset).date();
    if day == today {
        p.t("deadline.today")
    } else if day > today {
        let n = calendar.working_days_between(today, day);
        if n == 0 { p.t("deadline.today") } else { p.tf("deadline.working_left", "n", &n.to_string()) }
    } else {
        let n = calendar.working_days_between(day, today).max(1);
        p.tf("deadline.working_over", "n", &n.to_string())
    }
}

/// The date and the countdown, e.g. "Senin, 7 Desember 2026 14.00 (3 hari kerja lagi)".
pub fn date_and_days(p: &PageCtx, calendar: &WorkingCalendar, due: OffsetDateTime) -> String {
    format!("{} ({})", p.datetime(&due), days_text(p, calendar, due))
}

/// The sentence for the deadline that runs in `status` (`deadline.<status>`), with its date.
pub fn sentence(p: &PageCtx, calendar: &WorkingCalendar, status: &str, due: OffsetDateTime) -> String {
    p.tf(&format!("deadline.{status}"), "date", &date_and_days(p, calendar, due))
}
