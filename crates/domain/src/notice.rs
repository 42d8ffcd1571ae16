//! Who hears of what: the events a citizen and the village staff are told about, and which
//! status changes raise them. Texts live in the translation files under the event's name.

use crate::complaint::ContactPref;
use crate::status::{Action, Status};

crate::str_enum!(
    /// What the citizen is told (by their preferred contact), always with the ticket and the link.
    pub CitizenEvent {
        Received => "received",
        InfoRequested => "info_requested",
        InfoReminder => "info_reminder",
        Assigned => "assigned",
        Answered => "answered",
        Resolved => "resolved",
        Rejected => "rejected",
        Referred => "referred",
        Withdrawn => "withdrawn",
        DeemedWithdrawn => "deemed_withdrawn",
        Closed => "closed",
        ObjectionUpheld => "objection_upheld",
        ObjectionDismissed => "objection_dismissed",
        DeadlineMissed => "deadline_missed",
        /// A new PIN the citizen asked for.
        PinReset => "pin_reset",
        /// The receipt of a complaint that came in by mail or text message, the only other message
        /// with a PIN: the citizen saw no receipt page.
        Receipt => "receipt",
        /// A mail or text message was added to the case as the citizen's reply.
        ReplyReceived => "reply_received",
        /// A mail or text message named the case but could not be taken as its citizen's reply (not
        /// from the contact on file, or the case is closed).
        ReplyRefused => "reply_refused",
    }
);

crate::str_enum!(
    /// What staff are told, in the back office and by mail when they have an address.
    /// The codes are stored with each notice; the SLA ones predate the others and are kept.
    pub StaffEvent {
        NewComplaint => "new_complaint",
        Assigned => "assigned",
        CitizenReplied => "citizen_replied",
        StatusRequested => "status_requested",
        Objection => "objection",
        Escalation => "escalated",
        Withdrawn => "withdrawn",
        Warning => "warning",
        Breach => "breach",
        /// A breach left standing goes up to the Kepala Desa.
        BreachEscalation => "escalation",
    }
);

impl CitizenEvent {
    /// The citizen's notice for a status change, if it deserves one. A citizen's own steps
    /// (reply, withdraw, object) are confirmed on the page instead.
    pub fn for_step(action: Action, from: Status, to: Status) -> Option<Self> {
        Some(match action {
            Action::Disposisi if from == Status::Diterima => Self::Assigned,
            Action::RequestInfo => Self::InfoRequested,
            Action::Reject => Self::Rejected,
            Action::Refer => Self::Referred,
            Action::Resolve => Self::Resolved,
            Action::Close if to == Status::Ditutup => Self::Closed,
            Action::Reopen => Self::Assigned,
            Action::DeemWithdrawn => Self::DeemedWithdrawn,
            Action::UpholdObjection => Self::ObjectionUpheld,
            Action::DismissObjection => Self::ObjectionDismissed,
            _ => return None,
        })
    }
}

crate::str_enum!(
    /// How a message reaches someone.
    pub Channel {
        Email => "email",
        Whatsapp => "whatsapp",
        Sms => "sms",
    }
);

/// Which kinds of contact the installation can reach: mail needs a mail server, WhatsApp and SMS
/// a gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reachable {
    pub email: bool,
    pub phone: bool,
}

impl Reachable {
    pub const ALL: Reachable = Reachable { email: true, phone: true };

    /// The channel for a citizen's message when it must really arrive (a new PIN): only among
    /// the contacts on file that a configured server can reach.
    pub fn channel(self, pref: ContactPref, has_phone: bool, has_email: bool) -> Option<Channel> {
        citizen_channel(pref, has_phone && self.phone, has_email && self.email)
    }
}

