//! Running the reader in a real terminal: raw mode and the alternate screen (through
//! `ratatui::try_init`, whose panic hook restores the terminal), mouse capture, bracketed paste, the optional
//! question to the terminal about ambiguous-width characters, the event loop (which polls, so
//! that the position is saved on a timer), and the signals that stop the reader cleanly.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use ratatui::DefaultTerminal;
use ratatui::crossterm::{cursor, event, execute, queue, style::Print, terminal};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::flag;

use crate::app::{Action, App, Effect, input, update};
use crate::clipboard::{self, CopyError};
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
/// quitting too, by the caller), unless `GANGMU_AUTOSAVE_SECONDS` says otherwise.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(60);

/// The environment variable that sets the autosave interval, in seconds (a decimal above 0, at
/// most a day): for tests, and for whoever wants a shorter one.
pub const AUTOSAVE_ENV: &str = "GANGMU_AUTOSAVE_SECONDS";

/// The autosave interval: [`AUTOSAVE_ENV`] if it is set, else [`AUTOSAVE_EVERY`].
///
/// # Errors
/// The variable is set but is not a number of seconds above 0 and at most 86400.
pub fn autosave_interval() -> Result<Duration> {
    let Some(value) = std::env::var_os(AUTOSAVE_ENV) else {
        return Ok(AUTOSAVE_EVERY);
    };
    value
        .to_str()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{AUTOSAVE_ENV} = {} is not a number of seconds from 0 to 86400",
                crate::shown::shown(&value.to_string_lossy())
            )
        })
}

/// How long the event loop waits for input before it looks at the clock and the signals again.
const TICK: Duration = Duration::from_millis(100);

/// The signals that end the reader cleanly: terminal restored, position saved, exit status
/// 128 + the signal. (SIGINT only arrives from outside raw mode or from `kill`: in raw mode
/// ctrl-c is a key.)
pub const STOP_SIGNALS: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// Watches for [`STOP_SIGNALS`]. The handlers only record the signal; the event loop sees it
/// within `TICK`. A second signal of the same kind, while the first is being handled, gets
/// the default action (so a stuck reader can still be stopped).
#[derive(Debug, Clone)]
pub struct Signals {
    pending: Arc<AtomicBool>,
    which: Arc<AtomicUsize>,
}

impl Signals {
    /// Installs the handlers, for the rest of the process.
    ///
    /// # Errors
    /// A handler cannot be installed.
    pub fn install() -> Result<Self> {
        let pending = Arc::new(AtomicBool::new(false));
        let which = Arc::new(AtomicUsize::new(0));
        for signal in STOP_SIGNALS {
            // Order matters: the default action applies only if a signal was already pending.
            flag::register_conditional_default(signal, Arc::clone(&pending))
                .and_then(|_| flag::register_usize(signal, Arc::clone(&which), signal as usize))
                .and_then(|_| flag::register(signal, Arc::clone(&pending)))
                .context("cannot install the signal handlers")?;
        }
        Ok(Self { pending, which })
    }

    /// The signal received, if one was.
    #[must_use]
    pub fn received(&self) -> Option<i32> {
        if !self.pending.load(Ordering::SeqCst) {
            return None;
        }
        i32::try_from(self.which.load(Ordering::SeqCst))
            .ok()
            .filter(|&s| s != 0)
    }
}

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A stop signal arrived (see [`STOP_SIGNALS`]).
    Signal(i32),
}

