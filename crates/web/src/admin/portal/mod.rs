//! The back office of the village portal, for the `redaksi`: articles and their categories,
//! comments, the village's own pages, media, officials, agenda, links, widgets and visitors.

pub(super) mod agenda;
pub(super) mod article_categories;
pub(super) mod articles;
pub(super) mod comments;
pub(super) mod editor;
pub(super) mod links;
pub(super) mod media;
pub(super) mod officials;
pub(super) mod static_pages;
pub(super) mod visitors;
pub(super) mod widgets;
