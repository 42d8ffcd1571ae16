//! Newest matches a slice of ids at a time. PostgreSQL cannot walk a GIN index in id order, and
//! its estimate of how many rows hold a word it has no statistics for (a rare word, the start of
//! a name) is a guess: asked for the newest matches of the whole table, it walks the table
//! newest first testing each row, and at a million rows a word nobody wrote costs 150 ms. Asked
//! within a slice of ids, its worst choice costs what the slice holds: the newest 20,000 ids
//! first, then slices four times larger, until enough matches are found. SQLite's FTS5 walks
//! its own index in id order, so it is asked once. Ids are the cases' (the index's rows carry
//! them).

use crate::sql_args::Sql;
use crate::{Backend, Store, StoreError};

/// The ids a statement looks among: below `below` and above `above` (both excluded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub below: Option<i64>,
    pub above: Option<i64>,
}

impl Window {
    pub fn below(below: Option<i64>) -> Window {
        Window { below, above: None }
    }

    /// The conditions on `column`, with their parameters added to `s`.
    pub(crate) fn conditions(&self, s: &mut Sql, column: &str) -> String {
        let mut out = String::new();
        if let Some(below) = self.below {
            let p = s.int(below);
            out.push_str(&format!(" AND {column} < {p}"));
        }
        if let Some(above) = self.above {
            let p = s.int(above);
            out.push_str(&format!(" AND {column} > {p}"));
        }
        out
    }
}

/// How many of the newest ids the first slice holds, and how much larger each next one is.
pub(crate) const FIRST_SLICE: i64 = 20_000;
const GROWTH: i64 = 4;

/// The slices of ids from `top` down (the newest first) to the one above `floor`: `first` ids
/// (`FIRST_SLICE` but in tests), then each `GROWTH` times larger, the last one cut at the floor.
fn slices(top: i64, floor: i64, first: i64) -> impl Iterator<Item = Window> {
    let mut next = Some((top + 1, first.max(1)));
    std::iter::from_fn(move || {
        let (below, size) = next?;
        let above = below - 1 - size;
        if above > floor {
            next = Some((above + 1, size.saturating_mul(GROWTH)));
            Some(Window { below: Some(below), above: Some(above) })
        } else {
            next = None;
            Some(Window { below: Some(below), above: (floor > 0).then_some(floor) })
        }
    })
}

impl Store {
    /// The id of the newest case, 0 when there is none.
    pub(crate) async fn newest_case(&self) -> Result<i64, StoreError> {
        let (newest,): (Option<i64>,) =
            sqlx::query_as("SELECT MAX(id) FROM complaints").fetch_one(&self.db.read).await?;
        Ok(newest.unwrap_or(0))
    }

    /// Up to `limit` rows of the statements `build(window, still wanted)` makes, newest first,
    /// among the cases below `below` and, with a `depth`, among the newest `depth` cases only;
    /// `newest` is [`Store::newest_case`], read once by the caller for all its statements.
    pub(crate) async fn newest_matches<T>(
        &self,
        newest: i64,
        below: Option<i64>,
        depth: Option<i64>,
        limit: usize,
        build: impl Fn(Window, i64) -> Sql,
    ) -> Result<Vec<T>, StoreError>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let floor = depth.map_or(0, |d| (newest - d).max(0));
        let top = below.map_or(newest, |b| newest.min(b.saturating_sub(1)));
        if top <= floor || newest < 1 {
            return Ok(Vec::new());
        }
        if self.db.backend == Backend::Sqlite {
            let window = Window { below, above: (floor > 0).then_some(floor) };
            return Ok(build(window, limit as i64).query_as().fetch_all(&self.db.read).await?);
        }
        let mut out = Vec::new();
        for window in slices(top, floor, self.search_slice) {
            let wanted = limit - out.len();
            out.extend(build(window, wanted as i64).query_as::<T>().fetch_all(&self.db.read).await?);
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_cover_every_id_once_newest_first() {
        let all: Vec<Window> = slices(1_000_000, 0, FIRST_SLICE).collect();
        assert_eq!(all[0], Window { below: Some(1_000_001), above: Some(980_000) });
        assert_eq!(all[1], Window { below: Some(980_001), above: Some(900_000) });
        assert_eq!(all[2], Window { below: Some(900_001), above: Some(580_000) });
        assert_eq!(all[3], Window { below: Some(580_001), above: None });
        assert_eq!(all.len(), 4);
        assert_eq!(slices(5, 0, FIRST_SLICE).collect::<Vec<_>>(), vec![Window { below: Some(6), above: None }]);
        assert_eq!(
            slices(1_000_000, 800_000, FIRST_SLICE).collect::<Vec<_>>()[2],
            Window { below: Some(900_001), above: Some(800_000) }
        );
        for (top, floor) in
            [(1, 0), (19_999, 0), (20_000, 0), (20_001, 0), (180_001, 0), (10_000_000, 0), (500_000, 300_000)]
        {
            let mut expected_below = top + 1;
            for w in slices(top, floor, FIRST_SLICE) {
                assert_eq!(w.below, Some(expected_below));
                expected_below = w.above.unwrap_or(0) + 1;
            }
            assert_eq!(expected_below, floor + 1, "{top}");
        }
    }
}
