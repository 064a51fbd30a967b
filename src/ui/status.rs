//! The status bar: the path of the section being read, the position, short hints.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::cells::{fill, put_after_cursor, put_str};
use super::{Ctx, truncate};
use crate::app::bookmarks::NoteEdit;
use crate::app::search::SearchPrompt;
use crate::app::text_input::TextInput;
use crate::app::{Mode, Overlay};
use crate::keymap::Action;
use crate::layout::str_width;

/// Headings in the status bar are not cut shorter than this many columns.
const SHORTEST: usize = 8;

pub fn draw(ctx: &Ctx<'_>, buf: &mut Buffer) {
    let app = ctx.app;
    let view = app.view();
    let area = view.panes().status;
    if area.width == 0 || area.height == 0 {
        return;
    }
    fill(buf, area.x, area.y, area.width, ctx.styles.status);
    match &app.overlay {
        Overlay::Search(prompt) => return draw_search_box(ctx, buf, area, prompt),
        Overlay::Note(note) => return draw_note_box(ctx, buf, area, note),
        _ => {}
    }

    let percent = if view.at_end() { 100 } else { view.percent() };
    let count = match_count(ctx)
        .map(|c| format!("{c}  "))
        .unwrap_or_default();
    let saving = if app.storage_problem().is_some() {
        "not saving  "
    } else {
        ""
    };
    let keys = ctx.keys();
    let right = match app.mode() {
        Mode::Help => format!(" {} ", keys.hints(&[(Action::Cancel, "close")])),
        // The filter's keys are its own, not the keymap's.
        Mode::Filter => " Enter jump · Esc cancel ".to_string(),
        Mode::Matches | Mode::Bookmarks => format!(
            " {} ",
            keys.hints(&[(Action::Open, "jump"), (Action::Cancel, "close")])
        ),
        Mode::Select => format!(
            " {} ",
            keys.hints(&[
                (Action::Copy, "copy"),
                (Action::Bookmark, "bookmark"),
                (Action::Cancel, "cancel"),
            ])
        ),
        Mode::Normal | Mode::Search | Mode::Note => {
            let help = ctx
                .hint(&Action::Help, "help")
                .map(|h| format!("  {h}"))
                .unwrap_or_default();
            // A number typed before a key shows until the key comes, as in vim.
            let pending = app
                .pending_count
                .map(|n| format!("{n}  "))
                .unwrap_or_default();
            format!(" {pending}{count}{saving}{percent:>3}%{help} ")
        }
    };
    let right_width = u16::try_from(str_width(&right, ctx.ambiguous)).unwrap_or(u16::MAX);
    // The hints give way first on a narrow screen.
    let (right, right_width) = if right_width + 8 <= area.width {
        (right, right_width)
    } else {
        let short = format!("{count}{percent}%");
        let w = u16::try_from(str_width(&short, ctx.ambiguous)).unwrap_or(u16::MAX);
        if w < area.width {
            (short, w)
        } else {
            (String::new(), 0)
        }
    };
    let left_room = area.width.saturating_sub(right_width).saturating_sub(1);

    let (left, style) = match (&app.message, &app.overlay) {
        (Some(message), _) => (truncate(message, left_room, ctx), ctx.styles.status_note),
        (None, Overlay::Filter(_)) => {
            let count = view.outline.rows().len();
            let text = format!("{count} found · type characters or pinyin initials");
            (truncate(&text, left_room, ctx), ctx.styles.status)
        }
        (None, Overlay::Help(_)) => (truncate("keys", left_room, ctx), ctx.styles.status),
        (None, Overlay::Matches(_)) => (
            truncate(count.trim_end(), left_room, ctx),
            ctx.styles.status,
        ),
        (None, Overlay::Bookmarks(picker)) if picker.confirm_delete => (
            truncate(
                "Delete this bookmark? y: delete · any other key: keep",
                left_room,
                ctx,
            ),
            ctx.styles.status_note,
        ),
        (None, Overlay::Bookmarks(_)) => {
            let export = ctx
                .hint(&Action::Export, "exports")
                .map(|h| format!(" · {h}"))
                .unwrap_or_default();
            let text = format!("e edits the note · d deletes{export}");
            (truncate(&text, left_room, ctx), ctx.styles.status)
        }
        (None, Overlay::Select(selection)) => {
            let chars = selection.passage().char_count(&view.doc);
            let moves = keys.hints(&[
                (Action::NextSentence, "sentence"),
                (Action::NextSibling, "paragraph"),
            ]);
            let text = format!("selected {chars} characters · {moves} · o other end");
            (truncate(&text, left_room, ctx), ctx.styles.status)
        }
        (None, Overlay::None | Overlay::Search(_) | Overlay::Note(_)) => {
            (section_path(ctx, left_room), ctx.styles.status)
        }
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

/// "3/17": the selected match and how many there are (`-/17` when none is selected; `3/17+`
/// while the search is still looking, the matches found so far counted).
fn match_count(ctx: &Ctx<'_>) -> Option<String> {
    let search = ctx.app.view().active_search()?;
    let total = search.hits.len();
    let more = if search.is_complete() { "" } else { "+" };
    Some(match search.current {
        Some(i) => format!("{}/{total}{more}", i + 1),
        None => format!("-/{total}{more}"),
    })
}

/// The search box: `/pattern`, a cursor, and on the right the count (or why the pattern cannot
/// be used) and the options in force.
fn draw_search_box(ctx: &Ctx<'_>, buf: &mut Buffer, area: Rect, prompt: &SearchPrompt) {
    let options = ctx.app.view().search_options();
    let mut flags = String::new();
    if options.regex {
        flags.push_str("  regex");
    }
    if options.fold_variants {
        flags.push_str("  繁=简");
    }
    let (status, style) = if let Some(error) = &prompt.error {
        (error.clone(), ctx.styles.error.patch(ctx.styles.status))
    } else if prompt.input.is_empty() {
        (
            "Up: history · ctrl-r regex · ctrl-t 繁=简".to_string(),
            ctx.styles.status,
        )
    } else {
        match match_count(ctx) {
            Some(count) if count.ends_with("/0") => {
                ("no match".to_string(), ctx.styles.status_note)
            }
            Some(count) => (count, ctx.styles.status),
            None => (String::new(), ctx.styles.status),
        }
    };
    let right = format!(" {status}{flags} ");
    draw_input(ctx, buf, area, "/", &prompt.input, (&right, style));
}

/// The note of a bookmark being typed.
fn draw_note_box(ctx: &Ctx<'_>, buf: &mut Buffer, area: Rect, note: &NoteEdit) {
    let hint = if note.new {
        " Enter save · Esc no note "
    } else {
        " Enter save · Esc keep as it was "
    };
    draw_input(
        ctx,
        buf,
        area,
        "Note: ",
        &note.input,
        (hint, ctx.styles.status),
    );
}

/// A one-line text box: `label`, the end of the text before the cursor that fits, the cursor
/// and what follows it; `right` at the right end, given at most two thirds of the row.
fn draw_input(
    ctx: &Ctx<'_>,
    buf: &mut Buffer,
    area: Rect,
    label: &str,
    input: &TextInput,
    (right, right_style): (&str, ratatui::style::Style),
) {
    let right_room = area.width.saturating_mul(2) / 3;
    let right = truncate(right, right_room, ctx);
    let right_width = u16::try_from(str_width(&right, ctx.ambiguous)).unwrap_or(u16::MAX);
    put_str(
        buf,
        area.right().saturating_sub(right_width),
        area.y,
        right_width,
        &right,
        right_style,
        ctx.ambiguous,
    );
    let left_room = area.width.saturating_sub(right_width);
    let x = area.x;
    let used = put_str(
        buf,
        x,
        area.y,
        left_room,
        label,
        ctx.styles.filter,
        ctx.ambiguous,
    );
    // Keep the cursor, and what was typed just before it, in view, with a column for the
    // cursor.
    let (before, after) = input.text().split_at(input.cursor());
    let room = left_room.saturating_sub(used + 1);
    let shown = tail_to_fit(before, room, ctx);
    let text_style = ctx.styles.filter.patch(ctx.styles.status);
    let typed = put_str(
        buf,
        x + used,
        area.y,
        room,
        shown,
        text_style,
        ctx.ambiguous,
    );
    if used + typed < left_room {
        // The bar is reversed: a cursor in normal video stands out of it.
        put_after_cursor(
            buf,
            (x + used + typed, area.y, left_room - used - typed),
            after,
            (text_style, ctx.styles.body),
            ctx.ambiguous,
        );
    }
}

/// The end of `text` that fits in `columns`.
fn tail_to_fit<'t>(text: &'t str, columns: u16, ctx: &Ctx<'_>) -> &'t str {
    let mut start = 0;
    while start < text.len() && str_width(&text[start..], ctx.ambiguous) > usize::from(columns) {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    &text[start..]
}

/// The headings above the top line, outermost first, shortened to `columns`: each heading is cut
/// to the same width until the whole fits; if even that fails, the outer ones give way to `…`.
fn section_path(ctx: &Ctx<'_>, columns: u16) -> String {
    let view = ctx.app.view();
    let headings: Vec<&str> = match view.section_being_read() {
        Some(section) => view
            .doc
            .section_chain(section)
            .into_iter()
            .filter_map(|i| view.doc.sections.get(i).map(|s| s.heading.as_str()))
            .collect(),
        None => {
            // Before the first heading: the document's title, or what was opened.
            return truncate(
                view.doc.meta.title.as_deref().unwrap_or(&view.name),
                columns,
                ctx,
            );
        }
    };
    fit_path(ctx, &headings, columns)
}

/// Headings (outermost first) joined by the path separator and shortened to `columns`: each
/// heading is cut to the same width until the whole fits; if even that fails, the outer ones
/// give way to `…`.
pub(crate) fn fit_path(ctx: &Ctx<'_>, headings: &[&str], columns: u16) -> String {
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
