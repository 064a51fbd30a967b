//! Behaviour of `update`: scrolling, structure moves, the outline, the filter, the mouse,
//! resizing, search, bookmarks, the reading position, and never panicking.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;
use crate::app::outline::tests::doc_with_levels;
use crate::doc::{self, Position, Section};
use crate::layout::flow::RowPos;

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
    for a in actions {
        update(app, a.clone());
    }
}

/// The search box's state; the test fails when it is not open.
fn prompt(app: &App) -> &search::SearchPrompt {
    match &app.overlay {
        Overlay::Search(prompt) => prompt,
        other => panic!("no search box: {:?}", other.mode()),
    }
}

fn match_list(app: &App) -> &search::MatchList {
    match &app.overlay {
        Overlay::Matches(list) => list,
        other => panic!("no match list: {:?}", other.mode()),
    }
}

fn note(app: &App) -> &bookmarks::NoteEdit {
    match &app.overlay {
        Overlay::Note(note) => note,
        other => panic!("no note: {:?}", other.mode()),
    }
}

fn picker(app: &App) -> &bookmarks::BookmarkPicker {
    match &app.overlay {
        Overlay::Bookmarks(picker) => picker,
        other => panic!("no bookmark list: {:?}", other.mode()),
    }
}

/// The section whose heading is at the top of the reading pane.
fn section_at_top(app: &App) -> Option<&Section> {
    let top = app.view().top_row();
    app.view()
        .doc
        .sections
        .iter()
        .find(|s| s.block == top.block && top.line == 0)
}

#[test]
fn starts_at_the_top_with_rows_on_screen() {
    let app = app(sample(), 80, 24);
    assert_eq!(app.view().top(), Position::new(0, 0));
    assert_eq!(app.view().rows().len(), 23);
    assert_eq!(app.panes().status.height, 1);
    assert_eq!(app.view().percent(), 0);
}

#[test]
fn scrolling_by_line_half_page_page_and_ends() {
    let mut app = app(sample(), 80, 24);
    let height = usize::from(app.panes().reader.height);
    let first = app.view().rows().to_vec();
    update(&mut app, Action::LineDown);
    assert_eq!(app.view().rows()[0], first[1]);
    update(&mut app, Action::LineUp);
    assert_eq!(app.view().rows()[0], first[0]);
    update(&mut app, Action::HalfPageDown);
    assert_eq!(app.view().rows()[0], first[height / 2]);
    update(&mut app, Action::HalfPageUp);
    update(&mut app, Action::PageDown);
    // One row of overlap.
    assert_eq!(app.view().rows()[0], first[height - 1]);
    update(&mut app, Action::PageUp);
    assert_eq!(app.view().rows()[0], first[0]);
    update(&mut app, Action::Bottom);
    assert!(app.view().at_end());
    assert_eq!(app.view().rows().len(), height);
    let bottom = app.view().top_row();
    // Nothing scrolls past the end.
    press(&mut app, &[Action::LineDown, Action::PageDown]);
    assert_eq!(app.view().top_row(), bottom);
    update(&mut app, Action::Top);
    assert_eq!(app.view().top(), Position::new(0, 0));
    assert!(!app.view().at_end());
}

#[test]
fn next_and_previous_section() {
    let mut app = app(sample(), 80, 24);
    assert!(
        app.view().doc.sections.len() > 3,
        "the sample has an outline"
    );
    update(&mut app, Action::NextSection);
    assert_eq!(
        app.view().top_row(),
        RowPos::new(app.view().doc.sections[0].block, 0)
    );
    assert_eq!(app.view().current_section(), Some(0));
    update(&mut app, Action::NextSection);
    assert_eq!(app.view().current_section(), Some(1));
    update(&mut app, Action::PrevSection);
    assert_eq!(app.view().current_section(), Some(0));
    // Scrolled into a section, `[` returns to its start.
    press(&mut app, &[Action::NextSection, Action::LineDown]);
    update(&mut app, Action::PrevSection);
    assert_eq!(
        app.view().top_row(),
        RowPos::new(app.view().doc.sections[1].block, 0)
    );
    // Before the first section there is nothing before.
    update(&mut app, Action::Top);
    let top = app.view().top_row();
    update(&mut app, Action::PrevSection);
    assert_eq!(app.view().top_row(), top);
}

#[test]
fn at_the_end_the_section_being_read_is_the_last_on_screen() {
    let mut app = app(sample(), 80, 24);
    update(&mut app, Action::Bottom);
    let view = app.view();
    assert!(view.at_end());
    let last_row_block = view
        .rows()
        .iter()
        .rev()
        .find(|row| row.line.is_some())
        .map(|row| row.pos.block);
    let last = last_row_block.and_then(|b| view.doc.blocks[b].section);
    assert_eq!(view.section_being_read(), last);
    // The screen after G starts in an earlier section than it ends in.
    assert_ne!(
        view.current_section(),
        last,
        "the sample's last screen spans two sections"
    );
    // Anywhere else it is the section at the top of the pane.
    update(&mut app, Action::Top);
    update(&mut app, Action::NextSection);
    assert_eq!(
        app.view().section_being_read(),
        app.view().current_section()
    );
}

#[test]
fn sibling_moves_skip_children_and_climb() {
    // 0 a / 1 a.1 / 2 a.1.x / 3 a.2 / 4 b / 5 b.1
    let mut app = app(doc_with_levels(&[1, 2, 3, 2, 1, 2], &[]), 40, 10);
    assert_eq!(section_at_top(&app).map(|s| s.block), Some(0));
    update(&mut app, Action::NextSibling);
    assert_eq!(app.view().current_section(), Some(4));
    update(&mut app, Action::PrevSibling);
    assert_eq!(app.view().current_section(), Some(0));
    // From a.1.x: no next sibling, so the parent's next sibling a.2.
    let block = app.view().doc.sections[2].block;
    app.view_mut().jump_to(Position::new(block, 0));
    update(&mut app, Action::NextSibling);
    assert_eq!(app.view().current_section(), Some(3));
    update(&mut app, Action::PrevSibling);
    assert_eq!(app.view().current_section(), Some(1));
    // No previous sibling: the parent.
    update(&mut app, Action::PrevSibling);
    assert_eq!(app.view().current_section(), Some(0));
    // Inside a section, `{` goes to its start first.
    update(&mut app, Action::LineDown);
    assert_eq!(app.view().current_section(), Some(0));
    update(&mut app, Action::PrevSibling);
    assert_eq!(app.view().top_row(), RowPos::new(0, 0));
}

#[test]
fn outline_cursor_and_open() {
    let mut app = app(sample(), 100, 30);
    update(&mut app, Action::SwitchFocus);
    assert_eq!(app.view().focus, Focus::Outline);
    press(&mut app, &[Action::LineDown, Action::LineDown]);
    let target = app.view().outline.selected().unwrap();
    // Moving the cursor does not move the text.
    assert_eq!(app.view().top(), Position::new(0, 0));
    update(&mut app, Action::Open);
    assert_eq!(app.view().focus, Focus::Reader);
    assert_eq!(app.view().current_section(), Some(target));
    assert_eq!(
        app.view().top_row(),
        RowPos::new(app.view().doc.sections[target].block, 0)
    );
}

#[test]
fn outline_follows_the_text_and_keeps_it_in_view() {
    let mut app = app(sample(), 100, 12);
    update(&mut app, Action::Bottom);
    let row = app.view().current_outline_row().unwrap();
    let height = usize::from(app.view().outline_list_height());
    assert!(app.view().outline.offset() <= row && row < app.view().outline.offset() + height);
    assert_eq!(app.view().outline.cursor(), row);
}

