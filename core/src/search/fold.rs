//! Search folding (CJK.md §6): the text and the pattern are both rewritten to a canonical form
//! before matching, and a map from the folded text back to the original keeps hits reportable as
//! ranges of the original.
//!
//! The folding, applied in this order to each character (with the combining marks that follow it,
//! so that NFKC can compose them):
//! 1. NFKC: `Ａ`→`a`… (full-width forms), `２０２４`→`2024`, U+3000→space, `①`→`1`, `㍿`→`株式会社`;
//! 2. removal of invisible characters: U+200B, U+2060, U+FEFF, U+00AD;
//! 3. curly and corner quotes to straight ones (`“”„‟「」﹁﹂〝〞` → `"`, `‘’‚‛『』﹃﹄` → `'`),
//!    dashes to `-` (U+2010–U+2015, U+2212, U+2E3A, U+2E3B, U+FE58);
//! 4. lower case (`char::to_lowercase`);
//! 5. optionally, traditional characters to simplified ones, one character at a time (OpenCC's
//!    `T2s` character table: phrase tables are not used, because they would not keep a
//!    character-for-character map and both sides are folded the same way anyway).

use std::collections::HashMap;
use std::sync::OnceLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// A point where the distance between folded and original offsets changes: from `folded`
/// (a byte offset in the folded text) on, folded bytes correspond to original bytes from `orig`
/// on. Offsets are relative to the start of the text that was folded.
///
/// Kept as `u32`: a folded report holds about one segment per full-width character (every `，`
/// starts one), and a block is far below 4 GiB (inputs stop at `source::MAX_INPUT_BYTES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Seg {
    folded: u32,
    orig: u32,
}

impl Seg {
    fn new(folded: usize, orig: usize) -> Self {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            folded: narrow(folded),
            orig: narrow(orig),
        }
    }

    fn folded(self) -> usize {
        self.folded as usize
    }

    fn orig(self) -> usize {
        self.orig as usize
    }
}

/// The folding rules, with caches for the characters that need the slow path.
#[derive(Debug, Clone)]
pub(crate) struct Folder {
    fold_variants: bool,
    /// Folded form of single characters that are neither ASCII nor plain CJK ideographs.
    slow_cache: HashMap<char, Box<str>>,
    /// Simplified form of traditional characters (identity entries included).
    variant_cache: HashMap<char, char>,
}

/// The OpenCC converter for traditional → simplified, built once per process.
fn t2s() -> Option<&'static OpenCC> {
    static T2S: OnceLock<Option<OpenCC>> = OnceLock::new();
    T2S.get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).ok())
        .as_ref()
}

/// CJK Unified Ideographs and Extension A: NFKC leaves them alone and they have no case, so
/// they take the fast path (unless variants are folded).
fn is_common_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Characters that T2s may change: all ideographs, including the compatibility block and the
/// supplementary planes.
fn may_have_variant(c: char) -> bool {
    matches!(
        c,
        '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{3FFFF}'
    )
}

