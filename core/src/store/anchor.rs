//! Finding bookmarked passages again in a document whose text may have changed.
//!
//! A bookmark remembers its position and its quote with some context. For each bookmark, in
//! this order, the first rule that finds it wins:
//! 1. the quote and its context are still at the stored position → [`AnchorStatus::Exact`];
//! 2. the quote *with its context* occurs elsewhere → the occurrence nearest the expected
//!    position ([`AnchorStatus::Moved`]);
//! 3. the quote alone occurs → the nearest occurrence ([`AnchorStatus::Moved`]);
//! 4. the quote matches after search folding (case, full-width forms, quotes…), or its first
//!    and last few characters still frame a passage of about the same length (an edit inside
//!    the quote) → [`AnchorStatus::Edited`].
//!
//! Speed: bookmarks are visited in the order of their old positions, and the block shift of
//! the last one found (text inserted or removed above) predicts where the next one is, so rules
//! 2 and 3 first look in a few blocks around that prediction and scan the whole text only when
//! that fails (once per insertion or removal, not once per bookmark). Rule 4 profiles the text
//! once, and only when some bookmark is still missing.
use memchr::memmem;
use serde::Serialize;

use crate::doc::{Document, Position};
use crate::search::{Hit, Matcher, SearchIndex, SearchOptions};

use super::model::Bookmark;

/// Characters of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 20;

/// Quotes shorter than this are not matched by their ends alone (rule 4): too likely to match
/// the wrong passage.
const MIN_CHARS_FOR_ENDS: usize = 12;
/// Characters taken from each end of the quote for rule 4.
const END_CHARS: usize = 6;
/// Blocks searched on each side of the predicted block before the whole text is scanned.
const WINDOW_BLOCKS: usize = 8;

/// How a bookmark was found in the current text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnchorStatus {
    /// At its stored position, unchanged.
    Exact,
    /// The same quote, at another position (text was added or removed around it).
    Moved,
    /// A passage that is probably the quote, edited; the bookmark now quotes the new text.
    Edited,
    /// Not found: the bookmark is kept with its old quote and position.
    Orphaned,
}

/// The text from `start` to `end` with the blocks joined by `\n`, exactly as
/// [`DocText::passage`] gives it, but read from the spanned blocks only (bookmarking a sentence
/// of a 50 MB report copies the sentence, not the report). `None` when a position's block does
/// not exist.
pub(crate) fn quote_between(doc: &Document, start: Position, end: Position) -> Option<String> {
    let first = doc.blocks.get(start.block)?;
    let last = doc.blocks.get(end.block)?;
    let from = first.byte_offset(start.offset);
    if end.block < start.block {
        return Some(String::new());
    }
    if end.block == start.block {
        let to = last.byte_offset(end.offset).max(from);
        return Some(first.text[from..to].to_string());
    }
    let mut quote = first.text[from..].to_string();
    for block in &doc.blocks[start.block + 1..end.block] {
        quote.push('\n');
        quote.push_str(&block.text);
    }
    quote.push('\n');
    quote.push_str(&last.text[..last.byte_offset(end.offset)]);
    Some(quote)
}

/// Up to `CONTEXT_CHARS` characters before `start` and after `end`, within their blocks.
pub(crate) fn context_around(doc: &Document, start: Position, end: Position) -> (String, String) {
    let before = doc.blocks.get(start.block).map_or_else(String::new, |b| {
        let from = start.offset.saturating_sub(CONTEXT_CHARS);
        b.text[b.byte_offset(from)..b.byte_offset(start.offset)].to_string()
    });
    let after = doc.blocks.get(end.block).map_or_else(String::new, |b| {
        b.text[b.byte_offset(end.offset)..b.byte_offset(end.offset + CONTEXT_CHARS)].to_string()
    });
    (before, after)
}

/// The document's blocks joined with `\n`, the form in which quotes spanning blocks are kept.
pub(crate) struct DocText<'d> {
    doc: &'d Document,
    joined: String,
    /// Byte offset of each block in `joined`.
    starts: Vec<usize>,
}

