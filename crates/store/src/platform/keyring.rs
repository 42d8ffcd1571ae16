//! The installation key and what is derived from it: field encryption (XChaCha20-Poly1305),
//! keyed hashes for look-ups (HMAC-SHA-256) and keys for the web layer's signed cookies.
//!
//! The key is generated on first start into `secret.key` in the data directory (mode 0600), or
//! given as `ADUAN_SECRET_KEY` (64 hex digits). Losing it makes personal data unreadable.

use crate::StoreError;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use std::io::Write;
use std::path::Path;

const VERSION: u8 = 1;

pub struct Keyring {
    cipher: XChaCha20Poly1305,
    lookup_key: [u8; 32],
    pin_key: [u8; 32],
    master: [u8; 32],
}

/// How a stored PIN hash answered a PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinMatch {
    No,
    Yes,
    /// Right, but stored in the old Argon2id form: replace it with the keyed hash.
    YesLegacy,
}

/// Keyed PIN hashes start with this; anything else is a PHC string of the old Argon2id form.
const PIN_HASH_PREFIX: &str = "hmac-sha256$";

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    for p in parts {
        mac.update(&(p.len() as u64).to_be_bytes());
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// Equal bytes, compared in constant time, for keyed hashes typed in by someone.
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

impl Keyring {
    pub fn from_master(master: [u8; 32]) -> Self {
        let enc = hmac(&master, &[b"aduan field encryption v1"]);
        Keyring {
            cipher: XChaCha20Poly1305::new(&enc.into()),
            lookup_key: hmac(&master, &[b"aduan lookup hash v1"]),
            pin_key: hmac(&master, &[b"aduan pin hash v1"]),
            master,
        }
    }

    pub fn from_hex(hex_key: &str) -> Result<Self, StoreError> {
        let bytes = hex::decode(hex_key.trim()).map_err(|_| StoreError::Config("the secret key is not hex".into()))?;
        let master: [u8; 32] = bytes
            .try_into()
            .map_err(|_| StoreError::Config("the secret key must be 32 bytes (64 hex digits)".into()))?;
        Ok(Self::from_master(master))
    }

    /// Reads `secret.key` from the data directory, creating it (0600) on first start.
    pub fn load_or_create(data_dir: &Path) -> Result<Self, StoreError> {
        let path = data_dir.join("secret.key");
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::from_hex(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut master = [0u8; 32];
                rand::rng().fill_bytes(&mut master);
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(&path)?;
                file.write_all(hex::encode(master).as_bytes())?;
                file.sync_all()?;
                Ok(Self::from_master(master))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Encrypts one field; the field name is bound in as associated data so a value cannot be
    /// moved to another column unnoticed.
    pub fn seal(&self, field: &str, plaintext: &str) -> Vec<u8> {
        let mut nonce = [0u8; 24];
        rand::rng().fill_bytes(&mut nonce);
        let ct = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext.as_bytes(), aad: field.as_bytes() })
            .unwrap_or_default();
        let mut out = Vec::with_capacity(1 + 24 + ct.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        out
    }

    pub fn open(&self, field: &str, sealed: &[u8]) -> Result<String, StoreError> {
        let corrupt = || StoreError::Corrupt(format!("encrypted {field} cannot be opened with this key"));
        if sealed.len() < 25 || sealed[0] != VERSION {
            return Err(corrupt());
        }
        let pt = self
            .cipher
            .decrypt(XNonce::from_slice(&sealed[1..25]), Payload { msg: &sealed[25..], aad: field.as_bytes() })
            .map_err(|_| corrupt())?;
        String::from_utf8(pt).map_err(|_| corrupt())
    }

    /// A keyed hash of a normalised value, to find rows by NIK, phone or email without storing
    /// them in the clear.
    pub fn lookup_hash(&self, field: &str, normalised: &str) -> Vec<u8> {
        hmac(&self.lookup_key, &[field.as_bytes(), normalised.as_bytes()]).to_vec()
    }

    /// The stored form of a citizen's PIN: an HMAC under a key derived from the installation key,
    /// bound to the ticket. A 6-digit PIN has only 10^6 values, so no hash would slow an offline
    /// search enough; without the key a copy of the database gives nothing to search with, and a
    /// check costs microseconds instead of Argon2's 19 MiB and tens of milliseconds.
    pub fn pin_hash(&self, ticket: &str, pin: &str) -> String {
        format!("{PIN_HASH_PREFIX}{}", hex::encode(hmac(&self.pin_key, &[ticket.as_bytes(), pin.as_bytes()])))
    }

    /// Checks `pin` against a stored hash in constant time; an old Argon2id hash still answers
    /// (slowly, and only until the next successful check replaces it).
    pub fn pin_matches(&self, ticket: &str, pin: &str, stored: &str) -> PinMatch {
        let Some(hex_mac) = stored.strip_prefix(PIN_HASH_PREFIX) else {
            return if crate::platform::credentials::verify_secret(pin, stored) {
                PinMatch::YesLegacy
            } else {
                PinMatch::No
            };
        };
        let Ok(expected) = hex::decode(hex_mac) else {
            return PinMatch::No;
        };
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.pin_key)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        for p in [ticket.as_bytes(), pin.as_bytes()] {
            mac.update(&(p.len() as u64).to_be_bytes());
            mac.update(p);
        }
        if mac.verify_slice(&expected).is_ok() { PinMatch::Yes } else { PinMatch::No }
    }

    /// 64 bytes of key material for another purpose (cookie signing, CSRF), derived by label.
    pub fn derive(&self, label: &str) -> [u8; 64] {
        let a = hmac(&self.master, &[label.as_bytes(), b"1"]);
        let b = hmac(&self.master, &[label.as_bytes(), b"2"]);
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&a);
        out[32..].copy_from_slice(&b);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_and_open_round_trip_and_bind_the_field() {
        let k = Keyring::from_master([7; 32]);
        let sealed = k.seal("nik", "3303011203900001");
        assert!(!sealed.windows(16).any(|w| w == b"3303011203900001"));
        assert_eq!(k.open("nik", &sealed).unwrap(), "3303011203900001");
        assert!(k.open("phone", &sealed).is_err());
        assert!(Keyring::from_master([8; 32]).open("nik", &sealed).is_err());
        assert_ne!(k.seal("nik", "x"), k.seal("nik", "x"));
    }

    #[test]
    fn lookup_hashes_are_stable_and_keyed() {
        let k = Keyring::from_master([7; 32]);
        assert_eq!(k.lookup_hash("phone", "+62812"), k.lookup_hash("phone", "+62812"));
        assert_ne!(k.lookup_hash("phone", "+62812"), k.lookup_hash("email", "+62812"));
        assert_ne!(k.lookup_hash("phone", "+62812"), Keyring::from_master([8; 32]).lookup_hash("phone", "+62812"));
    }

    #[test]
    fn key_file_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let a = Keyring::load_or_create(dir.path()).unwrap();
        let sealed = a.seal("email", "warga@contoh.id");
        let b = Keyring::load_or_create(dir.path()).unwrap();
        assert_eq!(b.open("email", &sealed).unwrap(), "warga@contoh.id");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("secret.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn pin_hashes_are_keyed_bound_to_the_ticket_and_read_old_argon2_hashes() {
        let k = Keyring::from_master([7; 32]);
        let h = k.pin_hash("ADU-2611-ABCD", "123456");
        assert_eq!(k.pin_matches("ADU-2611-ABCD", "123456", &h), PinMatch::Yes);
        assert_eq!(k.pin_matches("ADU-2611-ABCD", "123457", &h), PinMatch::No);
        assert_eq!(k.pin_matches("ADU-2611-ABCE", "123456", &h), PinMatch::No);
        assert_eq!(Keyring::from_master([8; 32]).pin_matches("ADU-2611-ABCD", "123456", &h), PinMatch::No);
        assert_eq!(k.pin_matches("ADU-2611-ABCD", "123456", "hmac-sha256$zz"), PinMatch::No);
        let old = crate::platform::credentials::hash_secret("123456").unwrap();
        assert_eq!(k.pin_matches("ADU-2611-ABCD", "123456", &old), PinMatch::YesLegacy);
        assert_eq!(k.pin_matches("ADU-2611-ABCD", "654321", &old), PinMatch::No);
    }

    #[test]
    fn bad_hex_keys_are_refused() {
        assert!(Keyring::from_hex("zz").is_err());
        assert!(Keyring::from_hex("abcd").is_err());
        assert!(Keyring::from_hex(&"ab".repeat(32)).is_ok());
    }
}
