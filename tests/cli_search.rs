//! `gangmu search` end to end: counts on the sample, folding, matches across the source's line
//! breaks, regular expressions, output shapes, errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

/// gangmu with a state file in `dir`, so that no test touches the user's data directory.
fn gangmu(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
    cmd.env("GANGMU_STATE", dir.join("state.toml"))
        // Without a PATH the sample, though standard input is a pipe.
        .env("GANGMU_STDIN", "never");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_sample_has_fifty_matches_of_xieshang() {
    // The source has 49 occurrences on 46 lines (`grep -c`); one more is split across a line
    // break ("协" at a line end, "商" on the next line) and is found in the reflowed text.
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(gangmu(dir.path()).args(["search", "协商", "--count"]));
    assert_eq!(out, "50\n");
    let source = include_str!("../assets/sample.txt");
    assert_eq!(source.matches("协商").count(), 49);
    // searching does not write the state file (no history from the command line)
    assert!(!dir.path().join("state.toml").exists());
}

#[test]
fn text_output_shows_section_paths_and_marked_context() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(gangmu(dir.path()).args(["search", "强省会"]));
    insta::assert_snapshot!(out);
}

#[test]
fn json_output_has_one_object_per_hit() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(gangmu(dir.path()).args(["search", "协商", "--format", "json"]));
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 50);
    for hit in hits {
        assert_eq!(hit["text"], "协商");
        assert_eq!(hit["length"], 2);
        assert!(hit["block"].is_u64() && hit["offset"].is_u64());
        assert!(hit["section_path"].is_array());
        assert!(hit["context"].as_str().unwrap().contains("【协商】"));
    }
    // the hits are in document order
    let keys: Vec<(u64, u64)> = hits
        .iter()
        .map(|h| (h["block"].as_u64().unwrap(), h["offset"].as_u64().unwrap()))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
    // a hit under a heading carries the heading path
    assert!(
        hits.iter()
            .any(|h| h["section_path"][0] == "一、2024年工作回顾")
    );
}

/// Paragraphs hard-wrapped at `width` characters with a blank line after each line, as a
/// newspaper extraction (and the sample) has them.
fn hard_wrapped(heading: &str, paragraphs: &[&str], width: usize) -> String {
    let mut out = format!("{heading}\n");
    for p in paragraphs {
        let chars: Vec<char> = p.chars().collect();
        for line in chars.chunks(width) {
            out.extend(line);
            out.push_str("\n\n");
        }
    }
    out
}

#[test]
fn a_word_split_by_a_hard_wrap_is_found_and_grep_would_miss_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wrapped.txt");
    let text = hard_wrapped(
        "一、总体要求",
        &[
            "我们坚持人民政协性质定位，深化民主协商实践，推动各项工作取得新成效，不断提高建言资政的质量和水平，更好服务全市工作大局。",
            "加强思想政治引领，广泛凝聚共识，坚持团结和民主两大主题，把协商民主贯穿履行职能全过程，推进协商民主广泛多层制度化发展。",
            "围绕中心服务大局，聚焦高质量发展，组织委员深入调研视察，形成了一批有分量的调研成果，为市委市政府科学决策提供了参考。",
        ],
        16,
    );
    std::fs::write(&file, &text).unwrap();
    // "民主" ends one source line and "协商" starts the next
    assert!(text.contains("民\n\n主协商") && !text.contains("民主协商"));
    let out = stdout_of(gangmu(dir.path()).arg("search").arg("民主协商").arg(&file));
    assert!(out.contains("【民主协商】"), "{out}");
    assert!(out.starts_with("一、总体要求\n"), "{out}");
    let out = stdout_of(
        gangmu(dir.path())
            .arg("search")
            .arg("取得新成效")
            .arg("--count")
            .arg(&file),
    );
    assert_eq!(out, "1\n");
}

#[test]
fn full_width_case_and_quotes_are_folded() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("folded.txt");
    std::fs::write(&file, "ＧＤＰ增长５．５％，推进「强省会」行动。\n").unwrap();
    for (pattern, shown) in [
        ("gdp", "【ＧＤＰ】"),
        ("5.5%", "【５．５％】"),
        ("“强省会”", "【「强省会」】"),
    ] {
        let out = stdout_of(gangmu(dir.path()).arg("search").arg(pattern).arg(&file));
        assert!(out.contains(shown), "{pattern}: {out}");
    }
}

#[test]
fn regular_expressions() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(gangmu(dir.path()).args([
        "search",
        "--regex",
        r"协商\p{Han}{2}",
        "--format",
        "json",
    ]));
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(!hits.as_array().unwrap().is_empty());
    for hit in hits.as_array().unwrap() {
        let text = hit["text"].as_str().unwrap();
        assert!(
            text.starts_with("协商") && text.chars().count() == 4,
            "{text}"
        );
    }
    // without --regex the same pattern is literal
    let out = stdout_of(gangmu(dir.path()).args(["search", r"协商\p{Han}{2}", "--count"]));
    assert_eq!(out, "0\n");
}

#[test]
fn a_bad_regex_is_one_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    gangmu(dir.path())
        .args(["search", "--regex", "(协商"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::starts_with("gangmu: invalid regular expression")
                .and(predicate::function(|s: &str| s.lines().count() == 1)),
        );
}

#[test]
fn no_match_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    gangmu(dir.path())
        .args(["search", "没有这句话"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn a_missing_file_is_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    gangmu(dir.path())
        .args(["search", "协商", "no-such-file.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-file.txt"));
}
