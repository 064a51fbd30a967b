//! Configuration: settings and the keymap, from the embedded defaults and the user's TOML file.
//!
//! The defaults live in `assets/default-config.toml` (shipped inside the binary, and a test
//! checks it equals [`Config::default`]). The user's file is laid over them: a setting left out
//! keeps its default, a key bound replaces only that key. Unknown settings, key names and actions
//! are errors that name the culprit, so a typo never silently does nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

pub use crate::keymap::Keymap;
use crate::keymap::{Action, Key};
use crate::layout::AmbiguousWidth;

/// A config file larger than this is refused (it is a few hundred bytes; a device or a FIFO
/// named as the config must not be read without end).
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The default configuration file, as shipped.
pub const DEFAULT_CONFIG: &str = include_str!("../assets/default-config.toml");

/// How wide ambiguous-width characters (“ ” … — ①) are drawn, as the config and `--ambiguous-width`
/// say it: narrow (1 column), wide (2), or ask the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmbiguousArg {
    Narrow,
    Wide,
    Auto,
}

impl AmbiguousArg {
    /// The width to use when the terminal cannot be asked.
    #[must_use]
    pub fn or_narrow(self) -> AmbiguousWidth {
        match self {
            Self::Wide => AmbiguousWidth::Wide,
            Self::Narrow | Self::Auto => AmbiguousWidth::Narrow,
        }
    }
}

/// Colours of the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// The terminal's own foreground and background, with bold, underline, reverse and a few
    /// named colours: readable on light and dark terminals alike.
    #[default]
    Default,
    /// No colour: only bold, underline and reverse.
    Mono,
}

/// Settings and keymap, after the user's file has been laid over the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub ambiguous_width: AmbiguousArg,
    /// The widest the text may be, in columns.
    pub max_text_width: u16,
    /// First-line indent of paragraphs, in columns.
    pub first_line_indent: u16,
    pub outline_width: u16,
    pub show_outline: bool,
    pub theme: Theme,
    /// Whether the reader takes the mouse at start (the wheel scrolls, a click jumps); without
    /// it the terminal's own selection works. `M` switches while reading.
    pub mouse: bool,
    /// The program that copied text is piped to (`["wl-copy"]`); empty: through the terminal
    /// (OSC 52).
    pub clipboard_command: Vec<String>,
    pub keys: Keymap,
}

/// Allowed ranges of the numeric settings: beyond them the reader would be unusable.
const MAX_TEXT_WIDTH: std::ops::RangeInclusive<u16> = 10..=1000;
const FIRST_LINE_INDENT: std::ops::RangeInclusive<u16> = 0..=16;
const OUTLINE_WIDTH: std::ops::RangeInclusive<u16> = 10..=200;

/// The file as written: every field optional, so that it can be laid over the defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    ambiguous_width: Option<AmbiguousArg>,
    max_text_width: Option<u16>,
    first_line_indent: Option<u16>,
    outline_width: Option<u16>,
    show_outline: Option<bool>,
    theme: Option<Theme>,
    mouse: Option<bool>,
    clipboard_command: Option<Vec<String>>,
    #[serde(default)]
    keys: BTreeMap<String, Action>,
}

