//! Bookmarks in the reader: `m` bookmarks the passage at the reading position and asks for a
//! note, the list (`'` or `B`) jumps to one, edits its note or deletes it, `x` exports them, and
//! the reading pane marks bookmarked passages in its margin.

use crate::doc::Position;
use crate::export::{Passages, markdown};
use crate::store::{AnchorStatus, AnchoredBookmark, StateStore};

use super::{Action, App, Mode};

/// The document's bookmarks and the list's state.
#[derive(Debug, Clone, Default)]
pub struct BookmarkList {
    /// Document order, orphaned ones last (as [`StateStore::anchor_bookmarks`] gives them).
    items: Vec<AnchoredBookmark>,
    /// Byte ranges of the bookmarks found in the text, for the margin marks.
    marks: Vec<Mark>,
    /// The selected item of the list.
    pub selected: usize,
    /// The first item shown.
    pub offset: usize,
    /// `d` was pressed: the next key confirms (y) or not.
    pub confirm_delete: bool,
}

/// A bookmarked passage as `(block, byte)` bounds, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    start: (usize, usize),
    end: (usize, usize),
}

/// Rows one bookmark takes in the list: its section, its quote, its note.
pub const ROWS_PER_BOOKMARK: usize = 3;

impl BookmarkList {
    /// The bookmarks, document order, orphaned ones last.
    #[must_use]
    pub fn items(&self) -> &[AnchoredBookmark] {
        &self.items
    }

    #[must_use]
    pub fn selected_item(&self) -> Option<&AnchoredBookmark> {
        self.items.get(self.selected)
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

    /// Keeps the selected item within `rows` rows of list.
    pub(super) fn scroll_to_selection(&mut self, rows: usize) {
        let visible = (rows / ROWS_PER_BOOKMARK).max(1);
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + visible {
            self.offset = self.selected + 1 - visible;
        }
        self.offset = self.offset.min(self.items.len().saturating_sub(visible));
    }
}

impl App {
    /// The document's bookmarks and the list's state.
    #[must_use]
    pub fn bookmarks(&self) -> &BookmarkList {
        &self.bookmarks
    }

    /// True when a bookmarked passage covers part of `block`'s bytes `start..end` (a line of the
    /// reading pane).
    #[must_use]
    pub fn is_bookmarked(&self, block: usize, start: usize, end: usize) -> bool {
        let (from, to) = ((block, start), (block, end.max(start + 1)));
        // Marks are sorted by start: only those starting before the line's end can cover it.
        let before_end = self.bookmarks.marks.partition_point(|m| m.start < to);
        self.bookmarks.marks[..before_end]
            .iter()
            .any(|m| m.end > from)
    }

    /// Recomputes the margin marks after the bookmarks changed.
    fn remark(&mut self) {
        let byte = |pos: Position| {
            self.doc
                .blocks
                .get(pos.block)
                .map(|b| (pos.block, b.byte_offset(pos.offset)))
        };
        let mut marks: Vec<Mark> = self
            .bookmarks
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
        self.bookmarks.marks = marks;
    }

    /// Replaces the bookmarks (from the state file, found again in this text).
    pub(super) fn set_bookmarks(&mut self, items: Vec<AnchoredBookmark>) {
        self.bookmarks.items = items;
        self.bookmarks.sort();
        self.bookmarks.selected = 0;
        self.bookmarks.offset = 0;
        self.remark();
    }

    /// The passage `m` bookmarks: the selected search match when it is on screen, else the
    /// paragraph at the top of the reading pane.
    fn passage_to_bookmark(&mut self) -> Option<(Position, Position)> {
        if let Some(hit) = self
            .search
            .active
            .as_ref()
            .and_then(|a| a.current_hit().copied())
            && self.hit_on_screen(hit)
        {
            return Some((hit.position(), hit.end_position()));
        }
        let block = self.top.block;
        let len = self.doc.blocks.get(block)?.char_len();
        (len > 0).then(|| (Position::new(block, 0), Position::new(block, len)))
    }

