//! `gangmu bookmarks` and `gangmu export` end to end, always with `--state` in a temporary
//! directory: round trip through the state file, re-anchoring after edits and moves, orphans,
//! a corrupt or newer state file, concurrent processes, and every export format.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const SAMPLE: &str = include_str!("../assets/sample.txt");

struct Env {
    dir: tempfile::TempDir,
    state: PathBuf,
}

impl Env {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("data").join("state.toml");
        Self { dir, state }
    }

    /// `gangmu ARGS… --state STATE` (the option goes after the subcommand's arguments).
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gangmu"));
        // Without a PATH the sample, though standard input is a pipe.
        cmd.env_remove("GANGMU_STATE")
            .env("GANGMU_STDIN", "never")
            .args(args)
            .arg("--state")
            .arg(&self.state);
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self
            .cmd(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    }

    fn state_text(&self) -> String {
        std::fs::read_to_string(&self.state).unwrap()
    }

    /// The JSON export's passages.
    fn passages(&self, path: Option<&str>) -> Vec<Value> {
        let mut args = vec!["export", "--format", "json"];
        args.extend(path);
        let json: Value = serde_json::from_str(&self.ok(&args)).unwrap();
        json["passages"].as_array().unwrap().clone()
    }
}

fn add(env: &Env, path: Option<&str>, quote: &str) -> String {
    let mut args = vec!["bookmarks", "add", "--quote", quote];
    args.extend(path);
    let id = env.ok(&args).trim().to_string();
    assert!(
        id.len() == 8 && id.chars().all(|c| c.is_ascii_hexdigit()),
        "{id:?}"
    );
    id
}

#[test]
fn bookmarks_round_trip_through_the_state_file() {
    let env = Env::new();
    let id = env.ok(&[
        "bookmarks",
        "add",
        "--quote",
        "坚持团结和民主两大主题",
        "--note",
        "两大主题",
    ]);
    let id = id.trim();
    let state = env.state_text();
    assert!(state.contains("version = 1"), "{state}");
    assert!(state.contains(&format!("id = \"{id}\"")), "{state}");
    assert!(
        state.contains("quote = \"坚持团结和民主两大主题\""),
        "{state}"
    );
    assert!(state.contains("note = \"两大主题\""), "{state}");
    assert!(
        state.contains("section = [\"一、2024年工作回顾\"]"),
        "{state}"
    );

    let list = env.ok(&["bookmarks", "list"]);
    assert!(list.starts_with(id), "{list}");
    assert!(
        list.contains("一、2024年工作回顾") && list.contains("Note: 两大主题"),
        "{list}"
    );

    let passages = env.passages(None);
    assert_eq!(passages.len(), 1);
    assert_eq!(passages[0]["id"], id);
    assert_eq!(passages[0]["quote"], "坚持团结和民主两大主题");
    assert_eq!(passages[0]["status"], "exact");
    let before = passages[0]["before"].as_str().unwrap();
    assert_eq!(before.chars().count(), 20, "{before}");

    env.cmd(&["bookmarks", "remove", id])
        .assert()
        .success()
        .stderr(predicate::str::contains(id));
    assert_eq!(env.ok(&["bookmarks", "list"]), "");
    env.cmd(&["bookmarks", "remove", id])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no bookmark with id"));
}

#[test]
fn adding_the_same_passage_twice_keeps_one_bookmark() {
    let env = Env::new();
    let first = add(&env, None, "深学笃用");
    let again = env.ok(&[
        "bookmarks",
        "add",
        "--quote",
        "深学笃用",
        "--note",
        "改备注",
    ]);
    assert_eq!(again.trim(), first);
    let passages = env.passages(None);
    assert_eq!(passages.len(), 1);
    assert_eq!(passages[0]["note"], "改备注");
}

