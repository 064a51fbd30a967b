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
    // The bulk of Chinese text: ideographs and full-width punctuation, never ambiguous.
    if matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3001}'..='\u{303E}' | '\u{FF01}'..='\u{FF60}') {
        return 2;
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
    str_width_visiting(text, ambiguous, |_| {})
}

/// [`str_width`], also handing every character except the ideographs U+4E00–U+9FFF to `visit`,
/// in order: a caller that needs to look at the punctuation of a line gets it from the same pass
/// over the bytes.
pub fn str_width_visiting(
    text: &str,
    ambiguous: AmbiguousWidth,
    mut visit: impl FnMut(char),
) -> usize {
    // Most text has no character that joins with its neighbours into one cluster: then the
    // sum of character widths is the width, and much cheaper than segmenting graphemes.
    // Ideographs U+4E00–U+9FFF (UTF-8 lead bytes E4 B8 to E9) are measured straight from the
    // bytes, and so is the common full-width punctuation.
    let bytes = text.as_bytes();
    let mut width = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            width += usize::from(b >= 0x20 && b != 0x7F);
            visit(char::from(b));
            i += 1;
        } else if (0xE5..=0xE9).contains(&b)
            || (b == 0xE4 && bytes.get(i + 1).is_some_and(|&n| n >= 0xB8))
        {
            width += 2;
            i += 3;
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            visit(c);
            i += c.len_utf8();
            if is_wide_punctuation(b, bytes.get(i - 2).copied(), bytes.get(i - 1).copied())
                && c.len_utf8() == 3
            {
                width += 2;
            } else if joins_cluster(c) {
                // Measure the whole text by clusters, and show the visitor the rest.
                text[i..]
                    .chars()
                    .filter(|c| !is_plain_ideograph(*c))
                    .for_each(&mut visit);
                return text
                    .graphemes(true)
                    .map(|g| grapheme_width(g, ambiguous))
                    .sum();
            } else {
                width += char_width(c, ambiguous);
            }
        }
    }
    width
}

fn is_plain_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// U+3000–U+3029 and U+302E–U+303E (CJK punctuation, without the combining tone marks), and
/// U+FF01–U+FF60 (full-width forms), from their UTF-8 bytes: always two columns.
fn is_wide_punctuation(lead: u8, second: Option<u8>, third: Option<u8>) -> bool {
    match (lead, second, third) {
        (0xE3, Some(0x80), Some(t)) => matches!(t, 0x80..=0xA9 | 0xAE..=0xBE),
        (0xEF, Some(0xBC), Some(t)) => t >= 0x81,
        (0xEF, Some(0xBD), Some(t)) => t <= 0xA0,
        _ => false,
    }
}

/// Characters that can make a grapheme cluster of several characters measure differently from
/// the sum of its parts: combining marks, joiners, variation selectors, emoji modifiers,
/// regional indicators, Hangul jamo.
fn joins_cluster(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x300 {
        return false;
    }
    matches!(cp,
        0x300..=0x36F | 0x1100..=0x11FF | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C..=0x200D
        | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x1F1E6..=0x1F1FF
        | 0x1F3FB..=0x1F3FF | 0xE0100..=0xE01EF | 0xD7B0..=0xD7FF)
        || (char_width(c, AmbiguousWidth::Narrow) == 0 && !c.is_control())
}

/// True when the character is measured differently in narrow and wide terminals.
#[must_use]
pub fn is_ambiguous(c: char) -> bool {
    char_width(c, AmbiguousWidth::Narrow) != char_width(c, AmbiguousWidth::Wide)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-level fast paths agree with unicode-width on every character they cover.
    #[test]
    fn fast_paths_agree_with_unicode_width() {
        use unicode_width::UnicodeWidthChar;
        let ranges = [
            0x3000..0x3100u32,
            0x4DC0..0x5100,
            0x9F00..0xA000,
            0xFF00..0xFFF0,
        ];
        // Combining marks form clusters with what precedes them and are measured as clusters.
        let standalone = |c: &char| c.width() != Some(0);
        for c in ranges
            .into_iter()
            .flatten()
            .filter_map(char::from_u32)
            .filter(standalone)
        {
            for (mode, expected) in [
                (AmbiguousWidth::Narrow, c.width().unwrap_or(0)),
                (AmbiguousWidth::Wide, c.width_cjk().unwrap_or(0)),
            ] {
                let text = format!("a{c}b");
                assert_eq!(
                    str_width(&text, mode),
                    expected + 2,
                    "U+{:04X} {mode:?}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn visiting_sees_everything_but_plain_ideographs() {
        let text = "一是“强省会”（试点）(x) 😀 e\u{301}。";
        let mut seen = String::new();
        let w = str_width_visiting(text, AmbiguousWidth::Narrow, |c| seen.push(c));
        assert_eq!(w, str_width(text, AmbiguousWidth::Narrow));
        let expected: String = text.chars().filter(|c| !is_plain_ideograph(*c)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn widths() {
        assert_eq!(str_width("abc", AmbiguousWidth::Narrow), 3);
        assert_eq!(str_width("纲目", AmbiguousWidth::Narrow), 4);
        assert_eq!(str_width("“纲”", AmbiguousWidth::Narrow), 4);
        assert_eq!(str_width("“纲”", AmbiguousWidth::Wide), 6);
        assert_eq!(str_width("，。（）", AmbiguousWidth::Narrow), 8);
        assert_eq!(str_width("e\u{301}", AmbiguousWidth::Narrow), 1);
        assert!(is_ambiguous('…'));
        // Clusters: an emoji ZWJ sequence and a flag are two columns each.
        assert_eq!(
            str_width("👨\u{200D}👩\u{200D}👧", AmbiguousWidth::Narrow),
            2
        );
        assert_eq!(str_width("🇨🇳", AmbiguousWidth::Narrow), 2);
        assert_eq!(str_width("纲\u{FE0F}目", AmbiguousWidth::Narrow), 4);
        assert!(!is_ambiguous('。'));
    }
}
