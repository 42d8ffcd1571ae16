//! `aduan migrate`: brings the schema up to date (and seeds a fresh database).

use crate::settings::DataArgs;
use crate::startup::open_store;

pub async fn run(data: &DataArgs) -> anyhow::Result<()> {
    let (store, admin) = open_store(data).await?;
    println!("Database is up to date ({:?}).", store.backend());
    if let Some(admin) = admin {
        super::serve::print_first_admin(&admin);
    }
    store.close().await;
    Ok(())
}
