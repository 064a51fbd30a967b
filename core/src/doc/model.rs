//! The document model: metadata, reflowed blocks, and the outline tree over them.
//!
//! Everything that points into a document (bookmarks, search hits, reading positions) holds a
//! [`Position`]: a block index and a *character* offset into that block's text. Positions never
//! refer to screen rows, so they survive a different terminal width.

use serde::Serialize;

/// What a block is. The title block comes first in [`Document::blocks`], even when the source
/// printed it at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Title,
    Subtitle,
    Date,
    Author,
    /// A block that is a heading as a whole (`一、2024年工作回顾`).
    Heading,
    /// Body text. It may open with a run-in heading (`一是……。`): see [`Block::run_in`].
    Paragraph,
    /// A line kept as the source has it, never reflowed: a table row, a contents entry, a line
    /// of code.
    Preformatted,
    /// An item of a bulleted list: body text that the reader draws after a bullet, its lines
    /// hanging under the text (a numbered item is a paragraph that keeps its number).
    ListItem,
}

impl BlockKind {
    /// True for the blocks of the title block.
    #[must_use]
    pub fn is_title_block(self) -> bool {
        matches!(
            self,
            Self::Title | Self::Subtitle | Self::Date | Self::Author
        )
    }
}

/// One reflowed block of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// The text, joined across the source's line breaks, with no line breaks of its own.
    pub text: String,
    /// For a paragraph that opens with a run-in heading, the heading's length in bytes
    /// (its first sentence). The heading is `&text[..run_in]`.
    pub run_in: Option<usize>,
    /// The innermost section this block belongs to (for a heading: the section it opens).
    pub section: Option<usize>,
    /// The 1-based line of the source on which the block starts (after decoding).
    pub source_line: usize,
}

impl Block {
    /// Number of characters in the block's text.
    #[must_use]
    pub fn char_len(&self) -> usize {
        self.text.chars().count()
    }

    /// Byte offset of the `char_offset`-th character (clamped to the end of the text).
    #[must_use]
    pub fn byte_offset(&self, char_offset: usize) -> usize {
        byte_offset(&self.text, char_offset)
    }

    /// Character offset of a byte offset (a byte inside a character counts as that character).
    #[must_use]
    pub fn char_offset(&self, byte_offset: usize) -> usize {
        char_offset(&self.text, byte_offset)
    }
}

/// Byte offset of the `char_offset`-th character of `text`, clamped to its length.
#[must_use]
pub fn byte_offset(text: &str, char_offset: usize) -> usize {
    text.char_indices()
        .nth(char_offset)
        .map_or(text.len(), |(byte, _)| byte)
}

/// Character offset of `byte_offset` in `text` (clamped to the number of characters).
#[must_use]
pub fn char_offset(text: &str, byte_offset: usize) -> usize {
    text.char_indices()
        .take_while(|(byte, _)| *byte < byte_offset)
        .count()
}

/// A node of the outline tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Depth in the tree, 1 for the top level of the body.
    pub level: usize,
    /// The numbering marker as written (`一、`, `（一）`, `一是`, `第一条`, `##`).
    pub marker: String,
    /// The heading's whole text, marker included; for a run-in point its first sentence.
    pub heading: String,
    /// The block that opens this section.
    pub block: usize,
    /// One past the last block of this section (children included).
    pub end_block: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// True when the heading is the first sentence of a paragraph rather than a block of its own.
    pub run_in: bool,
}

/// A stable address in a document: a block and a character offset in its text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, serde::Deserialize,
)]
pub struct Position {
    pub block: usize,
    pub offset: usize,
}

impl Position {
    #[must_use]
    pub fn new(block: usize, offset: usize) -> Self {
        Self { block, offset }
    }
}

/// The title block's fields, each `None` when the parser could not find it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    pub author: Option<String>,
}

/// Why a piece of the source is not in the reflowed document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// `— 3 —`, `第3页 共10页`, `3/10`, …
    PageNumber,
    /// A form feed.
    FormFeed,
    /// A running header or footer repeated on many pages.
    RunningHeader,
    /// Markup that only structures the text: Markdown `#` markers, HTML comments.
    Markup,
}

/// A piece of the source deliberately left out of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dropped {
    pub line: usize,
    pub text: String,
    pub reason: DropReason,
}

/// What kind of doubtful structure a [`Warning`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// The numbering skips (`二、` then `四、`): text may have been lost in extraction.
    NumberingGap,
    /// A number comes twice in a row.
    NumberingRepeat,
    /// The numbering starts over at one with no heading above it between.
    NumberingRestart,
    /// A numbering scheme used for one heading only: a level that may have lost its siblings.
    LoneHeading,
}

