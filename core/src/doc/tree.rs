//! Pass 2 of the outline: the whole document decides which candidates are headings, then the tree
//! is built from them.
//!
//! # What the resolution optimises
//!
//! Numbering schemes are resolved one at a time, from the highest to the lowest (Markdown
//! headings and part lines; `编` › `分编` › `章` › `节` › `条`; `Part` › `Chapter` › `Section` ›
//! `Article`; `一、` › `（一）` › `1.` › `（1）` › `①`; `1` › `1.1` › `1.1.1`). For one scheme, its
//! candidates in document order are a sequence, and the resolution picks the subsequence (the
//! *chain*) with the highest score:
//!
//! * every candidate taken adds its weight (a short line of its own weighs more than the first
//!   sentence of a paragraph; bold adds);
//! * each step of the chain costs by how well the numbering follows on: `n → n+1` is free, and so
//!   is a restart at one when a heading of a higher scheme lies between (chapters numbered per
//!   `编`, items per section); a gap costs a little (and is reported), a repeat more, a restart
//!   with no parent between more still; a step back is impossible;
//! * a chain that starts above one pays for it (an excerpt that starts at `三、`).
//!
//! The best chain is found by dynamic programming over the candidates (each looks back over a
//! bounded window, so the work is linear in the document). The headings of the schemes already
//! resolved are the parents that make a restart normal; inside a law's article, nothing but a
//! higher law division is a heading. Run-in points (`一是`) are resolved last, within their
//! section. The tree is then built with a stack: a scheme seen again closes what opened after it,
//! a higher scheme of the same family closes the lower ones, Markdown headings nest by their
//! number of `#`.

use super::blocks::{RawBlock, Shape, join_line};
use super::candidates::{self, Candidate, Kind, PartKind};
use super::model::{Block, BlockKind, Document, Metadata, Section, Warning, WarningKind};
use super::numbering::{Family, Scheme, first_sentence_end, parse_marker};
use super::regions::{self, Region};

/// How many earlier candidates of the same scheme a candidate looks back over.
const WINDOW: usize = 32;

/// Builds the document from the title block and the reflowed body.
#[must_use]
pub fn build(meta: Metadata, title_blocks: Vec<Block>, body: Vec<RawBlock>) -> Document {
    let regions = regions::find(&body);
    let candidates = candidates::find(&body, &regions);
    let resolution = resolve(&candidates, &body, meta.title.as_deref());
    assemble(meta, title_blocks, body, &regions, &candidates, &resolution)
}

/// Which candidates are headings, and what looked doubtful on the way.
struct Resolution {
    accepted: Vec<bool>,
    /// (candidate, kind, message)
    warnings: Vec<(usize, WarningKind, String)>,
}

/// The order in which schemes are resolved: a family, then its rank within it.
fn precedence(scheme: Scheme) -> (usize, usize) {
    let (family, rank) = scheme.family_rank();
    let order = match family {
        Family::Markdown => 0,
        Family::Law => 1,
        Family::English => 2,
        Family::Official => 3,
        Family::Decimal => 4,
        Family::RunIn => 5,
    };
    (order, rank)
}

