//! The satisfaction survey's responses and their totals per service for a period. Totals are
//! summed by the database; the IKM itself is computed by `aduan_domain::ikm`.

use crate::{Store, StoreError, timefmt};
use aduan_domain::ikm::{Answers, ELEMENTS, Totals};
use time::OffsetDateTime;

/// One respondent's form.
#[derive(Debug, Clone)]
pub struct SurveyResponse {
    pub service: String,
    pub answers: Answers,
    pub age_band: Option<String>,
    pub sex: Option<String>,
    pub education: Option<String>,
    pub occupation: Option<String>,
    /// Handed out with the form: a form counts once.
    pub nonce: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SurveyError {
    #[error("this form was already submitted")]
    AlreadySubmitted,
    #[error(transparent)]
    Store(#[from] StoreError),
}

crate::error::through_store!(SurveyError);

/// The totals of one service over a period.
#[derive(Debug, Clone)]
pub struct ServiceTotals {
    pub service: String,
    pub totals: Totals,
}

type TotalsRow = (String, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);

impl Store {
    pub async fn submit_survey(&self, village_id: i64, r: &SurveyResponse) -> Result<(), SurveyError> {
        let u = r.answers.values();
        let done = sqlx::query(
            "INSERT INTO survey_responses (village_id, service, u1, u2, u3, u4, u5, u6, u7, u8, u9, age_band, sex, \
             education, occupation, nonce, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
             ON CONFLICT (nonce) DO NOTHING",
        )
        .bind(village_id)
        .bind(r.service.clone())
        .bind(i64::from(u[0]))
        .bind(i64::from(u[1]))
        .bind(i64::from(u[2]))
        .bind(i64::from(u[3]))
        .bind(i64::from(u[4]))
        .bind(i64::from(u[5]))
        .bind(i64::from(u[6]))
        .bind(i64::from(u[7]))
        .bind(i64::from(u[8]))
        .bind(r.age_band.clone())
        .bind(r.sex.clone())
        .bind(r.education.clone())
        .bind(r.occupation.clone())
        .bind(r.nonce.clone())
        .bind(timefmt::instant(self.clock.now()))
        .execute(&self.db.write)
        .await?;
        if done.rows_affected() == 0 {
            return Err(SurveyError::AlreadySubmitted);
        }
        Ok(())
    }

    /// Sums per service of the responses given in `[from, to)`, by service code.
    pub async fn survey_totals(
        &self,
        village_id: i64,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<ServiceTotals>, StoreError> {
        let rows: Vec<TotalsRow> = sqlx::query_as(
            // PostgreSQL sums BIGINT as NUMERIC: cast back so both backends answer integers.
            "SELECT service, COUNT(*), CAST(SUM(u1) AS BIGINT), CAST(SUM(u2) AS BIGINT), CAST(SUM(u3) AS BIGINT), \
             CAST(SUM(u4) AS BIGINT), CAST(SUM(u5) AS BIGINT), CAST(SUM(u6) AS BIGINT), CAST(SUM(u7) AS BIGINT), \
             CAST(SUM(u8) AS BIGINT), CAST(SUM(u9) AS BIGINT) FROM survey_responses WHERE village_id = $1 AND created_at >= $2 AND created_at < $3 \
             GROUP BY service ORDER BY service",
        )
        .bind(village_id)
        .bind(timefmt::instant(from))
        .bind(timefmt::instant(to))
        .fetch_all(&self.db.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(service, n, s1, s2, s3, s4, s5, s6, s7, s8, s9)| {
                let sums: [i64; ELEMENTS] = [s1, s2, s3, s4, s5, s6, s7, s8, s9];
                let totals = Totals {
                    respondents: u64::try_from(n).unwrap_or(0),
                    sums: sums.map(|s| u64::try_from(s).unwrap_or(0)),
                };
                ServiceTotals { service, totals }
            })
            .collect())
    }
}
