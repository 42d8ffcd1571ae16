//! What a statement would read, asked of the database that would run it: the tests hold every
//! list, count and look-up to an index, so that a later change cannot quietly bring back a read
//! of a whole large table. On SQLite a `SCAN` of a table (or a walk of a whole index) is a full
//! read; on PostgreSQL, planned with sequential scans discouraged so that a missing index shows
//! whatever the table's size, a `Seq Scan` or an index scan without an index condition is.

use crate::sql_args::Sql;
use crate::{Backend, Store, StoreError};
use sqlx::{Executor, Row};

/// The tables that grow with every complaint.
pub const LARGE_TABLES: [&str; 5] = ["complaints", "status_history", "messages", "audit_log", "complainants"];

impl Store {
    /// The plan of `sql`, one line per step, as the database prints it.
    pub async fn plan(&self, sql: &Sql) -> Result<Vec<String>, StoreError> {
        let explain = Sql {
            text: match self.db.backend {
                Backend::Sqlite => format!("EXPLAIN QUERY PLAN {}", sql.text),
                Backend::Postgres => format!("EXPLAIN {}", sql.text),
            },
            args: sql.args.clone(),
        };
        let mut conn = self.db.read.acquire().await?;
        match self.db.backend {
            Backend::Postgres => {
                conn.execute("SET enable_seqscan = off").await?;
            }
            // SQLite plans an EXPLAIN with the schema the connection last loaded and never
            // checks it is current (a real statement does, when it starts reading): reading
            // first loads indexes made since, by another connection.
            Backend::Sqlite => {
                conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").await?;
            }
        }
        let rows = explain.query().fetch_all(&mut *conn).await;
        if self.db.backend == Backend::Postgres {
            conn.execute("RESET enable_seqscan").await?;
        }
        rows?
            .iter()
            .map(|r| match self.db.backend {
                Backend::Sqlite => r.try_get::<String, _>(3),
                Backend::Postgres => r.try_get::<String, _>(0),
            })
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)
    }

    /// The steps of `sql`'s plan that read one of [`LARGE_TABLES`] whole; empty when none does.
    pub async fn full_reads(&self, sql: &Sql) -> Result<Vec<String>, StoreError> {
        let plan = self.plan(sql).await?;
        Ok(match self.db.backend {
            Backend::Sqlite => sqlite_full_reads(&sql.text, &plan),
            Backend::Postgres => postgres_full_reads(&plan),
        })
    }
}

/// The large tables of `sql` and the names they are given in it.
fn large_table_names(sql: &str) -> Vec<String> {
    const NOT_ALIAS: [&str; 14] = [
        "WHERE", "JOIN", "LEFT", "INNER", "CROSS", "ON", "ORDER", "GROUP", "LIMIT", "SET", "USING", "AS", "UNION",
        "HAVING",
    ];
    let words: Vec<&str> = sql
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')' || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    let mut names = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let table = w.to_ascii_lowercase();
        if !LARGE_TABLES.contains(&table.as_str()) {
            continue;
        }
        let after_from = i > 0 && matches!(words[i - 1].to_ascii_uppercase().as_str(), "FROM" | "JOIN" | "UPDATE");
        if !after_from {
            continue;
        }
        names.push(table);
        let mut next = words.get(i + 1).copied();
        if next.is_some_and(|n| n.eq_ignore_ascii_case("AS")) {
            next = words.get(i + 2).copied();
        }
        if let Some(alias) = next.filter(|n| !NOT_ALIAS.contains(&n.to_ascii_uppercase().as_str())) {
            names.push(alias.to_ascii_lowercase());
        }
    }
    names
}

fn sqlite_full_reads(sql: &str, plan: &[String]) -> Vec<String> {
    let names = large_table_names(sql);
    plan.iter()
        .filter(|line| {
            let mut words = line.split_whitespace();
            words.next() == Some("SCAN") && words.next().is_some_and(|t| names.contains(&t.to_ascii_lowercase()))
        })
        .cloned()
        .collect()
}

fn postgres_full_reads(plan: &[String]) -> Vec<String> {
    let node = |line: &str| line.trim_start().trim_start_matches("->").trim_start().to_string();
    let is_node = |line: &str| line.trim_start().starts_with("->") || !line.starts_with(' ');
    let relation = |n: &str| {
        n.split(" on ").nth(1).and_then(|rest| rest.split_whitespace().next()).map(|t| t.to_ascii_lowercase())
    };
    let mut found = Vec::new();
    for (i, line) in plan.iter().enumerate().filter(|(_, l)| is_node(l)) {
        let n = node(line);
        let large = relation(&n).is_some_and(|t| LARGE_TABLES.contains(&t.as_str()));
        if !large {
            continue;
        }
        let details = plan[i + 1..].iter().take_while(|l| !is_node(l));
        let bounded = details.clone().any(|l| l.contains("Index Cond:"));
        if n.starts_with("Seq Scan") || (n.starts_with("Index") && !bounded) {
            found.push(n);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_large_tables_and_their_aliases() {
        let sql = "SELECT x FROM complaints c JOIN categories cat ON cat.id = c.category_id \
                   LEFT JOIN status_history AS h ON h.complaint_id = c.id WHERE c.id IN (SELECT complaint_id FROM messages)";
        assert_eq!(large_table_names(sql), vec!["complaints", "c", "status_history", "h", "messages"]);
    }

    #[test]
    fn sqlite_scans_of_large_tables_are_full_reads() {
        let sql = "SELECT * FROM complaints c JOIN categories cat ON cat.id = c.category_id";
        let plan = vec!["SCAN c".to_string(), "SEARCH cat USING INTEGER PRIMARY KEY (rowid=?)".to_string()];
        assert_eq!(sqlite_full_reads(sql, &plan), vec!["SCAN c"]);
        let bounded = vec!["SEARCH c USING INDEX complaints_village_received (village_id=? AND received_at<?)".into()];
        assert!(sqlite_full_reads(sql, &bounded).is_empty());
        assert!(sqlite_full_reads("SELECT * FROM categories", &["SCAN categories".to_string()]).is_empty());
    }

    #[test]
    fn postgres_seq_scans_and_unbounded_index_walks_are_full_reads() {
        let plan: Vec<String> = [
            "Limit  (cost=0.42..8.44 rows=1 width=8)",
            "  ->  Nested Loop  (cost=0.42..8.44 rows=1 width=8)",
            "        ->  Index Scan Backward using complaints_village_received on complaints c  (cost=1)",
            "              Index Cond: (village_id = 1)",
            "        ->  Index Scan using complaints_pkey on complaints o  (cost=1)",
            "              Filter: (duplicate_of = 3)",
            "        ->  Seq Scan on status_history h  (cost=1)",
            "        ->  Seq Scan on categories cat  (cost=1)",
        ]
        .map(String::from)
        .to_vec();
        let found = postgres_full_reads(&plan);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("Index Scan using complaints_pkey on complaints o"));
        assert!(found[1].starts_with("Seq Scan on status_history h"));
    }
}
