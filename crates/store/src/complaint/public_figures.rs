//! What the village publishes about its complaint handling (UU 25/2009): this year's complaints
//! received and resolved, deadlines met, and the citizens' satisfaction, from the monthly figures
//! kept with every change (at most a dozen rows per figure), never from the cases themselves.

use crate::complaint::monthly;
use crate::{Store, StoreError};
use aduan_domain::Status;

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
    /// The figures of complaints received, decided and rated in `year` (the village's calendar
    /// year), added up from the monthly figures.
    pub async fn public_figures(&self, village_id: i64, year: i32) -> Result<PublicFigures, StoreError> {
        let t = monthly::totals(&self.db.read, village_id, &format!("{year:04}-01"), &format!("{year:04}-12")).await?;
        let get = |metric: &str| t.get(metric).copied().unwrap_or(0);
        let ratings = get(monthly::RATINGS);
        Ok(PublicFigures {
            received: get(monthly::RECEIVED),
            resolved: get(&monthly::status_metric(Status::Selesai)) + get(&monthly::status_metric(Status::Ditutup)),
            referred: get(&monthly::status_metric(Status::Diteruskan)),
            decided: get(monthly::DECIDED),
            met: get(monthly::DECIDED_MET),
            ratings,
            mean_rating: (ratings > 0).then(|| get(monthly::RATING_SUM) as f64 / ratings as f64),
        })
    }
}
