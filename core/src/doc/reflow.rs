//! Rebuilding paragraphs from hard-wrapped lines (CJK.md §2).
//!
//! Text extracted from a PDF or a newspaper page breaks every line at a fixed width, often with a
//! blank line after each; a web copy puts one paragraph on a line; Markdown separates paragraphs
//! with blank lines. The reflow first learns which of these the document is:
//!
//! * **hard-wrapped** when many lines end mid-sentence. The document's full line width is learned
//!   from those lines, and a paragraph ends where a line falls clearly short of it (or ends a
//!   sentence right before a heading marker);
//! * otherwise every non-blank line is a paragraph of its own.
//!
//! Blank lines and indentation count as paragraph breaks only where the document uses them
//! selectively (a blank line after *every* line says nothing). Page furniture (page numbers,
//! form feeds, running headers) is dropped and recorded in [`Reflowed::dropped`].

use crate::text::punctuation::COLONS;
use std::collections::HashMap;

mod chunked;

use chunked::Chunked;

use super::blocks::{RawBlock, Reflowed, Shape, join_line};
use super::model::{DropReason, Dropped};
use super::numbering;
use crate::text::{AmbiguousWidth, punctuation};

/// The block being built, with what the line-break decisions ask of it, kept up to date line
/// by line so that no decision rescans the whole paragraph.
#[derive(Debug)]
struct OpenBlock {
    /// Its first and last line, as indices into the lines.
    first: usize,
    last: usize,
    md_level: Option<usize>,
    /// The block is one line in bold (`**…**`).
    bold: bool,
    /// Opens with a heading marker that is not a run-in point (`一、`, `（一）`, `第一章`).
    opens_heading: bool,
    /// Opens with a run-in marker (`一是`).
    opens_run_in: bool,
    /// Has a `。！？` somewhere.
    sentence_ended: bool,
    /// Has a `；` somewhere.
    has_semicolon: bool,
    /// Brackets and quotes open at its end.
    depth: usize,
}

impl OpenBlock {
    fn new(index: usize, line: &Line, md_level: Option<usize>) -> Self {
        let mut open = Self {
            first: index,
            last: index,
            md_level,
            bold: false,
            opens_heading: line.facts.has(Facts::OPENS_HEADING),
            opens_run_in: line.facts.has(Facts::OPENS_RUN_IN),
            sentence_ended: false,
            has_semicolon: false,
            depth: 0,
        };
        open.push(index, line);
        open
    }

    fn push(&mut self, index: usize, line: &Line) {
        self.last = index;
        self.sentence_ended |= line.marks.sentence_end;
        self.has_semicolon |= line.marks.semicolon;
        self.depth = line.marks.depth_after(self.depth);
    }

    /// A heading (not a run-in point) with no sentence end yet: it ends where its text ends.
    fn is_open_heading(&self) -> bool {
        self.opens_heading && !self.sentence_ended && !self.has_semicolon
    }

    /// A run-in point whose first sentence has not ended.
    fn is_open_run_in(&self) -> bool {
        self.opens_run_in && !self.sentence_ended
    }
}

// A large document holds a million lines, each read several times: a line stays small.
const _: () = assert!(std::mem::size_of::<Line>() <= 40);

/// One source line with what the reflow needs to know about it.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// 1-based line number in the decoded text (32 bits keep the line small: a large document
    /// holds a million of them).
    number: u32,
    /// The line with surrounding whitespace removed.
    text: &'a str,
    /// Display width of `text`.
    width: u32,
    /// Display width of the whitespace before `text` (at most 255).
    indent: u8,
    /// Starts with indentation (two spaces or an ideographic space).
    indented: bool,
    /// Blank lines (or page furniture) between this line and the previous content line.
    blank_before: bool,
    /// The line follows a page break (page number line or form feed).
    after_page_break: bool,
    /// What the line holds of the punctuation that paragraph decisions look at.
    marks: Marks,
    /// What the decisions ask of its text, found in the (parallel) collection of the lines.
    facts: Facts,
}

/// Facts about a line that the sequential decisions need, each found once per line while the
/// lines are collected, on all cores, rather than in the loop that joins lines one by one.
/// Those of its content are of the text without its markup (`## `, `**…**`), the text the
/// blocks are built from; the others are of the line as it stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Facts(u16);

impl Facts {
    /// The line has markup that [`strip_markup`] takes off.
    const MARKUP: u16 = 1;
    /// Its content is a contents entry with leaders or a table row ([`super::regions::is_unit_line`]).
    const UNIT: u16 = 1 << 1;
    /// Its content opens with a numbering marker.
    const MARKED: u16 = 1 << 2;
    /// … that is not a paragraph's head (`一、`, `（一）`, `第一章`; not `一是`, `第一条`).
    const OPENS_HEADING: u16 = 1 << 3;
    /// … that is a run-in point (`一是`, `第一，`).
    const OPENS_RUN_IN: u16 = 1 << 4;
    /// The line as it stands is open: it ends mid-sentence and is no Markdown heading.
    const OPEN: u16 = 1 << 5;
    /// The line as it stands is a heading of its own ([`is_heading_line`]).
    const HEADING_LINE: u16 = 1 << 6;
    /// Its content ends in a sentence's or a clause's end ([`is_terminal`]).
    const ENDS_TERMINAL: u16 = 1 << 7;
    /// … in a mark after which the line certainly goes on ([`is_continuation`]).
    const ENDS_CONTINUING: u16 = 1 << 8;
    /// Its content starts with a mark no line starts with ([`punctuation::continues_line`]).
    const STARTS_CONTINUING: u16 = 1 << 9;
    /// Its content opens with a field's label ([`starts_with_label`]).
    const LABEL: u16 = 1 << 10;
    /// Its content is a Markdown list item or quote ([`is_list_item`]).
    const LIST_ITEM: u16 = 1 << 11;

    fn of(line: &str, marks: Marks) -> Self {
        let (content, markup) = strip_markup(line);
        let marker = numbering::parse_marker(content);
        let last = content.chars().next_back().unwrap_or(' ');
        // The line as it stands ends where its content does, but for markup around it.
        let line_last = if markup.is_some() {
            line.chars().next_back().unwrap_or(' ')
        } else {
            last
        };
        let open = !is_terminal(line_last) && !line.starts_with('#');
        let mut facts = 0;
        let mut set = |flag: u16, on: bool| {
            if on {
                facts |= flag;
            }
        };
        set(Self::MARKUP, markup.is_some());
        // A table row has a space in it (`is_table_row`); the line's marks know if it has one,
        // so most lines are spared that test. The content is part of the line.
        set(
            Self::UNIT,
            super::regions::is_leader_entry(content)
                || (marks.space && super::regions::is_table_row(content)),
        );
        set(Self::MARKED, marker.is_some());
        set(
            Self::OPENS_HEADING,
            marker.is_some_and(|m| !m.scheme.heads_paragraph()),
        );
        set(
            Self::OPENS_RUN_IN,
            marker.is_some_and(|m| m.scheme.is_run_in_point()),
        );
        set(Self::OPEN, open);
        // Most lines have no markup: their content is the line, and its marker is found once.
        let heading_line = if markup.is_none() {
            marker.is_some_and(|m| !has_punctuation(&line[m.len..]))
        } else {
            is_heading_line(line)
        };
        set(Self::HEADING_LINE, heading_line);
        set(Self::ENDS_TERMINAL, is_terminal(last));
        set(Self::ENDS_CONTINUING, is_continuation(last));
        // No ASCII mark continues a line, nor any ideograph (the leads `E4`–`E9`).
        let may_continue = content
            .as_bytes()
            .first()
            .is_some_and(|&b| b >= 0x80 && !(0xE4..=0xE9).contains(&b));
        set(
            Self::STARTS_CONTINUING,
            may_continue && content.starts_with(punctuation::continues_line),
        );
        set(Self::LABEL, starts_with_label(content));
        set(Self::LIST_ITEM, is_list_item(content));
        Self(facts)
    }

    fn has(self, flag: u16) -> bool {
        self.0 & flag != 0
    }
}

/// Sentence ends and brackets in a piece of text, gathered in the pass that measures it.
#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    /// Has a `。！？`.
    sentence_end: bool,
    /// Has a `；`.
    semicolon: bool,
    /// Opening minus closing brackets and quotes (saturating: no real line nears the limit,
    /// and a line stays small).
    net_depth: i16,
    /// The lowest running depth reached (≤ 0): closings before any opening.
    min_depth: i16,
    /// Has a space, a tab or an ideographic space: without one, no line is a table row.
    space: bool,
}

impl Marks {
    fn see(&mut self, c: char) {
        match c {
            '。' | '！' | '？' => self.sentence_end = true,
            '；' => self.semicolon = true,
            ' ' | '\t' | '\u{3000}' => self.space = true,
            '“' | '《' | '（' | '「' | '『' | '【' | '(' => {
                self.net_depth = self.net_depth.saturating_add(1);
            }
            '”' | '》' | '）' | '」' | '』' | '】' | ')' => {
                self.net_depth = self.net_depth.saturating_sub(1);
                self.min_depth = self.min_depth.min(self.net_depth);
            }
            _ => {}
        }
    }

    /// The bracket depth after this text, entered at `depth` (a closing bracket never takes the
    /// depth below zero).
    fn depth_after(self, depth: usize) -> usize {
        let depth = i64::try_from(depth).unwrap_or(i64::MAX);
        let after = (depth + i64::from(self.net_depth))
            .max(i64::from(self.net_depth) - i64::from(self.min_depth));
        usize::try_from(after).unwrap_or(0)
    }
}

/// The width of a line and its marks, in one pass.
fn measure(text: &str) -> (usize, Marks) {
    let mut marks = Marks::default();
    if let Some(width) = measure_common(text, &mut marks) {
        return (width, marks);
    }
    let mut marks = Marks::default();
    let width =
        crate::text::width::str_width_visiting(text, AmbiguousWidth::Narrow, |c| marks.see(c));
    (width, marks)
}

/// The width of a line made only of what Chinese text is mostly made of, straight from its
/// bytes, with its marks: printable ASCII, the ideographs and CJK extension A of
/// U+4000–U+9FFF and the CJK and full-width punctuation (two columns, as
/// [`crate::text::width`] measures them), and the quotes, dash and ellipsis `‘ ’ “ ” — …` (one
/// column in a narrow terminal). `None` for a line with any other character: [`measure`] has
/// the width helper measure it.
///
/// Every line is measured, so this is written for speed: it goes from character to character
/// by their first bytes, each looked up in [`LEAD_BYTES`] for its width, and looks further only
/// at punctuation (lead bytes `E2`, `E3`, `EF`), spaces and ASCII brackets.
fn measure_common(text: &str, marks: &mut Marks) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut width, mut at) = (0, 0);
    while let Some(&b) = bytes.get(at) {
        // Most characters are ideographs (leads `E4`–`E9`): two columns, three bytes on.
        if b.wrapping_sub(0xE4) <= 0xE9 - 0xE4 {
            width += 2;
            at += 3;
            continue;
        }
        let lead = LEAD_BYTES[usize::from(b)];
        width += usize::from(lead & WIDTH);
        // The next character is one byte on after ASCII and three after any other lead this
        // measure knows (the others end it below). Told from the byte itself, not from the
        // table: each step waits for the one before, and a look-up would make it wait longer.
        at += 1 + 2 * usize::from(b >> 7);
        if lead & LOOK_FURTHER == 0 {
            continue;
        }
        if lead & OTHER != 0 {
            return None;
        }
        if lead & PUNCTUATION_LEAD == 0 {
            marks.see(char::from(b));
            continue;
        }
        let (second, third) = (*bytes.get(at - 2)?, *bytes.get(at - 1)?);
        match (b, second, third) {
            (0xE3, 0x80, 0x80..=0xA9 | 0xAE..=0xBE)
            | (0xEF, 0xBC, 0x81..=0xBF)
            | (0xEF, 0xBD, 0x80..=0xA0) => {}
            // The one-column quotes, dash and ellipsis: counted as two above.
            (0xE2, 0x80, 0x94 | 0x98 | 0x99 | 0x9C | 0x9D | 0xA6) => width -= 1,
            _ => return None,
        }
        let code =
            (u32::from(b & 0x0F) << 12) | (u32::from(second & 0x3F) << 6) | u32::from(third & 0x3F);
        marks.see(char::from_u32(code)?);
    }
    Some(width)
}

