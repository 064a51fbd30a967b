use super::*;
use std::time::{Duration, Instant};

fn doc_of(blocks: &[&str]) -> Document {
    Document::from_paragraphs(blocks)
}

fn temp_state() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    (dir, path)
}

fn add(
    store: &mut StateStore,
    doc: &Document,
    path: &str,
    block: usize,
    from: usize,
    to: usize,
) -> String {
    let bm = StateStore::new_bookmark(
        doc,
        Some(path),
        Position::new(block, from),
        Position::new(block, to),
        Some("备注".into()),
    )
    .unwrap();
    store.add_bookmark(bm)
}

#[test]
fn a_missing_file_is_an_empty_state_and_is_not_created_by_reading() {
    let (_dir, path) = temp_state();
    let store = StateStore::open(&path).unwrap();
    assert!(store.bookmarks().is_empty());
    assert!(!path.exists());
}

#[test]
fn bookmarks_positions_and_history_round_trip() {
    let (_dir, path) = temp_state();
    let doc = doc_of(&["标题", "政治协商是重要职能。"]);
    let mut store = StateStore::open(&path).unwrap();
    let id = add(&mut store, &doc, "/r.txt", 1, 0, 4);
    store.set_position(&doc, Some("/r.txt"), Position::new(1, 2));
    store.push_search_history("协商");
    store.save().unwrap();

    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# gangmu state"), "{text}");
    assert!(text.contains("version = 1"), "{text}");
    assert!(text.contains("start = [1, 0]"), "{text}");
    assert!(text.contains("position = [1, 2]"), "{text}");
    assert!(text.contains("search_history = [\"协商\"]"), "{text}");

    let again = StateStore::open(&path).unwrap();
    let bm = again.state().bookmark(&id).unwrap();
    assert_eq!(bm.quote, "政治协商");
    assert_eq!(bm.after, "是重要职能。");
    assert_eq!(bm.note.as_deref(), Some("备注"));
    assert_eq!(bm.id.len(), 8);
    assert!(
        time::OffsetDateTime::parse(&bm.created, &time::format_description::well_known::Rfc3339)
            .is_ok()
    );
    assert_eq!(
        again.reading_position(&doc, None),
        Some(Position::new(1, 2))
    );
    assert_eq!(again.search_history(), ["协商"]);
}

#[test]
fn search_history_keeps_the_last_hundred_distinct_entries() {
    let mut state = State::default();
    for i in 0..150 {
        state.push_search_history(&format!("p{i}"));
    }
    state.push_search_history("p60");
    assert_eq!(state.search_history.len(), SEARCH_HISTORY_LIMIT);
    assert_eq!(
        state.search_history.first().map(String::as_str),
        Some("p50")
    );
    assert_eq!(state.search_history.last().map(String::as_str), Some("p60"));
    assert_eq!(
        state.search_history.iter().filter(|p| *p == "p60").count(),
        1
    );
}

#[test]
fn unknown_keys_survive_a_save() {
    let (_dir, path) = temp_state();
    fs::write(
        &path,
        r#"version = 1
theme = "dark"
opened_at = 2025-01-11T10:00:00+08:00

[documents.abc]
path = "/r.txt"
position = { block = 3, offset = 1 }
zoom = 2

[[bookmarks]]
id = "0badcafe"
document = "abc"
path = "/r.txt"
start = [3, 0]
end = [3, 2]
quote = "协商"
created = "2025-01-11T10:00:00+08:00"
color = "red"

[future]
nested = { a = 1 }
"#,
    )
    .unwrap();
    let mut store = StateStore::open(&path).unwrap();
    assert_eq!(
        store.doc_state("abc").unwrap().position,
        Some(Position::new(3, 1))
    );
    store.push_search_history("x");
    store.save().unwrap();
    let table: toml::Table = toml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(table["theme"].as_str(), Some("dark"));
    assert!(table["opened_at"].is_datetime());
    assert_eq!(table["future"]["nested"]["a"].as_integer(), Some(1));
    assert_eq!(table["documents"]["abc"]["zoom"].as_integer(), Some(2));
    assert_eq!(table["bookmarks"][0]["color"].as_str(), Some("red"));
}

