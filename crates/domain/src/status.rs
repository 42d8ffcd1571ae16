//! The complaint's state machine (DESIGN §2): nine statuses and one table of the transitions
//! allowed, with who may take each. Every status change in Aduan goes through [`Status::apply`].

use thiserror::Error;

crate::str_enum!(
    pub Status {
        Diterima => "diterima",
        PerluInfo => "perlu_info",
        Diproses => "diproses",
        Selesai => "selesai",
        Ditutup => "ditutup",
        Ditolak => "ditolak",
        Diteruskan => "diteruskan",
        Dicabut => "dicabut",
        Keberatan => "keberatan",
    }
);

crate::str_enum!(
    /// Staff roles (a user may hold several).
    #[derive(PartialOrd, Ord)]
    pub Role {
        Admin => "admin",
        Pengelola => "pengelola",
        Petugas => "petugas",
        Kades => "kades",
        Pengawas => "pengawas",
        Redaksi => "redaksi",
    }
);

/// Who takes a step: a staff role, the citizen holding ticket and PIN, or Aduan itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    Staff(Role),
    Citizen,
    System,
}

crate::str_enum!(
    pub Action {
        /// Verify and assign to an officer (disposisi).
        Disposisi => "disposisi",
        RequestInfo => "request_info",
        ProvideInfo => "provide_info",
        Reject => "reject",
        Refer => "refer",
        Resolve => "resolve",
        Close => "close",
        Reopen => "reopen",
        Withdraw => "withdraw",
        DeemWithdrawn => "deem_withdrawn",
        Object => "object",
        UpholdObjection => "uphold_objection",
        DismissObjection => "dismiss_objection",
    }
);

use Action::*;
use Actor::{Citizen, Staff, System};
use Role::{Kades, Pengelola, Petugas};
use Status::*;

/// `(from, action, to, who)`. The only source of truth for what may happen to a complaint.
pub const TRANSITIONS: &[(Status, Action, Status, &[Actor])] = &[
    (Diterima, Disposisi, Diproses, &[Staff(Pengelola)]),
    (Diterima, RequestInfo, PerluInfo, &[Staff(Pengelola)]),
    (Diterima, Reject, Ditolak, &[Staff(Pengelola)]),
    (Diterima, Refer, Diteruskan, &[Staff(Pengelola)]),
    (Diterima, Withdraw, Dicabut, &[Citizen]),
    (PerluInfo, ProvideInfo, Diterima, &[Citizen]),
    (PerluInfo, ProvideInfo, Diproses, &[Citizen]),
    (PerluInfo, Reject, Ditolak, &[Staff(Pengelola)]),
    (PerluInfo, Refer, Diteruskan, &[Staff(Pengelola)]),
    (PerluInfo, Withdraw, Dicabut, &[Citizen]),
    (PerluInfo, DeemWithdrawn, Dicabut, &[System]),
    (Diproses, RequestInfo, PerluInfo, &[Staff(Pengelola), Staff(Petugas)]),
    (Diproses, Disposisi, Diproses, &[Staff(Pengelola)]),
    (Diproses, Refer, Diteruskan, &[Staff(Pengelola)]),
    (Diproses, Resolve, Selesai, &[Staff(Pengelola), Staff(Petugas)]),
    (Diproses, Withdraw, Dicabut, &[Citizen]),
    (Selesai, Close, Ditutup, &[Staff(Pengelola), Citizen, System]),
    (Selesai, Object, Keberatan, &[Citizen]),
    (Selesai, Reopen, Diproses, &[Staff(Pengelola)]),
    (Ditutup, Reopen, Diproses, &[Staff(Pengelola)]),
    (Ditolak, Reopen, Diterima, &[Staff(Pengelola)]),
    (Keberatan, UpholdObjection, Diproses, &[Staff(Kades)]),
    (Keberatan, DismissObjection, Ditutup, &[Staff(Kades)]),
];

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransitionError {
    #[error("this step is not possible while the complaint is {from:?}")]
    NotAllowed { from: Status, action: Action },
    #[error("this role may not take this step")]
    Forbidden { from: Status, action: Action },
}

