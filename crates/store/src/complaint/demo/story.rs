//! One synthetic complaint's life, drawn from a seeded generator: when and how it came, what the
//! office did and when, whether each deadline was met, and what the citizen did after. Pure: the
//! writer turns a story into rows.

use aduan_domain::calendar::WorkingCalendar;
use aduan_domain::complaint::{Channel, IdentityMode, Kind, Publication};
use aduan_domain::sla::{self, SlaTargets};
use aduan_domain::{Action, Status};
use rand::Rng;
use rand::rngs::StdRng;
use time::{Duration, OffsetDateTime, UtcOffset};

/// Who took a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum By {
    Citizen,
    System,
    /// The complaint manager (pengelola).
    Manager,
    /// The assigned officer.
    Officer,
    /// The village head, on an objection.
    Head,
}

#[derive(Debug, Clone)]
pub(crate) struct StoryStep {
    pub action: Action,
    pub from: Status,
    pub to: Status,
    pub by: By,
    pub at: OffsetDateTime,
    pub note: Option<&'static str>,
}

/// A deadline the case missed: which clock, when it was due and when the sweep noticed.
#[derive(Debug, Clone)]
pub(crate) struct Missed {
    pub clock: &'static str,
    pub due: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub(crate) struct Story {
    pub received_at: OffsetDateTime,
    pub kind: Kind,
    pub channel: Channel,
    pub category: usize,
    pub identity: IdentityMode,
    pub publication: Publication,
    pub topic: usize,
    pub officer: Option<usize>,
    pub steps: Vec<StoryStep>,
    pub status: Status,
    pub verification_due: OffsetDateTime,
    pub resolution_due: Option<OffsetDateTime>,
    pub objection_due: Option<OffsetDateTime>,
    pub verified_at: Option<OffsetDateTime>,
    pub resolved_at: Option<OffsetDateTime>,
    pub answer_round: i64,
    pub paused_at: Option<OffsetDateTime>,
    pub missed: Vec<Missed>,
    /// `(rating 1–4, when)` of the last answer.
    pub rating: Option<(i64, OffsetDateTime)>,
    /// `(when, decision "upheld"/"dismissed" and when, if decided)`.
    pub objection: Option<(OffsetDateTime, Option<(&'static str, OffsetDateTime)>)>,
    /// `(by the citizen?, internal?, text, when)`.
    pub messages: Vec<(bool, bool, &'static str, OffsetDateTime)>,
    pub escalated_at: Option<OffsetDateTime>,
}

/// What a story is drawn with: the village's calendar, time zone and targets, its categories'
/// resolution targets in working days, how many officers there are, and now.
pub(crate) struct Setting<'a> {
    pub calendar: &'a WorkingCalendar,
    pub zone: UtcOffset,
    pub targets: &'a SlaTargets,
    pub category_days: &'a [u32],
    pub officers: usize,
    pub now: OffsetDateTime,
}

/// How a case ends, with its weight out of 1,000. About 3 % are drawn open and some recent ones
/// are still under way when their next step would come after now: some 5–7 % are open.
const ENDINGS: [(Ending, u32); 11] = [
    (Ending::Received, 10),
    (Ending::InfoAsked, 3),
    (Ending::Handling, 15),
    (Ending::Objected, 3),
    (Ending::Closed, 619),
    (Ending::Answered, 120),
    (Ending::Rejected, 80),
    (Ending::Referred, 70),
    (Ending::Withdrawn, 50),
    (Ending::ObjectionDismissed, 20),
    (Ending::ObjectionUpheld, 10),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Received,
    InfoAsked,
    Handling,
    Objected,
    Closed,
    Answered,
    Rejected,
    Referred,
    Withdrawn,
    ObjectionDismissed,
    ObjectionUpheld,
}

impl Ending {
    fn is_open(self) -> bool {
        matches!(self, Ending::Received | Ending::InfoAsked | Ending::Handling | Ending::Objected)
    }
}

fn pick<T: Copy>(rng: &mut StdRng, weighted: &[(T, u32)]) -> T {
    let total: u32 = weighted.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (item, w) in weighted {
        if roll < *w {
            return *item;
        }
        roll -= w;
    }
    weighted[0].0
}

/// A moment between `start` and `due`, and now and then past it: about one step in eight misses
/// its deadline.
fn act_by(rng: &mut StdRng, start: OffsetDateTime, due: OffsetDateTime) -> OffsetDateTime {
    let span = (due - start).max(Duration::hours(1));
    let share = if rng.random_bool(0.12) { rng.random_range(1.02..1.8) } else { rng.random_range(0.05..0.98) };
    start + span * share
}

pub(crate) const TOPICS: usize = 12;

/// How a story begins: how it will end and when it was received. Drawn first and alone, so that
/// the writer can put a run's complaints in the order they arrived before drawing the rest.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Start {
    ending: Ending,
    pub received_at: OffsetDateTime,
}

pub(crate) fn start(rng: &mut StdRng, years: u32, now: OffsetDateTime) -> Start {
    let ending = pick(rng, &ENDINGS);
    let span_days = i64::from(years.max(1)) * 365;
    // Open cases are mostly recent, some long forgotten; an answer stands open to objection for a
    // few weeks only; decided ones spread over the years.
    let age_minutes = if ending == Ending::Answered {
        rng.random_range(10 * 1440..30 * 1440)
    } else if ending.is_open() {
        if rng.random_bool(0.85) {
            rng.random_range(10..45 * 1440)
        } else {
            rng.random_range(45 * 1440..span_days * 1440)
        }
    } else {
        rng.random_range(30 * 1440..span_days * 1440)
    };
    Start { ending, received_at: now - Duration::minutes(age_minutes) }
}

#[cfg(test)]
pub(crate) fn draw(rng: &mut StdRng, s: &Setting) -> Story {
    let begun = start(rng, 3, s.now);
    draw_from(rng, s, begun)
}

/// The rest of a story begun by [`start`].
pub(crate) fn draw_from(rng: &mut StdRng, s: &Setting, begun: Start) -> Story {
    let Start { ending, received_at } = begun;
    let kind = pick(rng, &[(Kind::Pengaduan, 80), (Kind::Aspirasi, 12), (Kind::PermintaanInformasi, 8)]);
    let channel = pick(
        rng,
        &[
            (Channel::Whatsapp, 45),
            (Channel::Web, 30),
            (Channel::Datang, 10),
            (Channel::Telepon, 5),
            (Channel::Sms, 4),
            (Channel::Email, 3),
            (Channel::Surat, 2),
            (Channel::Api, 1),
        ],
    );
    let identity = pick(rng, &[(IdentityMode::Biasa, 80), (IdentityMode::Rahasia, 10), (IdentityMode::Anonim, 10)]);
    let publication = if identity != IdentityMode::Rahasia && rng.random_bool(0.4) {
        Publication::Publik
    } else {
        Publication::Tertutup
    };
    let category = rng.random_range(0..s.category_days.len().max(1));
    let verification_due = sla::deadline(s.calendar, received_at, s.targets.verification, s.zone);
    let mut story = Story {
        received_at,
        kind,
        channel,
        category,
        identity,
        publication,
        topic: rng.random_range(0..TOPICS),
        officer: None,
        steps: Vec::new(),
        status: Status::Diterima,
        verification_due,
        resolution_due: None,
        objection_due: None,
        verified_at: None,
        resolved_at: None,
        answer_round: 0,
        paused_at: None,
        missed: Vec::new(),
        rating: None,
        objection: None,
        messages: Vec::new(),
        escalated_at: None,
    };
    let resolution_days = s.category_days.get(category).copied().unwrap_or(s.targets.ringan);
    let mut w = Writer { story: &mut story, now: s.now, cut: false };
    if ending == Ending::Received {
        w.miss_if_past("verification", verification_due);
        return finish(rng, story, s);
    }
    let verified = act_by(rng, received_at, verification_due);
    match ending {
        Ending::InfoAsked => {
            w.step(Action::RequestInfo, Status::PerluInfo, By::Manager, verified, Some("Mohon lengkapi lokasi."));
            w.story.paused_at = Some(verified.min(s.now));
        }
        Ending::Rejected => w.step(Action::Reject, Status::Ditolak, By::Manager, verified, None),
        Ending::Referred => {
            w.step(Action::Refer, Status::Diteruskan, By::Manager, verified, Some("Diteruskan ke instansi terkait."))
        }
        Ending::Withdrawn => {
            if rng.random_bool(0.5) {
                w.step(Action::Withdraw, Status::Dicabut, By::Citizen, verified, None);
            } else {
                w.step(Action::RequestInfo, Status::PerluInfo, By::Manager, verified, Some("Mohon lengkapi lokasi."));
                w.step(Action::DeemWithdrawn, Status::Dicabut, By::System, verified + Duration::days(15), None);
            }
        }
        _ => {
            w.story.officer = Some(rng.random_range(0..s.officers.max(1)));
            w.step(Action::Disposisi, Status::Diproses, By::Manager, verified, None);
            let resolution_due = sla::deadline(s.calendar, verified, resolution_days, s.zone);
            w.story.verified_at = Some(verified);
            w.story.resolution_due = Some(resolution_due);
            if ending == Ending::Handling {
                w.miss_if_past("resolution", resolution_due);
                return finish(rng, story, s);
            }
            let answered = act_by(rng, verified, resolution_due);
            w.resolve(answered);
            match ending {
                Ending::Closed => {
                    w.step(Action::Close, Status::Ditutup, By::System, answered + Duration::days(14), None)
                }
                Ending::Objected | Ending::ObjectionDismissed | Ending::ObjectionUpheld => {
                    let objected = answered + Duration::hours(rng.random_range(6..96));
                    w.step(Action::Object, Status::Keberatan, By::Citizen, objected, None);
                    let objection_due = sla::deadline(s.calendar, objected, s.targets.objection, s.zone);
                    w.story.objection_due = Some(objection_due);
                    if ending == Ending::Objected {
                        w.story.objection = Some((objected, None));
                        w.miss_if_past("objection", objection_due);
                        return finish(rng, story, s);
                    }
                    let decided = act_by(rng, objected, objection_due);
                    if ending == Ending::ObjectionDismissed {
                        w.story.objection = Some((objected, Some(("dismissed", decided))));
                        w.step(Action::DismissObjection, Status::Ditutup, By::Head, decided, None);
                    } else {
                        w.story.objection = Some((objected, Some(("upheld", decided))));
                        w.step(Action::UpholdObjection, Status::Diproses, By::Head, decided, None);
                        let again_due = sla::deadline(s.calendar, decided, resolution_days, s.zone);
                        w.story.resolution_due = Some(again_due);
                        let again = act_by(rng, decided, again_due);
                        w.resolve(again);
                        w.step(Action::Close, Status::Ditutup, By::System, again + Duration::days(14), None);
                    }
                }
                _ => {}
            }
        }
    }
    finish(rng, story, s)
}

struct Writer<'s> {
    story: &'s mut Story,
    now: OffsetDateTime,
    cut: bool,
}

impl Writer<'_> {
    /// Records a step unless its time has not come yet; a story cut short by now stays open at
    /// the step it reached, and no later step is taken.
    fn step(&mut self, action: Action, to: Status, by: By, at: OffsetDateTime, note: Option<&'static str>) {
        let last = self.story.steps.last().map_or(self.story.received_at, |s| s.at);
        if self.cut || at >= self.now || at <= last {
            self.cut = true;
            return;
        }
        let from = self.story.status;
        let due = match from {
            Status::Diterima => Some(("verification", self.story.verification_due)),
            Status::Diproses => self.story.resolution_due.map(|d| ("resolution", d)),
            Status::Keberatan => self.story.objection_due.map(|d| ("objection", d)),
            _ => None,
        };
        if let Some((clock, due)) = due.filter(|(_, due)| at > *due) {
            self.story.missed.push(Missed { clock, due });
        }
        self.story.steps.push(StoryStep { action, from, to, by, at, note });
        self.story.status = to;
    }

