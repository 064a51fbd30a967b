//! Where a document comes from: a file, standard input, or the bundled sample.
//! The only module of the engine that touches the file system for documents.
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::doc::{self, Document};

/// The sample report shipped with gangmu, opened when no path is given.
pub const SAMPLE: &str = include_str!("../assets/sample.txt");
/// The name shown for the sample.
pub const SAMPLE_NAME: &str = "sample: cppcc-guiyang-2025.txt";

/// Files larger than this are refused with a clear message rather than exhausting memory.
pub const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

/// What was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Sample,
    Stdin,
    File(PathBuf),
}

impl Origin {
    /// A name for messages and the state file (an absolute path for files).
    #[must_use]
    pub fn display_name(&self) -> String {
        match self {
            Self::Sample => SAMPLE_NAME.to_string(),
            Self::Stdin => "<stdin>".to_string(),
            Self::File(p) => p.display().to_string(),
        }
    }
}

/// A loaded document and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub doc: Document,
    pub origin: Origin,
}

/// Reads and parses the document named by `path` (`-` for standard input, `None` for the
/// sample), decoding with `encoding` when given.
pub fn load(path: Option<&Path>, encoding: Option<&str>) -> Result<Loaded> {
    let forced = encoding
        .map(doc::encoding_for_label)
        .transpose()
        .map_err(anyhow::Error::from)?;
    let (bytes, origin) = match path {
        None => (SAMPLE.as_bytes().to_vec(), Origin::Sample),
        Some(p) if p.as_os_str() == "-" => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .take(MAX_INPUT_BYTES + 1)
                .read_to_end(&mut buf)
                .context("cannot read standard input")?;
            if buf.len() as u64 > MAX_INPUT_BYTES {
                bail!(
                    "standard input is larger than {} MiB",
                    MAX_INPUT_BYTES >> 20
                );
            }
            (buf, Origin::Stdin)
        }
        Some(p) => (read_file(p)?, Origin::File(absolute(p))),
    };
    let name = match &origin {
        Origin::File(p) => p.display().to_string(),
        other => other.display_name(),
    };
    let doc = doc::load_owned(bytes, forced).with_context(|| format!("cannot read {name}"))?;
    Ok(Loaded { doc, origin })
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display();
    let meta = std::fs::metadata(path).with_context(|| format!("cannot open {shown}"))?;
    if meta.is_dir() {
        bail!("{shown} is a directory, not a text file");
    }
    if meta.len() > MAX_INPUT_BYTES {
        bail!(
            "{shown} is {} MiB; gangmu reads files of up to {} MiB",
            meta.len() >> 20,
            MAX_INPUT_BYTES >> 20
        );
    }
    std::fs::read(path).with_context(|| format!("cannot read {shown}"))
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
