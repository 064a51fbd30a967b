//! One passage as a quotation to paste elsewhere: the passage as a Markdown block quote, then
//! where it comes from — the document's title, its section path and, for paged sources, the
//! page — so that a quote copied out of the reader can be cited as it stands.
//!
//! ```text
//! > 坚持团结和民主两大主题。
//!
//! — 《中国人民政治协商会议贵阳市委员会常务委员会工作报告》，一、2024年工作回顾 › 一是…
//! ```
use std::fmt::Write as _;

use super::markdown::{escape_inline, escape_line};
use crate::doc::Metadata;

/// Where a quoted passage comes from.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub meta: &'a Metadata,
    /// Shown when the document has no title: a file name, `<stdin>`.
    pub name: &'a str,
    /// Headings from the top of the tree down to the passage's section; empty before the first.
    pub section: &'a [&'a str],
    /// The page the passage starts on, for sources that have pages.
    pub page: Option<u32>,
}

/// `quote` (its blocks separated by `\n`) as a Markdown block quote followed by its source line.
#[must_use]
pub fn quotation(quote: &str, source: &Source<'_>) -> String {
    let mut out = String::with_capacity(quote.len() + 128);
    for (i, block) in quote.split('\n').enumerate() {
        if i > 0 {
            out.push_str(">\n");
        }
        let _ = writeln!(out, "> {}", escape_line(block));
    }
    out.push('\n');
    out.push_str("— ");
    out.push_str(&escape_inline(&source_line(source)));
    out.push('\n');
    out
}

/// `《Title》，一、… › （一）…，第 3 页`: the parts that are known, in that order.
#[must_use]
pub fn source_line(source: &Source<'_>) -> String {
    let mut parts = Vec::with_capacity(3);
    match source.meta.title.as_deref() {
        Some(title) => parts.push(format!("《{title}》")),
        None => parts.push(source.name.to_owned()),
    }
    if !source.section.is_empty() {
        parts.push(source.section.join(" › "));
    }
    if let Some(page) = source.page {
        parts.push(format!("第 {page} 页"));
    }
    parts.join("，")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture;

    #[test]
    fn a_quotation_names_title_and_section() {
        let meta = fixture::meta();
        let section = ["一、2024年工作回顾", "一是聚焦“保持定力”。"];
        let source = Source {
            meta: &meta,
            name: "r.txt",
            section: &section,
            page: None,
        };
        assert_eq!(
            quotation("坚持团结和民主两大主题。\n第二段", &source),
            "> 坚持团结和民主两大主题。\n>\n> 第二段\n\n— 《中国人民政治协商会议贵阳市委员会常务委员会工作报告》，\
             一、2024年工作回顾 › 一是聚焦“保持定力”。\n"
        );
    }

    #[test]
    fn without_a_title_the_name_stands_and_a_page_is_given() {
        let meta = Metadata::default();
        let source = Source {
            meta: &meta,
            name: "notes.txt",
            section: &[],
            page: Some(3),
        };
        assert_eq!(source_line(&source), "notes.txt，第 3 页");
        // Markdown syntax in the quote cannot turn it into something else.
        assert!(quotation("# 不是标题", &source).starts_with("> \\# 不是标题\n"));
    }
}