fn resolve(candidates: &[Candidate], body: &[RawBlock], title: Option<&str>) -> Resolution {
    let block_count = body.len();
    let mut accepted = vec![false; candidates.len()];
    // The accepted heading in each block, as a candidate index.
    let mut heading_at: Vec<Option<usize>> = vec![None; block_count];
    let mut warnings = Vec::new();
    // Markdown headings and the parts named by their words are headings by their form.
    for (i, c) in candidates.iter().enumerate() {
        if matches!(
            c.kind,
            Kind::Markdown { .. } | Kind::Part(PartKind::Leaf | PartKind::Appendix)
        ) {
            accepted[i] = true;
            heading_at[c.block] = Some(i);
        }
    }
    for i in framing_parts(candidates, body, title) {
        accepted[i] = true;
        heading_at[candidates[i].block] = Some(i);
    }
    let mut schemes: Vec<Scheme> = candidates
        .iter()
        .filter_map(|c| match c.kind {
            Kind::Numbered(m) if m.scheme != Scheme::RunIn => Some(m.scheme),
            _ => None,
        })
        .collect();
    schemes.sort_by_key(|&s| precedence(s));
    schemes.dedup();
    let mut inside_article: Option<Vec<bool>> = None;
    let first_heading = candidates.iter().position(|c| c.marker().is_some());
    for scheme in schemes {
        let (family, _) = scheme.family_rank();
        let below_articles = !matches!(family, Family::Law) && !scheme.is_leaf();
        if below_articles && inside_article.is_none() {
            inside_article = Some(article_spans(candidates, &heading_at));
        }
        let members: Vec<usize> = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.kind, Kind::Numbered(m) if m.scheme == scheme))
            .filter(|(_, c)| {
                !below_articles
                    || !inside_article
                        .as_ref()
                        .is_some_and(|spans| spans.get(c.block).copied().unwrap_or(false))
            })
            .map(|(i, _)| i)
            .collect();
        let mut parents = vec![0u32; block_count + 1];
        for b in 0..block_count {
            parents[b + 1] = parents[b] + u32::from(heading_at[b].is_some());
        }
        let chain = best_chain(candidates, &members, &parents, first_heading);
        if let [(only, None)] = chain.as_slice()
            && !scheme.is_leaf()
            && candidates.len() > 1
        {
            warnings.push((
                *only,
                WarningKind::LoneHeading,
                "the only heading numbered this way: its siblings may be lost".to_string(),
            ));
        }
        for (i, step) in chain {
            accepted[i] = true;
            heading_at[candidates[i].block] = Some(i);
            if let Some((kind, message)) = step {
                warnings.push((i, kind, message));
            }
        }
    }
    Resolution { accepted, warnings }
}

/// Unnumbered lines of their own (`2025年工作回顾`) are part headings where they frame numbered
/// runs: each is followed closely (an opening paragraph or two between) by a heading or point
/// numbered one, and there are two or more of them (or they are bold). A report's first or last
/// part often holds no numbered run (the review in paragraphs, the closing tasks): the one frame
/// line right before the first framing part, and the one right after the last, are parts too.
fn framing_parts(candidates: &[Candidate], body: &[RawBlock], title: Option<&str>) -> Vec<usize> {
    let title = title.map(regions::compact).unwrap_or_default();
    // (frame, the candidate numbered one that it frames), or no run for a frame line alone
    let mut frames: Vec<(usize, Option<usize>)> = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        if c.kind != Kind::Part(PartKind::Frame) {
            continue;
        }
        // The title printed again over the body (`关于……的规定` under `最高人民法院关于……的规定`)
        // is no part of it.
        if body
            .get(c.block)
            .is_some_and(|b| !title.is_empty() && title.ends_with(&regions::compact(&b.text)))
        {
            continue;
        }
        // A run belongs to the nearest line above it: of lines stacked before one run (a title
        // printed over two lines, a list of issuing bodies) only the last frames it.
        let framed = candidates[i + 1..]
            .iter()
            .enumerate()
            .take_while(|(_, next)| {
                next.block <= c.block + FRAME_REACH && next.kind != Kind::Part(PartKind::Frame)
            })
            .find_map(|(k, next)| next.marker().filter(|m| m.number == 1).map(|_| i + 1 + k));
        frames.push((i, framed));
    }
    let framing: Vec<usize> = (0..frames.len())
        .filter(|&k| frames[k].1.is_some())
        .collect();
    let bold = framing
        .iter()
        .all(|&k| candidates[frames[k].0].weight > 3.0);
    if framing.is_empty() || (framing.len() < 2 && !bold) {
        return Vec::new();
    }
    let mut parts: Vec<usize> = framing.iter().map(|&k| frames[k].0).collect();
    let (first, last) = (framing[0], framing[framing.len() - 1]);
    if let Some(before) = first.checked_sub(1)
        && frames[before].1.is_none()
    {
        parts.insert(0, frames[before].0);
    }
    if let Some(&(after, None)) = frames.get(last + 1) {
        parts.push(after);
    }
    parts
}

/// How many blocks after an unnumbered part line its first numbered heading may stand.
const FRAME_REACH: usize = 6;

/// The blocks inside a law's article: after an accepted article, up to the next heading.
fn article_spans(candidates: &[Candidate], heading_at: &[Option<usize>]) -> Vec<bool> {
    let mut inside = false;
    heading_at
        .iter()
        .map(|h| match h {
            Some(i) => {
                inside = candidates[*i].marker().is_some_and(|m| m.scheme.is_leaf())
                    && matches!(candidates[*i].kind, Kind::Numbered(_));
                false
            }
            None => inside,
        })
        .collect()
}

