//! Where a document comes from: a file, standard input, or the bundled sample.
//! The only module of the engine that touches the file system for documents.
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::doc::{self, Document};
use crate::shown::{shown, shown_path};

/// The sample report shipped with gangmu, opened when no path is given.
pub const SAMPLE: &str = include_str!("../../assets/sample.txt");
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
    /// Set when the encoding was guessed on thin evidence: a note to show the user (on stderr,
    /// or in the reader's status bar).
    pub encoding_note: Option<String>,
}

/// [`load_quiet`] for the command line: a note about a guessed encoding goes to stderr.
///
/// # Errors
/// As [`load_quiet`].
pub fn load(path: Option<&Path>, encoding: Option<&str>) -> Result<Loaded> {
    let loaded = load_quiet(path, encoding)?;
    if let Some(note) = &loaded.encoding_note {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "gangmu: {note}");
    }
    Ok(loaded)
}

/// Reads and parses the document named by `path` (`-` for standard input, `None` for the
/// sample), decoding with `encoding` when given. Prints nothing: a guessed encoding is told in
/// [`Loaded::encoding_note`].
///
/// Every read is bounded by [`MAX_INPUT_BYTES`], whatever the file is: a regular file, standard
/// input, a device (`/dev/zero` reports size 0) or a FIFO. A directory, a missing file or one
/// past the cap is an error of one line.
///
/// # Errors
/// An unknown encoding; the document cannot be opened or read, is too large, or is not text.
pub fn load_quiet(path: Option<&Path>, encoding: Option<&str>) -> Result<Loaded> {
    let forced = encoding
        .map(|label| {
            doc::encoding_for_label(label).map_err(|_| {
                anyhow::anyhow!(
                    "unknown encoding {} (try utf-8, gb18030, gbk, big5, utf-16le, utf-16be)",
                    shown(label)
                )
            })
        })
        .transpose()?;
    let (bytes, origin) = match path {
        None => (SAMPLE.as_bytes().to_vec(), Origin::Sample),
        Some(p) if p.as_os_str() == "-" => {
            let stdin = std::io::stdin().lock();
            let bytes = read_capped(stdin, MAX_INPUT_BYTES, 0)
                .map_err(|e| anyhow::anyhow!("cannot read standard input: {}", io_reason(&e)))?
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "standard input is larger than {} MiB, the most gangmu reads",
                        MAX_INPUT_BYTES >> 20
                    )
                })?;
            (bytes, Origin::Stdin)
        }
        Some(p) => (
            read_document(p, MAX_INPUT_BYTES, "document")?,
            Origin::File(absolute(p)),
        ),
    };
    let name = match &origin {
        Origin::File(p) => shown_path(p),
        other => other.display_name(),
    };
    let decoded = doc::decode::decode_owned(bytes, forced)
        .map_err(|e| anyhow::anyhow!("cannot read {name}: {e}"))?;
    let encoding_note = decoded.guess_note();
    let mut doc = doc::parse_owned(decoded.text);
    doc.encoding = decoded.encoding.to_string();
    Ok(Loaded {
        doc,
        origin,
        encoding_note,
    })
}

/// Reads the file at `path` whole, up to `cap` bytes: a regular file, a device or a FIFO alike
/// (the size a device or a FIFO reports says nothing, so the read itself is bounded). `what`
/// names the file in messages (`document`, `config file`).
///
/// # Errors
/// One line naming the file: it does not exist, is a directory, cannot be read, or holds more
/// than `cap` bytes.
pub fn read_document(path: &Path, cap: u64, what: &str) -> Result<Vec<u8>> {
    let name = shown_path(path);
    let file = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("cannot open the {what} {name}: {}", io_reason(&e)))?;
    let meta = file
        .metadata()
        .map_err(|e| anyhow::anyhow!("cannot open the {what} {name}: {}", io_reason(&e)))?;
    if meta.is_dir() {
        bail!("the {what} {name} is a directory, not a text file");
    }
    let too_large = || {
        anyhow::anyhow!(
            "the {what} {name} is larger than {}, the most gangmu reads",
            size_text(cap)
        )
    };
    if meta.is_file() && meta.len() > cap {
        return Err(too_large());
    }
    let hint = if meta.is_file() { meta.len() } else { 0 };
    read_capped(file, cap, hint)
        .map_err(|e| anyhow::anyhow!("cannot read the {what} {name}: {}", io_reason(&e)))?
        .ok_or_else(too_large)
}

/// Reads `reader` to its end, holding at most `cap + 1` bytes: `None` when there is more than
/// `cap`. `hint` is the expected size (0 when unknown). The buffer grows by doubling but never
/// past the cap, so memory stays near the cap even for an endless source.
///
/// # Errors
/// A read error.
pub fn read_capped(mut reader: impl Read, cap: u64, hint: u64) -> std::io::Result<Option<Vec<u8>>> {
    let limit = usize::try_from(cap.saturating_add(1)).unwrap_or(usize::MAX);
    let first = usize::try_from(hint.saturating_add(1))
        .unwrap_or(limit)
        .max(8 * 1024)
        .min(limit);
    let mut buf: Vec<u8> = Vec::with_capacity(first);
    loop {
        let room = buf.capacity() - buf.len();
        if room == 0 {
            if buf.len() >= limit {
                return Ok(None);
            }
            let target = buf.capacity().saturating_mul(2).min(limit);
            buf.reserve_exact(target - buf.len());
            continue;
        }
        // Fills the spare room at most; the standard library probes with a small stack buffer
        // before growing a full vector, and a `Take` that is used up ends that probe.
        let read = (&mut reader).take(room as u64).read_to_end(&mut buf)?;
        if read < room {
            break;
        }
    }
    Ok((buf.len() < limit).then_some(buf))
}

/// `512 MiB`, `1 MiB`, `64 KiB`, `300 bytes`: a size as people write it.
#[must_use]
pub fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

/// What went wrong, for a message: the system's words without ` (os error N)`, lowercased.
#[must_use]
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match error.kind() {
        K::NotFound => "no such file".to_string(),
        K::PermissionDenied => "permission denied".to_string(),
        K::IsADirectory => "it is a directory".to_string(),
        K::InvalidData => "it is not valid text".to_string(),
        _ => {
            let text = error.to_string();
            let text = text
                .split_once(" (os error")
                .map_or(text.as_str(), |(words, _)| words);
            shown(text)
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(16 << 20), "16 MiB");
        assert_eq!(size_text(512 << 10), "512 KiB");
        assert_eq!(size_text(300), "300 bytes");
    }

    #[test]
    fn reads_stop_at_the_cap() {
        let data = [7u8; 100];
        assert_eq!(read_capped(&data[..], 100, 0).unwrap().unwrap().len(), 100);
        assert_eq!(
            read_capped(&data[..], 100, 100).unwrap().unwrap().len(),
            100
        );
        assert!(read_capped(&data[..], 99, 0).unwrap().is_none());
        // An endless source ends at the cap too, with the buffer never past it.
        assert!(
            read_capped(std::io::repeat(0), 1 << 20, 0)
                .unwrap()
                .is_none()
        );
    }
}
