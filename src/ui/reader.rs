//! The reading pane: the rows the app has laid out, drawn cell by cell.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::Ctx;
use super::cells::put_str;
use crate::app::Overlay;
use crate::doc::{Block, BlockKind};
use crate::layout::WrappedLine;

/// Draws the rows of [`crate::app::DocView::rows`] into the text column.
pub fn draw(ctx: &Ctx<'_>, buf: &mut Buffer) {
    let view = ctx.app.view();
    let text_area = view.panes().text;
    if text_area.width == 0 || text_area.height == 0 {
        return;
    }
    if view.doc.blocks.is_empty() {
        put_str(
            buf,
            text_area.x,
            text_area.y,
            text_area.width,
            "(empty document)",
            ctx.styles.dim,
            ctx.ambiguous,
        );
        return;
    }
    // The margin column left of the text, for the bookmark marks (none when the pane is too
    // narrow to have a margin).
    let margin = (text_area.x > view.panes().reader.x).then(|| text_area.x - 1);
    for (row, y) in view.rows().iter().zip(text_area.top()..text_area.bottom()) {
        let (Some(line), Some(block)) = (row.line, view.doc.blocks.get(row.pos.block)) else {
            continue;
        };
        draw_line(ctx, buf, row.pos.block, block, &line, y);
        if let Some(x) = margin
            && view.is_bookmarked(row.pos.block, line.start, line.end)
        {
            put_str(
                buf,
                x,
                y,
                1,
                ctx.glyphs.bookmark,
                ctx.styles.bookmark_mark,
                ctx.ambiguous,
            );
        }
    }
}

/// A run of a line's text and how it is drawn.
struct Span {
    /// Bytes of the line's (trimmed) text.
    start: usize,
    end: usize,
    style: Style,
}

fn draw_line(
    ctx: &Ctx<'_>,
    buf: &mut Buffer,
    block_index: usize,
    block: &Block,
    line: &WrappedLine,
    y: u16,
) {
    let area = ctx.app.view().panes().text;
    let text = block
        .text
        .get(line.start..line.end)
        .unwrap_or("")
        .trim_end();
    let width = u16::try_from(line.width).unwrap_or(u16::MAX);
    let x = if block.kind.is_title_block() {
        // Centred; an odd leftover column goes to the right.
        area.x + area.width.saturating_sub(width) / 2
    } else {
        area.x
            .saturating_add(u16::try_from(line.indent).unwrap_or(u16::MAX))
            .min(area.right())
    };
    // A bulleted item's bullet stands in the indent of its first line.
    if block.kind == BlockKind::ListItem && line.start == 0 && line.indent >= 2 {
        put_str(buf, area.x, y, 2, "・", ctx.styles.body, ctx.ambiguous);
    }
    let room = area.right().saturating_sub(x);
    let mut used = 0;
    for span in spans(ctx, block_index, block, line.start, text) {
        // Never trust an offset enough to panic on it.
        let Some(piece) = text.get(span.start..span.end) else {
            continue;
        };
        used += put_str(
            buf,
            x + used,
            y,
            room - used,
            piece,
            span.style,
            ctx.ambiguous,
        );
    }
}

/// The line's text cut into runs of one style: a run-in heading is bold up to its end (which
/// may fall on any line of the paragraph), and search matches are highlighted over it.
fn spans(
    ctx: &Ctx<'_>,
    block_index: usize,
    block: &Block,
    line_start: usize,
    text: &str,
) -> Vec<Span> {
    let base = block_style(ctx, block);
    let bold_end = block
        .run_in
        .filter(|_| matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem))
        .map_or(0, |end| end.saturating_sub(line_start).min(text.len()));
    // The style of a byte of the line, before highlighting.
    let plain = |at: usize| {
        if at < bold_end {
            ctx.styles.run_in
        } else {
            base
        }
    };
    let mut cuts: Vec<(usize, usize, Style)> = Vec::new();
    if let Some(search) = ctx.app.view().active_search() {
        let current = search.current_hit().copied();
        let line_end = line_start + text.len();
        for hit in search.hits.in_block(block_index) {
            if hit.end <= line_start || hit.start >= line_end {
                continue;
            }
            let style = if Some(*hit) == current {
                ctx.styles.search_current
            } else {
                ctx.styles.search_match
            };
            cuts.push((
                hit.start.max(line_start) - line_start,
                hit.end.min(line_end) - line_start,
                style,
            ));
        }
    }
    let mut out = Vec::with_capacity(2 * cuts.len() + 2);
    let push_plain = |from: usize, to: usize, out: &mut Vec<Span>| {
        // Split at the end of the run-in heading.
        let split = bold_end.clamp(from, to);
        for (start, end) in [(from, split), (split, to)] {
            if start < end {
                out.push(Span {
                    start,
                    end,
                    style: plain(start),
                });
            }
        }
    };
    let mut at = 0;
    for (start, end, style) in cuts {
        push_plain(at, start.max(at), &mut out);
        let start = start.max(at);
        if start < end {
            out.push(Span {
                start,
                end,
                style: plain(start).patch(style),
            });
        }
        at = end.max(at);
    }
    push_plain(at, text.len(), &mut out);
    if let Some((start, end)) = selected_bytes(ctx, block_index, line_start, text.len()) {
        out = over_selection(out, start, end, ctx.styles.selection);
    }
    out
}

/// The part of a line (bytes of its trimmed text) that the selection covers, if any.
fn selected_bytes(
    ctx: &Ctx<'_>,
    block_index: usize,
    line_start: usize,
    line_len: usize,
) -> Option<(usize, usize)> {
    let Overlay::Select(selection) = &ctx.app.overlay else {
        return None;
    };
    let bytes = selection
        .passage()
        .bytes_in_block(&ctx.app.view().doc, block_index)?;
    let start = bytes.start.clamp(line_start, line_start + line_len) - line_start;
    let end = bytes.end.clamp(line_start, line_start + line_len) - line_start;
    (start < end).then_some((start, end))
}

/// `spans` with `start..end` drawn in `style` over whatever they were, split where needed.
fn over_selection(spans: Vec<Span>, start: usize, end: usize, style: Style) -> Vec<Span> {
    let mut out = Vec::with_capacity(spans.len() + 2);
    for span in spans {
        let cuts = [
            (span.start, start.clamp(span.start, span.end), false),
            (
                start.clamp(span.start, span.end),
                end.clamp(span.start, span.end),
                true,
            ),
            (end.clamp(span.start, span.end), span.end, false),
        ];
        for (from, to, selected) in cuts {
            if from < to {
                out.push(Span {
                    start: from,
                    end: to,
                    style: if selected {
                        span.style.patch(style)
                    } else {
                        span.style
                    },
                });
            }
        }
    }
    out
}

fn block_style(ctx: &Ctx<'_>, block: &Block) -> Style {
    let styles = &ctx.styles;
    match block.kind {
        BlockKind::Title => styles.title,
        BlockKind::Subtitle => styles.subtitle,
        BlockKind::Date | BlockKind::Author => styles.meta,
        BlockKind::Heading => {
            let level = block
                .section
                .and_then(|s| ctx.app.view().doc.sections.get(s))
                .map_or(1, |s| s.level);
            styles.heading[level.clamp(1, 3) - 1]
        }
        BlockKind::Paragraph | BlockKind::Preformatted | BlockKind::ListItem => styles.body,
    }
}
