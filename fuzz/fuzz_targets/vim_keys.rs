//! The `--keys` parser (Vim notation) never panics on any text; a key it reads is written back
//! in the config notation and read again as the same key; and the keys, fed to a reader on a
//! small document (as `gangmu render --keys` does), never panic it either.
#![no_main]

use std::sync::OnceLock;

use gangmu::app::keys::{Key, parse_vim_keys};
use libfuzzer_sys::fuzz_target;

/// A small document with an outline, a title block and text to search, parsed once.
fn document() -> &'static gangmu::doc::Document {
    static DOC: OnceLock<gangmu::doc::Document> = OnceLock::new();
    DOC.get_or_init(|| {
        gangmu::doc::parse(
            "关于协商工作的报告\n\n一、总则\n第一段正文，协商民主很重要。\n\
             （一）细则\n第二段正文，“协商”二字。\n二、附则\n最后一段。\n",
        )
    })
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    // The config notation, one key per string: never a panic.
    let _ = text.parse::<Key>();
    let Ok(keys) = parse_vim_keys(text) else {
        return;
    };
    for key in &keys {
        let written = key.to_string();
        assert_eq!(
            written.parse::<Key>().as_ref(),
            Ok(key),
            "{key:?} written as {written:?}"
        );
    }
    // A reader on a small screen, driven by the first keys.
    let keys = &keys[..keys.len().min(64)];
    let screen = gangmu::commands::render::render_screen(
        document().clone(),
        "fuzz.txt",
        gangmu::config::Config::default(),
        gangmu::layout::AmbiguousWidth::Narrow,
        (40, 12),
        keys,
        gangmu::app::Session::default(),
    );
    assert!(screen.is_ok());
});
