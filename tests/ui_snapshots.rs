//! Whole screens of the reader, drawn into ratatui's `TestBackend` and compared as plain text
//! (one line per row, trailing spaces trimmed, a wide character once): the sample report and a
//! law, at odd and even widths, with ambiguous characters narrow and wide, and after moving about.
//! Screens of the search and the bookmarks also list their highlighted runs (search matches,
//! the selected match, the selected row of a list) below the text, since plain text shows no
//! colours.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use gangmu::app::keys::parse_vim_keys;
use gangmu::app::{App, Mode, Session, input, update};
use gangmu::commands::render::render_screen;
use gangmu::config::{Config, Theme};
use gangmu::doc::{self, Document, Position};
use gangmu::layout::AmbiguousWidth;
use gangmu::store::{AnchorStatus, AnchoredBookmark, StateStore};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

mod common;

const LAW: &[u8] = include_bytes!("corpus/law-pipl-2021.txt");

fn sample() -> Document {
    doc::load(gangmu::source::SAMPLE.as_bytes(), None).unwrap()
}

fn law() -> Document {
    doc::load(LAW, None).unwrap()
}

fn screen(doc: Document, size: (u16, u16), ambiguous: AmbiguousWidth, keys: &str) -> String {
    let keys = parse_vim_keys(keys).unwrap();
    let text = render_screen(
        doc,
        "test",
        Config::default(),
        ambiguous,
        size,
        &keys,
        Session::default(),
    )
    .unwrap();
    assert_eq!(text.lines().count(), usize::from(size.1));
    text
}

const SIZES: [(u16, u16); 4] = [(80, 24), (81, 24), (120, 40), (40, 20)];
const MODES: [(AmbiguousWidth, &str); 2] = [
    (AmbiguousWidth::Narrow, "narrow"),
    (AmbiguousWidth::Wide, "wide"),
];

#[test]
fn sample_first_screen() {
    for (columns, rows) in SIZES {
        for (mode, mode_name) in MODES {
            let text = screen(sample(), (columns, rows), mode, "");
            insta::assert_snapshot!(format!("sample_{columns}x{rows}_{mode_name}"), text);
        }
    }
}

#[test]
fn law_first_screen() {
    for (columns, rows) in SIZES {
        for (mode, mode_name) in MODES {
            let text = screen(law(), (columns, rows), mode, "");
            insta::assert_snapshot!(format!("law_{columns}x{rows}_{mode_name}"), text);
        }
    }
}

/// A screen after keys: (snapshot name, document, size, mode, keys).
type Case = (
    &'static str,
    fn() -> Document,
    (u16, u16),
    AmbiguousWidth,
    &'static str,
);

#[test]
fn after_navigation() {
    let cases: &[Case] = &[
        (
            "sample_next_section_x3",
            sample,
            (80, 24),
            AmbiguousWidth::Narrow,
            "]]]",
        ),
        (
            "sample_next_sibling_x2",
            sample,
            (80, 24),
            AmbiguousWidth::Narrow,
            "}}",
        ),
        (
            "sample_half_pages",
            sample,
            (81, 24),
            AmbiguousWidth::Wide,
            "<C-d><C-d>d",
        ),
        (
            "sample_page_down_up",
            sample,
            (80, 24),
            AmbiguousWidth::Narrow,
            "<Space><Space>b",
        ),
        (
            "sample_bottom",
            sample,
            (120, 40),
            AmbiguousWidth::Narrow,
            "G",
        ),
        (
            "sample_bottom_wide",
            sample,
            (120, 40),
            AmbiguousWidth::Wide,
            "G",
        ),
        (
            "sample_outline_jump",
            sample,
            (100, 30),
            AmbiguousWidth::Narrow,
            "<Tab>jjjjj<Enter>",
        ),
        (
            "sample_outline_focused",
            sample,
            (100, 30),
            AmbiguousWidth::Narrow,
            "<Tab>jjjjjh",
        ),
        (
            "sample_collapse_all",
            sample,
            (80, 24),
            AmbiguousWidth::Narrow,
            "-",
        ),
        (
            "sample_filter_pinyin",
            sample,
            (80, 24),
            AmbiguousWidth::Narrow,
            "sqsh",
        ),
        (
            "sample_filter_jump",
            sample,
            (80, 24),
            AmbiguousWidth::Wide,
            "sqsh<Down><Enter>",
        ),
        (
            "sample_outline_hidden",
            sample,
            (80, 24),
            AmbiguousWidth::Wide,
            "o]]",
        ),
        (
            "sample_outline_resized",
            sample,
            (80, 24),
            AmbiguousWidth::Narrow,
            "<lt><lt><lt>]",
        ),
        ("sample_help", sample, (80, 24), AmbiguousWidth::Narrow, "?"),
        (
            "sample_help_wide",
            sample,
            (81, 24),
            AmbiguousWidth::Wide,
            "?jjjj",
        ),
        (
            "law_chapters",
            law,
            (80, 24),
            AmbiguousWidth::Narrow,
            "]]]]}",
        ),
        ("law_bottom", law, (40, 20), AmbiguousWidth::Wide, "G"),
        // The outline narrows to leave the text 40 columns, then gives way.
        (
            "sample_60x20_outline_narrowed",
            sample,
            (60, 20),
            AmbiguousWidth::Narrow,
            "]]",
        ),
        (
            "law_40x15_outline_hidden",
            law,
            (40, 15),
            AmbiguousWidth::Narrow,
            "]]",
        ),
        // The help wraps its lines at 40 columns and scrolls.
        (
            "sample_help_40x15",
            sample,
            (40, 15),
            AmbiguousWidth::Narrow,
            "?jjjjjj",
        ),
        (
            "law_middle",
            law,
            (120, 40),
            AmbiguousWidth::Narrow,
            "}}}}}<C-d>",
        ),
    ];
    for (name, doc, size, mode, keys) in cases {
        let text = screen(doc(), *size, *mode, keys);
        insta::assert_snapshot!(*name, text, keys);
    }
}

