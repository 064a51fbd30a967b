//! Wrapping one block of text into display lines with the Chinese line-breaking rules
//! (`CJK.md` §4–5).
//!
//! The breaker is a small state machine over grapheme clusters. Each grapheme gets a class
//! (`Class`) from its first character; whether a line may break *between* two graphemes depends
//! only on the classes of the last visible grapheme before the break and the first one after it
//! (and on whether whitespace separates them). Lines are then filled greedily: when a grapheme
//! does not fit, the line ends at the last break opportunity, which pushes a forbidden
//! character's neighbour down with it (a terminal cannot compress punctuation, so push-in is not
//! possible). Only a unit wider than the whole line is broken between graphemes.
//!
//! The rules:
//! * a break is allowed between any two CJK characters, and between CJK and Latin (`2024|年`);
//! * never before `。．，、；：？！）］｝〕〉》」』】〗〙”’·・～%‰℃°.,;:?!)]}`, never after
//!   `（［｛〔〈《「『【〖〘“‘([{￥$`;
//! * never inside `——`, `……`, a run of Latin letters/digits and ASCII punctuation (`3.14`,
//!   `50%`, `GB/T`, `C919`: Latin text breaks at spaces only), a run of full-width digits and
//!   letters, or a grapheme cluster;
//! * whitespace at a break stays at the end of the earlier line and is not counted in its width.

use unicode_segmentation::UnicodeSegmentation;

use crate::text::punctuation;
use crate::text::width::{AmbiguousWidth, char_width, grapheme_width};

/// How to wrap a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct WrapOptions {
    /// Columns available for a line, indent included. 0 is treated as 1.
    pub width: usize,
    /// How East Asian Ambiguous characters are measured.
    pub ambiguous: AmbiguousWidth,
    /// Columns of blank before the first line (4 for two ideographic spaces; 0 for headings).
    /// It is dropped (the first line gets indent 0) when fewer than 2 columns would remain after
    /// it, so that a wide character always fits beside it.
    pub first_line_indent: usize,
}

impl WrapOptions {
    /// Options for `width` columns, narrow ambiguous characters and no indent.
    #[must_use]
    pub fn new(width: usize) -> Self {
        Self {
            width,
            ambiguous: AmbiguousWidth::Narrow,
            first_line_indent: 0,
        }
    }
}

/// One display line of a block: the byte range `text[start..end]`.
///
/// The range may end with whitespace (the whitespace at a break belongs to the earlier line);
/// the renderer draws `indent` blank columns and then the range with its trailing whitespace
/// trimmed, which is `width` columns wide.
///
/// `indent + width <= opts.width` holds for every line when `opts.width >= 2`, with one
/// exception: a single grapheme wider than the line (a wide character at width 1) stands alone on
/// its line and its `width` exceeds the line; the renderer draws a placeholder instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrappedLine {
    pub start: usize,
    pub end: usize,
    /// Columns of blank before the line.
    pub indent: usize,
    /// Display columns of the visible text, trailing whitespace at a break excluded.
    pub width: usize,
}

/// Wraps `text` into lines of at most `opts.width` columns (see [`WrappedLine`] for the one
/// exception). The ranges are contiguous, cover the whole text, and fall on grapheme
/// boundaries; an empty text gives one empty line.
#[must_use]
pub fn wrap(text: &str, opts: &WrapOptions) -> Vec<WrappedLine> {
    let mut lines = Vec::with_capacity(text.len() / opts.width.max(1) / 2 + 1);
    wrap_into(text, opts, &mut lines);
    lines
}

