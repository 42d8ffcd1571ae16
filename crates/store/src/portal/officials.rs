//! The village officials (*Pemerintah Desa*) with their office and photo. A photo is checked by
//! its bytes like evidence, stripped of its metadata and scaled down to a portrait small enough
//! for slow mobile data.

use crate::platform::audit;
use crate::platform::images::ImageLimits;
use crate::platform::uploads::{self, EvidenceError, MediaType};
use crate::platform::users::StaffUser;
use crate::{Store, StoreError, timefmt};
use aduan_domain::portal::OfficialDraft;
use image::DynamicImage;
use std::io::Cursor;

/// A village has a few dozen officials at most; a list never reads more.
const MAX_OFFICIALS: i64 = 100;
/// The portrait's largest side, in pixels.
const PORTRAIT_SIDE: u32 = 480;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Official {
    pub id: i64,
    pub name: String,
    /// The office held (*jabatan*).
    pub title: String,
    pub position: i64,
    pub has_photo: bool,
}

/// A photo as it is kept: a JPEG portrait without metadata. CPU-bound: run it through
/// [`ImageGate::run`](crate::platform::images::ImageGate::run).
pub fn portrait(bytes: &[u8], max_bytes: usize, limits: ImageLimits) -> Result<Vec<u8>, EvidenceError> {
    let format = uploads::check(bytes, max_bytes)?.image_format().ok_or(EvidenceError::UnsupportedType)?;
    let img = limits.decode(bytes, format)?;
    let img = if img.width() > PORTRAIT_SIDE || img.height() > PORTRAIT_SIDE {
        img.thumbnail(PORTRAIT_SIDE, PORTRAIT_SIDE)
    } else {
        img
    };
    let mut out = Cursor::new(Vec::new());
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
    DynamicImage::ImageRgb8(img.to_rgb8()).write_with_encoder(encoder).map_err(|_| EvidenceError::BrokenImage)?;
    Ok(out.into_inner())
}

impl Store {
    /// The officials in their order.
    pub async fn officials(&self, village_id: i64) -> Result<Vec<Official>, StoreError> {
        let rows: Vec<(i64, String, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT id, name, title, position, photo_sha256 FROM village_officials WHERE village_id = $1 \
             ORDER BY position, id LIMIT $2",
        )
        .bind(village_id)
        .bind(MAX_OFFICIALS)
        .fetch_all(&self.db.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, title, position, photo)| Official {
                id,
                name,
                title,
                position,
                has_photo: photo.is_some(),
            })
            .collect())
    }

    /// Adds an official (`id` None) or changes one; returns the id.
    pub async fn save_official(
        &self,
        village_id: i64,
        id: Option<i64>,
        o: &OfficialDraft,
        by: &StaffUser,
    ) -> Result<i64, StoreError> {
        let now = self.clock.now();
        let mut tx = self.db.write.begin().await?;
        let id = match id {
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE village_officials SET name = $3, title = $4, position = $5, updated_at = $6 \
                     WHERE id = $1 AND village_id = $2",
                )
                .bind(id)
                .bind(village_id)
                .bind(o.name.clone())
                .bind(o.title.clone())
                .bind(o.position)
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
                    "INSERT INTO village_officials (village_id, name, title, position, updated_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(village_id)
                .bind(o.name.clone())
                .bind(o.title.clone())
                .bind(o.position)
                .bind(timefmt::instant(now))
                .fetch_one(&mut *tx)
                .await?;
                id
            }
        };
        let detail = serde_json::json!({"name": o.name, "title": o.title});
        audit::record(&mut tx, village_id, now, by, "portal.official", format!("official:{id}"), detail).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Sets the official's photo (bytes made by [`portrait`]) or, with `None`, removes it.
    pub async fn set_official_photo(
        &self,
        village_id: i64,
        id: i64,
        photo: Option<Vec<u8>>,
        by: &StaffUser,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let sha = match photo {
            Some(bytes) => {
                let files = self.files.clone();
                let (sha, _) = tokio::task::spawn_blocking(move || files.put(&bytes))
                    .await
                    .map_err(|e| StoreError::Batch(e.to_string()))??;
                Some(sha)
            }
            None => None,
        };
        let mut tx = self.db.write.begin().await?;
        let done = sqlx::query(
            "UPDATE village_officials SET photo_sha256 = $3, photo_type = $4, updated_at = $5 \
             WHERE id = $1 AND village_id = $2",
        )
        .bind(id)
        .bind(village_id)
        .bind(sha.clone())
        .bind(sha.as_ref().map(|_| MediaType::Jpeg.mime()))
        .bind(timefmt::instant(now))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let detail = serde_json::json!({"sha256": sha});
        audit::record(&mut tx, village_id, now, by, "portal.official_photo", format!("official:{id}"), detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The official's photo: its type and bytes.
    pub async fn official_photo(&self, village_id: i64, id: i64) -> Result<(String, Vec<u8>), StoreError> {
        let row: Option<(Option<String>, Option<String>)> =
            sqlx::query_as("SELECT photo_sha256, photo_type FROM village_officials WHERE id = $1 AND village_id = $2")
                .bind(id)
                .bind(village_id)
                .fetch_optional(&self.db.read)
                .await?;
        let Some((Some(sha), Some(mime))) = row else { return Err(StoreError::NotFound) };
        Ok((mime, self.files.read(&sha).await?))
    }

    pub async fn delete_official(&self, village_id: i64, id: i64, by: &StaffUser) -> Result<(), StoreError> {
        self.delete_audited("village_officials", village_id, id, by, "portal.official_deleted", "official").await
    }
}
