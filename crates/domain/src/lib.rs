//! Aduan's domain: validated types, the complaint state machine, working-day SLA arithmetic.
//! Pure: no IO, no async, no SQL, no HTTP.

pub mod access;
pub mod api_key;
pub mod article;
pub mod calendar;
mod codes;
pub mod comment;
pub mod complaint;
pub mod email;
pub mod escalation;
pub mod ikm;
pub mod nik;
pub mod notice;
pub mod phone;
pub mod pin;
pub mod portal;
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
