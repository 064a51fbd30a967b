//! Keys with nothing open over the document: moving in the focused pane, moving by the
//! document's structure, the panes, the outline tree, and opening the overlays.

use ratatui::layout::Position as Cell;

use super::overlay::{HelpScroll, Overlay, open_filter};
use super::view::{DocView, Focus, MIN_OUTLINE_WIDTH, MIN_READER_WIDTH};
use super::{Action, App, Effect, bookmarks, search, select, signed};

/// Rows the mouse wheel scrolls.
const WHEEL_ROWS: usize = 3;

/// What a click landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Clicked {
    /// A heading of the outline's list.
    Section(usize),
    /// The reading pane.
    Reader,
}

/// Handles `action` with no overlay open, `count` times for a move typed after a number
/// (`5j`, `3]`: repeated until the text stops moving); `50%` goes halfway.
pub(super) fn handle_counted(app: &mut App, action: Action, count: Option<usize>) -> Overlay {
    let Some(count) = count else {
        if action == Action::GoToPercent {
            let how = app
                .config
                .keys
                .hint_key(&Action::GoToPercent)
                .map(|key| format!(": 50{key} goes halfway"))
                .unwrap_or_default();
            app.message = Some(format!("type the percentage first{how}"));
            return Overlay::None;
        }
        return handle(app, action);
    };
    if action == Action::GoToPercent {
        app.view_mut().go_to_percent(count);
        return Overlay::None;
    }
    if !is_repeatable(&action) {
        return handle(app, action);
    }
    for _ in 0..count {
        let (top, cursor) = (app.view().top_row(), app.view().outline.cursor());
        handle(app, action.clone());
        if app.view().top_row() == top && app.view().outline.cursor() == cursor {
            break;
        }
    }
    Overlay::None
}

/// Moves that a count repeats.
fn is_repeatable(action: &Action) -> bool {
    action.is_scroll()
        || matches!(
            action,
            Action::NextSection
                | Action::PrevSection
                | Action::NextSibling
                | Action::PrevSibling
                | Action::SearchNext
                | Action::SearchPrev
                | Action::JumpBack
                | Action::JumpForward
        )
}

/// Handles `action` with no overlay open; returns the overlay it opens, if any.
pub(super) fn handle(app: &mut App, action: Action) -> Overlay {
    match action {
        Action::Help => return Overlay::Help(HelpScroll::default()),
        Action::Cancel => search::clear(app.view_mut()),
        Action::LineDown
        | Action::LineUp
        | Action::HalfPageDown
        | Action::HalfPageUp
        | Action::PageDown
        | Action::PageUp
        | Action::Top
        | Action::Bottom => move_in_focused_pane(app.view_mut(), &action),
        Action::NextSection => move_to_section(app.view_mut(), DocView::next_section),
        Action::PrevSection => move_to_section(app.view_mut(), DocView::prev_section),
        Action::NextSibling => move_to_section(app.view_mut(), DocView::next_sibling),
        Action::PrevSibling => move_to_section(app.view_mut(), DocView::prev_sibling),
        Action::SwitchFocus
        | Action::ToggleOutline
        | Action::OutlineWider
        | Action::OutlineNarrower => panes(app, &action),
        Action::Open
        | Action::Expand
        | Action::Collapse
        | Action::ExpandAll
        | Action::CollapseAll => outline_tree(app.view_mut(), &action),
        Action::FilterOutline => return open_filter(app),
        Action::Search if app.view().focus == Focus::Outline => return open_filter(app),
        Action::Search => return search::open_prompt(app.view_mut()),
        Action::SearchNext => search::step(app, true),
        Action::SearchPrev => search::step(app, false),
        Action::SearchMatches => return search::open_list(app),
        Action::Bookmark => return bookmarks::bookmark_here(app),
        Action::Bookmarks => return bookmarks::open_list(app.view()),
        Action::Export => bookmarks::export(app),
        Action::Select => return select::open(app),
        Action::Copy => select::copy_sentence(app),
        Action::JumpBack => jump(app, true),
        Action::JumpForward => jump(app, false),
        Action::ToggleMouse => toggle_mouse(app),
        Action::Wheel { column, row, down } => wheel(app.view_mut(), Cell::new(column, row), down),
        Action::Click { column, row } => match clicked(app, column, row) {
            Some(Clicked::Section(section)) => {
                let view = app.view_mut();
                view.jump_to_section(section);
                view.focus = Focus::Outline;
            }
            Some(Clicked::Reader) => app.view_mut().focus = Focus::Reader,
            None => {}
        },
        // Text-box keys, keys of other overlays, and what `update` handles itself.
        _ => {}
    }
    Overlay::None
}

/// `ctrl-o` (`back`) and `ctrl-n`: through the jump list.
fn jump(app: &mut App, back: bool) {
    let view = app.view_mut();
    let here = view.top();
    let target = if back {
        view.jumps.back(here)
    } else {
        view.jumps.forward(here)
    };
    match target {
        Some(position) => view.restore_position(position),
        None if back => app.message = Some("no earlier jump".to_string()),
        None => app.message = Some("no later jump".to_string()),
    }
}

/// `M`: releases the mouse to the terminal, so that its own selection works, or takes it back.
fn toggle_mouse(app: &mut App) {
    app.mouse_captured = !app.mouse_captured;
    app.effects.push(Effect::CaptureMouse(app.mouse_captured));
    let key = app.config.keys.hint_key(&Action::ToggleMouse);
    let again = key
        .map(|k| format!("; {k} takes it back"))
        .unwrap_or_default();
    app.message = Some(if app.mouse_captured {
        "mouse on: the wheel scrolls, a click jumps".to_string()
    } else {
        format!("mouse off: select with the terminal{again}")
    });
}