#[test]
fn folding_from_the_keyboard() {
    let mut app = app(doc_with_levels(&[1, 2, 2, 1, 2], &[]), 60, 20);
    press(&mut app, &[Action::SwitchFocus, Action::Collapse]);
    assert_eq!(app.view().outline.rows(), &[0, 3, 4]);
    update(&mut app, Action::Expand);
    assert_eq!(app.view().outline.rows(), &[0, 1, 2, 3, 4]);
    // Collapsing a leaf goes to its parent.
    press(&mut app, &[Action::LineDown, Action::Collapse]);
    assert_eq!(app.view().outline.selected(), Some(0));
    update(&mut app, Action::CollapseAll);
    assert_eq!(app.view().outline.rows(), &[0, 3]);
    update(&mut app, Action::ExpandAll);
    assert_eq!(app.view().outline.rows().len(), 5);
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
    assert_eq!(app.mode(), Mode::Filter);
    for c in "qsh".chars() {
        update(&mut app, Action::InsertChar(c));
    }
    assert_eq!(app.view().outline.rows(), &[2]);
    update(&mut app, Action::Accept);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.view().current_section(), Some(2));
    assert!(app.view().outline.filter().is_none());
    // Backspace on an empty filter leaves it; Esc too.
    press(&mut app, &[Action::FilterOutline, Action::DeleteChar]);
    assert_eq!(app.mode(), Mode::Normal);
    press(
        &mut app,
        &[
            Action::FilterOutline,
            Action::InsertChar('x'),
            Action::Cancel,
        ],
    );
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.view().outline.rows().len(), 4);
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
    assert_eq!(app.mode(), Mode::Filter);
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
    let top = app.view().top();
    for (columns, rows) in [(120, 40), (41, 20), (200, 60), (80, 24)] {
        update(&mut app, Action::Resize { columns, rows });
        // The top line is the one holding the saved position.
        let row = app.view().top_row();
        assert_eq!(row.block, top.block);
        let block = &app.view().doc.blocks[top.block];
        let line = app.view().rows()[0].line.unwrap();
        let start = block.char_offset(line.start);
        let end = block.char_offset(line.end);
        assert!(start <= top.offset && (top.offset < end || end == block.char_len()));
    }
    assert_eq!(app.view().top(), top);
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
fn on_a_narrow_terminal_the_outline_narrows_then_hides_and_comes_back() {
    let mut app = app(sample(), 120, 30);
    let resize = |app: &mut App, columns: u16| {
        update(app, Action::Resize { columns, rows: 30 });
        app.panes()
    };
    assert_eq!(resize(&mut app, 120).outline.width, 30);
    // At 60 columns the text keeps 40 and the outline takes what is left.
    let at_60 = resize(&mut app, 60);
    assert!(at_60.reader.width >= 40, "{at_60:?}");
    assert!(
        at_60.outline.width > 0 && at_60.outline.width < 30,
        "{at_60:?}"
    );
    // Narrower still, the outline gives way to the text altogether.
    for columns in [50, 40, 30] {
        let panes = resize(&mut app, columns);
        assert_eq!(panes.outline.width, 0, "{columns}");
        assert_eq!(panes.reader.width, columns);
    }
    // It comes back when the terminal widens, and `o` still hides it.
    assert_eq!(resize(&mut app, 120).outline.width, 30);
    update(&mut app, Action::ToggleOutline);
    assert_eq!(app.panes().outline.width, 0);
    update(&mut app, Action::ToggleOutline);
    assert_eq!(resize(&mut app, 60).outline.width, at_60.outline.width);
}

#[test]
fn mouse_wheel_and_click() {
    let mut app = app(sample(), 100, 30);
    let reader = app.panes().reader;
    let first = app.view().rows().to_vec();
    update(
        &mut app,
        Action::Wheel {
            column: reader.x + 5,
            row: 3,
            down: true,
        },
    );
    assert_eq!(app.view().rows()[0], first[3]);
    // A click on the outline's third row jumps to that section.
    let section = app.view().outline.rows()[2];
    update(&mut app, Action::Click { column: 3, row: 2 });
    assert_eq!(app.view().current_section(), Some(section));
    // The wheel over the outline moves the outline, not the text.
    let top = app.view().top();
    update(
        &mut app,
        Action::Wheel {
            column: 1,
            row: 1,
            down: true,
        },
    );
    assert_eq!(app.view().top(), top);
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut app = app(sample(), 80, 24);
    update(&mut app, Action::Help);
    assert_eq!(app.mode(), Mode::Help);
    update(&mut app, Action::LineDown);
    assert!(matches!(app.overlay, Overlay::Help(HelpScroll(1))));
    // The text does not move under the help.
    assert_eq!(app.view().top(), Position::new(0, 0));
    update(&mut app, Action::Quit);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(!app.quit);
    update(&mut app, Action::Quit);
    assert!(app.quit);
}

#[test]
fn empty_document_and_document_without_headings() {
    let mut app = app(Document::default(), 80, 24);
    for action in Action::BINDABLE {
        update(&mut app, action.clone());
    }
    assert!(app.view().rows().is_empty());
    let mut app = self::app(doc::parse("只有一段文字。\n\n还有一段。\n"), 80, 24);
    assert_eq!(app.panes().outline.width, 0);
    update(&mut app, Action::SwitchFocus);
    assert_eq!(app.view().focus, Focus::Reader);
}

#[test]
fn switching_ambiguous_width_reflows_and_keeps_the_position() {
    let mut app = app(sample(), 80, 24);
    press(&mut app, &[Action::NextSection, Action::PageDown]);
    let top = app.view().top();
    let narrow_rows = app.view().rows().to_vec();
    app.set_ambiguous(AmbiguousWidth::Wide);
    assert_eq!(app.ambiguous(), AmbiguousWidth::Wide);
    assert_ne!(app.view().rows(), narrow_rows.as_slice());
    assert_eq!(app.view().top_row().block, top.block);
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
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.view().focus, Focus::Reader);
    assert!(app.view().outline.filter().is_none());
}

fn any_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        proptest::sample::select(Action::BINDABLE.to_vec()),
        any::<char>().prop_map(Action::InsertChar),
        // Typed text: CJK that the sample has, so that searches find something.
        proptest::sample::select(vec!['协', '商', '政', '(', '*', 'a'])
            .prop_map(Action::InsertChar),
        Just(Action::ToggleRegex),
        Just(Action::ToggleVariants),
        Just(Action::EditNote),
        Just(Action::DeleteBookmark),
        Just(Action::DeleteChar),
        Just(Action::Accept),
        Just(Action::SwapEnds),
        (0u8..10).prop_map(Action::Digit),
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
            if let Some(first) = app.view().rows().first() {
                prop_assert_eq!(first.pos, app.view().top_row());
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
                for action in Action::BINDABLE.iter().filter(|a| **a != Action::Quit) {
                    update(&mut app, action.clone());
                    crate::ui::render_to_string(&app).unwrap();
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Search, bookmarks, reading position, export.

use std::cell::RefCell;
use std::rc::Rc;

use crate::search::{Matcher, SearchOptions, find_all};
use crate::store::{AnchorStatus, AnchoredBookmark, Bookmark};

/// What the app asked of its storage.
#[derive(Debug, Default)]
struct Log {
    added: Vec<Bookmark>,
    removed: Vec<String>,
    notes: Vec<(String, Option<String>)>,
    history: Vec<String>,
    position: Option<Position>,
    saves: usize,
    exports: Vec<String>,
}

/// A storage that records every call, shared with the test.
#[derive(Debug, Clone, Default)]
struct Recorder(Rc<RefCell<Log>>);

impl Storage for Recorder {
    fn add_bookmark(&mut self, bookmark: Bookmark) -> String {
        let id = bookmark.id.clone();
        self.0.borrow_mut().added.push(bookmark);
        id
    }
    fn remove_bookmark(&mut self, id: &str) {
        self.0.borrow_mut().removed.push(id.to_string());
    }
    fn update_note(&mut self, id: &str, note: Option<String>) {
        self.0.borrow_mut().notes.push((id.to_string(), note));
    }
    fn push_search_history(&mut self, pattern: &str) {
        self.0.borrow_mut().history.push(pattern.to_string());
    }
    fn set_position(&mut self, _doc: &Document, _key: Option<&str>, position: Position) {
        self.0.borrow_mut().position = Some(position);
    }
    fn save(&mut self) -> Result<(), StorageError> {
        self.0.borrow_mut().saves += 1;
        Ok(())
    }
    fn write_export(&mut self, markdown: &str) -> Result<String, StorageError> {
        self.0.borrow_mut().exports.push(markdown.to_string());
        Ok("/somewhere/report-bookmarks.md".to_string())
    }
}

/// The sample with a recording storage and `session`'s remembered state.
fn recorded(columns: u16, rows: u16, session: Session) -> (App, Recorder) {
    let mut app = app(sample(), columns, rows);
    let recorder = Recorder::default();
    app.open_session(Session {
        storage: Box::new(recorder.clone()),
        ..session
    });
    (app, recorder)
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::InsertChar(c));
    }
}