#[test]
fn a_corrupt_file_is_reported_with_its_line_and_never_written() {
    let (_dir, path) = temp_state();
    let corrupt = "version = 1\nsearch_history = [\"a\"]\n[[bookmarks]\nid = 1\n";
    fs::write(&path, corrupt).unwrap();
    let err = StateStore::open(&path).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StateError::Parse { line: 3, .. }), "{msg}");
    assert!(
        msg.contains(&path.display().to_string()) && msg.contains("line 3"),
        "{msg}"
    );
    assert!(!msg.contains('\n'), "{msg}");

    // a store opened before the file was corrupted refuses to save over it
    fs::write(&path, "version = 1\n").unwrap();
    let mut store = StateStore::open(&path).unwrap();
    fs::write(&path, corrupt).unwrap();
    store.push_search_history("x");
    assert!(matches!(store.save(), Err(StateError::Parse { .. })));
    assert_eq!(fs::read_to_string(&path).unwrap(), corrupt);
}

#[test]
fn a_wrong_type_is_reported_at_its_line() {
    let (_dir, path) = temp_state();
    fs::write(&path, "version = 1\n\n[documents.abc]\npath = 5\n").unwrap();
    let err = StateStore::open(&path).unwrap_err();
    assert!(matches!(err, StateError::Parse { line: 4, .. }), "{err}");
}

#[test]
fn a_file_from_a_newer_version_is_read_but_not_written() {
    let (_dir, path) = temp_state();
    let future = "version = 2\nsearch_history = [\"a\"]\n";
    fs::write(&path, future).unwrap();
    let mut store = StateStore::open(&path).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.search_history(), ["a"]);
    store.push_search_history("b");
    assert!(matches!(
        store.save(),
        Err(StateError::TooNew { found: 2, .. })
    ));
    assert_eq!(fs::read_to_string(&path).unwrap(), future);

    // a newer schema this version cannot even read is reported as newer, not as corrupt
    fs::write(&path, "version = 3\nsearch_history = 7\n").unwrap();
    assert!(matches!(
        StateStore::open(&path),
        Err(StateError::TooNew { found: 3, .. })
    ));
}

#[test]
fn two_stores_saving_the_same_file_keep_both_changes() {
    let (_dir, path) = temp_state();
    let doc = doc_of(&["政治协商是重要职能。民主监督。"]);
    let mut first = StateStore::open(&path).unwrap();
    let mut second = StateStore::open(&path).unwrap();
    let a = add(&mut first, &doc, "/r.txt", 0, 0, 4);
    let b = add(&mut second, &doc, "/r.txt", 0, 10, 14);
    first.push_search_history("一");
    second.push_search_history("二");
    first.save().unwrap();
    second.save().unwrap();
    let merged = StateStore::open(&path).unwrap();
    assert!(merged.state().bookmark(&a).is_some());
    assert!(merged.state().bookmark(&b).is_some());
    assert_eq!(merged.search_history(), ["一", "二"]);

    // a removal in one and a note change in the other both apply
    let mut first = StateStore::open(&path).unwrap();
    let mut second = StateStore::open(&path).unwrap();
    assert!(first.remove_bookmark(&a));
    assert!(second.update_note(&b, Some("新备注".into())));
    second.save().unwrap();
    first.save().unwrap();
    let merged = StateStore::open(&path).unwrap();
    assert!(merged.state().bookmark(&a).is_none());
    assert_eq!(
        merged.state().bookmark(&b).unwrap().note.as_deref(),
        Some("新备注")
    );
    assert!(!first.remove_bookmark("ffffffff"));
}

#[test]
fn re_anchoring_follows_edits_and_keeps_orphans() {
    let (_dir, path) = temp_state();
    let old = doc_of(&["第一段。", "政治协商是重要职能。", "民主监督。"]);
    let mut store = StateStore::open(&path).unwrap();
    let kept = add(&mut store, &old, "/r.txt", 1, 0, 4);
    let lost = add(&mut store, &old, "/r.txt", 2, 0, 4);
    store.save().unwrap();

    // the file at the same path was edited: a paragraph added above, one removed
    let new = doc_of(&["新增一段。", "第一段。", "政治协商是重要职能。"]);
    let mut store = StateStore::open(&path).unwrap();
    let anchored = store.anchor_bookmarks(&new, Some("/r.txt"));
    assert_eq!(anchored.len(), 2);
    assert_eq!(anchored[0].bookmark.id, kept);
    assert_eq!(anchored[0].status, AnchorStatus::Moved);
    assert_eq!(anchored[0].bookmark.start, Position::new(2, 0));
    assert_eq!(anchored[1].bookmark.id, lost);
    assert_eq!(anchored[1].status, AnchorStatus::Orphaned);
    assert_eq!(anchored[1].bookmark.quote, "民主监督");
    store.save().unwrap();

    let saved = StateStore::open(&path).unwrap();
    let moved = saved.state().bookmark(&kept).unwrap();
    assert_eq!(
        (moved.start, moved.document.as_str()),
        (Position::new(2, 0), new.fingerprint.as_str())
    );
    let orphan = saved.state().bookmark(&lost).unwrap();
    assert!(orphan.orphaned);

    // another document does not see them
    let mut store = StateStore::open(&path).unwrap();
    assert!(
        store
            .anchor_bookmarks(&doc_of(&["无关。"]), Some("/other.txt"))
            .is_empty()
    );
    assert!(!store.has_changes());
}

