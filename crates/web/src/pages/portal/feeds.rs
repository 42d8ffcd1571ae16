//! `/sitemap.xml` (the public pages and every published article) and `/artikel/rss.xml` (the
//! latest articles, RSS 2.0), for search engines and feed readers.

use super::super::layout::PageCtx;
use crate::AppState;
use crate::error::{OrRespond, PageError};
use aduan_store::portal::articles::{ArticleFilter, ArticleSummary};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use quick_xml::escape::escape;
use std::fmt::Write;
use time::format_description::well_known::{Rfc2822, Rfc3339};

/// The sitemap's fixed pages.
const PAGES: [&str; 11] = [
    "/",
    "/profil",
    "/agenda",
    "/artikel",
    "/pengaduan",
    "/pengaduan/informasi",
    "/lacak",
    "/survei",
    "/artikel/rss.xml",
    "/data/pengaduan.csv",
    "/data/pengaduan.json",
];
/// How many articles the sitemap walks through at most (keyset pages of 100).
const SITEMAP_ARTICLES: usize = 5_000;

fn xml(body: String, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=600")], body).into_response()
}

pub async fn sitemap(State(state): State<AppState>, p: PageCtx) -> Result<Response, PageError> {
    let base = state.config.public_url.trim_end_matches('/').to_string();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in PAGES.iter().filter(|p| !p.ends_with(".xml")) {
        let _ = writeln!(out, "<url><loc>{}</loc></url>", escape(format!("{base}{page}").as_str()));
    }
    let pages = state.store.portal_pages(p.village.id, true).await.or_page(&p)?;
    for page in pages {
        let _ = writeln!(out, "<url><loc>{}</loc></url>", escape(format!("{base}/halaman/{}", page.slug).as_str()));
    }
    let mut after = None;
    let mut seen = 0;
    loop {
        let (items, next) = state
            .store
            .published_articles(p.village.id, &ArticleFilter::default(), after.as_ref(), 100)
            .await
            .or_page(&p)?;
        for a in &items {
            let modified = a.publish_at.and_then(|t| t.format(&Rfc3339).ok()).unwrap_or_default();
            let loc = format!("{base}/artikel/{}", a.slug);
            let _ = writeln!(out, "<url><loc>{}</loc><lastmod>{modified}</lastmod></url>", escape(loc.as_str()));
        }
        seen += items.len();
        match next {
            Some(n) if seen < SITEMAP_ARTICLES => after = Some(n),
            _ => break,
        }
    }
    out.push_str("</urlset>\n");
    Ok(xml(out, "application/xml; charset=utf-8"))
}

fn item(base: &str, a: &ArticleSummary) -> String {
    let link = format!("{base}/artikel/{}", a.slug);
    let date = a.publish_at.and_then(|t| t.format(&Rfc2822).ok()).unwrap_or_default();
    format!(
        "<item><title>{}</title><link>{}</link><guid isPermaLink=\"true\">{}</guid><pubDate>{date}</pubDate>\
         <category>{}</category><description>{}</description></item>\n",
        escape(a.title.as_str()),
        escape(link.as_str()),
        escape(link.as_str()),
        escape(a.category_name.as_str()),
        escape(a.summary.as_str()),
    )
}

pub async fn rss(State(state): State<AppState>, p: PageCtx) -> Result<Response, PageError> {
    let base = state.config.public_url.trim_end_matches('/').to_string();
    let (items, _) =
        state.store.published_articles(p.village.id, &ArticleFilter::default(), None, 20).await.or_page(&p)?;
    let title = format!("{} — {}", p.village.name, p.t("articles.title"));
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>\n",
    );
    let feed = format!("{base}/artikel/rss.xml");
    let _ = writeln!(
        out,
        "<title>{}</title><link>{}</link><description>{}</description><language>{}</language>\
         <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(title.as_str()),
        escape(format!("{base}/artikel").as_str()),
        escape(p.village.motto.as_str()),
        p.lang.code(),
        escape(feed.as_str()),
    );
    for a in &items {
        out.push_str(&item(&base, a));
    }
    out.push_str("</channel></rss>\n");
    Ok(xml(out, "application/rss+xml; charset=utf-8"))
}

/// Crawlers are welcome on the portal, not in the back office or on anyone's case.
pub async fn robots(State(state): State<AppState>) -> Response {
    let base = state.config.public_url.trim_end_matches('/');
    let body = format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /lacak/\nDisallow: /berkas/\nDisallow: /api/\nSitemap: {base}/sitemap.xml\n"
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}
