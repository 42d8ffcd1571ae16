//! The portal's articles: the list (all, by category, by month), newest first with keyset pages,
//! and the article itself with its read counter ("N Kali Dibaca"), counted once per visitor and
//! day and never for crawlers.

use super::super::layout::PageCtx;
use super::super::portal::comment_form::CommentSection;
use super::super::portal::sidebar::Sidebar;
use crate::AppState;
use crate::error::{OrRespond, PageError};
use crate::security;
use crate::visits::{self, VisitorWidget};
use aduan_store::StoreError;
use aduan_store::portal::articles::{Article, ArticleCursor, ArticleFilter, ArticleSummary};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;
use time::{Date, Month};

const PAGE: i64 = 10;

#[derive(Template, WebTemplate)]
#[template(path = "articles.html")]
pub struct ListPage {
    p: PageCtx,
    heading: String,
    items: Vec<ArticleSummary>,
    sidebar: Sidebar,
    /// Link to the next page.
    next: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub(in crate::pages) p: PageCtx,
    pub(in crate::pages) a: Article,
    /// The article's full address, for Open Graph.
    pub(in crate::pages) url: String,
    pub(in crate::pages) sidebar: Sidebar,
    pub(in crate::pages) comments: CommentSection,
}

impl ListPage {
    fn when(&self, a: &ArticleSummary) -> String {
        a.publish_at.map(|t| self.p.datetime(&t)).unwrap_or_default()
    }
}

impl ArticlePage {
    fn when(&self) -> String {
        self.a.head.publish_at.map(|t| self.p.datetime(&t)).unwrap_or_default()
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    /// The cursor of the next page.
    setelah: String,
}

async fn list(
    state: &AppState,
    p: PageCtx,
    heading: String,
    filter: ArticleFilter,
    q: ListQuery,
    visitors: VisitorWidget,
) -> Result<ListPage, PageError> {
    let fail = |e| PageError::store(p.clone(), e);
    let village = p.village.id;
    let after = ArticleCursor::decode(q.setelah.trim());
    let (items, next) = state.store.published_articles(village, &filter, after.as_ref(), PAGE).await.map_err(fail)?;
    let sidebar = Sidebar::load(state, &p, visitors).await.map_err(fail)?;
    let next = next.map(|c| format!("{}?setelah={}", p.path, c.encode()));
    let mut p = p;
    p.title = heading.clone();
    Ok(ListPage { p, heading, items, sidebar, next })
}

pub async fn index(
    State(state): State<AppState>,
    p: PageCtx,
    visitors: VisitorWidget,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, PageError> {
    let heading = p.t("articles.title");
    list(&state, p, heading, ArticleFilter::default(), q, visitors).await
}

pub async fn by_category(
    State(state): State<AppState>,
    p: PageCtx,
    visitors: VisitorWidget,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, PageError> {
    let categories = state.store.article_categories(p.village.id).await.or_page(&p)?;
    let Some(c) = categories.into_iter().find(|c| c.slug == slug) else {
        return Err(PageError::not_found(p));
    };
    let heading = p.tf("articles.in_category", "name", &c.name);
    list(&state, p, heading, ArticleFilter { category: Some(c.slug), month: None }, q, visitors).await
}

/// `/artikel/arsip/2026-11`.
pub async fn by_month(
    State(state): State<AppState>,
    p: PageCtx,
    visitors: VisitorWidget,
    Path(month): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, PageError> {
    let first = month.split_once('-').and_then(|(y, m)| {
        let m = Month::try_from(m.parse::<u8>().ok()?).ok()?;
        Date::from_calendar_date(y.parse().ok()?, m, 1).ok()
    });
    let Some(first) = first else {
        return Err(PageError::not_found(p));
    };
    let name = format!("{} {}", p.t(&format!("month.m{}", u8::from(first.month()))), first.year());
    let heading = p.tf("articles.in_month", "month", &name);
    list(&state, p, heading, ArticleFilter { category: None, month: Some(first) }, q, visitors).await
}

/// The published article with this slug, or the page that says there is none.
pub(in crate::pages) async fn find(state: &AppState, p: &PageCtx, slug: &str) -> Result<Article, PageError> {
    state.store.published_article(p.village.id, slug).await.map_err(|e| match e {
        StoreError::NotFound => PageError::not_found(p.clone()),
        other => PageError::store(p.clone(), other),
    })
}

/// The article page around `a`, with its published comments and the comment form.
pub(in crate::pages) async fn page(
    state: &AppState,
    p: PageCtx,
    a: Article,
    visitors: VisitorWidget,
    mut comments: CommentSection,
) -> Result<ArticlePage, PageError> {
    let fail = |e| PageError::store(p.clone(), e);
    let sidebar = Sidebar::load(state, &p, visitors).await.map_err(fail)?;
    comments.shown = state.store.published_comments(a.head.id, 200).await.map_err(fail)?;
    let url = format!("{}/artikel/{}", state.config.public_url.trim_end_matches('/'), a.head.slug);
    let mut p = p;
    p.title = a.head.title.clone();
    p.description = a.head.summary.clone();
    Ok(ArticlePage { p, a, url, sidebar, comments })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShowQuery {
    komentar: String,
}

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    jar: SignedCookieJar,
    visitors: VisitorWidget,
    Path(slug): Path<String>,
    query: Result<Query<ShowQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let mut a = find(&state, &p, &slug).await?;
    if !visits::is_bot(&visitors.agent) {
        let today = p.now.to_offset(p.village.utc_offset).date();
        let visitor = state.store.visitor_hash(today, &visitors.ip, &visitors.agent);
        if state.store.count_read(a.head.id, today, &visitor).await.or_page(&p)? {
            a.head.read_count += 1;
        }
    }
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let mut comments = CommentSection::new(&state, csrf);
    comments.sent = query.is_ok_and(|Query(q)| q.komentar == "terkirim");
    Ok((jar, page(&state, p, a, visitors, comments).await?).into_response())
}

/// The article's document, always as a download under its cleaned name.
pub async fn attachment(
    State(state): State<AppState>,
    p: PageCtx,
    Path(slug): Path<String>,
) -> Result<axum::response::Response, PageError> {
    let (meta, bytes) = state.store.article_attachment(p.village.id, &slug).await.map_err(|e| match e {
        StoreError::NotFound => PageError::not_found(p.clone()),
        other => PageError::store(p.clone(), other),
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, meta.media_type),
            (header::CONTENT_DISPOSITION, super::super::content_disposition("attachment", &meta.name)),
            (header::CACHE_CONTROL, "public, max-age=3600".to_string()),
        ],
        bytes,
    )
        .into_response())
}
