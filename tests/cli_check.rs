//! `gangmu check`: doubtful numbering on a real report with a section taken out (a gap) and on
//! real documents whose numbering is whole (nothing to say), as text and JSON.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

mod common;

fn gangmu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
    cmd.env(
        "GANGMU_STATE",
        std::env::temp_dir().join("gangmu-cli-check-unused.toml"),
    );
    cmd
}

fn real(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/real")
        .join(name)
}

fn report_with_a_gap(dir: &Path) -> PathBuf {
    let path = dir.join("gwr-2019-gap.txt");
    std::fs::write(&path, common::report_with_a_gap()).unwrap();
    path
}

#[test]
fn a_gap_is_listed_with_its_line_and_block() {
    let dir = tempfile::tempdir().unwrap();
    let path = report_with_a_gap(dir.path());
    let out = gangmu().arg("check").arg(&path).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("line "), "{text}");
    assert!(text.contains("三、2019年政府工作任务"), "{text}");
    assert!(text.contains("numbering skips from 1 to 3"), "{text}");

    let out = gangmu()
        .args(["check", "--format", "json"])
        .arg(&path)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let findings = json.as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["kind"], "numbering_gap");
    assert!(findings[0]["block"].as_u64().unwrap() > 0);
    let line = findings[0]["line"].as_u64().unwrap();
    let source = std::fs::read_to_string(&path).unwrap();
    let at = source
        .lines()
        .nth(usize::try_from(line).unwrap() - 1)
        .unwrap();
    assert!(at.starts_with("三、"), "line {line} is {at:?}");
    // The outline keeps the section after the gap.
    let out = gangmu().arg("outline").arg(&path).assert().success();
    let outline = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(outline.contains("\n三、2019年政府工作任务"), "{outline}");
}

#[test]
fn whole_numbering_has_nothing_to_say() {
    for name in [
        "gwr-2019-national.txt",
        "law-2021-anti-organized-crime.md",
        "tw-pdpa.md",
    ] {
        let out = gangmu().arg("check").arg(real(name)).assert().success();
        assert!(out.get_output().stdout.is_empty(), "{name}");
        let out = gangmu()
            .args(["check", "--format", "json"])
            .arg(real(name))
            .assert()
            .success();
        assert_eq!(
            String::from_utf8(out.get_output().stdout.clone()).unwrap(),
            "[]\n",
            "{name}"
        );
    }
}
