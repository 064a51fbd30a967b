//! Behaviour of `update`: scrolling, structure moves, the outline, the filter, the mouse,
//! resizing, and never panicking.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;
use crate::app::outline::tests::doc_with_levels;
use crate::doc::{self, Section};

fn app(doc: Document, columns: u16, rows: u16) -> App {
    App::new(
        doc,
        "test",
        Config::default(),
        AmbiguousWidth::Narrow,
        columns,
        rows,
    )
}

fn sample() -> Document {
    doc::parse(crate::source::SAMPLE)
}

fn press(app: &mut App, actions: &[Action]) {
    for &a in actions {
        update(app, a);
    }
}

/// The section whose heading is at the top of the reading pane.
fn section_at_top(app: &App) -> Option<&Section> {
    let top = app.top_row();
    app.doc
        .sections
        .iter()
        .find(|s| s.block == top.block && top.line == 0)
}

#[test]
fn starts_at_the_top_with_rows_on_screen() {
    let app = app(sample(), 80, 24);
    assert_eq!(app.top(), Position::new(0, 0));
    assert_eq!(app.view().len(), 23);
    assert_eq!(app.panes().status.height, 1);
    assert_eq!(app.percent(), 0);
}

#[test]
fn scrolling_by_line_half_page_page_and_ends() {
    let mut app = app(sample(), 80, 24);
    let height = usize::from(app.panes().reader.height);
    let first = app.view().to_vec();
    update(&mut app, Action::LineDown);
    assert_eq!(app.view()[0], first[1]);
    update(&mut app, Action::LineUp);
    assert_eq!(app.view()[0], first[0]);
    update(&mut app, Action::HalfPageDown);
    assert_eq!(app.view()[0], first[height / 2]);
    update(&mut app, Action::HalfPageUp);
    update(&mut app, Action::PageDown);
    // One row of overlap.
    assert_eq!(app.view()[0], first[height - 1]);
    update(&mut app, Action::PageUp);
    assert_eq!(app.view()[0], first[0]);
    update(&mut app, Action::Bottom);
    assert!(app.at_end());
    assert_eq!(app.view().len(), height);
    let bottom = app.top_row();
    // Nothing scrolls past the end.
    press(&mut app, &[Action::LineDown, Action::PageDown]);
    assert_eq!(app.top_row(), bottom);
    update(&mut app, Action::Top);
    assert_eq!(app.top(), Position::new(0, 0));
    assert!(!app.at_end());
}

#[test]
fn next_and_previous_section() {
    let mut app = app(sample(), 80, 24);
    assert!(app.doc.sections.len() > 3, "the sample has an outline");
    update(&mut app, Action::NextSection);
    assert_eq!(app.top_row(), RowPos::new(app.doc.sections[0].block, 0));
    assert_eq!(app.current_section(), Some(0));
    update(&mut app, Action::NextSection);
    assert_eq!(app.current_section(), Some(1));
    update(&mut app, Action::PrevSection);
    assert_eq!(app.current_section(), Some(0));
    // Scrolled into a section, `[` returns to its start.
    press(&mut app, &[Action::NextSection, Action::LineDown]);
    update(&mut app, Action::PrevSection);
    assert_eq!(app.top_row(), RowPos::new(app.doc.sections[1].block, 0));
    // Before the first section there is nothing before.
    update(&mut app, Action::Top);
    let top = app.top_row();
    update(&mut app, Action::PrevSection);
    assert_eq!(app.top_row(), top);
}

