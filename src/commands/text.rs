//! `gangmu text`: the reflowed document, one block per line (or wrapped, with `--width`).
use std::path::Path;

use anyhow::Result;

use crate::cli::GlobalOpts;
use crate::config::Config;
use crate::doc::{Block, BlockKind};
use crate::layout::{self, AmbiguousWidth, WrapOptions};
use crate::source;

pub fn run(global: &GlobalOpts, path: Option<&Path>, width: Option<usize>) -> Result<()> {
    let loaded = source::load(path, global.encoding.as_deref())?;
    // Nothing is lost silently: say what the parser dropped (on stderr, so stdout stays the text).
    if let Some(note) = loaded.doc.furniture_note() {
        eprintln!("gangmu: {note}");
    }
    let mut out = String::new();
    match width {
        None => {
            for block in &loaded.doc.blocks {
                out.push_str(&block.text);
                out.push('\n');
            }
        }
        Some(columns) => {
            // Wrap as the reader would: its configured indent and ambiguous width (`auto`
            // means narrow here, as there is no terminal to ask).
            let config = Config::load(global.config.as_deref())?;
            let ambiguous = global
                .ambiguous_width
                .unwrap_or(config.ambiguous_width)
                .or_narrow();
            let indent = usize::from(config.first_line_indent);
            out = wrapped_text(&loaded.doc.blocks, columns, ambiguous, indent);
        }
    }
    super::write_stdout(&out)
}

/// The document as `gangmu text --width N` prints it: every block wrapped as the reader wraps
/// it (the Chinese line-breaking rules of [`layout::wrap()`], body paragraphs with a first-line
/// indent of `paragraph_indent` columns — the config's `first_line_indent`, 4 by default —
/// and other blocks with none), one output line per wrapped line,
/// the indent written as spaces and trailing whitespace trimmed, and one blank line between
/// blocks (the reader's default gap). No line is wider than `width` columns, with one
/// exception: at width 1 a wide character still takes its 2 columns, alone on its line. A
/// width of 0 is treated as 1. The title block comes first, as in the document.
#[must_use]
pub fn wrapped_text(
    blocks: &[Block],
    width: usize,
    ambiguous: AmbiguousWidth,
    paragraph_indent: usize,
) -> String {
    let mut out = String::new();
    let mut lines = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let opts = WrapOptions {
            width,
            ambiguous,
            first_line_indent: if block.kind == BlockKind::Paragraph {
                paragraph_indent
            } else {
                0
            },
        };
        layout::wrap::wrap_into(&block.text, &opts, &mut lines);
        for line in &lines {
            out.extend(std::iter::repeat_n(' ', line.indent));
            out.push_str(block.text[line.start..line.end].trim_end());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::str_width;

    fn block(kind: BlockKind, text: &str) -> Block {
        Block {
            kind,
            text: text.to_string(),
            run_in: None,
            section: None,
            source_line: 1,
        }
    }

    #[test]
    fn wrapped_blocks_with_indent_and_blank_line_between() {
        let blocks = [
            block(BlockKind::Title, "工作报告"),
            block(BlockKind::Paragraph, "一二三四五六七八，九十。"),
        ];
        let out = wrapped_text(&blocks, 10, AmbiguousWidth::Narrow, 4);
        assert_eq!(out, "工作报告\n\n    一二三\n四五六七\n八，九十。\n");
    }

    #[test]
    fn sample_lines_fit_the_width() {
        let doc = crate::doc::parse(crate::source::SAMPLE);
        for width in [20, 41, 80] {
            let out = wrapped_text(&doc.blocks, width, AmbiguousWidth::Wide, 4);
            assert!(
                out.lines()
                    .all(|l| str_width(l, AmbiguousWidth::Wide) <= width)
            );
            // Nothing but whitespace is added or dropped.
            let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            let original: String = doc.blocks.iter().map(|b| strip(&b.text)).collect();
            assert_eq!(strip(&out), original);
            assert!(out.starts_with(&doc.blocks[0].text[..3]));
        }
    }
}
