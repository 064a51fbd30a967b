//! Bookmarks in the reader: `m` bookmarks the passage at the reading position and asks for a
//! note, the list (`'` or `B`) jumps to one, edits its note or deletes it, `x` exports them, and
//! the reading pane marks bookmarked passages in its margin.
//!
//! The bookmarks themselves belong to the document's view ([`Bookmarks`]); the list
//! ([`BookmarkPicker`]) and the note being typed ([`NoteEdit`]) are overlays.

use crate::doc::{Document, Position};
use crate::export::{Passages, markdown};
use crate::passage::Passage;
use crate::store::{AnchorStatus, AnchoredBookmark, Bookmark, StateStore};

use super::overlay::Overlay;
use super::storage::StorageError;
use super::text_input::TextInput;
use super::view::DocView;
use super::{Action, App};

/// A document's bookmarks and where they are in the text.
#[derive(Debug, Clone, Default)]
pub struct Bookmarks {
    /// Document order, orphaned ones last (as [`StateStore::anchor_bookmarks`] gives them).
    items: Vec<AnchoredBookmark>,
    /// Byte ranges of the bookmarks found in the text, for the margin marks.
    marks: Vec<Mark>,
}

/// A bookmarked passage as `(block, byte)` bounds, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    start: (usize, usize),
    end: (usize, usize),
}

/// Rows one bookmark takes in the list: its section, its quote, its note.
pub const ROWS_PER_BOOKMARK: usize = 3;

/// What the bookmark list draws of one bookmark (the drawing needs no storage types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkRow<'a> {
    /// The headings above the passage, outermost first (empty before the first heading).
    pub section: &'a [String],
    pub quote: &'a str,
    pub note: Option<&'a str>,
    /// The passage is not in the current text.
    pub orphaned: bool,
}

impl Bookmarks {
    /// The bookmarks, document order, orphaned ones last.
    #[must_use]
    pub fn items(&self) -> &[AnchoredBookmark] {
        &self.items
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Bookmark `index` as the list draws it.
    #[must_use]
    pub fn row(&self, index: usize) -> Option<BookmarkRow<'_>> {
        self.items.get(index).map(|item| BookmarkRow {
            section: &item.bookmark.section,
            quote: &item.bookmark.quote,
            note: item.bookmark.note.as_deref(),
            orphaned: item.status == AnchorStatus::Orphaned,
        })
    }

    fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |x: &AnchoredBookmark| (x.status == AnchorStatus::Orphaned, x.bookmark.start);
            key(a)
                .cmp(&key(b))
                .then_with(|| a.bookmark.created.cmp(&b.bookmark.created))
        });
    }

    fn position_of(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|b| b.bookmark.id == id)
    }

    /// True when a bookmarked passage covers part of `block`'s bytes `start..end`.
    fn covers(&self, block: usize, start: usize, end: usize) -> bool {
        let (from, to) = ((block, start), (block, end.max(start + 1)));
        // Marks are sorted by start: only those starting before the line's end can cover it.
        let before_end = self.marks.partition_point(|m| m.start < to);
        self.marks[..before_end].iter().any(|m| m.end > from)
    }

    /// Recomputes the margin marks after the bookmarks changed.
    fn remark(&mut self, doc: &Document) {
        let byte = |pos: Position| {
            doc.blocks
                .get(pos.block)
                .map(|b| (pos.block, b.byte_offset(pos.offset)))
        };
        let mut marks: Vec<Mark> = self
            .items
            .iter()
            .filter(|b| b.status != AnchorStatus::Orphaned)
            .filter_map(|b| {
                Some(Mark {
                    start: byte(b.bookmark.start)?,
                    end: byte(b.bookmark.end).unwrap_or((usize::MAX, 0)),
                })
            })
            .collect();
        marks.sort_by_key(|m| m.start);
        self.marks = marks;
    }
}

