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

use std::collections::HashMap;

use super::headings;
use super::model::{DropReason, Dropped};
use crate::layout::{AmbiguousWidth, str_width};

/// A block of reflowed text before headings are recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBlock {
    pub text: String,
    /// 1-based source line of the block's first line.
    pub source_line: usize,
    /// For a Markdown heading (`## …`), its number of `#`; the text no longer has them.
    pub md_level: Option<usize>,
}

/// The result of [`reflow`].
#[derive(Debug, Clone, Default)]
pub struct Reflowed {
    pub blocks: Vec<RawBlock>,
    pub dropped: Vec<Dropped>,
}

/// The block being built, with what the line-break decisions ask of it, kept up to date line
/// by line so that no decision rescans the whole paragraph.
#[derive(Debug)]
struct OpenBlock {
    block: RawBlock,
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
    fn new(text: &str, source_line: usize, md_level: Option<usize>) -> Self {
        let marker = headings::parse_marker(text);
        let mut open = Self {
            block: RawBlock {
                text: String::new(),
                source_line,
                md_level,
            },
            opens_heading: marker.is_some_and(|m| !m.scheme.heads_paragraph()),
            opens_run_in: marker.is_some_and(|m| m.scheme == headings::Scheme::RunIn),
            sentence_ended: false,
            has_semicolon: false,
            depth: 0,
        };
        open.push(text);
        open
    }

    fn push(&mut self, line: &str) {
        join_line(&mut self.block.text, line);
        // The characters that matter are ASCII brackets or three-byte punctuation led by E2, E3
        // or EF; ideographs (E4–E9) are skipped without decoding.
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let c = match b {
                b'(' | b')' => b as char,
                0xE2 | 0xE3 | 0xEF => match line[i..].chars().next() {
                    Some(c) => c,
                    None => break,
                },
                // Skip a whole character: ASCII, or a lead byte and its continuation bytes.
                _ => {
                    i += match b {
                        0xF0.. => 4,
                        0xE0.. => 3,
                        0xC0.. => 2,
                        _ => 1,
                    };
                    continue;
                }
            };
            i += c.len_utf8();
            match c {
                '。' | '！' | '？' => self.sentence_ended = true,
                '；' => self.has_semicolon = true,
                '“' | '《' | '（' | '「' | '『' | '【' | '(' => self.depth += 1,
                '”' | '》' | '）' | '」' | '』' | '】' | ')' => {
                    self.depth = self.depth.saturating_sub(1);
                }
                _ => {}
            }
        }
    }

    /// A heading (not a run-in point) with no sentence end yet: it ends where its text ends.
    fn is_open_heading(&self) -> bool {
        self.opens_heading && !self.sentence_ended && !self.has_semicolon
    }

    /// A run-in point whose first sentence has not ended.
    fn is_open_run_in(&self) -> bool {
        self.opens_run_in && !self.sentence_ended
    }

    fn finish(self) -> RawBlock {
        let mut block = self.block;
        // Joining lines leaves up to half of the string unused; a large document would carry
        // that slack in every block.
        block.text.shrink_to_fit();
        block
    }
}

/// One source line with what the reflow needs to know about it.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// 1-based line number in the decoded text.
    number: usize,
    /// The line with surrounding whitespace removed.
    text: &'a str,
    /// Display width of `text`.
    width: usize,
    /// Starts with indentation (two spaces or an ideographic space).
    indented: bool,
    /// Blank lines (or page furniture) between this line and the previous content line.
    blank_before: bool,
    /// The line follows a page break (page number line or form feed).
    after_page_break: bool,
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

fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace())
}

/// Reflows decoded, normalised text into blocks.
#[must_use]
pub fn reflow(text: &str) -> Reflowed {
    let mut dropped = Vec::new();
    let lines = collect_lines(text, &mut dropped);
    let lines = drop_running_headers(lines, &mut dropped);
    let style = Style::learn(&lines);
    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut current: Option<OpenBlock> = None;
    let mut prev: Option<Line> = None;
    for line in lines {
        let (content, markup) = strip_markup(line.text);
        if let Some(markup) = markup {
            dropped.push(Dropped {
                line: line.number,
                text: markup.to_string(),
                reason: DropReason::Markup,
            });
        }
        if content.is_empty() {
            // A line that was only markup (an HTML comment) ends the paragraph.
            blocks.extend(current.take().map(OpenBlock::finish));
            prev = None;
            continue;
        }
        let line = Line {
            text: content,
            ..line
        };
        let md_level = markup
            .filter(|m| m.starts_with('#'))
            .map(|m| m.bytes().filter(|&b| b == b'#').count());
        let starts_new = match (&current, prev) {
            (Some(open), Some(p)) => style.breaks_between(&p, &line, open, markup.is_some()),
            _ => true,
        };
        if starts_new {
            blocks.extend(current.take().map(OpenBlock::finish));
            current = Some(OpenBlock::new(line.text, line.number, md_level));
        } else if let Some(open) = current.as_mut() {
            open.push(line.text);
        }
        // A Markdown heading is a block of its own.
        prev = if md_level.is_some() {
            blocks.extend(current.take().map(OpenBlock::finish));
            None
        } else {
            Some(line)
        };
    }
    blocks.extend(current.take().map(OpenBlock::finish));
    dropped.sort_by_key(|d| d.line);
    Reflowed { blocks, dropped }
}

