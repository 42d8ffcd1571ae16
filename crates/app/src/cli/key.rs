//! `aduan key add|list|revoke`: API keys for other systems from the server's shell, as in the back
//! office (`/admin/kunci-api`). The secret is printed once.

use crate::settings::DataArgs;
use crate::startup::open_store;
use aduan_domain::api_key::Scope;
use aduan_domain::staff::Username;
use anyhow::{Context, bail};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum KeyCommand {
    /// Make a key and print its secret (shown this once).
    Add {
        /// Which system uses it.
        name: String,
        /// submit, update or staff; repeat for several.
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
        /// For a staff key: the user it works as.
        #[arg(long)]
        user: Option<String>,
    },
    /// List keys (never their secrets).
    List,
    /// Revoke a key by its number from `aduan key list`.
    Revoke { id: i64 },
}

pub async fn run(data: &DataArgs, command: &KeyCommand) -> anyhow::Result<()> {
    let (store, _) = open_store(data).await?;
    let village = store.default_village().await?;
    let result = async {
        match command {
            KeyCommand::Add { name, scopes, user } => {
                let scopes = scopes
                    .iter()
                    .map(|s| Scope::parse(s).with_context(|| format!("unknown scope {s:?}")))
                    .collect::<anyhow::Result<Vec<_>>>()?;
                let name = name.trim();
                if name.is_empty() || name.chars().count() > 100 {
                    bail!("the name must be 1 to 100 characters");
                }
                let user_id = match (scopes.contains(&Scope::Staff), user) {
                    (true, Some(u)) => {
                        let username = Username::parse(u).with_context(|| format!("invalid username {u:?}"))?;
                        let user = store.user_by_username(village.id, &username).await.context("no such user")?;
                        if user.disabled {
                            bail!("{u} is disabled");
                        }
                        Some(user.id)
                    }
                    (true, None) => bail!("a staff key needs --user"),
                    (false, Some(_)) => bail!("--user is only for a key with --scope staff"),
                    (false, None) => None,
                };
                let (key, secret) = store.create_api_key(village.id, name, &scopes, user_id, None).await?;
                println!("Created key {} ({}). Secret, shown once: {secret}", key.id, key.name);
            }
            KeyCommand::List => {
                for k in store.api_keys(village.id).await? {
                    let scopes: Vec<&str> = k.scopes.iter().map(|s| s.as_str()).collect();
                    let state = if k.revoked_at.is_some() { "revoked" } else { "active" };
                    println!(
                        "{:<5} {:<30} {:<14} {:<8} {}",
                        k.id,
                        k.name,
                        format!("{}…", k.prefix),
                        state,
                        scopes.join(",")
                    );
                }
            }
            KeyCommand::Revoke { id } => {
                store.revoke_api_key(village.id, *id, None).await.map_err(|e| match e {
                    aduan_store::StoreError::NotFound => anyhow::anyhow!("no active key {id}"),
                    other => other.into(),
                })?;
                println!("Key {id} is revoked.");
            }
        }
        Ok(())
    }
    .await;
    store.close().await;
    result
}
