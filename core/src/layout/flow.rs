//! The reading pane's rows: every block's wrapped lines in order, each block followed by `gap`
//! blank rows (the last block's gap is not part of the flow, so the end of the document is its
//! last line of text).
//!
//! The top of the pane is a [`RowPos`]: a block and a row within that block's rows (its lines,
//! then its gap rows). Moving it by N rows, to the top or to the end, and converting between
//! [`Position`] (block + character offset, what bookmarks and reading positions store) and
//! `RowPos` touch only the blocks moved through: the document is never laid out as a whole, so a
//! 50 MB report scrolls as fast as a short one. Wrapped lines come from a [`LayoutCache`].
//!
//! The blocks come from a [`FlowSource`], so that the flow does not depend on [`Document`]
//! itself: [`Blocks`] adapts a slice of [`Block`]s and a per-block first-line indent.
//!
//! ```
//! use gangmu_core::doc::{Block, BlockKind, Position};
//! use gangmu_core::layout::flow::{Blocks, Flow, PARAGRAPH_INDENT, RowPos};
//! use gangmu_core::layout::{AmbiguousWidth, LayoutCache, WrapOptions};
//!
//! let block = |kind, text: &str| Block {
//!     kind,
//!     text: text.to_string(),
//!     run_in: None,
//!     section: None,
//!     source_line: 1,
//! };
//! let blocks = vec![
//!     block(BlockKind::Heading, "一、总则"),
//!     block(BlockKind::Paragraph, "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。"),
//! ];
//! let source = Blocks::new(&blocks, PARAGRAPH_INDENT);
//! let mut cache = LayoutCache::new(WrapOptions {
//!     width: 20,
//!     ambiguous: AmbiguousWidth::Narrow,
//!     first_line_indent: 0,
//! });
//! let mut flow = Flow::new(&source, &mut cache, 1);
//! // Rows: the heading, a gap row, then the paragraph's 3 lines (indent 4 on the first).
//! let top = flow.down(RowPos::default(), 2);
//! assert_eq!(top, RowPos { block: 1, line: 0 });
//! assert_eq!(flow.position_of(top), Position::new(1, 0));
//! assert_eq!(flow.row_of(Position::new(1, 20)), RowPos { block: 1, line: 2 });
//! assert_eq!(flow.end(2), RowPos { block: 1, line: 1 });
//! // What a 3-row pane shows from the top.
//! let rows = flow.visible_rows(RowPos::default(), 3);
//! assert!(rows[1].line.is_none()); // the gap row
//! ```
//!
//! [`Document`]: crate::doc::Document

use super::cache::LayoutCache;
use super::wrap::{WrappedLine, line_of_byte};
use crate::doc::model::{Block, BlockKind, Position, byte_offset, char_offset};

/// The blocks shown in the reading pane, in order.
pub trait FlowSource {
    /// Number of blocks.
    fn block_count(&self) -> usize;
    /// The text of block `block` (`block < block_count()`).
    fn block_text(&self, block: usize) -> &str;
    /// Columns of blank before the block's first line.
    fn first_line_indent(&self, block: usize) -> usize;
    /// True when no gap separates `block` from the next one: the lines of a table or a printed
    /// contents keep their line structure, one under the other.
    fn runs_on(&self, _block: usize) -> bool {
        false
    }
}

/// The one adapter between a document's blocks and the flow, used by the reader, `gangmu
/// text`, the benchmarks and the property tests alike: paragraphs start with
/// `paragraph_indent` columns of blank, every other block (headings, the title block, tables)
/// with none.
#[derive(Debug, Clone, Copy)]
pub struct Blocks<'a> {
    blocks: &'a [Block],
    paragraph_indent: usize,
}

impl<'a> Blocks<'a> {
    #[must_use]
    pub fn new(blocks: &'a [Block], paragraph_indent: usize) -> Self {
        Self {
            blocks,
            paragraph_indent,
        }
    }
}

impl FlowSource for Blocks<'_> {
    fn block_count(&self) -> usize {
        self.blocks.len()
    }

    fn block_text(&self, block: usize) -> &str {
        self.blocks.get(block).map_or("", |b| b.text.as_str())
    }

    fn first_line_indent(&self, block: usize) -> usize {
        match self.blocks.get(block) {
            Some(b) if b.kind == BlockKind::Paragraph => self.paragraph_indent,
            // Room for the bullet the reader draws (`・`, two columns).
            Some(b) if b.kind == BlockKind::ListItem => BULLET_COLUMNS,
            _ => 0,
        }
    }

    fn runs_on(&self, block: usize) -> bool {
        let preformatted = |b: usize| {
            self.blocks
                .get(b)
                .is_some_and(|b| b.kind == BlockKind::Preformatted)
        };
        preformatted(block) && preformatted(block + 1)
    }
}

