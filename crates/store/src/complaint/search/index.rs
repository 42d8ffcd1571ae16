//! Keeping the search index: a case's words are written in the transaction that changes its
//! text, so a search never misses what was just written nor finds what was taken back.

use crate::StoreError;
use crate::multi_row::{Rows, Val};
use aduan_domain::search;
use sqlx::AnyConnection;

/// The texts of a case the word index covers; never its complainant's identity.
const CASE_TEXT_SQL: &str = "SELECT title, description, resolution_requested, COALESCE(place, ''), \
    COALESCE(public_title, ''), COALESCE(public_description, '') FROM complaints WHERE id = $1";

/// Title, description, resolution wanted, place, public title, public description.
pub(crate) type Texts = (String, String, String, String, String, String);

/// Every reply, note and citizen message of a case.
const MESSAGE_TEXT_SQL: &str = "SELECT body FROM messages WHERE complaint_id = $1 ORDER BY id";

/// The words of the texts a complaint is filed with.
pub(crate) fn filed_words(title: &str, description: &str, wanted: &str, place: Option<&str>) -> String {
    search::index_text(&[title, description, wanted, place.unwrap_or("")].join("\n"))
}

fn is_sqlite(conn: &AnyConnection) -> bool {
    conn.backend_name().eq_ignore_ascii_case("sqlite")
}

/// Replaces the row of `id` in `table` (`complaint_words` or `complainant_names`) by `words`.
/// A case whose words are all too common still gets its (empty) row: a case without one is a
/// case the index was never built for.
async fn put(conn: &mut AnyConnection, table: Table, id: i64, words: &str) -> Result<(), StoreError> {
    let name = table.name();
    let sql = if is_sqlite(conn) {
        // FTS5 replaces a row by deleting it first.
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {name} WHERE rowid = $1")))
            .bind(id)
            .execute(&mut *conn)
            .await?;
        format!("INSERT INTO {name} (rowid, words) VALUES ($1, $2)")
    } else {
        format!(
            "INSERT INTO {name} (rowid, words) VALUES ($1, CAST($2 AS tsvector)) \
             ON CONFLICT (rowid) DO UPDATE SET words = EXCLUDED.words"
        )
    };
    let value = if is_sqlite(conn) { words.to_string() } else { search::tsvector(words) };
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).bind(value).execute(&mut *conn).await?;
    Ok(())
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Table {
    Words,
    Names,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Words => "complaint_words",
            Table::Names => "complainant_names",
        }
    }

    /// Rows for a bulk writer: `(complaint, words)`.
    pub fn rows(self) -> Rows {
        Rows::new(self.name(), &["rowid", "words"])
    }
}

/// The words of a new complaint, written with it.
pub(crate) async fn filed(conn: &mut AnyConnection, id: i64, words: &str) -> Result<(), StoreError> {
    put(conn, Table::Words, id, words).await
}

/// The name of a new complaint's citizen, for the name look-up.
pub(crate) async fn named(conn: &mut AnyConnection, id: i64, name: Option<&str>) -> Result<(), StoreError> {
    let words = search::name_words(name.unwrap_or(""));
    if words.is_empty() {
        return Ok(());
    }
    put(conn, Table::Names, id, &words).await
}

/// The words of case `id` as its texts now stand: after a reply, a note, a completion or an edit
/// of its public version.
pub(crate) async fn reindex(conn: &mut AnyConnection, id: i64) -> Result<(), StoreError> {
    let words = case_words(conn, id).await?;
    put(conn, Table::Words, id, &words).await
}

/// Every text of case `id` the index covers, as indexed words.
pub(crate) async fn case_words(conn: &mut AnyConnection, id: i64) -> Result<String, StoreError> {
    let texts: Texts = sqlx::query_as(CASE_TEXT_SQL).bind(id).fetch_one(&mut *conn).await?;
    let messages: Vec<(String,)> = sqlx::query_as(MESSAGE_TEXT_SQL).bind(id).fetch_all(&mut *conn).await?;
    Ok(search::index_text(&case_text(&texts, messages.iter().map(|(body,)| body.as_str()))))
}

/// A case's texts and its messages as one text for the index.
pub(crate) fn case_text<'a>(texts: &Texts, messages: impl Iterator<Item = &'a str>) -> String {
    let (title, description, wanted, place, public_title, public_description) = texts;
    let mut text = [title, description, wanted, place, public_title, public_description].map(String::as_str).join("\n");
    for body in messages {
        text.push('\n');
        text.push_str(body);
    }
    text
}

/// A bulk writer's row of words.
pub(crate) fn row(id: Val, words: String) -> Vec<Val> {
    vec![id, Val::Words(words)]
}
