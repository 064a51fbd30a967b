//! A passage of a document and the selection that makes one: a span between two positions,
//! grown or shrunk by sentence, by paragraph or by character, and its text, read from the spanned
//! blocks only (quoting a sentence never builds the text of the whole document).
//!
//! The selection keeps an *anchor* (the unit it started on) and a *head* (the unit last moved
//! to); the passage is everything from the earlier of the two to the later, so moving the head
//! back past the anchor selects backwards, as in vim's visual mode.
use std::ops::Range;

use crate::doc::{Document, Position};
use crate::text::sentences::{self, sentences};

/// A span of a document: from `start` up to, not including, `end` (character offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    pub start: Position,
    pub end: Position,
}

impl Passage {
    /// True when the span holds no character.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// The span's text, one line per block it touches (blocks joined by `\n`), read from those
    /// blocks only.
    #[must_use]
    pub fn text(&self, doc: &Document) -> String {
        let mut out = String::new();
        for index in self.start.block..=self.end.block {
            let Some(bytes) = self.bytes_in_block(doc, index) else {
                break;
            };
            // A span that ends at the very start of a block takes nothing of it.
            if index == self.end.block && bytes.end == 0 && index > self.start.block {
                break;
            }
            if index > self.start.block {
                out.push('\n');
            }
            out.push_str(&doc.blocks[index].text[bytes]);
        }
        out
    }

    /// The bytes of block `index`'s text that the span covers (empty when it touches the block
    /// without covering any of it); `None` for a block outside the span.
    #[must_use]
    pub fn bytes_in_block(&self, doc: &Document, index: usize) -> Option<Range<usize>> {
        if index < self.start.block || index > self.end.block {
            return None;
        }
        let block = doc.blocks.get(index)?;
        let from = if index == self.start.block {
            block.byte_offset(self.start.offset)
        } else {
            0
        };
        let to = if index == self.end.block {
            block.byte_offset(self.end.offset)
        } else {
            block.text.len()
        };
        Some(from.min(to)..to)
    }

    /// Number of characters in the span's text, block breaks not counted.
    #[must_use]
    pub fn char_count(&self, doc: &Document) -> usize {
        (self.start.block..=self.end.block)
            .map_while(|index| {
                let bytes = self.bytes_in_block(doc, index)?;
                Some(doc.blocks[index].text[bytes].chars().count())
            })
            .sum()
    }
}

/// How far one motion of the selection's head goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Character,
    Sentence,
    Paragraph,
}

/// A selection being made: the unit it started on and the unit last moved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    anchor: Passage,
    head: Passage,
}

impl Selection {
    /// Starts with the sentence that holds `at` (the first sentence of the next non-empty block
    /// when `at`'s block is empty). `None` for a document without text.
    #[must_use]
    pub fn new(doc: &Document, at: Position) -> Option<Self> {
        let sentence = sentence_at(doc, at).or_else(|| next_unit(doc, at, Unit::Sentence))?;
        Some(Self {
            anchor: sentence,
            head: sentence,
        })
    }

    /// What is selected.
    #[must_use]
    pub fn passage(&self) -> Passage {
        Passage {
            start: self.anchor.start.min(self.head.start),
            end: self.anchor.end.max(self.head.end),
        }
    }

    /// The unit last moved to, to keep it on screen.
    #[must_use]
    pub fn head(&self) -> Passage {
        self.head
    }

    /// Moves the head one `unit` forward (`true`) or back; at either end of the document it
    /// stays. Switching to characters starts from the head's last (or first) character.
    pub fn extend(&mut self, doc: &Document, unit: Unit, forward: bool) {
        let moved = match (unit, forward) {
            (_, true) => next_unit(doc, self.head.end, unit),
            // A character back from a longer head shrinks it at its end, as in vim: the head
            // becomes the character before its last one.
            (Unit::Character, false) => {
                let end = self.head.end;
                let before_last = Position::new(end.block, end.offset.saturating_sub(1));
                previous_unit(doc, before_last, unit)
            }
            (_, false) => previous_unit(doc, self.head.start, unit),
        };
        if let Some(head) = moved {
            self.head = head;
        }
    }

    /// Swaps anchor and head, to grow the selection at its other end (vim's `o`).
    pub fn swap_ends(&mut self) {
        std::mem::swap(&mut self.anchor, &mut self.head);
    }
}

/// The sentence of `at`'s block that holds `at`, if the block has text.
fn sentence_at(doc: &Document, at: Position) -> Option<Passage> {
    let block = doc.blocks.get(at.block)?;
    let byte = block.byte_offset(at.offset);
    (byte < block.text.len())
        .then(|| in_block(doc, at.block, &sentences::sentence_at(&block.text, byte)))
}

