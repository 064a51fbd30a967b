//! Reading any bytes as the state file never panics, every error is one line, and what is read
//! survives a save: the text written for a changed state (edited in place over the old text,
//! keeping its comments) reads back as exactly that state.
#![no_main]

use std::path::Path;

use gangmu_core::store::{parse_state, state_text, updated_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("state.toml");
    let read = state_text(bytes.to_vec(), path).and_then(|text| {
        let state = parse_state(&text, path)?;
        Ok((text, state))
    });
    let (text, mut state) = match read {
        Ok(read) => read,
        Err(e) => {
            assert!(!e.to_string().contains('\n'), "{e}");
            return;
        }
    };
    // Changes like those a save replays: a search, a note, a removed bookmark.
    state.push_search_history("协商");
    if let Some(b) = state.bookmarks.first_mut() {
        b.note = Some("备注 # not a comment".to_string());
    }
    if state.bookmarks.len() > 1 {
        state.bookmarks.pop();
    }
    let Ok(written) = updated_text(Some(&text), &state) else {
        return;
    };
    let again = match parse_state(&written, path) {
        Ok(again) => again,
        Err(e) => panic!("the saved text does not read back: {e}\n{written}"),
    };
    // Compared as written, so that a NaN kept among unknown keys equals itself.
    assert_eq!(
        toml::to_string(&again).ok(),
        toml::to_string(&state).ok(),
        "{written}"
    );
});
