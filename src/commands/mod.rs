//! One module per subcommand; each turns parsed arguments into output on stdout.
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::{BookmarksCommand, Cli, Command, StdinPolicy};
use crate::shown::shown_path;

pub mod bookmarks;
pub mod check;
pub mod config;
pub mod export;
pub mod generated;
pub mod outline;
pub mod read;
pub mod render;
pub mod search;
pub mod text;

/// A misuse of the command line found after parsing (an invalid `--size` or `--keys`): `main`
/// reports it with exit status 2, as clap does its own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The reader was stopped by a signal, after it restored the terminal and saved the reading
/// position: `main` exits with status 128 + the signal's number, saying nothing more.
#[derive(Debug, thiserror::Error)]
#[error("stopped by signal {0}")]
pub struct Stopped(pub i32);

/// The exit status for an error that reached `main`: 2 for a [`UsageError`], 128 + the signal
/// for [`Stopped`], 1 for anything else.
#[must_use]
pub fn exit_status(error: &anyhow::Error) -> u8 {
    if error.downcast_ref::<UsageError>().is_some() {
        2
    } else if let Some(Stopped(signal)) = error.downcast_ref::<Stopped>() {
        u8::try_from(128 + signal).unwrap_or(1)
    } else {
        1
    }
}

/// Runs the command line. Errors are reported by `main` as one line with exit status 1.
///
/// # Errors
/// Whatever the command meets; a `--config FILE` named on the command line that cannot be read
/// is an error for every command (the default config file may be absent).
pub fn run(cli: Cli) -> Result<()> {
    let Cli {
        global,
        mut command,
        path: before,
    } = cli;
    if let Some(path) = &global.config {
        crate::config::Config::load(Some(path))?;
    }
    let stdin_is_document = global.stdin == StdinPolicy::Auto && !std::io::stdin().is_terminal();
    let reader_path = match command.as_mut() {
        None => document_path(before, None, stdin_is_document)?,
        Some(command) => {
            let name = command_name(command);
            match path_slot(command) {
                Some(slot) => {
                    *slot = document_path(before, slot.take(), stdin_is_document)?;
                }
                None => {
                    if let Some(path) = before {
                        return Err(UsageError(format!(
                            "`gangmu {name}` reads no document, but {} was given before it",
                            shown_path(&path)
                        ))
                        .into());
                    }
                }
            }
            None
        }
    };
    match command {
        Some(Command::Outline {
            format,
            depth,
            path,
        }) => outline::run(&global, path.as_deref(), format, depth),
        Some(Command::Text { width, path }) => text::run(&global, path.as_deref(), width),
        Some(Command::Search {
            pattern,
            regex,
            count,
            format,
            path,
        }) => search::run(&global, path.as_deref(), &pattern, regex, count, format),
        Some(Command::Bookmarks { action }) => bookmarks::run(&global, action),
        Some(Command::Export {
            format,
            output,
            path,
        }) => export::run(&global, path.as_deref(), format, output.as_deref()),
        Some(Command::Check { format, path }) => check::run(&global, path.as_deref(), format),
        Some(Command::Render { size, keys, path }) => {
            render::run(&global, path.as_deref(), &size, &keys)
        }
        Some(Command::Completions { shell }) => generated::completions(shell),
        Some(Command::Man) => generated::man(),
        Some(Command::Config { default }) => {
            if default {
                config::print_default()
            } else {
                config::print_path(&global)
            }
        }
        None => read::run(&global, reader_path.as_deref()),
    }
}

/// The document a command reads, from the PATH given before the command (`before`) and the one
/// given after it (`after`): `Some("-")` for standard input, `None` for the bundled sample.
///
/// A path may be given in either place, or in both if it is the same file. Without one,
/// standard input is read if `stdin_is_document` (it is not a terminal, and `--stdin never`
/// was not given: `cat report.txt | gangmu outline`), else the sample is opened.
///
/// # Errors
/// A [`UsageError`]: two different paths.
pub fn document_path(
    before: Option<PathBuf>,
    after: Option<PathBuf>,
    stdin_is_document: bool,
) -> Result<Option<PathBuf>, UsageError> {
    let path = match (before, after) {
        (Some(a), Some(b)) if !same_document(&a, &b) => {
            return Err(UsageError(format!(
                "two documents given: {} before the command and {} after it; give one",
                shown_path(&a),
                shown_path(&b)
            )));
        }
        (Some(a), _) => Some(a),
        (None, b) => b,
    };
    Ok(match path {
        Some(path) => Some(path),
        None if stdin_is_document => Some(PathBuf::from("-")),
        None => None,
    })
}

/// Two spellings of one document: the same text, or two paths to the same existing file
/// (`report.txt` and `./report.txt`). `-` is only the same as `-`.
fn same_document(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    let stdin = |p: &Path| p.as_os_str() == "-";
    if stdin(a) || stdin(b) {
        return false;
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Where a command keeps the PATH given after it, if it takes one.
fn path_slot(command: &mut Command) -> Option<&mut Option<PathBuf>> {
    match command {
        Command::Outline { path, .. }
        | Command::Text { path, .. }
        | Command::Search { path, .. }
        | Command::Export { path, .. }
        | Command::Check { path, .. }
        | Command::Render { path, .. } => Some(path),
        Command::Bookmarks { action } => match action {
            BookmarksCommand::List { path }
            | BookmarksCommand::Add { path, .. }
            | BookmarksCommand::Remove { path, .. }
            | BookmarksCommand::Note { path, .. } => Some(path),
        },
        Command::Completions { .. } | Command::Man | Command::Config { .. } => None,
    }
}

/// The command's name, for messages.
fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Outline { .. } => "outline",
        Command::Text { .. } => "text",
        Command::Search { .. } => "search",
        Command::Bookmarks { .. } => "bookmarks",
        Command::Export { .. } => "export",
        Command::Check { .. } => "check",
        Command::Render { .. } => "render",
        Command::Completions { .. } => "completions",
        Command::Man => "man",
        Command::Config { .. } => "config",
    }
}

/// Writes to stdout, treating a closed pipe (`gangmu text | head`) as success.
pub fn write_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
