//! Pass 1 of the outline: every block that could be a heading, with its numbering and the
//! evidence for it. Nothing is decided here; [`super::tree`] weighs the candidates against each
//! other over the whole document.

use super::blocks::{RawBlock, Shape};
use super::numbering::{Family, Marker, Scheme, first_sentence_end, parse_marker};
use super::regions::Region;
use crate::text::punctuation::COLONS;

/// An unnumbered line that can head a part of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// `序言`, `前言`, `结束语`: a level-1 section of text; the numbered headings after it are its
    /// siblings.
    Leaf,
    /// `附件1`, `附录`: a level-1 section that holds what follows; numbering starts over below it.
    Appendix,
    /// `2025年工作回顾`: a short line of its own that frames a numbered run. It is a heading only
    /// where it does (see [`super::tree`]).
    Frame,
}

/// What kind of heading a candidate would be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Markdown heading (`## …`): the source says it is one. Its numbering, if its text has
    /// one, places it among the other numbered headings.
    Markdown {
        level: usize,
        marker: Option<Marker>,
    },
    /// A block that opens with a numbering marker.
    Numbered(Marker),
    Part(PartKind),
}

/// A block that could be a heading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Index into the body blocks.
    pub block: usize,
    pub kind: Kind,
    /// The block is the heading as a whole; otherwise its first sentence is (a run-in heading).
    pub standalone: bool,
    /// How strongly the block's own form says "heading": what leaving it out costs.
    pub weight: f32,
}

impl Candidate {
    /// The numbering marker, for a numbered candidate or a Markdown heading that has one.
    #[must_use]
    pub fn marker(&self) -> Option<Marker> {
        match self.kind {
            Kind::Numbered(m) => Some(m),
            Kind::Markdown { marker, .. } => marker,
            Kind::Part(_) => None,
        }
    }
}

/// Longest heading line, in characters, that counts as a strong candidate.
const SHORT_HEADING: usize = 50;

/// Finds the candidates among the body blocks, skipping those inside a region.
#[must_use]
pub fn find(blocks: &[RawBlock], regions: &[Option<Region>]) -> Vec<Candidate> {
    // A list item reads like a heading only when it stands over a body of its own (`1. 目的和依据`
    // over its paragraph); items that follow one another (`1. Full name` / `2. Date of birth`)
    // are a list.
    let item_shape = |b: usize| {
        blocks
            .get(b)
            .map(|b| b.shape)
            .filter(|s| matches!(s, Shape::ListItem | Shape::BulletItem))
    };
    let in_a_list = |b: usize| {
        item_shape(b).is_some_and(|shape| {
            item_shape(b + 1) == Some(shape) || b.checked_sub(1).and_then(item_shape) == Some(shape)
        })
    };
    // Each block is judged on its own, beside its neighbours: a large document's on two
    // threads.
    let split = blocks.len() >= super::halves::MIN_BLOCKS;
    let mut candidates = super::halves::filter_map(blocks, split, |i, b| {
        (regions.get(i).copied().flatten().is_none() && !in_a_list(i))
            .then(|| candidate(i, b))
            .flatten()
    });
    order_markdown_levels_by_numbering(&mut candidates);
    candidates
}

/// Markdown levels that contradict the numbering (`### 第一章` above `## 第一节`, as some
/// converted law texts have them) are given in the numbering's order: within each family of
/// schemes, the ranks used take the levels used, the highest rank the lowest level. Levels that
/// agree with the numbering are left alone, and so are unnumbered headings.
fn order_markdown_levels_by_numbering(candidates: &mut [Candidate]) {
    // (family, rank, level) of every numbered Markdown heading
    let numbered = |c: &Candidate| match c.kind {
        Kind::Markdown {
            level,
            marker: Some(m),
        } => {
            let (family, rank) = m.scheme.family_rank();
            Some((family, rank, level))
        }
        _ => None,
    };
    let mut seen: Vec<(Family, usize, usize)> = candidates.iter().filter_map(numbered).collect();
    seen.sort_unstable_by_key(|&(f, r, l)| (f as usize, r, l));
    seen.dedup();
    let mut families: Vec<Family> = seen.iter().map(|&(f, _, _)| f).collect();
    families.dedup();
    for family in families {
        let used: Vec<(usize, usize)> = seen
            .iter()
            .filter(|&&(f, _, _)| f == family)
            .map(|&(_, r, l)| (r, l))
            .collect();
        // Each rank at one level, and a lower rank always deeper: nothing to put right.
        let mut ranks: Vec<usize> = used.iter().map(|&(r, _)| r).collect();
        ranks.dedup();
        let consistent = ranks.len() == used.len() && used.windows(2).all(|w| w[0].1 < w[1].1);
        if consistent {
            continue;
        }
        let mut levels: Vec<usize> = used.iter().map(|&(_, l)| l).collect();
        levels.sort_unstable();
        levels.dedup();
        let top = levels.first().copied().unwrap_or(1);
        for c in candidates.iter_mut() {
            if let Some((f, rank, _)) = numbered(c)
                && f == family
                && let Kind::Markdown { level, .. } = &mut c.kind
            {
                let step = ranks.iter().position(|&r| r == rank).unwrap_or(0);
                *level = levels.get(step).copied().unwrap_or(top + step);
            }
        }
    }
}

