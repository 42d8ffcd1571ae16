//! The back office under `/admin`. Every route is listed once in [`routes`] with the permission
//! it needs; one guard enforces it, and the tests walk the same list for every role.

mod api_keys;
pub(crate) mod complaint;
pub(crate) mod confirm;
pub(crate) mod form_kit;
mod guard;
mod home;
mod login;
mod password;
mod portal;
mod settings;
mod users;

use crate::AppState;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use aduan_domain::access::Permission;
use axum::Router;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use complaint::{bodies, bulk, canned, case, dashboard, intake, intake_receipt, publication, queue, survey, views};
use portal::{
    agenda, article_categories, articles, comments, editor, links, media, officials, static_pages, visitors, widgets,
};

pub use guard::Staff;

/// What a route needs: nothing (the sign-in page), any signed-in staff, or a permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    SignedIn,
    Needs(Permission),
    /// Any one of these.
    AnyOf(&'static [Permission]),
}

impl Access {
    /// Whether a user holding `roles` passes (signed in).
    pub fn allows(self, roles: &aduan_domain::access::Roles) -> bool {
        match self {
            Access::Public | Access::SignedIn => true,
            Access::Needs(p) => roles.can(p),
            Access::AnyOf(ps) => ps.iter().any(|p| roles.can(*p)),
        }
    }
}

/// One back-office route; `path` is a concrete example path the tests can request.
#[derive(Debug, Clone, Copy)]
pub struct AdminRoute {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
    /// What a destructive step asks on a page of its own before it acts.
    pub confirm: Option<confirm::Confirm>,
}

