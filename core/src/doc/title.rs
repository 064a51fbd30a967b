//! The title block: title, subtitle (`——在……会议上`), date and author or speaker.
//!
//! It usually opens the text, but a newspaper extraction can leave it at the end. Either way it
//! is a run of short lines that are not sentences and carry no heading marker; at the end it is
//! only taken when it has a subtitle or a date, so that a closing line is not mistaken for it.

use super::blocks::{RawBlock, join_line};
use super::dates::{compact_date, date_line, english_date_in, find_date};
use super::model::{Block, BlockKind, Metadata};
use super::numbering::{Family, parse_marker};
use crate::text::punctuation::COLONS;

/// Longest block (in characters) that can belong to a title block.
const MAX_TITLE_CHARS: usize = 100;
/// Most blocks a title block spans.
const MAX_TITLE_BLOCKS: usize = 8;

/// What a line of the title block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Title,
    Subtitle,
    Date,
    Author,
}

/// Splits the title block off the reflowed blocks. Returns the metadata, the title block (in
/// reading order, to be placed first) and the body.
#[must_use]
pub fn extract(mut blocks: Vec<RawBlock>) -> (Metadata, Vec<Block>, Vec<RawBlock>) {
    if let Some((mut meta, title_blocks, used)) = labelled_header(&blocks) {
        let body = blocks.split_off(used);
        fill_from_signature(&mut meta, &body);
        return (meta, title_blocks, body);
    }
    if let Some((meta, title_blocks, used)) = title_after_front_page(&blocks) {
        let body = blocks.split_off(used);
        return (meta, title_blocks, body);
    }
    // A web page's chrome (`下载`, `打印`, `来源：…`) can stand before the title: the title is
    // then found from its subtitle or date, and the lines before it stay in the body.
    let start = title_start(&blocks);
    let leading = blocks[start..]
        .iter()
        .take(MAX_TITLE_BLOCKS)
        .take_while(|b| is_title_like(b, true))
        .count();
    if leading > 0 {
        let candidates: Vec<RawBlock> = blocks[start..start + leading].to_vec();
        let more_top_level = blocks[start + leading..]
            .iter()
            .any(|b| b.md_level == Some(1));
        let (meta, title_blocks, used) = assemble(&candidates, false, more_top_level);
        if used > 0 {
            let rest = blocks.split_off(start + used);
            blocks.truncate(start);
            blocks.extend(rest);
            let mut meta = meta;
            fill_from_signature(&mut meta, &blocks);
            return (meta, title_blocks, blocks);
        }
    }
    let trailing = blocks
        .iter()
        .rev()
        .take(MAX_TITLE_BLOCKS)
        .take_while(|b| is_title_like(b, false))
        .count();
    if trailing > 0 && trailing < blocks.len() {
        let start = blocks.len() - trailing;
        let (meta, title_blocks, used) = assemble(&blocks[start..], true, true);
        if used == trailing {
            blocks.truncate(start);
            return (meta, title_blocks, blocks);
        }
    }
    (Metadata::default(), Vec::new(), blocks)
}

/// How far into the text the title block is looked for past page chrome.
const MAX_CHROME_BLOCKS: usize = 40;

/// Where the title starts: after the page chrome, when a subtitle or date line further down has
/// a title line right before it (with only labelled lines, such as `来源：…`, between); else 0.
fn title_start(blocks: &[RawBlock]) -> usize {
    // A Markdown document's title is its one `#` heading, even after a note or a quote.
    let mut top_level = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.md_level == Some(1))
        .map(|(i, _)| i);
    if let (Some(title), None) = (top_level.next(), top_level.next())
        && title < MAX_CHROME_BLOCKS
        && blocks[..title].iter().all(|b| b.md_level.is_none())
    {
        return title;
    }
    let scan = blocks
        .iter()
        .take(MAX_CHROME_BLOCKS)
        .enumerate()
        .take_while(|(i, b)| {
            b.md_level.is_none_or(|l| l == 1)
                && (!b.text.contains(['。', '！', '？'])
                    || is_occasion_line(&b.text)
                    // a newspaper's photo caption above the title (`政府工作报告。 本报记者 李森`)
                    || (*i < 2 && b.text.chars().count() <= 40))
                && parse_marker(&b.text).is_none()
        })
        .count();
    (1..scan)
        .filter(|&i| {
            let text = blocks[i].text.as_str();
            is_title_like(&blocks[i], true)
                && (matches!(role(text), Role::Subtitle | Role::Date) || split_dash(text).is_some())
        })
        .find_map(|anchor| title_before(blocks, anchor))
        .unwrap_or(0)
}