/// What a step of a chain costs, from the candidate before to this one, and what it says about
/// the numbering. `None`: the step is impossible.
fn step_cost(
    before: (u32, u32),
    this: (u32, u32),
    parent_between: bool,
    this_candidate: &Candidate,
) -> Option<(f32, Option<WarningKind>)> {
    let ((n0, s0), (n, s)) = (before, this);
    if s > 0 {
        // An inserted division (`第六条之一`) follows the one it is numbered after.
        return (n == n0 && s > s0 || n == n0 + 1 && s == 1).then_some((0.0, None));
    }
    if n == n0 + 1 || (n == 1 && parent_between) {
        return Some((0.0, None));
    }
    if n == 1 {
        // Starting over with no parent between: an attachment, a second report, or a parent
        // heading lost in extraction. Plausible for a line of its own.
        let cost = if this_candidate.standalone { 2.0 } else { 3.0 };
        return Some((cost, Some(WarningKind::NumberingRestart)));
    }
    if n > n0 {
        let gap = n - n0 - 1;
        let gap = if parent_between { gap.min(n - 1) } else { gap };
        return Some((
            1.5 + 0.25 * gap.min(8) as f32,
            Some(WarningKind::NumberingGap),
        ));
    }
    if n == n0 && !parent_between {
        return Some((2.5, Some(WarningKind::NumberingRepeat)));
    }
    if parent_between {
        // A new parent whose first children are missing (`（三）` first under a new `二、`).
        return Some((
            1.5 + 0.25 * (n - 1).min(8) as f32,
            Some(WarningKind::NumberingGap),
        ));
    }
    None
}

/// What starting a chain at this number costs: nothing at one; above one, a little for the
/// document's first heading (an excerpt that starts at `三、`), much more elsewhere (a stray
/// `3.` is seldom a heading whose siblings were all lost).
fn start_cost(number: u32, sub: u32, opens_document: bool) -> f32 {
    let above_one = 0.2 * number.saturating_sub(1).min(10) as f32;
    match (number <= 1 && sub == 0, opens_document) {
        (true, _) => 0.0,
        (false, true) => 0.5 + above_one,
        (false, false) => 3.0 + above_one,
    }
}

type Step = Option<(WarningKind, String)>;

/// The best chain among `members` (candidate indices of one scheme, in order), with what each
/// step says. `parents[b]` counts the headings already accepted in the blocks before `b`;
/// `first_heading` is the document's first numbered candidate.
fn best_chain(
    candidates: &[Candidate],
    members: &[usize],
    parents: &[u32],
    first_heading: Option<usize>,
) -> Vec<(usize, Step)> {
    let n = members.len();
    let mut best = vec![f32::NEG_INFINITY; n];
    let mut prev: Vec<Option<(usize, Option<WarningKind>)>> = vec![None; n];
    let number = |i: usize| {
        candidates[members[i]]
            .marker()
            .map_or((0, 0), |m| (m.number, m.sub))
    };
    for i in 0..n {
        let c = &candidates[members[i]];
        let (ni, si) = number(i);
        best[i] = c.weight - start_cost(ni, si, Some(members[i]) == first_heading);
        for j in i.saturating_sub(WINDOW)..i {
            if best[j] == f32::NEG_INFINITY {
                continue;
            }
            let from = candidates[members[j]].block;
            let between = parents[c.block] > parents[from + 1];
            if let Some((cost, warning)) = step_cost(number(j), (ni, si), between, c) {
                let score = best[j] + c.weight - cost;
                if score > best[i] {
                    best[i] = score;
                    prev[i] = Some((j, warning));
                }
            }
        }
    }
    let Some(end) = (0..n)
        .filter(|&i| best[i] > 0.0)
        .max_by(|&a, &b| best[a].total_cmp(&best[b]).then(a.cmp(&b)))
    else {
        return Vec::new();
    };
    let mut chain = Vec::new();
    let mut at = Some(end);
    while let Some(i) = at {
        let (link, step) = match prev[i] {
            Some((j, warning)) => (Some(j), warning.map(|w| (w, j))),
            None => (None, None),
        };
        let step = step.map(|(kind, j)| (kind, describe(kind, number(j).0, number(i).0)));
        chain.push((members[i], step));
        at = link;
    }
    chain.reverse();
    chain
}

