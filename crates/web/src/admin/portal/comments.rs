//! `/admin/komentar`: the `redaksi` checks visitors' comments, publishes or rejects them, and
//! answers in the village's name. Contacts stay masked here too: a comment is not a case.

use super::super::Staff;
use super::super::form_kit::{self, Shell, count_label, shell_page};
use super::super::home::COMMENTS_CAP;
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_store::StoreError;
use aduan_store::portal::comments::{CommentStatus, Moderation, StaffComment};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;

const SHOWN: i64 = 100;

#[derive(Template, WebTemplate)]
#[template(path = "admin_comments.html")]
pub struct CommentsPage {
    shell: Shell,
    status: CommentStatus,
    items: Vec<StaffComment>,
    counts: Vec<(CommentStatus, i64)>,
}

shell_page!(CommentsPage);

impl CommentsPage {
    fn tabs(&self) -> [(CommentStatus, &'static str); 3] {
        [
            (CommentStatus::Menunggu, "comments.waiting"),
            (CommentStatus::Terbit, "comments.published"),
            (CommentStatus::Ditolak, "comments.rejected"),
        ]
    }

    /// How many comments a tab holds, as its label shows it.
    fn count_of(&self, status: &CommentStatus) -> String {
        let n = self.counts.iter().find(|(s, _)| s == status).map_or(0, |(_, n)| *n);
        count_label(n, COMMENTS_CAP)
    }

    fn when(&self, c: &StaffComment) -> String {
        self.p.datetime(&c.comment.created_at)
    }
}

async fn render(
    state: &AppState,
    p: PageCtx,
    staff: &Staff,
    csrf: String,
    status: CommentStatus,
) -> Result<CommentsPage, PageError> {
    let items = state.store.comments_for_staff(staff.user.village_id, status, SHOWN).await.or_page(&p)?;
    let counts = state.store.comment_counts(staff.user.village_id, COMMENTS_CAP).await.or_page(&p)?;
    Ok(CommentsPage { status, items, counts, shell: Shell::new(p, staff, csrf, "comments.admin_title") })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    status: String,
}

pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let status = query.ok().and_then(|Query(q)| CommentStatus::parse(&q.status)).unwrap_or(CommentStatus::Menunggu);
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    Ok((jar, render(&state, p, &staff, csrf, status).await?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ModerateForm {
    csrf: String,
    action: String,
    /// Which list the moderator was looking at, to return to it.
    status: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReplyForm {
    csrf: String,
    body: String,
    status: String,
}

crate::has_csrf!(ModerateForm, ReplyForm);

type Outcome = Result<(), (StatusCode, &'static str)>;

fn comment_id(id: &str) -> Option<i64> {
    id.parse::<i64>().ok().filter(|i| *i > 0)
}

/// The list after a step: its notice, or its error with `status`.
async fn after(
    state: &AppState,
    p: PageCtx,
    staff: &Staff,
    csrf: String,
    back_to: &str,
    outcome: Outcome,
) -> Result<Response, PageError> {
    let status = CommentStatus::parse(back_to).unwrap_or(CommentStatus::Menunggu);
    let page = render(state, p, staff, csrf, status).await?;
    match outcome {
        Ok(()) => Ok(form_kit::answer(page, Ok("comments.saved"))),
        Err((code, key)) => Ok(form_kit::refuse(page, code, key)),
    }
}

/// A step's outcome as the page tells it; only a failing database fails the page.
fn stored(r: Result<(), StoreError>) -> Result<Outcome, StoreError> {
    match r {
        Ok(()) => Ok(Ok(())),
        Err(StoreError::NotFound) => Ok(Err((StatusCode::NOT_FOUND, "error.not_found"))),
        Err(e) => Err(e),
    }
}

pub async fn moderate(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<ModerateForm>,
) -> Result<Response, PageError> {
    let Some(id) = comment_id(&id) else {
        return after(&state, p, &staff, f.csrf, &f.status, Err((StatusCode::NOT_FOUND, "error.not_found"))).await;
    };
    let outcome = match f.action.as_str() {
        "terbitkan" => Some(Moderation::Publish),
        "tolak" => Some(Moderation::Reject),
        _ => None,
    };
    let outcome = match outcome {
        Some(m) => stored(state.store.moderate_comment(staff.user.village_id, id, m, &staff.user).await).or_page(&p)?,
        None => Err((StatusCode::UNPROCESSABLE_ENTITY, "error.bad_form")),
    };
    after(&state, p, &staff, f.csrf, &f.status, outcome).await
}

pub async fn reply(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<ReplyForm>,
) -> Result<Response, PageError> {
    let Some(id) = comment_id(&id) else {
        return after(&state, p, &staff, f.csrf, &f.status, Err((StatusCode::NOT_FOUND, "error.not_found"))).await;
    };
    let body = f.body.trim();
    let outcome = if body.is_empty() {
        Err((StatusCode::UNPROCESSABLE_ENTITY, "comments.reply_required"))
    } else if body.chars().count() > aduan_domain::portal::comments::BODY_MAX {
        Err((StatusCode::UNPROCESSABLE_ENTITY, "comments.too_long"))
    } else {
        stored(state.store.reply_comment(staff.user.village_id, id, body, &staff.user).await).or_page(&p)?
    };
    after(&state, p, &staff, f.csrf, &f.status, outcome).await
}
