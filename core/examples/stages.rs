//! How long each stage of the parse takes on one file, to see where the time of
//! `cargo bench --bench parse` goes: `cargo run --release -p gangmu-core --example stages FILE`.
//! (The stages as `doc::load_owned` calls them, each timed on its own; the fingerprint, which
//! the parse hashes on another core, is timed apart.)
use gangmu_core::doc::{self, decode, reflow, title, tree};
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let t = Instant::now();
    let bytes = std::fs::read(&path).unwrap_or_default();
    eprintln!("read {:?}", t.elapsed());
    let t = Instant::now();
    let d = decode::decode_owned(bytes, None)
        .ok()
        .map(|d| d.text)
        .unwrap_or_default();
    eprintln!("decode {:?}", t.elapsed());
    let t = Instant::now();
    let fp = doc::fingerprint(&d);
    eprintln!("fingerprint {:?} {}", t.elapsed(), fp.len());
    let t = Instant::now();
    let plan = reflow::plan(&d);
    eprintln!("plan {:?}", t.elapsed());
    let t = Instant::now();
    let r = reflow::build_owned(plan, d);
    eprintln!("build {:?} {}", t.elapsed(), r.blocks.len());
    let t = Instant::now();
    let (meta, tb, body) = title::extract(r.blocks);
    eprintln!("title {:?}", t.elapsed());
    let t = Instant::now();
    let doc = tree::build(meta, tb, body);
    eprintln!("tree {:?} {}", t.elapsed(), doc.blocks.len());
    let t = Instant::now();
    drop(doc);
    eprintln!("drop {:?}", t.elapsed());
}
