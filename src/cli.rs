//! Command-line definitions (see `../shared/guides/CLI.md` for the contract).
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Defined with the config, which reads the same setting; named here for the option.
pub use crate::config::AmbiguousArg;

#[derive(Debug, Parser)]
#[command(
    name = "gangmu",
    version,
    about = "纲目 — a terminal reader for long structured reports",
    long_about = "Reads a report as plain text (UTF-8, UTF-16, GBK/GB18030, Big5), recovers its \
                  outline from the numbering of its headings, and opens it in the terminal. \
                  Without PATH, the bundled sample report is used; `-` reads standard input."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The report to open (a text file, or `-` for standard input)
    pub path: Option<PathBuf>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalOpts {
    /// The TOML file holding bookmarks, reading positions and search history
    #[arg(long, global = true, env = "GANGMU_STATE", value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Force the input encoding (utf-8, gb18030, gbk, big5, utf-16le, utf-16be, …)
    #[arg(long, global = true, value_name = "NAME")]
    pub encoding: Option<String>,
    /// How wide “ ” … — ① are drawn: narrow (1 column), wide (2) or auto (ask the terminal)
    #[arg(long, global = true, value_enum)]
    pub ambiguous_width: Option<AmbiguousArg>,
    /// The configuration file (default: $XDG_CONFIG_HOME/gangmu/config.toml)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ExportFormat {
    #[default]
    Md,
    Txt,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the report tree
    Outline {
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
        /// Show headings down to this depth only
        #[arg(long, value_name = "N")]
        depth: Option<usize>,
        path: Option<PathBuf>,
    },
    /// Print the reflowed document, one block per line
    Text {
        /// Wrap every block as the reader does, no line wider than N columns
        #[arg(long, value_name = "N")]
        width: Option<usize>,
        path: Option<PathBuf>,
    },
    /// Print the passages that match PATTERN, with their section path
    Search {
        pattern: String,
        /// Treat PATTERN as a regular expression
        #[arg(long)]
        regex: bool,
        /// Print only the number of matches
        #[arg(long)]
        count: bool,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
        path: Option<PathBuf>,
    },
    /// Manage the document's bookmarks without the reader
    Bookmarks {
        #[command(subcommand)]
        action: BookmarksCommand,
    },
    /// Export the document's bookmarked passages
    Export {
        #[arg(long, value_enum, default_value_t)]
        format: ExportFormat,
        /// Write to FILE instead of standard output
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        path: Option<PathBuf>,
    },
    /// List doubtful structure: numbering gaps, repeats and restarts, with block addresses
    Check {
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
        path: Option<PathBuf>,
    },
    /// Print the screen the reader shows after the given keys, then exit
    Render {
        /// Terminal size, e.g. 80x24
        #[arg(long, value_name = "COLSxROWS")]
        size: String,
        /// Keys in Vim notation, e.g. `jj/协商<Enter>`
        #[arg(long, value_name = "KEYS", default_value = "")]
        keys: String,
        path: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BookmarksCommand {
    /// List the document's bookmarks
    List { path: Option<PathBuf> },
    /// Bookmark the passage that contains TEXT
    Add {
        #[arg(long, value_name = "TEXT")]
        quote: String,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        path: Option<PathBuf>,
    },
    /// Remove a bookmark by its id
    Remove { id: String, path: Option<PathBuf> },
    /// Set (or, with an empty TEXT, clear) the note of a bookmark
    Note {
        id: String,
        text: String,
        path: Option<PathBuf>,
    },
}
