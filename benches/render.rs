//! Reader benchmarks: time to the first frame (App construction + first draw) and time per
//! keystroke (update + draw) at 200×60, on the sample and on a generated report of more than
//! 50 MB. Parsing is not measured here (see the `parse` bench).
//!
//! `search_keystroke/*`: typing one more character into the search box (update + draw) on the
//! sample and on `gangmu::synth::large_report(50 << 20)`: `third_char` types 民 after 协商 and
//! `second_char` 商 after 协 (each looks only in the blocks of the matches before it, which in
//! the generated report hold 协 nearly everywhere), `first_char` types 协 into an empty box. The document is
//! profiled once (see `search::Folding`), on the first search, before the timing starts; that
//! one-time cost is printed.
//!
//! Each case is timed twice: the keystroke (its search's first part, which a time budget
//! bounds, and the screen drawn), and `*_whole`, the keystroke with the event loop's turns that
//! end the search.
//!
//! Run with `cargo bench --bench render`. The per-keystroke time on the large report should stay
//! within twice that on the sample, and under 2 ms; a search keystroke on the large report well
//! under 100 ms.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use gangmu::app::{Action, App, Overlay, update};
use gangmu::config::Config;
use gangmu::doc::{self, Document};
use gangmu::layout::AmbiguousWidth;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const COLUMNS: u16 = 200;
const ROWS: u16 = 60;
const LARGE_BYTES: usize = 50 * 1024 * 1024;

/// The sample's text repeated until it passes `bytes`, each copy under a chapter heading of its
/// own and with its top-level headings renumbered, so the outline grows with the text.
fn large_report_text(bytes: usize) -> String {
    let sample = gangmu::source::SAMPLE;
    let mut text = String::with_capacity(bytes + sample.len() * 2);
    let mut copy = 1;
    while text.len() < bytes {
        text.push_str(&format!("第{copy}章　第{copy}部分\n\n"));
        text.push_str(
            &sample
                .replace("一、2024年工作回顾", &format!("一、{copy}年工作回顾"))
                .replace("二、2025年工作打算", &format!("二、{}年工作打算", copy + 1)),
        );
        text.push_str("\n\n");
        copy += 1;
    }
    text
}

fn documents() -> Vec<(&'static str, Document)> {
    let sample = doc::parse(gangmu::source::SAMPLE);
    let started = Instant::now();
    let text = large_report_text(LARGE_BYTES);
    let large = doc::parse(&text);
    eprintln!(
        "large report: {} MB, {} blocks, {} sections (generated and parsed in {:.1?})",
        text.len() >> 20,
        large.blocks.len(),
        large.sections.len(),
        started.elapsed()
    );
    vec![("sample", sample), ("large", large)]
}

fn app(doc: Document) -> App {
    App::new(
        doc,
        "bench",
        Config::default(),
        AmbiguousWidth::Narrow,
        COLUMNS,
        ROWS,
    )
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| gangmu::ui::draw(app, frame.buffer_mut()))
        .unwrap();
}

fn benches(c: &mut Criterion) {
    let docs = documents();

    let mut group = c.benchmark_group("first_frame");
    group.sample_size(10);
    for (name, doc) in &docs {
        group.bench_function(*name, |b| {
            b.iter_batched(
                || doc.clone(),
                |doc| {
                    let mut terminal = Terminal::new(TestBackend::new(COLUMNS, ROWS)).unwrap();
                    let app = app(doc);
                    draw(&mut terminal, &app);
                    black_box(app)
                },
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();

    let mut group = c.benchmark_group("keystroke");
    for (name, doc) in &docs {
        let mut app = app(doc.clone());
        let mut terminal = Terminal::new(TestBackend::new(COLUMNS, ROWS)).unwrap();
        draw(&mut terminal, &app);
        // Start in the middle of the document, where both directions have text.
        update(&mut app, Action::Bottom);
        let bottom = app.view().top().block;
        app.view_mut()
            .jump_to(gangmu::doc::Position::new(bottom / 2, 0));
        for (key, action) in [
            ("j", Action::LineDown),
            ("page", Action::PageDown),
            ("next_section", Action::NextSection),
        ] {
            group.bench_function(format!("{name}/{key}"), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        // At the end, start again from the top (not timed).
                        if app.view().at_end() || (action == Action::NextSection && !has_next(&app))
                        {
                            update(&mut app, Action::Top);
                            draw(&mut terminal, &app);
                        }
                        let start = Instant::now();
                        update(&mut app, action.clone());
                        draw(&mut terminal, &app);
                        total += start.elapsed();
                    }
                    total
                });
            });
        }
    }
    group.finish();
}

