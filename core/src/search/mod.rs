//! Folded search over a document's reflowed text (CJK.md §6). No terminal code here.
//!
//! Matching runs on [`Block::text`](crate::doc::Block::text): one block is a whole paragraph,
//! joined across the source's line breaks, so a word that the source split over two lines is
//! found. Text and pattern are both *folded* (see the `fold` module for the rules: NFKC,
//! case, quotes, dashes, invisible characters, optionally traditional → simplified), and every
//! hit is mapped back to a range of the original text.
//!
//! How the reader uses it:
//! ```
//! use gangmu_core::search::{Matcher, SearchIndex, SearchOptions};
//! let doc = gangmu_core::doc::parse("政协“强省会”行动\n\n再议ＧＤＰ\n");
//! let index = SearchIndex::new(&doc, false); // once per document (and variant setting): no copy
//! let matcher = Matcher::new("gdp", SearchOptions::default()).unwrap(); // per pattern
//! let hits = index.find_all(&matcher); // one scan of the text per pattern
//! let first = hits.get(0).unwrap();
//! assert_eq!(&doc.blocks[first.block].text[first.start..first.end], "ＧＤＰ");
//! // next hit after the cursor, without scanning again
//! assert_eq!(hits.next_after(first.position()), None);
//! ```
//! A hit never spans two blocks. Hits are non-overlapping, in document order.

mod fold;
mod scan;

use std::fmt;

use memchr::memmem;

use crate::doc::{Document, Position};
use fold::{FoldedText, Folder, map_range};
pub use scan::{Budget, Progress, Scan};

/// How a pattern is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SearchOptions {
    /// The pattern is a regular expression (the `regex` crate's syntax), matched against the
    /// folded text; its literal characters are folded, and it is case-insensitive.
    pub regex: bool,
    /// Traditional and simplified characters match each other (`協` finds `协`).
    pub fold_variants: bool,
}

/// Why a pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// Nothing is left of the pattern after folding (it was empty or only invisible characters).
    #[error("the search pattern is empty")]
    Empty,
    /// The regular expression does not parse; the message is the parser's, on one line.
    #[error("invalid regular expression: {0}")]
    Regex(String),
}

/// A compiled pattern.
#[derive(Clone)]
pub struct Matcher {
    pattern: String,
    options: SearchOptions,
    kind: MatcherKind,
}

#[derive(Clone)]
enum MatcherKind {
    Literal(Box<memmem::Finder<'static>>),
    Regex(regex::Regex),
}

impl fmt::Debug for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matcher")
            .field("pattern", &self.pattern)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Matcher {
    /// Folds and compiles `pattern`.
    pub fn new(pattern: &str, options: SearchOptions) -> Result<Self, PatternError> {
        let mut folder = Folder::new(options.fold_variants);
        let kind = if options.regex {
            let folded = fold_regex_pattern(pattern, &mut folder);
            if folded.is_empty() {
                return Err(PatternError::Empty);
            }
            let re = regex::RegexBuilder::new(&folded)
                .case_insensitive(true)
                .build()
                .map_err(|e| PatternError::Regex(one_line_regex_error(&e)))?;
            MatcherKind::Regex(re)
        } else {
            let folded = fold_literal_pattern(pattern, &mut folder);
            if folded.is_empty() {
                return Err(PatternError::Empty);
            }
            MatcherKind::Literal(Box::new(
                memmem::Finder::new(folded.as_bytes()).into_owned(),
            ))
        };
        Ok(Self {
            pattern: pattern.to_string(),
            options,
            kind,
        })
    }

    /// The pattern as given.
    #[must_use]
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    #[must_use]
    pub fn options(&self) -> SearchOptions {
        self.options
    }

    /// Whether every match of this matcher lies in a block where `wider` matches: both look
    /// for literal text with the same options, and this one's folded text holds `wider`'s
    /// (`协商` after `协`). The reader's search box then looks only in the blocks of the
    /// previous keystroke's hits.
    #[must_use]
    pub fn narrows(&self, wider: &Matcher) -> bool {
        match (&self.kind, &wider.kind) {
            (MatcherKind::Literal(this), MatcherKind::Literal(wider_finder)) => {
                self.options == wider.options
                    && memmem::find(this.needle(), wider_finder.needle()).is_some()
            }
            _ => false,
        }
    }

    /// Non-overlapping matches in a folded text, as folded byte ranges.
    fn folded_matches(&self, folded: &str, mut each: impl FnMut(usize, usize)) {
        match &self.kind {
            MatcherKind::Literal(finder) => {
                let len = finder.needle().len();
                for at in finder.find_iter(folded.as_bytes()) {
                    each(at, at + len);
                }
            }
            MatcherKind::Regex(re) => {
                for m in re.find_iter(folded) {
                    // An empty match (`a*`) highlights nothing and cannot be jumped to usefully.
                    if !m.is_empty() {
                        each(m.start(), m.end());
                    }
                }
            }
        }
    }
}

/// Folds a literal pattern. A line break in a pasted pattern is dropped between two non-ASCII
/// characters and becomes a space otherwise, as the reflow joins the source's lines.
fn fold_literal_pattern(pattern: &str, folder: &mut Folder) -> String {
    let trimmed = pattern.trim_matches(|c| c == '\n' || c == '\r');
    let mut joined = String::with_capacity(trimmed.len());
    let mut lines = trimmed.split('\n').map(|l| l.trim_end_matches('\r'));
    if let Some(first) = lines.next() {
        joined.push_str(first);
    }
    for line in lines {
        let before = joined.trim_end().chars().last();
        let line = line.trim_start();
        let after = line.chars().next();
        joined.truncate(joined.trim_end().len());
        if before.is_some_and(|c| c.is_ascii()) && after.is_some_and(|c| c.is_ascii()) {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    folder.fold(&joined)
}

/// Folds the literal characters of a regular expression. ASCII is kept as written (the regex is
/// compiled case-insensitive, and `\D`, `\S`, `\p{Han}` must keep their meaning); every other
/// character is folded and escaped, so that a full-width `（` becomes the literal `\(` rather
/// than opening a group.
fn fold_regex_pattern(pattern: &str, folder: &mut Folder) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(c);
            let Some(escaped) = chars.next() else { break };
            out.push(escaped);
            // `\p{…}`, `\x{…}`, `\u{…}`: copy the braces through
            if escaped.is_ascii_alphabetic() && chars.peek() == Some(&'{') {
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == '}' {
                        break;
                    }
                }
            }
        } else if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            out.push_str(&regex::escape(&folder.fold(c.encode_utf8(&mut buf))));
        }
    }
    out
}

