//! One open document as the reader shows it ([`DocView`]): the document, where its panes are,
//! the viewport over its wrapped lines, the outline, its search and its bookmarks, and the moves
//! about it. Nothing here knows about overlays or the keymap; an [`App`](super::App) holds one
//! view per open document.

use ratatui::layout::Rect;

use crate::doc::{Document, Position};
use crate::layout::flow::{Blocks, Flow, Progress, RowPos, VisibleRow};
use crate::layout::{AmbiguousWidth, LayoutCache, WrapOptions};

use super::bookmarks::Bookmarks;
use super::jumps::JumpList;
use super::outline::Outline;
use super::search::SearchState;

/// Which pane the movement keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Outline,
    Reader,
}

/// Blank rows after each block in the reading pane.
const BLOCK_GAP: usize = 1;
/// The reading pane keeps at least this many columns while the outline is shown: on a narrow
/// terminal the outline narrows first, then hides (and comes back when the terminal widens).
/// Forty columns hold twenty Chinese characters, a readable line.
pub(super) const MIN_READER_WIDTH: u16 = 40;
/// An outline narrower than this is not drawn at all.
pub(super) const MIN_OUTLINE_WIDTH: u16 = 10;
/// Columns of margin on each side of the text.
const TEXT_MARGIN: u16 = 1;

/// Where each part of the screen is, worked out from the screen size and the settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Panes {
    /// The outline's list (zero-sized when hidden).
    pub outline: Rect,
    /// The column between outline and text (zero-sized when the outline is hidden).
    pub separator: Rect,
    /// The reading pane.
    pub reader: Rect,
    /// The text column inside the reading pane: at most `max_text_width` wide, centred.
    pub text: Rect,
    /// The status bar (zero-sized on a one-row screen).
    pub status: Rect,
}

impl Panes {
    fn compute(screen: Rect, outline_width: u16, show_outline: bool, max_text: u16) -> Self {
        let status_rows = u16::from(screen.height >= 2);
        let main = Rect {
            height: screen.height - status_rows,
            ..screen
        };
        let status = Rect {
            y: main.bottom(),
            height: status_rows,
            ..screen
        };
        // Leave the text at least MIN_READER_WIDTH, never take more than half the screen, and
        // give way altogether rather than show a uselessly narrow outline.
        let outline_columns = Some(outline_width)
            .filter(|_| show_outline)
            .map(|w| {
                w.min(screen.width.saturating_sub(MIN_READER_WIDTH + 1))
                    .min(screen.width / 2)
            })
            .filter(|&w| w >= MIN_OUTLINE_WIDTH)
            .unwrap_or(0);
        let outline = Rect {
            width: outline_columns,
            ..main
        };
        let separator = Rect {
            x: outline.right(),
            width: u16::from(outline_columns > 0),
            ..main
        };
        let reader = Rect {
            x: separator.right(),
            width: main.width.saturating_sub(outline.width + separator.width),
            ..main
        };
        let available = reader
            .width
            .saturating_sub(2 * TEXT_MARGIN)
            .max(1)
            .min(reader.width);
        let text_width = available.min(max_text.max(1));
        let text = Rect {
            x: reader.x + (reader.width - text_width) / 2,
            width: text_width,
            ..reader
        };
        Self {
            outline,
            separator,
            reader,
            text,
            status,
        }
    }
}

/// Everything about one open document.
#[derive(Debug)]
pub struct DocView {
    pub doc: Document,
    /// What is open, for the status bar and messages.
    pub name: String,
    /// The key of the document in the state file (see [`super::Session::doc_key`]).
    pub(super) doc_key: Option<String>,
    pub focus: Focus,
    pub show_outline: bool,
    pub outline_width: u16,
    pub outline: Outline,
    /// First-line indent of paragraphs, in columns (from the config).
    indent: usize,
    panes: Panes,
    cache: LayoutCache,
    progress: Progress,
    /// The top of the reading pane in the current layout.
    top_row: RowPos,
    /// The text position at the top of the reading pane: what survives a change of width.
    top: Position,
    /// The rows the reading pane shows now.
    rows: Vec<VisibleRow>,
    /// True when the last row of the document is on screen.
    at_end: bool,
    /// The top-level sections, for moving between siblings at the top level.
    roots: Vec<usize>,
    /// The folded text, the highlighted search and the search options of this document.
    pub(super) search: SearchState,
    /// The document's bookmarks and their margin marks.
    pub(super) bookmarks: Bookmarks,
    /// Where the jumps in this document came from, to go back (`ctrl-o`) and forward.
    pub(super) jumps: JumpList,
}