/// Like [`wrap`], appending to `lines` (which is cleared first) to reuse its allocation.
pub fn wrap_into(text: &str, opts: &WrapOptions, lines: &mut Vec<WrappedLine>) {
    lines.clear();
    let width = opts.width.max(1);
    let first_indent = if opts.first_line_indent + 2 <= width {
        opts.first_line_indent
    } else {
        0
    };
    let mut filler = LineFiller {
        lines,
        line_start: 0,
        indent: first_indent,
        room: width - first_indent,
        full_width: width,
        visible: 0,
        pending_space: 0,
        last_break: None,
    };
    let mut previous: Option<Class> = None;
    let mut spaced = false;
    for unit in Graphemes::new(text) {
        let (class, columns) = if unit.single {
            classify_char(unit.first, opts.ambiguous)
        } else {
            let grapheme = &text[unit.pos..unit.pos + unit.len];
            (
                Class::of_char(unit.first),
                grapheme_width(grapheme, opts.ambiguous),
            )
        };
        if class.is_space() {
            filler.pending_space += columns;
            spaced = true;
            continue;
        }
        let may_break = unit.pos > 0 && break_allowed(previous, class, spaced);
        filler.push(unit.pos, columns, may_break);
        previous = Some(class);
        spaced = false;
    }
    filler.finish(text.len());
}

/// Class and width of a grapheme made of the single character `c`, with fast paths for the
/// characters that make up most of a Chinese report.
fn classify_char(c: char, ambiguous: AmbiguousWidth) -> (Class, usize) {
    match c {
        '\u{4E00}'..='\u{9FFF}' => (Class::IDEOGRAPHIC, 2),
        ' '..='~' => (ASCII_CLASSES[c as usize - 0x20], 1),
        _ => (Class::of_char(c), char_width(c, ambiguous)),
    }
}

/// The classes of printable ASCII, computed at compile time.
const ASCII_CLASSES: [Class; 95] = {
    let mut classes = [Class::IDEOGRAPHIC; 95];
    let mut i = 0;
    while i < classes.len() {
        #[allow(clippy::cast_possible_truncation)] // i < 95
        let c = (i as u8 + 0x20) as char;
        classes[i] = Class {
            kind: if c == ' ' { Kind::Space } else { Kind::Latin },
            no_start: punctuation::is_no_line_start(c),
            no_end: punctuation::is_no_line_end(c),
        };
        i += 1;
    }
    classes
};

/// Greedy line filling over break opportunities.
struct LineFiller<'a> {
    lines: &'a mut Vec<WrappedLine>,
    line_start: usize,
    indent: usize,
    /// Columns available on the current line after its indent.
    room: usize,
    full_width: usize,
    /// Columns of the current line up to its last visible grapheme.
    visible: usize,
    /// Columns of whitespace after the last visible grapheme, not yet known to be inside the line.
    pending_space: usize,
    /// The last break opportunity on the current line: its byte position, the visible width of
    /// the line before it, and the width of the line up to it with its whitespace.
    last_break: Option<Break>,
}

#[derive(Clone, Copy)]
struct Break {
    pos: usize,
    visible_before: usize,
    total_before: usize,
}

impl LineFiller<'_> {
    /// Adds a visible grapheme at byte `pos`, `columns` wide; `may_break` says whether a line
    /// may end just before it.
    fn push(&mut self, pos: usize, columns: usize, may_break: bool) {
        let total_before = self.visible + self.pending_space;
        if may_break {
            self.last_break = Some(Break {
                pos,
                visible_before: self.visible,
                total_before,
            });
        }
        if total_before + columns <= self.room {
            self.visible = total_before + columns;
            self.pending_space = 0;
            return;
        }
        // It does not fit: end the line at the last break opportunity, carrying the unbreakable
        // run after it down to the next line.
        if let Some(brk) = self.last_break.take() {
            // The carried run fitted on the line it leaves, and a new line is never narrower.
            let carried_visible = self.visible.saturating_sub(brk.total_before);
            let carried_total = total_before - brk.total_before;
            self.end_line(brk.pos, brk.visible_before);
            if carried_total + columns <= self.room {
                self.visible = carried_total + columns;
                return;
            }
            // The carried run and this grapheme are one unit wider than a whole line: break it
            // before this grapheme.
            self.visible = carried_visible;
        }
        if pos > self.line_start {
            self.end_line(pos, self.visible);
        }
        // It starts the next line, which it overflows only when it is a single grapheme wider
        // than the line (then the next grapheme goes to a line of its own).
        self.visible = columns;
        self.pending_space = 0;
    }

    fn end_line(&mut self, end: usize, width: usize) {
        self.lines.push(WrappedLine {
            start: self.line_start,
            end,
            indent: self.indent,
            width,
        });
        self.line_start = end;
        self.indent = 0;
        self.room = self.full_width;
        self.visible = 0;
        self.pending_space = 0;
        self.last_break = None;
    }

    fn finish(mut self, end: usize) {
        let width = self.visible;
        self.end_line(end, width);
    }
}

