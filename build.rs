//! Puts the commit into `gangmu --version`: `GANGMU_VERSION` is `0.1.0 (cc36d4e)`, with
//! `-dirty` when tracked files differ from it, or just `0.1.0` when there is no git or this is
//! not a checkout of gangmu (a tarball, or a tarball unpacked inside another repository).
//! Nothing here can fail the build.
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // What the dirty flag depends on besides git's own files (a change to the tests does not
    // change the binary).
    for path in ["build.rs", "Cargo.toml", "Cargo.lock", "src", "assets"] {
        println!("cargo:rerun-if-changed={path}");
    }
    let described = commit(&manifest_dir).map_or_else(
        || version.clone(),
        |(hash, dirty)| format!("{version} ({hash}{})", if dirty { "-dirty" } else { "" }),
    );
    println!("cargo:rustc-env=GANGMU_VERSION={described}");
}

/// The short commit hash and whether tracked files differ from it, if `dir` is the top of a
/// git checkout and git runs.
fn commit(dir: &Path) -> Option<(String, bool)> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    // Another repository around an unpacked tarball is not ours.
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same(Path::new(&top), dir) {
        return None;
    }
    // In a worktree HEAD lives in the worktree's git directory, the refs in the common one.
    if let Some(git_dir) = git(dir, &["rev-parse", "--absolute-git-dir"]) {
        let git_dir = PathBuf::from(git_dir);
        rerun_if_exists(&git_dir.join("HEAD"));
        let common = git(dir, &["rev-parse", "--git-common-dir"])
            .map(|c| dir.join(c))
            .unwrap_or(git_dir);
        for file in ["refs/heads", "packed-refs"] {
            rerun_if_exists(&common.join(file));
        }
    }
    let hash = git(dir, &["rev-parse", "--short", "HEAD"])?;
    let dirty =
        git(dir, &["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    Some((hash, dirty))
}

fn rerun_if_exists(path: &Path) {
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

/// The trimmed output of a git command that succeeded, run in `dir`.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}
