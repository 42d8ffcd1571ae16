//! Aduan's domain: validated types, the complaint state machine, working-day SLA arithmetic.
//! Pure: no IO, no async, no SQL, no HTTP.
//!
//! The complaint service's rules and the shared newtypes (NIK, phone, email, PIN, ticket, roles)
//! sit at the root; the village portal's forms and rules are in `portal/`, which may use the
//! shared newtypes but nothing of the complaint service, and the complaint service nothing of it.

pub mod access;
pub mod api_key;
pub mod calendar;
mod codes;
pub mod complaint;
pub mod email;
pub mod escalation;
pub mod ikm;
pub mod nik;
pub mod notice;
pub mod phone;
pub mod pin;
pub mod portal;
pub mod search;
pub mod sla;
pub mod staff;
pub mod status;
pub mod survey;
pub mod ticket;

#[doc(hidden)]
pub use serde;

pub use email::Email;
pub use nik::Nik;
pub use phone::Phone;
pub use pin::Pin;
pub use status::{Action, Actor, Role, Status};
pub use ticket::{Ticket, TicketPrefix};
