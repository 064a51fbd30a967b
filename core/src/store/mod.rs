//! The state file: bookmarks, reading positions and search history, in one TOML file that a
//! person can read and edit (the schema is in the README, section "State file").
//!
//! * **Location**: `--state FILE` / `GANGMU_STATE`, else [`default_path`] (on Linux
//!   `$XDG_DATA_HOME/gangmu/state.toml`).
//! * **Never lose data**: a file that does not parse is never overwritten ([`StateError::Parse`]
//!   names the file and line); a file from a newer gangmu (`version` above
//!   [`STATE_VERSION`]) is read but never written ([`StateError::TooNew`] on save); keys this
//!   version does not know are kept.
//! * **Concurrent processes**: changes are recorded as operations; [`StateStore::save`] takes an
//!   exclusive lock on `FILE.lock`, re-reads the file, applies the operations to what it finds
//!   (add/remove/update bookmarks by id, positions by document, history entries), writes the
//!   result atomically, and unlocks. Two processes saving at once both keep their changes.
//!   The lock file is owner-only and never waited on longer than [`LOCK_TIMEOUT`].
//! * **Never harm the machine**: only a regular file (or a path that does not exist yet) is
//!   read as state or replaced; a device, FIFO, socket or directory is refused before anything
//!   is created beside it ([`StateError::NotRegular`]); a symbolic link is followed and its
//!   target written, so the link stays a link; reads stop at [`MAX_STATE_BYTES`].
//! * **Hand edits survive**: a save edits the file in place (`toml_edit`), so comments and
//!   layout stay where nothing changed; temporary files a killed gangmu left are removed.
//!
//! ```no_run
//! # fn demo(doc: &gangmu_core::doc::Document) -> Result<(), gangmu_core::store::StateError> {
//! use gangmu_core::store::StateStore;
//! let mut store = StateStore::open(StateStore::resolve_path(None)?)?;
//! let anchored = store.anchor_bookmarks(doc, Some("/home/me/report.txt"));
//! store.set_position(doc, Some("/home/me/report.txt"), gangmu_core::doc::Position::new(12, 0));
//! store.push_search_history("协商");
//! store.save()?;
//! # Ok(()) }
//! ```
mod anchor;
mod atomic;
mod edit;
mod files;
mod model;

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::doc::{Document, Position};

pub use anchor::{AnchorStatus, CONTEXT_CHARS};
pub use atomic::{NewFileMode, write_atomically};
pub use edit::updated_text;
pub use files::special_kind;
pub use model::{Bookmark, DocState, SEARCH_HISTORY_LIMIT, STATE_VERSION, State};

use anchor::{DocText, locate};

/// The state file's name in the data directory.
pub const STATE_FILE_NAME: &str = "state.toml";

/// The largest state file gangmu reads. Thousands of bookmarks take a few MiB; past this it
/// is not a state file gangmu wrote, and reading it whole would only exhaust memory.
pub const MAX_STATE_BYTES: u64 = 16 << 20;

/// How long a save waits for another gangmu to release the lock before it gives up.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the state file cannot be used. Each is one line that names the file; the cause is part
/// of it, not a separate error (so that `{:#}` does not say it twice).
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(
        "cannot read state file {}: line {line}, column {column}: {message}",
        crate::shown::shown_path(.path)
    )]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("cannot read state file {}: {error}", crate::shown::shown_path(.path))]
    Read { path: PathBuf, error: io::Error },
    #[error("cannot write state file {}: {error}", crate::shown::shown_path(.path))]
    Write { path: PathBuf, error: io::Error },
    /// The path (or the file a link leads to, which `path` then names) is a device, a FIFO, a
    /// socket or a directory: it is neither read as state nor replaced.
    #[error(
        "state file {} is {kind}, not a regular file: gangmu reads and replaces only regular files",
        crate::shown::shown_path(.path)
    )]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error(
        "state file {} is larger than {}: not reading it",
        crate::shown::shown_path(.path),
        crate::source::size_text(*.limit)
    )]
    TooLarge { path: PathBuf, limit: u64 },
    #[error(
        "state file {} is locked by another gangmu ({} held for more than {} s): nothing was saved",
        crate::shown::shown_path(.path),
        crate::shown::shown_path(.lock),
        .waited.as_secs()
    )]
    Locked {
        path: PathBuf,
        lock: PathBuf,
        waited: Duration,
    },
    #[error(
        "state file {} was written by a newer gangmu (version {found}; this one writes version {STATE_VERSION}): not changing it",
        crate::shown::shown_path(.path)
    )]
    TooNew { path: PathBuf, found: u32 },
    #[error("cannot find a data directory for the state file: use --state FILE or GANGMU_STATE")]
    NoDataDir,
}

