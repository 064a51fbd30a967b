//! What the reader keeps beyond its own run — bookmarks, the reading position, the search
//! history — and where an export goes, behind a small trait so that the app never touches a file.
//!
//! The command that starts the reader supplies the [`Storage`] (`commands::read` wraps the state
//! file; `commands::render` and the tests use [`SessionOnly`], which keeps nothing) together with
//! what was remembered, as a [`Session`]. The app calls the storage for every change and asks it
//! to [`save`](Storage::save) after each change of bookmarks and when the reader closes.

use std::fmt;

use crate::doc::{Document, Position};
use crate::store::{AnchoredBookmark, Bookmark};

/// Where the reader's lasting changes go. Errors are one line for the status bar.
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
    fn save(&mut self) -> Result<(), String>;
    /// Writes an export (Markdown) and returns where it went.
    ///
    /// # Errors
    /// Why it could not be written.
    fn write_export(&mut self, markdown: &str) -> Result<String, String>;
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

    fn save(&mut self) -> Result<(), String> {
        match &self.problem {
            Some(problem) => Err(problem.clone()),
            None => Ok(()),
        }
    }

    fn write_export(&mut self, _markdown: &str) -> Result<String, String> {
        Err("this reader writes no files (gangmu render never does)".to_string())
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
