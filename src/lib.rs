//! gangmu — a terminal reader for long structured reports.
//!
//! This crate is the reader and the command line; the engine is [`gangmu_core`], which knows
//! nothing of the terminal (Cargo enforces it: the engine depends on no ratatui, crossterm or
//! clap). Its modules are re-exported under their own names, so `gangmu::doc` is the engine's
//! document model.
//!
//! * [`app`]: the reader's state and `update` (keys → actions → state);
//! * [`ui`]: drawing that state with ratatui, read-only;
//! * [`tui`]: the terminal — raw mode, events, restoring it on panic and signals;
//! * [`cli`] and [`commands`]: the command line and one module per subcommand;
//! * [`config`]: the user's settings;
//! * [`keymap`]: keys, actions and the map between them (a leaf both `config` and `app` use).
pub use gangmu_core::{doc, export, layout, passage, search, shown, source, store, synth, text};

pub mod app;
pub mod cli;
pub mod clipboard;
pub mod commands;
pub mod config;
pub mod keymap;
pub mod tui;
pub mod ui;