/// Times typing `ch` into the search box and taking it back: the keystroke (its search's first
/// part, which a time budget bounds, and the screen drawn), and `*_whole`, the keystroke with
/// the event loop's turns that end its search, each drawn.
fn bench_char(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    label: &str,
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    ch: char,
) {
    // The second of each pair waits for the whole search, its parts drawn as they come.
    for (name, whole) in [(label.to_string(), false), (format!("{label}_whole"), true)] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    update(app, Action::InsertChar(ch));
                    draw(terminal, app);
                    while whole && app.search_under_way() {
                        update(app, Action::ContinueSearch);
                        draw(terminal, app);
                    }
                    total += start.elapsed();
                    // Back to before, not timed.
                    finish(app);
                    update(app, Action::DeleteChar);
                    finish(app);
                }
                total
            });
        });
    }
}

fn has_next(app: &App) -> bool {
    let view = app.view();
    let top = view.top_row();
    view.doc
        .sections
        .last()
        .is_some_and(|s| (s.block, 0) > (top.block, top.line))
}

/// Typing into the search box: the time of one more character, update and draw.
fn search_keystroke(c: &mut Criterion) {
    let sample = doc::parse(gangmu::source::SAMPLE);
    let started = Instant::now();
    let large = doc::parse(&gangmu::synth::large_report(50 << 20));
    eprintln!(
        "synth::large_report(50 MB): {} blocks, parsed in {:.1?}",
        large.blocks.len(),
        started.elapsed()
    );
    let mut group = c.benchmark_group("search_keystroke");
    group.sample_size(20);
    for (name, doc) in [("sample", sample), ("large", large)] {
        let mut app = app(doc);
        let mut terminal = Terminal::new(TestBackend::new(COLUMNS, ROWS)).unwrap();
        draw(&mut terminal, &app);
        // Read from the middle of the document.
        update(&mut app, Action::Bottom);
        let bottom = app.view().top().block;
        app.view_mut()
            .jump_to(gangmu::doc::Position::new(bottom / 2, 0));
        update(&mut app, Action::Search);
        // The first character folds the document (once).
        let started = Instant::now();
        update(&mut app, Action::InsertChar('协'));
        finish(&mut app);
        draw(&mut terminal, &app);
        let hits_one = app.view().active_search().map_or(0, |s| s.hits.len());
        eprintln!(
            "{name}: first search keystroke, folding included: {:.1?} ({hits_one} matches of 协)",
            started.elapsed()
        );
        update(&mut app, Action::InsertChar('商'));
        finish(&mut app);
        let hits_two = app.view().active_search().map_or(0, |s| s.hits.len());
        eprintln!("{name}: {hits_two} matches of 协商");
        for (label, ch, before) in [
            ("third_char", '民', "协商"),
            ("second_char", '商', "协"),
            ("first_char", '协', ""),
        ] {
            // Bring the box to `before` (not timed): each case's is the one before's, shorter.
            while matches!(&app.overlay, Overlay::Search(p) if p.input.text() != before) {
                update(&mut app, Action::DeleteChar);
                finish(&mut app);
            }
            bench_char(
                &mut group,
                &format!("{name}/{label}"),
                &mut app,
                &mut terminal,
                ch,
            );
        }
        // A regular expression: `年` typed after `\d{4}`.
        update(&mut app, Action::ToggleRegex);
        for c in "\\d{4}".chars() {
            update(&mut app, Action::InsertChar(c));
            finish(&mut app);
        }
        bench_char(
            &mut group,
            &format!("{name}/regex_char"),
            &mut app,
            &mut terminal,
            '年',
        );
    }
    group.finish();
}

/// Lets a search under way end, as the event loop would while no key is waiting.
fn finish(app: &mut App) {
    while app.search_under_way() {
        update(app, Action::ContinueSearch);
    }
}

criterion_group!(render, benches, search_keystroke);
criterion_main!(render);