/// The screen never changes size or panics, down to one cell.
#[test]
fn tiny_screens() {
    for size in [(1, 1), (2, 1), (1, 2), (3, 3), (10, 2), (24, 5)] {
        for (mode, _) in MODES {
            screen(sample(), size, mode, "jG?<Esc>sq<Enter>");
            screen(
                sample(),
                size,
                mode,
                "/协商<C-r><Tab>j<Enter>nNm注<Enter>'e<BS><Enter>dyx",
            );
        }
    }
}

/// The reader on `doc`, opened with `session`, after `keys` (as `gangmu render` runs it), in the
/// default theme whatever `NO_COLOR` says (the highlights are told apart by their colours).
fn app_after(
    doc: Document,
    size: (u16, u16),
    ambiguous: AmbiguousWidth,
    keys: &str,
    session: Session,
) -> App {
    let mut app = App::new(doc, "test", Config::default(), ambiguous, size.0, size.1);
    app.theme = Theme::Default;
    app.open_session(session);
    for key in parse_vim_keys(keys).unwrap() {
        if let Some(action) = input::action_for_key(&app, key) {
            update(&mut app, action);
        }
    }
    app
}

/// The screen as text, then one line per highlighted run: its row, first column and kind
/// (`match`, `current` match, `selected` row of a list) and its text. Only the reading pane is
/// looked at, or the list while one is open.
fn screen_with_highlights(app: &App) -> String {
    let screen = app.screen();
    let mut buf = Buffer::empty(screen);
    gangmu::ui::draw(app, &mut buf);
    let mut out = gangmu::ui::cells::buffer_text(&buf);
    assert_eq!(out.lines().count(), usize::from(screen.height));
    let area = match app.mode() {
        Mode::Matches | Mode::Bookmarks => {
            let o = app.list_overlay();
            Rect::new(o.x + 1, o.y + 1, o.width - 2, o.height - 2)
        }
        _ => app.panes().reader,
    };
    let kind = |x: u16, y: u16| {
        let cell = &buf[(x, y)];
        let m = cell.modifier;
        if cell.bg == Color::Yellow {
            Some("match")
        } else if m.contains(Modifier::REVERSED | Modifier::BOLD) {
            Some("current")
        } else if m.contains(Modifier::REVERSED) {
            Some("selected")
        } else {
            None
        }
    };
    out.push_str("--- highlights ---\n");
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let Some(this) = kind(x, y) else {
                x += 1;
                continue;
            };
            let start = x;
            let mut text = String::new();
            while x < area.right() && kind(x, y) == Some(this) {
                let cell = &buf[(x, y)];
                if cell.diff_option != ratatui::buffer::CellDiffOption::Skip {
                    text.push_str(cell.symbol());
                }
                x += 1;
            }
            out.push_str(&format!(
                "row {y}, column {start}, {this}: {}\n",
                text.trim_end()
            ));
        }
    }
    out
}

