//! Argon2id hashes for staff passwords and citizens' PINs. These are slow on purpose: call
//! them from a blocking thread, not on the async runtime.

use crate::StoreError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

pub fn hash_secret(secret: &str) -> Result<String, StoreError> {
    Argon2::default()
        .hash_password(secret.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Config(format!("hashing failed: {e}")))
}

pub fn verify_secret(secret: &str, phc: &str) -> bool {
    Argon2::default().verify_password(secret.as_bytes(), phc).is_ok()
}

/// Hashes a citizen's PIN on a blocking thread.
pub async fn hash_pin(pin: &aduan_domain::Pin) -> Result<String, StoreError> {
    let pin = pin.as_str().to_string();
    tokio::task::spawn_blocking(move || hash_secret(&pin))
        .await
        .map_err(|e| StoreError::Config(format!("hashing task failed: {e}")))?
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

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = generate_password();
        assert_eq!(a.len(), 19);
        assert_ne!(a, generate_password());
    }
}
