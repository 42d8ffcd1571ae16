//! The citizen's pages of the complaint service: the form and its receipt, tracking and the
//! case page with the citizen's own steps, escalation, the survey and the public information.

pub(super) mod case_steps;
pub(super) mod escalate;
pub(super) mod evidence;
pub(super) mod form;
pub(super) mod information;
pub(crate) mod open_data;
pub(crate) mod receipt;
pub(super) mod survey;
pub(super) mod track;
