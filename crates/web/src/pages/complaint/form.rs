//! `/pengaduan`: the procedure in plain words and the complaint form. A refused form comes back
//! with every value kept and each field's message; an accepted one redirects to the receipt.

use super::super::complaint::receipt;
use super::super::layout::PageCtx;
use crate::AppState;
use crate::error::PageError;
use crate::form_fields::FormFields;
use crate::intake::{self, IntakeError};
use crate::security;
use crate::upload::{self, FileProblem};
use aduan_domain::complaint::{Channel, ComplaintInput, FieldErrors, Rejection};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{PrivateCookieJar, SignedCookieJar};

#[derive(Template, WebTemplate)]
#[template(path = "complaint_form.html")]
pub struct ComplaintForm {
    p: PageCtx,
    csrf: String,
    ff: FormFields,
    file_errors: Vec<String>,
    had_files: bool,
}

async fn render(
    state: &AppState,
    p: PageCtx,
    csrf: String,
    v: ComplaintInput,
    rejection: &Rejection,
    file_errors: Vec<String>,
    had_files: bool,
) -> Result<ComplaintForm, PageError> {
    let ff = FormFields::build(state, &p, v, rejection).await?;
    Ok(ComplaintForm { csrf, ff, file_errors, had_files, p: p.with_title("form.title") })
}

pub async fn show(State(state): State<AppState>, p: PageCtx, jar: SignedCookieJar) -> Result<Response, PageError> {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let form = render(&state, p, csrf, ComplaintInput::default(), &Rejection::default(), vec![], false).await?;
    Ok((jar, form).into_response())
}

pub fn describe(p: &PageCtx, state: &AppState, problem: &FileProblem) -> String {
    let lang = p.lang;
    let mb = |b: usize| (b / (1024 * 1024)).to_string();
    match problem {
        FileProblem::TooLarge(n) => {
            lang.tf("error.file_too_large", &[("name", n), ("size", &mb(state.config.max_file_bytes))])
        }
        FileProblem::Type(n) => lang.tf("error.file_type", &[("name", n)]),
        FileProblem::Broken(n) => lang.tf("error.file_broken", &[("name", n)]),
        FileProblem::Pixels(n) => lang.tf("error.file_pixels", &[("name", n)]),
        FileProblem::Empty(n) => lang.tf("error.file_empty", &[("name", n)]),
        FileProblem::TooMany => lang.tf("error.too_many_files", &[("count", &state.config.max_files.to_string())]),
        FileProblem::TotalTooLarge => {
            lang.tf("error.files_too_large", &[("size", &mb(state.config.max_complaint_bytes))])
        }
    }
}

/// 413 and 415 say what was wrong with a file; anything else the form shows is a 422.
fn status_for(problems: &[FileProblem]) -> StatusCode {
    if problems
        .iter()
        .any(|p| matches!(p, FileProblem::TooLarge(_) | FileProblem::TotalTooLarge | FileProblem::Pixels(_)))
    {
        StatusCode::PAYLOAD_TOO_LARGE
    } else if problems.iter().any(|p| matches!(p, FileProblem::Type(_))) {
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

pub async fn submit(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    private: PrivateCookieJar,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    let form = upload::read_checked(multipart, &state.config, &jar, &p).await?;
    let had_files = !form.raw_files.is_empty() || !form.problems.is_empty();
    let (clean, mut problems) =
        upload::clean_files(&state.config.images, form.raw_files, state.config.max_file_bytes).await;
    problems.splice(0..0, form.problems);
    let mut field_errors = FieldErrors::new();
    for key in &form.oversized {
        field_errors.insert(key, "too_long");
    }
    let csrf = form.csrf.clone();
    let refuse = |rejection: Rejection, problems: Vec<FileProblem>, input: ComplaintInput| {
        let state = state.clone();
        let p = p.clone();
        let csrf = csrf.clone();
        async move {
            let status = status_for(&problems);
            let file_errors = problems.iter().map(|pr| describe(&p, &state, pr)).collect();
            let page = render(&state, p, csrf, input, &rejection, file_errors, had_files).await?;
            Ok::<Response, PageError>((status, page).into_response())
        }
    };
    if !problems.is_empty() || !field_errors.is_empty() {
        // Report the other fields' problems too, not only the files'.
        let today = p.now.to_offset(p.village.utc_offset).date();
        let mut rejection = Rejection { errors: field_errors, warnings: FieldErrors::new() };
        match form.input.validate(today) {
            Err(more) => {
                for (k, v) in more.errors {
                    rejection.errors.entry(k).or_insert(v);
                }
                rejection.warnings = more.warnings;
            }
            Ok(valid) => rejection.warnings = valid.warnings,
        }
        return refuse(rejection, problems, form.input).await;
    }
    match intake::file_complaint(&state, &form.input, clean, intake::Filing::online(Channel::Web)).await {
        Ok(r) => {
            let warnings: Vec<String> = r.warnings.values().map(|code| p.lang.t(&format!("warning.{code}"))).collect();
            let private = receipt::remember(private, receipt::PATH, &r, &warnings, state.config.secure_cookies, p.now);
            let jar = super::super::complaint::track::grant(
                jar,
                &r.ticket,
                aduan_store::complaint::pin_check::FIRST_VERSION,
                state.config.secure_cookies,
                p.now,
            );
            Ok((private, jar, Redirect::to("/pengaduan/tanda-terima")).into_response())
        }
        Err(IntakeError::Invalid(rejection)) => refuse(rejection, vec![], form.input).await,
        Err(IntakeError::Store(e)) => Err(PageError::store(p.clone().with_title("error.title"), e)),
    }
}