/// Runs the reader until the user quits or a stop signal arrives. `ask_ambiguous` asks the
/// terminal how wide it draws ambiguous characters (see [`detect_ambiguous_width`]) before the
/// first frame. The reading position is saved every `autosave` while it runs, if it moved.
///
/// # Errors
/// When stdout is not a terminal, or the terminal fails; the terminal is restored either way
/// (alternate screen left, mouse reporting off, cursor shown).
pub fn run(
    app: &mut App,
    ask_ambiguous: bool,
    signals: &Signals,
    autosave: Duration,
) -> Result<Ended> {
    ensure_terminal()?;
    let mut term = ratatui::try_init().context("cannot set up the terminal")?;
    install_mouse_panic_hook();
    let result = (|| {
        if app.mouse_captured {
            execute!(std::io::stdout(), event::EnableMouseCapture)
                .context("cannot enable the mouse")?;
        }
        // Pasted text arrives as one event, for the text boxes, rather than as keys to obey.
        execute!(std::io::stdout(), event::EnableBracketedPaste)
            .context("cannot enable bracketed paste")?;
        if ask_ambiguous {
            // Before the first frame, so the screen it leaves blank is what ratatui expects
            // (not `Terminal::clear`: it asks the cursor position again).
            app.set_ambiguous(detect_ambiguous_width());
        }
        // The event loop can be stuck where the watchdog is not (see `watch`).
        let finished = Arc::new(AtomicBool::new(false));
        let watchdog = {
            let (signals, finished) = (signals.clone(), Arc::clone(&finished));
            std::thread::Builder::new()
                .name("gangmu-watchdog".into())
                .spawn(move || watch(&signals, &finished))
                .context("cannot start the reader's watchdog")?
        };
        let ended = event_loop(&mut term, app, signals, autosave);
        finished.store(true, Ordering::SeqCst);
        drop(watchdog);
        ended
    })();
    if !std::io::stdout().is_terminal() {
        // The terminal hung up: nothing can be restored or said on it. Not even ratatui's own
        // clean-up may run: it reports its failure with `eprintln!`, which panics when stderr
        // is gone, and the reader would abort before saving its place.
        std::mem::forget(term);
        return Ok(Ended::Signal(SIGHUP));
    }
    // Restore on every path; report the first failure.
    let mouse = execute!(
        std::io::stdout(),
        event::DisableBracketedPaste,
        event::DisableMouseCapture
    );
    let restore = ratatui::try_restore();
    let shown = execute!(std::io::stdout(), cursor::Show);
    let ended = result?;
    mouse.context("cannot disable the mouse")?;
    restore.context("cannot restore the terminal")?;
    shown.context("cannot show the cursor")?;
    Ok(ended)
}

/// How long a stop signal may go unanswered, or the terminal be gone, before the watchdog ends
/// the process.
const GRACE: Duration = Duration::from_secs(2);

/// How often the watchdog looks.
const WATCH_EVERY: Duration = Duration::from_millis(250);

/// Ends the process, with status 128 + the signal, when the event loop has not answered a stop
/// signal within [`GRACE`], or the terminal has been gone as long (a closed terminal window, a
/// killed tmux, a dropped ssh connection: status 129, as for SIGHUP). A fallback: the event
/// loop itself ends on a stop signal or a hung-up terminal, saving the reading position, but
/// it could be stuck inside the terminal library (crossterm's default event source reads a
/// hung-up terminal's end of file over and over and never returns; the `/dev/tty` source this
/// crate uses returns). The reading position is then as last saved (see [`AUTOSAVE_EVERY`]).
/// Returns when the event loop has finished.
fn watch(signals: &Signals, finished: &AtomicBool) {
    let mut signalled: Option<(i32, Instant)> = None;
    let mut gone_since: Option<Instant> = None;
    while !finished.load(Ordering::SeqCst) {
        std::thread::sleep(WATCH_EVERY);
        let now = Instant::now();
        if let Some(signal) = signals.received() {
            signalled.get_or_insert((signal, now));
        }
        if std::io::stdout().is_terminal() {
            gone_since = None;
        } else {
            gone_since.get_or_insert(now);
        }
        let verdict = stuck_verdict(
            signalled.map(|(signal, since)| (signal, now - since)),
            gone_since.map(|since| now - since),
        );
        if let Some(status) = verdict
            && !finished.load(Ordering::SeqCst)
        {
            std::process::exit(status);
        }
    }
}

