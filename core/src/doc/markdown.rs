//! Markdown input, read by a CommonMark parser (pulldown-cmark, with tables, strikethrough and
//! YAML front matter) into the same blocks the plain-text reflow makes.
//!
//! The parser's events carry the byte range of the source they come from. The text of the
//! blocks is taken from those ranges, and every byte of the source that is not in a block (the
//! `#` of a heading, `**`, list bullets, `>`, link targets, HTML tags and comments, fences,
//! rules, table delimiter rows, the front matter) is reported as [`DropReason::Markup`], one
//! entry per source line. So nothing of the source is lost: each of its non-whitespace
//! characters is in a block or in the report.
//!
//! What each construct becomes:
//!
//! * a heading: one block with its level in `md_level`, its inline markup removed;
//! * a paragraph: one block, its lines joined as the reflow joins wrapped lines;
//! * a list item: a block of shape [`Shape::ListItem`]; an ordered item keeps its number
//!   (`1. …`), a bullet is markup; every item of a nested list is a block of its own;
//! * a table: one block per row, header row too, cells joined by ` | `;
//! * a code block: one block per non-blank line, of shape [`Shape::Code`];
//! * a block quote: its paragraphs, as prose;
//! * HTML: tags and comments are markup, the text between them is kept;
//! * front matter (`---` … `---` at the top): markup, its `key: value` fields collected.
//!
//! Page furniture (page numbers, running headers) is a matter of printed pages and is not looked
//! for here.

use crate::text::punctuation::COLONS;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::blocks::{RawBlock, Reflowed, Shape, join_line};
use super::model::{DropReason, Dropped};

/// How much of a text the Markdown detection reads.
const DETECTION_BYTES: usize = 1 << 20;

/// The source lines an open paragraph joined, each trimmed, with its line number.
fn source_lines(open: &Open) -> Vec<(&str, usize)> {
    let starts = std::iter::once((0, open.source_line)).chain(open.joins.iter().copied());
    let ends = open
        .joins
        .iter()
        .map(|&(at, _)| at)
        .chain([open.text.len()]);
    starts
        .zip(ends)
        .map(|((start, line), end)| (open.text[start..end].trim(), line))
        .collect()
}

/// Whether the text is written in Markdown, judged conservatively from its lines: front matter
/// at the top, a fenced code block, a table with its `|---|` row, or two headings (`## …`,
/// underlined lines); or one heading with several other marks (bullets, `**…**`, links). A plain
/// report with a stray `#` or a few dashes is not Markdown.
#[must_use]
pub fn looks_like_markdown(text: &str) -> bool {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if has_front_matter(text) {
        return true;
    }
    // A Markdown document shows its marks early: the first MiB decides, so that a large plain
    // text is not scanned to its end.
    let mut cut = text.len().min(DETECTION_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    let mut headings = 0usize;
    let mut fences = 0usize;
    let mut others = 0usize;
    // The previous line, trimmed, and whether it was an ordinary line of text.
    let mut prev: &str = "";
    let mut prev_is_text = false;
    // A `---` underline waits for the blank line (or the end) that confirms it.
    let mut dash_underline = false;
    for line in text.split('\n') {
        let trimmed = line.trim();
        if dash_underline {
            dash_underline = false;
            if trimmed.is_empty() {
                headings += 1;
            }
        }
        let indent = line.len() - line.trim_start().len();
        let mut is_text = !trimmed.is_empty();
        if indent <= 3 && !trimmed.is_empty() {
            let bytes = trimmed.as_bytes();
            match bytes[0] {
                b'#' => {
                    let hashes = bytes.iter().take_while(|&&b| b == b'#').count();
                    if hashes <= 6
                        && bytes.get(hashes) == Some(&b' ')
                        && bytes.get(hashes + 1).is_some_and(|&b| b != b' ')
                    {
                        headings += 1;
                        is_text = false;
                    }
                }
                b'`' | b'~' if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                    fences += 1;
                    is_text = false;
                }
                b'=' if prev_is_text && trimmed.len() >= 3 && bytes.iter().all(|&b| b == b'=') => {
                    headings += 1;
                    is_text = false;
                }
                b'-' if prev_is_text && trimmed.len() >= 3 && bytes.iter().all(|&b| b == b'-') => {
                    dash_underline = true;
                    is_text = false;
                }
                b'-' | b'*' | b'+' if bytes.get(1) == Some(&b' ') => {
                    others += 1;
                    is_text = false;
                }
                _ => {}
            }
            if is_delimiter_row(trimmed) && prev.contains('|') {
                return true;
            }
        }
        if fences >= 2 || headings >= 2 {
            return true;
        }
        prev = trimmed;
        prev_is_text = is_text;
    }
    if dash_underline {
        headings += 1;
    }
    if headings >= 2 {
        return true;
    }
    if headings == 0 {
        return false;
    }
    // One heading: other marks decide.
    let finder = |needle: &str| memchr::memmem::find_iter(text.as_bytes(), needle).count();
    others += finder("**") / 2 + finder("](");
    others >= 3
}

/// Front matter: `---` on the first line, `key: value` lines, and a closing `---` or `...`.
fn has_front_matter(text: &str) -> bool {
    let mut lines = text.split('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return false;
    }
    let mut fields = 0;
    for line in lines.take(200) {
        let line = line.trim_end();
        if line == "---" || line == "..." {
            return fields > 0;
        }
        if line.starts_with(|c: char| c.is_alphanumeric()) && line.contains(':') {
            fields += 1;
        }
    }
    false
}

/// A table's delimiter row: `| --- | :---: |`, `---|---`.
fn is_delimiter_row(line: &str) -> bool {
    line.contains('|')
        && line.contains('-')
        && line.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' '))
}

