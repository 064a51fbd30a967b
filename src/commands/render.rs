//! `gangmu render [PATH] --size COLSxROWS [--keys KEYS]`: the screen the reader shows after the
//! given keys, as plain text. For scripts and tests: no terminal is needed.
//!
//! With `--state FILE` (or `GANGMU_STATE`) the reader starts as it would from that state file
//! (bookmarks, reading position, search history; a file that cannot be read is reported in the
//! status bar), but render never writes it, nor any other file: bookmarks made by `--keys`
//! last for that render only, and `x` (export) says that nothing was written. Without it, no
//! state file is read (not even the default one), so the output depends only on the arguments.
use std::path::Path;

use anyhow::{Result, bail};

use crate::app::keys::{Key, parse_vim_keys};
use crate::app::{Action, App, Effect, Session, SessionOnly, input, update};
use crate::cli::GlobalOpts;
use crate::config::Config;
use crate::doc::Document;
use crate::layout::AmbiguousWidth;
use crate::shown::shown;
use crate::{source, ui};

use super::UsageError;

/// The largest screen `render` draws, in either direction.
const MAX_SIDE: u16 = 2000;

/// Renders and prints the screen.
///
/// # Errors
/// A bad `--size` or `--keys` (checked before anything is read), an unreadable config or document.
pub fn run(global: &GlobalOpts, path: Option<&Path>, size: &str, keys: &str) -> Result<()> {
    let (columns, rows) = parse_size(size).map_err(|e| UsageError(e.to_string()))?;
    let keys = parse_vim_keys(keys).map_err(|e| {
        UsageError(format!(
            "invalid --keys {}: {}",
            shown(keys),
            shown(&e.to_string())
        ))
    })?;
    let config = Config::load(global.config.as_deref())?;
    let loaded = source::load(path, global.encoding.as_deref())?;
    // Nobody to ask here: `auto` means narrow.
    let ambiguous = global
        .ambiguous_width
        .unwrap_or(config.ambiguous_width)
        .or_narrow();
    let (_never_written, mut session) =
        super::read::remembered(global.state.clone().map(Ok), &loaded);
    session.storage = match &session.warning {
        Some(problem) => Box::new(SessionOnly::failing(problem.clone())),
        None => Box::new(SessionOnly::default()),
    };
    // As the reader does: a guessed encoding is said in the status bar.
    if session.warning.is_none() {
        session.warning.clone_from(&loaded.encoding_note);
    }
    let screen = render_screen(
        loaded.doc,
        &loaded.origin.display_name(),
        config,
        ambiguous,
        (columns, rows),
        &keys,
        session,
    )?;
    super::write_stdout(&screen)
}

/// The screen, as text, of a reader on `doc`, opened with `session`, after `keys`. Keys after
/// one that quits are ignored.
///
/// # Errors
/// Only if drawing into the test backend fails.
pub fn render_screen(
    doc: Document,
    name: &str,
    config: Config,
    ambiguous: AmbiguousWidth,
    (columns, rows): (u16, u16),
    keys: &[Key],
    session: Session,
) -> Result<String> {
    let mut app = App::new(doc, name, config, ambiguous, columns, rows);
    app.open_session(session);
    for key in keys {
        if app.quit {
            break;
        }
        if let Some(action) = input::action_for_key(&app, *key) {
            update(&mut app, action);
            // Between keys the reader's event loop goes on with a search under way: here every
            // key is followed by that time, so that the screen is the same on any machine.
            while app.search_under_way() {
                update(&mut app, Action::ContinueSearch);
            }
            // A render touches no clipboard and no terminal: it says so, as `x` does.
            let effects = app.take_effects();
            if effects.iter().any(|e| matches!(e, Effect::Copy(_))) {
                app.message = Some("render copies nothing: not copied".to_string());
            }
        }
    }
    ui::render_to_string(&app)
}

/// Reads `COLSxROWS` (`80x24`; `X` and `×` work too).
///
/// # Errors
/// Anything else, or a side of 0 or above 2000.
pub fn parse_size(text: &str) -> Result<(u16, u16)> {
    let bad = || {
        format!(
            "invalid --size {}: expected COLSxROWS with each side from 1 to {MAX_SIDE}, e.g. 80x24",
            shown(text)
        )
    };
    let Some((columns, rows)) = text.split_once(['x', 'X', '×']) else {
        bail!(bad());
    };
    let side = |s: &str| {
        s.trim()
            .parse::<u16>()
            .ok()
            .filter(|n| (1..=MAX_SIDE).contains(n))
    };
    match (side(columns), side(rows)) {
        (Some(c), Some(r)) => Ok((c, r)),
        _ => bail!(bad()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("80x24").unwrap(), (80, 24));
        assert_eq!(parse_size("1X1").unwrap(), (1, 1));
        assert_eq!(parse_size("120×40").unwrap(), (120, 40));
        for bad in [
            "80", "x24", "0x24", "80x0", "80x", "axb", "80x24x3", "99999x2", "-1x5", "",
        ] {
            let e = parse_size(bad).unwrap_err().to_string();
            assert!(e.contains("COLSxROWS"), "{bad}: {e}");
        }
    }
}
