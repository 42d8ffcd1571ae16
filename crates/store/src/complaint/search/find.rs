//! Finding cases by their words. The newest matches are ranked (BM25 on SQLite, `ts_rank` over
//! the text's length on PostgreSQL, over the same stems) and the best of them come first; every other match follows
//! newest first, a page at a time by keyset. Ranking only the newest matches keeps a word that
//! half the cases hold as fast as a rare one.

use super::window::Window;
use crate::complaint::queue::{QueueFilter, QueueItem, filters};
use crate::sql_args::Sql;
use crate::{Backend, Store, StoreError};
use aduan_domain::search::Query;
use time::OffsetDateTime;

/// Which matches are ranked — the newest `ranked_from` among the newest `within` cases — and how
/// many of those come first, best first. Bounding both keeps a search's cost from growing with
/// the number of cases, on both databases alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranking {
    pub ranked_from: i64,
    pub within: i64,
    pub best: usize,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking { ranked_from: 1_000, within: 100_000, best: 200 }
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

/// A `tsquery` written into a statement as a quoted literal. Planned with a bound parameter,
/// PostgreSQL soon keeps a generic plan that cannot know how rare the words are, and walks the
/// newest rows testing each instead of asking the GIN index. Queries hold only quoted stems or
/// name words of letters and digits, the operators `&`, `<->`, `:*` and brackets.
pub(crate) fn tsquery_literal(query: &str) -> String {
    debug_assert!(query.chars().all(|c| c.is_alphanumeric() || " '&()<->:*".contains(c)));
    format!("'{}'", query.replace('\'', "''"))
}

/// The matches of `q` among the village's cases that pass `f`, newest first, with a score (lower
/// is better), within `window` and outside `skip`.
#[allow(clippy::too_many_arguments)]
pub fn match_sql(
    backend: Backend,
    village_id: i64,
    q: &Query,
    f: &QueueFilter,
    now: OffsetDateTime,
    window: Window,
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
            ));
            // On both sides of the join, so that whichever the planner walks starts at the cursor.
            let on_words = window.conditions(&mut s, "complaint_words.rowid");
            let on_cases = window.conditions(&mut s, "c.id");
            s.push(&on_words).push(&on_cases);
        }
        Backend::Postgres => {
            // The window's matches first, whichever way the planner finds them (with the order
            // and the limit in sight, it would walk the ids testing each row), then each one's
            // case looked up by its key (`OFFSET 0` keeps the planner from reading every case a
            // filter names instead: at a million, 45,000 cases `diproses` for 1,600 matches).
            let words = tsquery_literal(&q.tsquery());
            let within = window.conditions(&mut s, "rowid");
            s.push(&format!(
                "WITH m AS MATERIALIZED (SELECT rowid, words FROM complaint_words \
                 WHERE words @@ CAST({words} AS tsquery){within}) \
                 SELECT m.rowid, CAST(-ts_rank(m.words, CAST({words} AS tsquery), 1) AS DOUBLE PRECISION) \
                 FROM m CROSS JOIN LATERAL (SELECT 1 FROM complaints c WHERE c.id = m.rowid"
            ));
        }
    }
    let village = s.int(village_id);
    s.push(&format!(" AND c.village_id = {village}"));
    filters(&mut s, &village, f, now);
    if !skip.is_empty() {
        // Ids read back from the database: numbers, safe inline.
        let list = skip.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        s.push(&format!(" AND c.id NOT IN ({list})"));
    }
    let limit = s.int(limit);
    match backend {
        Backend::Sqlite => s.push(&format!(" ORDER BY complaint_words.rowid DESC LIMIT {limit}")),
        Backend::Postgres => s.push(&format!(" OFFSET 0) c ORDER BY m.rowid DESC LIMIT {limit}")),
    };
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
        let ranked_from = ranking.ranked_from.max(0) as usize;
        let top = self.newest_case().await?;
        let mut newest: Vec<(i64, f64)> = self
            .newest_matches(top, None, Some(ranking.within), ranked_from, |w, n| {
                match_sql(backend, village_id, q, f, now, w, &[], n)
            })
            .await?;
        let more_than_ranked = newest.len() >= ranked_from;
        newest.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let best: Vec<i64> = newest.iter().take(ranking.best).map(|(id, _)| *id).collect();
        // Matches beyond the best: among those ranked, or older than the cases ranked among.
        let rest_known = more_than_ranked || newest.len() > best.len();
        let rest_possible = rest_known || top > ranking.within;

        let mut ids = Vec::with_capacity(limit);
        let mut next = None;
        let below = match after.unwrap_or(SearchCursor::Best(0)) {
            SearchCursor::Best(from) => {
                ids.extend(best.iter().skip(from).take(limit));
                if ids.len() == limit {
                    next = if from + limit < best.len() {
                        Some(SearchCursor::Best(from + limit))
                    } else if rest_known
                        || (rest_possible && self.any_match_beyond(top, village_id, q, f, &best).await?)
                    {
                        Some(SearchCursor::Below(i64::MAX))
                    } else {
                        None
                    };
                    None
                } else if rest_possible {
                    Some(i64::MAX)
                } else {
                    None
                }
            }
            SearchCursor::Below(id) => Some(id),
        };
        if let Some(below) = below {
            let wanted = limit - ids.len();
            let rest: Vec<(i64, f64)> = self
                .newest_matches(top, Some(below), None, wanted + 1, |w, n| {
                    match_sql(backend, village_id, q, f, now, w, &best, n)
                })
                .await?;
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

    /// Whether any case that `f` lets through matches `q` beside `best`.
    async fn any_match_beyond(
        &self,
        top: i64,
        village_id: i64,
        q: &Query,
        f: &QueueFilter,
        best: &[i64],
    ) -> Result<bool, StoreError> {
        let (backend, now) = (self.db.backend, self.clock.now());
        let found: Vec<(i64, f64)> = self
            .newest_matches(top, None, None, 1, |w, n| match_sql(backend, village_id, q, f, now, w, best, n))
            .await?;
        Ok(!found.is_empty())
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