/// Where the citizen's notices go: the contact they chose when it is on file, else whatever is on
/// file (a phone call cannot be automated, so "telepon" means a text message); nothing when they
/// asked not to be contacted or left no contact.
pub fn citizen_channel(pref: ContactPref, has_phone: bool, has_email: bool) -> Option<Channel> {
    match pref {
        ContactPref::Tidak => None,
        ContactPref::Email if has_email => Some(Channel::Email),
        ContactPref::Whatsapp if has_phone => Some(Channel::Whatsapp),
        ContactPref::Sms | ContactPref::Telepon if has_phone => Some(Channel::Sms),
        _ if has_email => Some(Channel::Email),
        _ if has_phone => Some(Channel::Whatsapp),
        _ => None,
    }
}

crate::str_enum!(
    /// Why a message was not delivered, as staff are told it. The outbox keeps the code before the
    /// technical detail (`no_gateway: …`), so a page shows the reason in its own language and the
    /// detail stays in the server's log.
    pub DeliveryFailure {
        Render => "render",
        NoMailServer => "no_mail_server",
        BadAddress => "bad_address",
        MailRefused => "mail_refused",
        MailFailed => "mail_failed",
        NoGateway => "no_gateway",
        GatewayTemplate => "gateway_template",
        GatewayUnreachable => "gateway_unreachable",
        GatewayRefused => "gateway_refused",
    }
);

impl DeliveryFailure {
    /// `code: detail`, as the outbox stores it.
    pub fn with_detail(self, detail: &str) -> String {
        format!("{}: {detail}", self.as_str())
    }

    /// The code of a stored error; `None` for anything else (an older row, say).
    pub fn of(stored: &str) -> Option<Self> {
        let code = stored.split(':').next()?.trim();
        Self::ALL.iter().copied().find(|f| f.as_str() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::TRANSITIONS;

    #[test]
    fn names_round_trip() {
        for e in CitizenEvent::ALL {
            assert_eq!(CitizenEvent::parse(e.as_str()), Some(e));
        }
        for e in StaffEvent::ALL {
            assert_eq!(StaffEvent::parse(e.as_str()), Some(e));
        }
    }

    #[test]
    fn every_village_step_that_changes_the_status_tells_the_citizen() {
        for (from, action, to, _) in TRANSITIONS {
            let by_citizen = matches!(action, Action::ProvideInfo | Action::Withdraw | Action::Object);
            let reassign = *action == Action::Disposisi && *from == Status::Diproses;
            if !by_citizen && !reassign {
                assert!(CitizenEvent::for_step(*action, *from, *to).is_some(), "{action:?} from {from:?}");
            }
        }
        assert_eq!(CitizenEvent::for_step(Action::Withdraw, Status::Diterima, Status::Dicabut), None);
    }

    #[test]
    fn the_preferred_contact_wins_when_it_is_on_file() {
        assert_eq!(citizen_channel(ContactPref::Whatsapp, true, true), Some(Channel::Whatsapp));
        assert_eq!(citizen_channel(ContactPref::Email, true, true), Some(Channel::Email));
        assert_eq!(citizen_channel(ContactPref::Email, true, false), Some(Channel::Whatsapp));
        assert_eq!(citizen_channel(ContactPref::Telepon, true, false), Some(Channel::Sms));
        assert_eq!(citizen_channel(ContactPref::Tidak, true, true), None);
        assert_eq!(citizen_channel(ContactPref::Whatsapp, false, false), None);
    }

    #[test]
    fn reachable_channels_skip_what_no_server_can_send() {
        let mail_only = Reachable { email: true, phone: false };
        assert_eq!(mail_only.channel(ContactPref::Whatsapp, true, true), Some(Channel::Email));
        assert_eq!(mail_only.channel(ContactPref::Whatsapp, true, false), None);
        let gateway_only = Reachable { email: false, phone: true };
        assert_eq!(gateway_only.channel(ContactPref::Email, true, true), Some(Channel::Whatsapp));
        assert_eq!(gateway_only.channel(ContactPref::Sms, true, false), Some(Channel::Sms));
        assert_eq!(Reachable { email: false, phone: false }.channel(ContactPref::Email, true, true), None);
        assert_eq!(Reachable::ALL.channel(ContactPref::Tidak, true, true), None);
    }
}
