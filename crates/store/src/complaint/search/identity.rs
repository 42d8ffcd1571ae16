//! Finding a case by its citizen: exactly by phone, email or NIK through the keyed hashes the
//! store keeps for that, or by the words of a name. Only where the user may see that identity
//! (`Roles::identity_search`); each look-up is audited without what was typed.

use crate::complaint::queue::{QueueFilter, QueueItem, filters};
use crate::complaint::search::find::tsquery_literal;
use crate::complaint::search::window::Window;
use crate::platform::audit;
use crate::platform::users::StaffUser;
use crate::sql_args::Sql;
use crate::{Backend, Store, StoreError};
use aduan_domain::complaint::IdentityMode;
use aduan_domain::{Email, Nik, Phone, search};
use time::OffsetDateTime;

/// What a user typed, read as an identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityKey {
    Phone(Phone),
    Email(Email),
    Nik(Nik),
    /// Words every name found holds (each as the start of a word of the name).
    Name(Vec<String>),
}

impl IdentityKey {
    /// A phone number, an email address or a NIK as people write them; otherwise the words of a
    /// name, if any.
    pub fn parse(input: &str) -> Option<IdentityKey> {
        let input = input.trim();
        let digits = input.chars().filter(char::is_ascii_digit).count();
        if digits == 16
            && let Ok((nik, _)) = Nik::parse(input)
        {
            return Some(IdentityKey::Nik(nik));
        }
        if digits >= 7
            && let Ok(phone) = Phone::parse(input)
        {
            return Some(IdentityKey::Phone(phone));
        }
        if input.contains('@')
            && let Ok(email) = Email::parse(input)
        {
            return Some(IdentityKey::Email(email));
        }
        if digits > 0 {
            return None;
        }
        let words = search::name_query(input);
        (!words.is_empty()).then_some(IdentityKey::Name(words))
    }

    pub fn is_exact(&self) -> bool {
        !matches!(self, IdentityKey::Name(_))
    }

    fn kind(&self) -> &'static str {
        match self {
            IdentityKey::Phone(_) => "phone",
            IdentityKey::Email(_) => "email",
            IdentityKey::Nik(_) => "nik",
            IdentityKey::Name(_) => "name",
        }
    }
}

/// Which cases a user may find by identity: the identity modes on every case, and those on the
/// cases assigned to `me`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IdentityScope {
    pub everywhere: Vec<IdentityMode>,
    pub assigned: Vec<IdentityMode>,
    pub me: i64,
}

impl IdentityScope {
    pub fn of(user: &StaffUser, exact: bool) -> IdentityScope {
        let (everywhere, assigned) = user.roles.identity_search(exact);
        IdentityScope { everywhere, assigned, me: user.id }
    }

    pub fn is_empty(&self) -> bool {
        self.everywhere.is_empty() && self.assigned.is_empty()
    }
}

fn modes(list: &[IdentityMode]) -> String {
    list.iter().map(|m| format!("'{}'", m.as_str())).collect::<Vec<_>>().join(", ")
}

