//! The outline pane's state: which nodes are collapsed, the rows that are visible, the cursor,
//! the scroll offset, and the heading filter.
//!
//! Rows are section indices in document order. Moving the cursor or scrolling is O(1); a
//! section's row is found by binary search; folding a node splices its descendants in or out.
//! Only the visible rows are ever drawn.

use crate::doc::Document;

use super::filter::{HeadingIndex, Query};

/// State of the outline pane.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    collapsed: Vec<bool>,
    /// Sections shown when no filter is applied, in document order.
    visible: Vec<usize>,
    /// The row under the cursor (into [`Outline::rows`]).
    cursor: usize,
    /// The first row shown.
    offset: usize,
    filter: Option<Filter>,
    /// Prepared headings, built the first time the reader filters.
    index: Option<HeadingIndex>,
}

/// A heading filter being typed or applied.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub text: String,
    query: Query,
    /// Matching sections, in document order.
    matches: Vec<usize>,
}

impl Outline {
    /// All nodes expanded.
    #[must_use]
    pub fn new(doc: &Document) -> Self {
        Self {
            collapsed: vec![false; doc.sections.len()],
            visible: (0..doc.sections.len()).collect(),
            ..Self::default()
        }
    }

    /// The rows shown: the filter's matches while filtering, otherwise the unfolded tree.
    #[must_use]
    pub fn rows(&self) -> &[usize] {
        match &self.filter {
            Some(f) => &f.matches,
            None => &self.visible,
        }
    }

    #[must_use]
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The section under the cursor.
    #[must_use]
    pub fn selected(&self) -> Option<usize> {
        self.rows().get(self.cursor).copied()
    }

    #[must_use]
    pub fn is_collapsed(&self, section: usize) -> bool {
        self.collapsed.get(section).copied().unwrap_or(false)
    }

    #[must_use]
    pub fn filter(&self) -> Option<&Filter> {
        self.filter.as_ref()
    }

