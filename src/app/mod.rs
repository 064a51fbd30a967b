//! The reader's state ([`App`]), what can be asked of it ([`Action`]), and [`update`].
//!
//! Drawing (in `ui`) only reads an `App`; every change goes through [`update`]. After each
//! action the app works out what the screen shows ([`App::refresh`]): the panes' rectangles, the
//! wrapped rows of the reading pane, the outline's scroll. That work touches only the rows on
//! screen and the blocks scrolled through, never the whole document, so a keystroke costs the
//! same in a 50 MB report as in a short one.

pub mod action;
pub mod bookmarks;
pub mod filter;
pub mod input;
pub mod jumps;
pub mod keys;
pub mod outline;
pub mod search;
pub mod storage;

use ratatui::layout::Rect;

pub use action::Action;
pub use keys::{Key, KeyCode};
pub use outline::Outline;
pub use storage::{Session, SessionOnly, Storage};

use crate::config::{Config, Theme};
use crate::doc::{Block, BlockKind, Document, Position};
use crate::layout::flow::{Flow, FlowSource, Progress, RowPos, VisibleRow};
use crate::layout::{AmbiguousWidth, LayoutCache, WrapOptions};

/// Which pane the movement keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Outline,
    Reader,
}

/// What the keys mean right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Reading and moving about.
    Normal,
    /// Typing a filter for the outline's headings.
    Filter,
    /// The key bindings are shown.
    Help,
    /// Typing into the search box (`/`): matches are highlighted as the pattern grows.
    Search,
    /// The list of every match, grouped by section.
    Matches,
    /// The list of bookmarks.
    Bookmarks,
    /// Typing a bookmark's note.
    Note,
}

/// Blank rows after each block in the reading pane.
const BLOCK_GAP: usize = 1;
/// Rows the mouse wheel scrolls.
const WHEEL_ROWS: usize = 3;
/// The reading pane keeps at least this many columns while the outline is shown: on a narrow
/// terminal the outline narrows first, then hides (and comes back when the terminal widens).
/// Forty columns hold twenty Chinese characters, a readable line.
const MIN_READER_WIDTH: u16 = 40;
/// An outline narrower than this is not drawn at all.
const MIN_OUTLINE_WIDTH: u16 = 10;
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

/// The blocks as the reading pane lays them out: paragraphs indented, everything else not.
struct ReaderBlocks<'a> {
    blocks: &'a [Block],
    indent: usize,
}

impl FlowSource for ReaderBlocks<'_> {
    fn block_count(&self) -> usize {
        self.blocks.len()
    }

    fn block_text(&self, block: usize) -> &str {
        self.blocks.get(block).map_or("", |b| b.text.as_str())
    }

    fn first_line_indent(&self, block: usize) -> usize {
        match self.blocks.get(block) {
            Some(b) if b.kind == BlockKind::Paragraph => self.indent,
            _ => 0,
        }
    }
}

/// The reader's state.
#[derive(Debug)]
pub struct App {
    pub doc: Document,
    /// What is open, for the status bar and messages.
    pub name: String,
    pub config: Config,
    /// How ambiguous-width characters are measured and drawn.
    ambiguous: AmbiguousWidth,
    /// The theme in effect (`NO_COLOR` already applied).
    pub theme: Theme,
    pub focus: Focus,
    pub mode: Mode,
    pub show_outline: bool,
    pub outline_width: u16,
    pub outline: Outline,
    /// The first row of the help text shown.
    pub help_scroll: usize,
    /// A one-line note for the status bar, cleared by the next key.
    pub message: Option<String>,
    pub quit: bool,
    screen: Rect,
    panes: Panes,
    cache: LayoutCache,
    progress: Progress,
    /// The top of the reading pane in the current layout.
    top_row: RowPos,
    /// The text position at the top of the reading pane: what survives a change of width.
    top: Position,
    /// The rows the reading pane shows now.
    view: Vec<VisibleRow>,
    /// True when the last row of the document is on screen.
    at_end: bool,
    /// The top-level sections, for moving between siblings at the top level.
    roots: Vec<usize>,
    /// The text search: the folded document, the active pattern and its matches, the box.
    search: search::SearchState,
    /// The document's bookmarks and the state of their list.
    bookmarks: bookmarks::BookmarkList,
    /// The note being typed, in [`Mode::Note`].
    note: Option<bookmarks::NoteEdit>,
    /// Where bookmarks, the reading position and the history go (see [`Session`]).
    storage: Box<dyn Storage>,
    /// The key of the document in the state file (see [`Session::doc_key`]).
    doc_key: Option<String>,
}

