//! What holds citizens' data on disk is readable by the server's own user alone, whatever the
//! umask: directories 0700, files 0600.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io;
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

/// Creates the directory (and its parents) as 0700, and tightens it if it was there already.
pub fn dir(path: &Path) -> io::Result<()> {
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(0o700);
    builder.create(path)?;
    #[cfg(unix)]
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
    Ok(())
}

/// Creates a new file as 0600; an existing one is an error.
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    options.open(path)
}

/// Makes an existing file 0600; a missing one is left alone.
pub fn tighten(path: &Path) -> io::Result<()> {
    match std::fs::metadata(path) {
        #[cfg(unix)]
        Ok(_) => std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)),
        #[cfg(not(unix))]
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn directories_and_files_are_the_owners_alone() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("data/nested");
        dir(&data).unwrap();
        assert_eq!(mode(&data), 0o700);
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        dir(&data).unwrap();
        assert_eq!(mode(&data), 0o700, "an existing directory is tightened");
        let f = data.join("aduan.db");
        create_new(&f).unwrap();
        assert_eq!(mode(&f), 0o600);
        assert!(create_new(&f).is_err());
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        tighten(&f).unwrap();
        assert_eq!(mode(&f), 0o600);
        tighten(&data.join("missing")).unwrap();
    }
}
