//! Heading schemes and the outline tree (CJK.md §3).
//!
//! A heading is recognised by the numbering marker at the start of a block. Its level is not
//! taken from a fixed table: the schemes are stacked in the order the document opens them, so a
//! document that starts with `（一）` has it at level 1. Within a family of schemes whose order is
//! known (`第一编` › `第一章` › `第一节` › `第一条`; `一、` › `（一）` › `1.` › `（1）` › `①`;
//! Markdown `#` › `##`), a higher-ranked scheme seen late still closes the lower ones.
//!
//! False headings are avoided by numbering: a heading must follow on from its previous sibling
//! (`二、` after `一、`), and a scheme opened below another starts at one. A law's article is a
//! leaf: enumerations inside it (`（一）…；`) are not headings. Run-in points (`一是……。`) are
//! one level below their section, and their heading is the paragraph's first sentence.

use super::model::{Block, BlockKind, Document, Metadata, Section};
use super::reflow::RawBlock;

/// A numbering scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `一、`
    CnComma,
    /// `（一）`
    CnParen,
    /// `1.` `1．` `1、`
    ArabicDot,
    /// `（1）`
    ArabicParen,
    /// `①`
    Circled,
    /// `一是`: a run-in point, always a leaf one level below its section.
    RunIn,
    /// `第一编` / `第一部分`
    LawPart,
    /// `第一章`
    LawChapter,
    /// `第一节`
    LawSection,
    /// `第一条`: an article, always a leaf.
    LawArticle,
    /// `1.1`, `1.1.1` (the number of components).
    Decimal(usize),
    /// Markdown `#` (the number of `#`).
    Markdown(usize),
    /// `Part I`
    EnPart,
    /// `Chapter 1`
    EnChapter,
    /// `Section 1`
    EnSection,
    /// `Article 1`: a leaf like `第一条`.
    EnArticle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Official,
    Law,
    Decimal,
    Markdown,
    English,
    RunIn,
}

impl Scheme {
    fn family_rank(self) -> (Family, usize) {
        match self {
            Self::CnComma => (Family::Official, 0),
            Self::CnParen => (Family::Official, 1),
            Self::ArabicDot => (Family::Official, 2),
            Self::ArabicParen => (Family::Official, 3),
            Self::Circled => (Family::Official, 4),
            Self::RunIn => (Family::RunIn, 0),
            Self::LawPart => (Family::Law, 0),
            Self::LawChapter => (Family::Law, 1),
            Self::LawSection => (Family::Law, 2),
            Self::LawArticle => (Family::Law, 3),
            Self::Decimal(n) => (Family::Decimal, n),
            Self::Markdown(n) => (Family::Markdown, n),
            Self::EnPart => (Family::English, 0),
            Self::EnChapter => (Family::English, 1),
            Self::EnSection => (Family::English, 2),
            Self::EnArticle => (Family::English, 3),
        }
    }

    /// Schemes numbered through the whole document rather than within their parent.
    fn numbered_globally(self) -> bool {
        matches!(
            self,
            Self::LawPart
                | Self::LawChapter
                | Self::LawArticle
                | Self::EnPart
                | Self::EnChapter
                | Self::EnArticle
        )
    }

    /// Schemes whose numbers are not checked (Markdown has none; decimals carry their parent's).
    fn unchecked(self) -> bool {
        matches!(self, Self::Markdown(_)) || matches!(self, Self::Decimal(depth) if depth >= 2)
    }

    /// Articles are leaves: nothing but a higher law division opens below them.
    fn is_leaf(self) -> bool {
        matches!(self, Self::LawArticle | Self::EnArticle | Self::RunIn)
    }

    /// Whether a paragraph with this marker reads its heading as the first sentence even when the
    /// sentence is the whole paragraph (`三是……。`, `第一条 ……。`).
    pub(crate) fn heads_paragraph(self) -> bool {
        matches!(self, Self::RunIn | Self::LawArticle | Self::EnArticle)
    }
}

/// A numbering marker at the start of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub scheme: Scheme,
    pub number: u32,
    /// Length in bytes of the marker text (`一、`, `（一）`, `第一章`).
    pub len: usize,
}

/// Value of a Chinese numeral character, or of a unit (十 = 10…).
fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '贰' | '两' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn cn_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// Parses a Chinese numeral at the start of `s` (`十二`, `二十一`, `一百零五`).
/// Returns the value and its length in bytes.
pub fn parse_cn_number(s: &str) -> Option<(u32, usize)> {
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    let mut len = 0;
    for c in s.chars() {
        if let Some(d) = cn_digit(c) {
            digit = Some(d);
        } else if let Some(u) = cn_unit(c) {
            total = total.saturating_add(digit.unwrap_or(1).saturating_mul(u));
            digit = None;
        } else {
            break;
        }
        len += c.len_utf8();
        if len > 24 {
            return None;
        }
    }
    (len > 0).then(|| (total.saturating_add(digit.unwrap_or(0)), len))
}

