//! The categories articles are filed in: the `redaksi` adds, renames and orders them, and
//! removes one only while no article is in it.

use crate::platform::audit;
use crate::platform::users::StaffUser;
use crate::portal::articles::ArticleCategory;
use crate::{Store, StoreError};
use aduan_domain::portal::CategoryDraft;

impl Store {
    pub async fn article_categories(&self, village_id: i64) -> Result<Vec<ArticleCategory>, StoreError> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT id, slug, name, sort_order FROM article_categories WHERE village_id = $1 ORDER BY sort_order, id",
        )
        .bind(village_id)
        .fetch_all(&self.db.read)
        .await?;
        Ok(rows.into_iter().map(|(id, slug, name, position)| ArticleCategory { id, slug, name, position }).collect())
    }

    /// Adds a category (`id` None) or changes one; a slug another category has is a
    /// [`StoreError::Conflict`].
    pub async fn save_article_category(
        &self,
        village_id: i64,
        id: Option<i64>,
        c: &CategoryDraft,
        by: &StaffUser,
    ) -> Result<i64, StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let taken: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM article_categories WHERE village_id = $1 AND slug = $2")
                .bind(village_id)
                .bind(c.slug.clone())
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some_and(|(other,)| Some(other) != id) {
            return Err(StoreError::Conflict("slug".into()));
        }
        let id = match id {
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE article_categories SET slug = $3, name = $4, sort_order = $5 WHERE id = $1 AND village_id = $2",
                )
                .bind(id)
                .bind(village_id)
                .bind(c.slug.clone())
                .bind(c.name.clone())
                .bind(c.position)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                id
            }
            None => {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO article_categories (village_id, slug, name, sort_order) VALUES ($1, $2, $3, $4) \
                     RETURNING id",
                )
                .bind(village_id)
                .bind(c.slug.clone())
                .bind(c.name.clone())
                .bind(c.position)
                .fetch_one(&mut *tx)
                .await?;
                id
            }
        };
        let detail = serde_json::json!({"slug": c.slug, "name": c.name});
        audit::record(&mut tx, village_id, now, by, "article.category", format!("category:{id}"), detail).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Removes an empty category; one that still holds articles is a [`StoreError::Conflict`].
    pub async fn delete_article_category(&self, village_id: i64, id: i64, by: &StaffUser) -> Result<(), StoreError> {
        let holds: Option<(i64,)> = sqlx::query_as("SELECT id FROM articles WHERE category_id = $1 LIMIT 1")
            .bind(id)
            .fetch_optional(&self.db.read)
            .await?;
        if holds.is_some() {
            return Err(StoreError::Conflict("category has articles".into()));
        }
        self.delete_audited("article_categories", village_id, id, by, "article.category_deleted", "category").await
    }
}
