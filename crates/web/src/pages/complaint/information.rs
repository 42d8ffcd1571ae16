//! `/pengaduan/informasi`: what UU 25/2009 Ps. 36 asks a provider to publish about complaints —
//! the complaint officer with an address, every channel, the procedure and deadlines, the
//! regulation to download — with this year's figures and the `publik` complaints with the
//! village's answers, never with identity.

use super::super::layout::PageCtx;
use crate::AppState;
use crate::error::PageError;
use aduan_store::complaint::public_figures::PublicFigures;
use aduan_store::complaint::requests::{OpenState, PublishedRequest, RequestFilter};
use aduan_store::portal::articles::PublishedDocument;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use time::Duration;

/// How many published complaints the page lists, and from how far back.
const LISTED: i64 = 20;
const LISTED_DAYS: i64 = 90;

#[derive(Template, WebTemplate)]
#[template(path = "complaint_info.html")]
pub struct InfoPage {
    p: PageCtx,
    year: i32,
    figures: PublicFigures,
    regulation: Option<PublishedDocument>,
    published: Vec<PublishedRequest>,
}

impl InfoPage {
    fn met_share(&self) -> String {
        match self.figures.decided {
            0 => "–".into(),
            n => format!("{} %", self.figures.met * 100 / n),
        }
    }

    fn mean_rating(&self) -> String {
        self.figures
            .mean_rating
            .map(|m| format!("{m:.1}").replace('.', self.p.t("info.decimal").as_str()))
            .unwrap_or_else(|| "–".into())
    }

    fn when(&self, r: &PublishedRequest) -> String {
        self.p.date(&r.received_at.to_offset(self.p.village.utc_offset).date())
    }

    /// The deadlines of the village's procedure, in working days.
    fn deadlines(&self) -> [(&'static str, u32); 6] {
        let s = &self.p.village.sla;
        [
            ("info.sla_verification", s.verification),
            ("info.sla_ringan", s.ringan),
            ("info.sla_normatif", s.normatif),
            ("info.sla_tidak_berkadar", s.tidak_berkadar_pengawasan),
            ("info.sla_berkadar", s.berkadar_pengawasan),
            ("info.sla_objection", s.objection),
        ]
    }
}

pub async fn show(State(state): State<AppState>, p: PageCtx) -> Result<InfoPage, PageError> {
    let village = p.village.id;
    let offset = p.village.utc_offset;
    let now = p.now.to_offset(offset);
    let fail = |e| PageError::store(p.clone(), e);
    let figures = state.store.public_figures(village, now.year()).await.map_err(fail)?;
    let regulation = state.store.latest_document(village, "peraturan").await.map_err(fail)?;
    let filter = RequestFilter {
        service_code: None,
        received_from: now - Duration::days(LISTED_DAYS),
        received_to: now + Duration::minutes(1),
        updated_after: None,
        updated_before: None,
        state: OpenState::Any,
        limit: LISTED,
        offset: 0,
    };
    let published = state.store.published_requests(village, &filter).await.map_err(fail)?;
    Ok(InfoPage { p: p.with_title("info.title"), year: now.year(), figures, regulation, published })
}
