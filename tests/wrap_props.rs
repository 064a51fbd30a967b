//! Properties of `layout::wrap` over arbitrary mixed text (CJK, punctuation, Latin, numbers,
//! spaces, emoji, combining marks) and widths 1–300, in both ambiguous-width modes.

use gangmu::layout::{AmbiguousWidth, WrapOptions, WrappedLine, str_width, wrap};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// Characters that must not start a line (CJK.md §5), written out independently of the breaker.
const NO_START: &str = "。．，、；：？！）］｝〕〉》」』】〗〙”’·・～%‰℃°.,;:?!)]}";
/// Characters that must not end a line.
const NO_END: &str = "（［｛〔〈《「『【〖〘“‘([{￥$";

fn piece() -> impl Strategy<Value = String> {
    let fixed: Vec<&'static str> = vec![
        "——",
        "……",
        "—",
        "…",
        " ",
        "  ",
        "\u{3000}",
        "2024",
        "3.14",
        "50%",
        "GB/T",
        "C919",
        "２０２４",
        "ＧＢ",
        "“",
        "”",
        "‘",
        "’",
        "·",
        "①",
        "℃",
        "e\u{301}",
        "👍",
        "👍🏽",
        "👨\u{200D}👩\u{200D}👧",
        "❤\u{FE0F}",
        "🇨🇳",
        "한국어",
        "ｶﾀｶﾅ",
        "α",
        "-",
        "/",
    ];
    prop_oneof![
        4 => proptest::char::range('\u{4E00}', '\u{4FFF}').prop_map(String::from),
        2 => proptest::sample::select(NO_START.chars().collect::<Vec<_>>()).prop_map(String::from),
        2 => proptest::sample::select(NO_END.chars().collect::<Vec<_>>()).prop_map(String::from),
        2 => "[a-zA-Z0-9]{1,12}",
        1 => "[a-z]{1,30}",
        3 => proptest::sample::select(fixed).prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..120).prop_map(|pieces| pieces.concat())
}

fn options() -> impl Strategy<Value = WrapOptions> {
    (
        1usize..=300,
        any::<bool>(),
        prop_oneof![Just(0usize), Just(4), 0usize..8],
    )
        .prop_map(|(width, wide, first_line_indent)| WrapOptions {
            width,
            ambiguous: if wide {
                AmbiguousWidth::Wide
            } else {
                AmbiguousWidth::Narrow
            },
            first_line_indent,
        })
}

fn piece_of<'t>(text: &'t str, line: &WrappedLine) -> &'t str {
    &text[line.start..line.end]
}

fn first_grapheme(text: &str) -> Option<&str> {
    text.graphemes(true).next()
}

fn last_char(text: &str) -> Option<char> {
    text.chars().next_back()
}

/// Whether the line before a break at `next`'s start had no room left for `next`'s first
/// grapheme (whitespace at its end counted): only then may the rules be broken.
fn previous_was_full(
    text: &str,
    opts: &WrapOptions,
    previous: &WrappedLine,
    next: &WrappedLine,
) -> bool {
    let Some(grapheme) = first_grapheme(piece_of(text, next)) else {
        return true;
    };
    previous.indent
        + str_width(piece_of(text, previous), opts.ambiguous)
        + str_width(grapheme, opts.ambiguous)
        > opts.width.max(1)
}

fn is_latin_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn is_full_width_alnum(c: char) -> bool {
    matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn lines_cover_the_text_exactly(text in text(), opts in options()) {
        let lines = wrap(&text, &opts);
        prop_assert!(!lines.is_empty());
        prop_assert_eq!(lines[0].start, 0);
        prop_assert_eq!(lines[lines.len() - 1].end, text.len());
        let boundaries: std::collections::HashSet<usize> =
            text.grapheme_indices(true).map(|(i, _)| i).collect();
        let mut joined = String::new();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                prop_assert_eq!(lines[i - 1].end, line.start);
                prop_assert!(boundaries.contains(&line.start), "line {} starts inside a grapheme", i);
            }
            prop_assert!(text.is_empty() || line.start < line.end, "empty line {}", i);
            joined.push_str(piece_of(&text, line));
        }
        prop_assert_eq!(joined, text);
    }

    #[test]
    fn no_line_is_wider_than_the_width(text in text(), opts in options()) {
        for line in wrap(&text, &opts) {
            let visible = piece_of(&text, &line).trim_end();
            prop_assert_eq!(line.width, str_width(visible, opts.ambiguous), "{:?}", visible);
            let single_grapheme = visible.graphemes(true).count() <= 1;
            prop_assert!(
                line.indent + line.width <= opts.width.max(1)
                    || (single_grapheme && line.indent == 0),
                "{:?} is {} + {} columns at width {}", visible, line.indent, line.width, opts.width
            );
        }
    }

    #[test]
    fn kinsoku_holds_unless_the_previous_line_was_full(text in text(), opts in options()) {
        let lines = wrap(&text, &opts);
        for pair in lines.windows(2) {
            let (previous, next) = (&pair[0], &pair[1]);
            let before = piece_of(&text, previous);
            let after = piece_of(&text, next);
            let full = previous_was_full(&text, &opts, previous, next);
            let first = after.chars().next().unwrap_or(' ');
            if NO_START.contains(first) {
                prop_assert!(full, "{:?} starts a line after {:?}", after, before);
            }
            let trimmed = before.trim_end();
            if let Some(last) = last_char(trimmed)
                && NO_END.contains(last)
            {
                prop_assert!(full, "{:?} ends a line before {:?}", before, after);
            }
            // Units that are never split (a break right after whitespace is a real break).
            if let (Some(last), false) = (last_char(before), before.ends_with(char::is_whitespace)) {
                let unsplittable = (last == '—' && first == '—')
                    || (last == '…' && first == '…')
                    || (is_latin_alnum(last) && is_latin_alnum(first))
                    || (is_full_width_alnum(last) && is_full_width_alnum(first));
                if unsplittable {
                    prop_assert!(full, "{:?} | {:?} split", before, after);
                }
            }
        }
    }

    #[test]
    fn indent_only_on_the_first_line(text in text(), opts in options()) {
        let lines = wrap(&text, &opts);
        let width = opts.width.max(1);
        let expected = if opts.first_line_indent + 2 <= width { opts.first_line_indent } else { 0 };
        prop_assert_eq!(lines[0].indent, expected);
        prop_assert!(lines.iter().skip(1).all(|l| l.indent == 0));
    }
}

