//! Visitors' comments on articles: taken with their phone and email sealed, refused when the same
//! text was sent before or one client writes too often, shown only once the `redaksi` published
//! them, and answered by the village. Every moderation step is audited.

use crate::platform::audit;
use crate::platform::users::StaffUser;
use crate::{Store, StoreError, timefmt};
use aduan_domain::portal::comments::{CommentDraft, fingerprint};
use aduan_domain::{Email, Phone};
use time::{Duration, OffsetDateTime};

/// How many comments one client may send in [`BURST_WINDOW`].
pub const BURST: i64 = 3;
pub const BURST_WINDOW: Duration = Duration::minutes(10);

aduan_domain::str_enum!(
    pub CommentStatus {
        /// Waiting for moderation.
        Menunggu => "menunggu",
        Terbit => "terbit",
        Ditolak => "ditolak",
    }
);

/// A published comment as visitors see it: no phone, no email.
#[derive(Debug, Clone)]
pub struct PublicComment {
    pub id: i64,
    pub name: String,
    pub body: String,
    pub created_at: OffsetDateTime,
    pub reply: Option<Reply>,
}

#[derive(Debug, Clone)]
pub struct Reply {
    pub body: String,
    pub by: String,
    pub at: OffsetDateTime,
}

/// A comment as the moderation page shows it; contacts masked.
#[derive(Debug, Clone)]
pub struct StaffComment {
    pub comment: PublicComment,
    pub status: CommentStatus,
    pub article_slug: String,
    pub article_title: String,
    pub phone_masked: Option<String>,
    pub email_masked: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CommentError {
    #[error("the same text was sent before")]
    Duplicate,
    #[error("too many comments from this client")]
    TooMany,
    #[error(transparent)]
    Store(#[from] StoreError),
}

crate::error::through_store!(CommentError);

/// What the moderator does with a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderation {
    Publish,
    Reject,
}

type Row = (i64, String, String, String, Option<String>, Option<String>, Option<String>);

fn public_from(r: Row) -> Result<PublicComment, StoreError> {
    let (id, name, body, created, reply_body, reply_by, replied_at) = r;
    let reply = match (reply_body, replied_at) {
        (Some(body), Some(at)) => {
            Some(Reply { body, by: reply_by.unwrap_or_default(), at: timefmt::parse_instant(&at)? })
        }
        _ => None,
    };
    Ok(PublicComment { id, name, body, created_at: timefmt::parse_instant(&created)?, reply })
}

const COLUMNS: &str = "m.id, m.name, m.body, m.created_at, m.reply_body, m.reply_by_name, m.replied_at";

impl Store {
    /// A salted hash of a client's address for `now`'s day: enough to count how often one client
    /// writes, without keeping the address.
    pub fn client_hash(&self, now: OffsetDateTime, address: &str) -> Vec<u8> {
        self.keys.lookup_hash("comment_client", &format!("{}|{address}", timefmt::day(now.date())))
    }

    /// Takes a visitor's comment on a published article; it waits for moderation.
    pub async fn submit_comment(
        &self,
        village_id: i64,
        article_id: i64,
        d: &CommentDraft,
        client: &[u8],
    ) -> Result<i64, CommentError> {
        let now = self.clock.now();
        let same = self.keys.lookup_hash("comment_body", &fingerprint(&d.body));
        let mut tx = self.db.write.begin().await?;
        let (repeated,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM article_comments WHERE village_id = $1 AND body_hash = $2")
                .bind(village_id)
                .bind(same.clone())
                .fetch_one(&mut *tx)
                .await?;
        if repeated > 0 {
            return Err(CommentError::Duplicate);
        }
        let (recent,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM article_comments WHERE village_id = $1 AND client_hash = $2 AND created_at > $3",
        )
        .bind(village_id)
        .bind(client.to_vec())
        .bind(timefmt::instant(now - BURST_WINDOW))
        .fetch_one(&mut *tx)
        .await?;
        if recent >= BURST {
            return Err(CommentError::TooMany);
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO article_comments (village_id, article_id, name, phone_enc, email_enc, body, body_hash, \
             client_hash, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'menunggu', $9) RETURNING id",
        )
        .bind(village_id)
        .bind(article_id)
        .bind(d.name.clone())
        .bind(d.phone.as_ref().map(|p| self.keys.seal("phone", p.as_str())))
        .bind(d.email.as_ref().map(|e| self.keys.seal("email", e.as_str())))
        .bind(d.body.clone())
        .bind(same)
        .bind(client.to_vec())
        .bind(timefmt::instant(now))
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The article's published comments, oldest first (a conversation reads downwards).
    pub async fn published_comments(&self, article_id: i64, limit: i64) -> Result<Vec<PublicComment>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM article_comments m WHERE m.article_id = $1 AND m.status = 'terbit' \
             ORDER BY m.id LIMIT $2"
        );
        let rows: Vec<Row> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(article_id).bind(limit).fetch_all(&self.db.read).await?;
        rows.into_iter().map(public_from).collect()
    }

