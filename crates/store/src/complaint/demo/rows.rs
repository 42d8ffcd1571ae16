//! Many rows of one table in a few multi-row statements: the demo writer's only way to the
//! database, so that a million complaints cost a few thousand statements.

use crate::Backend;
use crate::multi_row::{Bound, Placeholders};

/// One value of a row.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    /// A complaint of the batch by its place in it: ids are known only when the batch is written.
    Id(i64),
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
    OptText(Option<String>),
    Bytes(Option<Vec<u8>>),
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::Int(v)
    }
}
impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Self {
        Val::OptInt(v)
    }
}
impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::Text(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::Text(v.to_string())
    }
}
impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Self {
        Val::OptText(v)
    }
}
impl From<Option<Vec<u8>>> for Val {
    fn from(v: Option<Vec<u8>>) -> Self {
        Val::Bytes(v)
    }
}

/// Rows for `INSERT INTO table (columns)`, all of one width.
pub(crate) struct Rows {
    table: &'static str,
    columns: &'static [&'static str],
    values: Vec<Val>,
}

/// Parameters per statement, under both backends' limits (SQLite 32,766; PostgreSQL 65,535):
/// the fewer statements, the fewer round trips.
const MAX_PARAMS: usize = 30_000;
const MAX_ROWS: usize = 512;

impl Rows {
    pub(crate) fn new(table: &'static str, columns: &'static [&'static str]) -> Rows {
        Rows { table, columns, values: Vec::new() }
    }

    pub(crate) fn push(&mut self, row: Vec<Val>) {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.table);
        self.values.extend(row);
    }

    pub(crate) fn len(&self) -> usize {
        self.values.len() / self.columns.len()
    }

    /// Every row as statements of a power-of-two number of rows, so that a run takes a few
    /// statement shapes that stay prepared; the batch's complaints get ids from `first_id` on.
    pub(crate) fn statements(&self, backend: Backend, first_id: i64) -> Vec<Bound> {
        let width = self.columns.len();
        let mut most = MAX_ROWS;
        while most * width > MAX_PARAMS {
            most /= 2;
        }
        let mut out = Vec::new();
        let mut start = 0;
        let len = self.len();
        let mut size = most;
        while start < len {
            while size > len - start {
                size /= 2;
            }
            let style = Placeholders::of_backend(backend);
            let rows = crate::multi_row::values(style, &format!("({})", vec!["$"; width].join(", ")), size);
            let sql = format!("INSERT INTO {} ({}) VALUES {rows}", self.table, self.columns.join(", "));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for v in &self.values[start * width..(start + size) * width] {
                q = match v {
                    Val::Id(slot) => q.bind(first_id + slot),
                    Val::Int(v) => q.bind(*v),
                    Val::OptInt(v) => q.bind(*v),
                    Val::Text(v) => q.bind(v.clone()),
                    Val::OptText(v) => q.bind(v.clone()),
                    Val::Bytes(v) => q.bind(v.clone()),
                };
            }
            out.push(q);
            start += size;
        }
        out
    }
}
