//! The portal's pages that stay — profile, history, vision and mission — written by the
//! `redaksi` in HTML (sanitised when saved, like articles), ordered, published or kept as drafts.

use crate::platform::audit;
use crate::platform::users::StaffUser;
use crate::portal::articles::sanitise;
use crate::{Store, StoreError, timefmt};
use aduan_domain::portal::PageDraft;

/// A village keeps a handful of such pages; a list never reads more.
const MAX_PAGES: i64 = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalPage {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body_html: String,
    pub position: i64,
    pub published: bool,
}

type Row = (i64, String, String, String, i64, i64);

fn page((id, slug, title, body_html, position, published): Row) -> PortalPage {
    PortalPage { id, slug, title, body_html, position, published: published != 0 }
}

impl Store {
    /// The pages in their order; `published_only` for visitors.
    pub async fn portal_pages(&self, village_id: i64, published_only: bool) -> Result<Vec<PortalPage>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, slug, title, body_html, position, published FROM portal_pages \
             WHERE village_id = $1 AND (published = 1 OR $2 = 0) ORDER BY position, id LIMIT $3",
        )
        .bind(village_id)
        .bind(i64::from(published_only))
        .bind(MAX_PAGES)
        .fetch_all(&self.db.read)
        .await?;
        Ok(rows.into_iter().map(page).collect())
    }

    /// The published page with this slug.
    pub async fn published_page(&self, village_id: i64, slug: &str) -> Result<PortalPage, StoreError> {
        let row: Row = sqlx::query_as(
            "SELECT id, slug, title, body_html, position, published FROM portal_pages \
             WHERE village_id = $1 AND slug = $2 AND published = 1",
        )
        .bind(village_id)
        .bind(slug.to_string())
        .fetch_one(&self.db.read)
        .await?;
        Ok(page(row))
    }

    pub async fn portal_page(&self, village_id: i64, id: i64) -> Result<PortalPage, StoreError> {
        let row: Row = sqlx::query_as(
            "SELECT id, slug, title, body_html, position, published FROM portal_pages WHERE village_id = $1 AND id = $2",
        )
        .bind(village_id)
        .bind(id)
        .fetch_one(&self.db.read)
        .await?;
        Ok(page(row))
    }

    /// Adds a page (`id` None) or changes one; returns its id. A slug another page has is a
    /// [`StoreError::Conflict`].
    pub async fn save_portal_page(
        &self,
        village_id: i64,
        id: Option<i64>,
        d: &PageDraft,
        by: &StaffUser,
    ) -> Result<i64, StoreError> {
        let now = self.clock.now();
        let body = sanitise(&d.body);
        let mut tx = self.db.write.begin().await?;
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM portal_pages WHERE village_id = $1 AND slug = $2")
            .bind(village_id)
            .bind(d.slug.clone())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some_and(|(other,)| Some(other) != id) {
            return Err(StoreError::Conflict("slug".into()));
        }
        let id = match id {
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE portal_pages SET slug = $3, title = $4, body_html = $5, position = $6, published = $7, \
                     updated_at = $8 WHERE id = $1 AND village_id = $2",
                )
                .bind(id)
                .bind(village_id)
                .bind(d.slug.clone())
                .bind(d.title.clone())
                .bind(body)
                .bind(d.position)
                .bind(i64::from(d.published))
                .bind(timefmt::instant(now))
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                id
            }
            None => {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO portal_pages (village_id, slug, title, body_html, position, published, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(village_id)
                .bind(d.slug.clone())
                .bind(d.title.clone())
                .bind(body)
                .bind(d.position)
                .bind(i64::from(d.published))
                .bind(timefmt::instant(now))
                .fetch_one(&mut *tx)
                .await?;
                id
            }
        };
        let detail = serde_json::json!({"slug": d.slug, "title": d.title, "published": d.published});
        audit::record(&mut tx, village_id, now, by, "portal.page", format!("page:{id}"), detail).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn delete_portal_page(&self, village_id: i64, id: i64, by: &StaffUser) -> Result<(), StoreError> {
        self.delete_audited("portal_pages", village_id, id, by, "portal.page_deleted", "page").await
    }
}
