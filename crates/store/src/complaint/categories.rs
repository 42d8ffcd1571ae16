//! Complaint categories (the village's services), each with its SLA class.

use crate::{Store, StoreError};
use aduan_domain::sla::SlaClass;

#[derive(Debug, Clone)]
pub struct Category {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub description: String,
    pub sla_class: SlaClass,
}

#[derive(sqlx::FromRow)]
struct CategoryRow {
    id: i64,
    code: String,
    name: String,
    description: String,
    sla_class: String,
}

impl TryFrom<CategoryRow> for Category {
    type Error = StoreError;
    fn try_from(r: CategoryRow) -> Result<Self, StoreError> {
        Ok(Category {
            sla_class: SlaClass::parse(&r.sla_class)
                .ok_or_else(|| StoreError::Corrupt(format!("category {}: SLA class", r.id)))?,
            id: r.id,
            code: r.code,
            name: r.name,
            description: r.description,
        })
    }
}

impl Store {
    /// Active categories in display order.
    pub async fn categories(&self, village_id: i64) -> Result<Vec<Category>, StoreError> {
        let rows: Vec<CategoryRow> = sqlx::query_as(
            "SELECT id, code, name, description, sla_class FROM categories \
             WHERE village_id = $1 AND active = 1 ORDER BY sort_order, id",
        )
        .bind(village_id)
        .fetch_all(&self.db.read)
        .await?;
        rows.into_iter().map(Category::try_from).collect()
    }

    pub async fn category_by_code(&self, village_id: i64, code: &str) -> Result<Category, StoreError> {
        let row: CategoryRow = sqlx::query_as(
            "SELECT id, code, name, description, sla_class FROM categories \
             WHERE village_id = $1 AND code = $2 AND active = 1",
        )
        .bind(village_id)
        .bind(code.to_string())
        .fetch_one(&self.db.read)
        .await?;
        row.try_into()
    }
}