fn search_for(app: &mut App, pattern: &str) {
    update(app, Action::Search);
    type_text(app, pattern);
}

fn sample_hits(pattern: &str) -> crate::search::Hits {
    find_all(
        &sample(),
        &Matcher::new(pattern, SearchOptions::default()).unwrap(),
    )
}

/// True when the first line of the selected match is on screen.
fn current_on_screen(app: &App) -> bool {
    let hit = *app.view().active_search().unwrap().current_hit().unwrap();
    app.view().rows().iter().any(|row| {
        row.pos.block == hit.block
            && row
                .line
                .is_some_and(|l| l.start <= hit.start && hit.start < l.end.max(l.start + 1))
    })
}

#[test]
fn search_as_you_type_highlights_and_moves_to_the_first_match_after_the_reading_position() {
    let mut app = app(sample(), 80, 24);
    press(&mut app, &vec![Action::NextSection; 3]);
    let origin = app.view().top();
    update(&mut app, Action::Search);
    assert_eq!(app.mode(), Mode::Search);
    assert!(app.view().active_search().is_none());
    update(&mut app, Action::InsertChar('协'));
    let one = app.view().active_search().unwrap().hits.len();
    update(&mut app, Action::InsertChar('商'));
    let search = app.view().active_search().unwrap();
    let expected = sample_hits("协商");
    assert_eq!(search.hits.len(), expected.len());
    assert_eq!(expected.len(), 50, "the README's figure for the sample");
    assert!(one >= search.hits.len());
    // The first match at or after where reading stood, and it is on screen.
    assert_eq!(search.current, expected.at_or_after(origin));
    assert!(current_on_screen(&app));
    let screen = crate::ui::render_to_string(&app).unwrap();
    let status = screen.lines().last().unwrap();
    let current = search.current.unwrap() + 1;
    assert!(status.starts_with("/协商"), "{status}");
    assert!(status.contains(&format!("{current}/50")), "{status}");
    // Backspace narrows back; the text never strays from where the box opened.
    update(&mut app, Action::DeleteChar);
    assert_eq!(app.view().active_search().unwrap().hits.len(), one);
    update(&mut app, Action::DeleteChar);
    assert!(app.view().active_search().is_none());
    assert_eq!(app.view().top(), origin);
}

/// Each character typed looks only where the pattern before it matched, and finds what a
/// search of the whole document finds, as it grows, shrinks and changes its options.
#[test]
fn a_search_typed_character_by_character_finds_what_a_whole_search_finds() {
    let mut app = app(sample(), 80, 24);
    update(&mut app, Action::Search);
    let hits = |app: &App| {
        app.view()
            .active_search()
            .map(|a| (a.pattern.clone(), a.hits.clone()))
    };
    for c in "协商民主".chars() {
        update(&mut app, Action::InsertChar(c));
        let (pattern, found) = hits(&app).unwrap();
        assert_eq!(found, sample_hits(&pattern), "{pattern}");
    }
    update(&mut app, Action::DeleteChar);
    let (pattern, found) = hits(&app).unwrap();
    assert_eq!(
        (pattern.as_str(), &found),
        ("协商民", &sample_hits("协商民"))
    );
    // With traditional and simplified folded together, `協` finds `协`.
    update(&mut app, Action::ToggleVariants);
    let variants = SearchOptions {
        fold_variants: true,
        ..SearchOptions::default()
    };
    let (_, found) = hits(&app).unwrap();
    assert_eq!(
        found,
        find_all(&sample(), &Matcher::new("协商民", variants).unwrap())
    );
    for _ in 0..3 {
        update(&mut app, Action::DeleteChar);
    }
    update(&mut app, Action::InsertChar('協'));
    let (_, found) = hits(&app).unwrap();
    assert!(!found.is_empty());
    assert_eq!(
        found,
        find_all(&sample(), &Matcher::new("協", variants).unwrap())
    );
}

/// A search done a part at a time: each keystroke, and each turn of the event loop after it,
/// looks in a few blocks only; the status counts what is found (`+` while looking); the text
/// goes to the first match after where the box opened as soon as one is found, and the search
/// ends with every match.
#[test]
fn a_search_is_done_a_part_at_a_time_and_ends_whole() {
    let mut app = app(sample(), 80, 24);
    app.view_mut().search.budget = crate::search::Budget::Blocks(5);
    press(&mut app, &vec![Action::NextSection; 3]);
    let origin = app.view().top();
    update(&mut app, Action::Search);
    update(&mut app, Action::InsertChar('协'));
    assert!(app.search_under_way());
    let partial = app.view().active_search().unwrap().hits.clone();
    assert!(partial.len() < sample_hits("协").len());
    assert!(partial.iter().all(|h| h.block >= origin.block));
    let screen = crate::ui::render_to_string(&app).unwrap();
    assert!(screen.lines().last().unwrap().contains('+'), "{screen}");
    let mut turns = 0;
    while app.search_under_way() {
        update(&mut app, Action::ContinueSearch);
        turns += 1;
        assert!(turns < 500);
    }
    assert!(turns > 5, "{turns}");
    let search = app.view().active_search().unwrap();
    let expected = sample_hits("协");
    assert_eq!(search.hits, expected);
    assert_eq!(search.current, expected.at_or_after(origin));
    assert!(current_on_screen(&app));
    let screen = crate::ui::render_to_string(&app).unwrap();
    assert!(!screen.lines().last().unwrap().contains('+'), "{screen}");
    // A character typed before the search ends starts it again; Enter finishes it.
    update(&mut app, Action::InsertChar('商'));
    update(&mut app, Action::ContinueSearch);
    update(&mut app, Action::InsertChar('民'));
    assert!(app.search_under_way());
    update(&mut app, Action::Accept);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(!app.search_under_way());
    let search = app.view().active_search().unwrap();
    assert!(search.is_complete());
    assert_eq!(search.hits, sample_hits("协商民"));
    // The loop's turns reach no other mode, and leave a message be.
    app.message = Some("kept".to_string());
    update(&mut app, Action::ContinueSearch);
    assert_eq!(app.message.as_deref(), Some("kept"));
    // `n` in the box looks on from a whole search.
    update(&mut app, Action::Search);
    update(&mut app, Action::InsertChar('商'));
    assert!(app.search_under_way());
    update(&mut app, Action::SearchNext);
    assert!(!app.search_under_way());
    assert_eq!(app.view().active_search().unwrap().hits, sample_hits("商"));
}