/// Columns before the first line of a bulleted list item, where the reader draws its bullet.
pub const BULLET_COLUMNS: usize = 2;

/// The reader's default paragraph indent (the config's `first_line_indent`): two ideographic
/// spaces' worth.
pub const PARAGRAPH_INDENT: usize = 4;

/// A row of the reading pane: row `line` of block `block`, where rows `0..lines` are the block's
/// wrapped lines and the following `gap` rows are blank. Ordered in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RowPos {
    pub block: usize,
    pub line: usize,
}

impl RowPos {
    #[must_use]
    pub fn new(block: usize, line: usize) -> Self {
        Self { block, line }
    }
}

/// One row of the pane as drawn: a line of a block, or one of the blank rows after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisibleRow {
    pub pos: RowPos,
    /// The wrapped line (a range of the block's text), `None` for a gap row.
    pub line: Option<WrappedLine>,
}

/// The rows of a [`FlowSource`] laid out through a [`LayoutCache`], with `gap` blank rows after
/// each block. Cheap to build: make one per operation.
pub struct Flow<'a, S: FlowSource + ?Sized> {
    source: &'a S,
    cache: &'a mut LayoutCache,
    gap: usize,
}

impl<'a, S: FlowSource + ?Sized> Flow<'a, S> {
    pub fn new(source: &'a S, cache: &'a mut LayoutCache, gap: usize) -> Self {
        Self { source, cache, gap }
    }

    /// The wrapped lines of `block`.
    pub fn lines(&mut self, block: usize) -> &[WrappedLine] {
        let text = self.source.block_text(block);
        let indent = self.source.first_line_indent(block);
        self.cache.lines(block, text, indent)
    }

    /// Number of wrapped lines of `block` (at least 1).
    pub fn line_count(&mut self, block: usize) -> usize {
        self.lines(block).len().max(1)
    }

    /// Rows taken by `block`: its lines, plus the gap unless it is the last block or runs on
    /// into the next (see [`FlowSource::runs_on`]).
    pub fn block_rows(&mut self, block: usize) -> usize {
        let gap = if block + 1 < self.source.block_count() && !self.source.runs_on(block) {
            self.gap
        } else {
            0
        };
        self.line_count(block) + gap
    }

    /// The first row.
    #[must_use]
    pub fn top(&self) -> RowPos {
        RowPos::default()
    }

    /// The last row: the last line of the last block.
    pub fn last_row(&mut self) -> RowPos {
        match self.source.block_count() {
            0 => RowPos::default(),
            count => {
                let block = count - 1;
                RowPos::new(block, self.line_count(block) - 1)
            }
        }
    }

    /// `pos` made valid: a block past the end becomes the last row, a row past its block's rows
    /// becomes the block's last row (after a change of width, prefer [`Flow::row_of`] on a
    /// saved [`Position`]).
    pub fn clamp(&mut self, pos: RowPos) -> RowPos {
        let count = self.source.block_count();
        if count == 0 {
            return RowPos::default();
        }
        if pos.block >= count {
            return self.last_row();
        }
        let rows = self.block_rows(pos.block);
        RowPos::new(pos.block, pos.line.min(rows - 1))
    }

    /// `n` rows further down from `pos`, stopping at the last row.
    pub fn down(&mut self, pos: RowPos, n: usize) -> RowPos {
        let count = self.source.block_count();
        if count == 0 {
            return RowPos::default();
        }
        let RowPos {
            mut block,
            mut line,
        } = self.clamp(pos);
        let mut remaining = n;
        loop {
            let left_in_block = self.block_rows(block) - 1 - line;
            if remaining <= left_in_block {
                return RowPos::new(block, line + remaining);
            }
            if block + 1 == count {
                return RowPos::new(block, line + left_in_block);
            }
            remaining -= left_in_block + 1;
            block += 1;
            line = 0;
        }
    }

