//! `/admin/pengaturan`: the SLA targets, the service categories and the holiday calendar.

use super::Staff;
use super::form_kit::{Shell, shell_page};
use crate::AppState;
use crate::csrf_form::{CsrfForm, CsrfMultipart};
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::Role;
use aduan_domain::calendar::{Holiday, HolidayKind, parse_holidays_csv};
use aduan_domain::sla::{SlaClass, SlaTargets};
use aduan_store::platform::settings::{CategoryEdit, CategoryRow};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;
use time::Date;

#[derive(Template, WebTemplate)]
#[template(path = "admin_settings.html")]
pub struct SettingsPage {
    shell: Shell,
    sla: Vec<(&'static str, u32)>,
    categories: Vec<CategoryRow>,
    classes: Vec<&'static str>,
    officers: Vec<(i64, String)>,
    kinds: Vec<&'static str>,
    holidays: Vec<Holiday>,
    profile: Vec<(&'static str, String)>,
}

shell_page!(SettingsPage);

impl SettingsPage {
    fn officer_name(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.officers.iter().find(|o| o.0 == id)).map(|o| o.1.clone()).unwrap_or_else(|| "—".into())
    }
}

async fn render(state: &AppState, p: PageCtx, staff: &Staff, csrf: String) -> Result<SettingsPage, PageError> {
    let store = &state.store;
    let village_id = staff.user.village_id;
    let fail = |e| PageError::store(p.clone(), e);
    // Read fresh: the page may just have changed the targets.
    let village = store.default_village().await.map_err(fail)?;
    let t = village.sla;
    Ok(SettingsPage {
        sla: vec![
            ("verification", t.verification),
            ("ringan", t.ringan),
            ("normatif", t.normatif),
            ("tidak_berkadar_pengawasan", t.tidak_berkadar_pengawasan),
            ("berkadar_pengawasan", t.berkadar_pengawasan),
            ("objection", t.objection),
        ],
        categories: store.all_categories(village_id).await.map_err(fail)?,
        classes: SlaClass::ALL.iter().map(|c| c.as_str()).collect(),
        officers: store
            .users(village_id)
            .await
            .map_err(fail)?
            .into_iter()
            .filter(|u| !u.disabled && (u.roles.has(Role::Petugas) || u.roles.has(Role::Pengelola)))
            .map(|u| (u.id, u.display_name))
            .collect(),
        kinds: vec!["libur_nasional", "cuti_bersama", "libur_daerah"],
        profile: vec![
            ("name", village.name.clone()),
            ("motto", village.motto.clone()),
            ("kecamatan", village.kecamatan.clone()),
            ("kabupaten", village.kabupaten.clone()),
            ("province", village.province.clone()),
            ("postcode", village.postcode.clone()),
            ("office_address", village.office_address.clone()),
            ("phone", village.phone.clone()),
            ("email", village.email.clone()),
            ("office_hours", village.office_hours.clone()),
            ("officer_name", village.complaint_officer_name.clone()),
            ("officer_address", village.complaint_officer_address.clone()),
            ("latitude", village.latitude.map(|v| v.to_string()).unwrap_or_default()),
            ("longitude", village.longitude.map(|v| v.to_string()).unwrap_or_default()),
        ],
        holidays: store.holidays(village_id).await.map_err(fail)?,
        shell: Shell::new(p, staff, csrf, "settings.title"),
    })
}

fn answer(mut page: SettingsPage, outcome: Result<String, String>) -> Response {
    let status = match &outcome {
        Ok(_) => StatusCode::OK,
        Err(_) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    match outcome {
        Ok(n) => page.notice = Some(n),
        Err(e) => page.errors = vec![e],
    }
    (status, [(header::CACHE_CONTROL, "no-store")], page).into_response()
}

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
) -> Result<Response, PageError> {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    Ok((jar, render(&state, p, &staff, csrf).await?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SlaForm {
    csrf: String,
    verification: String,
    ringan: String,
    normatif: String,
    tidak_berkadar_pengawasan: String,
    berkadar_pengawasan: String,
    objection: String,
}

pub async fn sla(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<SlaForm>,
) -> Result<Response, PageError> {
    let n = |s: &str| s.trim().parse::<u32>().ok().filter(|d| (1..=365).contains(d));
    let parsed = (|| {
        Some(SlaTargets {
            verification: n(&f.verification)?,
            ringan: n(&f.ringan)?,
            normatif: n(&f.normatif)?,
            tidak_berkadar_pengawasan: n(&f.tidak_berkadar_pengawasan)?,
            berkadar_pengawasan: n(&f.berkadar_pengawasan)?,
            objection: n(&f.objection)?,
        })
    })();
    let outcome = match parsed {
        Some(t) => {
            state.store.set_sla_targets(staff.user.village_id, &t, &staff.user).await.or_page(&p)?;
            Ok(p.t("settings.sla_saved"))
        }
        None => Err(p.t("settings.bad_sla")),
    };
    Ok(answer(render(&state, p, &staff, f.csrf).await?, outcome))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CategoryForm {
    csrf: String,
    code: String,
    name: String,
    description: String,
    sla_class: String,
    responsible: String,
    active: String,
}

pub async fn category(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<CategoryForm>,
) -> Result<Response, PageError> {
    let code = f.code.trim().to_lowercase();
    let code_ok = (2..=40).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let name = f.name.trim();
    let outcome = match (code_ok && !name.is_empty() && name.chars().count() <= 100, SlaClass::parse(&f.sla_class)) {
        (true, Some(sla_class)) => {
            let users = state.store.users(staff.user.village_id).await.or_page(&p)?;
            let responsible_user_id = f.responsible.parse::<i64>().ok().filter(|id| users.iter().any(|u| u.id == *id));
            let edit = CategoryEdit {
                code,
                name: name.to_string(),
                description: f.description.trim().chars().take(300).collect(),
                sla_class,
                responsible_user_id,
                active: f.active == "1",
            };
            state.store.put_category(staff.user.village_id, &edit, &staff.user).await.or_page(&p)?;
            Ok(p.t("settings.category_saved"))
        }
        _ => Err(p.t("settings.bad_category")),
    };
    Ok(answer(render(&state, p, &staff, f.csrf).await?, outcome))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DayForm {
    csrf: String,
    day: String,
    kind: String,
    name: String,
}

fn parse_day(s: &str) -> Option<Date> {
    Date::parse(s.trim(), time::macros::format_description!("[year]-[month]-[day]")).ok()
}

pub async fn add_day(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<DayForm>,
) -> Result<Response, PageError> {
    let name = f.name.trim();
    let outcome = match (parse_day(&f.day), HolidayKind::parse(&f.kind)) {
        (Some(date), Some(kind)) if !name.is_empty() && name.chars().count() <= 150 => {
            let day = Holiday { date, kind, name: name.to_string() };
            state.store.put_holidays(staff.user.village_id, &[day], &staff.user).await.or_page(&p)?;
            Ok(p.t("settings.added"))
        }
        _ => Err(p.t("settings.bad_day")),
    };
    Ok(answer(render(&state, p, &staff, f.csrf).await?, outcome))
}

pub async fn remove_day(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<DayForm>,
) -> Result<Response, PageError> {
    let outcome = match parse_day(&f.day) {
        Some(day) => match state.store.remove_holiday(staff.user.village_id, day, &staff.user).await {
            Ok(()) => Ok(p.t("settings.removed")),
            Err(aduan_store::StoreError::NotFound) => Err(p.t("settings.bad_day")),
            Err(e) => return Err(PageError::store(p, e)),
        },
        None => Err(p.t("settings.bad_day")),
    };
    Ok(answer(render(&state, p, &staff, f.csrf).await?, outcome))
}

pub async fn import(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    mut form: CsrfMultipart,
) -> Result<Response, PageError> {
    let csrf = form.csrf.clone();
    let (_, csv) = form.file("csv");
    let outcome = match String::from_utf8(csv)
        .map_err(|_| "UTF-8".to_string())
        .and_then(|t| parse_holidays_csv(&t).map_err(|e| e.to_string()))
    {
        Ok(days) if !days.is_empty() => {
            let added = state.store.put_holidays(staff.user.village_id, &days, &staff.user).await.or_page(&p)?;
            Ok(p.lang.tf("settings.imported", &[("n", &added.to_string()), ("m", &(days.len() - added).to_string())]))
        }
        Ok(_) => Err(p.lang.tf("settings.bad_csv", &[("reason", "0")])),
        Err(reason) => Err(p.lang.tf("settings.bad_csv", &[("reason", &reason)])),
    };
    Ok(answer(render(&state, p, &staff, csrf).await?, outcome))
}

crate::has_csrf!(SlaForm, CategoryForm, DayForm);

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProfileForm {
    csrf: String,
    name: String,
    motto: String,
    kecamatan: String,
    kabupaten: String,
    province: String,
    postcode: String,
    office_address: String,
    phone: String,
    email: String,
    office_hours: String,
    officer_name: String,
    officer_address: String,
    latitude: String,
    longitude: String,
}

crate::has_csrf!(ProfileForm);

/// The office's place: both coordinates empty (none), or both in range; otherwise `None`.
fn location(latitude: &str, longitude: &str) -> Option<Option<(f64, f64)>> {
    match (latitude.trim(), longitude.trim()) {
        ("", "") => Some(None),
        (lat, lon) => {
            let lat = lat.replace(',', ".").parse::<f64>().ok().filter(|v| (-90.0..=90.0).contains(v))?;
            let lon = lon.replace(',', ".").parse::<f64>().ok().filter(|v| (-180.0..=180.0).contains(v))?;
            Some(Some((lat, lon)))
        }
    }
}

pub async fn profile(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    CsrfForm(f): CsrfForm<ProfileForm>,
) -> Result<Response, PageError> {
    let clean = |s: &str, max: usize| -> Option<String> {
        let t = s.trim();
        (t.chars().count() <= max && !t.chars().any(char::is_control)).then(|| t.to_string())
    };
    let edit = (|| {
        Some(aduan_store::platform::settings::ProfileEdit {
            name: clean(&f.name, 100).filter(|s| !s.is_empty())?,
            motto: clean(&f.motto, 200)?,
            kecamatan: clean(&f.kecamatan, 100)?,
            kabupaten: clean(&f.kabupaten, 100)?,
            province: clean(&f.province, 100)?,
            postcode: clean(&f.postcode, 10)?,
            office_address: clean(&f.office_address, 300).filter(|s| !s.is_empty())?,
            phone: clean(&f.phone, 50)?,
            email: clean(&f.email, 254).filter(|e| e.is_empty() || aduan_domain::Email::parse(e).is_ok())?,
            office_hours: clean(&f.office_hours, 200)?,
            complaint_officer_name: clean(&f.officer_name, 100).filter(|s| !s.is_empty())?,
            complaint_officer_address: clean(&f.officer_address, 300).filter(|s| !s.is_empty())?,
            location: location(&f.latitude, &f.longitude)?,
        })
    })();
    let outcome = match edit {
        Some(edit) => {
            state.store.update_profile(staff.user.village_id, &edit, &staff.user).await.or_page(&p)?;
            Ok(p.t("settings.profile_saved"))
        }
        None => Err(p.t("settings.bad_profile")),
    };
    Ok(answer(render(&state, p, &staff, f.csrf).await?, outcome))
}
