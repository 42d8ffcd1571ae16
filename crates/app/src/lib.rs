//! The `aduan` program: configuration, start-up, and the command-line subcommands. It is the
//! top of the layers: it wires the store, the web layer and the jobs together, and nothing imports
//! it. Its unit tests also check the workspace's shape (`architecture`).

#[cfg(test)]
mod architecture;
pub mod cli;
pub mod settings;
pub mod startup;
