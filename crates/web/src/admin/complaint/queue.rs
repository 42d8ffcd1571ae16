//! `/admin/pengaduan`: counts per status, filters, the overdue cases on top, then every match
//! newest first, a page at a time; or, with words in the search box, the cases they find.
//! Officers without a wider role see only their own cases.

use super::super::Staff;
use super::super::form_kit::{Shell, shell_page};
use super::queue_query::{QueueQuery, filter_of};
use super::search::{self, IdentityResult, Part, SearchResults};
use super::views::{ViewChip, chips, view_query};
use crate::AppState;
use crate::error::PageError;
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::calendar::WorkingCalendar;
use aduan_domain::complaint::{Channel, Kind};
use aduan_domain::{Role, Status};
use aduan_store::complaint::queue::{Cursor, QueueFilter, QueueItem};
use aduan_store::complaint::search::SearchCursor;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use time::OffsetDateTime;

const PAGE: i64 = 25;

#[derive(Template, WebTemplate)]
#[template(path = "admin_queue.html")]
pub struct QueuePage {
    shell: Shell,
    calendar: WorkingCalendar,
    f: QueueQuery,
    statuses: Vec<(&'static str, i64)>,
    categories: Vec<(String, String)>,
    channels: Vec<&'static str>,
    kinds: Vec<&'static str>,
    officers: Vec<(i64, String)>,
    overdue: Vec<QueueItem>,
    items: Vec<QueueItem>,
    next: Option<String>,
    paged: bool,
    /// The first page with the same filters and search.
    first: String,
    /// What the search box found, when it holds more than a ticket.
    search: Option<SearchResults>,
    /// The next page of the cases found by identity.
    identity_next: Option<String>,
    views: Vec<ViewChip>,
    /// May take a step on several ticked cases at once.
    can_bulk: bool,
    /// The filters shown now, as a view would keep them.
    current_view: String,
}

shell_page!(QueuePage);

/// "3 hari kerja lagi", "hari ini", "lewat 2 hari kerja": working days to or past the deadline.
pub fn due_text(p: &PageCtx, calendar: &WorkingCalendar, due: Option<OffsetDateTime>) -> String {
    due.map_or_else(|| "—".into(), |due| crate::deadline::days_text(p, calendar, due))
}

impl QueuePage {
    /// Whether any filter beyond the search box is set, so the folded filters open.
    fn filtered(&self) -> bool {
        let f = &self.f;
        [&f.status, &f.kategori, &f.saluran, &f.jenis, &f.petugas, &f.dari, &f.sampai, &f.lewat, &f.tampil]
            .iter()
            .any(|v| !v.is_empty())
    }

    fn due_text(&self, i: &QueueItem) -> String {
        due_text(&self.p, &self.calendar, i.due)
    }

    fn search_text(&self, key: &str) -> String {
        self.p.tf(key, "q", self.f.q.trim())
    }
}

pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let f = query.map(|Query(q)| q).unwrap_or_default();
    let store = &state.store;
    let village_id = staff.user.village_id;
    let fail = |e| PageError::store(p.clone(), e);
    let filter = filter_of(&p, &staff, &f);
    let keep = serde_urlencoded::to_string(&f).unwrap_or_default();
    let searching = filter.ticket.is_none() && !f.q.trim().is_empty();
    let (mut after, mut search, mut identity_next) = (None, None, None);
    let (items, next) = if searching {
        let part = match (SearchCursor::decode(&f.setelah), f.warga.parse::<i64>()) {
            (Some(c), _) => Part::Words(c),
            (None, Ok(below)) => Part::Identity(below),
            _ => Part::First,
        };
        let found = search::run(&state, &staff.user, f.q.trim(), &filter, part, PAGE as usize).await.map_err(fail)?;
        if let IdentityResult::Found { next: Some(below), .. } = &found.identity {
            identity_next = Some(format!("/admin/pengaduan?{keep}&warga={below}"));
        }
        let next = found.next.map(|c| format!("/admin/pengaduan?{keep}&setelah={}", c.encode()));
        search = Some(found);
        (vec![], next)
    } else {
        after = Cursor::decode(&f.setelah);
        let (items, next) = store.queue(village_id, &filter, after.as_ref(), PAGE).await.map_err(fail)?;
        (items, next.map(|c| format!("/admin/pengaduan?{keep}&setelah={}", c.encode())))
    };
    let overdue = if after.is_none() && !filter.overdue && !searching && filter.open != Some(false) {
        let only_overdue = QueueFilter { overdue: true, ..filter.clone() };
        store.queue(village_id, &only_overdue, None, 20).await.map_err(fail)?.0
    } else {
        vec![]
    };
    let counts = store.status_counts(village_id).await.map_err(fail)?;
    let categories = store.categories(village_id).await.map_err(fail)?;
    let officers = store
        .users(village_id)
        .await
        .map_err(fail)?
        .into_iter()
        .filter(|u| !u.disabled && (u.roles.has(Role::Petugas) || u.roles.has(Role::Pengelola)))
        .map(|u| (u.id, u.display_name))
        .collect();
    let current_view = view_query(&f);
    let views = chips(&state, &p, &staff, &current_view).await.map_err(fail)?;
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let calendar = store.working_calendar(staff.user.village_id).await.map_err(fail)?;
    let page = QueuePage {
        calendar,
        statuses: Status::ALL.iter().map(|s| (s.as_str(), counts.get(s.as_str()).copied().unwrap_or(0))).collect(),
        categories: categories.into_iter().map(|c| (c.code, c.name)).collect(),
        channels: Channel::ALL.iter().map(|c| c.as_str()).collect(),
        kinds: Kind::ALL.iter().map(|k| k.as_str()).collect(),
        officers,
        overdue,
        items,
        next,
        paged: after.is_some() || !f.setelah.is_empty() || !f.warga.is_empty(),
        search,
        identity_next,
        first: format!("/admin/pengaduan?{keep}"),
        views,
        current_view,
        can_bulk: staff.user.roles.can(aduan_domain::access::Permission::HandleComplaints),
        f,
        shell: Shell::new(p, &staff, csrf, "queue.title"),
    };
    Ok((jar, page).into_response())
}
