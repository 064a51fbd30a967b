//! One module per subcommand; each turns parsed arguments into output on stdout.
use anyhow::Result;

use crate::cli::{Cli, Command};

pub mod bookmarks;
pub mod export;
pub mod outline;
pub mod read;
pub mod render;
pub mod search;
pub mod text;

/// Runs the command line. Errors are reported by `main` as one line with exit status 1.
pub fn run(cli: Cli) -> Result<()> {
    let global = cli.global;
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
