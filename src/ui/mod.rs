//! Drawing the reader with ratatui. Everything here only reads the [`App`].
//!
//! Text is never handed to ratatui's `Paragraph`: the app lays out its own lines (with the CJK
//! line-breaking rules) and [`cells::put_str`] writes them grapheme by grapheme, measured by
//! `text::width`, so ambiguous-width characters line up in narrow and wide terminals alike.

pub mod cells;
pub mod help;
pub mod lists;
pub mod outline;
pub mod reader;
pub mod status;
pub mod theme;

use anyhow::{Context, Result};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::app::{App, Mode};
use crate::keymap::{Action, Keymap};
use crate::layout::AmbiguousWidth;
use crate::text::width::grapheme_width;
use theme::{Glyphs, Styles};

/// What every part of the drawing needs.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub styles: Styles,
    pub glyphs: Glyphs,
    pub ambiguous: AmbiguousWidth,
}

/// Draws the whole screen into `buf` (whose area should be the app's screen).
pub fn draw(app: &App, buf: &mut Buffer) {
    let ctx = Ctx {
        app,
        styles: Styles::new(app.theme),
        glyphs: Glyphs::new(app.ambiguous()),
        ambiguous: app.ambiguous(),
    };
    outline::draw(&ctx, buf);
    reader::draw(&ctx, buf);
    status::draw(&ctx, buf);
    match app.mode() {
        Mode::Help => help::draw(&ctx, buf),
        Mode::Matches => lists::draw_matches(&ctx, buf),
        Mode::Bookmarks => lists::draw_bookmarks(&ctx, buf),
        Mode::Normal | Mode::Filter | Mode::Search | Mode::Note | Mode::Select => {}
    }
}

/// Draws `app` into ratatui's [`TestBackend`] at the app's screen size and returns the screen
/// as plain text (see [`cells::buffer_text`]): what `gangmu render` prints and the snapshot
/// tests compare.
///
/// # Errors
/// Only if the test backend fails, which it does not in practice.
pub fn render_to_string(app: &App) -> Result<String> {
    let screen = app.screen();
    let backend = TestBackend::new(screen.width, screen.height);
    let mut terminal = Terminal::new(backend).context("cannot create the test terminal")?;
    let frame = terminal
        .draw(|frame| draw(app, frame.buffer_mut()))
        .context("cannot draw into the test terminal")?;
    Ok(cells::buffer_text(frame.buffer))
}

impl Ctx<'_> {
    /// The keymap, for hints that name the keys the reader has bound.
    #[must_use]
    pub fn keys(&self) -> &Keymap {
        &self.app.config.keys
    }

    /// "`key` `what`" for `action`'s first key, `None` if nothing is bound to it.
    #[must_use]
    pub fn hint(&self, action: &Action, what: &str) -> Option<String> {
        self.keys().hint(action, what)
    }
}

/// `text` cut to `columns` display columns, ending in `…` when cut.
#[must_use]
pub fn truncate(text: &str, columns: u16, ctx: &Ctx<'_>) -> String {
    truncate_to(
        text,
        usize::from(columns),
        ctx.ambiguous,
        ctx.glyphs.ellipsis,
    )
}

/// `text` cut to `columns`, ending in `ellipsis` when cut. One pass that stops at the first
/// grapheme past `columns`, so a long heading costs no more than what is shown.
#[must_use]
pub fn truncate_to(
    text: &str,
    columns: usize,
    ambiguous: AmbiguousWidth,
    ellipsis: &str,
) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let room = columns.saturating_sub(crate::layout::str_width(ellipsis, ambiguous));
    // Where the text would be cut to leave room for the ellipsis.
    let mut cut = 0;
    let mut used = 0;
    for (at, g) in text.grapheme_indices(true) {
        used += grapheme_width(g, ambiguous);
        if used > columns {
            if columns < crate::layout::str_width(ellipsis, ambiguous) {
                return String::new();
            }
            let mut out = String::with_capacity(cut + ellipsis.len());
            out.push_str(&text[..cut]);
            out.push_str(ellipsis);
            return out;
        }
        if used <= room {
            cut = at + g.len();
        }
    }
    text.to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_columns() {
        let n = AmbiguousWidth::Narrow;
        assert_eq!(
            truncate_to("一、2024年工作回顾", 100, n, "…"),
            "一、2024年工作回顾"
        );
        assert_eq!(truncate_to("一、2024年工作回顾", 9, n, "…"), "一、2024…");
        assert_eq!(truncate_to("一、2024年", 2, AmbiguousWidth::Wide, "…"), "…");
        assert_eq!(truncate_to("一、2024年", 1, AmbiguousWidth::Wide, "…"), "");
    }
}