/// The exit status the watchdog ends the process with, if it must: a stop signal unanswered
/// for [`GRACE`] (128 + the signal), or a terminal gone as long (129, as for SIGHUP).
fn stuck_verdict(signal: Option<(i32, Duration)>, terminal_gone: Option<Duration>) -> Option<i32> {
    match (signal, terminal_gone) {
        (Some((signal, waited)), _) if waited >= GRACE => Some(128 + signal),
        (_, Some(gone)) if gone >= GRACE => Some(128 + SIGHUP),
        _ => None,
    }
}

/// Whether an event is waiting, within `timeout`; a signal interrupting the wait is no event.
fn poll(timeout: Duration) -> Result<bool> {
    match event::poll(timeout) {
        Ok(ready) => Ok(ready),
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Ok(false),
        Err(e) => Err(e).context("cannot read from the terminal"),
    }
}

fn event_loop(
    term: &mut DefaultTerminal,
    app: &mut App,
    signals: &Signals,
    autosave: Duration,
) -> Result<Ended> {
    let mut last_save = Instant::now();
    let mut saved_top = app.view().top();
    let mut dirty = true;
    loop {
        if let Some(signal) = signals.received() {
            return Ok(Ended::Signal(signal));
        }
        // A terminal that has gone away ends the reader as its SIGHUP would, whether or not
        // that signal comes.
        if !std::io::stdout().is_terminal() {
            return Ok(Ended::Signal(SIGHUP));
        }
        // On a timer, so that a crash or a closed terminal loses little, keys or none.
        if last_save.elapsed() >= autosave {
            if app.view().top() != saved_top {
                app.autosave();
                saved_top = app.view().top();
                dirty = true;
            }
            last_save = Instant::now();
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
            dirty = true;
        }
        if dirty {
            term.draw(|frame| crate::ui::draw(app, frame.buffer_mut()))
                .context("cannot draw")?;
            dirty = false;
        }
        if app.quit {
            return Ok(Ended::Quit);
        }
        let until_save = autosave.saturating_sub(last_save.elapsed());
        // A search under way goes on while no key is waiting, a part at a time.
        let searching = app.search_under_way();
        let wait = if searching {
            Duration::ZERO
        } else {
            TICK.min(until_save)
        };
        if !poll(wait)? {
            if searching {
                update(app, Action::ContinueSearch);
                dirty = true;
            }
            continue;
        }
        // Take every event already queued before drawing again, so a held-down key or a fast
        // wheel does not fall behind.
        loop {
            let ev = event::read().context("cannot read from the terminal")?;
            if let Some(action) = input::action_for_event(app, &ev) {
                update(app, action);
                perform_effects(app, &mut std::io::stdout());
            }
            dirty = true;
            if app.quit || !poll(Duration::ZERO)? {
                break;
            }
        }
    }
}

/// Does what the app asked of the terminal: copies text to the clipboard (through the configured
/// command, or OSC 52 written to `out`) and takes or releases the mouse. A failure becomes the
/// status message.
pub fn perform_effects(app: &mut App, out: &mut impl Write) {
    for effect in app.take_effects() {
        let failed = match effect {
            Effect::Copy(text) => copy(&app.config.clipboard_command, &text, out)
                .err()
                .map(|e| format!("not copied: {e}")),
            Effect::CaptureMouse(on) => {
                let done = if on {
                    execute!(out, event::EnableMouseCapture)
                } else {
                    execute!(out, event::DisableMouseCapture)
                };
                done.err().map(|e| format!("cannot change the mouse: {e}"))
            }
        };
        if let Some(message) = failed {
            app.message = Some(message);
        }
    }
}

