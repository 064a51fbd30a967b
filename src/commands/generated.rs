//! `gangmu completions SHELL` and `gangmu man`: generated from the command-line definitions
//! in [`crate::cli`], so they never disagree with `--help`.
use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::Cli;

/// Prints the completion script for `shell` to stdout.
///
/// # Errors
/// Standard output cannot be written (a closed pipe is no error).
pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "gangmu", &mut script);
    super::write_stdout(&String::from_utf8_lossy(&script))
}

/// Prints the man page (roff) to stdout.
///
/// # Errors
/// Standard output cannot be written (a closed pipe is no error).
pub fn man() -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .context("cannot render the man page")?;
    super::write_stdout(&String::from_utf8_lossy(&page))
}
