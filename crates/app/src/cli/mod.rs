//! One file per subcommand.

pub mod audit;
pub mod demo_data;
pub mod ingest_mail;
pub mod key;
pub mod migrate;
pub mod search;
pub mod serve;
pub mod user;

use crate::settings::{DataArgs, ServeArgs};
use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "aduan", version, about = "Public-service complaints for Indonesian villages")]
pub struct Cli {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web application (and migrate and seed a fresh data directory first).
    Serve(Box<ServeArgs>),
    /// Create or update the database schema, then exit.
    Migrate,
    /// Staff accounts.
    User {
        #[command(subcommand)]
        command: user::UserCommand,
    },
    /// Take one mail from standard input: a citizen's reply when it names a case, else a new
    /// complaint (for a mail server's pipe; exit status per sysexits).
    IngestMail(ingest_mail::IngestMailArgs),
    /// API keys for other systems.
    Key {
        #[command(subcommand)]
        command: key::KeyCommand,
    },
    /// Fill the database with synthetic complaints to try Aduan out or measure it (or remove them
    /// again with --remove).
    DemoData(demo_data::DemoDataArgs),
    /// Audit log commands.
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// Search index commands.
    Search {
        #[command(subcommand)]
        command: search::SearchCommand,
    },
}