/// When the first part of a search finds nothing after where the box opened, the text goes to
/// the first match a later part finds.
#[test]
fn a_later_part_of_a_search_shows_its_first_match() {
    let mut app = app(sample(), 80, 24);
    app.view_mut().search.budget = crate::search::Budget::Blocks(1);
    press(&mut app, &[Action::NextSection, Action::NextSection]);
    let origin = app.view().top();
    let expected = sample_hits("协商");
    let first = expected.at_or_after(origin).unwrap();
    let first_block = expected.get(first).unwrap().block;
    assert!(
        first_block > origin.block,
        "the pattern is in the block the box opens at"
    );
    update(&mut app, Action::Search);
    for c in "协商".chars() {
        update(&mut app, Action::InsertChar(c));
    }
    assert_eq!(app.view().active_search().unwrap().current, None);
    while app.search_under_way() {
        update(&mut app, Action::ContinueSearch);
    }
    assert_eq!(app.view().active_search().unwrap().current, Some(first));
    assert!(current_on_screen(&app));
}

#[test]
fn esc_returns_to_where_you_were_and_restores_the_previous_search() {
    let mut app = app(sample(), 80, 24);
    search_for(&mut app, "强省会");
    update(&mut app, Action::Accept);
    assert_eq!(app.mode(), Mode::Normal);
    let before = app.view().top();
    let kept = app.view().active_search().unwrap().hits.len();
    // A new search that moves the text, then Esc.
    search_for(&mut app, "民生");
    assert_ne!(app.view().top(), before, "the view moved to a match");
    update(&mut app, Action::Cancel);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.view().top(), before);
    assert_eq!(app.view().active_search().unwrap().pattern, "强省会");
    assert_eq!(app.view().active_search().unwrap().hits.len(), kept);
    // Esc in the reading pane clears the highlights.
    update(&mut app, Action::Cancel);
    assert!(app.view().active_search().is_none());
}

#[test]
fn n_and_shift_n_step_through_the_matches_and_wrap_around() {
    let mut app = app(sample(), 80, 24);
    search_for(&mut app, "协商");
    update(&mut app, Action::Accept);
    assert_eq!(app.view().active_search().unwrap().current, Some(0));
    update(&mut app, Action::SearchNext);
    assert_eq!(app.view().active_search().unwrap().current, Some(1));
    assert!(current_on_screen(&app));
    update(&mut app, Action::SearchPrev);
    assert_eq!(app.view().active_search().unwrap().current, Some(0));
    assert!(app.message.is_none());
    // Before the first: the last, and a note that it wrapped.
    update(&mut app, Action::SearchPrev);
    assert_eq!(app.view().active_search().unwrap().current, Some(49));
    assert!(app.message.as_deref().unwrap().contains("wrapped"));
    assert!(current_on_screen(&app));
    update(&mut app, Action::SearchNext);
    assert_eq!(app.view().active_search().unwrap().current, Some(0));
    assert!(app.message.as_deref().unwrap().contains("wrapped"));
    // Scrolled away from the selected match, n goes to the first match from the top of the
    // pane, not back to the old one.
    press(&mut app, &vec![Action::NextSection; 3]);
    let top = app.view().top();
    update(&mut app, Action::SearchNext);
    assert_eq!(
        app.view().active_search().unwrap().current,
        sample_hits("协商").at_or_after(top)
    );
    // Every match can be reached, and the status bar counts.
    for _ in 0..60 {
        update(&mut app, Action::SearchNext);
        assert!(current_on_screen(&app));
    }
    let screen = crate::ui::render_to_string(&app).unwrap();
    let current = app.view().active_search().unwrap().current.unwrap() + 1;
    assert!(
        screen
            .lines()
            .last()
            .unwrap()
            .contains(&format!(" {current}/50 "))
    );
    // Without a search, n says what to do.
    update(&mut app, Action::Cancel);
    update(&mut app, Action::SearchNext);
    assert!(app.message.as_deref().unwrap().contains('/'));
}

#[test]
fn no_match_and_a_bad_regular_expression_say_so_without_moving() {
    let mut app = app(sample(), 80, 24);
    let top = app.view().top();
    search_for(&mut app, "没有这个词组");
    assert_eq!(app.view().active_search().unwrap().hits.len(), 0);
    let screen = crate::ui::render_to_string(&app).unwrap();
    assert!(screen.lines().last().unwrap().contains("no match"));
    update(&mut app, Action::Accept);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(app.view().active_search().is_none());
    assert!(app.message.as_deref().unwrap().contains("no match"));
    assert_eq!(app.view().top(), top);

    update(&mut app, Action::Search);
    update(&mut app, Action::ToggleRegex);
    type_text(&mut app, "(协商");
    let error = prompt(&app).error.clone().unwrap();
    assert!(error.contains("regular expression"), "{error}");
    let screen = crate::ui::render_to_string(&app).unwrap();
    assert!(
        screen.lines().last().unwrap().contains("invalid regular"),
        "{screen}"
    );
    // Enter keeps the box open while the pattern is wrong.
    update(&mut app, Action::Accept);
    assert_eq!(app.mode(), Mode::Search);
    type_text(&mut app, ")|政协");
    assert!(prompt(&app).error.is_none());
    assert!(app.view().active_search().unwrap().hits.len() > 50);
    assert!(app.view().search_options().regex, "the toggle stays on");
}

#[test]
fn traditional_and_simplified_fold_together_on_request() {
    let doc = doc::parse("中國人民政治協商會議\n\n中国人民政治协商会议\n");
    let mut app = app(doc, 80, 24);
    search_for(&mut app, "政治协商");
    assert_eq!(app.view().active_search().unwrap().hits.len(), 1);
    update(&mut app, Action::ToggleVariants);
    assert_eq!(app.view().active_search().unwrap().hits.len(), 2);
    assert!(crate::ui::render_to_string(&app).unwrap().contains("繁=简"));
    update(&mut app, Action::ToggleVariants);
    assert_eq!(app.view().active_search().unwrap().hits.len(), 1);
}

#[test]
fn the_search_history_is_recalled_with_up_and_down_and_recorded() {
    let (mut app, recorder) = recorded(
        80,
        24,
        Session {
            history: vec!["民生".to_string(), "强省会".to_string()],
            ..Session::default()
        },
    );
    update(&mut app, Action::Search);
    type_text(&mut app, "协");
    update(&mut app, Action::LineUp);
    assert_eq!(prompt(&app).input.text(), "强省会");
    assert!(!app.view().active_search().unwrap().hits.is_empty());
    update(&mut app, Action::LineUp);
    assert_eq!(prompt(&app).input.text(), "民生");
    update(&mut app, Action::LineUp);
    assert_eq!(prompt(&app).input.text(), "民生", "the oldest stays");
    update(&mut app, Action::LineDown);
    assert_eq!(prompt(&app).input.text(), "强省会");
    update(&mut app, Action::LineDown);
    assert_eq!(prompt(&app).input.text(), "协", "back to what was typed");
    type_text(&mut app, "商");
    update(&mut app, Action::Accept);
    assert_eq!(app.search_history(), ["民生", "强省会", "协商"]);
    assert_eq!(recorder.0.borrow().history, ["协商"]);
    // A pattern used again moves to the end, once.
    search_for(&mut app, "民生");
    update(&mut app, Action::Accept);
    assert_eq!(app.search_history(), ["强省会", "协商", "民生"]);
}