/// The default state file: `state.toml` in gangmu's data directory (on Linux
/// `$XDG_DATA_HOME/gangmu`, i.e. `~/.local/share/gangmu`).
#[must_use]
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "gangmu")
        .map(|dirs| dirs.data_local_dir().join(STATE_FILE_NAME))
}

/// A bookmark as found in the current text of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnchoredBookmark {
    /// The bookmark, with its position, section, context (and for an edited passage, quote)
    /// updated to the current text; an orphaned one keeps what it had.
    pub bookmark: Bookmark,
    pub status: AnchorStatus,
}

/// The fields that re-anchoring changes.
#[derive(Debug, Clone, PartialEq)]
struct Anchor {
    document: String,
    path: String,
    section: Vec<String>,
    start: Position,
    end: Position,
    before: String,
    quote: String,
    after: String,
    orphaned: bool,
}

impl Anchor {
    fn of(b: &Bookmark) -> Self {
        Self {
            document: b.document.clone(),
            path: b.path.clone(),
            section: b.section.clone(),
            start: b.start,
            end: b.end,
            before: b.before.clone(),
            quote: b.quote.clone(),
            after: b.after.clone(),
            orphaned: b.orphaned,
        }
    }

    fn apply_to(self, b: &mut Bookmark) {
        b.document = self.document;
        b.path = self.path;
        b.section = self.section;
        b.start = self.start;
        b.end = self.end;
        b.before = self.before;
        b.quote = self.quote;
        b.after = self.after;
        b.orphaned = self.orphaned;
    }
}

/// One change to the state, replayed onto the file's current content at save time.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    AddBookmark(Bookmark),
    RemoveBookmark(String),
    UpdateNote {
        id: String,
        note: Option<String>,
    },
    Reanchor {
        id: String,
        anchor: Anchor,
    },
    SetPosition {
        fingerprint: String,
        path: Option<String>,
        position: Position,
        updated: String,
    },
    PushHistory(String),
}

impl Op {
    fn apply(self, state: &mut State) {
        match self {
            Self::AddBookmark(mut bm) => {
                if let Some(existing) = state.bookmark(&bm.id) {
                    if *existing == bm {
                        return;
                    }
                    // Another process took this id in the meantime (a 1 in 4 billion
                    // chance): keep both.
                    bm.id = unique_id(state, &bm.id);
                }
                state.bookmarks.push(bm);
            }
            Self::RemoveBookmark(id) => state.bookmarks.retain(|b| b.id != id),
            Self::UpdateNote { id, note } => {
                if let Some(b) = state.bookmark_mut(&id) {
                    b.note = note;
                }
            }
            Self::Reanchor { id, anchor } => {
                if let Some(b) = state.bookmark_mut(&id) {
                    anchor.apply_to(b);
                }
            }
            Self::SetPosition {
                fingerprint,
                path,
                position,
                updated,
            } => {
                let entry = state
                    .documents
                    .entry(fingerprint)
                    .or_insert_with(|| DocState {
                        path: String::new(),
                        position: None,
                        updated: String::new(),
                        extra: toml::Table::new(),
                    });
                if let Some(path) = path {
                    entry.path = path;
                }
                entry.position = Some(position);
                entry.updated = updated;
            }
            Self::PushHistory(pattern) => state.push_search_history(&pattern),
        }
    }
}

/// The state file, loaded, with the changes made since.
#[derive(Debug)]
pub struct StateStore {
    path: PathBuf,
    /// The file's content with this process's changes applied.
    state: State,
    /// This process's changes not yet saved.
    pending: Vec<Op>,
    /// How long [`save`](Self::save) waits for the lock.
    lock_timeout: Duration,
}