/// The cases of `key` within `scope` and `f`, newest first, within `window` (a name's look-up;
/// the exact ones use their index, below `window.below`).
#[allow(clippy::too_many_arguments)]
pub fn identity_sql(
    backend: Backend,
    keys: &crate::platform::keyring::Keyring,
    village_id: i64,
    key: &IdentityKey,
    scope: &IdentityScope,
    f: &QueueFilter,
    now: OffsetDateTime,
    window: Window,
    limit: i64,
) -> Sql {
    let mut s = Sql::new("");
    let exact = |s: &mut Sql, column: &str, hash: Vec<u8>| {
        let village = s.int(village_id);
        let hash = s.arg(crate::sql_args::Arg::Bytes(hash));
        s.push(&format!(
            "SELECT c.id FROM complainants p JOIN complaints c ON c.id = p.complaint_id \
             WHERE p.village_id = {village} AND p.{column} = {hash}"
        ));
        let below = Window::below(window.below).conditions(s, "c.id");
        s.push(&below);
        (village, "c.id", "")
    };
    // The statement's order, and what closes its part that comes before the order.
    let (village, order, close) = match key {
        IdentityKey::Phone(p) => exact(&mut s, "phone_hash", keys.lookup_hash("phone", p.as_str())),
        IdentityKey::Email(e) => exact(&mut s, "email_hash", keys.lookup_hash("email", &e.as_str().to_lowercase())),
        IdentityKey::Nik(n) => exact(&mut s, "nik_hash", keys.lookup_hash("nik", n.as_str())),
        // The name look-up walks its word index newest first, as the word search does.
        IdentityKey::Name(words) => match backend {
            Backend::Sqlite => {
                let names = s.text(words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" AND "));
                s.push(&format!(
                    "SELECT c.id FROM complainant_names JOIN complaints c ON c.id = complainant_names.rowid \
                     WHERE complainant_names MATCH {names}"
                ));
                let on_names = window.conditions(&mut s, "complainant_names.rowid");
                let on_cases = window.conditions(&mut s, "c.id");
                s.push(&on_names).push(&on_cases);
                let village = s.int(village_id);
                s.push(&format!(" AND c.village_id = {village}"));
                (village, "complainant_names.rowid", "")
            }
            Backend::Postgres => {
                // A literal, the window's matches first and each one's case by its key, as the
                // word search asks them.
                let names = tsquery_literal(&words.iter().map(|w| format!("'{w}':*")).collect::<Vec<_>>().join(" & "));
                let within = window.conditions(&mut s, "rowid");
                s.push(&format!(
                    "WITH m AS MATERIALIZED (SELECT rowid FROM complainant_names \
                     WHERE words @@ CAST({names} AS tsquery){within}) \
                     SELECT m.rowid FROM m CROSS JOIN LATERAL (SELECT 1 FROM complaints c WHERE c.id = m.rowid"
                ));
                let village = s.int(village_id);
                s.push(&format!(" AND c.village_id = {village}"));
                (village, "m.rowid", " OFFSET 0) c")
            }
        },
    };
    let everywhere =
        (!scope.everywhere.is_empty()).then(|| format!("c.identity_mode IN ({})", modes(&scope.everywhere)));
    let assigned = (!scope.assigned.is_empty())
        .then(|| format!("(c.assigned_to = {} AND c.identity_mode IN ({}))", scope.me, modes(&scope.assigned)));
    let allowed: Vec<String> = everywhere.into_iter().chain(assigned).collect();
    let allowed = if allowed.is_empty() { "1 = 0".to_string() } else { allowed.join(" OR ") };
    s.push(&format!(" AND ({allowed})"));
    filters(&mut s, &village, f, now);
    let limit = s.int(limit);
    s.push(&format!("{close} ORDER BY {order} DESC LIMIT {limit}"));
    s
}

/// Whether any citizen's name, in any case, holds the words of a name look-up: one question to
/// the word index. Most words typed in the search box name nobody, and without it the look-up
/// would walk every slice of ids to learn so (at a million cases on PostgreSQL, 100 ms).
/// On PostgreSQL the match is a materialized CTE: planned for all its rows it reads the word
/// index, and it is still read only as far as the first row. Planned with `LIMIT 1` in view, the
/// planner expects a word it has no statistics for in one name of a few dozen and reads the
/// names in order until one matches, every name when none does (110 ms at a million).
pub fn name_held_sql(backend: Backend, words: &[String]) -> Sql {
    let mut s = Sql::new("");
    match backend {
        Backend::Sqlite => {
            let names = s.text(words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" AND "));
            s.push(&format!("SELECT rowid FROM complainant_names WHERE complainant_names MATCH {names} LIMIT 1"));
        }
        Backend::Postgres => {
            let names = tsquery_literal(&words.iter().map(|w| format!("'{w}':*")).collect::<Vec<_>>().join(" & "));
            s.push(&format!(
                "WITH m AS MATERIALIZED (SELECT rowid FROM complainant_names WHERE words @@ CAST({names} AS tsquery)) \
                 SELECT rowid FROM m LIMIT 1"
            ));
        }
    }
    s
}

impl Store {
    /// One page of the cases whose citizen `key` names, within what `by` may see; audited.
    pub async fn find_by_identity(
        &self,
        village_id: i64,
        key: &IdentityKey,
        by: &StaffUser,
        f: &QueueFilter,
        below: Option<i64>,
        limit: usize,
    ) -> Result<(Vec<QueueItem>, Option<i64>), StoreError> {
        let scope = IdentityScope::of(by, key.is_exact());
        if scope.is_empty() || limit == 0 {
            return Ok((vec![], None));
        }
        let now = self.clock.now();
        let backend = self.db.backend;
        let build = |w, n| identity_sql(backend, &self.keys, village_id, key, &scope, f, now, w, n);
        let ids: Vec<(i64,)> = if key.is_exact() {
            build(Window::below(below), limit as i64 + 1).query_as().fetch_all(&self.db.read).await?
        } else if let IdentityKey::Name(words) = key
            && name_held_sql(backend, words).query_as::<(i64,)>().fetch_optional(&self.db.read).await?.is_none()
        {
            Vec::new()
        } else {
            self.newest_matches(self.newest_case().await?, below, None, limit + 1, build).await?
        };
        let mut ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
        let next = (ids.len() > limit).then(|| ids[limit - 1]);
        ids.truncate(limit);
        let mut tx = self.db.write.begin().await?;
        let detail = serde_json::json!({"by": key.kind(), "found": ids.len()});
        audit::record(
            &mut tx,
            village_id,
            now,
            by,
            "complaint.identity_search",
            format!("village:{village_id}"),
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok((self.queue_items(village_id, &ids).await?, next))
    }
}
