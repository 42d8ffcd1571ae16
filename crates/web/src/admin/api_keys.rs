//! `/admin/kunci-api`: keys for other systems (311 apps, the regency's portal), each named and
//! limited to what it may do; the secret is shown once, and a key can be revoked at any time.

use super::Staff;
use super::form_kit::{Shell, shell_page};
use super::login::CsrfOnly;
use crate::AppState;
use crate::csrf_form::CsrfForm;
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::api_key::Scope;
use aduan_store::StoreError;
use aduan_store::platform::api_keys::ApiKey;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin_api_keys.html")]
pub struct KeysPage {
    shell: Shell,
    keys: Vec<ApiKey>,
    scopes: Vec<&'static str>,
    /// Enabled staff a `staff` key may work as: id and name.
    users: Vec<(i64, String)>,
    /// The secret of the key just made, shown once.
    secret: Option<String>,
}

shell_page!(KeysPage);

impl KeysPage {
    fn scope_names(&self, k: &ApiKey) -> String {
        let names = k.scopes.iter().map(|s| self.p.tk("api_keys.scope_", s.as_str())).collect::<Vec<_>>().join(", ");
        match k.user_id.and_then(|id| self.users.iter().find(|(u, _)| *u == id)) {
            Some((_, user)) => format!("{names} ({user})"),
            None => names,
        }
    }
}

async fn render(state: &AppState, p: PageCtx, staff: &Staff, csrf: String) -> Result<KeysPage, PageError> {
    let keys = state.store.api_keys(staff.user.village_id).await.or_page(&p)?;
    let users = state.store.users(staff.user.village_id).await.or_page(&p)?;
    Ok(KeysPage {
        users: users.into_iter().filter(|u| !u.disabled).map(|u| (u.id, u.display_name)).collect(),
        keys,
        scopes: Scope::ALL.iter().map(|s| s.as_str()).collect(),
        secret: None,
        shell: Shell::new(p, staff, csrf, "api_keys.title"),
    })
}

/// The secret must never be cached.
fn no_store(status: StatusCode, page: KeysPage) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], page).into_response()
}

pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
) -> Result<Response, PageError> {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    Ok((jar, no_store(StatusCode::OK, render(&state, p, &staff, csrf).await?)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewKey {
    csrf: String,
    name: String,
    scope: Vec<String>,
}

crate::has_csrf!(NewKey);

pub async fn create(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<NewKey>,
) -> Result<Response, PageError> {
    let name = f.name.trim();
    let scopes: Vec<Scope> = f.scope.iter().filter_map(|s| Scope::parse(s)).collect();
    let valid = !name.is_empty() && name.chars().count() <= 100 && !scopes.is_empty();
    // A staff key works as the user who makes it and no one else: minting a key in another
    // user's name would let an admin act with that user's roles.
    let user = scopes.contains(&Scope::Staff).then_some(staff.user.id);
    if !valid {
        let mut page = render(&state, p.clone(), &staff, f.csrf.clone()).await?;
        page.errors = vec![page.p.t("api_keys.invalid")];
        return Ok(no_store(StatusCode::UNPROCESSABLE_ENTITY, page));
    }
    let (_, secret) =
        state.store.create_api_key(staff.user.village_id, name, &scopes, user, Some(&staff.user)).await.or_page(&p)?;
    let mut page = render(&state, p, &staff, f.csrf).await?;
    page.secret = Some(secret);
    Ok(no_store(StatusCode::OK, page))
}

pub async fn revoke(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    match state.store.revoke_api_key(staff.user.village_id, id, Some(&staff.user)).await {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Err(PageError::not_found(p)),
        Err(e) => return Err(PageError::store(p, e)),
    }
    let mut page = render(&state, p, &staff, f.csrf).await?;
    page.notice = Some(page.p.t("api_keys.revoked"));
    Ok(no_store(StatusCode::OK, page))
}
