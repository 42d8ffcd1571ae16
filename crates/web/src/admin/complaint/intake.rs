//! Assisted intake: an officer records a complaint that came by letter, phone, in person,
//! WhatsApp or email, and prints the receipt (tanda terima) for the citizen.

use super::super::Staff;
use super::super::form_kit::{Shell, shell_page};
use crate::AppState;
use crate::error::PageError;
use crate::form_fields::FormFields;
use crate::intake::{self, Filing, IntakeError};
use crate::pages::complaint::receipt::{self, remember};
use crate::pages::layout::PageCtx;
use crate::security;
use crate::upload;
use aduan_domain::complaint::{Channel, ComplaintInput, Rejection};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{PrivateCookieJar, SignedCookieJar};
use time::PrimitiveDateTime;

use super::super::complaint::intake_receipt::{COOKIE_PATH, RECEIPT_PATH};
const CHANNELS: [Channel; 5] = [Channel::Surat, Channel::Telepon, Channel::Datang, Channel::Whatsapp, Channel::Email];
const LOCAL_INPUT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");

#[derive(Template, WebTemplate)]
#[template(path = "admin_intake.html")]
pub struct IntakePage {
    shell: Shell,
    ff: FormFields,
    channels: Vec<&'static str>,
    channel: String,
    received_at: String,
    read_back: bool,
    file_errors: Vec<String>,
}

shell_page!(IntakePage);

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    p: PageCtx,
    staff: &Staff,
    csrf: String,
    v: ComplaintInput,
    rejection: &Rejection,
    (channel, received_at, read_back): (String, String, bool),
    file_errors: Vec<String>,
) -> Result<IntakePage, PageError> {
    let ff = FormFields::build_office(state, &p, v, rejection).await?;
    Ok(IntakePage {
        ff,
        channels: CHANNELS.iter().map(|c| c.as_str()).collect(),
        channel,
        received_at,
        read_back,
        file_errors,
        shell: Shell::new(p, staff, csrf, "intake.title"),
    })
}

/// Starting the next complaint takes the previous receipt, and its PIN, off this browser.
pub async fn form(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
    private: PrivateCookieJar,
) -> Result<Response, PageError> {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let now = p.now.to_offset(p.village.utc_offset);
    let received = now.format(LOCAL_INPUT).unwrap_or_default();
    let page = render(
        &state,
        p,
        &staff,
        csrf,
        ComplaintInput::default(),
        &Rejection::default(),
        (Channel::Datang.as_str().into(), received, false),
        vec![],
    )
    .await?;
    Ok((receipt::forget(private, COOKIE_PATH), jar, page).into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
    private: PrivateCookieJar,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    let form = upload::read_checked(multipart, &state.config, &jar, &p).await?;
    let extra = |k: &str| form.extra.get(k).cloned().unwrap_or_default();
    let (channel_raw, received_raw, read_back) = (extra("channel"), extra("received_at"), extra("read_back") == "1");
    let mut rejection = Rejection::default();
    let channel = Channel::parse(&channel_raw).filter(|c| CHANNELS.contains(c));
    if channel.is_none() {
        rejection.errors.insert("channel", "channel_invalid");
    }
    let received_at = match PrimitiveDateTime::parse(received_raw.trim(), LOCAL_INPUT) {
        Ok(t) => Some(t.assume_offset(p.village.utc_offset)),
        Err(_) => {
            rejection.errors.insert("received_at", "received_invalid");
            None
        }
    };
    if received_at.is_some_and(|t| t > p.now + time::Duration::minutes(5)) {
        rejection.errors.insert("received_at", "received_future");
    }
    if matches!(channel, Some(Channel::Telepon | Channel::Datang)) && !read_back {
        rejection.errors.insert("read_back", "read_back_required");
    }
    let (clean, problems) =
        upload::clean_files(&state.config.images, form.raw_files, state.config.max_file_bytes).await;
    let problems: Vec<_> = form.problems.into_iter().chain(problems).collect();
    let sticky = (channel_raw.clone(), received_raw.clone(), read_back);
    let refuse = |mut rejection: Rejection, file_errors: Vec<String>, status: StatusCode| {
        let (state, p, csrf, input, sticky, staff) =
            (state.clone(), p.clone(), form.csrf.clone(), form.input.clone(), sticky.clone(), staff.clone());
        async move {
            // Intake-specific messages live under `intake.`, the rest under `error.`.
            let intake_keys: Vec<(&'static str, &'static str)> = rejection
                .errors
                .iter()
                .filter(|(k, _)| matches!(**k, "channel" | "received_at" | "read_back"))
                .map(|(k, v)| (*k, *v))
                .collect();
            let mut page = render(&state, p, &staff, csrf, input, &rejection, sticky, file_errors).await?;
            for (k, code) in intake_keys {
                rejection.errors.remove(k);
                page.ff.errors.insert(k, page.p.t(&format!("intake.{code}")));
            }
            Ok::<Response, PageError>((status, page).into_response())
        }
    };
    let file_errors: Vec<String> =
        problems.iter().map(|pr| crate::pages::describe_file_problem(&p, &state, pr)).collect();
    if !rejection.errors.is_empty() || !file_errors.is_empty() {
        let today = p.now.to_offset(p.village.utc_offset).date();
        if let Err(more) = form.input.validate(today) {
            for (k, v) in more.errors {
                rejection.errors.entry(k).or_insert(v);
            }
            rejection.warnings = more.warnings;
        }
        let status =
            if file_errors.is_empty() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::UNSUPPORTED_MEDIA_TYPE };
        return refuse(rejection, file_errors, status).await;
    }
    let filing = Filing {
        channel: channel.unwrap_or(Channel::Datang),
        recorded_by: Some(staff.user.id),
        received_at,
        read_back_confirmed: read_back,
        message: None,
    };
    match intake::file_complaint(&state, &form.input, clean, filing).await {
        Ok(r) => {
            let warnings: Vec<String> = r.warnings.values().map(|code| p.lang.t(&format!("warning.{code}"))).collect();
            let private = remember(private, COOKIE_PATH, &r, &warnings, state.config.secure_cookies, p.now);
            Ok((private, Redirect::to(RECEIPT_PATH)).into_response())
        }
        Err(IntakeError::Invalid(rejection)) => refuse(rejection, vec![], StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(IntakeError::Store(e)) => Err(PageError::store(p.clone(), e)),
    }
}
