//! The outline pane: the filter's input (while filtering) and the visible rows of the tree.

use ratatui::buffer::Buffer;

use super::Ctx;
use super::cells::{fill, put_str};
use super::truncate;
use crate::app::{Focus, Overlay};

/// Draws the outline pane and the separator beside it. Only the rows on screen are touched.
pub fn draw(ctx: &Ctx<'_>, buf: &mut Buffer) {
    let app = ctx.app;
    let view = app.view();
    let panes = view.panes();
    let area = panes.outline;
    if area.width == 0 || area.height == 0 {
        return;
    }
    let separator_style = if view.focus == Focus::Outline {
        ctx.styles.separator_focused
    } else {
        ctx.styles.separator
    };
    for y in panes.separator.top()..panes.separator.bottom() {
        put_str(
            buf,
            panes.separator.x,
            y,
            panes.separator.width,
            ctx.glyphs.vertical,
            separator_style,
            ctx.ambiguous,
        );
    }

    let mut list_top = area.y;
    if let Some(filter) = view.outline.filter() {
        let (text, cursor) = match &app.overlay {
            Overlay::Filter(input) => (input.text(), Some(input.cursor())),
            _ => (filter.text.as_str(), None),
        };
        let cursor_at = cursor.unwrap_or(text.len()).min(text.len());
        let prompt = format!("/{}", &text[..cursor_at]);
        // Keep the cursor, and what was typed just before it, in view.
        let shown = tail_to_fit(&prompt, area.width.saturating_sub(1), ctx);
        let used = put_str(
            buf,
            area.x,
            area.y,
            area.width,
            shown,
            ctx.styles.filter,
            ctx.ambiguous,
        );
        if cursor.is_some() && used < area.width {
            super::cells::put_after_cursor(
                buf,
                (area.x + used, area.y, area.width - used),
                &text[cursor_at..],
                (ctx.styles.filter, ctx.styles.filter_cursor),
                ctx.ambiguous,
            );
        }
        list_top += 1;
    }
    let height = usize::from(area.bottom().saturating_sub(list_top));
    let rows = view.outline.rows();
    if rows.is_empty() && view.outline.filter().is_some() {
        put_str(
            buf,
            area.x,
            list_top,
            area.width,
            "(no match)",
            ctx.styles.dim,
            ctx.ambiguous,
        );
        return;
    }
    let current = view.current_outline_row();
    let focused = view.focus == Focus::Outline;
    let offset = view.outline.offset();
    for (index, y) in (offset..rows.len().min(offset + height)).zip(list_top..) {
        let Some(section) = view.doc.sections.get(rows[index]) else {
            continue;
        };
        let is_cursor = focused && index == view.outline.cursor();
        let style = if is_cursor {
            ctx.styles.outline_cursor
        } else if current == Some(index) {
            if focused {
                ctx.styles.outline_current
            } else {
                ctx.styles.outline_cursor
            }
        } else {
            ctx.styles.outline
        };
        fill(buf, area.x, y, area.width, style);
        // Two columns a level, but never more than a third of the pane.
        let indent = (2 * section.level.saturating_sub(1)).min(usize::from(area.width / 3));
        let mut x = area.x + u16::try_from(indent).unwrap_or(0);
        let marker = if section.children.is_empty() || view.outline.filter().is_some() {
            " "
        } else if view.outline.is_collapsed(rows[index]) {
            ctx.glyphs.collapsed
        } else {
            ctx.glyphs.expanded
        };
        let marker_style = if is_cursor || current == Some(index) {
            style
        } else {
            ctx.styles.outline_marker
        };
        x += put_str(
            buf,
            x,
            y,
            area.right().saturating_sub(x),
            marker,
            marker_style,
            ctx.ambiguous,
        );
        // A heading whose numbering looks wrong carries a sign at the end of its row.
        let doubtful = view.doc.warning_at(section.block).is_some();
        let sign_room = if doubtful && area.width >= 8 { 2 } else { 0 };
        let room = area.right().saturating_sub(x).saturating_sub(sign_room);
        let heading = truncate(&section.heading, room, ctx);
        put_str(buf, x, y, room, &heading, style, ctx.ambiguous);
        if sign_room > 0 {
            let sign_style = if is_cursor { style } else { ctx.styles.warning };
            put_str(buf, area.right() - 1, y, 1, "!", sign_style, ctx.ambiguous);
        }
    }
}

/// The end of `text` that fits in `columns`.
fn tail_to_fit<'t>(text: &'t str, columns: u16, ctx: &Ctx<'_>) -> &'t str {
    let mut start = 0;
    while start < text.len()
        && crate::layout::str_width(&text[start..], ctx.ambiguous) > usize::from(columns)
    {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    &text[start..]
}
