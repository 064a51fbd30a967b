//! Everything the reader can be asked to do, as one enum. A leaf: the config reads it, the app
//! handles it, and neither depends on the other for it.
//!
//! The keymap binds keys to the configurable variants (their snake_case names are what the config
//! file writes: `"ctrl-d" = "half_page_down"`). The variants marked `#[serde(skip)]` come from
//! the terminal itself (typing into a text box, the mouse, a resize) and cannot be bound.

use serde::Deserialize;

/// A request to change the reader's state, handled by `app::update`. Not `Copy`: pasted text
/// travels in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Unbinds a key that the defaults bind (`x = "none"`).
    None,
    Quit,
    /// Show or hide the list of key bindings.
    Help,
    /// Close the help, clear a filter, leave a text box.
    Cancel,

    // Moving in the focused pane (the reading pane scrolls; the outline moves its cursor).
    LineDown,
    LineUp,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Top,
    Bottom,

    // Moving by the document's structure (always the reading position).
    NextSection,
    PrevSection,
    NextSibling,
    PrevSibling,

    // Panes.
    SwitchFocus,
    ToggleOutline,
    OutlineWider,
    OutlineNarrower,

    // The outline tree.
    /// Jump to the section under the outline's cursor.
    Open,
    Expand,
    Collapse,
    ExpandAll,
    CollapseAll,
    /// Type to filter the outline's headings (characters or pinyin initials).
    FilterOutline,

    // Search and bookmarks.
    /// In the outline: filter the headings. In the reading pane: open the search box.
    Search,
    SearchNext,
    SearchPrev,
    /// The list of every match of the search, grouped by section.
    SearchMatches,
    /// Bookmark the passage at the reading position (or the selected match) and ask for a note.
    Bookmark,
    /// The list of bookmarks.
    Bookmarks,
    /// Export the bookmarked passages as Markdown.
    Export,

    // Selecting and copying.
    /// Start selecting, on the sentence at the reading position (or the selected match).
    Select,
    /// While selecting: grow (or shrink) the selection by a sentence.
    NextSentence,
    PrevSentence,
    /// Copy the selection (or the sentence `v` would start on) with its citation.
    Copy,

    // The jump list and the rest.
    /// Back to where the last jump came from (outline, search, g/G, bookmarks, section keys).
    JumpBack,
    /// Forward again after going back.
    JumpForward,
    /// Go to the percentage typed before it (`50%`).
    GoToPercent,
    /// Release the mouse to the terminal (its own selection works), or take it back.
    ToggleMouse,

    // Fixed keys of the search box and the bookmark list, not bindable.
    /// Regular expression on/off (ctrl-r in the search box).
    #[serde(skip)]
    ToggleRegex,
    /// Traditional and simplified characters match each other, on/off (ctrl-t in the box).
    #[serde(skip)]
    ToggleVariants,
    /// Edit the selected bookmark's note (`e` in the bookmark list).
    #[serde(skip)]
    EditNote,
    /// Delete the selected bookmark, after a confirmation (`d` in the bookmark list).
    #[serde(skip)]
    DeleteBookmark,
    /// Move the other end of the selection from now on (`o` while selecting).
    #[serde(skip)]
    SwapEnds,

    // From the terminal, not bindable.
    /// A digit typed with nothing open: part of a count (`5j`, `50%`).
    #[serde(skip)]
    Digit(u8),
    /// A character typed into a text box.
    #[serde(skip)]
    InsertChar(char),
    /// Backspace in a text box.
    #[serde(skip)]
    DeleteChar,
    /// Delete in a text box: the character after the cursor.
    #[serde(skip)]
    DeleteCharAfter,
    /// The text box's cursor one character left (Left).
    #[serde(skip)]
    CursorLeft,
    /// The text box's cursor one character right (Right).
    #[serde(skip)]
    CursorRight,
    /// The text box's cursor to the start (Home, ctrl-a).
    #[serde(skip)]
    CursorHome,
    /// The text box's cursor to the end (End, ctrl-e).
    #[serde(skip)]
    CursorEnd,
    /// Text pasted into the terminal (bracketed paste), inserted at a text box's cursor.
    #[serde(skip)]
    Paste(String),
    /// Accept what a text box holds (Enter).
    #[serde(skip)]
    Accept,
    /// The mouse wheel over a screen cell; `down` scrolls towards the end.
    #[serde(skip)]
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    /// A left click on a screen cell.
    #[serde(skip)]
    Click {
        column: u16,
        row: u16,
    },
    /// The terminal's new size.
    #[serde(skip)]
    Resize {
        columns: u16,
        rows: u16,
    },
    /// The next part of the search under way in the search box, asked for by the event loop
    /// while no key is waiting (no key sends it).
    #[serde(skip)]
    ContinueSearch,
}