    /// `n` rows further up from `pos`, stopping at the first row.
    pub fn up(&mut self, pos: RowPos, n: usize) -> RowPos {
        let RowPos {
            mut block,
            mut line,
        } = self.clamp(pos);
        let mut remaining = n;
        loop {
            if remaining <= line {
                return RowPos::new(block, line - remaining);
            }
            if block == 0 {
                return RowPos::default();
            }
            remaining -= line + 1;
            block -= 1;
            line = self.block_rows(block) - 1;
        }
    }

    /// The top of a pane `height` rows high that shows the last row at its bottom (the first row
    /// when the whole document fits).
    pub fn end(&mut self, height: usize) -> RowPos {
        let last = self.last_row();
        self.up(last, height.saturating_sub(1))
    }

    /// Scrolls a pane `height` rows high down by `n` rows from `top`, not past the point where
    /// the last row is at the bottom (a top already beyond that point does not move back).
    pub fn scroll_down(&mut self, top: RowPos, n: usize, height: usize) -> RowPos {
        let target = self.down(top, n);
        let limit = self.end(height);
        if target > limit {
            limit.max(self.clamp(top))
        } else {
            target
        }
    }

    /// The row of the line that holds `pos` (a position past the end of its block is on the
    /// block's last line; one past the last block on the last row).
    pub fn row_of(&mut self, pos: Position) -> RowPos {
        let count = self.source.block_count();
        if count == 0 {
            return RowPos::default();
        }
        if pos.block >= count {
            return self.last_row();
        }
        let byte = byte_offset(self.source.block_text(pos.block), pos.offset);
        let line = line_of_byte(self.lines(pos.block), byte);
        RowPos::new(pos.block, line)
    }

    /// The position of the first character of the line at `row`. A gap row stands for what
    /// follows it: the start of the next block.
    pub fn position_of(&mut self, row: RowPos) -> Position {
        let row = self.clamp(row);
        let source = self.source;
        let text = source.block_text(row.block);
        let lines = self.lines(row.block);
        match lines.get(row.line) {
            Some(line) => Position::new(row.block, char_offset(text, line.start)),
            None => Position::new(row.block + 1, 0),
        }
    }

    /// The rows a pane `height` rows high shows from `top` (fewer at the end of the document).
    pub fn visible_rows(&mut self, top: RowPos, height: usize) -> Vec<VisibleRow> {
        // `height` is a screen height in practice, but callers may ask for "all rows".
        let mut rows = Vec::with_capacity(height.min(512));
        let count = self.source.block_count();
        if count == 0 {
            return rows;
        }
        let RowPos {
            mut block,
            mut line,
        } = self.clamp(top);
        while rows.len() < height && block < count {
            let block_rows = self.block_rows(block);
            let lines = self.lines(block);
            while line < block_rows && rows.len() < height {
                rows.push(VisibleRow {
                    pos: RowPos::new(block, line),
                    line: lines.get(line).copied(),
                });
                line += 1;
            }
            block += 1;
            line = 0;
        }
        rows
    }
}

/// Where a position stands in the document, counted in characters: for the status bar's
/// percentage and for jumping to a percentage. Built once per document in O(characters); every
/// query is O(1) or O(log blocks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Characters before each block, with the total at the end (`blocks + 1` entries).
    starts: Vec<usize>,
}

impl Progress {
    /// Counts the characters of every block of `source`.
    pub fn new<S: FlowSource + ?Sized>(source: &S) -> Self {
        Self::from_texts((0..source.block_count()).map(|b| source.block_text(b)))
    }

