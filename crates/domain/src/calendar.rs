//! The village's working-day calendar: weekends plus the holidays an administrator keeps.

use std::collections::BTreeMap;
use thiserror::Error;
use time::{Date, Weekday};

crate::str_enum!(
    pub HolidayKind {
        LiburNasional => "libur_nasional",
        CutiBersama => "cuti_bersama",
        LiburDaerah => "libur_daerah",
    }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: Date,
    pub kind: HolidayKind,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    #[error("line {line}: {reason}")]
    Line { line: usize, reason: String },
}

/// Reads a `date,kind,name` CSV such as the shipped `hari-libur-2025-2026.csv`.
pub fn parse_holidays_csv(text: &str) -> Result<Vec<Holiday>, CalendarError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let err = |reason: String| CalendarError::Line { line, reason };
        let record = record.map_err(|e| err(e.to_string()))?;
        let field = |n: usize| record.get(n).map(str::trim).unwrap_or_default();
        let date = Date::parse(field(0), format).map_err(|e| err(format!("date: {e}")))?;
        let kind = HolidayKind::parse(field(1)).ok_or_else(|| err(format!("unknown kind {:?}", field(1))))?;
        out.push(Holiday { date, kind, name: field(2).to_string() });
    }
    Ok(out)
}

#[derive(Debug, Clone, Default)]
pub struct WorkingCalendar {
    holidays: BTreeMap<Date, String>,
}

impl WorkingCalendar {
    pub fn new(holidays: impl IntoIterator<Item = Holiday>) -> Self {
        WorkingCalendar { holidays: holidays.into_iter().map(|h| (h.date, h.name)).collect() }
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.holidays.contains_key(&date)
    }

    /// The `n`th working day after `start` (the day of receipt itself never counts).
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day.next_day().unwrap_or(day);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days in `(from, to]`: how far along a clock is.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = day.next_day().unwrap_or(to);
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use time::macros::date;

    pub(crate) fn shipped() -> WorkingCalendar {
        let text = include_str!("../../../data/hari-libur-2025-2026.csv");
        WorkingCalendar::new(parse_holidays_csv(text).unwrap())
    }

    #[test]
    fn the_shipped_calendar_parses() {
        let text = include_str!("../../../data/hari-libur-2025-2026.csv");
        let h = parse_holidays_csv(text).unwrap();
        assert!(h.len() > 40);
        assert!(h.iter().any(|h| h.date == date!(2026 - 03 - 21) && h.kind == HolidayKind::LiburNasional));
    }

    #[test]
    fn weekends_and_holidays_are_not_working_days() {
        let c = shipped();
        assert!(!c.is_working_day(date!(2026 - 11 - 28))); // Saturday
        assert!(!c.is_working_day(date!(2026 - 11 - 29))); // Sunday
        assert!(c.is_working_day(date!(2026 - 11 - 30)));
        assert!(!c.is_working_day(date!(2026 - 08 - 17)));
        assert!(!c.is_working_day(date!(2025 - 08 - 18))); // added by a later decree
        assert!(!c.is_working_day(date!(2026 - 12 - 24))); // cuti bersama
    }

    #[test]
    fn counting_across_idulfitri_2026() {
        let c = shipped();
        // Received Tue 17 March 2026; 18-24 March are Nyepi, cuti bersama and Idulfitri.
        assert_eq!(c.add_working_days(date!(2026 - 03 - 17), 1), date!(2026 - 03 - 25));
        assert_eq!(c.add_working_days(date!(2026 - 03 - 17), 3), date!(2026 - 03 - 27));
        assert_eq!(c.working_days_between(date!(2026 - 03 - 17), date!(2026 - 03 - 27)), 3);
    }

    #[test]
    fn a_malformed_line_is_reported_with_its_number() {
        let bad = "date,kind,name\n2026-01-01,libur_nasional,Tahun Baru\n2026-13-01,libur_nasional,X\n";
        assert!(matches!(parse_holidays_csv(bad), Err(CalendarError::Line { line: 3, .. })));
        let bad = "date,kind,name\n2026-01-02,libur,X\n";
        assert!(matches!(parse_holidays_csv(bad), Err(CalendarError::Line { line: 2, .. })));
    }
}
