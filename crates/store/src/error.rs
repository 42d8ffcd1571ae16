//! The store's one error type; sqlx errors are mapped here once.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("the intake writer has stopped")]
    Closed,
    #[error("the batch could not be committed: {0}")]
    Batch(String),
    #[error("database: {0}")]
    Database(#[source] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("file storage: {0}")]
    Io(#[from] std::io::Error),
    #[error("configuration: {0}")]
    Config(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(ref db) if db.is_unique_violation() => StoreError::Conflict(db.message().to_string()),
            other => StoreError::Database(other),
        }
    }
}

/// `From<sqlx::Error>` for an error that wraps [`StoreError`] (`Store(#[from] StoreError)`), so
/// sqlx errors reach it through the one mapping above.
macro_rules! through_store {
    ($t:ty) => {
        impl From<sqlx::Error> for $t {
            fn from(e: sqlx::Error) -> Self {
                <$t>::from($crate::StoreError::from(e))
            }
        }
    };
}
pub(crate) use through_store;
