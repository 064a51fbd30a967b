use super::*;

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
