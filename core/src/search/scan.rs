//! A search done a part at a time, so that a reader stays responsive on a large document: a
//! regular expression, or a pattern that folding must look for block by block, takes a good
//! part of a second on 50 MB, and each keystroke in the search box starts a new one.
//!
//! A [`Scan`] looks from a starting block to the end of the document first, then from its
//! beginning up to the start, so that the first match after the reader's place is found in the
//! first part. The hits from the start on are handed out as they are found, in order; those
//! before the start are kept aside and put in front when the scan ends.

use std::time::{Duration, Instant};

use super::{Folding, Hit, Hits, Matcher};
use crate::doc::Document;

/// How much of a [`Scan`] one call of [`Folding::scan_some`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// Until this much time has passed (looked at after each few blocks).
    Time(Duration),
    /// This many blocks (what tests use: their figures must not depend on the machine).
    Blocks(usize),
}

/// How far a scan is after a call of [`Folding::scan_some`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// There are blocks left to look in.
    Going,
    /// Every block has been looked in; the hits before the start, `prepended` of them, have
    /// been put in front of the others (indices into the hits move on by as many).
    Done { prepended: usize },
}

/// A search under way.
#[derive(Debug, Clone)]
pub struct Scan {
    matcher: Matcher,
    /// The blocks to look in, in order (`None`: every block of the document).
    only: Option<Vec<usize>>,
    /// The place (in `only`, or among all blocks) the scan starts from.
    start: usize,
    /// How many places have been looked at.
    done: usize,
    /// The hits before the start, found after the scan wrapped around.
    wrapped: Vec<Hit>,
}

/// Blocks looked in between two looks at the clock.
const BLOCKS_PER_STEP: usize = 256;

impl Scan {
    /// A scan for `matcher` that starts at block `from`, in every block or only in `only` (in
    /// order, each once: all the blocks that can hold a hit, see [`Matcher::narrows`]).
    #[must_use]
    pub fn new(matcher: Matcher, from: usize, only: Option<Vec<usize>>) -> Self {
        let start = only
            .as_ref()
            .map_or(from, |blocks| blocks.partition_point(|&b| b < from));
        Self {
            matcher,
            only,
            start,
            done: 0,
            wrapped: Vec::new(),
        }
    }

    /// The matcher looked for.
    #[must_use]
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The block at place `at`.
    fn block_at(&self, at: usize) -> usize {
        self.only
            .as_ref()
            .map_or(at, |blocks| blocks.get(at).copied().unwrap_or(usize::MAX))
    }
}