impl<'d> DocText<'d> {
    pub(crate) fn new(doc: &'d Document) -> Self {
        let mut joined = String::with_capacity(doc.blocks.iter().map(|b| b.text.len() + 1).sum());
        let mut starts = Vec::with_capacity(doc.blocks.len());
        for (i, block) in doc.blocks.iter().enumerate() {
            if i > 0 {
                joined.push('\n');
            }
            starts.push(joined.len());
            joined.push_str(&block.text);
        }
        Self {
            doc,
            joined,
            starts,
        }
    }

    /// Byte offset in `joined` of a position, if its block exists.
    fn byte_of(&self, pos: Position) -> Option<usize> {
        let block = self.doc.blocks.get(pos.block)?;
        Some(self.starts[pos.block] + block.byte_offset(pos.offset))
    }

    /// Where a byte of `joined` is (a separator counts as the end of the block before it).
    fn position_of(&self, byte: usize) -> Position {
        let block = self
            .starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1);
        let text = self.doc.blocks.get(block).map_or("", |b| b.text.as_str());
        let in_block = (byte - self.starts.get(block).copied().unwrap_or(0)).min(text.len());
        Position::new(block, crate::doc::model::char_offset(text, in_block))
    }

    /// The text from `start` to `end` (blocks joined with `\n`).
    pub(crate) fn passage(&self, start: Position, end: Position) -> Option<&str> {
        let (s, e) = (self.byte_of(start)?, self.byte_of(end)?);
        self.joined.get(s..e.max(s))
    }

    /// Up to `CONTEXT_CHARS` characters before `start` and after `end`, within their blocks.
    pub(crate) fn context(&self, start: Position, end: Position) -> (String, String) {
        context_around(self.doc, start, end)
    }

    /// Byte in `joined` where a passage that was at `pos` is expected when the blocks have
    /// shifted by `shift`.
    fn expected_byte(&self, pos: Position, shift: isize) -> usize {
        let Some(last) = self.starts.len().checked_sub(1) else {
            return 0;
        };
        let block = pos.block.saturating_add_signed(shift).min(last);
        self.byte_of(Position::new(block, pos.offset))
            .unwrap_or(self.joined.len())
    }

    /// The bytes of `joined` covering the blocks within `WINDOW_BLOCKS` of the one holding
    /// `byte`.
    fn window_around(&self, byte: usize) -> std::ops::Range<usize> {
        let block = self
            .starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1);
        let from = self
            .starts
            .get(block.saturating_sub(WINDOW_BLOCKS))
            .copied()
            .unwrap_or(0);
        let to = self
            .starts
            .get(block + WINDOW_BLOCKS + 1)
            .copied()
            .unwrap_or(self.joined.len());
        from..to
    }

    /// The occurrence of `needle` in `joined[range]` whose start is nearest `expected`.
    fn nearest(
        &self,
        needle: &str,
        range: std::ops::Range<usize>,
        expected: usize,
    ) -> Option<usize> {
        let haystack = self.joined.get(range.clone())?;
        let mut best: Option<usize> = None;
        for at in memmem::find_iter(haystack.as_bytes(), needle.as_bytes()) {
            let at = range.start + at;
            if best.is_none_or(|b| at.abs_diff(expected) < b.abs_diff(expected)) {
                best = Some(at);
            }
            if at >= expected {
                break; // later occurrences are farther
            }
        }
        best
    }

    fn hit_range(&self, hit: &Hit) -> (usize, usize) {
        let base = self.starts[hit.block];
        (base + hit.start, base + hit.end)
    }
}

/// Where a bookmark was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub start: Position,
    pub end: Position,
    pub status: AnchorStatus,
}