    /// Moves the cursor by `delta` rows, clamped.
    pub fn move_cursor(&mut self, delta: isize) {
        let last = self.rows().len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// Puts the cursor on `row`, clamped.
    pub fn set_cursor(&mut self, row: usize) {
        self.cursor = row.min(self.rows().len().saturating_sub(1));
    }

    /// Scrolls so that the cursor is within `height` rows from the offset, keeping a little
    /// context above and below when there is room.
    pub fn scroll_to_cursor(&mut self, height: usize) {
        let rows = self.rows().len();
        if height == 0 {
            return;
        }
        let margin = if height > 6 { 2 } else { 0 };
        if self.cursor < self.offset + margin {
            self.offset = self.cursor.saturating_sub(margin);
        } else if self.cursor + margin >= self.offset + height {
            self.offset = (self.cursor + margin + 1).saturating_sub(height);
        }
        // Never leave blank rows at the bottom when the list could fill them.
        self.offset = self.offset.min(rows.saturating_sub(height));
    }

    /// The row that shows `section`, or its nearest shown ancestor when it is folded away (or
    /// filtered out: then the nearest shown row before it).
    #[must_use]
    pub fn row_of(&self, doc: &Document, section: usize) -> Option<usize> {
        let rows = self.rows();
        if self.filter.is_none() {
            let mut current = Some(section);
            while let Some(s) = current {
                if let Ok(row) = rows.binary_search(&s) {
                    return Some(row);
                }
                current = doc.sections.get(s).and_then(|sec| sec.parent);
            }
            return None;
        }
        match rows.binary_search(&section) {
            Ok(row) => Some(row),
            Err(0) => None,
            Err(row) => Some(row - 1),
        }
    }

    /// Collapses (`true`) or expands the node `section`; nothing happens to a leaf.
    pub fn set_collapsed(&mut self, doc: &Document, section: usize, collapse: bool) {
        let Some(node) = doc.sections.get(section) else {
            return;
        };
        if node.children.is_empty() || self.is_collapsed(section) == collapse {
            return;
        }
        let selected = self.selected();
        self.collapsed[section] = collapse;
        // Only a node that is itself visible changes the visible rows.
        if let Ok(row) = self.visible.binary_search(&section) {
            let last = last_descendant(doc, section);
            if collapse {
                let hidden = self.visible[row + 1..]
                    .iter()
                    .take_while(|&&s| s <= last)
                    .count();
                self.visible.drain(row + 1..row + 1 + hidden);
            } else {
                let shown = self.shown_sections(doc, section + 1..last + 1);
                self.visible.splice(row + 1..row + 1, shown);
            }
        }
        self.restore_selection(doc, selected);
    }

    /// Folds every node below the top level.
    pub fn collapse_all(&mut self, doc: &Document) {
        let selected = self.selected();
        for (i, s) in doc.sections.iter().enumerate() {
            self.collapsed[i] = !s.children.is_empty();
        }
        self.rebuild_visible(doc);
        self.restore_selection(doc, selected);
    }

    pub fn expand_all(&mut self, doc: &Document) {
        let selected = self.selected();
        self.collapsed.fill(false);
        self.rebuild_visible(doc);
        self.restore_selection(doc, selected);
    }

    /// Starts (or continues) filtering; the heading index is built on first use.
    pub fn start_filter(&mut self, doc: &Document) {
        if self.index.is_none() {
            self.index = Some(HeadingIndex::new(
                doc.sections.iter().map(|s| s.heading.as_str()),
            ));
        }
        if self.filter.is_none() {
            self.filter = Some(Filter {
                matches: (0..doc.sections.len()).collect(),
                ..Filter::default()
            });
            self.cursor = 0;
            self.offset = 0;
        }
    }

    /// Sets the filter's text and recomputes the matches (from the previous matches when the new
    /// text only narrows the old one).
    pub fn set_filter_text(&mut self, text: &str) {
        let (Some(filter), Some(index)) = (self.filter.as_mut(), self.index.as_ref()) else {
            return;
        };
        let query = Query::new(text);
        let matches = if filter.query.is_refined_by(&query) {
            std::mem::take(&mut filter.matches)
        } else {
            (0..index.len()).collect()
        };
        filter.matches = matches
            .into_iter()
            .filter(|&s| index.matches(s, &query))
            .collect();
        filter.text = text.to_string();
        filter.query = query;
        self.cursor = 0;
        self.offset = 0;
    }

    /// Leaves filtering; the cursor returns to the tree.
    pub fn clear_filter(&mut self) {
        self.filter = None;
        self.cursor = 0;
        self.offset = 0;
    }

    fn rebuild_visible(&mut self, doc: &Document) {
        self.visible = self.shown_sections(doc, 0..doc.sections.len());
    }

    /// Sections in `range` that are not inside a collapsed node starting in `range`, in order.
    fn shown_sections(&self, doc: &Document, range: std::ops::Range<usize>) -> Vec<usize> {
        let mut shown = Vec::new();
        // A collapsed node hides the sections up to its end; skip them in one step.
        let mut i = range.start;
        while i < range.end {
            shown.push(i);
            if self.is_collapsed(i) {
                i = last_descendant(doc, i) + 1;
            } else {
                i += 1;
            }
        }
        shown
    }

    fn restore_selection(&mut self, doc: &Document, selected: Option<usize>) {
        if let Some(s) = selected
            && let Some(row) = self.row_of(doc, s)
        {
            self.cursor = row;
        } else {
            self.set_cursor(self.cursor);
        }
    }
}

/// The last section inside `section`'s subtree (itself for a leaf). Sections are in document
/// order with children after their parent, so the subtree is a contiguous run.
fn last_descendant(doc: &Document, section: usize) -> usize {
    let mut last = section;
    while let Some(&child) = doc.sections.get(last).and_then(|s| s.children.last()) {
        last = child;
    }
    last
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use crate::doc::{Block, BlockKind, Section};

    /// A document whose outline is given as levels, one section per heading block.
    pub(crate) fn doc_with_levels(levels: &[usize], names: &[&str]) -> Document {
        let mut doc = Document::default();
        let mut stack: Vec<usize> = Vec::new();
        for (i, &level) in levels.iter().enumerate() {
            while stack.len() >= level {
                stack.pop();
            }
            let parent = stack.last().copied();
            let heading = names
                .get(i)
                .map_or_else(|| format!("节{i}"), |n| (*n).to_string());
            doc.blocks.push(Block {
                kind: BlockKind::Heading,
                text: heading.clone(),
                run_in: None,
                section: Some(i),
                source_line: i + 1,
            });
            doc.blocks.push(Block {
                kind: BlockKind::Paragraph,
                text: format!("第{i}节的正文。"),
                run_in: None,
                section: Some(i),
                source_line: i + 1,
            });
            doc.sections.push(Section {
                level,
                marker: String::new(),
                heading,
                block: 2 * i,
                end_block: 0,
                parent,
                children: Vec::new(),
                run_in: false,
            });
            if let Some(p) = parent {
                doc.sections[p].children.push(i);
            }
            stack.push(i);
        }
        // end_block: one past the last block of the subtree.
        for i in (0..doc.sections.len()).rev() {
            let last = last_descendant(&doc, i);
            doc.sections[i].end_block = 2 * last + 2;
        }
        doc
    }

    #[test]
    fn folding_hides_and_shows_descendants() {
        //  0 a / 1 a.1 / 2 a.1.x / 3 a.2 / 4 b / 5 b.1
        let doc = doc_with_levels(&[1, 2, 3, 2, 1, 2], &[]);
        let mut outline = Outline::new(&doc);
        assert_eq!(outline.rows(), &[0, 1, 2, 3, 4, 5]);
        outline.set_collapsed(&doc, 1, true);
        assert_eq!(outline.rows(), &[0, 1, 3, 4, 5]);
        outline.set_collapsed(&doc, 0, true);
        assert_eq!(outline.rows(), &[0, 4, 5]);
        // Expanding 0 keeps 1 folded.
        outline.set_collapsed(&doc, 0, false);
        assert_eq!(outline.rows(), &[0, 1, 3, 4, 5]);
        outline.set_collapsed(&doc, 1, false);
        assert_eq!(outline.rows(), &[0, 1, 2, 3, 4, 5]);
        outline.collapse_all(&doc);
        assert_eq!(outline.rows(), &[0, 4]);
        outline.expand_all(&doc);
        assert_eq!(outline.rows(), &[0, 1, 2, 3, 4, 5]);
        // A leaf does not fold.
        outline.set_collapsed(&doc, 2, true);
        assert!(!outline.is_collapsed(2));
    }

    #[test]
    fn hidden_section_maps_to_its_visible_ancestor() {
        let doc = doc_with_levels(&[1, 2, 3, 2, 1, 2], &[]);
        let mut outline = Outline::new(&doc);
        outline.collapse_all(&doc);
        assert_eq!(outline.row_of(&doc, 2), Some(0));
        assert_eq!(outline.row_of(&doc, 5), Some(1));
    }

    #[test]
    fn cursor_stays_on_its_section_across_folds() {
        let doc = doc_with_levels(&[1, 2, 3, 2, 1, 2], &[]);
        let mut outline = Outline::new(&doc);
        outline.set_cursor(4);
        outline.set_collapsed(&doc, 0, true);
        assert_eq!(outline.selected(), Some(4));
        outline.move_cursor(100);
        assert_eq!(outline.selected(), Some(5));
        outline.move_cursor(-100);
        assert_eq!(outline.selected(), Some(0));
    }

    #[test]
    fn scrolling_keeps_the_cursor_in_view() {
        let doc = doc_with_levels(&[1; 50], &[]);
        let mut outline = Outline::new(&doc);
        outline.set_cursor(30);
        outline.scroll_to_cursor(10);
        assert!(outline.offset() <= 30 && 30 < outline.offset() + 10);
        outline.set_cursor(49);
        outline.scroll_to_cursor(10);
        assert_eq!(outline.offset(), 40);
        outline.set_cursor(0);
        outline.scroll_to_cursor(10);
        assert_eq!(outline.offset(), 0);
    }

    #[test]
    fn filter_narrows_and_widens() {
        let doc = doc_with_levels(&[1, 2, 1], &["一、工作回顾", "强省会行动", "二、今年安排"]);
        let mut outline = Outline::new(&doc);
        outline.start_filter(&doc);
        outline.set_filter_text("q");
        assert_eq!(outline.rows(), &[1]);
        outline.set_filter_text("qsh");
        assert_eq!(outline.rows(), &[1]);
        // 回 huí, 会 huì, 行 háng.
        outline.set_filter_text("h");
        assert_eq!(outline.rows(), &[0, 1]);
        outline.set_filter_text("");
        assert_eq!(outline.rows(), &[0, 1, 2]);
        outline.clear_filter();
        assert_eq!(outline.rows(), &[0, 1, 2]);
    }
}