/// Doubtful structure found while building the outline (`gangmu check`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The block of the heading it concerns.
    pub block: usize,
    pub kind: WarningKind,
    /// In words, for a person.
    pub message: String,
}

/// A parsed report.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub meta: Metadata,
    /// Title block first, then the body in reading order.
    pub blocks: Vec<Block>,
    /// The outline in document order; a node's children follow it.
    pub sections: Vec<Section>,
    /// What the parser left out, in source order.
    pub dropped: Vec<Dropped>,
    /// Doubtful structure (numbering gaps, repeats, restarts), in document order.
    pub warnings: Vec<Warning>,
    /// A hash of the decoded text, to recognise the same document elsewhere.
    pub fingerprint: String,
    /// The encoding the bytes were decoded from (`UTF-8`, `GBK`, …).
    pub encoding: String,
}

impl Document {
    /// A document of plain paragraphs, one per string, with no title block and no outline; its
    /// fingerprint is that of the paragraphs joined by line ends. For tests and tools that build
    /// documents without parsing.
    #[must_use]
    pub fn from_paragraphs(paragraphs: &[&str]) -> Self {
        Self {
            blocks: paragraphs
                .iter()
                .enumerate()
                .map(|(i, text)| Block {
                    kind: BlockKind::Paragraph,
                    text: (*text).to_string(),
                    run_in: None,
                    section: None,
                    source_line: i + 1,
                })
                .collect(),
            fingerprint: super::fingerprint(&paragraphs.join("\n")),
            ..Self::default()
        }
    }

    /// The warning about the heading in `block`, if any (warnings are sorted by block).
    #[must_use]
    pub fn warning_at(&self, block: usize) -> Option<&Warning> {
        self.warnings
            .binary_search_by_key(&block, |w| w.block)
            .ok()
            .map(|i| &self.warnings[i])
    }

    /// The top-level sections.
    pub fn roots(&self) -> impl Iterator<Item = usize> + '_ {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.parent.is_none())
            .map(|(i, _)| i)
    }

    /// The innermost section containing `pos`, if any.
    #[must_use]
    pub fn section_at(&self, pos: Position) -> Option<usize> {
        self.blocks.get(pos.block).and_then(|b| b.section)
    }

    /// The chain of sections from the top level down to `section`.
    #[must_use]
    pub fn section_chain(&self, section: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut cur = Some(section);
        while let Some(i) = cur {
            let Some(s) = self.sections.get(i) else { break };
            chain.push(i);
            cur = s.parent;
        }
        chain.reverse();
        chain
    }

    /// The headings above `pos`, outermost first.
    #[must_use]
    pub fn section_path(&self, pos: Position) -> Vec<&str> {
        self.section_at(pos)
            .map(|s| {
                self.section_chain(s)
                    .into_iter()
                    .map(|i| self.sections[i].heading.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What the parser left out, in words (`None` when nothing was):
    /// `left out as page furniture: 41 page numbers, 3 running headers`, or `left out as page
    /// furniture and markup: …, 12 pieces of markup` when markup (Markdown marks, HTML tags,
    /// front matter) was dropped too.
    #[must_use]
    pub fn furniture_note(&self) -> Option<String> {
        let summary = self.dropped_summary();
        let parts: Vec<String> = summary
            .iter()
            .map(|&(reason, n)| {
                let (one, many) = match reason {
                    DropReason::PageNumber => ("page number", "page numbers"),
                    DropReason::FormFeed => ("form feed", "form feeds"),
                    DropReason::RunningHeader => ("running header", "running headers"),
                    DropReason::Markup => ("piece of markup", "pieces of markup"),
                };
                format!("{n} {}", if n == 1 { one } else { many })
            })
            .collect();
        let what = if summary.iter().any(|(r, _)| *r == DropReason::Markup) {
            "page furniture and markup"
        } else {
            "page furniture"
        };
        (!parts.is_empty()).then(|| format!("left out as {what}: {}", parts.join(", ")))
    }

    /// Number of dropped source lines per reason, for reporting.
    #[must_use]
    pub fn dropped_summary(&self) -> Vec<(DropReason, usize)> {
        let mut out: Vec<(DropReason, usize)> = Vec::new();
        for d in &self.dropped {
            match out.iter_mut().find(|(r, _)| *r == d.reason) {
                Some((_, n)) => *n += 1,
                None => out.push((d.reason, 1)),
            }
        }
        out
    }
}
