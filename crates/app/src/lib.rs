//! The `aduan` program: configuration, start-up, and the command-line subcommands.

pub mod cli;
pub mod settings;
pub mod startup;
