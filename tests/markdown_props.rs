//! Invariants of the Markdown reader over generated Markdown-ish text.
use gangmu::doc::{self, decode::normalise, markdown};
use proptest::prelude::*;

/// Pieces of Markdown: block and inline markup, HTML, tables, code, front matter, CJK and Latin
/// text, line ends and indentation, in any order.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[一二三四五六七八九十人民政协工作报告发展，。、；：？！“”（）《》——…]{1,30}",
        "[a-zA-Z0-9 .,:-]{1,20}",
        prop::sample::select(vec![
            "# ",
            "## ",
            "###### ",
            "#",
            "**",
            "*",
            "_",
            "__",
            "~~",
            "`",
            "``",
            "```\n",
            "~~~\n",
            "```rust\n",
            "> ",
            ">",
            "- ",
            "* ",
            "+ ",
            "1. ",
            "2) ",
            "10. ",
            "| ",
            " | ",
            "|",
            "|---|---|\n",
            "| --- | :-: |\n",
            "---\n",
            "***\n",
            "===\n",
            "---",
            "<!-- c -->",
            "<!--",
            "-->",
            "<div>",
            "</div>",
            "<div align=\"center\">\n",
            "<a name=\"x\">",
            "</a>",
            "<b>",
            "</b>",
            "<p>",
            "<br>",
            "<",
            ">",
            "[链接](http://x.y \"t\")",
            "[a]",
            "[a]: /u\n",
            "![图](i.png)",
            "<http://a.b>",
            "\\",
            "\\*",
            "\\|",
            "  \n",
            "\\\n",
            "一、",
            "（二）",
            "第一条 ",
            "起草单位：",
            "发布日期：2025年4月18日",
            "title: 报告\n",
            "\u{3000}",
            "\u{0C}",
            "\t",
            "\r\n",
        ])
        .prop_map(str::to_string),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("    ".to_string()),
        Just("  ".to_string()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(piece(), 0..60)).prop_map(|(front, pieces)| {
        let mut text = if front {
            "---\ntitle: \"报告\"\ndate: 2025\n---\n".to_string()
        } else {
            String::new()
        };
        text.push_str(&pieces.concat());
        text
    })
}

fn sorted_non_whitespace<'a>(parts: impl Iterator<Item = &'a str>) -> Vec<char> {
    let mut chars: Vec<char> = parts
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect();
    chars.sort_unstable();
    chars
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Every non-whitespace character of the source is in a block or in the dropped report,
    /// and nothing else is.
    #[test]
    fn markdown_loses_nothing(text in document()) {
        let text = normalise(&text);
        let doc = doc::parse_markdown(text.clone());
        let kept = sorted_non_whitespace(
            doc.blocks.iter().map(|b| b.text.as_str()).chain(doc.dropped.iter().map(|d| d.text.as_str())),
        );
        prop_assert_eq!(kept, sorted_non_whitespace(std::iter::once(text.as_str())));
    }

    /// Blocks are single lines of visible text, in source order, with lines that exist; the
    /// report is in source order too.
    #[test]
    fn markdown_blocks_are_well_formed(text in document()) {
        let text = normalise(&text);
        let lines = text.split('\n').count();
        let r = markdown::reflow(&text);
        let mut last = 0;
        for b in &r.blocks {
            prop_assert!(!b.text.is_empty());
            prop_assert!(!b.text.contains('\n'));
            prop_assert!(!b.text.chars().any(char::is_control), "{:?}", b.text);
            prop_assert!(b.source_line >= 1 && b.source_line <= lines);
            prop_assert!(b.source_line >= last, "{:?} after line {}", b, last);
            last = b.source_line;
            // The block's first characters are on its source line.
            let line = text.split('\n').nth(b.source_line - 1).unwrap_or("");
            let first = b.text.chars().find(|c| !c.is_whitespace());
            prop_assert!(first.is_some_and(|c| line.contains(c)), "{:?} not on line {:?}", b, line);
        }
        prop_assert!(r.dropped.windows(2).all(|w| w[0].line <= w[1].line));
        prop_assert!(r.dropped.iter().all(|d| d.line >= 1 && d.line <= lines && !d.text.trim().is_empty()));
    }

    /// Character references are replaced by their characters, and reported whole.
    #[test]
    fn character_references_are_reported(text in document(), reference in prop::sample::select(vec!["&amp;", "&copy;", "&#x4E00;", "&nbsp;"])) {
        let text = normalise(&format!("{text}{reference}\n"));
        let r = markdown::reflow(&text);
        let kept: String = r.blocks.iter().map(|b| b.text.as_str()).chain(r.dropped.iter().map(|d| d.text.as_str())).collect();
        let kept = sorted_non_whitespace(std::iter::once(kept.as_str()));
        // Every source character is kept or reported (the reference's character may be extra).
        let mut kept_iter = kept.iter().peekable();
        for c in sorted_non_whitespace(std::iter::once(text.as_str())) {
            while kept_iter.peek().is_some_and(|&&k| k < c) {
                kept_iter.next();
            }
            prop_assert_eq!(kept_iter.next(), Some(&c));
        }
    }
}
