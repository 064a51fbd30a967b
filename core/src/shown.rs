//! Echoing what came from outside — a file name, an argument, a cause from the system — in a
//! one-line message: control characters as their pictures (never raw, so a name holding
//! `ESC ] 52` cannot write to the clipboard of the terminal that shows the error), and long
//! text cut, so that a 30,000-character argument is not echoed back whole.
use std::path::Path;

use crate::doc::decode::picture_controls;

/// The most characters of one argument or name a message echoes.
pub const MAX_ECHO_CHARS: usize = 120;

/// The most characters of a whole error message.
pub const MAX_MESSAGE_CHARS: usize = 400;

/// `text` for a message: controls as pictures, cut in the middle past [`MAX_ECHO_CHARS`]
/// (the end of a path, its file name, stays).
#[must_use]
pub fn shown(text: &str) -> String {
    cut(&picture_controls(text), MAX_ECHO_CHARS)
}

/// A path for a message (see [`shown`]); bytes that are not UTF-8 become `�`.
#[must_use]
pub fn shown_path(path: &Path) -> String {
    shown(&path.to_string_lossy())
}

/// A whole message made safe for a terminal, as one line: every control character (line feeds
/// included) shown as its picture, cut past [`MAX_MESSAGE_CHARS`].
#[must_use]
pub fn one_line(message: &str) -> String {
    cut(&picture_controls(message.trim_end()), MAX_MESSAGE_CHARS)
}

/// The causes of an error as one line, `outer: inner: …`, leaving out a cause whose text the
/// line already holds (an error that prints its source, and then the source again).
#[must_use]
pub fn error_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        let text = text.trim();
        if text.is_empty() || line.contains(text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(text);
    }
    one_line(&line)
}

/// `text` cut to at most `max` characters: its start, ` … `, its end.
fn cut(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let tail = max / 4;
    let head = max - tail - 1;
    let mut out: String = text.chars().take(head).collect();
    out.push('…');
    out.extend(text.chars().skip(count - tail));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_pictures_and_long_text_is_cut() {
        assert_eq!(shown("a\u{1b}]52;c;eA==\u{7}b"), "a␛]52;c;eA==␇b");
        let long = format!("{}/report.txt", "x".repeat(30_000));
        let s = shown(&long);
        assert_eq!(s.chars().count(), MAX_ECHO_CHARS);
        assert!(s.ends_with("/report.txt") && s.contains('…'), "{s}");
        assert_eq!(one_line("two\nlines\n"), "two␊lines");
    }

    #[test]
    fn a_repeated_cause_is_said_once() {
        let io = std::io::Error::from_raw_os_error(21);
        #[derive(Debug, thiserror::Error)]
        #[error("cannot write: {0}")]
        struct Wrapper(#[source] std::io::Error);
        let e = anyhow::Error::new(Wrapper(io)).context("saving the state");
        let line = error_line(&e);
        assert_eq!(line.matches("os error 21").count(), 1, "{line}");
        assert!(
            line.starts_with("saving the state: cannot write: "),
            "{line}"
        );
    }
}