#[test]
fn add_takes_the_first_of_several_matches_and_fails_without_one() {
    let env = Env::new();
    let output = env
        .cmd(&["bookmarks", "add", "--quote", "协商"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "the first of 50 matching passages",
        ))
        .get_output()
        .clone();
    assert_eq!(String::from_utf8(output.stdout).unwrap().trim().len(), 8);
    let first_hit: Value =
        serde_json::from_str(&env.ok(&["search", "协商", "--format", "json"])).unwrap();
    let passages = env.passages(None);
    assert_eq!(passages[0]["start"]["block"], first_hit[0]["block"]);
    assert_eq!(passages[0]["start"]["offset"], first_hit[0]["offset"]);

    let before = env.state_text();
    env.cmd(&["bookmarks", "add", "--quote", "没有这句话"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("没有这句话")
                .and(predicate::function(|s: &str| s.lines().count() == 1)),
        );
    assert_eq!(env.state_text(), before);
}

#[test]
fn the_quote_is_matched_folded_and_across_line_breaks() {
    let env = Env::new();
    // the sample breaks "新担当" over two lines ... and the query uses full-width letters
    let file = env.file("r.txt", "推进ＧＤＰ增长。\n");
    add(&env, Some(&file), "gdp增长");
    assert_eq!(env.passages(Some(&file))[0]["quote"], "ＧＤＰ增长");
    // "会常务委员会" is split over two source lines in the sample
    assert!(!SAMPLE.contains("政协第十三届贵阳市委员会常务委员会向大会"));
    add(&env, None, "政协第十三届贵阳市委员会常务委员会向大会");
}

#[test]
fn bookmarks_follow_the_text_when_a_paragraph_is_inserted_above() {
    let env = Env::new();
    let file = env.file("report.txt", SAMPLE);
    let id = add(&env, Some(&file), "深学笃用");
    let old = env.passages(Some(&file))[0].clone();
    assert_eq!(old["status"], "exact");

    // a paragraph inserted at the top
    env.file("report.txt", &format!("编者按：本文有删节。\n\n{SAMPLE}"));
    let new = env.passages(Some(&file));
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["id"], id.as_str());
    assert_eq!(new[0]["status"], "moved");
    assert_eq!(new[0]["quote"], "深学笃用");
    assert_eq!(
        new[0]["start"]["block"].as_u64().unwrap(),
        old["start"]["block"].as_u64().unwrap() + 1
    );
    // list and export only read; the next change saves the new anchor
    assert!(
        env.state_text()
            .contains(&format!("start = [{}, ", old["start"]["block"]))
    );
    add(&env, Some(&file), "民主监督");
    assert!(
        env.state_text()
            .contains(&format!("start = [{}, ", new[0]["start"]["block"]))
    );
}

#[test]
fn bookmarks_follow_a_moved_file_even_when_it_was_also_edited() {
    let env = Env::new();
    let file = env.file("report.txt", SAMPLE);
    let id = add(&env, Some(&file), "坚持团结和民主两大主题");

    // moved, unchanged: the same text (fingerprint)
    let moved = env.dir.path().join("moved.txt");
    std::fs::rename(&file, &moved).unwrap();
    let moved = moved.to_str().unwrap();
    let list = env.ok(&["bookmarks", "list", moved]);
    assert!(list.starts_with(&id), "{list}");

    // moved again and edited: found by its quote and context
    let edited = env.dir.path().join("edited.txt");
    std::fs::rename(moved, &edited).unwrap();
    std::fs::write(&edited, format!("编者按：本文有删节。\n\n{SAMPLE}")).unwrap();
    let passages = env.passages(Some(edited.to_str().unwrap()));
    assert_eq!(passages.len(), 1, "{passages:?}");
    assert_eq!(passages[0]["id"], id.as_str());
    assert_eq!(passages[0]["status"], "moved");

    // another document that happens to be at hand does not take it
    let other = env.file("other.txt", "一份无关的文件。\n");
    assert_eq!(env.ok(&["bookmarks", "list", &other]), "");
}

#[test]
fn a_bookmark_whose_passage_is_gone_is_kept_as_orphaned() {
    let env = Env::new();
    let file = env.file(
        "notes.txt",
        "第一段文字。\n第二段讲政治协商的重要意义。\n第三段文字。\n",
    );
    let gone = add(&env, Some(&file), "政治协商的重要意义");
    env.file("notes.txt", "第一段文字。\n第三段文字。\n");
    let list = env.ok(&["bookmarks", "list", &file]);
    assert!(list.contains(&format!("{gone}  (not found)")), "{list}");

    // another change saves the orphan flag; the orphan is never dropped
    let kept = add(&env, Some(&file), "第三段");
    let state = env.state_text();
    assert!(
        state.contains("orphaned = true") && state.contains("政治协商的重要意义"),
        "{state}"
    );
    let passages = env.passages(Some(&file));
    let ids: Vec<&str> = passages.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [kept.as_str(), gone.as_str()], "orphans come last");
    assert_eq!(passages[1]["status"], "orphaned");
}

#[test]
fn a_corrupt_state_file_is_left_untouched_and_exit_1_names_file_and_line() {
    let env = Env::new();
    std::fs::create_dir_all(env.state.parent().unwrap()).unwrap();
    let corrupt = b"version = 1\nsearch_history = [\"a\"]\n[[bookmarks]\nid = \"x\"\n";
    std::fs::write(&env.state, corrupt).unwrap();
    let shown = env.state.display().to_string();
    for args in [
        &["bookmarks", "list"][..],
        &["bookmarks", "add", "--quote", "协商"],
        &["bookmarks", "remove", "deadbeef"],
        &["export"],
    ] {
        env.cmd(args).assert().code(1).stdout("").stderr(
            predicate::str::contains(shown.as_str())
                .and(predicate::str::contains("line 3"))
                .and(predicate::function(|s: &str| s.lines().count() == 1)),
        );
        assert_eq!(std::fs::read(&env.state).unwrap(), corrupt, "{args:?}");
    }
}

