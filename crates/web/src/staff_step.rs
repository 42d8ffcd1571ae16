//! A staff member's step on a case, from what they sent — the back office's form or the staff
//! API's JSON — checked the same way for both: the step must be one the user's roles may take
//! from the status they saw, with what that step needs (a note, an officer, a reason, an agency).

use crate::i18n::Lang;
use aduan_domain::access::Roles;
use aduan_domain::{Action, Actor, Role, Status, Ticket};
use aduan_store::complaint::complaints::CaseView;
use aduan_store::complaint::handling::Step;
use axum::http::StatusCode;

/// What was sent, as text; empty means absent.
#[derive(Debug, Default, Clone)]
pub struct StepInput {
    pub action: String,
    /// The status the user saw, so two people cannot act on a stale page.
    pub from: String,
    pub note: String,
    pub officer: String,
    pub reason: String,
    pub duplicate_of: String,
    pub agency: String,
    pub agency_contact: String,
}

/// Why a step was not taken: the message key and the HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub key: &'static str,
    pub status: StatusCode,
}

const fn refuse(key: &'static str, status: StatusCode) -> Refusal {
    Refusal { key, status }
}

pub const REASONS: [&str; 4] = ["spam", "kasar", "bukan_pengaduan", "duplikat"];

/// The steps these roles may take from `status`, each once.
pub fn steps_for(roles: &Roles, status: Status) -> Vec<(Action, Status, Role)> {
    let mut out: Vec<(Action, Status, Role)> = Vec::new();
    for role in roles.iter() {
        for (action, to) in status.available(Actor::Staff(role)) {
            if !out.iter().any(|(a, t, _)| *a == action && *t == to) {
                out.push((action, to, role));
            }
        }
    }
    out
}

/// The step to take and the status it starts from. `officers` are the enabled users a case may
/// be assigned to.
pub fn build(
    roles: &Roles,
    case: &CaseView,
    f: &StepInput,
    officers: &[i64],
    lang: Lang,
) -> Result<(Status, Step), Refusal> {
    let unprocessable = |key| refuse(key, StatusCode::UNPROCESSABLE_ENTITY);
    let action = aduan_domain::Action::parse(&f.action).ok_or(refuse("error.bad_form", StatusCode::BAD_REQUEST))?;
    let from = Status::parse(&f.from).ok_or(refuse("error.bad_form", StatusCode::BAD_REQUEST))?;
    let Some((_, to, role)) = steps_for(roles, from).into_iter().find(|(a, _, _)| *a == action) else {
        return Err(refuse("case.not_allowed", StatusCode::CONFLICT));
    };
    if action == Action::Disposisi && case.needs_completion {
        return Err(refuse("complete.first", StatusCode::CONFLICT));
    }
    let note = Some(f.note.trim().to_string()).filter(|n| !n.is_empty());
    let mut step = Step::new(action, to, Actor::Staff(role));
    step.public_note = note.clone();
    let needs_note = matches!(
        action,
        Action::RequestInfo | Action::Resolve | Action::Reopen | Action::UpholdObjection | Action::DismissObjection
    );
    if needs_note && note.is_none() {
        return Err(unprocessable("case.needs_note"));
    }
    match action {
        Action::Disposisi => {
            let officer = f.officer.trim().parse::<i64>().ok().filter(|o| officers.contains(o));
            // The resolution clock starts in the store, from the category's SLA class.
            step.assign_to = Some(officer.ok_or(unprocessable("case.needs_officer"))?);
        }
        Action::Reject => {
            if !REASONS.contains(&f.reason.as_str()) {
                return Err(unprocessable("case.needs_reason"));
            }
            step.rejection_reason = Some(f.reason.clone());
            if f.reason == "duplikat" {
                step.duplicate_of =
                    Some(Ticket::parse(&f.duplicate_of).map_err(|_| unprocessable("case.no_original"))?);
            }
            let reason = lang.t(&format!("reason.{}", f.reason));
            step.public_note = Some(match note {
                Some(n) => format!("{reason}: {n}"),
                None => reason,
            });
        }
        Action::Refer => {
            let (agency, contact) = (f.agency.trim(), f.agency_contact.trim());
            if agency.is_empty() || contact.is_empty() {
                return Err(unprocessable("case.needs_agency"));
            }
            step.referral = Some((agency.to_string(), contact.to_string()));
            let mut text = format!("{agency} — {contact}");
            if let Some(n) = note {
                text.push_str(&format!(". {n}"));
            }
            step.public_note = Some(text);
        }
        _ => {}
    }
    Ok((from, step))
}
