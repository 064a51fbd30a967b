//! Styles and the few glyphs of the reader's chrome.
//!
//! Colours use the terminal's own foreground and background, with bold, underline, reverse and
//! a few named colours (which terminals adapt to their palette), so the reader is legible on light
//! and dark terminals alike. The mono theme (and `NO_COLOR`) drops the colours and keeps the rest.

use ratatui::style::{Color, Modifier, Style};

use crate::config::Theme;
use crate::layout::AmbiguousWidth;

/// Every style the reader draws with.
#[derive(Debug, Clone, Copy)]
pub struct Styles {
    pub body: Style,
    pub title: Style,
    pub subtitle: Style,
    /// Date and author lines of the title block.
    pub meta: Style,
    /// Headings of level 1, 2, and 3 or deeper.
    pub heading: [Style; 3],
    pub run_in: Style,
    pub outline: Style,
    /// The outline's row for the section at the top of the text.
    pub outline_current: Style,
    /// The outline's cursor when the outline has the focus.
    pub outline_cursor: Style,
    pub outline_marker: Style,
    pub separator: Style,
    pub separator_focused: Style,
    pub status: Style,
    pub status_note: Style,
    pub filter: Style,
    pub filter_cursor: Style,
    pub dim: Style,
    pub help: Style,
    pub help_key: Style,
    pub help_title: Style,
    /// A search match in the text, and the selected one.
    pub search_match: Style,
    pub search_current: Style,
    /// The passage being selected (`v`).
    pub selection: Style,
    /// The margin mark beside a bookmarked passage.
    pub bookmark_mark: Style,
    /// The selected row of a list.
    pub list_selected: Style,
    /// A section heading in the match list; a bookmark's section in the bookmark list.
    pub list_heading: Style,
    /// A bookmark's note.
    pub note: Style,
    /// A bookmark whose passage is not in the text any more.
    pub orphan: Style,
    /// A problem told in a box or the status bar (a bad regular expression).
    pub error: Style,
    /// The sign beside a heading whose numbering looks wrong.
    pub warning: Style,
}

impl Styles {
    #[must_use]
    pub fn new(theme: Theme) -> Self {
        let plain = Style::new();
        let bold = plain.add_modifier(Modifier::BOLD);
        let colour = |c: Color| match theme {
            Theme::Default => Some(c),
            Theme::Mono => None,
        };
        let with = |style: Style, c: Color| match colour(c) {
            Some(c) => style.fg(c),
            None => style,
        };
        Self {
            body: plain,
            title: with(bold, Color::Red),
            subtitle: bold,
            meta: plain.add_modifier(Modifier::ITALIC),
            heading: [with(bold, Color::Blue), with(bold, Color::Magenta), bold],
            run_in: bold,
            outline: plain,
            outline_current: bold.add_modifier(Modifier::UNDERLINED),
            outline_cursor: plain.add_modifier(Modifier::REVERSED),
            outline_marker: with(plain, Color::Blue),
            separator: plain.add_modifier(Modifier::DIM),
            separator_focused: with(bold, Color::Blue),
            status: plain.add_modifier(Modifier::REVERSED),
            status_note: bold.add_modifier(Modifier::REVERSED),
            filter: bold,
            filter_cursor: plain.add_modifier(Modifier::REVERSED),
            dim: plain.add_modifier(Modifier::DIM),
            help: plain,
            help_key: with(bold, Color::Blue),
            help_title: bold.add_modifier(Modifier::UNDERLINED),
            // Black on yellow reads on light and dark terminals; without colour, underlined.
            search_match: match theme {
                Theme::Default => plain.fg(Color::Black).bg(Color::Yellow),
                Theme::Mono => plain.add_modifier(Modifier::UNDERLINED),
            },
            search_current: bold.add_modifier(Modifier::REVERSED),
            // Reverse video, as a terminal shows its own selection: readable in any theme.
            selection: plain.add_modifier(Modifier::REVERSED),
            bookmark_mark: with(bold, Color::Green),
            list_selected: plain.add_modifier(Modifier::REVERSED),
            list_heading: with(bold, Color::Blue),
            note: plain.add_modifier(Modifier::ITALIC),
            orphan: plain.add_modifier(Modifier::DIM),
            error: with(bold, Color::Red),
            warning: with(plain, Color::Yellow).add_modifier(Modifier::DIM),
        }
    }
}

/// Glyphs of the chrome. Box-drawing characters are East Asian Ambiguous: a terminal set up for
/// CJK draws them two columns wide, so in wide mode the chrome falls back to ASCII.
#[derive(Debug, Clone, Copy)]
pub struct Glyphs {
    pub vertical: &'static str,
    pub horizontal: &'static str,
    pub corners: [&'static str; 4],
    pub collapsed: &'static str,
    pub expanded: &'static str,
    pub path_separator: &'static str,
    pub ellipsis: &'static str,
    /// In the margin beside a bookmarked passage.
    pub bookmark: &'static str,
}

impl Glyphs {
    #[must_use]
    pub fn new(ambiguous: AmbiguousWidth) -> Self {
        match ambiguous {
            AmbiguousWidth::Narrow => Self {
                vertical: "│",
                horizontal: "─",
                corners: ["┌", "┐", "└", "┘"],
                collapsed: "▸",
                expanded: "▾",
                path_separator: " › ",
                ellipsis: "…",
                bookmark: "▌",
            },
            AmbiguousWidth::Wide => Self {
                vertical: "|",
                horizontal: "-",
                corners: ["+", "+", "+", "+"],
                // ▸ ▾ › are not ambiguous: one column in every terminal.
                collapsed: "▸",
                expanded: "▾",
                path_separator: " › ",
                // Two columns here, and measured so.
                ellipsis: "…",
                // Block elements are ambiguous too: one column is all the margin has.
                bookmark: "*",
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::text::width::is_ambiguous;

    #[test]
    fn wide_chrome_has_no_ambiguous_glyphs_but_the_measured_ellipsis() {
        let g = Glyphs::new(AmbiguousWidth::Wide);
        let chrome = [
            g.vertical,
            g.horizontal,
            g.collapsed,
            g.expanded,
            g.path_separator,
            g.bookmark,
        ]
        .into_iter()
        .chain(g.corners);
        for glyph in chrome {
            assert!(!glyph.chars().any(is_ambiguous), "{glyph}");
        }
    }

    #[test]
    fn mono_has_no_colour() {
        let s = Styles::new(Theme::Mono);
        for style in [
            s.title,
            s.heading[0],
            s.heading[1],
            s.help_key,
            s.outline_marker,
            s.search_match,
            s.bookmark_mark,
        ] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
        assert!(Styles::new(Theme::Default).title.fg.is_some());
    }
}