/// What [`measure_common`] knows of a character from its first byte: its width in columns
/// ([`WIDTH`]) and whether it is to be looked at further ([`LOOK_FURTHER`]).
const LEAD_BYTES: [u8; 256] = lead_bytes();
/// The bits of a [`LEAD_BYTES`] entry that hold the character's width.
const WIDTH: u8 = 0b11;
/// A character [`measure_common`] leaves to the width helper: an ASCII control, a
/// continuation byte where a character should start, or the lead of a character outside the
/// ranges it knows.
const OTHER: u8 = 1 << 4;
/// `(`, `)` and ` `, which [`Marks::see`] counts.
const ASCII_MARK: u8 = 1 << 5;
/// `E2`, `E3`, `EF`: the lead of a quote, a dash or CJK and full-width punctuation.
const PUNCTUATION_LEAD: u8 = 1 << 6;
const LOOK_FURTHER: u8 = OTHER | ASCII_MARK | PUNCTUATION_LEAD;

const fn lead_bytes() -> [u8; 256] {
    let mut leads = [0; 256];
    let mut b = 0;
    while b < 256 {
        leads[b] = match b {
            0x20 | 0x28 | 0x29 => 1 | ASCII_MARK,
            0x21..=0x7E => 1,
            0xE4..=0xE9 => 2,
            0xE2 | 0xE3 | 0xEF => 2 | PUNCTUATION_LEAD,
            _ => OTHER,
        };
        b += 1;
    }
    leads
}

/// A footnote reference on its own: one to three digits (`1`, `12`), bracketed (`[3]`, `［3］`)
/// or superscript (`¹²`).
fn is_footnote_mark(text: &str) -> bool {
    // Every line is asked: three characters and two brackets are at most 15 bytes, and the
    // characters of any longer line are not counted.
    if text.len() > 15 {
        return false;
    }
    let inner = text
        .strip_prefix(['[', '［'])
        .and_then(|t| t.strip_suffix([']', '］']))
        .unwrap_or(text);
    (1..=3).contains(&inner.chars().count())
        && (inner.bytes().all(|b| b.is_ascii_digit())
            || inner
                .chars()
                .all(|c| matches!(c, '¹' | '²' | '³' | '⁰'..='⁹')))
}

/// Characters that end a sentence or a clause that can end a paragraph.
pub(crate) fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '。' | '！'
            | '？'
            | '：'
            | '；'
            | '…'
            | '”'
            | '」'
            | '』'
            | '）'
            | '】'
            | '》'
            | '.'
            | '!'
            | '?'
            | ':'
            | ';'
            | ')'
            | '"'
    )
}

/// Characters after which a line certainly continues.
fn is_continuation(c: char) -> bool {
    matches!(
        c,
        '，' | '、' | '（' | '《' | '“' | '‘' | '「' | '『' | '【' | ',' | '(' | '-' | '—'
    )
}

/// Whether a character with this first byte may be whitespace: 09–0D, 20 (ASCII), C2 (U+0085,
/// U+00A0), E1 (U+1680), E2 (U+2000–U+205F) or E3 (U+3000).
fn may_start_whitespace(lead: u8) -> bool {
    matches!(lead, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// `line.trim()`, without its search from both ends when neither end can be whitespace (see
/// [`may_start_whitespace`]). Every line goes through here.
fn trim(line: &str) -> &str {
    let bytes = line.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return line;
    };
    // The first byte of the last character: at most three continuation bytes back.
    let last_lead = if last < 0x80 {
        last
    } else {
        bytes
            .iter()
            .rev()
            .take(4)
            .copied()
            .find(|&b| b & 0xC0 != 0x80)
            .unwrap_or(last)
    };
    if may_start_whitespace(first) || may_start_whitespace(last_lead) {
        line.trim()
    } else {
        line
    }
}

fn is_blank(line: &str) -> bool {
    // Every line is asked: most start with a byte no whitespace starts with.
    line.as_bytes()
        .first()
        .is_none_or(|&b| may_start_whitespace(b))
        && line.chars().all(char::is_whitespace)
}

/// Reflows decoded, normalised text into blocks.
#[must_use]
pub fn reflow(text: &str) -> Reflowed {
    let plan = plan(text);
    Reflowed {
        blocks: build_blocks(&plan.blocks, &plan.pieces, text),
        dropped: plan.dropped,
        front_matter: Vec::new(),
    }
}

/// Where the blocks of a text are, decided by [`plan`], before their texts are built: plain
/// byte ranges, so that the text can be let go of while the blocks are built
/// ([`build_owned`]).
#[derive(Debug, PartialEq)]
pub struct Plan {
    blocks: Vec<PlannedBlock>,
    /// The byte ranges in the text of the blocks' lines (without their markup), block by block.
    pieces: Vec<(usize, usize)>,
    dropped: Vec<Dropped>,
}

/// A block of a [`Plan`]: its lines are `pieces[first..end]`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PlannedBlock {
    first: usize,
    end: usize,
    source_line: usize,
    md_level: Option<usize>,
    bold: bool,
}

/// Decides the blocks of decoded, normalised text: [`reflow`] without building their texts.
#[must_use]
pub fn plan(text: &str) -> Plan {
    plan_splitting_from(text, PARALLEL_MIN_LINES).0
}

/// [`plan`], deciding the blocks in two halves at once from this many lines on, with the line
/// where the second half began.
fn plan_splitting_from(text: &str, split_from_lines: usize) -> (Plan, Option<usize>) {
    let mut dropped = Vec::new();
    let (mut lines, style, footnote_marks) = lines_and_style(text, &mut dropped);
    // First decide where blocks begin and end, then build each block's text at its final size.
    // A large text's lines are gone through in two halves at once, cut where a block certainly
    // begins, whatever the block before it ([`Style::certain_break`]).
    let split = (lines.len() >= split_from_lines.max(2))
        .then(|| {
            (lines.len() / 2..lines.len())
                .find(|&at| certain_break_at(&lines, &style, &footnote_marks, at))
        })
        .flatten();
    let spans = match split {
        Some(at) => {
            let (first, second) = lines.split_at_mut(at);
            let mut second_dropped = Vec::new();
            let (mut spans, second_spans) = super::halves::both(
                true,
                || decide_blocks(first, 0, &style, &footnote_marks, &mut dropped),
                || decide_blocks(second, at, &style, &footnote_marks, &mut second_dropped),
            );
            spans.extend(second_spans);
            dropped.extend(second_dropped);
            spans
        }
        None => decide_blocks(lines.iter_mut(), 0, &style, &footnote_marks, &mut dropped),
    };
    // Every line's text is a slice of `text` (trimmed, its markup cut off): its place in it.
    // The lines are gone through once, in order, and freed a piece at a time behind the spans,
    // so that the lines and their places are not held whole at once.
    let base = text.as_ptr() as usize;
    let total: usize = spans.iter().map(|s| s.last + 1 - s.first).sum();
    let mut pieces = Vec::with_capacity(total);
    let mut blocks: Vec<PlannedBlock> = Vec::with_capacity(spans.len());
    let mut spans = spans.iter().peekable();
    // The first piece and the source line of the block whose lines are being gone through.
    let mut opened = (0, 0);
    let mut index = 0;
    for chunk in lines.into_chunks() {
        for line in &chunk {
            let at = index;
            index += 1;
            let Some(span) = spans.peek().filter(|span| span.first <= at) else {
                continue;
            };
            if at == span.first {
                opened = (pieces.len(), line.number as usize);
            }
            let start = (line.text.as_ptr() as usize)
                .saturating_sub(base)
                .min(text.len());
            pieces.push((start, start + line.text.len()));
            if at == span.last {
                blocks.push(PlannedBlock {
                    first: opened.0,
                    end: pieces.len(),
                    source_line: opened.1,
                    md_level: span.md_level,
                    bold: span.bold,
                });
                spans.next();
            }
        }
    }
    dropped.sort_by_key(|d| d.line);
    let plan = Plan {
        blocks,
        pieces,
        dropped,
    };
    (plan, split)
}

/// The lines of a text without its page furniture, what the text's style is, and where
/// footnote marks stand on lines of their own.
fn lines_and_style<'a>(
    text: &'a str,
    dropped: &mut Vec<Dropped>,
) -> (Chunked<Line<'a>>, Style, Vec<usize>) {
    let (mut lines, survey) = collect_lines(text, dropped);
    // The style is learnt from the lines that are left: where page furniture was dropped, the
    // lines are surveyed again.
    let survey = if drop_page_furniture(&mut lines, &survey.page, dropped) {
        Survey::of(lines.iter().copied(), 0, None, lines.len())
    } else {
        survey
    };
    let style = survey.style.style(lines.len());
    (lines, style, survey.footnote_marks)
}

/// Whether line `at` begins a block whatever the block before it ([`Style::certain_break`]):
/// where the blocks can be decided apart.
fn certain_break_at(
    lines: &Chunked<Line>,
    style: &Style,
    footnote_marks: &[usize],
    at: usize,
) -> bool {
    footnote_marks.binary_search(&at).is_err()
        && at
            .checked_sub(1)
            .and_then(|before| lines.get(before))
            .zip(lines.get(at))
            .is_some_and(|(prev, next)| style.certain_break(prev, next))
}