impl Default for Config {
    /// The built-in defaults, written out independently of `assets/default-config.toml` so that
    /// a test can check the two agree.
    fn default() -> Self {
        use crate::keymap::KeyCode as K;
        let bindings: &[(Key, Action)] = &[
            (Key::char('j'), Action::LineDown),
            (Key::new(K::Down), Action::LineDown),
            (Key::char('k'), Action::LineUp),
            (Key::new(K::Up), Action::LineUp),
            (Key::char('d'), Action::HalfPageDown),
            (Key::ctrl('d'), Action::HalfPageDown),
            (Key::char('u'), Action::HalfPageUp),
            (Key::ctrl('u'), Action::HalfPageUp),
            (Key::char('f'), Action::PageDown),
            (Key::char(' '), Action::PageDown),
            (Key::new(K::PageDown), Action::PageDown),
            (Key::ctrl('f'), Action::PageDown),
            (Key::char('b'), Action::PageUp),
            (Key::new(K::PageUp), Action::PageUp),
            (Key::ctrl('b'), Action::PageUp),
            (Key::char('g'), Action::Top),
            (Key::new(K::Home), Action::Top),
            (Key::char('G'), Action::Bottom),
            (Key::new(K::End), Action::Bottom),
            (Key::char(']'), Action::NextSection),
            (Key::char('['), Action::PrevSection),
            (Key::char('}'), Action::NextSibling),
            (Key::char('{'), Action::PrevSibling),
            (Key::new(K::Tab), Action::SwitchFocus),
            (Key::new(K::BackTab), Action::SwitchFocus),
            (Key::char('o'), Action::ToggleOutline),
            (Key::char('>'), Action::OutlineWider),
            (Key::char('<'), Action::OutlineNarrower),
            (Key::new(K::Enter), Action::Open),
            (Key::char('l'), Action::Expand),
            (Key::new(K::Right), Action::Expand),
            (Key::char('h'), Action::Collapse),
            (Key::new(K::Left), Action::Collapse),
            (Key::char('+'), Action::ExpandAll),
            (Key::char('='), Action::ExpandAll),
            (Key::char('-'), Action::CollapseAll),
            (Key::char('s'), Action::FilterOutline),
            (Key::char('/'), Action::Search),
            (Key::char('n'), Action::SearchNext),
            (Key::char('N'), Action::SearchPrev),
            (Key::char('S'), Action::SearchMatches),
            (Key::char('m'), Action::Bookmark),
            (Key::char('\''), Action::Bookmarks),
            (Key::char('B'), Action::Bookmarks),
            (Key::char('x'), Action::Export),
            (Key::char('v'), Action::Select),
            (Key::char(')'), Action::NextSentence),
            (Key::char('('), Action::PrevSentence),
            (Key::char('y'), Action::Copy),
            (Key::ctrl('o'), Action::JumpBack),
            (Key::ctrl('n'), Action::JumpForward),
            (Key::char('%'), Action::GoToPercent),
            (Key::char('M'), Action::ToggleMouse),
            (Key::new(K::Esc), Action::Cancel),
            (Key::char('?'), Action::Help),
            (Key::new(K::F(1)), Action::Help),
            (Key::char('q'), Action::Quit),
            (Key::ctrl('c'), Action::Quit),
        ];
        Self {
            ambiguous_width: AmbiguousArg::Auto,
            max_text_width: 80,
            first_line_indent: 4,
            outline_width: 30,
            show_outline: true,
            theme: Theme::Default,
            mouse: true,
            clipboard_command: Vec::new(),
            keys: bindings.iter().cloned().collect(),
        }
    }
}

impl Config {
    /// Reads the configuration: `explicit` (from `--config`) must exist; otherwise the user's
    /// file in the config directory is read if there is one, and the defaults are used if not.
    ///
    /// # Errors
    /// A file that cannot be read, is not valid TOML, or names an unknown setting, key or action.
    pub fn load(explicit: Option<&Path>) -> Result<Self> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => default_path().filter(|p| p.is_file()),
        };
        let Some(path) = path else {
            return Ok(Self::default());
        };
        let bytes = crate::source::read_document(&path, MAX_CONFIG_BYTES, "config file")?;
        let shown = crate::shown::shown_path(&path);
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow::anyhow!("the config file {shown} is not UTF-8 text"))?;
        Self::default()
            .overlaid(&text)
            .with_context(|| format!("in the config file {shown}"))
    }

    /// The defaults with `text` (a config file) laid over them.
    ///
    /// # Errors
    /// Invalid TOML, an unknown setting, key name or action, a key bound twice, a value out of range.
    pub fn overlaid(mut self, text: &str) -> Result<Self> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            anyhow::anyhow!("{}", e.message().trim_end()).context(describe_toml_error(text, &e))
        })?;
        if let Some(v) = file.ambiguous_width {
            self.ambiguous_width = v;
        }
        if let Some(v) = file.max_text_width {
            self.max_text_width = in_range("max_text_width", v, MAX_TEXT_WIDTH)?;
        }
        if let Some(v) = file.first_line_indent {
            self.first_line_indent = in_range("first_line_indent", v, FIRST_LINE_INDENT)?;
        }
        if let Some(v) = file.outline_width {
            self.outline_width = in_range("outline_width", v, OUTLINE_WIDTH)?;
        }
        if let Some(v) = file.show_outline {
            self.show_outline = v;
        }
        if let Some(v) = file.theme {
            self.theme = v;
        }
        if let Some(v) = file.mouse {
            self.mouse = v;
        }
        if let Some(v) = file.clipboard_command {
            if v.first().is_some_and(|program| program.trim().is_empty()) {
                bail!("clipboard_command: the first word is the program to run, and it is empty");
            }
            self.clipboard_command = v;
        }
        // Two spellings of one key (`ctrl-d`, `<C-d>`) in one file are a mistake worth naming.
        let mut seen: BTreeMap<Key, &str> = BTreeMap::new();
        for (name, action) in &file.keys {
            let key: Key = name
                .parse()
                .with_context(|| format!("in [keys]: cannot bind {name:?}"))?;
            if let Some(first) = seen.insert(key, name) {
                bail!("in [keys]: {first:?} and {name:?} are the same key");
            }
            self.keys.bind(key, action.clone());
        }
        Ok(self)
    }
}

