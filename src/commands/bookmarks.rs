//! `gangmu bookmarks list|add|remove`: the document's bookmarks without the reader.
//!
//! * `list [PATH]` re-anchors the document's bookmarks in its current text and prints them in
//!   document order (orphaned ones last). It does not write the state file: re-anchoring is
//!   saved by the commands that change the state (`add`, `remove`) and by the reader.
//! * `add [PATH] --quote TEXT [--note TEXT]` bookmarks the first passage that matches TEXT
//!   (matched as `gangmu search` matches: folded, across the source's line breaks) and prints
//!   the new id on stdout; it fails (exit 1) when no passage matches, and says on stderr how
//!   many other passages matched. The bookmark quotes the matched text as the document has it.
//!   Bookmarking the same passage again changes nothing but the note, if one is given.
//! * `remove ID [PATH]` removes a bookmark by id (ids are unique across documents, so PATH is
//!   not needed).
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::cli::{BookmarksCommand, GlobalOpts};
use crate::search::{Matcher, SearchIndex, SearchOptions};
use crate::source::{self, Loaded, Origin};
use crate::store::{AnchorStatus, AnchoredBookmark, StateStore};

pub fn run(global: &GlobalOpts, action: BookmarksCommand) -> Result<()> {
    match action {
        BookmarksCommand::List { path } => list(global, path.as_deref()),
        BookmarksCommand::Add { quote, note, path } => add(global, path.as_deref(), &quote, note),
        BookmarksCommand::Remove { id, path: _ } => remove(global, &id),
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
        eprintln!("gangmu: no bookmarks for {}", loaded.origin.display_name());
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
            "{}  {status}{}:{}  {section}",
            bm.id, bm.start.block, bm.start.offset
        );
        for line in bm.quote.split('\n') {
            let _ = writeln!(out, "          {line}");
        }
        if let Some(note) = &bm.note {
            let _ = writeln!(out, "          Note: {note}");
        }
    }
    out
}

fn add(global: &GlobalOpts, path: Option<&Path>, quote: &str, note: Option<String>) -> Result<()> {
    let (loaded, mut store, existing) = anchored(global, path)?;
    let doc = &loaded.doc;
    let matcher = Matcher::new(quote, SearchOptions::default())
        .with_context(|| format!("cannot bookmark “{quote}”"))?;
    let hits = SearchIndex::new(doc, false).find_all(&matcher);
    let Some(hit) = hits.get(0) else {
        bail!(
            "no passage of {} contains “{quote}”",
            loaded.origin.display_name()
        );
    };
    let (start, end) = (hit.position(), hit.end_position());
    let note = note.filter(|n| !n.is_empty());
    let id = if let Some(same) = existing.iter().find(|b| {
        b.status != AnchorStatus::Orphaned && b.bookmark.start == start && b.bookmark.end == end
    }) {
        let id = same.bookmark.id.clone();
        if note.is_some() && note != same.bookmark.note {
            store.update_note(&id, note);
        }
        eprintln!("gangmu: already bookmarked as {id}");
        id
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
        eprintln!(
            "gangmu: bookmarked “{}” at {}:{}{others}",
            &doc.blocks[hit.block].text[hit.start..hit.end],
            start.block,
            start.offset
        );
        id
    };
    store.save()?;
    super::write_stdout(&format!("{id}\n"))
}

fn remove(global: &GlobalOpts, id: &str) -> Result<()> {
    let mut store = open_store(global)?;
    if !store.remove_bookmark(id) {
        bail!("no bookmark with id {id} in {}", store.path().display());
    }
    store.save()?;
    eprintln!("gangmu: removed bookmark {id}");
    Ok(())
}