/// Decides where the blocks of these lines begin and end: the lines from `first_index` on, in
/// order, each freed of its markup (recorded in `dropped`). The first line begins a block.
fn decide_blocks<'l, 'a: 'l>(
    lines: impl Iterator<Item = &'l mut Line<'a>>,
    first_index: usize,
    style: &Style,
    footnote_marks: &[usize],
    dropped: &mut Vec<Dropped>,
) -> Vec<OpenBlock> {
    let mut spans: Vec<OpenBlock> = Vec::new();
    let mut current: Option<OpenBlock> = None;
    let mut prev: Option<Line> = None;
    let mut prev_unit = false;
    for (index, slot) in lines.enumerate() {
        let index = first_index + index;
        let (content, markup) = if slot.facts.has(Facts::MARKUP) {
            strip_markup(slot.text)
        } else {
            (slot.text, None)
        };
        if let Some(markup) = markup {
            dropped.push(Dropped {
                line: slot.number as usize,
                text: markup.to_string(),
                reason: DropReason::Markup,
            });
        }
        // The block is built from the lines later: keep the content without its markup.
        slot.text = content;
        let line = *slot;
        if content.is_empty() {
            // A line that was only markup (an HTML comment, a rule) ends the paragraph; an
            // underline (`====`, `----`) makes the one line above it a Markdown heading.
            if let Some(level) = markup.and_then(setext_level)
                && !line.blank_before
                && let Some(open) = current.as_mut()
                && open.first == open.last
            {
                open.md_level = Some(level);
            }
            spans.extend(current.take());
            prev = None;
            continue;
        }
        let md_level = markup
            .filter(|m| m.starts_with('#'))
            .map(|m| m.bytes().filter(|&b| b == b'#').count());
        // A contents entry with leaders, or a table row, is a line of its own.
        let unit = line.facts.has(Facts::UNIT);
        let starts_new = match (&current, prev) {
            (Some(_), Some(_)) if footnote_marks.binary_search(&index).is_ok() => false,
            (Some(open), Some(p)) => {
                unit || prev_unit || style.breaks_between(&p, &line, open, markup.is_some())
            }
            _ => true,
        };
        prev_unit = unit;
        if starts_new {
            spans.extend(current.take());
            current = Some(OpenBlock::new(index, &line, md_level));
        } else if let Some(open) = current.as_mut() {
            open.push(index, &line);
        }
        // A Markdown heading, or a line in bold, is a block of its own.
        prev = if md_level.is_some() || markup == Some("****") {
            if let Some(open) = current.as_mut() {
                open.bold = markup == Some("****") && open.first == open.last;
            }
            spans.extend(current.take());
            None
        } else {
            Some(line)
        };
    }
    spans.extend(current.take());
    spans
}

/// How much of a large text [`build_owned`] builds blocks for before it frees that text.
const FREE_STEP_BYTES: usize = 8 << 20;

/// Builds the blocks of a [`Plan`] from the text it was made from, taking the text: a large
/// one is built from its end, a step at a time, and each step's text (and line ranges) freed
/// once its blocks are built. The blocks are a copy of most of the text, so the text and all
/// the blocks are never held at once.
#[must_use]
pub fn build_owned(plan: Plan, text: String) -> Reflowed {
    let Plan {
        blocks: planned,
        mut pieces,
        dropped,
    } = plan;
    let mut text = text;
    let mut steps: Vec<Vec<RawBlock>> = Vec::new();
    let mut end = planned.len();
    while end > 0 {
        let start_of = |b: &PlannedBlock| pieces.get(b.first).map_or(0, |p| p.0);
        let limit = start_of(&planned[end - 1]).saturating_sub(FREE_STEP_BYTES);
        let mut start = end - 1;
        while start > 0 && start_of(&planned[start]) > limit {
            start -= 1;
        }
        steps.push(build_blocks(&planned[start..end], &pieces, &text));
        // Nothing from this step's first line on is read again. (A shrunk allocation is
        // returned to the system in place by the common allocators.)
        let cut = start_of(&planned[start]);
        if text.len() >= PARALLEL_MIN_BYTES && text.is_char_boundary(cut) {
            text.truncate(cut);
            text.shrink_to_fit();
            pieces.truncate(planned[start].first);
            pieces.shrink_to_fit();
        }
        end = start;
    }
    drop(text);
    let mut blocks = Vec::with_capacity(planned.len());
    for step in steps.into_iter().rev() {
        blocks.extend(step);
    }
    Reflowed {
        blocks,
        dropped,
        front_matter: Vec::new(),
    }
}

/// Builds the blocks' texts, each allocated once at its final size; a large run of blocks in
/// two halves at once.
fn build_blocks(planned: &[PlannedBlock], pieces: &[(usize, usize)], text: &str) -> Vec<RawBlock> {
    let split = planned.len() >= 2 && text.len() >= PARALLEL_MIN_BYTES;
    super::halves::map(planned, split, |_, b| {
        let lines = pieces.get(b.first..b.end).unwrap_or(&[]);
        let capacity = lines.iter().map(|(s, e)| e - s + 1).sum();
        let mut joined = String::with_capacity(capacity);
        for &(start, end) in lines {
            join_line(&mut joined, text.get(start..end).unwrap_or(""));
        }
        RawBlock {
            text: joined,
            source_line: b.source_line,
            md_level: b.md_level,
            shape: Shape::Prose,
            bold: b.bold,
        }
    })
}

/// The heading level a Markdown underline gives the line above it: 1 for `===`, 2 for `---`
/// (three or more, nothing else on the line).
fn setext_level(line: &str) -> Option<usize> {
    // Every line is asked: one that starts with neither whitespace nor `=` / `-` is spared
    // the trimming.
    if line
        .as_bytes()
        .first()
        .is_some_and(|&b| !may_start_whitespace(b) && b != b'=' && b != b'-')
    {
        return None;
    }
    let line = line.trim();
    if line.len() < 3 {
        return None;
    }
    if line.bytes().all(|b| b == b'=') {
        Some(1)
    } else if line.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

/// Splits a Markdown heading marker (`## `) or an HTML comment off a line, trimmed of its
/// surrounding whitespace. Returns the content and the markup that was removed.
fn strip_markup(line: &str) -> (&str, Option<&str>) {
    // Every line is asked: markup starts with one of these bytes.
    if line
        .as_bytes()
        .first()
        .is_none_or(|&b| !matches!(b, b'<' | b'=' | b'-' | b'*' | b'#'))
    {
        return (line, None);
    }
    if line.starts_with("<!--") && line.ends_with("-->") {
        return ("", Some(line));
    }
    // A Markdown underline or rule (`====`, `----`, `***`) is markup only.
    if line.len() >= 3 && setext_level(line).is_some() {
        return ("", Some(line));
    }
    // A whole line in bold (`**一、工作目标**`) is how many Markdown copies mark headings.
    if let Some(inner) = line
        .strip_prefix("**")
        .and_then(|rest| rest.strip_suffix("**"))
        .filter(|inner| !inner.is_empty() && !inner.contains("**"))
    {
        return (inner.trim(), Some("****"));
    }
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) {
        let rest = &line[hashes..];
        if rest.starts_with(' ') || rest.starts_with('\u{3000}') {
            let content = rest.trim_start();
            let markup = &line[..line.len() - content.len()];
            // Closing hashes (`## Title ##`) are markup too, but rare: keep them as text.
            return (content, Some(markup.trim_end()));
        }
    }
    (line, None)
}

/// Splits the text into lines, dropping blank lines and page furniture.
/// Below this size the lines are collected on one thread: starting threads costs more.
const PARALLEL_MIN_BYTES: usize = 4 << 20;

/// Below this many lines [`plan`] decides the blocks on one thread.
const PARALLEL_MIN_LINES: usize = 1 << 16;

/// How many pieces of a large text each thread collects the lines of, one after the other.
const PIECES_PER_THREAD: usize = 8;

/// Splits the text into lines, dropping blank lines and page furniture, and surveys them
/// ([`Survey`]). A large text is cut at line ends into pieces, a few per core, collected in
/// parallel, then numbered and surveyed in parallel; their lines stay in the pieces' vectors
/// (see [`Chunked`]), which [`plan`] frees one after the other.
fn collect_lines<'a>(text: &'a str, dropped: &mut Vec<Dropped>) -> (Chunked<Line<'a>>, Survey<'a>) {
    if text.len() < PARALLEL_MIN_BYTES {
        let lines = collect_piece(text, 0, dropped).0;
        let survey = Survey::of(lines.iter().copied(), 0, None, lines.len());
        return (Chunked::from_chunks(vec![lines]), survey);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8);
    // A few pieces for each thread, so that the lines are freed a piece at a time.
    let count = threads * PIECES_PER_THREAD;
    let mut pieces: Vec<&'a str> = Vec::with_capacity(count);
    let mut rest = text;
    for i in (1..count).rev() {
        let target = rest.len() - rest.len() / (i + 1) * i;
        let cut = memchr::memchr(b'\n', &rest.as_bytes()[target..])
            .map_or(rest.len(), |at| target + at + 1);
        pieces.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    pieces.push(rest);
    let results = on_threads(threads, &mut pieces, |piece| {
        let mut dropped = Vec::new();
        let (lines, end) = collect_piece(piece, 0, &mut dropped);
        (lines, dropped, end)
    });
    // Each piece's first line takes the blank or page break that ended the pieces before it.
    let mut collected: Vec<PieceLines<'a>> = Vec::with_capacity(results.len());
    let (mut line_offset, mut index) = (0, 0);
    let mut carried = PieceEnd::default();
    let mut last_line = None;
    for (mut lines, piece_dropped, end) in results {
        if let Some(first) = lines.first_mut() {
            first.blank_before |= carried.blank_pending;
            first.after_page_break |= carried.page_break_pending;
        }
        dropped.extend(piece_dropped.into_iter().map(|d| Dropped {
            line: d.line + line_offset,
            ..d
        }));
        let before = last_line;
        last_line = lines.last().copied().or(last_line);
        collected.push(PieceLines {
            line_offset,
            first_index: index,
            before,
            lines,
        });
        carried = PieceEnd {
            blank_pending: end.blank_pending || (carried.blank_pending && end.empty),
            page_break_pending: end.page_break_pending || (carried.page_break_pending && end.empty),
            empty: false,
            line_count: 0,
        };
        line_offset += end.line_count;
        index += collected.last().map_or(0, |p| p.lines.len());
    }
    // Each piece numbered its lines from 1: they are numbered on from the pieces before, and
    // surveyed in the same pass, all pieces at once.
    let content = index;
    let surveys = on_threads(threads, &mut collected, |piece| {
        let offset = u32::try_from(piece.line_offset).unwrap_or(u32::MAX);
        let numbered = piece.lines.iter_mut().map(|line| {
            line.number = line.number.saturating_add(offset);
            *line
        });
        Survey::of(numbered, piece.first_index, piece.before, content)
    });
    let mut surveys = surveys.into_iter();
    let mut survey = surveys
        .next()
        .unwrap_or_else(|| Survey::of(std::iter::empty(), 0, None, 0));
    for next in surveys {
        survey.add(next);
    }
    let chunks = collected.into_iter().map(|piece| piece.lines).collect();
    (Chunked::from_chunks(chunks), survey)
}

/// A piece's lines, and where they stand in the text.
struct PieceLines<'a> {
    /// Lines of the text before the piece.
    line_offset: usize,
    /// The index of its first line among the text's lines.
    first_index: usize,
    /// The text's line before its first.
    before: Option<Line<'a>>,
    lines: Vec<Line<'a>>,
}

