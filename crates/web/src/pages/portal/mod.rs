//! The village portal's public pages: the home page, articles and their comments, the village's
//! own pages, profile and agenda, the sidebar, and the feeds.

pub(super) mod agenda;
pub(super) mod articles;
pub(super) mod comment_form;
pub(super) mod comments;
pub(super) mod feeds;
pub(super) mod home;
pub(super) mod profile;
pub(super) mod sidebar;
pub(super) mod static_pages;
