//! Selecting a passage (`v`), copying it with its citation (`y`) and bookmarking exactly it
//! (`m`). The selection itself — anchor, head, moving by sentence, paragraph or character — is
//! the engine's [`Selection`]; this module maps the reader's keys onto it, keeps its moving end
//! on screen and turns a finished selection into a copy or a bookmark.

use super::overlay::Overlay;
use super::{Action, App, Effect, bookmarks, normal};
use crate::doc::Position;
use crate::export::citation::{self, Source};
use crate::passage::{Passage, Selection, Unit};

/// Where a selection starts: the selected search match when it is on screen, else the reading
/// position at the top of the pane.
fn start_position(app: &mut App) -> Position {
    let view = app.view_mut();
    view.current_hit_on_screen()
        .map_or_else(|| view.top(), |hit| hit.position())
}

/// `v`: starts selecting on the sentence at the start position.
pub(super) fn open(app: &mut App) -> Overlay {
    let at = start_position(app);
    match Selection::new(&app.view().doc, at) {
        Some(selection) => Overlay::Select(selection),
        None => {
            app.message = Some("nothing to select here".to_string());
            Overlay::None
        }
    }
}

/// `y` with nothing selected: copies the sentence `v` would start on.
pub(super) fn copy_sentence(app: &mut App) {
    let at = start_position(app);
    match Selection::new(&app.view().doc, at) {
        Some(selection) => copy(app, selection.passage()),
        None => app.message = Some("nothing to copy here".to_string()),
    }
}

/// Keys while selecting.
pub(super) fn handle(app: &mut App, mut selection: Selection, action: Action) -> Overlay {
    let motion = match action {
        Action::Cancel => return Overlay::None,
        Action::Copy | Action::Accept | Action::Open => {
            copy(app, selection.passage());
            return Overlay::None;
        }
        Action::Bookmark => return bookmarks::bookmark_passage(app, selection.passage()),
        Action::SwapEnds => {
            selection.swap_ends();
            None
        }
        Action::NextSentence => Some((Unit::Sentence, true)),
        Action::PrevSentence => Some((Unit::Sentence, false)),
        Action::NextSibling => Some((Unit::Paragraph, true)),
        Action::PrevSibling => Some((Unit::Paragraph, false)),
        Action::Expand | Action::CursorRight => Some((Unit::Character, true)),
        Action::Collapse | Action::CursorLeft => Some((Unit::Character, false)),
        // Scrolling looks around without changing what is selected.
        _ if action.is_scroll() => {
            return normal::handle(app, action).or_back_to(Overlay::Select(selection));
        }
        Action::Help => return normal::handle(app, action),
        _ => None,
    };
    if let Some((unit, forward)) = motion {
        selection.extend(&app.view().doc, unit, forward);
        let head = selection.head();
        let view = app.view_mut();
        let from = view.top_row();
        view.reveal_from(from, if forward { head.end } else { head.start });
    }
    Overlay::Select(selection)
}

/// Asks for `passage` (with its citation) to be put on the clipboard, and says so.
pub(super) fn copy(app: &mut App, passage: Passage) {
    let view = app.view();
    let quote = passage.text(&view.doc);
    if quote.trim().is_empty() {
        app.message = Some("nothing to copy here".to_string());
        return;
    }
    let section = view.doc.section_path(passage.start);
    let source = Source {
        meta: &view.doc.meta,
        name: &view.name,
        section: &section,
        page: None,
    };
    let text = citation::quotation(&quote, &source);
    let count = quote.chars().filter(|&c| c != '\n').count();
    app.effects.push(Effect::Copy(text));
    app.message = Some(format!("copied {count} characters with the citation"));
}
