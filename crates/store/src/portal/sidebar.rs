//! How the `redaksi` arranged the portal's sidebar, and the links to the village's social media
//! and partner programmes. Every change is audited.

use crate::platform::audit;
use crate::platform::users::StaffUser;
use crate::{Store, StoreError, timefmt};
use aduan_domain::portal::{LinkDraft, LinkKind, WidgetLayout};

/// Links a page lists at most, per kind; a village has a handful.
const MAX_LINKS: i64 = 100;

/// A social media or partner programme link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalLink {
    pub id: i64,
    pub kind: LinkKind,
    pub label: String,
    pub url: String,
    pub position: i64,
}

impl Store {
    /// The sidebar as arranged; a village that never arranged it gets the default.
    pub async fn widget_layout(&self, village_id: i64) -> Result<WidgetLayout, StoreError> {
        let rows: Vec<(String, i64, i64)> =
            sqlx::query_as("SELECT widget, shown, position FROM portal_widgets WHERE village_id = $1")
                .bind(village_id)
                .fetch_all(&self.db.read)
                .await?;
        let entries: Vec<(&str, bool, i64)> = rows.iter().map(|(w, s, p)| (w.as_str(), *s != 0, *p)).collect();
        Ok(WidgetLayout::arrange(&entries))
    }

    pub async fn save_widget_layout(
        &self,
        village_id: i64,
        layout: &WidgetLayout,
        by: &StaffUser,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        sqlx::query("DELETE FROM portal_widgets WHERE village_id = $1").bind(village_id).execute(&mut *tx).await?;
        for (i, (widget, shown)) in layout.entries().iter().enumerate() {
            sqlx::query("INSERT INTO portal_widgets (village_id, widget, shown, position) VALUES ($1, $2, $3, $4)")
                .bind(village_id)
                .bind(widget.as_str())
                .bind(i64::from(*shown))
                .bind(i as i64 + 1)
                .execute(&mut *tx)
                .await?;
        }
        let shown: Vec<&str> = layout.shown().iter().map(|w| w.as_str()).collect();
        let detail = serde_json::json!({"shown": shown});
        audit::record(&mut tx, village_id, now, by, "portal.widgets", format!("village:{village_id}"), detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The village's links of one kind (or all), in their order.
    pub async fn portal_links(&self, village_id: i64, kind: Option<LinkKind>) -> Result<Vec<PortalLink>, StoreError> {
        let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, kind, label, url, position FROM portal_links \
             WHERE village_id = $1 AND ($2 = '' OR kind = $2) ORDER BY kind, position, id LIMIT $3",
        )
        .bind(village_id)
        .bind(kind.map(LinkKind::as_str).unwrap_or_default())
        .bind(MAX_LINKS)
        .fetch_all(&self.db.read)
        .await?;
        rows.into_iter()
            .map(|(id, kind, label, url, position)| {
                let kind = LinkKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("link kind {kind:?}")))?;
                Ok(PortalLink { id, kind, label, url, position })
            })
            .collect()
    }

    /// Adds a link (`id` None) or changes one; returns its id.
    pub async fn save_portal_link(
        &self,
        village_id: i64,
        id: Option<i64>,
        link: &LinkDraft,
        by: &StaffUser,
    ) -> Result<i64, StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let id = match id {
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE portal_links SET kind = $3, label = $4, url = $5, position = $6, updated_at = $7 \
                     WHERE id = $1 AND village_id = $2",
                )
                .bind(id)
                .bind(village_id)
                .bind(link.kind.as_str())
                .bind(link.label.clone())
                .bind(link.url.clone())
                .bind(link.position)
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
                    "INSERT INTO portal_links (village_id, kind, label, url, position, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(village_id)
                .bind(link.kind.as_str())
                .bind(link.label.clone())
                .bind(link.url.clone())
                .bind(link.position)
                .bind(timefmt::instant(now))
                .fetch_one(&mut *tx)
                .await?;
                id
            }
        };
        let detail = serde_json::json!({"kind": link.kind.as_str(), "label": link.label, "url": link.url});
        audit::record(&mut tx, village_id, now, by, "portal.link", format!("link:{id}"), detail).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn delete_portal_link(&self, village_id: i64, id: i64, by: &StaffUser) -> Result<(), StoreError> {
        self.delete_audited("portal_links", village_id, id, by, "portal.link_deleted", "link").await
    }
}