    /// Counts the characters of each text, in order.
    pub fn from_texts<'t>(texts: impl IntoIterator<Item = &'t str>) -> Self {
        let mut starts = vec![0];
        let mut total = 0;
        for text in texts {
            total += text.chars().count();
            starts.push(total);
        }
        Self { starts }
    }

    /// Characters in the whole document.
    #[must_use]
    pub fn total_chars(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    /// Characters before `pos` in the whole document (clamped to the total).
    #[must_use]
    pub fn char_index(&self, pos: Position) -> usize {
        match self.starts.get(pos.block) {
            Some(&start) if pos.block + 1 < self.starts.len() => {
                (start + pos.offset).min(self.starts[pos.block + 1])
            }
            _ => self.total_chars(),
        }
    }

    /// How far into the document `pos` is, from 0.0 to 1.0 (0.0 for an empty document).
    #[must_use]
    #[allow(clippy::cast_precision_loss)] // documents have far fewer than 2^52 characters
    pub fn fraction(&self, pos: Position) -> f64 {
        match self.total_chars() {
            0 => 0.0,
            total => self.char_index(pos) as f64 / total as f64,
        }
    }

    /// How far into the document `pos` is, in whole percent, rounded down (0 to 100).
    #[must_use]
    pub fn percent(&self, pos: Position) -> usize {
        match self.total_chars() {
            0 => 0,
            total => self.char_index(pos) * 100 / total,
        }
    }

    /// The position of the `index`-th character of the document (the end for an index past it).
    #[must_use]
    pub fn position_at(&self, index: usize) -> Position {
        let blocks = self.starts.len() - 1;
        if blocks == 0 {
            return Position::default();
        }
        let index = index.min(self.total_chars());
        // The last block starting at or before `index`, skipping empty blocks.
        let block = (self.starts.partition_point(|&start| start <= index) - 1).min(blocks - 1);
        Position::new(block, index - self.starts[block])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{AmbiguousWidth, WrapOptions};

    fn block(kind: BlockKind, text: &str) -> Block {
        Block {
            kind,
            text: text.to_string(),
            run_in: None,
            section: None,
            source_line: 1,
        }
    }

    fn sample_blocks() -> Vec<Block> {
        vec![
            block(BlockKind::Title, "标题"),
            block(BlockKind::Heading, "一、总则"),
            // 21 ideographs + 。: at width 10 with indent 4, lines of 3, 5, 5, 5 and 4.
            block(
                BlockKind::Paragraph,
                "坚持稳中求进总基调完整准确全面贯彻发展理念。",
            ),
            block(BlockKind::Paragraph, ""),
            block(BlockKind::Paragraph, "结尾"),
        ]
    }

    fn cache(width: usize) -> LayoutCache {
        LayoutCache::new(WrapOptions {
            width,
            ambiguous: AmbiguousWidth::Narrow,
            first_line_indent: 0,
        })
    }

    #[test]
    fn rows_follow_lines_and_gaps() {
        let blocks = sample_blocks();
        let source = Blocks::new(&blocks, PARAGRAPH_INDENT);
        let mut cache = cache(10);
        let mut flow = Flow::new(&source, &mut cache, 1);
        assert_eq!(flow.line_count(2), 5);
        assert_eq!(flow.block_rows(2), 6);
        assert_eq!(flow.block_rows(4), 1);
        let rows = flow.visible_rows(RowPos::default(), 100);
        // 1+1, 1+1, 5+1, 1+1, 1
        assert_eq!(rows.len(), 13);
        assert_eq!(rows[0].line.map(|l| l.width), Some(4));
        assert!(rows[1].line.is_none());
        assert_eq!(rows[4].pos, RowPos::new(2, 0));
        assert_eq!(rows[4].line.map(|l| l.indent), Some(4));
        assert_eq!(rows[12].pos, RowPos::new(4, 0));
        assert_eq!(flow.last_row(), RowPos::new(4, 0));
    }

    #[test]
    fn down_and_up() {
        let blocks = sample_blocks();
        let source = Blocks::new(&blocks, PARAGRAPH_INDENT);
        let mut cache = cache(10);
        let mut flow = Flow::new(&source, &mut cache, 1);
        assert_eq!(flow.down(RowPos::default(), 0), RowPos::new(0, 0));
        assert_eq!(flow.down(RowPos::default(), 1), RowPos::new(0, 1));
        assert_eq!(flow.down(RowPos::default(), 2), RowPos::new(1, 0));
        assert_eq!(flow.down(RowPos::default(), 7), RowPos::new(2, 3));
        assert_eq!(flow.down(RowPos::default(), 12), RowPos::new(4, 0));
        assert_eq!(flow.down(RowPos::default(), 1000), RowPos::new(4, 0));
        assert_eq!(flow.up(RowPos::new(4, 0), 1), RowPos::new(3, 1));
        assert_eq!(flow.up(RowPos::new(4, 0), 12), RowPos::new(0, 0));
        assert_eq!(flow.up(RowPos::new(2, 3), 5), RowPos::new(1, 0));
        assert_eq!(flow.up(RowPos::new(2, 3), 6), RowPos::new(0, 1));
        assert_eq!(flow.up(RowPos::new(2, 3), 500), RowPos::new(0, 0));
        assert_eq!(flow.end(3), RowPos::new(3, 0));
        assert_eq!(flow.end(100), RowPos::new(0, 0));
        assert_eq!(
            flow.scroll_down(RowPos::default(), 100, 3),
            RowPos::new(3, 0)
        );
        assert_eq!(flow.scroll_down(RowPos::default(), 2, 3), RowPos::new(1, 0));
        // A top beyond the limit (after a jump) does not move back.
        assert_eq!(flow.scroll_down(RowPos::new(4, 0), 1, 3), RowPos::new(4, 0));
    }

    #[test]
    fn without_gap() {
        let blocks = sample_blocks();
        let source = Blocks::new(&blocks, PARAGRAPH_INDENT);
        let mut cache = cache(10);
        let mut flow = Flow::new(&source, &mut cache, 0);
        assert_eq!(flow.visible_rows(RowPos::default(), 100).len(), 9);
        assert_eq!(flow.down(RowPos::default(), 2), RowPos::new(2, 0));
        assert_eq!(flow.up(RowPos::new(2, 0), 1), RowPos::new(1, 0));
    }

    #[test]
    fn positions_and_rows() {
        let blocks = sample_blocks();
        let source = Blocks::new(&blocks, PARAGRAPH_INDENT);
        let mut cache = cache(10);
        let mut flow = Flow::new(&source, &mut cache, 1);
        assert_eq!(flow.row_of(Position::new(2, 0)), RowPos::new(2, 0));
        assert_eq!(flow.row_of(Position::new(2, 2)), RowPos::new(2, 0));
        assert_eq!(flow.row_of(Position::new(2, 3)), RowPos::new(2, 1));
        assert_eq!(flow.row_of(Position::new(2, 1000)), RowPos::new(2, 4));
        assert_eq!(flow.row_of(Position::new(3, 0)), RowPos::new(3, 0));
        assert_eq!(flow.row_of(Position::new(99, 0)), RowPos::new(4, 0));
        assert_eq!(flow.position_of(RowPos::new(2, 1)), Position::new(2, 3));
        assert_eq!(flow.position_of(RowPos::new(2, 2)), Position::new(2, 8));
        // A gap row stands for the next block.
        assert_eq!(flow.position_of(RowPos::new(2, 5)), Position::new(3, 0));
        assert_eq!(flow.position_of(RowPos::new(99, 0)), Position::new(4, 0));
    }

    #[test]
    fn empty_document() {
        let blocks: Vec<Block> = Vec::new();
        let source = Blocks::new(&blocks, PARAGRAPH_INDENT);
        let mut cache = cache(10);
        let mut flow = Flow::new(&source, &mut cache, 1);
        assert_eq!(flow.down(RowPos::default(), 5), RowPos::default());
        assert_eq!(flow.up(RowPos::default(), 5), RowPos::default());
        assert_eq!(flow.end(5), RowPos::default());
        assert!(flow.visible_rows(RowPos::default(), 5).is_empty());
        assert_eq!(flow.row_of(Position::new(3, 3)), RowPos::default());
        assert_eq!(flow.position_of(RowPos::new(3, 3)), Position::default());
        let progress = Progress::new(&source);
        assert_eq!(progress.percent(Position::new(0, 0)), 0);
        assert_eq!(progress.position_at(10), Position::default());
    }

    #[test]
    fn progress_counts_characters() {
        let blocks = sample_blocks();
        let source = Blocks::new(&blocks, PARAGRAPH_INDENT);
        let progress = Progress::new(&source);
        // 2 + 4 + 22 + 0 + 2
        assert_eq!(progress.total_chars(), 30);
        assert_eq!(progress.char_index(Position::new(2, 4)), 10);
        assert_eq!(progress.char_index(Position::new(2, 400)), 28);
        assert_eq!(progress.char_index(Position::new(9, 0)), 30);
        assert_eq!(progress.percent(Position::new(0, 0)), 0);
        assert_eq!(progress.percent(Position::new(2, 9)), 50);
        assert_eq!(progress.percent(Position::new(2, 10)), 53);
        assert_eq!(progress.percent(Position::new(4, 2)), 100);
        assert!((progress.fraction(Position::new(2, 9)) - 0.5).abs() < 1e-9);
        assert_eq!(progress.position_at(0), Position::new(0, 0));
        assert_eq!(progress.position_at(10), Position::new(2, 4));
        assert_eq!(progress.position_at(6), Position::new(2, 0));
        // Index 28 is where both the empty block 3 and block 4 start: the later block wins.
        assert_eq!(progress.position_at(28), Position::new(4, 0));
        assert_eq!(progress.position_at(1000), Position::new(4, 2));
        for index in 0..=30 {
            assert_eq!(progress.char_index(progress.position_at(index)), index);
        }
    }
}