/// `items.iter_mut().map(work).collect()`, on `threads` threads, each given
/// [`PIECES_PER_THREAD`] items in a row. A panic on a thread goes on in this one.
fn on_threads<T: Send, R: Send>(
    threads: usize,
    items: &mut [T],
    work: impl Fn(&mut T) -> R + Sync,
) -> Vec<R> {
    let work = &work;
    let run = move |run: &mut [T]| run.iter_mut().map(work).collect::<Vec<R>>();
    if threads < 2 {
        return run(items);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks_mut(PIECES_PER_THREAD)
            .map(|items| scope.spawn(move || run(items)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The state at the end of a piece of text, carried into the next piece.
#[derive(Debug, Clone, Copy, Default)]
struct PieceEnd {
    /// Blank lines (or furniture) after the piece's last content line.
    blank_pending: bool,
    /// A page break after the piece's last content line.
    page_break_pending: bool,
    /// The piece has no content line at all.
    empty: bool,
    /// Lines in the piece (a piece ends with its line end).
    line_count: usize,
}

fn collect_piece<'a>(
    text: &'a str,
    first_number: usize,
    dropped: &mut Vec<Dropped>,
) -> (Vec<Line<'a>>, PieceEnd) {
    // Room for lines of 24 bytes or more on average (blank lines between them included):
    // reserving is cheap (pages are only taken when written), growing a large vector is not.
    let mut lines = Vec::with_capacity(text.len() / 24);
    let mut blank_before = false;
    let mut after_page_break = false;
    let mut segment = |segment: &'a str, number: usize, page_break: bool| {
        if page_break {
            dropped.push(Dropped {
                line: number,
                text: "\u{0C}".to_string(),
                reason: DropReason::FormFeed,
            });
            after_page_break = true;
            blank_before = true;
        }
        if is_blank(segment) {
            blank_before = true;
            return;
        }
        let trimmed = trim(segment);
        if is_page_number(trimmed) {
            dropped.push(Dropped {
                line: number,
                text: trimmed.to_string(),
                reason: DropReason::PageNumber,
            });
            blank_before = true;
            after_page_break = true;
            return;
        }
        let (width, marks) = measure(trimmed);
        let width = u32::try_from(width).unwrap_or(u32::MAX);
        let leading = (trimmed.as_ptr() as usize).saturating_sub(segment.as_ptr() as usize);
        let indent = segment
            .get(..leading)
            .filter(|leading| !leading.is_empty())
            .map_or(0, |leading| {
                crate::text::width::str_width(leading, AmbiguousWidth::Narrow)
            });
        lines.push(Line {
            facts: Facts::of(trimmed, marks),
            number: u32::try_from(number).unwrap_or(u32::MAX),
            text: trimmed,
            width,
            indent: u8::try_from(indent).unwrap_or(u8::MAX),
            indented: segment.starts_with('\u{3000}') || segment.starts_with("  "),
            blank_before,
            after_page_break,
            marks,
        });
        blank_before = false;
        after_page_break = false;
    };
    let bytes = text.as_bytes();
    // Most texts have no form feed: one search of the piece spares one on every line.
    let has_form_feed = memchr::memchr(0x0C, bytes).is_some();
    let mut start = 0;
    let mut line_count = 0;
    // A piece cut at a line end has no empty last line of its own.
    let ends = memchr::memchr_iter(b'\n', bytes)
        .chain((!text.ends_with('\n') || text.is_empty()).then_some(bytes.len()));
    for (index, end) in ends.enumerate() {
        let raw_line = &text[start..end];
        start = end + 1;
        line_count = index + 1;
        let number = first_number + index + 1;
        // A form feed is a page break; the text around it on the same line still counts.
        if has_form_feed && memchr::memchr(0x0C, raw_line.as_bytes()).is_some() {
            for (i, piece) in raw_line.split('\u{0C}').enumerate() {
                segment(piece, number, i > 0);
            }
        } else {
            segment(raw_line, number, false);
        }
    }
    let end = PieceEnd {
        blank_pending: blank_before,
        page_break_pending: after_page_break,
        empty: lines.is_empty(),
        line_count,
    };
    (lines, end)
}

/// Drops page numbers printed bare (`12`) and running headers and footers, found among the
/// page lines of the survey of the lines ([`PageLines`]), surveyed again only where page numbers
/// were dropped. Whether any line was dropped.
fn drop_page_furniture(
    lines: &mut Chunked<Line>,
    page_lines: &PageLines,
    dropped: &mut Vec<Dropped>,
) -> bool {
    if !drop_bare_page_numbers(lines, &page_lines.bare_numbers, dropped) {
        return drop_running_headers(lines, page_lines, dropped);
    }
    let again = Survey::of(lines.iter().copied(), 0, None, lines.len());
    drop_running_headers(lines, &again.page, dropped);
    true
}

/// What one pass over the lines gathers for the passes after it: a million lines do not stay
/// in the cache, and each pass over them reads them from memory again. A large text's pieces
/// are surveyed on all cores, each after the last line of the piece before it, and their
/// surveys added up ([`Survey::add`]): the sum is the survey of the whole.
#[derive(Debug, PartialEq, Eq)]
struct Survey<'a> {
    page: PageLines<'a>,
    style: StyleCounts,
    /// Footnote marks printed on a line of their own inside a sentence (`……“四个出新出彩”` /
    /// `1` / `，进一步……`): the comma after the mark says the sentence goes on through it.
    footnote_marks: Vec<usize>,
}

impl<'a> Survey<'a> {
    /// Surveys `lines`, the lines from index `first_index` on of a text of `content` lines,
    /// after line `prev` (the one before them, if any).
    fn of(
        lines: impl Iterator<Item = Line<'a>>,
        first_index: usize,
        mut prev: Option<Line<'a>>,
        content: usize,
    ) -> Self {
        let mut survey = Self {
            page: PageLines::default(),
            style: StyleCounts::new(),
            footnote_marks: Vec::new(),
        };
        for (i, line) in (first_index..).zip(lines) {
            survey.page.see(i, &line, prev.as_ref());
            survey.style.see(i, &line, prev.as_ref(), content);
            if let Some(before) = prev
                && line.facts.has(Facts::STARTS_CONTINUING)
                && is_footnote_mark(before.text)
            {
                survey.footnote_marks.push(i - 1);
            }
            prev = Some(line);
        }
        survey
    }

    /// Adds the survey of the lines right after those of this one.
    fn add(&mut self, next: Self) {
        self.page.bare_numbers.extend(next.page.bare_numbers);
        self.page.near_breaks.extend(next.page.near_breaks);
        self.page.page_breaks += next.page.page_breaks;
        self.style.add(&next.style);
        self.footnote_marks.extend(next.footnote_marks);
    }
}

/// A line next to a page break: its index, its text and the ends of its shape (found in the
/// survey, on all cores, while the line is at hand).
type NearBreak<'a> = (usize, &'a str, ShapeEnds);

/// What page furniture is looked for among.
#[derive(Debug, Default, PartialEq, Eq)]
struct PageLines<'a> {
    /// Lines that are a bare number (`12`): the number, and the line's number in the text.
    bare_numbers: Vec<(u32, u32)>,
    /// Lines right after a page break and right before one, with their indices, in order.
    near_breaks: Vec<NearBreak<'a>>,
    page_breaks: usize,
}

impl<'a> PageLines<'a> {
    /// Sees line `i`, after `prev`.
    fn see(&mut self, i: usize, line: &Line<'a>, prev: Option<&Line<'a>>) {
        // Headers and footers are short.
        let short = |text: &str| text.len() <= 120;
        if is_bare_number(line)
            && let Ok(number) = line.text.parse()
        {
            self.bare_numbers.push((number, line.number));
        }
        if line.after_page_break {
            self.page_breaks += 1;
            if let Some(before) = prev
                && !before.after_page_break
                && short(before.text)
            {
                self.near_breaks
                    .push((i - 1, before.text, shape_ends(before.text)));
            }
            if short(line.text) {
                self.near_breaks.push((i, line.text, shape_ends(line.text)));
            }
        }
    }
}

/// A line of one to four digits and nothing else.
fn is_bare_number(line: &Line) -> bool {
    line.text.len() <= 4 && line.text.bytes().all(|b| b.is_ascii_digit())
}

/// Page numbers printed as a bare number on a line of their own (`12`), as pdftotext leaves
/// them: taken as page numbers when there are several and they mostly count up. Whether any
/// were dropped.
fn drop_bare_page_numbers(
    lines: &mut Chunked<Line>,
    found: &[(u32, u32)],
    dropped: &mut Vec<Dropped>,
) -> bool {
    let rising = found.windows(2).filter(|w| w[1].0 > w[0].0).count();
    // Pages hold many lines: numbers on consecutive lines are a column of figures.
    let spread = found.windows(2).all(|w| w[1].1 >= w[0].1 + 5);
    if found.len() < 3 || rising * 4 < (found.len() - 1) * 3 || !spread {
        return false;
    }
    let mut carry_break = false;
    lines.retain_mut(|line| {
        if is_bare_number(line) {
            dropped.push(Dropped {
                line: line.number as usize,
                text: line.text.to_string(),
                reason: DropReason::PageNumber,
            });
            carry_break = true;
            return false;
        }
        if carry_break {
            line.after_page_break = true;
            line.blank_before = true;
            carry_break = false;
        }
        true
    });
    true
}

/// Running headers and footers: the same short line next to many page breaks. Whether any was
/// dropped.
fn drop_running_headers(
    lines: &mut Chunked<Line>,
    page_lines: &PageLines,
    dropped: &mut Vec<Dropped>,
) -> bool {
    // The lines around page breaks, compared by their shape, figures left out: a footer
    // carries the page's number (`Hardt   Standards Track   [Page 5]`). Keyed by a fast hash
    // of the shape (with the shape kept to tell collisions apart): a long document has a great
    // many page breaks.
    let PageLines {
        near_breaks: near,
        page_breaks,
        ..
    } = page_lines;
    let page_breaks = *page_breaks;
    if page_breaks < 2 {
        return false;
    }
    let threshold = (page_breaks / 2).max(2);
    // A shape's first and last characters: lines whose shapes share them with too few others
    // cannot be headers, and their shapes are not made.
    let ends: Vec<ShapeEnds> = near.iter().map(|&(_, _, ends)| ends).collect();
    let common_ends = frequent(&ends, threshold);
    drop(ends);
    if common_ends.is_empty() {
        return false;
    }
    let mut near_break: HashMap<u64, (String, usize)> = HashMap::new();
    // One buffer for every shape: a long document has a shape to make at every page break.
    let mut shape = String::new();
    for &(_, text, ends) in near {
        if common_ends.contains(&ends) {
            figure_shape_into(text, &mut shape);
            let key = xxhash_rust::xxh3::xxh3_64(shape.as_bytes());
            let entry = near_break.entry(key).or_insert_with(|| (shape.clone(), 0));
            if entry.0 == shape {
                entry.1 += 1;
            }
        }
    }
    let headers: Vec<String> = near_break
        .into_values()
        .filter(|(_, n)| *n >= threshold)
        .map(|(t, _)| t)
        .collect();
    if headers.is_empty() {
        return false;
    }
    let mut headers_at: Vec<usize> = near
        .iter()
        .filter(|&&(_, text, _)| headers.contains(&figure_shape(text)))
        .map(|&(i, _, _)| i)
        .collect();
    headers_at.reverse();
    let mut index = 0;
    let mut carry_break = false;
    lines.retain_mut(|line| {
        let at = index;
        index += 1;
        if headers_at.last() == Some(&at) {
            headers_at.pop();
            dropped.push(Dropped {
                line: line.number as usize,
                text: line.text.to_string(),
                reason: DropReason::RunningHeader,
            });
            carry_break |= line.after_page_break;
            return false;
        }
        if carry_break {
            line.after_page_break = true;
            line.blank_before = true;
            carry_break = false;
        }
        true
    });
    true
}

/// The values that occur `threshold` times or more in `values`, in no order, found in linear
/// time with a few counters (a long document has a great many page breaks). Misra and Gries's
/// count: `k` counters keep every value that makes up more than `1 / (k + 1)` of all, and
/// those kept are counted again.
fn frequent<T: Copy + PartialEq>(values: &[T], threshold: usize) -> Vec<T> {
    let threshold = threshold.max(1);
    // A value seen `threshold` times makes up more than `1 / (k + 1)` of the values.
    let k = values.len() / threshold;
    let mut counters: Vec<(T, usize)> = Vec::with_capacity(k);
    for &value in values {
        if let Some(counter) = counters.iter_mut().find(|(v, _)| *v == value) {
            counter.1 += 1;
        } else if counters.len() < k {
            counters.push((value, 1));
        } else {
            for counter in &mut counters {
                counter.1 -= 1;
            }
            counters.retain(|&(_, n)| n > 0);
        }
    }
    counters
        .into_iter()
        .map(|(value, _)| value)
        .filter(|value| values.iter().filter(|v| *v == value).count() >= threshold)
        .collect()
}