/// Search, match list, bookmarks and the note prompt, after keys: (snapshot name, size, mode,
/// keys).
#[test]
fn search_and_bookmark_screens() {
    let cases: &[(&str, (u16, u16), AmbiguousWidth, &str)] = &[
        // Typing: every match on screen lit, the first one after the reading position selected.
        (
            "search_typing",
            (100, 30),
            AmbiguousWidth::Narrow,
            "]]]/协商",
        ),
        (
            "search_next_wide",
            (81, 24),
            AmbiguousWidth::Wide,
            "/协商<Enter>nn",
        ),
        (
            "search_bad_regex",
            (80, 24),
            AmbiguousWidth::Narrow,
            "/<C-r>(协商",
        ),
        (
            "match_list",
            (100, 30),
            AmbiguousWidth::Narrow,
            "/协商<Enter>Sjjj",
        ),
        (
            "match_list_wide",
            (81, 24),
            AmbiguousWidth::Wide,
            "/协商<Tab>G",
        ),
        (
            "note_prompt",
            (80, 24),
            AmbiguousWidth::Narrow,
            "]]m两大主题",
        ),
        (
            "bookmark_marks",
            (80, 24),
            AmbiguousWidth::Narrow,
            "]]m<Enter>/协商<Enter>nm<Esc>",
        ),
        (
            "bookmark_marks_wide",
            (80, 24),
            AmbiguousWidth::Wide,
            "]]m<Enter>",
        ),
        // Selecting: two sentences lit, then copied, then bookmarked exactly.
        (
            "selection_sentences",
            (100, 30),
            AmbiguousWidth::Narrow,
            "]]v))",
        ),
        (
            "selection_paragraph_wide",
            (81, 24),
            AmbiguousWidth::Wide,
            "]]v}h",
        ),
        (
            "selection_copied",
            (80, 24),
            AmbiguousWidth::Narrow,
            "]]v)y",
        ),
        (
            "selection_bookmarked",
            (80, 24),
            AmbiguousWidth::Narrow,
            "]]v)m<Enter>",
        ),
        // The jump list: back from the end to where G was pressed; a count being typed.
        ("jump_back", (80, 24), AmbiguousWidth::Narrow, "]]]jjG<C-o>"),
        ("count_typed", (81, 24), AmbiguousWidth::Narrow, "]]12"),
        (
            "bookmark_list",
            (100, 30),
            AmbiguousWidth::Narrow,
            "]]m两大主题<Enter>]]]m<Esc>/协商<Enter>nnm<Enter>gBj",
        ),
        (
            "bookmark_delete_confirm",
            (80, 24),
            AmbiguousWidth::Narrow,
            "]]m<Enter>Bd",
        ),
    ];
    for (name, size, mode, keys) in cases {
        let app = app_after(sample(), *size, *mode, keys, Session::default());
        insta::assert_snapshot!(*name, screen_with_highlights(&app), keys);
    }
}

/// The bookmark list with a bookmark whose passage is gone from the text.
#[test]
fn bookmark_list_with_an_orphan() {
    let doc = sample();
    let bookmark = |start: Position, end: Position, note: Option<&str>| {
        let mut b = StateStore::new_bookmark(&doc, Some("s"), start, end, None).unwrap();
        b.note = note.map(str::to_string);
        b.created = "2025-01-12T09:30:00+08:00".to_string();
        b
    };
    let block = doc.sections[1].block;
    let found = bookmark(
        Position::new(block, 0),
        Position::new(block, 12),
        Some("找到的"),
    );
    let mut gone = bookmark(
        Position::new(block + 2, 0),
        Position::new(block + 2, 8),
        Some("旧稿"),
    );
    gone.quote = "已经删除的一段文字".to_string();
    gone.orphaned = true;
    let session = Session {
        bookmarks: vec![
            AnchoredBookmark {
                bookmark: gone,
                status: AnchorStatus::Orphaned,
            },
            AnchoredBookmark {
                bookmark: found,
                status: AnchorStatus::Exact,
            },
        ],
        ..Session::default()
    };
    let app = app_after(doc, (90, 20), AmbiguousWidth::Narrow, "'j", session);
    insta::assert_snapshot!("bookmark_list_orphan", screen_with_highlights(&app));
}

/// A heading whose numbering skips (a section lost) carries a sign at the end of its outline
/// row, at odd and even widths.
#[test]
fn doubtful_numbering_is_signed_in_the_outline() {
    let cut = common::report_with_a_gap();
    for (columns, rows) in [(100, 20), (101, 20)] {
        let doc = doc::parse(&cut);
        let screen = screen(doc, (columns, rows), AmbiguousWidth::Narrow, "");
        let row = screen
            .lines()
            .find(|l| l.contains("三、2019"))
            .expect("the section after the gap is in the outline");
        let outline_part = row.split('│').next().unwrap_or(row);
        assert!(outline_part.trim_end().ends_with('!'), "{row:?}");
        let one = screen.lines().find(|l| l.contains("一、2018")).unwrap();
        assert!(
            !one.split('│').next().unwrap().trim_end().ends_with('!'),
            "{one:?}"
        );
        insta::assert_snapshot!(format!("doubtful_numbering_{columns}x{rows}"), screen);
    }
}

/// A bulleted Markdown list is drawn with bullets, its items' text after them; a numbered list
/// keeps its numbers; table rows stand one under the other.
#[test]
fn markdown_lists_and_tables_keep_their_shape() {
    let md = "# 标题\n\n## 一、总体要求\n\n- 第一项\n- 第二项\n\n1. 甲\n2. 乙\n\n| 指标 | 目标 |\n| --- | --- |\n| GDP | 5% |\n| 就业 | 1200万 |\n";
    for (mode, _) in MODES {
        let text = screen(doc::parse_markdown(md.to_string()), (40, 24), mode, "o");
        let rows: Vec<&str> = text.lines().map(str::trim).collect();
        assert!(
            rows.contains(&"・第一项") && rows.contains(&"・第二项"),
            "{text}"
        );
        assert!(rows.contains(&"1. 甲"), "{text}");
        let gdp = rows.iter().position(|r| r.starts_with("GDP")).unwrap();
        assert!(
            rows[gdp - 1].starts_with("指标") && rows[gdp + 1].starts_with("就业"),
            "{text}"
        );
    }
}
