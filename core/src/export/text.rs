//! Plain-text export: the title block once, then each passage, numbered, indented under its
//! section path.
use std::fmt::Write as _;

use super::{Passages, date_author, is_orphan, section_line};
use crate::doc::decode::printable;

/// The passages as plain text, control characters shown as their pictures (`␛`): notes and
/// quotes come from a hand-editable file, and the source is a file name.
#[must_use]
pub fn render(p: &Passages<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        printable(p.meta.title.as_deref().unwrap_or(p.source))
    );
    if let Some(subtitle) = &p.meta.subtitle {
        let _ = writeln!(out, "{}", printable(subtitle));
    }
    if let Some(line) = date_author(p.meta) {
        let _ = writeln!(out, "{}", printable(&line));
    }
    if p.bookmarks.is_empty() {
        out.push_str("\nNo bookmarks.\n");
    }
    for (n, b) in p.bookmarks.iter().enumerate() {
        let bm = &b.bookmark;
        let _ = writeln!(
            out,
            "\n[{}] {}",
            n + 1,
            printable(&section_line(&bm.section))
        );
        if is_orphan(b) {
            out.push_str("    (not found in the current text; the passage as it was)\n");
        }
        for line in bm.quote.split('\n') {
            let _ = writeln!(out, "    {}", printable(line));
        }
        if let Some(note) = bm.note.as_deref().filter(|n| !n.is_empty()) {
            let mut lines = note.split('\n');
            let _ = writeln!(out, "    Note: {}", printable(lines.next().unwrap_or("")));
            for line in lines {
                let _ = writeln!(out, "          {}", printable(line));
            }
        }
        let _ = writeln!(out, "    Bookmarked {}", printable(&bm.created));
    }
    out
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
}