    /// Saves through the storage; a failure becomes the status message.
    fn save_changes(&mut self, done: &str) {
        self.message = Some(match self.storage.save() {
            Ok(()) => done.to_string(),
            Err(e) => format!("{done}, for this session only: {e}"),
        });
    }

    /// Saves the reading position while the reader runs, unless saving is known to be
    /// impossible; a failure is told in the status bar.
    pub fn autosave(&mut self) {
        if self.storage.problem().is_none()
            && let Err(e) = self.save_session()
        {
            self.message = Some(format!("not saved: {e}"));
        }
    }

    /// Saves the reading position and every change not yet saved (when the reader closes, and
    /// now and then while it runs).
    ///
    /// # Errors
    /// Why the state could not be written.
    pub fn save_session(&mut self) -> Result<(), String> {
        let top = self.top;
        self.storage
            .set_position(&self.doc, self.doc_key.as_deref(), top);
        self.storage.save()
    }
}

/// A note being typed for a bookmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEdit {
    pub bookmark_id: String,
    pub text: String,
    /// True for a bookmark just made (Esc keeps it without a note); false when editing a note
    /// from the list (Esc leaves the note as it was).
    pub new: bool,
    /// Where to go back to.
    back_to: Mode,
}

/// `m`: bookmarks the passage at the reading position and asks for a note. A passage that is
/// already bookmarked gets its note edited instead.
pub(super) fn bookmark_here(app: &mut App) {
    let Some((start, end)) = app.passage_to_bookmark() else {
        app.message = Some("nothing to bookmark here".to_string());
        return;
    };
    if let Some(existing) = app.bookmarks.items.iter().find(|b| {
        b.status != AnchorStatus::Orphaned && b.bookmark.start == start && b.bookmark.end == end
    }) {
        app.note = Some(NoteEdit {
            bookmark_id: existing.bookmark.id.clone(),
            text: existing.bookmark.note.clone().unwrap_or_default(),
            new: false,
            back_to: Mode::Normal,
        });
        app.mode = Mode::Note;
        return;
    }
    let Some(mut bookmark) =
        StateStore::new_bookmark(&app.doc, app.doc_key.as_deref(), start, end, None)
    else {
        app.message = Some("nothing to bookmark here".to_string());
        return;
    };
    bookmark.id = app.storage.add_bookmark(bookmark.clone());
    let id = bookmark.id.clone();
    app.bookmarks.items.push(AnchoredBookmark {
        bookmark,
        status: AnchorStatus::Exact,
    });
    app.bookmarks.sort();
    app.remark();
    app.note = Some(NoteEdit {
        bookmark_id: id,
        text: String::new(),
        new: true,
        back_to: Mode::Normal,
    });
    app.mode = Mode::Note;
}

/// Keys while typing a note.
pub(super) fn update_note(app: &mut App, action: Action) {
    let Some(note) = app.note.as_mut() else {
        app.mode = Mode::Normal;
        return;
    };
    match action {
        Action::InsertChar(c) => note.text.push(c),
        Action::DeleteChar => {
            note.text.pop();
        }
        Action::Accept | Action::Cancel | Action::Quit => {
            let Some(note) = app.note.take() else { return };
            app.mode = note.back_to;
            let keep_note = action == Action::Accept;
            let text = note.text.trim().to_string();
            let new_note = (!text.is_empty()).then_some(text);
            if keep_note && let Some(i) = app.bookmarks.position_of(&note.bookmark_id) {
                app.storage.update_note(&note.bookmark_id, new_note.clone());
                app.bookmarks.items[i].bookmark.note = new_note;
            }
            let done = match (note.new, keep_note) {
                (true, true) => "bookmarked",
                (true, false) => "bookmarked without a note",
                (false, true) => "note saved",
                (false, false) => "note unchanged",
            };
            app.save_changes(done);
            if action == Action::Quit {
                app.quit = true;
            }
        }
        Action::Resize { columns, rows } => {
            app.screen = ratatui::layout::Rect::new(0, 0, columns, rows);
        }
        _ => {}
    }
}

