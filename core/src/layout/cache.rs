//! The wrapped lines of each block, kept per (block, text, indent) for one set of
//! [`WrapOptions`].
//!
//! Scrolling and drawing ask for the same blocks again and again; wrapping is cheap but not free,
//! so the reader keeps one cache per document and width. An entry is checked against a hash of
//! the block's text, so a cache fed a different document's blocks never returns stale lines. The
//! cache is bounded: past [`LayoutCache::MAX_LINES`] cached lines, the entries far from the block
//! being asked for are dropped.

use std::collections::HashMap;

use super::wrap::{WrapOptions, WrappedLine, wrap_into};

/// Wrapped lines per block, for one set of wrap options.
#[derive(Debug, Clone)]
pub struct LayoutCache {
    opts: WrapOptions,
    entries: HashMap<usize, Entry>,
    cached_lines: usize,
}

#[derive(Debug, Clone)]
struct Entry {
    text_hash: u64,
    text_len: usize,
    indent: usize,
    lines: Vec<WrappedLine>,
}

impl LayoutCache {
    /// Upper bound on the number of lines kept (about 6 MB) before far entries are dropped.
    pub const MAX_LINES: usize = 200_000;
    /// Blocks on either side of the requested one that survive a trim.
    const KEEP_AROUND: usize = 512;

    /// An empty cache for `opts` (its `first_line_indent` is ignored: each call to
    /// [`LayoutCache::lines`] gives the block's own indent).
    #[must_use]
    pub fn new(opts: WrapOptions) -> Self {
        Self {
            opts,
            entries: HashMap::new(),
            cached_lines: 0,
        }
    }

    /// Changes the options; the cache is cleared only if they differ (in width or ambiguous
    /// mode, or in the default indent).
    pub fn set_options(&mut self, opts: WrapOptions) {
        if opts != self.opts {
            self.opts = opts;
            self.clear();
        }
    }

    /// The current options.
    #[must_use]
    pub fn options(&self) -> WrapOptions {
        self.opts
    }

    /// Forgets every entry (for a new document).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.cached_lines = 0;
    }

    /// Lines of block `index` whose text is `text`; `indent` = first-line indent for this block.
    pub fn lines(&mut self, index: usize, text: &str, indent: usize) -> &[WrappedLine] {
        let text_hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        let fresh = self.entries.get(&index).is_some_and(|entry| {
            entry.text_hash == text_hash && entry.text_len == text.len() && entry.indent == indent
        });
        if !fresh {
            let opts = WrapOptions {
                first_line_indent: indent,
                ..self.opts
            };
            let mut lines = self
                .entries
                .remove(&index)
                .map(|old| {
                    self.cached_lines -= old.lines.len();
                    old.lines
                })
                .unwrap_or_default();
            wrap_into(text, &opts, &mut lines);
            if self.cached_lines + lines.len() > Self::MAX_LINES {
                self.trim_around(index, lines.len());
            }
            self.cached_lines += lines.len();
            self.entries.insert(
                index,
                Entry {
                    text_hash,
                    text_len: text.len(),
                    indent,
                    lines,
                },
            );
        }
        self.entries
            .get(&index)
            .map_or(&[], |entry| entry.lines.as_slice())
    }

    /// Number of lines currently cached (for tests and diagnostics).
    #[must_use]
    pub fn cached_lines(&self) -> usize {
        self.cached_lines
    }

    /// Drops every entry further than [`Self::KEEP_AROUND`] blocks from `index`, to make room
    /// for `incoming` more lines.
    fn trim_around(&mut self, index: usize, incoming: usize) {
        let mut kept = 0;
        self.entries.retain(|&block, entry| {
            let keep = block.abs_diff(index) <= Self::KEEP_AROUND;
            if keep {
                kept += entry.lines.len();
            }
            keep
        });
        self.cached_lines = kept;
        if self.cached_lines + incoming > Self::MAX_LINES {
            // Huge blocks near `index`: start afresh rather than grow without bound.
            self.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{AmbiguousWidth, wrap};

    fn opts(width: usize) -> WrapOptions {
        WrapOptions {
            width,
            ambiguous: AmbiguousWidth::Narrow,
            first_line_indent: 0,
        }
    }

    #[test]
    fn returns_the_same_lines_as_wrap() {
        let mut cache = LayoutCache::new(opts(6));
        let text = "纲目是一个终端阅读器";
        let expected = wrap(
            text,
            &WrapOptions {
                first_line_indent: 4,
                ..opts(6)
            },
        );
        assert_eq!(cache.lines(3, text, 4), expected.as_slice());
        assert_eq!(cache.lines(3, text, 4), expected.as_slice());
        assert_eq!(cache.cached_lines(), expected.len());
    }

    #[test]
    fn a_changed_text_or_indent_is_wrapped_again() {
        let mut cache = LayoutCache::new(opts(8));
        assert_eq!(cache.lines(0, "一二三四", 0).len(), 1);
        assert_eq!(cache.lines(0, "一二三四五六七", 0).len(), 2);
        assert_eq!(cache.lines(0, "一二三四五六七", 4).len(), 3);
        assert_eq!(cache.cached_lines(), 3);
    }

    #[test]
    fn set_options_clears_only_on_change() {
        let mut cache = LayoutCache::new(opts(6));
        cache.lines(0, "一二三四", 0);
        cache.set_options(opts(6));
        assert_eq!(cache.cached_lines(), 2);
        cache.set_options(opts(8));
        assert_eq!(cache.cached_lines(), 0);
        assert_eq!(cache.options().width, 8);
        assert_eq!(cache.lines(0, "一二三四", 0).len(), 1);
    }

    #[test]
    fn stays_bounded() {
        let mut cache = LayoutCache::new(opts(2));
        let text = "一".repeat(1000);
        for block in 0..1000 {
            cache.lines(block, &text, 0);
            assert!(cache.cached_lines() <= LayoutCache::MAX_LINES);
        }
        // The most recent block is still cached.
        assert_eq!(cache.lines(999, &text, 0).len(), 1000);
    }
}
