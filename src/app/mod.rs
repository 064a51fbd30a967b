//! The reader's state ([`App`]), and [`update`], the one way it changes.
//!
//! An `App` holds one [`DocView`] per open document (everything about that document: the text,
//! the viewport, the outline, its search and bookmarks), the [`Overlay`] open over it (which
//! carries its own state), the config, and the status message. Drawing (in `ui`) only reads an
//! `App`. After each action the app works out what the screen shows (`App::settle`): the
//! panes' rectangles, the wrapped rows of the reading pane, the scroll of the outline and of an
//! open list. That work touches only the rows on screen and the blocks scrolled through, never
//! the whole document, so a keystroke costs the same in a 50 MB report as in a short one.

pub mod bookmarks;
pub mod filter;
pub mod input;
pub mod jumps;
mod normal;
pub mod outline;
pub mod overlay;
pub mod search;
mod select;
pub mod storage;
pub mod text_input;
pub mod view;

use ratatui::layout::Rect;

pub use crate::keymap::{Action, Key, KeyCode, keys};
pub use outline::Outline;
pub use overlay::{HelpScroll, Mode, Overlay};
pub use storage::{Session, SessionOnly, Storage, StorageError, StorageErrorKind};
pub use view::{DocView, Focus, Panes};

use crate::config::{Config, Theme};
use crate::doc::Document;
use crate::layout::AmbiguousWidth;

/// What the reader asks of the terminal after an action, done by whoever drives the app (the
/// terminal loop; `render` and the tests only look at it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put this text on the system clipboard.
    Copy(String),
    /// Take the mouse (`true`) or release it to the terminal.
    CaptureMouse(bool),
}

/// The largest count a number typed before a key can make (`99999j`).
const MAX_COUNT: usize = 99_999;