/// Parses Arabic digits (ASCII or full-width) at the start of `s`.
pub fn parse_arabic_number(s: &str) -> Option<(u32, usize)> {
    let mut value = 0u32;
    let mut len = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        value = value.checked_mul(10)?.checked_add(d)?;
        len += c.len_utf8();
        if len > 12 {
            return None;
        }
    }
    (len > 0).then_some((value, len))
}

fn parse_number(s: &str) -> Option<(u32, usize, bool)> {
    parse_arabic_number(s)
        .map(|(n, l)| (n, l, true))
        .or_else(|| parse_cn_number(s).map(|(n, l)| (n, l, false)))
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

/// Recognises the numbering marker at the start of `text`, if any.
#[must_use]
pub fn parse_marker(text: &str) -> Option<Marker> {
    let first = text.chars().next()?;
    // Most paragraphs start with an ordinary ideograph: reject them before any parsing.
    if !could_start_marker(first) {
        return None;
    }
    let marker = |scheme, number, len| {
        Some(Marker {
            scheme,
            number,
            len,
        })
    };
    match first {
        '（' | '(' => {
            let open = first.len_utf8();
            let (n, l, arabic) = parse_number(&text[open..])?;
            let rest = &text[open + l..];
            let close = rest.chars().next()?;
            if close != '）' && close != ')' {
                return None;
            }
            let scheme = if arabic {
                Scheme::ArabicParen
            } else {
                Scheme::CnParen
            };
            marker(scheme, n, open + l + close.len_utf8())
        }
        '①'..='⑳' => marker(
            Scheme::Circled,
            first as u32 - '①' as u32 + 1,
            first.len_utf8(),
        ),
        '⑴'..='⒇' => marker(
            Scheme::ArabicParen,
            first as u32 - '⑴' as u32 + 1,
            first.len_utf8(),
        ),
        '⒈'..='⒛' => marker(
            Scheme::ArabicDot,
            first as u32 - '⒈' as u32 + 1,
            first.len_utf8(),
        ),
        '第' => parse_law_marker(text),
        '0'..='9' | '０'..='９' => parse_arabic_marker(text),
        'A'..='Z' | 'a'..='z' => parse_english_marker(text),
        _ => {
            let (n, l) = parse_cn_number(text)?;
            let rest = &text[l..];
            match rest.chars().next()? {
                // `二、三季度`, `二、三产业`: numerals listed, not a heading.
                '、' if lists_numerals(&rest['、'.len_utf8()..]) => None,
                '、' => marker(Scheme::CnComma, n, l + '、'.len_utf8()),
                '是' if n <= 30 => marker(Scheme::RunIn, n, l + '是'.len_utf8()),
                // `一．总体要求`: the same scheme as `一、`, with a full stop.
                c @ ('．' | '.')
                    if n <= 99
                        && rest[c.len_utf8()..].starts_with(|d: char| !d.is_ascii_digit()) =>
                {
                    marker(Scheme::CnComma, n, l + c.len_utf8())
                }
                _ => None,
            }
        }
    }
}

/// Whether `c` can begin a numbering marker.
fn could_start_marker(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '（' | '(' | '①'..='⑳' | '⑴'..='⒇' | '⒈'..='⒛' | '第' | '０'..='９')
        || cn_digit(c).is_some()
        || cn_unit(c).is_some()
}

/// Text after `二、` that goes on listing numerals (`三季度`, `三产业`, `三、四类`).
fn lists_numerals(after: &str) -> bool {
    let mut chars = after.chars();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else {
        return false;
    };
    // Not `年` or `个`: `一、五年来的工作回顾` and `一、两个确立……` are headings.
    cn_digit(first).is_some() && matches!(second, '、' | '季' | '产' | '类' | '级')
}

