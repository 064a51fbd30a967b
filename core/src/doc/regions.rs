//! Regions of a document whose lines are not prose: a table of contents, a table, a `专栏` box,
//! the notes under a table, a list of attachment names. Their lines carry numbering (`第一章
//! ……… 3`, `1. 地区生产总值 5%左右 预期性`, `01 现代农业`, `注：1.…`, `附件：1.…`) but open no
//! section, and a table or a contents entry keeps its line structure instead of being reflowed.
//!
//! Two levels: [`is_unit_line`] tells the reflow which source lines stand alone (a contents entry
//! with leaders, a table row); [`find`] marks, over the reflowed blocks, every block inside such
//! a region, so that the outline takes no heading from it.

use super::blocks::{RawBlock, Shape};
use super::numbering::{Scheme, parse_marker};
use crate::text::punctuation::COLONS;

/// What a block inside a region is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Contents,
    Table,
    Box,
    Notes,
    AttachmentList,
    /// The items of one sentence's enumeration: `……以下几件事：` then `一、……；` … `五、……。`.
    Enumeration,
}

/// Whether a source line is a unit of its own that must never be joined to its neighbours: a
/// contents entry with leaders and a page number, or a row of a table.
#[must_use]
pub fn is_unit_line(line: &str) -> bool {
    is_leader_entry(line) || is_table_row(line)
}

/// `第一章 总则 ………… 3`, `前言..........1`, `第二节 发展环境 ··· 12`: a contents entry.
#[must_use]
pub fn is_leader_entry(line: &str) -> bool {
    // Most lines end in a character that is neither a digit nor a space: no trimming for them.
    // Every line is asked, so the commonest ends are told from the bytes: ASCII, and an
    // ideograph (lead byte `E4`–`E9`, no whitespace or digit).
    match line.as_bytes() {
        [] => return false,
        [.., last] if last.is_ascii() && !last.is_ascii_digit() && !last.is_ascii_whitespace() => {
            return false;
        }
        [.., 0xE4..=0xE9, 0x80..=0xBF, 0x80..=0xBF] => return false,
        // CJK and full-width punctuation, and quotes and dashes: no digit and no whitespace
        // (`U+3000`, `U+2000`–`U+200A`, `U+2028`, `U+2029`, `U+202F`) but the full-width
        // digits `０`–`９`.
        [.., 0xE3, a, b] if (*a, *b) != (0x80, 0x80) => return false,
        [.., 0xEF, a, b] if *a != 0xBC || !(0x90..=0x99).contains(b) => return false,
        [.., 0xE2, 0x80, b] if !matches!(b, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) => return false,
        _ => {}
    }
    let line = line.trim_end();
    // Cheap rejection first: the line must end in a digit (ASCII, or full-width `０`–`９`).
    match line.as_bytes() {
        [.., b'0'..=b'9'] | [.., 0xEF, 0xBC, 0x90..=0x99] => {}
        _ => return false,
    }
    let before_page = line.trim_end_matches(is_digit);
    let page_digits = line.len() - before_page.len();
    if page_digits == 0 || page_digits > 9 {
        return false;
    }
    let text = before_page.trim_end_matches(is_leader);
    let leaders = before_page[text.len()..]
        .chars()
        .filter(|c| !c.is_whitespace())
        .count();
    // A run of leaders, or a wide gap before the page number (`第一章 总则        3`).
    let gap = before_page.ends_with("    ")
        || before_page.ends_with("\u{3000}\u{3000}")
        || before_page.ends_with('\t');
    !text.trim().is_empty() && (leaders >= 3 || gap)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_leader(c: char) -> bool {
    matches!(
        c,
        '.' | '…' | '·' | '．' | '・' | '—' | '-' | '_' | '⋯' | ' ' | '\u{3000}' | '\t'
    )
}

/// A row of a table printed as text: cells apart by wide gaps (`类别    指标    2025年`), or
/// several figures in a line that is no sentence (`1 地区生产总值年均增长 6.5 6左右 预期性`).
#[must_use]
pub fn is_table_row(line: &str) -> bool {
    let line = line.trim_ascii();
    // Cheap rejections first, on bytes: this runs on every line of a hard-wrapped text, and
    // most have no space in them or end a sentence.
    if !has_space(line.as_bytes()) {
        return false;
    }
    // Rare from here on: a line with a space in it.
    if line.contains(['。', '；', '！', '？']) {
        return false;
    }
    let (mut tokens, mut figures) = (0, 0);
    for token in line.split_whitespace() {
        tokens += 1;
        figures += usize::from(is_figure(token));
    }
    // Cells apart by wide gaps; a heading spaced out (`第一章　总　　则`) has no figures.
    let gaps = wide_gaps(line);
    if gaps >= 3 || (gaps >= 2 && figures >= 1) {
        return true;
    }
    let attribute = line
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|t| matches!(t, "预期性" | "约束性" | "預期性" | "約束性"));
    tokens >= 3 && (figures * 2 >= tokens || attribute)
}