/// A line with its run of digits replaced by `#` and each run of spaces by one, to recognise
/// the same header or footer on every page whatever its page number (and the alignment that
/// shifts with the number's width). A line with more than one number is kept as it is: a
/// footer carries one number, the page's.
fn figure_shape(text: &str) -> String {
    let mut shape = String::with_capacity(text.len());
    figure_shape_into(text, &mut shape);
    shape
}

/// Whether `text` has more than one run of ASCII digits (a footer has one, its page's number).
/// Lines near every page break are asked: it stops at the second run.
fn has_several_digit_runs(text: &str) -> bool {
    let mut runs = 0;
    let mut in_run = false;
    for &b in text.as_bytes() {
        let digit = b.is_ascii_digit();
        if digit && !in_run {
            runs += 1;
            if runs > 1 {
                return true;
            }
        }
        in_run = digit;
    }
    false
}

/// Of [`figure_shape`]`(text)`, without making it: its first and last characters, with a digit
/// taken for `#` even where the shape keeps the text as it is. Lines whose ends differ have
/// different shapes; lines with the same ends are told apart by their shapes.
type ShapeEnds = (Option<char>, Option<char>);

/// The [`ShapeEnds`] of `text`.
fn shape_ends(text: &str) -> ShapeEnds {
    let map = |c: char| match c {
        '0'..='9' => '#',
        c if c.is_whitespace() => ' ',
        c => c,
    };
    (
        text.chars().next().map(map),
        text.chars().next_back().map(map),
    )
}

/// [`figure_shape`] into a buffer that is cleared first.
fn figure_shape_into(text: &str, shape: &mut String) {
    shape.clear();
    if has_several_digit_runs(text) {
        shape.push_str(text);
        return;
    }
    let mut last = None;
    for c in text.chars() {
        let c = match c {
            '0'..='9' => '#',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if !(matches!(c, '#' | ' ') && last == Some(c)) {
            shape.push(c);
        }
        last = Some(c);
    }
}

/// Page numbers as PDF extractions print them: `— 3 —`, `－3－`, `-3-`, `- 3 -`, `第3页`,
/// `第 3 页 共 10 页`, `3/10`, `Page 3`, `Page 3 of 10`.
pub(crate) fn is_page_number(line: &str) -> bool {
    // Cheap rejections first: this runs on every line.
    let plausible_start = |c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '—' | '－' | '-' | '–' | '―' | '─' | '第' | 'P' | 'p' | '０'..='９'
            )
    };
    // The first bytes those characters start with: a digit, `-`, `P`, `p`, `E2` (the dashes),
    // `EF` (full-width forms), `E7` (`第`). Most lines start with none of them.
    let plausible_lead =
        |b: u8| b.is_ascii_digit() || matches!(b, b'-' | b'P' | b'p' | 0xE2 | 0xE7 | 0xEF);
    if line.len() > 60
        || !line.as_bytes().first().is_some_and(|&b| plausible_lead(b))
        || !line.starts_with(plausible_start)
    {
        return false;
    }
    let is_dash = |c: char| matches!(c, '—' | '－' | '-' | '–' | '―' | '─' | '·' | '•');
    // What each form below needs, without building the line's copy: many lines of Chinese
    // text start with `第` or a figure.
    let (first, last) = (
        line.trim_start().chars().next(),
        line.trim_end().chars().next_back(),
    );
    let may_be = first.is_some_and(is_dash) && last.is_some_and(is_dash)
        || matches!(first, Some('p' | 'P'))
        || memchr::memchr(b'/', line.as_bytes()).is_some()
        || line.contains('页');
    if !may_be {
        return false;
    }
    let s: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() || s.chars().count() > 20 {
        return false;
    }
    let digits = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    // — 3 —
    let inner = s.trim_matches(is_dash);
    if inner.len() < s.len() && s.starts_with(is_dash) && s.ends_with(is_dash) && digits(inner) {
        return true;
    }
    // 第3页 / 第3页共10页 / 共10页第3页
    if let Some(rest) = s.strip_prefix('第')
        && let Some((n, tail)) = rest.split_once('页')
        && digits(n)
    {
        return tail.is_empty()
            || tail
                .strip_prefix('共')
                .and_then(|t| t.strip_suffix('页'))
                .is_some_and(digits);
    }
    // 3/10
    if let Some((a, b)) = s.split_once('/') {
        return digits(a) && digits(b) && a.len() <= 4 && b.len() <= 4;
    }
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        return match rest.split_once("of") {
            Some((a, b)) => digits(a) && digits(b),
            None => digits(rest),
        };
    }
    false
}

/// The `rank(len)`-th smallest value (0 for an empty slice), in linear time.
fn nth_smallest(values: &mut [u32], rank: impl Fn(usize) -> usize) -> u32 {
    if values.is_empty() {
        return 0;
    }
    let at = rank(values.len()).min(values.len() - 1);
    *values.select_nth_unstable(at).1
}

/// Display widths counted by value: the order statistics and counts the layout is learnt from,
/// without vectors of a million widths beside the lines (the peak memory of a large text).
#[derive(Debug, PartialEq, Eq)]
struct Widths {
    /// How many widths there are of each value below [`SMALL_WIDTHS`].
    small: Vec<usize>,
    /// The rare wider ones, one by one.
    large: Vec<u32>,
    len: usize,
}

/// Widths below this are counted by value.
const SMALL_WIDTHS: usize = 1024;

impl Widths {
    fn new() -> Self {
        Self {
            small: vec![0; SMALL_WIDTHS],
            large: Vec::new(),
            len: 0,
        }
    }

    fn push(&mut self, width: u32) {
        self.len += 1;
        match self.small.get_mut(width as usize) {
            Some(n) => *n += 1,
            None => self.large.push(width),
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    /// Counts the widths of `other` too.
    fn add(&mut self, other: &Self) {
        for (n, more) in self.small.iter_mut().zip(&other.small) {
            *n += more;
        }
        self.large.extend_from_slice(&other.large);
        self.len += other.len;
    }

    /// The `rank(len)`-th smallest width (0 when there is none), as [`nth_smallest`] gives it.
    fn nth_smallest(&mut self, rank: impl Fn(usize) -> usize) -> u32 {
        if self.len == 0 {
            return 0;
        }
        let at = rank(self.len).min(self.len - 1);
        let mut seen = 0;
        for (width, &n) in self.small.iter().enumerate() {
            seen += n;
            if seen > at {
                return u32::try_from(width).unwrap_or(u32::MAX);
            }
        }
        nth_smallest(&mut self.large, |_| at - seen)
    }

    /// How many widths pass `keep`.
    fn count(&self, keep: impl Fn(usize) -> bool) -> usize {
        let small: usize = self
            .small
            .iter()
            .enumerate()
            .filter(|&(width, _)| keep(width))
            .map(|(_, &n)| n)
            .sum();
        small + self.large.iter().filter(|&&w| keep(w as usize)).count()
    }
}

/// What the reflow learned about the document's layout.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// Lines are broken at a fixed width.
    hard_wrapped: bool,
    /// A line narrower than this is short: a paragraph may end there ([`Style::is_short`]).
    full_width: u32,
    /// A line's indentation counts in its width: the text was broken at a fixed number of
    /// characters, where an indented first line is as wide as the lines after it. (In a text
    /// with a ragged right edge, an indented line that ends short of the edge would pass for a
    /// full one.)
    indent_counts: bool,
    /// Blank lines separate paragraphs (they are not after every line).
    blank_breaks: bool,
    /// An indented line starts a paragraph.
    indent_breaks: bool,
    /// The text is indented and its headings are not (a standard as an RFC prints it): a line
    /// that is not indented after one that is starts a block.
    outdent_breaks: bool,
}

/// What a text's style is learnt from, counted line by line ([`StyleCounts::see`]); the
/// counts of consecutive runs of lines add up to those of the whole.
#[derive(Debug, PartialEq, Eq)]
struct StyleCounts {
    /// Widths of the lines that end mid-sentence and run on into a next line: in a
    /// hard-wrapped text these are most lines, and they show the width at which the text was
    /// broken. Heading lines are left out: short and unpunctuated, they would pass for wrapped
    /// lines and, in a document dense with headings, hide the width of the text.
    open_widths: Widths,
    all_widths: Widths,
    /// Blank lines mean paragraph breaks when they (almost) never follow a line that ends
    /// mid-sentence; after every line, as in the sample, they mean nothing.
    open_pairs: usize,
    open_then_blank: usize,
    blank_pairs: usize,
    indented: usize,
}

impl StyleCounts {
    fn new() -> Self {
        Self {
            open_widths: Widths::new(),
            all_widths: Widths::new(),
            open_pairs: 0,
            open_then_blank: 0,
            blank_pairs: 0,
            indented: 0,
        }
    }

    /// Counts line `i` of a text of `content` lines, after `prev` (the line before it, if any).
    fn see(&mut self, i: usize, line: &Line, prev: Option<&Line>, content: usize) {
        let blank_break = line.blank_before && !line.after_page_break;
        if let Some(prev) = prev {
            self.blank_pairs += usize::from(blank_break);
            // A line before another is open when it ends mid-sentence.
            if prev.facts.has(Facts::OPEN) {
                self.open_pairs += 1;
                self.open_then_blank += usize::from(blank_break);
            }
        }
        let open = line.facts.has(Facts::OPEN) && i + 1 < content;
        if open && !line.facts.has(Facts::HEADING_LINE) {
            self.open_widths.push(line.width);
        }
        self.all_widths.push(line.width);
        self.indented += usize::from(line.indented);
    }

    /// Adds the counts of other lines.
    fn add(&mut self, other: &Self) {
        self.open_widths.add(&other.open_widths);
        self.all_widths.add(&other.all_widths);
        self.open_pairs += other.open_pairs;
        self.open_then_blank += other.open_then_blank;
        self.blank_pairs += other.blank_pairs;
        self.indented += other.indented;
    }