    fn resolve(&mut self, at: OffsetDateTime) {
        let before = self.story.steps.len();
        self.step(Action::Resolve, Status::Selesai, By::Officer, at, Some("Sudah ditindaklanjuti oleh petugas."));
        if self.story.steps.len() > before && self.story.status == Status::Selesai {
            self.story.resolved_at = Some(at);
            self.story.answer_round += 1;
        }
    }

    /// An open clock already past its deadline has been noticed by the sweep.
    fn miss_if_past(&mut self, clock: &'static str, due: OffsetDateTime) {
        if due < self.now {
            self.story.missed.push(Missed { clock, due });
        }
    }
}

/// Adds what the citizen did beside the steps: a rating of the
/// answer, messages, now and then an escalation of a missed deadline.
fn finish(rng: &mut StdRng, mut story: Story, s: &Setting) -> Story {
    if story.status == Status::Keberatan
        && story.objection.is_none()
        && let Some(step) = story.steps.iter().rev().find(|st| st.action == Action::Object)
    {
        story.objection = Some((step.at, None));
    }
    if let Some(answered) = story.resolved_at.filter(|_| rng.random_bool(0.4)) {
        let objected = story.objection.is_some();
        let rating = if objected { rng.random_range(1..=2) } else { pick(rng, &[(4, 45), (3, 35), (2, 15), (1, 5)]) };
        let at = answered + Duration::hours(rng.random_range(1..72));
        if at < s.now {
            story.rating = Some((rating, at));
        }
    }
    let end = story.steps.last().map_or(s.now, |st| st.at.min(s.now));
    let mid = story.received_at + (end - story.received_at) / 2;
    if rng.random_bool(0.25) && mid < s.now {
        story.messages.push((true, false, "Mohon kabar perkembangannya.", mid));
        story.messages.push((false, false, "Sedang kami tindak lanjuti, terima kasih.", mid + Duration::minutes(90)));
    }
    if rng.random_bool(0.15) && mid < s.now {
        story.messages.push((false, true, "Sudah koordinasi dengan kepala dusun.", mid + Duration::minutes(30)));
    }
    story.messages.retain(|m| m.3 < s.now);
    if !story.missed.is_empty() && rng.random_bool(0.05) {
        let at = story.missed[0].due + Duration::days(2);
        if at < end.max(story.received_at) || (story.status.is_open() && at < s.now) {
            story.escalated_at = Some(at);
        }
    }
    if story.status != Status::PerluInfo {
        story.paused_at = None;
    }
    story
}

