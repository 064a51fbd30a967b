//! gangmu — a terminal reader for long structured reports.
//!
//! The crate is split so that the document engine knows nothing of the terminal:
//! [`doc`] turns bytes into a [`doc::Document`] (decode, reflow, headings, model),
//! [`layout`] wraps blocks into display lines, and [`ui`] draws with ratatui.
pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod doc;
pub mod export;
pub mod keymap;
pub mod layout;
pub mod search;
pub mod shown;
pub mod source;
pub mod store;
pub mod synth;
pub mod tui;
pub mod ui;
