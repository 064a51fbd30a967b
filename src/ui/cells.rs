//! Writing text into a ratatui [`Buffer`] grapheme by grapheme, measured by gangmu's own width
//! helper, and reading a buffer back as plain text.
//!
//! ratatui measures with `unicode-width`'s narrow widths. When gangmu measures a grapheme
//! differently (an East Asian Ambiguous character such as “ … — ① in a wide terminal), the
//! cell is marked [`CellDiffOption::ForcedWidth`] so that ratatui's diff skips the column the
//! terminal covers, and that column is reset and marked skipped so nothing is printed over it.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

use crate::layout::AmbiguousWidth;
use crate::text::width::grapheme_width;

/// Writes `text` at (`x`, `y`), at most `max_width` columns and never past the buffer's right
/// edge. A grapheme that does not fit is not drawn (a wide character never straddles the edge).
/// Control characters are dropped. Returns the columns written.
pub fn put_str(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    max_width: u16,
    text: &str,
    style: Style,
    ambiguous: AmbiguousWidth,
) -> u16 {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x < area.left() {
        return 0;
    }
    let limit = x.saturating_add(max_width).min(area.right());
    let mut col = x;
    for grapheme in text.graphemes(true) {
        if grapheme.chars().any(char::is_control) {
            continue;
        }
        let width = grapheme_width(grapheme, ambiguous);
        let Ok(width16) = u16::try_from(width) else {
            break;
        };
        if width16 == 0 {
            continue;
        }
        if col.saturating_add(width16) > limit {
            break;
        }
        put_grapheme(buf, col, y, grapheme, width16, style);
        col += width16;
    }
    col - x
}

/// Writes one grapheme of `width` columns (as gangmu measures it) at (`x`, `y`).
fn put_grapheme(buf: &mut Buffer, x: u16, y: u16, grapheme: &str, width: u16, style: Style) {
    for col in x..x.saturating_add(width) {
        claim(buf, col, y);
    }
    let Some(cell) = buf.cell_mut((x, y)) else {
        return;
    };
    cell.reset();
    cell.set_symbol(grapheme).set_style(style);
    if grapheme.cell_width() != width
        && let Some(forced) = NonZeroU16::new(width)
    {
        cell.set_diff_option(CellDiffOption::ForcedWidth(forced));
    }
    for covered in x + 1..x + width {
        if let Some(cell) = buf.cell_mut((covered, y)) {
            cell.reset();
            cell.set_style(style);
            cell.set_diff_option(CellDiffOption::Skip);
        }
    }
}

/// Makes the cell at (`x`, `y`) free to be overwritten without leaving half of a wide grapheme
/// behind (as when the help box is drawn over the text): a wide grapheme that covers it from the
/// left, or that starts in it and covers cells to the right, is replaced by blanks.
fn claim(buf: &mut Buffer, x: u16, y: u16) {
    let area = buf.area;
    // A wide grapheme to the left reaching into x.
    let mut head = x;
    while head > area.left()
        && buf
            .cell((head, y))
            .is_some_and(|c| c.diff_option == CellDiffOption::Skip)
    {
        head -= 1;
    }
    if head == x && x > area.left() {
        // Not a forced cover; a native wide symbol just left of x covers x too.
        if buf.cell((x - 1, y)).is_some_and(|c| c.cell_width() > 1) {
            head = x - 1;
        }
    }
    let Some(width) = buf.cell((head, y)).map(CellWidth::cell_width) else {
        return;
    };
    if width <= 1 {
        return;
    }
    // Blank the whole grapheme: its head and every cell it covers.
    for col in head..head.saturating_add(width).min(area.right()) {
        if let Some(cell) = buf.cell_mut((col, y)) {
            let style = cell.style();
            cell.reset();
            cell.set_symbol(" ").set_style(style);
        }
    }
}

/// Draws a text box's cursor at (`x`, `y`) and what follows it, `after`, within `room` columns:
/// the cursor is the first grapheme of `after` in `cursor_style`, or a blank cell when the
/// cursor is at the end. Returns the columns written.
pub fn put_after_cursor(
    buf: &mut Buffer,
    (x, y, room): (u16, u16, u16),
    after: &str,
    (text_style, cursor_style): (Style, Style),
    ambiguous: AmbiguousWidth,
) -> u16 {
    if room == 0 {
        return 0;
    }
    let under = after.graphemes(true).next().unwrap_or("");
    let used = put_str(buf, x, y, room, under, cursor_style, ambiguous);
    if used == 0 {
        // At the end, or a wide character with no room: a cell of its own shows the cursor.
        fill(buf, x, y, 1, cursor_style);
        return 1;
    }
    used + put_str(
        buf,
        x + used,
        y,
        room - used,
        &after[under.len()..],
        text_style,
        ambiguous,
    )
}

