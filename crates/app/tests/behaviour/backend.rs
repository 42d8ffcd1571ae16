//! Says which database this run used, past the test harness's output capture, so a plain
//! `cargo test` makes clear that the PostgreSQL run was skipped.

use std::io::Write;

#[test]
fn report_which_database_ran_the_suite() {
    let note = match std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        Some(url) if url.starts_with("postgres") => "behaviour suite ran on PostgreSQL".to_string(),
        Some(other) => format!("TEST_DATABASE_URL={other} is not a postgres:// URL"),
        None => "behaviour suite ran on SQLite; PostgreSQL run SKIPPED (set TEST_DATABASE_URL=postgres://… \
                 or run ./scripts/test)"
            .to_string(),
    };
    let _ = writeln!(std::io::stderr(), "\nNOTE: {note}\n");
}
