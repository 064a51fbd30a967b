//! Decoding and parsing arbitrary bytes never panics, and what is parsed keeps its invariants:
//! the outline is a tree and every block wraps. The text is parsed as it is recognised (plain
//! text or Markdown) and, since arbitrary bytes rarely look like Markdown, as Markdown too.
#![no_main]

use gangmu_core::doc::Document;
use libfuzzer_sys::fuzz_target;

fn check(doc: &Document) {
    for (i, section) in doc.sections.iter().enumerate() {
        assert!(section.block < doc.blocks.len());
        assert_eq!(doc.blocks[section.block].section, Some(i));
        if let Some(parent) = section.parent {
            assert_eq!(doc.sections[parent].level + 1, section.level);
        }
    }
    // Wrapping every block at a narrow width must not panic either.
    let opts = gangmu_core::layout::WrapOptions::new(7);
    for block in &doc.blocks {
        assert!(!block.text.contains('\n'));
        let lines = gangmu_core::layout::wrap(&block.text, &opts);
        assert_eq!(lines.first().map(|l| l.start), Some(0));
        assert_eq!(lines.last().map(|l| l.end), Some(block.text.len()));
    }
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(decoded) = gangmu_core::doc::decode(bytes, None) else {
        return;
    };
    check(&gangmu_core::doc::parse(&decoded.text));
    check(&gangmu_core::doc::parse_markdown(decoded.text));
});
