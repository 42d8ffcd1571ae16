//! The village's holiday calendar as stored.

use crate::{Store, StoreError, timefmt};
use aduan_domain::calendar::{Holiday, HolidayKind, WorkingCalendar};

impl Store {
    pub async fn holidays(&self, village_id: i64) -> Result<Vec<Holiday>, StoreError> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT day, kind, name FROM holidays WHERE village_id = $1 ORDER BY day")
                .bind(village_id)
                .fetch_all(&self.db.read)
                .await?;
        rows.into_iter()
            .map(|(day, kind, name)| {
                Ok(Holiday {
                    date: timefmt::parse_day(&day)?,
                    kind: HolidayKind::parse(&kind)
                        .ok_or_else(|| StoreError::Corrupt(format!("holiday kind {kind}")))?,
                    name,
                })
            })
            .collect()
    }

    pub async fn working_calendar(&self, village_id: i64) -> Result<WorkingCalendar, StoreError> {
        Ok(WorkingCalendar::new(self.holidays(village_id).await?))
    }

    /// The years for which the village's calendar holds national holidays: outside them, working
    /// days are counted as if every weekday were one.
    pub async fn national_holiday_years(&self, village_id: i64) -> Result<Vec<i32>, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT DISTINCT substr(day, 1, 4) FROM holidays WHERE village_id = $1 AND kind = 'libur_nasional'",
        )
        .bind(village_id)
        .fetch_all(&self.db.read)
        .await?;
        let mut years: Vec<i32> = rows.into_iter().filter_map(|(y,)| y.parse().ok()).collect();
        years.sort_unstable();
        Ok(years)
    }
}
