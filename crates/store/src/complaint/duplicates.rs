//! Possible duplicates of a new complaint: earlier cases of the same citizen (the keyed hash of
//! their phone or NIK) or with a similar title in the same service, within recent weeks. Found
//! on the read side before the complaint reaches the writer (each look-up walks an index with a
//! bound), written with the complaint, and listed on its case page from the stored rows.

use crate::{Store, StoreError};
use aduan_domain::Status;
use aduan_domain::search;
use sqlx::AnyConnection;
use std::collections::HashSet;
use time::{Duration, OffsetDateTime};

/// How far back a duplicate is looked for.
const RECENT: Duration = Duration::weeks(4);
/// At most this many of each kind are kept.
const PER_REASON: i64 = 5;
/// The newest cases of the service whose titles are compared.
const TITLES_COMPARED: i64 = 300;
/// The share of the two titles' words they must have in common.
const SIMILAR: f64 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Phone,
    Nik,
    Title,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Phone => "phone",
            Reason::Nik => "nik",
            Reason::Title => "title",
        }
    }

    fn parse(s: &str) -> Option<Reason> {
        [Reason::Phone, Reason::Nik, Reason::Title].into_iter().find(|r| r.as_str() == s)
    }
}

/// What a new complaint is compared by.
pub(crate) struct Probe<'a> {
    pub village_id: i64,
    pub category_id: i64,
    pub received_at: OffsetDateTime,
    pub title: &'a str,
    pub phone_hash: Option<&'a [u8]>,
    pub nik_hash: Option<&'a [u8]>,
}

/// A suggested duplicate as the case page lists it.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub ticket: String,
    pub title: String,
    pub status: Status,
    pub received_at: OffsetDateTime,
    pub reason: Reason,
}

fn title_words(title: &str) -> HashSet<String> {
    search::index_text(title).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Whether two titles share at least half of the words of the longer one.
fn similar(a: &HashSet<String>, b: &HashSet<String>) -> bool {
    let shared = a.intersection(b).count();
    shared > 0 && shared as f64 >= SIMILAR * a.len().max(b.len()) as f64
}

/// The newest cases since `$3` whose citizen has the hash `$2` in column `col`.
pub(crate) fn same_citizen_sql(col: &str) -> String {
    debug_assert!(matches!(col, "phone_hash" | "nik_hash"));
    format!(
        "SELECT c.id FROM complainants p JOIN complaints c ON c.id = p.complaint_id \
         WHERE p.village_id = $1 AND p.{col} = $2 AND c.received_at >= $3 ORDER BY c.id DESC LIMIT $4"
    )
}

/// The newest cases of a service since `$3`, for their titles.
pub(crate) const RECENT_TITLES_SQL: &str = "SELECT id, title FROM complaints \
    WHERE village_id = $1 AND category_id = $2 AND received_at >= $3 ORDER BY received_at DESC, id DESC LIMIT $4";

pub(crate) const SUGGESTIONS_SQL: &str = "SELECT c.ticket, c.title, c.status, c.received_at, d.reason \
    FROM duplicate_suggestions d JOIN complaints c ON c.id = d.candidate_id WHERE d.complaint_id = $1 \
    ORDER BY c.id DESC";

impl Store {
    /// Earlier cases that may be the same complaint as the one `p` describes: `(case, reason)`.
    pub(crate) async fn duplicate_candidates(&self, p: &Probe<'_>) -> Result<Vec<(i64, Reason)>, StoreError> {
        let since = crate::timefmt::instant(p.received_at - RECENT);
        let mut out: Vec<(i64, Reason)> = Vec::new();
        for (hash, col, reason) in [(p.phone_hash, "phone_hash", Reason::Phone), (p.nik_hash, "nik_hash", Reason::Nik)]
        {
            let Some(hash) = hash else { continue };
            let sql = same_citizen_sql(col);
            let ids: Vec<(i64,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(p.village_id)
                .bind(hash.to_vec())
                .bind(&since)
                .bind(PER_REASON)
                .fetch_all(&self.db.read)
                .await?;
            for (id,) in ids {
                if !out.iter().any(|(c, _)| *c == id) {
                    out.push((id, reason));
                }
            }
        }
        let mine = title_words(p.title);
        if !mine.is_empty() {
            let recent: Vec<(i64, String)> = sqlx::query_as(RECENT_TITLES_SQL)
                .bind(p.village_id)
                .bind(p.category_id)
                .bind(&since)
                .bind(TITLES_COMPARED)
                .fetch_all(&self.db.read)
                .await?;
            let alike = recent.into_iter().filter(|(_, t)| similar(&mine, &title_words(t)));
            for (id, _) in alike.take(PER_REASON as usize) {
                if !out.iter().any(|(c, _)| *c == id) {
                    out.push((id, Reason::Title));
                }
            }
        }
        Ok(out)
    }

    /// The suggested duplicates of case `id`, newest first.
    pub async fn duplicate_suggestions(&self, id: i64) -> Result<Vec<Suggestion>, StoreError> {
        let rows: Vec<(String, String, String, String, String)> =
            sqlx::query_as(SUGGESTIONS_SQL).bind(id).fetch_all(&self.db.read).await?;
        rows.into_iter()
            .map(|(ticket, title, status, received, reason)| {
                Ok(Suggestion {
                    ticket,
                    title,
                    status: Status::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("status {status}")))?,
                    received_at: crate::timefmt::parse_instant(&received)?,
                    reason: Reason::parse(&reason).ok_or_else(|| StoreError::Corrupt(format!("reason {reason}")))?,
                })
            })
            .collect()
    }
}

/// Writes the suggestions found for the new case `id`, in its filing transaction.
pub(crate) async fn record(conn: &mut AnyConnection, id: i64, found: &[(i64, Reason)]) -> Result<(), StoreError> {
    for (candidate, reason) in found {
        sqlx::query("INSERT INTO duplicate_suggestions (complaint_id, candidate_id, reason) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(*candidate)
            .bind(reason.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_alike_when_they_share_half_their_words() {
        let t = |s: &str| title_words(s);
        assert!(similar(&t("Lampu jalan padam"), &t("lampu jalannya padam lagi")));
        assert!(!similar(&t("Lampu jalan padam"), &t("Jalan berlubang di dusun dua")));
        assert!(!similar(&t("yang dan"), &t("yang dan")));
    }
}
