//! The one width helper: display columns of graphemes and strings.
//!
//! Every display-width computation in gangmu goes through here: never `.len()` or
//! `chars().count()` for columns. East Asian Ambiguous characters (“ ” … — ① …) are one column
//! in a "narrow" terminal and two in a "wide" one; the caller says which.

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How East Asian Ambiguous characters are measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmbiguousWidth {
    /// One column (most terminals' default).
    #[default]
    Narrow,
    /// Two columns (terminals set up for CJK).
    Wide,
}

/// Columns taken by one grapheme cluster. Control characters take none (they never reach the
/// screen: the decoder replaces them).
#[must_use]
pub fn grapheme_width(grapheme: &str, ambiguous: AmbiguousWidth) -> usize {
    // Fast path for the common single-character cluster.
    let mut chars = grapheme.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        return char_width(c, ambiguous);
    }
    let w = match ambiguous {
        AmbiguousWidth::Narrow => grapheme.width(),
        AmbiguousWidth::Wide => grapheme.width_cjk(),
    };
    // A cluster (emoji with VS16, ZWJ sequence) never takes more than two columns in a cell grid.
    w.min(2)
}

/// Columns taken by one character on its own.
#[must_use]
pub fn char_width(c: char, ambiguous: AmbiguousWidth) -> usize {
    use unicode_width::UnicodeWidthChar;
    if c.is_ascii() {
        return usize::from(!c.is_ascii_control());
    }
    match ambiguous {
        AmbiguousWidth::Narrow => c.width(),
        AmbiguousWidth::Wide => c.width_cjk(),
    }
    .unwrap_or(0)
}

/// Columns taken by a string, measured grapheme by grapheme.
#[must_use]
pub fn str_width(text: &str, ambiguous: AmbiguousWidth) -> usize {
    if text.is_ascii() {
        return text.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    text.graphemes(true)
        .map(|g| grapheme_width(g, ambiguous))
        .sum()
}

/// True when the character is measured differently in narrow and wide terminals.
#[must_use]
pub fn is_ambiguous(c: char) -> bool {
    char_width(c, AmbiguousWidth::Narrow) != char_width(c, AmbiguousWidth::Wide)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(str_width("abc", AmbiguousWidth::Narrow), 3);
        assert_eq!(str_width("纲目", AmbiguousWidth::Narrow), 4);
        assert_eq!(str_width("“纲”", AmbiguousWidth::Narrow), 4);
        assert_eq!(str_width("“纲”", AmbiguousWidth::Wide), 6);
        assert_eq!(str_width("，。（）", AmbiguousWidth::Narrow), 8);
        assert_eq!(str_width("e\u{301}", AmbiguousWidth::Narrow), 1);
        assert!(is_ambiguous('…'));
        assert!(!is_ambiguous('。'));
    }
}
