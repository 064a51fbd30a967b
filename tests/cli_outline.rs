//! `gangmu outline` and `gangmu text` end to end, and the command line's handling of bad input:
//! the contract of CLI.md (output shapes, exit statuses, one clear line on stderr).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn gangmu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
    // Never touch the user's state file.
    cmd.env(
        "GANGMU_STATE",
        std::env::temp_dir().join("gangmu-cli-outline-unused.toml"),
    )
    // Without a PATH the sample, though standard input is a pipe.
    .env("GANGMU_STDIN", "never");
    cmd
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// Checks a failure: exit status 1 and a single line on stderr that contains `needle`.
fn fails_with(cmd: &mut Command, needle: &str) {
    let out = cmd.assert().code(1).get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one line on stderr: {stderr:?}"
    );
    assert!(
        stderr.contains(needle),
        "{stderr:?} should mention {needle:?}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn outline_json_has_the_contract_shape() {
    let out = stdout_of(gangmu().args(["outline", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json["title"],
        "中国人民政治协商会议贵阳市委员会常务委员会工作报告"
    );
    assert_eq!(json["subtitle"], "——在政协第十三届贵阳市委员会第四次会议上");
    assert_eq!(json["date"], "2025-01-11");
    assert_eq!(json["author"], "石邦林");
    let sections = json["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[0]["level"], 1);
    assert_eq!(sections[0]["marker"], "一、");
    assert_eq!(sections[0]["heading"], "一、2024年工作回顾");
    let first_point = &sections[0]["children"][0];
    assert_eq!(first_point["level"], 2);
    assert_eq!(first_point["marker"], "一是");
    assert_eq!(
        first_point["heading"],
        "一是聚焦“保持定力”，对党忠诚的政治底色更加鲜明。"
    );
    assert_eq!(first_point["children"], serde_json::json!([]));
}

#[test]
fn outline_json_uses_null_and_empty_sections_when_there_is_nothing() {
    let out = stdout_of(
        gangmu()
            .args(["outline", "--format", "json", "-"])
            .write_stdin("只有一句话，没有标题。\n"),
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["title"], serde_json::Value::Null);
    assert_eq!(json["date"], serde_json::Value::Null);
    assert_eq!(json["sections"], serde_json::json!([]));
}

#[test]
fn outline_text_and_depth() {
    let out = stdout_of(gangmu().args(["outline", "--depth", "1"]));
    assert_eq!(
        out,
        "中国人民政治协商会议贵阳市委员会常务委员会工作报告\n一、2024年工作回顾\n二、2025年工作打算\n"
    );
    let law = stdout_of(gangmu().arg("outline").arg(corpus("law-pipl-2021.w16.txt")));
    assert!(law.contains("\n  第一节 一般规定\n    第十三条 "), "{law}");
}

fn non_whitespace(s: &str) -> Vec<char> {
    let mut v: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    v.sort_unstable();
    v
}

#[test]
fn text_loses_and_adds_no_character_and_puts_the_title_first() {
    let out = stdout_of(gangmu().arg("text"));
    let source = include_str!("../assets/sample.txt");
    assert_eq!(non_whitespace(&out), non_whitespace(source));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "中国人民政治协商会议");
    assert_eq!(lines[2], "——在政协第十三届贵阳市委员会第四次会议上");
    assert_eq!(lines[5], "各位委员，同志们：");
    assert!(lines.iter().all(|l| !l.is_empty()));
}

#[test]
fn text_of_a_wrapped_variant_drops_only_page_numbers() {
    let path = corpus("gwr-2024-national.w35.txt");
    let assert = gangmu().arg("text").arg(&path).assert().success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let source = std::fs::read_to_string(&path).unwrap();
    let page_count = source.lines().filter(|l| l.starts_with("— ")).count();
    assert_eq!(
        stderr,
        format!("gangmu: left out as page furniture: {page_count} page numbers\n")
    );
    let page_lines: String = source
        .lines()
        .filter(|l| l.starts_with("— ") && l.ends_with(" —"))
        .collect();
    let mut expected = non_whitespace(&source);
    for c in non_whitespace(&page_lines) {
        let at = expected.binary_search(&c).unwrap();
        expected.remove(at);
    }
    assert_eq!(non_whitespace(&out), expected);
}

#[test]
fn gb18030_and_forced_encodings() {
    let gb = stdout_of(
        gangmu()
            .arg("outline")
            .arg(corpus("gwr-2024-national.w16.gb18030.txt")),
    );
    let utf8 = stdout_of(
        gangmu()
            .arg("outline")
            .arg(corpus("gwr-2024-national.w16.txt")),
    );
    assert_eq!(gb, utf8);
    // Forced: the same bytes read as GB18030 on purpose, and an unknown label.
    let forced = stdout_of(
        gangmu()
            .args(["--encoding", "gb18030", "outline"])
            .arg(corpus("gwr-2024-national.w16.gb18030.txt")),
    );
    assert_eq!(forced, utf8);
    fails_with(
        gangmu().args(["outline", "--encoding", "klingon"]),
        "klingon",
    );
}

#[test]
fn standard_input_and_crlf() {
    let out = stdout_of(
        gangmu()
            .args(["outline", "-"])
            .write_stdin("一、总则\r\n正文一段。\r\n二、附则\r\n正文。\r\n"),
    );
    assert_eq!(out, "一、总则\n二、附则\n");
}

#[test]
fn global_options_go_before_or_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("s.toml");
    let before = stdout_of(gangmu().arg("--state").arg(&state).args([
        "--encoding",
        "utf-8",
        "outline",
        "--depth",
        "1",
    ]));
    let after = stdout_of(
        gangmu()
            .args(["outline", "--depth", "1", "--encoding", "utf-8", "--state"])
            .arg(&state),
    );
    assert_eq!(before, after);
    assert!(before.contains("一、2024年工作回顾"));
}

#[test]
fn bad_input_is_one_clear_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    fails_with(
        gangmu().args(["outline", "/no/such/file.txt"]),
        "/no/such/file.txt",
    );
    fails_with(gangmu().arg("outline").arg(dir.path()), "is a directory");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\x00\x00stream\x00",
    )
    .unwrap();
    fails_with(gangmu().arg("text").arg(&pdf), "PDF");
    let noise: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let bin = dir.path().join("noise.bin");
    std::fs::write(&bin, noise).unwrap();
    let out = gangmu()
        .arg("outline")
        .arg(&bin)
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr)
            .trim_end()
            .lines()
            .count(),
        1
    );
}