impl Status {
    /// Takes `action` as `actor`, landing on `to`. Most actions have one target; `ProvideInfo`
    /// returns to where the case was before information was asked for, which the caller knows.
    pub fn apply(self, action: Action, to: Status, actor: Actor) -> Result<Status, TransitionError> {
        let mut rows = TRANSITIONS.iter().filter(|(f, a, t, _)| *f == self && *a == action && *t == to);
        match rows.next() {
            None => Err(TransitionError::NotAllowed { from: self, action }),
            Some((_, _, _, who)) if who.contains(&actor) => Ok(to),
            Some(_) => Err(TransitionError::Forbidden { from: self, action }),
        }
    }

    /// The actions `actor` may take from this status, with their targets: what a page offers.
    pub fn available(self, actor: Actor) -> Vec<(Action, Status)> {
        TRANSITIONS
            .iter()
            .filter(|(f, _, _, who)| *f == self && who.contains(&actor))
            .map(|(_, a, t, _)| (*a, *t))
            .collect()
    }

    /// Open311 maps every status onto `open` or `closed`.
    pub fn is_open(self) -> bool {
        matches!(self, Diterima | PerluInfo | Diproses | Keberatan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_actor() -> impl Strategy<Value = Actor> {
        prop_oneof![proptest::sample::select(Role::ALL.to_vec()).prop_map(Staff), Just(Citizen), Just(System),]
    }

    fn in_table(from: Status, action: Action, to: Status, actor: Actor) -> bool {
        TRANSITIONS.iter().any(|(f, a, t, who)| *f == from && *a == action && *t == to && who.contains(&actor))
    }

    proptest! {
        /// A random walk of attempted steps: every accepted one is a row of the table, every
        /// refused one is not, and the rules of DESIGN §2 hold along the way.
        #[test]
        fn no_sequence_escapes_the_table(steps in proptest::collection::vec(
            (proptest::sample::select(Action::ALL.to_vec()), proptest::sample::select(Status::ALL.to_vec()), any_actor()), 1..60)) {
            let mut status = Diterima;
            for (action, to, actor) in steps {
                match status.apply(action, to, actor) {
                    Ok(next) => {
                        prop_assert!(in_table(status, action, next, actor));
                        prop_assert!(!matches!(actor, Staff(Role::Admin) | Staff(Role::Pengawas) | Staff(Role::Redaksi)));
                        if matches!(action, UpholdObjection | DismissObjection) {
                            prop_assert_eq!(actor, Staff(Kades));
                        }
                        prop_assert_ne!(status, Dicabut);
                        prop_assert_ne!(status, Diteruskan);
                        if status == PerluInfo {
                            prop_assert!(matches!(action, ProvideInfo | Reject | Refer | Withdraw | DeemWithdrawn));
                        }
                        if next == Keberatan {
                            prop_assert_eq!((status, actor), (Selesai, Citizen));
                        }
                        status = next;
                    }
                    Err(_) => prop_assert!(!in_table(status, action, to, actor)),
                }
            }
        }
    }

    #[test]
    fn every_status_is_reachable_from_diterima() {
        let mut seen = vec![Diterima];
        let mut frontier = vec![Diterima];
        while let Some(s) = frontier.pop() {
            for (f, _, t, _) in TRANSITIONS {
                if *f == s && !seen.contains(t) {
                    seen.push(*t);
                    frontier.push(*t);
                }
            }
        }
        assert_eq!(seen.len(), Status::ALL.len());
    }

    #[test]
    fn forbidden_and_impossible_steps_are_told_apart() {
        assert_eq!(Diterima.apply(Disposisi, Diproses, Staff(Pengelola)), Ok(Diproses));
        assert!(matches!(Diterima.apply(Disposisi, Diproses, Staff(Petugas)), Err(TransitionError::Forbidden { .. })));
        assert!(matches!(Diterima.apply(Resolve, Selesai, Staff(Pengelola)), Err(TransitionError::NotAllowed { .. })));
        assert!(matches!(
            Keberatan.apply(UpholdObjection, Diproses, Staff(Pengelola)),
            Err(TransitionError::Forbidden { .. })
        ));
    }

    #[test]
    fn open_and_closed_follow_design() {
        let open: Vec<_> = Status::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, vec![Diterima, PerluInfo, Diproses, Keberatan]);
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
    }

    #[test]
    fn citizen_actions_offered() {
        let mut a = Selesai.available(Citizen);
        a.sort_by_key(|(a, _)| *a as u8);
        assert_eq!(a, vec![(Close, Ditutup), (Object, Keberatan)]);
    }
}
