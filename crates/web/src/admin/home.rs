//! The back-office start page: what this user's roles let them do.

use super::Staff;
use super::form_kit::{Shell, shell_page};
use crate::AppState;
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_store::complaint::sla_sweep::StaffNotice;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
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
}

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
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let notice = notice.ok().filter(|Query(n)| n.pesan == "kata-sandi").map(|_| p.t("admin.password_changed"));
    let mut shell = Shell::new(p, &staff, csrf, "nav.home");
    shell.notice = notice;
    let page = HomePage {
        sections: shell.nav.iter().copied().filter(|(href, _)| *href != "/admin").collect(),
        user_name: staff.user.display_name.clone(),
        roles: staff.user.roles.iter().map(|r| r.as_str()).collect(),
        notices,
        shell,
    };
    (jar, page).into_response()
}