/// The reader's state.
#[derive(Debug)]
pub struct App {
    /// The open documents; never empty.
    views: Vec<DocView>,
    /// The view the keys act on and the screen shows.
    active: usize,
    /// What is open over the document, with its state.
    pub overlay: Overlay,
    pub config: Config,
    /// How ambiguous-width characters are measured and drawn.
    ambiguous: AmbiguousWidth,
    /// The theme in effect (`NO_COLOR` already applied).
    pub theme: Theme,
    /// A one-line note for the status bar, cleared by the next key.
    pub message: Option<String>,
    pub quit: bool,
    screen: Rect,
    /// Past search patterns, oldest first (from the state file, and this run's), for every
    /// document alike.
    search_history: Vec<String>,
    /// Where bookmarks, the reading positions and the history go (see [`Session`]).
    storage: Box<dyn Storage>,
    /// A number being typed before a key (`5` of `5j`), shown in the status bar.
    pub pending_count: Option<usize>,
    /// Requests for the terminal, oldest first; the driver takes them (see [`App::take_effects`]).
    effects: Vec<Effect>,
    /// Whether the reader has the mouse (else the terminal's own selection works).
    pub mouse_captured: bool,
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
        let theme = resolve_theme(config.theme, std::env::var_os("NO_COLOR").as_deref());
        let view = Self::view_for(&config, doc, name);
        let mut app = Self {
            views: vec![view],
            active: 0,
            overlay: Overlay::None,
            ambiguous,
            theme,
            message: None,
            quit: false,
            screen: Rect::new(0, 0, columns, rows),
            search_history: Vec::new(),
            storage: Box::new(SessionOnly::default()),
            pending_count: None,
            effects: Vec::new(),
            mouse_captured: config.mouse,
            config,
        };
        app.view_mut().sync_outline_to_text();
        app.settle();
        app
    }

    fn view_for(config: &Config, doc: Document, name: impl Into<String>) -> DocView {
        DocView::new(
            doc,
            name,
            config.show_outline,
            config.outline_width,
            config.first_line_indent,
        )
    }

    /// Opens another document beside the ones open (the active view stays); returns its index.
    /// What a comparison of two documents builds on.
    pub fn open_view(&mut self, doc: Document, name: impl Into<String>) -> usize {
        let view = Self::view_for(&self.config, doc, name);
        self.views.push(view);
        let index = self.views.len() - 1;
        let active = std::mem::replace(&mut self.active, index);
        self.settle();
        self.active = active;
        index
    }

    /// Makes view `index` the one the keys act on (nothing happens for an index not open);
    /// whatever overlay was open over the other one closes.
    pub fn set_active(&mut self, index: usize) {
        if index < self.views.len() && index != self.active {
            self.active = index;
            self.overlay = Overlay::None;
            self.settle();
        }
    }

    /// The views of the open documents, in the order they were opened.
    #[must_use]
    pub fn views(&self) -> &[DocView] {
        &self.views
    }

    /// The view the keys act on.
    #[must_use]
    pub fn view(&self) -> &DocView {
        // `views` is never empty and `active` always indexes it (see `open_view`, `set_active`).
        &self.views[self.active]
    }

    pub fn view_mut(&mut self) -> &mut DocView {
        &mut self.views[self.active]
    }

    /// Hands the reader what was remembered about the document and where to keep changes:
    /// restores the reading position and the bookmarks, and shows a warning if there is one.
    pub fn open_session(&mut self, session: Session) {
        self.storage = session.storage;
        self.search_history = session.history;
        let view = self.view_mut();
        view.doc_key = session.doc_key;
        view.set_bookmarks(session.bookmarks);
        if let Some(position) = session.position {
            view.restore_position(position);
        }
        self.message = session.warning;
        self.settle();
    }

    /// Why changes are not being saved, if they are not.
    #[must_use]
    pub fn storage_problem(&self) -> Option<&str> {
        self.storage.problem()
    }

    /// The requests for the terminal made since the last call, oldest first.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Which overlay is open (without its data).
    #[must_use]
    pub fn mode(&self) -> Mode {
        self.overlay.mode()
    }

    /// A search is under way in the search box: the event loop asks for its next part
    /// ([`Action::ContinueSearch`]) while no key is waiting.
    #[must_use]
    pub fn search_under_way(&self) -> bool {
        matches!(self.overlay, Overlay::Search(_))
            && self
                .view()
                .active_search()
                .is_some_and(|search| !search.is_complete())
    }

    /// Past search patterns, oldest first.
    #[must_use]
    pub fn search_history(&self) -> &[String] {
        &self.search_history
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
        self.settle();
    }

    /// The screen's size as the app last heard it.
    #[must_use]
    pub fn screen(&self) -> Rect {
        self.screen
    }

    /// The active view's panes.
    #[must_use]
    pub fn panes(&self) -> Panes {
        self.view().panes()
    }

    /// The overlay that holds the match or the bookmark list: the main area less a margin, or
    /// less when the list is short (its top stays where a full one would start).
    #[must_use]
    pub fn list_overlay(&self) -> Rect {
        let full = list_overlay(self.screen);
        let rows = match &self.overlay {
            Overlay::Matches(list) => list.rows.len(),
            _ => (self.view().bookmarks().len() * bookmarks::ROWS_PER_BOOKMARK).max(1),
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

    /// Works out what the screen shows after a change: the views' panes and rows, and the scroll
    /// of an open list. The heading filter lives only while its overlay is open, and a filter
    /// whose outline has no room to be shown closes.
    fn settle(&mut self) {
        let (screen, max_text, ambiguous) =
            (self.screen, self.config.max_text_width, self.ambiguous);
        for view in &mut self.views {
            view.lay_out(screen, max_text, ambiguous);
        }
        let view = &mut self.views[self.active];
        if matches!(self.overlay, Overlay::Filter(_)) && view.panes().outline.width == 0 {
            self.overlay = Overlay::None;
        }
        if !matches!(self.overlay, Overlay::Filter(_)) && view.outline.filter().is_some() {
            view.clear_filter();
            // The outline's list regains the row the filter's input took.
            view.lay_out(screen, max_text, ambiguous);
        }
        let list_rows = self.list_rows();
        let bookmark_count = self.view().bookmarks().len();
        match &mut self.overlay {
            Overlay::Matches(list) => list.scroll_to_selection(list_rows),
            Overlay::Bookmarks(picker) => picker.scroll_to_selection(bookmark_count, list_rows),
            _ => {}
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

/// Applies `action` to `app`: the status message, a resize and quitting are handled here for
/// every overlay; everything else goes to the open overlay's handler (or, with none open, to
/// the reading keys), which returns the overlay that follows.
pub fn update(app: &mut App, action: Action) {
    // A note lives until the next key.
    let from_a_key = !matches!(
        action,
        Action::Resize { .. } | Action::Wheel { .. } | Action::ContinueSearch
    );
    if from_a_key {
        app.message = None;
    }
    // A number typed before a key, with nothing open, is its count.
    if matches!(app.overlay, Overlay::None)
        && let Action::Digit(digit) = action
    {
        type_digit(app, digit);
        return;
    }
    let count = if from_a_key {
        app.pending_count.take()
    } else {
        None
    };
    let jump_from = match &app.overlay {
        Overlay::Search(prompt) => prompt.origin(),
        _ => app.view().top(),
    };
    let selecting = matches!(app.overlay, Overlay::Select(_));
    let overlay = std::mem::take(&mut app.overlay);
    app.overlay = match (overlay, action.clone()) {
        (overlay, Action::Resize { columns, rows }) => {
            app.screen = Rect::new(0, 0, columns, rows);
            overlay
        }
        // Only the search box has a search under way.
        (overlay, Action::ContinueSearch) if !matches!(overlay, Overlay::Search(_)) => overlay,
        (overlay, Action::Quit) if overlay.closes_on_quit() => Overlay::None,
        (Overlay::Note(note), Action::Quit) => {
            app.quit = true;
            bookmarks::finish_note(app, note, false)
        }
        (overlay, Action::Quit) => {
            app.quit = true;
            overlay
        }
        (Overlay::None, action) => normal::handle_counted(app, action, count),
        (Overlay::Select(selection), action) => select::handle(app, selection, action),
        (Overlay::Help(scroll), action) => overlay::help(app, scroll, action),
        (Overlay::Filter(input), action) => overlay::filter(app, input, action),
        (Overlay::Search(prompt), action) => search::prompt(app, prompt, action),
        (Overlay::Matches(list), action) => search::list(app, list, action),
        (Overlay::Bookmarks(picker), action) => bookmarks::list(app, picker, action),
        (Overlay::Note(note), action) => bookmarks::note(app, note, action),
    };
    if !selecting && is_jump(&action) && app.view().top() != jump_from {
        app.view_mut().jumps.record(jump_from);
    }
    // Every move of the text has brought the outline's cursor along (see `set_top_row`).
    app.settle();
}

/// A digit of a count: `5`, then `0` makes 50. A lone `0` is no count.
fn type_digit(app: &mut App, digit: u8) {
    let count = match app.pending_count {
        None if digit == 0 => return,
        None => usize::from(digit),
        Some(count) => (count * 10 + usize::from(digit)).min(MAX_COUNT),
    };
    app.pending_count = Some(count);
}

/// Whether `action` is a jump, remembered in the jump list when it moves the text: everything
/// that moves it but scrolling, typing into a box, and the jump list's own keys (`n` and `N`
/// are jumps, as in vim).
fn is_jump(action: &Action) -> bool {
    !action.is_scroll()
        && !matches!(
            action,
            Action::Resize { .. }
                | Action::ContinueSearch
                | Action::InsertChar(_)
                | Action::DeleteChar
                | Action::DeleteCharAfter
                | Action::CursorLeft
                | Action::CursorRight
                | Action::CursorHome
                | Action::CursorEnd
                | Action::Paste(_)
                | Action::ToggleRegex
                | Action::ToggleVariants
                | Action::JumpBack
                | Action::JumpForward
                | Action::Digit(_)
        )
}

fn signed(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

#[cfg(test)]
mod tests;
