//! Writing the whole search index again from the cases' texts: for a database that holds cases
//! from before the index existed, or after words were stemmed differently. A chunk of cases per
//! transaction, in id order; searches meanwhile find the cases rebuilt so far.

use super::index::{Table, case_text, row};
use crate::multi_row::{Placeholders, Val};
use crate::{Backend, Store, StoreError};
use aduan_domain::search::{self, StemCache};
use sqlx::{AnyConnection, Executor};
use std::collections::HashMap;

const CHUNK: i64 = 2_000;

/// Every text of the index, for the cases of one chunk.
const CHUNK_TEXT_SQL: &str = "SELECT id, title, description, resolution_requested, COALESCE(place, ''), \
    COALESCE(public_title, ''), COALESCE(public_description, '') FROM complaints WHERE id > $1 ORDER BY id LIMIT $2";

type TextRow = (i64, String, String, String, String, String, String);

impl Store {
    /// Whether the newest case is missing from the search index (it was never built).
    pub async fn search_index_missing(&self) -> Result<bool, StoreError> {
        let case: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM complaints ORDER BY id DESC LIMIT 1").fetch_optional(&self.db.read).await?;
        let Some((id,)) = case else { return Ok(false) };
        let words: Option<(i64,)> = sqlx::query_as("SELECT rowid FROM complaint_words WHERE rowid = $1")
            .bind(id)
            .fetch_optional(&self.db.read)
            .await?;
        Ok(words.is_none())
    }

    /// Writes the words and names of every case again; `progress` hears how many are done.
    pub async fn rebuild_search_index(&self, progress: &(dyn Fn(u64) + Sync)) -> Result<u64, StoreError> {
        let mut tx = self.db.write.begin().await?;
        match self.db.backend {
            Backend::Sqlite => {
                tx.execute("INSERT INTO complaint_words (complaint_words) VALUES ('delete-all')").await?;
                tx.execute("INSERT INTO complainant_names (complainant_names) VALUES ('delete-all')").await?;
            }
            Backend::Postgres => {
                tx.execute("DELETE FROM complaint_words").await?;
                tx.execute("DELETE FROM complainant_names").await?;
            }
        }
        tx.commit().await?;
        let mut stems = StemCache::default();
        let (mut done, mut after) = (0u64, 0i64);
        loop {
            let mut tx = self.db.write.begin().await?;
            let conn: &mut AnyConnection = &mut tx;
            let cases: Vec<TextRow> =
                sqlx::query_as(CHUNK_TEXT_SQL).bind(after).bind(CHUNK).fetch_all(&mut *conn).await?;
            let Some(last) = cases.last().map(|c| c.0) else { break };
            let mut messages: HashMap<i64, Vec<String>> = HashMap::new();
            let bodies: Vec<(i64, String)> = sqlx::query_as(
                "SELECT complaint_id, body FROM messages WHERE complaint_id > $1 AND complaint_id <= $2 \
                 ORDER BY complaint_id, id",
            )
            .bind(after)
            .bind(last)
            .fetch_all(&mut *conn)
            .await?;
            for (id, body) in bodies {
                messages.entry(id).or_default().push(body);
            }
            let names: Vec<(i64, String)> = sqlx::query_as(
                "SELECT complaint_id, name FROM complainants WHERE complaint_id > $1 AND complaint_id <= $2 \
                 AND name IS NOT NULL",
            )
            .bind(after)
            .bind(last)
            .fetch_all(&mut *conn)
            .await?;
            let (mut word_rows, mut name_rows) = (Table::Words.rows(), Table::Names.rows());
            for (id, title, description, wanted, place, public_title, public_description) in cases.iter().cloned() {
                let texts = (title, description, wanted, place, public_title, public_description);
                let bodies = messages.get(&id).into_iter().flatten().map(String::as_str);
                word_rows.push(row(Val::Int(id), stems.index_text(&case_text(&texts, bodies))));
            }
            for (id, name) in names {
                let words = search::name_words(&name);
                if !words.is_empty() {
                    name_rows.push(row(Val::Int(id), words));
                }
            }
            let style = Placeholders::of_backend(self.db.backend);
            for q in word_rows.statements(style, 0).into_iter().chain(name_rows.statements(style, 0)) {
                q.execute(&mut *conn).await?;
            }
            tx.commit().await?;
            done += cases.len() as u64;
            after = last;
            progress(done);
        }
        self.db.optimize().await?;
        Ok(done)
    }
}