/// The regex crate's syntax errors span several lines (pattern, caret, message): keep the
/// message.
fn one_line_regex_error(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .map_or_else(
            || text.lines().last().unwrap_or("").trim().to_string(),
            str::to_string,
        )
}

/// One match: a range of one block's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hit {
    pub block: usize,
    /// Byte offsets into `doc.blocks[block].text`, for highlighting.
    pub start: usize,
    pub end: usize,
    /// The same range in characters, as [`Position`] counts.
    pub char_start: usize,
    pub char_end: usize,
}

impl Hit {
    /// Where the hit starts.
    #[must_use]
    pub fn position(&self) -> Position {
        Position::new(self.block, self.char_start)
    }

    /// Where the hit ends (one past its last character).
    #[must_use]
    pub fn end_position(&self) -> Position {
        Position::new(self.block, self.char_end)
    }

    /// Length in characters.
    #[must_use]
    pub fn char_len(&self) -> usize {
        self.char_end - self.char_start
    }
}

/// All hits of one pattern in one document, in document order, with the look-ups the reader
/// needs between keystrokes (`n`, `N`, highlighting a visible block) — none of them scans the
/// text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    hits: Vec<Hit>,
}

impl Hits {
    #[must_use]
    pub fn len(&self) -> usize {
        self.hits.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }

    #[must_use]
    pub fn get(&self, index: usize) -> Option<&Hit> {
        self.hits.get(index)
    }

