//! `gangmu export [PATH] [--format md|txt|json] [--output FILE]`: the document's bookmarked
//! passages (see [`crate::export`] for the formats). With `--output`, the file is written
//! atomically (created as the umask allows, a symbolic link followed to its target) and
//! stderr says where; a FIFO, a terminal or the null device is written to as it is, and any
//! other special file is refused, never replaced. The state file is only read.
use std::io::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::{ExportFormat, GlobalOpts};
use crate::export::{self, Format, Passages};
use crate::shown::shown_path;
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
            let shown = shown_path(file);
            write_output(file, out.as_bytes()).with_context(|| format!("cannot write {shown}"))?;
            eprintln!(
                "gangmu: wrote {} passage{} to {shown}",
                bookmarks.len(),
                if bookmarks.len() == 1 { "" } else { "s" },
            );
            Ok(())
        }
    }
}

/// Writes the export to `file`: atomically for a regular file (or a new one); straight into a
/// FIFO, a terminal or the null device (`--output /dev/stdout`, `>(…)`), which cannot be
/// replaced and need not be; anything else (a disk, a directory) is refused.
fn write_output(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Ok(meta) = std::fs::metadata(file)
        && streams_into(&meta)
    {
        let mut out = std::fs::OpenOptions::new().write(true).open(file)?;
        if out.metadata().is_ok_and(|m| streams_into(&m)) {
            return out.write_all(bytes).and_then(|()| out.flush());
        }
    }
    write_atomically(file, bytes, NewFileMode::Shared)
}

/// A special file that is written to like a stream: a FIFO, or a character device that is a
/// terminal or the null device (other devices, such as a disk or memory, are not written).
#[cfg(unix)]
fn streams_into(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let kind = meta.file_type();
    if kind.is_fifo() {
        return true;
    }
    if !kind.is_char_device() || !cfg!(target_os = "linux") {
        return false;
    }
    // Linux device numbers: 1:3 is /dev/null, 4:* and 136–143:* terminals, 5:0 /dev/tty.
    let rdev = meta.rdev();
    let (major, minor) = (
        (rdev >> 8) & 0xfff,
        (rdev & 0xff) | ((rdev >> 12) & 0xfff00),
    );
    matches!((major, minor), (1, 3) | (5, 0)) || major == 4 || (136..=143).contains(&major)
}

#[cfg(not(unix))]
fn streams_into(_meta: &std::fs::Metadata) -> bool {
    false
}