/// Invisible characters that must not stop a match.
fn is_stripped(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Quotes and dashes, after NFKC.
fn map_punctuation(c: char) -> char {
    match c {
        '“' | '”' | '„' | '‟' | '「' | '」' | '﹁' | '﹂' | '〝' | '〞' | '〟' => {
            '"'
        }
        '‘' | '’' | '‚' | '‛' | '『' | '』' | '﹃' | '﹄' => '\'',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{2E3A}' | '\u{2E3B}' | '\u{FE58}' => '-',
        other => other,
    }
}

impl Folder {
    pub(crate) fn new(fold_variants: bool) -> Self {
        Self {
            fold_variants,
            slow_cache: HashMap::new(),
            variant_cache: HashMap::new(),
        }
    }

    fn variant(&mut self, c: char) -> char {
        if !self.fold_variants || !may_have_variant(c) {
            return c;
        }
        if let Some(&v) = self.variant_cache.get(&c) {
            return v;
        }
        let mut buf = [0u8; 4];
        let folded = t2s().map_or(c, |cc| {
            let converted = cc.convert(c.encode_utf8(&mut buf));
            let mut chars = converted.chars();
            // Keep the map character for character: a conversion to anything but one
            // character is ignored.
            match (chars.next(), chars.next()) {
                (Some(one), None) => one,
                _ => c,
            }
        });
        self.variant_cache.insert(c, folded);
        folded
    }

    /// Folds one unit (a character and the combining marks after it) onto `out`.
    fn fold_unit(&mut self, unit: &str, out: &mut String) {
        let mut chars = unit.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        if let Some(c) = single
            && let Some(cached) = self.slow_cache.get(&c)
        {
            out.push_str(cached);
            return;
        }
        let mut folded = String::new();
        for c in unit.nfkc() {
            if is_stripped(c) {
                continue;
            }
            for lower in map_punctuation(c).to_lowercase() {
                let v = self.variant(lower);
                folded.push(v);
            }
        }
        out.push_str(&folded);
        if let Some(c) = single {
            self.slow_cache.insert(c, folded.into_boxed_str());
        }
    }

    /// Folds `text` onto the end of `out`, pushing onto `segs` the points where the offset
    /// map changes. The first segment pushed is always `(0, 0)`; offsets are relative to
    /// `text` and to the length `out` had on entry.
    pub(crate) fn fold_into(&mut self, text: &str, out: &mut String, segs: &mut Vec<Seg>) {
        self.fold_observed(text, out, segs, |_, _| {});
    }

    /// [`fold_into`](Self::fold_into), calling `changed(unit, folded)` for every unit (a
    /// character and the combining marks after it) whose folded form differs from it.
    pub(crate) fn fold_observed(
        &mut self,
        text: &str,
        out: &mut String,
        segs: &mut Vec<Seg>,
        mut changed: impl FnMut(&str, &str),
    ) {
        let base = out.len();
        segs.push(Seg::new(0, 0));
        // folded offset minus original offset at the end of the current segment
        let mut delta: isize = 0;
        let mut rest = text.char_indices().peekable();
        while let Some((orig_start, c)) = rest.next() {
            // ASCII folds to itself in lower case, unless a combining mark follows (`e` + U+0301
            // composes to `é`)
            if c.is_ascii()
                && rest.peek().is_none_or(|&(_, next)| {
                    next.is_ascii() || canonical_combining_class(next) == 0
                })
            {
                let lower = c.to_ascii_lowercase();
                out.push(lower);
                if lower != c {
                    let at = out.len() - 1;
                    changed(&text[orig_start..=orig_start], &out[at..]);
                }
                continue;
            }
            if is_common_ideograph(c) && !self.fold_variants {
                out.push(c);
                continue;
            }
            let mut orig_end = orig_start + c.len_utf8();
            while let Some(&(i, next)) = rest.peek() {
                if canonical_combining_class(next) == 0 {
                    break;
                }
                orig_end = i + next.len_utf8();
                rest.next();
            }
            let unit_start = out.len();
            if orig_end == orig_start + c.len_utf8() && is_common_ideograph(c) {
                let v = self.variant(c);
                out.push(v);
            } else {
                self.fold_unit(&text[orig_start..orig_end], out);
            }
            let unit = &text[orig_start..orig_end];
            if &out[unit_start..] != unit {
                changed(unit, &out[unit_start..]);
            }
            let folded_end = out.len() - base;
            let new_delta = folded_end.cast_signed() - orig_end.cast_signed();
            if new_delta != delta {
                delta = new_delta;
                segs.push(Seg::new(folded_end, orig_end));
            }
        }
    }

    /// The folded form of `text` alone.
    pub(crate) fn fold(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut segs = Vec::new();
        self.fold_into(text, &mut out, &mut segs);
        out
    }
}

/// A text and its folded form, with the map between them.
#[derive(Debug, Clone)]
pub(crate) struct FoldedText {
    pub folded: String,
    pub segs: Vec<Seg>,
}

impl FoldedText {
    pub(crate) fn new(text: &str, folder: &mut Folder) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut segs = Vec::new();
        folder.fold_into(text, &mut folded, &mut segs);
        Self { folded, segs }
    }
}

