//! Finding cases by their words. The newest matches are ranked (BM25 on SQLite, `ts_rank` over
//! the text's length on PostgreSQL, over the same stems) and the best of them come first; every other match follows
//! newest first, a page at a time by keyset. Ranking only the newest matches keeps a word that
//! half the cases hold as fast as a rare one.

use crate::complaint::queue::{QueueFilter, QueueItem, filters};
use crate::sql_args::Sql;
use crate::{Backend, Store, StoreError};
use aduan_domain::search::Query;
use time::OffsetDateTime;

/// How many of the newest matches are ranked, and how many of those come first, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranking {
    pub ranked_from: i64,
    pub best: usize,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking { ranked_from: 1_000, best: 200 }
    }
}

/// Where the next page of results starts: a place among the best matches, or below a case in
/// the newest-first rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchCursor {
    Best(usize),
    Below(i64),
}

impl SearchCursor {
    pub fn encode(&self) -> String {
        match self {
            SearchCursor::Best(n) => format!("b{n}"),
            SearchCursor::Below(id) => format!("s{id}"),
        }
    }

    pub fn decode(s: &str) -> Option<SearchCursor> {
        match s.split_at_checked(1)? {
            ("b", n) => n.parse().ok().filter(|n| *n < 10_000).map(SearchCursor::Best),
            ("s", id) => id.parse().ok().map(SearchCursor::Below),
            _ => None,
        }
    }
}

/// A case that matched, with its description for an excerpt.
#[derive(Debug, Clone)]
pub struct Hit {
    pub item: QueueItem,
    pub description: String,
}

#[derive(Debug, Clone, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub next: Option<SearchCursor>,
}

/// The matches of `q` among the village's cases that pass `f`, newest first, with a score (lower
/// is better), below `below` and outside `skip`.
#[allow(clippy::too_many_arguments)]
pub fn match_sql(
    backend: Backend,
    village_id: i64,
    q: &Query,
    f: &QueueFilter,
    now: OffsetDateTime,
    below: Option<i64>,
    skip: &[i64],
    limit: i64,
) -> Sql {
    let mut s = Sql::new("");
    match backend {
        Backend::Sqlite => {
            let words = s.text(q.fts5());
            s.push(&format!(
                "SELECT c.id, bm25(complaint_words) FROM complaint_words \
                 JOIN complaints c ON c.id = complaint_words.rowid WHERE complaint_words MATCH {words}"
            ))
        }
        Backend::Postgres => {
            // Written into the statement rather than bound: planned with a parameter, PostgreSQL
            // soon keeps a generic plan that cannot know how rare the words are, and walks the
            // newest cases testing each instead of asking the GIN index. The literal holds only
            // quoted stems of letters and digits and the operators `&`, `<->` and brackets.
            let literal = q.tsquery();
            debug_assert!(literal.chars().all(|c| c.is_alphanumeric() || " '&()<->".contains(c)));
            let words = format!("'{}'", literal.replace('\'', "''"));
            s.push(&format!(
                "SELECT c.id, CAST(-ts_rank(complaint_words.words, CAST({words} AS tsquery), 1) AS DOUBLE PRECISION) \
                 FROM complaint_words JOIN complaints c ON c.id = complaint_words.rowid \
                 WHERE complaint_words.words @@ CAST({words} AS tsquery)"
            ))
        }
    };
    let village = s.int(village_id);
    s.push(&format!(" AND c.village_id = {village}"));
    filters(&mut s, &village, f, now);
    if let Some(id) = below {
        let p = s.int(id);
        // On both sides of the join, so that whichever the planner walks starts at the cursor.
        s.push(&format!(" AND complaint_words.rowid < {p} AND c.id < {p}"));
    }
    if !skip.is_empty() {
        // Ids read back from the database: numbers, safe inline.
        let list = skip.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        s.push(&format!(" AND c.id NOT IN ({list})"));
    }
    let limit = s.int(limit);
    s.push(&format!(" ORDER BY complaint_words.rowid DESC LIMIT {limit}"));
    s
}

impl Store {
    /// One page of the cases whose words match `q` among those `f` lets through, the best of
    /// the newest matches first as `ranking` says (`Ranking::default()` on every page).
    pub async fn search(
        &self,
        village_id: i64,
        q: &Query,
        f: &QueueFilter,
        after: Option<SearchCursor>,
        limit: usize,
        ranking: Ranking,
    ) -> Result<Found, StoreError> {
        if q.is_empty() || limit == 0 {
            return Ok(Found::default());
        }
        let now = self.clock.now();
        let backend = self.db.backend;
        let sql = match_sql(backend, village_id, q, f, now, None, &[], ranking.ranked_from);
        let mut newest: Vec<(i64, f64)> = sql.query_as().fetch_all(&self.db.read).await?;
        let more_than_ranked = newest.len() as i64 >= ranking.ranked_from;
        newest.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let best: Vec<i64> = newest.iter().take(ranking.best).map(|(id, _)| *id).collect();
        let rest_exists = more_than_ranked || newest.len() > best.len();

        let mut ids = Vec::with_capacity(limit);
        let mut next = None;
        let below = match after.unwrap_or(SearchCursor::Best(0)) {
            SearchCursor::Best(from) => {
                ids.extend(best.iter().skip(from).take(limit));
                if ids.len() == limit {
                    next = if from + limit < best.len() {
                        Some(SearchCursor::Best(from + limit))
                    } else if rest_exists {
                        Some(SearchCursor::Below(i64::MAX))
                    } else {
                        None
                    };
                    None
                } else if rest_exists {
                    Some(i64::MAX)
                } else {
                    None
                }
            }
            SearchCursor::Below(id) => Some(id),
        };
        if let Some(below) = below {
            let wanted = limit - ids.len();
            let sql = match_sql(backend, village_id, q, f, now, Some(below), &best, wanted as i64 + 1);
            let rest: Vec<(i64, f64)> = sql.query_as().fetch_all(&self.db.read).await?;
            ids.extend(rest.iter().take(wanted).map(|(id, _)| *id));
            if rest.len() > wanted {
                next = ids.last().map(|id| SearchCursor::Below(*id));
            }
        }
        let items = self.queue_items(village_id, &ids).await?;
        let descriptions = self.descriptions(&ids).await?;
        let hits = items
            .into_iter()
            .map(|item| {
                let description = descriptions.get(&item.id).cloned().unwrap_or_default();
                Hit { item, description }
            })
            .collect();
        Ok(Found { hits, next })
    }

    async fn descriptions(&self, ids: &[i64]) -> Result<std::collections::HashMap<i64, String>, StoreError> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let rows: Vec<(i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT id, description FROM complaints WHERE id IN ({list})")))
                .fetch_all(&self.db.read)
                .await?;
        Ok(rows.into_iter().collect())
    }
}