/// Whether the line has a space, a tab or an ideographic space (`E3 80 80`).
fn has_space(bytes: &[u8]) -> bool {
    memchr::memchr2(b' ', b'\t', bytes).is_some()
        || memchr::memchr_iter(0xE3, bytes)
            .any(|i| bytes.get(i + 1..i + 3) == Some(&[0x80, 0x80][..]))
}

/// Number of gaps between words of two or more spaces (ASCII or ideographic) or a tab.
fn wide_gaps(line: &str) -> usize {
    let mut gaps = 0;
    let mut run = 0;
    for c in line.chars() {
        match c {
            ' ' | '\u{3000}' => run += 1,
            '\t' => run += 2,
            _ => {
                if run >= 2 {
                    gaps += 1;
                }
                run = 0;
            }
        }
    }
    gaps
}

/// `6.5`, `5%`, `5%左右`, `>60`, `2025年`, `[6.6]`: a figure in a table cell.
fn is_figure(token: &str) -> bool {
    let t = token.trim_start_matches([
        '>', '<', '≥', '≤', '＞', '＜', '[', '［', '(', '（', '+', '-', '～', '~',
    ]);
    let digits = t
        .chars()
        .take_while(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(c) || matches!(c, '.' | '．' | ',')
        })
        .count();
    digits > 0 && t.chars().count() <= digits + 4
}

/// Longest block that can be a contents entry or a table row.
const MAX_UNIT_LINE_BYTES: usize = 400;

/// Marks the blocks inside a region (`None` for prose).
#[must_use]
pub fn find(blocks: &[RawBlock]) -> Vec<Option<Region>> {
    // Each block on its own first, a large document's on two threads.
    let split = blocks.len() >= super::halves::MIN_BLOCKS;
    let mut regions: Vec<Option<Region>> =
        super::halves::map(blocks, split, |_, b| match b.shape {
            Shape::TableRow => Some(Region::Table),
            _ if b.md_level.is_some() => None,
            Shape::Code => Some(Region::Table),
            Shape::ContentsEntry => Some(Region::Contents),
            // A contents entry or a table row is one short line.
            _ if b.text.len() > MAX_UNIT_LINE_BYTES => None,
            _ if is_leader_entry(&b.text) => Some(Region::Contents),
            _ if is_table_row(&b.text) => Some(Region::Table),
            _ => None,
        });
    mark_contents(blocks, &mut regions);
    mark_numbered_lists(blocks, &mut regions);
    mark_enumerations(blocks, &mut regions);
    mark_boxes(blocks, &mut regions);
    regions
}

/// The text without its whitespace.
pub(super) fn compact(text: &str) -> String {
    text.split_whitespace().collect()
}

fn is_contents_label(text: &str) -> bool {
    text.len() <= 30 && matches!(compact(text).as_str(), "目录" | "目次" | "目錄" | "目　录")
}

/// A contents entry's text without its leaders and page number, whitespace removed.
fn entry_key(text: &str) -> String {
    compact(
        text.trim_end()
            .trim_end_matches(is_digit)
            .trim_end_matches(is_leader),
    )
}

/// A scheme, a number and an inserted number (`第六条之一`).
type Numbering = (Scheme, u32, u32);