/// The first `unit` that starts at or after `from`.
fn next_unit(doc: &Document, from: Position, unit: Unit) -> Option<Passage> {
    for index in from.block..doc.blocks.len() {
        let block = &doc.blocks[index];
        let start_byte = if index == from.block {
            block.byte_offset(from.offset)
        } else {
            0
        };
        if start_byte >= block.text.len() {
            continue;
        }
        let range = match unit {
            Unit::Character => {
                let len = block.text[start_byte..].chars().next()?.len_utf8();
                start_byte..start_byte + len
            }
            Unit::Sentence => sentences(&block.text)
                .into_iter()
                .find(|r| r.start >= start_byte && !r.is_empty())
                .unwrap_or(start_byte..block.text.len()),
            Unit::Paragraph => start_byte..block.text.len(),
        };
        return Some(in_block(doc, index, &range));
    }
    None
}

/// The last `unit` that ends at or before `before`.
fn previous_unit(doc: &Document, before: Position, unit: Unit) -> Option<Passage> {
    for index in (0..=before.block.min(doc.blocks.len().checked_sub(1)?)).rev() {
        let block = &doc.blocks[index];
        let end_byte = if index == before.block {
            block.byte_offset(before.offset)
        } else {
            block.text.len()
        };
        if end_byte == 0 {
            continue;
        }
        let range = match unit {
            Unit::Character => {
                let len = block.text[..end_byte].chars().next_back()?.len_utf8();
                end_byte - len..end_byte
            }
            Unit::Sentence => sentences(&block.text)
                .into_iter()
                .rev()
                .find(|r| r.end <= end_byte && !r.is_empty())
                .unwrap_or(0..end_byte),
            Unit::Paragraph => 0..end_byte,
        };
        return Some(in_block(doc, index, &range));
    }
    None
}

/// A byte range of block `index` as a passage in characters.
fn in_block(doc: &Document, index: usize, bytes: &Range<usize>) -> Passage {
    let block = &doc.blocks[index];
    Passage {
        start: Position::new(index, block.char_offset(bytes.start)),
        end: Position::new(index, block.char_offset(bytes.end)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document::from_paragraphs(&["甲一。甲二。", "乙一。乙二。乙三", "", "丙。"])
    }

    fn selected(selection: &Selection, doc: &Document) -> String {
        selection.passage().text(doc)
    }

    #[test]
    fn a_selection_starts_on_the_sentence_and_grows_by_sentences() {
        let doc = doc();
        let mut s = Selection::new(&doc, Position::new(0, 4)).unwrap_or_else(|| unreachable!());
        assert_eq!(selected(&s, &doc), "甲二。");
        s.extend(&doc, Unit::Sentence, true);
        assert_eq!(selected(&s, &doc), "甲二。\n乙一。");
        s.extend(&doc, Unit::Sentence, true);
        assert_eq!(selected(&s, &doc), "甲二。\n乙一。乙二。");
        // Back past the anchor selects backwards.
        for _ in 0..3 {
            s.extend(&doc, Unit::Sentence, false);
        }
        assert_eq!(selected(&s, &doc), "甲一。甲二。");
    }

    #[test]
    fn paragraphs_skip_empty_blocks_and_characters_step_one_by_one() {
        let doc = doc();
        let mut s = Selection::new(&doc, Position::new(1, 0)).unwrap_or_else(|| unreachable!());
        s.extend(&doc, Unit::Paragraph, true);
        assert_eq!(selected(&s, &doc), "乙一。乙二。乙三");
        s.extend(&doc, Unit::Paragraph, true);
        assert_eq!(selected(&s, &doc), "乙一。乙二。乙三\n\n丙。");
        // A character back shrinks the end by one, across the empty block.
        s.extend(&doc, Unit::Character, false);
        assert_eq!(selected(&s, &doc), "乙一。乙二。乙三\n\n丙");
        s.extend(&doc, Unit::Character, false);
        assert_eq!(selected(&s, &doc), "乙一。乙二。乙三");
        s.extend(&doc, Unit::Character, false);
        assert_eq!(selected(&s, &doc), "乙一。乙二。乙");
        s.extend(&doc, Unit::Character, true);
        assert_eq!(selected(&s, &doc), "乙一。乙二。乙三");
        // At the ends of the document the head stays.
        let mut last = Selection::new(&doc, Position::new(3, 0)).unwrap_or_else(|| unreachable!());
        last.extend(&doc, Unit::Sentence, true);
        assert_eq!(selected(&last, &doc), "丙。");
    }

    #[test]
    fn swapping_ends_grows_the_other_side() {
        let doc = doc();
        let mut s = Selection::new(&doc, Position::new(1, 3)).unwrap_or_else(|| unreachable!());
        assert_eq!(selected(&s, &doc), "乙二。");
        s.swap_ends();
        s.extend(&doc, Unit::Sentence, false);
        assert_eq!(selected(&s, &doc), "乙一。乙二。");
    }

    #[test]
    fn the_text_is_read_from_the_spanned_blocks() {
        let doc = doc();
        let passage = Passage {
            start: Position::new(0, 3),
            end: Position::new(1, 3),
        };
        assert_eq!(passage.text(&doc), "甲二。\n乙一。");
        assert_eq!(passage.char_count(&doc), 6);
        let empty = Passage {
            start: Position::new(1, 2),
            end: Position::new(1, 2),
        };
        assert!(empty.is_empty() && empty.text(&doc).is_empty());
        assert!(Selection::new(&Document::from_paragraphs(&[]), Position::default()).is_none());
    }
}
