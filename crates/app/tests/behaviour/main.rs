//! Black-box behaviour tests: the real application on port 0 with a fresh database — a
//! temporary SQLite file, or a fresh PostgreSQL database when `TEST_DATABASE_URL` says so.

mod admin;
mod api;
mod articles;
mod audit;
mod backend;
mod browser;
mod citizen;
mod citizen_pages;
mod crash;
mod editor;
mod editor_browser;
mod escalation;
mod evidence;
mod form;
mod handling;
mod hardening;
mod helpers;
mod inbound;
mod markup;
mod notify;
mod office;
mod office_browser;
mod open311;
mod open_data;
mod pins;
mod portal;
mod profile;
mod publication;
mod search;
mod settings;
mod sinks;
mod staff_api;
mod survey;
mod tracking;
mod uploads;
