//! Bad input from the outside, through the real binary: special files as the document (a
//! device, a FIFO fed without end) with a bound on memory, directories and missing files,
//! hostile file names and arguments, exit codes of usage errors and a missing `--config`,
//! UTF-16 without a BOM, and a guessed encoding said on stderr.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The address space the binary may use in the bounded tests: the 512 MiB cap and room for the
/// program, far below what an unbounded read reaches.
const MEMORY_BOUND: &str = "--as=1610612736";

fn gangmu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
    let home = std::env::temp_dir().join("gangmu-bad-input-no-config");
    cmd.env("XDG_CONFIG_HOME", &home)
        .env("XDG_DATA_HOME", &home)
        .env_remove("GANGMU_STATE")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    cmd
}

/// `gangmu ARGS` under a bound on its address space (with `prlimit`, where there is one).
fn bounded(args: &[&std::ffi::OsStr]) -> Output {
    let has_prlimit = Command::new("prlimit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let mut cmd = if has_prlimit {
        let mut cmd = Command::new("prlimit");
        cmd.arg(MEMORY_BOUND).arg(env!("CARGO_BIN_EXE_gangmu"));
        cmd
    } else {
        Command::new(env!("CARGO_BIN_EXE_gangmu"))
    };
    cmd.args(args)
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("gangmu-bad-input-no-config"),
        )
        .stdin(Stdio::null());
    let start = Instant::now();
    let out = cmd.output().unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "took {:?}",
        start.elapsed()
    );
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// One line on stderr, no control character in it but its line feed, no repeated cause.
fn assert_one_clean_line(out: &Output) -> String {
    let text = stderr(out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        !text
            .trim_end_matches('\n')
            .chars()
            .any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c)),
        "{text:?}"
    );
    assert!(!text.contains("os error"), "{text}");
    text
}

#[test]
fn dev_zero_as_the_document_stops_at_the_cap_within_a_memory_bound() {
    for command in ["outline", "text", "search"] {
        let mut args: Vec<&std::ffi::OsStr> = vec![command.as_ref()];
        if command == "search" {
            args.push("协商".as_ref());
        }
        args.push("/dev/zero".as_ref());
        let out = bounded(&args);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        let text = assert_one_clean_line(&out);
        assert!(
            text.contains("/dev/zero") && text.contains("larger than 512 MiB"),
            "{text}"
        );
    }
}

#[test]
fn a_fifo_fed_without_end_stops_at_the_cap_within_a_memory_bound() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("endless");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // A writer that writes for ever (until the reader goes away).
    let mut writer = Command::new("sh")
        .arg("-c")
        .arg("exec yes 第一条　总则。 > \"$0\"")
        .arg(&fifo)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = bounded(&["outline".as_ref(), fifo.as_os_str()]);
    let _ = writer.kill();
    let _ = writer.wait();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = assert_one_clean_line(&out);
    assert!(text.contains("larger than 512 MiB"), "{text}");
}

