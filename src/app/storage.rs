//! What the reader keeps beyond its own run — bookmarks, the reading position, the search
//! history — and where an export goes, behind a small trait so that the app never touches a file.
//!
//! The command that starts the reader supplies the [`Storage`] (`commands::read` wraps the state
//! file; `commands::render` and the tests use [`SessionOnly`], which keeps nothing) together with
//! what was remembered, as a [`Session`]. The app calls the storage for every change and asks it
//! to [`save`](Storage::save) after each change of bookmarks and when the reader closes.

use std::{fmt, io};

use crate::doc::{Document, Position};
use crate::store::{AnchoredBookmark, Bookmark, StateError};

/// What kind of failure kept a change from being written: the status bar says what to do about
/// each kind, so the reader decides by the kind, never by the wording of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageErrorKind {
    /// Another gangmu holds the state file's lock.
    Locked,
    /// No space left on the device (or over quota).
    DiskFull,
    /// The file or its directory may not be written (or the file system is read-only).
    PermissionDenied,
    /// The state file cannot be used at all this session (it cannot be read, it is newer, …).
    Unusable,
    /// Anything else (the message says what).
    Other,
}

/// Why a change could not be written: its kind and the whole message (which names the file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct StorageError {
    pub kind: StorageErrorKind,
    pub message: String,
}

impl StorageError {
    #[must_use]
    pub fn new(kind: StorageErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The state file's error, by kind.
    #[must_use]
    pub fn from_state(error: &StateError) -> Self {
        let kind = match error {
            StateError::Locked { .. } => StorageErrorKind::Locked,
            StateError::Write { error, .. } | StateError::Read { error, .. } => io_kind(error),
            StateError::TooNew { .. } => StorageErrorKind::Unusable,
            _ => StorageErrorKind::Other,
        };
        Self::new(kind, error.to_string())
    }

    /// A failed write of a file of our own (an export), by the kind of the I/O error.
    #[must_use]
    pub fn from_io(error: &io::Error, message: impl Into<String>) -> Self {
        Self::new(io_kind(error), message)
    }

    /// What the status bar says: short, and what to do about it where there is something to do.
    #[must_use]
    pub fn for_status_bar(&self) -> String {
        match self.kind {
            StorageErrorKind::Locked => {
                "another gangmu is saving to the state file; the next change tries again"
                    .to_string()
            }
            StorageErrorKind::DiskFull => "the disk is full".to_string(),
            StorageErrorKind::PermissionDenied => format!("no permission ({})", self.message),
            StorageErrorKind::Unusable | StorageErrorKind::Other => self.message.clone(),
        }
    }
}

fn io_kind(error: &io::Error) -> StorageErrorKind {
    match error.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => StorageErrorKind::DiskFull,
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            StorageErrorKind::PermissionDenied
        }
        _ => StorageErrorKind::Other,
    }
}

/// Where the reader's lasting changes go.
pub trait Storage: fmt::Debug {
    /// Records a new bookmark; returns its id (changed if another bookmark already had it).
    fn add_bookmark(&mut self, bookmark: Bookmark) -> String;
    fn remove_bookmark(&mut self, id: &str);
    /// Sets a bookmark's note (`None` or empty: no note).
    fn update_note(&mut self, id: &str, note: Option<String>);
    fn push_search_history(&mut self, pattern: &str);
    /// Remembers the reading position in `doc`, kept under `key` (see [`Session::doc_key`]).
    fn set_position(&mut self, doc: &Document, key: Option<&str>, position: Position);
    /// Writes the changes recorded so far.
    ///
    /// # Errors
    /// Why nothing could be written (the state file cannot be read, a disk error, …).
    fn save(&mut self) -> Result<(), StorageError>;
    /// Writes an export (Markdown) and returns where it went.
    ///
    /// # Errors
    /// Why it could not be written.
    fn write_export(&mut self, markdown: &str) -> Result<String, StorageError>;
    /// Why nothing will be saved at all, if that is so (shown in the status bar).
    fn problem(&self) -> Option<&str> {
        None
    }
}

