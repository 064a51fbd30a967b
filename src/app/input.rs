//! From what the terminal reports to an [`Action`]: keys through the keymap (or, in a text box,
//! as text), the mouse, resizes.

use ratatui::crossterm::event::{
    Event, KeyCode as TermKeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton,
    MouseEventKind,
};

use super::{Action, App, Key, KeyCode, Overlay};

/// The action for a key in the app's current overlay, if any. Text boxes and the bookmark list
/// have a few fixed keys (listed in the help); every other key goes through the keymap.
#[must_use]
pub fn action_for_key(app: &App, key: Key) -> Option<Action> {
    let fixed = match &app.overlay {
        Overlay::Filter(_) => filter_key(key),
        Overlay::Search(_) => search_key(key),
        Overlay::Note(_) => note_key(key),
        Overlay::Bookmarks(picker) => bookmark_list_key(picker.confirm_delete, key),
        Overlay::Select(_) => select_key(key),
        Overlay::None | Overlay::Help(_) | Overlay::Matches(_) => None,
    };
    fixed
        .or_else(|| app.config.keys.get(&key))
        .or_else(|| count_digit(app, key))
}

/// A digit that no binding takes, with nothing open: part of a count (`5j`, `50%`).
fn count_digit(app: &App, key: Key) -> Option<Action> {
    if !matches!(app.overlay, Overlay::None) || key.ctrl || key.alt {
        return None;
    }
    match key.code {
        KeyCode::Char(c) => c
            .to_digit(10)
            .and_then(|d| u8::try_from(d).ok())
            .map(Action::Digit),
        _ => None,
    }
}

/// While selecting, `o` moves the other end (as in vim's visual mode), whatever `o` is bound to.
fn select_key(key: Key) -> Option<Action> {
    match (key.code, key.ctrl || key.alt) {
        (KeyCode::Char('o'), false) => Some(Action::SwapEnds),
        _ => None,
    }
}

/// The keys every text box shares: characters are text; Backspace and Delete delete before and
/// after the cursor, which Left, Right, Home and End (or ctrl-a, ctrl-e) move.
fn editing_key(key: Key) -> Option<Action> {
    if let Some(c) = key.typed_char() {
        return Some(Action::InsertChar(c));
    }
    match (key.code, key.ctrl) {
        (KeyCode::Backspace, _) | (KeyCode::Char('h'), true) => Some(Action::DeleteChar),
        (KeyCode::Delete, _) => Some(Action::DeleteCharAfter),
        (KeyCode::Left, _) => Some(Action::CursorLeft),
        (KeyCode::Right, _) => Some(Action::CursorRight),
        (KeyCode::Home, _) | (KeyCode::Char('a'), true) => Some(Action::CursorHome),
        (KeyCode::End, _) | (KeyCode::Char('e'), true) => Some(Action::CursorEnd),
        _ => None,
    }
}

/// True when the app's overlay is a text box, where pasted text goes.
fn takes_text(app: &App) -> bool {
    matches!(
        app.overlay,
        Overlay::Filter(_) | Overlay::Search(_) | Overlay::Note(_)
    )
}

/// The outline's filter: characters are text; a few keys edit and move; the rest (ctrl-c,
/// f1…) fall through to the keymap.
fn filter_key(key: Key) -> Option<Action> {
    if let Some(action) = editing_key(key) {
        return Some(action);
    }
    match (key.code, key.ctrl) {
        (KeyCode::Enter, _) => Some(Action::Accept),
        (KeyCode::Esc, _) => Some(Action::Cancel),
        (KeyCode::Up, _) | (KeyCode::Char('p'), true) => Some(Action::LineUp),
        (KeyCode::Down, _) | (KeyCode::Char('n'), true) => Some(Action::LineDown),
        (KeyCode::PageUp, _) => Some(Action::PageUp),
        (KeyCode::PageDown, _) => Some(Action::PageDown),
        _ => None,
    }
}

