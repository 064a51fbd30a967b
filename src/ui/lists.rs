//! The list overlays: every match of the search grouped by section, and the bookmarks. Only the
//! rows on screen are drawn, so a search with a hundred thousand matches costs no more.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::cells::{fill, put_str};
use super::help::draw_box;
use super::status::fit_path;
use super::{Ctx, truncate};
use crate::app::Overlay;
use crate::app::bookmarks::ROWS_PER_BOOKMARK;
use crate::app::search::MatchRow;
use crate::doc::Document;
use crate::keymap::{Action, Keymap};
use crate::layout::str_width;
use crate::text::width::char_width;

/// Draws the frame, its title (top border) and footer (bottom border); returns the inside.
fn frame(ctx: &Ctx<'_>, buf: &mut Buffer, title: &str, footer: &str) -> Option<Rect> {
    let area = ctx.app.list_overlay().intersection(buf.area);
    if area.width < 4 || area.height < 3 {
        return None;
    }
    draw_box(ctx, buf, area);
    let room = area.width.saturating_sub(4);
    for (text, y) in [(title, area.y), (footer, area.bottom() - 1)] {
        put_str(
            buf,
            area.x + 2,
            y,
            room,
            &truncate(text, room, ctx),
            ctx.styles.help_title,
            ctx.ambiguous,
        );
    }
    Some(Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width - 2,
        height: area.height - 2,
    })
}

/// A list's footer: `first` hints, the list's own `j/k move`, then `last` hints, each left out
/// when its action has no key.
fn footer(keys: &Keymap, first: &[(Action, &str)], last: &[(Action, &str)]) -> String {
    let moves = match (
        keys.hint_key(&Action::LineDown),
        keys.hint_key(&Action::LineUp),
    ) {
        (Some(down), Some(up)) => Some(format!("{down}/{up} move")),
        _ => None,
    };
    let parts: Vec<String> = first
        .iter()
        .filter_map(|(a, what)| keys.hint(a, what))
        .chain(moves)
        .chain(last.iter().filter_map(|(a, what)| keys.hint(a, what)))
        .collect();
    format!(" {} ", parts.join(" · "))
}

/// The headings above `section`, outermost first.
fn headings(doc: &Document, section: usize) -> Vec<&str> {
    doc.section_chain(section)
        .into_iter()
        .filter_map(|i| doc.sections.get(i).map(|s| s.heading.as_str()))
        .collect()
}

/// What stands for the section path of a passage before the first heading.
const NO_SECTION: &str = "(before the first heading)";

/// The list of every match, grouped by section.
pub fn draw_matches(ctx: &Ctx<'_>, buf: &mut Buffer) {
    let view = ctx.app.view();
    let (Overlay::Matches(list), Some(search)) = (&ctx.app.overlay, view.active_search()) else {
        return;
    };
    let count = search.hits.len();
    let title = format!(
        " {count} match{} for “{}” ",
        if count == 1 { "" } else { "es" },
        search.pattern
    );
    let footer = footer(
        ctx.keys(),
        &[(Action::Open, "jump")],
        &[(Action::Cancel, "close")],
    );
    let Some(inner) = frame(ctx, buf, &title, &footer) else {
        return;
    };
    for (index, y) in (list.offset..list.rows.len()).zip(inner.top()..inner.bottom()) {
        match list.rows[index] {
            MatchRow::Section(section) => {
                let room = inner.width.saturating_sub(2);
                let path = match section {
                    Some(s) => fit_path(ctx, &headings(&view.doc, s), room),
                    None => truncate(NO_SECTION, room, ctx),
                };
                put_str(
                    buf,
                    inner.x + 1,
                    y,
                    room,
                    &path,
                    ctx.styles.list_heading,
                    ctx.ambiguous,
                );
            }
            MatchRow::Hit(i) => {
                let selected = index == list.selected;
                let Some(hit) = search.hits.get(i) else {
                    continue;
                };
                let Some(block) = view.doc.blocks.get(hit.block) else {
                    continue;
                };
                let (base, highlight) = if selected {
                    fill(buf, inner.x, y, inner.width, ctx.styles.list_selected);
                    (ctx.styles.list_selected, ctx.styles.search_current)
                } else {
                    (ctx.styles.body, ctx.styles.search_match)
                };
                let x = inner.x + 3.min(inner.width);
                let room = inner.right().saturating_sub(x + 1);
                draw_in_context(
                    ctx,
                    buf,
                    (x, y, room),
                    &block.text,
                    (hit.start, hit.end),
                    (base, highlight),
                );
            }
        }
    }
}

