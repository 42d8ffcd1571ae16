//! Step 9: when a citizen may take the case to a supervisory body, and on what grounds.

use crate::Status;

crate::str_enum!(
    /// Why the citizen may escalate. The case file names each.
    pub Grounds {
        /// A deadline of the case was missed.
        DeadlineMissed => "deadline_missed",
        /// The Kepala Desa dismissed the citizen's objection.
        ObjectionDismissed => "objection_dismissed",
        /// The village rejected the complaint.
        Rejected => "rejected",
    }
);

/// The grounds this case gives for escalation; none means the citizen may not escalate yet.
/// A missed deadline counts whether the case is still open or closed since: escalation is an
/// event on the case, not a status.
pub fn grounds(status: Status, deadlines_missed: bool, objection_dismissed: bool) -> Vec<Grounds> {
    let mut g = Vec::new();
    if deadlines_missed {
        g.push(Grounds::DeadlineMissed);
    }
    if objection_dismissed {
        g.push(Grounds::ObjectionDismissed);
    }
    if status == Status::Ditolak {
        g.push(Grounds::Rejected);
    }
    g
}

/// The Ombudsman accepts reports of events up to this many years old (UU 37/2008 Ps. 24).
pub const OMBUDSMAN_LIMIT_YEARS: u8 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_handled_in_time_gives_no_grounds() {
        assert!(grounds(Status::Diproses, false, false).is_empty());
        assert!(grounds(Status::Ditutup, false, false).is_empty());
    }

    #[test]
    fn each_ground_is_named() {
        assert_eq!(grounds(Status::Diproses, true, false), vec![Grounds::DeadlineMissed]);
        assert_eq!(grounds(Status::Ditutup, false, true), vec![Grounds::ObjectionDismissed]);
        assert_eq!(grounds(Status::Ditolak, true, false), vec![Grounds::DeadlineMissed, Grounds::Rejected]);
    }

    #[test]
    fn grounds_round_trip() {
        for g in Grounds::ALL {
            assert_eq!(Grounds::parse(g.as_str()), Some(g));
        }
        assert_eq!(Grounds::parse("bored"), None);
    }
}
