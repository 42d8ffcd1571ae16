//! SLA clocks in working days, computed in the village's time zone (WIB by default).
//!
//! A deadline is the end (23:59:59 local time) of the last working day allowed; it is computed
//! once when a clock starts and stored, so lists and reports need no calendar arithmetic.

use crate::calendar::WorkingCalendar;
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, Time, UtcOffset};

/// WIB, the time zone of Java and western Indonesia.
pub const WIB: UtcOffset = time::macros::offset!(+7);

crate::str_enum!(
    pub SlaClass {
        Ringan => "ringan",
        Normatif => "normatif",
        TidakBerkadarPengawasan => "tidak_berkadar_pengawasan",
        BerkadarPengawasan => "berkadar_pengawasan",
    }
);

/// The village's targets, in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTargets {
    pub verification: u32,
    pub ringan: u32,
    pub normatif: u32,
    pub tidak_berkadar_pengawasan: u32,
    pub berkadar_pengawasan: u32,
    pub objection: u32,
}

impl Default for SlaTargets {
    fn default() -> Self {
        SlaTargets {
            verification: 3,
            ringan: 2,
            normatif: 5,
            tidak_berkadar_pengawasan: 14,
            berkadar_pengawasan: 60,
            objection: 10,
        }
    }
}

impl SlaTargets {
    pub fn resolution_days(&self, class: SlaClass) -> u32 {
        match class {
            SlaClass::Ringan => self.ringan,
            SlaClass::Normatif => self.normatif,
            SlaClass::TidakBerkadarPengawasan => self.tidak_berkadar_pengawasan,
            SlaClass::BerkadarPengawasan => self.berkadar_pengawasan,
        }
    }
}

/// The deadline `working_days` after `start`, as an instant.
pub fn deadline(
    calendar: &WorkingCalendar,
    start: OffsetDateTime,
    working_days: u32,
    zone: UtcOffset,
) -> OffsetDateTime {
    let local_day = start.to_offset(zone).date();
    let last_day = calendar.add_working_days(local_day, working_days);
    last_day.with_time(Time::from_hms(23, 59, 59).unwrap_or(Time::MIDNIGHT)).assume_offset(zone)
}

/// The point at which a clock warns: 75 % of the way from start to deadline.
pub fn warning_at(start: OffsetDateTime, deadline: OffsetDateTime) -> OffsetDateTime {
    start + (deadline - start) * 0.75
}

/// Where a paused clock's deadline moves when it runs again: by the working days it stood still
/// (those after the day it was paused, up to and including the day it resumes), so time spent
/// waiting for the citizen never counts against the village.
pub fn resume(
    calendar: &WorkingCalendar,
    deadline: OffsetDateTime,
    paused_at: OffsetDateTime,
    now: OffsetDateTime,
    zone: UtcOffset,
) -> OffsetDateTime {
    let stood = calendar.working_days_between(paused_at.to_offset(zone).date(), now.to_offset(zone).date());
    let last_day = calendar.add_working_days(deadline.to_offset(zone).date(), stood);
    last_day.with_time(deadline.to_offset(zone).time()).assume_offset(zone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::tests::shipped;
    use time::macros::datetime;

    #[test]
    fn verification_deadline_is_three_working_days_in_wib() {
        let c = shipped();
        // Friday 27 Nov 2026, 20:00 WIB → Mon, Tue, Wed.
        let received = datetime!(2026-11-27 13:00 UTC);
        assert_eq!(deadline(&c, received, 3, WIB), datetime!(2026-12-02 23:59:59 +7));
    }

    #[test]
    fn the_local_day_decides_not_the_utc_day() {
        let c = shipped();
        // Mon 30 Nov 2026 at 01:30 WIB is still Sunday 29 Nov in UTC.
        let received = datetime!(2026-11-29 18:30 UTC);
        assert_eq!(deadline(&c, received, 1, WIB), datetime!(2026-12-01 23:59:59 +7));
    }

    #[test]
    fn resolution_classes_across_idulfitri_2026() {
        let c = shipped();
        let t = SlaTargets::default();
        let received = datetime!(2026-03-16 09:00 +7); // Monday before Nyepi and Idulfitri
        let due = |class| deadline(&c, received, t.resolution_days(class), WIB);
        assert_eq!(due(SlaClass::Ringan), datetime!(2026-03-25 23:59:59 +7));
        assert_eq!(due(SlaClass::Normatif), datetime!(2026-03-30 23:59:59 +7));
        // 14 working days: 17, 25-27, 30-31 Mar, 1-2, 6-10 (3 Apr is Good Friday), 13 Apr.
        assert_eq!(due(SlaClass::TidakBerkadarPengawasan), datetime!(2026-04-13 23:59:59 +7));
        assert_eq!(deadline(&c, received, t.verification, WIB), datetime!(2026-03-26 23:59:59 +7));
    }

    #[test]
    fn sixty_working_days_over_lebaran_2025() {
        let c = shipped();
        let received = datetime!(2025-03-03 10:00 +7);
        let due = deadline(&c, received, 60, WIB);
        assert_eq!(c.working_days_between(received.date(), due.date()), 60);
        assert!(c.is_working_day(due.date()));
        // Counted by hand: Nyepi, Idulfitri with cuti bersama, Good Friday, Labour Day, Waisak,
        // Ascension and Iduladha all fall inside.
        assert_eq!(due, datetime!(2025-06-16 23:59:59 +7));
    }

    #[test]
    fn warning_is_at_three_quarters() {
        let s = datetime!(2026-01-01 00:00 UTC);
        let d = datetime!(2026-01-05 00:00 UTC);
        assert_eq!(warning_at(s, d), datetime!(2026-01-04 00:00 UTC));
    }

    #[test]
    fn a_paused_clock_moves_by_the_working_days_it_stood_still() {
        let c = shipped();
        // Due Fri 27 March 2026; paused Wed 11 March, resumed Tue 17 March: 12, 13, 16, 17 March
        // are four working days, so the deadline moves four working days past 27 March.
        let due = datetime!(2026-03-27 23:59:59 +7);
        let moved = resume(&c, due, datetime!(2026-03-11 09:00 +7), datetime!(2026-03-17 10:00 +7), WIB);
        assert_eq!(moved, datetime!(2026-04-02 23:59:59 +7));
        // Asked and answered on the same day: nothing moves.
        let same = resume(&c, due, datetime!(2026-03-11 09:00 +7), datetime!(2026-03-11 15:00 +7), WIB);
        assert_eq!(same, due);
    }
}