#[test]
fn reading_position_falls_back_to_the_path_and_is_clamped() {
    let (_dir, path) = temp_state();
    let old = doc_of(&["一", "二", "三三三"]);
    let mut store = StateStore::open(&path).unwrap();
    store.set_position(&old, Some("/r.txt"), Position::new(2, 2));
    let shorter = doc_of(&["一", "二"]);
    assert_eq!(
        store.reading_position(&shorter, Some("/r.txt")),
        Some(Position::new(1, 0))
    );
    assert_eq!(store.reading_position(&shorter, Some("/x.txt")), None);
}

#[test]
fn the_lock_file_sits_beside_the_state_file() {
    assert_eq!(
        lock_path(Path::new("/a/state.toml")),
        Path::new("/a/state.toml.lock")
    );
}

/// A store with one change to save.
fn store_with_a_change(path: &Path) -> StateStore {
    let mut store = StateStore::open(path).unwrap();
    store.push_search_history("协商");
    store
}

/// Makes a special file with the system's `mknod`/`mkfifo` (no unsafe code, no libc); false
/// when that is not possible here (not root, no such tool).
#[cfg(unix)]
fn make_node(path: &Path, args: &[&str]) -> bool {
    let (tool, rest) = args.split_first().unwrap();
    std::process::Command::new(tool)
        .arg(path)
        .args(rest)
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(unix)]
fn is_char_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_char_device())
}

#[cfg(unix)]
#[test]
fn a_device_node_as_the_state_file_is_never_replaced_nor_read() {
    let (dir, _) = temp_state();
    let node = dir.path().join("null");
    if !make_node(&node, &["mknod", "c", "1", "3"]) {
        eprintln!("skipped: cannot make a device node here (not root?)");
        return;
    }
    // Reading refuses it (a device is not a state file, `/dev/zero` would never end)...
    let err = StateStore::open(&node).unwrap_err();
    assert!(
        matches!(
            err,
            StateError::NotRegular {
                kind: "a character device",
                ..
            }
        ),
        "{err}"
    );
    // ...and so does saving, even for a store that was opened when the path was a file.
    let real = dir.path().join("state.toml");
    let mut store = store_with_a_change(&real);
    fs::remove_file(&real).ok();
    fs::rename(&node, &real).unwrap();
    let err = store.save().unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StateError::NotRegular { .. }), "{msg}");
    assert!(
        msg.contains("character device") && msg.contains("state.toml"),
        "{msg}"
    );
    assert!(is_char_device(&real), "the node was replaced");
    assert!(!lock_path(&real).exists(), "a lock file was left beside it");
    assert!(store.has_changes(), "the change is kept for a later save");
}

#[cfg(unix)]
#[test]
fn a_fifo_a_socket_or_a_directory_as_the_state_file_is_refused_at_once() {
    use std::os::unix::fs::FileTypeExt;
    let (dir, _) = temp_state();
    let fifo = dir.path().join("fifo.toml");
    assert!(make_node(&fifo, &["mkfifo"]), "mkfifo");
    let socket = dir.path().join("socket.toml");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let directory = dir.path().join("dir.toml");
    fs::create_dir(&directory).unwrap();
    for (path, kind) in [
        (&fifo, "a FIFO"),
        (&socket, "a socket"),
        (&directory, "a directory"),
    ] {
        // (opening the FIFO would block this test forever if it were tried)
        let err = StateStore::open(path).unwrap_err();
        assert!(
            matches!(&err, StateError::NotRegular { kind: k, .. } if *k == kind),
            "{err}"
        );
        let mut store = StateStore {
            path: path.clone(),
            state: State::default(),
            pending: Vec::new(),
            lock_timeout: LOCK_TIMEOUT,
        };
        store.push_search_history("x");
        assert!(
            matches!(store.save(), Err(StateError::NotRegular { .. })),
            "{}",
            path.display()
        );
        assert!(!lock_path(path).exists());
    }
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(
        fs::symlink_metadata(&socket)
            .unwrap()
            .file_type()
            .is_socket()
    );
    assert!(directory.is_dir());
}

