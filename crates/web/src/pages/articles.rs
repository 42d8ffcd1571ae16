//! The portal's articles: the list (all, by category, by month), newest first with keyset pages,
//! and the article itself with its read counter ("N Kali Dibaca"), counted once per visitor and
//! day and never for crawlers.

use super::layout::PageCtx;
use crate::AppState;
use crate::client::ClientIp;
use crate::error::PageError;
use aduan_store::StoreError;
use aduan_store::articles::{Article, ArticleCategory, ArticleCursor, ArticleFilter, ArticleSummary};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use serde::Deserialize;
use time::{Date, Month, OffsetDateTime};

const PAGE: i64 = 10;

#[derive(Template, WebTemplate)]
#[template(path = "articles.html")]
pub struct ListPage {
    p: PageCtx,
    heading: String,
    items: Vec<ArticleSummary>,
    categories: Vec<ArticleCategory>,
    popular: Vec<ArticleSummary>,
    /// Link to the next page.
    next: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "article.html")]
pub struct ArticlePage {
    p: PageCtx,
    a: Article,
    /// The article's full address, for Open Graph.
    url: String,
    categories: Vec<ArticleCategory>,
    popular: Vec<ArticleSummary>,
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
) -> Result<ListPage, PageError> {
    let fail = |e| PageError::store(p.clone(), e);
    let village = p.village.id;
    let after = ArticleCursor::decode(q.setelah.trim());
    let (items, next) = state.store.published_articles(village, &filter, after.as_ref(), PAGE).await.map_err(fail)?;
    let categories = state.store.article_categories(village).await.map_err(fail)?;
    let popular = state.store.popular_articles(village, 5).await.map_err(fail)?;
    let next = next.map(|c| format!("{}?setelah={}", p.path, c.encode()));
    let mut p = p;
    p.title = heading.clone();
    Ok(ListPage { p, heading, items, categories, popular, next })
}

pub async fn index(
    State(state): State<AppState>,
    p: PageCtx,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, PageError> {
    let heading = p.t("articles.title");
    list(&state, p, heading, ArticleFilter::default(), q).await
}

pub async fn by_category(
    State(state): State<AppState>,
    p: PageCtx,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, PageError> {
    let categories = state.store.article_categories(p.village.id).await.map_err(|e| PageError::store(p.clone(), e))?;
    let Some(c) = categories.into_iter().find(|c| c.slug == slug) else {
        return Err(PageError::new(p.with_title("error.title"), StatusCode::NOT_FOUND, "error.not_found"));
    };
    let heading = p.tf("articles.in_category", "name", &c.name);
    list(&state, p, heading, ArticleFilter { category: Some(c.slug), month: None }, q).await
}

/// `/artikel/arsip/2026-11`.
pub async fn by_month(
    State(state): State<AppState>,
    p: PageCtx,
    Path(month): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, PageError> {
    let first = month.split_once('-').and_then(|(y, m)| {
        let m = Month::try_from(m.parse::<u8>().ok()?).ok()?;
        Date::from_calendar_date(y.parse().ok()?, m, 1).ok()
    });
    let Some(first) = first else {
        return Err(PageError::new(p.with_title("error.title"), StatusCode::NOT_FOUND, "error.not_found"));
    };
    let name = format!("{} {}", p.t(&format!("month.m{}", u8::from(first.month()))), first.year());
    let heading = p.tf("articles.in_month", "month", &name);
    list(&state, p, heading, ArticleFilter { category: None, month: Some(first) }, q).await
}

/// Crawlers and link previews do not count as readers.
fn is_bot(user_agent: &str) -> bool {
    let ua = user_agent.to_ascii_lowercase();
    ua.is_empty()
        || woothee::parser::Parser::new().parse(user_agent).is_some_and(|r| r.category == "crawler")
        || [
            "bot",
            "crawl",
            "spider",
            "slurp",
            "preview",
            "facebookexternalhit",
            "whatsapp",
            "curl",
            "wget",
            "python",
            "headless",
        ]
        .iter()
        .any(|w| ua.contains(w))
}

pub async fn show(
    State(state): State<AppState>,
    p: PageCtx,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<ArticlePage, PageError> {
    let village = p.village.id;
    let mut a = state.store.published_article(village, &slug).await.map_err(|e| match e {
        StoreError::NotFound => {
            PageError::new(p.clone().with_title("error.title"), StatusCode::NOT_FOUND, "error.not_found")
        }
        other => PageError::store(p.clone(), other),
    })?;
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !is_bot(user_agent) {
        let today = OffsetDateTime::now_utc().to_offset(p.village.utc_offset).date();
        let address = ip.map(|i| i.to_string()).unwrap_or_default();
        let visitor = state.store.visitor_hash(today, &address, user_agent);
        if state.store.count_read(a.head.id, today, &visitor).await.map_err(|e| PageError::store(p.clone(), e))? {
            a.head.read_count += 1;
        }
    }
    let fail = |e| PageError::store(p.clone(), e);
    let categories = state.store.article_categories(village).await.map_err(fail)?;
    let popular = state.store.popular_articles(village, 5).await.map_err(fail)?;
    let url = format!("{}/artikel/{}", state.config.public_url.trim_end_matches('/'), a.head.slug);
    let mut p = p;
    p.title = a.head.title.clone();
    p.description = a.head.summary.clone();
    Ok(ArticlePage { p, a, url, categories, popular })
}

/// The article's document, always as a download under its cleaned name.
pub async fn attachment(
    State(state): State<AppState>,
    p: PageCtx,
    Path(slug): Path<String>,
) -> Result<axum::response::Response, PageError> {
    use axum::response::IntoResponse;
    let (meta, bytes) = state.store.article_attachment(p.village.id, &slug).await.map_err(|e| match e {
        StoreError::NotFound => {
            PageError::new(p.clone().with_title("error.title"), StatusCode::NOT_FOUND, "error.not_found")
        }
        other => PageError::store(p.clone(), other),
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, meta.media_type),
            (header::CONTENT_DISPOSITION, super::content_disposition("attachment", &meta.name)),
            (header::CACHE_CONTROL, "public, max-age=3600".to_string()),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::is_bot;

    #[test]
    fn crawlers_are_not_readers() {
        assert!(is_bot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
        assert!(is_bot("facebookexternalhit/1.1"));
        assert!(is_bot(""));
        assert!(!is_bot(
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
        ));
    }
}
