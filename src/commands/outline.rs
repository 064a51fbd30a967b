//! `gangmu outline`: the report tree as indented text or JSON.
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::cli::{GlobalOpts, OutputFormat};
use crate::doc::{Document, Metadata};
use crate::source;

pub fn run(
    global: &GlobalOpts,
    path: Option<&Path>,
    format: OutputFormat,
    depth: Option<usize>,
) -> Result<()> {
    let loaded = source::load(path, global.encoding.as_deref())?;
    let out = match format {
        OutputFormat::Text => outline_text(&loaded.doc, depth),
        OutputFormat::Json => outline_json(&loaded.doc, depth)?,
    };
    super::write_stdout(&out)
}

/// The outline as text: the title, then one heading per line, indented two spaces a level.
#[must_use]
pub fn outline_text(doc: &Document, depth: Option<usize>) -> String {
    let mut out = String::new();
    if let Some(title) = &doc.meta.title {
        out.push_str(title);
        out.push('\n');
    }
    for s in &doc.sections {
        if depth.is_some_and(|d| s.level > d) {
            continue;
        }
        out.push_str(&"  ".repeat(s.level.saturating_sub(1)));
        out.push_str(&s.heading);
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonOutline<'a> {
    #[serde(flatten)]
    meta: &'a Metadata,
    sections: Vec<JsonSection<'a>>,
}

#[derive(Serialize)]
struct JsonSection<'a> {
    level: usize,
    marker: &'a str,
    heading: &'a str,
    children: Vec<JsonSection<'a>>,
}

/// The outline as JSON, in the shape CLI.md gives.
pub fn outline_json(doc: &Document, depth: Option<usize>) -> Result<String> {
    fn node<'a>(doc: &'a Document, i: usize, depth: Option<usize>) -> JsonSection<'a> {
        let s = &doc.sections[i];
        JsonSection {
            level: s.level,
            marker: &s.marker,
            heading: &s.heading,
            children: s
                .children
                .iter()
                .filter(|&&c| depth.is_none_or(|d| doc.sections[c].level <= d))
                .map(|&c| node(doc, c, depth))
                .collect(),
        }
    }
    let outline = JsonOutline {
        meta: &doc.meta,
        sections: doc.roots().map(|i| node(doc, i, depth)).collect(),
    };
    let mut s = serde_json::to_string_pretty(&outline)?;
    s.push('\n');
    Ok(s)
}