/// `'` or `B`: the list of the document's bookmarks.
pub(super) fn open_list(app: &mut App) {
    app.bookmarks.confirm_delete = false;
    // Start on the bookmark nearest the reading position.
    let top = app.top;
    app.bookmarks.selected = app
        .bookmarks
        .items
        .iter()
        .position(|b| b.status != AnchorStatus::Orphaned && b.bookmark.end > top)
        .unwrap_or(0);
    app.mode = Mode::Bookmarks;
}

/// Keys in the bookmark list.
pub(super) fn update_list(app: &mut App, action: Action) {
    let list = &mut app.bookmarks;
    if list.confirm_delete {
        list.confirm_delete = false;
        if action == Action::Accept {
            delete_selected(app);
        } else {
            app.message = Some("not deleted".to_string());
        }
        return;
    }
    let count = list.items.len();
    let step = |by: isize, list: &mut BookmarkList| {
        list.selected = list
            .selected
            .saturating_add_signed(by)
            .min(count.saturating_sub(1));
    };
    let page = isize::try_from((app.list_rows() / ROWS_PER_BOOKMARK).max(1)).unwrap_or(1);
    let list = &mut app.bookmarks;
    match action {
        Action::LineDown => step(1, list),
        Action::LineUp => step(-1, list),
        Action::HalfPageDown | Action::PageDown => step(page, list),
        Action::HalfPageUp | Action::PageUp => step(-page, list),
        Action::Top => list.selected = 0,
        Action::Bottom => list.selected = count.saturating_sub(1),
        Action::Wheel { down, .. } => step(if down { 1 } else { -1 }, list),
        Action::Open | Action::Accept => {
            let Some(item) = list.selected_item() else {
                return;
            };
            if item.status == AnchorStatus::Orphaned {
                app.message = Some(
                    "this passage is not in the current text (kept in case it comes back)"
                        .to_string(),
                );
                return;
            }
            let start = item.bookmark.start;
            app.mode = Mode::Normal;
            app.jump_to(start);
        }
        Action::EditNote => {
            let Some(item) = list.selected_item() else {
                return;
            };
            app.note = Some(NoteEdit {
                bookmark_id: item.bookmark.id.clone(),
                text: item.bookmark.note.clone().unwrap_or_default(),
                new: false,
                back_to: Mode::Bookmarks,
            });
            app.mode = Mode::Note;
        }
        Action::DeleteBookmark if list.selected_item().is_some() => list.confirm_delete = true,
        Action::Export => export(app),
        Action::Cancel | Action::Quit | Action::Bookmarks => app.mode = Mode::Normal,
        Action::Resize { columns, rows } => {
            app.screen = ratatui::layout::Rect::new(0, 0, columns, rows);
        }
        _ => {}
    }
}

fn delete_selected(app: &mut App) {
    let list = &mut app.bookmarks;
    if list.selected >= list.items.len() {
        return;
    }
    let removed = list.items.remove(list.selected);
    list.selected = list.selected.min(list.items.len().saturating_sub(1));
    app.storage.remove_bookmark(&removed.bookmark.id);
    app.remark();
    app.save_changes("bookmark deleted");
}

/// `x`: the bookmarked passages as Markdown, through the storage (a file in the current
/// directory when the reader runs in a terminal).
pub(super) fn export(app: &mut App) {
    let count = app.bookmarks.items.len();
    if count == 0 {
        app.message =
            Some("no bookmarks to export (m bookmarks the passage at the top)".to_string());
        return;
    }
    let text = markdown::render(&Passages {
        meta: &app.doc.meta,
        source: &app.name,
        bookmarks: &app.bookmarks.items,
    });
    app.message = Some(match app.storage.write_export(&text) {
        Ok(place) => format!(
            "exported {count} bookmark{} to {place}",
            if count == 1 { "" } else { "s" }
        ),
        Err(e) => format!("not exported: {e}"),
    });
}