fn parse_law_marker(text: &str) -> Option<Marker> {
    let after = &text['第'.len_utf8()..];
    let (n, l, _) = parse_number(after)?;
    let rest = &after[l..];
    let base = '第'.len_utf8() + l;
    // `第一，……` / `第二、……`: an ordinal run-in point, as in speeches.
    if let Some(c) = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '，' | '、' | ','))
        && (1..=30).contains(&n)
    {
        return Some(Marker {
            scheme: Scheme::RunIn,
            number: n,
            len: base + c.len_utf8(),
        });
    }
    let (scheme, unit_len) = if rest.starts_with("部分") {
        (Scheme::LawPart, "部分".len())
    } else {
        let unit = rest.chars().next()?;
        let scheme = match unit {
            '编' | '編' | '篇' => Scheme::LawPart,
            '章' => Scheme::LawChapter,
            '节' | '節' => Scheme::LawSection,
            '条' | '條' => Scheme::LawArticle,
            _ => return None,
        };
        (scheme, unit.len_utf8())
    };
    let mut len = base + unit_len;
    // `第六条之一`: an article inserted by an amendment, numbered after the one it follows.
    if scheme == Scheme::LawArticle
        && let Some(after) = text[len..].strip_prefix('之')
        && let Some((_, l)) = parse_cn_number(after)
        && (after[l..].is_empty() || after[l..].starts_with(is_space))
    {
        len += '之'.len_utf8() + l;
    }
    let tail = &text[len..];
    let separated = tail.is_empty() || tail.starts_with(is_space);
    // `第一章总则` without a space is a heading only when it is short and not a sentence;
    // `第三条规定的……` in prose is caught by the numbering check.
    let ok = match scheme {
        // `第十二条、第二十条……` and `第三条的规定` cite articles; they do not open one.
        Scheme::LawArticle => !tail.starts_with([
            '、', '，', '。', '；', '：', '的', '之', '中', '和', '或', '及', '至', '第', '规',
            '所',
        ]),
        _ => separated || (text.chars().count() <= 30 && !text.contains(['。', '，', '；'])),
    };
    ok.then_some(Marker {
        scheme,
        number: n,
        len,
    })
}

fn parse_arabic_marker(text: &str) -> Option<Marker> {
    let (n, l) = parse_arabic_number(text)?;
    let rest = &text[l..];
    let sep = rest.chars().next()?;
    if matches!(sep, ' ' | '\u{3000}') {
        return parse_bare_number_heading(text, n, l);
    }
    if !matches!(sep, '.' | '．' | '、') {
        return None;
    }
    let after = &rest[sep.len_utf8()..];
    let next = after.chars().next();
    if sep != '、' && next.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return parse_decimal_marker(text);
    }
    // `1.` followed by text; `2024.` is a year, not a heading.
    if n == 0 || n > 99 || next.is_none() {
        return None;
    }
    Some(Marker {
        scheme: Scheme::ArabicDot,
        number: n,
        len: l + sep.len_utf8(),
    })
}

/// `1 范围`, `2 Terms and definitions`: the top level of decimal numbering, as standards and
/// technical reports write it. Only a short line of its own, with no punctuation, whose text
/// does not start with a measure word (`3 个方面`, `12 月`).
fn parse_bare_number_heading(text: &str, n: u32, len: usize) -> Option<Marker> {
    let title = text[len..].trim_start();
    let first = title.chars().next()?;
    let measure_word = matches!(
        first,
        '个' | '项'
            | '年'
            | '月'
            | '日'
            | '天'
            | '万'
            | '亿'
            | '元'
            | '人'
            | '家'
            | '次'
            | '名'
            | '条'
            | '件'
            | '种'
            | '类'
            | '所'
            | '座'
            | '台'
            | '套'
            | '批'
            | '位'
            | '倍'
            | '%'
            | '％'
    );
    let plain = text.chars().count() <= 40
        && !text.contains(['，', '。', '；', '：', '、', '！', '？', ',', ';', ':'])
        && !text.ends_with('.');
    let starts_word = first.is_alphabetic() && (!first.is_ascii() || first.is_ascii_uppercase());
    ((1..=50).contains(&n) && plain && starts_word && !measure_word).then_some(Marker {
        scheme: Scheme::Decimal(1),
        number: n,
        len,
    })
}

/// `1.2` or `1.2.3` followed by a space: a decimal heading.
fn parse_decimal_marker(text: &str) -> Option<Marker> {
    let mut len = 0;
    let mut depth = 0;
    let mut last;
    loop {
        let (n, l) = parse_arabic_number(&text[len..])?;
        if n > 99 {
            return None;
        }
        len += l;
        depth += 1;
        last = n;
        let rest = &text[len..];
        match rest.chars().next() {
            Some(c @ ('.' | '．'))
                if rest[c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit()) =>
            {
                len += c.len_utf8();
            }
            _ => break,
        }
        if depth > 6 {
            return None;
        }
    }
    let rest = &text[len..];
    let rest = rest.strip_prefix(['.', '．']).unwrap_or(rest);
    let len = text.len() - rest.len();
    (depth >= 2 && rest.starts_with(is_space)).then_some(Marker {
        scheme: Scheme::Decimal(depth),
        number: last,
        len,
    })
}