impl Action {
    /// True for the line and page moves (and the wheel): scrolling, which is no jump, which a
    /// count repeats, and which looks around while selecting.
    #[must_use]
    pub fn is_scroll(&self) -> bool {
        matches!(
            self,
            Self::LineDown
                | Self::LineUp
                | Self::HalfPageDown
                | Self::HalfPageUp
                | Self::PageDown
                | Self::PageUp
                | Self::Wheel { .. }
        )
    }

    /// Every bindable action, in the order the help lists them.
    pub const BINDABLE: &'static [Self] = &[
        Self::LineDown,
        Self::LineUp,
        Self::HalfPageDown,
        Self::HalfPageUp,
        Self::PageDown,
        Self::PageUp,
        Self::Top,
        Self::Bottom,
        Self::NextSection,
        Self::PrevSection,
        Self::NextSibling,
        Self::PrevSibling,
        Self::SwitchFocus,
        Self::ToggleOutline,
        Self::OutlineWider,
        Self::OutlineNarrower,
        Self::Open,
        Self::Expand,
        Self::Collapse,
        Self::ExpandAll,
        Self::CollapseAll,
        Self::FilterOutline,
        Self::Search,
        Self::SearchNext,
        Self::SearchPrev,
        Self::SearchMatches,
        Self::Bookmark,
        Self::Bookmarks,
        Self::Export,
        Self::Select,
        Self::NextSentence,
        Self::PrevSentence,
        Self::Copy,
        Self::JumpBack,
        Self::JumpForward,
        Self::GoToPercent,
        Self::ToggleMouse,
        Self::Cancel,
        Self::Help,
        Self::Quit,
        Self::None,
    ];

    /// The name the config file uses.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Quit => "quit",
            Self::Help => "help",
            Self::Cancel => "cancel",
            Self::LineDown => "line_down",
            Self::LineUp => "line_up",
            Self::HalfPageDown => "half_page_down",
            Self::HalfPageUp => "half_page_up",
            Self::PageDown => "page_down",
            Self::PageUp => "page_up",
            Self::Top => "top",
            Self::Bottom => "bottom",
            Self::NextSection => "next_section",
            Self::PrevSection => "prev_section",
            Self::NextSibling => "next_sibling",
            Self::PrevSibling => "prev_sibling",
            Self::SwitchFocus => "switch_focus",
            Self::ToggleOutline => "toggle_outline",
            Self::OutlineWider => "outline_wider",
            Self::OutlineNarrower => "outline_narrower",
            Self::Open => "open",
            Self::Expand => "expand",
            Self::Collapse => "collapse",
            Self::ExpandAll => "expand_all",
            Self::CollapseAll => "collapse_all",
            Self::FilterOutline => "filter_outline",
            Self::Search => "search",
            Self::SearchNext => "search_next",
            Self::SearchPrev => "search_prev",
            Self::SearchMatches => "search_matches",
            Self::Bookmark => "bookmark",
            Self::Bookmarks => "bookmarks",
            Self::Export => "export",
            Self::Select => "select",
            Self::NextSentence => "next_sentence",
            Self::PrevSentence => "prev_sentence",
            Self::Copy => "copy",
            Self::JumpBack => "jump_back",
            Self::JumpForward => "jump_forward",
            Self::GoToPercent => "go_to_percent",
            Self::ToggleMouse => "toggle_mouse",
            Self::Digit(_) => "digit",
            Self::ToggleRegex => "toggle_regex",
            Self::ToggleVariants => "toggle_variants",
            Self::EditNote => "edit_note",
            Self::DeleteBookmark => "delete_bookmark",
            Self::SwapEnds => "swap_ends",
            Self::InsertChar(_) => "insert_char",
            Self::DeleteChar => "delete_char",
            Self::DeleteCharAfter => "delete_char_after",
            Self::CursorLeft => "cursor_left",
            Self::CursorRight => "cursor_right",
            Self::CursorHome => "cursor_home",
            Self::CursorEnd => "cursor_end",
            Self::Paste(_) => "paste",
            Self::Accept => "accept",
            Self::Wheel { .. } => "wheel",
            Self::Click { .. } => "click",
            Self::Resize { .. } => "resize",
            Self::ContinueSearch => "continue_search",
        }
    }

    /// What the action does, for the help overlay.
    #[must_use]
    pub fn description(&self) -> &'static str {
        match self {
            Self::None => "(unbound)",
            Self::Quit => "quit",
            Self::Help => "show or hide this help",
            Self::Cancel => "close / clear the filter or the search highlights",
            Self::LineDown => "down one line",
            Self::LineUp => "up one line",
            Self::HalfPageDown => "down half a page",
            Self::HalfPageUp => "up half a page",
            Self::PageDown => "down a page",
            Self::PageUp => "up a page",
            Self::Top => "to the top",
            Self::Bottom => "to the bottom",
            Self::NextSection => "next section",
            Self::PrevSection => "previous section",
            Self::NextSibling => "next section at the same level",
            Self::PrevSibling => "previous section at the same level",
            Self::SwitchFocus => "switch between outline and text",
            Self::ToggleOutline => "show or hide the outline",
            Self::OutlineWider => "widen the outline",
            Self::OutlineNarrower => "narrow the outline",
            Self::Open => "outline: jump to the section",
            Self::Expand => "outline: expand the node",
            Self::Collapse => "outline: collapse the node",
            Self::ExpandAll => "outline: expand every node",
            Self::CollapseAll => "outline: collapse to the top level",
            Self::FilterOutline => "find a heading (characters or pinyin initials)",
            Self::Search => "search the text (in the outline: filter headings)",
            Self::SearchNext => "next search match",
            Self::SearchPrev => "previous search match",
            Self::SearchMatches => "list every match, by section",
            Self::Bookmark => "bookmark the top paragraph (or the match)",
            Self::Bookmarks => "list bookmarks",
            Self::Export => "export bookmarks to ./<title>-bookmarks.md",
            Self::Select => "select text, from the sentence at the top (or the match)",
            Self::NextSentence => "selecting: a sentence further",
            Self::PrevSentence => "selecting: a sentence back",
            Self::Copy => "copy the selection (or the sentence) with its citation",
            Self::JumpBack => "back to where the last jump came from",
            Self::JumpForward => "forward again in the jump list",
            Self::GoToPercent => "go to the percentage typed before it (50%)",
            Self::ToggleMouse => "release the mouse to the terminal, or take it back",
            Self::ToggleRegex => "search box: regular expression on/off",
            Self::ToggleVariants => "search box: traditional = simplified on/off",
            Self::EditNote => "bookmark list: edit the note",
            Self::DeleteBookmark => "bookmark list: delete (y confirms)",
            Self::SwapEnds => "selecting: move the other end",
            Self::Digit(_)
            | Self::InsertChar(_)
            | Self::DeleteChar
            | Self::DeleteCharAfter
            | Self::CursorLeft
            | Self::CursorRight
            | Self::CursorHome
            | Self::CursorEnd
            | Self::Paste(_)
            | Self::Accept
            | Self::Wheel { .. }
            | Self::Click { .. }
            | Self::Resize { .. }
            | Self::ContinueSearch => "",
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct One {
        action: Action,
    }

    #[test]
    fn names_are_the_serde_names() {
        for action in Action::BINDABLE {
            let parsed: One = toml::from_str(&format!("action = {:?}", action.name())).unwrap();
            assert_eq!(&parsed.action, action);
            assert!(!action.description().is_empty());
        }
    }

    #[test]
    fn terminal_actions_cannot_be_bound() {
        for name in [
            "insert_char",
            "toggle_regex",
            "edit_note",
            "delete_bookmark",
            "accept",
            "paste",
            "cursor_left",
            "wheel",
            "click",
            "resize",
            "half_page",
            "digit",
        ] {
            let text = format!("action = {name:?}");
            assert!(toml::from_str::<One>(&text).is_err(), "{name}");
        }
    }
}