#[test]
fn the_match_list_groups_by_section_and_jumps() {
    let mut app = app(sample(), 100, 30);
    search_for(&mut app, "协商");
    // Tab in the box accepts and opens the list; S does it from the reading pane.
    update(&mut app, Action::SearchMatches);
    assert_eq!(app.mode(), Mode::Matches);
    let list = match_list(&app);
    let hit_rows: Vec<usize> = list
        .rows
        .iter()
        .filter_map(|r| match r {
            search::MatchRow::Hit(i) => Some(*i),
            search::MatchRow::Section(_) => None,
        })
        .collect();
    assert_eq!(hit_rows, (0..50).collect::<Vec<_>>());
    // A heading opens every group, and the hits under it are in that section.
    let mut section = None;
    for row in &list.rows {
        match row {
            search::MatchRow::Section(s) => section = Some(*s),
            search::MatchRow::Hit(i) => {
                let hit = app.view().active_search().unwrap().hits.get(*i).unwrap();
                assert_eq!(Some(app.view().doc.blocks[hit.block].section), section);
            }
        }
    }
    assert_eq!(list.selected_hit(), Some(0));
    press(
        &mut app,
        &[Action::LineDown, Action::LineDown, Action::LineDown],
    );
    assert_eq!(match_list(&app).selected_hit(), Some(3));
    update(&mut app, Action::Bottom);
    assert_eq!(match_list(&app).selected_hit(), Some(49));
    update(&mut app, Action::LineUp);
    update(&mut app, Action::Accept);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.view().active_search().unwrap().current, Some(48));
    assert!(current_on_screen(&app));
    // Esc closes the list without moving.
    let top = app.view().top();
    press(
        &mut app,
        &[Action::SearchMatches, Action::Top, Action::Cancel],
    );
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.view().top(), top);
    // Without a search there is nothing to list.
    update(&mut app, Action::Cancel);
    update(&mut app, Action::SearchMatches);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(app.message.is_some());
}

#[test]
fn bookmark_the_paragraph_at_the_top_with_a_note_edit_and_delete_it() {
    let (mut app, recorder) = recorded(80, 24, Session::default());
    press(&mut app, &[Action::NextSection, Action::NextSection]);
    let block = app.view().top().block;
    update(&mut app, Action::Bookmark);
    assert_eq!(app.mode(), Mode::Note);
    let added = recorder.0.borrow().added[0].clone();
    assert_eq!(added.start, Position::new(block, 0));
    assert_eq!(
        added.end,
        Position::new(block, app.view().doc.blocks[block].char_len())
    );
    assert_eq!(added.quote, app.view().doc.blocks[block].text);
    // The margin marks it already.
    let line = app.view().rows()[0].line.unwrap();
    assert!(app.view().is_bookmarked(block, line.start, line.end));
    assert!(!app.view().is_bookmarked(block + 1, 0, 1));
    type_text(&mut app, "两大主题x");
    update(&mut app, Action::DeleteChar);
    update(&mut app, Action::Accept);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.message.as_deref(), Some("bookmarked"));
    assert_eq!(
        recorder.0.borrow().notes,
        [(added.id.clone(), Some("两大主题".to_string()))]
    );
    assert_eq!(recorder.0.borrow().saves, 1);
    assert_eq!(
        app.view().bookmarks().items()[0].bookmark.note.as_deref(),
        Some("两大主题")
    );

    // m on the same passage edits its note rather than bookmarking it twice.
    update(&mut app, Action::Bookmark);
    assert_eq!(app.mode(), Mode::Note);
    assert_eq!(note(&app).input.text(), "两大主题");
    update(&mut app, Action::Cancel);
    assert_eq!(app.view().bookmarks().items().len(), 1);
    assert_eq!(recorder.0.borrow().added.len(), 1);

    // The list: e edits the note, d asks, y deletes.
    update(&mut app, Action::Top);
    update(&mut app, Action::Bookmarks);
    assert_eq!(app.mode(), Mode::Bookmarks);
    update(&mut app, Action::EditNote);
    assert_eq!(app.mode(), Mode::Note);
    update(&mut app, Action::DeleteChar);
    type_text(&mut app, "题！");
    update(&mut app, Action::Accept);
    assert_eq!(app.mode(), Mode::Bookmarks, "back to the list");
    assert_eq!(
        app.view().bookmarks().items()[0].bookmark.note.as_deref(),
        Some("两大主题！")
    );
    update(&mut app, Action::DeleteBookmark);
    assert!(picker(&app).confirm_delete);
    let screen = crate::ui::render_to_string(&app).unwrap();
    assert!(screen.contains("Delete this bookmark?"), "{screen}");
    update(&mut app, Action::Cancel);
    assert_eq!(
        app.view().bookmarks().items().len(),
        1,
        "any other key keeps it"
    );
    assert_eq!(app.mode(), Mode::Bookmarks);
    update(&mut app, Action::DeleteBookmark);
    update(&mut app, Action::Accept);
    assert!(app.view().bookmarks().items().is_empty());
    assert_eq!(recorder.0.borrow().removed, [added.id]);
    assert!(!app.view().is_bookmarked(block, line.start, line.end));
    // Enter in the list jumps; on an empty list it does nothing.
    update(&mut app, Action::Accept);
    assert_eq!(app.mode(), Mode::Bookmarks);
    update(&mut app, Action::Cancel);
    assert_eq!(app.mode(), Mode::Normal);
}

#[test]
fn bookmark_the_selected_match_and_jump_back_to_it_from_the_list() {
    let (mut app, recorder) = recorded(80, 24, Session::default());
    search_for(&mut app, "协商");
    update(&mut app, Action::Accept);
    update(&mut app, Action::SearchNext);
    let hit = *app.view().active_search().unwrap().current_hit().unwrap();
    update(&mut app, Action::Bookmark);
    update(&mut app, Action::Cancel);
    assert_eq!(app.message.as_deref(), Some("bookmarked without a note"));
    let added = recorder.0.borrow().added[0].clone();
    // The match's sentence, a passage to quote, not the bare search word.
    let text = &app.view().doc.blocks[hit.block].text;
    let sentence = &text[crate::text::sentences::sentence_at(text, hit.start)];
    assert_eq!(added.quote, sentence);
    assert!(added.quote.contains("协商") && added.quote.chars().count() > 2);
    assert!(added.start <= hit.position() && added.end >= hit.end_position());
    assert_eq!(added.note, None);
    update(&mut app, Action::Bottom);
    update(&mut app, Action::Bookmarks);
    update(&mut app, Action::Accept);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.view().top_row().block, hit.block);
}

/// A bookmark of the sample at `start..end`, as the state file would give it back.
fn anchored(app: &App, start: Position, end: Position, status: AnchorStatus) -> AnchoredBookmark {
    let mut bookmark =
        crate::store::StateStore::new_bookmark(&app.view().doc, Some("s"), start, end, None)
            .unwrap();
    bookmark.note = Some("旧笔记".to_string());
    AnchoredBookmark { bookmark, status }
}

#[test]
fn orphaned_bookmarks_are_shown_as_such_and_kept() {
    let probe = app(sample(), 100, 30);
    let kept = anchored(
        &probe,
        Position::new(5, 0),
        Position::new(5, 6),
        AnchorStatus::Exact,
    );
    let mut orphan = anchored(
        &probe,
        Position::new(3, 0),
        Position::new(3, 4),
        AnchorStatus::Orphaned,
    );
    orphan.bookmark.quote = "已删除的段落".to_string();
    orphan.bookmark.orphaned = true;
    // Given in any order: the list shows document order, orphans last.
    let (mut app, recorder) = recorded(
        100,
        30,
        Session {
            bookmarks: vec![orphan.clone(), kept.clone()],
            ..Session::default()
        },
    );
    let items = app.view().bookmarks().items();
    assert_eq!(items[0].bookmark.id, kept.bookmark.id);
    assert_eq!(items[1].status, AnchorStatus::Orphaned);
    // Not marked in the margin: its old position means nothing in this text.
    assert!(!app.view().is_bookmarked(3, 0, 3));
    assert!(app.view().is_bookmarked(5, 0, 3));
    update(&mut app, Action::Bookmarks);
    let screen = crate::ui::render_to_string(&app).unwrap();
    assert!(screen.contains("(not found in this text)"), "{screen}");
    assert!(screen.contains("已删除的段落"));
    update(&mut app, Action::LineDown);
    let top = app.view().top();
    update(&mut app, Action::Accept);
    assert_eq!(app.mode(), Mode::Bookmarks);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("not in the current text")
    );
    assert_eq!(app.view().top(), top);
    // Exported too, and nothing was removed.
    update(&mut app, Action::Export);
    let export = recorder.0.borrow().exports[0].clone();
    assert!(
        export.contains("已删除的段落") && export.contains("Not found"),
        "{export}"
    );
    assert!(recorder.0.borrow().removed.is_empty());
    assert_eq!(app.view().bookmarks().items().len(), 2);
}