/// The bookmark list's state, while it is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookmarkPicker {
    /// The selected item of the list.
    pub selected: usize,
    /// The first item shown.
    pub offset: usize,
    /// `d` was pressed: the next key confirms (y) or not.
    pub confirm_delete: bool,
}

impl BookmarkPicker {
    /// Keeps the selected item of `count` within `rows` rows of list.
    pub(super) fn scroll_to_selection(&mut self, count: usize, rows: usize) {
        let visible = (rows / ROWS_PER_BOOKMARK).max(1);
        self.selected = self.selected.min(count.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + visible {
            self.offset = self.selected + 1 - visible;
        }
        self.offset = self.offset.min(count.saturating_sub(visible));
    }
}

impl DocView {
    /// The document's bookmarks.
    #[must_use]
    pub fn bookmarks(&self) -> &Bookmarks {
        &self.bookmarks
    }

    /// True when a bookmarked passage covers part of `block`'s bytes `start..end` (a line of the
    /// reading pane).
    #[must_use]
    pub fn is_bookmarked(&self, block: usize, start: usize, end: usize) -> bool {
        self.bookmarks.covers(block, start, end)
    }

    /// Replaces the bookmarks (from the state file, found again in this text).
    pub(super) fn set_bookmarks(&mut self, items: Vec<AnchoredBookmark>) {
        self.bookmarks.items = items;
        self.bookmarks.sort();
        self.bookmarks.remark(&self.doc);
    }

    /// The passage `m` bookmarks: the sentence of the selected search match when it is on
    /// screen (a quotable passage, not the bare search word), else the paragraph at the top of
    /// the reading pane.
    fn passage_to_bookmark(&mut self) -> Option<(Position, Position)> {
        if let Some(hit) = self.current_hit_on_screen() {
            let block = self.doc.blocks.get(hit.block)?;
            let sentence = crate::text::sentences::sentence_at(&block.text, hit.start);
            let start = block.char_offset(sentence.start.min(hit.start));
            let end = block.char_offset(sentence.end.max(hit.end));
            return Some((
                Position::new(hit.block, start),
                Position::new(hit.block, end),
            ));
        }
        let block = self.top().block;
        let len = self.doc.blocks.get(block)?.char_len();
        (len > 0).then(|| (Position::new(block, 0), Position::new(block, len)))
    }

    /// A new bookmark of `start..end` (the store quotes it from the blocks it spans only).
    fn new_bookmark(&self, start: Position, end: Position) -> Option<Bookmark> {
        StateStore::new_bookmark(&self.doc, self.doc_key.as_deref(), start, end, None)
    }
}

/// A note being typed for a bookmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEdit {
    pub bookmark_id: String,
    pub input: TextInput,
    /// True for a bookmark just made (Esc keeps it without a note); false when editing a note
    /// from the list (Esc leaves the note as it was).
    pub new: bool,
    /// The list to go back to, when the note was opened from it.
    back_to: Option<BookmarkPicker>,
}

/// `m`: bookmarks the passage at the reading position and asks for a note. A passage that is
/// already bookmarked gets its note edited instead.
pub(super) fn bookmark_here(app: &mut App) -> Overlay {
    let Some((start, end)) = app.view_mut().passage_to_bookmark() else {
        app.message = Some("nothing to bookmark here".to_string());
        return Overlay::None;
    };
    bookmark_span(app, start, end)
}

/// `m` while selecting: bookmarks exactly the selection.
pub(super) fn bookmark_passage(app: &mut App, passage: Passage) -> Overlay {
    if passage.is_empty() {
        app.message = Some("nothing to bookmark here".to_string());
        return Overlay::None;
    }
    bookmark_span(app, passage.start, passage.end)
}