#[test]
fn an_empty_file_is_an_empty_document() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(stdout_of(gangmu().arg("text").arg(&empty)), "");
    assert_eq!(stdout_of(gangmu().arg("outline").arg(&empty)), "");
    let json = stdout_of(gangmu().args(["outline", "--format", "json"]).arg(&empty));
    assert!(json.contains("\"sections\": []"));
}

#[test]
fn usage_errors_exit_2() {
    gangmu()
        .args(["outline", "--format", "yaml"])
        .assert()
        .code(2);
    gangmu()
        .args(["outline", "--depth", "many"])
        .assert()
        .code(2);
    gangmu()
        .arg("--no-such-flag")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--no-such-flag"));
}

#[test]
fn escape_sequences_never_reach_the_terminal() {
    let out = stdout_of(
        gangmu()
            .args(["text", "-"])
            .write_stdin("标题\n正文\x1b[2J\x1b]0;pwned\x07结束。\n"),
    );
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
    assert!(out.contains("正文\u{241B}[2J"));
}

/// Markup that `text` drops (HTML comments, `#`, `**`, front matter) is reported on stderr, and
/// the text between HTML comments is kept.
#[test]
fn text_reports_the_markup_it_drops_and_keeps_text_between_comments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("note.md");
    std::fs::write(
        &path,
        "---\ntitle: 笔记\n---\n\n# 笔记\n\n<!-- a --> 第一段正文，很重要。<!-- b -->\n\n## 一、**要点**\n\n正文。\n",
    )
    .unwrap();
    let out = gangmu().arg("text").arg(&path).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stdout.contains("第一段正文，很重要。"), "{stdout}");
    assert!(stdout.contains("一、要点"), "{stdout}");
    assert!(
        !stdout.contains("<!--") && !stdout.contains("**"),
        "{stdout}"
    );
    assert!(
        stderr.contains("left out as page furniture and markup:") && stderr.contains("markup"),
        "{stderr}"
    );
}
