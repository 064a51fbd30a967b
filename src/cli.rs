//! Command-line definitions: the contract that scripts rely on is in the README ("Command line").
//! Completions (`gangmu completions SHELL`) and the man page (`gangmu man`) are generated from
//! these definitions.
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

/// Defined with the config, which reads the same setting; named here for the option.
pub use crate::config::AmbiguousArg;

#[derive(Debug, Parser)]
#[command(
    name = "gangmu",
    version = VERSION,
    about = "纲目 — a terminal reader for long structured reports",
    long_about = "Reads a report as plain text (UTF-8, UTF-16, GBK/GB18030, Big5), recovers its \
                  outline from the numbering of its headings, and opens it in the terminal.\n\n\
                  PATH may come before the command or after it (`gangmu report.txt outline` is \
                  `gangmu outline report.txt`); `-` is standard input. Without PATH, standard \
                  input is read when it is not a terminal (`cat report.txt | gangmu`), else the \
                  bundled sample report is opened (`--stdin never` opens it whatever standard \
                  input is).\n\n\
                  Exit status: 0 success, 1 an error you can fix (one line on stderr), 2 a usage \
                  error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The report (a text file, or `-` for standard input); also accepted after the command
    #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
    pub path: Option<PathBuf>,
}

/// `gangmu --version`: the package version and, when built from a git checkout, the commit
/// (`0.1.0 (cc36d4e)`, `-dirty` when the tracked files differed from it); see `build.rs`.
pub const VERSION: &str = env!("GANGMU_VERSION");

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalOpts {
    /// The TOML file holding bookmarks, reading positions and search history
    #[arg(
        long,
        global = true,
        env = "GANGMU_STATE",
        value_name = "FILE",
        value_hint = ValueHint::FilePath
    )]
    pub state: Option<PathBuf>,
    /// Force the input encoding (utf-8, gb18030, gbk, big5, utf-16le, utf-16be, …)
    #[arg(long, global = true, value_name = "NAME")]
    pub encoding: Option<String>,
    /// How wide “ ” … — ① are drawn: narrow (1 column), wide (2) or auto (ask the terminal)
    #[arg(long, global = true, value_enum)]
    pub ambiguous_width: Option<AmbiguousArg>,
    /// The configuration file (default: $XDG_CONFIG_HOME/gangmu/config.toml)
    #[arg(long, global = true, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub config: Option<PathBuf>,
    /// Without PATH, read standard input when it is not a terminal (auto), or never (then
    /// the bundled sample is opened; `-` still reads standard input)
    #[arg(
        long,
        global = true,
        env = "GANGMU_STDIN",
        value_enum,
        value_name = "WHEN",
        default_value_t
    )]
    pub stdin: StdinPolicy,
}

/// Whether standard input is the document when no PATH is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum StdinPolicy {
    /// When it is not a terminal (`cat report.txt | gangmu outline`)
    #[default]
    Auto,
    /// Never: the bundled sample is opened (for a pipe that is not the document: `ssh host
    /// gangmu outline`, an editor's task runner)
    Never,
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
        #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
        path: Option<PathBuf>,
    },
    /// Print the reflowed document, one block per line
    Text {
        /// Wrap every block as the reader does, no line wider than N columns
        #[arg(long, value_name = "N")]
        width: Option<usize>,
        #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
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
        #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
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
        #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
        #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
        path: Option<PathBuf>,
    },
    /// List doubtful structure: numbering gaps, repeats and restarts, with block addresses
    Check {
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
        #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
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
        #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
        path: Option<PathBuf>,
    },
    /// Print shell completions to standard output (e.g. `gangmu completions bash > ~/.local/share/bash-completion/completions/gangmu`)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output (e.g. `gangmu man | man -l -`)
    Man,
    /// Print the path of the configuration file, or with --default the default configuration
    Config {
        /// Print the default configuration, commented: a starting point for your own file
        #[arg(long)]
        default: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BookmarksCommand {
    /// List the document's bookmarks
    List {
        #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
        path: Option<PathBuf>,
    },
    /// Bookmark the passage that contains TEXT
    Add {
        #[arg(long, value_name = "TEXT")]
        quote: String,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
        path: Option<PathBuf>,
    },
    /// Remove a bookmark by its id
    Remove {
        id: String,
        #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
        path: Option<PathBuf>,
    },
    /// Set (or, with an empty TEXT, clear) the note of a bookmark
    Note {
        id: String,
        text: String,
        #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
        path: Option<PathBuf>,
    },
}