#[test]
fn the_reading_position_is_restored_and_saved() {
    // A position in the middle of a line: it comes back exactly, at any size.
    let probe = app(sample(), 80, 24);
    let block = probe.view().doc.sections[2].block + 1;
    let position = Position::new(block, 7);
    for (columns, rows) in [(80, 24), (41, 20), (200, 60)] {
        let (mut app, recorder) = recorded(
            columns,
            rows,
            Session {
                position: Some(position),
                ..Session::default()
            },
        );
        assert_eq!(app.view().top(), position, "{columns}x{rows}");
        assert_eq!(app.view().top_row().block, block);
        // Resizing keeps it; saving writes it.
        update(
            &mut app,
            Action::Resize {
                columns: 90,
                rows: 30,
            },
        );
        app.save_session().unwrap();
        assert_eq!(recorder.0.borrow().position, Some(position));
        assert_eq!(recorder.0.borrow().saves, 1);
        // Moving changes it.
        update(&mut app, Action::PageDown);
        app.save_session().unwrap();
        assert_eq!(recorder.0.borrow().position, Some(app.view().top()));
        assert_ne!(app.view().top(), position);
    }
    // A position beyond the document is ignored rather than trusted.
    let (app, _) = recorded(
        80,
        24,
        Session {
            position: Some(Position::new(1_000_000, 0)),
            ..Session::default()
        },
    );
    assert_eq!(app.view().top(), Position::new(0, 0));
}

#[test]
fn export_goes_through_the_storage_and_says_where() {
    let (mut app, recorder) = recorded(80, 24, Session::default());
    update(&mut app, Action::Export);
    assert!(app.message.as_deref().unwrap().contains("no bookmarks"));
    assert!(recorder.0.borrow().exports.is_empty());
    update(&mut app, Action::NextSection);
    update(&mut app, Action::Bookmark);
    type_text(&mut app, "要点");
    update(&mut app, Action::Accept);
    update(&mut app, Action::Export);
    assert_eq!(
        app.message.as_deref(),
        Some("exported 1 bookmark to /somewhere/report-bookmarks.md")
    );
    let markdown = recorder.0.borrow().exports[0].clone();
    let title = app.view().doc.meta.title.clone().unwrap();
    assert!(markdown.starts_with(&format!("# {title}")), "{markdown}");
    assert!(markdown.contains("Note: 要点"));
    // The default storage writes nothing and says so.
    let mut plain = self::app(sample(), 80, 24);
    press(
        &mut plain,
        &[Action::Bookmark, Action::Accept, Action::Export],
    );
    assert!(
        plain
            .message
            .as_deref()
            .unwrap()
            .starts_with("not exported")
    );
}

#[test]
fn a_storage_that_cannot_save_says_so_and_keeps_the_session_going() {
    let mut app = app(sample(), 100, 30);
    app.open_session(Session {
        storage: Box::new(SessionOnly::failing(
            "cannot read state file s.toml: line 2",
        )),
        warning: Some("cannot read state file s.toml: line 2 — not saving".to_string()),
        ..Session::default()
    });
    assert!(app.message.as_deref().unwrap().contains("s.toml"));
    let screen = crate::ui::render_to_string(&app).unwrap();
    assert!(
        screen.lines().last().unwrap().contains("not saving"),
        "{screen}"
    );
    press(&mut app, &[Action::Bookmark, Action::Accept]);
    let message = app.message.clone().unwrap();
    assert!(
        message.contains("this session only") && message.contains("s.toml"),
        "{message}"
    );
    assert_eq!(app.view().bookmarks().items().len(), 1);
    assert!(app.save_session().is_err());
}

#[test]
fn keys_in_the_search_box_and_the_bookmark_list() {
    let mut app = app(sample(), 80, 24);
    update(&mut app, Action::Search);
    for (key, action) in [
        (Key::char('n'), Action::InsertChar('n')),
        (Key::char('q'), Action::InsertChar('q')),
        (Key::ctrl('r'), Action::ToggleRegex),
        (Key::ctrl('t'), Action::ToggleVariants),
        (Key::ctrl('n'), Action::SearchNext),
        (Key::new(KeyCode::Up), Action::LineUp),
        (Key::new(KeyCode::Tab), Action::SearchMatches),
        (Key::new(KeyCode::Enter), Action::Accept),
        (Key::new(KeyCode::Esc), Action::Cancel),
        (Key::ctrl('c'), Action::Quit),
    ] {
        assert_eq!(input::action_for_key(&app, key), Some(action), "{key}");
    }
    update(&mut app, Action::Cancel);
    for (key, action) in [
        (Key::char('n'), Action::SearchNext),
        (Key::char('N'), Action::SearchPrev),
        (Key::char('S'), Action::SearchMatches),
        (Key::char('m'), Action::Bookmark),
        (Key::char('\''), Action::Bookmarks),
        (Key::char('B'), Action::Bookmarks),
        (Key::char('x'), Action::Export),
        (Key::char('d'), Action::HalfPageDown),
    ] {
        assert_eq!(input::action_for_key(&app, key), Some(action), "{key}");
    }
    press(
        &mut app,
        &[Action::Bookmark, Action::Accept, Action::Bookmarks],
    );
    assert_eq!(
        input::action_for_key(&app, Key::char('d')),
        Some(Action::DeleteBookmark)
    );
    assert_eq!(
        input::action_for_key(&app, Key::char('e')),
        Some(Action::EditNote)
    );
    assert_eq!(
        input::action_for_key(&app, Key::char('j')),
        Some(Action::LineDown)
    );
    update(&mut app, Action::DeleteBookmark);
    assert_eq!(
        input::action_for_key(&app, Key::char('y')),
        Some(Action::Accept)
    );
    assert_eq!(
        input::action_for_key(&app, Key::char('j')),
        Some(Action::Cancel)
    );
}

// ---------------------------------------------------------------------------------------------
// Overlays carry their state; hints follow the keymap; text boxes edit and paste; two views.

#[test]
fn esc_from_search_returns_to_no_overlay_and_keeps_the_view() {
    let mut app = app(sample(), 80, 24);
    press(&mut app, &[Action::NextSection, Action::LineDown]);
    let (top, outline_cursor) = (app.view().top(), app.view().outline.cursor());
    update(&mut app, Action::Search);
    type_text(&mut app, "协商");
    assert_ne!(app.view().top(), top, "the first match was shown");
    update(&mut app, Action::Cancel);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.view().top(), top);
    assert_eq!(app.view().outline.cursor(), outline_cursor);
    assert!(app.view().active_search().is_none());
}

#[test]
fn a_search_overlay_holds_its_query_and_origin() {
    let mut app = app(sample(), 80, 24);
    update(&mut app, Action::Search);
    type_text(&mut app, "民生");
    // The mode is read from the overlay, which holds the text typed: they cannot disagree.
    assert_eq!(app.mode(), Mode::Search);
    assert_eq!(prompt(&app).input.text(), "民生");
    // Backspace to empty and once more leaves the box, and the overlay with it.
    press(
        &mut app,
        &[Action::DeleteChar, Action::DeleteChar, Action::DeleteChar],
    );
    assert!(matches!(app.overlay, Overlay::None));
}

