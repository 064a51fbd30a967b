//! The real binary in a pseudo-terminal: the outline appears, a section is opened through the
//! outline, the terminal is resized, `q` quits, and the terminal is left as it was found (main
//! screen, cursor shown); a search, a bookmark with a note, the reading position found again on
//! reopening, and the Markdown export. The pty's output is fed into a vt100 parser to read the
//! screen. Every reader gets a state file of its own in a temporary directory.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{ErrorKind, Write};
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;

const TIMEOUT: Duration = Duration::from_secs(20);

struct Pty {
    session: OsSession,
    /// Holds the state file of a reader spawned without `--state` (see [`Pty::spawn_command`]).
    _state_dir: tempfile::TempDir,
    parser: vt100::Parser,
    /// Everything the program wrote, for looking at escape sequences vt100 does not keep.
    raw: Vec<u8>,
    exited: bool,
}

impl Pty {
    fn spawn(columns: u16, rows: u16) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
        // Narrow: `auto` would ask the terminal, and vt100 does not answer.
        cmd.args(["--ambiguous-width", "narrow"]);
        Self::spawn_command(cmd, columns, rows)
    }

    /// Spawns `cmd` in a pseudo-terminal of `columns` × `rows`, with no user config and a state
    /// file of its own (in a fresh directory; `--state` on the command line still wins), so that
    /// no test reads or writes the user's reading positions.
    fn spawn_command(mut cmd: Command, columns: u16, rows: u16) -> Self {
        let config_home = std::env::temp_dir().join("gangmu-e2e-no-config");
        let state_dir = tempfile::tempdir().expect("a temporary directory");
        cmd.env("XDG_CONFIG_HOME", config_home)
            .env("XDG_DATA_HOME", state_dir.path())
            .env("GANGMU_STATE", state_dir.path().join("state.toml"))
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR");
        let mut session = expectrl::session::Session::spawn(cmd).expect("spawn gangmu in a pty");
        session
            .get_process_mut()
            .set_window_size(columns, rows)
            .expect("set the pty size");
        Self {
            session,
            _state_dir: state_dir,
            parser: vt100::Parser::new(rows, columns, 0),
            raw: Vec::new(),
            exited: false,
        }
    }

    /// Reads what the program has written so far into the screen model.
    fn pump(&mut self) {
        let mut buf = [0u8; 8192];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => {
                    self.exited = true;
                    return;
                }
                Ok(n) => {
                    self.parser.process(&buf[..n]);
                    self.raw.extend_from_slice(&buf[..n]);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                // EIO: the program has exited and closed its side.
                Err(_) => {
                    self.exited = true;
                    return;
                }
            }
        }
    }

    /// Waits until `ready` holds for the screen, reading as it goes.
    fn wait_for(&mut self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            self.pump();
            if ready(self.parser.screen()) {
                return;
            }
            assert!(
                start.elapsed() < TIMEOUT && !self.exited,
                "timed out waiting for {what}; the screen:\n{}",
                self.parser.screen().contents()
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn send(&mut self, keys: &str) {
        self.session.write_all(keys.as_bytes()).unwrap();
        self.session.flush().unwrap();
    }

    fn row(&self, row: u16) -> String {
        let (_, columns) = self.parser.screen().size();
        self.parser
            .screen()
            .rows(0, columns)
            .nth(usize::from(row))
            .unwrap_or_default()
    }

    /// Waits for the program to exit, reading what it writes on the way out.
    fn wait_exit(&mut self) {
        let start = Instant::now();
        while !self.exited {
            self.pump();
            assert!(start.elapsed() < TIMEOUT, "gangmu did not quit");
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Reads until the program has written nothing for a while: a frame that is still arriving
    /// is taken in whole.
    fn settle(&mut self) {
        let start = Instant::now();
        let mut seen = self.raw.len();
        let mut quiet_since = Instant::now();
        while quiet_since.elapsed() < Duration::from_millis(200) && start.elapsed() < TIMEOUT {
            std::thread::sleep(Duration::from_millis(20));
            self.pump();
            if self.raw.len() != seen {
                seen = self.raw.len();
                quiet_since = Instant::now();
            }
        }
    }

    fn resize(&mut self, columns: u16, rows: u16) {
        // Take in everything drawn at the old size first (a frame drawn for a wider screen,
        // fed to the narrower model, makes vt100 panic on a wide character past its last
        // column), then change both sides.
        self.settle();
        self.parser.screen_mut().set_size(rows, columns);
        self.session
            .get_process_mut()
            .set_window_size(columns, rows)
            .unwrap();
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if !self.exited {
            let _ = self.session.get_process_mut().exit(true);
        }
    }
}

/// The reading pane's part of a screen row: what is right of the outline's separator.
fn reader_part(row: &str) -> &str {
    row.split_once('│').map_or(row, |(_, text)| text)
}

/// The first characters of a heading, enough to recognise it on screen.
fn prefix(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

#[test]
fn open_a_section_from_the_outline_resize_and_quit() {
    let doc = gangmu::doc::parse(gangmu::source::SAMPLE);
    assert!(doc.sections.len() > 3, "the sample has an outline");
    let first = prefix(&doc.sections[0].heading, 6);
    // Every node starts expanded, so the outline's rows are the sections in order; the cursor
    // starts on the first row.
    let target = &doc.sections[3];
    let target_text = prefix(&doc.blocks[target.block].text, 6);

    let mut pty = Pty::spawn(100, 30);
    pty.wait_for("the outline", |s| s.contents().contains(&first));
    assert!(pty.parser.screen().alternate_screen());

    pty.send("\tjjj\r");
    // The section's first line is the top row of the reading pane.
    pty.wait_for("the section at the top", |s| {
        s.rows(0, 100)
            .next()
            .is_some_and(|row| reader_part(&row).contains(&target_text))
    });
    // The outline highlights (reverses) the section now at the top of the text.
    let outline_row = (0..29u16)
        .find(|&r| {
            let row = pty.row(r);
            row.split_once('│')
                .is_some_and(|(outline, _)| outline.contains(&prefix(&target.heading, 4)))
        })
        .expect("the section is listed in the outline");
    let screen = pty.parser.screen();
    let highlighted = (0..20).any(|col| {
        screen
            .cell(outline_row, col)
            .is_some_and(vt100::Cell::inverse)
    });
    assert!(
        highlighted,
        "row {outline_row} of the outline is highlighted"
    );
    let other = if outline_row == 0 { 1 } else { 0 };
    assert!(!(0..20).any(|col| screen.cell(other, col).is_some_and(vt100::Cell::inverse)));

    pty.resize(70, 20);
    pty.wait_for("the redraw at 70x20", |s| {
        let rows: Vec<String> = s.rows(0, 70).collect();
        rows.len() == 20 && rows[19].contains('%') && reader_part(&rows[0]).contains(&target_text)
    });
    let status = pty.row(19);
    assert!(
        status.contains(&prefix(&target.heading, 4)),
        "the status bar names the section: {status}"
    );

    pty.send("q");
    pty.wait_exit();
    let status = pty.session.get_process().wait().unwrap();
    assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
    let screen = pty.parser.screen();
    assert!(!screen.alternate_screen(), "left the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is shown again");
}

#[test]
fn refuses_to_start_without_a_terminal_but_not_inside_one() {
    // Inside a pty the reader starts; with stdout redirected it refuses (see cli_render.rs).
    let mut pty = Pty::spawn(60, 15);
    pty.wait_for("the status bar", |s| s.contents().contains('%'));
    pty.send("?");
    pty.wait_for("the help", |s| s.contents().contains("gangmu keys"));
    pty.send("\x1b");
    pty.wait_for("the help closed", |s| !s.contents().contains("gangmu keys"));
    pty.send("q");
    pty.wait_exit();
    assert!(!pty.parser.screen().alternate_screen());
}

#[test]
fn reads_the_document_from_standard_input_and_keys_from_the_terminal() {
    let law = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/law-pipl-2021.txt"
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("exec \"$0\" --ambiguous-width narrow - < \"$1\"")
        .arg(env!("CARGO_BIN_EXE_gangmu"))
        .arg(law);
    let mut pty = Pty::spawn_command(cmd, 80, 24);
    pty.wait_for("the law", |s| s.contents().contains("个人信息保护法"));
    // `G` comes from the terminal even though standard input is the file.
    pty.send("G");
    pty.wait_for("the end of the law", |s| s.contents().contains("100%"));
    pty.send("q");
    pty.wait_exit();
    assert!(!pty.parser.screen().alternate_screen());
}

/// Spawns the reader with `--ambiguous-width auto`; answers its cursor-position question with
/// `answer` (or not at all) and returns the separator the screen is drawn with.
fn separator_after_asking(answer: Option<&str>) -> char {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
    cmd.args(["--ambiguous-width", "auto"]);
    let mut pty = Pty::spawn_command(cmd, 80, 24);
    let start = Instant::now();
    // The question: "where is the cursor?" (DSR 6).
    while !pty.raw.windows(4).any(|w| w == b"\x1b[6n") {
        pty.pump();
        assert!(start.elapsed() < TIMEOUT, "the reader never asked");
        std::thread::sleep(Duration::from_millis(10));
    }
    if let Some(answer) = answer {
        pty.send(answer);
    }
    pty.wait_for("the first frame", |s| s.contents().contains('%'));
    let contents = pty.parser.screen().contents();
    pty.send("q");
    pty.wait_exit();
    if contents.contains('│') { '│' } else { '|' }
}

#[test]
fn auto_ambiguous_width_asks_the_terminal() {
    // The cursor after “ at column 3 (1-based): the terminal draws it two columns wide.
    assert_eq!(separator_after_asking(Some("\x1b[1;3R")), '|');
    assert_eq!(separator_after_asking(Some("\x1b[1;2R")), '│');
}

#[test]
fn auto_ambiguous_width_falls_back_to_narrow_without_an_answer() {
    assert_eq!(separator_after_asking(None), '│');
}

/// The screen's rows, trailing blanks trimmed, the status bar (the last row) apart.
fn rows_and_status(screen: &vt100::Screen) -> (Vec<String>, String) {
    let (rows, columns) = screen.size();
    let mut all: Vec<String> = screen
        .rows(0, columns)
        .map(|row| row.trim_end().to_string())
        .collect();
    let status = all.pop().unwrap_or_default();
    assert_eq!(all.len() + 1, usize::from(rows));
    (all, status)
}

fn status_of(screen: &vt100::Screen) -> String {
    rows_and_status(screen).1
}

#[test]
fn search_bookmark_with_a_note_quit_reopen_where_reading_stopped_and_export() {
    use gangmu::search::{Matcher, SearchOptions, find_all};
    let doc = gangmu::doc::parse(gangmu::source::SAMPLE);
    let hits = find_all(
        &doc,
        &Matcher::new("协商", SearchOptions::default()).unwrap(),
    );
    let total = hits.len();
    // Opened at the top, the first match after the reading position is the first one; `n`
    // selects the second, and `m` bookmarks it.
    let second = hits.get(1).copied().unwrap();
    // `m` on a match bookmarks the match's sentence.
    let block = &doc.blocks[second.block];
    let sentence_bytes = gangmu::text::sentences::sentence_at(&block.text, second.start);
    let sentence = block.text[sentence_bytes.clone()].to_string();
    let sentence_start = block.char_offset(sentence_bytes.start);
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.toml");
    let spawn = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
        cmd.args(["--ambiguous-width", "narrow", "--state"])
            .arg(&state)
            .current_dir(dir.path());
        Pty::spawn_command(cmd, 100, 30)
    };

    let mut pty = spawn();
    pty.wait_for("the first frame", |s| status_of(s).contains('%'));
    pty.send("/协商\r");
    pty.wait_for("the first match", |s| {
        status_of(s).contains(&format!(" 1/{total} "))
    });
    pty.send("n");
    pty.wait_for("the second match", |s| {
        status_of(s).contains(&format!(" 2/{total} "))
    });
    pty.send("m");
    pty.wait_for("the note prompt", |s| status_of(s).starts_with("Note: "));
    pty.send("协商民主\r");
    pty.wait_for("the bookmark", |s| status_of(s).contains("bookmarked"));
    let (before, _) = rows_and_status(pty.parser.screen());
    // The bookmarked match is marked in the margin, left of the text.
    assert!(before.iter().any(|row| row.contains('▌')), "{before:#?}");
    pty.send("q");
    pty.wait_exit();
    let status = pty.session.get_process().wait().unwrap();
    assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");

    let saved = std::fs::read_to_string(&state).unwrap();
    for expected in [
        "position = [".to_string(),
        format!("quote = \"{sentence}\""),
        "note = \"协商民主\"".to_string(),
        "search_history = [\"协商\"]".to_string(),
    ] {
        assert!(saved.contains(&expected), "{expected} in\n{saved}");
    }
    assert!(
        saved.contains(&format!("start = [{}, {sentence_start}]", second.block)),
        "{saved}"
    );

    // Reopened: the same text at the top, the bookmark still marked.
    let mut pty = spawn();
    pty.wait_for(
        &format!("the text where reading stopped:\n{}\n", before.join("\n")),
        |s| rows_and_status(s).0 == before,
    );
    pty.send("x");
    pty.wait_for("the export", |s| {
        status_of(s).contains("exported 1 bookmark")
    });
    pty.send("q");
    pty.wait_exit();

    let title = doc.meta.title.clone().unwrap();
    let export = dir.path().join(format!("{title}-bookmarks.md"));
    let markdown =
        std::fs::read_to_string(&export).unwrap_or_else(|e| panic!("{}: {e}", export.display()));
    assert!(markdown.starts_with(&format!("# {title}\n")), "{markdown}");
    let path = doc.section_path(second.position());
    assert!(!path.is_empty());
    let section_line = markdown
        .lines()
        .find(|l| l.starts_with("## "))
        .unwrap_or_default();
    for heading in path {
        assert!(
            section_line.contains(&prefix(heading, 8)),
            "{heading} in {section_line}"
        );
    }
    assert!(
        markdown.contains(&format!("\n> {sentence}\n")),
        "{markdown}"
    );
    assert!(markdown.contains("Note: 协商民主"), "{markdown}");
}

/// A reader on the sample with a state file in a fresh directory (returned with it), moved two
/// sections down so that its reading position is not the top.
fn moved_reader(extra_env: &[(&str, &str)]) -> (Pty, tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.toml");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
    cmd.args(["--ambiguous-width", "narrow", "--state"])
        .arg(&state)
        .current_dir(dir.path());
    for (key, value) in extra_env {
        cmd.env(key, value);
    }
    let mut pty = Pty::spawn_command(cmd, 100, 30);
    pty.wait_for("the first frame", |s| status_of(s).contains('%'));
    let first = pty.parser.screen().contents();
    pty.send("]]");
    pty.wait_for("the text moved", |s| {
        s.contents() != first && status_of(s).contains('%')
    });
    pty.settle();
    (pty, dir, state)
}

/// The saved reading position, `[block, offset]`, if the state file has one.
fn saved_position(state: &std::path::Path) -> Option<String> {
    let saved = std::fs::read_to_string(state).ok()?;
    let line = saved.lines().find(|l| l.starts_with("position = ["))?;
    Some(line.trim_start_matches("position = ").to_string())
}

#[test]
fn stop_signals_restore_the_terminal_save_the_position_and_exit_with_128_plus_the_signal() {
    use expectrl::process::unix::Signal;
    for (signal, number) in [
        (Signal::SIGTERM, 15),
        (Signal::SIGHUP, 1),
        (Signal::SIGINT, 2),
        (Signal::SIGQUIT, 3),
    ] {
        let (mut pty, _dir, state) = moved_reader(&[]);
        {
            let screen = pty.parser.screen();
            assert!(screen.alternate_screen() && screen.hide_cursor());
            assert_ne!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
        }
        assert_eq!(
            saved_position(&state),
            None,
            "nothing saved before the signal"
        );
        let before = pty.raw.len();
        pty.session.get_process_mut().signal(signal).unwrap();
        pty.wait_exit();
        let status = pty.session.get_process().wait().unwrap();
        assert!(
            matches!(status, WaitStatus::Exited(_, code) if code == 128 + number),
            "{signal:?}: {status:?}"
        );
        // What was written on the way out: alternate screen left, mouse reporting off, the
        // cursor shown.
        let tail = &pty.raw[before..];
        let has = |seq: &[u8]| tail.windows(seq.len()).any(|w| w == seq);
        assert!(has(b"\x1b[?1049l"), "{signal:?}: left the alternate screen");
        assert!(has(b"\x1b[?1000l"), "{signal:?}: mouse reporting off");
        assert!(has(b"\x1b[?25h"), "{signal:?}: the cursor shown");
        let screen = pty.parser.screen();
        assert!(!screen.alternate_screen(), "{signal:?}");
        assert!(!screen.hide_cursor(), "{signal:?}");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "{signal:?}"
        );
        let position = saved_position(&state);
        assert!(
            position.as_deref().is_some_and(|p| p != "[0, 0]"),
            "{signal:?}: the reading position is saved: {position:?}"
        );
    }
}

#[test]
fn the_reading_position_is_saved_on_a_timer_without_a_key() {
    let (mut pty, _dir, state) = moved_reader(&[("GANGMU_AUTOSAVE_SECONDS", "0.5")]);
    // No key after the move: the timer alone saves it.
    let start = Instant::now();
    while saved_position(&state).is_none() {
        pty.pump();
        assert!(
            start.elapsed() < TIMEOUT,
            "the position was not saved on the timer"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let position = saved_position(&state).unwrap();
    assert_ne!(position, "[0, 0]");
    assert!(!pty.exited, "saved while the reader runs");
    pty.send("q");
    pty.wait_exit();
}

#[test]
fn an_invalid_autosave_interval_is_an_error() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
    cmd.env("GANGMU_AUTOSAVE_SECONDS", "soon");
    let mut pty = Pty::spawn_command(cmd, 80, 24);
    pty.wait_exit();
    let status = pty.session.get_process().wait().unwrap();
    assert!(matches!(status, WaitStatus::Exited(_, 1)), "{status:?}");
    let out = String::from_utf8_lossy(&pty.raw);
    assert!(out.contains("GANGMU_AUTOSAVE_SECONDS"), "{out}");
}

#[test]
fn the_reader_does_not_exit_0_after_saying_not_saved() {
    // The state file's directory is a regular file: nothing can be saved there.
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-directory");
    std::fs::write(&blocker, "x").unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
    cmd.args(["--ambiguous-width", "narrow", "--state"])
        .arg(blocker.join("state.toml"));
    let mut pty = Pty::spawn_command(cmd, 80, 24);
    pty.wait_for("the first frame", |s| status_of(s).contains('%'));
    pty.send("]q");
    pty.wait_exit();
    let status = pty.session.get_process().wait().unwrap();
    let out = String::from_utf8_lossy(&pty.raw);
    assert!(out.contains("not saved"), "{out}");
    assert!(matches!(status, WaitStatus::Exited(_, 1)), "{status:?}");
}

/// `cat FILE | gangmu ARGS…` in a pseudo-terminal: no PATH, standard input a pipe.
fn piped_reader(file: &std::path::Path, state: &std::path::Path) -> Pty {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("cat \"$1\" | exec \"$0\" --ambiguous-width narrow --state \"$2\"")
        .arg(env!("CARGO_BIN_EXE_gangmu"))
        .arg(file)
        .arg(state)
        .env_remove("GANGMU_STDIN");
    Pty::spawn_command(cmd, 80, 24)
}

#[test]
fn piped_text_opens_in_the_reader_with_keys_from_the_terminal_and_its_place_kept() {
    let law =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/law-pipl-2021.txt");
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.toml");
    let mut pty = piped_reader(&law, &state);
    pty.wait_for("the law", |s| s.contents().contains("个人信息保护法"));
    // `G` comes from the terminal (crossterm reads /dev/tty when stdin is not one).
    pty.send("G");
    pty.wait_for("the end of the law", |s| status_of(s).contains("100%"));
    pty.settle();
    let trimmed = |s: &vt100::Screen| -> Vec<String> {
        s.contents()
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect()
    };
    let bottom = trimmed(pty.parser.screen());
    pty.send("q");
    pty.wait_exit();
    let status = pty.session.get_process().wait().unwrap();
    assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
    assert!(!pty.parser.screen().alternate_screen());
    // The same text piped again (known by its content: it has no path) opens where it was left.
    assert!(saved_position(&state).is_some());
    let mut again = piped_reader(&law, &state);
    again.wait_for("the end again", |s| status_of(s).contains("100%"));
    again.settle();
    assert_eq!(trimmed(again.parser.screen()), bottom);
    again.send("q");
    again.wait_exit();
}

#[test]
fn select_copy_bookmark_then_jump_away_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("clipboard");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "clipboard_command = [\"sh\", \"-c\", \"cat > '{}'\"]\n",
            clip.display()
        ),
    )
    .unwrap();
    let state = dir.path().join("state.toml");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
    cmd.args(["--ambiguous-width", "narrow", "--config"])
        .arg(&config)
        .arg("--state")
        .arg(&state)
        .current_dir(dir.path());
    let mut pty = Pty::spawn_command(cmd, 100, 30);
    pty.wait_for("the first frame", |s| status_of(s).contains('%'));

    // The first run-in point, then its first two sentences.
    pty.send("]]");
    pty.wait_for("the first point", |s| status_of(s).contains("一是"));
    let (at_point, _) = rows_and_status(pty.parser.screen());
    pty.send("v)");
    pty.wait_for("a selection of two sentences", |s| {
        status_of(s).starts_with(" selected ")
    });
    pty.send("y");
    pty.wait_for("the copy", |s| status_of(s).contains("copied"));
    let deadline = Instant::now() + TIMEOUT;
    while !clip.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(30));
    }
    let copied = std::fs::read_to_string(&clip).unwrap();
    let doc = gangmu::doc::parse(gangmu::source::SAMPLE);
    let title = doc.meta.title.clone().unwrap();
    assert!(copied.starts_with("> 一是聚焦"), "{copied}");
    assert!(
        copied.contains(&format!("— 《{title}》，一、2024年工作回顾 › 一是")),
        "{copied}"
    );
    let quote = copied
        .lines()
        .next()
        .unwrap()
        .trim_start_matches("> ")
        .to_string();

    // The same two sentences, bookmarked exactly.
    pty.send("v)m");
    pty.wait_for("the note prompt", |s| status_of(s).starts_with("Note: "));
    pty.send("\r");
    pty.wait_for("the bookmark", |s| status_of(s).contains("bookmarked"));

    // Away to the end and back with ctrl-o: the screen of the point again.
    pty.send("G");
    pty.wait_for("the end", |s| status_of(s).contains("100%"));
    pty.send("\x0f");
    pty.wait_for("back at the point", |s| {
        let (rows, _) = rows_and_status(s);
        // The margin now marks the bookmark; the text is the same.
        rows.iter().map(|r| r.replace('▌', " ")).collect::<Vec<_>>()
            == at_point
                .iter()
                .map(|r| r.replace('▌', " "))
                .collect::<Vec<_>>()
    });
    // The export quotes exactly the selection, under its section path.
    pty.send("x");
    pty.wait_for("the export", |s| {
        status_of(s).contains("exported 1 bookmark")
    });
    pty.send("q");
    pty.wait_exit();
    let saved = std::fs::read_to_string(&state).unwrap();
    assert!(
        saved.contains(&format!("quote = \"{quote}\"")),
        "{quote} in\n{saved}"
    );
    let export = std::fs::read_to_string(dir.path().join(format!("{title}-bookmarks.md"))).unwrap();
    assert!(export.contains(&format!("\n> {quote}\n")), "{export}");
    assert!(export.contains("## 一、2024年工作回顾 › 一是"), "{export}");
}

