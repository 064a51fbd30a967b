//! Keys as the keymap and `gangmu render --keys` name them, free of any terminal library.
//!
//! Two notations are read:
//! - the config notation, one key per string: `j`, `G`, `?`, `ctrl-d`, `shift-tab`, `pagedown`,
//!   `space`, `f1`;
//! - Vim notation, a sequence of keys: plain characters typed as they are, named keys in angle
//!   brackets (`<Enter>`, `<C-d>`, `<S-Tab>`, `<lt>` for `<`).
//!
//! Both produce the same [`Key`], so a key bound in the config is the key fed by `render`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer};

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyCode {
    /// A character as typed (`G`, not `shift-g`).
    Char(char),
    Enter,
    Esc,
    Tab,
    /// Shift-Tab, which terminals send as a key of its own.
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// A function key, `F(1)` for F1.
    F(u8),
}

/// A key with its modifiers. Shift is never recorded for a character key: the character
/// already says it (`G`, `?`), so `shift` only distinguishes named keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// Why a key name could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("unknown key name {0:?}")]
    UnknownName(String),
    #[error("empty key name")]
    Empty,
    #[error("unclosed `<` in keys {0:?} (write `<lt>` for a literal `<`)")]
    Unclosed(String),
}

/// Names of the keys that are not a single printable character, as the config writes them
/// (lowercase), with the aliases people commonly use.
const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("cr", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("bs", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("space", KeyCode::Char(' ')),
    ("lt", KeyCode::Char('<')),
    ("gt", KeyCode::Char('>')),
    ("bar", KeyCode::Char('|')),
    ("bslash", KeyCode::Char('\\')),
    ("minus", KeyCode::Char('-')),
    ("plus", KeyCode::Char('+')),
];

impl Key {
    /// A key with no modifiers.
    #[must_use]
    pub const fn new(code: KeyCode) -> Self {
        Self {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// A character key with no modifiers.
    #[must_use]
    pub const fn char(c: char) -> Self {
        Self::new(KeyCode::Char(c))
    }

    /// Control plus a character (`ctrl-d`).
    #[must_use]
    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
            shift: false,
        }
    }

    /// Builds a key from what a terminal reports, normalising it the way bindings are written:
    /// shift is folded into the character, Shift-Tab becomes [`KeyCode::BackTab`], and a control
    /// character is lowercased (`ctrl-D` and `ctrl-d` are one key for a terminal).
    #[must_use]
    pub fn normalised(code: KeyCode, ctrl: bool, alt: bool, shift: bool) -> Self {
        match code {
            KeyCode::Char(c) => Self {
                code: KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
                ctrl,
                alt,
                shift: false,
            },
            KeyCode::Tab if shift => Self {
                code: KeyCode::BackTab,
                ctrl,
                alt,
                shift: false,
            },
            KeyCode::BackTab => Self {
                code,
                ctrl,
                alt,
                shift: false,
            },
            _ => Self {
                code,
                ctrl,
                alt,
                shift,
            },
        }
    }

    /// True for a character typed without ctrl or alt: in a text box it is text, not a command.
    #[must_use]
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }

    /// Parses a key in Vim notation without the angle brackets (`C-d`, `S-Tab`, `Enter`, `lt`).
    fn from_vim_name(name: &str) -> Result<Self, KeyError> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = name;
        // Modifier prefixes: `C-`, `A-`/`M-`, `S-`, in any order, before the key name.
        loop {
            let bytes = rest.as_bytes();
            if bytes.len() > 2 && bytes[1] == b'-' {
                match bytes[0].to_ascii_lowercase() {
                    b'c' => ctrl = true,
                    b'a' | b'm' => alt = true,
                    b's' => shift = true,
                    _ => break,
                }
                rest = &rest[2..];
            } else {
                break;
            }
        }
        let code =
            code_from_name(rest).ok_or_else(|| KeyError::UnknownName(format!("<{name}>")))?;
        Ok(Self::normalised(code, ctrl, alt, shift))
    }

    /// The key in Vim notation (`<C-d>`, `j`, `<lt>`), as `render --keys` reads it.
    #[must_use]
    pub fn to_vim(&self) -> String {
        let plain_char = match self.code {
            KeyCode::Char(c) if !self.ctrl && !self.alt && c != '<' && c != ' ' => Some(c),
            _ => None,
        };
        if let Some(c) = plain_char {
            return c.to_string();
        }
        let mut out = String::from("<");
        if self.ctrl {
            out.push_str("C-");
        }
        if self.alt {
            out.push_str("A-");
        }
        if self.shift {
            out.push_str("S-");
        }
        match self.code {
            KeyCode::Char('<') => out.push_str("lt"),
            KeyCode::Char(' ') => out.push_str("Space"),
            KeyCode::Char(c) => out.push(c),
            KeyCode::BackTab => out.push_str("S-Tab"),
            KeyCode::F(n) => out.push_str(&format!("F{n}")),
            other => out.push_str(&format!("{other:?}")),
        }
        out.push('>');
        out
    }
}

