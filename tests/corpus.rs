//! The parser on the real documents of the corpus (copied from the project's shared corpus),
//! against their hand-checked outlines, titles, headings, metadata and blocks.
use std::path::PathBuf;

use gangmu::doc::{self, BlockKind, Document};

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(corpus(name)).unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
}

fn read_text(name: &str) -> String {
    String::from_utf8(read(name)).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"))
}

fn load(name: &str) -> Document {
    doc::load(&read(name), None).unwrap_or_else(|e| panic!("cannot load {name}: {e}"))
}

/// `LEVEL<TAB>first 12 characters` lines, as in the corpus's `.outline` files.
fn outline_of(doc: &Document) -> Vec<String> {
    doc.sections
        .iter()
        .map(|s| {
            format!(
                "{}\t{}",
                s.level,
                s.heading.chars().take(12).collect::<String>()
            )
        })
        .collect()
}

fn check_outline(file: &str, expected: &str) {
    let doc = load(file);
    let expected: Vec<String> = read_text(expected).lines().map(str::to_string).collect();
    let got = outline_of(&doc);
    if got != expected {
        let mut report = String::new();
        for i in 0..got.len().max(expected.len()) {
            let g = got.get(i).map_or("—", String::as_str);
            let e = expected.get(i).map_or("—", String::as_str);
            let mark = if g == e { " " } else { "✗" };
            report.push_str(&format!("{mark} {i:3} got {g:<30} expected {e}\n"));
        }
        panic!("outline of {file} differs:\n{report}");
    }
}

fn check_title(file: &str, expected: &str) {
    let doc = load(file);
    let expected = read_text(expected);
    assert_eq!(
        doc.meta.title.as_deref(),
        Some(expected.trim()),
        "title of {file}"
    );
}

macro_rules! corpus_case {
    ($test:ident, $file:literal, $stem:literal) => {
        #[test]
        fn $test() {
            check_outline($file, concat!($stem, ".outline"));
            check_title($file, concat!($stem, ".title"));
        }
    };
}

corpus_case!(
    sample_outline,
    "cppcc-guiyang-2025.txt",
    "cppcc-guiyang-2025"
);
corpus_case!(gwr_web_copy, "gwr-2024-national.txt", "gwr-2024-national");
corpus_case!(
    gwr_wrapped_16,
    "gwr-2024-national.w16.txt",
    "gwr-2024-national"
);
corpus_case!(
    gwr_wrapped_35,
    "gwr-2024-national.w35.txt",
    "gwr-2024-national"
);
corpus_case!(
    gwr_gb18030,
    "gwr-2024-national.w16.gb18030.txt",
    "gwr-2024-national"
);
corpus_case!(law_markdown, "law-pipl-2021.txt", "law-pipl-2021");
corpus_case!(law_wrapped_16, "law-pipl-2021.w16.txt", "law-pipl-2021");
corpus_case!(law_wrapped_35, "law-pipl-2021.w35.txt", "law-pipl-2021");

#[test]
fn gb18030_variant_equals_utf8_variant() {
    let gb = load("gwr-2024-national.w16.gb18030.txt");
    let utf8 = load("gwr-2024-national.w16.txt");
    assert_eq!(gb.encoding, "GBK");
    assert_eq!(gb.blocks, utf8.blocks);
}

#[test]
fn sample_headings_in_full() {
    let doc = load("cppcc-guiyang-2025.txt");
    let expected: Vec<String> = read_text("cppcc-guiyang-2025.headings")
        .lines()
        .map(str::to_string)
        .collect();
    let got: Vec<String> = doc
        .sections
        .iter()
        .map(|s| format!("{}\t{}", s.level, s.heading))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn sample_metadata() {
    let doc = load("cppcc-guiyang-2025.txt");
    let meta = read_text("cppcc-guiyang-2025.meta");
    for line in meta.lines() {
        let Some((key, value)) = line.split_once('\t') else {
            continue;
        };
        let got = match key {
            "title" => doc.meta.title.as_deref(),
            "subtitle" => doc.meta.subtitle.as_deref(),
            "date" => doc.meta.date.as_deref(),
            "author" => doc.meta.author.as_deref(),
            other => panic!("unknown key {other} in .meta"),
        };
        assert_eq!(got, Some(value), "{key}");
    }
}

/// The body blocks start as `.paragraphs` lists; a `?` line is a break that may or may not be made.
#[test]
fn sample_blocks() {
    let doc = load("cppcc-guiyang-2025.txt");
    let body: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| !b.kind.is_title_block())
        .map(|b| b.text.as_str())
        .collect();
    let expected = read_text("cppcc-guiyang-2025.paragraphs");
    let mut i = 0;
    for line in expected.lines() {
        let (optional, start) = match line.strip_prefix('?') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        match body.get(i) {
            Some(block) if block.starts_with(start) => i += 1,
            _ if optional => {
                // The break was not made: the text must then be inside the previous block.
                let prev = i
                    .checked_sub(1)
                    .and_then(|p| body.get(p))
                    .copied()
                    .unwrap_or("");
                assert!(
                    prev.contains(start),
                    "optional break {start:?} is neither a block nor inside the previous one"
                );
            }
            other => panic!("block {i}: expected one starting {start:?}, got {other:?}"),
        }
    }
    assert_eq!(
        i,
        body.len(),
        "extra blocks after the expected ones: {:?}",
        &body[i.min(body.len())..]
    );
}

