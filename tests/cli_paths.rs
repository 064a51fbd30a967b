//! Where the document comes from: PATH before or after the command, standard input when it is
//! piped (or named `-`), the sample otherwise; and the commands generated from the definitions
//! (completions, the man page), `--version` and `config --default`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

/// The 2019 government work report: a document whose outline is not the sample's.
fn report() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/real/gwr-2019-national.txt")
}

fn other_report() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/real/gwr-1987-national.txt")
}

/// gangmu with a state file and config directory of its own. Standard input is an empty pipe
/// unless the test writes to it (assert_cmd always gives a pipe).
fn gangmu(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
    cmd.env("GANGMU_STATE", dir.join("state.toml"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env_remove("GANGMU_STDIN");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// Exit status 2 and one line on stderr that contains `needle`; nothing on stdout.
fn usage_error(cmd: &mut Command, needle: &str) {
    let out = cmd.assert().code(2).get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr:?}");
    assert!(
        stderr.contains(needle),
        "{stderr:?} should mention {needle:?}"
    );
    assert!(out.stdout.is_empty());
}

/// The three document commands, as (arguments before the path, arguments after it).
const COMMANDS: [&[&str]; 3] = [&["outline"], &["text"], &["search", "政府", "--count"]];

#[test]
fn the_path_may_come_before_or_after_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let file = report();
    for args in COMMANDS {
        let after = stdout_of(gangmu(dir.path()).args(args).arg(&file));
        let before = stdout_of(gangmu(dir.path()).arg(&file).args(args));
        assert_eq!(before, after, "gangmu FILE {args:?}");
        let sample = stdout_of(gangmu(dir.path()).args(args).args(["--stdin", "never"]));
        assert_ne!(before, sample, "gangmu FILE {args:?} is not the sample");
    }
    // The search that issue 11 was about: 39 matches in the report, 0 would be the sample's.
    let count = stdout_of(
        gangmu(dir.path())
            .arg(&file)
            .args(["search", "国务院", "--count"]),
    );
    assert_ne!(count.trim(), "0");
    // Bookmarks take it too.
    gangmu(dir.path())
        .arg(&file)
        .args(["bookmarks", "list"])
        .assert()
        .success()
        .stderr(predicate::str::contains("gwr-2019-national.txt"));
}

#[test]
fn the_same_file_in_both_places_is_one_document_and_two_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = report();
    let relative = Path::new("tests/corpus/real/gwr-2019-national.txt");
    let both = stdout_of(
        gangmu(dir.path())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg(&file)
            .arg("outline")
            .arg(relative),
    );
    assert_eq!(
        both,
        stdout_of(gangmu(dir.path()).arg("outline").arg(&file))
    );
    for args in COMMANDS {
        usage_error(
            gangmu(dir.path()).arg(&file).args(args).arg(other_report()),
            "two documents given",
        );
    }
    usage_error(
        gangmu(dir.path()).arg(&file).args(["outline", "-"]),
        "two documents given",
    );
    // A command that reads no document does not take one.
    usage_error(
        gangmu(dir.path()).arg(&file).arg("man"),
        "reads no document",
    );
}

#[test]
fn piped_standard_input_is_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(report()).unwrap();
    for args in COMMANDS {
        let from_file = stdout_of(gangmu(dir.path()).args(args).arg(report()));
        let piped = stdout_of(gangmu(dir.path()).args(args).write_stdin(text.clone()));
        assert_eq!(piped, from_file, "{args:?} with the report piped in");
        let dash = stdout_of(
            gangmu(dir.path())
                .args(args)
                .arg("-")
                .write_stdin(text.clone()),
        );
        assert_eq!(dash, from_file, "{args:?} -");
        let dash_before = stdout_of(
            gangmu(dir.path())
                .arg("-")
                .args(args)
                .write_stdin(text.clone()),
        );
        assert_eq!(dash_before, from_file, "- {args:?}");
    }
    for args in [
        &["check", "--format", "json"][..],
        &["export", "--format", "json"],
    ] {
        let from_file = stdout_of(gangmu(dir.path()).args(args).arg(report()));
        let piped = stdout_of(gangmu(dir.path()).args(args).write_stdin(text.clone()));
        assert_eq!(
            piped.replace("<stdin>", "NAME"),
            from_file.replace(&report().display().to_string(), "NAME"),
            "{args:?}"
        );
    }
    let screen = stdout_of(
        gangmu(dir.path())
            .args(["render", "--size", "100x20", "--ambiguous-width", "narrow"])
            .write_stdin(text),
    );
    assert!(screen.contains("<stdin>"), "{screen}");
    assert!(screen.contains("2018年工作回顾"), "{screen}");
}