/// A key name without modifiers: a single character, a named key, or `f1`…`f24`.
fn code_from_name(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return (!c.is_control()).then_some(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    if let Some((_, code)) = NAMED_KEYS.iter().find(|(n, _)| *n == lower) {
        return Some(*code);
    }
    let number = lower.strip_prefix('f')?;
    number
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=24).contains(n))
        .map(KeyCode::F)
}

impl FromStr for Key {
    type Err = KeyError;

    /// Reads the config notation: `j`, `ctrl-d`, `alt-x`, `shift-tab`, `pagedown`, `-`, `ctrl--`.
    /// Vim notation in brackets (`<C-d>`) is accepted too.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() {
            return Err(KeyError::Empty);
        }
        if let Some(inner) = text.strip_prefix('<').and_then(|t| t.strip_suffix('>'))
            && !inner.is_empty()
        {
            return Self::from_vim_name(inner);
        }
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = text;
        // `ctrl-`, `alt-`, `shift-` prefixes; the remainder is the key (which may itself be `-`).
        loop {
            let lower = rest.to_ascii_lowercase();
            let prefix = ["ctrl-", "control-", "alt-", "meta-", "shift-"]
                .iter()
                .find(|p| lower.starts_with(**p) && rest.len() > p.len());
            let Some(prefix) = prefix else { break };
            match *prefix {
                "ctrl-" | "control-" => ctrl = true,
                "alt-" | "meta-" => alt = true,
                _ => shift = true,
            }
            rest = &rest[prefix.len()..];
        }
        let code = code_from_name(rest).ok_or_else(|| KeyError::UnknownName(text.to_string()))?;
        Ok(Self::normalised(code, ctrl, alt, shift))
    }
}

impl Key {
    /// The key as a hint names it: a character as typed (`?`, `G`), a named key capitalised
    /// (`Esc`, `Enter`, `PageDown`, `F1`, `Space`), modifiers in front (`ctrl-d`).
    #[must_use]
    pub fn hint(&self) -> String {
        let mut out = String::new();
        if self.ctrl {
            out.push_str("ctrl-");
        }
        if self.alt {
            out.push_str("alt-");
        }
        if self.shift {
            out.push_str("shift-");
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str("Space"),
            KeyCode::Char(c) => out.push(c),
            KeyCode::BackTab => out.push_str("shift-Tab"),
            KeyCode::F(n) => out.push_str(&format!("F{n}")),
            other => out.push_str(&format!("{other:?}")),
        }
        out
    }
}

