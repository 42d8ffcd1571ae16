//! The complaint service: intake, handling and its clocks, the citizen's own steps, mail and
//! text messages taken in, escalation, notifications, the survey, and what the public sees.

pub mod calendar;
pub mod canned;
pub mod categories;
pub mod checked;
pub mod citizen;
pub mod complaints;
pub(crate) mod counts;
pub mod dashboard;
pub(crate) mod day_counts;
pub mod demo;
pub(crate) mod due_days;
pub mod duplicates;
pub mod escalation;
pub mod handling;
pub mod inbound;
pub mod intake;
pub mod lapse;
pub mod monthly;
pub mod notices;
pub(crate) mod notify;
pub mod pin_check;
pub mod public_figures;
pub mod publication;
pub mod queue;
pub mod requests;
pub(crate) mod running_due;
pub mod saved_views;
pub mod search;
pub mod sla_sweep;
pub mod survey;
pub(crate) mod transition;