#[test]
fn sibling_moves_skip_children_and_climb() {
    // 0 a / 1 a.1 / 2 a.1.x / 3 a.2 / 4 b / 5 b.1
    let mut app = app(doc_with_levels(&[1, 2, 3, 2, 1, 2], &[]), 40, 10);
    assert_eq!(section_at_top(&app).map(|s| s.block), Some(0));
    update(&mut app, Action::NextSibling);
    assert_eq!(app.current_section(), Some(4));
    update(&mut app, Action::PrevSibling);
    assert_eq!(app.current_section(), Some(0));
    // From a.1.x: no next sibling, so the parent's next sibling a.2.
    app.jump_to(Position::new(app.doc.sections[2].block, 0));
    update(&mut app, Action::NextSibling);
    assert_eq!(app.current_section(), Some(3));
    update(&mut app, Action::PrevSibling);
    assert_eq!(app.current_section(), Some(1));
    // No previous sibling: the parent.
    update(&mut app, Action::PrevSibling);
    assert_eq!(app.current_section(), Some(0));
    // Inside a section, `{` goes to its start first.
    update(&mut app, Action::LineDown);
    assert_eq!(app.current_section(), Some(0));
    update(&mut app, Action::PrevSibling);
    assert_eq!(app.top_row(), RowPos::new(0, 0));
}

#[test]
fn outline_cursor_and_open() {
    let mut app = app(sample(), 100, 30);
    update(&mut app, Action::SwitchFocus);
    assert_eq!(app.focus, Focus::Outline);
    press(&mut app, &[Action::LineDown, Action::LineDown]);
    let target = app.outline.selected().unwrap();
    // Moving the cursor does not move the text.
    assert_eq!(app.top(), Position::new(0, 0));
    update(&mut app, Action::Open);
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(app.current_section(), Some(target));
    assert_eq!(
        app.top_row(),
        RowPos::new(app.doc.sections[target].block, 0)
    );
}

#[test]
fn outline_follows_the_text_and_keeps_it_in_view() {
    let mut app = app(sample(), 100, 12);
    update(&mut app, Action::Bottom);
    let row = app.current_outline_row().unwrap();
    let height = usize::from(app.outline_list_height());
    assert!(app.outline.offset() <= row && row < app.outline.offset() + height);
    assert_eq!(app.outline.cursor(), row);
}

#[test]
fn folding_from_the_keyboard() {
    let mut app = app(doc_with_levels(&[1, 2, 2, 1, 2], &[]), 60, 20);
    press(&mut app, &[Action::SwitchFocus, Action::Collapse]);
    assert_eq!(app.outline.rows(), &[0, 3, 4]);
    update(&mut app, Action::Expand);
    assert_eq!(app.outline.rows(), &[0, 1, 2, 3, 4]);
    // Collapsing a leaf goes to its parent.
    press(&mut app, &[Action::LineDown, Action::Collapse]);
    assert_eq!(app.outline.selected(), Some(0));
    update(&mut app, Action::CollapseAll);
    assert_eq!(app.outline.rows(), &[0, 3]);
    update(&mut app, Action::ExpandAll);
    assert_eq!(app.outline.rows().len(), 5);
}

#[test]
fn filter_by_pinyin_initials_and_jump() {
    let names = [
        "一、工作回顾",
        "（一）坚持学习",
        "（二）助力强省会",
        "二、今年安排",
    ];
    let mut app = app(doc_with_levels(&[1, 2, 2, 1], &names), 60, 20);
    update(&mut app, Action::FilterOutline);
    assert_eq!(app.mode, Mode::Filter);
    for c in "qsh".chars() {
        update(&mut app, Action::InsertChar(c));
    }
    assert_eq!(app.outline.rows(), &[2]);
    update(&mut app, Action::Accept);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.current_section(), Some(2));
    assert!(app.outline.filter().is_none());
    // Backspace on an empty filter leaves it; Esc too.
    press(&mut app, &[Action::FilterOutline, Action::DeleteChar]);
    assert_eq!(app.mode, Mode::Normal);
    press(
        &mut app,
        &[
            Action::FilterOutline,
            Action::InsertChar('x'),
            Action::Cancel,
        ],
    );
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.outline.rows().len(), 4);
    // Enter with no match stays in the filter and says so.
    press(
        &mut app,
        &[
            Action::FilterOutline,
            Action::InsertChar('z'),
            Action::InsertChar('z'),
        ],
    );
    update(&mut app, Action::Accept);
    assert_eq!(app.mode, Mode::Filter);
    assert!(app.message.is_some());
}