/// Maps the folded byte range `start..end` (relative to the folded text of `orig`, whose offset
/// map is `segs`) to the smallest range of whole characters of `orig` that produced it.
pub(crate) fn map_range(segs: &[Seg], orig: &str, start: usize, end: usize) -> (usize, usize) {
    let from = floor_char_boundary(orig, orig_byte(segs, orig.len(), start));
    let to = if end > start {
        ceil_char_boundary(orig, orig_byte(segs, orig.len(), end - 1) + 1)
    } else {
        from
    };
    (from, to.max(from))
}

/// The original byte that the folded byte `pos` came from (or a byte of the same character).
fn orig_byte(segs: &[Seg], orig_len: usize, pos: usize) -> usize {
    // the last segment starting at or before `pos`; segs[0] starts at 0
    let i = segs
        .partition_point(|s| s.folded() <= pos)
        .saturating_sub(1);
    let Some(&seg) = segs.get(i) else { return 0 };
    let seg_orig_end = segs.get(i + 1).map_or(orig_len, |next| next.orig());
    let span = seg_orig_end.saturating_sub(seg.orig());
    // Inside an expansion (`㍿` → `株式会社`) every folded byte maps into the one original
    // character: clamp to the segment's last original byte.
    (seg.orig() + (pos - seg.folded()).min(span.saturating_sub(1))).min(orig_len.saturating_sub(1))
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn fold(text: &str) -> String {
        Folder::new(false).fold(text)
    }

    /// Finds `needle` in the folded text and maps the hit back to the original.
    fn find_back(text: &str, needle: &str) -> Option<String> {
        let mut folder = Folder::new(false);
        let folded = FoldedText::new(text, &mut folder);
        let needle = folder.fold(needle);
        let at = folded.folded.find(&needle)?;
        let (s, e) = map_range(&folded.segs, text, at, at + needle.len());
        Some(text[s..e].to_string())
    }

    #[test]
    fn full_width_forms_and_digits_fold_to_ascii() {
        assert_eq!(fold("ＡＢＣ２０２４"), "abc2024");
        assert_eq!(fold("第１条"), "第1条");
    }

    #[test]
    fn ideographic_space_and_circled_numbers() {
        assert_eq!(fold("第一章\u{3000}总则"), "第一章 总则");
        assert_eq!(fold("①②⑩"), "1210");
    }

    #[test]
    fn case_is_folded() {
        assert_eq!(fold("GDP Ｇdp ÄÖ"), "gdp gdp äö");
    }

    #[test]
    fn quotes_and_dashes_are_straightened() {
        assert_eq!(
            fold("“强省会”‘三感’「一」『二』"),
            "\"强省会\"'三感'\"一\"'二'"
        );
        assert_eq!(fold("——在政协–会议—"), "--在政协-会议-");
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(fold("协\u{200B}商\u{FEFF}民\u{00AD}主"), "协商民主");
    }

    #[test]
    fn combining_marks_compose() {
        assert_eq!(fold("Cafe\u{0301}"), "café");
    }

    #[test]
    fn hits_map_back_to_original_characters() {
        assert_eq!(
            find_back("政协“强省会”行动", "\"强省会\""),
            Some("“强省会”".into())
        );
        assert_eq!(find_back("２０２４年", "2024"), Some("２０２４".into()));
        assert_eq!(find_back("２０２４年", "4年"), Some("４年".into()));
        assert_eq!(
            find_back("协\u{200B}商民主", "协商"),
            Some("协\u{200B}商".into())
        );
        assert_eq!(find_back("\u{200B}协商", "协商"), Some("协商".into()));
        assert_eq!(find_back("x㍿y", "会社"), Some("㍿".into()));
        assert_eq!(find_back("x㍿y", "y"), Some("y".into()));
        assert_eq!(find_back("ab㍿cd", "b株"), Some("b㍿".into()));
        assert_eq!(find_back("a①b②c", "2c"), Some("②c".into()));
        assert_eq!(find_back("a①b②c", "a1"), Some("a①".into()));
        assert_eq!(find_back("ĳssel", "j"), Some("ĳ".into()));
    }

    #[test]
    fn traditional_characters_fold_when_asked() {
        let mut folder = Folder::new(true);
        assert_eq!(folder.fold("政協會議國家"), "政协会议国家");
        assert_eq!(Folder::new(false).fold("政協"), "政協");
    }
}
