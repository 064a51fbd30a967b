//! `gangmu search PATTERN [PATH] [--regex] [--count] [--format text|json]`: the passages that
//! match, with their section path.
//!
//! Text output groups the hits by section: the section path on a line of its own (printed again
//! only when it changes), then one indented line per hit with its position (`block:offset`) and
//! up to [`CONTEXT_CHARS`] characters of context on each side, the hit in 【】 and `…` where the
//! block goes on. JSON output is an array of
//! `{block, offset, length, section_path, text, context}` (offset and length in characters).
//!
//! The command does not add the pattern to the search history: it is meant for scripts, and a
//! read-only query should not write the state file (the reader records its searches).
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::cli::{GlobalOpts, OutputFormat};
use crate::doc::Document;
use crate::search::{Hit, Matcher, SearchIndex, SearchOptions};
use crate::source;
use crate::store::CONTEXT_CHARS;

/// Marks around the hit in the text output's context.
const OPEN_MARK: &str = "【";
const CLOSE_MARK: &str = "】";

pub fn run(
    global: &GlobalOpts,
    path: Option<&Path>,
    pattern: &str,
    regex: bool,
    count: bool,
    format: OutputFormat,
) -> Result<()> {
    let options = SearchOptions {
        regex,
        fold_variants: false,
    };
    let matcher = Matcher::new(pattern, options)?;
    let loaded = source::load(path, global.encoding.as_deref())?;
    let doc = &loaded.doc;
    let hits = SearchIndex::new(doc, options.fold_variants).find_all(&matcher);
    let out = if count {
        format!("{}\n", hits.len())
    } else {
        match format {
            OutputFormat::Text => hits_text(doc, hits.as_slice()),
            OutputFormat::Json => hits_json(doc, hits.as_slice())?,
        }
    };
    super::write_stdout(&out)
}

/// The hit with its context, the hit between 【】.
#[must_use]
pub fn context(doc: &Document, hit: &Hit) -> String {
    let text = &doc.blocks[hit.block].text;
    let from = crate::doc::model::byte_offset(text, hit.char_start.saturating_sub(CONTEXT_CHARS));
    let to = crate::doc::model::byte_offset(text, hit.char_end + CONTEXT_CHARS);
    format!(
        "{}{}{OPEN_MARK}{}{CLOSE_MARK}{}{}",
        if from > 0 { "…" } else { "" },
        &text[from..hit.start],
        &text[hit.start..hit.end],
        &text[hit.end..to],
        if to < text.len() { "…" } else { "" },
    )
}

fn section_line(doc: &Document, hit: &Hit) -> String {
    let path = doc.section_path(hit.position());
    if path.is_empty() {
        if doc.blocks[hit.block].kind.is_title_block() {
            "(title)".to_string()
        } else {
            "(before the first heading)".to_string()
        }
    } else {
        path.join(" › ")
    }
}

/// Text output (see the module documentation).
#[must_use]
pub fn hits_text(doc: &Document, hits: &[Hit]) -> String {
    let mut out = String::new();
    let mut last_section = None;
    for hit in hits {
        let section = section_line(doc, hit);
        if last_section.as_ref() != Some(&section) {
            if last_section.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{section}");
            last_section = Some(section);
        }
        let _ = writeln!(
            out,
            "  {}:{}  {}",
            hit.block,
            hit.char_start,
            context(doc, hit)
        );
    }
    out
}

#[derive(Serialize)]
struct JsonHit<'a> {
    block: usize,
    offset: usize,
    length: usize,
    section_path: Vec<&'a str>,
    text: &'a str,
    context: String,
}

/// JSON output (see the module documentation).
pub fn hits_json(doc: &Document, hits: &[Hit]) -> Result<String> {
    let json: Vec<JsonHit<'_>> = hits
        .iter()
        .map(|h| JsonHit {
            block: h.block,
            offset: h.char_start,
            length: h.char_len(),
            section_path: doc.section_path(h.position()),
            text: &doc.blocks[h.block].text[h.start..h.end],
            context: context(doc, h),
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&json)?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::search::find_all;

    #[test]
    fn context_is_cut_at_twenty_characters_with_ellipses() {
        let doc = crate::doc::parse(&format!("{}协商{}\n", "前".repeat(25), "后".repeat(25)));
        let matcher = Matcher::new("协商", SearchOptions::default()).unwrap();
        let hits = find_all(&doc, &matcher);
        let hit = hits.get(0).unwrap();
        assert_eq!(
            context(&doc, hit),
            format!("…{}【协商】{}…", "前".repeat(20), "后".repeat(20))
        );
        let doc = crate::doc::parse("短句协商完\n");
        let hits = find_all(&doc, &matcher);
        assert_eq!(context(&doc, hits.get(0).unwrap()), "短句【协商】完");
    }
}
