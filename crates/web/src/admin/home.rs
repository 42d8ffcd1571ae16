//! The back-office start page: what this user's roles let them do.

use super::Staff;
use super::form_kit::{Shell, count_label, shell_page};
use super::login::CsrfOnly;
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::Role;
use aduan_domain::access::{Permission, Roles};
use aduan_store::complaint::notices::StaffNotice;
use aduan_store::portal::comments::CommentStatus;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::extract::{Query, State};
use axum::response::Redirect;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin_home.html")]
pub struct HomePage {
    shell: Shell,
    user_name: String,
    roles: Vec<&'static str>,
    sections: Vec<(&'static str, &'static str)>,
    notices: Vec<StaffNotice>,
    /// For an admin whose roles see no complaint: the roles that do, to explain why the queue is
    /// missing and to offer adding one.
    complaint_roles: Vec<&'static str>,
    me: i64,
    /// Comments waiting for moderation, for those who moderate ("999+" beyond the count's cap).
    comments_waiting: Option<String>,
    /// From October on, for whoever keeps the calendar: next year, when it holds no national
    /// holidays yet (the joint decree on them usually comes out September to November).
    calendar_missing: Option<i32>,
}

/// Waiting comments are counted up to this many.
pub(crate) const COMMENTS_CAP: i64 = 1_000;

shell_page!(HomePage);

#[derive(Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    pesan: String,
}

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
    notice: Result<Query<Notice>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let notices = match state.store.staff_notices(staff.user.id, 20).await {
        Ok(n) => n,
        Err(e) => return crate::error::PageError::store(p, e).into_response(),
    };
    let comments_waiting = if staff.user.roles.can(Permission::ManageContent) {
        match state.store.comment_counts(staff.user.village_id, COMMENTS_CAP).await {
            Ok(counts) => counts
                .into_iter()
                .find(|(s, n)| *s == CommentStatus::Menunggu && *n > 0)
                .map(|(_, n)| count_label(n, COMMENTS_CAP)),
            Err(e) => return crate::error::PageError::store(p, e).into_response(),
        }
    } else {
        None
    };
    let next_year = p.now.year() + 1;
    let calendar_missing = if staff.user.roles.can(Permission::ManageSettings) && u8::from(p.now.month()) >= 10 {
        match state.store.national_holiday_years(staff.user.village_id).await {
            Ok(years) => (!years.contains(&next_year)).then_some(next_year),
            Err(e) => return crate::error::PageError::store(p, e).into_response(),
        }
    } else {
        None
    };
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let notice = notice.ok().filter(|Query(n)| n.pesan == "kata-sandi").map(|_| p.t("admin.password_changed"));
    let mut shell = Shell::new(p, &staff, csrf, "nav.home");
    shell.notice = notice;
    let page = HomePage {
        sections: shell.nav.iter().copied().filter(|(href, _)| *href != "/admin").collect(),
        user_name: staff.user.display_name.clone(),
        roles: staff.user.roles.iter().map(|r| r.as_str()).collect(),
        notices,
        complaint_roles: if staff.user.roles.can(Permission::ManageUsers)
            && !staff.user.roles.can(Permission::ViewComplaints)
        {
            Role::ALL
                .iter()
                .filter(|r| Roles::new(vec![**r]).can(Permission::ViewComplaints))
                .map(|r| r.as_str())
                .collect()
        } else {
            Vec::new()
        },
        me: staff.user.id,
        comments_waiting,
        calendar_missing,
        shell,
    };
    (jar, page).into_response()
}

/// Marks one of the user's own notices read and returns to the start page.
pub async fn mark_read(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    state.store.mark_notices_read(staff.user.id, Some(id)).await.or_page(&p)?;
    Ok(Redirect::to("/admin#notices").into_response())
}

/// Marks all of the user's notices read.
pub async fn mark_all_read(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    state.store.mark_notices_read(staff.user.id, None).await.or_page(&p)?;
    Ok(Redirect::to("/admin#notices").into_response())
}
