//! The state file and the exports against a hostile machine, end to end through the binary:
//! special files as the state path (a device node and a FIFO made in a temporary directory),
//! symbolic links, endless devices, the umask, notes that are not silently replaced, exit
//! codes after a failed save, and control characters in notes and file names.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Any command that has to refuse must do so long before this.
const QUICK: Duration = Duration::from_secs(10);

/// A hostile note: OSC 52 (write the clipboard), ended by BEL.
const HOSTILE: &str = "\u{1b}]52;c;AAAA\u{7}";

struct Env {
    dir: tempfile::TempDir,
    state: PathBuf,
}

impl Env {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state.toml");
        Self { dir, state }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `gangmu ARGS… --state STATE`, no user config, at most [`QUICK`].
    fn cmd_with_state(&self, state: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
        // Without a PATH the sample, though standard input is a pipe.
        cmd.env_remove("GANGMU_STATE")
            .env("GANGMU_STDIN", "never")
            .env("XDG_CONFIG_HOME", self.path("no-config"))
            .args(args)
            .arg("--state")
            .arg(state)
            .timeout(QUICK);
        cmd
    }

    fn cmd(&self, args: &[&str]) -> Command {
        self.cmd_with_state(&self.state, args)
    }

    fn ok(&self, args: &[&str]) -> (String, String) {
        let out = self.cmd(args).assert().success().get_output().clone();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    /// Runs and expects exit status 1 with one line on stderr, which is returned.
    fn fails(&self, state: &Path, args: &[&str]) -> String {
        let out = self
            .cmd_with_state(state, args)
            .assert()
            .code(1)
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        stderr
    }
}

fn make_node(path: &Path, args: &[&str]) -> bool {
    let (tool, rest) = args.split_first().unwrap();
    std::process::Command::new(tool)
        .arg(path)
        .args(rest)
        .status()
        .is_ok_and(|s| s.success())
}

fn lock_beside(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_device_node_as_the_state_file_is_refused_and_stays_a_device() {
    let env = Env::new();
    let node = env.path("null");
    if !make_node(&node, &["mknod", "c", "1", "3"]) {
        eprintln!("skipped: cannot make a device node here (not root?)");
        return;
    }
    for args in [
        &["bookmarks", "add", "--quote", "协商", "--note", "n"][..],
        &["bookmarks", "list"],
        &["export"],
    ] {
        let stderr = env.fails(&node, args);
        assert!(
            stderr.contains("is a character device, not a regular file") && stderr.contains("null"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("bookmarked"), "{stderr}");
    }
    let meta = std::fs::symlink_metadata(&node).unwrap();
    assert!(meta.file_type().is_char_device(), "the device was replaced");
    assert!(
        !lock_beside(&node).exists(),
        "a lock file was left beside it"
    );
}

#[test]
fn a_fifo_as_the_state_file_is_refused_without_waiting() {
    let env = Env::new();
    let fifo = env.path("fifo.toml");
    assert!(make_node(&fifo, &["mkfifo"]));
    let start = Instant::now();
    let stderr = env.fails(&fifo, &["bookmarks", "add", "--quote", "协商"]);
    assert!(stderr.contains("is a FIFO"), "{stderr}");
    assert!(start.elapsed() < QUICK);
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(!lock_beside(&fifo).exists());
    // a directory: one line, the cause said once
    let dir = env.path("dir.toml");
    std::fs::create_dir(&dir).unwrap();
    let stderr = env.fails(&dir, &["bookmarks", "add", "--quote", "协商"]);
    assert!(
        stderr.contains("is a directory") && !stderr.contains("os error"),
        "{stderr}"
    );
    assert!(dir.is_dir());
}

#[test]
fn endless_devices_as_the_state_file_fail_at_once() {
    let env = Env::new();
    for device in ["/dev/zero", "/dev/full"] {
        let start = Instant::now();
        let stderr = env.fails(Path::new(device), &["bookmarks", "list"]);
        assert!(stderr.contains("not a regular file"), "{stderr}");
        assert!(start.elapsed() < QUICK, "{device}");
    }
}

#[test]
fn an_endless_config_fails_with_a_bounded_read() {
    let env = Env::new();
    let start = Instant::now();
    let stderr = env.fails(
        &env.state,
        &["render", "--size", "40x10", "--config", "/dev/zero"],
    );
    assert!(stderr.contains("larger than 1 MiB"), "{stderr}");
    assert!(start.elapsed() < QUICK);
    // /dev/null is an empty config, as it always was
    env.cmd(&["render", "--size", "40x10", "--config", "/dev/null"])
        .assert()
        .success();
}

#[test]
fn a_symlinked_state_file_is_written_through_the_link() {
    let env = Env::new();
    std::fs::create_dir(env.path("dotfiles")).unwrap();
    let target = env.path("dotfiles/gangmu-state.toml");
    std::os::unix::fs::symlink("dotfiles/gangmu-state.toml", &env.state).unwrap();
    let (id, _) = env.ok(&["bookmarks", "add", "--quote", "协商"]);
    assert!(
        std::fs::symlink_metadata(&env.state)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains(id.trim())
    );
    let (list, _) = env.ok(&["bookmarks", "list"]);
    assert!(list.contains(id.trim()), "{list}");
}

/// `gangmu ARGS…` run by `sh` after `umask MASK`.
fn under_umask(env: &Env, mask: &str, args: &[&str]) {
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {mask}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_gangmu"))
        .args(args)
        .arg("--state")
        .arg(&env.state)
        .env("XDG_CONFIG_HOME", env.path("no-config"))
        .env("GANGMU_STDIN", "never")
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn the_export_follows_the_umask() {
    let env = Env::new();
    env.ok(&["bookmarks", "add", "--quote", "协商"]);
    for (mask, expected) in [("077", 0o600), ("022", 0o644), ("002", 0o664)] {
        let out = env.path(&format!("export-{mask}.md"));
        under_umask(&env, mask, &["export", "--output", out.to_str().unwrap()]);
        assert_eq!(mode(&out), expected, "umask {mask}");
    }
    // the state file itself is private whatever the umask
    assert_eq!(mode(&env.state), 0o600);
    assert_eq!(mode(&lock_beside(&env.state)), 0o600);
}

#[test]
fn the_export_never_replaces_a_special_file() {
    let env = Env::new();
    env.ok(&["bookmarks", "add", "--quote", "协商"]);
    // a device that is not a stream is refused and stays a device
    let zero = env.path("zero");
    if make_node(&zero, &["mknod", "c", "1", "5"]) {
        let stderr = env.fails(&env.state, &["export", "--output", zero.to_str().unwrap()]);
        assert!(stderr.contains("not a regular file"), "{stderr}");
        assert!(
            std::fs::symlink_metadata(&zero)
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
    // the null device is written to, and stays the null device
    let null = env.path("null");
    if make_node(&null, &["mknod", "c", "1", "3"]) {
        env.ok(&["export", "--output", null.to_str().unwrap()]);
        assert!(
            std::fs::symlink_metadata(&null)
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
    // a FIFO receives the export
    let fifo = env.path("out.fifo");
    assert!(make_node(&fifo, &["mkfifo"]));
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    env.ok(&[
        "export",
        "--format",
        "txt",
        "--output",
        fifo.to_str().unwrap(),
    ]);
    assert!(reader.join().unwrap().contains("协商"));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    // a directory is refused
    let stderr = env.fails(
        &env.state,
        &["export", "--output", env.dir.path().to_str().unwrap()],
    );
    assert!(stderr.contains("directory"), "{stderr}");
}

#[test]
fn adding_a_bookmarked_passage_never_replaces_its_note_silently() {
    let env = Env::new();
    let (id, _) = env.ok(&[
        "bookmarks",
        "add",
        "--quote",
        "协商",
        "--note",
        "第一条备注",
    ]);
    let id = id.trim();
    // the same note, or none: nothing changes
    let (again, stderr) = env.ok(&["bookmarks", "add", "--quote", "协商"]);
    assert_eq!(again.trim(), id);
    assert!(stderr.contains("already bookmarked"), "{stderr}");
    // another note: refused, pointing at the command that replaces it
    let stderr = env.fails(
        &env.state,
        &["bookmarks", "add", "--quote", "协商", "--note", "第二条"],
    );
    assert!(
        stderr.contains("第一条备注") && stderr.contains(&format!("gangmu bookmarks note {id}")),
        "{stderr}"
    );
    let (list, _) = env.ok(&["bookmarks", "list"]);
    assert!(list.contains("Note: 第一条备注"), "{list}");
    // `bookmarks note` replaces it, and says what it was
    let (_, stderr) = env.ok(&["bookmarks", "note", id, "第二条"]);
    assert!(stderr.contains("第一条备注"), "{stderr}");
    let (list, _) = env.ok(&["bookmarks", "list"]);
    assert!(
        list.contains("Note: 第二条") && !list.contains("第一条备注"),
        "{list}"
    );
    // an empty note removes it
    env.ok(&["bookmarks", "note", id, ""]);
    let (list, _) = env.ok(&["bookmarks", "list"]);
    assert!(!list.contains("Note:"), "{list}");
    // a bookmark without a note gets one from `add --note`
    let (_, stderr) = env.ok(&["bookmarks", "add", "--quote", "协商", "--note", "补上"]);
    assert!(stderr.contains("note added"), "{stderr}");
    // an unknown id is an error
    let stderr = env.fails(&env.state, &["bookmarks", "note", "ffffffff", "x"]);
    assert!(stderr.contains("no bookmark with id ffffffff"), "{stderr}");
}

#[test]
fn a_failed_save_is_never_reported_as_a_success() {
    let env = Env::new();
    env.ok(&["bookmarks", "add", "--quote", "协商"]);
    // a FIFO where the lock file goes: the save is refused
    std::fs::remove_file(lock_beside(&env.state)).unwrap();
    assert!(make_node(&lock_beside(&env.state), &["mkfifo"]));
    let before = std::fs::read_to_string(&env.state).unwrap();
    let out = env
        .cmd(&["bookmarks", "add", "--quote", "民主监督"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("bookmarked"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&env.state).unwrap(), before);
}

#[test]
fn control_characters_in_notes_and_file_names_are_shown_as_pictures() {
    let env = Env::new();
    let doc = env.path("报告\u{1b}[31m.txt");
    std::fs::write(&doc, "一、总体要求\n\n坚持团结和民主两大主题。\n").unwrap();
    let doc = doc.to_str().unwrap();
    let (_, stderr) = env.ok(&[
        "bookmarks",
        "add",
        doc,
        "--quote",
        "两大主题",
        "--note",
        HOSTILE,
    ]);
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    let raw = |out: &str| out.contains('\u{1b}') || out.contains('\u{7}');
    let (list, _) = env.ok(&["bookmarks", "list", doc]);
    assert!(!raw(&list) && list.contains("␛]52;c;AAAA␇"), "{list:?}");
    for format in ["md", "txt"] {
        let (out, _) = env.ok(&["export", doc, "--format", format]);
        // (Markdown escapes the bracket)
        assert!(
            !raw(&out) && out.contains('␛') && out.contains("52;c;AAAA␇"),
            "{format}: {out:?}"
        );
    }
    // JSON escapes them, and the note survives intact
    let (json, _) = env.ok(&["export", doc, "--format", "json"]);
    assert!(!raw(&json), "{json:?}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["passages"][0]["note"], HOSTILE);
    // the file still holds the note as it was given
    let state: toml::Table = toml::from_str(&std::fs::read_to_string(&env.state).unwrap()).unwrap();
    assert_eq!(state["bookmarks"][0]["note"].as_str(), Some(HOSTILE));
    // messages that echo the quote show pictures and are cut short
    let long = format!("{HOSTILE}{}", "长".repeat(30_000));
    let stderr = env.fails(&env.state, &["bookmarks", "add", doc, "--quote", &long]);
    assert!(!raw(&stderr) && stderr.chars().count() < 300, "{stderr:?}");
}

#[test]
fn state_file_errors_are_one_line_naming_the_file_and_line() {
    let env = Env::new();
    std::fs::write(
        &env.state,
        b"version = 1\nsearch_history = [\"\xe5\x8d\"]\n",
    )
    .unwrap();
    let stderr = env.fails(&env.state, &["bookmarks", "list"]);
    assert!(
        stderr.contains("state.toml") && stderr.contains("line 2") && stderr.contains("UTF-8"),
        "{stderr}"
    );
    std::fs::write(
        &env.state,
        "version = 1\n[documents.abc]\npath = \"/r\"\nposition = \"top\"\n",
    )
    .unwrap();
    let stderr = env.fails(&env.state, &["bookmarks", "list"]);
    assert!(
        stderr.contains("line 4") && !stderr.contains("untagged") && !stderr.contains("enum"),
        "{stderr}"
    );
}

#[test]
fn a_temporary_file_left_by_a_killed_save_is_removed_by_the_next() {
    let env = Env::new();
    env.ok(&["bookmarks", "add", "--quote", "协商"]);
    // as a gangmu killed mid-save leaves it: its process is gone
    let dead = std::process::Command::new("true")
        .spawn()
        .and_then(|mut c| c.wait().map(|_| c.id()))
        .unwrap();
    let leftover = env.path(&format!(".state.toml.{dead}.k1LLed.tmp"));
    std::fs::write(&leftover, "x".repeat(1 << 20)).unwrap();
    env.ok(&["bookmarks", "add", "--quote", "民主监督"]);
    assert!(!leftover.exists());
    let names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn comments_in_the_state_file_survive_a_save_from_the_command_line() {
    let env = Env::new();
    env.ok(&["bookmarks", "add", "--quote", "协商", "--note", "原来的"]);
    let text = std::fs::read_to_string(&env.state).unwrap();
    let text = format!("# 我的书签，请勿删除\n{text}").replacen(
        "[[bookmarks]]",
        "# 这一条很重要\n[[bookmarks]]",
        1,
    );
    std::fs::write(&env.state, &text).unwrap();
    env.ok(&["bookmarks", "add", "--quote", "民主监督"]);
    let saved = std::fs::read_to_string(&env.state).unwrap();
    assert!(
        saved.starts_with("# 我的书签，请勿删除\n")
            && saved.contains("# 这一条很重要\n[[bookmarks]]"),
        "{saved}"
    );
    let (list, _) = env.ok(&["bookmarks", "list"]);
    assert!(list.contains("原来的"), "{list}");
}

#[test]
fn the_readers_export_follows_the_umask() {
    use std::io::Write as _;
    let env = Env::new();
    let doc = env.path("report.txt");
    std::fs::write(&doc, include_str!("../assets/sample.txt")).unwrap();
    env.ok(&["bookmarks", "add", doc.to_str().unwrap(), "--quote", "协商"]);
    let out_dir = env.path("out");
    std::fs::create_dir(&out_dir).unwrap();
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("umask 077; cd \"$1\"; shift; exec \"$@\"")
        .arg("sh")
        .arg(&out_dir)
        .arg(env!("CARGO_BIN_EXE_gangmu"))
        .args(["--ambiguous-width", "narrow", "--state"])
        .arg(&env.state)
        .arg(&doc)
        .env("XDG_CONFIG_HOME", env.path("no-config"))
        .env("TERM", "xterm-256color");
    let mut session = expectrl::session::Session::spawn(cmd).unwrap();
    session.get_process_mut().set_window_size(80, 24).unwrap();
    let exported = || {
        std::fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().ends_with("-bookmarks.md"))
    };
    let start = Instant::now();
    let mut buf = [0u8; 8192];
    let mut sent = Instant::now() - Duration::from_secs(1);
    let file = loop {
        // keep reading, so that the reader never blocks on a full pty
        while session.try_read(&mut buf).is_ok_and(|n| n > 0) {}
        if let Some(file) = exported() {
            break file;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no export");
        // `x` again until the reader is up and exports
        if sent.elapsed() > Duration::from_millis(500) {
            session.write_all(b"x").unwrap();
            session.flush().unwrap();
            sent = Instant::now();
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    session.write_all(b"q").unwrap();
    session.flush().unwrap();
    // the name appears with the rename, so the file is whole and has its mode
    assert_eq!(mode(&file), 0o600, "{}", file.display());
    // let it quit: end of file on the pty, or EIO once it has closed its side
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        match session.try_read(&mut buf) {
            Ok(0) => break,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
}