impl DocView {
    /// A view of `doc` at its top; `show_outline` and `outline_width` are the config's.
    #[must_use]
    pub fn new(
        doc: Document,
        name: impl Into<String>,
        show_outline: bool,
        outline_width: u16,
        first_line_indent: u16,
    ) -> Self {
        let progress = Progress::from_texts(doc.blocks.iter().map(|b| b.text.as_str()));
        Self {
            name: name.into(),
            doc_key: None,
            focus: Focus::Reader,
            show_outline: show_outline && !doc.sections.is_empty(),
            outline_width,
            outline: Outline::new(&doc),
            indent: usize::from(first_line_indent),
            panes: Panes::default(),
            cache: LayoutCache::new(WrapOptions {
                width: 1,
                ambiguous: AmbiguousWidth::Narrow,
                first_line_indent: 0,
            }),
            progress,
            top_row: RowPos::default(),
            top: Position::default(),
            rows: Vec::new(),
            at_end: false,
            roots: doc.roots().collect(),
            search: SearchState::default(),
            bookmarks: Bookmarks::default(),
            jumps: JumpList::default(),
            doc,
        }
    }

    #[must_use]
    pub fn panes(&self) -> Panes {
        self.panes
    }

    /// The rows the reading pane shows, top first.
    #[must_use]
    pub fn rows(&self) -> &[VisibleRow] {
        &self.rows
    }

    /// The text position at the top of the reading pane.
    #[must_use]
    pub fn top(&self) -> Position {
        self.top
    }

    #[must_use]
    pub fn top_row(&self) -> RowPos {
        self.top_row
    }

    /// How far the top of the reading pane is into the document, in percent.
    #[must_use]
    pub fn percent(&self) -> usize {
        self.progress.percent(self.top)
    }

    /// True when the last row of the document is on screen.
    #[must_use]
    pub fn at_end(&self) -> bool {
        self.at_end
    }

    /// The section at the top of the reading pane (the innermost one), if any.
    #[must_use]
    pub fn current_section(&self) -> Option<usize> {
        self.doc
            .blocks
            .get(self.top_row.block)
            .and_then(|b| b.section)
    }

    /// The section being read, for the status bar: the one at the top of the pane, except at the
    /// end of the document, where the pane cannot scroll further and the reader's eye is on the
    /// last lines: then the section of the last text row on screen (after `G`, the last section,
    /// not the one that happens to start the screen).
    #[must_use]
    pub fn section_being_read(&self) -> Option<usize> {
        if !self.at_end {
            return self.current_section();
        }
        self.rows()
            .iter()
            .rev()
            .find(|row| row.line.is_some())
            .and_then(|row| self.doc.blocks.get(row.pos.block))
            .map_or_else(|| self.current_section(), |b| b.section)
    }

    /// Puts the line `percent` of the way into the document (by characters) at the top; 100 and
    /// more go to the end.
    pub(super) fn go_to_percent(&mut self, percent: usize) {
        if percent >= 100 {
            self.go_to_end();
            return;
        }
        let index = self.progress.total_chars() / 100 * percent
            + self.progress.total_chars() % 100 * percent / 100;
        self.jump_to(self.progress.position_at(index));
    }

    /// Sets the reading position to `pos` (its line goes to the top of the pane).
    pub fn jump_to(&mut self, pos: Position) {
        let top_row = self.with_flow(|flow, _| flow.row_of(pos));
        self.set_top_row(top_row);
    }