fn table(upload_limit: usize) -> Vec<(AdminRoute, MethodRouter<AppState>)> {
    use Access::*;
    let r = |method, path, access| AdminRoute { method, path, access, confirm: None };
    vec![
        (r("GET", "/admin/masuk", Public), get(login::form)),
        (r("POST", "/admin/masuk", Public), post(login::submit)),
        (r("POST", "/admin/keluar", SignedIn), post(login::logout)),
        (r("GET", "/admin", SignedIn), get(home::show)),
        (r("POST", "/admin/pemberitahuan/dibaca", SignedIn), post(home::mark_all_read)),
        (r("POST", "/admin/pemberitahuan/{id}/dibaca", SignedIn), post(home::mark_read)),
        (r("GET", "/admin/kata-sandi", SignedIn), get(password::form)),
        (r("POST", "/admin/kata-sandi", SignedIn), post(password::submit)),
        (r("GET", "/admin/pengguna", Needs(Permission::ManageUsers)), get(users::list)),
        (r("POST", "/admin/pengguna", Needs(Permission::ManageUsers)), post(users::create)),
        (
            r("POST", "/admin/pengguna/{id}/status", Needs(Permission::ManageUsers))
                .asks_unless("confirm.disable_user", ("disabled", "0")),
            post(users::set_status),
        ),
        (
            r("POST", "/admin/pengguna/{id}/kata-sandi", Needs(Permission::ManageUsers)).asks("confirm.reset_password"),
            post(users::reset_password),
        ),
        (r("POST", "/admin/pengguna/{id}/email", Needs(Permission::ManageUsers)), post(users::set_email)),
        (r("POST", "/admin/pengguna/{id}/peran", Needs(Permission::ManageUsers)), post(users::set_roles)),
        (r("GET", "/admin/dasbor", Needs(Permission::ViewDashboard)), get(dashboard::show)),
        (r("GET", "/admin/survei", Needs(Permission::ViewDashboard)), get(survey::show)),
        (r("GET", "/admin/jawaban", Needs(Permission::HandleComplaints)), get(canned::list)),
        (r("POST", "/admin/jawaban", Needs(Permission::HandleComplaints)), post(canned::add)),
        (
            r("POST", "/admin/jawaban/{id}/hapus", Needs(Permission::HandleComplaints)).asks("confirm.delete_canned"),
            post(canned::delete),
        ),
        (r("GET", "/admin/pengaturan", Needs(Permission::ManageSettings)), get(settings::show)),
        (r("POST", "/admin/pengaturan/profil", Needs(Permission::ManageSettings)), post(settings::profile)),
        (r("POST", "/admin/pengaturan/sla", Needs(Permission::ManageSettings)), post(settings::sla)),
        (r("POST", "/admin/pengaturan/kategori", Needs(Permission::ManageSettings)), post(settings::category)),
        (r("POST", "/admin/pengaturan/libur", Needs(Permission::ManageSettings)), post(settings::add_day)),
        (
            r("POST", "/admin/pengaturan/libur/hapus", Needs(Permission::ManageSettings))
                .asks("confirm.remove_holiday"),
            post(settings::remove_day),
        ),
        (
            r("POST", "/admin/pengaturan/libur/impor", Needs(Permission::ManageSettings)),
            post(settings::import).layer(axum::extract::DefaultBodyLimit::max(1024 * 1024)),
        ),
        (r("GET", "/admin/kunci-api", Needs(Permission::ManageSettings)), get(api_keys::list)),
        (r("POST", "/admin/kunci-api", Needs(Permission::ManageSettings)), post(api_keys::create)),
        (
            r("POST", "/admin/kunci-api/{id}/cabut", Needs(Permission::ManageSettings)).asks("confirm.revoke_key"),
            post(api_keys::revoke),
        ),
        (r("GET", "/admin/lembaga", Needs(Permission::ManageSettings)), get(bodies::list)),
        (r("POST", "/admin/lembaga", Needs(Permission::ManageSettings)), post(bodies::add)),
        (r("POST", "/admin/lembaga/{id}", Needs(Permission::ManageSettings)), post(bodies::update)),
        (r("GET", "/admin/artikel", Needs(Permission::ManageContent)), get(articles::list)),
        (r("GET", "/admin/artikel/baru", Needs(Permission::ManageContent)), editor::editing(get(articles::new_form))),
        (
            r("POST", "/admin/artikel/baru", Needs(Permission::ManageContent)),
            editor::editing(post(articles::create).layer(axum::extract::DefaultBodyLimit::max(upload_limit))),
        ),
        (r("GET", "/admin/artikel/kategori", Needs(Permission::ManageContent)), get(article_categories::list)),
        (r("POST", "/admin/artikel/kategori", Needs(Permission::ManageContent)), post(article_categories::add)),
        (r("POST", "/admin/artikel/kategori/{id}", Needs(Permission::ManageContent)), post(article_categories::update)),
        (
            r("POST", "/admin/artikel/kategori/{id}/hapus", Needs(Permission::ManageContent))
                .asks("confirm.delete_article_category"),
            post(article_categories::delete),
        ),
        (r("GET", "/admin/artikel/{id}", Needs(Permission::ManageContent)), editor::editing(get(articles::edit_form))),
        (
            r("POST", "/admin/artikel/{id}/lampiran", Needs(Permission::ManageContent)),
            editor::editing(post(articles::upload).layer(axum::extract::DefaultBodyLimit::max(upload_limit))),
        ),
        (
            r("POST", "/admin/artikel/{id}/lampiran/hapus", Needs(Permission::ManageContent))
                .asks("confirm.delete_attachment"),
            editor::editing(post(articles::remove_upload)),
        ),
        (
            r("POST", "/admin/artikel/{id}", Needs(Permission::ManageContent)),
            editor::editing(post(articles::update).layer(axum::extract::DefaultBodyLimit::max(512 * 1024))),
        ),
        (r("GET", "/admin/halaman", Needs(Permission::ManageContent)), editor::editing(get(static_pages::list))),
        (
            r("POST", "/admin/halaman", Needs(Permission::ManageContent)),
            editor::editing(post(static_pages::add).layer(axum::extract::DefaultBodyLimit::max(512 * 1024))),
        ),
        (r("GET", "/admin/halaman/{id}", Needs(Permission::ManageContent)), editor::editing(get(static_pages::edit))),
        (
            r("POST", "/admin/halaman/{id}", Needs(Permission::ManageContent)),
            editor::editing(post(static_pages::update).layer(axum::extract::DefaultBodyLimit::max(512 * 1024))),
        ),
        (
            r("POST", "/admin/halaman/{id}/hapus", Needs(Permission::ManageContent)).asks("confirm.delete_page"),
            post(static_pages::delete),
        ),
        (r("GET", "/admin/media", Needs(Permission::ManageContent)), get(media::list)),
        (
            r("POST", "/admin/media", Needs(Permission::ManageContent)),
            post(media::upload).layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        ),
        (
            r("POST", "/admin/media/{id}/hapus", Needs(Permission::ManageContent)).asks("confirm.delete_media"),
            post(media::delete),
        ),
        (r("GET", "/admin/widget", Needs(Permission::ManageContent)), get(widgets::show)),
        (r("POST", "/admin/widget", Needs(Permission::ManageContent)), post(widgets::save)),
        (r("GET", "/admin/aparatur", Needs(Permission::ManageContent)), get(officials::list)),
        (r("POST", "/admin/aparatur", Needs(Permission::ManageContent)), post(officials::add)),
        (r("POST", "/admin/aparatur/{id}", Needs(Permission::ManageContent)), post(officials::update)),
        (
            r("POST", "/admin/aparatur/{id}/hapus", Needs(Permission::ManageContent)).asks("confirm.delete_official"),
            post(officials::delete),
        ),
        (
            r("POST", "/admin/aparatur/{id}/foto", Needs(Permission::ManageContent)),
            post(officials::upload_photo).layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        ),
        (
            r("POST", "/admin/aparatur/{id}/foto/hapus", Needs(Permission::ManageContent)).asks("confirm.remove_photo"),
            post(officials::remove_photo),
        ),
        (r("GET", "/admin/agenda", Needs(Permission::ManageContent)), get(agenda::list)),
        (r("POST", "/admin/agenda", Needs(Permission::ManageContent)), post(agenda::add)),
        (r("POST", "/admin/agenda/{id}", Needs(Permission::ManageContent)), post(agenda::update)),
        (
            r("POST", "/admin/agenda/{id}/hapus", Needs(Permission::ManageContent)).asks("confirm.delete_agenda"),
            post(agenda::delete),
        ),
        (r("GET", "/admin/tautan", Needs(Permission::ManageContent)), get(links::list)),
        (r("POST", "/admin/tautan", Needs(Permission::ManageContent)), post(links::add)),
        (r("POST", "/admin/tautan/{id}", Needs(Permission::ManageContent)), post(links::update)),
        (
            r("POST", "/admin/tautan/{id}/hapus", Needs(Permission::ManageContent)).asks("confirm.delete_link"),
            post(links::delete),
        ),
        (r("GET", "/admin/komentar", Needs(Permission::ManageContent)), get(comments::list)),
        (r("POST", "/admin/komentar/{id}/moderasi", Needs(Permission::ManageContent)), post(comments::moderate)),
        (r("POST", "/admin/komentar/{id}/balas", Needs(Permission::ManageContent)), post(comments::reply)),
        (
            r("GET", "/admin/statistik", AnyOf(&[Permission::ManageContent, Permission::ViewDashboard])),
            get(visitors::show),
        ),
        (r("GET", "/admin/pengaduan", Needs(Permission::ViewComplaints)), get(queue::list)),
        (r("POST", "/admin/pengaduan/tampilan", Needs(Permission::ViewComplaints)), post(views::save)),
        (r("POST", "/admin/pengaduan/massal", Needs(Permission::HandleComplaints)), post(bulk::apply)),
        (
            r("POST", "/admin/pengaduan/tampilan/{id}/hapus", Needs(Permission::ViewComplaints))
                .asks("confirm.delete_view"),
            post(views::delete),
        ),
        (r("GET", "/admin/pengaduan/baru", Needs(Permission::RecordIntake)), get(intake::form)),
        (
            r("POST", "/admin/pengaduan/baru", Needs(Permission::RecordIntake)),
            post(intake::submit).layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        ),
        (r("GET", "/admin/pengaduan/tanda-terima", Needs(Permission::RecordIntake)), get(intake_receipt::page)),
        (r("GET", "/admin/pengaduan/tanda-terima/pdf", Needs(Permission::RecordIntake)), get(intake_receipt::pdf)),
        (
            r("POST", "/admin/pengaduan/{ticket}/tanda-terima", Needs(Permission::RecordIntake)),
            post(intake_receipt::reprint),
        ),
        (r("GET", "/admin/pengaduan/{ticket}", Needs(Permission::ViewComplaints)), get(case::show)),
        (
            r(
                "POST",
                "/admin/pengaduan/{ticket}/langkah",
                AnyOf(&[Permission::HandleComplaints, Permission::DecideObjections]),
            ),
            post(case::step),
        ),
        (r("POST", "/admin/pengaduan/{ticket}/pesan", Needs(Permission::HandleComplaints)), post(case::message)),
        (r("POST", "/admin/pengaduan/{ticket}/lengkapi", Needs(Permission::HandleComplaints)), post(case::complete)),
        (r("POST", "/admin/pengaduan/{ticket}/identitas", Needs(Permission::RevealIdentity)), post(case::reveal)),
        (r("POST", "/admin/pengaduan/{ticket}/pin", Needs(Permission::IssuePin)), post(case::issue_pin)),
        (
            r("POST", "/admin/pengaduan/{ticket}/publikasi", Needs(Permission::ManagePublication)),
            post(publication::update),
        ),
        (r("GET", "/admin/pengaduan/{ticket}/bukti/{id}", Needs(Permission::ViewComplaints)), get(case::evidence)),
    ]
}