/// A storage that keeps changes for this run only and writes no file: the default of a new
/// [`App`](super::App), and what `gangmu render` uses (it never writes the state file).
#[derive(Debug, Default)]
pub struct SessionOnly {
    /// When set, the reason saving is impossible: every save fails with it.
    problem: Option<String>,
}

impl SessionOnly {
    /// A storage whose saves all fail with `problem` (a state file that cannot be read).
    #[must_use]
    pub fn failing(problem: impl Into<String>) -> Self {
        Self {
            problem: Some(problem.into()),
        }
    }
}

impl Storage for SessionOnly {
    fn add_bookmark(&mut self, bookmark: Bookmark) -> String {
        bookmark.id
    }

    fn remove_bookmark(&mut self, _id: &str) {}

    fn update_note(&mut self, _id: &str, _note: Option<String>) {}

    fn push_search_history(&mut self, _pattern: &str) {}

    fn set_position(&mut self, _doc: &Document, _key: Option<&str>, _position: Position) {}

    fn save(&mut self) -> Result<(), StorageError> {
        match &self.problem {
            Some(problem) => Err(StorageError::new(StorageErrorKind::Unusable, problem)),
            None => Ok(()),
        }
    }

    fn write_export(&mut self, _markdown: &str) -> Result<String, StorageError> {
        Err(StorageError::new(
            StorageErrorKind::Other,
            "this reader writes no files (gangmu render never does)",
        ))
    }

    fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }
}

/// What the reader is handed when it opens a document: the storage and what was remembered.
pub struct Session {
    pub storage: Box<dyn Storage>,
    /// The key under which the document's bookmarks and position are kept: its absolute path,
    /// the sample's name, `None` for standard input.
    pub doc_key: Option<String>,
    /// The document's bookmarks, found again in its current text (document order, orphans last).
    pub bookmarks: Vec<AnchoredBookmark>,
    /// Past search patterns, oldest first.
    pub history: Vec<String>,
    /// Where reading stopped last time.
    pub position: Option<Position>,
    /// Something to tell the reader on opening (a state file that cannot be read).
    pub warning: Option<String>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("storage", &self.storage)
            .field("doc_key", &self.doc_key)
            .field("bookmarks", &self.bookmarks.len())
            .field("history", &self.history.len())
            .field("position", &self.position)
            .field("warning", &self.warning)
            .finish()
    }
}

impl Default for Session {
    fn default() -> Self {
        Self {
            storage: Box::new(SessionOnly::default()),
            doc_key: None,
            bookmarks: Vec::new(),
            history: Vec::new(),
            position: None,
            warning: None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use super::*;

    #[test]
    fn state_errors_are_told_by_their_kind() {
        let locked = StateError::Locked {
            path: PathBuf::from("/s.toml"),
            lock: PathBuf::from("/s.toml.lock"),
            waited: Duration::from_secs(10),
        };
        let error = StorageError::from_state(&locked);
        assert_eq!(error.kind, StorageErrorKind::Locked);
        assert!(error.for_status_bar().contains("another gangmu"));
        let full = StateError::Write {
            path: PathBuf::from("/s.toml"),
            error: io::Error::from(io::ErrorKind::StorageFull),
        };
        let error = StorageError::from_state(&full);
        assert_eq!(error.kind, StorageErrorKind::DiskFull);
        assert_eq!(error.for_status_bar(), "the disk is full");
        let denied = StateError::Write {
            path: PathBuf::from("/s.toml"),
            error: io::Error::from(io::ErrorKind::PermissionDenied),
        };
        assert_eq!(
            StorageError::from_state(&denied).kind,
            StorageErrorKind::PermissionDenied
        );
        // The full message (for the exit line) still names the file.
        assert!(
            StorageError::from_state(&denied)
                .to_string()
                .contains("/s.toml")
        );
    }
}
