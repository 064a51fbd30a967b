//! The help overlay: every key binding of the keymap, grouped by action.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::cells::{fill, put_str};
use super::{Ctx, truncate};
use crate::app::{App, Overlay};
use crate::keymap::{Action, Keymap};
use crate::layout::{WrapOptions, str_width, wrap};

/// The help's lines: (keys, what they do); an empty `keys` marks a heading line.
#[must_use]
pub fn lines(app: &App) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let keymap = &app.config.keys;
    for action in Action::BINDABLE {
        let keys = keymap.keys_for(action);
        if keys.is_empty() || *action == Action::None {
            continue;
        }
        let names: Vec<String> = keys.iter().map(ToString::to_string).collect();
        out.push((names.join(", "), action.description().to_string()));
    }
    out.push((
        String::new(),
        "While finding a heading (s, or / in the outline)".to_string(),
    ));
    for (keys, what) in [
        ("text", "characters or pinyin initials (qsh → 强省会)"),
        ("up, down", "move"),
        ("enter", "jump to the heading"),
        ("backspace", "delete; on an empty filter, leave"),
        ("esc", "leave the filter"),
    ] {
        out.push((keys.to_string(), what.to_string()));
    }
    // The match and bookmark lists take their moves from the keymap.
    let list_moves = [Action::LineDown, Action::LineUp]
        .iter()
        .flat_map(|a| keymap.keys_for(a))
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let named = |action: Action| {
        keymap
            .keys_for(&action)
            .first()
            .map_or_else(|| "(unbound)".to_string(), ToString::to_string)
    };
    let (open, cancel) = (named(Action::Open), named(Action::Cancel));
    let bookmarks = keymap
        .keys_for(&Action::Bookmarks)
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" or ");
    let (bookmark, export) = (named(Action::Bookmark), named(Action::Export));
    let match_list_heading = format!("In the match list ({})", named(Action::SearchMatches));
    let bookmarks_heading =
        format!("Bookmarks ({bookmark} adds one, {bookmarks} lists them, {export} exports)");
    let list_open = format!("list: {open}");
    let fixed: [(&str, &[(&str, &str)]); 5] = [
        (
            "In the search box (/): matches light up as you type",
            &[
                (
                    "text",
                    "the pattern (folded: case, full-width forms, quotes)",
                ),
                ("enter", "keep the matches; n / N step through them"),
                ("esc", "back to where you were"),
                ("up, down", "earlier searches"),
                ("ctrl-n, ctrl-p", "next / previous match"),
                ("ctrl-r", "regular expression on/off"),
                ("ctrl-t", "traditional = simplified on/off"),
                ("tab", "list every match (S after enter)"),
            ],
        ),
        (
            match_list_heading.as_str(),
            &[
                (list_moves.as_str(), "move"),
                (open.as_str(), "jump to the match"),
                (cancel.as_str(), "close"),
            ],
        ),
        (
            bookmarks_heading.as_str(),
            &[
                (
                    bookmark.as_str(),
                    "the selected match if on screen, else the paragraph at the top",
                ),
                ("note: enter", "save the note; esc: no note"),
                (list_open.as_str(), "jump to the passage"),
                ("list: e", "edit the note"),
                ("list: d", "delete (y confirms, any other key keeps it)"),
                (
                    export.as_str(),
                    "write <title>-bookmarks.md in the current directory",
                ),
            ],
        ),
        (
            "Mouse: the wheel scrolls the pane under it; a click in the outline jumps",
            &[],
        ),
        (
            "Signs in the outline",
            &[(
                "!",
                "doubtful numbering here (a gap, a repeat, a restart): text may be lost; gangmu check lists them",
            )],
        ),
    ];
    for (heading, keys) in fixed {
        out.push((String::new(), heading.to_string()));
        for (key, what) in keys {
            out.push(((*key).to_string(), (*what).to_string()));
        }
    }
    out
}

