//! Multi-row inserts written once for both backends, which sqlx's query builder does not do
//! through the `Any` driver. PostgreSQL numbers its parameters `$1, $2, …`; SQLite gets
//! plain `?` taken in order, because its driver looks every numbered parameter up by name among
//! all of the statement's, a cost that grows with the square of their number.

use sqlx::AnyConnection;

/// How a connection's statements write their parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placeholders {
    Numbered,
    InOrder,
}

impl Placeholders {
    pub(crate) fn of(conn: &AnyConnection) -> Placeholders {
        if conn.backend_name().eq_ignore_ascii_case("sqlite") { Placeholders::InOrder } else { Placeholders::Numbered }
    }

    pub(crate) fn of_backend(backend: crate::Backend) -> Placeholders {
        match backend {
            crate::Backend::Sqlite => Placeholders::InOrder,
            crate::Backend::Postgres => Placeholders::Numbered,
        }
    }
}

/// `rows` copies of `template`, a parenthesised row in which each `$` is the next parameter.
/// Templates carry literals only as plain SQL without a `$` or a `?`.
pub(crate) fn values(style: Placeholders, template: &str, rows: usize) -> String {
    let mut out = String::with_capacity((template.len() + 8) * rows);
    let mut n = 0;
    for row in 0..rows {
        if row > 0 {
            out.push_str(", ");
        }
        for ch in template.chars() {
            match (ch, style) {
                ('$', Placeholders::Numbered) => {
                    n += 1;
                    out.push('$');
                    out.push_str(&n.to_string());
                }
                ('$', Placeholders::InOrder) => out.push('?'),
                _ => out.push(ch),
            }
        }
    }
    out
}

/// Splits `len` rows into runs of 64, 32, …, 1 rows, so that a statement's text takes one of
/// seven shapes per table and stays in the connection's prepared-statement cache.
pub(crate) fn runs(len: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut size = 64;
    while start < len {
        while size > len - start {
            size /= 2;
        }
        out.push(start..start + size);
        start += size;
    }
    out
}