/// Finds each bookmark in `text`. With `context_only[i]`, bookmark `i` may only be found by
/// rules 1 and 2 (used for bookmarks that are not known to belong to this document).
pub(crate) fn locate(
    text: &DocText<'_>,
    bookmarks: &[&Bookmark],
    context_only: &[bool],
) -> Vec<Option<Found>> {
    let mut found: Vec<Option<Found>> = bookmarks
        .iter()
        .map(|bm| {
            let in_place = !bm.quote.is_empty()
                && text.passage(bm.start, bm.end) == Some(bm.quote.as_str())
                && text.context(bm.start, bm.end) == (bm.before.clone(), bm.after.clone());
            in_place.then_some(Found {
                start: bm.start,
                end: bm.end,
                status: AnchorStatus::Exact,
            })
        })
        .collect();

    locate_exact(text, bookmarks, context_only, &mut found);

    let fuzzy: Vec<usize> = (0..bookmarks.len())
        .filter(|&i| found[i].is_none() && !context_only[i] && !bookmarks[i].quote.is_empty())
        .collect();
    if !fuzzy.is_empty() {
        let index = SearchIndex::new(text.doc, false);
        for i in fuzzy {
            let expected = text.expected_byte(bookmarks[i].start, 0);
            found[i] = locate_folded(text, &index, bookmarks[i], expected)
                .or_else(|| locate_by_ends(text, &index, bookmarks[i], expected));
        }
    }
    found
}

/// Rules 2 and 3: exact occurrences of the quote with its context, then of the quote alone,
/// looked for near the predicted position first.
fn locate_exact(
    text: &DocText<'_>,
    bookmarks: &[&Bookmark],
    context_only: &[bool],
    found: &mut [Option<Found>],
) {
    let mut order: Vec<usize> = (0..bookmarks.len())
        .filter(|&i| found[i].is_none() && !bookmarks[i].quote.is_empty())
        .collect();
    order.sort_by_key(|&i| (bookmarks[i].start, i));
    let everywhere = 0..text.joined.len();
    // how many blocks the text moved at the last bookmark found
    let mut shift: isize = 0;
    for i in order {
        let bm = bookmarks[i];
        let with_context = format!("{}{}{}", bm.before, bm.quote, bm.after);
        let start = if context_only[i] {
            // a bookmark of another file: its positions say nothing about this text
            text.nearest(&with_context, everywhere.clone(), 0)
                .map(|at| at + bm.before.len())
        } else {
            let expected = text.expected_byte(bm.start, shift);
            let context_expected = expected.saturating_sub(bm.before.len());
            let window = text.window_around(expected);
            text.nearest(&with_context, window.clone(), context_expected)
                .or_else(|| text.nearest(&with_context, everywhere.clone(), context_expected))
                .map(|at| at + bm.before.len())
                .or_else(|| text.nearest(&bm.quote, window, expected))
                .or_else(|| text.nearest(&bm.quote, everywhere.clone(), expected))
        };
        let Some(start) = start else { continue };
        let (start, end) = (
            text.position_of(start),
            text.position_of(start + bm.quote.len()),
        );
        if !context_only[i] {
            shift = start.block.cast_signed() - bm.start.block.cast_signed();
        }
        // the quote is where it was, only its surroundings changed
        let unmoved = (start, end) == (bm.start, bm.end);
        found[i] = Some(Found {
            start,
            end,
            status: if unmoved {
                AnchorStatus::Exact
            } else {
                AnchorStatus::Moved
            },
        });
    }
}

/// The hit of `pattern` (folded) nearest `expected`.
fn nearest_hit(
    text: &DocText<'_>,
    index: &SearchIndex,
    pattern: &str,
    expected: usize,
) -> Option<(usize, usize)> {
    let matcher = Matcher::new(pattern, SearchOptions::default()).ok()?;
    index
        .find_all(&matcher)
        .iter()
        .map(|h| text.hit_range(h))
        .min_by_key(|(start, _)| start.abs_diff(expected))
}

/// Rule 4, first half: the quote after search folding.
fn locate_folded(
    text: &DocText<'_>,
    index: &SearchIndex,
    bm: &Bookmark,
    expected: usize,
) -> Option<Found> {
    if bm.quote.contains('\n') {
        return None;
    }
    let (start, end) = nearest_hit(text, index, &bm.quote, expected)?;
    Some(edited(text, start, end))
}

