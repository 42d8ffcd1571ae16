//! `/admin/survei`: the satisfaction survey's results for a year, per service and for all
//! services: each element's mean, the IKM and its grade.

use super::super::Staff;
use super::super::form_kit::{Shell, shell_page};
use crate::AppState;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::ikm::{Score, Totals};
use aduan_domain::survey::GENERAL_SERVICE;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;
use time::{Date, Month, Time};

/// One line of the report.
pub struct Row {
    service: String,
    score: Score,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_survey.html")]
pub struct SurveyReport {
    shell: Shell,
    year: i32,
    rows: Vec<Row>,
    total: Option<Row>,
}

shell_page!(SurveyReport);

impl SurveyReport {
    /// Two decimals, with the page language's decimal mark.
    fn num(&self, v: &f64) -> String {
        let s = format!("{v:.2}");
        if self.p.lang.code() == "id" { s.replace('.', ",") } else { s }
    }

    fn ikm(&self, s: &Score) -> String {
        self.num(&s.ikm())
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    tahun: String,
}

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
    query: Result<Query<ReportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let offset = p.village.utc_offset;
    let this_year = p.now.to_offset(offset).year();
    let year = query
        .ok()
        .and_then(|Query(q)| q.tahun.trim().parse::<i32>().ok())
        .filter(|y| (2000..=this_year + 1).contains(y))
        .unwrap_or(this_year);
    let start = |y: i32| {
        Date::from_calendar_date(y, Month::January, 1).map(|d| d.with_time(Time::MIDNIGHT).assume_offset(offset))
    };
    let (Ok(from), Ok(to)) = (start(year), start(year + 1)) else {
        return Err(PageError::new(p, axum::http::StatusCode::BAD_REQUEST, "error.not_found"));
    };
    let fail = |e| PageError::store(p.clone(), e);
    let village = staff.user.village_id;
    let totals = state.store.survey_totals(village, from, to).await.map_err(fail)?;
    let categories = state.store.categories(village).await.map_err(fail)?;
    let name = |code: &str| {
        if code == GENERAL_SERVICE {
            return p.t("survey.general_service");
        }
        categories
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| p.t("survey.unknown_service"))
    };
    let mut all = Totals::default();
    let mut rows = Vec::new();
    for t in &totals {
        all.respondents += t.totals.respondents;
        for (a, s) in all.sums.iter_mut().zip(t.totals.sums) {
            *a += s;
        }
        if let Some(score) = t.totals.score() {
            rows.push(Row { service: name(&t.service), score });
        }
    }
    let total = all.score().map(|score| Row { service: p.t("survey.all_services"), score });
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let page = SurveyReport { year, rows, total, shell: Shell::new(p, &staff, csrf, "survey.report_title") };
    Ok((jar, page).into_response())
}
