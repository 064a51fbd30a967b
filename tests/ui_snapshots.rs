//! Whole screens of the reader, drawn into ratatui's `TestBackend` and compared as plain text
//! (one line per row, trailing spaces trimmed, a wide character once): the sample report and a
//! law, at odd and even widths, with ambiguous characters narrow and wide, and after moving about.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use gangmu::app::keys::parse_vim_keys;
use gangmu::commands::render::render_screen;
use gangmu::config::Config;
use gangmu::doc::{self, Document};
use gangmu::layout::AmbiguousWidth;

const LAW: &[u8] = include_bytes!("corpus/law-pipl-2021.txt");

fn sample() -> Document {
    doc::load(gangmu::source::SAMPLE.as_bytes(), None).unwrap()
}

fn law() -> Document {
    doc::load(LAW, None).unwrap()
}

fn screen(doc: Document, size: (u16, u16), ambiguous: AmbiguousWidth, keys: &str) -> String {
    let keys = parse_vim_keys(keys).unwrap();
    let text = render_screen(doc, "test", Config::default(), ambiguous, size, &keys).unwrap();
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
        }
    }
}
