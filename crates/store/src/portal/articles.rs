//! The portal's articles: written and published by the `redaksi`, listed newest first by keyset
//! (publication time and id), read by visitors, each read counted once per visitor and day.
//! Article HTML is sanitised here, on the way in, so every page can show it as it is.

use crate::platform::audit::{self, AuditEntry};
use crate::platform::users::{StaffUser, actor_of};
use crate::{Store, StoreError, timefmt};
use aduan_domain::portal::articles::ArticleDraft;
use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone)]
pub struct ArticleCategory {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub position: i64,
}

/// An article as lists show it.
#[derive(Debug, Clone)]
pub struct ArticleSummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub category_slug: String,
    pub category_name: String,
    pub author_name: String,
    pub published: bool,
    /// When it shows (or showed, or will show).
    pub publish_at: Option<OffsetDateTime>,
    pub read_count: i64,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub head: ArticleSummary,
    /// Sanitised HTML.
    pub body_html: String,
    pub updated_at: OffsetDateTime,
    pub attachment: Option<Attachment>,
}

/// An article's downloadable document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub media_type: String,
    pub size: i64,
}

/// Documents an article may offer for download, recognised by their bytes: PDF and the usual
/// office formats. Anything else (executables, HTML, archives) is refused.
const DOCUMENTS: [(&str, &str); 10] = [
    ("application/pdf", "pdf"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    ("application/msword", "doc"),
    ("application/vnd.ms-excel", "xls"),
    ("application/vnd.ms-powerpoint", "ppt"),
    ("application/vnd.oasis.opendocument.text", "odt"),
    ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    ("application/vnd.oasis.opendocument.presentation", "odp"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than allowed")]
    TooLarge,
    #[error("only PDF and office documents are accepted")]
    UnsupportedType,
}

/// The document's type (from its bytes) and a safe name with the matching extension.
pub fn check_document(bytes: &[u8], name: &str, max_bytes: usize) -> Result<(&'static str, String), DocumentError> {
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(DocumentError::TooLarge);
    }
    let found = infer::get(bytes).map(|t| t.mime_type());
    let (mime, ext) = DOCUMENTS.iter().find(|(m, _)| Some(*m) == found).ok_or(DocumentError::UnsupportedType)?;
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = base.rsplit_once('.').map(|(s, _)| s).unwrap_or(base);
    let stem: String = stem
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | ' ') { c } else { '_' })
        .take(80)
        .collect();
    let stem = if stem.trim().is_empty() { "lampiran".to_string() } else { stem.trim().to_string() };
    Ok((mime, format!("{stem}.{ext}")))
}

/// Which published articles a list shows.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    pub category: Option<String>,
    /// Articles published in this month (first day of it).
    pub month: Option<Date>,
}

/// Where the next page of a list starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleCursor {
    publish_at: String,
    id: i64,
}

impl ArticleCursor {
    pub fn encode(&self) -> String {
        format!("{}_{}", self.publish_at, self.id)
    }