fn parse_english_marker(text: &str) -> Option<Marker> {
    let word_len = text.find(|c: char| !c.is_ascii_alphabetic())?;
    let word = text[..word_len].to_ascii_lowercase();
    let scheme = match word.as_str() {
        "part" => Scheme::EnPart,
        "chapter" => Scheme::EnChapter,
        "section" => Scheme::EnSection,
        "article" => Scheme::EnArticle,
        _ => return None,
    };
    let rest = text[word_len..].strip_prefix(' ')?;
    let (n, l) = parse_arabic_number(rest).or_else(|| parse_roman(rest))?;
    let len = word_len + 1 + l;
    let tail = &text[len..];
    (tail.is_empty() || tail.starts_with([' ', '.', ':', '—', '-'])).then_some(Marker {
        scheme,
        number: n,
        len,
    })
}

fn parse_roman(s: &str) -> Option<(u32, usize)> {
    let len = s
        .find(|c: char| !matches!(c, 'I' | 'V' | 'X' | 'L'))
        .unwrap_or(s.len());
    if len == 0 || len > 8 {
        return None;
    }
    let value = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        _ => 50,
    };
    let digits: Vec<u32> = s[..len].chars().map(value).collect();
    let mut total = 0;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&next| next > d) {
            total -= d as i64;
        } else {
            total += d as i64;
        }
    }
    u32::try_from(total)
        .ok()
        .filter(|&t| t > 0)
        .map(|t| (t, len))
}

/// True when `line` opens with a heading marker that could start a block (used by the reflow to
/// end a paragraph before it).
#[must_use]
pub fn starts_with_marker(line: &str) -> bool {
    parse_marker(line).is_some()
}

/// Length of a run-in marker (`一是`) at the start of `text`.
#[must_use]
pub fn run_in_marker_len(text: &str) -> Option<usize> {
    parse_marker(text)
        .filter(|m| m.scheme == Scheme::RunIn)
        .map(|m| m.len)
}

/// Byte offset just past the first sentence of `text` (its `。！？`, with any closing quotes or
/// brackets that follow), ignoring sentence ends inside quotes and brackets. `None` when the text
/// has no sentence end.
#[must_use]
pub fn first_sentence_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '“' | '《' | '（' | '「' | '『' | '【' | '(' => depth += 1,
            '”' | '》' | '）' | '」' | '』' | '】' | ')' => depth = depth.saturating_sub(1),
            '。' | '！' | '？' if depth == 0 => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, next)) = chars.peek() {
                    if matches!(next, '”' | '’' | '」' | '』' | '）' | '。' | '！' | '？')
                    {
                        end = j + next.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                return Some(end);
            }
            // An English sentence: `. ` after a word of two or more lowercase letters (so that
            // `No. 5`, `U.S.` and `5.2%` do not end one).
            '.' | '!' | '?' if depth == 0 && ends_english_word(&text[..i]) => {
                let end = i + 1;
                if text[end..].starts_with(char::is_whitespace) {
                    return Some(end);
                }
            }
            _ => {}
        }
    }
    None
}

fn ends_english_word(before: &str) -> bool {
    before
        .chars()
        .rev()
        .take_while(char::is_ascii_lowercase)
        .count()
        >= 2
}

/// An open section on the stack of the tree being built.
#[derive(Debug, Clone, Copy)]
struct Open {
    scheme: Scheme,
    number: u32,
    section: usize,
}

