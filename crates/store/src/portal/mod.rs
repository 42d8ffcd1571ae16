//! The village portal: articles and their categories, comments, the village's own pages,
//! agenda, officials, media, the sidebar's widgets and links, and visitor statistics.

pub mod agenda;
pub mod article_categories;
pub mod articles;
pub mod comments;
pub mod media;
pub mod officials;
pub mod sidebar;
pub mod static_pages;
pub mod visitors;
