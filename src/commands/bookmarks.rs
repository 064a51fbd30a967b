//! `gangmu bookmarks list|add|remove|note`: the document's bookmarks without the reader.
//!
//! * `list [PATH]` re-anchors the document's bookmarks in its current text and prints them in
//!   document order (orphaned ones last). It does not write the state file: re-anchoring is
//!   saved by the commands that change the state (`add`, `remove`, `note`) and by the reader.
//! * `add [PATH] --quote TEXT [--note TEXT]` bookmarks the first passage that matches TEXT
//!   (matched as `gangmu search` matches: folded, across the source's line breaks) and prints
//!   the new id on stdout; it fails (exit 1) when no passage matches, and says on stderr how
//!   many other passages matched. The bookmark quotes the matched text as the document has it.
//!   Bookmarking the same passage again changes nothing, except that a note is added to a
//!   bookmark that has none; a bookmark that has another note keeps it and the command fails,
//!   pointing at `note` (a note is never replaced without being asked for by id).
//! * `remove ID [PATH]` removes a bookmark by id (ids are unique across documents, so PATH is
//!   not needed).
//! * `note ID TEXT` sets a bookmark's note (an empty TEXT removes it) and shows on stderr the
//!   note it replaced.
//!
//! Success is reported only once the state file is saved. Notes, quotes, sections and file
//! names are printed with their control characters as pictures (`␛`): the state file is edited
//! by hand and may hold anything.
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::cli::{BookmarksCommand, GlobalOpts};
use crate::doc::decode::printable;
use crate::search::{Matcher, SearchIndex, SearchOptions};
use crate::source::{self, Loaded, Origin};
use crate::store::{AnchorStatus, AnchoredBookmark, StateStore};

pub fn run(global: &GlobalOpts, action: BookmarksCommand) -> Result<()> {
    match action {
        BookmarksCommand::List { path } => list(global, path.as_deref()),
        BookmarksCommand::Add { quote, note, path } => add(global, path.as_deref(), &quote, note),
        BookmarksCommand::Remove { id, path: _ } => remove(global, &id),
        BookmarksCommand::Note { id, text, path: _ } => set_note(global, &id, &text),
    }
}

/// `text` for a one-line message: controls as pictures, and cut after 60 characters (an
/// argument may be thousands of characters long).
#[must_use]
pub fn shown(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let text = printable(text);
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.into_owned(),
    }
}

/// Opens the state file named by `--state` / `GANGMU_STATE`, else the default one.
pub fn open_store(global: &GlobalOpts) -> Result<StateStore> {
    let path = StateStore::resolve_path(global.state.as_deref())?;
    Ok(StateStore::open(path)?)
}

/// The path under which a document's bookmarks are kept: the absolute file path, the sample's
/// name, or none for standard input.
#[must_use]
pub fn document_key(origin: &Origin) -> Option<String> {
    match origin {
        Origin::Stdin => None,
        other => Some(other.display_name()),
    }
}

/// Loads the document and finds its bookmarks in it.
pub fn anchored(
    global: &GlobalOpts,
    path: Option<&Path>,
) -> Result<(Loaded, StateStore, Vec<AnchoredBookmark>)> {
    let mut store = open_store(global)?;
    let loaded = source::load(path, global.encoding.as_deref())?;
    let key = document_key(&loaded.origin);
    let bookmarks = store.anchor_bookmarks(&loaded.doc, key.as_deref());
    Ok((loaded, store, bookmarks))
}

fn list(global: &GlobalOpts, path: Option<&Path>) -> Result<()> {
    let (loaded, _store, bookmarks) = anchored(global, path)?;
    if bookmarks.is_empty() {
        eprintln!(
            "gangmu: no bookmarks for {}",
            printable(&loaded.origin.display_name())
        );
    }
    super::write_stdout(&list_text(&bookmarks))
}