fn describe(kind: WarningKind, from: u32, to: u32) -> String {
    match kind {
        WarningKind::NumberingGap => format!("numbering skips from {from} to {to}"),
        WarningKind::NumberingRepeat => format!("number {to} comes twice"),
        WarningKind::NumberingRestart => {
            format!("numbering starts over at {to} after {from} with no heading above between")
        }
        WarningKind::LoneHeading => String::new(),
    }
}

/// An open section on the stack of the tree being built.
#[derive(Debug, Clone, Copy)]
struct Open {
    /// `None` for an unnumbered part heading.
    scheme: Option<Scheme>,
    md_level: Option<usize>,
    /// Nothing opens below it but a higher division (an article, `序言`).
    leaf: bool,
    /// For an unnumbered part: the top Markdown level seen before it. Markdown headings below
    /// that level nest under the part; those at it or above close it.
    md_top_before: Option<usize>,
    section: usize,
}

/// Where a numbered heading of `scheme` opens on the stack.
fn placement(stack: &[Open], scheme: Scheme) -> usize {
    if let Some(i) = stack.iter().position(|o| o.scheme == Some(scheme)) {
        return i;
    }
    let (family, rank) = scheme.family_rank();
    if let Some(i) = stack.iter().position(|o| {
        o.scheme.is_some_and(|s| {
            let (f, r) = s.family_rank();
            f == family && r > rank
        })
    }) {
        return i;
    }
    match stack.last() {
        Some(top) if top.leaf => stack.len() - 1,
        _ => stack.len(),
    }
}

/// Where a Markdown heading of `level` opens: below the Markdown headings of a lower level. An
/// unnumbered part (`附件1`) holds the Markdown headings after it, unless they are of the
/// document's top Markdown level before it.
fn markdown_placement(stack: &[Open], level: usize) -> usize {
    stack
        .iter()
        .position(|o| match o.md_level {
            Some(l) => l >= level,
            None => o.scheme.is_some() || o.leaf || o.md_top_before.is_some_and(|t| level <= t),
        })
        .unwrap_or(stack.len())
}

/// A short unpunctuated line right after a division heading that continues it, as when a plan
/// prints `第一篇 锚定发展目标` over two lines.
fn continues_heading(heading: &str, next: &RawBlock) -> bool {
    let plain = |t: &str| !t.contains(['，', '。', '；', '：', '！', '？', ',', ';', ':']);
    next.md_level.is_none()
        && next.shape == Shape::Prose
        && next.text.chars().count() <= 30
        && heading.chars().count() <= 30
        && plain(&next.text)
        && plain(heading)
        && !next
            .text
            .starts_with(['（', '(', '—', '─', '-', '《', '【', '[', '“', '"'])
        && parse_marker(&next.text).is_none()
}

