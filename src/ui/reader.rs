//! The reading pane: the rows the app has laid out, drawn cell by cell.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::Ctx;
use super::cells::put_str;
use crate::doc::{Block, BlockKind};
use crate::layout::WrappedLine;

/// Draws the rows of [`crate::app::App::view`] into the text column.
pub fn draw(ctx: &Ctx<'_>, buf: &mut Buffer) {
    let app = ctx.app;
    let text_area = app.panes().text;
    if text_area.width == 0 || text_area.height == 0 {
        return;
    }
    if app.doc.blocks.is_empty() {
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
    for (row, y) in app.view().iter().zip(text_area.top()..text_area.bottom()) {
        let (Some(line), Some(block)) = (row.line, app.doc.blocks.get(row.pos.block)) else {
            continue;
        };
        draw_line(ctx, buf, block, &line, y);
    }
}

fn draw_line(ctx: &Ctx<'_>, buf: &mut Buffer, block: &Block, line: &WrappedLine, y: u16) {
    let area = ctx.app.panes().text;
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
    let room = area.right().saturating_sub(x);
    let style = block_style(ctx, block);
    // A run-in heading is bold up to its end, which may fall on any line of the paragraph.
    let bold_end = block
        .run_in
        .filter(|_| block.kind == BlockKind::Paragraph)
        .map_or(line.start, |end| {
            end.clamp(line.start, line.start + text.len())
        });
    let split = bold_end - line.start;
    // Never trust an offset enough to panic on it.
    let split = if text.is_char_boundary(split) {
        split
    } else {
        0
    };
    let (head, rest) = text.split_at(split);
    let used = put_str(buf, x, y, room, head, ctx.styles.run_in, ctx.ambiguous);
    put_str(buf, x + used, y, room - used, rest, style, ctx.ambiguous);
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
                .and_then(|s| ctx.app.doc.sections.get(s))
                .map_or(1, |s| s.level);
            styles.heading[level.clamp(1, 3) - 1]
        }
        BlockKind::Paragraph => styles.body,
    }
}