impl App {
    /// A reader for `doc` on a screen of `columns` × `rows`, at the top of the document.
    #[must_use]
    pub fn new(
        doc: Document,
        name: impl Into<String>,
        config: Config,
        ambiguous: AmbiguousWidth,
        columns: u16,
        rows: u16,
    ) -> Self {
        let progress = Progress::from_texts(doc.blocks.iter().map(|b| b.text.as_str()));
        let outline = Outline::new(&doc);
        let roots = doc.roots().collect();
        let theme = resolve_theme(config.theme, std::env::var_os("NO_COLOR").as_deref());
        let show_outline = config.show_outline && !doc.sections.is_empty();
        let mut app = Self {
            name: name.into(),
            ambiguous,
            theme,
            focus: Focus::Reader,
            mode: Mode::Normal,
            show_outline,
            outline_width: config.outline_width,
            outline,
            help_scroll: 0,
            message: None,
            quit: false,
            screen: Rect::new(0, 0, columns, rows),
            panes: Panes::default(),
            cache: LayoutCache::new(WrapOptions {
                width: 1,
                ambiguous,
                first_line_indent: 0,
            }),
            progress,
            top_row: RowPos::default(),
            top: Position::default(),
            view: Vec::new(),
            at_end: false,
            roots,
            search: search::SearchState::default(),
            bookmarks: bookmarks::BookmarkList::default(),
            note: None,
            storage: Box::new(SessionOnly::default()),
            doc_key: None,
            config,
            doc,
        };
        app.sync_outline_to_text();
        app.refresh();
        app
    }

    /// Hands the reader what was remembered about the document and where to keep changes:
    /// restores the reading position and the bookmarks, and shows a warning if there is one.
    pub fn open_session(&mut self, session: Session) {
        self.storage = session.storage;
        self.doc_key = session.doc_key;
        self.search.history = session.history;
        self.set_bookmarks(session.bookmarks);
        if let Some(position) = session.position {
            self.restore_position(position);
        }
        self.message = session.warning;
        self.refresh();
    }

    /// Why changes are not being saved, if they are not.
    #[must_use]
    pub fn storage_problem(&self) -> Option<&str> {
        self.storage.problem()
    }

    /// The note being typed, in [`Mode::Note`].
    #[must_use]
    pub fn note(&self) -> Option<&bookmarks::NoteEdit> {
        self.note.as_ref()
    }

    /// How ambiguous-width characters are measured and drawn.
    #[must_use]
    pub fn ambiguous(&self) -> AmbiguousWidth {
        self.ambiguous
    }

    /// Measures ambiguous-width characters as `ambiguous` from now on (the text reflows, keeping
    /// the reading position).
    pub fn set_ambiguous(&mut self, ambiguous: AmbiguousWidth) {
        self.ambiguous = ambiguous;
        self.refresh();
    }

    /// The screen's size as the app last heard it.
    #[must_use]
    pub fn screen(&self) -> Rect {
        self.screen
    }

    #[must_use]
    pub fn panes(&self) -> Panes {
        self.panes
    }