/// Splits a Markdown heading marker (`## `) or an HTML comment off a line.
/// Returns the content and the markup that was removed.
fn strip_markup(line: &str) -> (&str, Option<&str>) {
    if line.starts_with("<!--") && line.ends_with("-->") {
        return ("", Some(line));
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
fn collect_lines<'a>(text: &'a str, dropped: &mut Vec<Dropped>) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut blank_before = false;
    let mut after_page_break = false;
    for (index, raw_line) in text.split('\n').enumerate() {
        let number = index + 1;
        // A form feed is a page break; the text around it on the same line still counts.
        for (i, segment) in raw_line.split('\u{0C}').enumerate() {
            if i > 0 {
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
                continue;
            }
            let trimmed = segment.trim();
            if is_page_number(trimmed) {
                dropped.push(Dropped {
                    line: number,
                    text: trimmed.to_string(),
                    reason: DropReason::PageNumber,
                });
                blank_before = true;
                after_page_break = true;
                continue;
            }
            let indented = segment.starts_with('\u{3000}') || segment.starts_with("  ");
            lines.push(Line {
                number,
                text: trimmed,
                width: str_width(trimmed, AmbiguousWidth::Narrow),
                indented,
                blank_before,
                after_page_break,
            });
            blank_before = false;
            after_page_break = false;
        }
    }
    lines
}

/// Running headers and footers: the same short line next to many page breaks.
fn drop_running_headers<'a>(lines: Vec<Line<'a>>, dropped: &mut Vec<Dropped>) -> Vec<Line<'a>> {
    let page_breaks = lines.iter().filter(|l| l.after_page_break).count();
    if page_breaks < 2 {
        return lines;
    }
    // Lines right after a page break, and right before one.
    let mut near_break: HashMap<&str, usize> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        let before_break = lines.get(i + 1).is_some_and(|n| n.after_page_break);
        if (line.after_page_break || before_break) && line.text.chars().count() <= 40 {
            *near_break.entry(line.text).or_default() += 1;
        }
    }
    let threshold = (page_breaks / 2).max(2);
    let headers: Vec<&str> = near_break
        .into_iter()
        .filter(|&(_, n)| n >= threshold)
        .map(|(t, _)| t)
        .collect();
    if headers.is_empty() {
        return lines;
    }
    let mut kept = Vec::with_capacity(lines.len());
    let mut carry_break = false;
    for (i, line) in lines.iter().enumerate() {
        let before_break = lines.get(i + 1).is_some_and(|n| n.after_page_break);
        if (line.after_page_break || before_break) && headers.contains(&line.text) {
            dropped.push(Dropped {
                line: line.number,
                text: line.text.to_string(),
                reason: DropReason::RunningHeader,
            });
            carry_break |= line.after_page_break;
            continue;
        }
        let mut line = *line;
        if carry_break {
            line.after_page_break = true;
            line.blank_before = true;
            carry_break = false;
        }
        kept.push(line);
    }
    kept
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
    if line.len() > 60 || !line.starts_with(plausible_start) {
        return false;
    }
    let s: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() || s.chars().count() > 20 {
        return false;
    }
    let is_dash = |c: char| matches!(c, '—' | '－' | '-' | '–' | '―' | '─');
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

/// What the reflow learned about the document's layout.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// Lines are broken at a fixed width.
    hard_wrapped: bool,
    /// A line narrower than this is short: a paragraph ends there.
    full_width: usize,
    /// Blank lines separate paragraphs (they are not after every line).
    blank_breaks: bool,
    /// An indented line starts a paragraph.
    indent_breaks: bool,
}

