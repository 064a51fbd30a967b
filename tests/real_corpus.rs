//! The parser on real documents it was not written for (`tests/corpus/real/`, sources in
//! `SOURCES.*.md`), scored as the independent evaluation scores it: tree F1 over (depth, heading
//! prefix) pairs aligned in order, and the title. The same measure as the project's
//! `outline_score.py`: a heading matches an expected one when, after NFKC and without
//! whitespace, it starts with the expected prefix (or is a prefix of it, three characters or
//! more); a pair counts for the tree when its depth equals the expected level.
//!
//! Every document's score is pinned in `tests/corpus/real/SCORES`: no change may make one worse
//! unnoticed. A change that makes one better raises its pin (run with `GANGMU_PIN_SCORES=1` to
//! rewrite the file, and commit it).
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use gangmu::doc::{self, Document};
use unicode_normalization::UnicodeNormalization;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/real")
}

fn norm(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn flatten(doc: &Document) -> Vec<(usize, String)> {
    doc.sections
        .iter()
        .map(|s| (s.level, norm(&s.heading)))
        .collect()
}

fn same(expected: &str, got: &str) -> bool {
    !got.is_empty()
        && (got.starts_with(expected) || (expected.starts_with(got) && got.chars().count() >= 3))
}

/// The pairs of a longest common subsequence, aligned from the start as the script does.
fn lcs_pairs(a: &[(usize, String)], b: &[(usize, String)]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut dp = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[i][j] = if same(&a[i].1, &b[j].1) {
                dp[i + 1][j + 1] + 1
            } else {
                dp[i + 1][j].max(dp[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        if same(&a[i].1, &b[j].1) {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if dp[i + 1][j] >= dp[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

fn f1(hits: usize, expected: usize, got: usize) -> f64 {
    if expected == 0 && got == 0 {
        return 1.0;
    }
    let p = if got == 0 {
        0.0
    } else {
        hits as f64 / got as f64
    };
    let r = if expected == 0 {
        0.0
    } else {
        hits as f64 / expected as f64
    };
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

struct Score {
    tree_f1: f64,
    expected: usize,
    got: usize,
    title_ok: bool,
}

fn score(path: &Path, outline: &Path) -> Score {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    score_bytes(&bytes, path, outline)
}

/// [`score`] of a document's bytes (`path` names it in messages).
fn score_bytes(bytes: &[u8], path: &Path, outline: &Path) -> Score {
    let doc = doc::load(bytes, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let expected: Vec<(usize, String)> = std::fs::read_to_string(outline)
        .unwrap_or_else(|e| panic!("{}: {e}", outline.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (level, prefix) = l.split_once('\t').unwrap_or(("0", l));
            (level.trim().parse().unwrap_or(0), norm(prefix))
        })
        .collect();
    let got = flatten(&doc);
    let pairs = lcs_pairs(&expected, &got);
    let hits = pairs
        .iter()
        .filter(|&&(i, j)| expected[i].0 == got[j].0)
        .count();
    let title_file = outline.with_extension("title");
    let title_ok = match std::fs::read_to_string(&title_file) {
        Ok(want) => {
            let want = norm(&want);
            let text = doc::decode(bytes, None)
                .map(|d| norm(&d.text))
                .unwrap_or_default();
            want.is_empty()
                || !text.contains(&want)
                || doc.meta.title.as_deref().map(norm).as_deref() == Some(want.as_str())
        }
        Err(_) => true,
    };
    Score {
        tree_f1: f1(hits, expected.len(), got.len()),
        expected: expected.len(),
        got: got.len(),
        title_ok,
    }
}

/// The documents: every file beside a `.outline` of the same stem.
fn documents() -> Vec<(String, PathBuf, PathBuf)> {
    let mut docs: Vec<(String, PathBuf, PathBuf)> = std::fs::read_dir(dir())
        .unwrap_or_else(|e| panic!("tests/corpus/real: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            !matches!(ext, "outline" | "title" | "md5") && p.with_extension("outline").exists()
        })
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("SOURCES"))
        })
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let outline = p.with_extension("outline");
            (name, p, outline)
        })
        .collect();
    docs.sort();
    docs
}

fn read_pins(file: &str) -> BTreeMap<String, (f64, bool)> {
    std::fs::read_to_string(dir().join(file))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let name = cols.next()?.to_string();
            let f1 = cols.next()?.parse().ok()?;
            let title = cols.next()? == "title-ok";
            Some((name, (f1, title)))
        })
        .collect()
}

#[test]
fn real_documents_keep_their_scores() {
    let docs = documents();
    assert!(docs.len() >= 40, "only {} real documents", docs.len());
    let scores = docs
        .iter()
        .map(|(name, path, outline)| (name.clone(), score(path, outline)))
        .collect();
    check_pins(
        "SCORES",
        "# Pinned outline scores of the real documents: name, tree F1, title (see tests/real_corpus.rs)",
        scores,
    );
}

/// A plain text's paragraphs hard-wrapped at `chars` full-width characters, with a page line
/// (`— 3 —`) every forty lines and, when `blank` says so, a blank line after each line: the
/// shapes of a PDF's extraction, as the shared corpus's `NAME.wN.txt` copies have them.
fn hard_wrapped(text: &str, chars: usize, blank: bool) -> String {
    use gangmu::text::width::{AmbiguousWidth, char_width};
    let (mut out, mut lines, mut page) = (String::new(), 0, 1);
    let mut end_line = |out: &mut String, line: &str| {
        out.push_str(line);
        out.push('\n');
        if blank {
            out.push('\n');
        }
        lines += 1;
        if lines % 40 == 0 {
            let _ = write!(out, "\n— {page} —\n\n");
            page += 1;
        }
    };
    for paragraph in text.lines().filter(|l| !l.trim().is_empty()) {
        let (mut line, mut width) = (String::new(), 0);
        for c in paragraph.chars() {
            let w = char_width(c, AmbiguousWidth::Narrow);
            if width + w > 2 * chars {
                end_line(&mut out, &line);
                line.clear();
                width = 0;
            }
            line.push(c);
            width += w;
        }
        if !line.is_empty() {
            end_line(&mut out, &line);
        }
    }
    out
}

/// The plain texts of the real corpus (a web copy's paragraph a line), hard-wrapped at 16
/// characters with blank lines between and at 35 without: the copies a PDF's extraction gives
/// of them. Their outlines are the sources' and their scores are pinned in `SCORES.wrapped`.
#[test]
fn hard_wrapped_copies_keep_their_scores() {
    let mut scores = Vec::new();
    for (name, path, outline) in documents() {
        // The RFC is English text with its own page layout already.
        if !name.ends_with(".txt") || name.starts_with("std-") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = doc::decode(&bytes, None)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .text;
        for (chars, blank) in [(16, true), (35, false)] {
            let wrapped = hard_wrapped(&text, chars, blank);
            let stem = name.trim_end_matches(".txt");
            let score = score_bytes(wrapped.as_bytes(), &path, &outline);
            scores.push((format!("{stem}.w{chars}.txt"), score));
        }
    }
    assert!(scores.len() >= 40, "only {} wrapped copies", scores.len());
    check_pins(
        "SCORES.wrapped",
        "# Pinned outline scores of the real plain texts hard-wrapped at 16 and 35 characters (see tests/real_corpus.rs)",
        scores,
    );
}

/// Prints the scores' table and fails when one is worse than its pin in `file` (or has none);
/// with `GANGMU_PIN_SCORES` set, writes the scores as the new pins instead.
fn check_pins(file: &str, header: &str, scores: Vec<(String, Score)>) {
    let pins = read_pins(file);
    let mut table = String::new();
    let mut pinned = format!("{header}\n");
    let mut worse = Vec::new();
    let mut total = 0.0;
    for (name, s) in &scores {
        total += s.tree_f1;
        let _ = writeln!(
            table,
            "{name:<48} expected {:>4} got {:>4} tree F1 {:.3} title {}",
            s.expected,
            s.got,
            s.tree_f1,
            if s.title_ok { "ok" } else { "WRONG" }
        );
        let _ = writeln!(
            pinned,
            "{name}\t{:.3}\t{}",
            s.tree_f1,
            if s.title_ok {
                "title-ok"
            } else {
                "title-wrong"
            }
        );
        match pins.get(name) {
            Some(&(pin, title)) => {
                if s.tree_f1 + 5e-4 < pin || (title && !s.title_ok) {
                    worse.push(format!(
                        "{name}: tree F1 {:.3} (pinned {pin:.3}), title {}",
                        s.tree_f1,
                        if s.title_ok { "ok" } else { "wrong" }
                    ));
                }
            }
            None => worse.push(format!(
                "{name}: no pinned score (run with GANGMU_PIN_SCORES=1)"
            )),
        }
    }
    let mean = total / scores.len().max(1) as f64;
    let _ = writeln!(table, "{} documents: mean tree F1 {mean:.3}", scores.len());
    println!("{table}");
    if std::env::var_os("GANGMU_PIN_SCORES").is_some() {
        std::fs::write(dir().join(file), pinned).unwrap_or_else(|e| panic!("{file}: {e}"));
        return;
    }
    assert!(
        worse.is_empty(),
        "worse than pinned in {file}:\n{}",
        worse.join("\n")
    );
}