/// The start of the title lines right before `anchor` (a subtitle or date line), if any.
fn title_before(blocks: &[RawBlock], anchor: usize) -> Option<usize> {
    let mut at = anchor;
    // Labelled lines and a name may stand between the title and its date.
    while at > 0 && {
        let text = blocks[at - 1].text.as_str();
        is_labelled_line(text) || looks_like_name(text)
    } {
        at -= 1;
    }
    let mut start = at;
    while start > 0 && at - start < 3 && {
        let block = &blocks[start - 1];
        let text = block.text.as_str();
        is_title_like(block, true)
            && !is_labelled_line(text)
            && !looks_like_name(text)
            && role(text) == Role::Title
            && text.chars().filter(|c| c.is_alphanumeric()).count() >= 4
    } {
        start -= 1;
    }
    (start < at).then_some(start)
}

/// A standards document's front page, as an RFC prints it: lines in two columns or labelled
/// fields (`Request for Comments: 6749      Microsoft`, `Category: Standards Track`), then the
/// title on a line of its own, then the first part (`Abstract`), a short line.
fn title_after_front_page(blocks: &[RawBlock]) -> Option<(Metadata, Vec<Block>, usize)> {
    let header = blocks
        .iter()
        .take(MAX_TITLE_BLOCKS)
        .take_while(|b| b.md_level.is_none() && is_front_page_line(&b.text))
        .count();
    if header < 2 {
        return None;
    }
    let (title, next) = (blocks.get(header)?, blocks.get(header + 1)?);
    let text = title.text.trim();
    let is_title = title.md_level.is_none()
        && (4..=MAX_TITLE_CHARS).contains(&text.chars().count())
        && !text.contains([':', '：'])
        && !text.ends_with(['.', '。'])
        && parse_marker(text).is_none()
        && !is_front_page_line(text)
        && next.text.chars().count() <= 40
        && !next.text.contains(['.', '。', ':', '：']);
    if !is_title {
        return None;
    }
    let mut out: Vec<Block> = blocks[..header]
        .iter()
        .map(|b| title_block(BlockKind::Subtitle, b))
        .collect();
    out.push(title_block(BlockKind::Title, title));
    let meta = Metadata {
        title: Some(text.to_string()),
        ..Metadata::default()
    };
    Some((meta, out, header + 1))
}

/// A line of a front page: two columns (a run of three spaces inside it), or an English field
/// (`Category: Standards Track`, `ISSN: 2070-1721`).
fn is_front_page_line(text: &str) -> bool {
    let t = text.trim();
    t.contains("   ")
        || t.split_once(':').is_some_and(|(label, value)| {
            !value.trim().is_empty()
                && (2..=24).contains(&label.len())
                && label.starts_with(|c: char| c.is_ascii_uppercase())
                && label.chars().all(|c| c.is_ascii_alphabetic() || c == ' ')
        })
}

/// Labels whose value is the document's title, in the labelled header that opens an official
/// law database text (`法規名稱：個人資料保護法` / `法規類別：…` / `修正日期：20251111`).
const TITLE_LABELS: &[&str] = &["法規名稱", "法规名称", "标题", "標題", "文件名称", "名称"];

/// A header of labelled lines: the title from its label's value, the date from a `…日期`
/// label; the header runs to its last labelled line (values may wrap onto lines of their own).
fn labelled_header(blocks: &[RawBlock]) -> Option<(Metadata, Vec<Block>, usize)> {
    let first = blocks.first()?;
    let (label, value) = first.text.split_once(COLONS)?;
    if !TITLE_LABELS.contains(&label.trim()) || value.trim().is_empty() {
        return None;
    }
    // The header ends where the law begins, at its first division (`第 一 章 總則`, `第 1 條`):
    // the items of an article (`一、漁撈作業：指……`) look labelled too. A field's value may hold
    // numbered lines (`生效狀態：1.……` / `2.……`).
    // A division stands alone or before a space (`第 19-1 條條文，施行……` wraps a field's value).
    let is_division = |b: &RawBlock| {
        let text = b.text.trim_start();
        parse_marker(text).is_some_and(|m| {
            m.scheme.family_rank().0 == Family::Law
                && text[m.len..].chars().next().is_none_or(char::is_whitespace)
        })
    };
    let last = blocks
        .iter()
        .enumerate()
        .take(16)
        .take_while(|(_, b)| b.md_level.is_none() && !is_division(b))
        .filter(|(_, b)| is_labelled_line(&b.text))
        .map(|(i, _)| i)
        .last()?;
    let mut meta = Metadata {
        title: Some(value.trim().to_string()),
        ..Metadata::default()
    };
    let mut out = Vec::with_capacity(last + 1);
    for (i, block) in blocks[..=last].iter().enumerate() {
        if meta.date.is_none()
            && let Some((label, value)) = block.text.split_once(COLONS)
            && label.contains("日期")
        {
            meta.date = date_line(value).or_else(|| compact_date(value.trim()));
        }
        let kind = if i == 0 {
            BlockKind::Title
        } else {
            BlockKind::Subtitle
        };
        out.push(title_block(kind, block));
    }
    Some((meta, out, last + 1))
}

