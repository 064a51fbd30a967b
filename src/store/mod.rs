//! The TOML state file: bookmarks, reading positions, search history (being written).
