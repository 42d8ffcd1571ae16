//! SQL written piece by piece with its parameters numbered as they are added, for queries whose
//! conditions depend on the request: each shape is planned for what it asks, so an absent filter
//! costs nothing and a present one can use its index. The same text and values feed the plan
//! checks of the tests.

/// A parameter's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

/// A statement and its parameters in order.
#[derive(Debug, Clone, Default)]
pub struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;
type AnyQueryAs<'q, T> = sqlx::query::QueryAs<'q, sqlx::Any, T, sqlx::any::AnyArguments>;

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql { text: text.to_string(), args: Vec::new() }
    }

    /// Appends SQL text as it is.
    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Adds a parameter and returns its placeholder.
    pub fn arg(&mut self, value: Arg) -> String {
        self.args.push(value);
        format!("${}", self.args.len())
    }

    pub fn int(&mut self, v: i64) -> String {
        self.arg(Arg::Int(v))
    }

    pub fn text(&mut self, v: impl Into<String>) -> String {
        self.arg(Arg::Text(v.into()))
    }

    pub(crate) fn query(&self) -> AnyQuery<'static> {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(self.text.clone()));
        for a in &self.args {
            q = match a {
                Arg::Int(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.clone()),
                Arg::Bytes(v) => q.bind(v.clone()),
            };
        }
        q
    }

    pub(crate) fn query_as<T>(&self) -> AnyQueryAs<'static, T>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(self.text.clone()));
        for a in &self.args {
            q = match a {
                Arg::Int(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.clone()),
                Arg::Bytes(v) => q.bind(v.clone()),
            };
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parameters_in_the_order_they_are_added() {
        let mut s = Sql::new("SELECT 1 WHERE a = ");
        let a = s.int(1);
        s.push(&a).push(" AND b = ");
        let b = s.text("x");
        s.push(&b);
        assert_eq!(s.text, "SELECT 1 WHERE a = $1 AND b = $2");
        assert_eq!(s.args, vec![Arg::Int(1), Arg::Text("x".into())]);
    }
}