/// One grapheme cluster: its byte range, its first character, and whether that character is
/// the whole cluster.
struct Grapheme {
    pos: usize,
    len: usize,
    first: char,
    single: bool,
}

/// Grapheme clusters of a text, with a fast path for the common case of a character that cannot
/// start or extend a cluster with its neighbour (full segmentation is only run where it matters).
struct Graphemes<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    next: Option<(usize, char)>,
}

impl<'a> Graphemes<'a> {
    fn new(text: &'a str) -> Self {
        let mut chars = text.char_indices();
        let next = chars.next();
        Self { text, chars, next }
    }
}

impl Iterator for Graphemes<'_> {
    type Item = Grapheme;

    fn next(&mut self) -> Option<Grapheme> {
        let (pos, first) = self.next.take()?;
        self.next = self.chars.next();
        let simple = match self.next {
            None => true,
            Some((_, following)) => is_simple(first) && is_simple(following),
        };
        if simple {
            return Some(Grapheme {
                pos,
                len: first.len_utf8(),
                first,
                single: true,
            });
        }
        // Combining marks, ZWJ, variation selectors, Hangul jamo, regional indicators, CR LF:
        // let the segmentation rules decide where the cluster ends.
        let len = self.text[pos..]
            .graphemes(true)
            .next()
            .map_or(first.len_utf8(), str::len);
        let end = pos + len;
        while self.next.is_some_and(|(next_pos, _)| next_pos < end) {
            self.next = self.chars.next();
        }
        Some(Grapheme {
            pos,
            len,
            first,
            single: len == first.len_utf8(),
        })
    }
}

/// True for a character that never joins a grapheme cluster with a neighbour: printable ASCII
/// and the common CJK blocks (ideographs, CJK punctuation, full-width forms, general
/// punctuation) — everything else is left to the full segmentation rules.
fn is_simple(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{AC}' | '\u{AE}'..='\u{FF}' // Latin-1 (· ° ×), soft hyphen excepted
        | '\u{2010}'..='\u{2027}'   // dashes, quotes, ellipsis
        | '\u{3000}'..='\u{3029}'   // CJK symbols and punctuation (not the tone marks
        | '\u{3030}'..='\u{303F}'   // U+302A–U+302F, which combine)
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{FF01}'..='\u{FF60}'   // full-width forms
    )
}

/// What a grapheme is, for line breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Class {
    kind: Kind,
    /// Must not start a line.
    no_start: bool,
    /// Must not end a line.
    no_end: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Whitespace (including U+3000 and U+200B): a break may follow it.
    Space,
    /// Latin letters, digits and ASCII punctuation: runs of them stay together.
    Latin,
    /// Full-width digits and letters (`２０２４`, `ＧＢ`): runs of them stay together.
    FullAlnum,
    /// The full-width full stop `．`, which stays inside a full-width number (`３．１４`).
    FullStop,
    /// `—` and `―`: `——` is never split.
    Dash,
    /// `…` and `⋯`: `……` is never split.
    Ellipsis,
    /// Ideographs, CJK punctuation, emoji, anything else: breaks on both sides.
    Ideographic,
}

impl Class {
    const IDEOGRAPHIC: Self = Self {
        kind: Kind::Ideographic,
        no_start: false,
        no_end: false,
    };