/// Draws `text[start..end]` with some of the text on each side, in `room` columns: about a
/// third of the room for what comes before, `…` where the text is cut.
fn draw_in_context(
    ctx: &Ctx<'_>,
    buf: &mut Buffer,
    (x, y, room): (u16, u16, u16),
    text: &str,
    (start, end): (usize, usize),
    (base, highlight): (Style, Style),
) {
    let (Some(before), Some(found), Some(after)) =
        (text.get(..start), text.get(start..end), text.get(end..))
    else {
        return;
    };
    let ellipsis = ctx.glyphs.ellipsis;
    let ellipsis_width = str_width(ellipsis, ctx.ambiguous);
    let found_width = str_width(found, ctx.ambiguous);
    // Leave the match at least its own width (or the whole room), the context the rest.
    let lead_room = (usize::from(room).saturating_sub(found_width) / 3)
        .min(usize::from(room) / 3)
        .saturating_sub(ellipsis_width);
    // The end of `before` that fits in `lead_room` columns (one pass from the end).
    let mut lead_start = before.len();
    let mut used = 0;
    for (at, c) in before.char_indices().rev() {
        let w = char_width(c, ctx.ambiguous);
        if used + w > lead_room {
            break;
        }
        used += w;
        lead_start = at;
    }
    let mut col = x;
    let end_col = x.saturating_add(room);
    if lead_start > 0 {
        col += put_str(buf, col, y, end_col - col, ellipsis, base, ctx.ambiguous);
    }
    col += put_str(
        buf,
        col,
        y,
        end_col - col,
        &before[lead_start..],
        base,
        ctx.ambiguous,
    );
    let found_room = end_col.saturating_sub(col);
    col += put_str(
        buf,
        col,
        y,
        found_room,
        &truncate(found, found_room, ctx),
        highlight,
        ctx.ambiguous,
    );
    let rest_room = end_col.saturating_sub(col);
    put_str(
        buf,
        col,
        y,
        rest_room,
        &truncate(after, rest_room, ctx),
        base,
        ctx.ambiguous,
    );
}

/// The list of bookmarks: for each, its section, its quote and its note.
pub fn draw_bookmarks(ctx: &Ctx<'_>, buf: &mut Buffer) {
    let bookmarks = ctx.app.view().bookmarks();
    let Overlay::Bookmarks(picker) = &ctx.app.overlay else {
        return;
    };
    let title = format!(" Bookmarks ({}) ", bookmarks.len());
    let footer = if picker.confirm_delete {
        " Delete this bookmark? y: delete · any other key: keep ".to_string()
    } else {
        // e and d are the list's own keys; the others come from the keymap.
        let keys = ctx.keys();
        let export = keys.hint(&Action::Export, "export");
        let mut middle = vec!["e note".to_string(), "d delete".to_string()];
        middle.extend(export);
        let jump = keys.hint(&Action::Open, "jump");
        let close = keys.hint(&Action::Cancel, "close");
        let parts: Vec<String> = jump.into_iter().chain(middle).chain(close).collect();
        format!(" {} ", parts.join(" · "))
    };
    let Some(inner) = frame(ctx, buf, &title, &footer) else {
        return;
    };
    if bookmarks.is_empty() {
        let text = match ctx.keys().hint_key(&Action::Bookmark) {
            Some(key) => {
                format!("No bookmarks yet: {key} bookmarks the passage at the top of the text.")
            }
            None => "No bookmarks yet.".to_string(),
        };
        put_str(
            buf,
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(1),
            &truncate(&text, inner.width.saturating_sub(1), ctx),
            ctx.styles.dim,
            ctx.ambiguous,
        );
        return;
    }
    let visible = (usize::from(inner.height) / ROWS_PER_BOOKMARK).max(1);
    let mut y = inner.y;
    let shown = (picker.offset..bookmarks.len()).filter_map(|i| Some((i, bookmarks.row(i)?)));
    for (index, item) in shown.take(visible) {
        let selected = index == picker.selected;
        let orphan = item.orphaned;
        let rows = u16::try_from(ROWS_PER_BOOKMARK)
            .unwrap_or(1)
            .min(inner.bottom().saturating_sub(y));
        if selected {
            for row in y..y + rows {
                fill(buf, inner.x, row, inner.width, ctx.styles.list_selected);
            }
        }
        let pick = |style: Style| {
            if selected {
                ctx.styles.list_selected
            } else if orphan {
                ctx.styles.orphan
            } else {
                style
            }
        };
        let label = if orphan {
            "(not found in this text) "
        } else {
            ""
        };
        let room = inner
            .width
            .saturating_sub(2)
            .saturating_sub(u16::try_from(str_width(label, ctx.ambiguous)).unwrap_or(0));
        let section = if item.section.is_empty() {
            NO_SECTION.to_string()
        } else {
            let parts: Vec<&str> = item.section.iter().map(String::as_str).collect();
            fit_path(ctx, &parts, room)
        };
        let heading = format!("{label}{section}");
        let quote = format!("“{}”", item.quote.replace('\n', " / "));
        let note = item
            .note
            .map(|n| format!("Note: {}", n.replace('\n', " / ")));
        let lines = [
            (1, heading, pick(ctx.styles.list_heading)),
            (3, quote, pick(ctx.styles.body)),
            (3, note.unwrap_or_default(), pick(ctx.styles.note)),
        ];
        for ((indent, text, style), row) in lines.into_iter().zip(y..y + rows) {
            let x = inner.x + indent.min(inner.width);
            let room = inner.right().saturating_sub(x + 1);
            put_str(
                buf,
                x,
                row,
                room,
                &truncate(&text, room, ctx),
                style,
                ctx.ambiguous,
            );
        }
        y += rows;
    }
}
