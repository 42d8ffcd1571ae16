//! `aduan search rebuild`: writes the search index again from every case's texts, for a
//! database whose cases came from an older version or another tool.

use crate::settings::DataArgs;
use crate::startup::open_store;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Subcommand, Debug)]
pub enum SearchCommand {
    /// Index the words and citizens' names of every case again.
    Rebuild,
}

pub async fn run(data: &DataArgs, command: &SearchCommand) -> anyhow::Result<()> {
    match command {
        SearchCommand::Rebuild => {
            let (store, _) = open_store(data).await?;
            let bar = ProgressBar::new(store.count_complaints().await?.max(0) as u64);
            bar.set_style(
                ProgressStyle::with_template("Indexing {bar:40} {pos}/{len} cases ({per_sec}, {eta} left)")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            let started = std::time::Instant::now();
            let done = store.rebuild_search_index(&|n| bar.set_position(n)).await;
            bar.finish_and_clear();
            store.close().await;
            let done = done?;
            println!("Indexed {done} cases in {:.1} s.", started.elapsed().as_secs_f64());
            Ok(())
        }
    }
}
