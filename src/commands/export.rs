//! `gangmu export [PATH] [--format md|txt|json] [--output FILE]`: the document's bookmarked
//! passages (see [`crate::export`] for the formats). With `--output`, the file is written
//! atomically and stderr says where; the state file is only read.
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::{ExportFormat, GlobalOpts};
use crate::export::{self, Format, Passages};
use crate::store::{NewFileMode, write_atomically};

pub fn run(
    global: &GlobalOpts,
    path: Option<&Path>,
    format: ExportFormat,
    output: Option<&Path>,
) -> Result<()> {
    let (loaded, _store, bookmarks) = super::bookmarks::anchored(global, path)?;
    let source = loaded.origin.display_name();
    let passages = Passages {
        meta: &loaded.doc.meta,
        source: &source,
        bookmarks: &bookmarks,
    };
    let format = match format {
        ExportFormat::Md => Format::Markdown,
        ExportFormat::Txt => Format::Text,
        ExportFormat::Json => Format::Json,
    };
    let out = export::render(format, &passages)?;
    match output {
        None => super::write_stdout(&out),
        Some(file) => {
            write_atomically(file, out.as_bytes(), NewFileMode::Shared)
                .with_context(|| format!("cannot write {}", file.display()))?;
            eprintln!(
                "gangmu: wrote {} passage{} to {}",
                bookmarks.len(),
                if bookmarks.len() == 1 { "" } else { "s" },
                file.display()
            );
            Ok(())
        }
    }
}
