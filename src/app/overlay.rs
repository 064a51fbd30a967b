//! What is open over the document, with its state: one enum, so a mode and its data cannot
//! disagree. Each handler takes its overlay's state by value and returns the overlay that
//! follows (the same one changed, another one, or [`Overlay::None`]).
//!
//! The help and the heading filter are handled here; the search box and the match list in
//! `search`, the bookmark list and the note in `bookmarks`.

use super::bookmarks::{BookmarkPicker, NoteEdit};
use super::normal::{self, Clicked};
use super::search::{MatchList, SearchPrompt};
use super::text_input::{Edit, TextInput};
use super::view::Focus;
use super::{Action, App};
use crate::passage::Selection;

/// What is open over the document.
#[derive(Debug, Clone, Default)]
pub enum Overlay {
    /// Nothing: reading and moving about.
    #[default]
    None,
    /// The key bindings, scrolled to `scroll`.
    Help(HelpScroll),
    /// Typing a filter for the outline's headings (the matches are the outline's rows).
    Filter(TextInput),
    /// Typing into the search box (`/`): matches are highlighted as the pattern grows.
    Search(SearchPrompt),
    /// The list of every match, grouped by section.
    Matches(MatchList),
    /// The list of bookmarks.
    Bookmarks(BookmarkPicker),
    /// Typing a bookmark's note.
    Note(NoteEdit),
    /// Selecting a passage, to copy or bookmark it.
    Select(Selection),
}

/// The first row of the help text shown (the drawing clamps it to the screen).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HelpScroll(pub usize);

/// Which overlay is open, without its data: for the drawing's choices and for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Filter,
    Help,
    Search,
    Matches,
    Bookmarks,
    Note,
    Select,
}

impl Overlay {
    #[must_use]
    pub fn mode(&self) -> Mode {
        match self {
            Self::None => Mode::Normal,
            Self::Help(_) => Mode::Help,
            Self::Filter(_) => Mode::Filter,
            Self::Search(_) => Mode::Search,
            Self::Matches(_) => Mode::Matches,
            Self::Bookmarks(_) => Mode::Bookmarks,
            Self::Note(_) => Mode::Note,
            Self::Select(_) => Mode::Select,
        }
    }

    /// `q` closes these rather than the reader (it is no text there).
    pub(super) fn closes_on_quit(&self) -> bool {
        matches!(self, Self::Help(_) | Self::Matches(_) | Self::Bookmarks(_))
    }

    /// `back` unless this is another overlay: for an action handed on to the reading keys from
    /// an open overlay (the wheel under the search box), which may open one of their own.
    pub(super) fn or_back_to(self, back: Self) -> Self {
        match self {
            Self::None => back,
            other => other,
        }
    }
}

/// Keys while the help is shown.
pub(super) fn help(app: &App, HelpScroll(scroll): HelpScroll, action: Action) -> Overlay {
    let half = app.view().reader_height() / 2;
    let scroll = match action {
        Action::Help | Action::Cancel => return Overlay::None,
        Action::LineDown => scroll + 1,
        Action::LineUp => scroll.saturating_sub(1),
        Action::HalfPageDown | Action::PageDown => scroll + half,
        Action::HalfPageUp | Action::PageUp => scroll.saturating_sub(half),
        Action::Top => 0,
        _ => scroll,
    };
    Overlay::Help(HelpScroll(scroll))
}

/// `s` (or `/` in the outline): the heading filter, with the outline shown and focused.
pub(super) fn open_filter(app: &mut App) -> Overlay {
    let view = app.view_mut();
    if view.doc.sections.is_empty() {
        app.message = Some("this document has no headings".to_string());
        return Overlay::None;
    }
    view.show_outline = true;
    view.focus = Focus::Outline;
    view.outline.start_filter(&view.doc);
    Overlay::Filter(TextInput::default())
}

/// Keys while typing the heading filter.
pub(super) fn filter(app: &mut App, mut input: TextInput, action: Action) -> Overlay {
    let page = super::signed(app.view().page());
    let view = app.view_mut();
    match action {
        Action::Accept | Action::Open => {
            let Some(section) = view.outline.selected() else {
                app.message = Some("no heading matches".to_string());
                return Overlay::Filter(input);
            };
            view.clear_filter();
            view.jump_to_section(section);
            view.focus = Focus::Reader;
            return Overlay::None;
        }
        Action::Cancel => return Overlay::None,
        Action::LineDown => view.outline.move_cursor(1),
        Action::LineUp => view.outline.move_cursor(-1),
        Action::PageDown | Action::HalfPageDown => view.outline.move_cursor(page),
        Action::PageUp | Action::HalfPageUp => view.outline.move_cursor(-page),
        Action::Wheel { .. } => {
            return normal::handle(app, action).or_back_to(Overlay::Filter(input));
        }
        // The help replaces the filter, which ends (see `App::settle`).
        Action::Help => return normal::handle(app, action),
        Action::Click { column, row } => match normal::clicked(app, column, row) {
            Some(Clicked::Section(section)) => {
                let view = app.view_mut();
                view.clear_filter();
                view.jump_to_section(section);
                view.focus = Focus::Outline;
                return Overlay::None;
            }
            Some(Clicked::Reader) => {
                app.view_mut().focus = Focus::Reader;
                return Overlay::None;
            }
            None => {}
        },
        _ => match input.apply(&action) {
            Edit::Changed => view.outline.set_filter_text(input.text()),
            Edit::BackspaceOnEmpty => return Overlay::None,
            Edit::Moved | Edit::NotAnEdit => {}
        },
    }
    Overlay::Filter(input)
}
