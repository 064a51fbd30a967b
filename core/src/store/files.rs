//! The file-system rules of the state file and of every file gangmu writes: only regular files
//! are read as state or replaced, symbolic links are followed to the file they name, reads are
//! bounded, and temporary files that a killed gangmu left behind are removed.
use std::fs::{self, File, Metadata};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::shown::shown_path;

/// How many symbolic links are followed before giving up (Linux's own limit).
const MAX_LINKS: usize = 40;

/// What a path that is not a regular file is, for messages; `None` for a regular file.
#[must_use]
pub fn special_kind(meta: &Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    if kind.is_symlink() {
        return Some("a symbolic link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_fifo() {
            return Some("a FIFO");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Why a path cannot be written as a file of its own.
#[derive(Debug)]
pub enum TargetError {
    /// The path (or the file a link points to, `target`) exists and is not a regular file.
    Special {
        target: PathBuf,
        kind: &'static str,
    },
    Io(io::Error),
}

impl std::fmt::Display for TargetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Special { target, kind } => write!(
                f,
                "{} is {kind}, not a regular file; gangmu replaces only regular files",
                shown_path(target)
            ),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<TargetError> for io::Error {
    fn from(e: TargetError) -> Self {
        match e {
            TargetError::Io(e) => e,
            special @ TargetError::Special { .. } => {
                io::Error::new(io::ErrorKind::InvalidInput, special.to_string())
            }
        }
    }
}

/// The file that writing `path` must replace: `path` itself, or for a symbolic link the file
/// at the end of the chain of links (as editors do, so that the link stays a link and whatever
/// else points to the file sees the change). It is a regular file or does not exist yet;
/// anything else (a device, a FIFO, a socket, a directory) is refused, because renaming over
/// it would replace it.
pub fn write_target(path: &Path) -> Result<PathBuf, TargetError> {
    let mut target = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let meta = match fs::symlink_metadata(&target) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(target),
            Err(e) => return Err(TargetError::Io(e)),
        };
        if meta.file_type().is_symlink() {
            let link = fs::read_link(&target).map_err(TargetError::Io)?;
            // A relative link is relative to the directory that holds it (`join` keeps an
            // absolute one as it is).
            target = match target.parent() {
                Some(dir) => dir.join(link),
                None => link,
            };
            continue;
        }
        return match special_kind(&meta) {
            None => Ok(target),
            Some(kind) => Err(TargetError::Special { target, kind }),
        };
    }
    Err(TargetError::Io(io::Error::other(format!(
        "{}: more than {MAX_LINKS} symbolic links",
        shown_path(path)
    ))))
}

/// Why a small file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The path names a device, FIFO, socket or directory.
    Special(&'static str),
    /// It holds more than the limit (in bytes).
    TooLarge(u64),
    Io(io::Error),
}

/// Reads a regular file of at most `limit` bytes; `Ok(None)` when it does not exist. Devices
/// and FIFOs are refused before they are opened (reading `/dev/zero` would never end, opening
/// a FIFO would wait for a writer), and the read stops after `limit` bytes whatever the file
/// claims its size to be.
pub fn read_regular(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, ReadError> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ReadError::Io(e)),
    };
    if let Some(kind) = special_kind(&meta) {
        return Err(ReadError::Special(kind));
    }
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ReadError::Io(e)),
    };
    // Checked again on what was opened: the path may have been replaced in between.
    let opened = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = special_kind(&opened) {
        return Err(ReadError::Special(kind));
    }
    crate::source::read_capped(file, limit, opened.len())
        .map_err(ReadError::Io)?
        .ok_or(ReadError::TooLarge(limit))
        .map(Some)
}

/// The name prefix of the temporary files written beside `target` (`.state.toml.` then this
/// process's id, a dot and random characters, then `.tmp`): the process id lets a later save
/// tell a file whose writer is gone.
#[must_use]
pub fn temp_prefix(target: &Path) -> String {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    format!(".{name}.{}.", std::process::id())
}

/// How old a temporary file must be before it is removed even though a process with its
/// writer's id is running (ids are reused).
const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Removes the temporary files that writing `target` left behind when a gangmu was killed
/// mid-save: those named by [`temp_prefix`] for `target` whose process is gone or that are
/// older than ten minutes, and those of older gangmus (`.gangmu-XXXXXX.tmp`) older than ten
/// minutes. Called with the state file's lock held, so no live save is writing one. Returns
/// how many were removed; failures are ignored (a leftover is untidy, not harmful).
pub fn remove_stale_temporaries(target: &Path) -> usize {
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return 0;
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let ours = format!(".{name}.");
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .is_some_and(|age| age > STALE_AFTER);
        let stale = if let Some(pid) = temp_pid(file_name, &ours) {
            old || (pid != std::process::id() && !process_alive(pid))
        } else {
            is_legacy_temp(file_name) && old
        };
        if stale && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The writer's process id in `.state.toml.PID.XXXXXX.tmp`.
fn temp_pid(file_name: &str, prefix: &str) -> Option<u32> {
    let rest = file_name.strip_prefix(prefix)?.strip_suffix(".tmp")?;
    let (pid, random) = rest.split_once('.')?;
    if random.is_empty() || !random.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    pid.parse().ok()
}

/// `.gangmu-XXXXXX.tmp`, as gangmu named its temporary files before they carried a process id.
fn is_legacy_temp(file_name: &str) -> bool {
    file_name
        .strip_prefix(".gangmu-")
        .and_then(|r| r.strip_suffix(".tmp"))
        .is_some_and(|r| r.len() == 6 && r.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether a process with this id runs. Where that cannot be known, it is taken to run (only
/// the age rule then removes its file).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_carry_the_process_id() {
        let prefix = temp_prefix(Path::new("/a/state.toml"));
        assert_eq!(prefix, format!(".state.toml.{}.", std::process::id()));
        assert_eq!(
            temp_pid(".state.toml.123.AbC9xz.tmp", ".state.toml."),
            Some(123)
        );
        assert_eq!(temp_pid(".state.toml.123..tmp", ".state.toml."), None);
        assert_eq!(temp_pid(".other.toml.123.abc.tmp", ".state.toml."), None);
        assert!(is_legacy_temp(".gangmu-a1B2c3.tmp"));
        assert!(!is_legacy_temp(".gangmu-notes.tmp.md"));
    }
}
