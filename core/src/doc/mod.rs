//! The document engine: bytes → text → blocks → outline. Knows nothing of the terminal.
//!
//! The stages, called in order, each in a module of its own: [`decode`](mod@decode) (bytes →
//! text), [`reflow`] for plain text or [`markdown`] (lines → blocks; page furniture and markup
//! dropped and recorded), [`title`] (the title block), [`regions`] (contents, tables, boxes,
//! enumerations: no headings there), [`candidates`] (every block that could be a heading),
//! [`tree`] (the whole document decides which are, and the outline is built). Leaves that they
//! share: [`numbering`] (numerals, schemes, markers), [`dates`], [`blocks`] (the block type and
//! how lines join), [`model`] (the document), `halves` (a large document's blocks gone through
//! on two threads). Data flows one way: no stage calls a later one.
pub mod blocks;
pub mod candidates;
pub mod dates;
pub mod decode;
mod halves;
pub mod markdown;
pub mod model;
pub mod numbering;
pub mod reflow;
pub mod regions;
pub mod title;
pub mod tree;

pub use decode::{DecodeError, decode, encoding_for_label};
pub use model::{
    Block, BlockKind, Document, DropReason, Dropped, Metadata, Position, Section, Warning,
    WarningKind,
};

/// Parses decoded, normalised text (see [`decode::normalise`]) into a document.
#[must_use]
pub fn parse(text: &str) -> Document {
    parse_owned(text.to_string())
}

/// Like [`parse`], but frees the text as soon as the blocks are built, which lowers the peak
/// memory of a large document. Markdown (see [`markdown::looks_like_markdown`]) is read by a
/// Markdown parser, anything else by the reflow of plain text.
#[must_use]
pub fn parse_owned(text: String) -> Document {
    let is_markdown = markdown::looks_like_markdown(&text);
    parse_with(text, is_markdown)
}

/// Parses text as Markdown, whatever it looks like.
#[must_use]
pub fn parse_markdown(text: String) -> Document {
    parse_with(text, true)
}

/// What the first pass over the text gives: Markdown's blocks, or the plan of the plain text's.
enum FirstPass {
    Markdown(blocks::Reflowed),
    Plain(reflow::Plan),
}

fn parse_with(text: String, is_markdown: bool) -> Document {
    // A large text's fingerprint is hashed beside the reflow, on another core.
    let (first, fingerprint) = halves::both(
        text.len() >= 1 << 20,
        || {
            if is_markdown {
                FirstPass::Markdown(markdown::reflow(&text))
            } else {
                FirstPass::Plain(reflow::plan(&text))
            }
        },
        || fingerprint(&text),
    );
    // Plain text's blocks are built as its text is freed, so that both are never held whole.
    let reflowed = match first {
        FirstPass::Markdown(reflowed) => {
            drop(text);
            reflowed
        }
        FirstPass::Plain(plan) => reflow::build_owned(plan, text),
    };
    let (mut meta, title_blocks, body) = title::extract(reflowed.blocks);
    title::fill_from_front_matter(&mut meta, &reflowed.front_matter);
    let mut doc = tree::build(meta, title_blocks, body);
    doc.dropped = reflowed.dropped;
    doc.fingerprint = fingerprint;
    doc
}

/// Decodes and parses raw bytes.
pub fn load(
    bytes: &[u8],
    forced: Option<&'static encoding_rs::Encoding>,
) -> Result<Document, DecodeError> {
    load_owned(bytes.to_vec(), forced)
}

/// Decodes and parses raw bytes, taking them by value so that UTF-8 input is not copied.
pub fn load_owned(
    bytes: Vec<u8>,
    forced: Option<&'static encoding_rs::Encoding>,
) -> Result<Document, DecodeError> {
    let decoded = decode::decode_owned(bytes, forced)?;
    let mut doc = parse_owned(decoded.text);
    doc.encoding = decoded.encoding.to_string();
    Ok(doc)
}

/// A short, stable hash of the text: 32 hex digits of xxh3-128.
#[must_use]
pub fn fingerprint(text: &str) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()))
}
