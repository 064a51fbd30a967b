//! A one-line text box's content and cursor: the search box, the note and the heading filter.
//!
//! Own code rather than `tui-input`: the box is measured and drawn by `text::width` (with the
//! ambiguous-width setting), which that crate's cursor column would not follow. The cursor moves
//! by grapheme, so a character with a combining mark is stepped over whole.

use unicode_segmentation::UnicodeSegmentation;

use crate::keymap::Action;

/// Text and a cursor (a byte offset at a grapheme boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    cursor: usize,
}

/// What an action did to a [`TextInput`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor moved (or nothing happened, as Delete at the end).
    Moved,
    /// Backspace on an empty box: the caller decides (leave the box, or nothing).
    BackspaceOnEmpty,
    /// Not an editing action.
    NotAnEdit,
}

impl TextInput {
    /// A box holding `text`, the cursor at its end.
    #[must_use]
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            cursor: text.len(),
            text,
        }
    }

    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor as a byte offset into [`TextInput::text`].
    #[must_use]
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Replaces the text, the cursor at its end (a recalled search pattern).
    pub fn set_text(&mut self, text: impl Into<String>) {
        *self = Self::new(text);
    }

    /// Inserts `text` at the cursor. A box holds one line: a line break of pasted text is
    /// dropped between two non-ASCII characters and becomes a space otherwise (as the reflow
    /// joins the source's lines), and other control characters become spaces.
    pub fn insert(&mut self, text: &str) {
        let text = text.trim_end_matches(['\r', '\n']);
        let mut clean = String::with_capacity(text.len());
        let mut chars = text.chars().filter(|&c| c != '\r').peekable();
        let mut previous = self.text[..self.cursor].chars().next_back();
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            let keep = match c {
                '\n' if previous.is_some_and(|p| !p.is_ascii())
                    && next.is_some_and(|n| !n.is_ascii()) =>
                {
                    None
                }
                c if c.is_control() => Some(' '),
                c => Some(c),
            };
            if let Some(k) = keep {
                clean.push(k);
                previous = Some(k);
            }
        }
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
    }

    /// Applies an editing action: typing, paste, Backspace, Delete, the cursor keys.
    pub fn apply(&mut self, action: &Action) -> Edit {
        match action {
            Action::InsertChar(c) => {
                self.insert(c.encode_utf8(&mut [0; 4]));
                Edit::Changed
            }
            Action::Paste(text) => {
                self.insert(text);
                Edit::Changed
            }
            Action::DeleteChar if self.text.is_empty() => Edit::BackspaceOnEmpty,
            Action::DeleteChar => {
                let start = self.previous_boundary();
                self.text.replace_range(start..self.cursor, "");
                let changed = start != self.cursor;
                self.cursor = start;
                if changed { Edit::Changed } else { Edit::Moved }
            }
            Action::DeleteCharAfter => {
                let end = self.next_boundary();
                let changed = end != self.cursor;
                self.text.replace_range(self.cursor..end, "");
                if changed { Edit::Changed } else { Edit::Moved }
            }
            Action::CursorLeft => {
                self.cursor = self.previous_boundary();
                Edit::Moved
            }
            Action::CursorRight => {
                self.cursor = self.next_boundary();
                Edit::Moved
            }
            Action::CursorHome => {
                self.cursor = 0;
                Edit::Moved
            }
            Action::CursorEnd => {
                self.cursor = self.text.len();
                Edit::Moved
            }
            _ => Edit::NotAnEdit,
        }
    }

    fn previous_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(at, _)| at)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TextInput {
        let mut input = TextInput::default();
        for c in text.chars() {
            input.apply(&Action::InsertChar(c));
        }
        input
    }

    #[test]
    fn typing_and_backspace_at_the_end() {
        let mut input = typed("协商");
        assert_eq!((input.text(), input.cursor()), ("协商", 6));
        assert_eq!(input.apply(&Action::DeleteChar), Edit::Changed);
        assert_eq!(input.text(), "协");
        input.apply(&Action::DeleteChar);
        assert_eq!(input.apply(&Action::DeleteChar), Edit::BackspaceOnEmpty);
    }

    #[test]
    fn cursor_moves_and_edits_in_the_middle() {
        let mut input = typed("强会");
        input.apply(&Action::CursorLeft);
        input.apply(&Action::InsertChar('省'));
        assert_eq!(input.text(), "强省会");
        input.apply(&Action::CursorHome);
        assert_eq!(input.cursor(), 0);
        // Left at the start and Backspace there change nothing.
        input.apply(&Action::CursorLeft);
        assert_eq!(input.apply(&Action::DeleteChar), Edit::Moved);
        assert_eq!(input.apply(&Action::DeleteCharAfter), Edit::Changed);
        assert_eq!(input.text(), "省会");
        input.apply(&Action::CursorEnd);
        assert_eq!(input.apply(&Action::DeleteCharAfter), Edit::Moved);
        input.apply(&Action::CursorLeft);
        input.apply(&Action::CursorRight);
        assert_eq!(input.cursor(), "省会".len());
    }

    #[test]
    fn a_combining_mark_is_one_step() {
        let mut input = typed("ae\u{301}");
        input.apply(&Action::CursorLeft);
        assert_eq!(input.cursor(), 1);
        input.apply(&Action::DeleteCharAfter);
        assert_eq!(input.text(), "a");
    }

    #[test]
    fn paste_goes_in_at_the_cursor_on_one_line() {
        let mut input = typed("政府报告");
        input.apply(&Action::CursorLeft);
        input.apply(&Action::CursorLeft);
        input.apply(&Action::Paste("工作\n".to_string()));
        assert_eq!(input.text(), "政府工作报告");
        assert_eq!(input.cursor(), "政府工作".len());
        input.apply(&Action::Paste("a\tb\r\nc 协\n商".to_string()));
        assert_eq!(input.text(), "政府工作a b c 协商报告");
    }
}
