//! Fixtures shared by several test files.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

/// The real 2019 government work report (`tests/corpus/real`) with its section `二、` cut out,
/// as an extraction that lost pages might leave it: `一、` is followed by `三、`.
pub fn report_with_a_gap() -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/real/gwr-2019-national.txt"
    ))
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let second = lines.iter().position(|l| l.starts_with("二、")).unwrap();
    let third = lines.iter().position(|l| l.starts_with("三、")).unwrap();
    lines[..second]
        .iter()
        .chain(&lines[third..])
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}