    #[must_use]
    pub fn as_slice(&self) -> &[Hit] {
        &self.hits
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Hit> {
        self.hits.iter()
    }

    /// Index of the first hit that starts strictly after `pos` (`n` from the cursor).
    #[must_use]
    pub fn next_after(&self, pos: Position) -> Option<usize> {
        let i = self.hits.partition_point(|h| h.position() <= pos);
        (i < self.hits.len()).then_some(i)
    }

    /// Index of the first hit that starts at or after `pos` (the first hit on screen).
    #[must_use]
    pub fn at_or_after(&self, pos: Position) -> Option<usize> {
        let i = self.hits.partition_point(|h| h.position() < pos);
        (i < self.hits.len()).then_some(i)
    }

    /// Index of the last hit that starts strictly before `pos` (`N` from the cursor).
    #[must_use]
    pub fn previous_before(&self, pos: Position) -> Option<usize> {
        self.hits
            .partition_point(|h| h.position() < pos)
            .checked_sub(1)
    }

    /// The blocks that hold a hit, in order, each once.
    #[must_use]
    pub fn blocks(&self) -> Vec<usize> {
        let mut blocks: Vec<usize> = self.hits.iter().map(|h| h.block).collect();
        blocks.dedup();
        blocks
    }

    /// The hits in `block`, for highlighting it.
    #[must_use]
    pub fn in_block(&self, block: usize) -> &[Hit] {
        let from = self.hits.partition_point(|h| h.block < block);
        let to = self.hits.partition_point(|h| h.block <= block);
        &self.hits[from..to]
    }

    /// Index of the hit that contains `pos`, if any (to show "3/50").
    #[must_use]
    pub fn containing(&self, pos: Position) -> Option<usize> {
        let i = self.previous_before(Position::new(pos.block, pos.offset + 1))?;
        let h = &self.hits[i];
        (h.block == pos.block && h.char_start <= pos.offset && pos.offset < h.char_end).then_some(i)
    }
}

impl<'a> IntoIterator for &'a Hits {
    type Item = &'a Hit;
    type IntoIter = std::slice::Iter<'a, Hit>;
    fn into_iter(self) -> Self::IntoIter {
        self.hits.iter()
    }
}

/// What a reader keeps between searches beside its document: not a folded copy of the text
/// (that would double the memory of a large report), but which characters folding changes in
/// it. Each search then scans the document's own text, and folds only the blocks that may hold
/// a match.
///
/// Why that finds exactly what a search of the folded text would find: folding works unit by
/// unit (a character and the combining marks after it). Call a character *unstable* when it
/// is part of a unit that folding changes, or part of what such a unit folds to (`，` and `,`
/// in a report with full-width commas; `G` and `g` where `GDP` is written). A folded pattern
/// made only of stable characters can then only match where the text holds exactly those
/// characters, in a block where no unit folds to nothing (an invisible character would let a
/// match join two characters that are apart in the text). So:
/// - a pattern of stable characters (most searches of Chinese text: `协商`, `2024`) is looked
///   for in the text itself;
/// - any other literal pattern is looked for in the folded form of the blocks that contain its
///   longest run of stable characters (a block without that run cannot hold a match);
/// - a regular expression, or a pattern with no stable character, folds every block in turn.
///
/// Blocks with an invisible character are always folded.
#[derive(Clone)]
pub struct Folding {
    fold_variants: bool,
    block_count: usize,
    unstable: CharSet,
    /// Blocks holding a unit that folds to nothing, in increasing order.
    vanishing: Vec<usize>,
    /// The folder that profiled the document, with its caches (reused by every search).
    folder: Folder,
}

impl fmt::Debug for Folding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Folding")
            .field("fold_variants", &self.fold_variants)
            .field("blocks", &self.block_count)
            .field("blocks_with_invisible_characters", &self.vanishing.len())
            .finish_non_exhaustive()
    }
}

/// How one search visits the blocks (see [`Folding`]).
enum Plan {
    /// The folded pattern is made of stable characters: find it in the text itself.
    InText,
    /// Fold only the blocks whose text contains this run of the pattern's stable characters.
    FoldWhereFound(Box<memmem::Finder<'static>>),
    /// Fold every block.
    FoldAll,
}

impl Folding {
    /// Profiles every block of `doc`.
    #[must_use]
    pub fn new(doc: &Document, fold_variants: bool) -> Self {
        Self::from_texts(doc.blocks.iter().map(|b| b.text.as_str()), fold_variants)
    }

    /// Profiles a sequence of block texts (block `i` is the `i`-th text).
    pub fn from_texts<'t>(texts: impl IntoIterator<Item = &'t str>, fold_variants: bool) -> Self {
        let mut folder = Folder::new(fold_variants);
        let mut unstable = CharSet::default();
        let mut vanishing = Vec::new();
        let mut block_count = 0;
        // One block's folded form at a time, thrown away: only its profile is kept.
        let mut scratch = String::new();
        let mut segs = Vec::new();
        for (block, text) in texts.into_iter().enumerate() {
            block_count = block + 1;
            scratch.clear();
            segs.clear();
            let mut vanishes = false;
            folder.fold_observed(text, &mut scratch, &mut segs, |unit, folded| {
                vanishes |= folded.is_empty();
                unit.chars()
                    .chain(folded.chars())
                    .for_each(|c| unstable.insert(c));
            });
            if vanishes {
                vanishing.push(block);
            }
        }
        Self {
            fold_variants,
            block_count,
            unstable,
            vanishing,
            folder,
        }
    }

    /// Whether traditional and simplified characters were folded together.
    #[must_use]
    pub fn folds_variants(&self) -> bool {
        self.fold_variants
    }

    /// Number of blocks profiled.
    #[must_use]
    pub fn block_count(&self) -> usize {
        self.block_count
    }