impl fmt::Display for Key {
    /// The config notation (`ctrl-d`, `pagedown`, `G`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{}", format!("{other:?}").to_ascii_lowercase()),
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Parses a key sequence in Vim notation: `jj/协商<Enter>`, `<C-d><lt>`.
///
/// # Errors
/// An unknown name in angle brackets, or a `<` that is never closed.
pub fn parse_vim_keys(text: &str) -> Result<Vec<Key>, KeyError> {
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            // A `<` that opens no valid `<…>` name is an error rather than a literal, so that a
            // typo like `<Entr>` is reported instead of being typed as six characters.
            let close = rest
                .find('>')
                .ok_or_else(|| KeyError::Unclosed(text.to_string()))?;
            let name = &rest[1..close];
            if name.is_empty() {
                return Err(KeyError::UnknownName("<>".to_string()));
            }
            keys.push(Key::from_vim_name(name)?);
            rest = &rest[close + 1..];
        } else {
            if !c.is_control() {
                keys.push(Key::char(c));
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok(keys)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn config_notation() {
        assert_eq!("j".parse::<Key>(), Ok(Key::char('j')));
        assert_eq!("G".parse::<Key>(), Ok(Key::char('G')));
        assert_eq!("ctrl-d".parse::<Key>(), Ok(Key::ctrl('d')));
        assert_eq!("Ctrl-D".parse::<Key>(), Ok(Key::ctrl('d')));
        assert_eq!("<C-d>".parse::<Key>(), Ok(Key::ctrl('d')));
        assert_eq!("-".parse::<Key>(), Ok(Key::char('-')));
        assert_eq!("ctrl--".parse::<Key>(), Ok(Key::ctrl('-')));
        assert_eq!("space".parse::<Key>(), Ok(Key::char(' ')));
        assert_eq!("pagedown".parse::<Key>(), Ok(Key::new(KeyCode::PageDown)));
        assert_eq!("shift-tab".parse::<Key>(), Ok(Key::new(KeyCode::BackTab)));
        assert_eq!("f5".parse::<Key>(), Ok(Key::new(KeyCode::F(5))));
        assert_eq!(
            "ctrl-dd".parse::<Key>(),
            Err(KeyError::UnknownName("ctrl-dd".into()))
        );
        assert_eq!("f99".parse::<Key>().ok(), None);
        assert_eq!("".parse::<Key>(), Err(KeyError::Empty));
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "j",
            "G",
            "ctrl-d",
            "space",
            "pagedown",
            "shift-tab",
            "f5",
            "<",
            "alt-x",
        ] {
            let key: Key = text.parse().unwrap();
            assert_eq!(key.to_string(), text);
            assert_eq!(key.to_string().parse::<Key>().unwrap(), key);
            assert_eq!(parse_vim_keys(&key.to_vim()).unwrap(), vec![key]);
        }
    }

    #[test]
    fn vim_notation() {
        let keys = parse_vim_keys("jj/协商<Enter><C-d><S-Tab><lt><Space><PageDown>").unwrap();
        assert_eq!(
            keys,
            vec![
                Key::char('j'),
                Key::char('j'),
                Key::char('/'),
                Key::char('协'),
                Key::char('商'),
                Key::new(KeyCode::Enter),
                Key::ctrl('d'),
                Key::new(KeyCode::BackTab),
                Key::char('<'),
                Key::char(' '),
                Key::new(KeyCode::PageDown),
            ]
        );
        assert_eq!(parse_vim_keys("").unwrap(), vec![]);
        assert_eq!(parse_vim_keys("<C-x>").unwrap(), vec![Key::ctrl('x')]);
        assert_eq!(
            parse_vim_keys("<Entr>"),
            Err(KeyError::UnknownName("<Entr>".into()))
        );
        assert!(matches!(parse_vim_keys("a<b"), Err(KeyError::Unclosed(_))));
        assert!(parse_vim_keys("<>").is_err());
    }

    #[test]
    fn hint_notation() {
        assert_eq!(Key::char('?').hint(), "?");
        assert_eq!(Key::new(KeyCode::Esc).hint(), "Esc");
        assert_eq!(Key::new(KeyCode::F(1)).hint(), "F1");
        assert_eq!(Key::ctrl('d').hint(), "ctrl-d");
        assert_eq!(Key::char(' ').hint(), "Space");
    }

    #[test]
    fn terminal_keys_are_normalised() {
        assert_eq!(
            Key::normalised(KeyCode::Char('G'), false, false, true),
            Key::char('G')
        );
        assert_eq!(
            Key::normalised(KeyCode::Tab, false, false, true),
            Key::new(KeyCode::BackTab)
        );
        assert_eq!(
            Key::normalised(KeyCode::Char('D'), true, false, true),
            Key::ctrl('d')
        );
    }
}