/// Draws the help over the middle of the screen.
pub fn draw(ctx: &Ctx<'_>, buf: &mut Buffer) {
    let screen = ctx.app.screen().intersection(buf.area);
    if screen.width < 4 || screen.height < 3 {
        return;
    }
    let lines = lines(ctx.app);
    let key_width = lines
        .iter()
        .map(|(k, _)| str_width(k, ctx.ambiguous))
        .max()
        .unwrap_or(0)
        .min(24);
    let width = screen.width.saturating_sub(4).clamp(4, 76);
    let height = screen
        .height
        .saturating_sub(2)
        .min(u16::try_from(lines.len() + 3).unwrap_or(u16::MAX))
        .max(3);
    let area = Rect {
        x: screen.x + (screen.width - width) / 2,
        y: screen.y + (screen.height - height) / 2,
        width,
        height,
    };
    draw_box(ctx, buf, area);
    let inner = Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(2),
    };
    let title = help_title(ctx.keys());
    let title = truncate(&title, area.width.saturating_sub(4), ctx);
    put_str(
        buf,
        area.x + 2,
        area.y,
        inner.width,
        &title,
        ctx.styles.help_title,
        ctx.ambiguous,
    );

    let key_columns = u16::try_from(key_width).unwrap_or(0).min(inner.width / 3);
    let rows = rows(&lines, inner.width, key_columns, ctx);
    let visible = usize::from(inner.height);
    let scroll = match ctx.app.overlay {
        Overlay::Help(scroll) => scroll.0,
        _ => 0,
    };
    let scroll = scroll.min(rows.len().saturating_sub(visible));
    for (row, y) in rows.iter().skip(scroll).zip(inner.top()..inner.bottom()) {
        match row {
            Row::Heading(text) => {
                put_str(
                    buf,
                    inner.x,
                    y,
                    inner.width,
                    text,
                    ctx.styles.help_title,
                    ctx.ambiguous,
                );
            }
            Row::Binding { keys, what } => {
                if let Some(keys) = keys {
                    put_str(
                        buf,
                        inner.x,
                        y,
                        key_columns,
                        &truncate(keys, key_columns, ctx),
                        ctx.styles.help_key,
                        ctx.ambiguous,
                    );
                }
                let x = inner.x + key_columns + 2;
                let room = inner.right().saturating_sub(x);
                put_str(buf, x, y, room, what, ctx.styles.help, ctx.ambiguous);
            }
        }
    }
}

/// One screen row of the help.
enum Row<'a> {
    Heading(&'a str),
    /// The keys on the first row of a binding only; its description wrapped beside them.
    Binding {
        keys: Option<&'a str>,
        what: &'a str,
    },
}

/// The help's lines as screen rows: each description wrapped (with the Chinese line-breaking
/// rules) into the room beside the keys, each heading into the whole width, so that nothing is
/// cut on a narrow terminal; the overlay scrolls instead.
fn rows<'a>(
    lines: &'a [(String, String)],
    width: u16,
    key_columns: u16,
    ctx: &Ctx<'_>,
) -> Vec<Row<'a>> {
    let wrapped = |text: &'a str, columns: u16| {
        let opts = WrapOptions {
            ambiguous: ctx.ambiguous,
            ..WrapOptions::new(usize::from(columns.max(1)))
        };
        wrap(text, &opts)
            .into_iter()
            .map(move |line| text[line.start..line.end].trim_end())
    };
    let room = width.saturating_sub(key_columns + 2);
    let mut rows = Vec::with_capacity(lines.len() * 2);
    for (keys, what) in lines {
        if keys.is_empty() {
            rows.extend(wrapped(what, width).map(Row::Heading));
            continue;
        }
        for (i, part) in wrapped(what, room).enumerate() {
            rows.push(Row::Binding {
                keys: (i == 0).then_some(keys.as_str()),
                what: part,
            });
        }
    }
    rows
}

/// The help's title: how to scroll it and close it, with the keys bound to that.
fn help_title(keys: &Keymap) -> String {
    let scroll = match (
        keys.hint_key(&Action::LineDown),
        keys.hint_key(&Action::LineUp),
    ) {
        (Some(down), Some(up)) => format!(" · {down}/{up} scroll"),
        _ => String::new(),
    };
    let close = keys
        .hint(&Action::Cancel, "closes")
        .or_else(|| keys.hint(&Action::Help, "closes"))
        .map(|h| format!(" · {h}"))
        .unwrap_or_default();
    format!(" gangmu keys{scroll}{close} ")
}

pub(crate) fn draw_box(ctx: &Ctx<'_>, buf: &mut Buffer, area: Rect) {
    let g = &ctx.glyphs;
    let style = ctx.styles.help;
    for y in area.top()..area.bottom() {
        fill(buf, area.x, y, area.width, style);
    }
    let right = area.right() - 1;
    let bottom = area.bottom() - 1;
    for x in area.x + 1..right {
        put_str(buf, x, area.y, 1, g.horizontal, style, ctx.ambiguous);
        put_str(buf, x, bottom, 1, g.horizontal, style, ctx.ambiguous);
    }
    for y in area.y + 1..bottom {
        put_str(buf, area.x, y, 1, g.vertical, style, ctx.ambiguous);
        put_str(buf, right, y, 1, g.vertical, style, ctx.ambiguous);
    }
    put_str(buf, area.x, area.y, 1, g.corners[0], style, ctx.ambiguous);
    put_str(buf, right, area.y, 1, g.corners[1], style, ctx.ambiguous);
    put_str(buf, area.x, bottom, 1, g.corners[2], style, ctx.ambiguous);
    put_str(buf, right, bottom, 1, g.corners[3], style, ctx.ambiguous);
}