impl StateStore {
    /// The state file to use: `explicit` (from `--state` or `GANGMU_STATE`), else
    /// [`default_path`].
    pub fn resolve_path(explicit: Option<&Path>) -> Result<PathBuf, StateError> {
        explicit
            .map(Path::to_path_buf)
            .or_else(default_path)
            .ok_or(StateError::NoDataDir)
    }

    /// Reads the state file at `path`; a missing file is an empty state (nothing is created
    /// until [`save`](Self::save)).
    pub fn open(path: impl Into<PathBuf>) -> Result<Self, StateError> {
        let path = path.into();
        let state = match read_text(&path)? {
            Some(text) => parse_state(&text, &path)?,
            None => State::default(),
        };
        Ok(Self {
            path,
            state,
            pending: Vec::new(),
            lock_timeout: LOCK_TIMEOUT,
        })
    }

    /// How long [`save`](Self::save) waits for another process's lock ([`LOCK_TIMEOUT`] unless
    /// set).
    pub fn set_lock_timeout(&mut self, timeout: Duration) {
        self.lock_timeout = timeout;
    }

    /// The file this store reads and writes.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The current state (the file as read, with this process's changes).
    #[must_use]
    pub fn state(&self) -> &State {
        &self.state
    }

    /// True when the file was written by a newer gangmu: it can be read but not saved.
    #[must_use]
    pub fn is_read_only(&self) -> bool {
        self.state.version > STATE_VERSION
    }