/// A block of the title block, as the source has it.
fn title_block(kind: BlockKind, raw: &RawBlock) -> Block {
    Block {
        kind,
        text: raw.text.clone(),
        run_in: None,
        section: None,
        source_line: raw.source_line,
    }
}

/// A Markdown note's front matter (`title: …`, `date: …`) fills what the text did not say.
pub fn fill_from_front_matter(meta: &mut Metadata, fields: &[(String, String)]) {
    let field = |names: &[&str]| {
        fields
            .iter()
            .find(|(key, value)| names.contains(&key.trim()) && !value.trim().is_empty())
            .map(|(_, value)| value.trim().to_string())
    };
    if meta.title.is_none() {
        meta.title = field(&["title", "标题", "標題", "名称"]);
    }
    if meta.date.is_none() {
        meta.date = field(&["date", "发布日期", "日期"]).and_then(|d| {
            find_date(&d)
                .map(|(date, _)| date)
                .or_else(|| english_date_in(&d))
        });
    }
    if meta.author.is_none() {
        meta.author = field(&["author", "作者"]);
    }
}

/// A closing signature (`国务院` / `2024年3月5日`) gives the date when the title block had none.
fn fill_from_signature(meta: &mut Metadata, body: &[RawBlock]) {
    if meta.date.is_some() {
        return;
    }
    let tail: Vec<&RawBlock> = body
        .iter()
        .rev()
        .take(3)
        .take_while(|b| is_title_like(b, false))
        .collect();
    if let Some(date) = tail.iter().find_map(|b| date_line(&b.text)) {
        meta.date = Some(date);
        return;
    }
    // A notice that carries its attachment: the signature and date stand between the two.
    // A block that is nothing but a date, right after a short line (the issuing body), is one.
    meta.date = body
        .windows(2)
        .filter(|w| w[1].text.len() <= 48 && is_title_like(&w[0], false))
        .find_map(|w| date_line(&w[1].text));
}

fn is_title_like(block: &RawBlock, at_start: bool) -> bool {
    let text = block.text.as_str();
    if let Some(level) = block.md_level {
        return at_start && level == 1;
    }
    let chars = text.chars().count();
    chars > 0
        && chars <= MAX_TITLE_CHARS
        && (!text.contains(['。', '！', '？', '；']) || is_occasion_line(text))
        && !text.ends_with(['：', ':', '，', ',', '、'])
        && !text.starts_with(['>', '*', '-', '|'])
        && parse_marker(text).is_none()
}

/// `2025年1月13日在福建省第十四届人民代表大会第三次会议上省长赵龙作政府工作报告。`: the date and
/// occasion of a report, printed as a sentence.
fn is_occasion_line(text: &str) -> bool {
    text.chars().count() <= MAX_TITLE_CHARS
        && find_date(text).is_some_and(|(_, at)| at == 0)
        && ["会议上", "大会上", "会上"]
            .iter()
            .any(|w| text.contains(w))
        && text.matches('。').count() <= 1
        && text.trim_end().ends_with(['。', '上'])
}

fn role(text: &str) -> Role {
    let t = text.trim();
    if t.starts_with(['—', '─', '－', '―']) {
        return Role::Subtitle;
    }
    if date_line(t).is_some() {
        return Role::Date;
    }
    if looks_like_name(t) {
        return Role::Author;
    }
    Role::Title
}

/// A short name line: a person (`石邦林`, `石 邦 林`) or an office and a name (`国务院总理 李强`).
fn looks_like_name(text: &str) -> bool {
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    // A person's name has two to four characters (more with a `·`); an office may precede it.
    let last = text.split_whitespace().last().unwrap_or("");
    let last_chars = last.chars().count();
    (2..=16).contains(&chars)
        && !is_structural_word(text)
        && text
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '·' | '•' | '.' | '-'))
        && (chars <= 4
            || (text.contains(char::is_whitespace)
                && ((2..=4).contains(&last_chars)
                    || last.contains('·')
                    || words_are_letters(text))))
}

