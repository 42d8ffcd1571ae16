//! Who hears of what: the events a citizen and the village staff are told about, and which
//! status changes raise them. Texts live in the translation files under the event's name.

use crate::complaint::ContactPref;
use crate::status::{Action, Status};

/// What the citizen is told (by their preferred contact), always with the ticket and the link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CitizenEvent {
    Received,
    InfoRequested,
    InfoReminder,
    Assigned,
    Answered,
    Resolved,
    Rejected,
    Referred,
    Withdrawn,
    DeemedWithdrawn,
    Closed,
    ObjectionUpheld,
    ObjectionDismissed,
    DeadlineMissed,
    /// A new PIN the citizen asked for.
    PinReset,
    /// The receipt of a complaint that came in by mail or text message, the only other message
    /// with a PIN: the citizen saw no receipt page.
    Receipt,
    /// A mail or text message was added to the case as the citizen's reply.
    ReplyReceived,
    /// A mail or text message named the case but could not be taken as its citizen's reply (not
    /// from the contact on file, or the case is closed).
    ReplyRefused,
}

/// What staff are told, in the back office and by mail when they have an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffEvent {
    NewComplaint,
    Assigned,
    CitizenReplied,
    StatusRequested,
    Objection,
    Escalation,
    Withdrawn,
    Warning,
    Breach,
    /// A breach left standing goes up to the Kepala Desa.
    BreachEscalation,
}

impl CitizenEvent {
    pub const ALL: [CitizenEvent; 18] = [
        Self::Received,
        Self::InfoRequested,
        Self::InfoReminder,
        Self::Assigned,
        Self::Answered,
        Self::Resolved,
        Self::Rejected,
        Self::Referred,
        Self::Withdrawn,
        Self::DeemedWithdrawn,
        Self::Closed,
        Self::ObjectionUpheld,
        Self::ObjectionDismissed,
        Self::DeadlineMissed,
        Self::PinReset,
        Self::Receipt,
        Self::ReplyReceived,
        Self::ReplyRefused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::InfoRequested => "info_requested",
            Self::InfoReminder => "info_reminder",
            Self::Assigned => "assigned",
            Self::Answered => "answered",
            Self::Resolved => "resolved",
            Self::Rejected => "rejected",
            Self::Referred => "referred",
            Self::Withdrawn => "withdrawn",
            Self::DeemedWithdrawn => "deemed_withdrawn",
            Self::Closed => "closed",
            Self::ObjectionUpheld => "objection_upheld",
            Self::ObjectionDismissed => "objection_dismissed",
            Self::DeadlineMissed => "deadline_missed",
            Self::PinReset => "pin_reset",
            Self::Receipt => "receipt",
            Self::ReplyReceived => "reply_received",
            Self::ReplyRefused => "reply_refused",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }

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

impl StaffEvent {
    pub const ALL: [StaffEvent; 10] = [
        Self::NewComplaint,
        Self::Assigned,
        Self::CitizenReplied,
        Self::StatusRequested,
        Self::Objection,
        Self::Escalation,
        Self::Withdrawn,
        Self::Warning,
        Self::Breach,
        Self::BreachEscalation,
    ];

    /// The name stored with the notice; the SLA names predate the others and are kept.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NewComplaint => "new_complaint",
            Self::Assigned => "assigned",
            Self::CitizenReplied => "citizen_replied",
            Self::StatusRequested => "status_requested",
            Self::Objection => "objection",
            Self::Escalation => "escalated",
            Self::Withdrawn => "withdrawn",
            Self::Warning => "warning",
            Self::Breach => "breach",
            Self::BreachEscalation => "escalation",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// How a message reaches someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    Whatsapp,
    Sms,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Whatsapp => "whatsapp",
            Channel::Sms => "sms",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Channel::Email, Channel::Whatsapp, Channel::Sms].into_iter().find(|c| c.as_str() == s)
    }
}

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

/// Why a message was not delivered, as staff are told it. The outbox keeps the code before the
/// technical detail (`no_gateway: …`), so a page shows the reason in its own language and the
/// detail stays in the server's log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryFailure {
    Render,
    NoMailServer,
    BadAddress,
    MailRefused,
    MailFailed,
    NoGateway,
    GatewayTemplate,
    GatewayUnreachable,
    GatewayRefused,
}

impl DeliveryFailure {
    pub const ALL: &'static [DeliveryFailure] = &[
        DeliveryFailure::Render,
        DeliveryFailure::NoMailServer,
        DeliveryFailure::BadAddress,
        DeliveryFailure::MailRefused,
        DeliveryFailure::MailFailed,
        DeliveryFailure::NoGateway,
        DeliveryFailure::GatewayTemplate,
        DeliveryFailure::GatewayUnreachable,
        DeliveryFailure::GatewayRefused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryFailure::Render => "render",
            DeliveryFailure::NoMailServer => "no_mail_server",
            DeliveryFailure::BadAddress => "bad_address",
            DeliveryFailure::MailRefused => "mail_refused",
            DeliveryFailure::MailFailed => "mail_failed",
            DeliveryFailure::NoGateway => "no_gateway",
            DeliveryFailure::GatewayTemplate => "gateway_template",
            DeliveryFailure::GatewayUnreachable => "gateway_unreachable",
            DeliveryFailure::GatewayRefused => "gateway_refused",
        }
    }

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
