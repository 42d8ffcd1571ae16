//! `GET /categories`: the services a complaint can be about.

use crate::AppState;
use crate::error::{ApiError, OrRespond, Resource};
use crate::i18n::Lang;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct CategoryDto {
    /// Stable code to send as `category`.
    code: String,
    name: String,
    description: String,
    /// `ringan`, `normatif`, `tidak_berkadar_pengawasan` or `berkadar_pengawasan`.
    sla_class: String,
    /// Working days the village has to resolve a complaint of this category.
    resolution_days: u32,
}

#[utoipa::path(get, path = "/categories", tag = "public",
    responses((status = 200, description = "Active categories", body = [CategoryDto])))]
pub async fn list(State(state): State<AppState>, lang: Lang) -> Result<Json<Vec<CategoryDto>>, ApiError> {
    let village = state.store.default_village().await.or_api(lang, Resource::Category)?;
    let categories = state.store.categories(village.id).await.or_api(lang, Resource::Category)?;
    Ok(Json(
        categories
            .into_iter()
            .map(|c| CategoryDto {
                resolution_days: village.sla.resolution_days(c.sla_class),
                sla_class: c.sla_class.as_str().to_string(),
                code: c.code,
                name: c.name,
                description: c.description,
            })
            .collect(),
    ))
}