/// Rule 4, second half: a passage framed by the quote's first and last characters, of roughly
/// the quote's length, within one block.
fn locate_by_ends(
    text: &DocText<'_>,
    index: &SearchIndex,
    bm: &Bookmark,
    expected: usize,
) -> Option<Found> {
    let q = &bm.quote;
    let chars = q.chars().count();
    if q.contains('\n') || chars < MIN_CHARS_FOR_ENDS {
        return None;
    }
    let head = &q[..crate::doc::model::byte_offset(q, END_CHARS)];
    let tail = &q[crate::doc::model::byte_offset(q, chars - END_CHARS)..];
    let options = SearchOptions::default();
    let heads = index.find_all(&Matcher::new(head, options).ok()?);
    let tails = index.find_all(&Matcher::new(tail, options).ok()?);
    let tails = tails.as_slice();
    let mut best: Option<(usize, usize)> = None;
    for head in &heads {
        // the first tail in the same block after the head
        let from = tails.partition_point(|t| (t.block, t.start) < (head.block, head.end));
        let Some(tail) = tails.get(from).filter(|t| t.block == head.block) else {
            continue;
        };
        let span = tail.end - head.start;
        if span * 2 >= q.len() && span <= q.len() * 2 {
            let (start, _) = text.hit_range(head);
            let (_, end) = text.hit_range(tail);
            if best.is_none_or(|(b, _)| start.abs_diff(expected) < b.abs_diff(expected)) {
                best = Some((start, end));
            }
        }
    }
    let (start, end) = best?;
    Some(edited(text, start, end))
}