/// Words of a document's structure (`目　　录`), short and unpunctuated like a name or a title
/// line, but neither.
fn is_structural_word(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "目录", "目次", "目錄", "前言", "序言", "引言", "附件", "附则", "附录", "说明", "摘要",
        "概述", "总则", "正文", "节选", "全文", "公告", "通知", "决定", "报告", "讲话",
    ];
    let compact: String = text.split_whitespace().collect();
    WORDS.contains(&compact.as_str())
}

/// A spaced-out name (`石 邦 林`), or a Latin one (`Li Qiang`).
fn words_are_letters(text: &str) -> bool {
    text.split_whitespace().all(|w| w.chars().count() == 1)
        || text
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c.is_whitespace() || c == '.')
}

/// `统计公报[1]`: a footnote mark after the title is no part of it.
fn without_note_mark(title: &str) -> &str {
    let trimmed = title.trim_end();
    for (open, close) in [('[', ']'), ('［', '］'), ('〔', '〕')] {
        if let Some(inner) = trimmed.strip_suffix(close)
            && let Some(at) = inner.rfind(open)
            && inner[at + open.len_utf8()..]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '*')
            && at > 0
        {
            return &trimmed[..at];
        }
    }
    trimmed
}

/// A part's name (`合同编`, `总则`): short, no sentence, unnumbered.
fn is_part_name(text: &str) -> bool {
    let t = text.trim();
    (2..=20).contains(&t.chars().count())
        && !t.contains(['，', '。', '；', '：', ',', ';', ':'])
        && parse_marker(t).is_none()
}

/// `清溪市统计局`, `××市人民政府`, `国务院办公厅`: the body that issues a document, on a line of
/// its own under the title.
fn is_issuing_body(text: &str) -> bool {
    const ORGANS: &[&str] = &[
        "人民政府",
        "政府",
        "委员会",
        "办公厅",
        "办公室",
        "统计局",
        "局",
        "厅",
        "部",
        "院",
        "法院",
        "检察院",
        "委",
        "中心",
        "政府辦公室",
        "委員會",
    ];
    let t = text.trim();
    let chars = t.chars().count();
    (3..=24).contains(&chars)
        && !t.contains("关于")
        && !t.contains(['，', '。', '：', '《', '》', '“', '”'])
        && ORGANS.iter().any(|o| t.ends_with(o))
}

/// A newspaper's dateline or byline: `（新华社北京3月16日电）`, `新华社北京3月16日电`,
/// `《人民日报》（2026年03月17日第 02 版）`. It belongs with the title block, not in the title.
fn is_dateline(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['（', '(']);
    (t.chars().count() <= 40
        && (t.starts_with("新华社") || t.starts_with("本报"))
        && t.contains('电'))
        || (text.contains("版）") || text.contains("版)"))
            && text.starts_with(['《', '（', '('])
            && find_date(text).is_some()
}

/// `起草单位：清溪市大数据发展管理局`: a short label, a colon, a value — or a dateline, which
/// stands in the title block the same way.
fn is_labelled_line(text: &str) -> bool {
    if is_dateline(text) {
        return true;
    }
    text.split_once(COLONS).is_some_and(|(label, value)| {
        (2..=6).contains(&label.chars().count()) && !value.trim().is_empty()
    })
}

/// A document number line: `清府办发〔2025〕5号`.
fn is_document_number(text: &str) -> bool {
    text.ends_with('号')
        && text.contains(['〔', '[', '［', '（', '('])
        && text.chars().count() <= 30
}

/// The name in an author line: the last word (`国务院总理 李强` → `李强`), or the whole line with
/// the spaces of a spaced-out name removed (`石 邦 林` → `石邦林`).
fn author_name(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.iter().all(|w| w.chars().count() == 1) {
        return words.concat();
    }
    words.last().map_or_else(String::new, |w| (*w).to_string())
}

