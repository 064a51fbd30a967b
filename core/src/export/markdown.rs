//! Markdown export: the title block once, then one section per passage.
//!
//! ```text
//! # Title
//!
//! Subtitle
//!
//! 2025-01-11 · Author
//!
//! ## 一、… › （一）…
//!
//! > The passage.
//!
//! Note: …
//!
//! *Bookmarked 2025-01-12T09:30:00+08:00*
//! ```
use std::fmt::Write as _;

use super::{Passages, date_author, is_orphan, section_line};
use crate::doc::decode::printable;

/// The passages as a Markdown document.
#[must_use]
pub fn render(p: &Passages<'_>) -> String {
    let mut out = String::new();
    let title = p.meta.title.as_deref().unwrap_or(p.source);
    let _ = writeln!(out, "# {}\n", escape_inline(title));
    if let Some(subtitle) = &p.meta.subtitle {
        let _ = writeln!(out, "{}\n", escape_line(subtitle));
    }
    if let Some(line) = date_author(p.meta) {
        let _ = writeln!(out, "{}\n", escape_line(&line));
    }
    if p.bookmarks.is_empty() {
        out.push_str("*No bookmarks.*\n");
        return out;
    }
    for b in p.bookmarks {
        let bm = &b.bookmark;
        let _ = writeln!(out, "## {}\n", escape_inline(&section_line(&bm.section)));
        if is_orphan(b) {
            out.push_str("*Not found in the current text; the passage as it was:*\n\n");
        }
        // one quoted paragraph per block, separated as Markdown needs
        for (i, line) in bm.quote.split('\n').enumerate() {
            if i > 0 {
                out.push_str(">\n");
            }
            let _ = writeln!(out, "> {}", escape_line(line));
        }
        out.push('\n');
        if let Some(note) = bm.note.as_deref().filter(|n| !n.is_empty()) {
            let mut lines = note.split('\n');
            let _ = writeln!(out, "Note: {}", escape_inline(lines.next().unwrap_or("")));
            for line in lines {
                let _ = writeln!(out, "{}", escape_line(line));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "*Bookmarked {}*\n", escape_inline(&bm.created));
    }
    out
}

/// Escapes the characters that are Markdown syntax anywhere in a line, and shows control
/// characters as their pictures (`␛`): notes and quotes come from a hand-editable file.
pub(crate) fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in printable(text).chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes a whole line, including what is syntax only at the start of a line (`#`, `-`, `+`,
/// `1.`).
pub(crate) fn escape_line(line: &str) -> String {
    let escaped = escape_inline(line);
    let starts_block = escaped.starts_with(['#', '-', '+', '='])
        || escaped
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if starts_block {
        format!("\\{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::export::fixture;

    #[test]
    fn snapshot() {
        let meta = fixture::meta();
        let bookmarks = fixture::bookmarks();
        let out = render(&Passages {
            meta: &meta,
            source: "/r.txt",
            bookmarks: &bookmarks,
        });
        insta::assert_snapshot!(out);
    }

    #[test]
    fn markdown_syntax_in_the_text_is_escaped() {
        assert_eq!(escape_line("# 标题 *强调*"), "\\# 标题 \\*强调\\*");
        assert_eq!(escape_line("1. 第一"), "\\1. 第一");
        assert_eq!(escape_line("2024年"), "2024年");
    }

    #[test]
    fn without_metadata_the_source_is_the_title() {
        let meta = crate::doc::Metadata::default();
        let out = render(&Passages {
            meta: &meta,
            source: "notes.txt",
            bookmarks: &[],
        });
        assert_eq!(out, "# notes.txt\n\n*No bookmarks.*\n");
    }
}