    /// The style of a text of `content` lines with these counts.
    fn style(mut self, content: usize) -> Style {
        let Self {
            open_pairs,
            open_then_blank,
            blank_pairs,
            indented,
            ..
        } = self;
        let open_widths = &mut self.open_widths;
        let median = open_widths.nth_smallest(|n| n / 2) as usize;
        let p90 = self.all_widths.nth_smallest(|n| n * 9 / 10) as usize;
        // Open lines of a wrapped text are the full lines: many, alike in width, and as wide as
        // the text gets. In a web copy the few open lines are headings, short and uneven.
        let near_median = open_widths.count(|w| w * 5 >= median * 4 && w * 5 <= median * 6);
        let hard_wrapped = open_widths.len() >= 3
            && open_widths.len() * 4 >= content
            && near_median * 5 >= open_widths.len() * 3
            && p90 * 10 <= median * 13;
        // A line narrower than four fifths of a full line is short: justified newspaper
        // columns and narrow digits make full lines vary a little. Where nearly all of them
        // (17 in 20) are at most a column narrower than the median and three wider (a text
        // broken at a fixed number of characters, as a PDF's extraction or a script gives it),
        // a line is short one column short of a full one: a heading of fifteen characters in
        // lines of sixteen is a line of its own.
        let regular = open_widths.count(|w| w + 1 >= median && w <= median + 3) * 20
            >= open_widths.len() * 17;
        let full_width = match (hard_wrapped, regular) {
            (false, _) => u32::MAX,
            (true, false) => u32::try_from(median * 4 / 5).unwrap_or(u32::MAX),
            (true, true) => u32::try_from(median.saturating_sub(1)).unwrap_or(u32::MAX),
        };
        let pairs = content.saturating_sub(1);
        let blank_breaks = blank_pairs > 0
            && (blank_pairs * 2 < pairs || (open_pairs >= 3 && open_then_blank * 10 <= open_pairs));
        let indent_breaks = indented >= 2 && indented * 5 < content * 3;
        let outdent_breaks = indented * 5 >= content * 3;
        Style {
            hard_wrapped,
            full_width,
            indent_counts: hard_wrapped && regular,
            blank_breaks,
            indent_breaks,
            outdent_breaks,
        }
    }
}

impl Style {
    /// Whether a line is short of the text's full lines: a paragraph may end there.
    fn is_short(&self, line: &Line) -> bool {
        let indent = if self.indent_counts {
            u32::from(line.indent)
        } else {
            0
        };
        line.width.saturating_add(indent) < self.full_width
    }

    /// Whether `next` starts a block after `prev` whatever the block `prev` ends, as
    /// [`Style::breaks_between`] decides, for lines with no markup: the rules that answer from
    /// the two lines alone ([`Style::break_by_the_lines`]), or, where those say nothing, a short
    /// line ending a sentence, which every later rule breaks after (none of them answers no).
    fn certain_break(&self, prev: &Line, next: &Line) -> bool {
        if prev.facts.has(Facts::MARKUP) || next.facts.has(Facts::MARKUP) {
            return false;
        }
        if prev.facts.has(Facts::UNIT) || next.facts.has(Facts::UNIT) {
            return true;
        }
        self.break_by_the_lines(prev, next)
            .unwrap_or_else(|| self.is_short(prev) && prev.facts.has(Facts::ENDS_TERMINAL))
    }

    /// The first rules of [`Style::breaks_between`], which read the two lines and not the block
    /// they would join: `None` when none of them decides.
    fn break_by_the_lines(&self, prev: &Line, next: &Line) -> Option<bool> {
        if (self.blank_breaks && next.blank_before && !next.after_page_break)
            || (self.indent_breaks && next.indented)
            || (self.outdent_breaks && prev.indented && !next.indented)
            || next.facts.has(Facts::LIST_ITEM)
            // The fields of a labelled header (`法規名稱：……` / `法規類別：……`) are lines of
            // their own, however long the one before.
            || (prev.facts.has(Facts::LABEL) && next.facts.has(Facts::LABEL))
            || !self.hard_wrapped
        {
            return Some(true);
        }
        // No paragraph starts with a comma or a closing bracket: the line goes on.
        next.facts.has(Facts::STARTS_CONTINUING).then_some(false)
    }