    pub fn decode(s: &str) -> Option<Self> {
        let (at, id) = s.rsplit_once('_')?;
        timefmt::parse_instant(at).ok()?;
        Some(ArticleCursor { publish_at: at.to_string(), id: id.parse().ok()? })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error("no such article category")]
    UnknownCategory,
    #[error("another article has this address")]
    SlugTaken,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ArticleError {
    fn from(e: sqlx::Error) -> Self {
        match StoreError::from(e) {
            StoreError::Conflict(_) => ArticleError::SlugTaken,
            other => ArticleError::Store(other),
        }
    }
}

/// Only what an article needs: text structure, links, images, tables. Scripts, styles, forms,
/// frames and event attributes never pass; links get `rel="noopener noreferrer"`.
pub fn sanitise(html: &str) -> String {
    let paragraphs;
    let html = if looks_like_html(html) {
        html
    } else {
        paragraphs = plain_text_paragraphs(html);
        &paragraphs
    };
    ammonia::Builder::default()
        .add_tags(["figure", "figcaption"])
        .url_schemes(["http", "https", "mailto", "tel"].into())
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}

/// Whether a body holds any tag. The editor always sends HTML; a body typed into the plain
/// text box (a browser without scripts) holds none.
fn looks_like_html(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

/// Plain text as HTML: a blank line starts a paragraph, a single line break stays one.
pub fn plain_text_paragraphs(text: &str) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let normalised = text.replace("\r\n", "\n");
    let mut out = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, out: &mut String| {
        if !paragraph.is_empty() {
            let lines: Vec<String> = paragraph.iter().map(|l| escape(l.trim())).collect();
            out.push_str(&format!("<p>{}</p>\n", lines.join("<br>\n")));
            paragraph.clear();
        }
    };
    for line in normalised.lines() {
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut out);
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

const SUMMARY_COLUMNS: &str = "a.id, a.slug, a.title, a.summary, c.slug AS category_slug, c.name AS category_name, \
     a.author_name, a.published, a.publish_at, a.read_count";

type SummaryRow = (i64, String, String, String, String, String, String, i64, Option<String>, i64);

fn summary_from(r: SummaryRow) -> Result<ArticleSummary, StoreError> {
    let (id, slug, title, summary, category_slug, category_name, author_name, published, publish_at, read_count) = r;
    Ok(ArticleSummary {
        id,
        slug,
        title,
        summary,
        category_slug,
        category_name,
        author_name,
        published: published != 0,
        publish_at: timefmt::opt_instant(publish_at)?,
        read_count,
    })
}

/// The categories a new installation starts with.
pub(crate) async fn seed(conn: &mut AnyConnection, village_id: i64) -> Result<(), StoreError> {
    for (i, (slug, name)) in [("berita", "Berita Desa"), ("pengumuman", "Pengumuman"), ("peraturan", "Peraturan Desa")]
        .into_iter()
        .enumerate()
    {
        sqlx::query("INSERT INTO article_categories (village_id, slug, name, sort_order) VALUES ($1, $2, $3, $4)")
            .bind(village_id)
            .bind(slug)
            .bind(name)
            .bind(i as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Creates (`id` None) or updates an article. A published article without a time shows from
    /// now; the body is sanitised.
    pub async fn save_article(
        &self,
        village_id: i64,
        id: Option<i64>,
        d: &ArticleDraft,
        by: &StaffUser,
    ) -> Result<i64, ArticleError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let category: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM article_categories WHERE village_id = $1 AND slug = $2")
                .bind(village_id)
                .bind(d.category.clone())
                .fetch_optional(&mut *tx)
                .await?;
        let (category_id,) = category.ok_or(ArticleError::UnknownCategory)?;
        // A published article keeps its date when edited; without one it shows from now.
        let chosen = d.publish_at.map(timefmt::instant);
        let fallback = d.published.then(|| timefmt::instant(now));
        let body = sanitise(&d.body);
        let at = timefmt::instant(now);
        let id = match id {
            None => {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO articles (village_id, category_id, slug, title, summary, body_html, author_user_id, \
                     author_name, published, publish_at, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
                )
                .bind(village_id)
                .bind(category_id)
                .bind(d.slug.clone())
                .bind(d.title.clone())
                .bind(d.summary.clone())
                .bind(body)
                .bind(by.id)
                .bind(by.display_name.clone())
                .bind(i64::from(d.published))
                .bind(chosen.or(fallback))
                .bind(at)
                .fetch_one(&mut *tx)
                .await?;
                id
            }
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE articles SET category_id = $3, slug = $4, title = $5, summary = $6, body_html = $7, \
                     published = $8, publish_at = COALESCE($9, publish_at, $11), updated_at = $10 \
                     WHERE id = $1 AND village_id = $2",
                )
                .bind(id)
                .bind(village_id)
                .bind(category_id)
                .bind(d.slug.clone())
                .bind(d.title.clone())
                .bind(d.summary.clone())
                .bind(body)
                .bind(i64::from(d.published))
                .bind(chosen)
                .bind(at)
                .bind(fallback)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound.into());
                }
                id
            }
        };
        let entry = AuditEntry {
            actor: actor_of(Some(by)),
            action: "article.save".into(),
            subject: format!("article:{id}"),
            detail: serde_json::json!({"slug": d.slug, "published": d.published}),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// One page of published articles, newest first, and where the next page starts.
    pub async fn published_articles(
        &self,
        village_id: i64,
        f: &ArticleFilter,
        after: Option<&ArticleCursor>,
        limit: i64,
    ) -> Result<(Vec<ArticleSummary>, Option<ArticleCursor>), StoreError> {
        let (from, until) = match f.month {
            Some(first) => {
                let next = first.replace_day(28).map(|d| d + time::Duration::days(4)).unwrap_or(first);
                let next = next.replace_day(1).unwrap_or(next);
                (
                    Some(timefmt::instant(first.midnight().assume_utc())),
                    Some(timefmt::instant(next.midnight().assume_utc())),
                )
            }
            None => (None, None),
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a JOIN article_categories c ON c.id = a.category_id \
             WHERE a.village_id = $1 AND a.published = 1 AND a.publish_at <= $2 \
             AND (CAST($3 AS TEXT) IS NULL OR c.slug = $3) \
             AND (CAST($4 AS TEXT) IS NULL OR a.publish_at >= $4) AND (CAST($5 AS TEXT) IS NULL OR a.publish_at < $5) \
             AND (CAST($6 AS TEXT) IS NULL OR a.publish_at < $6 OR (a.publish_at = $6 AND a.id < $7)) \
             ORDER BY a.publish_at DESC, a.id DESC LIMIT $8"
        );
        let rows: Vec<SummaryRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(village_id)
            .bind(timefmt::instant(self.clock.now()))
            .bind(f.category.clone())
            .bind(from)
            .bind(until)
            .bind(after.map(|c| c.publish_at.clone()))
            .bind(after.map(|c| c.id).unwrap_or(0))
            .bind(limit + 1)
            .fetch_all(&self.db.read)
            .await?;
        let more = rows.len() as i64 > limit;
        let items: Vec<ArticleSummary> =
            rows.into_iter().take(limit as usize).map(summary_from).collect::<Result<_, _>>()?;
        let next = if more {
            items.last().and_then(|a| a.publish_at.map(|t| ArticleCursor { publish_at: timefmt::instant(t), id: a.id }))
        } else {
            None
        };
        Ok((items, next))
    }

    /// The most read published articles.
    pub async fn popular_articles(&self, village_id: i64, limit: i64) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a JOIN article_categories c ON c.id = a.category_id \
             WHERE a.village_id = $1 AND a.published = 1 AND a.publish_at <= $2 \
             ORDER BY a.read_count DESC, a.id DESC LIMIT $3"
        );
        let rows: Vec<SummaryRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(village_id)
            .bind(timefmt::instant(self.clock.now()))
            .bind(limit)
            .fetch_all(&self.db.read)
            .await?;
        rows.into_iter().map(summary_from).collect()
    }

    /// Every article, drafts and scheduled ones too, for the back office; newest first.
    pub async fn all_articles(&self, village_id: i64) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a JOIN article_categories c ON c.id = a.category_id \
             WHERE a.village_id = $1 ORDER BY a.id DESC LIMIT 500"
        );
        let rows: Vec<SummaryRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(village_id).fetch_all(&self.db.read).await?;
        rows.into_iter().map(summary_from).collect()
    }

    /// The article with this slug, or else this id.
    async fn article_where(&self, village_id: i64, slug: Option<&str>, id: i64) -> Result<Article, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, a.body_html, a.updated_at, a.attachment_name, a.attachment_type, \
             a.attachment_size FROM articles a JOIN article_categories c ON c.id = a.category_id WHERE a.village_id = $1 \
             AND (CAST($2 AS TEXT) IS NULL OR a.slug = $2) AND ($3 = 0 OR a.id = $3)"
        );
        type Row = (
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
            i64,
            Option<String>,
            i64,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<i64>,
        );
        let r: Row = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(village_id)
            .bind(slug.map(str::to_string))
            .bind(id)
            .fetch_one(&self.db.read)
            .await?;
        let (
            id,
            slug,
            title,
            summary,
            category_slug,
            category_name,
            author_name,
            published,
            publish_at,
            reads,
            body,
            updated,
            file_name,
            file_type,
            file_size,
        ) = r;
        Ok(Article {
            head: summary_from((
                id,
                slug,
                title,
                summary,
                category_slug,
                category_name,
                author_name,
                published,
                publish_at,
                reads,
            ))?,
            body_html: body,
            updated_at: timefmt::parse_instant(&updated)?,
            attachment: match (file_name, file_type, file_size) {
                (Some(name), Some(media_type), Some(size)) => Some(Attachment { name, media_type, size }),
                _ => None,
            },
        })
    }

    /// A published article visitors may read now; `NotFound` for drafts and scheduled ones.
    pub async fn published_article(&self, village_id: i64, slug: &str) -> Result<Article, StoreError> {
        let a = self.article_where(village_id, Some(slug), 0).await?;
        match a.head.publish_at {
            Some(at) if a.head.published && at <= self.clock.now() => Ok(a),
            _ => Err(StoreError::NotFound),
        }
    }

    pub async fn article_by_id(&self, village_id: i64, id: i64) -> Result<Article, StoreError> {
        if id <= 0 {
            return Err(StoreError::NotFound);
        }
        self.article_where(village_id, None, id).await
    }

    /// Sets (or with `None` removes) the article's document; the bytes were checked with
    /// [`check_document`].
    pub async fn set_article_attachment(
        &self,
        village_id: i64,
        id: i64,
        file: Option<(&[u8], &str, &str)>,
        by: &StaffUser,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let stored = match file {
            Some((bytes, name, mime)) => {
                let files = self.files.clone();
                let owned = bytes.to_vec();
                let (sha, _) = tokio::task::spawn_blocking(move || files.put(&owned))
                    .await
                    .map_err(|e| StoreError::Batch(e.to_string()))??;
                Some((sha, name.to_string(), mime.to_string(), bytes.len() as i64))
            }
            None => None,
        };
        let mut tx = self.db.write.begin().await?;
        let done = sqlx::query(
            "UPDATE articles SET attachment_sha256 = $3, attachment_name = $4, attachment_type = $5, \
             attachment_size = $6, updated_at = $7 WHERE id = $1 AND village_id = $2",
        )
        .bind(id)
        .bind(village_id)
        .bind(stored.as_ref().map(|s| s.0.clone()))
        .bind(stored.as_ref().map(|s| s.1.clone()))
        .bind(stored.as_ref().map(|s| s.2.clone()))
        .bind(stored.as_ref().map(|s| s.3))
        .bind(timefmt::instant(now))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let entry = AuditEntry {
            actor: actor_of(Some(by)),
            action: "article.attachment".into(),
            subject: format!("article:{id}"),
            detail: serde_json::json!({"name": stored.as_ref().map(|s| s.1.clone()), "sha256": stored.map(|s| s.0)}),
        };
        audit::append(&mut tx, village_id, now, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The document of a published article visitors may read now, with its bytes.
    pub async fn article_attachment(&self, village_id: i64, slug: &str) -> Result<(Attachment, Vec<u8>), StoreError> {
        let a = self.published_article(village_id, slug).await?;
        let meta = a.attachment.ok_or(StoreError::NotFound)?;
        let (sha,): (Option<String>,) = sqlx::query_as("SELECT attachment_sha256 FROM articles WHERE id = $1")
            .bind(a.head.id)
            .fetch_one(&self.db.read)
            .await?;
        let bytes = self.files.read(&sha.ok_or(StoreError::NotFound)?).await?;
        Ok((meta, bytes))
    }

    /// A salted hash of a visitor for `day`: the same visitor is the same hash on that day only,
    /// and the address cannot be read back from it.
    pub fn visitor_hash(&self, day: Date, address: &str, user_agent: &str) -> Vec<u8> {
        self.keys.lookup_hash("visitor", &format!("{}|{address}|{user_agent}", timefmt::day(day)))
    }

    /// Counts a read of the article once per visitor and day; true when this one counted.
    pub async fn count_read(&self, article_id: i64, day: Date, visitor: &[u8]) -> Result<bool, StoreError> {
        let mut tx = self.db.write.begin().await?;
        let fresh = sqlx::query(
            "INSERT INTO article_reads (article_id, day, visitor_hash) VALUES ($1, $2, $3) \
             ON CONFLICT (article_id, day, visitor_hash) DO NOTHING",
        )
        .bind(article_id)
        .bind(timefmt::day(day))
        .bind(visitor.to_vec())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if fresh {
            sqlx::query("UPDATE articles SET read_count = read_count + 1 WHERE id = $1")
                .bind(article_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(fresh)
    }
}

/// The newest published document of an article category, e.g. the regulation to download.
#[derive(Debug, Clone)]
pub struct PublishedDocument {
    pub slug: String,
    pub title: String,
    pub file: Attachment,
}

impl Store {
    /// The newest published article of `category` that offers a document.
    pub async fn latest_document(
        &self,
        village_id: i64,
        category: &str,
    ) -> Result<Option<PublishedDocument>, StoreError> {
        let row: Option<(String, String, String, String, i64)> = sqlx::query_as(
            "SELECT a.slug, a.title, a.attachment_name, a.attachment_type, a.attachment_size FROM articles a \
             JOIN article_categories c ON c.id = a.category_id WHERE a.village_id = $1 AND c.slug = $2 \
             AND a.published = 1 AND a.publish_at <= $3 AND a.attachment_sha256 IS NOT NULL \
             ORDER BY a.publish_at DESC, a.id DESC LIMIT 1",
        )
        .bind(village_id)
        .bind(category.to_string())
        .bind(timefmt::instant(self.clock.now()))
        .fetch_optional(&self.db.read)
        .await?;
        Ok(row.map(|(slug, title, name, media_type, size)| PublishedDocument {
            slug,
            title,
            file: Attachment { name, media_type, size },
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_known_by_their_bytes() {
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF";
        assert_eq!(
            check_document(pdf, "../Perdes 3/2026.exe", 1 << 20).unwrap(),
            ("application/pdf", "2026.pdf".into())
        );
        assert_eq!(check_document(b"MZ\x90\x00\x03", "a.pdf", 1 << 20).unwrap_err(), DocumentError::UnsupportedType);
        assert_eq!(check_document(b"<html></html>", "a.docx", 1 << 20).unwrap_err(), DocumentError::UnsupportedType);
        assert_eq!(check_document(pdf, "a.pdf", 4).unwrap_err(), DocumentError::TooLarge);
        assert_eq!(check_document(b"", "a.pdf", 4).unwrap_err(), DocumentError::Empty);
    }

    #[test]
    fn plain_text_becomes_paragraphs_at_blank_lines() {
        let typed = "Kerja bakti hari Minggu.\r\nMulai pukul 07.00 & selesai siang.\r\n\r\n\r\nBawa cangkul > sapu.";
        assert_eq!(
            sanitise(typed),
            "<p>Kerja bakti hari Minggu.<br>\nMulai pukul 07.00 &amp; selesai siang.</p>\n<p>Bawa cangkul &gt; sapu.</p>\n"
        );
        assert_eq!(sanitise("<p>Sudah <b>HTML</b></p>"), "<p>Sudah <b>HTML</b></p>");
        assert_eq!(sanitise("a < b dan 3<4"), "<p>a &lt; b dan 3&lt;4</p>\n");
    }

    #[test]
    fn article_html_keeps_structure_and_drops_scripts() {
        let clean = sanitise(
            "<h2>Judul</h2><p onclick=\"x()\">Isi <a href=\"javascript:alert(1)\">a</a> <a href=\"https://desa.example\">b</a></p>\
             <script>alert(1)</script><img src=\"/media/1.jpg\" alt=\"Foto\"><iframe src=\"https://x\"></iframe>",
        );
        assert!(
            clean.contains("<h2>Judul</h2>") && clean.contains("<img src=\"/media/1.jpg\" alt=\"Foto\">"),
            "{clean}"
        );
        assert!(
            !clean.contains("script")
                && !clean.contains("onclick")
                && !clean.contains("javascript")
                && !clean.contains("iframe")
        );
        assert!(clean.contains("rel=\"noopener noreferrer\""));
    }
}