#[cfg(unix)]
#[test]
fn a_symlinked_state_file_writes_its_target_and_stays_a_link() {
    let (dir, _) = temp_state();
    let real_dir = dir.path().join("dotfiles");
    fs::create_dir(&real_dir).unwrap();
    let target = real_dir.join("gangmu.toml");
    fs::write(&target, "version = 1\n").unwrap();
    let link = dir.path().join("state.toml");
    // relative, as dotfile managers make them
    std::os::unix::fs::symlink("dotfiles/gangmu.toml", &link).unwrap();
    let mut store = store_with_a_change(&link);
    store.save().unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::read_to_string(&target).unwrap().contains("协商"));
    assert!(lock_path(&target).exists() && !lock_path(&link).exists());
    // a link to a file that does not exist yet creates the file
    let dangling = dir.path().join("new.toml");
    std::os::unix::fs::symlink("dotfiles/new.toml", &dangling).unwrap();
    store_with_a_change(&dangling).save().unwrap();
    assert!(
        fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(real_dir.join("new.toml").is_file());
    // a link to a directory is refused like the directory
    let to_dir = dir.path().join("to-dir.toml");
    std::os::unix::fs::symlink(&real_dir, &to_dir).unwrap();
    assert!(matches!(
        StateStore::open(&to_dir),
        Err(StateError::NotRegular {
            kind: "a directory",
            ..
        })
    ));
    let mut store = store_with_a_change(&link);
    store.path.clone_from(&to_dir);
    assert!(matches!(
        store.save(),
        Err(StateError::NotRegular {
            kind: "a directory",
            ..
        })
    ));
}

#[cfg(unix)]
#[test]
fn endless_devices_are_not_read() {
    for device in ["/dev/zero", "/dev/full", "/dev/urandom"] {
        if Path::new(device).exists() {
            let err = StateStore::open(device).unwrap_err();
            assert!(matches!(err, StateError::NotRegular { .. }), "{err}");
        }
    }
}