impl Folding {
    /// Looks further for `scan`'s matches in `doc` (the document this was made from) until
    /// `budget` is spent, adding the hits from the scan's start on to `hits`. When the scan
    /// ends, `hits` holds every hit, in document order.
    pub fn scan_some(
        &self,
        doc: &Document,
        scan: &mut Scan,
        hits: &mut Hits,
        budget: Budget,
    ) -> Progress {
        if scan.matcher.options.fold_variants != self.fold_variants {
            // Profiled for the other setting: profile again once, and finish at once.
            let other = Self::new(doc, scan.matcher.options.fold_variants);
            return other.scan_some(doc, scan, hits, Budget::Blocks(usize::MAX));
        }
        let places = scan.only.as_ref().map_or(self.block_count, Vec::len);
        scan.start = scan.start.min(places);
        let started = Instant::now();
        let mut looked = 0;
        while scan.done < places {
            // A step never crosses the wrap from the last place back to the first.
            let at = (scan.start + scan.done) % places;
            let wrapped = scan.done >= places - scan.start;
            let until = if wrapped { scan.start } else { places };
            let step = match budget {
                Budget::Time(_) => BLOCKS_PER_STEP,
                Budget::Blocks(n) => n.saturating_sub(looked).max(1),
            }
            .min(until - at);
            let text = |block: usize| doc.blocks.get(block).map_or("", |b| b.text.as_str());
            let found = self.find_in(
                text,
                &scan.matcher,
                (at..at + step).map(|place| scan.block_at(place)),
            );
            if wrapped {
                scan.wrapped.extend(found.hits);
            } else {
                hits.hits.extend(found.hits);
            }
            scan.done += step;
            looked += step;
            let spent = match budget {
                Budget::Time(limit) => started.elapsed() >= limit,
                Budget::Blocks(n) => looked >= n,
            };
            if spent && scan.done < places {
                return Progress::Going;
            }
        }
        let prepended = scan.wrapped.len();
        if prepended > 0 {
            let after = std::mem::take(&mut hits.hits);
            hits.hits = std::mem::take(&mut scan.wrapped);
            hits.hits.extend(after);
        }
        Progress::Done { prepended }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::search::SearchOptions;

    fn run(doc: &Document, scan: &mut Scan, budget: Budget) -> (Hits, usize, usize) {
        let folding = Folding::new(doc, scan.matcher.options.fold_variants);
        let mut hits = Hits::default();
        let mut calls = 0;
        loop {
            calls += 1;
            if let Progress::Done { prepended } = folding.scan_some(doc, scan, &mut hits, budget) {
                return (hits, prepended, calls);
            }
            assert!(calls < 1000);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// Whatever block it starts from, however little it does at a time, and in whatever
        /// blocks it is told to look, a scan ends with the hits a whole search finds.
        #[test]
        fn a_scan_in_parts_finds_what_a_whole_search_finds(
            blocks in proptest::collection::vec(
                proptest::sample::select(vec!["协商", "无", "协\u{200B}商", "協商", "a 协商 b", ""]),
                0..14,
            ),
            from in 0..16usize,
            step in 1..5usize,
            variants in proptest::bool::ANY,
            narrowed in proptest::bool::ANY,
        ) {
            let doc = Document::from_paragraphs(&blocks);
            let options = SearchOptions { fold_variants: variants, ..SearchOptions::default() };
            let matcher = Matcher::new("协商", options).unwrap();
            let whole = Folding::new(&doc, variants).find_all(&doc, &matcher);
            let only = narrowed.then(|| {
                let wider = Matcher::new("商", options).unwrap();
                Folding::new(&doc, variants).find_all(&doc, &wider).blocks()
            });
            let mut scan = Scan::new(matcher, from, only);
            let (hits, prepended, calls) = run(&doc, &mut scan, Budget::Blocks(step));
            proptest::prop_assert_eq!(&hits, &whole);
            let before = whole.iter().filter(|h| h.block < from).count();
            proptest::prop_assert_eq!(prepended, before);
            proptest::prop_assert!(calls <= doc.blocks.len() / step + 2);
        }
    }

    /// The hits from the start on come first, in the first part: the reader can go to the
    /// first match after its place before the scan is done.
    #[test]
    fn the_first_part_looks_from_the_start() {
        let doc = Document::from_paragraphs(&["协商一", "无", "无", "协商二", "协商三"]);
        let matcher = Matcher::new("协商", SearchOptions::default()).unwrap();
        let folding = Folding::new(&doc, false);
        let mut scan = Scan::new(matcher, 3, None);
        let mut hits = Hits::default();
        assert_eq!(
            folding.scan_some(&doc, &mut scan, &mut hits, Budget::Blocks(1)),
            Progress::Going
        );
        assert_eq!(hits.blocks(), vec![3]);
        let _ = folding.scan_some(&doc, &mut scan, &mut hits, Budget::Blocks(1));
        assert_eq!(hits.blocks(), vec![3, 4]);
        assert_eq!(
            folding.scan_some(&doc, &mut scan, &mut hits, Budget::Blocks(10)),
            Progress::Done { prepended: 1 }
        );
        assert_eq!(hits.blocks(), vec![0, 3, 4]);
        // A time budget finishes a small document at once.
        let mut scan = Scan::new(scan.matcher.clone(), 2, None);
        let mut hits = Hits::default();
        let progress = folding.scan_some(
            &doc,
            &mut scan,
            &mut hits,
            Budget::Time(Duration::from_secs(5)),
        );
        assert_eq!(progress, Progress::Done { prepended: 1 });
        assert_eq!(hits.len(), 3);
    }
}