/// After `目录`: the entries, up to the block where the first entry comes again (the body). An
/// entry is short and no sentence; the contents also ends at the first block of prose.
fn mark_contents(blocks: &[RawBlock], regions: &mut [Option<Region>]) {
    let mut i = 0;
    while i < blocks.len() {
        if !is_contents_label(&blocks[i].text) {
            i += 1;
            continue;
        }
        regions[i] = Some(Region::Contents);
        // The first entry: its numbering, if it has one, and its text.
        let mut first: Option<(Option<Numbering>, String)> = None;
        let mut j = i + 1;
        while j < blocks.len() {
            let text = blocks[j].text.as_str();
            let key = entry_key(text);
            let marker = parse_marker(text).map(|m| (m.scheme, m.number, m.sub));
            if let Some((first_marker, first_key)) = &first {
                let repeats = match (first_marker, marker) {
                    (Some(f), Some(m)) => *f == m,
                    _ => !first_key.is_empty() && key.starts_with(first_key.as_str()),
                };
                if repeats && !is_leader_entry(text) {
                    break;
                }
            }
            let entry = is_leader_entry(text)
                || (text.chars().count() <= 60 && !text.contains(['。', '；', '！', '？']));
            if !entry {
                break;
            }
            if first.is_none() {
                first = Some((marker, key));
            }
            regions[j] = Some(Region::Contents);
            j += 1;
        }
        i = j;
    }
}

/// A numbered list that is no outline: the notes under a table (`注：1.…` then `2.…`) and the
/// names of the attachments at the end of a notice (`附件：1.…` then `2.…`).
fn mark_numbered_lists(blocks: &[RawBlock], regions: &mut [Option<Region>]) {
    let mut i = 0;
    while i < blocks.len() {
        let text = blocks[i].text.trim_start();
        let label = ["注：", "注:", "注 ：", "说明：", "附件：", "附件:"]
            .into_iter()
            .find(|l| text.starts_with(l));
        let Some(label) = label else {
            i += 1;
            continue;
        };
        let region = if label.starts_with('附') {
            Region::AttachmentList
        } else {
            Region::Notes
        };
        let after = text[label.len()..].trim_start();
        // The numbering the list uses, and the number it has reached.
        let mut expect = match parse_marker(after) {
            Some(m) if m.number == 1 => Some((m.scheme, 2)),
            None if after.is_empty() => None,
            _ => {
                i += 1;
                continue;
            }
        };
        let inline_item = expect.is_some();
        let mut j = i + 1;
        while j < blocks.len() {
            let Some(m) = parse_marker(&blocks[j].text) else {
                break;
            };
            let follows = match expect {
                Some((scheme, n)) => m.scheme == scheme && m.number == n,
                None => m.number == 1 && m.scheme != Scheme::RunIn,
            };
            // The attachment names are short; a note may be a sentence.
            let short = region == Region::Notes || blocks[j].text.chars().count() <= 80;
            if !follows || !short || blocks[j].md_level.is_some() {
                break;
            }
            regions[j] = Some(region);
            expect = Some((m.scheme, m.number + 1));
            j += 1;
        }
        // A label alone (`附件：`) with no list after it heads what follows.
        if inline_item || j > i + 1 {
            regions[i] = Some(region);
        }
        i = j.max(i + 1);
    }
}

/// An enumeration inside one sentence: after a lead-in that ends in `：`, items numbered from
/// one, each ending in `；` but the last (`。`). Its items are no headings, however their
/// numbering looks: the sentence goes on through them.
fn mark_enumerations(blocks: &[RawBlock], regions: &mut [Option<Region>]) {
    let mut i = 0;
    while i + 1 < blocks.len() {
        if !blocks[i].text.trim_end().ends_with(COLONS) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut scheme = None;
        let mut semicolons = 0;
        while j < blocks.len() && blocks[j].md_level.is_none() {
            let Some(m) = parse_marker(&blocks[j].text) else {
                break;
            };
            let follows = match scheme {
                None => m.number == 1,
                Some((s, n)) => m.scheme == s && m.number == n + 1,
            };
            if !follows {
                break;
            }
            scheme = Some((m.scheme, m.number));
            j += 1;
            if blocks[j - 1].text.trim_end().ends_with(['；', ';']) {
                semicolons += 1;
            } else {
                break;
            }
        }
        if semicolons >= 2 {
            for region in &mut regions[i + 1..j] {
                region.get_or_insert(Region::Enumeration);
            }
        }
        i = j.max(i + 1);
    }
}