    /// Puts the line holding `pos` at the top and keeps `pos` itself as the reading position, so
    /// that a position saved at another width comes back unchanged when nothing moves.
    pub fn restore_position(&mut self, pos: Position) {
        let Some(block) = self.doc.blocks.get(pos.block) else {
            return;
        };
        let pos = Position::new(pos.block, pos.offset.min(block.char_len()));
        self.jump_to(pos);
        self.top = pos;
    }

    /// Moves the text so that `pos` is on screen, seen from the top row `from`: not at all when
    /// it is already on screen from there, else with its line a third of the way down the pane.
    pub(super) fn reveal_from(&mut self, from: RowPos, pos: Position) {
        let top = self.with_flow(|flow, height| {
            let row = flow.row_of(pos);
            let from = flow.clamp(from);
            if row >= from && row <= flow.down(from, height.saturating_sub(1)) {
                from
            } else {
                flow.up(row, height / 3)
            }
        });
        self.set_top_row(top);
    }

    /// True when the line holding `pos` is on screen.
    pub(super) fn is_on_screen(&mut self, pos: Position) -> bool {
        let top = self.top_row;
        self.with_flow(|flow, height| {
            let row = flow.row_of(pos);
            row >= top && row <= flow.down(top, height.saturating_sub(1))
        })
    }

    /// Runs `f` with a [`Flow`] over the document and the reading pane's height.
    fn with_flow<T>(&mut self, f: impl FnOnce(&mut Flow<'_, Blocks<'_>>, usize) -> T) -> T {
        let source = Blocks::new(&self.doc.blocks, self.indent);
        let height = usize::from(self.panes.reader.height);
        let mut flow = Flow::new(&source, &mut self.cache, BLOCK_GAP);
        f(&mut flow, height)
    }

    pub(super) fn set_top_row(&mut self, row: RowPos) {
        let (row, top) = self.with_flow(|flow, _| {
            let row = flow.clamp(row);
            (row, flow.position_of(row))
        });
        self.top_row = row;
        self.top = top;
        self.sync_outline_to_text();
    }

    /// Works out the panes in `screen`, reflows when the text width changed (keeping
    /// [`DocView::top`]), and collects the rows on screen.
    pub(super) fn lay_out(&mut self, screen: Rect, max_text_width: u16, ambiguous: AmbiguousWidth) {
        self.panes = Panes::compute(
            screen,
            self.outline_width,
            self.show_outline,
            max_text_width,
        );
        if self.panes.outline.width == 0 {
            self.focus = Focus::Reader;
        }
        let options = WrapOptions {
            width: usize::from(self.panes.text.width.max(1)),
            ambiguous,
            first_line_indent: 0,
        };
        if options != self.cache.options() {
            self.cache.set_options(options);
            let top = self.top;
            self.top_row = self.with_flow(|flow, _| flow.row_of(top));
        }
        let top_row = self.top_row;
        let (rows, at_end) = self.with_flow(|flow, height| {
            let rows = flow.visible_rows(top_row, height);
            let last = flow.last_row();
            let at_end = rows.last().is_none_or(|row| row.pos >= last);
            (rows, at_end)
        });
        self.rows = rows;
        self.at_end = at_end;
        let height = usize::from(self.outline_list_height());
        self.outline.scroll_to_cursor(height);
    }

    /// Rows of the outline pane given to the list (the filter's input takes the first).
    #[must_use]
    pub fn outline_list_height(&self) -> u16 {
        let rows = self.panes.outline.height;
        if self.outline.filter().is_some() {
            rows.saturating_sub(1)
        } else {
            rows
        }
    }

    /// Puts the outline's cursor on the current section (unless the reader is filtering).
    pub(super) fn sync_outline_to_text(&mut self) {
        if self.outline.filter().is_some() {
            return;
        }
        match self.current_section() {
            Some(section) => {
                if let Some(row) = self.outline.row_of(&self.doc, section) {
                    self.outline.set_cursor(row);
                }
            }
            None => self.outline.set_cursor(0),
        }
    }