/// Bookmarks `start..end` and asks for its note, or edits the note of the bookmark that has
/// exactly that passage already.
fn bookmark_span(app: &mut App, start: Position, end: Position) -> Overlay {
    let view = app.view_mut();
    if let Some(existing) = view.bookmarks.items.iter().find(|b| {
        b.status != AnchorStatus::Orphaned && b.bookmark.start == start && b.bookmark.end == end
    }) {
        return Overlay::Note(NoteEdit {
            bookmark_id: existing.bookmark.id.clone(),
            input: TextInput::new(existing.bookmark.note.clone().unwrap_or_default()),
            new: false,
            back_to: None,
        });
    }
    let Some(mut bookmark) = view.new_bookmark(start, end) else {
        app.message = Some("nothing to bookmark here".to_string());
        return Overlay::None;
    };
    bookmark.id = app.storage.add_bookmark(bookmark.clone());
    let id = bookmark.id.clone();
    let view = app.view_mut();
    view.bookmarks.items.push(AnchoredBookmark {
        bookmark,
        status: AnchorStatus::Exact,
    });
    view.bookmarks.sort();
    view.bookmarks.remark(&view.doc);
    Overlay::Note(NoteEdit {
        bookmark_id: id,
        input: TextInput::default(),
        new: true,
        back_to: None,
    })
}

/// Keys while typing a note.
pub(super) fn note(app: &mut App, mut note: NoteEdit, action: Action) -> Overlay {
    match action {
        Action::Accept => finish_note(app, note, true),
        Action::Cancel => finish_note(app, note, false),
        _ => {
            // Backspace on an empty note does nothing: the box closes only by Enter or Esc.
            note.input.apply(&action);
            Overlay::Note(note)
        }
    }
}

/// Closes the note: saves it when `keep`, tells what became of the bookmark, and goes back to
/// where the note was opened from.
pub(super) fn finish_note(app: &mut App, note: NoteEdit, keep: bool) -> Overlay {
    let text = note.input.text().trim().to_string();
    let new_note = (!text.is_empty()).then_some(text);
    let view = app.view_mut();
    if keep && let Some(i) = view.bookmarks.position_of(&note.bookmark_id) {
        view.bookmarks.items[i].bookmark.note.clone_from(&new_note);
        app.storage.update_note(&note.bookmark_id, new_note);
    }
    let done = match (note.new, keep) {
        (true, true) => "bookmarked",
        (true, false) => "bookmarked without a note",
        (false, true) => "note saved",
        (false, false) => "note unchanged",
    };
    save_changes(app, done);
    note.back_to.map_or(Overlay::None, Overlay::Bookmarks)
}

/// Saves through the storage; a failure becomes the status message, told by its kind.
fn save_changes(app: &mut App, done: &str) {
    app.message = Some(match app.storage.save() {
        Ok(()) => done.to_string(),
        Err(e) => format!("{done}, for this session only: {}", e.for_status_bar()),
    });
}

/// `'` or `B`: the list of the document's bookmarks, on the one nearest the reading position.
pub(super) fn open_list(view: &DocView) -> Overlay {
    let top = view.top();
    let selected = view
        .bookmarks
        .items
        .iter()
        .position(|b| b.status != AnchorStatus::Orphaned && b.bookmark.end > top)
        .unwrap_or(0);
    Overlay::Bookmarks(BookmarkPicker {
        selected,
        ..BookmarkPicker::default()
    })
}

