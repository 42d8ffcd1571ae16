//! `aduan demo-data`: fills the database with synthetic complaints to try Aduan out or to
//! measure it, or takes them out again.

use crate::cli::serve::print_first_admin;
use crate::settings::DataArgs;
use crate::startup::open_store;
use aduan_store::complaint::demo::{DemoError, DemoOptions};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Args, Debug)]
pub struct DemoDataArgs {
    /// How many complaints to add.
    #[arg(long, default_value_t = 1_000)]
    pub complaints: u64,
    /// Spread them over the first this many villages of the installation.
    #[arg(long, default_value_t = 1)]
    pub villages: u32,
    /// How many years back they go.
    #[arg(long, default_value_t = 3)]
    pub years: u32,
    /// The same seed gives the same complaints.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Add them even though the database holds real complaints.
    #[arg(long)]
    pub beside_real: bool,
    /// Remove every demo complaint instead (and correct every count).
    #[arg(long, conflicts_with_all = ["complaints", "beside_real"])]
    pub remove: bool,
}

fn bar(len: Option<u64>, verb: &str) -> ProgressBar {
    let bar = len.map_or_else(ProgressBar::new_spinner, ProgressBar::new);
    let template = format!("{verb} {{bar:40}} {{pos}}/{{len}} complaints ({{per_sec}}, {{eta}} left)");
    bar.set_style(ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar
}

pub async fn run(data: &DataArgs, args: &DemoDataArgs) -> anyhow::Result<()> {
    let (store, admin) = open_store(data).await?;
    if let Some(admin) = &admin {
        print_first_admin(admin);
    }
    let started = std::time::Instant::now();
    let result = if args.remove {
        let bar = bar(Some(store.demo_complaints().await?.max(0) as u64), "Removing");
        let removed = store.remove_demo_data(&|n| bar.set_position(n)).await;
        bar.finish_and_clear();
        removed
            .map(|n| println!("Removed {n} demo complaints in {:.1} s.", started.elapsed().as_secs_f64()))
            .map_err(anyhow::Error::from)
    } else {
        let opts = DemoOptions {
            complaints: args.complaints,
            villages: args.villages,
            years: args.years,
            seed: args.seed,
            beside_real: args.beside_real,
        };
        let bar = bar(Some(args.complaints), "Adding");
        let added = store.demo_data(&opts, &|n| bar.set_position(n)).await;
        bar.finish_and_clear();
        match added {
            Ok(n) => {
                let secs = started.elapsed().as_secs_f64();
                println!("Added {n} demo complaints in {secs:.1} s ({:.0} a second).", n as f64 / secs.max(0.001));
                println!("Remove them again with `aduan demo-data --remove`.");
                Ok(())
            }
            Err(DemoError::RealComplaints(n)) => Err(anyhow::anyhow!(
                "the database holds {n} real complaints; add demo data beside them with --beside-real"
            )),
            Err(e) => Err(e.into()),
        }
    };
    store.close().await;
    result
}