    /// Whether `next` starts a new block after `prev`, which ends the block `block` so far.
    fn breaks_between(
        &self,
        prev: &Line,
        next: &Line,
        block: &OpenBlock,
        next_is_markup: bool,
    ) -> bool {
        if next_is_markup {
            return true;
        }
        if let Some(decided) = self.break_by_the_lines(prev, next) {
            return decided;
        }
        let ends_sentence = prev.facts.has(Facts::ENDS_TERMINAL);
        let ends_continuing = prev.facts.has(Facts::ENDS_CONTINUING);
        let next_is_marked = next.facts.has(Facts::MARKED);
        // A heading line of its own (`第一章 总 则`), or a heading followed by the next one.
        if next_is_marked
            && ((self.is_short(next) && !has_punctuation(next.text)) || block.is_open_heading())
        {
            return true;
        }
        // The lines of a title block: a subtitle after a title line, a date on its own line.
        if !ends_continuing
            && ((next.text.starts_with("——") && !has_punctuation(prev.text) && block.depth == 0)
                || (self.is_short(next) && super::dates::date_line(next.text).is_some()))
        {
            return true;
        }
        // A heading that filled its line goes on only with more heading: a short tail, or a
        // line whose first clause ends the heading's sentence (`……，加` + `快发展新质生产力。把……`).
        // A full line whose first clause ends in a comma is the body.
        if block.is_open_heading()
            && !self.is_short(prev)
            && !ends_continuing
            && !self.is_short(next)
            && matches!(
                first_clause_end(next.text),
                Some('，' | '；' | '：' | ',' | ';' | ':')
            )
        {
            return true;
        }
        if self.is_short(prev) {
            if ends_continuing {
                return false;
            }
            if ends_sentence {
                return true;
            }
            // A run-in point (`一是……。`) whose first sentence wrapped early goes on.
            return !block.is_open_run_in();
        }
        // A full line: the paragraph goes on unless a sentence ended right before a heading
        // marker, a dash item, or a short line with no punctuation at all (a heading or title).
        if ends_sentence
            && (next_is_marked
                || next.text.starts_with("——")
                || (self.is_short(next) && !has_punctuation(next.text)))
        {
            return true;
        }
        // A heading that wrapped over full lines ends with its closing quote or bracket.
        block.is_open_heading() && prev.text.ends_with(['”', '）', '》', '」'])
    }
}

/// The first clause or sentence punctuation in `line`.
fn first_clause_end(line: &str) -> Option<char> {
    line.chars().find(|c| {
        matches!(
            c,
            '，' | '。' | '；' | '：' | '！' | '？' | ',' | ';' | ':' | '!' | '?'
        )
    })
}

/// A line that is a heading of its own: a marker and then no punctuation (`（一）指导思想`).
fn is_heading_line(line: &str) -> bool {
    numbering::parse_marker(line).is_some_and(|m| !has_punctuation(&line[m.len..]))
}

/// Sentence or clause punctuation anywhere in the line.
fn has_punctuation(line: &str) -> bool {
    line.contains([
        '，', '。', '、', '；', '：', '？', '！', ',', '.', ';', ':', '?', '!',
    ])
}

/// A line that opens with a field's label: two to six ideographs and a colon (`法規類別：`).
fn starts_with_label(line: &str) -> bool {
    // Every line is asked: its bytes are read, not its characters. An ideograph of
    // U+4E00–U+9FFF is three bytes with a lead `E4` (and a second byte from `B8`) to `E9`.
    let bytes = line.as_bytes();
    let ideograph_at = |at: usize| {
        matches!(
            bytes.get(at..at + 2),
            Some([0xE5..=0xE9, _] | [0xE4, 0xB8..=0xBF])
        )
    };
    let mut ideographs = 0;
    while ideographs < 7 && ideograph_at(ideographs * 3) {
        ideographs += 1;
    }
    (2..=6).contains(&ideographs)
        && line
            .get(ideographs * 3..)
            .is_some_and(|rest| rest.starts_with(COLONS))
}

fn is_list_item(line: &str) -> bool {
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || line.starts_with("> ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        reflow(text).blocks.into_iter().map(|b| b.text).collect()
    }

    /// `text` hard-wrapped every `width` characters, as a PDF extraction prints it.
    fn hard_wrapped(text: &str, width: usize) -> String {
        let chars: Vec<char> = text.chars().collect();
        chars
            .chunks(width)
            .map(|line| line.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// In a text broken at exactly sixteen characters, a line one character short is short: a
    /// title or heading of thirteen to fifteen characters is a line of its own, and a paragraph
    /// ends on a line that falls short of the width. A paragraph's first line, indented by two
    /// ideographic spaces, is as wide as the others and goes on.
    #[test]
    fn in_a_text_broken_at_a_fixed_width_a_line_one_character_short_ends_its_block() {
        let prose = "坚持以习近平新时代中国特色社会主义思想为指导全面贯彻党的二十大精神完整准确全面\
                     贯彻新发展理念加快构建新发展格局着力推动高质量发展更好统筹发展和安全。";
        let paragraph = |text: &str| hard_wrapped(text, 16);
        let heading = "“十五五”时期的主要目标任务"; // thirteen characters
        // Indented by two characters, the first line holds fourteen.
        let indented = |text: &str| {
            let cut = text.char_indices().nth(14).map_or(text.len(), |(at, _)| at);
            format!("　　{}\n{}", &text[..cut], hard_wrapped(&text[cut..], 16))
        };
        let text = format!(
            "{}\n{heading}\n{}\n（一）放大促消费扩投资政策效应\n{}\n{}\n",
            paragraph(prose),
            paragraph(prose),
            paragraph(prose),
            indented(&prose[..prose.len() - 3 * 3]),
        );
        let blocks = texts(&text);
        assert_eq!(
            blocks,
            [
                prose,
                heading,
                prose,
                "（一）放大促消费扩投资政策效应",
                prose,
                &prose[..prose.len() - 3 * 3]
            ]
        );
    }

    /// In a text with a ragged right edge the indentation does not count: RFC 6749's
    /// definitions are indented nine columns, and the last line of one, short of the edge,
    /// ends it before the page break, whatever its indentation.
    #[test]
    fn in_a_ragged_text_an_indented_line_short_of_the_edge_ends_its_block() {
        let text = include_str!("../../../tests/corpus/real/std-rfc6749-oauth2.txt");
        let blocks = texts(text);
        let secret = blocks
            .iter()
            .position(|b| b.starts_with("REQUIRED.  The client secret."));
        let secret = secret.unwrap_or_else(|| panic!("no client_secret definition"));
        assert!(blocks[secret].ends_with("if the client secret is an empty string."));
        assert!(blocks[secret + 1].starts_with("Including the client credentials"));
    }

    #[test]
    fn the_fields_of_a_labelled_header_stay_apart() {
        // A law from Taiwan's database: its text is wrapped at 34 columns, and its first field
        // is about as long.
        let text = include_str!("../../../tests/corpus/real/tw-ilosh-organization.md");
        let blocks = texts(text);
        assert_eq!(
            blocks[0],
            "法規名稱：行政院勞工委員會勞工安全衛生研究所組織條例"
        );
        assert_eq!(blocks[1], "法規類別：法律 / 廢止法規＞勞動部");
    }

    #[test]
    fn a_footnote_number_on_its_own_line_stays_in_its_sentence() {
        let body = "坚持以习近平新时代中国特色社会主义思想为指导全面贯彻党的二十大精神完整准确全面\
                    贯彻新发展理念加快构建新发展格局着力推动高质量发展更好统筹发展和安全。";
        let text = format!(
            "{}\n\n{}\n1\n{}\n\n{}",
            hard_wrapped(body, 30),
            hard_wrapped(&format!("{}奋力实现“四个出新出彩”", &body[..60]), 30),
            hard_wrapped(&format!("，进一步推动高质量发展，{body}"), 30),
            hard_wrapped(body, 30),
        );
        let blocks = texts(&text);
        assert_eq!(blocks.len(), 3, "{blocks:#?}");
        assert!(
            blocks[1].contains("“四个出新出彩”1，进一步推动"),
            "{blocks:#?}"
        );
        // A number line that no comma follows is left alone.
        assert!(is_footnote_mark("1") && is_footnote_mark("[12]") && is_footnote_mark("²"));
        assert!(!is_footnote_mark("1234") && !is_footnote_mark("一") && !is_footnote_mark(""));
    }

    /// The depth composed from a line's marks equals counting bracket by bracket.
    #[test]
    fn marks_compose_like_counting() {
        for line in [
            "",
            "（a）",
            "）)”b",
            "“《x",
            "）（",
            "a）b（c）（",
            "））（（（",
        ] {
            for start in 0..4 {
                let mut marks = Marks::default();
                line.chars().for_each(|c| marks.see(c));
                let counted = line.chars().fold(start, |d: usize, c| match c {
                    '“' | '《' | '（' | '(' => d + 1,
                    '”' | '》' | '）' | ')' => d.saturating_sub(1),
                    _ => d,
                });
                assert_eq!(marks.depth_after(start), counted, "{line:?} from {start}");
            }
        }
    }

    /// The measure from the bytes gives the width helper's width and marks, on every line of
    /// the sample and on the characters it knows.
    #[test]
    fn common_measure_equals_the_width_helper() {
        let key = |m: Marks| {
            (
                m.sentence_end,
                m.semicolon,
                m.net_depth,
                m.min_depth,
                m.space,
            )
        };
        let extra = "‘’“”—…，。、；：？！（）《》「」『』【】　ａ０ｚ一龥丁䷀ a(1)~";
        let mut common = 0;
        for line in crate::source::SAMPLE.lines().chain([
            extra,
            "e\u{301}",
            "中😀文",
            "·",
            "a\tb",
            "〪中",
            "ｧ",
            "é",
            "Ω中",
            "㐀",
        ]) {
            let mut fast = Marks::default();
            let mut slow = Marks::default();
            let width = crate::text::width::str_width_visiting(line, AmbiguousWidth::Narrow, |c| {
                slow.see(c);
            });
            if let Some(w) = measure_common(line, &mut fast) {
                common += 1;
                assert_eq!(w, width, "{line:?}");
                assert_eq!(key(fast), key(slow), "{line:?}");
            }
            assert_eq!(measure(line).0, width, "{line:?}");
            assert_eq!(key(measure(line).1), key(slow), "{line:?}");
        }
        assert!(common > 100);
        assert!(measure_common(extra, &mut Marks::default()).is_some());
        assert!(measure_common("中😀文", &mut Marks::default()).is_none());
    }

    /// Characters in and around the ranges [`measure_common`] knows: its neighbours in UTF-8
    /// (`㐀` shares `E3` with the punctuation, `〪` is a combining mark there, `ꀀ` and `Ｏ`
    /// follow the ranges), other widths and controls.
    const MEASURED_CHARS: &[char] = &[
        '中', '一', '龥', '䷀', '丁', '㐀', '〪', 'ꀀ', '＀', 'ｧ', '￥', '。', '，', '、', '；', '？',
        '！', '（', '）', '《', '》', '“', '”', '‘', '’', '—', '…', '–', '‖', '　', ' ', '\t', '(',
        ')', 'a', '1', '~', '\u{7F}', 'é', 'Ω', '😀', '\u{301}', '\u{200B}', '·',
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The measure from the bytes agrees with the width helper on any line of these
        /// characters, or leaves it to the helper.
        #[test]
        fn common_measure_agrees_with_the_width_helper_or_declines(
            picks in proptest::collection::vec(0..MEASURED_CHARS.len(), 0..24),
        ) {
            let line: String = picks.iter().map(|&i| MEASURED_CHARS[i]).collect();
            let key = |m: Marks| (m.sentence_end, m.semicolon, m.net_depth, m.min_depth, m.space);
            let mut slow = Marks::default();
            let width = crate::text::width::str_width_visiting(&line, AmbiguousWidth::Narrow, |c| {
                slow.see(c);
            });
            let mut fast = Marks::default();
            if let Some(w) = measure_common(&line, &mut fast) {
                proptest::prop_assert_eq!(w, width, "{:?}", line);
                proptest::prop_assert_eq!(key(fast), key(slow), "{:?}", line);
            }
            proptest::prop_assert_eq!(measure(&line).0, width);
        }
    }

    /// A line's first byte spares most lines the test for a mark that continues the line
    /// before: no ASCII character does, nor any character whose lead is `E4`–`E9`.
    #[test]
    fn no_ascii_and_no_ideograph_continues_a_line() {
        let spared = ('\0'..='\u{7F}').chain('\u{4000}'..='\u{9FFF}');
        assert!(spared.clone().all(|c| !punctuation::continues_line(c)));
        let facts = |line: &str| Facts::of(line, measure(line).1);
        assert!(facts("，进一步推动").has(Facts::STARTS_CONTINUING));
        assert!(facts("）为主").has(Facts::STARTS_CONTINUING));
        assert!(!facts("进一步，推动").has(Facts::STARTS_CONTINUING));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The label test on bytes is the test on characters: two to six ideographs of
        /// U+4E00–U+9FFF, then a colon.
        #[test]
        fn a_label_is_two_to_six_ideographs_and_a_colon(
            picks in proptest::collection::vec(0..8usize, 0..10),
        ) {
            let alphabet = ['法', '一', '龥', '䷀', '：', ':', '︰', 'a'];
            let line: String = picks.iter().map(|&i| alphabet[i]).collect();
            let by_characters = line
                .chars()
                .position(|c| !('\u{4e00}'..='\u{9fff}').contains(&c))
                .is_some_and(|at| {
                    (2..=6).contains(&at)
                        && line.chars().nth(at).is_some_and(|c| COLONS.contains(&c))
                });
            proptest::prop_assert_eq!(starts_with_label(&line), by_characters, "{:?}", line);
        }
    }

    /// A line of brackets beyond any count a line's marks hold is measured, not overflowed.
    #[test]
    fn a_line_of_endless_brackets_saturates() {
        let (width, marks) = measure(&"(".repeat(40_000));
        assert_eq!(width, 40_000);
        assert_eq!(marks.net_depth, i16::MAX);
        assert_eq!(marks.depth_after(0), i16::MAX as usize);
        let (_, marks) = measure(&")".repeat(40_000));
        assert_eq!((marks.net_depth, marks.min_depth), (i16::MIN, i16::MIN));
        assert_eq!(marks.depth_after(5), 0);
    }

    /// In a text whose body is indented and whose headings are not (a standard as an RFC
    /// prints it), a heading after a page break never joins the paragraph before it, even when
    /// that paragraph's last line is nearly full and the blank lines say nothing.
    #[test]
    fn an_unindented_heading_after_an_indented_page_starts_a_block() {
        let body = "   The client MUST NOT use the authorization code more than once and\n   \
                    the server SHOULD revoke all tokens previously issued on it; the\n   \
                    code is bound to the client identifier and the redirection URI.\n\n";
        let page_break = |page: usize| {
            format!(
                "\n\nHardt              Standards Track              [Page {page}]\n\x0C\n\
                 RFC 6749               OAuth 2.0               October 2012\n\n"
            )
        };
        let reference = "   [RFC6750]  Jones, M. and D. Hardt, \"The OAuth 2.0 Authorization\n              \
                         Framework: Bearer Token Usage\", RFC 6750, October 2012.\n";
        let text = format!(
            "1.  Introduction\n\n{body}{body}{}{body}{body}{reference}{}\
             Appendix A.  Augmented Backus-Naur Form (ABNF) Syntax\n\n{body}{}{body}",
            page_break(1),
            page_break(2),
            page_break(3),
        );
        let blocks = texts(&text);
        assert!(
            blocks
                .iter()
                .any(|b| b == "Appendix A.  Augmented Backus-Naur Form (ABNF) Syntax"),
            "{blocks:#?}"
        );
    }

    /// Widths counted by value give the order statistics and counts of the widths themselves.
    #[test]
    fn counted_widths_equal_sorted_widths() {
        for widths in [
            vec![],
            vec![7],
            vec![30, 2, 30, 29, 5000, 31, 0, 1023, 1024, 30],
            (0..3000).map(|i| (i * 37 % 1500) as u32).collect(),
        ] {
            let mut counted = Widths::new();
            widths.iter().for_each(|&w| counted.push(w));
            assert_eq!(counted.len(), widths.len());
            for rank in [|n: usize| n / 2, |n: usize| n * 9 / 10, |_| 0, |n: usize| n] {
                let mut sorted = widths.clone();
                assert_eq!(counted.nth_smallest(rank), nth_smallest(&mut sorted, rank));
            }
            let keep = |w: usize| w * 5 >= 30 * 4 && w * 5 <= 30 * 6 || w > 1100;
            let counted_keep = counted.count(keep);
            assert_eq!(
                counted_keep,
                widths.iter().filter(|&&w| keep(w as usize)).count()
            );
        }
    }

    /// Blocks decided in two halves, cut where a block certainly begins, are the blocks decided
    /// in one pass: on every real document of the corpus and on the large generated report.
    #[test]
    fn blocks_decided_in_halves_are_blocks_decided_at_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/real");
        let mut texts: Vec<String> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
                    .filter_map(|p| std::fs::read_to_string(p).ok())
                    .map(|t| crate::doc::decode::normalise(&t))
                    .collect()
            })
            .unwrap_or_default();
        assert!(texts.len() >= 60, "the real corpus is at {}", dir.display());
        texts.push(crate::synth::large_report(1 << 20));
        texts.push(crate::source::SAMPLE.to_string());
        // Two turns no real document here takes near a certain break: a sentence that goes on
        // after a short line (a comma opens the next), and a run-in point whose first line
        // wrapped early.
        let prose = hard_wrapped(
            &"我们坚持以人民为中心的发展思想，推动高质量发展取得新成效。".repeat(8),
            20,
        );
        texts.push(format!(
            "{prose}\n这是一句短话。\n，后面接着说的话还没有说完在这里继续写下去\n{prose}\n\
             一是加强\n基层治理能力建设，持续推进各项工作落实落细落到实处。\n{prose}\n"
        ));
        let mut split = 0;
        for text in &texts {
            let (at_once, none) = plan_splitting_from(text, usize::MAX);
            let (halves, cut) = plan_splitting_from(text, 1);
            assert_eq!(none, None);
            split += usize::from(cut.is_some());
            assert!(
                at_once == halves,
                "{}",
                text.chars().take(40).collect::<String>()
            );
        }
        // Nearly every document has a certain break in its second half.
        assert!(split >= 55, "{split} of {} cut", texts.len());
        // And wherever a break is said to be certain, one pass begins a block there.
        let mut certain = 0;
        for text in &texts {
            let (mut lines, style, footnote_marks) = lines_and_style(text, &mut Vec::new());
            let breaks: Vec<bool> = (1..lines.len())
                .map(|at| certain_break_at(&lines, &style, &footnote_marks, at))
                .collect();
            let spans = decide_blocks(
                lines.iter_mut(),
                0,
                &style,
                &footnote_marks,
                &mut Vec::new(),
            );
            let starts: std::collections::HashSet<usize> = spans.iter().map(|s| s.first).collect();
            for (at, _) in (1..).zip(&breaks).filter(|(_, certain)| **certain) {
                certain += 1;
                assert!(
                    starts.contains(&at),
                    "line {at} of {:?}",
                    &text[..text.len().min(40)]
                );
            }
        }
        assert!(certain > 10_000, "{certain} certain breaks");
    }

