//! Finding bookmarked passages again in a document whose text may have changed.
//!
//! A bookmark remembers its position and its quote with some context. For each bookmark, in
//! this order, the first rule that finds it wins:
//! 1. the quote is still at the stored position → [`AnchorStatus::Exact`];
//! 2. the quote *with its context* occurs elsewhere → the occurrence nearest the old position
//!    ([`AnchorStatus::Moved`]);
//! 3. the quote alone occurs → the nearest occurrence ([`AnchorStatus::Moved`]);
//! 4. the quote matches after search folding (case, full-width forms, quotes…), or its first
//!    and last few characters still frame a passage of about the same length (an edit inside
//!    the quote) → [`AnchorStatus::Edited`].
//!
//! Rules 2–4 run for all the bookmarks at once: one Aho-Corasick pass over the text for the
//! exact patterns, one over the folded text for each fuzzy rule, whatever the number of
//! bookmarks.
use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use crate::doc::{Document, Position};
use crate::search::{Hit, SearchIndex};

use super::model::Bookmark;

/// Characters of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 20;

/// Quotes shorter than this are not matched by their ends alone (rule 4): too likely to match
/// the wrong passage.
const MIN_CHARS_FOR_ENDS: usize = 12;
/// Characters taken from each end of the quote for rule 4.
const END_CHARS: usize = 6;

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
        let before = self
            .doc
            .blocks
            .get(start.block)
            .map_or_else(String::new, |b| {
                let from = start.offset.saturating_sub(CONTEXT_CHARS);
                b.text[b.byte_offset(from)..b.byte_offset(start.offset)].to_string()
            });
        let after = self
            .doc
            .blocks
            .get(end.block)
            .map_or_else(String::new, |b| {
                b.text[b.byte_offset(end.offset)..b.byte_offset(end.offset + CONTEXT_CHARS)]
                    .to_string()
            });
        (before, after)
    }

    /// Where a bookmark is expected, as a byte of `joined` (its old position, clamped).
    fn expected_byte(&self, bm: &Bookmark) -> usize {
        self.byte_of(bm.start).unwrap_or(self.joined.len())
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

/// The best candidate so far for one bookmark under one rule.
#[derive(Clone, Copy)]
struct Best {
    distance: usize,
    start: usize,
    end: usize,
}

fn keep_nearest(best: &mut Option<Best>, expected: usize, start: usize, end: usize) {
    let distance = start.abs_diff(expected);
    if best.is_none_or(|b| distance < b.distance) {
        *best = Some(Best {
            distance,
            start,
            end,
        });
    }
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
    let expected: Vec<usize> = bookmarks.iter().map(|bm| text.expected_byte(bm)).collect();

    locate_exact(text, bookmarks, context_only, &expected, &mut found);

    let fuzzy: Vec<usize> = (0..bookmarks.len())
        .filter(|&i| found[i].is_none() && !context_only[i] && !bookmarks[i].quote.is_empty())
        .collect();
    if !fuzzy.is_empty() {
        let index = SearchIndex::new(text.doc, false);
        locate_folded(text, &index, bookmarks, &fuzzy, &expected, &mut found);
        let fuzzy: Vec<usize> = fuzzy.into_iter().filter(|&i| found[i].is_none()).collect();
        locate_by_ends(text, &index, bookmarks, &fuzzy, &expected, &mut found);
    }
    found
}

/// Rules 2 and 3: exact occurrences of quote-with-context and of the quote alone.
fn locate_exact(
    text: &DocText<'_>,
    bookmarks: &[&Bookmark],
    context_only: &[bool],
    expected: &[usize],
    found: &mut [Option<Found>],
) {
    // What an automaton pattern stands for: (bookmark, bytes of context before the quote,
    // true when the pattern includes the context).
    let mut patterns: Vec<String> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut users: Vec<Vec<(usize, usize, bool)>> = Vec::new();
    let mut add = |pattern: String, user: (usize, usize, bool)| {
        let id = *ids.entry(pattern.clone()).or_insert_with(|| {
            patterns.push(pattern);
            users.push(Vec::new());
            users.len() - 1
        });
        users[id].push(user);
    };
    for (i, bm) in bookmarks.iter().enumerate() {
        if found[i].is_some() || bm.quote.is_empty() {
            continue;
        }
        let with_context = format!("{}{}{}", bm.before, bm.quote, bm.after);
        add(with_context, (i, bm.before.len(), true));
        if !context_only[i] {
            add(bm.quote.clone(), (i, 0, false));
        }
    }
    if patterns.is_empty() {
        return;
    }
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
    else {
        return;
    };
    let mut with_context: Vec<Option<Best>> = vec![None; bookmarks.len()];
    let mut alone: Vec<Option<Best>> = vec![None; bookmarks.len()];
    for m in automaton.find_overlapping_iter(&text.joined) {
        for &(i, before_len, is_context) in &users[m.pattern().as_usize()] {
            let start = m.start() + before_len;
            let end = start + bookmarks[i].quote.len();
            let best = if is_context {
                &mut with_context[i]
            } else {
                &mut alone[i]
            };
            keep_nearest(best, expected[i], start, end);
        }
    }
    for i in 0..bookmarks.len() {
        if let Some(b) = with_context[i].or(alone[i]) {
            let (start, end) = (text.position_of(b.start), text.position_of(b.end));
            // the quote is where it was, only its surroundings changed
            let unmoved = (start, end) == (bookmarks[i].start, bookmarks[i].end);
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
}

/// Rule 4, first half: the quote after search folding.
fn locate_folded(
    text: &DocText<'_>,
    index: &SearchIndex,
    bookmarks: &[&Bookmark],
    which: &[usize],
    expected: &[usize],
    found: &mut [Option<Found>],
) {
    let quotes: Vec<&str> = which.iter().map(|&i| bookmarks[i].quote.as_str()).collect();
    for (&i, hits) in which.iter().zip(index.find_literals(&quotes)) {
        let mut best = None;
        for hit in &hits {
            let (start, end) = text.hit_range(hit);
            keep_nearest(&mut best, expected[i], start, end);
        }
        if let Some(b) = best {
            found[i] = Some(edited(text, b));
        }
    }
}

/// Rule 4, second half: a passage framed by the quote's first and last characters, of roughly
/// the quote's length, within one block.
fn locate_by_ends(
    text: &DocText<'_>,
    index: &SearchIndex,
    bookmarks: &[&Bookmark],
    which: &[usize],
    expected: &[usize],
    found: &mut [Option<Found>],
) {
    let which: Vec<usize> = which
        .iter()
        .copied()
        .filter(|&i| {
            let q = &bookmarks[i].quote;
            !q.contains('\n') && q.chars().count() >= MIN_CHARS_FOR_ENDS
        })
        .collect();
    if which.is_empty() {
        return;
    }
    let mut patterns = Vec::with_capacity(which.len() * 2);
    for &i in &which {
        let q = &bookmarks[i].quote;
        let head_end = crate::doc::model::byte_offset(q, END_CHARS);
        let tail_start = crate::doc::model::byte_offset(q, q.chars().count() - END_CHARS);
        patterns.push(&q[..head_end]);
        patterns.push(&q[tail_start..]);
    }
    let hits = index.find_literals(&patterns);
    for (k, &i) in which.iter().enumerate() {
        let (heads, tails) = (&hits[2 * k], &hits[2 * k + 1]);
        let quote_len = bookmarks[i].quote.len();
        let mut best = None;
        for head in heads {
            // tails are in document order: the first one in this block after the head
            let from = tails.partition_point(|t| (t.block, t.start) < (head.block, head.end));
            for tail in tails[from..].iter().take_while(|t| t.block == head.block) {
                let span = tail.end - head.start;
                if span > quote_len * 2 {
                    break;
                }
                if span * 2 >= quote_len {
                    let (start, _) = text.hit_range(head);
                    let (_, end) = text.hit_range(tail);
                    keep_nearest(&mut best, expected[i], start, end);
                    break;
                }
            }
        }
        if let Some(b) = best {
            found[i] = Some(edited(text, b));
        }
    }
}

fn edited(text: &DocText<'_>, b: Best) -> Found {
    Found {
        start: text.position_of(b.start),
        end: text.position_of(b.end),
        status: AnchorStatus::Edited,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::doc::{Block, BlockKind};

    fn doc_of(blocks: &[&str]) -> Document {
        Document {
            blocks: blocks
                .iter()
                .enumerate()
                .map(|(i, t)| Block {
                    kind: BlockKind::Paragraph,
                    text: (*t).to_string(),
                    run_in: None,
                    section: None,
                    source_line: i + 1,
                })
                .collect(),
            ..Document::default()
        }
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
