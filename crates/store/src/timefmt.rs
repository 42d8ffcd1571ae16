//! Timestamps are stored as fixed-width UTC text in whole seconds on both backends, so that text
//! order is time order and values compare the same everywhere.

use crate::StoreError;
use time::{Date, OffsetDateTime, UtcOffset, format_description::BorrowedFormatItem, macros::format_description};

const INSTANT: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
const DAY: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

pub(crate) fn instant(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC).format(INSTANT).unwrap_or_default()
}

pub(crate) fn parse_instant(s: &str) -> Result<OffsetDateTime, StoreError> {
    time::PrimitiveDateTime::parse(s, INSTANT)
        .map(|p| p.assume_utc())
        .map_err(|e| StoreError::Corrupt(format!("timestamp {s:?}: {e}")))
}

pub(crate) fn day(d: Date) -> String {
    d.format(DAY).unwrap_or_default()
}

pub(crate) fn parse_day(s: &str) -> Result<Date, StoreError> {
    Date::parse(s, DAY).map_err(|e| StoreError::Corrupt(format!("date {s:?}: {e}")))
}

pub(crate) fn opt_instant(s: Option<String>) -> Result<Option<OffsetDateTime>, StoreError> {
    s.as_deref().map(parse_instant).transpose()
}
