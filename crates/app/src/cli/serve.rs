//! `aduan serve`: start the application and stop gracefully on SIGTERM or Ctrl-C, finishing the
//! requests in flight.

use crate::settings::{DataArgs, ServeArgs};
use crate::startup::{app, delivery_config, open_store, web_config};
use aduan_store::bootstrap::FirstAdmin;
use anyhow::Context;
use std::net::SocketAddr;

pub fn print_first_admin(admin: &FirstAdmin) {
    println!();
    println!("  A new installation was created.");
    println!("  Back-office login: {}  /  one-time password: {}", admin.username, admin.password);
    println!("  This password is shown only now and must be changed at the first login.");
    println!();
}

pub async fn run(data: &DataArgs, serve: &ServeArgs) -> anyhow::Result<()> {
    serve.validate()?;
    let (store, admin) = open_store(data).await?;
    if let Some(admin) = &admin {
        print_first_admin(admin);
    }
    index_for_search(&store).await?;
    let listener =
        tokio::net::TcpListener::bind(serve.addr).await.with_context(|| format!("listening on {}", serve.addr))?;
    let bound = listener.local_addr()?;
    let router = app(store.clone(), web_config(serve, bound));
    let courier = aduan_jobs::Courier::new(store.clone(), delivery_config(serve, bound)?)
        .context("configuring mail and the WhatsApp/SMS gateway")?;
    let schedule = aduan_jobs::Schedule {
        deliver_every: std::time::Duration::from_secs(serve.notify.outbox_every_secs),
        ..Default::default()
    };
    let jobs = aduan_jobs::start(store.clone(), schedule, courier);
    // Tests and scripts wait for this exact line.
    println!("Aduan listening on http://{bound}");
    tracing::info!(%bound, backend = ?store.backend(), "serving");
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    for job in jobs {
        job.abort();
    }
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Cases stored before the search index existed (an upgraded installation) are indexed before
/// the first search could miss them.
async fn index_for_search(store: &aduan_store::Store) -> anyhow::Result<()> {
    if !store.search_index_missing().await? {
        return Ok(());
    }
    let total = store.count_complaints().await?;
    tracing::info!(cases = total, "building the search index");
    // A line at each tenth, for an operator watching the log of a long first start.
    let tenth = std::sync::atomic::AtomicU64::new(0);
    let done = store
        .rebuild_search_index(&|n| {
            let reached = n * 10 / total.max(1) as u64;
            if tenth.fetch_max(reached, std::sync::atomic::Ordering::Relaxed) < reached {
                tracing::info!(done = n, of = total, "indexing cases for search");
            }
        })
        .await
        .context("building the search index")?;
    tracing::info!(cases = done, "search index built");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