fn assemble(
    meta: Metadata,
    title_blocks: Vec<Block>,
    body: Vec<RawBlock>,
    regions: &[Option<Region>],
    candidates: &[Candidate],
    resolution: &Resolution,
) -> Document {
    let offset = title_blocks.len();
    let mut candidate_at: Vec<Option<usize>> = vec![None; body.len()];
    for (i, c) in candidates.iter().enumerate() {
        candidate_at[c.block] = Some(i);
    }
    let mut blocks = title_blocks;
    blocks.reserve(body.len());
    let mut sections: Vec<Section> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // The last run-in point: its parent section and number.
    let mut last_run_in: Option<(Option<usize>, u32)> = None;
    let mut top_md_level: Option<usize> = None;
    // Where each body block went (the continuation of a two-line heading joins the block above).
    let mut block_of: Vec<usize> = Vec::with_capacity(body.len());
    let mut body = body.into_iter().enumerate().peekable();
    while let Some((b, raw)) = body.next() {
        let index = blocks.len();
        block_of.push(index);
        let candidate = candidate_at[b].map(|i| (i, &candidates[i]));
        let accepted = candidate.filter(|(i, _)| resolution.accepted[*i]);
        let run_in = candidate
            .filter(|(_, c)| matches!(c.kind, Kind::Numbered(m) if m.scheme == Scheme::RunIn));
        let kind = match regions[b] {
            Some(Region::Table | Region::Contents) => BlockKind::Preformatted,
            _ if raw.shape == Shape::Code || raw.shape == Shape::TableRow => {
                BlockKind::Preformatted
            }
            _ if raw.shape == Shape::BulletItem => BlockKind::ListItem,
            _ => BlockKind::Paragraph,
        };
        let mut block = Block {
            kind,
            text: raw.text,
            run_in: None,
            section: sections.len().checked_sub(1),
            source_line: raw.source_line,
        };
        let mut opened = None;
        if let Some((_, c)) = accepted {
            // Two-line division headings.
            // An appendix label is followed by the appendix's title (`附件1` / `重点任务分工`).
            let division = c.kind == Kind::Part(PartKind::Appendix)
                || c.standalone
                    && c.marker().is_some_and(|m| {
                        matches!(
                            m.scheme,
                            Scheme::LawPart | Scheme::LawSubPart | Scheme::LawChapter
                        )
                    });
            if division
                && let Some((nb, next)) = body.peek()
                && candidate_at[*nb].is_none_or(|i| !resolution.accepted[i])
                && regions[*nb].is_none()
                && continues_heading(&block.text, next)
            {
                let joined = body.next().map(|(_, next)| next.text).unwrap_or_default();
                join_line(&mut block.text, &joined);
                block_of.push(index);
            }
            opened = Some(open_heading(
                c,
                &mut block,
                &mut stack,
                &mut sections,
                index,
                &mut top_md_level,
            ));
            last_run_in = None;
        } else if let Some((_, c)) = run_in
            && let Some(m) = c.marker()
        {
            let parent = stack.last().map(|o| o.section);
            let in_leaf = stack.last().is_some_and(|o| o.leaf);
            let follows = match last_run_in {
                Some((p, n)) if p == parent => m.number == n + 1 || m.number == 1,
                _ => m.number == 1,
            };
            if follows && !in_leaf {
                let end = first_sentence_end(&block.text).unwrap_or(block.text.len());
                let heading_text = block.text[..end].to_string();
                if end < block.text.len() || c.standalone {
                    block.run_in = Some(end);
                }
                if end == block.text.len() && block.run_in.is_none() {
                    block.kind = BlockKind::Heading;
                }
                let section = sections.len();
                sections.push(Section {
                    level: stack.len() + 1,
                    marker: block.text[..m.len].to_string(),
                    heading: heading_text,
                    block: index,
                    end_block: index + 1,
                    parent,
                    children: Vec::new(),
                    run_in: block.run_in.is_some(),
                });
                if let Some(p) = parent {
                    sections[p].children.push(section);
                }
                last_run_in = Some((parent, m.number));
                opened = Some(section);
            }
        }
        if let Some(section) = opened {
            block.section = Some(section);
        }
        blocks.push(block);
    }
    close_sections(&mut sections, blocks.len());
    let mut warnings: Vec<Warning> = resolution
        .warnings
        .iter()
        .map(|(i, kind, message)| Warning {
            block: block_of
                .get(candidates[*i].block)
                .copied()
                .unwrap_or(offset),
            kind: *kind,
            message: message.clone(),
        })
        .collect();
    warnings.sort_by_key(|w| w.block);
    warnings.dedup_by_key(|w| w.block);
    Document {
        meta,
        blocks,
        sections,
        warnings,
        ..Document::default()
    }
}