/// Where the config file is looked for: `$XDG_CONFIG_HOME/gangmu/config.toml` on Linux.
#[must_use]
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "gangmu").map(|d| d.config_dir().join("config.toml"))
}

fn in_range(name: &str, value: u16, range: std::ops::RangeInclusive<u16>) -> Result<u16> {
    if range.contains(&value) {
        Ok(value)
    } else {
        bail!(
            "{name} = {value} is out of range ({}–{})",
            range.start(),
            range.end()
        )
    }
}

/// "line 3" for a TOML error, so the message points at the culprit.
fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    match error.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}")
        }
        None => "invalid TOML".to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_equals_builtin_defaults() {
        let shipped = Config::default().overlaid(DEFAULT_CONFIG).unwrap();
        assert_eq!(shipped, Config::default());
        // And from nothing, key by key: the file alone yields exactly the built-in keymap.
        let file: ConfigFile = toml::from_str(DEFAULT_CONFIG).unwrap();
        let from_file: BTreeMap<Key, Action> = file
            .keys
            .iter()
            .map(|(k, a)| (k.parse().unwrap(), a.clone()))
            .collect();
        let builtin: BTreeMap<Key, Action> = Config::default()
            .keys
            .iter()
            .map(|(k, a)| (*k, a.clone()))
            .collect();
        assert_eq!(from_file, builtin);
        assert_eq!(file.ambiguous_width, Some(AmbiguousArg::Auto));
        assert_eq!(file.max_text_width, Some(80));
    }

    #[test]
    fn user_file_overrides_one_key_and_keeps_the_rest() {
        let cfg = Config::default()
            .overlaid("max_text_width = 60\n[keys]\n\"ctrl-d\" = \"page_down\"\nq = \"none\"\n")
            .unwrap();
        assert_eq!(cfg.max_text_width, 60);
        assert_eq!(cfg.keys.get(&Key::ctrl('d')), Some(Action::PageDown));
        assert_eq!(cfg.keys.get(&Key::char('q')), None);
        assert_eq!(cfg.keys.get(&Key::char('j')), Some(Action::LineDown));
        assert_eq!(cfg.first_line_indent, 4);
    }

    #[test]
    fn errors_name_the_culprit() {
        let err = |text: &str| format!("{:#}", Config::default().overlaid(text).unwrap_err());
        let e = err("max_txt_width = 3\n");
        assert!(e.contains("max_txt_width"), "{e}");
        let e = err("[keys]\n\"ctrl-dd\" = \"quit\"\n");
        assert!(e.contains("ctrl-dd"), "{e}");
        let e = err("[keys]\nj = \"jump_around\"\n");
        assert!(e.contains("jump_around"), "{e}");
        let e = err("[keys]\n\"ctrl-d\" = \"quit\"\n\"<C-d>\" = \"help\"\n");
        assert!(e.contains("same key"), "{e}");
        let e = err("max_text_width = 2\n");
        assert!(e.contains("max_text_width"), "{e}");
        let e = err("theme = \"neon\"\n");
        assert!(e.contains("neon"), "{e}");
        let e = err("[keys]\nj = \"insert_char\"\n");
        assert!(e.contains("insert_char"), "{e}");
    }

    #[test]
    fn missing_explicit_file_is_an_error() {
        let e = Config::load(Some(Path::new("/nonexistent/gangmu.toml"))).unwrap_err();
        assert!(format!("{e:#}").contains("/nonexistent/gangmu.toml"));
    }
}
