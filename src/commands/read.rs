//! `gangmu [PATH]`: open the reader in the terminal.
//!
//! Everything that touches files happens here (the document, the config, the state file, the
//! export); the reader itself (`app`, `ui`, `tui`) only receives them: the state file through a
//! [`Storage`] that this module implements over [`StateStore`].
use std::path::{Path, PathBuf};

use std::io::Write;

use anyhow::{Result, anyhow};

use crate::app::{App, Session, Storage, StorageError, StorageErrorKind};
use crate::cli::{AmbiguousArg, GlobalOpts};
use crate::config::Config;
use crate::doc::{Document, Position};
use crate::source::{Loaded, Origin};
use crate::store::{Bookmark, NewFileMode, StateStore, write_atomically};
use crate::{shown, source, tui};

/// Loads the config, the document and what the state file remembers, runs the reader, and
/// saves the reading position when it closes.
///
/// # Errors
/// Standard output is not a terminal; the config or the document cannot be read; the terminal fails.
pub fn run(global: &GlobalOpts, path: Option<&Path>) -> Result<()> {
    // Checked first: no point reading a large file to then refuse to draw it.
    tui::ensure_terminal()?;
    let autosave = tui::autosave_interval()?;
    let config = Config::load(global.config.as_deref())?;
    let loaded = source::load_quiet(path, global.encoding.as_deref())?;
    let encoding_note = loaded.encoding_note.clone();
    let ambiguous = global.ambiguous_width.unwrap_or(config.ambiguous_width);
    let (store, mut session) = remembered(
        Some(StateStore::resolve_path(global.state.as_deref())),
        &loaded,
    );
    let export_path = std::env::current_dir()
        .unwrap_or_else(|_| PathBuf::from("."))
        .join(export_file_name(&loaded.doc, &loaded.origin));
    session.storage = Box::new(FileStorage {
        store: store.ok_or_else(|| {
            session
                .warning
                .clone()
                .unwrap_or_else(|| "the state file cannot be used".to_string())
        }),
        export_path,
    });
    // The real size arrives before the first frame; this only has to be something sensible.
    let mut app = App::new(
        loaded.doc,
        loaded.origin.display_name(),
        config,
        ambiguous.or_narrow(),
        80,
        24,
    );
    app.open_session(session);
    if app.message.is_none() {
        app.message = encoding_note;
    }
    // Installed before the terminal is set up, and kept to the end: a signal while saving is
    // still seen (and a second one gets the default action).
    let signals = tui::Signals::install()?;
    let result = tui::run(
        &mut app,
        ambiguous == AmbiguousArg::Auto,
        &signals,
        autosave,
    );
    // Saved after the terminal is restored, so that a failure can be told plainly.
    let saved = app
        .save_session()
        .map_err(|e| anyhow!("the reading position and bookmarks were not saved: {e}"));
    let say = |not_saved: anyhow::Error| {
        let _ = writeln!(
            std::io::stderr(),
            "gangmu: {}",
            shown::error_line(&not_saved)
        );
    };
    // A signal decides the exit status even if restoring the terminal failed (after a hang-up
    // there is no terminal to write to).
    let signal = match &result {
        Ok(tui::Ended::Signal(signal)) => Some(*signal),
        _ => signals.received(),
    };
    if let Some(signal) = signal {
        if let Err(not_saved) = saved {
            say(not_saved);
        }
        return Err(super::Stopped(signal).into());
    }
    if let Err(e) = result {
        if let Err(not_saved) = saved {
            say(not_saved);
        }
        return Err(e);
    }
    saved
}

/// What the state file at `state` remembers about the loaded document: its bookmarks (found
/// again in its current text), its reading position, the search history; and the store to save
/// changes to. A file that cannot be used gives no store and a warning (it is left untouched).
/// `None` for `state`: nothing is remembered (`gangmu render` without `--state`).
#[must_use]
pub fn remembered(
    state: Option<Result<PathBuf, crate::store::StateError>>,
    loaded: &Loaded,
) -> (Option<StateStore>, Session) {
    let mut session = Session::default();
    let Some(state) = state else {
        return (None, session);
    };
    let key = super::bookmarks::document_key(&loaded.origin);
    let opened = state.and_then(StateStore::open);
    let mut store = match opened {
        Ok(store) => store,
        Err(e) => {
            session.warning = Some(format!("{e} — not saving until it is fixed"));
            return (None, session);
        }
    };
    session.bookmarks = store.anchor_bookmarks(&loaded.doc, key.as_deref());
    session.position = store.reading_position(&loaded.doc, key.as_deref());
    session.history = store.search_history().to_vec();
    session.doc_key = key;
    if store.is_read_only() {
        session.warning = Some(format!(
            "state file {} was written by a newer gangmu: not saving to it",
            store.path().display()
        ));
        return (None, session);
    }
    (Some(store), session)
}