/// Builds the document from the title block and the reflowed body.
#[must_use]
pub fn build(meta: Metadata, title_blocks: Vec<Block>, body: Vec<RawBlock>) -> Document {
    let mut blocks = title_blocks;
    let mut sections: Vec<Section> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut last_global: Vec<(Scheme, u32)> = Vec::new();
    // The last run-in point: its parent section and number.
    let mut last_run_in: Option<(Option<usize>, u32)> = None;
    let mut contents = TableOfContents::default();
    blocks.reserve(body.len());
    for raw in body {
        let index = blocks.len();
        let heading = if contents.holds(&raw) {
            None
        } else {
            classify(&raw, &stack, &last_global, last_run_in, sections.is_empty())
        };
        let mut block = Block {
            kind: BlockKind::Paragraph,
            text: raw.text,
            run_in: None,
            section: None,
            source_line: raw.source_line,
        };
        if let Some(found) = heading {
            let heading_len = if found.scheme.heads_paragraph() || raw.md_level.is_none() {
                first_sentence_end(&block.text)
                    .filter(|&end| end < block.text.len() || found.scheme.heads_paragraph())
            } else {
                None
            };
            let heading_text = match heading_len {
                Some(end) => {
                    block.run_in = Some(end);
                    block.text[..end].to_string()
                }
                None => {
                    block.kind = BlockKind::Heading;
                    block.text.clone()
                }
            };
            let parent_depth = if found.scheme == Scheme::RunIn {
                stack.len()
            } else {
                stack.truncate(found.depth);
                found.depth
            };
            let parent = parent_depth.checked_sub(1).map(|d| stack[d].section);
            let section_index = sections.len();
            sections.push(Section {
                level: parent_depth + 1,
                marker: found.marker,
                heading: heading_text,
                block: index,
                end_block: index + 1,
                parent,
                children: Vec::new(),
                run_in: block.run_in.is_some(),
            });
            if let Some(p) = parent {
                sections[p].children.push(section_index);
            }
            if found.scheme == Scheme::RunIn {
                last_run_in = Some((parent, found.number));
            } else {
                stack.push(Open {
                    scheme: found.scheme,
                    number: found.number,
                    section: section_index,
                });
                last_run_in = None;
                // The last number of every scheme: global schemes must follow on from it, and
                // others may (numbering that runs on across sections).
                match last_global.iter_mut().find(|(s, _)| *s == found.scheme) {
                    Some(entry) => entry.1 = found.number,
                    None => last_global.push((found.scheme, found.number)),
                }
            }
            block.section = Some(section_index);
        } else {
            block.section = sections.len().checked_sub(1);
        }
        blocks.push(block);
    }
    close_sections(&mut sections, blocks.len());
    Document {
        meta,
        blocks,
        sections,
        ..Document::default()
    }
}

/// A table of contents (`目录` and the chapter titles after it) repeats the headings of the body;
/// its entries are text, not headings, and the body's headings start over after it.
#[derive(Debug, Default)]
struct TableOfContents {
    /// Inside the contents: the scheme and number of their first entry, once seen.
    inside: Option<Option<(Scheme, u32)>>,
}

impl TableOfContents {
    /// Whether `raw` belongs to a table of contents (and so is no heading).
    fn holds(&mut self, raw: &RawBlock) -> bool {
        if raw.text.len() <= 30
            && matches!(
                raw.text.split_whitespace().collect::<String>().as_str(),
                "目录" | "目次" | "目錄"
            )
        {
            self.inside = Some(None);
            return true;
        }
        let Some(first) = self.inside else {
            return false;
        };
        let entry = parse_marker(&raw.text)
            .filter(|_| raw.text.chars().count() <= 60 && !raw.text.contains(['。', '；']));
        match (entry, first) {
            // The first entry comes again: the body starts here.
            (Some(m), Some(f)) if (m.scheme, m.number) == f => {
                self.inside = None;
                false
            }
            (Some(m), None) => {
                self.inside = Some(Some((m.scheme, m.number)));
                true
            }
            (Some(_), Some(_)) => true,
            (None, _) => {
                self.inside = None;
                false
            }
        }
    }
}

/// A block recognised as a heading, and where it goes.
struct Found {
    scheme: Scheme,
    number: u32,
    marker: String,
    /// The stack depth at which it opens (its level is depth + 1).
    depth: usize,
}

