//! Writing a file so that a crash or a full disk never leaves it half written: a temporary
//! file in the same directory, written and flushed to disk, renamed over the target, and the
//! directory flushed so that the rename itself survives a crash.
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Who may read a file that does not exist yet (an existing file keeps its permissions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewFileMode {
    /// Owner only (the state file: bookmarks and notes are private).
    Private,
    /// Readable by all, as files normally are (an export).
    Shared,
}

/// Replaces `path` with `bytes` atomically (see the module documentation).
pub fn write_atomically(path: &Path, bytes: &[u8], mode: NewFileMode) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".gangmu-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    match fs::metadata(path) {
        Ok(meta) => fs::set_permissions(tmp.path(), meta.permissions())?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if mode == NewFileMode::Shared {
                set_shared(tmp.path())?;
            }
        }
        Err(e) => return Err(e),
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

#[cfg(unix)]
fn set_shared(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_shared(_path: &Path) -> io::Result<()> {
    Ok(())
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
        let shared = dir.path().join("export.md");
        write_atomically(&shared, b"x", NewFileMode::Shared).unwrap();
        assert_eq!(
            fs::metadata(&shared).unwrap().permissions().mode() & 0o777,
            0o644
        );
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&shared, b"y", NewFileMode::Private).unwrap();
        assert_eq!(
            fs::metadata(&shared).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
}
