//! `gangmu check`: doubtful structure (numbering gaps, repeats, restarts, a heading numbered
//! unlike any other), with the block and source line of each, as text or JSON.
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::cli::{GlobalOpts, OutputFormat};
use crate::doc::{Document, WarningKind};
use crate::source;

pub fn run(global: &GlobalOpts, path: Option<&Path>, format: OutputFormat) -> Result<()> {
    let loaded = source::load(path, global.encoding.as_deref())?;
    let out = match format {
        OutputFormat::Text => check_text(&loaded.doc),
        OutputFormat::Json => check_json(&loaded.doc)?,
    };
    super::write_stdout(&out)
}

#[derive(Serialize)]
struct Finding<'a> {
    /// Index of the block in `gangmu text` order (0 is the first line it prints).
    block: usize,
    /// 1-based line of the source where the block starts.
    line: usize,
    kind: WarningKind,
    /// The heading it concerns, when the block opens a section.
    heading: Option<&'a str>,
    message: &'a str,
}

fn findings(doc: &Document) -> Vec<Finding<'_>> {
    doc.warnings
        .iter()
        .map(|w| Finding {
            block: w.block,
            line: doc.blocks.get(w.block).map_or(0, |b| b.source_line),
            kind: w.kind,
            heading: doc
                .blocks
                .get(w.block)
                .and_then(|b| b.section)
                .and_then(|s| doc.sections.get(s))
                .filter(|s| s.block == w.block)
                .map(|s| s.heading.as_str()),
            message: &w.message,
        })
        .collect()
}

/// One line per finding: `line 120 (block 57): 四、加强政府自身建设 — numbering skips from 2 to 4`.
#[must_use]
pub fn check_text(doc: &Document) -> String {
    let mut out = String::new();
    for f in findings(doc) {
        let heading = f.heading.map(|h| format!("{h} — ")).unwrap_or_default();
        out.push_str(&format!(
            "line {} (block {}): {heading}{}\n",
            f.line, f.block, f.message
        ));
    }
    out
}

/// The findings as a JSON array (`[]` when all is well).
pub fn check_json(doc: &Document) -> Result<String> {
    let mut s = serde_json::to_string_pretty(&findings(doc))?;
    s.push('\n');
    Ok(s)
}