/// Every back-office route with what it needs, for the permission tests.
pub fn route_list() -> Vec<AdminRoute> {
    table(0).into_iter().map(|(r, _)| r).collect()
}

pub fn routes(state: &AppState) -> Router<AppState> {
    let mut router = Router::new();
    let upload_limit = state.config.max_complaint_bytes + state.config.max_files * 64 * 1024 + 1024 * 1024;
    for (route, handler) in table(upload_limit) {
        // The guard is added last, so it runs first: only a user the route allows is asked.
        let handler = match route.confirm {
            Some(c) => handler.route_layer(axum::middleware::from_fn_with_state((state.clone(), c), confirm::ask)),
            None => handler,
        };
        let guarded =
            handler.route_layer(axum::middleware::from_fn_with_state((state.clone(), route.access), guard::enforce));
        router = router.route(route.path_pattern(), guarded);
    }
    router
}

impl AdminRoute {
    /// The route asks `question` (a translation key) before it acts.
    const fn asks(self, question: &'static str) -> Self {
        AdminRoute { confirm: Some(confirm::Confirm { question, unless: None }), ..self }
    }

    /// As [`AdminRoute::asks`], but goes ahead unasked when the form posts `unless`.
    const fn asks_unless(self, question: &'static str, unless: (&'static str, &'static str)) -> Self {
        AdminRoute { confirm: Some(confirm::Confirm { question, unless: Some(unless) }), ..self }
    }

