//! Invariants of decoding and parsing over arbitrary input.
use gangmu::doc::{self, decode::normalise};
use proptest::prelude::*;

/// Pieces that exercise the parser: CJK text, punctuation, heading markers, page furniture,
/// Markdown, Latin words, blank lines and odd whitespace.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[一二三四五六七八九十人民政协工作报告发展，。、；：？！“”（）《》——…]{1,40}",
        Just("一、".to_string()),
        Just("（二）".to_string()),
        Just("三是".to_string()),
        Just("第一章 ".to_string()),
        Just("第十二条 ".to_string()),
        Just("1.".to_string()),
        Just("①".to_string()),
        Just("## ".to_string()),
        Just("<!-- x -->".to_string()),
        Just("— 3 —".to_string()),
        Just("\u{0C}".to_string()),
        Just("（2025年1月11日）".to_string()),
        Just("——在会议上".to_string()),
        "[a-zA-Z0-9 .,-]{1,20}",
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{3000}\u{3000}".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
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

    /// Every non-whitespace character of the text is in a block or in the dropped report.
    #[test]
    fn parsing_loses_nothing(text in document()) {
        let text = normalise(&text);
        let doc = doc::parse(&text);
        let kept = sorted_non_whitespace(
            doc.blocks.iter().map(|b| b.text.as_str()).chain(doc.dropped.iter().map(|d| d.text.as_str())),
        );
        prop_assert_eq!(kept, sorted_non_whitespace(std::iter::once(text.as_str())));
    }

    /// The outline is a well-formed tree over the blocks.
    #[test]
    fn outline_is_a_tree(text in document()) {
        let doc = doc::parse(&normalise(&text));
        for (i, s) in doc.sections.iter().enumerate() {
            prop_assert!(s.block < doc.blocks.len());
            prop_assert!(s.end_block > s.block && s.end_block <= doc.blocks.len());
            prop_assert_eq!(doc.blocks[s.block].section, Some(i));
            match s.parent {
                Some(p) => {
                    prop_assert!(p < i);
                    prop_assert_eq!(doc.sections[p].level + 1, s.level);
                    prop_assert!(doc.sections[p].children.contains(&i));
                }
                None => prop_assert_eq!(s.level, 1),
            }
        }
        for b in &doc.blocks {
            if let Some(end) = b.run_in {
                prop_assert!(b.text.is_char_boundary(end) && end <= b.text.len());
            }
            prop_assert!(!b.text.contains('\n'));
            prop_assert!(!b.text.chars().any(|c| c.is_control()));
        }
    }

    /// Decoding arbitrary bytes never panics, and whatever decodes has no control characters
    /// that could drive a terminal.
    #[test]
    fn decoding_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(decoded) = doc::decode(&bytes, None) {
            let drives_terminal = |c: char| c.is_control() && c != '\n' && c != '\u{0C}';
            prop_assert!(!decoded.text.chars().any(drives_terminal), "control character in {:?}", decoded.text);
            let _ = doc::parse(&decoded.text);
        }
    }

    /// Forcing any supported encoding on arbitrary bytes never panics either.
    #[test]
    fn forced_decoding_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512), label in prop::sample::select(vec!["utf-8", "gb18030", "big5", "utf-16le", "utf-16be"])) {
        let enc = doc::encoding_for_label(label).ok();
        let _ = doc::decode(&bytes, enc);
    }
}
