//! Pictures for articles and pages: checked by their bytes like evidence, stripped of metadata,
//! scaled to at most [`MAX_SIDE`] pixels so a page stays light on mobile data, and served from
//! `/media/{id}`.

use crate::platform::audit;
use crate::platform::images::ImageLimits;
use crate::platform::uploads::{self, EvidenceError, MediaType};
use crate::platform::users::StaffUser;
use crate::{Store, StoreError, timefmt};
use image::{GenericImageView, ImageFormat};

/// The largest side of a stored picture, in pixels.
pub const MAX_SIDE: u32 = 1600;
/// The back office lists this many of the latest pictures.
const LISTED: i64 = 200;

/// A picture ready to keep.
#[derive(Debug, Clone)]
pub struct WebImage {
    pub media_type: MediaType,
    pub bytes: Vec<u8>,
    pub name: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaItem {
    pub id: i64,
    pub name: String,
    pub media_type: String,
    pub width: i64,
    pub height: i64,
    pub size: i64,
}

/// Checks and prepares an uploaded picture. CPU-bound: run it through
/// [`ImageGate::run`](crate::platform::images::ImageGate::run).
pub fn web_image(bytes: &[u8], name: &str, max_bytes: usize, limits: ImageLimits) -> Result<WebImage, EvidenceError> {
    let media_type = uploads::check(bytes, max_bytes)?;
    let format = media_type.image_format().ok_or(EvidenceError::UnsupportedType)?;
    let img = limits.decode(bytes, format)?;
    let (img, media_type, format) = if img.width() <= MAX_SIDE && img.height() <= MAX_SIDE {
        (img, media_type, format)
    } else if media_type == MediaType::Png {
        (img.thumbnail(MAX_SIDE, MAX_SIDE), MediaType::Png, ImageFormat::Png)
    } else {
        (img.thumbnail(MAX_SIDE, MAX_SIDE), MediaType::Jpeg, ImageFormat::Jpeg)
    };
    let (width, height) = img.dimensions();
    let bytes = uploads::reencode(img, format)?;
    Ok(WebImage { media_type, bytes, name: uploads::safe_name(name, media_type), width, height })
}

impl Store {
    pub async fn add_media(&self, village_id: i64, img: WebImage, by: &StaffUser) -> Result<i64, StoreError> {
        let now = self.clock.now();
        let size = img.bytes.len() as i64;
        let files = self.files.clone();
        let bytes = img.bytes;
        let (sha, _) = tokio::task::spawn_blocking(move || files.put(&bytes))
            .await
            .map_err(|e| StoreError::Batch(e.to_string()))??;
        let mut tx = self.db.write.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO portal_media (village_id, sha256, media_type, name, width, height, size, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(village_id)
        .bind(sha.clone())
        .bind(img.media_type.mime())
        .bind(img.name.clone())
        .bind(i64::from(img.width))
        .bind(i64::from(img.height))
        .bind(size)
        .bind(timefmt::instant(now))
        .fetch_one(&mut *tx)
        .await?;
        let detail = serde_json::json!({"name": img.name, "sha256": sha});
        audit::record(&mut tx, village_id, now, by, "portal.media", format!("media:{id}"), detail).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The latest pictures first.
    pub async fn media_items(&self, village_id: i64) -> Result<Vec<MediaItem>, StoreError> {
        let rows: Vec<(i64, String, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT id, name, media_type, width, height, size FROM portal_media WHERE village_id = $1 \
             ORDER BY id DESC LIMIT $2",
        )
        .bind(village_id)
        .bind(LISTED)
        .fetch_all(&self.db.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, media_type, width, height, size)| MediaItem { id, name, media_type, width, height, size })
            .collect())
    }

    /// A picture's type and bytes.
    pub async fn media_file(&self, village_id: i64, id: i64) -> Result<(String, Vec<u8>), StoreError> {
        let (sha, mime): (String, String) =
            sqlx::query_as("SELECT sha256, media_type FROM portal_media WHERE id = $1 AND village_id = $2")
                .bind(id)
                .bind(village_id)
                .fetch_one(&self.db.read)
                .await?;
        Ok((mime, self.files.read(&sha).await?))
    }

    /// Removes a picture: `/media/{id}` answers 404 from then on, in every article that shows it.
    /// The bytes stay in the content-addressed file store, which other records may share.
    pub async fn delete_media(&self, village_id: i64, id: i64, by: &StaffUser) -> Result<(), StoreError> {
        self.delete_audited("portal_media", village_id, id, by, "portal.media_deleted", "media").await
    }
}
