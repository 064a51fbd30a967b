//! How long each stage of the parse takes on one file, and how many pages of fresh memory it
//! touches (minor page faults, from `/proc/self/stat` on Linux), to see where the time of
//! `cargo bench --bench parse` goes: `cargo run --release -p gangmu-core --example stages FILE
//! [ROUNDS]`.
//! (The stages as `doc::load_owned` calls them, each timed on its own; the fingerprint, which
//! the parse hashes on another core, is timed apart.)
use gangmu_core::doc::{self, decode, reflow, title, tree};
use std::time::Instant;

/// Minor page faults of this process so far (0 where `/proc` does not say).
fn faults() -> u64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            let after_name = stat.rsplit_once(')')?.1.to_string();
            after_name.split_whitespace().nth(7)?.parse().ok()
        })
        .unwrap_or(0)
}

/// Runs a stage, then prints its name, time and page faults.
fn stage<T>(name: &str, run: impl FnOnce() -> T) -> T {
    let (start, faulted) = (Instant::now(), faults());
    let out = run();
    eprintln!(
        "{name:12} {:>10.1?} {:>7} faults",
        start.elapsed(),
        faults().saturating_sub(faulted)
    );
    out
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    // A second argument repeats the parse this many times, as `cargo bench` does: the rounds
    // after the first show what memory the allocator hands back and takes again.
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let file = stage("read", || std::fs::read(&path).unwrap_or_default());
    for round in 1..=rounds {
        if rounds > 1 {
            eprintln!("round {round}");
        }
        let bytes = stage("copy", || file.clone());
        parse(bytes);
    }
}

/// The stages of `doc::load_owned`, each timed.
fn parse(bytes: Vec<u8>) {
    let text = stage("decode", || {
        decode::decode_owned(bytes, None)
            .ok()
            .map(|d| d.text)
            .unwrap_or_default()
    });
    stage("fingerprint", || doc::fingerprint(&text));
    let plan = stage("plan", || reflow::plan(&text));
    let reflowed = stage("build", || reflow::build_owned(plan, text));
    let (meta, title_blocks, body) = stage("title", || title::extract(reflowed.blocks));
    let document = stage("tree", || tree::build(meta, title_blocks, body));
    stage("drop", || drop(document));
}