#[test]
fn overlays_hand_over_their_state() {
    let mut app = app(sample(), 80, 24);
    // Help from the heading filter: the filter ends with its overlay.
    update(&mut app, Action::FilterOutline);
    type_text(&mut app, "gz");
    assert!(app.view().outline.filter().is_some());
    update(&mut app, Action::Help);
    assert_eq!(app.mode(), Mode::Help);
    assert!(app.view().outline.filter().is_none());
    // q closes the help, not the reader; ctrl-c (Quit) from a note quits, keeping the bookmark.
    update(&mut app, Action::Quit);
    assert!(matches!(app.overlay, Overlay::None) && !app.quit);
    update(&mut app, Action::Bookmark);
    assert_eq!(app.mode(), Mode::Note);
    update(&mut app, Action::Quit);
    assert!(app.quit);
    assert_eq!(app.view().bookmarks().len(), 1);
    // A resize keeps whatever is open.
    let mut app = self::app(sample(), 80, 24);
    update(&mut app, Action::Search);
    type_text(&mut app, "协");
    update(
        &mut app,
        Action::Resize {
            columns: 60,
            rows: 20,
        },
    );
    assert_eq!(prompt(&app).input.text(), "协");
    assert_eq!(app.screen(), Rect::new(0, 0, 60, 20));
}

#[test]
fn the_search_box_edits_in_the_middle_and_takes_pastes() {
    let mut app = app(sample(), 80, 24);
    update(&mut app, Action::Search);
    type_text(&mut app, "协会");
    press(&mut app, &[Action::CursorLeft, Action::InsertChar('商')]);
    assert_eq!(prompt(&app).input.text(), "协商会");
    press(&mut app, &[Action::CursorHome, Action::DeleteCharAfter]);
    assert_eq!(prompt(&app).input.text(), "商会");
    update(&mut app, Action::CursorEnd);
    update(&mut app, Action::Paste("议\n".to_string()));
    assert_eq!(prompt(&app).input.text(), "商会议");
    // The pattern in the box is what is searched for.
    let count = app.view().active_search().map(|s| s.pattern.clone());
    assert_eq!(count.as_deref(), Some("商会议"));
    // The note box and the filter edit the same way.
    update(&mut app, Action::Cancel);
    update(&mut app, Action::Bookmark);
    update(&mut app, Action::Paste("两大主题".to_string()));
    press(
        &mut app,
        &[Action::CursorLeft, Action::CursorLeft, Action::DeleteChar],
    );
    assert_eq!(note(&app).input.text(), "两主题");
    update(&mut app, Action::Cancel);
    update(&mut app, Action::FilterOutline);
    update(&mut app, Action::Paste("gz".to_string()));
    assert_eq!(
        app.view().outline.filter().map(|f| f.text.as_str()),
        Some("gz")
    );
}

#[test]
fn pasted_text_goes_only_into_a_text_box() {
    use ratatui::crossterm::event::Event;
    let mut app = app(sample(), 80, 24);
    let paste = Event::Paste("jjjq".to_string());
    assert_eq!(input::action_for_event(&app, &paste), None);
    update(&mut app, Action::Search);
    assert_eq!(
        input::action_for_event(&app, &paste),
        Some(Action::Paste("jjjq".to_string()))
    );
}

#[test]
fn rebinding_a_key_changes_the_hint() {
    let config = Config::default()
        .overlaid("[keys]\n\"?\" = \"none\"\nH = \"help\"\n\"ctrl-g\" = \"cancel\"\n")
        .unwrap();
    let mut app = App::new(sample(), "t", config, AmbiguousWidth::Narrow, 100, 24);
    let screen = crate::ui::render_to_string(&app).unwrap();
    let status = screen.lines().last().unwrap();
    assert!(status.contains("H help"), "{status}");
    assert!(!status.contains("? help"), "{status}");
    update(&mut app, Action::Help);
    let screen = crate::ui::render_to_string(&app).unwrap();
    // Esc is still bound to cancel, and a key without a modifier is the one named; the help
    // lists ctrl-g too.
    assert!(screen.contains("Esc close"), "{screen}");
    let lines = crate::ui::help::lines(&app);
    assert!(lines.iter().any(|(keys, _)| keys.contains("ctrl-g")));
    assert!(
        lines
            .iter()
            .any(|(keys, what)| keys == "H, f1" && what.contains("help"))
    );
    // Unbinding Esc: the hint names the key that is left.
    let config = Config::default()
        .overlaid("[keys]\nesc = \"none\"\n\"ctrl-g\" = \"cancel\"\n")
        .unwrap();
    let mut app = App::new(sample(), "t", config, AmbiguousWidth::Narrow, 100, 24);
    update(&mut app, Action::Help);
    let screen = crate::ui::render_to_string(&app).unwrap();
    assert!(screen.contains("ctrl-g close"), "{screen}");
}

#[test]
fn two_views_keep_their_own_place() {
    let mut app = app(sample(), 80, 24);
    update(&mut app, Action::Bottom);
    let bottom = app.view().top();
    let other = app.open_view(doc_with_levels(&[1, 2, 1], &[]), "other");
    assert_eq!(app.views().len(), 2);
    assert_eq!(
        app.view().top(),
        bottom,
        "opening a view does not switch to it"
    );
    app.set_active(other);
    assert_eq!(app.view().name, "other");
    assert_eq!(app.view().top(), Position::new(0, 0));
    update(&mut app, Action::NextSibling);
    app.set_active(0);
    assert_eq!(app.view().top(), bottom);
    assert_eq!(app.views()[other].current_section(), Some(2));
}

#[test]
fn a_bookmark_quotes_its_passage_and_keeps_its_place_in_the_whole_document() {
    let (mut app, recorder) = recorded(80, 24, Session::default());
    press(
        &mut app,
        &[Action::NextSection, Action::NextSection, Action::LineDown],
    );
    let top = app.view().top();
    update(&mut app, Action::Bookmark);
    let added = recorder.0.borrow().added[0].clone();
    let doc = &app.view().doc;
    assert_eq!(added.start.block, top.block);
    assert_eq!(added.quote, doc.blocks[top.block].text);
    let path: Vec<String> = doc
        .section_path(added.start)
        .into_iter()
        .map(str::to_string)
        .collect();
    assert!(!path.is_empty());
    assert_eq!(added.section, path);
    assert_eq!(added.document, doc.fingerprint);
}

// The jump list, counts, selecting and copying.

fn selection(app: &App) -> &crate::passage::Selection {
    match &app.overlay {
        Overlay::Select(selection) => selection,
        other => panic!("not selecting: {:?}", other.mode()),
    }
}

fn copied(app: &mut App) -> Vec<String> {
    app.take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::Copy(text) => Some(text),
            Effect::CaptureMouse(_) => None,
        })
        .collect()
}

#[test]
fn the_jump_list_goes_back_and_forward_over_jumps_not_scrolling() {
    let mut app = app(sample(), 80, 24);
    let start = app.view().top();
    press(&mut app, &[Action::NextSection, Action::NextSection]);
    // Scrolling is no jump: back goes to where the section key was pressed.
    press(&mut app, &[Action::LineDown, Action::LineDown]);
    let scrolled = app.view().top();
    update(&mut app, Action::Bottom);
    update(&mut app, Action::JumpBack);
    assert_eq!(app.view().top(), scrolled);
    update(&mut app, Action::JumpBack);
    assert_eq!(
        app.view().top(),
        Position::new(app.view().doc.sections[0].block, 0)
    );
    update(&mut app, Action::JumpBack);
    assert_eq!(app.view().top(), start);
    update(&mut app, Action::JumpBack);
    assert_eq!(app.message.as_deref(), Some("no earlier jump"));
    // Forward retraces them: the first section, where G was pressed, the end.
    update(&mut app, Action::JumpForward);
    assert_eq!(
        app.view().top(),
        Position::new(app.view().doc.sections[0].block, 0)
    );
    update(&mut app, Action::JumpForward);
    assert_eq!(app.view().top(), scrolled);
    update(&mut app, Action::JumpForward);
    assert!(app.view().at_end());
    update(&mut app, Action::JumpForward);
    assert_eq!(app.message.as_deref(), Some("no later jump"));
}