/// Keys in the bookmark list.
pub(super) fn list(app: &mut App, mut picker: BookmarkPicker, action: Action) -> Overlay {
    if picker.confirm_delete {
        picker.confirm_delete = false;
        if action == Action::Accept {
            delete(app, &mut picker);
        } else {
            app.message = Some("not deleted".to_string());
        }
        return Overlay::Bookmarks(picker);
    }
    let count = app.view().bookmarks.len();
    let page = isize::try_from((app.list_rows() / ROWS_PER_BOOKMARK).max(1)).unwrap_or(1);
    let step = |picker: &mut BookmarkPicker, by: isize| {
        picker.selected = picker
            .selected
            .saturating_add_signed(by)
            .min(count.saturating_sub(1));
    };
    match action {
        Action::LineDown => step(&mut picker, 1),
        Action::LineUp => step(&mut picker, -1),
        Action::HalfPageDown | Action::PageDown => step(&mut picker, page),
        Action::HalfPageUp | Action::PageUp => step(&mut picker, -page),
        Action::Top => picker.selected = 0,
        Action::Bottom => picker.selected = count.saturating_sub(1),
        Action::Wheel { down, .. } => step(&mut picker, if down { 1 } else { -1 }),
        Action::Open | Action::Accept => return jump_to_selected(app, picker),
        Action::EditNote => {
            let Some(item) = app.view().bookmarks.items.get(picker.selected) else {
                return Overlay::Bookmarks(picker);
            };
            return Overlay::Note(NoteEdit {
                bookmark_id: item.bookmark.id.clone(),
                input: TextInput::new(item.bookmark.note.clone().unwrap_or_default()),
                new: false,
                back_to: Some(picker),
            });
        }
        Action::DeleteBookmark if picker.selected < count => picker.confirm_delete = true,
        Action::Export => export(app),
        Action::Cancel | Action::Bookmarks => return Overlay::None,
        _ => {}
    }
    Overlay::Bookmarks(picker)
}

/// Enter in the list: to the passage, unless it is not in this text.
fn jump_to_selected(app: &mut App, picker: BookmarkPicker) -> Overlay {
    let view = app.view_mut();
    let Some(item) = view.bookmarks.items.get(picker.selected) else {
        return Overlay::Bookmarks(picker);
    };
    if item.status == AnchorStatus::Orphaned {
        app.message = Some(
            "this passage is not in the current text (kept in case it comes back)".to_string(),
        );
        return Overlay::Bookmarks(picker);
    }
    let start = item.bookmark.start;
    view.jump_to(start);
    Overlay::None
}

fn delete(app: &mut App, picker: &mut BookmarkPicker) {
    let view = app.view_mut();
    if picker.selected >= view.bookmarks.items.len() {
        return;
    }
    let removed = view.bookmarks.items.remove(picker.selected);
    picker.selected = picker
        .selected
        .min(view.bookmarks.items.len().saturating_sub(1));
    view.bookmarks.remark(&view.doc);
    app.storage.remove_bookmark(&removed.bookmark.id);
    save_changes(app, "bookmark deleted");
}

/// `x`: the bookmarked passages as Markdown, through the storage (a file in the current
/// directory when the reader runs in a terminal).
pub(super) fn export(app: &mut App) {
    let view = app.view();
    let count = view.bookmarks.items.len();
    if count == 0 {
        let how = app
            .config
            .keys
            .hint(&Action::Bookmark, "bookmarks the passage at the top")
            .map(|how| format!(" ({how})"))
            .unwrap_or_default();
        app.message = Some(format!("no bookmarks to export{how}"));
        return;
    }
    let text = markdown::render(&Passages {
        meta: &view.doc.meta,
        source: &view.name,
        bookmarks: &view.bookmarks.items,
    });
    app.message = Some(match app.storage.write_export(&text) {
        Ok(place) => format!(
            "exported {count} bookmark{} to {place}",
            if count == 1 { "" } else { "s" }
        ),
        Err(e) => format!("not exported: {}", e.for_status_bar()),
    });
}

impl App {
    /// Saves the reading position while the reader runs, unless saving is known to be
    /// impossible; a failure is told in the status bar.
    pub fn autosave(&mut self) {
        if self.storage.problem().is_none()
            && let Err(e) = self.save_session()
        {
            self.message = Some(format!("not saved: {}", e.for_status_bar()));
        }
    }

    /// Saves the reading position of every open document and every change not yet saved (when
    /// the reader closes, and now and then while it runs).
    ///
    /// # Errors
    /// Why the state could not be written.
    pub fn save_session(&mut self) -> Result<(), StorageError> {
        for view in &self.views {
            self.storage
                .set_position(&view.doc, view.doc_key.as_deref(), view.top());
        }
        self.storage.save()
    }
}