    /// Every hit of `matcher` in `doc`, the document this was made from, in document order.
    #[must_use]
    pub fn find_all(&self, doc: &Document, matcher: &Matcher) -> Hits {
        self.find_in(
            |block| doc.blocks.get(block).map_or("", |b| b.text.as_str()),
            matcher,
            0..self.block_count,
        )
    }

    /// The hits of `matcher` in these blocks of `doc` (in order, each once), in document
    /// order: all its hits where no other block can hold one (see [`Matcher::narrows`]).
    #[must_use]
    pub fn find_in_blocks(&self, doc: &Document, matcher: &Matcher, blocks: &[usize]) -> Hits {
        self.find_in(
            |block| doc.blocks.get(block).map_or("", |b| b.text.as_str()),
            matcher,
            blocks.iter().copied().filter(|&b| b < self.block_count),
        )
    }

    /// How to visit the blocks for `matcher`.
    fn plan(&self, matcher: &Matcher) -> Plan {
        let MatcherKind::Literal(finder) = &matcher.kind else {
            return Plan::FoldAll;
        };
        let Ok(pattern) = std::str::from_utf8(finder.needle()) else {
            return Plan::FoldAll;
        };
        let longest_stable_run = pattern
            .split(|c| self.unstable.contains(c))
            .max_by_key(|run| run.len())
            .unwrap_or("");
        if longest_stable_run.len() == pattern.len() {
            Plan::InText
        } else if longest_stable_run.is_empty() {
            Plan::FoldAll
        } else {
            Plan::FoldWhereFound(Box::new(
                memmem::Finder::new(longest_stable_run.as_bytes()).into_owned(),
            ))
        }
    }

    /// Every hit of `matcher`, `text(b)` being the original text of block `b`. A matcher
    /// compiled with a different `fold_variants` is served by a temporary profile (correct,
    /// but it reads the whole text once more).
    fn find_in<'t>(
        &self,
        text: impl Fn(usize) -> &'t str,
        matcher: &Matcher,
        blocks: impl Iterator<Item = usize>,
    ) -> Hits {
        if matcher.options.fold_variants != self.fold_variants {
            let other = Self::from_texts(
                (0..self.block_count()).map(&text),
                matcher.options.fold_variants,
            );
            return other.find_in(text, matcher, blocks);
        }
        let plan = self.plan(matcher);
        // Copied (with its caches) only when a block is folded: a search found in the text
        // itself folds nothing.
        let mut folder: Option<Folder> = None;
        let mut folded = String::new();
        let mut segs = Vec::new();
        let mut hits = Vec::new();
        let mut counter = CharCounter::default();
        let mut push = |block: usize, original: &str, start: usize, end: usize| {
            hits.push(Hit {
                block,
                start,
                end,
                char_start: counter.chars_to(block, original, start),
                char_end: counter.chars_to(block, original, end),
            });
        };
        let mut vanishing = self.vanishing.iter().copied().peekable();
        for block in blocks {
            let original = text(block);
            // (The blocks come in order: those passed over are skipped.)
            while vanishing.next_if(|&v| v < block).is_some() {}
            let must_fold = vanishing.next_if_eq(&block).is_some();
            if !must_fold {
                match &plan {
                    Plan::InText => {
                        // the text is its own folded form wherever this pattern can match
                        matcher.folded_matches(original, |start, end| {
                            push(block, original, start, end);
                        });
                        continue;
                    }
                    Plan::FoldWhereFound(run) if run.find(original.as_bytes()).is_none() => {
                        continue;
                    }
                    Plan::FoldWhereFound(_) | Plan::FoldAll => {}
                }
            }
            folded.clear();
            segs.clear();
            folder.get_or_insert_with(|| self.folder.clone()).fold_into(
                original,
                &mut folded,
                &mut segs,
            );
            matcher.folded_matches(&folded, |start, end| {
                let (start, end) = map_range(&segs, original, start, end);
                push(block, original, start, end);
            });
        }
        Hits { hits }
    }
}

/// A set of characters: a bitmap for the Basic Multilingual Plane (allocated on the first
/// insert), a sorted set for the rest.
#[derive(Debug, Clone, Default)]
struct CharSet {
    bmp: Vec<u64>,
    astral: std::collections::BTreeSet<char>,
}

impl CharSet {
    const BMP_WORDS: usize = 0x1_0000 / 64;

    fn insert(&mut self, c: char) {
        let code = c as usize;
        if code < 0x1_0000 {
            if self.bmp.is_empty() {
                self.bmp = vec![0; Self::BMP_WORDS];
            }
            self.bmp[code / 64] |= 1 << (code % 64);
        } else {
            self.astral.insert(c);
        }
    }