/// Fills `columns` cells from (`x`, `y`) with blanks in `style` (for bars and highlights).
pub fn fill(buf: &mut Buffer, x: u16, y: u16, columns: u16, style: Style) {
    let right = x.saturating_add(columns).min(buf.area.right());
    for col in x..right {
        claim(buf, col, y);
        if let Some(cell) = buf.cell_mut((col, y)) {
            cell.reset();
            cell.set_symbol(" ").set_style(style);
        }
    }
}

/// The buffer as plain text: one line per row, trailing spaces trimmed, a wide character once
/// (the cells it covers are skipped).
#[must_use]
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut x = area.left();
        while x < area.right() {
            let Some(cell) = buf.cell((x, y)) else { break };
            if cell.diff_option == CellDiffOption::Skip {
                x += 1;
                continue;
            }
            line.push_str(cell.symbol());
            x = x.saturating_add(cell.cell_width().max(1));
        }
        out.push_str(line.trim_end_matches(' '));
        out.push('\n');
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;

    #[test]
    fn wide_ambiguous_takes_two_cells() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        let used = put_str(
            &mut buf,
            0,
            0,
            10,
            "“纲”a",
            Style::default(),
            AmbiguousWidth::Wide,
        );
        assert_eq!(used, 7);
        assert_eq!(buf[(0, 0)].symbol(), "“");
        assert_eq!(buf[(0, 0)].cell_width(), 2);
        assert_eq!(buf[(1, 0)].diff_option, CellDiffOption::Skip);
        assert_eq!(buf[(2, 0)].symbol(), "纲");
        assert_eq!(buf[(4, 0)].symbol(), "”");
        assert_eq!(buf[(6, 0)].symbol(), "a");
        assert_eq!(buffer_text(&buf), "“纲”a\n");
    }

    #[test]
    fn narrow_ambiguous_takes_one_cell() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        let used = put_str(
            &mut buf,
            0,
            0,
            10,
            "“纲”a",
            Style::default(),
            AmbiguousWidth::Narrow,
        );
        assert_eq!(used, 5);
        assert_eq!(buf[(1, 0)].symbol(), "纲");
        assert_eq!(buf[(3, 0)].symbol(), "”");
        assert_eq!(buffer_text(&buf), "“纲”a\n");
    }

    #[test]
    fn never_straddles_the_edge_or_panics() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 1));
        assert_eq!(
            put_str(
                &mut buf,
                0,
                0,
                9,
                "纲目",
                Style::default(),
                AmbiguousWidth::Narrow
            ),
            2
        );
        assert_eq!(buffer_text(&buf), "纲\n");
        assert_eq!(
            put_str(
                &mut buf,
                5,
                0,
                9,
                "纲",
                Style::default(),
                AmbiguousWidth::Narrow
            ),
            0
        );
        assert_eq!(
            put_str(
                &mut buf,
                0,
                4,
                9,
                "纲",
                Style::default(),
                AmbiguousWidth::Narrow
            ),
            0
        );
        let mut tiny = Buffer::empty(Rect::new(0, 0, 1, 1));
        assert_eq!(
            put_str(
                &mut tiny,
                0,
                0,
                1,
                "纲",
                Style::default(),
                AmbiguousWidth::Wide
            ),
            0
        );
        assert_eq!(
            put_str(
                &mut tiny,
                0,
                0,
                1,
                "a\u{7}b",
                Style::default(),
                AmbiguousWidth::Wide
            ),
            1
        );
    }

    #[test]
    fn overwriting_half_of_a_wide_grapheme_blanks_the_other_half() {
        for ambiguous in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
            let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
            put_str(&mut buf, 0, 0, 6, "纲“目", Style::default(), ambiguous);
            // Over the second half of 纲 and the first half of “ (wide) or all of it (narrow).
            put_str(&mut buf, 1, 0, 2, "ab", Style::default(), ambiguous);
            let text = buffer_text(&buf);
            match ambiguous {
                AmbiguousWidth::Wide => assert_eq!(text, " ab 目\n"),
                AmbiguousWidth::Narrow => assert_eq!(text, " ab目\n"),
            }
            // Every skipped cell is covered by the wide grapheme just before it.
            for x in 1..6 {
                if buf[(x, 0)].diff_option == CellDiffOption::Skip {
                    assert_eq!(buf[(x - 1, 0)].cell_width(), 2, "{x}");
                }
            }
        }
    }

    #[test]
    fn diff_does_not_print_over_a_forced_wide_cell() {
        let prev = Buffer::empty(Rect::new(0, 0, 4, 1));
        let mut next = Buffer::empty(Rect::new(0, 0, 4, 1));
        put_str(
            &mut next,
            0,
            0,
            4,
            "…a",
            Style::default(),
            AmbiguousWidth::Wide,
        );
        let updates: Vec<(u16, &str)> = prev
            .diff(&next)
            .into_iter()
            .map(|(x, _, c)| (x, c.symbol()))
            .collect();
        assert_eq!(updates, vec![(0, "…"), (2, "a")]);
    }
}