/// The search box: characters are text; Up/Down recall the history; ctrl-n/ctrl-p step through
/// the matches; ctrl-r and ctrl-t toggle the options; Tab lists the matches.
fn search_key(key: Key) -> Option<Action> {
    if let Some(action) = editing_key(key) {
        return Some(action);
    }
    match (key.code, key.ctrl) {
        (KeyCode::Enter, _) => Some(Action::Accept),
        (KeyCode::Esc, _) => Some(Action::Cancel),
        (KeyCode::Up, _) => Some(Action::LineUp),
        (KeyCode::Down, _) => Some(Action::LineDown),
        (KeyCode::Char('n'), true) => Some(Action::SearchNext),
        (KeyCode::Char('p'), true) => Some(Action::SearchPrev),
        (KeyCode::Char('r'), true) => Some(Action::ToggleRegex),
        (KeyCode::Char('t'), true) => Some(Action::ToggleVariants),
        (KeyCode::Tab, _) => Some(Action::SearchMatches),
        _ => None,
    }
}

/// The note of a bookmark: characters are text; Enter saves; Esc leaves the note as it was.
fn note_key(key: Key) -> Option<Action> {
    if let Some(action) = editing_key(key) {
        return Some(action);
    }
    match key.code {
        KeyCode::Enter => Some(Action::Accept),
        KeyCode::Esc => Some(Action::Cancel),
        _ => None,
    }
}

/// The bookmark list: `e` edits the note, `d` deletes; after `d`, `y` (or `d`, or Enter)
/// confirms and any other key does not.
fn bookmark_list_key(confirm_delete: bool, key: Key) -> Option<Action> {
    if confirm_delete {
        return Some(match (key.code, key.ctrl || key.alt) {
            (KeyCode::Char('y' | 'Y' | 'd') | KeyCode::Enter, false) => Action::Accept,
            _ => Action::Cancel,
        });
    }
    match (key.code, key.ctrl || key.alt) {
        (KeyCode::Char('e'), false) => Some(Action::EditNote),
        (KeyCode::Char('d'), false) => Some(Action::DeleteBookmark),
        _ => None,
    }
}

/// The action for a terminal event, if any.
#[must_use]
pub fn action_for_event(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) => key_from_event(key).and_then(|k| action_for_key(app, k)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel {
                column: mouse.column,
                row: mouse.row,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Action::Wheel {
                column: mouse.column,
                row: mouse.row,
                down: false,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            _ => None,
        },
        Event::Resize(columns, rows) => Some(Action::Resize {
            columns: *columns,
            rows: *rows,
        }),
        // Pasted text goes into a text box, and nowhere else (it is no keys to obey).
        Event::Paste(text) if takes_text(app) => Some(Action::Paste(text.clone())),
        // Focus changes need nothing.
        _ => None,
    }
}

/// A key press as a [`Key`]; releases and keys gangmu has no name for give `None`.
#[must_use]
pub fn key_from_event(event: &KeyEvent) -> Option<Key> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let code = match event.code {
        TermKeyCode::Char(c) => KeyCode::Char(c),
        TermKeyCode::Enter => KeyCode::Enter,
        TermKeyCode::Esc => KeyCode::Esc,
        TermKeyCode::Tab => KeyCode::Tab,
        TermKeyCode::BackTab => KeyCode::BackTab,
        TermKeyCode::Backspace => KeyCode::Backspace,
        TermKeyCode::Delete => KeyCode::Delete,
        TermKeyCode::Insert => KeyCode::Insert,
        TermKeyCode::Up => KeyCode::Up,
        TermKeyCode::Down => KeyCode::Down,
        TermKeyCode::Left => KeyCode::Left,
        TermKeyCode::Right => KeyCode::Right,
        TermKeyCode::PageUp => KeyCode::PageUp,
        TermKeyCode::PageDown => KeyCode::PageDown,
        TermKeyCode::Home => KeyCode::Home,
        TermKeyCode::End => KeyCode::End,
        TermKeyCode::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let mods = event.modifiers;
    Some(Key::normalised(
        code,
        mods.contains(KeyModifiers::CONTROL),
        mods.contains(KeyModifiers::ALT),
        mods.contains(KeyModifiers::SHIFT),
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn crossterm_keys_become_binding_keys() {
        let ev = |code, mods| KeyEvent::new(code, mods);
        assert_eq!(
            key_from_event(&ev(TermKeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Key::char('G'))
        );
        assert_eq!(
            key_from_event(&ev(TermKeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Key::ctrl('d'))
        );
        assert_eq!(
            key_from_event(&ev(TermKeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Key::new(KeyCode::BackTab))
        );
        let mut release = ev(TermKeyCode::Char('j'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(key_from_event(&release), None);
    }
}