    /// True when there are changes to save.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        !self.pending.is_empty()
    }

    fn record(&mut self, op: Op) {
        op.clone().apply(&mut self.state);
        self.pending.push(op);
    }

    /// What is remembered about the document with this fingerprint.
    #[must_use]
    pub fn doc_state(&self, fingerprint: &str) -> Option<&DocState> {
        self.state.documents.get(fingerprint)
    }

    /// Where to resume reading `doc`: its own position, else (the text changed) the most
    /// recent position recorded for the same path, clamped to the document.
    #[must_use]
    pub fn reading_position(&self, doc: &Document, path: Option<&str>) -> Option<Position> {
        let pos = self
            .doc_state(&doc.fingerprint)
            .and_then(|d| d.position)
            .or_else(|| {
                let path = path?;
                self.state
                    .documents
                    .values()
                    .filter(|d| d.path == path && d.position.is_some())
                    .max_by(|a, b| a.updated.cmp(&b.updated))
                    .and_then(|d| d.position)
            })?;
        let last = doc.blocks.len().checked_sub(1)?;
        if pos.block > last {
            return Some(Position::new(last, 0));
        }
        Some(Position::new(
            pos.block,
            pos.offset.min(doc.blocks[pos.block].char_len()),
        ))
    }

    /// Remembers the reading position in `doc` (opened from `path`, `None` for standard input).
    pub fn set_position(&mut self, doc: &Document, path: Option<&str>, position: Position) {
        self.record(Op::SetPosition {
            fingerprint: doc.fingerprint.clone(),
            path: path.map(str::to_string),
            position,
            updated: now_rfc3339(),
        });
    }

    /// The search history, oldest first.
    #[must_use]
    pub fn search_history(&self) -> &[String] {
        &self.state.search_history
    }

    /// Adds a pattern to the search history (the newest entry; an older copy is dropped).
    pub fn push_search_history(&mut self, pattern: &str) {
        if !pattern.is_empty() {
            self.record(Op::PushHistory(pattern.to_string()));
        }
    }

    /// All bookmarks of all documents.
    #[must_use]
    pub fn bookmarks(&self) -> &[Bookmark] {
        &self.state.bookmarks
    }

    /// Makes a bookmark for the passage of `doc` from `start` to `end` (end exclusive; within
    /// one block or across blocks). Returns `None` for an empty or out-of-range passage.
    #[must_use]
    pub fn new_bookmark(
        doc: &Document,
        path: Option<&str>,
        start: Position,
        end: Position,
        note: Option<String>,
    ) -> Option<Bookmark> {
        let quote = anchor::quote_between(doc, start, end)?;
        if quote.is_empty() {
            return None;
        }
        let (before, after) = anchor::context_around(doc, start, end);
        let created = now_rfc3339();
        let seed = format!(
            "{}\u{0}{start:?}\u{0}{end:?}\u{0}{quote}\u{0}{created}\u{0}{}\u{0}{:?}",
            doc.fingerprint,
            std::process::id(),
            std::time::SystemTime::now(),
        );
        Some(Bookmark {
            id: format!("{:08x}", xxhash_rust::xxh3::xxh3_64(seed.as_bytes()) as u32),
            document: doc.fingerprint.clone(),
            path: path.unwrap_or("<stdin>").to_string(),
            section: section_path(doc, start),
            start,
            end,
            before,
            quote,
            after,
            note,
            created,
            orphaned: false,
            extra: toml::Table::new(),
        })
    }

    /// Adds a bookmark (made with [`new_bookmark`](Self::new_bookmark)); returns its id, which
    /// is changed if another bookmark already has it.
    pub fn add_bookmark(&mut self, mut bookmark: Bookmark) -> String {
        bookmark.id = unique_id(&self.state, &bookmark.id);
        let id = bookmark.id.clone();
        self.record(Op::AddBookmark(bookmark));
        id
    }

    /// Removes a bookmark; false if there is none with this id.
    pub fn remove_bookmark(&mut self, id: &str) -> bool {
        let known = self.state.bookmark(id).is_some();
        if known {
            self.record(Op::RemoveBookmark(id.to_string()));
        }
        known
    }

    /// Sets or clears a bookmark's note; false if there is no bookmark with this id.
    pub fn update_note(&mut self, id: &str, note: Option<String>) -> bool {
        let known = self.state.bookmark(id).is_some();
        if known {
            self.record(Op::UpdateNote {
                id: id.to_string(),
                note: note.filter(|n| !n.is_empty()),
            });
        }
        known
    }

    /// Finds the bookmarks of `doc` (opened from `path`; `None` for standard input) in its
    /// current text: in document order, then the orphaned ones in the order they were made.
    ///
    /// A bookmark belongs to `doc` when it was made in the same text (same fingerprint), or in
    /// a file at the same path (the file was edited), or — for a bookmark whose file no longer
    /// exists (moved or renamed) — when its quote *with its context* is found in the text.
    /// Bookmarks whose position, context or document changed are updated in the store (saved
    /// with the next [`save`](Self::save)); one that belongs to `doc` but cannot be found is
    /// marked orphaned, never dropped.
    pub fn anchor_bookmarks(
        &mut self,
        doc: &Document,
        path: Option<&str>,
    ) -> Vec<AnchoredBookmark> {
        let mut candidates: Vec<usize> = Vec::new();
        let mut context_only: Vec<bool> = Vec::new();
        // one file-system look-up per path, not per bookmark
        let mut file_exists: std::collections::HashMap<&str, bool> =
            std::collections::HashMap::new();
        for (i, b) in self.state.bookmarks.iter().enumerate() {
            let owned = b.document == doc.fingerprint || path.is_some_and(|p| b.path == p);
            let mut gone = || {
                !*file_exists
                    .entry(b.path.as_str())
                    .or_insert_with(|| Path::new(&b.path).is_file())
            };
            if owned || gone() {
                candidates.push(i);
                context_only.push(!owned);
            }
        }
        // The joined text and its index cost as much again as the document: build them only
        // when there is a bookmark to look for.
        if candidates.is_empty() {
            return Vec::new();
        }
        let text = DocText::new(doc);
        let refs: Vec<&Bookmark> = candidates
            .iter()
            .map(|&i| &self.state.bookmarks[i])
            .collect();
        let found = locate(&text, &refs, &context_only);

        let mut anchored = Vec::new();
        let mut ops = Vec::new();
        for ((&i, &foreign), found) in candidates.iter().zip(&context_only).zip(found) {
            let old = &self.state.bookmarks[i];
            let (anchor, status) = match found {
                Some(f) => {
                    let (before, after) = text.context(f.start, f.end);
                    let quote = text.passage(f.start, f.end).unwrap_or_default().to_string();
                    let anchor = Anchor {
                        document: doc.fingerprint.clone(),
                        path: path.map_or_else(|| old.path.clone(), str::to_string),
                        section: section_path(doc, f.start),
                        start: f.start,
                        end: f.end,
                        before,
                        quote,
                        after,
                        orphaned: false,
                    };
                    (anchor, f.status)
                }
                None if foreign => continue,
                None => {
                    let mut anchor = Anchor::of(old);
                    anchor.orphaned = true;
                    (anchor, AnchorStatus::Orphaned)
                }
            };
            let mut bookmark = old.clone();
            if anchor != Anchor::of(old) {
                ops.push(Op::Reanchor {
                    id: old.id.clone(),
                    anchor: anchor.clone(),
                });
            }
            anchor.apply_to(&mut bookmark);
            anchored.push(AnchoredBookmark { bookmark, status });
        }
        for op in ops {
            self.record(op);
        }
        // document order; orphans (whose positions mean nothing now) last, oldest first
        anchored.sort_by(|a, b| {
            let key = |x: &AnchoredBookmark| {
                let orphan = x.status == AnchorStatus::Orphaned;
                (
                    orphan,
                    if orphan {
                        Position::default()
                    } else {
                        x.bookmark.start
                    },
                )
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| a.bookmark.created.cmp(&b.bookmark.created))
        });
        anchored
    }

    /// Writes this process's changes: under an exclusive lock on `FILE.lock`, re-reads the
    /// file, replays the changes onto it, and replaces it atomically, keeping what a person
    /// wrote in it (comments, layout) wherever nothing changed. Nothing is written when there
    /// is nothing to save. A symbolic link is followed and the file it leads to is written.
    /// Refuses to write over a file that does not parse, that a newer gangmu wrote, or that is
    /// not a regular file; gives up after [`LOCK_TIMEOUT`] if another process holds the lock.
    /// The changes stay pending when the save fails.
    pub fn save(&mut self) -> Result<(), StateError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        if self.is_read_only() {
            return Err(StateError::TooNew {
                path: self.path.clone(),
                found: self.state.version,
            });
        }
        let write_err = |error| StateError::Write {
            path: self.path.clone(),
            error,
        };
        // Checked before anything is created: a device must not get a lock file beside it.
        let target = files::write_target(&self.path).map_err(|e| match e {
            files::TargetError::Special { target, kind } => {
                StateError::NotRegular { path: target, kind }
            }
            files::TargetError::Io(e) => write_err(e),
        })?;
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(write_err)?;
        }
        let lock = self.lock(&target)?;

        let text = read_text(&target)?;
        let mut fresh = match &text {
            Some(text) => parse_state(text, &target)?,
            None => State::default(),
        };
        if fresh.version > STATE_VERSION {
            return Err(StateError::TooNew {
                path: self.path.clone(),
                found: fresh.version,
            });
        }
        for op in self.pending.iter().cloned() {
            op.apply(&mut fresh);
        }
        let body =
            updated_text(text.as_deref(), &fresh).map_err(|e| write_err(io::Error::other(e)))?;
        // Under the lock no other save is writing a temporary file: the ones there are left
        // over from a gangmu that was killed.
        files::remove_stale_temporaries(&target);
        atomic::write_target_atomically(&target, body.as_bytes(), NewFileMode::Private)
            .map_err(write_err)?;
        self.pending.clear();
        self.state = fresh;
        // the lock is released when `lock` is closed
        drop(lock);
        Ok(())
    }

    /// Takes the exclusive lock on the lock file beside `target`, waiting at most
    /// `lock_timeout`. The lock file is created owner-only: whoever can open it can hold the
    /// lock.
    fn lock(&self, target: &Path) -> Result<File, StateError> {
        let path = lock_path(target);
        let lock_err = |error| StateError::Write {
            path: path.clone(),
            error,
        };
        // Opening a FIFO would wait for a reader, a link could lead anywhere.
        match fs::symlink_metadata(&path) {
            Ok(meta) => {
                if let Some(kind) = special_kind(&meta) {
                    return Err(StateError::NotRegular { path, kind });
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(lock_err(e)),
        }
        let mut options = File::options();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            options.mode(0o600);
            let file = options.open(&path).map_err(lock_err)?;
            // One made by an older gangmu followed the umask: narrow it (if it is ours).
            if file
                .metadata()
                .is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
            {
                let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
            }
            self.wait_for_lock(file, &path)
        }
        #[cfg(not(unix))]
        {
            let file = options.open(&path).map_err(lock_err)?;
            self.wait_for_lock(file, &path)
        }
    }

    fn wait_for_lock(&self, file: File, path: &Path) -> Result<File, StateError> {
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < self.lock_timeout => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(StateError::Locked {
                        path: self.path.clone(),
                        lock: path.to_path_buf(),
                        waited: self.lock_timeout,
                    });
                }
                Err(fs::TryLockError::Error(error)) => {
                    return Err(StateError::Write {
                        path: path.to_path_buf(),
                        error,
                    });
                }
            }
        }
    }
}