    /// Ends the heading filter: the outline shows the tree again, its cursor on the text's
    /// section.
    pub(super) fn clear_filter(&mut self) {
        if self.outline.filter().is_some() {
            self.outline.clear_filter();
            self.sync_outline_to_text();
        }
    }

    /// The row (in the outline's rows) of the current section, if shown (not while filtering:
    /// the matches need not include it).
    #[must_use]
    pub fn current_outline_row(&self) -> Option<usize> {
        if self.outline.filter().is_some() {
            return None;
        }
        self.current_section()
            .and_then(|s| self.outline.row_of(&self.doc, s))
    }

    pub(super) fn reader_height(&self) -> usize {
        usize::from(self.panes.reader.height)
    }

    /// Scrolls the text by `rows`, never past the end.
    pub(super) fn scroll_text(&mut self, down: bool, rows: usize) {
        let top = self.top_row;
        let row = self.with_flow(|flow, height| {
            if down {
                flow.scroll_down(top, rows, height)
            } else {
                flow.up(top, rows)
            }
        });
        self.set_top_row(row);
    }

    /// The last page of the text.
    pub(super) fn go_to_end(&mut self) {
        let end = self.with_flow(|flow, height| flow.end(height));
        self.set_top_row(end);
    }

    /// The row at which `section` starts.
    fn section_row(&self, section: usize) -> Option<RowPos> {
        self.doc
            .sections
            .get(section)
            .map(|s| RowPos::new(s.block, 0))
    }

    pub(super) fn jump_to_section(&mut self, section: usize) {
        if let Some(row) = self.section_row(section) {
            self.set_top_row(row);
        }
    }

    /// The first section starting below the top row.
    pub(super) fn next_section(&self) -> Option<usize> {
        let top = self.top_row;
        let index = self
            .doc
            .sections
            .partition_point(|s| RowPos::new(s.block, 0) <= top);
        (index < self.doc.sections.len()).then_some(index)
    }

    /// The last section starting above the top row.
    pub(super) fn prev_section(&self) -> Option<usize> {
        let top = self.top_row;
        self.doc
            .sections
            .partition_point(|s| RowPos::new(s.block, 0) < top)
            .checked_sub(1)
    }

    /// The next (or previous) sibling of `section` among its parent's children (or the
    /// top-level sections).
    fn sibling(&self, section: usize, forward: bool) -> Option<usize> {
        let node = self.doc.sections.get(section)?;
        let siblings = match node.parent {
            Some(p) => &self.doc.sections.get(p)?.children,
            None => &self.roots,
        };
        // Children are listed in document order, so the search is logarithmic.
        let at = siblings.binary_search(&section).ok()?;
        if forward {
            siblings.get(at + 1).copied()
        } else {
            at.checked_sub(1).and_then(|i| siblings.get(i).copied())
        }
    }

    pub(super) fn next_sibling(&self) -> Option<usize> {
        // Before the first section, the next sibling is the first top-level section.
        let Some(mut section) = self.current_section() else {
            return self.next_section();
        };
        // No next sibling: the parent's next sibling, and so on up.
        loop {
            if let Some(next) = self.sibling(section, true) {
                return Some(next);
            }
            section = self.doc.sections.get(section)?.parent?;
        }
    }

    pub(super) fn prev_sibling(&self) -> Option<usize> {
        let section = self.current_section()?;
        // Scrolled into the section: back to its own start first.
        if self
            .section_row(section)
            .is_some_and(|row| row < self.top_row)
        {
            return Some(section);
        }
        self.sibling(section, false)
            .or_else(|| self.doc.sections.get(section).and_then(|s| s.parent))
    }

    /// Rows a half page moves in the focused pane.
    pub(super) fn half_page(&self) -> usize {
        (self.focused_height() / 2).max(1)
    }

    /// Rows a page moves: the pane less one row of overlap.
    pub(super) fn page(&self) -> usize {
        self.focused_height().saturating_sub(1).max(1)
    }

    fn focused_height(&self) -> usize {
        match self.focus {
            Focus::Outline => usize::from(self.outline_list_height()),
            Focus::Reader => self.reader_height(),
        }
    }
}
