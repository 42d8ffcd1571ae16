use aduan::cli::{Cli, Command, audit, demo_data, ingest_mail, key, migrate, search, serve, user};
use clap::Parser;
use std::io::Write;

// Bulk writes hand many small buffers from the async threads to SQLite's worker thread, where
// glibc's allocator spent a fifth of the worker's time; mimalloc frees across threads cheaply.
// Without transparent huge pages (`no_thp`): each fresh 2 MB page is zeroed whole, which took
// a fifth of a bulk write's drawing side, and a few live bytes keep 2 MB resident.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ADUAN_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    if let Command::IngestMail(args) = &cli.command {
        return ingest_mail::run(&cli.data, args, &mut std::io::stdin()).await;
    }
    let result = match &cli.command {
        Command::Serve(args) => serve::run(&cli.data, args).await,
        Command::Migrate => migrate::run(&cli.data).await,
        Command::Audit { command } => audit::run(&cli.data, command).await,
        Command::Search { command } => search::run(&cli.data, command).await,
        Command::DemoData(args) => demo_data::run(&cli.data, args).await,
        Command::User { command } => user::run(&cli.data, command).await,
        Command::Key { command } => key::run(&cli.data, command).await,
        Command::IngestMail(_) => Ok(()),
    };
    let _ = std::io::stdout().flush();
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("aduan: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