/// The sidecar lock file: `state.toml.lock` beside `state.toml`. It is never removed
/// (removing a lock file lets two processes hold "the" lock at once).
fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

/// Reads the state file's text; `None` when it does not exist. Only a regular file of at most
/// [`MAX_STATE_BYTES`] in UTF-8 is read.
fn read_text(path: &Path) -> Result<Option<String>, StateError> {
    let bytes = match files::read_regular(path, MAX_STATE_BYTES) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok(None),
        Err(files::ReadError::Special(kind)) => {
            return Err(StateError::NotRegular {
                path: path.to_path_buf(),
                kind,
            });
        }
        Err(files::ReadError::TooLarge(limit)) => {
            return Err(StateError::TooLarge {
                path: path.to_path_buf(),
                limit,
            });
        }
        Err(files::ReadError::Io(error)) => {
            return Err(StateError::Read {
                path: path.to_path_buf(),
                error,
            });
        }
    };
    state_text(bytes, path).map(Some)
}

/// The state file's bytes as text (`path` is for messages).
///
/// # Errors
/// [`StateError::Parse`] with the line and column of the first byte that is not UTF-8.
pub fn state_text(bytes: Vec<u8>, path: &Path) -> Result<String, StateError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
        let (line, column) = line_column(before, valid);
        StateError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: "not valid UTF-8 (gangmu writes it as UTF-8)".to_string(),
        }
    })
}