fn edited(text: &DocText<'_>, start: usize, end: usize) -> Found {
    Found {
        start: text.position_of(start),
        end: text.position_of(end),
        status: AnchorStatus::Edited,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn doc_of(blocks: &[&str]) -> Document {
        Document::from_paragraphs(blocks)
    }

    fn bookmark_at(doc: &Document, start: Position, end: Position) -> Bookmark {
        let text = DocText::new(doc);
        let (before, after) = text.context(start, end);
        Bookmark {
            id: "00000000".into(),
            document: doc.fingerprint.clone(),
            path: "x".into(),
            section: Vec::new(),
            start,
            end,
            before,
            quote: text.passage(start, end).unwrap().to_string(),
            after,
            note: None,
            created: String::new(),
            orphaned: false,
            extra: toml::Table::new(),
        }
    }

    fn locate_one(doc: &Document, bm: &Bookmark) -> Option<Found> {
        locate(&DocText::new(doc), &[bm], &[false])[0]
    }

    #[test]
    fn unchanged_text_is_exact() {
        let doc = doc_of(&["第一段。", "政治协商是重要职能。"]);
        let bm = bookmark_at(&doc, Position::new(1, 0), Position::new(1, 4));
        assert_eq!(bm.quote, "政治协商");
        assert_eq!(bm.after, "是重要职能。");
        let f = locate_one(&doc, &bm).unwrap();
        assert_eq!(
            (f.start, f.status),
            (Position::new(1, 0), AnchorStatus::Exact)
        );
    }

    #[test]
    fn a_paragraph_inserted_above_moves_it() {
        let old = doc_of(&["第一段。", "政治协商是重要职能。"]);
        let bm = bookmark_at(&old, Position::new(1, 2), Position::new(1, 4));
        let new = doc_of(&["新增的一段。", "第一段。", "政治协商是重要职能。"]);
        let f = locate_one(&new, &bm).unwrap();
        assert_eq!(f.status, AnchorStatus::Moved);
        assert_eq!((f.start, f.end), (Position::new(2, 2), Position::new(2, 4)));
    }

    #[test]
    fn a_quote_read_from_its_blocks_is_the_quote_read_from_the_joined_text() {
        let doc = doc_of(&["第一段，协商。", "", "第三段", "第四段末尾"]);
        let text = DocText::new(&doc);
        let positions: Vec<Position> = (0..5)
            .flat_map(|block| (0..9).map(move |offset| Position::new(block, offset)))
            .collect();
        for &start in &positions {
            for &end in &positions {
                assert_eq!(
                    quote_between(&doc, start, end),
                    text.passage(start, end).map(str::to_string),
                    "{start:?}..{end:?}"
                );
            }
        }
    }

    #[test]
    fn context_picks_the_right_occurrence() {
        let old = doc_of(&["协商一。", "协商二。", "协商三。"]);
        let bm = bookmark_at(&old, Position::new(2, 0), Position::new(2, 2));
        // the third paragraph moved to the top: the context still identifies it
        let new = doc_of(&["协商三。", "协商一。", "协商二。"]);
        let f = locate_one(&new, &bm).unwrap();
        assert_eq!(f.start, Position::new(0, 0));
    }

    #[test]
    fn without_context_the_nearest_occurrence_wins() {
        let old = doc_of(&["甲协商", "乙协商", "丙协商"]);
        let bm = bookmark_at(&old, Position::new(1, 1), Position::new(1, 3));
        let new = doc_of(&["A协商", "插入", "B协商", "C协商"]);
        let f = locate_one(&new, &bm).unwrap();
        assert_eq!(
            (f.start, f.status),
            (Position::new(2, 1), AnchorStatus::Moved)
        );
        // in place with new surroundings counts as exact
        let new = doc_of(&["A协商", "B协商", "C协商"]);
        let f = locate_one(&new, &bm).unwrap();
        assert_eq!(
            (f.start, f.status),
            (Position::new(1, 1), AnchorStatus::Exact)
        );
    }

    #[test]
    fn folded_and_edited_quotes_are_found() {
        let old = doc_of(&["推进“强省会”五年行动，GDP增长5.5%左右，好于预期。"]);
        let bm = bookmark_at(&old, Position::new(0, 2), Position::new(0, 23));
        // the text was re-typed with full-width letters: found by folding
        let new = doc_of(&["推进“强省会”五年行动，ＧＤＰ增长5.5%左右，好于预期。"]);
        let f = locate_one(&new, &bm).unwrap();
        assert_eq!(f.status, AnchorStatus::Edited);
        assert_eq!(
            DocText::new(&new).passage(f.start, f.end).unwrap(),
            "“强省会”五年行动，ＧＤＰ增长5.5%左右"
        );
        // a word in the middle changed: found by its ends
        let new = doc_of(&["推进“强省会”五年计划，GDP增长5.5%左右，好于预期。"]);
        let f = locate_one(&new, &bm).unwrap();
        assert_eq!(f.status, AnchorStatus::Edited);
        assert_eq!(
            DocText::new(&new).passage(f.start, f.end).unwrap(),
            "“强省会”五年计划，GDP增长5.5%左右"
        );
    }

    #[test]
    fn a_removed_passage_is_not_found() {
        let old = doc_of(&["政治协商是重要职能。"]);
        let bm = bookmark_at(&old, Position::new(0, 0), Position::new(0, 4));
        assert_eq!(locate_one(&doc_of(&["完全不同的文字。"]), &bm), None);
    }

    #[test]
    fn context_only_bookmarks_need_their_context() {
        let old = doc_of(&["前文政治协商后文"]);
        let bm = bookmark_at(&old, Position::new(0, 2), Position::new(0, 6));
        let other = doc_of(&["别处政治协商别处"]);
        assert_eq!(locate(&DocText::new(&other), &[&bm], &[true])[0], None);
        let same = doc_of(&["新段", "前文政治协商后文"]);
        assert!(locate(&DocText::new(&same), &[&bm], &[true])[0].is_some());
    }

    #[test]
    fn a_quote_spanning_blocks_is_kept_whole() {
        let old = doc_of(&["甲段结尾", "乙段开头"]);
        let bm = bookmark_at(&old, Position::new(0, 2), Position::new(1, 2));
        assert_eq!(bm.quote, "结尾\n乙段");
        let new = doc_of(&["插入", "甲段结尾", "乙段开头"]);
        let f = locate_one(&new, &bm).unwrap();
        assert_eq!((f.start, f.end), (Position::new(1, 2), Position::new(2, 2)));
    }
}
