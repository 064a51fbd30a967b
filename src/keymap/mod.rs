//! Keys, actions, and the map between them: a leaf that the config (which fills the map) and
//! the app (which asks it) both use, so neither depends on the other.
//!
//! The hints the reader shows ("? help", "Esc close") are made here from the map, so a key
//! rebound in the config file is the key the status bar and the help name.

pub mod action;
pub mod keys;

use std::collections::BTreeMap;

pub use action::Action;
pub use keys::{Key, KeyCode, KeyError, parse_vim_keys};

/// Keys to actions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Key, Action>,
}

impl Keymap {
    /// The action bound to `key`, if any (a key bound to `none` has none).
    #[must_use]
    pub fn get(&self, key: &Key) -> Option<Action> {
        self.bindings
            .get(key)
            .filter(|a| **a != Action::None)
            .cloned()
    }

    /// The keys bound to `action`, in key order.
    #[must_use]
    pub fn keys_for(&self, action: &Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| *k)
            .collect()
    }

    /// Binds `key` to `action`, replacing what it was bound to.
    pub fn bind(&mut self, key: Key, action: Action) {
        self.bindings.insert(key, action);
    }

    /// Every binding, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Action)> {
        self.bindings.iter()
    }

    /// The key a hint names for `action`: a key without modifiers if one is bound (`Esc` rather
    /// than `ctrl-g`), else the first in key order (characters before named keys, so `?` rather
    /// than F1), in hint notation (see [`Key::hint`]); `None` when nothing is bound to it, and
    /// the hint is then left out.
    #[must_use]
    pub fn hint_key(&self, action: &Action) -> Option<String> {
        self.bindings
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| *k)
            .min_by_key(|k| (k.ctrl || k.alt || k.shift, *k))
            .map(|k| k.hint())
    }

    /// "`key` `what`" for the status bar or a list's frame (`Esc close`), or `None` when no key
    /// is bound to `action`.
    #[must_use]
    pub fn hint(&self, action: &Action, what: &str) -> Option<String> {
        self.hint_key(action).map(|key| format!("{key} {what}"))
    }

    /// Hints joined by ` · `, those whose action has no key left out.
    #[must_use]
    pub fn hints(&self, parts: &[(Action, &str)]) -> String {
        parts
            .iter()
            .filter_map(|(action, what)| self.hint(action, what))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

impl FromIterator<(Key, Action)> for Keymap {
    fn from_iter<I: IntoIterator<Item = (Key, Action)>>(iter: I) -> Self {
        Self {
            bindings: iter.into_iter().collect(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_the_first_bound_key_and_follow_a_rebinding() {
        let mut map: Keymap = [
            (Key::char('?'), Action::Help),
            (Key::new(KeyCode::F(1)), Action::Help),
            (Key::new(KeyCode::Esc), Action::Cancel),
        ]
        .into_iter()
        .collect();
        assert_eq!(map.hint(&Action::Help, "help").as_deref(), Some("? help"));
        assert_eq!(
            map.hint(&Action::Cancel, "close").as_deref(),
            Some("Esc close")
        );
        map.bind(Key::char('?'), Action::None);
        assert_eq!(map.hint(&Action::Help, "help").as_deref(), Some("F1 help"));
        map.bind(Key::char('H'), Action::Help);
        assert_eq!(map.hint(&Action::Help, "help").as_deref(), Some("H help"));
        assert_eq!(map.hint(&Action::Export, "export"), None);
        // A key with a modifier is named only when no plain key is bound.
        map.bind(Key::ctrl('g'), Action::Cancel);
        assert_eq!(
            map.hint(&Action::Cancel, "close").as_deref(),
            Some("Esc close")
        );
        map.bind(Key::new(KeyCode::Esc), Action::None);
        assert_eq!(
            map.hint(&Action::Cancel, "close").as_deref(),
            Some("ctrl-g close")
        );
        assert_eq!(
            map.hints(&[(Action::Export, "export"), (Action::Cancel, "close")]),
            "ctrl-g close"
        );
    }
}
