//! One module per subcommand; each turns parsed arguments into output on stdout.
use anyhow::Result;

use crate::cli::{Cli, Command};

pub mod bookmarks;
pub mod check;
pub mod export;
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
    let global = cli.global;
    if let Some(path) = &global.config {
        crate::config::Config::load(Some(path))?;
    }
    match cli.command {
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
        None => read::run(&global, cli.path.as_deref()),
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
