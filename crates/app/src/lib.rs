//! The `aduan` program: configuration, start-up, and the command-line subcommands.

#[cfg(test)]
mod architecture;
pub mod cli;
pub mod settings;
pub mod startup;
