//! Writing a file so that a crash or a full disk never leaves it half written: a temporary
//! file in the same directory, written and flushed to disk, renamed over the target, and the
//! directory flushed so that the rename itself survives a crash.
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

use super::files::{self, TargetError};

/// Who may read a file that does not exist yet (an existing file keeps its permissions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewFileMode {
    /// Owner only (the state file: bookmarks and notes are private).
    Private,
    /// As any new file of the user's: what the umask allows (an export).
    Shared,
}

/// Replaces `path` with `bytes` atomically (see the module documentation). A symbolic link is
/// followed and the file it names is replaced; a path that exists and is not a regular file
/// (a device, FIFO, socket or directory) is refused, never renamed over.
///
/// # Errors
/// The path is not a regular file, or the directory cannot be written.
pub fn write_atomically(path: &Path, bytes: &[u8], mode: NewFileMode) -> io::Result<()> {
    let target = files::write_target(path)?;
    write_target_atomically(&target, bytes, mode)
}

/// [`write_atomically`] for a `target` already resolved by [`files::write_target`].
pub(super) fn write_target_atomically(
    target: &Path,
    bytes: &[u8],
    mode: NewFileMode,
) -> io::Result<()> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let prefix = files::temp_prefix(target);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // The file is created with these permissions less the umask, as any new file is; a
    // private one is created 0600 whatever the umask, and never wider.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(match mode {
            NewFileMode::Private => 0o600,
            NewFileMode::Shared => 0o666,
        }));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    match fs::metadata(target) {
        Ok(meta) => fs::set_permissions(tmp.path(), meta.permissions())?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // Looked at again just before the rename: whatever took the file's place meanwhile must
    // not be replaced either.
    match fs::symlink_metadata(target) {
        Ok(meta) => {
            if let Some(kind) = files::special_kind(&meta) {
                return Err(TargetError::Special {
                    target: target.to_path_buf(),
                    kind,
                }
                .into());
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    tmp.persist(target).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Flushes a directory entry to disk. Some file systems cannot fsync a directory; that is
/// not worth failing a save for.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomically(&path, b"one", NewFileMode::Shared).unwrap();
        write_atomically(&path, b"two", NewFileMode::Shared).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_asked_permissions_and_old_ones_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("state.toml");
        write_atomically(&private, b"x", NewFileMode::Private).unwrap();
        assert_eq!(
            fs::metadata(&private).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // a shared file gets what any new file of this process gets: the umask decides
        let plain = dir.path().join("plain.txt");
        File::create(&plain).unwrap();
        let umasked = fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
        let shared = dir.path().join("export.md");
        write_atomically(&shared, b"x", NewFileMode::Shared).unwrap();
        assert_eq!(
            fs::metadata(&shared).unwrap().permissions().mode() & 0o777,
            umasked
        );
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&shared, b"y", NewFileMode::Private).unwrap();
        assert_eq!(
            fs::metadata(&shared).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_and_links_followed() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let err = write_atomically(&fifo, b"x", NewFileMode::Shared).unwrap_err();
        assert!(
            err.to_string().contains("a FIFO, not a regular file"),
            "{err}"
        );
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(write_atomically(dir.path(), b"x", NewFileMode::Shared).is_err());

        let target = dir.path().join("real.md");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomically(&link, b"new", NewFileMode::Shared).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }
}