#[test]
fn without_a_clipboard_command_the_copy_goes_through_the_terminal() {
    let mut pty = Pty::spawn(100, 30);
    pty.wait_for("the first frame", |s| status_of(s).contains('%'));
    pty.send("]]y");
    pty.wait_for("the copy", |s| status_of(s).contains("copied"));
    let raw = String::from_utf8_lossy(&pty.raw).into_owned();
    let start = raw.find("\x1b]52;c;").expect("an OSC 52 sequence");
    let payload = &raw[start + 7..];
    let end = payload.find('\x07').expect("the end of the sequence");
    use base64::Engine as _;
    let text = base64::engine::general_purpose::STANDARD
        .decode(&payload[..end])
        .unwrap();
    let text = String::from_utf8(text).unwrap();
    assert!(text.starts_with("> 一是聚焦"), "{text}");
    pty.send("q");
    pty.wait_exit();
}

/// On a report too large to search within one keystroke's budget, the reader goes on looking
/// after the last key, while no key comes, until the status bar counts every match.
#[test]
fn a_search_too_long_for_one_keystroke_ends_without_a_key() {
    use gangmu::search::{Matcher, SearchOptions, find_all};
    let text = gangmu::synth::large_report(4 << 20);
    let doc = gangmu::doc::parse(&text);
    let options = SearchOptions {
        regex: true,
        ..SearchOptions::default()
    };
    let total = find_all(&doc, &Matcher::new(r"\d{4}年", options).unwrap()).len();
    assert!(total > 100, "{total}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("large.txt");
    std::fs::write(&file, &text).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
    cmd.args(["--ambiguous-width", "narrow"]).arg(&file);
    let mut pty = Pty::spawn_command(cmd, 100, 30);
    pty.wait_for("the first frame", |s| status_of(s).contains('%'));
    // ctrl-r: a regular expression.
    pty.send("/\x12");
    pty.send(r"\d{4}年");
    let whole = format!("/{total}");
    pty.wait_for("every match counted", |s| {
        let status = status_of(s);
        status.contains(&whole) && !status.contains(&format!("{whole}+"))
    });
    // Enter keeps the search; then `q` (after Esc it would read as alt-q).
    pty.send("\r");
    pty.wait_for("the box closed", |s| status_of(s).contains("help"));
    pty.send("q");
    pty.wait_exit();
}

/// The state of process `pid` (`R`, `S`, `Z`, …), or `None` once it is gone.
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// A terminal that goes away (a closed window, a killed tmux) while the reader runs: the
/// reader ends, its reading position saved, rather than spinning on the terminal's end of
/// file. The terminal here is one `script` (util-linux) makes inside the test's pty; killing
/// `script` hangs it up.
#[test]
fn a_reader_whose_terminal_hangs_up_ends_and_saves_its_place() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` (util-linux) to make a terminal that can hang up");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    std::fs::write(&report, gangmu::source::SAMPLE).unwrap();
    let gangmu = env!("CARGO_BIN_EXE_gangmu");
    // The reader leads the terminal's session, as tmux and ssh start it.
    let reader = format!(
        "exec {gangmu} --ambiguous-width narrow --state {} {}",
        dir.path().join("state.toml").display(),
        report.display()
    );
    let mut cmd = Command::new("script");
    cmd.args(["-q", "-e", "-c", &reader, "/dev/null"]);
    let mut pty = Pty::spawn_command(cmd, 100, 30);
    pty.wait_for("the first frame", |s| status_of(s).contains('%'));
    // Keys first (the terminal library's reading of them is what would spin), and a place
    // to save: three sections on.
    pty.send("]]]");
    pty.settle();
    let script = pty.session.get_process().pid().as_raw();
    let children = std::fs::read_to_string(format!("/proc/{script}/task/{script}/children"))
        .unwrap_or_default();
    let reader_pid: u32 = children
        .split_whitespace()
        .next()
        .and_then(|pid| pid.parse().ok())
        .expect("the reader runs under script");
    pty.session
        .get_process_mut()
        .kill(expectrl::process::unix::Signal::SIGKILL)
        .unwrap();
    let start = Instant::now();
    while process_state(reader_pid).is_some_and(|state| state != 'Z') {
        if start.elapsed() > Duration::from_secs(10) {
            let state = process_state(reader_pid);
            // Leave no reader spinning behind a failed test.
            let _ = Command::new("kill")
                .args(["-9", &reader_pid.to_string()])
                .status();
            panic!("the reader still runs, {state:?}, after its terminal hung up");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // Ended by the event loop, not by the watchdog: the place is saved.
    let state = std::fs::read_to_string(dir.path().join("state.toml")).unwrap_or_default();
    assert!(state.contains("position = ["), "no place saved: {state:?}");
}