/// The file `x` writes: `<title or file stem>-bookmarks.md`, with the characters that file
/// systems refuse (`/ \ : * ? " < > |`, control characters) replaced by `_`.
#[must_use]
pub fn export_file_name(doc: &Document, origin: &Origin) -> String {
    let base = doc
        .meta
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| match origin {
            Origin::File(p) => p.file_stem().map_or_else(
                || "report".to_string(),
                |s| s.to_string_lossy().into_owned(),
            ),
            Origin::Stdin => "stdin".to_string(),
            Origin::Sample => "sample".to_string(),
        });
    let cleaned: String = base
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        // A long title would make an unwieldy (or, past 255 bytes, impossible) name.
        .take(60)
        .collect();
    let cleaned = cleaned.trim_start_matches('.');
    format!(
        "{}-bookmarks.md",
        if cleaned.is_empty() {
            "report"
        } else {
            cleaned
        }
    )
}

/// The reader's storage: the state file, or the reason it cannot be used; and where `x` exports.
#[derive(Debug)]
struct FileStorage {
    store: Result<StateStore, String>,
    export_path: PathBuf,
}

impl Storage for FileStorage {
    fn add_bookmark(&mut self, bookmark: Bookmark) -> String {
        match &mut self.store {
            Ok(store) => store.add_bookmark(bookmark),
            Err(_) => bookmark.id,
        }
    }

    fn remove_bookmark(&mut self, id: &str) {
        if let Ok(store) = &mut self.store {
            store.remove_bookmark(id);
        }
    }

    fn update_note(&mut self, id: &str, note: Option<String>) {
        if let Ok(store) = &mut self.store {
            store.update_note(id, note);
        }
    }

    fn push_search_history(&mut self, pattern: &str) {
        if let Ok(store) = &mut self.store {
            store.push_search_history(pattern);
        }
    }

    fn set_position(&mut self, doc: &Document, key: Option<&str>, position: Position) {
        if let Ok(store) = &mut self.store {
            // Only a move is worth writing the file for.
            let known = store.doc_state(&doc.fingerprint).and_then(|d| d.position);
            if known != Some(position) {
                store.set_position(doc, key, position);
            }
        }
    }

    fn save(&mut self) -> Result<(), StorageError> {
        match &mut self.store {
            Ok(store) => store.save().map_err(|e| StorageError::from_state(&e)),
            Err(problem) => Err(StorageError::new(
                StorageErrorKind::Unusable,
                problem.clone(),
            )),
        }
    }

    fn write_export(&mut self, markdown: &str) -> Result<String, StorageError> {
        let shown = self.export_path.display().to_string();
        write_atomically(&self.export_path, markdown.as_bytes(), NewFileMode::Shared)
            .map(|()| shown.clone())
            .map_err(|e| StorageError::from_io(&e, format!("cannot write {shown}: {e}")))
    }

    fn problem(&self) -> Option<&str> {
        self.store.as_ref().err().map(String::as_str)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn export_names_come_from_the_title_or_the_file() {
        let mut doc = Document::default();
        let file = Origin::File(PathBuf::from("/tmp/报告 2024.txt"));
        assert_eq!(export_file_name(&doc, &file), "报告 2024-bookmarks.md");
        assert_eq!(export_file_name(&doc, &Origin::Stdin), "stdin-bookmarks.md");
        doc.meta.title = Some("关于“A/B”的报告: 第1号".to_string());
        assert_eq!(
            export_file_name(&doc, &file),
            "关于“A_B”的报告_ 第1号-bookmarks.md"
        );
        doc.meta.title = Some("..".to_string());
        assert_eq!(export_file_name(&doc, &file), "report-bookmarks.md");
        doc.meta.title = Some("长".repeat(200));
        assert!(export_file_name(&doc, &file).len() < 255);
    }

    #[test]
    fn an_unreadable_state_file_gives_a_warning_and_no_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        std::fs::write(&path, "version = [\n").unwrap();
        let loaded = Loaded {
            doc: crate::doc::parse("一段文字。\n"),
            origin: Origin::Sample,
            encoding_note: None,
        };
        let (store, session) = remembered(Some(Ok(path.clone())), &loaded);
        assert!(store.is_none());
        let warning = session.warning.unwrap();
        assert!(
            warning.contains("state.toml") && warning.contains("line 1"),
            "{warning}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "version = [\n");
        // No state at all: nothing remembered, no warning.
        let (store, session) = remembered(None, &loaded);
        assert!(store.is_none() && session.warning.is_none());
    }
}
