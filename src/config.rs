//! Configuration: keymap and settings from TOML (being written).