#[test]
fn a_state_file_past_the_limit_is_refused() {
    let (_dir, path) = temp_state();
    let file = File::create(&path).unwrap();
    // sparse: no disk space used
    file.set_len(MAX_STATE_BYTES + 1).unwrap();
    let err = StateStore::open(&path).unwrap_err();
    assert!(
        matches!(err, StateError::TooLarge { .. }) && err.to_string().contains("16 MiB"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn the_lock_file_is_private_and_never_waited_on_for_ever() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_state();
    store_with_a_change(&path).save().unwrap();
    let lock = lock_path(&path);
    assert_eq!(
        fs::metadata(&lock).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // one that an older gangmu made world-writable is narrowed
    fs::set_permissions(&lock, fs::Permissions::from_mode(0o666)).unwrap();
    store_with_a_change(&path).save().unwrap();
    assert_eq!(
        fs::metadata(&lock).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // someone else holds it: the save gives up after the timeout, with a clear error
    let holder = File::options().write(true).open(&lock).unwrap();
    holder.lock().unwrap();
    let mut store = store_with_a_change(&path);
    store.set_lock_timeout(Duration::from_millis(200));
    let start = Instant::now();
    let err = store.save().unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(5));
    let msg = err.to_string();
    assert!(
        matches!(err, StateError::Locked { .. }) && msg.contains("locked by another gangmu"),
        "{msg}"
    );
    drop(holder);
    store.save().unwrap();
    assert!(fs::read_to_string(&path).unwrap().contains("协商"));
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_lock_file_is_refused_rather_than_waited_on() {
    let (_dir, path) = temp_state();
    assert!(make_node(&lock_path(&path), &["mkfifo"]), "mkfifo");
    let err = store_with_a_change(&path).save().unwrap_err();
    assert!(
        matches!(err, StateError::NotRegular { kind: "a FIFO", .. }),
        "{err}"
    );
}

#[test]
fn stale_temporary_files_are_removed_by_the_next_save() {
    let (dir, path) = temp_state();
    // A child that has exited: its id names no running process.
    let dead = std::process::Command::new("true")
        .spawn()
        .and_then(|mut c| c.wait().map(|_| c.id()))
        .unwrap();
    let orphan = dir.path().join(format!(".state.toml.{dead}.Ab12Cd.tmp"));
    fs::write(&orphan, "half a state file").unwrap();
    // one of this process, recent: a save of ours could be writing it
    let mine = dir
        .path()
        .join(format!(".state.toml.{}.Xy34Zw.tmp", std::process::id()));
    fs::write(&mine, "x").unwrap();
    // an old one, named as gangmu named them before
    let legacy = dir.path().join(".gangmu-Q1w2E3.tmp");
    let legacy_file = File::create(&legacy).unwrap();
    legacy_file
        .set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    drop(legacy_file);
    // someone else's file that looks alike is not ours to remove
    let other = dir.path().join(".notes.txt.1.abcdef.tmp");
    fs::write(&other, "x").unwrap();

    store_with_a_change(&path).save().unwrap();
    assert!(!orphan.exists(), "the dead process's temporary file stays");
    assert!(!legacy.exists(), "the old temporary file stays");
    assert!(mine.exists() && other.exists());
}

#[test]
fn comments_written_by_hand_survive_a_save() {
    let (_dir, path) = temp_state();
    let doc = doc_of(&["标题", "政治协商是重要职能。"]);
    let mut store = StateStore::open(&path).unwrap();
    let id = add(&mut store, &doc, "/r.txt", 1, 0, 4);
    store.save().unwrap();
    // a person annotates the file
    let text = fs::read_to_string(&path).unwrap();
    let text = text.replacen("[[bookmarks]]", "# 写报告时要引用\n[[bookmarks]]", 1);
    let text = text.replacen("note = \"备注\"", "note = \"备注\" # 改过", 1);
    let text = format!("{text}\n# 文件末尾的说明\n");
    fs::write(&path, &text).unwrap();

    let mut store = StateStore::open(&path).unwrap();
    add(&mut store, &doc, "/r.txt", 1, 5, 9);
    store.push_search_history("民主");
    assert!(store.update_note(&id, Some("新备注".into())));
    store.save().unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    for kept in [
        "# gangmu state",
        "# 写报告时要引用\n[[bookmarks]]",
        "note = \"新备注\" # 改过",
        "# 文件末尾的说明",
    ] {
        assert!(saved.contains(kept), "{kept:?} lost:\n{saved}");
    }
    let again = StateStore::open(&path).unwrap();
    assert_eq!(again.bookmarks().len(), 2);
    assert_eq!(again.search_history(), ["民主"]);
}

#[test]
fn invalid_utf8_is_reported_with_its_line() {
    let (_dir, path) = temp_state();
    fs::write(&path, b"version = 1\n\nsearch_history = [\"\xff\"]\n").unwrap();
    let err = StateStore::open(&path).unwrap_err();
    let msg = err.to_string();
    assert!(
        matches!(
            err,
            StateError::Parse {
                line: 3,
                column: 20,
                ..
            }
        ),
        "{msg}"
    );
    assert!(msg.contains("UTF-8") && !msg.contains('\n'), "{msg}");
}

#[test]
fn messages_are_one_line_without_serde_internals_or_a_repeated_cause() {
    let (dir, path) = temp_state();
    fs::write(
        &path,
        "version = 1\n[[bookmarks]]\nid = \"1\"\ndocument = \"d\"\npath = \"/r\"\nstart = \
         \"x\"\nend = [1, 2]\nquote = \"q\"\ncreated = \"c\"\n",
    )
    .unwrap();
    let msg = StateStore::open(&path).unwrap_err().to_string();
    assert!(
        msg.contains("line 6") && msg.contains("expected a position") && !msg.contains("untagged"),
        "{msg}"
    );
    fs::write(
        &path,
        "version = 1\n[documents.a]\npath = \"/r\"\nposition = [1, -2]\n",
    )
    .unwrap();
    let msg = StateStore::open(&path).unwrap_err().to_string();
    assert!(msg.contains("a whole number, 0 or more"), "{msg}");

    // a quoted value is shown with its controls as pictures and cut short
    fs::write(
        &path,
        format!("version = \"\u{1b}]52;{}\"\n", "A".repeat(30_000)),
    )
    .unwrap();
    let msg = StateStore::open(&path).unwrap_err().to_string();
    assert!(
        !msg.contains('\u{1b}') && msg.chars().count() < 400,
        "{msg}"
    );

    // an I/O error is said once: `{:#}` (as main prints it) does not repeat it
    let unreadable = dir.path().join("sub");
    fs::create_dir(&unreadable).unwrap();
    let file = unreadable.join("state.toml");
    fs::write(&file, "x").unwrap();
    let err = StateError::Read {
        path: file,
        error: io::Error::from(io::ErrorKind::PermissionDenied),
    };
    let shown = format!("{:#}", anyhow::Error::from(err));
    assert_eq!(shown.matches("permission denied").count(), 1, "{shown}");
}
