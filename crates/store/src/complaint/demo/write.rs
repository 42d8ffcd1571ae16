//! A batch of stories: drawn and turned into rows beside the writer, then written in one
//! transaction.

use super::VillageContext;
use super::story::{self, By, Setting, Story};
use super::texts;
use crate::complaint::day_counts::{DayTable, Tally};
use crate::complaint::search::index::{self, Table};
use crate::complaint::{counts, monthly};
use crate::multi_row::{Bound, Placeholders, Rows, Val};
use crate::platform::audit::{self, Written};
use crate::{Backend, Store, StoreError, timefmt};
use aduan_domain::complaint::{Channel, IdentityMode};
use aduan_domain::{Action, Status, Ticket, search, sla};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::{AnyConnection, Executor};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

const COMPLAINT_COLUMNS: &[&str] = &[
    "id",
    "village_id",
    "ticket",
    "kind",
    "category_id",
    "title",
    "description",
    "resolution_requested",
    "place",
    "channel",
    "recorded_by",
    "identity_mode",
    "publication",
    "status",
    "pin_hash",
    "received_at",
    "verification_due",
    "resolution_due",
    "objection_due",
    "updated_at",
    "sla_warn_at",
    "sla_warned_at",
    "sla_breached_at",
    "sla_escalated_at",
    "clock_paused_at",
    "resolved_at",
    "answer_round",
    "deadlines_missed",
    "verified_at",
    "assigned_to",
    "rejection_reason",
    "referral_agency",
    "demo",
];

/// A few pictures of evidence, stored once each and shared by the complaints that carry one.
#[derive(Default)]
struct Images {
    stored: Vec<(String, i64)>,
}

impl Images {
    fn get(&mut self, store: &Store, n: usize) -> Result<(String, i64), StoreError> {
        while self.stored.len() <= n {
            let shade = (self.stored.len() * 40 % 200) as u8;
            let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([shade, (x * 4) as u8, (y * 5) as u8]));
            let mut png = Vec::new();
            image::DynamicImage::ImageRgb8(img)
                .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                .map_err(|e| StoreError::Corrupt(format!("demo image: {e}")))?;
            let (sha, _) = store.files.put(&png).map_err(|e| StoreError::Corrupt(format!("demo image: {e}")))?;
            self.stored.push((sha, png.len() as i64));
        }
        Ok(self.stored[n].clone())
    }
}

fn at(t: OffsetDateTime) -> String {
    timefmt::instant(t)
}

fn opt(t: Option<OffsetDateTime>) -> Option<String> {
    t.map(timefmt::instant)
}

/// The deadline of the clock a status runs, and when that clock started.
fn running(s: &Story) -> Option<(OffsetDateTime, OffsetDateTime)> {
    let started = |action: Action| s.steps.iter().rev().find(|st| st.action == action).map(|st| st.at);
    match s.status {
        Status::Diterima => Some((s.received_at, s.verification_due)),
        Status::Diproses => Some((s.verified_at.unwrap_or(s.received_at), s.resolution_due?)),
        Status::Keberatan => Some((started(Action::Object)?, s.objection_due?)),
        _ => None,
    }
}