    /// The class of a grapheme whose first character is `c`.
    fn of_char(c: char) -> Self {
        let kind = match c {
            '\u{200B}' => Kind::Space,
            c if c.is_whitespace() => Kind::Space,
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => Kind::FullAlnum,
            '．' => Kind::FullStop,
            '—' | '―' => Kind::Dash,
            '…' | '⋯' => Kind::Ellipsis,
            c if c.is_ascii() => Kind::Latin,
            // The width test first: it is cheaper, and rules out ideographs and CJK punctuation.
            c if char_width(c, AmbiguousWidth::Narrow) == 1 && c.is_alphanumeric() => Kind::Latin,
            _ => Kind::Ideographic,
        };
        Self {
            kind,
            no_start: punctuation::is_no_line_start(c),
            no_end: punctuation::is_no_line_end(c),
        }
    }

    fn is_space(self) -> bool {
        self.kind == Kind::Space
    }
}

/// Whether a line may break before a visible grapheme of class `next`, given the last visible
/// grapheme before it (`None` at the start of the text: only leading whitespace precedes) and
/// whether whitespace lies between them.
fn break_allowed(previous: Option<Class>, next: Class, spaced: bool) -> bool {
    if next.no_start {
        return false;
    }
    let Some(previous) = previous else {
        // Only whitespace before: a break after it is fine.
        return spaced;
    };
    if previous.no_end {
        return false;
    }
    if spaced {
        return true;
    }
    !matches!(
        (previous.kind, next.kind),
        (Kind::Latin, Kind::Latin)
            | (Kind::FullAlnum | Kind::FullStop, Kind::FullAlnum)
            | (Kind::Dash, Kind::Dash)
            | (Kind::Ellipsis, Kind::Ellipsis)
    )
}

