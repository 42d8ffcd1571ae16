//! `aduan user add|roles|passwd|email|disable|enable|list`: manage staff accounts from the server's shell,
//! e.g. when the only admin is locked out. New and reset passwords are one-time: printed once,
//! changed at the next sign-in.

use crate::settings::DataArgs;
use crate::startup::open_store;
use aduan_domain::Role;
use aduan_domain::access::Roles;
use aduan_domain::staff::Username;
use aduan_store::platform::credentials::{generate_password, hash_secret};
use aduan_store::platform::users::LAST_ADMIN;
use anyhow::{Context, bail};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account with a one-time password.
    Add {
        username: String,
        /// Full name as staff and citizens see it.
        #[arg(long)]
        name: String,
        /// admin, pengelola, petugas, kades, pengawas or redaksi; repeat for several.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Where the user's notices are mailed.
        #[arg(long)]
        email: Option<String>,
    },
    /// Set the address a user's notices are mailed to; without an address, clear it.
    Email { username: String, address: Option<String> },
    /// Give an account a new one-time password.
    Passwd { username: String },
    /// Replace an account's roles (the village keeps at least one enabled admin).
    Roles {
        username: String,
        /// admin, pengelola, petugas, kades, pengawas or redaksi; repeat for several.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
    },
    /// Disable an account and end its sessions.
    Disable { username: String },
    /// Enable a disabled account.
    Enable { username: String },
    /// List accounts with their roles.
    List,
}

fn parse_roles(raw: &[String]) -> anyhow::Result<Vec<Role>> {
    raw.iter().map(|r| Role::parse(r).with_context(|| format!("unknown role {r:?}"))).collect()
}

fn parse_email(raw: &str) -> anyhow::Result<aduan_domain::Email> {
    aduan_domain::Email::parse(raw.trim()).map_err(|_| anyhow::anyhow!("invalid email address {raw:?}"))
}

pub async fn run(data: &DataArgs, command: &UserCommand) -> anyhow::Result<()> {
    let (store, _) = open_store(data).await?;
    let village = store.default_village().await?;
    let parse = |u: &str| Username::parse(u).with_context(|| format!("invalid username {u:?}"));
    let last_admin = |e: aduan_store::StoreError| match e {
        aduan_store::StoreError::Conflict(c) if c == LAST_ADMIN => {
            anyhow::anyhow!("this is the village's last enabled admin: give another account the admin role first")
        }
        other => other.into(),
    };
    let result = async {
        match command {
            UserCommand::Add { username, name, roles, email } => {
                let username = parse(username)?;
                let roles = parse_roles(roles)?;
                if name.trim().is_empty() {
                    bail!("--name must not be empty");
                }
                let email = email.as_deref().map(parse_email).transpose()?;
                let password = generate_password();
                let hash = hash_secret(&password)?;
                let id = store
                    .create_user(village.id, &username, name.trim(), &hash, &Roles::new(roles), None)
                    .await
                    .map_err(|e| match e {
                    aduan_store::StoreError::Conflict(_) => anyhow::anyhow!("user {username} already exists"),
                    other => other.into(),
                })?;
                if let Some(email) = &email {
                    store.set_email(&store.user(id).await?, Some(email), None).await?;
                }
                println!("Created {username}. One-time password: {password}");
            }
            UserCommand::Passwd { username } => {
                let user = store.user_by_username(village.id, &parse(username)?).await.context("no such user")?;
                let password = generate_password();
                store.set_password(&user, &hash_secret(&password)?, true, None).await?;
                println!("New one-time password for {}: {password}", user.username);
            }
            UserCommand::Roles { username, roles } => {
                let roles = Roles::new(parse_roles(roles)?);
                let user = store.user_by_username(village.id, &parse(username)?).await.context("no such user")?;
                store.set_roles(&user, &roles, None).await.map_err(last_admin)?;
                let names: Vec<&str> = roles.iter().map(Role::as_str).collect();
                println!("{} now holds: {}.", user.username, names.join(", "));
            }
            UserCommand::Disable { username } | UserCommand::Enable { username } => {
                let disable = matches!(command, UserCommand::Disable { .. });
                let user = store.user_by_username(village.id, &parse(username)?).await.context("no such user")?;
                store.set_disabled(&user, disable, None).await.map_err(last_admin)?;
                println!("{} is now {}.", user.username, if disable { "disabled" } else { "enabled" });
            }
            UserCommand::Email { username, address } => {
                let user = store.user_by_username(village.id, &parse(username)?).await.context("no such user")?;
                let email = address.as_deref().map(parse_email).transpose()?;
                store.set_email(&user, email.as_ref(), None).await?;
                match email {
                    Some(e) => println!("Notices for {} go to {e}.", user.username),
                    None => println!("{} has no notification email now.", user.username),
                }
            }
            UserCommand::List => {
                for u in store.users(village.id).await? {
                    let roles: Vec<&str> = u.roles.iter().map(Role::as_str).collect();
                    let state = if u.disabled { "disabled" } else { "active" };
                    let email = u.email.as_deref().unwrap_or("-");
                    println!(
                        "{:<20} {:<30} {:<10} {:<30} {}",
                        u.username,
                        u.display_name,
                        state,
                        email,
                        roles.join(",")
                    );
                }
            }
        }
        Ok(())
    }
    .await;
    store.close().await;
    result
}