fn candidate(index: usize, block: &RawBlock) -> Option<Candidate> {
    let text = block.text.as_str();
    if let Some(level) = block.md_level {
        let marker = parse_marker(text).filter(|m| m.scheme != Scheme::RunIn);
        return Some(Candidate {
            block: index,
            kind: Kind::Markdown { level, marker },
            standalone: true,
            weight: 10.0,
        });
    }
    // Only prose is a heading, and a list item that reads like one: a short numbered line with
    // no punctuation (`1. 目的和依据` standing over its paragraph, which Markdown makes a list).
    let heading_like_item = matches!(block.shape, Shape::ListItem | Shape::BulletItem)
        && text.chars().nth(30).is_none()
        && !text.contains(['，', '。', '；', '：', '！', '？', ',', ';', ':']);
    if block.shape != Shape::Prose && !heading_like_item {
        return None;
    }
    let bonus = if block.bold { 1.0 } else { 0.0 };
    let Some(marker) = parse_marker(text) else {
        if block.shape != Shape::Prose {
            return None;
        }
        return part(text).map(|kind| Candidate {
            block: index,
            kind: Kind::Part(kind),
            standalone: true,
            weight: 3.0 + bonus,
        });
    };
    let scheme = marker.scheme;
    // An item of an enumeration (`（一）……；`) is not a heading; an article may end in `：`.
    if !scheme.heads_paragraph() && text.ends_with(['；', ';', '，', ',']) {
        return None;
    }
    // Only compared with limits up to 100: a long paragraph is not counted to its end.
    let chars = text.chars().take(101).count();
    let first_end = first_sentence_end(text);
    let sentence_end = first_end.filter(|&end| end < text.len());
    let standalone = if scheme.heads_paragraph() {
        first_end.is_none() && chars <= SHORT_HEADING
    } else {
        sentence_end.is_none()
    };
    let weight = if scheme.heads_paragraph() {
        3.0
    } else if standalone {
        match chars {
            0..=SHORT_HEADING => 3.0,
            51..=100 => 2.0,
            _ => 1.0,
        }
    } else {
        let head = sentence_end.map_or(chars, |end| text[..end].chars().count());
        if head <= 60 { 2.0 } else { 1.0 }
    };
    Some(Candidate {
        block: index,
        kind: Kind::Numbered(marker),
        standalone,
        weight: weight + bonus,
    })
}