#[test]
fn an_empty_pipe_is_an_empty_document_not_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(gangmu(dir.path()).arg("outline"));
    assert!(!out.contains("贵阳"), "{out}");
    assert_eq!(
        stdout_of(gangmu(dir.path()).args(["search", "的", "--count"])),
        "0\n"
    );
}

#[test]
fn stdin_never_opens_the_sample_whatever_standard_input_is() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(report()).unwrap();
    let sample = stdout_of(
        gangmu(dir.path())
            .args(["outline", "--stdin", "never"])
            .write_stdin(text.clone()),
    );
    assert!(
        sample.starts_with("中国人民政治协商会议贵阳市委员会"),
        "{sample}"
    );
    let from_env = stdout_of(
        gangmu(dir.path())
            .env("GANGMU_STDIN", "never")
            .arg("outline")
            .write_stdin(text.clone()),
    );
    assert_eq!(from_env, sample);
    // `-` is still standard input.
    let dash = stdout_of(
        gangmu(dir.path())
            .args(["outline", "-", "--stdin", "never"])
            .write_stdin(text),
    );
    assert_eq!(
        dash,
        stdout_of(gangmu(dir.path()).arg("outline").arg(report()))
    );
}

#[test]
fn bookmarks_of_piped_text_are_found_again_when_the_same_text_is_piped() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(report()).unwrap();
    let id = stdout_of(
        gangmu(dir.path())
            .args(["bookmarks", "add", "--quote", "稳就业"])
            .write_stdin(text.clone()),
    );
    let listed = stdout_of(
        gangmu(dir.path())
            .args(["bookmarks", "list"])
            .write_stdin(text),
    );
    assert!(listed.starts_with(id.trim()), "{listed}");
    assert!(!listed.contains("not found"), "{listed}");
    // Another text piped in does not have it.
    let other = stdout_of(
        gangmu(dir.path())
            .args(["bookmarks", "list"])
            .write_stdin(std::fs::read(other_report()).unwrap()),
    );
    assert!(!other.contains(id.trim()), "{other}");
}

#[test]
fn completions_for_every_shell_know_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout_of(gangmu(dir.path()).args(["completions", shell]));
        assert!(script.len() > 500, "{shell}: {script}");
        for word in ["outline", "search", "bookmarks", "encoding"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
    gangmu(dir.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tcsh"));
}

#[test]
fn the_man_page_is_roff_with_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let page = stdout_of(gangmu(dir.path()).arg("man"));
    assert!(page.contains(".TH gangmu"), "{page}");
    for word in ["outline", "search", "completions", "\\-\\-state"] {
        assert!(page.contains(word), "the man page names {word}");
    }
}

#[test]
fn version_names_the_package_version() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(gangmu(dir.path()).arg("--version"));
    assert!(
        out.starts_with(&format!("gangmu {}", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1, "{out}");
    // Built from a git checkout: the commit it was built from (see build.rs).
    let head = std::process::Command::new("git")
        .args([
            "-C",
            env!("CARGO_MANIFEST_DIR"),
            "rev-parse",
            "--short",
            "HEAD",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if let Some(head) = head {
        assert!(out.contains(&format!("({head}")), "{out} names {head}");
    }
}

#[test]
fn the_default_config_reads_back_as_the_defaults() {
    use gangmu::config::{Config, Keymap, Theme};
    let dir = tempfile::tempdir().unwrap();
    let printed = stdout_of(gangmu(dir.path()).args(["config", "--default"]));
    assert!(printed.lines().any(|l| l.starts_with('#')), "commented");
    // Laid over defaults with nothing of its own (no keys, other values), the printed file alone
    // must give back every default.
    // Every field named: a new setting makes this fail to compile until it is covered here.
    let blank = Config {
        keys: Keymap::default(),
        max_text_width: 123,
        first_line_indent: 0,
        outline_width: 99,
        show_outline: false,
        theme: Theme::Mono,
        ambiguous_width: gangmu::cli::AmbiguousArg::Wide,
        mouse: false,
        clipboard_command: vec!["true".to_string()],
    };
    assert_eq!(blank.overlaid(&printed).unwrap(), Config::default());
    // And gangmu itself takes it as a config file.
    let file = dir.path().join("mine.toml");
    std::fs::write(&file, &printed).unwrap();
    let shown = stdout_of(gangmu(dir.path()).arg("config").arg("--config").arg(&file));
    assert_eq!(shown.trim_end(), file.display().to_string());
    // `config` checks the file it names.
    std::fs::write(&file, "max_text_width = 2\n").unwrap();
    gangmu(dir.path())
        .arg("config")
        .arg("--config")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("max_text_width"));
    // Without one, the default path is printed and stderr says it is absent.
    gangmu(dir.path())
        .arg("config")
        .assert()
        .success()
        .stdout(predicate::str::contains("gangmu/config.toml"))
        .stderr(predicate::str::contains("does not exist"));
}