/// Reads Markdown text into blocks, what was dropped, and the front matter's fields.
#[must_use]
pub fn reflow(text: &str) -> Reflowed {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut builder = Builder::new(text);
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        builder.event(event, range);
    }
    builder.finish()
}

/// The block being built.
#[derive(Debug)]
struct Open {
    text: String,
    source_line: usize,
    md_level: Option<usize>,
    shape: Shape,
    /// Some text (beyond an ordered item's number) is in it.
    has_content: bool,
    /// Emphasis spans open at this point, and how many were opened at the outermost level.
    emphasis_depth: usize,
    top_spans: usize,
    /// Text outside any emphasis span.
    plain_text: bool,
    /// Links to a place in the document (`[1. Purpose](#sec1)`), and whether any text stands
    /// outside them: a paragraph that is nothing but such a link is an entry of a contents list.
    anchor_links: usize,
    text_beside_anchor_links: bool,
    /// The next text follows a line break and is joined as a wrapped line.
    pending_break: bool,
    /// Where the text's source lines were joined: the byte in the text and the source line
    /// that begins there.
    joins: Vec<(usize, usize)>,
    /// In a table row: cells begun, separators written since the last cell with text, and the
    /// length of the text at the end of that cell.
    cells: usize,
    separators_since_content: usize,
    content_len: usize,
}

/// Where the HTML scanner is, across the lines of an HTML block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Html {
    Text,
    /// Inside a tag that began at this byte, in quotes (`"` or `'`) or not.
    Tag {
        start: usize,
        quote: Option<u8>,
    },
    Comment,
}

