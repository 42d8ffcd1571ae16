//! `aduan audit verify`: walks each village's hash chain and reports the first broken entry.

use crate::settings::DataArgs;
use crate::startup::open_store;
use aduan_store::platform::audit::ChainCheck;
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check that no audit entry was changed, removed or reordered.
    Verify,
}

pub async fn run(data: &DataArgs, command: &AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify => {
            let (store, _) = open_store(data).await?;
            let village = store.default_village().await?;
            let check = store.verify_audit_chain(village.id).await?;
            store.close().await;
            match check {
                ChainCheck::Intact { entries } => {
                    println!("Audit log of {} is intact: {entries} entries.", village.name);
                    Ok(())
                }
                ChainCheck::Broken { seq, reason } => {
                    anyhow::bail!("audit log broken at entry {seq}: {reason}")
                }
            }
        }
    }
}