/// `专栏1 重大工程` and its items (`01 现代农业`, `（01）…`): a box beside the text of a plan.
fn mark_boxes(blocks: &[RawBlock], regions: &mut [Option<Region>]) {
    let mut in_box = false;
    for (i, block) in blocks.iter().enumerate() {
        let text = block.text.trim_start();
        if is_box_title(text) {
            regions[i] = Some(Region::Box);
            in_box = true;
        } else if in_box && is_box_item(text) {
            regions[i] = Some(Region::Box);
        } else if block.md_level.is_some() {
            in_box = false;
        }
    }
}

fn is_box_title(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("专栏")
        .or_else(|| text.strip_prefix("專欄"))
    else {
        return false;
    };
    let rest = rest.trim_start();
    text.chars().count() <= 60
        && (rest.is_empty()
            || rest.starts_with(|c: char| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || "一二三四五六七八九十".contains(c)
            }))
}

/// `01 现代农业`, `02粮食安全`, `（01）…`: the zero-padded numbering of a box's items.
fn is_box_item(text: &str) -> bool {
    let t = text.trim_start_matches(['（', '(']);
    let mut chars = t.chars();
    matches!(chars.next(), Some('0' | '０'))
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leader_entries() {
        for entry in [
            "第一章 总则………………………………3",
            "前言..........1",
            "第二节 发展环境 ··· 12",
            "第一章　总　　则　　　　　　　3",
        ] {
            assert!(is_leader_entry(entry), "{entry}");
        }
        for prose in [
            "增长5.2%",
            "第一章 总则",
            "2024年",
            "共有3",
            "全年完成投资……3",
            "等等……等3",
        ] {
            assert!(!is_leader_entry(prose), "{prose}");
        }
    }

    /// The rejections by a line's last bytes never reject an entry: whitespace after its page
    /// number is trimmed, and a full-width digit is a page number, for every character of the
    /// ranges those bytes stand for (`U+2000`–`U+203F`, `U+3000`–`U+3FFF`, `U+F000`–`U+FFFF`).
    #[test]
    fn an_entry_is_found_whatever_it_ends_with() {
        let entry = "第一章 总则………………………………";
        let ranges = [
            '\u{2000}'..='\u{203F}',
            '\u{3000}'..='\u{3FFF}',
            '\u{F000}'..='\u{FFFF}',
        ];
        let mut checked = 0;
        for c in ranges.into_iter().flatten() {
            let after_page = format!("{entry}3{c}");
            assert_eq!(
                is_leader_entry(&after_page),
                c.is_whitespace() || is_digit(c),
                "{c:?}"
            );
            let as_page = format!("{entry}{c}");
            assert_eq!(is_leader_entry(&as_page), is_digit(c), "{c:?}");
            checked += 1;
        }
        assert!(checked > 8000);
    }

    fn blocks(texts: &[&str]) -> Vec<RawBlock> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| RawBlock {
                text: (*t).to_string(),
                source_line: i + 1,
                md_level: None,
                shape: Shape::Prose,
                bold: false,
            })
            .collect()
    }

    #[test]
    fn an_enumeration_inside_a_sentence_is_a_region() {
        let b = blocks(&[
            "要集中力量抓好以下几件事：",
            "一、继续深入批评错误观点；",
            "二、认真进行正面教育；",
            "三、大力加强队伍建设。",
            "四、这是下一节的标题",
        ]);
        let r = find(&b);
        assert_eq!(r[0], None);
        assert!(
            r[1..4].iter().all(|x| *x == Some(Region::Enumeration)),
            "{r:?}"
        );
        assert_eq!(r[4], None);
        // Items that are sentences of their own are no enumeration.
        let b = blocks(&["主要任务：", "一、加强领导。", "二、完善制度。"]);
        assert!(find(&b).iter().all(Option::is_none));
    }

    #[test]
    fn table_rows() {
        for row in [
            "1. 地区生产总值年均增长（%） 6.5 6左右 预期性",
            "23.86 25.7 预期性",
            "类别    指标    2020年    2025年    属性",
            "城镇调查失业率（%） 5.2 <5.5 预期性",
        ] {
            assert!(is_table_row(row), "{row}");
        }
        for prose in [
            "1. 2024年工作回顾",
            "一、2024年经济社会发展总体要求和政策取向",
            "全年地区生产总值增长5.2%，达到3.5万亿元。",
            "（一）大力推进现代化产业体系建设",
            "2 术语和定义",
        ] {
            assert!(!is_table_row(prose), "{prose}");
        }
    }
}
