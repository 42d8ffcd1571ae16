//! What every part of Aduan shares: villages and their settings, staff accounts, sessions, API
//! keys and credentials, the audit log, outgoing messages, files and pictures.

pub mod api_keys;
pub mod audit;
pub mod clock;
pub mod credentials;
pub mod file_type;
pub mod files;
pub mod images;
pub mod keyring;
pub mod login_throttle;
pub mod outbox;
pub mod private_fs;
pub mod sessions;
pub mod settings;
pub mod uploads;
pub mod users;
pub mod villages;