struct Builder<'a> {
    src: &'a str,
    /// Everything before this byte is in a block or reported.
    cursor: usize,
    /// The 1-based line of `cursor`.
    cursor_line: usize,
    /// Markup of one line, waiting to be reported.
    markup_line: usize,
    markup: String,
    /// Pipes written as cell separators that are still to be found in the source's markup.
    pipe_credit: usize,
    open: Option<Open>,
    blocks: Vec<RawBlock>,
    dropped: Vec<Dropped>,
    front_matter: Vec<(String, String)>,
    /// For each open list, whether it is ordered.
    lists: Vec<bool>,
    /// Items open, counting outer ones.
    items: usize,
    in_code: bool,
    in_html: Option<Html>,
    /// In front matter (true) or a metadata block further down (false).
    in_metadata: Option<bool>,
    /// Inside a link to a place in the document (`#sec1`).
    in_anchor_link: bool,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Self {
        Self {
            src,
            cursor: 0,
            cursor_line: 1,
            markup_line: 0,
            markup: String::new(),
            pipe_credit: 0,
            open: None,
            blocks: Vec::new(),
            dropped: Vec::new(),
            front_matter: Vec::new(),
            lists: Vec::new(),
            items: 0,
            in_code: false,
            in_html: None,
            in_metadata: None,
            in_anchor_link: false,
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => {
                if self.in_code {
                    self.code_text(&text, range);
                } else if let Some(front) = self.in_metadata {
                    if front {
                        self.front_matter.extend(fields(&text));
                    } else {
                        // A `---` … `---` pair further down: its lines are text.
                        for line in split_lines(self.src, range) {
                            self.flush();
                            self.keep_line(line, Shape::Prose);
                        }
                    }
                } else {
                    self.inline_text(&text, range);
                }
            }
            Event::Code(text) => self.inline_text(&text, range),
            Event::Html(text) => self.html(&text, range),
            Event::SoftBreak | Event::HardBreak => {
                if let Some(open) = self.open.as_mut() {
                    open.pending_break = true;
                }
            }
            Event::Rule => self.flush(),
            // Inline HTML tags, and what the options leave out, are markup.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        match tag {
            // The first paragraph of a list item is the item's block.
            Tag::Paragraph if self.open.as_ref().is_none_or(|open| open.has_content) => {
                self.begin(range.start, None, self.context_shape());
            }
            Tag::Heading { level, .. } => {
                self.begin(range.start, Some(level as usize), Shape::Prose);
            }
            Tag::Item => {
                self.items += 1;
                let shape = if self.lists.last() == Some(&false) {
                    Shape::BulletItem
                } else {
                    Shape::ListItem
                };
                self.begin(range.start, None, shape);
                if self.lists.last() == Some(&true) {
                    self.item_number(range.start);
                }
            }
            Tag::List(first) => {
                self.flush();
                self.lists.push(first.is_some());
            }
            Tag::TableHead | Tag::TableRow => self.begin(range.start, None, Shape::TableRow),
            Tag::TableCell => {
                if let Some(open) = self.open.as_mut() {
                    if open.cells > 0 {
                        let trimmed = open.text.trim_end().len();
                        open.text.truncate(trimmed);
                        open.content_len = open.content_len.min(trimmed);
                        open.text.push_str(" | ");
                        open.separators_since_content += 1;
                        self.pipe_credit += 1;
                    }
                    open.cells += 1;
                }
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.in_code = true;
            }
            Tag::HtmlBlock => {
                self.flush();
                self.in_html = Some(Html::Text);
            }
            Tag::MetadataBlock(_) => {
                self.flush();
                let front = self.src[..range.start].trim().is_empty();
                if front {
                    self.account(range.start);
                    let line = self.cursor_line;
                    let text = self.src[range.clone()].trim().to_string();
                    self.advance(range.end);
                    self.dropped.push(Dropped {
                        line,
                        text,
                        reason: DropReason::Markup,
                    });
                }
                self.in_metadata = Some(front);
            }
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {
                if let Some(open) = self.open.as_mut() {
                    if open.emphasis_depth == 0 {
                        open.top_spans += 1;
                    }
                    open.emphasis_depth += 1;
                }
            }
            Tag::BlockQuote(_) => self.flush(),
            Tag::Link { dest_url, .. } if dest_url.starts_with('#') => {
                self.in_anchor_link = true;
                if let Some(open) = self.open.as_mut() {
                    open.anchor_links += 1;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock => {
                self.flush();
                self.in_html = None;
            }
            TagEnd::Item => {
                self.flush();
                self.items = self.items.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(open) = self.open.as_mut() {
                    // Cells missing at the end of a row, or empty there, add no separators.
                    if open.separators_since_content > 0 {
                        open.text.truncate(open.content_len);
                        self.pipe_credit = self
                            .pipe_credit
                            .saturating_sub(open.separators_since_content);
                    }
                }
                self.account(range.end.max(self.cursor));
                self.pipe_credit = 0;
                self.flush();
            }
            TagEnd::CodeBlock => self.in_code = false,
            TagEnd::Link => self.in_anchor_link = false,
            TagEnd::MetadataBlock(_) => self.in_metadata = None,
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                if let Some(open) = self.open.as_mut() {
                    open.emphasis_depth = open.emphasis_depth.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    /// The shape of a block that opens here: inside a list item, part of the item.
    fn context_shape(&self) -> Shape {
        if self.items > 0 {
            Shape::ListItem
        } else {
            Shape::Prose
        }
    }

    /// Ends the open block and starts another at `start`.
    fn begin(&mut self, start: usize, md_level: Option<usize>, shape: Shape) {
        self.flush();
        let source_line = self.line_of(start);
        self.open = Some(Open {
            text: String::new(),
            source_line,
            md_level,
            shape,
            has_content: false,
            emphasis_depth: 0,
            top_spans: 0,
            plain_text: false,
            anchor_links: 0,
            text_beside_anchor_links: false,
            pending_break: false,
            joins: Vec::new(),
            cells: 0,
            separators_since_content: 0,
            content_len: 0,
        });
    }

    /// Keeps an ordered item's number (`1.`, `2)`) as the start of its text.
    fn item_number(&mut self, start: usize) {
        let rest = &self.src.as_bytes()[start..];
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits > 0 && matches!(rest.get(digits), Some(b'.' | b')')) {
            self.account(start);
            let end = start + digits + 1;
            if let Some(open) = self.open.as_mut() {
                open.text.push_str(&self.src[start..end]);
                open.text.push(' ');
            }
            self.advance(end);
        }
    }

    /// Ends the open block, if it has any text.
    fn flush(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let text = open.text.trim();
        if text.is_empty() {
            return;
        }
        let bold = open.top_spans == 1 && !open.plain_text && open.has_content;
        if open.shape == Shape::Prose
            && open.md_level.is_none()
            && !open.joins.is_empty()
            && (self.split_fields(&open) || self.split_paragraphs(&open))
        {
            return;
        }
        let text = if text.len() == open.text.len() {
            open.text
        } else {
            text.to_string()
        };
        // Markup removed between spaces leaves two (`标题 <a name="x"></a> 正文`).
        let text = if text.contains("  ") {
            collapse_spaces(&text)
        } else {
            text
        };
        let shape = if open.shape == Shape::Prose
            && open.md_level.is_none()
            && open.anchor_links > 0
            && !open.text_beside_anchor_links
        {
            Shape::ContentsEntry
        } else {
            open.shape
        };
        self.blocks.push(RawBlock {
            text,
            source_line: open.source_line,
            md_level: open.md_level,
            shape,
            bold,
        });
    }

    /// A paragraph whose every line is a labelled field (`起草单位：…` over `发布日期：…`) is
    /// a list of fields, not wrapped text: each line becomes a block. Returns whether it was.
    fn split_fields(&mut self, open: &Open) -> bool {
        let lines = source_lines(open);
        if !lines.iter().all(|(text, _)| is_field(text)) {
            return false;
        }
        self.blocks
            .extend(lines.into_iter().map(|(text, source_line)| RawBlock {
                text: text.to_string(),
                source_line,
                md_level: None,
                shape: Shape::Prose,
                bold: false,
            }));
        true
    }

    /// A Chinese document copied into Markdown often keeps one paragraph a line with no blank
    /// line between, which Markdown joins into one paragraph: the lines are split again where a
    /// line ends a sentence (`。` `！` `？`), is a numbered heading line of its own (`一、工作目标`),
    /// or the next one opens with a numbering marker. Text wrapped mid-sentence stays joined, and
    /// so does wrapped Latin text. Returns whether it split.
    fn split_paragraphs(&mut self, open: &Open) -> bool {
        let lines = source_lines(open);
        let cjk = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let ends_paragraph = |t: &str| {
            let bare = t.trim_end_matches(['”', '’', '」', '』', '）', ')']);
            bare.ends_with(['。', '！', '？'])
                // A numbered heading line of its own (`一、工作目标`).
                || (super::numbering::parse_marker(t).is_some()
                    && t.chars().count() <= 30
                    && !t.contains(['，', '。', '；', '：', ',', ';', ':']))
        };
        let breaks: Vec<bool> = lines
            .windows(2)
            .map(|w| {
                cjk(w[0].0)
                    && (ends_paragraph(w[0].0) || super::numbering::parse_marker(w[1].0).is_some())
            })
            .collect();
        if !breaks.contains(&true) {
            return false;
        }
        let mut text = String::new();
        let mut first_line = lines[0].1;
        for (i, (line, number)) in lines.iter().enumerate() {
            if text.is_empty() {
                first_line = *number;
            }
            join_line(&mut text, line);
            if i == lines.len() - 1 || breaks[i] {
                self.blocks.push(RawBlock {
                    text: std::mem::take(&mut text),
                    source_line: first_line,
                    md_level: None,
                    shape: Shape::Prose,
                    bold: false,
                });
            }
        }
        true
    }

    /// Text of a paragraph, heading, item or cell, taken from `range` of the source.
    fn inline_text(&mut self, text: &str, range: Range<usize>) {
        if text.is_empty() {
            return;
        }
        let start = range.start.max(self.cursor);
        let slice = self.src.get(start..range.end).unwrap_or("");
        // Mostly the text is the source as it is. A character reference (`&amp;`) is never
        // the text it stands for.
        let found = if slice == text {
            Some(0)
        } else if slice.starts_with('&') {
            None
        } else {
            slice.find(text)
        };
        if let Some(at) = found {
            // The text is in the source as it is (a code span's without its backticks, an
            // escaped character's without its backslash).
            let at = start + at;
            self.keep(at..at + text.len());
        } else if !slice.starts_with('&') && is_subsequence(text, slice) {
            // The text's characters are in the source in order, with markup and line breaks
            // among them (a code span over two lines): the rest is reported.
            self.account(start);
            let mut first_line = None;
            let mut wanted = text.chars().filter(|c| !c.is_whitespace()).peekable();
            let mut line = self.cursor_line;
            let mut run = String::new();
            for c in slice.chars() {
                if c == '\n' {
                    self.note_markup(line, &run);
                    run.clear();
                    line += 1;
                } else if wanted.peek() == Some(&c) {
                    wanted.next();
                    first_line.get_or_insert(line);
                } else if !c.is_whitespace() {
                    run.push(c);
                }
            }
            self.note_markup(line, &run);
            let first_line = first_line.unwrap_or(self.cursor_line);
            self.advance(range.end.max(start));
            self.append(text, first_line);
        } else {
            // A character reference (`&amp;`): the character is kept, the reference reported.
            self.account(start);
            let line = self.cursor_line;
            self.note_markup(line, slice.trim());
            self.advance(range.end.max(start));
            self.append(text, line);
        }
    }

    /// Keeps `range` of the source as text of the open block (opening one if there is none).
    fn keep(&mut self, range: Range<usize>) {
        self.account(range.start);
        if self.open.is_none() {
            self.begin(range.start, None, self.context_shape());
        }
        let piece = &self.src[range.clone()];
        let line = self.cursor_line;
        self.advance(range.end);
        self.append(piece, line);
    }

    /// Appends text that starts on source line `line` to the open block, joining across its
    /// line breaks.
    fn append(&mut self, piece: &str, line: usize) {
        if self.open.is_none() {
            self.begin(self.cursor, None, self.context_shape());
        }
        let in_anchor_link = self.in_anchor_link;
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if !in_anchor_link && !piece.trim().is_empty() {
            open.text_beside_anchor_links = true;
        }
        for (i, part) in piece.split('\n').enumerate() {
            if i > 0 {
                open.pending_break = true;
            }
            if part.trim().is_empty() {
                if !open.pending_break {
                    open.text.push_str(part);
                }
                continue;
            }
            if open.text.trim().is_empty() {
                // The block starts where its first text is, after any markup.
                open.source_line = line + i;
            }
            if open.pending_break {
                let end = open.text.trim_end().len();
                open.text.truncate(end);
                if end > 0 {
                    open.joins.push((end, line + i));
                }
                join_line(&mut open.text, part.trim_start());
                open.pending_break = false;
            } else {
                open.text.push_str(part);
            }
            open.has_content = true;
            if open.emphasis_depth == 0 {
                open.plain_text = true;
            }
            open.separators_since_content = 0;
            open.content_len = open.text.len();
        }
        if piece.contains('\u{0C}') {
            open.text = open.text.replace('\u{0C}', " ");
        }
    }

    /// A code block's text: one block per non-blank line.
    fn code_text(&mut self, text: &str, range: Range<usize>) {
        if self.src.get(range.clone()) == Some(text) {
            for line in split_lines(self.src, range) {
                self.keep_line(line, Shape::Code);
            }
        } else {
            // Not the source as it is (never seen): keep the text, report the source.
            let start = range.start.max(self.cursor);
            self.account(start);
            let line = self.cursor_line;
            self.note_markup(line, self.src.get(start..range.end).unwrap_or("").trim());
            self.advance(range.end.max(start));
            for piece in text.lines().filter(|l| !l.trim().is_empty()) {
                self.blocks.push(RawBlock {
                    text: piece.trim_end().replace('\u{0C}', " "),
                    source_line: line,
                    md_level: None,
                    shape: Shape::Code,
                    bold: false,
                });
            }
        }
    }

    /// One source line as a block of its own, its leading spaces kept for code.
    fn keep_line(&mut self, line: Range<usize>, shape: Shape) {
        let text = &self.src[line.clone()];
        let text = if shape == Shape::Code {
            text.trim_end()
        } else {
            text.trim()
        };
        if text.is_empty() || line.start < self.cursor {
            return;
        }
        self.account(line.start);
        let source_line = self.cursor_line;
        self.advance(line.end);
        self.blocks.push(RawBlock {
            text: text.replace('\u{0C}', " "),
            source_line,
            md_level: None,
            shape,
            bold: false,
        });
    }

    /// A line of an HTML block: tags and comments are markup, the text between them is kept;
    /// a block-level tag ends a block.
    fn html(&mut self, text: &str, range: Range<usize>) {
        let Some(mut state) = self.in_html else {
            // Raw HTML outside an HTML block is inline: all markup.
            return;
        };
        if self.src.get(range.clone()) != Some(text) || range.start < self.cursor {
            return;
        }
        let bytes = self.src.as_bytes();
        let mut text_start = range.start;
        let mut i = range.start;
        while i < range.end {
            let b = bytes[i];
            match state {
                Html::Text if b == b'<' => {
                    let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                    if bytes[i..range.end].starts_with(b"<!--") {
                        self.keep_html_text(text_start..i);
                        state = Html::Comment;
                        i += 4;
                        continue;
                    }
                    if next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?') {
                        self.keep_html_text(text_start..i);
                        state = Html::Tag {
                            start: i,
                            quote: None,
                        };
                    }
                }
                Html::Text => {}
                Html::Comment => {
                    if bytes[i..range.end].starts_with(b"-->") {
                        state = Html::Text;
                        i += 3;
                        text_start = i;
                        continue;
                    }
                }
                Html::Tag { start, quote } => match (quote, b) {
                    (None, b'"' | b'\'') => {
                        state = Html::Tag {
                            start,
                            quote: Some(b),
                        };
                    }
                    (Some(q), _) if q == b => state = Html::Tag { start, quote: None },
                    (None, b'>') => {
                        if is_block_tag(&self.src[start..i]) {
                            self.flush();
                        }
                        state = Html::Text;
                        text_start = i + 1;
                    }
                    _ => {}
                },
            }
            i += 1;
        }
        if state == Html::Text {
            self.keep_html_text(text_start..range.end);
        }
        self.in_html = Some(state);
    }

    /// Text between the tags of an HTML block, kept as it is; a block starts at its first
    /// non-blank character.
    fn keep_html_text(&mut self, range: Range<usize>) {
        let piece = &self.src[range.clone()];
        let start = if self.open.is_none() {
            range.end - piece.trim_start().len()
        } else {
            range.start
        };
        if start < range.end {
            self.keep(start..range.end);
        }
    }

    /// The 1-based line of a byte of the source.
    fn line_of(&self, at: usize) -> usize {
        let bytes = self.src.as_bytes();
        if at >= self.cursor {
            let end = at.min(bytes.len());
            self.cursor_line + memchr::memchr_iter(b'\n', &bytes[self.cursor..end]).count()
        } else {
            self.cursor_line - memchr::memchr_iter(b'\n', &bytes[at..self.cursor]).count()
        }
    }

    /// Moves the cursor over kept text.
    fn advance(&mut self, to: usize) {
        if to > self.cursor {
            self.cursor_line +=
                memchr::memchr_iter(b'\n', &self.src.as_bytes()[self.cursor..to]).count();
            self.cursor = to;
        }
    }

    /// Reports the source from the cursor up to `to` as markup, line by line.
    fn account(&mut self, to: usize) {
        if to <= self.cursor {
            return;
        }
        let gap = &self.src[self.cursor..to];
        let mut line = self.cursor_line;
        for (i, piece) in gap.split('\n').enumerate() {
            if i > 0 {
                line += 1;
            }
            let piece = piece.trim();
            if !piece.is_empty() {
                self.note_markup(line, piece);
            }
        }
        self.cursor = to;
        self.cursor_line = line;
    }

    /// Adds markup of one line to the report, less the pipes that table text already holds.
    fn note_markup(&mut self, line: usize, piece: &str) {
        if piece.is_empty() {
            return;
        }
        if line != self.markup_line {
            self.flush_markup();
            self.markup_line = line;
        }
        if !self.markup.is_empty() {
            self.markup.push(' ');
        }
        if self.pipe_credit > 0 && piece.contains('|') {
            for c in piece.chars() {
                if c == '|' && self.pipe_credit > 0 {
                    self.pipe_credit -= 1;
                } else {
                    self.markup.push(c);
                }
            }
            let end = self.markup.trim_end().len();
            self.markup.truncate(end);
        } else {
            self.markup.push_str(piece);
        }
    }

    fn flush_markup(&mut self) {
        if self.markup.trim().is_empty() {
            self.markup.clear();
            return;
        }
        self.dropped.push(Dropped {
            line: self.markup_line,
            text: std::mem::take(&mut self.markup).trim().to_string(),
            reason: DropReason::Markup,
        });
    }

    fn finish(mut self) -> Reflowed {
        self.flush();
        self.account(self.src.len());
        self.flush_markup();
        self.dropped.sort_by_key(|d| d.line);
        Reflowed {
            blocks: self.blocks,
            dropped: self.dropped,
            front_matter: self.front_matter,
        }
    }
}

/// Whether the non-whitespace characters of `text` are found in `source` in the same order.
fn is_subsequence(text: &str, source: &str) -> bool {
    let mut source = source.chars();
    text.chars()
        .filter(|c| !c.is_whitespace())
        .all(|c| source.any(|s| s == c))
}

/// The lines of `range` of the source, without their line ends.
fn split_lines(src: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = range.start;
    let end = range.end;
    std::iter::from_fn(move || {
        if start >= end {
            return None;
        }
        let line_end =
            memchr::memchr(b'\n', &src.as_bytes()[start..end]).map_or(end, |at| start + at);
        let line = start..line_end;
        start = line_end + 1;
        Some(line)
    })
}

/// The simple `key: value` fields of YAML front matter, quotes taken off.
fn fields(yaml: &str) -> impl Iterator<Item = (String, String)> + '_ {
    yaml.lines().filter_map(|line| {
        if line.starts_with([' ', '-', '#']) {
            return None;
        }
        let (key, value) = line.split_once(':')?;
        let key = key.trim();
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        (!key.is_empty() && !value.is_empty() && !key.contains(' '))
            .then(|| (key.to_string(), value.to_string()))
    })
}

/// Runs of spaces made one.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c != ' ' || !out.ends_with(' ') {
            out.push(c);
        }
    }
    out
}