/// The random numbers of the run's `index`th complaint: its own, so that the run can draw how
/// each story begins first, put them in the order they arrived and draw the rest batch by batch.
pub(crate) fn story_rng(seed: u64, index: u64) -> StdRng {
    StdRng::seed_from_u64(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// What a run is drawn with beside each village's own context.
#[derive(Clone)]
pub(crate) struct Run {
    pub store: Store,
    pub villages: Arc<Vec<VillageContext>>,
    pub seed: u64,
    pub years: u32,
    pub now: OffsetDateTime,
    /// The database user may turn off reference checks for its session (PostgreSQL).
    pub unchecked_references: bool,
}

/// The rows of the run's complaints `indexes` (in the order they arrived), with tickets no
/// stored complaint has. Drawing is the costly part in Rust, so it runs beside the writer.
pub(crate) async fn build(run: &Run, indexes: &[u64], drawer: &mut Drawer) -> Result<Batch, StoreError> {
    let mut drawn = Vec::with_capacity(indexes.len());
    for &index in indexes {
        let mut rng = story_rng(run.seed, index);
        let begun = story::start(&mut rng, run.years, run.now);
        let v = rng.random_range(0..run.villages.len());
        let ctx = &run.villages[v];
        let setting = Setting {
            calendar: &ctx.calendar,
            zone: ctx.zone,
            targets: &ctx.targets,
            category_days: &ctx.category_days,
            officers: ctx.officers.len(),
            now: run.now,
        };
        let story = story::draw_from(&mut rng, &setting, begun);
        let ticket = Ticket::generate(&ctx.prefix, &mut rng);
        drawn.push((v, story, ticket, rng));
    }
    fresh_tickets(run, &mut drawn, &drawer.in_flight).await?;
    drawer.in_flight.push_back(drawn.iter().map(|(_, _, t, _)| t.as_str().to_string()).collect());
    if drawer.in_flight.len() > IN_FLIGHT {
        drawer.in_flight.pop_front();
    }
    let mut batch = Batch::default();
    batch.reserve(drawn.iter().map(|(_, story, _, _)| story));
    for (slot, (v, story, ticket, rng)) in drawn.iter_mut().enumerate() {
        let n = rng.random::<u64>();
        batch.add(&run.store, &run.villages[*v], slot as i64, ticket, story, n, rng, &mut drawer.images)?;
    }
    let expected = match drawer.next.take() {
        Some(e) => e,
        None => {
            let mut conn = run.store.db.read.acquire().await?;
            Standing::of(run, &mut conn, false).await?
        }
    };
    let (statements, after) = batch.statements(run, &expected);
    drawer.next = Some(after.clone());
    batch.prepared = Some((expected, statements, after));
    Ok(batch)
}

/// Where the database stands for a batch: the next complaint id and the head of each village's
/// audit chain.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Standing {
    first_id: i64,
    heads: Vec<(i64, (i64, String))>,
}

impl Standing {
    /// Where the database stands now; with `lock`, holding the complaints' and the chains' locks
    /// on PostgreSQL until the transaction ends, so that the standing cannot move under the batch.
    async fn of(run: &Run, conn: &mut AnyConnection, lock: bool) -> Result<Standing, StoreError> {
        if lock && run.store.db.backend == Backend::Postgres {
            // Ids are handed out here, so nobody else may insert a complaint meanwhile.
            conn.execute("LOCK TABLE complaints IN SHARE ROW EXCLUSIVE MODE").await?;
        }
        let (max_id,): (Option<i64>,) = sqlx::query_as("SELECT MAX(id) FROM complaints").fetch_one(&mut *conn).await?;
        let mut heads = Vec::with_capacity(run.villages.len());
        for ctx in run.villages.iter() {
            let head = if lock {
                audit::lock_head(conn, ctx.id).await?
            } else {
                sqlx::query_as("SELECT seq, hash FROM audit_head WHERE village_id = $1")
                    .bind(ctx.id)
                    .fetch_one(&mut *conn)
                    .await?
            };
            heads.push((ctx.id, head));
        }
        Ok(Standing { first_id: max_id.unwrap_or(0) + 1, heads })
    }
}

/// Writes a batch in one transaction: complaints with ids taken under the write lock, then
/// every row that hangs off them, the audit chain, the status counts and the monthly figures.
/// The batch comes with its statements bound for where the drawer expected the database to
/// stand; when something else wrote meanwhile, they are bound again here.
pub(crate) async fn write(run: &Run, batch: &mut Batch) -> Result<(), StoreError> {
    let store = &run.store;
    let mut tx = store.db.write.begin().await?;
    let conn: &mut AnyConnection = &mut tx;
    if store.db.backend == Backend::Postgres {
        // A lost last batch costs nothing but its rerun; a generic plan keeps the planner from
        // reading every array literal once more to estimate how many rows it holds.
        conn.execute("SET LOCAL synchronous_commit = off; SET LOCAL plan_cache_mode = force_generic_plan").await?;
        if run.unchecked_references {
            // The batch's rows refer only to complaints it writes itself and to rows read
            // before it, so the foreign keys' row-by-row checks (a third of the server's work)
            // are skipped as `pg_restore --disable-triggers` skips them.
            conn.execute("SET LOCAL session_replication_role = replica").await?;
        }
    }
    let standing = Standing::of(run, conn, true).await?;
    let (statements, after) = match batch.prepared.take() {
        Some((expected, statements, after)) if expected == standing => (statements, after),
        _ => batch.statements(run, &standing),
    };
    for q in statements {
        q.execute(&mut *conn).await?;
    }
    for ((village, head), (_, before)) in after.heads.iter().zip(&standing.heads) {
        if head != before {
            audit::set_head(conn, *village, head).await?;
        }
    }
    for ((village, status), k) in &batch.counts {
        counts::bump(conn, *village, *status, *k).await?;
    }
    let figures: Vec<(i64, &str, &str, i64)> =
        batch.monthly.iter().map(|((v, month, metric), k)| (*v, month.as_str(), metric.as_str(), *k)).collect();
    monthly::bump_many(conn, &figures).await?;
    batch.due_days.write(conn).await?;
    batch.open_days.write(conn).await?;
    if store.db.backend == Backend::Postgres {
        sqlx::query("SELECT setval(pg_get_serial_sequence('complaints', 'id'), (SELECT MAX(id) FROM complaints))")
            .execute(&mut *conn)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Batches drawn but perhaps not yet stored: the one being written, the one waiting for the
/// writer and the one just drawn.
const IN_FLIGHT: usize = 3;

/// What the drawing side keeps from batch to batch.
#[derive(Default)]
pub(crate) struct Drawer {
    images: Images,
    /// The tickets of the last batches, which the database may not hold yet.
    in_flight: VecDeque<HashSet<String>>,
    /// Where the database will stand after the last batch drawn.
    next: Option<Standing>,
}

/// Draws again every ticket that is already stored, in a batch not yet stored, or twice in the
/// batch. A complaint filed between this check and the batch's write would meet the tickets'
/// unique index, which refuses the batch rather than store a ticket twice.
async fn fresh_tickets(
    run: &Run,
    drawn: &mut [(usize, Story, Ticket, StdRng)],
    in_flight: &VecDeque<HashSet<String>>,
) -> Result<(), StoreError> {
    let placeholders = Placeholders::of_backend(run.store.db.backend);
    loop {
        let mut seen = HashSet::new();
        let mut taken: HashSet<String> = HashSet::new();
        for chunk in drawn.chunks(500) {
            let list = crate::multi_row::values(placeholders, "$", chunk.len());
            let sql = format!("SELECT ticket FROM complaints WHERE ticket IN ({list})");
            let mut q = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(sql));
            for (_, _, t, _) in chunk {
                q = q.bind(t.as_str().to_string());
            }
            taken.extend(q.fetch_all(&run.store.db.read).await?.into_iter().map(|(t,)| t));
        }
        let mut redrawn = false;
        for (v, _, t, rng) in drawn.iter_mut() {
            let pending = in_flight.iter().any(|batch| batch.contains(t.as_str()));
            if pending || taken.contains(t.as_str()) || !seen.insert(t.as_str().to_string()) {
                *t = Ticket::generate(&run.villages[*v].prefix, rng);
                redrawn = true;
            }
        }
        if !redrawn {
            return Ok(());
        }
    }
}

/// The rows of one batch, gathered before any is written.
pub(crate) struct Batch {
    complaints: Rows,
    complainants: Rows,
    history: Rows,
    messages: Rows,
    feedback: Rows,
    objections: Rows,
    missed: Rows,
    escalations: Rows,
    attachments: Rows,
    /// Per village, in the order they happened.
    audit: HashMap<i64, Vec<Written>>,
    /// Every statement, bound for where the database was expected to stand.
    prepared: Option<(Standing, Vec<Bound>, Standing)>,
    counts: HashMap<(i64, Status), i64>,
    monthly: BTreeMap<(i64, String, String), i64>,
    due_days: Tally,
    open_days: Tally,
    words: Rows,
    names: Rows,
    stems: search::StemCache,
}

impl Default for Batch {
    fn default() -> Self {
        Batch {
            complaints: Rows::new("complaints", COMPLAINT_COLUMNS),
            complainants: Rows::new(
                "complainants",
                &[
                    "complaint_id",
                    "village_id",
                    "name",
                    "address_enc",
                    "nik_enc",
                    "nik_hash",
                    "phone_enc",
                    "phone_hash",
                    "email_enc",
                    "email_hash",
                    "preferred_contact",
                ],
            ),
            history: Rows::new(
                "status_history",
                &[
                    "village_id",
                    "complaint_id",
                    "from_status",
                    "to_status",
                    "action",
                    "actor_kind",
                    "actor_user_id",
                    "public_note",
                    "at",
                ],
            ),
            messages: Rows::new(
                "messages",
                &["village_id", "complaint_id", "author_kind", "author_user_id", "visibility", "body", "created_at"],
            ),
            feedback: Rows::new(
                "feedback",
                &["village_id", "complaint_id", "answer_round", "rating", "comment", "created_at"],
            ),
            objections: Rows::new(
                "objections",
                &[
                    "village_id",
                    "complaint_id",
                    "reason",
                    "created_at",
                    "decision",
                    "decision_reason",
                    "decided_by",
                    "decided_at",
                ],
            ),
            missed: Rows::new("missed_deadlines", &["village_id", "complaint_id", "clock", "due_at", "noticed_at"]),
            escalations: Rows::new(
                "escalations",
                &[
                    "village_id",
                    "complaint_id",
                    "body_id",
                    "body",
                    "grounds",
                    "requested",
                    "show_identity",
                    "link_hash",
                    "link_enc",
                    "link_expires_at",
                    "created_at",
                ],
            ),
            attachments: Rows::new(
                "attachments",
                &["village_id", "complaint_id", "sha256", "media_type", "size_bytes", "original_name", "created_at"],
            ),
            audit: HashMap::new(),
            prepared: None,
            counts: HashMap::new(),
            monthly: BTreeMap::new(),
            due_days: Tally::new(DayTable::RunningDue),
            open_days: Tally::new(DayTable::OpenReceived),
            words: Table::Words.rows(),
            names: Table::Names.rows(),
            stems: search::StemCache::default(),
        }
    }
}

impl Batch {
    /// Room for the rows of `stories`, counted before any is turned into rows.
    fn reserve<'a>(&mut self, stories: impl Iterator<Item = &'a Story>) {
        let (mut cases, mut steps, mut messages) = (0, 0, 0);
        for s in stories {
            cases += 1;
            steps += s.steps.len();
            messages += s.messages.len();
        }
        for rows in [&mut self.complaints, &mut self.complainants, &mut self.words, &mut self.names] {
            rows.reserve(cases);
        }
        // Every case has its submission, and an escalation adds a row of its own.
        self.history.reserve(2 * cases + steps);
        self.messages.reserve(messages);
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        store: &Store,
        ctx: &VillageContext,
        slot: i64,
        ticket: &Ticket,
        s: &Story,
        n: u64,
        rng: &mut StdRng,
        images: &mut Images,
    ) -> Result<(), StoreError> {
        let keys = &store.keys;
        let now = s.steps.last().map_or(s.received_at, |st| st.at);
        let officer = s.officer.and_then(|o| ctx.officers.get(o).copied());
        let user_of = |by: By| match by {
            By::Manager => Some(ctx.manager),
            By::Officer => officer.or(Some(ctx.manager)),
            By::Head => Some(ctx.head),
            By::Citizen | By::System => None,
        };
        let (title, description, place, wanted) = texts::TOPICS[s.topic % texts::TOPICS.len()];
        let description = format!("{description} {}", texts::landmark(n));
        let recorded_by =
            matches!(s.channel, Channel::Datang | Channel::Telepon | Channel::Surat).then_some(ctx.manager);
        let pin = format!("{:06}", n % 1_000_000);
        let open = s.status.is_open();
        let clock = running(s).filter(|_| open);
        let warn_at = clock.map(|(start, due)| sla::warning_at(start, due));
        let due = clock.map(|(_, due)| due);
        let passed = |t: Option<OffsetDateTime>| t.filter(|t| *t < now.max(s.received_at) || *t < store.clock.now());
        let breached = passed(due);
        let row: Vec<Val> = vec![
            Val::Id(slot),
            ctx.id.into(),
            ticket.as_str().into(),
            s.kind.as_str().into(),
            ctx.categories.get(s.category).copied().unwrap_or(0).into(),
            title.into(),
            description.as_str().into(),
            wanted.into(),
            Some(place.to_string()).into(),
            s.channel.as_str().into(),
            recorded_by.into(),
            s.identity.as_str().into(),
            s.publication.as_str().into(),
            s.status.as_str().into(),
            keys.pin_hash(ticket.as_str(), &pin).into(),
            at(s.received_at).into(),
            at(s.verification_due).into(),
            opt(s.resolution_due).into(),
            opt(s.objection_due).into(),
            at(now).into(),
            opt(warn_at).into(),
            opt(passed(warn_at)).into(),
            opt(breached).into(),
            opt(breached.map(|b| b + Duration::days(3)).filter(|e| *e < store.clock.now())).into(),
            opt(s.paused_at).into(),
            opt(s.resolved_at).into(),
            s.answer_round.into(),
            (s.missed.len() as i64).into(),
            opt(s.verified_at).into(),
            officer.into(),
            (s.status == Status::Ditolak).then(|| "Bukan kewenangan desa".to_string()).into(),
            (s.status == Status::Diteruskan).then(|| "Dinas terkait di kabupaten".to_string()).into(),
            1i64.into(),
        ];
        self.complaints.push(row);

        let anonymous = s.identity == IdentityMode::Anonim;
        let sealed = |field: &str, v: Option<String>| v.map(|v| keys.seal(field, &v));
        let hashed = |field: &str, v: &Option<String>| v.as_ref().map(|v| keys.lookup_hash(field, v));
        let phone = (!anonymous && n % 100 < 85).then(|| format!("+628120000{:04}", n % 10_000));
        let email = (!anonymous && n % 100 < 20).then(|| format!("warga{}@contoh.id", n % 100_000));
        let nik = (!anonymous && n.is_multiple_of(2)).then(|| format!("330301{:02}0690{:04}", n % 28 + 1, n % 10_000));
        let pref = match (&phone, &email) {
            (Some(_), _) if s.channel == Channel::Sms => "sms",
            (Some(_), _) => "whatsapp",
            (None, Some(_)) => "email",
            _ => "tidak",
        };
        self.complainants.push(vec![
            Val::Id(slot),
            ctx.id.into(),
            (!anonymous).then(|| texts::name(n)).into(),
            sealed("address", (!anonymous).then(|| texts::address(n))).into(),
            sealed("nik", nik.clone()).into(),
            hashed("nik", &nik).into(),
            sealed("phone", phone.clone()).into(),
            hashed("phone", &phone).into(),
            sealed("email", email.clone()).into(),
            hashed("email", &email.as_ref().map(|e| e.to_lowercase())).into(),
            pref.into(),
        ]);

        let month = monthly::month_of(s.received_at, ctx.zone);
        self.bump_month(ctx.id, &month, monthly::RECEIVED, 1);
        self.bump_month(ctx.id, &month, &monthly::status_metric(s.status), 1);
        *self.counts.entry((ctx.id, s.status)).or_default() += 1;
        self.due_days.add(ctx.id, running(s).map(|(_, due)| at(due)).as_deref(), 1);
        if s.status.is_open() {
            self.open_days.add(ctx.id, Some(&at(s.received_at)), 1);
        }

        let submit_actor = if recorded_by.is_some() { "staff" } else { "citizen" };
        self.history.push(vec![
            ctx.id.into(),
            Val::Id(slot),
            None::<String>.into(),
            "diterima".into(),
            "submit".into(),
            submit_actor.into(),
            recorded_by.into(),
            None::<String>.into(),
            at(s.received_at).into(),
        ]);
        let subject = format!("complaint:{ticket}");
        let audit_actor = |user: Option<i64>, by: &str| user.map_or(by.to_string(), |u| format!("user:{u}"));
        self.audit.entry(ctx.id).or_default().push(Written {
            actor: audit_actor(recorded_by, "citizen"),
            action: "complaint.submit".into(),
            subject: subject.clone(),
            detail: serde_json::json!({"demo": true, "channel": s.channel.as_str(), "at": at(s.received_at)})
                .to_string(),
        });
        for st in &s.steps {
            let user = user_of(st.by);
            let kind = match st.by {
                By::Citizen => "citizen",
                By::System => "system",
                _ => "staff",
            };
            self.history.push(vec![
                ctx.id.into(),
                Val::Id(slot),
                Some(st.from.as_str().to_string()).into(),
                st.to.as_str().into(),
                st.action.as_str().into(),
                kind.into(),
                user.into(),
                st.note.map(str::to_string).into(),
                at(st.at).into(),
            ]);
            self.audit.entry(ctx.id).or_default().push(Written {
                actor: audit_actor(user, kind),
                action: format!("complaint.{}", st.action.as_str()),
                subject: subject.clone(),
                detail:
                    serde_json::json!({"demo": true, "from": st.from.as_str(), "to": st.to.as_str(), "at": at(st.at)})
                        .to_string(),
            });
            if matches!(st.to, Status::Selesai | Status::Ditolak | Status::Diteruskan) {
                // Judged against the case's clocks as they stand, as removal will judge them.
                let due = if st.from == Status::Diproses { s.resolution_due } else { Some(s.verification_due) };
                let met = due.is_none_or(|due| st.at <= due);
                let month = monthly::month_of(st.at, ctx.zone);
                self.bump_month(ctx.id, &month, monthly::DECIDED, 1);
                self.bump_month(ctx.id, &month, monthly::DECIDED_MET, i64::from(met));
            }
        }
        let mut text = [title, description.as_str(), wanted, place].join("\n");
        for (_, _, body, _) in &s.messages {
            text.push('\n');
            text.push_str(body);
        }
        self.words.push(index::row(Val::Id(slot), self.stems.index_text(&text)));
        if !anonymous {
            self.names.push(index::row(Val::Id(slot), search::name_words(&texts::name(n))));
        }
        for (citizen, internal, body, when) in &s.messages {
            self.messages.push(vec![
                ctx.id.into(),
                Val::Id(slot),
                (if *citizen { "citizen" } else { "staff" }).into(),
                (if *citizen { None } else { officer.or(Some(ctx.manager)) }).into(),
                (if *internal { "internal" } else { "public" }).into(),
                (*body).into(),
                at(*when).into(),
            ]);
        }
        if let Some((rating, when)) = s.rating {
            self.feedback.push(vec![
                ctx.id.into(),
                Val::Id(slot),
                s.answer_round.max(1).into(),
                rating.into(),
                "".into(),
                at(when).into(),
            ]);
            let month = monthly::month_of(when, ctx.zone);
            self.bump_month(ctx.id, &month, monthly::RATINGS, 1);
            self.bump_month(ctx.id, &month, monthly::RATING_SUM, rating);
        }
        if let Some((objected, decision)) = s.objection {
            self.objections.push(vec![
                ctx.id.into(),
                Val::Id(slot),
                "Jawaban belum menyelesaikan masalah.".into(),
                at(objected).into(),
                decision.map(|(d, _)| d.to_string()).into(),
                decision.map(|_| "Sudah diperiksa Kepala Desa.".to_string()).into(),
                decision.map(|_| ctx.head).into(),
                opt(decision.map(|(_, t)| t)).into(),
            ]);
        }
        for m in &s.missed {
            self.missed.push(vec![
                ctx.id.into(),
                Val::Id(slot),
                m.clock.into(),
                at(m.due).into(),
                at(m.due + Duration::minutes(5)).into(),
            ]);
        }
        if let (Some(when), Some((body_id, body))) = (s.escalated_at, &ctx.body) {
            let link: String = (0..32).map(|_| char::from(b'a' + rng.random_range(0..26u8))).collect();
            self.escalations.push(vec![
                ctx.id.into(),
                Val::Id(slot),
                (*body_id).into(),
                body.clone().into(),
                "deadline".into(),
                "Mohon kasus ini diperiksa.".into(),
                0i64.into(),
                Some(keys.lookup_hash("escalation_link", &link)).into(),
                Some(keys.seal("escalation_link", &link)).into(),
                at(when + Duration::days(30)).into(),
                at(when).into(),
            ]);
            let standing = s.steps.iter().rev().find(|st| st.at <= when).map_or(Status::Diterima, |st| st.to);
            self.history.push(vec![
                ctx.id.into(),
                Val::Id(slot),
                Some(standing.as_str().to_string()).into(),
                standing.as_str().into(),
                "escalate".into(),
                "citizen".into(),
                None::<i64>.into(),
                None::<String>.into(),
                at(when).into(),
            ]);
        }
        if n.is_multiple_of(2_500) {
            let (sha, size) = images.get(store, (n % 7) as usize)?;
            self.attachments.push(vec![
                ctx.id.into(),
                Val::Id(slot),
                sha.into(),
                "image/png".into(),
                size.into(),
                "foto-lokasi.png".into(),
                at(s.received_at).into(),
            ]);
        }
        Ok(())
    }

    fn bump_month(&mut self, village: i64, month: &str, metric: &str, by: i64) {
        *self.monthly.entry((village, month.to_string(), metric.to_string())).or_default() += by;
    }

    /// Every statement of the batch written where the database stands, and where it stands after.
    fn statements(&self, run: &Run, standing: &Standing) -> (Vec<Bound>, Standing) {
        let backend = run.store.db.backend;
        let mut out = Vec::new();
        for rows in [
            &self.complaints,
            &self.complainants,
            &self.history,
            &self.messages,
            &self.feedback,
            &self.objections,
            &self.missed,
            &self.escalations,
            &self.attachments,
            &self.words,
            &self.names,
        ] {
            out.extend(rows.statements(Placeholders::of_backend(backend), standing.first_id));
        }
        let mut heads = Vec::with_capacity(standing.heads.len());
        for (village, head) in &standing.heads {
            match self.audit.get(village) {
                Some(entries) => {
                    let (statements, after) =
                        audit::chained(Placeholders::of_backend(backend), *village, run.now, head.clone(), entries);
                    out.extend(statements);
                    heads.push((*village, after));
                }
                None => heads.push((*village, head.clone())),
            }
        }
        (out, Standing { first_id: standing.first_id + self.complaints.len() as i64, heads })
    }
}