#[cfg(test)]
mod tests {
    use super::*;
    use aduan_domain::Actor;
    use aduan_domain::Role;
    use rand::SeedableRng;

    fn setting<'a>(cal: &'a WorkingCalendar, targets: &'a SlaTargets) -> Setting<'a> {
        Setting {
            calendar: cal,
            zone: UtcOffset::from_hms(7, 0, 0).unwrap(),
            targets,
            category_days: &[5, 14, 30],
            officers: 3,
            now: time::macros::datetime!(2026-12-04 08:00 UTC),
        }
    }

    fn actor(by: By) -> Actor {
        match by {
            By::Citizen => Actor::Citizen,
            By::System => Actor::System,
            By::Manager => Actor::Staff(Role::Pengelola),
            By::Officer => Actor::Staff(Role::Petugas),
            By::Head => Actor::Staff(Role::Kades),
        }
    }

    #[test]
    fn every_story_follows_the_state_machine_in_time_order_before_now() {
        let (cal, targets) = (WorkingCalendar::new(vec![]), SlaTargets::default());
        let s = setting(&cal, &targets);
        let mut rng = StdRng::seed_from_u64(7);
        let mut open = 0;
        let mut missed = 0;
        for _ in 0..20_000 {
            let story = draw(&mut rng, &s);
            let mut status = Status::Diterima;
            let mut last = story.received_at;
            for step in &story.steps {
                assert_eq!(step.from, status);
                status = status.apply(step.action, step.to, actor(step.by)).unwrap();
                assert!(step.at > last && step.at < s.now, "{story:?}");
                last = step.at;
            }
            assert_eq!(status, story.status);
            open += usize::from(story.status.is_open());
            missed += usize::from(!story.missed.is_empty());
            assert!(story.rating.is_none() || story.resolved_at.is_some());
        }
        assert!((800..1500).contains(&open), "about 5 % open, got {open} of 20,000");
        assert!((1000..6000).contains(&missed), "some deadlines missed, got {missed}");
    }

    #[test]
    fn the_same_seed_tells_the_same_stories() {
        let (cal, targets) = (WorkingCalendar::new(vec![]), SlaTargets::default());
        let s = setting(&cal, &targets);
        let a: Vec<_> = (0..50)
            .map({
                let mut rng = StdRng::seed_from_u64(1);
                move |_| draw(&mut rng, &s).received_at
            })
            .collect();
        let s = setting(&cal, &targets);
        let b: Vec<_> = (0..50)
            .map({
                let mut rng = StdRng::seed_from_u64(1);
                move |_| draw(&mut rng, &s).received_at
            })
            .collect();
        assert_eq!(a, b);
    }
}