/// Turns candidate blocks into a title block. Returns the metadata, the blocks, and how many of
/// the candidates were used (0 when they do not make a title block). `more_top_level`: the
/// text goes on to other top-level Markdown headings after the candidates.
fn assemble(
    candidates: &[RawBlock],
    at_end: bool,
    more_top_level: bool,
) -> (Metadata, Vec<Block>, usize) {
    let mut meta = Metadata::default();
    let mut out: Vec<Block> = Vec::new();
    let push = |out: &mut Vec<Block>, kind, text: &str, line| {
        out.push(Block {
            kind,
            text: text.to_string(),
            run_in: None,
            section: None,
            source_line: line,
        });
    };
    // Where the subtitle or date starts: the lines before it are the title.
    let anchor = candidates.iter().position(|b| {
        matches!(role(&b.text), Role::Subtitle | Role::Date) || split_dash(&b.text).is_some()
    });
    if at_end && anchor.is_none() {
        return (meta, out, 0);
    }
    let title_end = match anchor {
        // A Markdown title is its `#` line.
        _ if candidates[0].md_level.is_some() => 1,
        Some(0) => usize::from(split_dash(&candidates[0].text).is_some()),
        // A document number (`清政发〔2025〕6号`) or a labelled line (`来源：……`) is not part of
        // the title.
        Some(k) => candidates[..k]
            .iter()
            .position(|b| is_document_number(&b.text) || is_labelled_line(&b.text))
            .filter(|&at| at > 0)
            .unwrap_or(k),
        // Without a subtitle or date, the title is its first lines, up to a document number
        // (`〔2025〕5号`) or a name.
        None => candidates
            .iter()
            .take(3)
            .take_while(|b| {
                !is_document_number(&b.text)
                    && !is_labelled_line(&b.text)
                    && !looks_like_name(&b.text)
                    && !is_structural_word(&b.text)
            })
            .count()
            .max(1),
    };
    if title_end == 0 {
        // A date or subtitle with no title before it: not a title block.
        return (meta, out, 0);
    }
    // A speaker's line between the title and the date (`市委书记　林国栋`), or the issuing body
    // printed under the title (`清溪市统计局`), is the author.
    let title_end = if title_end >= 2
        && anchor.is_some()
        && (looks_like_name(&candidates[title_end - 1].text)
            || is_issuing_body(&candidates[title_end - 1].text))
    {
        title_end - 1
    } else {
        title_end
    };
    let mut used = 0;
    let mut title = String::new();
    for block in &candidates[..title_end] {
        used += 1;
        match split_dash(&block.text) {
            Some((head, sub)) => {
                join_line(&mut title, head);
                push(&mut out, BlockKind::Title, head, block.source_line);
                if let Some(date) = date_line(sub) {
                    push(&mut out, BlockKind::Date, sub, block.source_line);
                    meta.date = Some(date);
                    break;
                }
                let (sub, author) = split_author(sub);
                push(&mut out, BlockKind::Subtitle, sub, block.source_line);
                meta.subtitle = Some(sub.to_string());
                if let Some(date) = find_date(sub) {
                    meta.date = Some(date.0);
                }
                if let Some(author) = author {
                    push(&mut out, BlockKind::Author, author, block.source_line);
                    meta.author = Some(author_name(author));
                }
                break;
            }
            None => {
                join_line(&mut title, &block.text);
                push(&mut out, BlockKind::Title, &block.text, block.source_line);
            }
        }
    }
    meta.title = Some(without_note_mark(&title).to_string());
    let top_level_after =
        |i: usize| more_top_level || candidates[i + 1..].iter().any(|b| b.md_level == Some(1));
    for (i, block) in candidates.iter().enumerate().skip(used) {
        let text = block.text.as_str();
        match role(text) {
            // `# 中华人民共和国民法典` / `# 合同编`: a second top-level heading right under a
            // Markdown title, when no other follows, names the part of the work that the
            // document holds (one book of a code): it is the subtitle, neither an author nor
            // the one heading above the whole body.
            _ if block.md_level == Some(1)
                && meta.subtitle.is_none()
                && !top_level_after(i)
                && is_part_name(text) =>
            {
                push(&mut out, BlockKind::Subtitle, text, block.source_line);
                meta.subtitle = Some(text.trim().to_string());
            }
            Role::Subtitle if meta.subtitle.is_none() => {
                let (sub, author) = split_author(text);
                push(&mut out, BlockKind::Subtitle, sub, block.source_line);
                meta.subtitle = Some(sub.to_string());
                if meta.date.is_none() {
                    meta.date = find_date(sub).map(|d| d.0);
                }
                if let Some(author) = author {
                    push(&mut out, BlockKind::Author, author, block.source_line);
                    meta.author = Some(author_name(author));
                }
            }
            // A law's header lists each of its dates (adopted, amended, published, in force):
            // the first is the document's date, the others stay in the title block.
            Role::Date => {
                if !has_date_block(&out) {
                    meta.date = date_line(text);
                }
                push(&mut out, BlockKind::Date, text, block.source_line);
            }
            Role::Author if meta.author.is_none() => {
                push(&mut out, BlockKind::Author, text, block.source_line);
                meta.author = Some(author_name(text));
            }
            // A document number, or a labelled line (`起草单位：……`), between the title and the
            // date stays with the title block.
            Role::Title if is_document_number(text) || is_labelled_line(text) => {
                push(&mut out, BlockKind::Subtitle, text, block.source_line);
            }
            Role::Title if meta.author.is_none() && is_issuing_body(text) => {
                push(&mut out, BlockKind::Author, text, block.source_line);
                meta.author = Some(text.trim().to_string());
            }
            _ => break,
        }
        used += 1;
    }
    (meta, out, used)
}