    fn contains(&self, c: char) -> bool {
        let code = c as usize;
        if code < 0x1_0000 {
            self.bmp
                .get(code / 64)
                .is_some_and(|word| word & (1 << (code % 64)) != 0)
        } else {
            self.astral.contains(&c)
        }
    }
}

/// A document's folded text together with the texts it was folded from, so that each new
/// pattern costs one scan of the folded text. Borrows the texts; a reader that keeps the
/// folding beside its document keeps a [`Folding`] instead.
#[derive(Debug)]
pub struct SearchIndex<'d> {
    texts: Vec<&'d str>,
    folding: Folding,
}

impl<'d> SearchIndex<'d> {
    /// Folds every block of `doc`.
    #[must_use]
    pub fn new(doc: &'d Document, fold_variants: bool) -> Self {
        Self::from_texts(doc.blocks.iter().map(|b| b.text.as_str()), fold_variants)
    }

    /// Folds a sequence of block texts (block `i` is the `i`-th text).
    pub fn from_texts(texts: impl IntoIterator<Item = &'d str>, fold_variants: bool) -> Self {
        let texts: Vec<&'d str> = texts.into_iter().collect();
        let folding = Folding::from_texts(texts.iter().copied(), fold_variants);
        Self { texts, folding }
    }

    /// Whether traditional and simplified characters were folded together.
    #[must_use]
    pub fn folds_variants(&self) -> bool {
        self.folding.fold_variants
    }

    /// Number of blocks indexed.
    #[must_use]
    pub fn block_count(&self) -> usize {
        self.texts.len()
    }

    /// Every hit of `matcher`, in document order. A matcher compiled with a different
    /// `fold_variants` than the index is served by a temporary index (correct, but slow).
    #[must_use]
    pub fn find_all(&self, matcher: &Matcher) -> Hits {
        self.folding.find_in(
            |block| self.texts.get(block).copied().unwrap_or(""),
            matcher,
            0..self.folding.block_count,
        )
    }
}

/// Counts characters up to increasing byte offsets of the same block without starting over
/// for each hit (a block with many hits would otherwise be counted once per hit).
#[derive(Default)]
struct CharCounter {
    block: Option<usize>,
    byte: usize,
    chars: usize,
}

impl CharCounter {
    fn chars_to(&mut self, block: usize, text: &str, byte: usize) -> usize {
        if self.block != Some(block) || byte < self.byte {
            *self = Self {
                block: Some(block),
                byte: 0,
                chars: 0,
            };
        }
        self.chars += count_chars(&text.as_bytes()[self.byte..byte]);
        self.byte = byte;
        self.chars
    }
}

/// Characters in a slice of UTF-8 (it counts the bytes that start a character).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// Every hit of `matcher` in `doc` (folds the document: for repeated searches keep a
/// [`SearchIndex`]).
#[must_use]
pub fn find_all(doc: &Document, matcher: &Matcher) -> Hits {
    SearchIndex::new(doc, matcher.options.fold_variants).find_all(matcher)
}

/// The hits of `matcher` in one text, as byte ranges of `text`.
#[must_use]
pub fn find_in_block(text: &str, matcher: &Matcher) -> Vec<(usize, usize)> {
    let mut folder = Folder::new(matcher.options.fold_variants);
    let folded = FoldedText::new(text, &mut folder);
    let mut out = Vec::new();
    matcher.folded_matches(&folded.folded, |start, end| {
        out.push(map_range(&folded.segs, text, start, end));
    });
    out
}

