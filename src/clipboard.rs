//! Copying text out of the reader to the system clipboard.
//!
//! By default the text goes through the terminal: an OSC 52 sequence (`ESC ] 52 ; c ; base64
//! BEL`), which works over ssh and in most terminals (kitty, WezTerm, foot, iTerm2, Windows
//! Terminal, xterm with `allowWindowOps`; tmux with `set-clipboard on`). Where the terminal does
//! not take it, the user names a command in the config (`wl-copy`, `xclip -selection
//! clipboard`, `pbcopy`) and the text is written to its standard input instead.
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;

/// The most bytes of text sent through OSC 52: terminals drop longer sequences (xterm and
/// tmux accept about 100 kB of base64), and a silent drop is worse than a clear refusal.
pub const MAX_OSC52_BYTES: usize = 74_000;

/// How long a clipboard command may take before it is given up on (`xclip` without a display
/// can wait for ever).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(3);

/// Where copied text goes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Clipboard {
    /// Through the terminal, with OSC 52.
    #[default]
    Terminal,
    /// To the standard input of this program with these arguments.
    Command(Vec<String>),
}

/// Why text could not be copied, said in the status bar.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(
        "{0} bytes is more than the terminal clipboard takes ({MAX_OSC52_BYTES}); set a clipboard command in the config"
    )]
    TooLong(usize),
    #[error("the clipboard command is empty")]
    NoCommand,
    #[error("cannot run the clipboard command {program}: {reason}")]
    Spawn { program: String, reason: String },
    #[error("the clipboard command {program} failed ({status})")]
    Failed { program: String, status: String },
    #[error("the clipboard command {program} did not finish within {}s", COMMAND_TIMEOUT.as_secs())]
    Timeout { program: String },
    #[error("cannot write to the terminal: {0}")]
    Terminal(String),
}

/// The OSC 52 sequence that puts `text` on the system clipboard.
///
/// # Errors
/// [`CopyError::TooLong`] past [`MAX_OSC52_BYTES`].
pub fn osc52(text: &str) -> Result<String, CopyError> {
    if text.len() > MAX_OSC52_BYTES {
        return Err(CopyError::TooLong(text.len()));
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    Ok(format!("\x1b]52;c;{encoded}\x07"))
}

/// Runs `argv` with `text` on its standard input, waiting at most a few seconds.
///
/// # Errors
/// The command is empty, cannot be started, fails, or does not finish in time.
pub fn copy_with_command(argv: &[String], text: &str) -> Result<(), CopyError> {
    let Some((program, args)) = argv.split_first() else {
        return Err(CopyError::NoCommand);
    };
    let shown = crate::shown::shown(program);
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| CopyError::Spawn {
            program: shown.clone(),
            reason: crate::source::io_reason(&e),
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        // Written from a thread: a command that never reads would otherwise block the reader
        // once the pipe is full. Killing the command ends the write (broken pipe).
        let bytes = text.as_bytes().to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        });
    }
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(CopyError::Failed {
                    program: shown,
                    status: status.to_string(),
                });
            }
            Ok(None) if started.elapsed() < COMMAND_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(CopyError::Timeout { program: shown });
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(osc52("中").unwrap(), "\x1b]52;c;5Lit\x07");
        assert!(matches!(
            osc52(&"x".repeat(MAX_OSC52_BYTES + 1)),
            Err(CopyError::TooLong(_))
        ));
    }

    #[test]
    fn a_command_receives_the_text_on_its_standard_input() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("copied");
        let argv = [
            "sh".to_owned(),
            "-c".to_owned(),
            format!("cat > '{}'", out.display()),
        ];
        copy_with_command(&argv, "坚持团结。").unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "坚持团结。");
    }

    #[test]
    fn failures_are_said() {
        let missing = ["/nonexistent/wl-copy".to_owned()];
        assert!(matches!(
            copy_with_command(&missing, "x"),
            Err(CopyError::Spawn { .. })
        ));
        let failing = ["false".to_owned()];
        assert!(matches!(
            copy_with_command(&failing, "x"),
            Err(CopyError::Failed { .. })
        ));
        assert!(matches!(
            copy_with_command(&[], "x"),
            Err(CopyError::NoCommand)
        ));
    }
}
