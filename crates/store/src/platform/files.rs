//! Content-addressed file storage under the data directory: `attachments/ab/abcdef…` named by
//! the SHA-256 of the stored (cleaned) bytes, written to a temporary file, synced and renamed so a
//! crash never leaves a half-written file under a real name.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    pub fn new(data_dir: &Path) -> std::io::Result<Self> {
        let root = data_dir.join("attachments");
        crate::platform::private_fs::dir(&root)?;
        Ok(FileStore { root })
    }

    pub fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        if sha256.len() != 64 || !sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        Some(self.root.join(&sha256[..2]).join(sha256))
    }

    /// Stores `bytes` and returns their digest and whether the file is new (so a failed commit
    /// can remove exactly what it added).
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<(String, bool)> {
        let digest = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&digest).ok_or_else(|| std::io::Error::other("bad digest"))?;
        if path.exists() {
            return Ok((digest, false));
        }
        let dir = path.parent().ok_or_else(|| std::io::Error::other("no parent"))?;
        crate::platform::private_fs::dir(dir)?;
        // Unique per write: two uploads of the same bytes at once must not share a temporary file.
        static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = dir.join(format!(".{digest}.{}.{n}.tmp", std::process::id()));
        let mut f = crate::platform::private_fs::create_new(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)?;
        std::fs::File::open(dir)?.sync_all()?;
        Ok((digest, true))
    }

    pub fn remove(&self, sha256: &str) {
        if let Some(p) = self.path_of(sha256) {
            let _ = std::fs::remove_file(p);
        }
    }

    pub async fn read(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        let p = self.path_of(sha256).ok_or_else(|| std::io::Error::other("bad digest"))?;
        tokio::fs::read(p).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_writes_of_the_same_bytes_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let fs = FileStore::new(dir.path()).unwrap();
        let bytes = vec![7u8; 1 << 20];
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..16).map(|_| s.spawn(|| fs.put(&bytes))).collect();
            for h in handles {
                h.join().unwrap().expect("every write succeeds");
            }
        });
    }

    #[test]
    fn same_bytes_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let fs = FileStore::new(dir.path()).unwrap();
        let (a, new_a) = fs.put(b"bukti").unwrap();
        let (b, new_b) = fs.put(b"bukti").unwrap();
        assert_eq!(a, b);
        assert!(new_a && !new_b);
        assert_eq!(std::fs::read(fs.path_of(&a).unwrap()).unwrap(), b"bukti");
        assert!(fs.path_of("../../etc/passwd").is_none());
    }
}
