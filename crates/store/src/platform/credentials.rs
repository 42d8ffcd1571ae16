//! Argon2id hashes for staff passwords (and the old form of citizens' PINs, still read). These
//! are slow and take 19 MiB each on purpose: on the async runtime use [`hash_password`] and
//! [`verify_password`], which run them on blocking threads, a bounded number at a time, so a
//! flood of sign-in attempts queues instead of exhausting memory and threads.

use crate::StoreError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// One hash per core at most: more would only share the same cores and add 19 MiB each.
static HASHING: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)));

pub fn hash_secret(secret: &str) -> Result<String, StoreError> {
    Argon2::default()
        .hash_password(secret.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Config(format!("hashing failed: {e}")))
}

pub fn verify_secret(secret: &str, phc: &str) -> bool {
    Argon2::default().verify_password(secret.as_bytes(), phc).is_ok()
}

async fn bounded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, StoreError> {
    let _permit = HASHING.acquire().await.map_err(|_| StoreError::Closed)?;
    tokio::task::spawn_blocking(work).await.map_err(|e| StoreError::Config(format!("hashing task failed: {e}")))
}

/// [`hash_secret`] off the async runtime, bounded.
pub async fn hash_password(password: &str) -> Result<String, StoreError> {
    let password = password.to_string();
    bounded(move || hash_secret(&password)).await?
}

/// [`verify_secret`] off the async runtime, bounded; false when the check could not run.
pub async fn verify_password(password: &str, phc: &str) -> bool {
    let (password, phc) = (password.to_string(), phc.to_string());
    bounded(move || verify_secret(&password, &phc)).await.unwrap_or(false)
}

/// A readable one-time password for the first admin: 4 groups of 4 lowercase letters and digits
/// without look-alikes (about 80 bits).
pub fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..4)
        .map(|_| (0..4).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash_secret("123456").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_secret("123456", &h));
        assert!(!verify_secret("123457", &h));
        assert!(!verify_secret("123456", "not a hash"));
    }

    #[tokio::test]
    async fn bounded_hashing_verifies_what_it_hashed() {
        let h = hash_password("kata sandi uji").await.unwrap();
        let checks = (0..8).map(|i| {
            let h = h.clone();
            tokio::spawn(async move { verify_password(if i % 2 == 0 { "kata sandi uji" } else { "salah" }, &h).await })
        });
        for (i, c) in checks.enumerate() {
            assert_eq!(c.await.unwrap(), i % 2 == 0);
        }
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = generate_password();
        assert_eq!(a.len(), 19);
        assert_ne!(a, generate_password());
    }
}