    /// The rows the reading pane shows, top first.
    #[must_use]
    pub fn view(&self) -> &[VisibleRow] {
        &self.view
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
        self.view
            .iter()
            .rev()
            .find(|row| row.line.is_some())
            .and_then(|row| self.doc.blocks.get(row.pos.block))
            .map_or_else(|| self.current_section(), |b| b.section)
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
    fn reveal_from(&mut self, from: RowPos, pos: Position) {
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

    /// The overlay that holds the match or the bookmark list: the main area less a margin, or
    /// less when the list is short (its top stays where a full one would start).
    #[must_use]
    pub fn list_overlay(&self) -> Rect {
        let full = list_overlay(self.screen);
        let rows = match self.mode {
            Mode::Matches => self.search.list.as_ref().map_or(1, |l| l.rows.len()),
            _ => (self.bookmarks.items().len() * bookmarks::ROWS_PER_BOOKMARK).max(1),
        };
        let wanted = u16::try_from(rows.saturating_add(2)).unwrap_or(u16::MAX);
        Rect {
            height: full.height.min(wanted.max(3)),
            ..full
        }
    }

    /// Rows of list inside [`App::list_overlay`] (inside its frame).
    #[must_use]
    pub fn list_rows(&self) -> usize {
        usize::from(self.list_overlay().height.saturating_sub(2))
    }

    /// Runs `f` with a [`Flow`] over the document and the reading pane's height.
    fn with_flow<T>(&mut self, f: impl FnOnce(&mut Flow<'_, ReaderBlocks<'_>>, usize) -> T) -> T {
        let source = ReaderBlocks {
            blocks: &self.doc.blocks,
            indent: usize::from(self.config.first_line_indent),
        };
        let height = usize::from(self.panes.reader.height);
        let mut flow = Flow::new(&source, &mut self.cache, BLOCK_GAP);
        f(&mut flow, height)
    }

    fn set_top_row(&mut self, row: RowPos) {
        let (row, top) = self.with_flow(|flow, _| {
            let row = flow.clamp(row);
            (row, flow.position_of(row))
        });
        self.top_row = row;
        self.top = top;
        self.sync_outline_to_text();
    }

    /// Works out the panes, reflows when the text width changed (keeping [`App::top`]), and
    /// collects the rows on screen.
    fn refresh(&mut self) {
        self.panes = Panes::compute(
            self.screen,
            self.outline_width,
            self.show_outline,
            self.config.max_text_width,
        );
        if self.panes.outline.width == 0 && self.focus == Focus::Outline {
            self.focus = Focus::Reader;
            if self.mode == Mode::Filter {
                self.mode = Mode::Normal;
                self.outline.clear_filter();
            }
        }
        let options = WrapOptions {
            width: usize::from(self.panes.text.width.max(1)),
            ambiguous: self.ambiguous,
            first_line_indent: 0,
        };
        if options != self.cache.options() {
            self.cache.set_options(options);
            let top = self.top;
            self.top_row = self.with_flow(|flow, _| flow.row_of(top));
        }
        let top_row = self.top_row;
        let (view, at_end) = self.with_flow(|flow, height| {
            let view = flow.visible_rows(top_row, height);
            let last = flow.last_row();
            let at_end = view.last().is_none_or(|row| row.pos >= last);
            (view, at_end)
        });
        self.view = view;
        self.at_end = at_end;
        let height = usize::from(self.outline_list_height());
        self.outline.scroll_to_cursor(height);
        let list_rows = self.list_rows();
        if let Some(list) = self.search.list.as_mut() {
            list.scroll_to_selection(list_rows);
        }
        self.bookmarks.scroll_to_selection(list_rows);
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
    fn sync_outline_to_text(&mut self) {
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

    fn reader_height(&self) -> usize {
        usize::from(self.panes.reader.height)
    }

    fn scroll_text(&mut self, down: bool, rows: usize) {
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

    /// The row at which `section` starts.
    fn section_row(&self, section: usize) -> Option<RowPos> {
        self.doc
            .sections
            .get(section)
            .map(|s| RowPos::new(s.block, 0))
    }

    fn jump_to_section(&mut self, section: usize) {
        if let Some(row) = self.section_row(section) {
            self.set_top_row(row);
        }
    }

    /// The first section starting below the top row.
    fn next_section(&self) -> Option<usize> {
        let top = self.top_row;
        let index = self
            .doc
            .sections
            .partition_point(|s| RowPos::new(s.block, 0) <= top);
        (index < self.doc.sections.len()).then_some(index)
    }

    /// The last section starting above the top row.
    fn prev_section(&self) -> Option<usize> {
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

    fn next_sibling(&self) -> Option<usize> {
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

    fn prev_sibling(&self) -> Option<usize> {
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
    fn half_page(&self) -> usize {
        (self.focused_height() / 2).max(1)
    }

    /// Rows a page moves: the pane less one row of overlap.
    fn page(&self) -> usize {
        self.focused_height().saturating_sub(1).max(1)
    }

    fn focused_height(&self) -> usize {
        match self.focus {
            Focus::Outline => usize::from(self.outline_list_height()),
            Focus::Reader => self.reader_height(),
        }
    }
}

/// The overlay for lists on a screen: at most 100 columns wide, above the status bar, with a
/// margin of two columns and one row where the screen allows.
#[must_use]
pub fn list_overlay(screen: Rect) -> Rect {
    let main_rows = screen.height - u16::from(screen.height >= 2);
    let width = if screen.width > 8 {
        (screen.width - 4).min(100)
    } else {
        screen.width
    };
    let height = if main_rows > 4 {
        main_rows - 2
    } else {
        main_rows
    };
    Rect {
        x: screen.x + (screen.width - width) / 2,
        y: screen.y + (main_rows - height) / 2,
        width,
        height,
    }
}

/// The theme in effect: `NO_COLOR` set to anything non-empty (<https://no-color.org>) means mono.
#[must_use]
pub fn resolve_theme(configured: Theme, no_color: Option<&std::ffi::OsStr>) -> Theme {
    if no_color.is_some_and(|v| !v.is_empty()) {
        Theme::Mono
    } else {
        configured
    }
}

/// Applies `action` to `app`.
pub fn update(app: &mut App, action: Action) {
    // A note lives until the next key.
    if !matches!(action, Action::Resize { .. } | Action::Wheel { .. }) {
        app.message = None;
    }
    match app.mode {
        Mode::Help => update_help(app, action),
        Mode::Filter => update_filter(app, action),
        Mode::Normal => update_normal(app, action),
        Mode::Search => search::update_prompt(app, action),
        Mode::Matches => search::update_list(app, action),
        Mode::Bookmarks => bookmarks::update_list(app, action),
        Mode::Note => bookmarks::update_note(app, action),
    }
    // Every move of the text has brought the outline's cursor along (see `set_top_row`).
    app.refresh();
}

fn update_help(app: &mut App, action: Action) {
    match action {
        Action::Help | Action::Cancel | Action::Quit => app.mode = Mode::Normal,
        Action::LineDown => app.help_scroll += 1,
        Action::LineUp => app.help_scroll = app.help_scroll.saturating_sub(1),
        Action::HalfPageDown | Action::PageDown => app.help_scroll += app.reader_height() / 2,
        Action::HalfPageUp | Action::PageUp => {
            app.help_scroll = app.help_scroll.saturating_sub(app.reader_height() / 2);
        }
        Action::Top => app.help_scroll = 0,
        Action::Resize { columns, rows } => app.screen = Rect::new(0, 0, columns, rows),
        _ => {}
    }
    // How far the help can scroll depends on the screen: the drawing clamps it.
}

fn update_filter(app: &mut App, action: Action) {
    match action {
        Action::InsertChar(c) => {
            let mut text = app
                .outline
                .filter()
                .map(|f| f.text.clone())
                .unwrap_or_default();
            text.push(c);
            app.outline.set_filter_text(&text);
        }
        Action::DeleteChar => {
            let mut text = app
                .outline
                .filter()
                .map(|f| f.text.clone())
                .unwrap_or_default();
            if text.pop().is_none() {
                leave_filter(app);
                return;
            }
            app.outline.set_filter_text(&text);
        }
        Action::Accept | Action::Open => {
            if let Some(section) = app.outline.selected() {
                leave_filter(app);
                app.jump_to_section(section);
                app.focus = Focus::Reader;
                return;
            }
            app.message = Some("no heading matches".to_string());
        }
        Action::Cancel => leave_filter(app),
        Action::Quit => app.quit = true,
        Action::LineDown => app.outline.move_cursor(1),
        Action::LineUp => app.outline.move_cursor(-1),
        Action::PageDown | Action::HalfPageDown => app.outline.move_cursor(signed(app.page())),
        Action::PageUp | Action::HalfPageUp => app.outline.move_cursor(-signed(app.page())),
        Action::Resize { .. } | Action::Wheel { .. } | Action::Click { .. } | Action::Help => {
            update_normal(app, action);
        }
        _ => {}
    }
}

fn leave_filter(app: &mut App) {
    app.mode = Mode::Normal;
    app.outline.clear_filter();
    app.sync_outline_to_text();
}

fn signed(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

fn update_normal(app: &mut App, action: Action) {
    let outline_focused = app.focus == Focus::Outline;
    match action {
        Action::None
        | Action::InsertChar(_)
        | Action::DeleteChar
        | Action::ToggleRegex
        | Action::ToggleVariants
        | Action::EditNote
        | Action::DeleteBookmark => {}
        Action::Quit => app.quit = true,
        Action::Help => {
            app.mode = Mode::Help;
            app.help_scroll = 0;
        }
        Action::Cancel => {
            if app.outline.filter().is_some() {
                leave_filter(app);
            } else {
                search::clear(app);
            }
        }
        Action::LineDown
        | Action::LineUp
        | Action::HalfPageDown
        | Action::HalfPageUp
        | Action::PageDown
        | Action::PageUp
            if outline_focused =>
        {
            let rows = match action {
                Action::LineDown | Action::LineUp => 1,
                Action::HalfPageDown | Action::HalfPageUp => app.half_page(),
                _ => app.page(),
            };
            let down = matches!(
                action,
                Action::LineDown | Action::HalfPageDown | Action::PageDown
            );
            app.outline
                .move_cursor(if down { signed(rows) } else { -signed(rows) });
        }
        Action::Top if outline_focused => app.outline.set_cursor(0),
        Action::Bottom if outline_focused => app.outline.set_cursor(usize::MAX),
        Action::LineDown => app.scroll_text(true, 1),
        Action::LineUp => app.scroll_text(false, 1),
        Action::HalfPageDown => app.scroll_text(true, app.half_page()),
        Action::HalfPageUp => app.scroll_text(false, app.half_page()),
        Action::PageDown => app.scroll_text(true, app.page()),
        Action::PageUp => app.scroll_text(false, app.page()),
        Action::Top => app.set_top_row(RowPos::default()),
        Action::Bottom => {
            let end = app.with_flow(|flow, height| flow.end(height));
            app.set_top_row(end);
        }
        Action::NextSection => move_to(app, app.next_section()),
        Action::PrevSection => move_to(app, app.prev_section()),
        Action::NextSibling => move_to(app, app.next_sibling()),
        Action::PrevSibling => move_to(app, app.prev_sibling()),
        Action::SwitchFocus => {
            app.focus = match app.focus {
                Focus::Outline => Focus::Reader,
                Focus::Reader => {
                    app.show_outline = true;
                    Focus::Outline
                }
            };
            if app.doc.sections.is_empty() {
                app.focus = Focus::Reader;
                app.message = Some("this document has no headings".to_string());
            }
        }
        Action::ToggleOutline | Action::OutlineWider | Action::OutlineNarrower
            if app.doc.sections.is_empty() =>
        {
            app.message = Some("this document has no headings".to_string());
        }
        Action::ToggleOutline => {
            app.show_outline = !app.show_outline;
            if !app.show_outline {
                app.focus = Focus::Reader;
            }
        }
        Action::OutlineWider | Action::OutlineNarrower => {
            let step: i32 = if action == Action::OutlineWider {
                2
            } else {
                -2
            };
            // Widening starts from what is shown, which may be less than the setting.
            let shown = if app.panes.outline.width > 0 {
                app.panes.outline.width
            } else {
                app.outline_width
            };
            let max = app
                .screen
                .width
                .saturating_sub(MIN_READER_WIDTH + 1)
                .max(MIN_OUTLINE_WIDTH);
            let width =
                (i32::from(shown) + step).clamp(i32::from(MIN_OUTLINE_WIDTH), i32::from(max));
            app.outline_width = u16::try_from(width).unwrap_or(app.outline_width);
            app.show_outline = true;
        }
        Action::Open => {
            if outline_focused && let Some(section) = app.outline.selected() {
                app.jump_to_section(section);
                app.focus = Focus::Reader;
            }
        }
        Action::Expand | Action::Collapse if outline_focused => {
            if let Some(section) = app.outline.selected() {
                let collapse = action == Action::Collapse;
                let is_leaf_or_folded =
                    app.doc.sections.get(section).is_some_and(|s| {
                        s.children.is_empty() || app.outline.is_collapsed(section)
                    });
                if collapse && is_leaf_or_folded {
                    // Like a file tree: collapsing a leaf goes to its parent.
                    let parent = app.doc.sections.get(section).and_then(|s| s.parent);
                    if let Some(row) = parent.and_then(|p| app.outline.row_of(&app.doc, p)) {
                        app.outline.set_cursor(row);
                    }
                } else {
                    app.outline.set_collapsed(&app.doc, section, collapse);
                }
            }
        }
        Action::Expand | Action::Collapse => {}
        Action::ExpandAll => app.outline.expand_all(&app.doc),
        Action::CollapseAll => app.outline.collapse_all(&app.doc),
        Action::FilterOutline => start_filter(app),
        Action::Search => {
            if outline_focused {
                start_filter(app);
            } else {
                search::open_prompt(app);
            }
        }
        Action::SearchNext => search::step(app, true),
        Action::SearchPrev => search::step(app, false),
        Action::SearchMatches => search::open_list(app),
        Action::Bookmark => bookmarks::bookmark_here(app),
        Action::Bookmarks => bookmarks::open_list(app),
        Action::Export => bookmarks::export(app),
        Action::Accept => {}
        Action::Wheel { column, row, down } => {
            let at = ratatui::layout::Position::new(column, row);
            if app.panes.outline.contains(at) {
                app.outline.move_cursor(if down {
                    signed(WHEEL_ROWS)
                } else {
                    -signed(WHEEL_ROWS)
                });
            } else if app.panes.reader.contains(at) {
                app.scroll_text(down, WHEEL_ROWS);
            }
        }
        Action::Click { column, row } => {
            let at = ratatui::layout::Position::new(column, row);
            if app.panes.outline.contains(at) {
                let list_top = app.panes.outline.y + u16::from(app.outline.filter().is_some());
                if row >= list_top {
                    let index = app.outline.offset() + usize::from(row - list_top);
                    if let Some(&section) = app.outline.rows().get(index) {
                        if app.mode == Mode::Filter {
                            leave_filter(app);
                        }
                        app.jump_to_section(section);
                        app.focus = Focus::Outline;
                    }
                }
            } else if app.panes.reader.contains(at) {
                if app.mode == Mode::Filter {
                    leave_filter(app);
                }
                app.focus = Focus::Reader;
            }
        }
        Action::Resize { columns, rows } => {
            app.screen = Rect::new(0, 0, columns, rows);
        }
    }
}

fn move_to(app: &mut App, section: Option<usize>) {
    if let Some(section) = section {
        app.jump_to_section(section);
    }
}

fn start_filter(app: &mut App) {
    if app.doc.sections.is_empty() {
        app.message = Some("this document has no headings".to_string());
        return;
    }
    app.show_outline = true;
    app.focus = Focus::Outline;
    app.mode = Mode::Filter;
    app.outline.start_filter(&app.doc);
}

#[cfg(test)]
mod tests;