fn classify(
    raw: &RawBlock,
    stack: &[Open],
    last_global: &[(Scheme, u32)],
    last_run_in: Option<(Option<usize>, u32)>,
    first_heading: bool,
) -> Option<Found> {
    let text = raw.text.as_str();
    let marker = parse_marker(text);
    if let Some(level) = raw.md_level {
        // Markdown says this is a heading; its numbering, when it has one, gives the scheme.
        let (scheme, number, marker_text) = match marker {
            Some(m) if m.scheme != Scheme::RunIn => (m.scheme, m.number, text[..m.len].to_string()),
            _ => (Scheme::Markdown(level), 0, "#".repeat(level)),
        };
        return Some(Found {
            scheme,
            number,
            marker: marker_text,
            depth: placement(stack, scheme).0,
        });
    }
    let m = marker?;
    let in_leaf = stack.last().is_some_and(|o| o.scheme.is_leaf());
    let (family, _) = m.scheme.family_rank();
    let marker_text = text[..m.len].to_string();
    if m.scheme == Scheme::RunIn {
        let parent = stack.last().map(|o| o.section);
        let follows = match last_run_in {
            Some((p, n)) if p == parent => m.number == n + 1 || m.number == 1,
            _ => m.number == 1,
        };
        return (follows && !in_leaf).then_some(Found {
            scheme: m.scheme,
            number: m.number,
            marker: marker_text,
            depth: stack.len(),
        });
    }
    if in_leaf && !matches!(family, Family::Law | Family::English) {
        return None;
    }
    // An item of an enumeration (`（一）……；`) is not a heading.
    if text.ends_with(['；', ';', '，', ',']) {
        return None;
    }
    let (depth, sibling) = placement(stack, m.scheme);
    let follows = if m.scheme.unchecked() {
        true
    } else if m.scheme.numbered_globally() {
        last_global
            .iter()
            .find(|(s, _)| *s == m.scheme)
            .is_none_or(|&(_, n)| {
                m.number == n + 1 || (m.number == n && marker_text.contains('之'))
            })
    } else if let Some(previous) = sibling {
        // A top-level numbering may start over (a second part, an attachment, two reports in
        // one file), with a heading line of its own.
        m.number == previous + 1
            || (depth == 0 && m.number == 1 && !text.contains(['。', '；', '！', '？']))
    } else {
        // A new level starts at one, or runs on from the same scheme in the previous section
        // (`3.` under the first section, `4.` under the second).
        m.number == 1
            || (first_heading && stack.is_empty())
            || last_global
                .iter()
                .any(|&(s, n)| s == m.scheme && m.number == n + 1)
    };
    follows.then_some(Found {
        scheme: m.scheme,
        number: m.number,
        marker: marker_text,
        depth,
    })
}

/// Where a heading of `scheme` opens on the stack: the depth, and its previous sibling's number
/// when it continues a numbering already open.
fn placement(stack: &[Open], scheme: Scheme) -> (usize, Option<u32>) {
    if let Some(i) = stack.iter().position(|o| o.scheme == scheme) {
        return (i, Some(stack[i].number));
    }
    let (family, rank) = scheme.family_rank();
    if let Some(i) = stack.iter().position(|o| {
        let (f, r) = o.scheme.family_rank();
        f == family && r > rank
    }) {
        return (i, None);
    }
    (stack.len(), None)
}

