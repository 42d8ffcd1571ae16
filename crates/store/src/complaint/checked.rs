//! Every list, count and look-up the complaint pages, the APIs and the jobs run, as the plan
//! checks of the tests see them: the same statement text the code runs, with sample values.
//! A new query on a hot path belongs here too.

use super::queue::{Cursor, QueueFilter, queue_sql};
use super::requests::{
    OpenState, PublishedCursor, RequestFilter, published_page_sql, published_request_sql, published_requests_sql,
    published_updates_sql,
};
use super::{complaints, dashboard, due_days, lapse, monthly, notices, queue, sla_sweep};
use crate::sql_args::{Arg, Sql};
use crate::timefmt;
use aduan_domain::{Status, Ticket};
use time::{Duration, OffsetDateTime};

fn sql(text: &str, args: Vec<Arg>) -> Sql {
    Sql { text: text.to_string(), args }
}

/// Every combination of the queue's filters, with and without a cursor, in both orders.
pub fn queue_statements(
    backend: crate::Backend,
    village_id: i64,
    officer: i64,
    ticket: &Ticket,
    now: OffsetDateTime,
) -> Vec<(String, Sql)> {
    let mut out = Vec::new();
    for mask in 0u32..(1 << 9) {
        let on = |bit: u32| mask & (1 << bit) != 0;
        let f = QueueFilter {
            status: on(0).then_some(Status::Diproses),
            category: on(1).then(|| "adminduk".to_string()),
            channel: on(2).then(|| "sms".to_string()),
            kind: on(3).then(|| "permintaan_informasi".to_string()),
            assigned_to: on(4).then_some(officer),
            received_from: on(5).then(|| now - Duration::days(90)),
            received_until: on(5).then_some(now),
            ticket: on(6).then(|| ticket.clone()),
            overdue: on(7),
            open: None,
        };
        let cursor = on(8).then(|| Cursor::decode(&format!("{}_{}", timefmt::instant(now), 1_000_000))).flatten();
        // Open or closed cases only, where no status is chosen (a status overrides them).
        let open = if on(0) { vec![None] } else { vec![None, Some(true), Some(false)] };
        for open in open {
            let f = QueueFilter { open, ..f.clone() };
            out.push((
                format!("queue {f:?} after {cursor:?}"),
                queue_sql(backend, village_id, &f, cursor.as_ref(), 25, now),
            ));
        }
    }
    out
}

/// Searches by words (a common word, two words, a phrase, with filters, on a later page) and by
/// identity (a phone number, a name).
pub fn search_statements(
    backend: crate::Backend,
    village_id: i64,
    officer: i64,
    now: OffsetDateTime,
) -> Vec<(String, Sql)> {
    use super::search::find::match_sql;
    use super::search::identity::{IdentityKey, IdentityScope, identity_sql, name_held_sql};
    use super::search::window::Window;
    // A later page within a slice of ids, as PostgreSQL is asked.
    let window = Window { below: Some(1_000_000), above: Some(980_000) };
    use aduan_domain::complaint::IdentityMode;
    use aduan_domain::search::Query;
    let mut out = Vec::new();
    let everything = QueueFilter::default();
    let filtered = QueueFilter {
        status: Some(Status::Diproses),
        channel: Some("whatsapp".into()),
        assigned_to: Some(officer),
        ..QueueFilter::default()
    };
    for (words, f) in [
        ("lampu", &everything),
        ("jalan berlubang", &everything),
        ("\"lampu jalan\"", &everything),
        ("sampah", &filtered),
    ] {
        let q = Query::parse(words);
        out.push((
            format!("search {words} {f:?}"),
            match_sql(backend, village_id, &q, f, now, Window::default(), &[], 1_000),
        ));
        out.push((
            format!("search {words} {f:?}, a later page"),
            match_sql(backend, village_id, &q, f, now, window, &[1, 2, 3], 26),
        ));
    }
    let keys = crate::Keyring::from_master([0; 32]);
    let scope =
        IdentityScope { everywhere: vec![IdentityMode::Biasa], assigned: vec![IdentityMode::Rahasia], me: officer };
    for typed in ["0812-0000-1111", "3303011203900001", "warga@contoh.id", "Budi Contoh"] {
        let key = IdentityKey::parse(typed).unwrap_or(IdentityKey::Name(vec!["budi".into()]));
        out.push((
            format!("identity {typed}"),
            identity_sql(backend, &keys, village_id, &key, &scope, &everything, now, Window::default(), 26),
        ));
        if let IdentityKey::Name(words) = &key {
            out.push((format!("identity {typed}, held at all"), name_held_sql(backend, words)));
        }
        out.push((
            format!("identity {typed}, a later page"),
            identity_sql(backend, &keys, village_id, &key, &scope, &filtered, now, window, 26),
        ));
    }
    out
}

