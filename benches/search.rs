//! Search and bookmark benchmarks.
//!
//! * `search/*`: a generated report of more than 50 MB (copies of the sample's reflowed
//!   blocks, each copy varied): folding it once (`index`), then a literal CJK search for 协商
//!   (thousands of hits), a literal that never matches, a regular expression.
//! * `anchor/*`: re-anchoring 1,000 bookmarks in the national government work report, in its
//!   own text (every bookmark in place) and after a paragraph was inserted at the top (every
//!   bookmark moved), and in a wholly different text at the same path (every bookmark
//!   looked for by every rule, all orphaned: the worst case).
//!
//! For comparison the benchmark writes the generated report to a temporary file (one block a
//! line) and times `grep -c 协商` on it once; the figure is printed before criterion's.
//!
//! Run with `cargo bench --bench search`.
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use gangmu::doc::{Document, Position};
use gangmu::search::{Matcher, SearchIndex, SearchOptions};
use gangmu::store::{AnchorStatus, StateStore};

const BIG_DOCUMENT_BYTES: usize = 50 * 1024 * 1024;
const BOOKMARKS: usize = 1_000;

/// Copies of the sample's blocks, each varied, until the text passes `bytes`.
fn big_document(bytes: usize) -> Document {
    Document {
        blocks: gangmu::synth::varied_blocks(bytes),
        ..Document::default()
    }
}

/// Times `grep -c 协商` on the same text, one block a line, and prints it.
fn grep_comparison(doc: &Document) {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("big-report.txt");
    let text: String = doc.blocks.iter().map(|b| format!("{}\n", b.text)).collect();
    if std::fs::write(&path, &text).is_err() {
        return;
    }
    let occurrences = text.matches("协商").count();
    // a first run to warm the page cache, then the timed one
    let _ = std::process::Command::new("grep")
        .arg("-c")
        .arg("协商")
        .arg(&path)
        .output();
    let started = Instant::now();
    match std::process::Command::new("grep")
        .arg("-c")
        .arg("协商")
        .arg(&path)
        .output()
    {
        Ok(out) => eprintln!(
            "grep -c 协商 on {} MB: {} lines in {:.1?} ({occurrences} occurrences)",
            text.len() >> 20,
            String::from_utf8_lossy(&out.stdout).trim(),
            started.elapsed()
        ),
        Err(e) => eprintln!("grep not run: {e}"),
    }
}

fn search(c: &mut Criterion) {
    let doc = big_document(BIG_DOCUMENT_BYTES);
    let bytes: usize = doc.blocks.iter().map(|b| b.text.len()).sum();
    grep_comparison(&doc);

    let started = Instant::now();
    let index = SearchIndex::new(&doc, false);
    eprintln!(
        "folded {} MB in {} blocks in {:.1?}",
        bytes >> 20,
        doc.blocks.len(),
        started.elapsed()
    );
    let started = Instant::now();
    let variants = SearchIndex::new(&doc, true);
    eprintln!(
        "folded with traditional → simplified in {:.1?}",
        started.elapsed()
    );
    drop(variants);
    let literal = Matcher::new("协商", SearchOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("协商: {} hits", index.find_all(&literal).len());

    let mut group = c.benchmark_group("search");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("index_50MB", |b| {
        b.iter(|| SearchIndex::new(black_box(&doc), false));
    });
    group.sample_size(20);
    group.bench_function("literal_cjk_50MB", |b| {
        b.iter(|| index.find_all(black_box(&literal)));
    });
    let absent =
        Matcher::new("不存在的词组", SearchOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    group.bench_function("literal_absent_50MB", |b| {
        b.iter(|| index.find_all(black_box(&absent)));
    });
    let regex = Matcher::new(
        r"\d{4}年",
        SearchOptions {
            regex: true,
            ..SearchOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    group.bench_function("regex_50MB", |b| {
        b.iter(|| index.find_all(black_box(&regex)));
    });
    group.finish();
}

/// A store (never saved) holding `BOOKMARKS` bookmarks spread over `doc`: 20 characters from
/// every block in turn, at varying offsets.
fn store_with_bookmarks(dir: &std::path::Path, doc: &Document) -> StateStore {
    let mut store = StateStore::open(dir.join("state.toml")).unwrap_or_else(|e| panic!("{e}"));
    let mut made = 0;
    let mut round = 0;
    while made < BOOKMARKS {
        for (i, block) in doc.blocks.iter().enumerate() {
            let len = block.char_len();
            if len < 30 || made == BOOKMARKS {
                continue;
            }
            let start = (round * 17 + i * 7) % (len - 20);
            if let Some(bm) = StateStore::new_bookmark(
                doc,
                Some("/report.txt"),
                Position::new(i, start),
                Position::new(i, start + 20),
                None,
            ) {
                store.add_bookmark(bm);
                made += 1;
            }
        }
        round += 1;
    }
    store
}

fn anchor(c: &mut Criterion) {
    let text = include_str!("../tests/corpus/gwr-2024-national.txt");
    let doc = gangmu::doc::parse(text);
    let edited = gangmu::doc::parse(&format!("编者按：本文有删节。\n{text}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));

    let anchored =
        store_with_bookmarks(dir.path(), &doc).anchor_bookmarks(&edited, Some("/report.txt"));
    let count = |status| anchored.iter().filter(|a| a.status == status).count();
    eprintln!(
        "after the insert: {} bookmarks, {} moved, {} exact, {} edited, {} orphaned",
        anchored.len(),
        count(AnchorStatus::Moved),
        count(AnchorStatus::Exact),
        count(AnchorStatus::Edited),
        count(AnchorStatus::Orphaned)
    );

    let mut group = c.benchmark_group("anchor");
    group.bench_function("1000_bookmarks_in_place", |b| {
        b.iter_batched(
            || store_with_bookmarks(dir.path(), &doc),
            |mut store| store.anchor_bookmarks(&doc, Some("/report.txt")),
            BatchSize::LargeInput,
        );
    });
    group.bench_function("1000_bookmarks_after_insert_above", |b| {
        b.iter_batched(
            || store_with_bookmarks(dir.path(), &doc),
            |mut store| {
                let anchored = store.anchor_bookmarks(&edited, Some("/report.txt"));
                debug_assert!(
                    anchored
                        .iter()
                        .all(|a| a.status != gangmu::store::AnchorStatus::Orphaned)
                );
                anchored
            },
            BatchSize::LargeInput,
        );
    });
    // the worst case: the file at that path now holds another text, every bookmark is looked
    // for everywhere by every rule and ends up orphaned
    let other = gangmu::doc::parse(include_str!("../tests/corpus/law-pipl-2021.txt"));
    group.sample_size(20);
    group.bench_function("1000_bookmarks_all_gone", |b| {
        b.iter_batched(
            || store_with_bookmarks(dir.path(), &doc),
            |mut store| store.anchor_bookmarks(&other, Some("/report.txt")),
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, search, anchor);
criterion_main!(benches);
