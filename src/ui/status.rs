//! The status bar: the section path of the top line, the position, short hints.

use ratatui::buffer::Buffer;

use super::cells::{fill, put_str};
use super::{Ctx, truncate};
use crate::app::Mode;
use crate::layout::str_width;

/// Headings in the status bar are not cut shorter than this many columns.
const SHORTEST: usize = 8;

pub fn draw(ctx: &Ctx<'_>, buf: &mut Buffer) {
    let app = ctx.app;
    let area = app.panes().status;
    if area.width == 0 || area.height == 0 {
        return;
    }
    fill(buf, area.x, area.y, area.width, ctx.styles.status);

    let percent = if app.at_end() { 100 } else { app.percent() };
    let right = match app.mode {
        Mode::Help => " Esc close ".to_string(),
        Mode::Filter => " Enter jump · Esc cancel ".to_string(),
        Mode::Normal => format!(" {percent:>3}%  ? help "),
    };
    let right_width = u16::try_from(str_width(&right, ctx.ambiguous)).unwrap_or(u16::MAX);
    // The hints give way first on a narrow screen.
    let (right, right_width) = if right_width + 8 <= area.width {
        (right, right_width)
    } else {
        let short = format!("{percent}%");
        let w = u16::try_from(str_width(&short, ctx.ambiguous)).unwrap_or(u16::MAX);
        if w < area.width {
            (short, w)
        } else {
            (String::new(), 0)
        }
    };
    let left_room = area.width.saturating_sub(right_width).saturating_sub(1);

    let (left, style) = match (&app.message, app.mode) {
        (Some(message), _) => (truncate(message, left_room, ctx), ctx.styles.status_note),
        (None, Mode::Filter) => {
            let count = app.outline.rows().len();
            let text = format!("{count} found · type characters or pinyin initials");
            (truncate(&text, left_room, ctx), ctx.styles.status)
        }
        (None, Mode::Help) => (truncate("keys", left_room, ctx), ctx.styles.status),
        (None, Mode::Normal) => (section_path(ctx, left_room), ctx.styles.status),
    };
    put_str(
        buf,
        area.x + 1.min(area.width),
        area.y,
        left_room,
        &left,
        style,
        ctx.ambiguous,
    );
    put_str(
        buf,
        area.right() - right_width,
        area.y,
        right_width,
        &right,
        ctx.styles.status,
        ctx.ambiguous,
    );
}

/// The headings above the top line, outermost first, shortened to `columns`: each heading is cut
/// to the same width until the whole fits; if even that fails, the outer ones give way to `…`.
fn section_path(ctx: &Ctx<'_>, columns: u16) -> String {
    let app = ctx.app;
    let headings: Vec<&str> = match app.current_section() {
        Some(section) => app
            .doc
            .section_chain(section)
            .into_iter()
            .filter_map(|i| app.doc.sections.get(i).map(|s| s.heading.as_str()))
            .collect(),
        None => {
            // Before the first heading: the document's title, or what was opened.
            return truncate(
                app.doc.meta.title.as_deref().unwrap_or(&app.name),
                columns,
                ctx,
            );
        }
    };
    let separator = ctx.glyphs.path_separator;
    let fits =
        |parts: &[String]| str_width(&parts.join(separator), ctx.ambiguous) <= usize::from(columns);
    let full: Vec<String> = headings.iter().map(|h| (*h).to_string()).collect();
    if fits(&full) {
        return full.join(separator);
    }
    let widest = headings
        .iter()
        .map(|h| str_width(h, ctx.ambiguous))
        .max()
        .unwrap_or(0);
    // Cut every heading to the same `limit` columns: the widest limit that fits, found by
    // bisection (fitting only gets easier as the limit falls), but not below a few characters,
    // which would tell nothing.
    let cut_to = |limit: usize| -> Vec<String> {
        let limit = u16::try_from(limit).unwrap_or(u16::MAX);
        headings.iter().map(|h| truncate(h, limit, ctx)).collect()
    };
    if widest > SHORTEST && fits(&cut_to(SHORTEST)) {
        let (mut fitting, mut too_wide) = (SHORTEST, widest);
        while too_wide - fitting > 1 {
            let mid = fitting + (too_wide - fitting) / 2;
            if fits(&cut_to(mid)) {
                fitting = mid;
            } else {
                too_wide = mid;
            }
        }
        return cut_to(fitting).join(separator);
    }
    // Keep the innermost headings that fit, with `…` for the rest.
    let mut kept: Vec<String> = Vec::new();
    for heading in headings.iter().rev() {
        let mut candidate = vec![ctx.glyphs.ellipsis.to_string()];
        candidate.push(truncate(heading, 8, ctx));
        candidate.extend(kept.iter().cloned());
        if !fits(&candidate) {
            break;
        }
        kept.insert(0, truncate(heading, 8, ctx));
    }
    if kept.is_empty() {
        return truncate(headings.last().copied().unwrap_or(""), columns, ctx);
    }
    let mut parts = Vec::with_capacity(kept.len() + 1);
    if kept.len() < headings.len() {
        parts.push(ctx.glyphs.ellipsis.to_string());
    }
    parts.extend(kept);
    parts.join(separator)
}