/// The case page, the tracking page, the dashboard, the public figures, Open311 and the jobs.
pub fn statements(village_id: i64, ticket: &Ticket, now: OffsetDateTime) -> Vec<(String, Sql)> {
    let t = || Arg::Text(ticket.to_string());
    let at = || Arg::Text(timefmt::instant(now));
    let v = Arg::Int(village_id);
    let id = Arg::Int(1);
    let mut out: Vec<(String, Sql)> = vec![
        ("case".into(), sql(complaints::CASE_SQL, vec![t()])),
        ("complainant".into(), sql(complaints::COMPLAINANT_SQL, vec![id.clone()])),
        ("history".into(), sql(complaints::HISTORY_SQL, vec![id.clone()])),
        ("clocks".into(), sql(complaints::CLOCKS_SQL, vec![t()])),
        ("public messages".into(), sql(complaints::PUBLIC_MESSAGES_SQL, vec![id.clone()])),
        ("attachments".into(), sql(complaints::ATTACHMENTS_SQL, vec![id.clone()])),
        ("internal notes".into(), sql(queue::INTERNAL_NOTES_SQL, vec![id.clone()])),
        ("original".into(), sql(queue::ORIGINAL_SQL, vec![id.clone()])),
        ("merged".into(), sql(queue::MERGED_SQL, vec![id.clone()])),
        ("suggested duplicates".into(), sql(super::duplicates::SUGGESTIONS_SQL, vec![id.clone()])),
        (
            "duplicates by phone at filing".into(),
            sql(
                &super::duplicates::same_citizen_sql("phone_hash"),
                vec![v.clone(), Arg::Bytes(vec![7; 32]), at(), Arg::Int(5)],
            ),
        ),
        (
            "duplicates by NIK at filing".into(),
            sql(
                &super::duplicates::same_citizen_sql("nik_hash"),
                vec![v.clone(), Arg::Bytes(vec![7; 32]), at(), Arg::Int(5)],
            ),
        ),
        (
            "duplicates by title at filing".into(),
            sql(super::duplicates::RECENT_TITLES_SQL, vec![v.clone(), Arg::Int(1), at(), Arg::Int(300)]),
        ),
        (
            "open received on later days".into(),
            sql(dashboard::OPEN_RECEIVED_DAYS_AFTER_SQL, vec![v.clone(), Arg::Text("2026-01-01".into())]),
        ),
        (
            "open received in part of a day".into(),
            sql(dashboard::OPEN_RECEIVED_BETWEEN_SQL, vec![v.clone(), at(), Arg::Text("2026-01-02T00:00:00Z".into())]),
        ),
        (
            "overdue before today".into(),
            sql(due_days::OVERDUE_DAYS_SQL, vec![v.clone(), Arg::Text("2026-01-01".into())]),
        ),
        (
            "overdue earlier today".into(),
            sql(
                &due_days::overdue_today_sql(),
                vec![v.clone(), Arg::Text(timefmt::instant(now - Duration::hours(1))), at()],
            ),
        ),
        (
            "monthly totals".into(),
            sql(monthly::TOTALS_SQL, vec![v.clone(), Arg::Text("2026-01".into()), Arg::Text("2026-12".into())]),
        ),
        ("published request".into(), sql(&published_request_sql(), vec![v.clone(), t()])),
        (
            "published updates".into(),
            sql(
                &published_updates_sql(),
                vec![v.clone(), Arg::Text(timefmt::instant(now - Duration::days(1))), at(), Arg::Int(50)],
            ),
        ),
        ("sweep warn".into(), sql(sla_sweep::SWEEP_WARN_SQL, vec![at()])),
        ("sweep breach".into(), sql(&sla_sweep::sweep_breach_sql(), vec![at()])),
        ("sweep standing".into(), sql(sla_sweep::SWEEP_STANDING_SQL, vec![at()])),
        ("staff notices".into(), sql(notices::STAFF_NOTICES_SQL, vec![id.clone(), Arg::Int(20)])),
        ("unread notices".into(), sql(notices::UNREAD_SQL, vec![id.clone(), Arg::Int(notices::UNREAD_CAP)])),
        (
            "saved views".into(),
            sql(super::saved_views::VIEWS_SQL, vec![id.clone(), Arg::Int(super::saved_views::MAX_VIEWS)]),
        ),
        ("lapsed".into(), sql(lapse::LAPSED_SQL, vec![at()])),
        ("answered before".into(), sql(lapse::ANSWERED_BEFORE_SQL, vec![at()])),
    ];
    for service in [None, Some("adminduk".to_string())] {
        for state in [OpenState::Any, OpenState::Open, OpenState::Closed] {
            for updated in [None, Some(now - Duration::days(7))] {
                let f = RequestFilter {
                    service_code: service.clone(),
                    received_from: now - Duration::days(90),
                    received_to: now,
                    updated_after: updated,
                    updated_before: updated.map(|_| now),
                    state,
                    limit: 50,
                    offset: 0,
                };
                out.push((format!("published requests {f:?}"), published_requests_sql(village_id, &f)));
            }
        }
    }
    let middle = PublishedCursor::at(now - Duration::days(30), 1_000);
    for after in [None, Some(&middle)] {
        out.push((format!("open data page after {after:?}"), published_page_sql(village_id, after, 501)));
    }
    out
}