/// `ID  [status] section path`, then the quote and the note, indented.
#[must_use]
pub fn list_text(bookmarks: &[AnchoredBookmark]) -> String {
    let mut out = String::new();
    for b in bookmarks {
        let bm = &b.bookmark;
        let status = match b.status {
            AnchorStatus::Exact | AnchorStatus::Moved => "",
            AnchorStatus::Edited => "(edited) ",
            AnchorStatus::Orphaned => "(not found) ",
        };
        let section = if bm.section.is_empty() {
            "(before the first heading)".to_string()
        } else {
            bm.section.join(" › ")
        };
        let _ = writeln!(
            out,
            "{}  {status}{}:{}  {}",
            printable(&bm.id),
            bm.start.block,
            bm.start.offset,
            printable(&section)
        );
        for line in bm.quote.split('\n') {
            let _ = writeln!(out, "          {}", printable(line));
        }
        if let Some(note) = &bm.note {
            let mut lines = note.split('\n');
            let first = lines.next().unwrap_or_default();
            let _ = writeln!(out, "          Note: {}", printable(first));
            for line in lines {
                let _ = writeln!(out, "                {}", printable(line));
            }
        }
    }
    out
}

fn add(global: &GlobalOpts, path: Option<&Path>, quote: &str, note: Option<String>) -> Result<()> {
    let (loaded, mut store, existing) = anchored(global, path)?;
    let doc = &loaded.doc;
    let matcher = Matcher::new(quote, SearchOptions::default())
        .with_context(|| format!("cannot bookmark “{}”", shown(quote)))?;
    let hits = SearchIndex::new(doc, false).find_all(&matcher);
    let Some(hit) = hits.get(0) else {
        bail!(
            "no passage of {} contains “{}”",
            printable(&loaded.origin.display_name()),
            shown(quote)
        );
    };
    let (start, end) = (hit.position(), hit.end_position());
    let note = note.filter(|n| !n.is_empty());
    // Said only after the save: a message of success followed by a failure would be a lie.
    let (id, message) = if let Some(same) = existing.iter().find(|b| {
        b.status != AnchorStatus::Orphaned && b.bookmark.start == start && b.bookmark.end == end
    }) {
        let id = same.bookmark.id.clone();
        match (&note, &same.bookmark.note) {
            (Some(new), Some(old)) if new != old => bail!(
                "this passage is already bookmarked as {} with the note “{}”; to replace \
                 the note: gangmu bookmarks note {} TEXT",
                printable(&id),
                shown(old),
                printable(&id)
            ),
            (Some(_), None) => {
                store.update_note(&id, note);
                let message = format!("already bookmarked as {}; note added", printable(&id));
                (id, message)
            }
            _ => {
                let message = format!("already bookmarked as {}", printable(&id));
                (id, message)
            }
        }
    } else {
        let key = super::bookmarks::document_key(&loaded.origin);
        let Some(bookmark) = StateStore::new_bookmark(doc, key.as_deref(), start, end, note) else {
            bail!("cannot bookmark an empty passage");
        };
        let id = store.add_bookmark(bookmark);
        let others = match hits.len() - 1 {
            0 => String::new(),
            1 => " (the first of 2 matching passages)".to_string(),
            n => format!(" (the first of {} matching passages)", n + 1),
        };
        let message = format!(
            "bookmarked “{}” at {}:{}{others}",
            shown(&doc.blocks[hit.block].text[hit.start..hit.end]),
            start.block,
            start.offset
        );
        (id, message)
    };
    store.save()?;
    eprintln!("gangmu: {message}");
    super::write_stdout(&format!("{id}\n"))
}

fn remove(global: &GlobalOpts, id: &str) -> Result<()> {
    let mut store = open_store(global)?;
    if !store.remove_bookmark(id) {
        bail!(
            "no bookmark with id {} in {}",
            shown(id),
            printable(&store.path().display().to_string())
        );
    }
    store.save()?;
    eprintln!("gangmu: removed bookmark {}", printable(id));
    Ok(())
}

fn set_note(global: &GlobalOpts, id: &str, text: &str) -> Result<()> {
    let mut store = open_store(global)?;
    let Some(old) = store.state().bookmark(id).map(|b| b.note.clone()) else {
        bail!(
            "no bookmark with id {} in {}",
            shown(id),
            printable(&store.path().display().to_string())
        );
    };
    let new = Some(text.to_string()).filter(|t| !t.is_empty());
    if old == new {
        eprintln!("gangmu: bookmark {} already has this note", printable(id));
        return Ok(());
    }
    store.update_note(id, new.clone());
    store.save()?;
    // The note replaced is shown, so that it is not lost without a trace.
    let was = old.map_or_else(String::new, |old| {
        format!(" (it was “{}”)", printable(&old))
    });
    let what = if new.is_some() { "set" } else { "removed" };
    eprintln!("gangmu: note of bookmark {} {what}{was}", printable(id));
    Ok(())
}