#[test]
fn keys_in_the_filter_are_text() {
    let mut app = app(sample(), 80, 24);
    update(&mut app, Action::FilterOutline);
    assert_eq!(
        input::action_for_key(&app, Key::char('q')),
        Some(Action::InsertChar('q'))
    );
    assert_eq!(
        input::action_for_key(&app, Key::new(KeyCode::Enter)),
        Some(Action::Accept)
    );
    assert_eq!(
        input::action_for_key(&app, Key::ctrl('c')),
        Some(Action::Quit)
    );
    update(&mut app, Action::Cancel);
    assert_eq!(
        input::action_for_key(&app, Key::char('q')),
        Some(Action::Quit)
    );
}

#[test]
fn resizing_keeps_the_reading_position() {
    let mut app = app(sample(), 80, 24);
    press(
        &mut app,
        &[Action::NextSection, Action::NextSection, Action::PageDown],
    );
    let top = app.top();
    for (columns, rows) in [(120, 40), (41, 20), (200, 60), (80, 24)] {
        update(&mut app, Action::Resize { columns, rows });
        // The top line is the one holding the saved position.
        let row = app.top_row();
        assert_eq!(row.block, top.block);
        let block = &app.doc.blocks[top.block];
        let line = app.view()[0].line.unwrap();
        let start = block.char_offset(line.start);
        let end = block.char_offset(line.end);
        assert!(start <= top.offset && (top.offset < end || end == block.char_len()));
    }
    assert_eq!(app.top(), top);
}

#[test]
fn outline_hides_resizes_and_gives_way_on_narrow_screens() {
    let mut app = app(sample(), 100, 30);
    assert_eq!(app.panes().outline.width, 30);
    update(&mut app, Action::OutlineWider);
    assert_eq!(app.panes().outline.width, 32);
    press(
        &mut app,
        &[Action::OutlineNarrower, Action::OutlineNarrower],
    );
    assert_eq!(app.panes().outline.width, 28);
    update(&mut app, Action::ToggleOutline);
    assert_eq!(app.panes().outline.width, 0);
    assert_eq!(app.panes().reader.width, 100);
    update(&mut app, Action::ToggleOutline);
    update(
        &mut app,
        Action::Resize {
            columns: 20,
            rows: 10,
        },
    );
    assert_eq!(app.panes().outline.width, 0);
    // The text column is centred and at most max_text_width wide.
    update(
        &mut app,
        Action::Resize {
            columns: 200,
            rows: 10,
        },
    );
    let panes = app.panes();
    assert_eq!(panes.text.width, 80);
    let left = panes.text.x - panes.reader.x;
    let right = panes.reader.right() - panes.text.right();
    assert!(left.abs_diff(right) <= 1);
}

#[test]
fn mouse_wheel_and_click() {
    let mut app = app(sample(), 100, 30);
    let reader = app.panes().reader;
    let first = app.view().to_vec();
    update(
        &mut app,
        Action::Wheel {
            column: reader.x + 5,
            row: 3,
            down: true,
        },
    );
    assert_eq!(app.view()[0], first[3]);
    // A click on the outline's third row jumps to that section.
    let section = app.outline.rows()[2];
    update(&mut app, Action::Click { column: 3, row: 2 });
    assert_eq!(app.current_section(), Some(section));
    // The wheel over the outline moves the outline, not the text.
    let top = app.top();
    update(
        &mut app,
        Action::Wheel {
            column: 1,
            row: 1,
            down: true,
        },
    );
    assert_eq!(app.top(), top);
}

#[test]
fn reserved_actions_say_so() {
    let mut app = app(sample(), 80, 24);
    for action in [
        Action::Search,
        Action::SearchNext,
        Action::Bookmark,
        Action::Export,
    ] {
        update(&mut app, action);
        assert!(app.message.is_some(), "{action:?}");
        update(&mut app, Action::None);
        assert!(app.message.is_none());
    }
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut app = app(sample(), 80, 24);
    update(&mut app, Action::Help);
    assert_eq!(app.mode, Mode::Help);
    update(&mut app, Action::LineDown);
    assert_eq!(app.help_scroll, 1);
    // The text does not move under the help.
    assert_eq!(app.top(), Position::new(0, 0));
    update(&mut app, Action::Quit);
    assert_eq!(app.mode, Mode::Normal);
    assert!(!app.quit);
    update(&mut app, Action::Quit);
    assert!(app.quit);
}

