//! Finding a case by its citizen: exactly by phone, email or NIK through the keyed hashes the
//! store keeps for that, or by the words of a name. Only where the user may see that identity
//! (`Roles::identity_search`); each look-up is audited without what was typed.

use crate::complaint::queue::{QueueFilter, QueueItem, filters};
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

/// The cases of `key` within `scope` and `f`, newest first, below `below`.
#[allow(clippy::too_many_arguments)]
pub fn identity_sql(
    backend: Backend,
    keys: &crate::platform::keyring::Keyring,
    village_id: i64,
    key: &IdentityKey,
    scope: &IdentityScope,
    f: &QueueFilter,
    now: OffsetDateTime,
    below: Option<i64>,
    limit: i64,
) -> Sql {
    let mut s = Sql::new("");
    // The name look-up walks its word index newest first, as the word search does.
    let order = if matches!(key, IdentityKey::Name(_)) { "complainant_names.rowid" } else { "c.id" };
    let exact = |s: &mut Sql, column: &str, hash: Vec<u8>| {
        let village = s.int(village_id);
        let hash = s.arg(crate::sql_args::Arg::Bytes(hash));
        s.push(&format!(
            "SELECT c.id FROM complainants p JOIN complaints c ON c.id = p.complaint_id \
             WHERE p.village_id = {village} AND p.{column} = {hash}"
        ));
        village
    };
    let village = match key {
        IdentityKey::Phone(p) => exact(&mut s, "phone_hash", keys.lookup_hash("phone", p.as_str())),
        IdentityKey::Email(e) => exact(&mut s, "email_hash", keys.lookup_hash("email", &e.as_str().to_lowercase())),
        IdentityKey::Nik(n) => exact(&mut s, "nik_hash", keys.lookup_hash("nik", n.as_str())),
        IdentityKey::Name(words) => {
            let names = match backend {
                Backend::Sqlite => words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" AND "),
                Backend::Postgres => words.iter().map(|w| format!("'{w}':*")).collect::<Vec<_>>().join(" & "),
            };
            let names = s.text(names);
            match backend {
                Backend::Sqlite => s.push(&format!(
                    "SELECT c.id FROM complainant_names JOIN complaints c ON c.id = complainant_names.rowid \
                     WHERE complainant_names MATCH {names}"
                )),
                Backend::Postgres => s.push(&format!(
                    "SELECT c.id FROM complainant_names JOIN complaints c ON c.id = complainant_names.rowid \
                     WHERE complainant_names.words @@ CAST({names} AS tsquery)"
                )),
            };
            let village = s.int(village_id);
            s.push(&format!(" AND c.village_id = {village}"));
            village
        }
    };
    let everywhere =
        (!scope.everywhere.is_empty()).then(|| format!("c.identity_mode IN ({})", modes(&scope.everywhere)));
    let assigned = (!scope.assigned.is_empty())
        .then(|| format!("(c.assigned_to = {} AND c.identity_mode IN ({}))", scope.me, modes(&scope.assigned)));
    let allowed: Vec<String> = everywhere.into_iter().chain(assigned).collect();
    let allowed = if allowed.is_empty() { "1 = 0".to_string() } else { allowed.join(" OR ") };
    s.push(&format!(" AND ({allowed})"));
    filters(&mut s, &village, f, now);
    if let Some(id) = below {
        let p = s.int(id);
        s.push(&format!(" AND c.id < {p}"));
        if order != "c.id" {
            s.push(&format!(" AND {order} < {p}"));
        }
    }
    let limit = s.int(limit);
    s.push(&format!(" ORDER BY {order} DESC LIMIT {limit}"));
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
        let sql = identity_sql(self.db.backend, &self.keys, village_id, key, &scope, f, now, below, limit as i64 + 1);
        let ids: Vec<(i64,)> = sql.query_as().fetch_all(&self.db.read).await?;
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