/// The kind of an unnumbered part heading, if `text` can be one: a short line of its own with
/// no sentence punctuation.
fn part(text: &str) -> Option<PartKind> {
    // Most blocks are paragraphs far longer than any part heading: no allocation for them.
    if text.len() > 240 {
        return None;
    }
    if let Some(kind) = english_part(text) {
        return Some(kind);
    }
    let compact: String = text.split_whitespace().collect();
    let compact = compact.trim_end_matches(COLONS);
    let chars = compact.chars().count();
    if chars == 0 || chars > 40 || compact.contains(['，', '。', '；', '、', '！', '？', ',', ';'])
    {
        return None;
    }
    if is_appendix_label(compact) {
        return Some(PartKind::Appendix);
    }
    // `2012年6月1日 施行`: a dated line is a date, never a part (`2025年工作回顾` has no day).
    if super::dates::date_line(compact).is_some() {
        return None;
    }
    if chars > 20 {
        return None;
    }
    // Parts that hold what follows: an appendix, the supplementary provisions of a law printed
    // without a chapter number, the notes and glossary after a report.
    const HOLDERS: &[&str] = &[
        "附则",
        "附則",
        "注释",
        "注釋",
        "名词解释",
        "名詞解釋",
        "参考文献",
        "附注",
    ];
    if HOLDERS.contains(&compact) {
        return Some(PartKind::Appendix);
    }
    const LEAVES: &[&str] = &[
        "序言",
        "前言",
        "引言",
        "导言",
        "序",
        "结束语",
        "结语",
        "后记",
        "尾声",
        "前言部分",
        "序言部分",
        "導言",
        "結束語",
        "結語",
        "後記",
    ];
    if LEAVES.contains(&compact) {
        return Some(PartKind::Leaf);
    }
    // A frame starts with a word and ends without a colon (`各位代表：` opens a speech).
    let starts_well = compact
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '“' | '《' | '「'))
        && !text.trim_end().ends_with(COLONS);
    let cjk = compact
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    (starts_well && cjk >= 4 && !compact.contains(COLONS)).then_some(PartKind::Frame)
}

/// The unnumbered parts of an English report or standard (`Abstract`, `Status of This Memo`,
/// `References`) and its appendices (`Appendix A.  Syntax`, `Annex B`).
fn english_part(text: &str) -> Option<PartKind> {
    let text = text.trim();
    if text.len() > 80 || !text.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let mut words = text.split_whitespace();
    let first = words.next()?.to_ascii_lowercase();
    if matches!(first.as_str(), "appendix" | "annex")
        && let Some(label) = words.next()
        && label
            .trim_end_matches(['.', ':'])
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Some(PartKind::Appendix);
    }
    const LEAVES: &[&str] = &[
        "abstract",
        "statusofthismemo",
        "copyrightnotice",
        "acknowledgments",
        "acknowledgements",
        "author'saddress",
        "authors'addresses",
        "references",
        "normativereferences",
        "informativereferences",
        "executivesummary",
        "foreword",
        "preface",
        "glossary",
        "introduction",
        "contributors",
        "notices",
        "errata",
    ];
    let compact: String = text
        .split_whitespace()
        .collect::<String>()
        .to_ascii_lowercase();
    LEAVES
        .contains(&compact.trim_end_matches(':'))
        .then_some(PartKind::Leaf)
}

/// `附件`, `附件1`, `附件一`, `附件 2`, `附录A`, `附表3`, and a label with the appendix's title
/// after a colon (`附件1：查处酒后驾驶操作规程`; not `附件：1.…`, a list of their names).
fn is_appendix_label(compact: &str) -> bool {
    let Some(rest) = ["附件", "附录", "附錄", "附表", "附图"]
        .into_iter()
        .find_map(|label| compact.strip_prefix(label))
    else {
        return false;
    };
    let rest = match rest.split_once(COLONS) {
        Some((number, title)) if !number.is_empty() && parse_marker(title).is_none() => number,
        _ => rest,
    };
    rest.chars().count() <= 3
        && rest.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || ('０'..='９').contains(&c)
                || "一二三四五六七八九十".contains(c)
                || matches!(c, '-' | '－' | '.')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_headings() {
        assert_eq!(part("序 言"), Some(PartKind::Leaf));
        assert_eq!(part("结束语"), Some(PartKind::Leaf));
        assert_eq!(part("附件1"), Some(PartKind::Appendix));
        assert_eq!(part("附件："), Some(PartKind::Appendix));
        assert_eq!(part("附件二"), Some(PartKind::Appendix));
        assert_eq!(part("2025年工作回顾"), Some(PartKind::Frame));
        // A dated line of a law's header is no part.
        assert_eq!(part("2012年6月1日 施行"), None);
        assert_eq!(part("2012年2月27日 通过"), None);
        assert_eq!(part("附件：1.关于开展检查的通知"), None);
        assert_eq!(
            part("附件1：查处酒后驾驶操作规程"),
            Some(PartKind::Appendix)
        );
        assert_eq!(part("（2025年1月11日）"), None);
        assert_eq!(part("我们要坚持，不断前进。"), None);
    }
}