/// The line, page and end keys: the outline's cursor when the outline has the focus, else
/// the text.
fn move_in_focused_pane(view: &mut DocView, action: &Action) {
    if view.focus == Focus::Outline {
        let rows = match action {
            Action::LineDown | Action::LineUp => 1,
            Action::HalfPageDown | Action::HalfPageUp => view.half_page(),
            Action::Top => return view.outline.set_cursor(0),
            Action::Bottom => return view.outline.set_cursor(usize::MAX),
            _ => view.page(),
        };
        let down = matches!(
            action,
            Action::LineDown | Action::HalfPageDown | Action::PageDown
        );
        view.outline
            .move_cursor(if down { signed(rows) } else { -signed(rows) });
        return;
    }
    match action {
        Action::LineDown => view.scroll_text(true, 1),
        Action::LineUp => view.scroll_text(false, 1),
        Action::HalfPageDown => view.scroll_text(true, view.half_page()),
        Action::HalfPageUp => view.scroll_text(false, view.half_page()),
        Action::PageDown => view.scroll_text(true, view.page()),
        Action::PageUp => view.scroll_text(false, view.page()),
        Action::Top => view.set_top_row(crate::layout::RowPos::default()),
        Action::Bottom => view.go_to_end(),
        _ => {}
    }
}

fn move_to_section(view: &mut DocView, find: fn(&DocView) -> Option<usize>) {
    if let Some(section) = find(view) {
        view.jump_to_section(section);
    }
}

/// Focus, showing and sizing the outline.
fn panes(app: &mut App, action: &Action) {
    let screen_width = app.screen().width;
    let view = app.view_mut();
    let no_headings = view.doc.sections.is_empty();
    match action {
        Action::SwitchFocus => {
            view.focus = match view.focus {
                Focus::Outline => Focus::Reader,
                Focus::Reader => {
                    view.show_outline = true;
                    Focus::Outline
                }
            };
            if no_headings {
                view.focus = Focus::Reader;
                app.message = Some("this document has no headings".to_string());
            }
        }
        _ if no_headings => app.message = Some("this document has no headings".to_string()),
        Action::ToggleOutline => {
            view.show_outline = !view.show_outline;
            if !view.show_outline {
                view.focus = Focus::Reader;
            }
        }
        _ => {
            let step: i32 = if *action == Action::OutlineWider {
                2
            } else {
                -2
            };
            // Widening starts from what is shown, which may be less than the setting.
            let shown = match view.panes().outline.width {
                0 => view.outline_width,
                width => width,
            };
            let max = screen_width
                .saturating_sub(MIN_READER_WIDTH + 1)
                .max(MIN_OUTLINE_WIDTH);
            let width =
                (i32::from(shown) + step).clamp(i32::from(MIN_OUTLINE_WIDTH), i32::from(max));
            view.outline_width = u16::try_from(width).unwrap_or(view.outline_width);
            view.show_outline = true;
        }
    }
}

/// Enter, folding and unfolding in the outline (nothing while the text has the focus, but the
/// whole-tree folds).
fn outline_tree(view: &mut DocView, action: &Action) {
    let focused = view.focus == Focus::Outline;
    match action {
        Action::ExpandAll => view.outline.expand_all(&view.doc),
        Action::CollapseAll => view.outline.collapse_all(&view.doc),
        Action::Open if focused => {
            if let Some(section) = view.outline.selected() {
                view.jump_to_section(section);
                view.focus = Focus::Reader;
            }
        }
        Action::Expand | Action::Collapse if focused => {
            let Some(section) = view.outline.selected() else {
                return;
            };
            let collapse = *action == Action::Collapse;
            let is_leaf_or_folded = view
                .doc
                .sections
                .get(section)
                .is_some_and(|s| s.children.is_empty() || view.outline.is_collapsed(section));
            if collapse && is_leaf_or_folded {
                // Like a file tree: collapsing a leaf goes to its parent.
                let parent = view.doc.sections.get(section).and_then(|s| s.parent);
                if let Some(row) = parent.and_then(|p| view.outline.row_of(&view.doc, p)) {
                    view.outline.set_cursor(row);
                }
            } else {
                view.outline.set_collapsed(&view.doc, section, collapse);
            }
        }
        _ => {}
    }
}

/// The wheel scrolls the pane under it.
fn wheel(view: &mut DocView, at: Cell, down: bool) {
    let panes = view.panes();
    if panes.outline.contains(at) {
        view.outline.move_cursor(if down {
            signed(WHEEL_ROWS)
        } else {
            -signed(WHEEL_ROWS)
        });
    } else if panes.reader.contains(at) {
        view.scroll_text(down, WHEEL_ROWS);
    }
}

/// What a click at `column`, `row` lands on.
pub(super) fn clicked(app: &App, column: u16, row: u16) -> Option<Clicked> {
    let view = app.view();
    let panes = view.panes();
    let at = Cell::new(column, row);
    if panes.outline.contains(at) {
        let list_top = panes.outline.y + u16::from(view.outline.filter().is_some());
        let index = view.outline.offset() + usize::from(row.checked_sub(list_top)?);
        view.outline.rows().get(index).map(|&s| Clicked::Section(s))
    } else if panes.reader.contains(at) {
        Some(Clicked::Reader)
    } else {
        None
    }
}
