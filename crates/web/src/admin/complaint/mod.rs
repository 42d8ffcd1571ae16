//! The back office of the complaint service: the queue and dashboard, a case and its steps,
//! recording a complaint at the office and its receipt, publication, canned answers, the
//! supervisory bodies and the survey's results.

pub(super) mod bodies;
pub(super) mod bulk;
pub(super) mod canned;
pub(crate) mod case;
pub(super) mod dashboard;
pub(super) mod intake;
pub(super) mod intake_receipt;
pub(super) mod publication;
pub(super) mod queue;
pub(super) mod queue_query;
pub(super) mod search;
pub(super) mod survey;
pub(super) mod views;
