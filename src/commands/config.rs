//! `gangmu config [--default]`: where the configuration is read from, or the commented default
//! configuration (which reads back as exactly the built-in defaults).
use std::io::Write as _;

use anyhow::Result;

use crate::cli::GlobalOpts;
use crate::config::{Config, DEFAULT_CONFIG, default_path};
use crate::shown::shown_path;

/// Prints the default configuration file, comments and all.
///
/// # Errors
/// Standard output cannot be written (a closed pipe is no error).
pub fn print_default() -> Result<()> {
    super::write_stdout(DEFAULT_CONFIG)
}

/// Prints the path of the configuration file gangmu reads (`--config FILE`, else the default
/// one) after checking that it can be used; stderr says when there is none and the defaults
/// are used.
///
/// # Errors
/// The file exists (or was named) but cannot be read or is not a valid configuration.
pub fn print_path(global: &GlobalOpts) -> Result<()> {
    let path = match &global.config {
        Some(path) => Some(path.clone()),
        None => default_path(),
    };
    let Some(path) = path else {
        let _ = writeln!(
            std::io::stderr(),
            "gangmu: no configuration directory is known here: the defaults are used"
        );
        return Ok(());
    };
    if global.config.is_some() || path.is_file() {
        Config::load(Some(&path))?;
    } else {
        let _ = writeln!(
            std::io::stderr(),
            "gangmu: {} does not exist: the defaults are used (`gangmu config --default > FILE` \
             writes them out)",
            shown_path(&path)
        );
    }
    super::write_stdout(&format!("{}\n", shown_path(&path)))
}