#[test]
fn sample_document_wraps_within_width() {
    let doc = gangmu::doc::parse(gangmu::source::SAMPLE);
    for width in [1, 2, 3, 7, 20, 39, 40, 80, 81, 200] {
        for ambiguous in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
            for block in &doc.blocks {
                let opts = WrapOptions {
                    width,
                    ambiguous,
                    first_line_indent: 4,
                };
                let lines = wrap(&block.text, &opts);
                let joined: String = lines.iter().map(|l| piece_of(&block.text, l)).collect();
                assert_eq!(joined, block.text);
                for line in &lines {
                    let visible = piece_of(&block.text, line).trim_end();
                    assert!(
                        line.indent + line.width <= width || visible.graphemes(true).count() == 1,
                        "{visible:?} at width {width}"
                    );
                    if width >= 10 && line.start > 0 {
                        let first = visible.chars().next().unwrap_or(' ');
                        assert!(!NO_START.contains(first), "{visible:?} at width {width}");
                    }
                }
            }
        }
    }
}

mod flow {
    use gangmu::doc::{Block, BlockKind, Position};
    use gangmu::layout::{
        AmbiguousWidth, Blocks, Flow, LayoutCache, PARAGRAPH_INDENT, RowPos, WrapOptions,
    };
    use proptest::prelude::*;

    fn blocks() -> impl Strategy<Value = Vec<Block>> {
        let block = (super::text(), any::<bool>()).prop_map(|(text, heading)| Block {
            kind: if heading {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            },
            text,
            run_in: None,
            section: None,
            source_line: 1,
        });
        proptest::collection::vec(block, 0..12)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

        /// Moving by N rows agrees with counting rows one by one in the fully laid-out flow.
        #[test]
        fn scrolling_matches_the_full_layout(
            blocks in blocks(), width in 1usize..40, gap in 0usize..3, start in 0usize..200, n in 0usize..60,
        ) {
            let source = Blocks::new(&blocks, PARAGRAPH_INDENT);
            let mut cache = LayoutCache::new(WrapOptions { width, ambiguous: AmbiguousWidth::Narrow, first_line_indent: 0 });
            let mut flow = Flow::new(&source, &mut cache, gap);
            let all: Vec<RowPos> = flow.visible_rows(RowPos::default(), usize::MAX / 2).iter().map(|r| r.pos).collect();
            if all.is_empty() {
                prop_assert!(blocks.is_empty());
                return Ok(());
            }
            let last = all.len() - 1;
            let from = start.min(last);
            let down = flow.down(all[from], n);
            prop_assert_eq!(down, all[(from + n).min(last)]);
            prop_assert_eq!(flow.up(all[from], n), all[from.saturating_sub(n)]);
            // Down then up returns to the start unless the end stopped it.
            if from + n <= last {
                prop_assert_eq!(flow.up(down, n), all[from]);
            }
            prop_assert_eq!(flow.last_row(), all[last]);
            let height = n + 1;
            prop_assert_eq!(flow.end(height), all[last.saturating_sub(height - 1)]);
        }

        /// Position → row → position gives the start of the line holding the position, and every
        /// line start survives the round trip.
        #[test]
        fn positions_round_trip(blocks in blocks(), width in 1usize..40, gap in 0usize..3) {
            let source = Blocks::new(&blocks, PARAGRAPH_INDENT);
            let mut cache = LayoutCache::new(WrapOptions { width, ambiguous: AmbiguousWidth::Wide, first_line_indent: 0 });
            let mut flow = Flow::new(&source, &mut cache, gap);
            for (index, block) in blocks.iter().enumerate() {
                // About 40 offsets per block, the end included (every offset is slow in debug).
                let len = block.char_len();
                let step = (len / 40).max(1);
                for offset in (0..=len).step_by(step).chain(std::iter::once(len)) {
                    let pos = Position::new(index, offset);
                    let row = flow.row_of(pos);
                    prop_assert_eq!(row.block, index);
                    let line_start = flow.position_of(row);
                    prop_assert!(line_start <= pos, "{:?} -> {:?} -> {:?}", pos, row, line_start);
                    prop_assert_eq!(flow.row_of(line_start), row);
                }
            }
            for visible in flow.visible_rows(RowPos::default(), usize::MAX / 2) {
                if visible.line.is_some() {
                    let pos = flow.position_of(visible.pos);
                    prop_assert_eq!(flow.row_of(pos), visible.pos);
                }
            }
        }
    }
}