/// Which line of `lines` holds byte offset `byte`: the line whose range contains it, the last
/// line for the end of the text (or beyond it), the first line for an empty `lines`.
#[must_use]
pub fn line_of_byte(lines: &[WrappedLine], byte: usize) -> usize {
    lines
        .partition_point(|line| line.end <= byte)
        .min(lines.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(width: usize) -> WrapOptions {
        WrapOptions::new(width)
    }

    /// The lines' texts, trailing whitespace kept.
    fn pieces<'t>(text: &'t str, lines: &[WrappedLine]) -> Vec<&'t str> {
        lines.iter().map(|l| &text[l.start..l.end]).collect()
    }

    fn wrapped(text: &str, o: &WrapOptions) -> Vec<String> {
        pieces(text, &wrap(text, o))
            .into_iter()
            .map(String::from)
            .collect()
    }

    fn check_contract(text: &str, o: &WrapOptions, lines: &[WrappedLine]) {
        assert!(!lines.is_empty());
        assert_eq!(lines[0].start, 0);
        assert_eq!(lines[lines.len() - 1].end, text.len());
        for pair in lines.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for line in lines {
            let piece = &text[line.start..line.end];
            assert_eq!(
                line.width,
                crate::layout::str_width(piece.trim_end(), o.ambiguous),
                "{piece:?}"
            );
            if o.width >= 2 && piece.trim_end().graphemes(true).count() > 1 {
                assert!(
                    line.indent + line.width <= o.width,
                    "{piece:?} in {lines:?}"
                );
            }
        }
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        let lines = wrap("", &opts(10));
        assert_eq!(
            lines,
            vec![WrappedLine {
                start: 0,
                end: 0,
                indent: 0,
                width: 0
            }]
        );
    }

    #[test]
    fn breaks_anywhere_between_ideographs() {
        let text = "纲目是一个终端阅读器";
        let o = opts(6);
        assert_eq!(wrapped(text, &o), ["纲目是", "一个终", "端阅读", "器"]);
        check_contract(text, &o, &wrap(text, &o));
        // Odd width: the last column stays empty.
        assert_eq!(
            wrapped(text, &opts(7)),
            ["纲目是", "一个终", "端阅读", "器"]
        );
    }

    #[test]
    fn closing_punctuation_pulls_previous_character_down() {
        // 。 would start line 2: 三 goes down with it.
        let text = "一二三。四五";
        assert_eq!(wrapped(text, &opts(6)), ["一二", "三。四", "五"]);
        for c in [
            "，", "、", "）", "》", "」", "”", "：", "；", "？", "！", "％",
        ] {
            let text = format!("一二三{c}四五");
            let lines = wrapped(&text, &opts(6));
            assert_eq!(lines[1], format!("三{c}四"), "{c}: {lines:?}");
        }
    }

    #[test]
    fn opening_punctuation_goes_down_with_the_next_character() {
        let text = "一二（三）四";
        assert_eq!(wrapped(text, &opts(6)), ["一二", "（三）", "四"]);
        for c in ["“", "《", "「", "【", "〔"] {
            let text = format!("一二{c}三四五");
            let lines = wrapped(&text, &opts(6));
            assert_eq!(lines[0], "一二", "{c}: {lines:?}");
            assert!(lines[1].starts_with(c), "{c}: {lines:?}");
        }
    }

    #[test]
    fn closing_after_opening_chain() {
        // “深化改革”。 — the closing quote and the full stop both refuse to start a line.
        let text = "我们要“深化改革”。下一句";
        let o = opts(16);
        let lines = wrapped(text, &o);
        assert_eq!(lines, ["我们要“深化改", "革”。下一句"]);
        check_contract(text, &o, &wrap(text, &o));
    }

    #[test]
    fn dashes_and_ellipses_stay_whole() {
        let text = "一二三——四五";
        // A break between the two dashes would fit 一二三— (7 columns) on line 1.
        let lines = wrapped(text, &opts(7));
        assert_eq!(lines, ["一二三", "——四五"]);
        let text = "一二三……四五";
        let lines = wrapped(text, &opts(7));
        assert_eq!(lines, ["一二三", "……四五"]);
        // Wide mode: the dashes are 2 columns each.
        let o = WrapOptions {
            ambiguous: AmbiguousWidth::Wide,
            ..opts(8)
        };
        assert_eq!(wrapped("一二三——四五", &o), ["一二三", "——四五"]);
    }

    #[test]
    fn numbers_stay_whole_but_may_break_before_a_character() {
        let o = opts(8);
        assert_eq!(wrapped("一二三2024年", &o), ["一二三", "2024年"]);
        assert_eq!(wrapped("一二2024年底", &opts(8)), ["一二2024", "年底"]);
        assert_eq!(wrapped("增长了3.14倍", &opts(8)), ["增长了", "3.14倍"]);
        assert_eq!(wrapped("增长了50%以上", &opts(8)), ["增长了", "50%以上"]);
        assert_eq!(wrapped("按照GB/T标准", &opts(6)), ["按照", "GB/T标", "准"]);
        assert_eq!(wrapped("国产C919飞机", &opts(6)), ["国产", "C919飞", "机"]);
        assert_eq!(wrapped("共２０２４年", &opts(6)), ["共", "２０２", "４年"]);
    }

    #[test]
    fn full_width_digits_stay_together() {
        assert_eq!(wrapped("共计２０２４年", &opts(10)), ["共计", "２０２４年"]);
        assert_eq!(wrapped("约３．１４倍", &opts(8)), ["约", "３．１４", "倍"]);
    }

    #[test]
    fn latin_breaks_at_spaces_and_spaces_hang() {
        let text = "the quick brown fox";
        let o = opts(10);
        let lines = wrap(text, &o);
        assert_eq!(pieces(text, &lines), ["the quick ", "brown fox"]);
        assert_eq!(lines[0].width, 9);
        check_contract(text, &o, &lines);
        // Many spaces at a break all hang on the earlier line.
        let text = "abc     def";
        let lines = wrap(text, &opts(5));
        assert_eq!(pieces(text, &lines), ["abc     ", "def"]);
        assert_eq!(lines[0].width, 3);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_by_grapheme() {
        let text = "ab internationalisation cd";
        let o = opts(8);
        let lines = wrapped(text, &o);
        assert_eq!(lines, ["ab ", "internat", "ionalisa", "tion cd"]);
        check_contract(text, &o, &wrap(text, &o));
    }

    #[test]
    fn first_line_indent() {
        let o = WrapOptions {
            first_line_indent: 4,
            ..opts(10)
        };
        let text = "一二三四五六七八九十";
        let lines = wrap(text, &o);
        assert_eq!(pieces(text, &lines), ["一二三", "四五六七八", "九十"]);
        assert_eq!(lines[0].indent, 4);
        assert_eq!(lines[1].indent, 0);
        check_contract(text, &o, &lines);
        // No room for a wide character after the indent: the indent is dropped.
        let narrow = WrapOptions {
            first_line_indent: 4,
            ..opts(5)
        };
        assert_eq!(wrap(text, &narrow)[0].indent, 0);
    }

    #[test]
    fn width_one_puts_each_grapheme_alone() {
        let text = "纲a目";
        for width in [0, 1] {
            let lines = wrap(text, &opts(width));
            assert_eq!(pieces(text, &lines), ["纲", "a", "目"]);
            assert_eq!(lines[0].width, 2);
            assert_eq!(lines[1].width, 1);
        }
    }

    #[test]
    fn wide_mode_measures_curly_quotes_as_two() {
        let text = "“纲目”";
        let narrow = wrap(text, &opts(6));
        assert_eq!(narrow.len(), 1);
        assert_eq!(narrow[0].width, 6);
        let wide = WrapOptions {
            ambiguous: AmbiguousWidth::Wide,
            ..opts(6)
        };
        let lines = wrap(text, &wide);
        // “纲 and 目” cannot be split further: “ may not end a line, ” may not start one.
        assert_eq!(pieces(text, &lines), ["“纲", "目”"]);
        assert_eq!(lines[0].width, 4);
        assert_eq!(lines[1].width, 4);
    }

    #[test]
    fn grapheme_clusters_are_never_split() {
        let text = "e\u{301}e\u{301}👨\u{200D}👩\u{200D}👧好";
        let lines = wrap(text, &opts(2));
        for line in &lines {
            assert!(text.is_char_boundary(line.start));
        }
        assert!(pieces(text, &lines).contains(&"👨\u{200D}👩\u{200D}👧"));
    }

    #[test]
    fn fast_classification_agrees_with_the_general_one() {
        for c in (' '..='~').chain('\u{4E00}'..='\u{9FFF}') {
            for ambiguous in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
                assert_eq!(
                    classify_char(c, ambiguous),
                    (Class::of_char(c), char_width(c, ambiguous)),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn simple_characters_never_join_a_cluster() {
        let ranges = [
            ' '..='~',
            '\u{A0}'..='\u{FF}',
            '\u{2010}'..='\u{2027}',
            '\u{3000}'..='\u{303F}',
            '\u{3400}'..='\u{4DBF}',
            '\u{4E00}'..='\u{9FFF}',
            '\u{FF01}'..='\u{FF60}',
        ];
        for c in ranges.into_iter().flatten().filter(|&c| is_simple(c)) {
            for other in ['a', '好', '，', '\u{3000}'] {
                for pair in [format!("{c}{other}"), format!("{other}{c}")] {
                    assert_eq!(pair.graphemes(true).count(), 2, "{c:?} + {other:?}");
                }
            }
        }
    }

    #[test]
    fn graphemes_match_the_segmentation() {
        let text = "a\u{301}好\r\n🇨🇳🇯🇵👍🏽x\u{200D}y한국어ｶﾞ，“e\u{301}”·\u{301}\u{AD}";
        let ours: Vec<&str> = Graphemes::new(text)
            .map(|g| &text[g.pos..g.pos + g.len])
            .collect();
        let reference: Vec<&str> = text.graphemes(true).collect();
        assert_eq!(ours, reference);
    }

    #[test]
    fn line_of_byte_finds_the_line() {
        let text = "一二三四五六";
        let lines = wrap(text, &opts(4));
        assert_eq!(lines.len(), 3);
        assert_eq!(line_of_byte(&lines, 0), 0);
        assert_eq!(line_of_byte(&lines, 5), 0);
        assert_eq!(line_of_byte(&lines, 6), 1);
        assert_eq!(line_of_byte(&lines, 17), 2);
        assert_eq!(line_of_byte(&lines, text.len()), 2);
        assert_eq!(line_of_byte(&[], 3), 0);
    }
}
