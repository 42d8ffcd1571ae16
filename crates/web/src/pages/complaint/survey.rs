//! `/survei`: the yearly satisfaction survey (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017).
//! Anonymous; each form carries a one-time nonce, and a browser that answered for a service this
//! year is told so instead of being counted twice.

use super::super::layout::PageCtx;
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::security;
use aduan_domain::ikm::{AnswerError, Answers, ELEMENTS};
use aduan_domain::survey::{self, AGE_BANDS, EDUCATION, GENERAL_SERVICE, OCCUPATIONS, SEXES};
use aduan_store::complaint::survey::{SurveyError, SurveyResponse};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, SameSite, SignedCookieJar};
use rand::RngCore;
use serde::Deserialize;
use time::Duration;

const DONE_COOKIE: &str = "aduan_skm";

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SurveyForm {
    csrf: String,
    nonce: String,
    service: String,
    u1: String,
    u2: String,
    u3: String,
    u4: String,
    u5: String,
    u6: String,
    u7: String,
    u8: String,
    u9: String,
    age: String,
    sex: String,
    education: String,
    occupation: String,
}

crate::has_csrf!(SurveyForm);

impl SurveyForm {
    fn answers(&self) -> [&str; ELEMENTS] {
        [&self.u1, &self.u2, &self.u3, &self.u4, &self.u5, &self.u6, &self.u7, &self.u8, &self.u9].map(|s| s.as_str())
    }

    /// Whether `v` was the answer given to element `u` (1–9), for redisplay.
    fn chose(&self, u: &usize, v: &impl AsRef<str>) -> bool {
        self.answers().get(u.wrapping_sub(1)).is_some_and(|a| *a == v.as_ref())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "survey.html")]
pub struct SurveyPage {
    p: PageCtx,
    csrf: String,
    nonce: String,
    services: Vec<(String, String)>,
    form: SurveyForm,
    errors: Vec<String>,
    thanks: bool,
}

impl SurveyPage {
    fn elements(&self) -> std::ops::RangeInclusive<usize> {
        1..=ELEMENTS
    }

    fn scale(&self) -> [&'static str; 4] {
        ["1", "2", "3", "4"]
    }

    fn same(&self, a: &impl AsRef<str>, b: &impl AsRef<str>) -> bool {
        a.as_ref() == b.as_ref()
    }

    fn profile(&self) -> [(&'static str, &'static [&'static str], &str); 4] {
        [
            ("age", &AGE_BANDS, self.form.age.as_str()),
            ("sex", &SEXES, self.form.sex.as_str()),
            ("education", &EDUCATION, self.form.education.as_str()),
            ("occupation", &OCCUPATIONS, self.form.occupation.as_str()),
        ]
    }
}

fn nonce() -> String {
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

async fn services(state: &AppState, p: &PageCtx) -> Result<Vec<(String, String)>, PageError> {
    let cats = state.store.categories(p.village.id).await.or_page(p)?;
    let mut list = vec![(GENERAL_SERVICE.to_string(), p.t("survey.general_service"))];
    list.extend(cats.into_iter().map(|c| (c.code, c.name)));
    Ok(list)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShowQuery {
    ok: String,
}

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    query: Result<Query<ShowQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let services = services(&state, &p).await?;
    let thanks = query.is_ok_and(|Query(q)| q.ok == "1");
    let page = SurveyPage {
        p: p.with_title("survey.title"),
        csrf,
        nonce: nonce(),
        services,
        form: SurveyForm::default(),
        errors: Vec::new(),
        thanks,
    };
    Ok((jar, page).into_response())
}

/// `service:year` pairs this browser already answered.
fn answered(jar: &SignedCookieJar) -> Vec<String> {
    jar.get(DONE_COOKIE).map(|c| c.value().split(',').map(str::to_string).collect()).unwrap_or_default()
}

fn element_error(p: &PageCtx, e: AnswerError) -> String {
    match e {
        AnswerError::Missing(u) | AnswerError::OutOfRange(u) => {
            p.tf("survey.answer_missing", "element", &p.t(&format!("survey.u{u}")))
        }
    }
}

pub async fn submit(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    CsrfForm(f): CsrfForm<SurveyForm>,
) -> Result<Response, PageError> {
    let services = services(&state, &p).await?;
    let mut errors = Vec::new();
    if !services.iter().any(|(code, _)| *code == f.service) {
        errors.push(p.t("survey.service_required"));
    }
    let values = f.answers().map(|v| v.trim().parse::<u8>().ok());
    let answers = Answers::new(values).map_err(|e| errors.push(element_error(&p, e))).ok();
    let mut profile = |v: &str, allowed: &[&str]| {
        survey::profile_answer(v, allowed).unwrap_or_else(|_| {
            errors.push(p.t("survey.profile_invalid"));
            None
        })
    };
    let (age_band, sex) = (profile(&f.age, &AGE_BANDS), profile(&f.sex, &SEXES));
    let (education, occupation) = (profile(&f.education, &EDUCATION), profile(&f.occupation, &OCCUPATIONS));
    let valid_nonce = f.nonce.len() == 32 && f.nonce.bytes().all(|b| b.is_ascii_hexdigit());
    let year = p.now.to_offset(p.village.utc_offset).year();
    let key = format!("{}:{year}", f.service);
    let mut done = answered(&jar);
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if errors.is_empty() && (done.contains(&key) || !valid_nonce) {
        errors.push(p.t("survey.already"));
        status = StatusCode::CONFLICT;
    }
    if let (true, Some(answers)) = (errors.is_empty(), answers) {
        let response = SurveyResponse {
            service: f.service.clone(),
            answers,
            age_band,
            sex,
            education,
            occupation,
            nonce: f.nonce.clone(),
        };
        match state.store.submit_survey(p.village.id, &response).await {
            Ok(()) => {
                done.push(key);
                let cookie = Cookie::build((DONE_COOKIE, done.join(",")))
                    .path("/survei")
                    .http_only(true)
                    .same_site(SameSite::Lax)
                    .secure(state.config.secure_cookies)
                    .max_age(Duration::days(400))
                    .build();
                return Ok((jar.add(cookie), Redirect::to("/survei?ok=1")).into_response());
            }
            Err(SurveyError::AlreadySubmitted) => {
                errors.push(p.t("survey.already"));
                status = StatusCode::CONFLICT;
            }
            Err(SurveyError::Store(e)) => return Err(PageError::store(p, e)),
        }
    }
    let page = SurveyPage {
        p: p.with_title("survey.title"),
        csrf: f.csrf.clone(),
        nonce: nonce(),
        services,
        form: f,
        errors,
        thanks: false,
    };
    Ok((status, jar, page).into_response())
}
