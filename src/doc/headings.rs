//! Heading schemes and the outline tree (placeholder, being written).
use super::model::{Block, BlockKind, Document};
use super::reflow::RawBlock;

#[must_use]
pub fn build(blocks: Vec<RawBlock>) -> Document {
    Document {
        blocks: blocks
            .into_iter()
            .map(|b| Block {
                kind: BlockKind::Paragraph,
                text: b.text,
                run_in: None,
                section: None,
                source_line: b.source_line,
            })
            .collect(),
        ..Document::default()
    }
}

pub fn assign_sections(_doc: &mut Document) {}
