//! JSON export, for other tools:
//!
//! ```json
//! { "title": "…", "subtitle": "…", "date": "2025-01-11", "author": "…", "source": "/r.txt",
//!   "passages": [ { "id": "1a2b3c4d", "section": ["一、…"], "start": {"block": 3, "offset": 0},
//!                   "end": {"block": 3, "offset": 11}, "before": "…", "quote": "…", "after": "…",
//!                   "note": "…" | null, "created": "2025-01-12T09:30:00+08:00",
//!                   "status": "exact" | "moved" | "edited" | "orphaned" } ] }
//! ```
//! Positions are block indexes and character offsets in the document as gangmu parses it.
use serde::Serialize;

use super::Passages;
use crate::doc::{Metadata, Position};
use crate::store::AnchorStatus;

#[derive(Serialize)]
struct Export<'a> {
    #[serde(flatten)]
    meta: &'a Metadata,
    source: &'a str,
    passages: Vec<Passage<'a>>,
}

#[derive(Serialize)]
struct Passage<'a> {
    id: &'a str,
    section: &'a [String],
    start: Position,
    end: Position,
    before: &'a str,
    quote: &'a str,
    after: &'a str,
    note: Option<&'a str>,
    created: &'a str,
    status: AnchorStatus,
}

/// The passages as pretty-printed JSON, with a final newline.
pub fn render(p: &Passages<'_>) -> serde_json::Result<String> {
    let export = Export {
        meta: p.meta,
        source: p.source,
        passages: p
            .bookmarks
            .iter()
            .map(|b| {
                let bm = &b.bookmark;
                Passage {
                    id: &bm.id,
                    section: &bm.section,
                    start: bm.start,
                    end: bm.end,
                    before: &bm.before,
                    quote: &bm.quote,
                    after: &bm.after,
                    note: bm.note.as_deref(),
                    created: &bm.created,
                    status: b.status,
                }
            })
            .collect(),
    };
    let out = serde_json::to_string_pretty(&export)?;
    Ok(format!("{}\n", escape_controls(&out)))
}

/// serde_json escapes C0 controls but not DEL, C1 controls or bidi overrides, which a
/// terminal may act on: escape those too. Outside strings JSON is ASCII, so every one of
/// them is inside a string, where `\uXXXX` means the same character.
fn escape_controls(json: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        // (the C0 ones left are the layout's own line breaks)
        if c > '\u{7E}' && crate::doc::decode::control_picture(c).is_some() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
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
        })
        .unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(parsed["passages"][2]["status"], "orphaned");
        insta::assert_snapshot!(out);
    }
}
