//! Layout benchmarks: wrapping the sample report, and moving the reading pane over a generated
//! document of more than 50 MB (scrolling must not depend on the document's size).
//!
//! Run with `cargo bench --bench layout`.
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use gangmu::doc::{Block, Position};
use gangmu::layout::{
    AmbiguousWidth, Blocks, Flow, LayoutCache, PARAGRAPH_INDENT, Progress, RowPos, WrapOptions,
    wrap,
};

const BIG_DOCUMENT_BYTES: usize = 50 * 1024 * 1024;
const PAGE: usize = 40;

fn sample_blocks() -> Vec<Block> {
    gangmu::doc::parse(gangmu::source::SAMPLE).blocks
}

/// Copies of the sample's blocks, each varied, until the text passes `bytes`.
fn big_document(bytes: usize) -> Vec<Block> {
    gangmu::synth::varied_blocks(bytes)
}

fn options(width: usize) -> WrapOptions {
    WrapOptions {
        width,
        ambiguous: AmbiguousWidth::Narrow,
        first_line_indent: 4,
    }
}

fn wrap_sample(c: &mut Criterion) {
    let blocks = sample_blocks();
    let bytes: usize = blocks.iter().map(|b| b.text.len()).sum();
    let mut group = c.benchmark_group("wrap_sample");
    group.throughput(Throughput::Bytes(bytes as u64));
    for width in [40, 80, 200] {
        let opts = options(width);
        group.bench_with_input(BenchmarkId::from_parameter(width), &opts, |b, opts| {
            b.iter(|| {
                let mut lines = 0;
                for block in &blocks {
                    lines += wrap(black_box(&block.text), opts).len();
                }
                lines
            });
        });
    }
    group.finish();
}

fn flow_big_document(c: &mut Criterion) {
    let blocks = big_document(BIG_DOCUMENT_BYTES);
    let bytes: usize = blocks.iter().map(|b| b.text.len()).sum();
    eprintln!(
        "generated document: {} blocks, {:.1} MB",
        blocks.len(),
        bytes as f64 / 1e6
    );
    let source = Blocks::new(&blocks, PARAGRAPH_INDENT);
    let middle = blocks.len() / 2;
    let mut group = c.benchmark_group("flow_50mb");

    // A page down and a page up from the middle of the document, the blocks already wrapped.
    let mut cache = LayoutCache::new(options(80));
    group.bench_function("page_down_warm", |b| {
        let mut flow = Flow::new(&source, &mut cache, 1);
        b.iter(|| flow.down(black_box(RowPos::new(middle, 0)), PAGE));
    });
    group.bench_function("page_up_warm", |b| {
        let mut flow = Flow::new(&source, &mut cache, 1);
        b.iter(|| flow.up(black_box(RowPos::new(middle, 0)), PAGE));
    });

    // A page down from places never visited before: every block moved through is wrapped.
    let mut cold_cache = LayoutCache::new(options(80));
    let mut next_block = 0usize;
    group.bench_function("page_down_cold", |b| {
        b.iter(|| {
            next_block = (next_block + 7919) % blocks.len();
            cold_cache.clear();
            let mut flow = Flow::new(&source, &mut cold_cache, 1);
            flow.down(RowPos::new(next_block, 0), PAGE)
        });
    });

    // Jumping to the end and to a saved position in the middle, then drawing a page.
    group.bench_function("end_and_draw_page_cold", |b| {
        b.iter(|| {
            cold_cache.clear();
            let mut flow = Flow::new(&source, &mut cold_cache, 1);
            let top = flow.end(PAGE);
            flow.visible_rows(top, PAGE).len()
        });
    });
    group.bench_function("jump_to_position_cold", |b| {
        b.iter(|| {
            cold_cache.clear();
            let mut flow = Flow::new(&source, &mut cold_cache, 1);
            let top = flow.row_of(black_box(Position::new(middle, 50)));
            flow.visible_rows(top, PAGE).len()
        });
    });

    // The status bar's percentage: built once per document, then O(1).
    group.sample_size(10);
    group.bench_function("progress_build", |b| {
        b.iter(|| Progress::new(&source).total_chars());
    });
    let progress = Progress::new(&source);
    group.sample_size(100);
    group.bench_function("progress_percent", |b| {
        b.iter(|| progress.percent(black_box(Position::new(middle, 10))));
    });
    group.finish();
}

criterion_group!(benches, wrap_sample, flow_big_document);
criterion_main!(benches);
