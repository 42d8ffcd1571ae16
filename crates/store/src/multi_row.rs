//! Multi-row `INSERT … VALUES` written once for both backends, which sqlx's query builder does
//! not do through the `Any` driver. PostgreSQL numbers its parameters `$1, $2, …`; SQLite gets
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
