//! Matching headings against what the reader types: characters, or pinyin initials.
//!
//! A query matches a heading when each of its words occurs in the heading as a contiguous run,
//! where a query letter matches a heading character that *is* that letter (case and full-width
//! forms folded) or whose pinyin, in any of its readings, starts with it: `qsh` finds 强省会, and
//! `hsh` and `ksh` both find 会 (huì, kuài). A word with digits also matches the same number in
//! Chinese numerals, spelled or digit by digit: `201` finds 第二百零一条, `2025` finds 二〇二五年.

use pinyin::ToPinyinMulti;

use crate::text::numerals::numeral_forms;

/// One heading prepared for matching: each character folded, with the set of first letters of
/// its readings as a bit mask (bit 0 = `a`).
#[derive(Debug, Clone, Default)]
pub struct HeadingIndex {
    /// Folded characters of all headings, one after another.
    chars: Vec<(char, u32)>,
    /// `chars[starts[i]..starts[i + 1]]` is heading `i`.
    starts: Vec<usize>,
}

impl HeadingIndex {
    /// Prepares `headings` for matching. Linear in their total length; done once, when the reader
    /// first filters.
    #[must_use]
    pub fn new<'a>(headings: impl IntoIterator<Item = &'a str>) -> Self {
        let mut index = Self::default();
        index.starts.push(0);
        for heading in headings {
            index
                .chars
                .extend(heading.chars().map(|c| (fold(c), initials_mask(c))));
            index.starts.push(index.chars.len());
        }
        index
    }

    /// Number of headings.
    #[must_use]
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when heading `i` matches `query` (see the module doc). An empty query matches.
    #[must_use]
    pub fn matches(&self, i: usize, query: &Query) -> bool {
        let (Some(&start), Some(&end)) = (self.starts.get(i), self.starts.get(i + 1)) else {
            return false;
        };
        let heading = &self.chars[start..end];
        query
            .words
            .iter()
            .all(|word| word.forms().any(|form| contains(heading, form)))
    }
}

/// A query split into words and folded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<Word>,
}

/// One word of a query, folded, with the Chinese-numeral forms of its digits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Word {
    typed: Vec<char>,
    numerals: Vec<Vec<char>>,
}

impl Word {
    fn new(text: &str) -> Self {
        let typed: Vec<char> = text.chars().map(fold).collect();
        let folded: String = typed.iter().collect();
        let numerals = numeral_forms(&folded)
            .iter()
            .map(|form| form.chars().collect())
            .collect();
        Self { typed, numerals }
    }

    /// Every way the word may be printed: as typed, then its numeral forms.
    fn forms(&self) -> impl Iterator<Item = &[char]> {
        std::iter::once(self.typed.as_slice()).chain(self.numerals.iter().map(Vec::as_slice))
    }
}

impl Query {
    #[must_use]
    pub fn new(text: &str) -> Self {
        Self {
            words: text.split_whitespace().map(Word::new).collect(),
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// True when every heading this query matches is also matched by `narrower` (each word of
    /// `self` is a prefix of the word at the same place in `narrower`, which may have more
    /// words), so filtering for `narrower` can start from `self`'s matches. A word with digits
    /// refines only itself: 二十 (`20`) is no part of 二百零一 (`201`).
    #[must_use]
    pub fn is_refined_by(&self, narrower: &Self) -> bool {
        self.words.len() <= narrower.words.len()
            && self.words.iter().zip(&narrower.words).all(|(a, b)| {
                if a.numerals.is_empty() {
                    b.typed.starts_with(&a.typed)
                } else {
                    a == b
                }
            })
    }
}

fn contains(heading: &[(char, u32)], word: &[char]) -> bool {
    if word.is_empty() {
        return true;
    }
    heading.len() >= word.len()
        && heading.windows(word.len()).any(|window| {
            window
                .iter()
                .zip(word)
                .all(|(&(c, mask), &q)| char_matches(c, mask, q))
        })
}

fn char_matches(heading_char: char, initials: u32, query_char: char) -> bool {
    heading_char == query_char
        || (query_char.is_ascii_lowercase()
            && initials & (1 << (u32::from(query_char) - u32::from('a'))) != 0)
}

/// Lowercase, and full-width ASCII forms (`Ａ２`) to ASCII, so `a2` finds `Ａ２`.
fn fold(c: char) -> char {
    let c = match u32::from(c) {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// First letters of every reading of `c`, as a mask over `a`–`z`; 0 for a character without
/// pinyin.
fn initials_mask(c: char) -> u32 {
    let Some(readings) = c.to_pinyin_multi() else {
        return 0;
    };
    readings
        .into_iter()
        .filter_map(|p| p.plain().bytes().next())
        .filter(u8::is_ascii_lowercase)
        .fold(0, |mask, letter| mask | 1 << (letter - b'a'))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn finds(heading: &str, query: &str) -> bool {
        HeadingIndex::new([heading]).matches(0, &Query::new(query))
    }

    #[test]
    fn pinyin_initials_and_characters() {
        assert!(finds("助力“强省会”行动", "qsh"));
        assert!(finds("助力“强省会”行动", "QSH"));
        assert!(finds("助力“强省会”行动", "省会"));
        assert!(finds("助力“强省会”行动", "强s"));
        assert!(!finds("助力“强省会”行动", "qsx"));
        // 会 also reads kuài: every reading counts.
        assert!(finds("强省会", "qsk"));
        // Contiguous, not scattered.
        assert!(!finds("强省会", "qh"));
        // Words are matched separately.
        assert!(finds("一、2024年工作回顾", "2024 gz"));
        assert!(finds("一、2024年工作回顾", "hg 2024"));
        assert!(!finds("一、2024年工作回顾", "2025 gz"));
        // Full-width forms fold.
        assert!(finds("第Ａ２条", "a2"));
        assert!(finds("anything", ""));
    }

    #[test]
    fn refinement() {
        assert!(Query::new("qs").is_refined_by(&Query::new("qsh")));
        assert!(Query::new("qs").is_refined_by(&Query::new("qs hg")));
        assert!(!Query::new("qsh").is_refined_by(&Query::new("qs")));
        assert!(!Query::new("qs").is_refined_by(&Query::new("xqs")));
    }

    #[test]
    fn digits_find_chinese_numerals() {
        assert!(finds("第二百零一条 【定义】", "201"));
        assert!(finds("第一百一十条", "110"));
        assert!(finds("第十五条", "15"));
        assert!(finds("二〇二五年工作安排", "2025"));
        assert!(finds("第201条", "201"));
        assert!(!finds("第二百零二条", "201"));
        assert!(!finds("第二十条", "201"));
        // A word with digits refines only itself.
        assert!(!Query::new("20").is_refined_by(&Query::new("201")));
        assert!(Query::new("20").is_refined_by(&Query::new("20 gz")));
    }

    #[test]
    fn out_of_range_heading_does_not_match() {
        let index = HeadingIndex::new(["一"]);
        assert_eq!(index.len(), 1);
        assert!(!index.matches(5, &Query::new("y")));
    }
}