/// Sets each section's `end_block`: the first block of the next section at its level or above.
fn close_sections(sections: &mut [Section], block_count: usize) {
    let mut open: Vec<usize> = Vec::new();
    for i in 0..sections.len() {
        let (level, block) = (sections[i].level, sections[i].block);
        while let Some(&top) = open.last() {
            if sections[top].level >= level {
                sections[top].end_block = block;
                open.pop();
            } else {
                break;
            }
        }
        open.push(i);
    }
    for i in open {
        sections[i].end_block = block_count;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Option<(Scheme, u32, &str)> {
        parse_marker(text).map(|m| (m.scheme, m.number, &text[..m.len]))
    }

    #[test]
    fn numerals() {
        assert_eq!(parse_cn_number("十二、"), Some((12, 6)));
        assert_eq!(parse_cn_number("二十一"), Some((21, 9)));
        assert_eq!(parse_cn_number("一百零五"), Some((105, 12)));
        assert_eq!(parse_cn_number("两"), Some((2, 3)));
        assert_eq!(parse_arabic_number("１２３"), Some((123, 9)));
    }

    #[test]
    fn markers() {
        assert_eq!(m("一、2024年工作回顾"), Some((Scheme::CnComma, 1, "一、")));
        assert_eq!(m("（十）切实保障"), Some((Scheme::CnParen, 10, "（十）")));
        assert_eq!(m("(2)分析"), Some((Scheme::ArabicParen, 2, "(2)")));
        assert_eq!(m("1.加强"), Some((Scheme::ArabicDot, 1, "1.")));
        assert_eq!(m("３．加强"), Some((Scheme::ArabicDot, 3, "３．")));
        assert_eq!(m("②其他"), Some((Scheme::Circled, 2, "②")));
        assert_eq!(m("二是聚焦"), Some((Scheme::RunIn, 2, "二是")));
        assert_eq!(m("第一章　总则"), Some((Scheme::LawChapter, 1, "第一章")));
        assert_eq!(
            m("第十三条 符合"),
            Some((Scheme::LawArticle, 13, "第十三条"))
        );
        assert_eq!(m("第二节 敏感"), Some((Scheme::LawSection, 2, "第二节")));
        assert_eq!(m("1.2 Scope"), Some((Scheme::Decimal(2), 2, "1.2")));
        assert_eq!(
            m("Chapter 3: Results"),
            Some((Scheme::EnChapter, 3, "Chapter 3"))
        );
        assert_eq!(m("Part II Methods"), Some((Scheme::EnPart, 2, "Part II")));
        for prose in [
            "二、三季度，受主要工业品价格下行影响",
            "一、二、三产业协调发展",
            "二、三类地区",
            "第三方机构",
            "1.39万亿斤",
            "2024.",
            "5.2%",
            "一年来",
            "（州）政协",
            "十分重要",
        ] {
            assert_eq!(m(prose), None, "{prose}");
        }
    }

    #[test]
    fn top_level_numbering_may_start_over() {
        let body = "这是一段完整的正文，它在网页上占据一整行，不会被硬换行打断，所以比标题长得多。";
        let t = format!(
            "一、回顾\n{body}\n二、打算\n{body}\n附件\n一、附表说明\n{body}\n（一）口径\n{body}\n一、不是标题。{body}\n"
        );
        assert_eq!(
            outline(&t),
            [
                (1, "一、回顾".into()),
                (1, "二、打算".into()),
                (1, "一、附表说明".into()),
                (2, "（一）口径".into()),
            ]
        );
    }

    #[test]
    fn numbering_may_run_on_across_sections() {
        let body = "这是一段完整的正文，它在网页上占据一整行，不会被硬换行打断，所以比标题长得多。";
        let t = format!(
            "一、总则\n1.目的\n{body}\n2.范围\n{body}\n二、管理\n3.平台\n{body}\n5.不连续\n{body}\n"
        );
        let got: Vec<(usize, String)> = outline(&t);
        assert_eq!(
            got,
            [
                (1, "一、总则".into()),
                (2, "1.目的".into()),
                (2, "2.范围".into()),
                (1, "二、管理".into()),
                (2, "3.平台".into()),
            ]
        );
    }

    #[test]
    fn inserted_articles() {
        assert_eq!(
            m("第六条之一　水权交易"),
            Some((Scheme::LawArticle, 6, "第六条之一"))
        );
        assert_eq!(m("第六條之一"), Some((Scheme::LawArticle, 6, "第六條之一")));
        assert_eq!(m("第三条之规定"), None);
        let t = "第一章 总则\n第六条 为了保护水源，制定本条例。\n第六条之一 水权可以依法交易。\n第七条 本条例自公布之日起施行。\n";
        let got: Vec<String> = outline(t).into_iter().map(|(_, h)| h).collect();
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[2].starts_with("第六条之一"));
    }

    #[test]
    fn bare_number_headings() {
        assert_eq!(m("1 范围"), Some((Scheme::Decimal(1), 1, "1")));
        assert_eq!(
            m("2 Terms and definitions"),
            Some((Scheme::Decimal(1), 2, "2"))
        );
        for prose in [
            "3 个数据集均已公开",
            "12 月底前完成",
            "2024 年工作",
            "5 billion users",
            "1 范围，规定如下",
        ] {
            assert_eq!(m(prose), None, "{prose}");
        }
        let body = "本文件规定了数据安全要求，适用于各类数据处理者开展的数据处理活动。";
        let t = format!(
            "数据安全技术规范\n1 范围\n{body}\n2 术语和定义\n2.1 数据\n{body}\n2.2 处理\n{body}\n"
        );
        assert_eq!(
            outline(&t),
            [
                (1, "1 范围".into()),
                (1, "2 术语和定义".into()),
                (2, "2.1 数据".into()),
                (2, "2.2 处理".into())
            ]
        );
    }

    #[test]
    fn full_stop_and_ordinal_markers() {
        assert_eq!(m("一．总体要求"), Some((Scheme::CnComma, 1, "一．")));
        assert_eq!(
            m("第二，坚持稳中求进。"),
            Some((Scheme::RunIn, 2, "第二，"))
        );
        assert_eq!(m("第三方评估"), None);
    }

    #[test]
    fn numeral_headings_are_not_lists() {
        assert_eq!(
            m("一、五年来的工作回顾"),
            Some((Scheme::CnComma, 1, "一、"))
        );
        assert_eq!(
            m("二、两个确立的决定性意义"),
            Some((Scheme::CnComma, 2, "二、"))
        );
    }

    #[test]
    fn first_sentence() {
        let t = "一是聚焦“保持定力”，对党忠诚的政治底色更加鲜明。我们始终";
        let end = first_sentence_end(t);
        assert_eq!(
            end.map(|e| &t[..e]),
            Some("一是聚焦“保持定力”，对党忠诚的政治底色更加鲜明。")
        );
        assert_eq!(
            first_sentence_end("“不是。”他说。"),
            Some("“不是。”他说。".len())
        );
        assert_eq!(first_sentence_end("一、总则"), None);
        let t = "Article 4 The owner of No. 5 is an owner. An owner enjoys rights.";
        assert_eq!(
            first_sentence_end(t).map(|e| &t[..e]),
            Some("Article 4 The owner of No. 5 is an owner.")
        );
        assert_eq!(first_sentence_end("增长5.2%，达到3.5万户"), None);
    }

    fn outline(text: &str) -> Vec<(usize, String)> {
        let doc = crate::doc::parse(text);
        doc.sections
            .iter()
            .map(|s| (s.level, s.heading.clone()))
            .collect()
    }

    #[test]
    fn levels_follow_the_document() {
        let body = "这是一段完整的正文，它在网页上占据一整行，不会被硬换行打断，所以比标题长得多。";
        let t = format!("（一）第一部分\n{body}\n1.要点\n{body}\n（二）第二部分\n{body}\n");
        let t = t.as_str();
        assert_eq!(
            outline(t),
            [
                (1, "（一）第一部分".into()),
                (2, "1.要点".into()),
                (1, "（二）第二部分".into())
            ]
        );
    }

    #[test]
    fn law_articles_are_leaves_and_sections_nest() {
        let t = "第一章 总则\n第一条 为了保护权益，制定本法。\n第二条 下列情形：\n（一）以提供产品为目的；\n（二）分析行为。\n第二章 规则\n第一节 一般规定\n第三条 处理信息应当合法。\n第四条 依照本法第三条规定。\n";
        assert_eq!(
            outline(t),
            [
                (1, "第一章 总则".into()),
                (2, "第一条 为了保护权益，制定本法。".into()),
                (2, "第二条 下列情形：".into()),
                (1, "第二章 规则".into()),
                (2, "第一节 一般规定".into()),
                (3, "第三条 处理信息应当合法。".into()),
                (3, "第四条 依照本法第三条规定。".into()),
            ]
        );
    }

    #[test]
    fn numbering_must_follow_on() {
        let body = "这是一段完整的正文，它在网页上占据一整行，不会被硬换行打断，所以比标题长得多。";
        let t = format!(
            "一、回顾\n{body}\n三、不是标题而是正文的一部分\n二、打算\n一是要加强。{body}\n三是不连续。\n二是要坚持。{body}\n"
        );
        let t = t.as_str();
        assert_eq!(
            outline(t),
            [
                (1, "一、回顾".into()),
                (1, "二、打算".into()),
                (2, "一是要加强。".into()),
                (2, "二是要坚持。".into()),
            ]
        );
    }

    #[test]
    fn table_of_contents_is_not_the_outline() {
        let t = "清溪市饮用水水源保护条例\n目　　录\n第一章　总　　则\n第二章　附　　则\n第一章　总　　则\n第一条　为了保护水源，制定本条例。\n第二章　附　　则\n第二条　本条例自2025年1月1日起施行。\n";
        assert_eq!(
            outline(t),
            [
                (1, "第一章　总　　则".into()),
                (2, "第一条　为了保护水源，制定本条例。".into()),
                (1, "第二章　附　　则".into()),
                (2, "第二条　本条例自2025年1月1日起施行。".into()),
            ]
        );
    }

    #[test]
    fn parts_articles_cited_and_bold_headings() {
        assert_eq!(m("第一篇　总体要求"), Some((Scheme::LawPart, 1, "第一篇")));
        assert_eq!(m("第十二条、第二十条中的“市”修改为“县”。"), None);
        let body = "这是一段完整的正文，它在网页上占据一整行，不会被硬换行打断，所以比标题长得多。";
        let t = format!("**一、工作目标**\n{body}\n**二、重点任务**\n{body}\n");
        assert_eq!(
            outline(&t),
            [(1, "一、工作目标".into()), (1, "二、重点任务".into())]
        );
    }

    #[test]
    fn markdown_levels() {
        let t = "# 标题\n\n## 背景\n\n正文。\n\n### 细节\n\n正文。\n\n## 结论\n";
        let doc = crate::doc::parse(t);
        let got: Vec<(usize, &str, &str)> = doc
            .sections
            .iter()
            .map(|s| (s.level, s.marker.as_str(), s.heading.as_str()))
            .collect();
        assert_eq!(
            got,
            [(1, "##", "背景"), (2, "###", "细节"), (1, "##", "结论")]
        );
        assert_eq!(doc.meta.title.as_deref(), Some("标题"));
    }
}