    /// The router's pattern for this route (`{id}` placeholders stay as they are).
    fn path_pattern(&self) -> &'static str {
        self.path
    }

    pub fn method(&self) -> Method {
        Method::from_bytes(self.method.as_bytes()).unwrap_or(Method::GET)
    }
}

/// The back-office menu: links the user's roles allow.
pub fn menu(staff: &Staff) -> Vec<(&'static str, &'static str)> {
    let mut links = vec![("/admin", "nav.home")];
    if staff.user.roles.can(Permission::ViewComplaints) {
        links.push(("/admin/pengaduan", "queue.title"));
    }
    if staff.user.roles.can(Permission::ViewDashboard) {
        links.push(("/admin/dasbor", "dashboard.title"));
        links.push(("/admin/survei", "survey.report_title"));
    }
    if staff.user.roles.can(Permission::RecordIntake) {
        links.push(("/admin/pengaduan/baru", "intake.title"));
    }
    if staff.user.roles.can(Permission::HandleComplaints) {
        links.push(("/admin/jawaban", "canned.title"));
    }
    if staff.user.roles.can(Permission::ManageContent) {
        links.push(("/admin/artikel", "articles.admin_title"));
        links.push(("/admin/komentar", "comments.admin_title"));
        links.push(("/admin/artikel/kategori", "categories.admin_title"));
        links.push(("/admin/halaman", "pages.admin_title"));
        links.push(("/admin/media", "media.admin_title"));
        links.push(("/admin/widget", "widgets.admin_title"));
        links.push(("/admin/aparatur", "officials.admin_title"));
        links.push(("/admin/agenda", "agenda.admin_title"));
        links.push(("/admin/tautan", "links.admin_title"));
    }
    if staff.user.roles.can(Permission::ManageContent) || staff.user.roles.can(Permission::ViewDashboard) {
        links.push(("/admin/statistik", "visitors.admin_title"));
    }
    if staff.user.roles.can(Permission::ManageUsers) {
        links.push(("/admin/pengguna", "admin.users_title"));
    }
    if staff.user.roles.can(Permission::ManageSettings) {
        links.push(("/admin/pengaturan", "settings.title"));
        links.push(("/admin/lembaga", "bodies.title"));
        links.push(("/admin/kunci-api", "api_keys.title"));
    }
    links.push(("/admin/kata-sandi", "admin.password_title"));
    links
}

/// "Field: message" lines for a form's refused fields; the labels are `{prefix}{field}`.
pub(crate) fn field_errors(p: &PageCtx, prefix: &str, errors: &aduan_domain::portal::FieldErrors) -> Vec<String> {
    errors.iter().map(|(field, code)| format!("{}: {}", p.tk(prefix, field), p.tk("error.", code))).collect()
}

/// The numeric id in a path, when it is one.
pub(crate) fn path_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|id| *id > 0)
}

/// The not-found page.
pub(crate) fn not_found(p: &PageCtx) -> PageError {
    PageError::not_found(p.clone())
}

/// A store failure as a page: not-found stays a 404, anything else is the store's error page.
pub(crate) fn store_failure(p: &PageCtx, e: aduan_store::StoreError) -> PageError {
    match e {
        aduan_store::StoreError::NotFound => not_found(p),
        other => PageError::store(p.clone(), other),
    }
}
