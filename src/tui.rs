//! Running the reader in a real terminal: raw mode and the alternate screen (through
//! `ratatui::try_init`, whose panic hook restores the terminal), mouse capture, the optional
//! question to the terminal about ambiguous-width characters, and the event loop.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use ratatui::DefaultTerminal;
use ratatui::crossterm::{cursor, event, execute, queue, style::Print, terminal};

use crate::app::{Action, App, input, update};
use crate::layout::AmbiguousWidth;

/// Fails with a clear message when standard output is not a terminal (the reader would draw its
/// escape sequences into a file or a pipe).
///
/// # Errors
/// When stdout is not a terminal.
pub fn ensure_terminal() -> Result<()> {
    if !std::io::stdout().is_terminal() {
        bail!(
            "standard output is not a terminal, so the reader cannot start \
             (use `gangmu text` to print the document, or `gangmu render --size 80x24`)"
        );
    }
    Ok(())
}

/// How often, at most, the reading position is saved while the reader runs (it is saved on
/// quitting too, by the caller).
const AUTOSAVE_EVERY: Duration = Duration::from_secs(60);

/// Runs the reader until the user quits. `ask_ambiguous` asks the terminal how wide it draws
/// ambiguous characters (see [`detect_ambiguous_width`]) before the first frame.
///
/// # Errors
/// When stdout is not a terminal, or the terminal fails; the terminal is restored either way.
pub fn run(app: &mut App, ask_ambiguous: bool) -> Result<()> {
    ensure_terminal()?;
    let mut term = ratatui::try_init().context("cannot set up the terminal")?;
    install_mouse_panic_hook();
    let result = (|| {
        execute!(std::io::stdout(), event::EnableMouseCapture)
            .context("cannot enable the mouse")?;
        if ask_ambiguous {
            // Before the first frame, so the screen it leaves blank is what ratatui expects
            // (not `Terminal::clear`: it asks the cursor position again).
            app.set_ambiguous(detect_ambiguous_width());
        }
        event_loop(&mut term, app)
    })();
    // Restore on every path; report the first failure.
    let mouse = execute!(std::io::stdout(), event::DisableMouseCapture);
    let restore = ratatui::try_restore();
    result?;
    mouse.context("cannot disable the mouse")?;
    restore.context("cannot restore the terminal")?;
    Ok(())
}

fn event_loop(term: &mut DefaultTerminal, app: &mut App) -> Result<()> {
    let mut last_save = Instant::now();
    let mut saved_top = app.top();
    loop {
        // Now and then, so that a crash or a closed terminal loses little.
        if last_save.elapsed() >= AUTOSAVE_EVERY && app.top() != saved_top {
            app.autosave();
            last_save = Instant::now();
            saved_top = app.top();
        }
        // The terminal may have changed size without our seeing the event (or before the loop).
        let size = term.size().context("cannot read the terminal size")?;
        if size.width != app.screen().width || size.height != app.screen().height {
            update(
                app,
                Action::Resize {
                    columns: size.width,
                    rows: size.height,
                },
            );
        }
        term.draw(|frame| crate::ui::draw(app, frame.buffer_mut()))
            .context("cannot draw")?;
        if app.quit {
            return Ok(());
        }
        // Wait for one event, then take every event already queued before drawing again, so
        // a held-down key or a fast wheel does not fall behind.
        let mut next = Some(event::read().context("cannot read from the terminal")?);
        while let Some(ev) = next.take() {
            if let Some(action) = input::action_for_event(app, &ev) {
                update(app, action);
            }
            if app.quit {
                return Ok(());
            }
            if event::poll(Duration::ZERO).context("cannot read from the terminal")? {
                next = Some(event::read().context("cannot read from the terminal")?);
            }
        }
    }
}

/// Asks the terminal how wide it draws “: prints it at the top-left and reads back the cursor
/// column (2 means wide). Must run in raw mode. Narrow when the terminal does not answer.
pub fn detect_ambiguous_width() -> AmbiguousWidth {
    let mut out = std::io::stdout();
    let printed = queue!(out, cursor::MoveTo(0, 0), Print("“"))
        .and_then(|()| out.flush())
        .is_ok();
    // crossterm waits up to two seconds for the answer before giving up.
    let answer = if printed {
        cursor::position().ok()
    } else {
        None
    };
    let _ = execute!(
        out,
        cursor::MoveTo(0, 0),
        terminal::Clear(terminal::ClearType::All)
    );
    match answer {
        Some((2, _)) => AmbiguousWidth::Wide,
        _ => AmbiguousWidth::Narrow,
    }
}

/// ratatui's panic hook restores raw mode and the screen; mouse reporting must be turned off too,
/// or the shell receives mouse escape sequences after a crash.
fn install_mouse_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), event::DisableMouseCapture);
        previous(info);
    }));
}