/// Opens the section of an accepted heading in `block`; returns its index.
fn open_heading(
    c: &Candidate,
    block: &mut Block,
    stack: &mut Vec<Open>,
    sections: &mut Vec<Section>,
    index: usize,
    top_md_level: &mut Option<usize>,
) -> usize {
    let (depth, open, marker_text) = match c.kind {
        Kind::Part(kind) => (
            0,
            Open {
                scheme: None,
                md_level: None,
                leaf: kind == PartKind::Leaf,
                md_top_before: *top_md_level,
                section: 0,
            },
            String::new(),
        ),
        Kind::Markdown { level, marker } => (
            markdown_placement(stack, level),
            Open {
                scheme: Some(marker.map_or(Scheme::Markdown(level), |m| m.scheme)),
                md_level: Some(level),
                leaf: false,
                md_top_before: None,
                section: 0,
            },
            marker.map_or_else(|| "#".repeat(level), |m| block.text[..m.len].to_string()),
        ),
        Kind::Numbered(m) => (
            placement(stack, m.scheme),
            Open {
                scheme: Some(m.scheme),
                md_level: None,
                leaf: m.scheme.is_leaf(),
                md_top_before: None,
                section: 0,
            },
            block.text[..m.len].to_string(),
        ),
    };
    let heads_paragraph = c.marker().is_some_and(|m| m.scheme.heads_paragraph());
    let heading_len = match c.kind {
        Kind::Numbered(_) => {
            first_sentence_end(&block.text).filter(|&end| end < block.text.len() || heads_paragraph)
        }
        _ => None,
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
    stack.truncate(depth);
    let parent = stack.last().map(|o| o.section);
    let section = sections.len();
    sections.push(Section {
        level: stack.len() + 1,
        marker: marker_text,
        heading: heading_text,
        block: index,
        end_block: index + 1,
        parent,
        children: Vec::new(),
        run_in: block.run_in.is_some(),
    });
    if let Some(p) = parent {
        sections[p].children.push(section);
    }
    stack.push(Open { section, ..open });
    if let Kind::Markdown { level, .. } = c.kind {
        *top_md_level = Some(top_md_level.map_or(level, |top| top.min(level)));
    }
    section
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
    use crate::doc::numbering::{Scheme, parse_marker};

    fn m(text: &str) -> Option<(Scheme, u32, &str)> {
        parse_marker(text).map(|m| (m.scheme, m.number, &text[..m.len]))
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
                (1, "附件".into()),
                (2, "一、附表说明".into()),
                (3, "（一）口径".into()),
            ]
        );
        // Without the label, the numbering starting over on a line of its own still counts.
        let t = t.replace("附件\n", "");
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
                (2, "5.不连续".into()),
            ]
        );
        let doc = crate::doc::parse(&t);
        let warnings: Vec<&str> = doc.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(warnings, ["numbering skips from 3 to 5"]);
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

    fn outline(text: &str) -> Vec<(usize, String)> {
        let doc = crate::doc::parse(text);
        doc.sections
            .iter()
            .map(|s| (s.level, s.heading.clone()))
            .collect()
    }

    #[test]
    fn markdown_levels_that_contradict_the_numbering_follow_the_numbering() {
        // As a converted local regulation has them: `###` chapters, `##` sections.
        let t = "# 某市条例\n\n## 第一章 总则\n\n第一条 目的。\n\n### 第二章 建设\n\n第二条 建设。\n\n\
                 ### 第三章 办理\n\n## 第一节 一般规定\n\n第三条 办理。\n\n## 第二节 现场办理\n\n\
                 第四条 现场。\n\n### 第四章 附则\n\n第五条 施行。\n";
        let levels: Vec<(usize, String)> = outline(t)
            .into_iter()
            .filter(|(_, h)| !h.contains('条'))
            .collect();
        assert_eq!(
            levels,
            [
                (1, "第一章 总则".into()),
                (1, "第二章 建设".into()),
                (1, "第三章 办理".into()),
                (2, "第一节 一般规定".into()),
                (2, "第二节 现场办理".into()),
                (1, "第四章 附则".into()),
            ]
        );
        // levels that agree with the numbering are kept
        let t = "# 方案\n\n## 一、目标\n\n正文。\n\n#### （一）任务\n\n正文。\n\n## 二、保障\n\n正文。\n";
        assert_eq!(
            outline(t),
            [
                (1, "一、目标".into()),
                (2, "（一）任务".into()),
                (1, "二、保障".into()),
            ]
        );
    }

    #[test]
    fn lines_stacked_before_one_run_are_no_part_headings() {
        // A law's header as a converted text prints it (LawRefBook's 科学技术档案工作条例): the
        // issuing bodies line by line, right before the first chapter.
        let t = "# 科学技术档案工作条例\n\n1980年12月9日 国务院批准\n\n1980年12月27日 国家经济委员会\n\n\
                 国家基本建设委员会\n\n国家科学技术委员会\n\n国家档案局发布\n\n发布之日施行\n\n\
                 <!-- INFO END -->\n\n## 第一章　总则\n\n第一条 为了建立、健全科学技术档案工作，制定本条例。\n\n\
                 ## 第二章　科技文件材料的形成和归档\n\n第五条 各单位应当建立、健全归档制度。\n";
        assert_eq!(
            outline(t),
            [
                (1, "第一章　总则".into()),
                (
                    2,
                    "第一条 为了建立、健全科学技术档案工作，制定本条例。".into()
                ),
                (1, "第二章　科技文件材料的形成和归档".into()),
                (2, "第五条 各单位应当建立、健全归档制度。".into()),
            ]
        );
        // and a law header's dated lines (`2012年6月1日 施行`) stay in its title block: only the
        // articles are headings
        let t = "# 某解释\n\n2012年2月27日 通过\n\n2012年3月29日 公告公布\n\n2012年6月1日 施行\n\n\
                 <!-- INFO END -->\n\n第一条 下列人员应当认定为知情人员。\n\n第二条 具有下列行为的人员。\n";
        assert_eq!(outline(t).len(), 2, "{:?}", outline(t));
    }

    #[test]
    fn unnumbered_parts_frame_runs_a_few_paragraphs_down_and_the_parts_beside_them_count() {
        // The shape of a provincial report (甘肃 2026): the review in paragraphs, the five-year
        // goals as `一是` points, the year's tasks as `（一）` sections a few paragraphs down.
        let p = "这是一段完整的正文，它在网页上占据一整行，不会被硬换行打断，所以比标题长得多。";
        let t = format!(
            "各位代表：\n{p}\n“十四五”时期工作回顾\n{p}\n{p}\n“十五五”时期的主要目标任务\n{p}\n{p}\n\
             一是发展水平明显提升。{p}\n二是创新能力明显提升。{p}\n2026年重点工作\n{p}\n{p}\n{p}\n\
             （一）扩大有效投资\n{p}\n（二）建设产业体系\n{p}\n各位代表！{p}\n"
        );
        assert_eq!(
            outline(&t),
            [
                (1, "“十四五”时期工作回顾".into()),
                (1, "“十五五”时期的主要目标任务".into()),
                (2, "一是发展水平明显提升。".into()),
                (2, "二是创新能力明显提升。".into()),
                (1, "2026年重点工作".into()),
                (2, "（一）扩大有效投资".into()),
                (2, "（二）建设产业体系".into()),
            ]
        );
    }

    #[test]
    fn items_of_a_list_are_no_headings_but_an_item_over_its_paragraph_is() {
        let md = "# Requirements\n\n## 4 Identity Assurance\n\nSuch attributes could include:\n\n\
                  1. Full name\n2. Date of birth\n3. Home address\n\nThis document also provides more.\n\n\
                  ## 5 Proofing\n\nText.\n";
        let doc = crate::doc::parse_markdown(md.to_string());
        let headings: Vec<&str> = doc.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["4 Identity Assurance", "5 Proofing"]);
        let md = "# 办法\n\n1. 目的和依据\n\n为了规范管理，制定本办法。\n\n2. 适用范围\n\n本办法适用于本市。\n";
        let doc = crate::doc::parse_markdown(md.to_string());
        let headings: Vec<&str> = doc.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["1. 目的和依据", "2. 适用范围"]);
    }

    #[test]
    fn the_part_after_the_last_framing_one_counts_too() {
        // A court report's shape: two reviewed parts with numbered sections, then the year's
        // plan in paragraphs only.
        let p = "这是一段完整的正文，它在网页上占据一整行，不会被硬换行打断，所以比标题长得多。";
        let q = "这是另一段完整的正文，说明今年的工作安排，同样占据一整行，也比标题长得多。";
        let t = format!(
            "各位代表：\n{p}\n2025年主要工作\n{p}\n一、服务大局\n{p}\n二、公正司法\n{p}\n\
             过去五年工作回顾\n{p}\n一、依法履职\n{p}\n二、从严治院\n{p}\n2026年工作安排\n{q}\n{p}\n{q}\n"
        );
        assert_eq!(
            outline(&t),
            [
                (1, "2025年主要工作".into()),
                (2, "一、服务大局".into()),
                (2, "二、公正司法".into()),
                (1, "过去五年工作回顾".into()),
                (2, "一、依法履职".into()),
                (2, "二、从严治院".into()),
                (1, "2026年工作安排".into()),
            ]
        );
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
