//! Search: a case found by its words (title, description, place, public version, replies and
//! notes) through one index of stems on both databases, and by its citizen for the roles that may
//! see identities.

pub mod find;
pub mod identity;
pub(crate) mod index;
mod rebuild;
pub mod window;

pub use find::{Found, Hit, Ranking, SearchCursor};
