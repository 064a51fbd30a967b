//! The engine knows nothing of the terminal or the command line: no ratatui, crossterm or clap
//! may reach `gangmu-core`, directly or through another crate. Asked of Cargo itself, so a
//! dependency added anywhere below the engine fails this test.
use std::process::Command;

const FORBIDDEN: [&str; 3] = ["ratatui", "crossterm", "clap"];

#[test]
fn the_engine_depends_on_no_terminal_or_command_line_crate() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let output = Command::new(cargo)
        .args(["tree", "--manifest-path", manifest, "-p", "gangmu-core"])
        .args(["--edges", "normal,build", "--prefix", "none", "--offline"])
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) => panic!("could not run `cargo tree`: {e}"),
    };
    assert!(
        output.status.success(),
        "`cargo tree` failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8_lossy(&output.stdout);
    let crates: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    // The tree is the engine's: it names the engine and what it uses.
    assert!(
        crates.contains(&"gangmu-core"),
        "unexpected `cargo tree` output:\n{tree}"
    );
    assert!(
        crates.contains(&"encoding_rs"),
        "unexpected `cargo tree` output:\n{tree}"
    );
    for name in crates {
        let family = name.split(['-', '_']).next().unwrap_or(name);
        assert!(
            !FORBIDDEN.contains(&family),
            "gangmu-core depends on {name}; the engine must not know the terminal or the \
             command line (see `cargo tree -p gangmu-core -i {name}`)"
        );
    }
}