/// Puts `text` on the clipboard: piped to `command` when one is configured, else as OSC 52.
fn copy(command: &[String], text: &str, out: &mut impl Write) -> Result<(), CopyError> {
    if !command.is_empty() {
        return clipboard::copy_with_command(command, text);
    }
    let sequence = clipboard::osc52(text)?;
    out.write_all(sequence.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| CopyError::Terminal(e.to_string()))
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

/// ratatui's panic hook restores raw mode and the screen; mouse reporting and bracketed paste
/// must be turned off too, or the shell receives their escape sequences after a crash.
fn install_mouse_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            std::io::stdout(),
            event::DisableBracketedPaste,
            event::DisableMouseCapture
        );
        previous(info);
    }));
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// The watchdog waits out its grace, for a signal and for a terminal gone, and then ends
    /// the process with the signal's status, or SIGHUP's.
    #[test]
    fn the_watchdog_ends_a_stuck_reader_after_its_grace() {
        let short = GRACE - Duration::from_millis(1);
        assert_eq!(stuck_verdict(None, None), None);
        assert_eq!(stuck_verdict(Some((SIGTERM, short)), None), None);
        assert_eq!(
            stuck_verdict(Some((SIGTERM, GRACE)), None),
            Some(128 + SIGTERM)
        );
        assert_eq!(stuck_verdict(None, Some(short)), None);
        assert_eq!(stuck_verdict(None, Some(GRACE)), Some(129));
        assert_eq!(
            stuck_verdict(Some((SIGINT, GRACE)), Some(GRACE)),
            Some(128 + SIGINT)
        );
        assert_eq!(stuck_verdict(Some((SIGINT, short)), Some(GRACE)), Some(129));
    }

    fn reader(config: Config) -> App {
        let doc = crate::doc::parse(crate::source::SAMPLE);
        App::new(doc, "t", config, AmbiguousWidth::Narrow, 100, 30)
    }

    fn copy_a_sentence(app: &mut App) {
        for action in [Action::NextSection, Action::NextSection, Action::Copy] {
            update(app, action);
        }
    }

    #[test]
    fn a_copy_is_written_to_the_terminal_as_osc52() {
        let mut app = reader(Config::default());
        copy_a_sentence(&mut app);
        let mut out = Vec::new();
        perform_effects(&mut app, &mut out);
        let written = String::from_utf8(out).unwrap();
        let payload = written
            .strip_prefix("\x1b]52;c;")
            .and_then(|rest| rest.strip_suffix('\x07'))
            .unwrap_or_else(|| panic!("not an OSC 52 sequence: {written:?}"));
        use base64::Engine as _;
        let text = base64::engine::general_purpose::STANDARD
            .decode(payload)
            .unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.starts_with("> 一是"), "{text}");
        assert!(text.contains("— 《"), "{text}");
        assert!(app.message.as_deref().unwrap().starts_with("copied "));
    }

    #[test]
    fn a_configured_command_gets_the_text_instead() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("clipboard");
        let config = Config {
            clipboard_command: vec![
                "sh".to_string(),
                "-c".to_string(),
                format!("cat > '{}'", file.display()),
            ],
            ..Config::default()
        };
        let mut app = reader(config);
        copy_a_sentence(&mut app);
        let mut out = Vec::new();
        perform_effects(&mut app, &mut out);
        assert!(out.is_empty(), "nothing goes to the terminal");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("> 一是") && text.contains("— 《"),
            "{text}"
        );
    }

    #[test]
    fn a_failing_command_is_said_in_the_status_bar() {
        let config = Config {
            clipboard_command: vec!["/nonexistent/wl-copy".to_string()],
            ..Config::default()
        };
        let mut app = reader(config);
        copy_a_sentence(&mut app);
        perform_effects(&mut app, &mut Vec::new());
        let message = app.message.clone().unwrap();
        assert!(message.starts_with("not copied: cannot run"), "{message}");
    }

    #[test]
    fn releasing_the_mouse_turns_its_reporting_off() {
        let mut app = reader(Config::default());
        update(&mut app, Action::ToggleMouse);
        let mut out = Vec::new();
        perform_effects(&mut app, &mut out);
        let written = String::from_utf8(out).unwrap();
        // crossterm's DisableMouseCapture resets the mouse modes: ESC [ ? 1000 l among them.
        assert!(written.contains("\x1b[?1000l"), "{written:?}");
    }
}
