//! The queue's search box: a ticket number narrows the queue to that case; words find the cases
//! whose texts hold them (title, description, place, replies, notes), highlighted; a name, phone
//! number, email or NIK also finds the citizen's cases for the roles that may see identities,
//! within the queue's filters either way.

use crate::AppState;
use aduan_domain::search::{self, Query};
use aduan_store::StoreError;
use aduan_store::complaint::queue::{QueueFilter, QueueItem};
use aduan_store::complaint::search::identity::{IdentityKey, IdentityScope};
use aduan_store::complaint::search::{Ranking, SearchCursor};
use aduan_store::platform::users::StaffUser;

/// Text cut into pieces, the words the query asked for marked.
pub type Marked = Vec<(String, bool)>;

/// How much of a description a result shows.
const EXCERPT_CHARS: usize = 220;

pub struct SearchHit {
    pub item: QueueItem,
    pub title: Marked,
    pub excerpt: Marked,
}

/// What the look-up by the citizen's identity gave.
pub enum IdentityResult {
    /// The query is not a name, phone, email or NIK, or this page does not repeat the look-up.
    NotAsked,
    /// The user's roles may not find cases by identity.
    NotAllowed,
    /// Too many look-ups just now: seconds to wait.
    Limited(u64),
    Found {
        items: Vec<QueueItem>,
        next: Option<i64>,
    },
}

pub struct SearchResults {
    /// Words typed that cannot be searched.
    pub ignored: Vec<String>,
    /// Whether the cases' words were searched at all (not for an exact identity).
    pub by_words: bool,
    /// Whether the query held any word that can be searched.
    pub searchable: bool,
    pub hits: Vec<SearchHit>,
    pub next: Option<SearchCursor>,
    pub identity: IdentityResult,
}

/// Which part of the results a page shows: both on the first, one of them on the next pages.
#[derive(Clone, Copy)]
pub enum Part {
    First,
    Words(SearchCursor),
    Identity(i64),
}

fn marked(pieces: Vec<(&str, bool)>) -> Marked {
    pieces.into_iter().map(|(t, m)| (t.to_string(), m)).collect()
}

pub async fn run(
    state: &AppState,
    user: &StaffUser,
    typed: &str,
    filter: &QueueFilter,
    part: Part,
    limit: usize,
) -> Result<SearchResults, StoreError> {
    let store = &state.store;
    let village = user.village_id;
    let key = IdentityKey::parse(typed);
    let exact = key.as_ref().is_some_and(IdentityKey::is_exact);
    // The two look-ups read apart from each other, so the page waits for the slower only.
    let identity = async {
        let Some(key) = key.as_ref().filter(|_| !matches!(part, Part::Words(_))) else {
            return Ok(IdentityResult::NotAsked);
        };
        if IdentityScope::of(user, key.is_exact()).is_empty() {
            return Ok(if key.is_exact() { IdentityResult::NotAllowed } else { IdentityResult::NotAsked });
        }
        if let Err(wait) = state.identity_lookups.check(user.id) {
            return Ok(IdentityResult::Limited(wait));
        }
        let below = match part {
            Part::Identity(id) => Some(id),
            _ => None,
        };
        let (items, next) = store.find_by_identity(village, key, user, filter, below, limit).await?;
        Ok::<_, StoreError>(if items.is_empty() && !key.is_exact() {
            // Words that name nobody: the words' own results say enough.
            IdentityResult::NotAsked
        } else {
            IdentityResult::Found { items, next }
        })
    };
    let query = Query::parse(typed);
    let words = async {
        let after = match part {
            Part::First => None,
            Part::Words(c) => Some(c),
            Part::Identity(_) => return Ok((vec![], None)),
        };
        if exact {
            return Ok((vec![], None));
        }
        let found = store.search(village, &query, filter, after, limit, Ranking::default()).await?;
        let stems = query.stems();
        let hits = found
            .hits
            .into_iter()
            .map(|h| SearchHit {
                title: marked(search::highlight(&h.item.title, &stems)),
                excerpt: marked(search::highlight(&search::excerpt(&h.description, &stems, EXCERPT_CHARS), &stems)),
                item: h.item,
            })
            .collect();
        Ok::<_, StoreError>((hits, found.next))
    };
    let (identity, words) = tokio::join!(identity, words);
    let (identity, (hits, next)) = (identity?, words?);
    Ok(SearchResults {
        ignored: if exact { vec![] } else { query.ignored.clone() },
        by_words: !exact && !matches!(part, Part::Identity(_)),
        searchable: !query.is_empty(),
        hits,
        next,
        identity,
    })
}