    /// Page numbers and running headers are found and dropped alike whether the lines are in
    /// one vector or cut into pieces anywhere.
    #[test]
    fn furniture_is_dropped_alike_across_pieces() {
        let mut text = String::new();
        for page in 1..=6 {
            text.push_str("××市人民政府工作报告\n");
            for line in 0..7 {
                text.push_str(&format!("第{page}页的第{line}行正文，写到这里还没有写完\n"));
            }
            text.push_str(&format!("\n{page}\n\u{0C}"));
        }
        let key = |l: &Line| {
            (
                l.number,
                l.text.to_string(),
                l.blank_before,
                l.after_page_break,
            )
        };
        let run = |sizes: &[usize]| {
            let mut dropped = Vec::new();
            let lines = collect_piece(&text, 0, &mut dropped).0;
            let mut chunks = Vec::new();
            let mut rest = lines.as_slice();
            for &n in sizes.iter().cycle() {
                if rest.is_empty() {
                    break;
                }
                let (chunk, tail) = rest.split_at(n.min(rest.len()));
                chunks.push(chunk.to_vec());
                rest = tail;
            }
            let mut lines = Chunked::from_chunks(chunks);
            let survey = Survey::of(lines.iter().copied(), 0, None, lines.len());
            drop_page_furniture(&mut lines, &survey.page, &mut dropped);
            let kept: Vec<_> = lines.iter().map(key).collect();
            (kept, dropped)
        };
        let (whole, dropped) = run(&[usize::MAX]);
        let reasons = |reason| dropped.iter().filter(|d| d.reason == reason).count();
        assert_eq!(reasons(DropReason::PageNumber), 6, "{dropped:?}");
        // The first page's header follows no page break, and stays.
        assert_eq!(reasons(DropReason::RunningHeader), 5, "{dropped:?}");
        let header = "××市人民政府工作报告";
        assert!(
            dropped
                .iter()
                .all(|d| d.reason != DropReason::RunningHeader || d.text == header)
        );
        assert_eq!(whole.iter().filter(|l| l.1 == header).count(), 1);
        // The line after a dropped header starts its page.
        for page in 2..=6 {
            let first = format!("第{page}页的第0行正文，写到这里还没有写完");
            assert!(
                whole.iter().any(|l| l.1 == first && l.2 && l.3),
                "page {page}"
            );
        }
        for sizes in [&[1][..], &[2], &[3, 1], &[5, 0, 2], &[8], &[9]] {
            assert_eq!(
                run(sizes),
                (whole.clone(), dropped.clone()),
                "pieces of {sizes:?}"
            );
        }
    }

    /// Collecting a large text in parallel pieces gives exactly the lines of one pass, also
    /// when a cut falls among blank lines or right after a page number.
    #[test]
    fn parallel_collection_equals_sequential() {
        let mut text = crate::synth::large_report(PARALLEL_MIN_BYTES + 1000);
        text.push_str("\n\n\n— 9 —\n\u{0C}\n最后一行\n");
        let key = |l: &Line| {
            (
                l.number,
                l.text.to_string(),
                l.width,
                l.indented,
                l.blank_before,
                l.after_page_break,
            )
        };
        let mut dropped_parallel = Vec::new();
        let (parallel_lines, parallel_survey) = collect_lines(&text, &mut dropped_parallel);
        let parallel: Vec<_> = parallel_lines.iter().map(key).collect();
        let mut dropped_sequential = Vec::new();
        let sequential_lines = collect_piece(&text, 0, &mut dropped_sequential).0;
        let sequential: Vec<_> = sequential_lines.iter().map(key).collect();
        assert_eq!(parallel.len(), sequential.len());
        assert!(parallel == sequential);
        assert_eq!(dropped_parallel, dropped_sequential);
        // The pieces' surveys add up to the survey of the whole.
        let content = sequential_lines.len();
        let whole = Survey::of(sequential_lines.iter().copied(), 0, None, content);
        assert!(parallel_survey == whole);
        assert!(whole.page.page_breaks > 16 && !whole.page.near_breaks.is_empty());
        // And for every way of cutting a small text into two pieces by hand.
        let small = "一、总则\n\n\n— 2 —\n\u{0C}正文第一行\n\n正文第二行\n";
        let whole: Vec<_> = collect_piece(small, 0, &mut Vec::new())
            .0
            .iter()
            .map(key)
            .collect();
        for (cut, _) in small.match_indices('\n') {
            let (a, b) = small.split_at(cut + 1);
            let (first, end) = collect_piece(a, 0, &mut Vec::new());
            let (mut second, _) = collect_piece(b, end.line_count, &mut Vec::new());
            if let Some(l) = second.first_mut() {
                l.blank_before |= end.blank_pending;
                l.after_page_break |= end.page_break_pending;
            }
            let joined: Vec<_> = first.iter().chain(second.iter()).map(key).collect();
            assert_eq!(joined, whole, "cut after byte {cut}");
        }
    }

    /// The values counted by [`frequent`] are those that sorting and counting runs finds.
    #[test]
    fn frequent_values_are_those_seen_often_enough() {
        let mut runner = proptest::test_runner::TestRunner::default();
        let values = proptest::collection::vec(0u8..6, 0..60);
        let result = runner.run(&(values, 1usize..12), |(values, threshold)| {
            let mut found = frequent(&values, threshold);
            found.sort_unstable();
            let mut sorted = values.clone();
            sorted.sort_unstable();
            let expected: Vec<u8> = sorted
                .chunk_by(|a, b| a == b)
                .filter(|run| run.len() >= threshold)
                .map(|run| run[0])
                .collect();
            proptest::prop_assert_eq!(found, expected);
            Ok(())
        });
        assert!(result.is_ok(), "{result:?}");
    }

    /// Where a piece begins, the survey reads the line before it: a footnote mark whose
    /// sentence goes on in the next piece, a page break or a blank line carried over.
    #[test]
    fn the_surveys_of_pieces_add_up_to_the_whole() {
        let unit = "“四个出新出彩”\n1\n，进一步推动高质量发展\n\n12\n\u{0C}第二页\n";
        let text = unit.repeat(PARALLEL_MIN_BYTES / unit.len() + 7);
        let (lines, survey) = collect_lines(&text, &mut Vec::new());
        let lines: Vec<Line> = lines.iter().copied().collect();
        let whole = Survey::of(lines.iter().copied(), 0, None, lines.len());
        assert_eq!(whole.footnote_marks.len(), text.matches(unit).count());
        assert!(survey == whole);
    }

    #[test]
    fn bare_page_numbers_that_count_up() {
        let mut t = String::new();
        for page in 1..=4 {
            for _ in 0..3 {
                t.push_str("我们要坚持稳中求进工作总基调，完整准确全面贯彻新\n发展理念，加快构建新发展格局，着力推动高质\n");
            }
            t.push_str(&format!("{page}\n"));
        }
        let r = reflow(&t);
        assert_eq!(
            r.dropped
                .iter()
                .filter(|d| d.reason == DropReason::PageNumber)
                .count(),
            4
        );
        assert!(r.blocks.iter().all(|b| !b.text.contains(char::is_numeric)));
        // A lone number that does not count up with others stays text.
        let r = reflow("一、概况\n2024\n二、目标\n");
        assert!(r.dropped.is_empty());
        // Nor does a column of figures.
        let r = reflow("产量\n10\n20\n30\n40\n");
        assert!(r.dropped.is_empty());
    }

    #[test]
    fn page_numbers() {
        for s in [
            "— 3 —",
            "－3－",
            "-3-",
            "- 12 -",
            "第3页",
            "第 3 页 共 10 页",
            "3/10",
            "Page 3 of 10",
            "–3–",
            "―3―",
            "─3─",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["3", "第三方", "——", "一、总则", "2024/2025年度报告"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn web_copy_keeps_each_line() {
        let t = "一、总则\n第一段写完了。\n第二段也写完了。\n";
        assert_eq!(texts(t), ["一、总则", "第一段写完了。", "第二段也写完了。"]);
    }

    #[test]
    fn hard_wrapped_with_blank_lines_is_rejoined() {
        let t = "一、总体要求\n\n我们要坚持稳中求进工作总基调，完整\n\n准确全面贯彻新发展理念，加快构建新\n\n发展格局，着力推动高质量发展。\n\n二是深化改革扩大开放，持续改善营\n\n商环境。出台建设全国统一大市场的\n\n意见。\n\n— 2 —\n\n三是强化生态环境保护治理，加快发\n\n展方式绿色转型。\n";
        let r = reflow(t);
        let got: Vec<&str> = r.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            got,
            [
                "一、总体要求",
                "我们要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。",
                "二是深化改革扩大开放，持续改善营商环境。出台建设全国统一大市场的意见。",
                "三是强化生态环境保护治理，加快发展方式绿色转型。",
            ]
        );
        assert_eq!(r.dropped.len(), 1);
        assert_eq!(r.dropped[0].reason, DropReason::PageNumber);
    }

    #[test]
    fn latin_words_get_a_space_and_hyphens_stay() {
        let t = "The report describes the outline of a long\ndocument and the infor-\nmation it holds for every reader who\nopens it in the terminal today.\n\nA second paragraph follows here and\nends.\n";
        assert_eq!(
            texts(t),
            [
                "The report describes the outline of a long document and the infor-mation it holds for every reader who opens it in the terminal today.",
                "A second paragraph follows here and ends.",
            ]
        );
    }

    #[test]
    fn setext_headings_and_rules() {
        let t = "数字政府建设报告\n========\n\n总体情况\n--------\n\n正文第一段。\n\n---\n\n正文第二段。\n";
        let r = reflow(t);
        let got: Vec<(&str, Option<usize>)> = r
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.md_level))
            .collect();
        assert_eq!(
            got,
            [
                ("数字政府建设报告", Some(1)),
                ("总体情况", Some(2)),
                ("正文第一段。", None),
                ("正文第二段。", None)
            ]
        );
        assert_eq!(
            r.dropped
                .iter()
                .filter(|d| d.reason == DropReason::Markup)
                .count(),
            3
        );
    }

    #[test]
    fn markdown_headings_and_comments() {
        let t = "# 标题\n\n<!-- INFO END -->\n\n## 第一章 总 则\n\n第一条 为了保护个人信息权益，制定本法。\n";
        let r = reflow(t);
        let got: Vec<&str> = r.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            got,
            [
                "标题",
                "第一章 总 则",
                "第一条 为了保护个人信息权益，制定本法。"
            ]
        );
        assert_eq!(
            r.dropped
                .iter()
                .filter(|d| d.reason == DropReason::Markup)
                .count(),
            3
        );
    }

    #[test]
    fn form_feeds_and_running_headers() {
        let mut t = String::new();
        for page in 0..4 {
            t.push_str("政府工作报告\n");
            for line in 0..3 {
                t.push_str(&format!(
                    "我们要坚持稳中求进工作总基调，第{page}页第{line}行\n"
                ));
            }
            t.push_str(&format!("— {} —\n\u{0C}", page + 1));
        }
        let r = reflow(&t);
        let headers = r
            .dropped
            .iter()
            .filter(|d| d.reason == DropReason::RunningHeader);
        assert_eq!(headers.count(), 3);
        assert_eq!(
            r.dropped
                .iter()
                .filter(|d| d.reason == DropReason::FormFeed)
                .count(),
            4
        );
        assert_eq!(
            r.dropped
                .iter()
                .filter(|d| d.reason == DropReason::PageNumber)
                .count(),
            4
        );
        // On the first page the line is the title, not a running header.
        assert_eq!(
            r.blocks
                .iter()
                .filter(|b| b.text.contains("政府工作报告"))
                .count(),
            1
        );
    }
}