    /// Comments in one state, newest first, for the moderation page.
    pub async fn comments_for_staff(
        &self,
        village_id: i64,
        status: CommentStatus,
        limit: i64,
    ) -> Result<Vec<StaffComment>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS}, a.slug, a.title, m.phone_enc, m.email_enc FROM article_comments m \
             JOIN articles a ON a.id = m.article_id WHERE m.village_id = $1 AND m.status = $2 ORDER BY m.id DESC LIMIT $3"
        );
        type StaffRow = (
            i64,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
            Option<Vec<u8>>,
            Option<Vec<u8>>,
        );
        let rows: Vec<StaffRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(village_id)
            .bind(status.as_str())
            .bind(limit)
            .fetch_all(&self.db.read)
            .await?;
        rows.into_iter()
            .map(|(id, name, body, created, rb, rby, rat, slug, title, phone, email)| {
                let phone_masked = phone
                    .map(|b| self.keys.open("phone", &b))
                    .transpose()?
                    .map(|p| Phone::parse(&p).map(|p| p.masked()).unwrap_or_else(|_| "****".into()));
                let email_masked = email
                    .map(|b| self.keys.open("email", &b))
                    .transpose()?
                    .map(|e| Email::parse(&e).map(|e| e.masked()).unwrap_or_else(|_| "****".into()));
                Ok(StaffComment {
                    comment: public_from((id, name, body, created, rb, rby, rat))?,
                    status,
                    article_slug: slug,
                    article_title: title,
                    phone_masked,
                    email_masked,
                })
            })
            .collect()
    }

    /// How many comments wait for moderation.
    pub async fn pending_comments(&self, village_id: i64) -> Result<i64, StoreError> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM article_comments WHERE village_id = $1 AND status = 'menunggu'")
                .bind(village_id)
                .fetch_one(&self.db.read)
                .await?;
        Ok(n)
    }

    /// How many comments each moderation tab holds, each counted up to `cap` (a tab of a busy
    /// portal's published comments is never read whole just to be counted).
    pub async fn comment_counts(&self, village_id: i64, cap: i64) -> Result<Vec<(CommentStatus, i64)>, StoreError> {
        let mut out = Vec::new();
        for status in [CommentStatus::Menunggu, CommentStatus::Terbit, CommentStatus::Ditolak] {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM (SELECT 1 FROM article_comments WHERE village_id = $1 AND status = $2 LIMIT $3) c",
            )
            .bind(village_id)
            .bind(status.as_str())
            .bind(cap)
            .fetch_one(&self.db.read)
            .await?;
            out.push((status, n));
        }
        Ok(out)
    }

    /// Publishes or rejects a comment.
    pub async fn moderate_comment(
        &self,
        village_id: i64,
        id: i64,
        m: Moderation,
        by: &StaffUser,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let status = match m {
            Moderation::Publish => CommentStatus::Terbit,
            Moderation::Reject => CommentStatus::Ditolak,
        };
        let mut tx = self.db.write.begin().await?;
        let done = sqlx::query(
            "UPDATE article_comments SET status = $3, moderated_by = $4, moderated_at = $5 \
             WHERE id = $1 AND village_id = $2",
        )
        .bind(id)
        .bind(village_id)
        .bind(status.as_str())
        .bind(by.id)
        .bind(timefmt::instant(now))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let action = format!("comment.{}", status.as_str());
        audit::record(&mut tx, village_id, now, by, &action, format!("comment:{id}"), serde_json::json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The village's public answer under a comment (replacing an earlier one); answering a comment
    /// that still waits publishes it, since an answer to a hidden question helps nobody.
    pub async fn reply_comment(&self, village_id: i64, id: i64, body: &str, by: &StaffUser) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let done = sqlx::query(
            "UPDATE article_comments SET reply_body = $3, reply_by_name = $4, replied_at = $5, \
             status = CASE WHEN status = 'menunggu' THEN 'terbit' ELSE status END, \
             moderated_by = COALESCE(moderated_by, $6), moderated_at = COALESCE(moderated_at, $5) \
             WHERE id = $1 AND village_id = $2",
        )
        .bind(id)
        .bind(village_id)
        .bind(body.to_string())
        .bind(by.display_name.clone())
        .bind(timefmt::instant(now))
        .bind(by.id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        audit::record(&mut tx, village_id, now, by, "comment.reply", format!("comment:{id}"), serde_json::json!({}))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks a CAPTCHA token used; false when it was used before. Spent tokens whose time is
    /// over are dropped on the way, as they can no longer be presented.
    pub async fn spend_captcha(&self, token: &str, expires_at: OffsetDateTime) -> Result<bool, StoreError> {
        let now = self.clock.now();
        let hash = self.keys.lookup_hash("captcha", token);
        let mut tx = self.db.write.begin().await?;
        sqlx::query("DELETE FROM captcha_used WHERE expires_at < $1")
            .bind(timefmt::instant(now))
            .execute(&mut *tx)
            .await?;
        let fresh = sqlx::query(
            "INSERT INTO captcha_used (token_hash, expires_at) VALUES ($1, $2) ON CONFLICT (token_hash) DO NOTHING",
        )
        .bind(hash)
        .bind(timefmt::instant(expires_at))
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        tx.commit().await?;
        Ok(fresh)
    }
}
