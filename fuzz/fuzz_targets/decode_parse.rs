//! Decoding and parsing arbitrary bytes never panics, and what is parsed keeps its invariants:
//! every character is in a block or reported as dropped, and the outline is a tree.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(doc) = gangmu::doc::load(bytes, None) else {
        return;
    };
    for (i, section) in doc.sections.iter().enumerate() {
        assert!(section.block < doc.blocks.len());
        assert_eq!(doc.blocks[section.block].section, Some(i));
        if let Some(parent) = section.parent {
            assert_eq!(doc.sections[parent].level + 1, section.level);
        }
    }
    // Wrapping every block at a narrow width must not panic either.
    let opts = gangmu::layout::WrapOptions::new(7);
    for block in &doc.blocks {
        let lines = gangmu::layout::wrap(&block.text, &opts);
        assert_eq!(lines.first().map(|l| l.start), Some(0));
        assert_eq!(lines.last().map(|l| l.end), Some(block.text.len()));
    }
});
