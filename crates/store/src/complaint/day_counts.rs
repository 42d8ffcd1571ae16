//! Open cases counted by a day, one row per village and day, kept inside the transaction that
//! files, moves or closes each case: a count over a span of days then reads one row per day
//! instead of every open case in it.

use crate::StoreError;
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// Which day open cases are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayTable {
    /// The day their running clock ends (overdue counts).
    RunningDue,
    /// The day they were received (open cases by age).
    OpenReceived,
}

impl DayTable {
    fn upsert(self) -> &'static str {
        match self {
            DayTable::RunningDue => {
                "INSERT INTO running_due_days (village_id, day, n) VALUES ($1, $2, $3) \
                 ON CONFLICT (village_id, day) DO UPDATE SET n = running_due_days.n + $3"
            }
            DayTable::OpenReceived => {
                "INSERT INTO open_received_days (village_id, day, n) VALUES ($1, $2, $3) \
                 ON CONFLICT (village_id, day) DO UPDATE SET n = open_received_days.n + $3"
            }
        }
    }

    /// Adds `delta` cases to `day`.
    pub async fn bump(
        self,
        conn: &mut AnyConnection,
        village_id: i64,
        day: &str,
        delta: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(self.upsert()).bind(village_id).bind(day.to_string()).bind(delta).execute(&mut *conn).await?;
        Ok(())
    }
}

/// The day of an instant as stored (`YYYY-MM-DDTHH:MM:SSZ`, UTC).
pub(crate) fn day_of(instant: &str) -> &str {
    instant.get(..10).unwrap_or(instant)
}

/// Counts many cases at once: `(village, day) -> cases`.
#[derive(Debug)]
pub(crate) struct Tally {
    table: DayTable,
    days: BTreeMap<(i64, String), i64>,
}

impl Tally {
    pub fn new(table: DayTable) -> Self {
        Tally { table, days: BTreeMap::new() }
    }

    /// Counts `delta` cases on the day of `instant`, if there is one.
    pub fn add(&mut self, village_id: i64, instant: Option<&str>, delta: i64) {
        if let Some(instant) = instant {
            *self.days.entry((village_id, day_of(instant).to_string())).or_default() += delta;
        }
    }

    pub async fn write(&self, conn: &mut AnyConnection) -> Result<(), StoreError> {
        for ((village, day), n) in &self.days {
            if *n != 0 {
                self.table.bump(conn, *village, day, *n).await?;
            }
        }
        Ok(())
    }
}
