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
        .env_remove("NO_COLOR")
        // Without a PATH the sample, though standard input is a pipe.
        .env("GANGMU_STDIN", "never");
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
fn bad_size_and_keys_are_one_line_usage_errors() {
    let home = tempfile::tempdir().unwrap();
    for size in ["80", "0x24", "80x", "axb", "80x24x2"] {
        gangmu(&home)
            .args(["render", "--size", size])
            .assert()
            .code(2)
            .stdout("")
            .stderr(
                predicate::str::contains("invalid --size")
                    .and(predicate::str::contains("COLSxROWS")),
            );
    }
    gangmu(&home)
        .args(["render", "--size", "80x24", "--keys", "jj<Entr>"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<Entr>"));
    gangmu(&home)
        .args(["render", "--size", "80x24", "--keys", "a<b"])
        .assert()
        .code(2)
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

/// A state file holding a bookmark (with a note) and a reading position for the sample, made
/// with the commands and the library the reader uses; returns the block of the position.
fn state_with_a_bookmark_and_a_position(
    home: &tempfile::TempDir,
    state: &std::path::Path,
) -> usize {
    gangmu(home)
        .args(["bookmarks", "add", "--quote", "坚持团结和民主两大主题"])
        .args(["--note", "两大主题", "--state"])
        .arg(state)
        .assert()
        .success();
    let loaded = gangmu::source::load(None, None).unwrap();
    let doc = &loaded.doc;
    let block = doc.sections[4].block + 1;
    let mut store = gangmu::store::StateStore::open(state).unwrap();
    store.set_position(
        doc,
        Some(&loaded.origin.display_name()),
        gangmu::doc::Position::new(block, 0),
    );
    store.save().unwrap();
    block
}

fn reader_rows(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .map(|row| row.split_once('│').map_or(row, |(_, text)| text))
        .collect()
}

#[test]
fn render_starts_from_the_state_file_and_never_writes_it() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let state = home.path().join("state.toml");
    let block = state_with_a_bookmark_and_a_position(&home, &state);
    let before = std::fs::read(&state).unwrap();
    let modified = std::fs::metadata(&state).unwrap().modified().unwrap();
    let doc = gangmu::source::load(None, None).unwrap().doc;
    let start: String = doc.blocks[block].text.chars().take(10).collect();

    let run = |keys: &str| {
        let out = gangmu(&home)
            .current_dir(work.path())
            .args(["render", "--size", "100x30", "--keys", keys, "--state"])
            .arg(&state)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // The reading position: its paragraph at the top.
    let screen = run("");
    assert!(reader_rows(&screen)[0].contains(&start), "{screen}");
    // The bookmark, in the list.
    let screen = run("B");
    assert!(screen.contains("Bookmarks (1)"), "{screen}");
    assert!(
        screen.contains("Note: 两大主题") && screen.contains("两大主题”"),
        "{screen}"
    );
    // Bookmarking, searching, deleting, exporting: the screen changes, the file does not, and
    // no file appears in the current directory.
    let screen = run("m新的<Enter>/协商<Enter>B<Down>dyx");
    assert!(screen.contains("not exported"), "{screen}");
    assert_eq!(std::fs::read(&state).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&state).unwrap().modified().unwrap(),
        modified
    );
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0);
    // GANGMU_STATE names the file too.
    let by_env = gangmu(&home)
        .env("GANGMU_STATE", &state)
        .args(["render", "--size", "100x30"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(by_env.stdout).unwrap(), run(""));
    // Without either, no state file is read: the top of the document.
    assert_ne!(render(&["--size", "100x30"]), run(""));
}

#[test]
fn render_shows_that_a_broken_state_file_is_not_used_and_leaves_it_alone() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state.toml");
    let broken = "version = 1\n[[bookmarks]\nid = \"x\"\n";
    std::fs::write(&state, broken).unwrap();
    let out = gangmu(&home)
        .args(["render", "--size", "100x30", "--state"])
        .arg(&state)
        .output()
        .unwrap();
    assert!(out.status.success());
    let screen = String::from_utf8(out.stdout).unwrap();
    let status = screen.lines().last().unwrap();
    assert!(status.contains("cannot read state file"), "{status}");
    assert!(status.contains("not saving"), "{status}");
    // After a key the warning gives way, the indicator stays; a bookmark says it is not kept.
    let out = gangmu(&home)
        .args([
            "render", "--size", "100x30", "--keys", "m<Enter>", "--state",
        ])
        .arg(&state)
        .output()
        .unwrap();
    let screen = String::from_utf8(out.stdout).unwrap();
    let status = screen.lines().last().unwrap();
    assert!(status.contains("for this session only"), "{status}");
    assert!(status.contains("not saving"), "{status}");
    assert_eq!(std::fs::read_to_string(&state).unwrap(), broken);
}

#[test]
fn a_render_copies_nothing_and_says_so() {
    let screen = render(&["--size", "100x30", "--keys", "]]v)y"]);
    let status = screen.lines().last().unwrap();
    assert!(status.contains("render copies nothing"), "{status}");
    // Selecting itself is shown.
    let selecting = render(&["--size", "100x30", "--keys", "]]v)"]);
    let status = selecting.lines().last().unwrap();
    assert!(status.starts_with(" selected "), "{status}");
}