fn has_date_block(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| b.kind == BlockKind::Date)
}

/// Where the title ends and a subtitle or date begins on the same line:
/// `政府工作报告——2024年3月5日在……会议上` → (`政府工作报告`, `——2024年3月5日在……会议上`);
/// `中华人民共和国个人信息保护法2021年8月20日……通过` (a wrapped title and date line joined) →
/// (`中华人民共和国个人信息保护法`, `2021年8月20日……通过`).
fn split_dash(text: &str) -> Option<(&str, &str)> {
    if date_line(text).is_some() || is_dateline(text) {
        return None;
    }
    let at = text
        .find("——")
        .or_else(|| text.find("――"))
        .or_else(|| find_date(text).map(|(_, at)| at))?;
    let head = text[..at].trim_end();
    (head.chars().filter(|c| c.is_alphabetic()).count() >= 2).then(|| (head, &text[at..]))
}

/// A subtitle on the same line as the speaker: `——……会议上国务院总理 李强`.
fn split_author(subtitle: &str) -> (&str, Option<&str>) {
    for end in ["会议上", "大会上", "会上"] {
        if let Some(at) = subtitle.rfind(end) {
            let cut = at + end.len();
            let rest = subtitle[cut..].trim();
            if !rest.is_empty() && looks_like_name(rest) {
                return (&subtitle[..cut], Some(rest));
            }
        }
    }
    (subtitle, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A law's header lists each of its dates: the first is the document's date, and every one
    /// stays in the title block.
    #[test]
    fn a_law_header_keeps_all_its_dates() {
        let (meta, title_blocks, body) = extract(raw(&[
            "最高人民法院关于审理某类案件适用法律若干问题的解释",
            "2012年2月27日 通过",
            "2012年6月1日 施行",
            "第一条 下列人员应当认定为知情人员。",
        ]));
        assert_eq!(meta.date.as_deref(), Some("2012-02-27"));
        let dates: Vec<&str> = title_blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Date)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(dates, ["2012年2月27日 通过", "2012年6月1日 施行"]);
        assert!(body[0].text.starts_with("第一条"), "{:?}", body[0].text);
    }

    #[test]
    fn datelines_bylines_and_note_marks_stay_out_of_the_title() {
        let (meta, _, body) = extract(raw(&[
            "中共中央办公厅 国务院办公厅印发《关于加强社会工作的意见》",
            "（新华社北京3月16日电）",
            "近日，中共中央办公厅、国务院办公厅印发了《意见》，并发出通知，要求各地区各部门结合实际认真贯彻落实。",
        ]));
        assert_eq!(
            meta.title.as_deref(),
            Some("中共中央办公厅 国务院办公厅印发《关于加强社会工作的意见》")
        );
        assert!(body[0].text.starts_with("近日"));
        let (meta, _, _) = extract(raw(&[
            "《人民日报》（2026年03月17日第 02 版）",
            "政府工作报告",
            "——2026年3月5日在第十四届全国人民代表大会第四次会议上",
            "各位代表：",
        ]));
        assert_eq!(meta.title.as_deref(), Some("政府工作报告"));
        let (meta, _, _) = extract(raw(&[
            "清溪市2025年国民经济和社会发展统计公报[1]",
            "清溪市统计局",
            "2026年3月1日",
            "2025年，全市经济运行稳中有进。",
        ]));
        assert_eq!(
            meta.title.as_deref(),
            Some("清溪市2025年国民经济和社会发展统计公报")
        );
    }

    #[test]
    fn a_labelled_header_ends_where_the_law_begins() {
        let (meta, title_blocks, body) = extract(raw(&[
            "法規名稱：遠洋漁業條例",
            "法規類別：法律 / 行政＞農業部＞漁業目",
            "修正日期：20240508",
            "生效狀態：一百十四年一月二十四日修正第 2、3 條條文及增訂",
            "第 19-1 條條文，施行日期定自一百十四年九月九日施行。",
            "2.一百十四年修正之第 35 條施行日期，由行政院以命令定之。",
            "法規網址：https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode=M0050051",
            "第 一 章 總則",
            "第 4 條",
            "本條例用詞，定義如下：",
            "一、漁撈作業：指探尋、誘集、捕撈海洋漁業資源之行為。",
            "二、漁船：指從事漁撈作業之船舶。",
        ]));
        assert_eq!(meta.title.as_deref(), Some("遠洋漁業條例"));
        assert_eq!(title_blocks.len(), 7);
        assert_eq!(body[0].text, "第 一 章 總則");
    }

    #[test]
    fn a_photo_caption_above_the_title_is_skipped() {
        let (meta, _, body) = extract(raw(&[
            "政府工作报告。 贵州日报天眼新闻记者 李森",
            "政府工作报告",
            "（2026年1月27日在贵州省第十四届人民代表大会第四次会议上）",
            "省长 李炳军",
            "各位代表：",
            "现在，我代表省人民政府向大会报告工作，请予审议。",
        ]));
        assert_eq!(meta.title.as_deref(), Some("政府工作报告"));
        assert_eq!(meta.author.as_deref(), Some("李炳军"));
        assert_eq!(body[0].text, "政府工作报告。 贵州日报天眼新闻记者 李森");
    }

    #[test]
    fn a_front_page_in_two_columns_is_followed_by_the_title() {
        let (meta, title_blocks, body) = extract(raw(&[
            "Internet Engineering Task Force (IETF)                     D. Hardt, Ed.",
            "Request for Comments: 6749                                     Microsoft",
            "Category: Standards Track",
            "ISSN: 2070-1721",
            "The OAuth 2.0 Authorization Framework",
            "Abstract",
            "The OAuth 2.0 authorization framework enables a third-party application.",
        ]));
        assert_eq!(
            meta.title.as_deref(),
            Some("The OAuth 2.0 Authorization Framework")
        );
        assert_eq!(title_blocks.len(), 5);
        assert_eq!(body[0].text, "Abstract");
        // one labelled line is no front page
        let (meta, _, _) = extract(raw(&[
            "Category: Standards Track",
            "The OAuth 2.0 Authorization Framework",
            "Abstract",
            "The framework enables a third-party application.",
        ]));
        assert_ne!(
            meta.title.as_deref(),
            Some("The OAuth 2.0 Authorization Framework")
        );
    }

    /// Markdown blocks: `# ` makes a level-1 heading.
    fn markdown(lines: &[&str]) -> Vec<RawBlock> {
        let mut blocks = raw(lines);
        for block in &mut blocks {
            if let Some(text) = block.text.strip_prefix("# ") {
                block.text = text.to_string();
                block.md_level = Some(1);
            } else if let Some(text) = block.text.strip_prefix("## ") {
                block.text = text.to_string();
                block.md_level = Some(2);
            }
        }
        blocks
    }

    #[test]
    fn a_second_top_level_heading_under_the_title_names_the_part_the_document_holds() {
        for part in ["合同编", "侵权责任编", "总则"] {
            let (meta, title_blocks, body) = extract(markdown(&[
                "# 中华人民共和国民法典",
                &format!("# {part}"),
                "2020年5月28日 第十三届全国人民代表大会第三次会议通过",
                "## 第一章 一般规定",
            ]));
            assert_eq!(meta.title.as_deref(), Some("中华人民共和国民法典"));
            assert_eq!(meta.subtitle.as_deref(), Some(part));
            assert_eq!(meta.author, None);
            assert_eq!(title_blocks.len(), 3, "{title_blocks:?}");
            assert_eq!(body[0].text, "第一章 一般规定");
        }
        // when more top-level headings follow, the second one is the body's
        let (meta, _, body) = extract(markdown(&[
            "# 工作报告",
            "# 过去一年工作回顾",
            "正文。",
            "# 今年工作安排",
        ]));
        assert_eq!(meta.subtitle, None);
        assert_eq!(body[0].text, "过去一年工作回顾");
        // a numbered one is a heading
        let (meta, _, body) = extract(markdown(&["# 实施方案", "# 一、总体要求", "正文。"]));
        assert_eq!(meta.subtitle, None);
        assert_eq!(body[0].text, "一、总体要求");
    }

    fn raw(lines: &[&str]) -> Vec<RawBlock> {
        lines
            .iter()
            .enumerate()
            .map(|(i, t)| RawBlock {
                text: (*t).to_string(),
                source_line: i + 1,
                md_level: None,
                shape: crate::doc::blocks::Shape::Prose,
                bold: false,
            })
            .collect()
    }

    #[test]
    fn dates() {
        assert_eq!(
            find_date("（2025年1月11日）").map(|d| d.0),
            Some("2025-01-11".into())
        );
        assert_eq!(
            find_date("二〇二五年一月十一日").map(|d| d.0),
            Some("2025-01-11".into())
        );
        assert_eq!(
            find_date("——2024年3月5日在").map(|d| d.0),
            Some("2024-03-05".into())
        );
        assert_eq!(
            find_date("2021-08-20").map(|d| d.0),
            Some("2021-08-20".into())
        );
        assert_eq!(find_date("增长5.2%"), None);
        assert_eq!(
            date_line("修正日期：民國 113 年 05 月 20 日"),
            Some("2024-05-20".into())
        );
        assert_eq!(
            find_date("Adopted on June 30, 2023.").map(|d| d.0),
            Some("2023-06-30".into())
        );
        assert_eq!(
            find_date("30 Jun 2023").map(|d| d.0),
            Some("2023-06-30".into())
        );
        assert_eq!(find_date("May contain 2 items"), None);
    }

    #[test]
    fn title_block_at_the_end() {
        let blocks = raw(&[
            "各位委员，同志们：",
            "正文写在这里。",
            "中国人民政治协商会议",
            "贵阳市委员会常务委员会工作报告",
            "——在政协第十三届贵阳市委员会第四次会议上",
            "（2025年1月11日）",
            "石邦林",
        ]);
        let (meta, title, body) = extract(blocks);
        assert_eq!(
            meta.title.as_deref(),
            Some("中国人民政治协商会议贵阳市委员会常务委员会工作报告")
        );
        assert_eq!(
            meta.subtitle.as_deref(),
            Some("——在政协第十三届贵阳市委员会第四次会议上")
        );
        assert_eq!(meta.date.as_deref(), Some("2025-01-11"));
        assert_eq!(meta.author.as_deref(), Some("石邦林"));
        assert_eq!(title.len(), 5);
        assert_eq!(body.len(), 2);
    }

    #[test]
    fn title_subtitle_and_speaker_on_one_line() {
        let blocks = raw(&[
            "政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上国务院总理 李强",
            "各位代表：",
        ]);
        let (meta, title, body) = extract(blocks);
        assert_eq!(meta.title.as_deref(), Some("政府工作报告"));
        assert_eq!(meta.date.as_deref(), Some("2024-03-05"));
        assert_eq!(meta.author.as_deref(), Some("李强"));
        let kinds: Vec<BlockKind> = title.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [BlockKind::Title, BlockKind::Subtitle, BlockKind::Author]
        );
        assert_eq!(body.len(), 1);
    }

    #[test]
    fn speaker_between_title_and_date() {
        let (meta, title, _) = extract(raw(&[
            "在全市经济工作会议上的讲话",
            "市委书记　林国栋",
            "（2024年12月26日）",
            "同志们：",
        ]));
        assert_eq!(meta.title.as_deref(), Some("在全市经济工作会议上的讲话"));
        assert_eq!(meta.author.as_deref(), Some("林国栋"));
        assert_eq!(meta.date.as_deref(), Some("2024-12-26"));
        assert_eq!(title.len(), 3);
    }

    #[test]
    fn two_line_title_stops_at_the_document_number() {
        let (meta, _, body) = extract(raw(&[
            "清溪市人民政府办公室",
            "关于印发数字经济实施方案的通知",
            "清府办发〔2025〕5号",
            "各县（市、区）人民政府：",
        ]));
        assert_eq!(
            meta.title.as_deref(),
            Some("清溪市人民政府办公室关于印发数字经济实施方案的通知")
        );
        // The document number stays with the title block; the addressee opens the body.
        assert_eq!(body.len(), 1);
        assert!(!looks_like_name("目　　录"));
    }

    #[test]
    fn document_number_and_labelled_date() {
        let (meta, title, body) = extract(raw(&[
            "正文写完了。",
            "清溪市人民政府关于发展银发经济的实施意见",
            "清政发〔2025〕6号",
            "2025年3月5日",
        ]));
        assert_eq!(
            meta.title.as_deref(),
            Some("清溪市人民政府关于发展银发经济的实施意见")
        );
        assert_eq!(meta.date.as_deref(), Some("2025-03-05"));
        assert_eq!(meta.subtitle, None);
        assert_eq!((title.len(), body.len()), (3, 1));
        let (meta, _, _) = extract(raw(&[
            "清溪市公共数据开放管理办法",
            "发布日期：2025年4月18日",
            "一、总则",
        ]));
        assert_eq!(meta.title.as_deref(), Some("清溪市公共数据开放管理办法"));
        assert_eq!(meta.date.as_deref(), Some("2025-04-18"));
    }

    #[test]
    fn no_title_block() {
        let blocks = raw(&["一、总则", "正文。"]);
        let (meta, title, body) = extract(blocks);
        assert_eq!(meta, Metadata::default());
        assert!(title.is_empty());
        assert_eq!(body.len(), 2);
    }
}