/// `text` folded as search folds it (for callers that compare passages, such as bookmark
/// re-anchoring).
#[must_use]
pub fn fold_text(text: &str, fold_variants: bool) -> String {
    Folder::new(fold_variants).fold(text)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn doc_of(blocks: &[&str]) -> Document {
        Document::from_paragraphs(blocks)
    }

    fn literal(p: &str) -> Matcher {
        Matcher::new(p, SearchOptions::default()).unwrap()
    }

    fn regex(p: &str) -> Matcher {
        Matcher::new(
            p,
            SearchOptions {
                regex: true,
                ..SearchOptions::default()
            },
        )
        .unwrap()
    }

    fn texts(doc: &Document, hits: &Hits) -> Vec<String> {
        hits.iter()
            .map(|h| doc.blocks[h.block].text[h.start..h.end].to_string())
            .collect()
    }

    #[test]
    fn literal_hits_carry_bytes_and_characters() {
        let doc = doc_of(&["政治协商，民主协商", "没有", "ＡＢ协商"]);
        let hits = find_all(&doc, &literal("协商"));
        assert_eq!(
            hits.as_slice(),
            &[
                Hit {
                    block: 0,
                    start: 6,
                    end: 12,
                    char_start: 2,
                    char_end: 4
                },
                Hit {
                    block: 0,
                    start: 21,
                    end: 27,
                    char_start: 7,
                    char_end: 9
                },
                Hit {
                    block: 2,
                    start: 6,
                    end: 12,
                    char_start: 2,
                    char_end: 4
                },
            ]
        );
    }

    #[test]
    fn folded_pattern_finds_original_forms() {
        let doc = doc_of(&["推进“强省会”行动，ＧＤＰ增长５．５％", "第一章\u{3000}总则"]);
        let index = SearchIndex::new(&doc, false);
        assert_eq!(
            texts(&doc, &index.find_all(&literal("\"强省会\""))),
            ["“强省会”"]
        );
        assert_eq!(texts(&doc, &index.find_all(&literal("gdp"))), ["ＧＤＰ"]);
        assert_eq!(texts(&doc, &index.find_all(&literal("5.5%"))), ["５．５％"]);
        assert_eq!(
            texts(&doc, &index.find_all(&literal("第一章 总则"))),
            ["第一章\u{3000}总则"]
        );
        assert_eq!(
            texts(&doc, &index.find_all(&literal("「强省会」"))),
            ["“强省会”"]
        );
    }

    #[test]
    fn a_match_never_spans_two_blocks() {
        let doc = doc_of(&["协", "商"]);
        assert!(find_all(&doc, &literal("协商")).is_empty());
        assert!(find_all(&doc, &regex(r"协\s*商")).is_empty());
    }

    #[test]
    fn a_word_split_by_the_source_line_break_is_found() {
        // Hard-wrapped at 8 columns with a blank line after each line, like the sample: the
        // reflow must join 民主 / 协商 back into one paragraph.
        let source = "　　我们坚持人民政协性质定位，深化民主\n\n协商实践，推动各项工作取得新成效，\n\n\
                      不断提高建言资政的质量和水平，更好\n\n服务全市工作大局。\n";
        let doc = crate::doc::parse(source);
        let hits = find_all(&doc, &literal("民主协商"));
        assert_eq!(hits.len(), 1, "blocks: {:#?}", doc.blocks);
        assert_eq!(texts(&doc, &hits), ["民主协商"]);
        assert_eq!(
            texts(&doc, &find_all(&doc, &literal("更好服务"))),
            ["更好服务"]
        );
    }

    #[test]
    fn pasted_pattern_with_a_line_break_matches_the_joined_text() {
        let doc = doc_of(&["深化民主协商实践", "plain text here"]);
        assert_eq!(find_all(&doc, &literal("民主\n协商")).len(), 1);
        assert_eq!(find_all(&doc, &literal("plain\ntext")).len(), 1);
    }

    #[test]
    fn regex_runs_on_folded_text() {
        let doc = doc_of(&["２０２４年工作回顾，2025年工作建议", "ＧＤＰ增长"]);
        let index = SearchIndex::new(&doc, false);
        assert_eq!(
            texts(&doc, &index.find_all(&regex(r"\d{4}年"))),
            ["２０２４年", "2025年"]
        );
        assert_eq!(texts(&doc, &index.find_all(&regex("GDP|gdp"))), ["ＧＤＰ"]);
        // a full-width parenthesis in a regex is a literal, not a group
        let doc = doc_of(&["（一）深化协商"]);
        assert_eq!(texts(&doc, &find_all(&doc, &regex("（一）"))), ["（一）"]);
        assert_eq!(
            texts(&doc, &find_all(&doc, &regex(r"\p{Han}{2}$"))),
            ["协商"]
        );
    }

    #[test]
    fn bad_regex_and_empty_patterns_are_errors() {
        let opts = SearchOptions {
            regex: true,
            ..SearchOptions::default()
        };
        let err = Matcher::new("(协商", opts).unwrap_err();
        assert!(
            matches!(&err, PatternError::Regex(m) if !m.contains('\n')),
            "{err}"
        );
        assert_eq!(
            Matcher::new("\u{200B}", SearchOptions::default()).unwrap_err(),
            PatternError::Empty
        );
    }

    #[test]
    fn variants_fold_both_ways() {
        let doc = doc_of(&["中國人民政治協商會議", "中国人民政治协商会议"]);
        let opts = SearchOptions {
            fold_variants: true,
            ..SearchOptions::default()
        };
        let index = SearchIndex::new(&doc, true);
        for pattern in ["政治协商", "政治協商"] {
            let hits = index.find_all(&Matcher::new(pattern, opts).unwrap());
            assert_eq!(texts(&doc, &hits), ["政治協商", "政治协商"], "{pattern}");
        }
        // without the option, only the same form matches
        assert_eq!(find_all(&doc, &literal("政治協商")).len(), 1);
        // an index built without variants still answers a variant matcher correctly
        assert_eq!(
            SearchIndex::new(&doc, false)
                .find_all(&Matcher::new("協商", opts).unwrap())
                .len(),
            2
        );
    }

    #[test]
    fn navigation_between_hits() {
        let doc = doc_of(&["协商协商", "无", "协商"]);
        let hits = find_all(&doc, &literal("协商"));
        assert_eq!(hits.len(), 3);
        assert_eq!(hits.next_after(Position::new(0, 0)), Some(1));
        assert_eq!(hits.next_after(Position::new(0, 2)), Some(2));
        assert_eq!(hits.next_after(Position::new(2, 0)), None);
        assert_eq!(hits.at_or_after(Position::new(0, 2)), Some(1));
        assert_eq!(hits.previous_before(Position::new(0, 2)), Some(0));
        assert_eq!(hits.previous_before(Position::new(0, 0)), None);
        assert_eq!(hits.previous_before(Position::new(1, 0)), Some(1));
        assert_eq!(hits.in_block(0).len(), 2);
        assert!(hits.in_block(1).is_empty());
        assert_eq!(hits.containing(Position::new(0, 3)), Some(1));
        assert_eq!(hits.containing(Position::new(1, 0)), None);
    }

    #[test]
    fn find_in_block_maps_to_bytes() {
        assert_eq!(
            find_in_block("ａｂｃ协商abc", &literal("ABC")),
            vec![(0, 9), (15, 18)]
        );
    }

    /// The hits as the search found them before it kept no folded copy: every block folded
    /// and scanned.
    fn hits_by_folding_every_block(doc: &Document, matcher: &Matcher) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (block, b) in doc.blocks.iter().enumerate() {
            for (start, end) in find_in_block(&b.text, matcher) {
                hits.push(Hit {
                    block,
                    start,
                    end,
                    char_start: b.text[..start].chars().count(),
                    char_end: b.text[..end].chars().count(),
                });
            }
        }
        hits
    }

    #[test]
    fn each_way_of_visiting_the_blocks_finds_what_folding_finds() {
        let doc = doc_of(&[
            "推进“强省会”行动，ＧＤＰ增长５．５％，协商",
            "GDP 与 gdp，协商于民",
            "协\u{200B}商与“协商”",
            "株式会社と㍿，Ａｂ",
            "e\u{301}te\u{301} cafe\u{301}",
        ]);
        let index = SearchIndex::new(&doc, false);
        // `协商`: stable, looked for in the text (and folded in the block with U+200B)
        // `，协商`: `，` folds, so blocks holding `协商` are folded
        // `gdp`, `,`: nothing stable is left, every block is folded
        for pattern in [
            "协商",
            "，协商",
            "gdp",
            ",",
            "\"协商\"",
            "株式会社",
            "é",
            "e",
            "ab",
        ] {
            let matcher = literal(pattern);
            assert_eq!(
                index.find_all(&matcher).as_slice(),
                hits_by_folding_every_block(&doc, &matcher).as_slice(),
                "{pattern}"
            );
        }
        assert_eq!(texts(&doc, &index.find_all(&literal("协商"))).len(), 4);
        assert_eq!(
            texts(&doc, &index.find_all(&literal("gdp"))),
            ["ＧＤＰ", "GDP", "gdp"]
        );
        assert!(index.find_all(&literal("e")).is_empty(), "e + U+0301 is é");
        // And each pattern is visited the way the comments above say.
        let plan = |matcher: &Matcher| index.folding.plan(matcher);
        assert!(matches!(plan(&literal("协商")), Plan::InText));
        assert!(matches!(plan(&literal("，协商")), Plan::FoldWhereFound(_)));
        assert!(matches!(plan(&literal("gdp")), Plan::FoldAll));
        assert!(matches!(plan(&literal(",")), Plan::FoldAll));
        assert!(matches!(plan(&regex("协商")), Plan::FoldAll));
    }

    /// Texts made of pieces that folding treats in every way: stable, changed, expanded,
    /// composed, invisible.
    fn pieces_concatenated(
        pieces: &'static [&'static str],
        max: usize,
    ) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        proptest::collection::vec(proptest::sample::select(pieces), 0..max)
            .prop_map(|parts| parts.concat())
    }

    const TEXT_PIECES: &[&str] = &[
        "协", "商", "協", "，", ",", "a", "A", "b", "ｂ", "e", "\u{301}", "\u{200B}", "“", "\"",
        "㍿", "株",
    ];
    const PATTERN_PIECES: &[&str] = &["协", "商", "協", "，", ",", "a", "b", "e", "é", "\"", "株"];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn searching_without_a_folded_copy_finds_what_folding_finds(
            blocks in proptest::collection::vec(pieces_concatenated(TEXT_PIECES, 12), 1..5),
            pattern in pieces_concatenated(PATTERN_PIECES, 4),
            variants in proptest::bool::ANY,
            (skip, take) in (0..12usize, 1..4usize),
        ) {
            let texts: Vec<&str> = blocks.iter().map(String::as_str).collect();
            let doc = doc_of(&texts);
            let options = SearchOptions { fold_variants: variants, ..SearchOptions::default() };
            let index = SearchIndex::new(&doc, variants);
            // a pattern of pieces, and a piece of the text itself (which finds something)
            let quoted: String = blocks[0].chars().skip(skip).take(take).collect();
            for pattern in [&pattern, &quoted] {
                if let Ok(matcher) = Matcher::new(pattern, options) {
                    let found = index.find_all(&matcher);
                    let expected = hits_by_folding_every_block(&doc, &matcher);
                    proptest::prop_assert_eq!(found.as_slice(), expected.as_slice());
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// A pattern that narrows another finds, in the blocks of the other's hits, every hit
        /// it finds in the whole document: as the search box looks when a character is typed.
        #[test]
        fn a_narrowed_search_finds_what_a_whole_search_finds(
            blocks in proptest::collection::vec(pieces_concatenated(TEXT_PIECES, 12), 1..6),
            wider in pieces_concatenated(PATTERN_PIECES, 3),
            before in pieces_concatenated(PATTERN_PIECES, 2),
            after in pieces_concatenated(PATTERN_PIECES, 2),
            variants in proptest::bool::ANY,
        ) {
            let texts: Vec<&str> = blocks.iter().map(String::as_str).collect();
            let doc = doc_of(&texts);
            let options = SearchOptions { fold_variants: variants, ..SearchOptions::default() };
            let folding = Folding::new(&doc, variants);
            let narrower = format!("{before}{wider}{after}");
            let wide = Matcher::new(&wider, options);
            if let (Ok(wide), Ok(narrow)) = (wide, Matcher::new(&narrower, options)) {
                proptest::prop_assert!(narrow.narrows(&wide), "{:?} in {:?}", wider, narrower);
                let blocks = folding.find_all(&doc, &wide).blocks();
                proptest::prop_assert_eq!(
                    folding.find_in_blocks(&doc, &narrow, &blocks),
                    folding.find_all(&doc, &narrow)
                );
            }
        }
    }

    /// Only a literal pattern with the same options and the other's text in it narrows it.
    #[test]
    fn what_narrows_a_search() {
        let variants = SearchOptions {
            fold_variants: true,
            ..SearchOptions::default()
        };
        let with = |p: &str, options| Matcher::new(p, options).unwrap();
        assert!(literal("协商").narrows(&literal("协")));
        assert!(literal("协商").narrows(&literal("商")));
        assert!(literal("Ａb").narrows(&literal("a")));
        assert!(!literal("协").narrows(&literal("协商")));
        assert!(!literal("协商").narrows(&with("协", variants)));
        assert!(!regex("协商").narrows(&regex("协")));
        assert!(!literal("协商").narrows(&regex("协")));
        // The blocks of the hits, once each.
        let doc = doc_of(&["协商协商", "无", "协"]);
        assert_eq!(find_all(&doc, &literal("协")).blocks(), vec![0, 2]);
    }

    /// A block with an invisible character is folded when it is looked in, though the blocks
    /// looked in skip one before it that has one too.
    #[test]
    fn a_narrowed_search_folds_the_blocks_it_must() {
        let doc = doc_of(&["a\u{200B}b", "协\u{200B}商", "协商"]);
        let folding = Folding::new(&doc, false);
        let blocks = folding.find_all(&doc, &literal("协")).blocks();
        assert_eq!(blocks, vec![1, 2]);
        let narrowed = folding.find_in_blocks(&doc, &literal("协商"), &blocks);
        assert_eq!(narrowed.blocks(), vec![1, 2]);
        assert_eq!(narrowed, folding.find_all(&doc, &literal("协商")));
    }

    #[test]
    fn many_hits_in_one_block_count_characters_correctly() {
        let text = "协商、".repeat(500);
        let doc = doc_of(&[&text]);
        let hits = find_all(&doc, &literal("协商"));
        assert_eq!(hits.len(), 500);
        for (i, h) in hits.iter().enumerate() {
            assert_eq!(h.char_start, i * 3);
            assert_eq!(doc.blocks[0].char_offset(h.start), h.char_start);
        }
    }
}