#[test]
fn a_state_file_from_a_newer_gangmu_is_read_but_never_written() {
    let env = Env::new();
    std::fs::create_dir_all(env.state.parent().unwrap()).unwrap();
    let future = "version = 2\n\n[[bookmarks]]\nid = \"0badcafe\"\ndocument = \"x\"\n\
                  path = \"sample: cppcc-guiyang-2025.txt\"\nstart = [0, 0]\nend = [0, 2]\n\
                  quote = \"深学笃用\"\ncreated = \"2025-01-12T09:30:00+08:00\"\nhue = 3\n";
    std::fs::write(&env.state, future).unwrap();
    assert!(env.ok(&["bookmarks", "list"]).starts_with("0badcafe"));
    env.cmd(&["bookmarks", "add", "--quote", "协商"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("newer gangmu"));
    assert_eq!(std::fs::read_to_string(&env.state).unwrap(), future);
}

#[test]
fn concurrent_processes_keep_every_bookmark() {
    let env = Env::new();
    let quotes = [
        "协商议政",
        "民主监督",
        "参政议政",
        "凝聚共识",
        "强省会",
        "调研视察",
        "提案",
        "深学笃用",
    ];
    let children: Vec<_> = quotes
        .iter()
        .map(|q| {
            std::process::Command::new(env!("CARGO_BIN_EXE_gangmu"))
                .env_remove("GANGMU_STATE")
                .env("GANGMU_STDIN", "never")
                .args(["bookmarks", "add", "--quote", q, "--state"])
                .arg(&env.state)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut ids = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        ids.push(String::from_utf8(out.stdout).unwrap().trim().to_string());
    }
    let passages = env.passages(None);
    assert_eq!(passages.len(), quotes.len());
    for id in &ids {
        assert!(passages.iter().any(|p| p["id"] == id.as_str()), "{id} lost");
    }
    // no temporary file is left behind; the lock file stays
    let mut names: Vec<String> = std::fs::read_dir(env.state.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["state.toml", "state.toml.lock"]);
}

/// A hand-written state file for the sample: fixed ids and times, positions left stale on
/// purpose (re-anchoring finds the quotes), and one passage that is not in the text.
fn handwritten_state(env: &Env) {
    std::fs::create_dir_all(env.state.parent().unwrap()).unwrap();
    std::fs::write(
        &env.state,
        r#"version = 1

[[bookmarks]]
id = "2b2b2b2b"
document = "0"
path = "sample: cppcc-guiyang-2025.txt"
start = [0, 0]
end = [0, 0]
quote = "深学笃用习近平总书记关于加强和改进人民政协工作的重要思想"
note = "理论武装"
created = "2025-01-12T09:31:00+08:00"

[[bookmarks]]
id = "1a1a1a1a"
document = "0"
path = "sample: cppcc-guiyang-2025.txt"
start = [0, 0]
end = [0, 0]
quote = "坚持团结和民主两大主题"
note = "两大主题：团结、民主"
created = "2025-01-12T09:30:00+08:00"

[[bookmarks]]
id = "3c3c3c3c"
document = "0"
path = "sample: cppcc-guiyang-2025.txt"
section = ["三、已删除的一节"]
start = [90, 0]
end = [90, 6]
quote = "这段话已不在文中"
created = "2025-01-12T09:32:00+08:00"
"#,
    )
    .unwrap();
}

#[test]
fn export_markdown() {
    let env = Env::new();
    handwritten_state(&env);
    insta::assert_snapshot!(env.ok(&["export", "--format", "md"]));
}

#[test]
fn export_text() {
    let env = Env::new();
    handwritten_state(&env);
    insta::assert_snapshot!(env.ok(&["export", "--format", "txt"]));
}

#[test]
fn export_json() {
    let env = Env::new();
    handwritten_state(&env);
    insta::assert_snapshot!(env.ok(&["export", "--format", "json"]));
}

#[test]
fn export_to_a_file_writes_it_and_says_where() {
    let env = Env::new();
    handwritten_state(&env);
    let out = env.dir.path().join("passages.md");
    let out_str = out.to_str().unwrap();
    env.cmd(&["export", "--output", out_str])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "wrote 3 passages to {out_str}"
        )));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), env.ok(&["export"]));
    // the export does not change the state file
    assert!(!env.state_text().contains("section = [\"一、"));
}

#[test]
fn the_state_option_chooses_the_file() {
    let env = Env::new();
    add(&env, None, "深学笃用");
    assert!(env.state.exists());
    assert!(
        Path::new(&env.state)
            .with_file_name("state.toml.lock")
            .exists()
    );
}
