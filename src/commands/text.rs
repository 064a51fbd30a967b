//! `gangmu text`: the reflowed document, one block per line.
use std::path::Path;

use anyhow::Result;

use crate::cli::GlobalOpts;
use crate::source;

pub fn run(global: &GlobalOpts, path: Option<&Path>, width: Option<usize>) -> Result<()> {
    let loaded = source::load(path, global.encoding.as_deref())?;
    let mut out = String::new();
    match width {
        None => {
            for block in &loaded.doc.blocks {
                out.push_str(&block.text);
                out.push('\n');
            }
        }
        Some(_) => anyhow::bail!("`text --width` is not available yet"),
    }
    super::write_stdout(&out)
}