impl Style {
    fn learn(lines: &[Line]) -> Self {
        let content = lines.len();
        // Lines that end mid-sentence and run on into a next line: in a hard-wrapped text these
        // are most lines, and they show the width at which the text was broken.
        let mut open_widths: Vec<usize> = lines
            .windows(2)
            .filter(|w| {
                let last = w[0].text.chars().last().unwrap_or(' ');
                !is_terminal(last) && !w[0].text.starts_with('#')
            })
            .map(|w| w[0].width)
            .collect();
        open_widths.sort_unstable();
        let median = open_widths.get(open_widths.len() / 2).copied().unwrap_or(0);
        let mut all_widths: Vec<usize> = lines.iter().map(|l| l.width).collect();
        all_widths.sort_unstable();
        let p90 = all_widths
            .get(all_widths.len() * 9 / 10)
            .copied()
            .unwrap_or(0);
        // Open lines of a wrapped text are the full lines: many, alike in width, and as wide as
        // the text gets. In a web copy the few open lines are headings, short and uneven.
        let near_median = open_widths
            .iter()
            .filter(|&&w| w * 5 >= median * 4 && w * 5 <= median * 6)
            .count();
        let hard_wrapped = open_widths.len() >= 3
            && open_widths.len() * 4 >= content
            && near_median * 5 >= open_widths.len() * 3
            && p90 * 10 <= median * 13;
        // A line narrower than four fifths of a full line is short (justified newspaper columns
        // and narrow digits make full lines vary a little).
        let full_width = if hard_wrapped {
            median * 4 / 5
        } else {
            usize::MAX
        };
        let pairs = content.saturating_sub(1);
        let blank_pairs = lines
            .iter()
            .skip(1)
            .filter(|l| l.blank_before && !l.after_page_break)
            .count();
        let blank_breaks = blank_pairs > 0 && blank_pairs * 2 < pairs;
        let indented = lines.iter().filter(|l| l.indented).count();
        let indent_breaks = indented >= 2 && indented * 5 < content * 3;
        Self {
            hard_wrapped,
            full_width,
            blank_breaks,
            indent_breaks,
        }
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
        if self.blank_breaks && next.blank_before && !next.after_page_break {
            return true;
        }
        if self.indent_breaks && next.indented {
            return true;
        }
        if is_list_item(next.text) {
            return true;
        }
        if !self.hard_wrapped {
            return true;
        }
        let last = prev.text.chars().last().unwrap_or(' ');
        let ends_sentence = is_terminal(last);
        // No paragraph starts with a comma or a closing bracket: the line goes on.
        if next.text.starts_with(is_closing) {
            return false;
        }
        let next_is_marked = headings::starts_with_marker(next.text);
        // A heading line of its own (`第一章 总 则`), or a heading followed by the next one.
        if next_is_marked
            && ((next.width < self.full_width && !has_punctuation(next.text))
                || block.is_open_heading())
        {
            return true;
        }
        // The lines of a title block: a subtitle after a title line, a date on its own line.
        if !is_continuation(last)
            && ((next.text.starts_with("——") && !has_punctuation(prev.text) && block.depth == 0)
                || (next.width < self.full_width && super::title::date_line(next.text).is_some()))
        {
            return true;
        }
        if prev.width < self.full_width {
            if is_continuation(last) {
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
                || (next.width < self.full_width && !has_punctuation(next.text)))
        {
            return true;
        }
        // A heading that wrapped over full lines ends with its closing quote or bracket.
        matches!(last, '”' | '）' | '》' | '」') && block.is_open_heading()
    }
}

/// Punctuation that never starts a line of a paragraph.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '》'
            | '】'
            | '”'
            | '’'
    )
}

/// Sentence or clause punctuation anywhere in the line.
fn has_punctuation(line: &str) -> bool {
    line.contains([
        '，', '。', '、', '；', '：', '？', '！', ',', '.', ';', ':', '?', '!',
    ])
}

/// A Markdown list item or block quote: always a block of its own.
fn is_list_item(line: &str) -> bool {
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || line.starts_with("> ")
}

/// Appends a wrapped line to a paragraph: no space inside CJK text, one between Latin words,
/// none after a hyphen that splits a lowercase word.
pub(crate) fn join_line(block: &mut String, line: &str) {
    let last = block.chars().last();
    let first = line.chars().next();
    if let (Some(a), Some(b)) = (last, first)
        && needs_space(block, a, b)
    {
        block.push(' ');
    }
    block.push_str(line);
}

fn needs_space(block: &str, a: char, b: char) -> bool {
    let latin = |c: char| {
        c.is_ascii_alphanumeric() || ((c as u32) < 0x2E80 && c.is_alphabetic() && !is_cjk_punct(c))
    };
    if a == '-' {
        // `infor-` + `mation` stays one word; a hyphen after a space is a dash.
        let before = block.chars().rev().nth(1);
        return before.is_none_or(char::is_whitespace);
    }
    let a_latin = latin(a)
        || matches!(
            a,
            ',' | '.' | ';' | ':' | '!' | '?' | ')' | '"' | '\'' | '%'
        );
    let b_latin = latin(b) || matches!(b, '(' | '"' | '\'');
    a_latin && b_latin
}

/// Punctuation that behaves as CJK at a line join (CJK.md §2: “ ” ‘ ’ … — · are CJK here).
fn is_cjk_punct(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        reflow(text).blocks.into_iter().map(|b| b.text).collect()
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
