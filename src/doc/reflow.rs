//! Rebuilding paragraphs from hard-wrapped lines (placeholder, being written).
use super::model::Dropped;

/// A block of reflowed text before headings are recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBlock {
    pub text: String,
    pub source_line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Reflowed {
    pub blocks: Vec<RawBlock>,
    pub dropped: Vec<Dropped>,
}

#[must_use]
pub fn reflow(text: &str) -> Reflowed {
    let blocks = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| RawBlock {
            text: l.trim().to_string(),
            source_line: i + 1,
        })
        .collect();
    Reflowed {
        blocks,
        dropped: Vec::new(),
    }
}
