//! `gangmu render` and the reader's refusal to draw into a pipe, from the outside.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use gangmu::layout::{AmbiguousWidth, str_width};
use predicates::prelude::*;

/// The binary with no user config in reach.
fn gangmu(config_home: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("gangmu").unwrap();
    cmd.env("XDG_CONFIG_HOME", config_home.path())
        .env_remove("GANGMU_STATE")
        .env_remove("NO_COLOR");
    cmd
}

fn render(args: &[&str]) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = gangmu(&home).arg("render").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn prints_one_line_per_row_never_wider_than_the_screen() {
    for (size, columns, rows) in [("80x24", 80, 24), ("81x24", 81, 24), ("40x20", 40, 20)] {
        let screen = render(&["--size", size]);
        assert_eq!(screen.lines().count(), rows, "{size}");
        for line in screen.lines() {
            assert!(str_width(line, AmbiguousWidth::Narrow) <= columns, "{line}");
            assert_eq!(line, line.trim_end(), "trailing spaces");
        }
        assert!(screen.contains("中国人民政治协商会议"), "{screen}");
    }
}

#[test]
fn keys_move_the_reader() {
    let start = render(&["--size", "80x24"]);
    let moved = render(&["--size", "80x24", "--keys", "]"]);
    assert_ne!(start, moved);
    // The status bar (last line) names the section now at the top.
    let status = moved.lines().last().unwrap();
    let first_heading = moved.lines().next().unwrap();
    assert!(status.contains('%'), "{status}");
    assert!(first_heading.len() > 3);
    // Named keys, `<lt>` and plain characters.
    let half = render(&["--size", "80x24", "--keys", "<C-d>"]);
    let d = render(&["--size", "80x24", "--keys", "d"]);
    assert_eq!(half, d);
    let narrower = render(&["--size", "80x24", "--keys", "<lt><lt>"]);
    assert_ne!(narrower, start);
}

#[test]
fn ambiguous_width_changes_the_layout() {
    let narrow = render(&[
        "--size",
        "80x24",
        "--ambiguous-width",
        "narrow",
        "--keys",
        "jjjjjjjjjj",
    ]);
    let wide = render(&[
        "--size",
        "80x24",
        "--ambiguous-width",
        "wide",
        "--keys",
        "jjjjjjjjjj",
    ]);
    assert_ne!(narrow, wide);
    // Wide mode draws the chrome in ASCII, since box-drawing characters are ambiguous.
    assert!(narrow.contains('│'));
    assert!(!wide.contains('│') && wide.contains('|'));
    // `auto` has no terminal to ask here: it means narrow.
    let auto = render(&[
        "--size",
        "80x24",
        "--ambiguous-width",
        "auto",
        "--keys",
        "jjjjjjjjjj",
    ]);
    assert_eq!(auto, narrow);
}

#[test]
fn reads_a_file_and_standard_input() {
    let law = render(&["--size", "80x24", "tests/corpus/law-pipl-2021.txt"]);
    assert!(law.contains("个人信息保护法"), "{law}");
    let home = tempfile::tempdir().unwrap();
    let piped = gangmu(&home)
        .args(["render", "--size", "80x24", "-"])
        .write_stdin(std::fs::read("tests/corpus/law-pipl-2021.txt").unwrap())
        .output()
        .unwrap();
    assert!(piped.status.success());
    assert_eq!(String::from_utf8(piped.stdout).unwrap(), law);
}

#[test]
fn bad_size_and_keys_are_one_line_errors() {
    let home = tempfile::tempdir().unwrap();
    for size in ["80", "0x24", "80x", "axb", "80x24x2"] {
        gangmu(&home)
            .args(["render", "--size", size])
            .assert()
            .code(1)
            .stdout("")
            .stderr(
                predicate::str::contains("invalid --size")
                    .and(predicate::str::contains("COLSxROWS")),
            );
    }
    gangmu(&home)
        .args(["render", "--size", "80x24", "--keys", "jj<Entr>"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<Entr>"));
    gangmu(&home)
        .args(["render", "--size", "80x24", "--keys", "a<b"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<lt>"));
    // A missing --size is clap's usage error.
    gangmu(&home).args(["render"]).assert().code(2);
    // A missing file is the user's to fix.
    gangmu(&home)
        .args(["render", "--size", "80x24", "no/such/file.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no/such/file.txt"));
}

#[test]
fn config_remaps_keys_and_errors_name_the_culprit() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("mine.toml");
    std::fs::write(&config, "[keys]\nx = \"bottom\"\nG = \"none\"\n").unwrap();
    let config_arg = config.to_str().unwrap();
    let by_x = render(&["--size", "80x24", "--config", config_arg, "--keys", "x"]);
    let by_g = render(&["--size", "80x24", "--keys", "G"]);
    assert_eq!(by_x, by_g);
    let unbound = render(&["--size", "80x24", "--config", config_arg, "--keys", "G"]);
    assert_eq!(unbound, render(&["--size", "80x24"]));

    // The default location: $XDG_CONFIG_HOME/gangmu/config.toml.
    std::fs::create_dir_all(home.path().join("gangmu")).unwrap();
    std::fs::write(
        home.path().join("gangmu/config.toml"),
        "max_text_width = 30\n",
    )
    .unwrap();
    let narrow_text = gangmu(&home)
        .args(["render", "--size", "120x30"])
        .output()
        .unwrap();
    let narrow_text = String::from_utf8(narrow_text.stdout).unwrap();
    assert_ne!(narrow_text, render(&["--size", "120x30"]));

    for (text, culprit) in [
        ("max_txt_width = 3\n", "max_txt_width"),
        ("[keys]\n\"ctrl-dd\" = \"quit\"\n", "ctrl-dd"),
        ("[keys]\nj = \"jump_around\"\n", "jump_around"),
    ] {
        std::fs::write(&config, text).unwrap();
        gangmu(&home)
            .args(["render", "--size", "80x24", "--config", config_arg])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(culprit).and(predicate::str::contains("mine.toml")));
    }
    gangmu(&home)
        .args([
            "render",
            "--size",
            "80x24",
            "--config",
            "no/such/config.toml",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no/such/config.toml"));
}

#[test]
fn the_reader_refuses_a_pipe() {
    let home = tempfile::tempdir().unwrap();
    gangmu(&home)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("not a terminal"));
}
