//! `gangmu [PATH]`: open the reader in the terminal.
//!
//! Everything that touches files happens here (the document, the config); the reader itself
//! (`app`, `ui`, `tui`) only receives them.
use std::path::Path;

use anyhow::Result;

use crate::app::App;
use crate::cli::{AmbiguousArg, GlobalOpts};
use crate::config::Config;
use crate::{source, tui};

/// Loads the config and the document, then runs the reader.
///
/// # Errors
/// Standard output is not a terminal; the config or the document cannot be read; the terminal fails.
pub fn run(global: &GlobalOpts, path: Option<&Path>) -> Result<()> {
    // Checked first: no point reading a large file to then refuse to draw it.
    tui::ensure_terminal()?;
    let config = Config::load(global.config.as_deref())?;
    let loaded = source::load(path, global.encoding.as_deref())?;
    let ambiguous = global.ambiguous_width.unwrap_or(config.ambiguous_width);
    // The real size arrives before the first frame; this only has to be something sensible.
    let app = App::new(
        loaded.doc,
        loaded.origin.display_name(),
        config,
        ambiguous.or_narrow(),
        80,
        24,
    );
    tui::run(app, ambiguous == AmbiguousArg::Auto)
}