#[test]
fn empty_document_and_document_without_headings() {
    let mut app = app(Document::default(), 80, 24);
    for &action in Action::BINDABLE {
        update(&mut app, action);
    }
    assert!(app.view().is_empty());
    let mut app = self::app(doc::parse("只有一段文字。\n\n还有一段。\n"), 80, 24);
    assert_eq!(app.panes().outline.width, 0);
    update(&mut app, Action::SwitchFocus);
    assert_eq!(app.focus, Focus::Reader);
}

#[test]
fn switching_ambiguous_width_reflows_and_keeps_the_position() {
    let mut app = app(sample(), 80, 24);
    press(&mut app, &[Action::NextSection, Action::PageDown]);
    let top = app.top();
    let narrow_rows = app.view().to_vec();
    app.set_ambiguous(AmbiguousWidth::Wide);
    assert_eq!(app.ambiguous(), AmbiguousWidth::Wide);
    assert_ne!(app.view(), narrow_rows.as_slice());
    assert_eq!(app.top_row().block, top.block);
}

#[test]
fn no_color_means_mono() {
    use std::ffi::OsStr;
    assert_eq!(resolve_theme(Theme::Default, None), Theme::Default);
    assert_eq!(
        resolve_theme(Theme::Default, Some(OsStr::new(""))),
        Theme::Default
    );
    assert_eq!(
        resolve_theme(Theme::Default, Some(OsStr::new("1"))),
        Theme::Mono
    );
    assert_eq!(resolve_theme(Theme::Mono, None), Theme::Mono);
}

#[test]
fn a_click_in_the_text_leaves_the_filter() {
    let mut app = app(sample(), 100, 30);
    press(&mut app, &[Action::FilterOutline, Action::InsertChar('q')]);
    let reader = app.panes().reader;
    update(
        &mut app,
        Action::Click {
            column: reader.x + 3,
            row: 3,
        },
    );
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.focus, Focus::Reader);
    assert!(app.outline.filter().is_none());
}

fn any_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        proptest::sample::select(Action::BINDABLE.to_vec()),
        any::<char>().prop_map(Action::InsertChar),
        Just(Action::DeleteChar),
        Just(Action::Accept),
        (0u16..130, 0u16..50, any::<bool>()).prop_map(|(column, row, down)| Action::Wheel {
            column,
            row,
            down
        }),
        (0u16..130, 0u16..50).prop_map(|(column, row)| Action::Click { column, row }),
        // Terminals have been seen to report 0×0 while being resized.
        (0u16..130, 0u16..50).prop_map(|(columns, rows)| Action::Resize { columns, rows }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Whatever happens, nothing panics, the view starts at the top row, and drawing works.
    #[test]
    fn never_panics(
        columns in 1u16..130,
        rows in 1u16..50,
        wide in any::<bool>(),
        actions in proptest::collection::vec(any_action(), 0..40),
    ) {
        let ambiguous = if wide { AmbiguousWidth::Wide } else { AmbiguousWidth::Narrow };
        let mut app = App::new(sample(), "t", Config::default(), ambiguous, columns, rows);
        for action in actions {
            update(&mut app, action);
            if let Some(first) = app.view().first() {
                prop_assert_eq!(first.pos, app.top_row());
            }
            let text = crate::ui::render_to_string(&app).unwrap();
            prop_assert_eq!(text.lines().count(), usize::from(app.screen().height));
        }
    }
}

#[test]
fn every_tiny_size_draws() {
    for columns in 1..=8 {
        for rows in 1..=6 {
            for wide in [false, true] {
                let ambiguous = if wide {
                    AmbiguousWidth::Wide
                } else {
                    AmbiguousWidth::Narrow
                };
                let mut app = App::new(sample(), "t", Config::default(), ambiguous, columns, rows);
                for &action in Action::BINDABLE.iter().filter(|a| **a != Action::Quit) {
                    update(&mut app, action);
                    crate::ui::render_to_string(&app).unwrap();
                }
            }
        }
    }
}