#[test]
fn standard_input_from_dev_zero_stops_at_the_cap() {
    let has_prlimit = Command::new("prlimit").arg("--version").output().is_ok();
    let mut cmd = if has_prlimit {
        let mut cmd = Command::new("prlimit");
        cmd.arg(MEMORY_BOUND).arg(env!("CARGO_BIN_EXE_gangmu"));
        cmd
    } else {
        Command::new(env!("CARGO_BIN_EXE_gangmu"))
    };
    let out = cmd
        .args(["outline", "-"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("standard input is larger than 512 MiB"));
}

#[test]
fn directories_and_missing_files_are_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["outline", "text"] {
        let out = gangmu().arg(command).arg(dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = assert_one_clean_line(&out);
        assert!(text.contains("is a directory"), "{text}");
        assert_eq!(text.matches("directory").count(), 1, "{text}");

        let missing = dir.path().join("no-such-report.txt");
        let out = gangmu().arg(command).arg(&missing).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = assert_one_clean_line(&out);
        assert!(
            text.contains("no-such-report.txt") && text.contains("no such file"),
            "{text}"
        );
    }
}

#[test]
fn hostile_file_names_and_arguments_are_echoed_as_pictures_and_cut() {
    // An OSC 52 clipboard write and a colour change in a file name.
    let name = "report\u{1b}]52;c;ZWNobyBoaQ==\u{7}\u{1b}[31m\u{9b}2J.txt";
    let out = gangmu().args(["outline", name]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = assert_one_clean_line(&out);
    assert!(text.contains("report␛]52;c;ZWNobyBoaQ==␇␛[31m"), "{text}");

    // A 30,000-character name, and one with a line feed.
    let long = "长".repeat(30_000);
    let out = gangmu().args(["text", &long]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = assert_one_clean_line(&out);
    assert!(
        text.chars().count() < 500,
        "{} characters",
        text.chars().count()
    );
    let out = gangmu().args(["text", "two\nlines.txt"]).output().unwrap();
    let text = assert_one_clean_line(&out);
    assert!(text.contains("two␊lines.txt"), "{text}");

    // Arguments: an encoding name, render's size and keys, a clap usage error.
    let out = gangmu()
        .args(["--encoding", "\u{1b}[2J", "outline"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(assert_one_clean_line(&out).contains("␛[2J"));
    let huge = "x".repeat(30_000);
    for args in [
        vec!["render", "--size", "\u{1b}[2J"],
        vec!["render", "--size", &huge],
        vec!["render", "--size", "80x24", "--keys", "\u{1b}<oops"],
        vec!["render", "--size", "80x24", "--keys", &format!("<{huge}")],
    ] {
        let out = gangmu().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:.20?}");
        let text = assert_one_clean_line(&out);
        assert!(text.chars().count() < 500, "{text}");
    }
    let out = gangmu()
        .args(["outline", "--depth", &format!("\u{1b}]52;c;AA\u{7}{huge}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        &text[..200]
    );
    assert!(text.lines().all(|l| l.chars().count() <= 400), "cut");
}

#[test]
fn a_repeated_cause_is_said_once() {
    // A directory as the config file: the system's reason once, not twice.
    let dir = tempfile::tempdir().unwrap();
    let out = gangmu()
        .arg("--config")
        .arg(dir.path())
        .arg("outline")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = assert_one_clean_line(&out);
    assert_eq!(text.matches("directory").count(), 1, "{text}");
}

#[test]
fn usage_errors_of_render_exit_2() {
    for args in [
        ["render", "--size", "80"],
        ["render", "--size", "0x24"],
        ["render", "--size", "80x99999"],
    ] {
        let out = gangmu().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("--size"));
    }
    for keys in ["<Enter", "<NoSuchKey>", "<C->"] {
        let out = gangmu()
            .args(["render", "--size", "80x24", "--keys", keys])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{keys}: {}", stderr(&out));
        assert!(stderr(&out).contains("--keys"));
    }
}

#[test]
fn a_missing_config_named_explicitly_is_an_error_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let sample = [
        vec!["outline"],
        vec!["text"],
        vec!["search", "协商"],
        vec!["render", "--size", "80x24"],
    ];
    for args in &sample {
        let out = gangmu()
            .arg("--config")
            .arg(&missing)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let text = assert_one_clean_line(&out);
        assert!(text.contains("nope.toml"), "{text}");
    }
    // The default path may be absent: no error.
    let out = gangmu().arg("outline").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn output_to_a_terminal_never_carries_raw_controls_from_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("hostile.txt");
    std::fs::write(
        &doc,
        "一、总则\u{1b}]52;c;ZWNobw==\u{7}\n\
         协商民主\u{1b}[31m红色\u{9b}2J\u{202E}反向\u{8}\r\n\
         二、附则\u{1b}[?1049h\n第二段协商\u{7f}\u{1}。\n",
    )
    .unwrap();
    for args in [
        vec!["outline"],
        vec!["outline", "--format", "json"],
        vec!["text"],
        vec!["text", "--width", "20"],
        vec!["search", "协商"],
        vec!["search", "协商", "--format", "json"],
    ] {
        let out = gangmu().args(&args).arg(&doc).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || ('\u{202A}'..='\u{202E}').contains(&c)),
            "{args:?}: {text:?}"
        );
        assert!(
            text.contains('␛'),
            "{args:?}: the escape shown as a picture: {text}"
        );
    }
}

#[test]
fn utf16_without_a_bom_and_partly_ascii_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Chapter 1 General Provisions\n第一条 This Law applies from 2024.\n";
    for (name, bytes) in [
        (
            "le.txt",
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
        ),
        (
            "be.txt",
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = gangmu().arg("text").arg(&path).output().unwrap();
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let printed = String::from_utf8(out.stdout).unwrap();
        assert!(
            printed.contains("Chapter 1 General Provisions"),
            "{printed}"
        );
        assert!(
            printed.contains("第一条 This Law applies from 2024."),
            "{printed}"
        );
    }
}

#[test]
fn a_guessed_encoding_is_said_on_stderr_and_forced_with_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.txt");
    let (bytes, _, _) = encoding_rs::BIG5.encode("本法自公布日施行");
    std::fs::write(&path, &bytes).unwrap();
    let out = gangmu().arg("text").arg(&path).output().unwrap();
    assert!(out.status.success());
    let note = stderr(&out);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "本法自公布日施行\n");
    assert!(
        note.contains("guessed as Big5") && note.contains("--encoding"),
        "{note}"
    );
    // Forced: no guess, no note.
    let out = gangmu()
        .args(["--encoding", "big5", "text"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stderr(&out), "");
    // The reader's status bar says it too (render shows the reader's screen).
    let out = gangmu()
        .args(["render", "--size", "100x10"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let screen = String::from_utf8(out.stdout).unwrap();
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("Big5"), "{screen}");
}

#[test]
fn a_device_as_the_config_file_stops_at_its_cap() {
    let out = bounded(&[
        "--config".as_ref(),
        "/dev/zero".as_ref(),
        "outline".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = assert_one_clean_line(&out);
    assert!(
        text.contains("config file /dev/zero") && text.contains("larger than 1 MiB"),
        "{text}"
    );
}