#[test]
fn an_accepted_search_is_a_jump_from_where_the_box_opened() {
    let mut app = app(sample(), 80, 24);
    update(&mut app, Action::NextSection);
    let before = app.view().top();
    search_for(&mut app, "协商");
    update(&mut app, Action::Accept);
    assert_ne!(app.view().top(), before);
    update(&mut app, Action::JumpBack);
    assert_eq!(app.view().top(), before);
    // A search given up (Esc) is no jump.
    search_for(&mut app, "协商");
    update(&mut app, Action::Cancel);
    update(&mut app, Action::JumpBack);
    // Back past the section key: the top of the document.
    assert_eq!(app.view().top(), Position::new(0, 0));
}

#[test]
fn a_count_repeats_a_move_and_a_percentage_goes_there() {
    let mut one = app(sample(), 80, 24);
    let mut counted = app(sample(), 80, 24);
    for _ in 0..5 {
        update(&mut one, Action::LineDown);
    }
    press(&mut counted, &[Action::Digit(5), Action::LineDown]);
    assert_eq!(counted.view().top_row(), one.view().top_row());
    assert_eq!(counted.pending_count, None);
    // 3] is the third section.
    update(&mut counted, Action::Top);
    press(&mut counted, &[Action::Digit(3), Action::NextSection]);
    assert_eq!(counted.view().current_section(), Some(2));
    // The count shows in the status bar while it is typed; a lone 0 is none.
    press(
        &mut counted,
        &[Action::Digit(0), Action::Digit(1), Action::Digit(2)],
    );
    assert_eq!(counted.pending_count, Some(12));
    let screen = crate::ui::render_to_string(&counted).unwrap();
    assert!(screen.lines().last().unwrap().contains(" 12 "), "{screen}");
    update(&mut counted, Action::Cancel);
    assert_eq!(counted.pending_count, None);
    // 50% goes halfway; % alone says what it wants.
    press(
        &mut counted,
        &[Action::Digit(5), Action::Digit(0), Action::GoToPercent],
    );
    assert!(
        (48..=52).contains(&counted.view().percent()),
        "{}",
        counted.view().percent()
    );
    update(&mut counted, Action::GoToPercent);
    assert!(counted.message.as_deref().unwrap().contains("50%"));
    press(
        &mut counted,
        &[
            Action::Digit(1),
            Action::Digit(0),
            Action::Digit(0),
            Action::GoToPercent,
        ],
    );
    assert!(counted.view().at_end());
    // A huge count stops at the end.
    update(&mut counted, Action::Top);
    for _ in 0..8 {
        update(&mut counted, Action::Digit(9));
    }
    update(&mut counted, Action::LineDown);
    assert!(counted.view().at_end());
}

#[test]
fn a_selection_grows_by_sentence_and_is_copied_with_its_citation() {
    let mut app = app(sample(), 100, 30);
    // The first run-in point (一是……。), a paragraph.
    press(&mut app, &[Action::NextSection, Action::NextSection]);
    update(&mut app, Action::Select);
    assert_eq!(app.mode(), Mode::Select);
    let one = selection(&app).passage().text(&app.view().doc);
    assert!(one.ends_with('。'), "{one}");
    update(&mut app, Action::NextSentence);
    let two = selection(&app).passage().text(&app.view().doc);
    assert!(two.starts_with(&one) && two.len() > one.len(), "{two}");
    update(&mut app, Action::PrevSentence);
    assert_eq!(selection(&app).passage().text(&app.view().doc), one);
    update(&mut app, Action::NextSentence);
    update(&mut app, Action::Copy);
    assert_eq!(app.mode(), Mode::Normal);
    let texts = copied(&mut app);
    assert_eq!(texts.len(), 1);
    let text = &texts[0];
    let title = app.view().doc.meta.title.clone().unwrap();
    let heading = &app.view().doc.sections[1].heading;
    assert!(
        text.starts_with(&format!("> {}", two.split('\n').next().unwrap())),
        "{text}"
    );
    assert!(text.contains(&format!("《{title}》")), "{text}");
    assert!(text.contains(heading.as_str()), "{text}");
    assert!(
        app.message.as_deref().unwrap().starts_with("copied "),
        "{:?}",
        app.message
    );
    // Esc leaves without copying.
    press(&mut app, &[Action::Select, Action::Cancel]);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(copied(&mut app).is_empty());
}

#[test]
fn y_alone_copies_the_sentence_v_would_start_on() {
    let mut app = app(sample(), 100, 30);
    update(&mut app, Action::NextSection);
    update(&mut app, Action::Select);
    let sentence = selection(&app).passage().text(&app.view().doc);
    update(&mut app, Action::Cancel);
    update(&mut app, Action::Copy);
    let texts = copied(&mut app);
    assert!(
        texts[0].starts_with(&format!("> {sentence}\n")),
        "{texts:?}"
    );
}

#[test]
fn moves_by_paragraph_and_character_and_the_other_end() {
    let mut app = app(sample(), 100, 30);
    update(&mut app, Action::NextSection);
    update(&mut app, Action::Select);
    let start = selection(&app).passage();
    update(&mut app, Action::NextSibling);
    let paragraph = selection(&app).passage();
    assert_eq!(paragraph.start, start.start);
    assert!(paragraph.end > start.end);
    // A character back shrinks the end by one.
    update(&mut app, Action::Collapse);
    let shorter = selection(&app).passage();
    assert_eq!(
        shorter.end,
        Position::new(paragraph.end.block, paragraph.end.offset - 1)
    );
    // `o` then a move grows the selection at its start.
    press(&mut app, &[Action::SwapEnds, Action::PrevSentence]);
    assert!(selection(&app).passage().start < start.start);
    // Scrolling keeps the selection.
    update(&mut app, Action::LineDown);
    assert_eq!(app.mode(), Mode::Select);
}

#[test]
fn m_on_a_selection_bookmarks_exactly_it() {
    let (mut app, recorder) = recorded(100, 30, Session::default());
    update(&mut app, Action::NextSection);
    press(&mut app, &[Action::Select, Action::NextSentence]);
    let passage = selection(&app).passage();
    let text = passage.text(&app.view().doc);
    update(&mut app, Action::Bookmark);
    assert_eq!(app.mode(), Mode::Note);
    update(&mut app, Action::Accept);
    let added = recorder.0.borrow().added[0].clone();
    assert_eq!((added.start, added.end), (passage.start, passage.end));
    assert_eq!(added.quote, text);
}

#[test]
fn m_releases_the_mouse_and_takes_it_back() {
    let mut app = app(sample(), 80, 24);
    assert!(app.mouse_captured);
    update(&mut app, Action::ToggleMouse);
    assert!(!app.mouse_captured);
    assert_eq!(app.take_effects(), [Effect::CaptureMouse(false)]);
    assert!(app.message.as_deref().unwrap().contains("M takes it back"));
    update(&mut app, Action::ToggleMouse);
    assert_eq!(app.take_effects(), [Effect::CaptureMouse(true)]);
}

#[test]
fn messages_name_the_keys_as_bound() {
    let rebound = Config::default()
        .overlaid("[keys]\n\"/\" = \"none\"\nF = \"search\"\nS = \"none\"\nL = \"search_matches\"\nm = \"none\"\nB = \"bookmark\"\n")
        .unwrap();
    for (config, search, matches) in [(Config::default(), "/", "S"), (rebound, "F", "L")] {
        let mut app = App::new(sample(), "t", config, AmbiguousWidth::Narrow, 100, 24);
        update(&mut app, Action::SearchNext);
        assert_eq!(
            app.message.as_deref(),
            Some(format!("no search: {search} searches the text").as_str())
        );
        update(&mut app, Action::SearchMatches);
        assert_eq!(
            app.message.as_deref(),
            Some(
                format!("no search: {search} searches the text, then {matches} lists the matches")
                    .as_str()
            )
        );
        if search == "F" {
            update(&mut app, Action::Export);
            assert_eq!(
                app.message.as_deref(),
                Some("no bookmarks to export (B bookmarks the passage at the top)")
            );
        }
    }
}
