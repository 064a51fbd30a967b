//! Export of a document's bookmarked passages, one module per format: [`markdown`], [`text`],
//! [`json`]. Each takes the same [`Passages`] and returns the whole output as a string.
//!
//! All formats give the document's title, subtitle, date and author once, then each passage
//! in document order with its section path, the quoted text, the note and when it was made.
//! Passages that could not be found in the current text come last, marked as such.
pub mod citation;
pub mod json;
pub mod markdown;
pub mod text;

use crate::doc::Metadata;
use crate::store::{AnchorStatus, AnchoredBookmark};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Json,
}

/// What is exported: a document's metadata and its bookmarks, as
/// [`StateStore::anchor_bookmarks`](crate::store::StateStore::anchor_bookmarks) returns them
/// (document order, orphans last).
#[derive(Debug, Clone, Copy)]
pub struct Passages<'a> {
    pub meta: &'a Metadata,
    /// Where the document was read from (a path, the sample's name, `<stdin>`).
    pub source: &'a str,
    pub bookmarks: &'a [AnchoredBookmark],
}

/// Renders `passages` in `format`.
pub fn render(format: Format, passages: &Passages<'_>) -> anyhow::Result<String> {
    Ok(match format {
        Format::Markdown => markdown::render(passages),
        Format::Text => text::render(passages),
        Format::Json => json::render(passages)?,
    })
}

/// The section path as one line (`一、… › （一）…`), or a stand-in when the passage is not
/// under a heading.
fn section_line(section: &[String]) -> String {
    if section.is_empty() {
        "(before the first heading)".to_string()
    } else {
        section.join(" › ")
    }
}

/// The line under the title: date and author, when known.
fn date_author(meta: &Metadata) -> Option<String> {
    let parts: Vec<&str> = [meta.date.as_deref(), meta.author.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn is_orphan(b: &AnchoredBookmark) -> bool {
    b.status == AnchorStatus::Orphaned
}

/// Shared test data: the sample's metadata and three passages, one of them orphaned.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::doc::{Metadata, Position};
    use crate::store::{AnchorStatus, AnchoredBookmark, Bookmark};

    pub(crate) fn meta() -> Metadata {
        Metadata {
            title: Some("中国人民政治协商会议贵阳市委员会常务委员会工作报告".into()),
            subtitle: Some("——在政协第十三届贵阳市委员会第四次会议上".into()),
            date: Some("2025-01-11".into()),
            author: Some("石邦林".into()),
        }
    }

    fn bookmark(id: &str, section: &[&str], quote: &str, note: Option<&str>) -> Bookmark {
        Bookmark {
            id: id.into(),
            document: "f".repeat(32),
            path: "/r.txt".into(),
            section: section.iter().map(|s| (*s).to_string()).collect(),
            start: Position::new(3, 0),
            end: Position::new(3, quote.chars().count()),
            before: String::new(),
            quote: quote.into(),
            after: String::new(),
            note: note.map(str::to_string),
            created: "2025-01-12T09:30:00+08:00".into(),
            orphaned: false,
            extra: toml::Table::new(),
        }
    }

    pub(crate) fn bookmarks() -> Vec<AnchoredBookmark> {
        vec![
            AnchoredBookmark {
                bookmark: bookmark(
                    "1a2b3c4d",
                    &[
                        "一、2024年工作回顾",
                        "一是聚焦“保持定力”，对党忠诚的政治底色更加鲜明。",
                    ],
                    "坚持团结和民主两大主题",
                    Some("两大主题：团结、民主"),
                ),
                status: AnchorStatus::Exact,
            },
            AnchoredBookmark {
                bookmark: bookmark("5e6f7a8b", &[], "各位委员，同志们：*重点*", None),
                status: AnchorStatus::Moved,
            },
            AnchoredBookmark {
                bookmark: bookmark(
                    "9c0d1e2f",
                    &["二、2025年工作建议"],
                    "已删除的段落\n第二段",
                    Some("旧稿"),
                ),
                status: AnchorStatus::Orphaned,
            },
        ]
    }
}