/// A statement with its arguments bound, ready to run: bulk writers prepare these away from the
/// transaction that runs them.
pub(crate) type Bound = sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>;

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
    /// Words for the search index (`aduan_domain::search::index_text`): stored as they are on
    /// SQLite, as a `tsvector` with their positions on PostgreSQL.
    Words(String),
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

    /// Room for `rows` more rows: a batch's columns run to megabytes, and growing them by
    /// doubling copies them and has fresh memory zeroed again at every step.
    pub(crate) fn reserve(&mut self, rows: usize) {
        self.values.reserve(rows * self.columns.len());
    }

    pub(crate) fn push(&mut self, row: Vec<Val>) {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.table);
        self.values.extend(row);
    }

    pub(crate) fn len(&self) -> usize {
        self.values.len() / self.columns.len()
    }

    /// Every row as statements; rows of the batch's complaints ([`Val::Id`]) get ids from
    /// `first_id` on. PostgreSQL takes all of them in one statement that unnests one array per
    /// column, each bound as one text parameter: planning a statement of thousands of parameters
    /// and evaluating each as an expression cost it twice what storing the rows does. SQLite,
    /// which has no arrays, gets statements of a power-of-two number of rows, so that a run takes
    /// a few statement shapes that stay prepared.
    pub(crate) fn statements(&self, style: Placeholders, first_id: i64) -> Vec<Bound> {
        if self.values.is_empty() {
            return Vec::new();
        }
        match style {
            Placeholders::Numbered => vec![self.unnested(first_id)],
            Placeholders::InOrder => self.in_values(first_id),
        }
    }

    fn unnested(&self, first_id: i64) -> Bound {
        let width = self.columns.len();
        let arrays: Vec<String> = self.values[..width]
            .iter()
            .enumerate()
            .map(|(n, v)| {
                let kind = match v {
                    Val::Id(_) | Val::Int(_) | Val::OptInt(_) => "bigint",
                    Val::Text(_) | Val::OptText(_) | Val::Words(_) => "text",
                    Val::Bytes(_) => "bytea",
                };
                format!("CAST(${} AS {kind}[])", n + 1)
            })
            .collect();
        let picked: Vec<String> = self.values[..width]
            .iter()
            .enumerate()
            .map(|(n, v)| match v {
                Val::Words(_) => format!("CAST(u.c{n} AS tsvector)"),
                _ => format!("u.c{n}"),
            })
            .collect();
        let names: Vec<String> = (0..width).map(|n| format!("c{n}")).collect();
        let sql = format!(
            "INSERT INTO {} ({}) SELECT {} FROM unnest({}) AS u({})",
            self.table,
            self.columns.join(", "),
            picked.join(", "),
            arrays.join(", "),
            names.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for column in 0..width {
            q = q.bind(self.array(column, first_id));
        }
        q
    }

    /// One column as a PostgreSQL array literal: `{1,NULL,"a \"b\""}`, bytes in hex form.
    fn array(&self, column: usize, first_id: i64) -> String {
        use std::fmt::Write;
        let mut out = String::with_capacity(self.len() * 12);
        out.push('{');
        for (i, v) in self.values.iter().skip(column).step_by(self.columns.len()).enumerate() {
            if i > 0 {
                out.push(',');
            }
            // Writing into a String cannot fail.
            let _ = match v {
                Val::Id(slot) => write!(out, "{}", first_id + slot),
                Val::Int(n) | Val::OptInt(Some(n)) => write!(out, "{n}"),
                Val::Words(w) => {
                    let vector = aduan_domain::search::tsvector(w);
                    quoted(&mut out, &vector);
                    Ok(())
                }
                Val::Text(s) | Val::OptText(Some(s)) => {
                    quoted(&mut out, s);
                    Ok(())
                }
                Val::Bytes(Some(b)) => write!(out, "\"\\\\x{}\"", hex::encode(b)),
                Val::OptInt(None) | Val::OptText(None) | Val::Bytes(None) => write!(out, "NULL"),
            };
        }
        out.push('}');
        out
    }

    fn in_values(&self, first_id: i64) -> Vec<Bound> {
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
            let rows = values(Placeholders::InOrder, &format!("({})", vec!["$"; width].join(", ")), size);
            let sql = format!("INSERT INTO {} ({}) VALUES {rows}", self.table, self.columns.join(", "));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for v in &self.values[start * width..(start + size) * width] {
                q = match v {
                    Val::Id(slot) => q.bind(first_id + slot),
                    Val::Int(v) => q.bind(*v),
                    Val::OptInt(v) => q.bind(*v),
                    Val::Text(v) | Val::Words(v) => q.bind(v.clone()),
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

/// An array element in double quotes.
fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        if ch == '"' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_every_parameter_across_rows() {
        assert_eq!(values(Placeholders::Numbered, "($, 'x', $)", 1), "($1, 'x', $2)");
        assert_eq!(values(Placeholders::Numbered, "($, NULL, $)", 3), "($1, NULL, $2), ($3, NULL, $4), ($5, NULL, $6)");
        assert_eq!(values(Placeholders::InOrder, "($, NULL, $)", 2), "(?, NULL, ?), (?, NULL, ?)");
    }

    #[test]
    fn arrays_keep_every_value_as_postgresql_reads_them() {
        let mut rows = Rows::new("t", &["id", "n", "name", "note", "sealed", "none"]);
        rows.push(vec![
            Val::Id(0),
            7i64.into(),
            "Jl. \"Merdeka\" \\ 3, {RT 01}".into(),
            None::<String>.into(),
            Some(vec![0u8, 0xab, 0xff]).into(),
            None::<i64>.into(),
        ]);
        rows.push(vec![
            Val::Id(1),
            (-1i64).into(),
            "NULL".into(),
            Some("é".to_string()).into(),
            None::<Vec<u8>>.into(),
            Some(2i64).into(),
        ]);
        let columns: Vec<String> = (0..6).map(|c| rows.array(c, 41)).collect();
        assert_eq!(
            columns,
            [
                "{41,42}",
                "{7,-1}",
                r#"{"Jl. \"Merdeka\" \\ 3, {RT 01}","NULL"}"#,
                r#"{NULL,"é"}"#,
                r#"{"\\x00abff",NULL}"#,
                "{NULL,2}",
            ]
        );
        assert!(Rows::new("t", &["id"]).statements(Placeholders::Numbered, 1).is_empty());
    }

    #[test]
    fn runs_cover_every_row_once_in_a_few_shapes() {
        assert!(runs(0).is_empty());
        for len in 1..300 {
            let r = runs(len);
            assert_eq!(r.first().map(|r| r.start), Some(0));
            assert_eq!(r.last().map(|r| r.end), Some(len));
            assert!(r.windows(2).all(|w| w[0].end == w[1].start));
            assert!(r.iter().all(|r| r.len().is_power_of_two() && r.len() <= 64));
        }
        assert_eq!(runs(100).iter().map(|r| r.len()).collect::<Vec<_>>(), vec![64, 32, 4]);
    }
}