/// Parses the state file's text (`path` is for messages).
///
/// # Errors
/// [`StateError::Parse`] with the line and column, or [`StateError::TooNew`] for a file of a
/// newer schema that this version cannot read.
pub fn parse_state(text: &str, path: &Path) -> Result<State, StateError> {
    toml::from_str::<State>(text).map_err(|e| {
        // A file from a newer gangmu may not fit this schema: say that rather than "invalid".
        if let Some(found) = future_version(text) {
            return StateError::TooNew {
                path: path.to_path_buf(),
                found,
            };
        }
        let (line, column) = e
            .span()
            .map_or((1, 1), |span| line_column(text, span.start));
        StateError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: shorten(&crate::doc::decode::printable(
                e.message().lines().next().unwrap_or("invalid TOML"),
            )),
        }
    })
}

/// A message that may quote the file, cut to one readable line.
fn shorten(text: &str) -> String {
    const MAX_CHARS: usize = 160;
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The `version` of a file that parses as TOML but declares a version above ours.
fn future_version(text: &str) -> Option<u32> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let version = u32::try_from(table.get("version")?.as_integer()?).ok()?;
    (version > STATE_VERSION).then_some(version)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, byte: usize) -> (usize, usize) {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let before = &text[..byte];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// An id not used by any bookmark in `state`: `wanted` if free, else a hash of it.
fn unique_id(state: &State, wanted: &str) -> String {
    let mut id = wanted.to_string();
    let mut salt = 0u32;
    while state.bookmark(&id).is_some() {
        salt += 1;
        let seed = format!("{wanted}/{salt}/{:?}", std::time::SystemTime::now());
        id = format!("{:08x}", xxhash_rust::xxh3::xxh3_64(seed.as_bytes()) as u32);
    }
    id
}

fn section_path(doc: &Document, pos: Position) -> Vec<String> {
    doc.section_path(pos)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// The current time as RFC 3339, to the second, in local time when the offset is known.
#[must_use]
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_local()
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
