//! Parsing throughput: decode + reflow + headings + title on a generated report of 50 MB
//! (the sample repeated with renumbered headings, hard-wrapped, with page lines), and on the
//! sample itself. Criterion reports MB/s through `Throughput::Bytes`.
//!
//! Run: `cargo bench --bench parse`. Peak memory: `cargo build --release --bin gangmu` then
//! `/usr/bin/time -v target/release/gangmu outline FILE` on the generated file (written to
//! `target/bench-50mb.txt` by this bench).
use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use gangmu::{doc, source::SAMPLE, synth};

const LARGE: usize = 50 * 1024 * 1024;

fn parse_benches(c: &mut Criterion) {
    let large = synth::large_report(LARGE);
    // Leave the file behind for memory measurements with the real binary.
    let _ = std::fs::write("target/bench-50mb.txt", &large);

    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    group.bench_function("sample", |b| {
        b.iter(|| doc::load(black_box(SAMPLE.as_bytes()), None))
    });

    group.sample_size(10);
    group.throughput(Throughput::Bytes(large.len() as u64));
    // The bytes are handed over as a file read would hand them (not copied inside the timing),
    // and the document is dropped outside it: this measures decoding and parsing.
    group.bench_function("generated_50MB", |b| {
        b.iter_batched(
            || large.clone().into_bytes(),
            |bytes| doc::load_owned(black_box(bytes), None),
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, parse_benches);
criterion_main!(benches);