/// A line `label：value` with a short label of letters (`发布日期：2025年4月18日`).
fn is_field(line: &str) -> bool {
    let Some((label, value)) = line.split_once(COLONS) else {
        return false;
    };
    let count = label.chars().count();
    (2..=8).contains(&count) && label.chars().all(char::is_alphanumeric) && !value.trim().is_empty()
}

/// A tag (`<div …`, `</p`, without its `>`) that starts or ends a block of text.
fn is_block_tag(tag: &str) -> bool {
    let name = tag.trim_start_matches(['<', '/']);
    let len = name.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = &name[..len];
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
    .iter()
    .any(|block| name.eq_ignore_ascii_case(block))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks as `(line, text)`.
    fn blocks(md: &str) -> Vec<(usize, String)> {
        reflow(md)
            .blocks
            .into_iter()
            .map(|b| (b.source_line, b.text))
            .collect()
    }

    fn texts(md: &str) -> Vec<String> {
        reflow(md).blocks.into_iter().map(|b| b.text).collect()
    }

    /// Dropped markup as `(line, text)`; every entry is markup.
    fn dropped(md: &str) -> Vec<(usize, String)> {
        let r = reflow(md);
        assert!(r.dropped.iter().all(|d| d.reason == DropReason::Markup));
        r.dropped.into_iter().map(|d| (d.line, d.text)).collect()
    }

    fn sorted_non_whitespace<'a>(parts: impl Iterator<Item = &'a str>) -> Vec<char> {
        let mut chars: Vec<char> = parts
            .flat_map(str::chars)
            .filter(|c| !c.is_whitespace())
            .collect();
        chars.sort_unstable();
        chars
    }

    /// The blocks and the report hold exactly the source's non-whitespace characters.
    fn assert_nothing_lost(md: &str) {
        let r = reflow(md);
        let kept = sorted_non_whitespace(
            r.blocks
                .iter()
                .map(|b| b.text.as_str())
                .chain(r.dropped.iter().map(|d| d.text.as_str())),
        );
        assert_eq!(kept, sorted_non_whitespace(std::iter::once(md)), "{md:?}");
        for b in &r.blocks {
            assert!(!b.text.is_empty() && !b.text.contains('\n'), "{b:?}");
        }
    }

    #[test]
    fn headings_lose_their_inline_markup() {
        let md = "# 标题 <a name=\"x\"></a>\n\n## **第一章** [总则](#zongze) ##\n\n正文。\n\n法规名称\n====\n";
        let r = reflow(md);
        let got: Vec<(&str, Option<usize>)> = r
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.md_level))
            .collect();
        assert_eq!(
            got,
            [
                ("标题", Some(1)),
                ("第一章 总则", Some(2)),
                ("正文。", None),
                ("法规名称", Some(1))
            ]
        );
        assert_eq!(
            dropped(md),
            [
                (1, "# <a name=\"x\"></a>".to_string()),
                (3, "## ** ** [ ](#zongze) ##".to_string()),
                (8, "====".to_string()),
            ]
        );
        assert_nothing_lost(md);
    }

    #[test]
    fn paragraph_lines_are_joined_like_wrapped_lines() {
        let md = "我们要坚持稳中求进，\n完整准确全面贯彻新发展理念。\n\nThe report describes\nthe outline.\n\n第一行  \n第二行\\\nand more\n";
        assert_eq!(
            blocks(md),
            [
                (
                    1,
                    "我们要坚持稳中求进，完整准确全面贯彻新发展理念。".to_string()
                ),
                (4, "The report describes the outline.".to_string()),
                (7, "第一行第二行and more".to_string()),
            ]
        );
        assert_eq!(dropped(md), [(8, "\\".to_string())]);
        assert_nothing_lost(md);
    }

    #[test]
    fn emphasis_is_dropped_and_a_bold_paragraph_is_bold() {
        let md =
            "**一、工作目标**\n\n全市*重点*事项**13个**，~~删去~~。\n\n## **（一）总体要求**\n";
        let r = reflow(md);
        let got: Vec<(&str, bool)> = r.blocks.iter().map(|b| (b.text.as_str(), b.bold)).collect();
        assert_eq!(
            got,
            [
                ("一、工作目标", true),
                ("全市重点事项13个，删去。", false),
                ("（一）总体要求", true)
            ]
        );
        assert_eq!(
            dropped(md),
            [
                (1, "** **".to_string()),
                (3, "* * ** ** ~~ ~~".to_string()),
                (5, "## ** **".to_string()),
            ]
        );
        assert_nothing_lost(md);
    }

    #[test]
    fn list_items_are_blocks_that_keep_their_numbers() {
        let md = "1. An applicant shall apply.\n2. The fee is paid.\n\n- 统一受理入口；\n  - 一次告知；\n  - 一表申请。\n* 共享数据\n\n  材料减少。\n\n3) 第三项\n";
        let r = reflow(md);
        let got: Vec<(usize, &str, Shape)> = r
            .blocks
            .iter()
            .map(|b| (b.source_line, b.text.as_str(), b.shape))
            .collect();
        assert_eq!(
            got,
            [
                (1, "1. An applicant shall apply.", Shape::ListItem),
                (2, "2. The fee is paid.", Shape::ListItem),
                (4, "统一受理入口；", Shape::BulletItem),
                (5, "一次告知；", Shape::BulletItem),
                (6, "一表申请。", Shape::BulletItem),
                (7, "共享数据", Shape::BulletItem),
                (9, "材料减少。", Shape::ListItem),
                (11, "3) 第三项", Shape::ListItem),
            ]
        );
        assert!(r.blocks.iter().all(|b| b.md_level.is_none()));
        assert_eq!(
            dropped(md),
            [
                (4, "-".to_string()),
                (5, "-".to_string()),
                (6, "-".to_string()),
                (7, "*".to_string()),
            ]
        );
        assert_nothing_lost(md);
    }

    #[test]
    fn table_rows_are_blocks_with_cells_joined() {
        let md = "| 指标 | 2023年 | 2024年 |\n| --- | :---: | ---: |\n| 网上可办率 | 96.1% | 98.6% |\n| 只有一格 |\n| 空格 |  | 末 |\n| a \\| b | **粗** | |\n";
        let r = reflow(md);
        let got: Vec<(usize, &str)> = r
            .blocks
            .iter()
            .map(|b| (b.source_line, b.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, "指标 | 2023年 | 2024年"),
                (3, "网上可办率 | 96.1% | 98.6%"),
                (4, "只有一格"),
                (5, "空格 | | 末"),
                (6, "a | b | 粗"),
            ]
        );
        assert!(r.blocks.iter().all(|b| b.shape == Shape::TableRow));
        assert_eq!(dropped(md)[1], (2, "| --- | :---: | ---: |".to_string()));
        assert_nothing_lost(md);
    }

    #[test]
    fn code_blocks_are_one_block_per_line() {
        let md =
            "```rust\nfn main() {\n\n    println!(\"第一条\");\n}\n```\n\n    indented\n    code\n";
        let r = reflow(md);
        let got: Vec<(usize, &str)> = r
            .blocks
            .iter()
            .map(|b| (b.source_line, b.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "fn main() {"),
                (4, "    println!(\"第一条\");"),
                (5, "}"),
                (8, "indented"),
                (9, "code"),
            ]
        );
        assert!(r.blocks.iter().all(|b| b.shape == Shape::Code));
        assert_eq!(
            dropped(md),
            [(1, "```rust".to_string()), (6, "```".to_string())]
        );
        assert_nothing_lost(md);
    }

    #[test]
    fn block_quotes_are_prose() {
        let md = "> 清溪市大数据发展管理局\n> 2025年3月\n>\n> > 第二段。\n";
        let r = reflow(md);
        let got: Vec<(usize, &str, Shape)> = r
            .blocks
            .iter()
            .map(|b| (b.source_line, b.text.as_str(), b.shape))
            .collect();
        assert_eq!(
            got,
            [
                (1, "清溪市大数据发展管理局2025年3月", Shape::Prose),
                (4, "第二段。", Shape::Prose)
            ]
        );
        assert_eq!(
            dropped(md),
            [
                (1, ">".to_string()),
                (2, ">".to_string()),
                (3, ">".to_string()),
                (4, "> >".to_string())
            ]
        );
        assert_nothing_lost(md);
    }

    #[test]
    fn text_between_html_comments_is_kept() {
        let md = "<!-- a --> 第一段正文，很重要。<!-- b -->\n\n<!-- INFO END -->\n\n<div align=\"center\">\n文字 <b>粗</b> and\nmore\n<p>第二块</p>\n</div>\n\n<!--\n多行注释\n-->\n\n正文 <span>行内</span> 标签。\n";
        assert_eq!(
            blocks(md),
            [
                (1, "第一段正文，很重要。".to_string()),
                (6, "文字 粗 and more".to_string()),
                (8, "第二块".to_string()),
                (15, "正文 行内 标签。".to_string()),
            ]
        );
        assert_eq!(
            dropped(md),
            [
                (1, "<!-- a --> <!-- b -->".to_string()),
                (3, "<!-- INFO END -->".to_string()),
                (5, "<div align=\"center\">".to_string()),
                (6, "<b> </b>".to_string()),
                (8, "<p> </p>".to_string()),
                (9, "</div>".to_string()),
                (11, "<!--".to_string()),
                (12, "多行注释".to_string()),
                (13, "-->".to_string()),
                (15, "<span> </span>".to_string()),
            ]
        );
        assert_nothing_lost(md);
    }

    #[test]
    fn front_matter_is_one_dropped_entry_and_its_fields() {
        let md = "---\ntitle: \"数字政府建设报告\"\ndate: '2025-03-01'\ntags:\n  - 政务\n---\n\n# 数字政府建设报告\n\n正文。\n";
        let r = reflow(md);
        assert_eq!(
            r.front_matter,
            [
                ("title".to_string(), "数字政府建设报告".to_string()),
                ("date".to_string(), "2025-03-01".to_string())
            ]
        );
        assert_eq!(
            blocks(md),
            [
                (8, "数字政府建设报告".to_string()),
                (10, "正文。".to_string())
            ]
        );
        let d = dropped(md);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].0, 1);
        assert!(d[0].1.starts_with("---\ntitle:") && d[0].1.ends_with("政务\n---"));
        assert_eq!(d[1], (8, "#".to_string()));
        assert_nothing_lost(md);
    }

    #[test]
    fn rules_are_dropped() {
        let md = "第一段。\n\n---\n\n第二段。\n\n***\n\n_____\n";
        assert_eq!(texts(md), ["第一段。", "第二段。"]);
        assert_eq!(
            dropped(md),
            [
                (3, "---".to_string()),
                (7, "***".to_string()),
                (9, "_____".to_string())
            ]
        );
        assert_nothing_lost(md);
    }

    #[test]
    fn chinese_lines_of_one_paragraph_each_are_split_again() {
        // A clipped notice: one paragraph a line, no blank lines, as Markdown joins them.
        let md = "# 通知\n\n各区：\n一、工作目标\n本市新增建成区50平方公里。\n（一）开展评估。本年度应当完成评估，\n并报送结果。\n";
        assert_eq!(
            texts(md),
            [
                "通知",
                "各区：",
                "一、工作目标",
                "本市新增建成区50平方公里。",
                "（一）开展评估。本年度应当完成评估，并报送结果。",
            ]
        );
    }

    #[test]
    fn front_matter_title_and_date_fill_the_metadata() {
        let doc = crate::doc::parse_markdown(
            "---\ntitle: '关于开展检查的通知'\ndate: Sat, 05 Mar 2022 07:52:05 GMT\n---\n\n正文第一段。\n\n## 一、目标\n\n正文。\n"
                .to_string(),
        );
        assert_eq!(doc.meta.title.as_deref(), Some("关于开展检查的通知"));
        assert_eq!(doc.meta.date.as_deref(), Some("2022-03-05"));
    }

    #[test]
    fn lines_of_labelled_fields_stay_apart() {
        let md = "起草单位：清溪市大数据发展管理局\n发布日期：2025年4月18日\n\n第一条 为了规范数据开放：\n依照本办法执行。\n";
        assert_eq!(
            blocks(md),
            [
                (1, "起草单位：清溪市大数据发展管理局".to_string()),
                (2, "发布日期：2025年4月18日".to_string()),
                (4, "第一条 为了规范数据开放：依照本办法执行。".to_string()),
            ]
        );
        assert_nothing_lost(md);
    }

    #[test]
    fn a_paragraph_that_is_only_a_link_into_the_document_is_a_contents_entry() {
        let md = "# Guidelines\n\n[1. Purpose](#sec1)\n\n[2. Introduction](#sec2)\n\n\
                  See [the purpose](#sec1) first.\n\n[RFC 6749](https://example.org/rfc6749)\n";
        let shapes: Vec<(String, Shape)> = reflow(md)
            .blocks
            .into_iter()
            .map(|b| (b.text, b.shape))
            .collect();
        assert_eq!(
            shapes,
            [
                ("Guidelines".to_string(), Shape::Prose),
                ("1. Purpose".to_string(), Shape::ContentsEntry),
                ("2. Introduction".to_string(), Shape::ContentsEntry),
                ("See the purpose first.".to_string(), Shape::Prose),
                ("RFC 6749".to_string(), Shape::Prose),
            ]
        );
        // and they are no headings
        let doc = crate::doc::parse_markdown(md.to_string());
        assert!(doc.sections.is_empty(), "{:?}", doc.sections);
    }

    #[test]
    fn escapes_code_spans_links_and_references() {
        let md = "a\\*b `co de` [链接](http://x.y \"t\") <http://a.b> &amp; &copy;\n";
        assert_eq!(texts(md), ["a*b co de 链接 http://a.b & ©"]);
        assert_eq!(
            dropped(md),
            [(
                1,
                "\\ ` ` [ ](http://x.y \"t\") < > &amp; &copy;".to_string()
            )]
        );
    }

    #[test]
    fn a_block_starts_on_the_line_of_its_first_text() {
        assert_eq!(blocks("\\\n第二行\n"), [(2, "第二行".to_string())]);
        // A code span over two lines is one text, its backticks reported.
        let md = "正文 ``a|b\n九`` 完。\n";
        assert_eq!(blocks(md), [(1, "正文 a|b 九 完。".to_string())]);
        assert_eq!(dropped(md), [(1, "``".to_string()), (2, "``".to_string())]);
        assert_nothing_lost(md);
    }

    /// Through the document parser: Markdown is recognised and read by this module.
    #[test]
    fn documents_in_markdown_are_read_as_markdown() {
        let md =
            "# 标题\n\n## 一、总则\n\n<!-- a --> 第一段正文，很重要。<!-- b -->\n\n---\n\n正文。\n";
        let doc = crate::doc::parse(md);
        let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            ["标题", "一、总则", "第一段正文，很重要。", "正文。"]
        );
        assert_eq!(doc.meta.title.as_deref(), Some("标题"));
        assert_eq!(doc.sections.len(), 1);
        assert_eq!(doc.dropped.len(), 4);
        assert_eq!(doc.fingerprint, crate::doc::fingerprint(md));
        // Whatever it looks like, parse_markdown reads text as Markdown.
        let doc = crate::doc::parse_markdown("第一行\n第二行\n".to_string());
        assert_eq!(doc.blocks.len(), 1);
        assert_eq!(crate::doc::parse("第一行\n第二行\n").blocks.len(), 2);
    }

    #[test]
    fn form_feeds_are_spaces() {
        let r = reflow("第一段\u{0C}正文。\n");
        assert_eq!(r.blocks[0].text, "第一段 正文。");
    }

    #[test]
    fn markdown_is_recognised_conservatively() {
        for md in [
            "---\ntitle: 报告\n---\n正文。\n",
            "# 标题\n\n## 第一章\n",
            "标题\n====\n\n正文。\n\n第一章\n------\n\n正文。\n",
            "正文。\n\n```\ncode\n```\n",
            "| 指标 | 数值 |\n| --- | --- |\n| a | 1 |\n",
            "指标 | 数值\n---|---\n",
            "# 标题\n\n- 一\n- 二\n\n**重点**内容。\n",
        ] {
            assert!(looks_like_markdown(md), "{md:?}");
        }
        for text in [
            "",
            "一、总则\n第一段写完了。\n",
            "关于#1号文件的说明\n正文。\n",
            "# 标题\n\n正文。\n",
            "# 标题\n\n- 一项\n",
            "说明\n---\n附件",
            "- 一\n- 二\n- 三\n**重点**\n",
            "#标题\n#另一个\n",
            "指标 | 数值\n",
        ] {
            assert!(!looks_like_markdown(text), "{text:?}");
        }
    }

    /// The corpus: its Markdown documents are recognised, its plain texts are not.
    #[test]
    fn corpus_documents_are_told_apart() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
        let mut seen = 0;
        for dir in [dir.clone(), dir.join("extra")] {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let markdown = name.ends_with(".md") || name == "law-pipl-2021.txt";
                if name.ends_with(".md") || name.ends_with(".txt") {
                    assert_eq!(looks_like_markdown(&text), markdown, "{name}");
                    seen += 1;
                }
                if markdown {
                    assert_nothing_lost(&text);
                }
            }
        }
        assert!(seen > 20);
    }
}