fn non_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every character of the source is in the document, or in what the parser reports as dropped.
#[test]
fn nothing_is_lost_in_the_corpus() {
    for name in [
        "cppcc-guiyang-2025.txt",
        "gwr-2024-national.txt",
        "gwr-2024-national.w16.txt",
        "gwr-2024-national.w35.txt",
        "law-pipl-2021.txt",
        "law-pipl-2021.w16.txt",
        "law-pipl-2021.w35.txt",
    ] {
        let source = read_text(name);
        let doc = load(name);
        let mut kept: Vec<char> = doc
            .blocks
            .iter()
            .flat_map(|b| non_whitespace(&b.text).chars().collect::<Vec<_>>())
            .collect();
        kept.extend(
            doc.dropped
                .iter()
                .flat_map(|d| non_whitespace(&d.text).chars().collect::<Vec<_>>()),
        );
        let mut source: Vec<char> = non_whitespace(&source).chars().collect();
        kept.sort_unstable();
        source.sort_unstable();
        assert_eq!(kept.len(), source.len(), "{name}: character count");
        assert!(kept == source, "{name}: characters differ");
    }
}

#[test]
fn sample_has_no_dropped_text_and_wrapped_variants_report_page_numbers() {
    assert!(load("cppcc-guiyang-2025.txt").dropped.is_empty());
    let wrapped = load("gwr-2024-national.w16.txt");
    assert!(wrapped.dropped.len() > 10, "{:?}", wrapped.dropped.len());
    assert!(wrapped.dropped.iter().all(|d| d.text.starts_with('—')));
}

#[test]
fn sample_title_block_comes_first() {
    let doc = load("cppcc-guiyang-2025.txt");
    let kinds: Vec<BlockKind> = doc.blocks.iter().take(5).map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Title,
            BlockKind::Title,
            BlockKind::Subtitle,
            BlockKind::Date,
            BlockKind::Author
        ]
    );
}

/// More documents of the genre, written for testing in the forms real copies take (web copy
/// with indents, hard-wrapped PDF text with page numbers and running headers, CRLF, title block
/// at the end, a law with a table of contents, a plan with 篇/章/节, an amendment decision, a
/// notice with its 落款, Markdown), each with its hand-made outline and metadata. The encoded
/// copies must parse exactly like their UTF-8 originals.
#[test]
fn extra_documents() {
    let docs = [
        ("cppcc-county-2025.txt", "cppcc-county-2025"),
        ("cppcc-county-2025.gb18030.txt", "cppcc-county-2025"),
        ("decision-amend.txt", "decision-amend"),
        ("excerpt-start-paren.txt", "excerpt-start-paren"),
        ("fangan-digital-economy.txt", "fangan-digital-economy"),
        ("gwr-county-2025.txt", "gwr-county-2025"),
        ("gwr-city-w30.txt", "gwr-city-w30"),
        ("md-digital-gov.md", "md-digital-gov"),
        ("notice-spring-safety.txt", "notice-spring-safety"),
        ("notice-spring-safety.utf16.txt", "notice-spring-safety"),
        ("plan-gangyao.txt", "plan-gangyao"),
        ("reg-property-w25.txt", "reg-property-w25"),
        ("reg-water-tiaoli.txt", "reg-water-tiaoli"),
        ("speech-cppcc-closing.txt", "speech-cppcc-closing"),
        ("gongbao-plenum.txt", "gongbao-plenum"),
        ("gwr-prov-pdf.txt", "gwr-prov-pdf"),
        ("jueyi-ecology.txt", "jueyi-ecology"),
        ("speech-diyi.txt", "speech-diyi"),
        ("yaodian-gov-2025.txt", "yaodian-gov-2025"),
        ("yijian-title-end.txt", "yijian-title-end"),
        ("tw-water-law.txt", "tw-water-law"),
        ("tw-water-law.big5.txt", "tw-water-law"),
        ("md-setext.md", "md-setext"),
    ];
    let mut failures = Vec::new();
    for (file, stem) in docs {
        let doc = load(&format!("extra/{file}"));
        let expected: Vec<String> = read_text(&format!("extra/{stem}.outline"))
            .lines()
            .map(str::to_string)
            .collect();
        if outline_of(&doc) != expected {
            failures.push(format!("{file}: outline {:?}", outline_of(&doc)));
        }
        for line in read_text(&format!("extra/{stem}.meta")).lines() {
            let (key, value) = line.split_once('\t').unwrap_or((line, ""));
            let value = (!value.is_empty()).then_some(value);
            let got = match key {
                "title" => doc.meta.title.as_deref(),
                "subtitle" => doc.meta.subtitle.as_deref(),
                "date" => doc.meta.date.as_deref(),
                "author" => doc.meta.author.as_deref(),
                _ => continue,
            };
            if got != value {
                failures.push(format!("{file}: {key} {got:?}, expected {value:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A technical report with `1 范围`-style top-level headings over `1.1` and `1.1.1` (its title
/// block, with an English subtitle line, is read differently and not checked here).
#[test]
fn technical_report_outline() {
    let doc = load("extra/tech-report.txt");
    let expected: Vec<String> = read_text("extra/tech-report.outline")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(outline_of(&doc), expected);
}
