//! What the village publishes about its complaint handling (UU 25/2009): this year's complaints
//! received and resolved, deadlines met, and the citizens' satisfaction. Each figure reads one
//! year of rows through the received-at and decision indexes, never the whole history.

use crate::{Store, StoreError, timefmt};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PublicFigures {
    pub received: i64,
    /// Answered (selesai) or closed after an answer (ditutup).
    pub resolved: i64,
    /// Referred to the agency whose authority it is.
    pub referred: i64,
    /// Decisions (answer, rejection, referral) taken, and how many within their deadline.
    pub decided: i64,
    pub met: i64,
    /// Citizens' ratings of the handling (1–4) and their mean.
    pub ratings: i64,
    pub mean_rating: Option<f64>,
}

impl Store {
    /// The figures of complaints received, decided and rated since `since`.
    pub async fn public_figures(&self, village_id: i64, since: OffsetDateTime) -> Result<PublicFigures, StoreError> {
        let since = timefmt::instant(since);
        let (received, resolved, referred): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), \
             CAST(COALESCE(SUM(CASE WHEN status IN ('selesai', 'ditutup') THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN status = 'diteruskan' THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM complaints WHERE village_id = $1 AND received_at >= $2",
        )
        .bind(village_id)
        .bind(since.clone())
        .fetch_one(&self.db.read)
        .await?;
        let (decided, met) = self.decisions_since(village_id, &since).await?;
        let (ratings, mean): (i64, Option<f64>) = sqlx::query_as(
            "SELECT COUNT(*), CAST(AVG(CAST(rating AS DOUBLE PRECISION)) AS DOUBLE PRECISION) FROM feedback \
             WHERE village_id = $1 AND created_at >= $2",
        )
        .bind(village_id)
        .bind(since)
        .fetch_one(&self.db.read)
        .await?;
        Ok(PublicFigures { received, resolved, referred, decided, met, ratings, mean_rating: mean })
    }
}
